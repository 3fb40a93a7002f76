//! Check-in on the server: who is scanning (an account with a role, or a forum's scanner device),
//! which list, and the verdict for one scan or manual check-in. Shared by the JSON API and the
//! scanner page's server functions.

use super::decide::{claims_or_refuse, precheck, Precheck, TicketHolder};
use super::lists::{self, SessionSlot};
use super::store::{AdmitOutcome, CheckinRecord, DeviceRecord, HolderRow, NewCheckin};
use super::types::{CheckinList, CheckinResponse, Verdict};
use crate::error::AppError;
use crate::features::accounts::auth::{current_account_in, token_hash};
use crate::features::accounts::policy::{authorize, Action, Grant, Who};
use crate::features::accounts::types::AccountView;
use crate::features::forums::types::ForumId;
use crate::features::registration::types::RegistrationStatus;
use crate::i18n::{format_time, Locale};
use crate::server::internal;
use crate::state::AppState;
use crate::store::records::ForumRecord;
use crate::store::Store;

pub use super::cache::CheckinCache;

/// The cookie a scanner device carries after opening its enrolment link.
pub const DEVICE_COOKIE: &str = "agora_device";

/// Who is checking people in.
#[derive(Debug, Clone)]
pub enum Principal {
    /// A signed-in account: what it may do at which forum is the policy's to say.
    Account(AccountView),
    /// A device token: check-in at its own forum only.
    Device(DeviceRecord),
}

impl Principal {
    pub fn key(&self) -> String {
        match self {
            Principal::Account(a) => format!("account:{}", a.id.0),
            Principal::Device(d) => format!("device:{}", d.id),
        }
    }

    pub fn name(&self) -> String {
        match self {
            Principal::Account(a) => a.display_name.clone(),
            Principal::Device(d) => d.label.clone(),
        }
    }

    /// The principal as the policy knows it.
    pub fn who(&self) -> Who {
        match self {
            Principal::Account(a) => Who::Account(a.clone()),
            Principal::Device(d) => Who::Device(d.forum_id),
        }
    }

    /// Asks the policy for `action` (`Admit` or `ReadCounts` of one forum).
    pub async fn may(&self, store: &dyn Store, action: Action) -> Result<Grant, AppError> {
        authorize(store, &self.who(), action).await
    }

    /// The only forum a device may open.
    pub fn device_forum(&self) -> Option<ForumId> {
        match self {
            Principal::Account(..) => None,
            Principal::Device(d) => Some(d.forum_id),
        }
    }
}

/// The scanner behind a request: a bearer device token, a signed-in account, or a device
/// cookie. 401 when none (participants and anonymous visitors).
pub async fn principal_in(
    state: &AppState,
    headers: &http::HeaderMap,
) -> Result<Principal, AppError> {
    let bearer = headers
        .get(http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if let Some(token) = bearer {
        return device(state, token.trim())
            .await?
            .ok_or(AppError::Unauthenticated);
    }
    if let Some(account) = current_account_in(state, headers).await? {
        return Ok(Principal::Account(account));
    }
    if let Some(token) = crate::server::cookie_in(headers, DEVICE_COOKIE) {
        if let Some(device) = device(state, &token).await? {
            return Ok(device);
        }
    }
    Err(AppError::Unauthenticated)
}

/// Whether the request carries a bearer token of an enrolled, unrevoked device (the Origin
/// check exempts only those: a bearer header that authenticates nothing proves nothing).
pub async fn bearer_authenticates(state: &AppState, headers: &http::HeaderMap) -> bool {
    let bearer = headers
        .get(http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match bearer {
        Some(token) => matches!(device(state, token.trim()).await, Ok(Some(_))),
        None => false,
    }
}

async fn device(state: &AppState, token: &str) -> Result<Option<Principal>, AppError> {
    if token.is_empty() || token.len() > 200 {
        return Ok(None);
    }
    Ok(state
        .store
        .device_by_token(&token_hash(token), crate::clock::now())
        .await?
        .map(Principal::Device))
}

/// The principal of the current server-function request.
pub async fn current_principal() -> Result<(AppState, Principal), AppError> {
    let state = crate::state::app_state()?;
    let parts = crate::server::request_parts().ok_or(AppError::Unauthenticated)?;
    let principal = principal_in(&state, &parts.headers).await?;
    Ok((state, principal))
}

/// The forum at `slug` if the policy allows `action` on it (`Action::Admit` or
/// `Action::ReadCounts`), with the grant; 404 / 403 otherwise.
pub async fn scannable_forum(
    store: &dyn Store,
    principal: &Principal,
    slug: &str,
    action: fn(ForumId) -> Action,
) -> Result<(ForumRecord, Grant), AppError> {
    let forum = store.forum_by_slug(slug).await?.ok_or(AppError::NotFound)?;
    let grant = principal.may(store, action(forum.summary.id)).await?;
    Ok((forum, grant))
}

/// A forum by its id, or 404.
pub async fn forum_by_id(store: &dyn Store, id: i64) -> Result<ForumRecord, AppError> {
    store
        .forum_by_id(ForumId(id))
        .await?
        .ok_or(AppError::NotFound)
}

/// Every list of a forum, from its dates, agenda and group limits.
pub async fn all_lists(
    store: &dyn Store,
    forum: &ForumRecord,
    locale: Locale,
) -> Result<Vec<CheckinList>, AppError> {
    let f = &forum.summary;
    let zone = crate::features::forums::time::parse_zone(&f.time_zone);
    // The scanner's lists name sessions in the steward's language.
    let mut records = store.sessions_of_forum(f.id).await?;
    crate::features::forums::content::localise_sessions(
        store,
        &mut records,
        &f.default_locale,
        locale,
    )
    .await?;
    let sessions: Vec<SessionSlot> = records
        .iter()
        .map(|s| {
            let local = s.starts_at.with_timezone(&zone);
            SessionSlot {
                id: s.id.0,
                title: s.title.clone(),
                day: local.date_naive(),
                starts: local.time(),
                cancelled: s.status == "cancelled",
            }
        })
        .collect();
    let limits = store.list_limits(f.id).await?;
    Ok(lists::lists_of(
        f.id.0,
        f.starts_on,
        f.ends_on,
        &sessions,
        &limits,
        locale,
    ))
}

/// One list of a forum, or 404. The entry and day lists need no agenda read.
pub async fn one_list(
    store: &dyn Store,
    forum: &ForumRecord,
    key: &str,
    locale: Locale,
) -> Result<CheckinList, AppError> {
    if key.starts_with("session-") {
        let all = all_lists(store, forum, locale).await?;
        return lists::find(&all, key).cloned().ok_or(AppError::NotFound);
    }
    let f = &forum.summary;
    let limits = store.list_limits(f.id).await?;
    let fixed = lists::lists_of(f.id.0, f.starts_on, f.ends_on, &[], &limits, locale);
    lists::find(&fixed, key).cloned().ok_or(AppError::NotFound)
}

/// What is being checked in: a scanned code, or a registration picked by hand.
pub enum Target<'a> {
    Code(&'a str),
    Registration(crate::features::registration::types::RegistrationId),
}

/// When a scanner device's link stops working: the end of the day after the forum's last day,
/// in the forum's zone (the door is over; a lost phone opens nothing).
pub fn device_expiry(
    forum: &crate::features::forums::types::ForumSummary,
) -> chrono::DateTime<chrono::Utc> {
    let zone = crate::features::forums::time::parse_zone(&forum.time_zone);
    let after = forum.ends_on + chrono::Duration::days(2);
    crate::features::forums::time::local_to_utc(zone, after, chrono::NaiveTime::MIN)
        .unwrap_or_else(|| after.and_time(chrono::NaiveTime::MIN).and_utc())
}

/// A test's hook between the verdict and the admission (to prove the two are one decision).
pub type AdmitHook = std::sync::Arc<
    dyn Fn(i64) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>> + Send + Sync,
>;

fn admit_hook() -> &'static std::sync::RwLock<Option<AdmitHook>> {
    static HOOK: std::sync::OnceLock<std::sync::RwLock<Option<AdmitHook>>> =
        std::sync::OnceLock::new();
    HOOK.get_or_init(Default::default)
}

/// Sets (or, with `None`, clears) a function that runs after a scan's verdict is decided and
/// before its admission is written, with the registration's id. Only tests set one: it lets them
/// change the registration exactly there.
pub fn set_before_admit_hook(hook: Option<AdmitHook>) {
    if let Ok(mut slot) = admit_hook().write() {
        *slot = hook;
    }
}

async fn before_admit(registration: i64) {
    let hook = admit_hook().read().ok().and_then(|h| h.clone());
    if let Some(hook) = hook {
        hook(registration).await;
    }
}

/// One check-in attempt on `list` of `forum`.
pub async fn check_in(
    state: &AppState,
    principal: &Principal,
    forum: &ForumRecord,
    list: &CheckinList,
    target: Target<'_>,
    nonce: &str,
    locale: Locale,
) -> Result<CheckinResponse, AppError> {
    let store = state.store.as_ref();
    let forum_id = forum.summary.id;
    principal.may(store, Action::Admit(forum_id)).await?;
    let refuse = |verdict: Verdict,
                  key: &str,
                  holder: Option<&HolderRow>,
                  group: Option<String>| CheckinResponse {
        verdict,
        reason: locale.t(key),
        name: holder.map(|h| h.full_name.clone()),
        organisation: holder.map(|h| h.organisation.clone()),
        group,
        first_admitted_at: None,
        first_admitted_local: None,
        admitted_by: None,
        list_name: list.name.clone(),
    };
    let (claims, manual) = match target {
        Target::Code(code) => match claims_or_refuse(
            state
                .checkin
                .verify(&state.secret, state.store.as_ref(), code)
                .await,
        ) {
            Ok(c) => (Some(c), false),
            Err(Precheck::Refuse(v, key)) => return Ok(refuse(v, key, None, None)),
            Err(Precheck::Admit(_)) => unreachable!("claims_or_refuse only refuses"),
        },
        Target::Registration(_) => (None, true),
    };
    let registration = match (&claims, &target) {
        (Some(c), _) => c.registration,
        (None, Target::Registration(id)) => id.0,
        (None, Target::Code(_)) => unreachable!("a code yields claims or a refusal"),
    };
    let row = store.ticket_holder(registration).await?;
    let holder_of = |h: &super::store::HolderRow| TicketHolder {
        registration: h.id,
        forum: h.forum_id,
        group: h.group_id,
        status: RegistrationStatus::try_from(h.status.clone())
            .unwrap_or(RegistrationStatus::Cancelled),
        ticket_version: h.ticket_version,
    };
    let holder = row.as_ref().map(holder_of);
    let claims = claims.unwrap_or(crate::features::tickets::code::TicketClaims {
        forum: holder.as_ref().map_or(0, |h| h.forum),
        registration,
        version: holder.as_ref().map_or(0, |h| h.ticket_version),
    });
    let group = match &row {
        Some(h) if h.forum_id == forum_id.0 => Some(
            state
                .checkin
                .groups(store, forum.series_id, locale)
                .await?
                .into_iter()
                .find(|g| g.id == h.group_id)
                .map(|g| g.name)
                .unwrap_or_default(),
        ),
        _ => None,
    };
    let admit = match precheck(claims, forum_id.0, holder.as_ref(), list) {
        Precheck::Refuse(v, key) => {
            let shown = row.as_ref().filter(|h| h.forum_id == forum_id.0);
            return Ok(refuse(v, key, shown, group));
        }
        Precheck::Admit(id) => id,
    };
    before_admit(admit).await;
    let outcome = store
        .admit(&NewCheckin {
            forum: forum_id,
            list_key: &list.key,
            registration: admit,
            nonce,
            scanner_key: &principal.key(),
            scanner_name: &principal.name(),
            manual,
            at: crate::clock::now(),
            full_name: row.as_ref().map_or("", |h| h.full_name.as_str()),
            ticket_version: claims.version,
        })
        .await
        .map_err(|e| match e {
            crate::db::StoreError::Duplicate(_) => {
                AppError::Conflict(locale.t("checkin.error.retry"))
            }
            other => internal(other),
        })?;
    let (verdict, record) = match outcome {
        AdmitOutcome::Admitted(r) => {
            metrics::counter!("agora_checkins_total", "way" => "online").increment(1);
            (Verdict::Admitted, r)
        }
        AdmitOutcome::Already(r) => (Verdict::AlreadyCheckedIn, r),
        AdmitOutcome::NonceReused => {
            return Err(AppError::Conflict(locale.t("checkin.error.nonce_reused")))
        }
        AdmitOutcome::Undone => return Err(AppError::Conflict(locale.t("checkin.error.retry"))),
        // Cancelled or re-issued after the verdict above: nothing was written; the answer is
        // decided again on what the registration is now.
        AdmitOutcome::TicketChanged => {
            let now = store.ticket_holder(registration).await?;
            let holder = now.as_ref().map(holder_of);
            return match precheck(claims, forum_id.0, holder.as_ref(), list) {
                Precheck::Refuse(v, key) => {
                    let shown = now.as_ref().filter(|h| h.forum_id == forum_id.0);
                    Ok(refuse(v, key, shown, group))
                }
                Precheck::Admit(_) => Err(AppError::Conflict(locale.t("checkin.error.retry"))),
            };
        }
    };
    let zone = crate::features::forums::time::parse_zone(&forum.summary.time_zone);
    let when = format_time(record.created_at.with_timezone(&zone).time());
    let reason = match verdict {
        Verdict::AlreadyCheckedIn => locale.tf(
            "checkin.reason.already",
            &[
                ("time", &when),
                ("list", &list.name),
                ("scanner", &record.scanner_name),
            ],
        ),
        _ => String::new(),
    };
    let holder = row.as_ref();
    Ok(CheckinResponse {
        verdict,
        reason,
        name: holder.map(|h| h.full_name.clone()),
        organisation: holder.map(|h| h.organisation.clone()),
        group,
        first_admitted_at: Some(record.created_at),
        first_admitted_local: Some(when),
        admitted_by: Some(record.scanner_name),
        list_name: list.name.clone(),
    })
}

/// A scan id a client may send: 1 to 100 characters of letters, digits and `-_.:`.
pub fn valid_nonce(nonce: &str) -> bool {
    (1..=100).contains(&nonce.len())
        && nonce
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

/// "Name · list · 10:02", for the scanner's last check-in.
pub fn describe(
    record: &CheckinRecord,
    lists: &[CheckinList],
    zone: chrono_tz::Tz,
) -> (String, String, String) {
    let list = lists::find(lists, &record.list_key)
        .map(|l| l.name.clone())
        .unwrap_or_else(|| record.list_key.clone());
    (
        record.full_name.clone(),
        list,
        format_time(record.created_at.with_timezone(&zone).time()),
    )
}

#[cfg(test)]
mod tests {
    use super::valid_nonce;

    #[test]
    fn nonces_are_short_plain_ids() {
        assert!(valid_nonce("b6f0c2a4-1d2e-4c5b-9a7e-0f1e2d3c4b5a"));
        assert!(!valid_nonce(""));
        assert!(!valid_nonce("a b"));
        assert!(!valid_nonce(&"x".repeat(101)));
    }
}
