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
}

#[cfg(feature = "ssr")]
async fn organiser_forum(
    slug: &str,
) -> Result<(crate::state::AppState, crate::store::ForumRecord), AppError> {
    use crate::features::accounts::{auth::require_role, types::Role};
    use crate::server::{internal, reject};
    require_role(&[Role::Admin, Role::Organiser])
        .await
        .map_err(|e| reject(e, &[]))?;
    let state = crate::state::app_state()?;
    let forum = state
        .store
        .forum_by_slug(slug)
        .await
        .map_err(internal)?
        .ok_or_else(|| reject(AppError::NotFound, &[]))?;
    Ok((state, forum))
}

/// Balance lines for every group of the series.
#[cfg(feature = "ssr")]
pub async fn balance_of(
    store: &dyn crate::store::Store,
    forum: crate::features::forums::types::ForumId,
    groups: &[StakeholderGroup],
) -> Result<Vec<GroupBalance>, AppError> {
    use crate::server::internal;
    let quotas = store.group_quotas(forum).await.map_err(internal)?;
    let counts = store.status_counts(forum).await.map_err(internal)?;
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
    use crate::server::internal;
    let (state, forum) = organiser_forum(&slug).await?;
    let store = state.store.as_ref();
    let locale = crate::locale::request_locale();
    let series = store.series(forum.series_id).await.map_err(internal)?;
    let mut groups = store
        .stakeholder_groups(forum.series_id)
        .await
        .map_err(internal)?;
    let lang = series.map(|s| s.default_locale).unwrap_or_default();
    crate::features::forums::content::localise_groups(store, &mut groups, &lang, locale).await?;
    let id = forum.summary.id;
    let balance = balance_of(store, id, &groups).await?;
    let page = page.clamp(1, 10_000);
    let (rows, total) = store
        .list_registrations(id, &filter, PAGE_SIZE, (page - 1) * PAGE_SIZE)
        .await
        .map_err(internal)?;
    let settings = store.registration_settings(id).await.map_err(internal)?;
    let zone = crate::features::forums::time::parse_zone(&forum.summary.time_zone);
    let local = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map(|t| t.with_timezone(&zone).format("%Y-%m-%dT%H:%M").to_string())
            .unwrap_or_default()
    };
    let waiting_list = settings.waiting_list;
    let release_at = local(settings.reservations_release_at);
    let opens_at = local(settings.registration_opens_at);
    let closes_at = local(settings.registration_closes_at);
    let mut one = [forum.summary];
    crate::features::forums::content::localise_forums(store, &mut one, locale).await?;
    let [forum] = one;
    Ok(RegistrationsAdmin {
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
    })
}

/// Sets one group's reserved seats and cap (empty cap: none).
#[server(endpoint = "registrations/quota")]
pub async fn save_group_quota(
    slug: String,
    group_id: i64,
    reserved: String,
    cap: String,
) -> Result<(), AppError> {
    use crate::error::FieldError;
    use crate::features::forums::types::StakeholderGroupId;
    use crate::server::{internal, reject};
    use crate::store::StoreError;
    let keep = [("form", format!("quota-{group_id}"))];
    let keep: Vec<(&str, &str)> = keep.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (state, forum) = organiser_forum(&slug).await?;
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
    let groups = state
        .store
        .stakeholder_groups(forum.series_id)
        .await
        .map_err(internal)?;
    if !groups.iter().any(|g| g.id.0 == group_id) {
        return Err(reject(AppError::NotFound, &keep));
    }
    match state
        .store
        .set_group_quota(
            forum.summary.id,
            StakeholderGroupId(group_id),
            reserved,
            cap,
        )
        .await
    {
        Ok(()) => Ok(()),
        Err(StoreError::Conflict(_)) => Err(reject(
            AppError::Invalid(vec![FieldError::new(
                "reserved",
                "error.reserved_over_capacity",
            )]),
            &keep,
        )),
        Err(e) => Err(internal(e)),
    }
}

/// Waiting list on or off, when unfilled reservations are released to everyone, and when
/// registration opens and closes (times in the forum's zone; empty: no limit).
#[server(endpoint = "registrations/settings")]
pub async fn save_registration_settings(
    slug: String,
    waiting_list: Option<String>,
    release_at: String,
    opens_at: String,
    closes_at: String,
) -> Result<(), AppError> {
    use super::store::RegistrationSettings;
    use crate::error::FieldError;
    use crate::server::{internal, reject};
    let (state, forum) = organiser_forum(&slug).await?;
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
    let settings = RegistrationSettings {
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
    if !errors.is_empty() {
        return Err(reject(AppError::Invalid(errors), &[("form", "settings")]));
    }
    state
        .store
        .save_registration_settings(forum.summary.id, &settings)
        .await
        .map_err(internal)
}

/// Cancels a registration for the participant; the next person waiting is promoted and emailed.
#[server(endpoint = "registrations/cancel")]
pub async fn cancel_registration_admin(slug: String, registration_id: i64) -> Result<(), AppError> {
    use super::mail::{compose, Message};
    use super::types::{RegistrationId, RegistrationStatus};
    use crate::server::{internal, reject};
    let (state, forum) = organiser_forum(&slug).await?;
    let store = state.store.as_ref();
    let record = store
        .registration(RegistrationId(registration_id))
        .await
        .map_err(internal)?
        .filter(|r| r.forum_id == forum.summary.id)
        .ok_or_else(|| reject(AppError::NotFound, &[]))?;
    let texts = crate::features::forums::content::Texts::load(store, "forum").await?;
    let (base, secret, summary) = (
        state.settings.base_url.clone(),
        state.secret.clone(),
        forum.summary.clone(),
    );
    let write = |r: &super::store::RegistrationRecord| {
        let message = if r.status == RegistrationStatus::Cancelled {
            Message::Cancelled
        } else {
            Message::Promoted
        };
        let lang = crate::i18n::Locale::from_code(&r.locale).unwrap_or_default();
        let title = texts
            .get(
                summary.id.0,
                "title",
                &summary.title,
                &summary.default_locale,
                lang,
            )
            .text;
        Some(compose(message, r, &title, &base, &secret))
    };
    store
        .cancel_registration(record.id, &write)
        .await
        .map_err(internal)?;
    Ok(())
}
