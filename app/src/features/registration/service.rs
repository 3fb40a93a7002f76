//! Registration's services on the server: the lookups and rules its server functions, the
//! participant's page and other features (calendar, check-in) share.

pub use crate::features::forums::content::{public_forum, stakeholder_groups as groups};

use crate::error::AppError;
use crate::features::forums::types::ForumSummary;
use crate::features::registration::questions::{Question, QuestionDef};
use crate::features::registration::store::RegistrationRecord;
use crate::features::registration::types::PARTICIPANT_COOKIE;
use crate::i18n::Locale;
use crate::server::internal;
use crate::store::records::ForumRecord;
use crate::store::Store;

pub use super::mailer::{title_in, Mailer};

/// Whether an address may get one more of the emails anyone can cause by typing it ("lost
/// my link", "you are already registered", "the forum is full"): `LOST_LINK_MAX` per window,
/// counted in the database so every server shares the count.
/// The key is an HMAC of the address under the server's key: a dump of the limits table names
/// nobody (a bare hash of an address could be checked against a list of addresses).
pub async fn may_mail_again(state: &crate::state::AppState, email: &str) -> Result<bool, AppError> {
    let key = format!(
        "lost-link:{}",
        state
            .secret
            .root()
            .derive("lost-link", &email.to_lowercase())
    );
    state
        .store
        .rate_allow(
            &key,
            super::types::LOST_LINK_WINDOW_SECS,
            super::types::LOST_LINK_MAX,
        )
        .await
        .map_err(internal)
}

/// Whether the forum's last day is still ahead (in its own zone).
pub fn still_open(forum: &ForumSummary) -> bool {
    let zone = crate::features::forums::time::parse_zone(&forum.time_zone);
    crate::clock::now().with_timezone(&zone).date_naive() <= forum.ends_on
}

/// The forum's questions with every translation.
pub async fn question_defs(
    store: &dyn Store,
    forum: crate::features::forums::types::ForumId,
) -> Result<Vec<QuestionDef>, AppError> {
    Ok(store
        .questions(forum)
        .await?
        .iter()
        .filter_map(QuestionDef::from_record)
        .collect())
}

/// The forum's questions in one language.
pub async fn questions(
    store: &dyn Store,
    forum: crate::features::forums::types::ForumId,
    locale: Locale,
) -> Result<Vec<Question>, AppError> {
    Ok(question_defs(store, forum)
        .await?
        .iter()
        .map(|q| q.localised(locale))
        .collect())
}

/// A signed note of when a form was served: `<unix seconds>.<16 hex of a MAC>`, and after a key
/// rotation `.<key id>`, so a script cannot claim to have been on the page longer than it was.
pub fn form_stamp(secret: &crate::secrets::Keyring, at: chrono::DateTime<chrono::Utc>) -> String {
    let t = at.timestamp();
    let key = secret.signing();
    let mac = &key.key.derive("form-issued", &t.to_string())[..16];
    match key.id {
        0 => format!("{t}.{mac}"),
        id => format!("{t}.{mac}.{id}"),
    }
}

/// Whether a submitted form looks like a person's: the hidden field empty, and a stamp signed
/// by a key that still verifies, at least `min_secs` and at most a day ago.
pub fn looks_human(
    secret: &crate::secrets::Keyring,
    form: &crate::features::registration::form::RegistrationForm,
    min_secs: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> bool {
    use subtle::ConstantTimeEq;
    if !form.website.trim().is_empty() {
        return false;
    }
    if min_secs == 0 {
        return true;
    }
    let mut parts = form.issued.splitn(3, '.');
    let (Some(t), Some(mac)) = (parts.next(), parts.next()) else {
        return false;
    };
    let (Ok(served), Ok(id)) = (t.parse::<i64>(), parts.next().unwrap_or("0").parse::<u32>())
    else {
        return false;
    };
    let Some(key) = secret.key(id) else {
        return false;
    };
    let expected = key.derive("form-issued", t);
    let genuine: bool = expected.as_bytes()[..16].ct_eq(mac.as_bytes()).into();
    let age = now.timestamp() - served;
    genuine && (min_secs..=24 * 3600).contains(&age)
}

/// Counts one registration (or "lost my link") from the current client against its hourly
/// allowance, overall and for `forum`; the refusal carries the seconds to wait.
pub async fn client_allowance(
    state: &crate::state::AppState,
    action: &str,
    forum: Option<crate::features::forums::types::ForumId>,
) -> Result<(), AppError> {
    let limits = &state.settings.limits;
    let client = crate::request::current_limit_key(&limits.trusted_proxies);
    let per_hour = limits.registrations_per_hour;
    let mut keys = vec![(format!("{action}:{client}"), per_hour, 3600)];
    if let Some(forum) = forum {
        keys.push((
            format!("{action}:{}:{client}", forum.0),
            (per_hour / 2).max(1),
            3600,
        ));
        // The forum's own ceiling, whoever sends: checked last, so a client already refused
        // above uses none of it.
        keys.push((
            format!("{action}:{}:all", forum.0),
            limits.forum_registrations_per_minute,
            60,
        ));
    }
    for (key, max, window) in keys {
        if let Some(secs) = state.store.rate_check(&key, window, max).await? {
            crate::features::accounts::auth::set_retry_after(secs);
            return Err(AppError::RateLimited {
                retry_after_secs: secs,
            });
        }
    }
    Ok(())
}

/// The ids of the stakeholder groups a form may choose from (the forum's series').
pub async fn group_ids(
    store: &dyn Store,
    series: crate::features::forums::types::SeriesId,
) -> Result<Vec<crate::features::forums::types::StakeholderGroupId>, AppError> {
    Ok(store
        .stakeholder_groups(series)
        .await?
        .into_iter()
        .map(|g| g.id)
        .collect())
}

/// One registration to write, parsed already, and how it came.
pub struct Registration<'a> {
    pub form: &'a crate::features::registration::form::NewRegistration,
    pub answers: &'a [(i64, String)],
    /// Optional consents given on the form.
    pub consents: &'a [crate::features::registration::types::ConsentKind],
    pub locale: Locale,
    /// The privacy notice the person agreed to (or how an organiser added them).
    pub privacy_version: &'a str,
    /// Wait for the organiser's approval instead of taking a seat at once.
    pub pending: bool,
    /// The personal invitation it uses up.
    pub invitation: Option<i64>,
    /// Confirm address first: minutes the registration holds its place unconfirmed.
    pub confirm_within_minutes: Option<i64>,
}

/// The one way a registration is made (the public form and an organiser's "add by hand"):
/// draws the manage link's salt, places the person by the seat rules and queues their email in
/// the same transaction. Returns what happened and the forum's mailer, for the emails the
/// caller sends about the outcome.
pub async fn register(
    state: &crate::state::AppState,
    forum: &ForumRecord,
    registration: Registration<'_>,
) -> Result<(crate::features::registration::records::Registered, Mailer), AppError> {
    use crate::features::registration::mail::manage_token;
    let salt = state.secret.new_salt();
    let insert = crate::features::registration::records::RegistrationInsert {
        forum: forum.summary.id,
        form: registration.form,
        locale: registration.locale.code(),
        privacy_version: registration.privacy_version,
        manage_token_hash: crate::secrets::token_hash(&manage_token(&state.secret, &salt)),
        manage_salt: salt,
        pending: registration.pending,
        invitation: registration.invitation,
        answers: registration.answers,
        consents: registration.consents,
        hold_until: registration
            .confirm_within_minutes
            .map(|m| crate::clock::now() + chrono::Duration::minutes(m.clamp(1, 24 * 60))),
    };
    let mailer = Mailer::for_record(state, forum).await?;
    let placed = state
        .store
        .register(&insert, &|r, m| mailer.write(r, m))
        .await?;
    if let crate::features::registration::records::Registered::New(_, status) = &placed {
        metrics::counter!("agora_registrations_total", "status" => status.as_str()).increment(1);
    }
    Ok((placed, mailer))
}

/// The registration behind a manage link and its forum's mailer: where the participant's own
/// server functions start. A wrong or replaced link is refused like a wrong address.
pub async fn participant(
    state: &crate::state::AppState,
    token: &str,
) -> Result<(RegistrationRecord, Mailer), AppError> {
    let store = state.store.as_ref();
    let record = by_token(store, token)
        .await
        .map_err(|e| crate::server::reject(e, &[]))?;
    let forum = store
        .forum_by_id(record.forum_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mailer = Mailer::for_record(state, &forum).await?;
    Ok((record, mailer))
}

/// One of the forum's registrations, or 404.
pub async fn forum_registration(
    store: &dyn Store,
    forum: &ForumRecord,
    id: super::types::RegistrationId,
) -> Result<RegistrationRecord, AppError> {
    store
        .registration(id)
        .await?
        .filter(|r| r.forum_id == forum.summary.id)
        .ok_or_else(|| crate::server::reject(AppError::NotFound, &[]))
}

/// A registration's forum (localised) and the name of its stakeholder group, in `locale`.
pub async fn forum_and_group(
    store: &dyn Store,
    record: &RegistrationRecord,
    locale: Locale,
) -> Result<(ForumSummary, String), AppError> {
    let mut forums = store.list_forums(false).await?;
    crate::features::forums::content::localise_forums(store, &mut forums, locale).await?;
    let forum = forums
        .into_iter()
        .find(|f| f.id == record.forum_id)
        .ok_or(AppError::NotFound)?;
    let series = store
        .forum_by_slug(&forum.slug)
        .await?
        .ok_or(AppError::NotFound)?
        .series_id;
    let group = groups(store, series, locale)
        .await?
        .into_iter()
        .find(|g| g.id == record.group_id)
        .map(|g| g.name)
        .unwrap_or_default();
    Ok((forum, group))
}

/// The registration behind a manage link, or 404.
pub async fn by_token(store: &dyn Store, token: &str) -> Result<RegistrationRecord, AppError> {
    use crate::features::accounts::auth::token_hash;
    if token.len() > 100 {
        return Err(AppError::NotFound);
    }
    store
        .registration_by_token(&token_hash(token))
        .await?
        .ok_or(AppError::NotFound)
}

/// The invitation behind a code for this forum: `Ok(None)` for no code, an error key when the
/// code is unknown, for another forum, or used.
pub async fn invitation(
    state: &crate::state::AppState,
    forum: crate::features::forums::types::ForumId,
    typed: &str,
) -> Result<Option<crate::features::registration::store::InvitationRecord>, &'static str> {
    use crate::features::accounts::auth::token_hash;
    use crate::features::registration::mail::normalise_code;
    if typed.trim().is_empty() {
        return Ok(None);
    }
    let code = normalise_code(typed).ok_or("error.invitation_invalid")?;
    let found = state
        .store
        .invitation_by_code(&token_hash(&code))
        .await
        .map_err(|_| "error.internal")?
        .filter(|i| i.forum_id == forum && i.state != "proposed")
        .ok_or("error.invitation_invalid")?;
    let settings = state
        .store
        .invitation_settings(forum)
        .await
        .map_err(|_| "error.internal")?;
    use crate::features::registration::invitation_states::{state_of, InvitationState};
    let now = crate::clock::now();
    match state_of(
        &found.state,
        found.registration_id.is_some(),
        settings.answer_by,
        now,
    ) {
        InvitationState::Invited => Ok(Some(found)),
        InvitationState::Registered => Err("error.invitation_used"),
        InvitationState::Expired => Err("error.invitation_expired"),
        InvitationState::Declined => Err("error.invitation_declined"),
        InvitationState::Proposed => Err("error.invitation_invalid"),
    }
}

/// The device cookie's id is random, kept hashed and never the manage link itself; a device is
/// remembered until 30 days after its forum (at least a day).
const DEVICE_DAYS_AFTER_FORUM: i64 = 30;

/// Remembers the participant on this device when their page is opened (once: a device that
/// remembers them already keeps its id).
pub async fn remember_participant(
    state: &crate::state::AppState,
    record: &RegistrationRecord,
    forum_ends_on: chrono::NaiveDate,
) -> Result<(), AppError> {
    let store = state.store.as_ref();
    if remembered(store).await?.is_some_and(|r| r.id == record.id) {
        return Ok(());
    }
    let now = crate::clock::now();
    let until = (forum_ends_on + chrono::Duration::days(DEVICE_DAYS_AFTER_FORUM))
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc())
        .unwrap_or(now)
        .max(now + chrono::Duration::days(1));
    let token = crate::secrets::new_secret_token();
    store
        .remember_device(record.id, &crate::secrets::token_hash(&token), now, until)
        .await?;
    set_participant_cookie(&token, (until - now).num_seconds());
    Ok(())
}

/// The registration of the participant this device remembers, if any.
pub async fn remembered(store: &dyn Store) -> Result<Option<RegistrationRecord>, AppError> {
    let Some(token) = crate::request::cookie_value(PARTICIPANT_COOKIE) else {
        return Ok(None);
    };
    if token.len() > 100 {
        return Ok(None);
    }
    Ok(store
        .registration_by_device(&crate::secrets::token_hash(&token), crate::clock::now())
        .await?)
}

/// "Forget this device": its id is deleted and its cookie cleared; the link still works.
pub async fn forget_this_device(store: &dyn Store) -> Result<(), AppError> {
    if let Some(token) = crate::request::cookie_value(PARTICIPANT_COOKIE) {
        store
            .forget_device(&crate::secrets::token_hash(&token))
            .await?;
    }
    set_participant_cookie("", 0);
    Ok(())
}

fn set_participant_cookie(value: &str, max_age_secs: i64) {
    // Over https the server layer sends it as `__Host-agora_participant` with `Secure`.
    let cookie = format!(
        "{PARTICIPANT_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}"
    );
    if let Ok(value) = http::HeaderValue::from_str(&cookie) {
        crate::server::response_options().append_header(http::header::SET_COOKIE, value);
    }
}

/// Clears expired "confirm address first" holds and sends their seats on (see
/// `ParticipantStore::expire_holds`); the server runs it every minute.
pub async fn expire_holds(
    state: &crate::state::AppState,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<crate::features::registration::types::RegistrationId>, AppError> {
    let store = state.store.as_ref();
    let mut removed = Vec::new();
    for forum in store.forums_with_expired_holds(now).await? {
        let Some(record) = store.forum_by_id(forum).await? else {
            continue;
        };
        let mailer = Mailer::for_record(state, &record).await?;
        removed.extend(
            store
                .expire_holds(forum, now, &|r, m| mailer.write(r, m))
                .await?,
        );
    }
    Ok(removed)
}
