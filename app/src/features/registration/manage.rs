//! The organiser's registrations screen: balance per group, quotas, waiting-list settings, the
//! filtered list, and cancelling on someone's behalf (which promotes the next person waiting).

use super::types::{GroupBalance, RegistrationFilter, RegistrationRow};
use crate::error::AppError;
use crate::features::forums::types::{ForumSummary, StakeholderGroup};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegistrationsAdmin {
    pub forum: ForumSummary,
    pub groups: Vec<StakeholderGroup>,
    pub balance: Vec<GroupBalance>,
    pub rows: Vec<RegistrationRow>,
    pub total: i64,
    pub page: i64,
    pub waiting_list: bool,
    /// `YYYY-MM-DDTHH:MM` in the forum's zone, or empty (also the two below).
    pub release_at: String,
    pub opens_at: String,
    pub closes_at: String,
    pub mode: super::types::RegistrationMode,
    /// Confirm address first: the minutes a new registration holds its place (`None`: off).
    pub confirm_within_minutes: Option<i64>,
}

/// Balance lines for every group of the series.
#[cfg(feature = "ssr")]
pub async fn balance_of(
    store: &dyn crate::store::Store,
    forum: crate::features::forums::types::ForumId,
    groups: &[StakeholderGroup],
) -> Result<Vec<GroupBalance>, AppError> {
    let quotas = store.group_quotas(forum).await?;
    let counts = store.status_counts(forum).await?;
    let count = |g: i64, status: &str| {
        counts
            .iter()
            .filter(|(cg, s, _)| *cg == g && s == status)
            .map(|(_, _, n)| *n)
            .sum::<i64>()
    };
    Ok(groups
        .iter()
        .map(|g| {
            let quota = quotas.iter().find(|(qg, _, _)| *qg == g.id.0);
            GroupBalance {
                group_id: g.id,
                name: g.name.clone(),
                reserved: quota.map_or(0, |q| q.1),
                cap: quota.and_then(|q| q.2),
                confirmed: count(g.id.0, "confirmed"),
                pending: count(g.id.0, "pending"),
                waiting: count(g.id.0, "waiting"),
            }
        })
        .collect())
}

#[server(endpoint = "organiser/registrations")]
pub async fn load_registrations_admin(
    slug: String,
    filter: RegistrationFilter,
    page: i64,
) -> Result<RegistrationsAdmin, AppError> {
    use super::types::PAGE_SIZE;

    let (state, forum, scope) =
        crate::features::accounts::guard::organiser_forum_read(&slug, &[]).await?;
    // A country coordinator sees their country's registrations only.
    let mut filter = filter;
    if let Some(country) = &scope.country {
        filter.country = country.clone();
    }
    let store = state.store.as_ref();
    let locale = crate::locale::request_locale();
    let series = store.series(forum.series_id).await?;
    let mut groups = store.stakeholder_groups(forum.series_id).await?;
    let lang = series.map(|s| s.default_locale).unwrap_or_default();
    crate::features::forums::content::localise_groups(store, &mut groups, &lang, locale).await?;
    let id = forum.summary.id;
    let balance = balance_of(store, id, &groups).await?;
    let page = page.clamp(1, 10_000);
    let (rows, total) = store
        .list_registrations(id, &filter, PAGE_SIZE, (page - 1) * PAGE_SIZE)
        .await?;
    let settings = store.registration_settings(id).await?;
    let zone = crate::features::forums::time::parse_zone(&forum.summary.time_zone);
    let local = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map(|t| t.with_timezone(&zone).format("%Y-%m-%dT%H:%M").to_string())
            .unwrap_or_default()
    };
    let waiting_list = settings.waiting_list;
    let release_at = local(settings.reservations_release_at);
    let opens_at = local(settings.registration_opens_at);
    let closes_at = local(settings.registration_closes_at);
    let mode = store.registration_mode(id).await?;
    let mut one = [forum.summary];
    crate::features::forums::content::localise_forums(store, &mut one, locale).await?;
    let [forum] = one;
    Ok(RegistrationsAdmin {
        mode,
        forum,
        groups,
        balance,
        rows,
        total,
        page,
        waiting_list,
        release_at,
        opens_at,
        closes_at,
        confirm_within_minutes: settings.confirm_within_minutes,
    })
}

/// Sets one group's reserved seats and cap (empty cap: none).
#[server(endpoint = "registrations/quota")]
pub async fn save_group_quota(
    slug: String,
    group_id: crate::ids::StakeholderGroupId,
    reserved: String,
    cap: String,
) -> Result<(), AppError> {
    use super::records::QuotaSaved;
    use crate::error::FieldError;

    use crate::server::reject;
    let keep = [("form", format!("quota-{group_id}"))];
    let keep: Vec<(&str, &str)> = keep.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (state, forum) = crate::features::accounts::guard::organiser_forum(&slug, &[]).await?;
    let number = |v: &str, field: &str| -> Result<Option<i64>, AppError> {
        match v.trim() {
            "" => Ok(None),
            n => n
                .parse::<i64>()
                .ok()
                .filter(|n| (0..=100_000).contains(n))
                .map(Some)
                .ok_or_else(|| {
                    reject(
                        AppError::Invalid(vec![FieldError::new(field, "error.capacity_invalid")]),
                        &keep,
                    )
                }),
        }
    };
    let reserved = number(&reserved, "reserved")?.unwrap_or(0);
    let cap = number(&cap, "cap")?;
    let groups = state.store.stakeholder_groups(forum.series_id).await?;
    if !groups.iter().any(|g| g.id == group_id) {
        return Err(reject(AppError::NotFound, &keep));
    }
    match state
        .store
        .set_group_quota(forum.summary.id, group_id, reserved, cap)
        .await
    {
        Ok(QuotaSaved::Saved) => Ok(()),
        Ok(QuotaSaved::OverCapacity) => Err(reject(
            AppError::Invalid(vec![FieldError::new(
                "reserved",
                "error.reserved_over_capacity",
            )]),
            &keep,
        )),
        Err(e) => Err(e.into()),
    }
}

/// Waiting list on or off, when unfilled reservations are released to everyone, and when
/// registration opens and closes (times in the forum's zone; empty: no limit).
#[server(endpoint = "registrations/settings")]
pub async fn save_registration_settings(
    slug: String,
    mode: String,
    waiting_list: Option<String>,
    release_at: String,
    opens_at: String,
    closes_at: String,
    #[server(default)] confirm_minutes: String,
) -> Result<(), AppError> {
    use super::store::RegistrationSettings;
    use crate::error::FieldError;
    use crate::server::{internal, reject};
    let (state, forum) = crate::features::accounts::guard::organiser_forum(&slug, &[]).await?;
    let zone = crate::features::forums::time::parse_zone(&forum.summary.time_zone);
    let mut errors = Vec::new();
    let mut instant = |field: &str, value: &str| match value.trim() {
        "" => None,
        v => {
            let local = chrono::NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M").ok();
            let at = local.and_then(|l| {
                crate::features::forums::time::local_to_utc(zone, l.date(), l.time())
            });
            if at.is_none() {
                errors.push(FieldError::new(field, "error.date_invalid"));
            }
            at
        }
    };
    // Confirm address first: the minutes a new registration holds its place; empty: off.
    let minutes = match confirm_minutes.trim() {
        "" => Ok(None),
        typed => typed
            .parse::<i64>()
            .ok()
            .filter(|m| super::types::CONFIRM_WITHIN_RANGE.contains(m))
            .map(Some)
            .ok_or(()),
    };
    let mut settings_errors = Vec::new();
    if minutes.is_err() {
        settings_errors.push(FieldError::new("confirm_minutes", "error.confirm_minutes"));
    }
    let settings = RegistrationSettings {
        confirm_within_minutes: minutes.unwrap_or(None),
        waiting_list: waiting_list.is_some(),
        reservations_release_at: instant("release_at", &release_at),
        registration_opens_at: instant("opens_at", &opens_at),
        registration_closes_at: instant("closes_at", &closes_at),
    };
    if let (Some(o), Some(c)) = (
        settings.registration_opens_at,
        settings.registration_closes_at,
    ) {
        if c <= o {
            errors.push(FieldError::new("closes_at", "error.end_before_start"));
        }
    }
    errors.extend(settings_errors);
    let mode = super::types::RegistrationMode::parse(mode.trim());
    if mode.is_none() {
        errors.push(FieldError::new("mode", "error.invalid"));
    }
    let (false, Some(mode)) = (!errors.is_empty(), mode) else {
        return Err(reject(AppError::Invalid(errors), &[("form", "settings")]));
    };
    state
        .store
        .save_registration_settings(forum.summary.id, &settings)
        .await?;
    state
        .store
        .set_registration_mode(forum.summary.id, mode)
        .await
        .map_err(internal)
}

#[cfg(feature = "ssr")]
use super::service::forum_registration;

/// Applies one change and says what it did, as an error the organiser reads when refused.
#[cfg(feature = "ssr")]
async fn apply(
    state: &crate::state::AppState,
    forum: &crate::store::records::ForumRecord,
    id: super::types::RegistrationId,
    change: super::seats::Change,
) -> Result<super::store::Changed, AppError> {
    use super::api::support::Mailer;
    use crate::server::internal;
    let mailer = Mailer::new(state, &forum.summary).await?;
    state
        .store
        .change_registration(id, change, &|r, m| mailer.write(r, m))
        .await
        .map_err(internal)
}

#[cfg(feature = "ssr")]
fn refusal_error(refusal: super::seats::Refusal) -> AppError {
    AppError::Conflict(
        match refusal {
            super::seats::Refusal::NoSeat => "error.no_seat",
            super::seats::Refusal::NotAllowed => "error.change_not_allowed",
        }
        .into(),
    )
}

/// Approves, rejects, cancels or moves (into `group_id`) one registration by the seat rules;
/// whoever a freed seat now allows is promoted from the waiting list and emailed.
#[server(endpoint = "registrations/change")]
pub async fn change_registration(
    slug: String,
    registration_id: crate::features::registration::types::RegistrationId,
    change: String,
    #[server(default)] group_id: String,
) -> Result<(), AppError> {
    use super::seats::Change;
    use super::store::Changed;
    use crate::server::reject;
    let (state, forum) = crate::features::accounts::guard::organiser_forum(&slug, &[]).await?;
    let record = forum_registration(state.store.as_ref(), &forum, registration_id).await?;
    let change = match change.as_str() {
        "approve" => Change::Approve,
        "reject" => Change::Reject,
        "cancel" => Change::Cancel,
        "move" => {
            let groups = state.store.stakeholder_groups(forum.series_id).await?;
            match group_id.trim().parse::<i64>() {
                Ok(g) if groups.iter().any(|x| x.id.0 == g) => Change::Move(g),
                _ => {
                    return Err(reject(
                        AppError::Invalid(vec![crate::error::FieldError::new(
                            "group_id",
                            "error.invalid",
                        )]),
                        &[],
                    ))
                }
            }
        }
        _ => {
            return Err(reject(
                AppError::Invalid(vec![crate::error::FieldError::new(
                    "change",
                    "error.invalid",
                )]),
                &[],
            ))
        }
    };
    match apply(&state, &forum, record.id, change).await? {
        Changed::Refused(refusal) => Err(reject(refusal_error(refusal), &[])),
        Changed::Done(..) | Changed::Unchanged => Ok(()),
    }
}

/// Cancels a registration for the participant; the next person waiting is promoted and emailed.
#[server(endpoint = "registrations/cancel")]
pub async fn cancel_registration_admin(
    slug: String,
    registration_id: crate::features::registration::types::RegistrationId,
) -> Result<(), AppError> {
    change_registration(slug, registration_id, "cancel".into(), String::new()).await
}

/// What a bulk approval did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BulkApproved {
    pub confirmed: usize,
    pub waiting: usize,
    /// Left pending: no seat and no waiting list, or no longer pending.
    pub left: usize,
}

/// Approves the chosen pending registrations (`picked[r<ID>]` boxes), oldest first, each by the
/// seat rules.
#[server(endpoint = "registrations/approve-many")]
pub async fn approve_many(
    slug: String,
    #[server(default)] picked: std::collections::BTreeMap<String, String>,
) -> Result<BulkApproved, AppError> {
    use super::seats::Change;
    use super::store::Changed;
    use super::types::RegistrationStatus;
    use crate::server::reject;
    let (state, forum) = crate::features::accounts::guard::organiser_forum(&slug, &[]).await?;
    let mut ids: Vec<i64> = picked
        .keys()
        .filter_map(|k| k.strip_prefix('r')?.parse().ok())
        .collect();
    if ids.is_empty() || ids.len() > 1_000 {
        return Err(reject(
            AppError::Conflict("error.choose_registrations".into()),
            &[],
        ));
    }
    ids.sort_unstable();
    ids.dedup();
    let mut done = BulkApproved::default();
    for id in ids {
        let Ok(record) = forum_registration(
            state.store.as_ref(),
            &forum,
            super::types::RegistrationId(id),
        )
        .await
        else {
            done.left += 1;
            continue;
        };
        match apply(&state, &forum, record.id, Change::Approve).await? {
            Changed::Done(RegistrationStatus::Confirmed, _) => done.confirmed += 1,
            Changed::Done(RegistrationStatus::Waiting, _) => done.waiting += 1,
            _ => done.left += 1,
        }
    }
    Ok(done)
}

/// Adds a registration by hand (walk-ins, invitees): it takes a seat by the rules, or the
/// waiting list, whatever the forum's mode and registration times; the participant is emailed
/// their manage link.
#[server(endpoint = "registrations/add")]
pub async fn add_registration(
    slug: String,
    form: super::form::RegistrationForm,
) -> Result<(), AppError> {
    use super::service as support;
    use super::store::Registered;
    use crate::error::FieldError;
    use crate::server::reject;
    let keep_owned: Vec<(String, String)> = [
        ("form", "add"),
        ("form[full_name]", form.full_name.as_str()),
        ("form[email]", form.email.as_str()),
        ("form[organisation]", form.organisation.as_str()),
        ("form[country]", form.country.as_str()),
        ("form[group_id]", form.group_id.as_str()),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.chars().take(300).collect()))
    .collect();
    let keep: Vec<(&str, &str)> = keep_owned
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let (state, forum) = crate::features::accounts::guard::organiser_forum(&slug, &[]).await?;
    let groups = support::group_ids(state.store.as_ref(), forum.series_id).await?;
    // The organiser adds on the person's behalf; the privacy notice goes with the email.
    let form = super::form::RegistrationForm {
        privacy: Some("organiser".into()),
        ..form
    };
    let new = form
        .parse(&groups)
        .map_err(|e| reject(AppError::Invalid(e), &keep))?;
    let registration = support::Registration {
        form: &new,
        answers: &[],
        consents: &[],
        locale: crate::locale::request_locale(),
        privacy_version: "added-by-organiser",
        pending: false,
        invitation: None,
        confirm_within_minutes: None,
    };
    match support::register(&state, &forum, registration).await?.0 {
        Registered::New(..) => Ok(()),
        Registered::Existing(_) => Err(reject(
            AppError::Invalid(vec![FieldError::new("email", "error.already_registered")]),
            &keep,
        )),
        Registered::Full | Registered::InvitationUsed => {
            Err(reject(AppError::Conflict("error.no_seat".into()), &keep))
        }
        Registered::Raced => Err(reject(AppError::Conflict("error.retry".into()), &keep)),
    }
}

/// One registration for the organiser's edit page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegistrationAdminView {
    pub id: i64,
    pub group_id: i64,
    pub groups: Vec<StakeholderGroup>,
    pub registration: super::types::RegistrationView,
}

#[server(endpoint = "organiser/registration")]
pub async fn load_registration_admin(
    slug: String,
    registration_id: crate::features::registration::types::RegistrationId,
) -> Result<RegistrationAdminView, AppError> {
    use super::api::support;
    use crate::features::accounts::guard;
    let (state, forum, scope) = guard::organiser_forum_read(&slug, &[]).await?;
    let store = state.store.as_ref();
    let record = forum_registration(store, &forum, registration_id).await?;
    if scope.country.as_ref().is_some_and(|c| *c != record.country) {
        return Err(crate::server::reject(AppError::NotFound, &[]));
    }
    guard::log_registration_view(&state, &scope, forum.summary.id, record.id.0).await?;
    let locale = crate::locale::request_locale();
    let groups = support::groups(store, forum.series_id, locale).await?;
    let (id, group_id) = (record.id.0, record.group_id.0);
    let registration = super::api::view_of(store, record, locale).await?;
    Ok(RegistrationAdminView {
        id,
        group_id,
        groups,
        registration,
    })
}

/// The organiser edits a participant's details (as the participant could).
#[server(endpoint = "registrations/edit")]
pub async fn edit_registration(
    slug: String,
    registration_id: crate::features::registration::types::RegistrationId,
    form: super::form::RegistrationForm,
) -> Result<(), AppError> {
    let (state, forum) = crate::features::accounts::guard::organiser_forum(&slug, &[]).await?;
    let record = forum_registration(state.store.as_ref(), &forum, registration_id).await?;
    super::api::save_details(&state, &record, form).await
}
