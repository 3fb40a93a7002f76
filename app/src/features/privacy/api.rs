//! The privacy server functions: the participant's own data and erasure, the forum's retention
//! and team, the series' privacy notice, and the access log.

use super::types::{ForumPrivacy, MyData};
use crate::error::AppError;
use crate::features::accounts::access_log::AccessRecord;
use crate::features::forums::notices::Notice;
use leptos::prelude::*;

/// Everything Agora holds about the registration behind the manage link.
#[server(endpoint = "privacy/my-data")]
pub async fn load_my_data(token: String) -> Result<MyData, AppError> {
    let state = crate::state::app_state()?;
    let locale = crate::locale::request_locale();
    super::service::my_data(&state, &token, locale).await
}

/// Erases the registration behind the manage link after the participant confirmed it.
#[server(endpoint = "privacy/erase")]
pub async fn erase_my_registration(
    token: String,
    #[server(default)] confirm: Option<String>,
) -> Result<(), AppError> {
    use crate::error::FieldError;
    use crate::server::reject;
    if confirm.as_deref() != Some("yes") {
        return Err(reject(
            AppError::Invalid(vec![FieldError::new("confirm", "erase.confirm_required")]),
            &[],
        ));
    }
    let state = crate::state::app_state()?;
    let erased = super::service::erase_mine(&state, &token)
        .await
        .map_err(|e| reject(e, &[]))?;
    tracing::info!(
        done = matches!(erased, super::store::Erased::Done(_)),
        "registration erased by its participant"
    );
    leptos_axum::redirect("/registration/erased");
    Ok(())
}

/// The forum's retention and team, for its organisers.
#[server(endpoint = "organiser/privacy")]
pub async fn load_forum_privacy(slug: String) -> Result<ForumPrivacy, AppError> {
    use crate::features::accounts::policy::{authorize, Action, Who};
    use crate::features::accounts::types::Role;
    let (state, forum, scope) =
        crate::features::accounts::guard::organiser_forum_read(&slug, &[]).await?;
    let store = state.store.as_ref();
    let (retention_days, erased_at) = store.retention_of(forum.summary.id).await?;
    let limits = state.settings.retention;
    let who = Who::Account(scope.account.clone());
    let admin = authorize(store, &who, Action::ManageTeam(forum.summary.id))
        .await
        .is_ok();
    let can_assign_scanners = authorize(store, &who, Action::AssignScanners(forum.summary.id))
        .await
        .is_ok();
    let scanners = store.forum_scanners(forum.summary.id).await?;
    let failed_mail = store.failed_mail(forum.summary.id).await?;
    let scanner_accounts = if can_assign_scanners {
        store
            .list_accounts()
            .await?
            .into_iter()
            .filter(|a| a.role == Role::Scanner && !a.disabled)
            .filter(|a| !scanners.iter().any(|s| s.account_id == a.id))
            .map(|a| (a.id.0, a.display_name, a.email))
            .collect()
    } else {
        Vec::new()
    };
    let team = store.forum_team(forum.summary.id).await?;
    let organisers = if admin {
        store
            .list_accounts()
            .await?
            .into_iter()
            .filter(|a| a.role == Role::Organiser && !a.disabled)
            .filter(|a| !team.iter().any(|m| m.account_id == a.id))
            .map(|a| (a.id.0, a.display_name, a.email))
            .collect()
    } else {
        Vec::new()
    };
    let mut one = [forum.summary.clone()];
    crate::features::forums::content::localise_forums(
        store,
        &mut one,
        crate::locale::request_locale(),
    )
    .await?;
    Ok(ForumPrivacy {
        slug: forum.summary.slug.clone(),
        title: one[0].title.clone(),
        ends_on: forum.summary.ends_on,
        retention_days,
        erasure_on: super::rules::erasure_on(forum.summary.ends_on, retention_days),
        min_days: limits.min_days,
        max_days: limits.max_days,
        erased_at,
        read_only: scope.read_only,
        can_change_team: admin,
        team,
        organisers,
        can_assign_scanners,
        scanners,
        scanner_accounts,
        failed_mail,
    })
}

/// Sets how many days after its end the forum keeps personal data (within the limits).
#[server(endpoint = "organiser/privacy/retention")]
pub async fn save_retention(slug: String, days: String) -> Result<(), AppError> {
    use crate::error::FieldError;
    use crate::server::reject;
    let keep = [("days", days.as_str())];
    let (state, forum) = crate::features::accounts::guard::organiser_forum(&slug, &keep).await?;
    let limits = state.settings.retention;
    let days = days
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|d| limits.allows(*d))
        .ok_or_else(|| {
            reject(
                AppError::Invalid(vec![FieldError::new("days", "privacy.retention_range")]),
                &keep,
            )
        })?;
    state
        .store
        .set_retention_days(forum.summary.id, days)
        .await?;
    Ok(())
}

/// Adds an organiser to the forum's team, changes their access, or removes them (admins and
/// the series' lead organiser).
#[server(endpoint = "organiser/privacy/team")]
pub async fn set_team_member(
    slug: String,
    account_id: i64,
    access: String,
) -> Result<(), AppError> {
    use crate::error::FieldError;
    use crate::features::accounts::access_log::AccessAction;
    use crate::features::accounts::guard;
    use crate::features::accounts::policy::{allow_form, Action};
    use crate::features::accounts::types::AccountId;
    use crate::server::reject;
    let (state, forum, _) = guard::organiser_forum_read(&slug, &[]).await?;
    let (account, _) = allow_form(Action::ManageTeam(forum.summary.id), &[]).await?;
    let scope_account = account;
    let read_only = match access.as_str() {
        "manage" => Some(false),
        "read" => Some(true),
        "remove" => None,
        _ => {
            return Err(reject(
                AppError::Invalid(vec![FieldError::new("access", "error.invalid")]),
                &[],
            ))
        }
    };
    let store = state.store.as_ref();
    let target = organiser_account(store, account_id).await?;
    guard::log_access(
        &state,
        Some(&scope_account),
        AccessAction::TeamChange,
        Some(forum.summary.id),
        None,
        &format!("account {} {access}", target.id.0),
        guard::request_address(&state),
    )
    .await?;
    store
        .set_team_member(forum.summary.id, AccountId(target.id.0), read_only)
        .await?;
    Ok(())
}

/// A series' privacy notice in the reader's language: the newest version, or `version`.
/// `series` `None` is the first published series. Without a published notice, the built-in one.
#[server(endpoint = "privacy/notice")]
pub async fn load_notice(series: Option<i64>, version: Option<i64>) -> Result<Notice, AppError> {
    let state = crate::state::app_state()?;
    let locale = crate::locale::request_locale();
    let notice = super::service::notice(&state, series, version, locale).await?;
    Ok(notice)
}

/// Publishes a new version of a series' privacy notice (texts per language, Markdown).
#[server(endpoint = "organiser/privacy/notice")]
pub async fn publish_notice(
    series_id: i64,
    #[server(default)] texts: std::collections::BTreeMap<String, String>,
) -> Result<(), AppError> {
    use crate::error::FieldError;
    use crate::features::accounts::policy::{allow_form, Action};
    use crate::features::forums::types::SeriesId;
    use crate::server::reject;
    allow_form(Action::UseOrganiserScreens, &[]).await?;
    let state = crate::state::app_state()?;
    let store = state.store.as_ref();
    store
        .series(SeriesId(series_id))
        .await?
        .ok_or_else(|| reject(AppError::NotFound, &[]))?;
    allow_form(Action::EditSeries(SeriesId(series_id)), &[]).await?;
    let texts: std::collections::BTreeMap<String, String> = texts
        .into_iter()
        .filter_map(|(lang, text)| {
            let locale = crate::i18n::Locale::from_code(&lang)?;
            let text = text.trim().to_string();
            (!text.is_empty()).then(|| (locale.code().to_string(), text))
        })
        .collect();
    if texts.is_empty() {
        return Err(reject(
            AppError::Invalid(vec![FieldError::new(
                "texts[en]",
                "privacy.notice_required",
            )]),
            &[],
        ));
    }
    if texts.values().any(|t| t.len() > 50_000) {
        return Err(reject(
            AppError::Invalid(vec![FieldError::new("texts[en]", "error.too_long")]),
            &[],
        ));
    }
    let body = serde_json::to_string(&texts).map_err(crate::server::internal)?;
    let version = store
        .publish_notice(series_id, &body, crate::clock::now())
        .await?;
    tracing::info!(series = series_id, version, "privacy notice published");
    leptos_axum::redirect(&format!("/privacy/{series_id}/{version}"));
    Ok(())
}

/// The texts of the newest version per language, for the editing form.
#[server(endpoint = "organiser/privacy/notice-texts")]
pub async fn load_notice_texts(
    series_id: i64,
) -> Result<std::collections::BTreeMap<String, String>, AppError> {
    use crate::features::accounts::policy::{allow, Action};
    allow(Action::UseOrganiserScreens).await?;
    let state = crate::state::app_state()?;
    Ok(match state.store.notice(series_id, None).await? {
        Some((_, body, _)) => serde_json::from_str(&body).unwrap_or_default(),
        None => Default::default(),
    })
}

/// The access log, newest first (admins).
#[server(endpoint = "admin/access-log")]
pub async fn load_access_log(page: i64) -> Result<(Vec<AccessRecord>, i64), AppError> {
    use crate::features::accounts::policy::{allow, Action};
    allow(Action::ReadAccessLog).await?;
    let state = crate::state::app_state()?;
    let page = page.clamp(1, 100_000);
    Ok(state.store.access_log(50, (page - 1) * 50).await?)
}

/// The series' country coordinators, and (for admins) the organisers who could be one.
#[server(endpoint = "organiser/privacy/coordinators")]
pub async fn load_coordinators(
    series_id: i64,
) -> Result<super::types::SeriesCoordinators, AppError> {
    use crate::features::accounts::policy::{allow, authorize, Action, Who};
    use crate::features::accounts::types::Role;
    use crate::features::forums::types::SeriesId;
    let (account, _) = allow(Action::UseOrganiserScreens).await?;
    let state = crate::state::app_state()?;
    let store = state.store.as_ref();
    let who = Who::Account(account);
    let series = SeriesId(series_id);
    let admin = authorize(store, &who, Action::AssignSeriesRoles(series))
        .await
        .is_ok();
    // The people's addresses are for admins and the series' lead; others see names only.
    let people = authorize(store, &who, Action::ReadSeriesPeople(series))
        .await
        .is_ok();
    let mut coordinators = store.coordinators(series_id).await?;
    if !people {
        for c in coordinators.iter_mut() {
            c.email.clear();
        }
    }
    let organisers = if admin {
        store
            .list_accounts()
            .await?
            .into_iter()
            .filter(|a| a.role == Role::Organiser && !a.disabled)
            .map(|a| (a.id.0, a.display_name, a.email))
            .collect()
    } else {
        Vec::new()
    };
    let lead = match store.series_lead(series_id).await? {
        Some(id) => store
            .list_accounts()
            .await?
            .into_iter()
            .find(|a| a.id == id)
            .map(|a| {
                (
                    a.id.0,
                    a.display_name,
                    if people { a.email } else { String::new() },
                )
            }),
        None => None,
    };
    Ok(super::types::SeriesCoordinators {
        can_change: admin,
        coordinators,
        organisers,
        lead,
    })
}

/// Makes an organiser the series' coordinator for one country, or (empty country) ends that.
#[server(endpoint = "organiser/privacy/coordinator")]
pub async fn set_coordinator(
    series_id: i64,
    account_id: i64,
    #[server(default)] country: String,
) -> Result<(), AppError> {
    use crate::error::FieldError;
    use crate::features::accounts::access_log::AccessAction;
    use crate::features::accounts::guard;
    use crate::features::accounts::types::AccountId;
    use crate::features::forums::types::{SeriesId, COUNTRIES};
    use crate::server::reject;
    let (admin, _) = crate::features::accounts::policy::allow_form(
        crate::features::accounts::policy::Action::AssignSeriesRoles(SeriesId(series_id)),
        &[],
    )
    .await?;
    let country = country.trim().to_ascii_uppercase();
    if !country.is_empty() && !COUNTRIES.contains(&country.as_str()) {
        return Err(reject(
            AppError::Invalid(vec![FieldError::new("country", "error.invalid")]),
            &[],
        ));
    }
    let state = crate::state::app_state()?;
    let store = state.store.as_ref();
    store
        .series(SeriesId(series_id))
        .await?
        .ok_or_else(|| reject(AppError::NotFound, &[]))?;
    let target = organiser_account(store, account_id).await?;
    guard::log_access(
        &state,
        Some(&admin),
        AccessAction::TeamChange,
        None,
        None,
        &format!(
            "series {series_id} coordinator account {} country {}",
            target.id.0,
            if country.is_empty() { "-" } else { &country }
        ),
        guard::request_address(&state),
    )
    .await?;
    store
        .set_coordinator(
            series_id,
            AccountId(target.id.0),
            (!country.is_empty()).then_some(country.as_str()),
        )
        .await?;
    Ok(())
}

/// Names the series' lead organiser, who assigns organisers to its forums' teams (admins);
/// an empty `account_id` leaves the series without one.
#[server(endpoint = "organiser/privacy/lead")]
pub async fn set_series_lead(
    series_id: i64,
    #[server(default)] account_id: String,
) -> Result<(), AppError> {
    use crate::error::FieldError;
    use crate::features::accounts::access_log::AccessAction;
    use crate::features::accounts::guard;
    use crate::features::accounts::types::AccountId;
    use crate::features::forums::types::SeriesId;
    use crate::server::reject;
    let (admin, _) = crate::features::accounts::policy::allow_form(
        crate::features::accounts::policy::Action::AssignSeriesRoles(SeriesId(series_id)),
        &[],
    )
    .await?;
    let state = crate::state::app_state()?;
    let store = state.store.as_ref();
    store
        .series(SeriesId(series_id))
        .await?
        .ok_or_else(|| reject(AppError::NotFound, &[]))?;
    let lead = match account_id.trim() {
        "" => None,
        id => {
            let id = id.parse::<i64>().map_err(|_| {
                reject(
                    AppError::Invalid(vec![FieldError::new("account_id", "error.invalid")]),
                    &[],
                )
            })?;
            Some(AccountId(organiser_account(store, id).await?.id.0))
        }
    };
    guard::log_access(
        &state,
        Some(&admin),
        AccessAction::TeamChange,
        None,
        None,
        &format!(
            "series {series_id} lead account {}",
            lead.map(|a| a.0.to_string()).unwrap_or_else(|| "-".into())
        ),
        guard::request_address(&state),
    )
    .await?;
    store.set_series_lead(series_id, lead).await?;
    Ok(())
}

/// The live organiser account with this id (teams and coordinators take organisers only), or 404.
#[cfg(feature = "ssr")]
async fn organiser_account(
    store: &dyn crate::store::Store,
    account_id: i64,
) -> Result<crate::features::accounts::types::AccountView, AppError> {
    use crate::features::accounts::types::Role;
    store
        .list_accounts()
        .await?
        .into_iter()
        .find(|a| a.id.0 == account_id && a.role == Role::Organiser)
        .ok_or_else(|| crate::server::reject(AppError::NotFound, &[]))
}
