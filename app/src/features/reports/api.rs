//! The report's server functions: read a forum's or a series' report, freeze a forum's figures,
//! set a series' small-number threshold. Organisers read the reports of their teams' forums
//! (a series report covers those of its forums they may see); admins every report, and only
//! they may switch the protection off. Scanners and country coordinators get no report.

use super::types::{Report, ReportFilter};
use crate::error::AppError;
use leptos::prelude::*;

/// Which report a request asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Which {
    Forum(String),
    Series(i64),
}

/// The report of the forum at `slug` for the signed-in organiser.
#[server(endpoint = "organiser/report")]
pub async fn load_forum_report(
    slug: String,
    #[server(default)] filter: ReportFilter,
) -> Result<Report, AppError> {
    use crate::features::accounts::policy::{allow, Action};
    let (account, _) = allow(Action::UseOrganiserScreens).await?;
    let state = crate::state::app_state()?;
    let locale = crate::locale::request_locale();
    report_for(&state, account, &Which::Forum(slug), &filter, locale).await
}

/// The report of the series `series_id` over the forums the signed-in organiser may see.
#[server(endpoint = "organiser/series-report")]
pub async fn load_series_report(
    series_id: i64,
    #[server(default)] filter: ReportFilter,
) -> Result<Report, AppError> {
    use crate::features::accounts::policy::{allow, Action};
    let (account, _) = allow(Action::UseOrganiserScreens).await?;
    let state = crate::state::app_state()?;
    let locale = crate::locale::request_locale();
    report_for(&state, account, &Which::Series(series_id), &filter, locale).await
}

/// Freezes (or refreshes) the figures of a forum that has ended.
#[server(endpoint = "organiser/report/freeze")]
pub async fn freeze_report(slug: String) -> Result<(), AppError> {
    use crate::server::reject;
    let (state, forum) = crate::features::accounts::guard::organiser_forum(&slug, &[]).await?;
    let zone = crate::features::forums::time::parse_zone(&forum.summary.time_zone);
    let today = crate::clock::now().with_timezone(&zone).date_naive();
    if forum.summary.ends_on >= today {
        return Err(reject(AppError::Conflict("report.not_ended".into()), &[]));
    }
    if super::service::freeze(state.store.as_ref(), &forum, crate::clock::now())
        .await?
        .is_none()
    {
        return Err(reject(
            AppError::Conflict("report.frozen_after_erasure".into()),
            &[],
        ));
    }
    leptos_axum::redirect(&format!("/organiser/forums/{slug}/report"));
    Ok(())
}

/// Sets the series' small-number threshold (admins and the series' lead organiser).
#[server(endpoint = "organiser/report/threshold")]
pub async fn save_report_threshold(series_id: i64, threshold: String) -> Result<(), AppError> {
    use crate::error::FieldError;
    use crate::features::accounts::policy::{allow_form, Action};
    use crate::features::forums::types::SeriesId;
    use crate::server::reject;
    let keep = [("threshold", threshold.as_str())];
    allow_form(Action::UseOrganiserScreens, &keep).await?;
    let state = crate::state::app_state()?;
    let store = state.store.as_ref();
    store
        .series(SeriesId(series_id))
        .await?
        .ok_or_else(|| reject(AppError::NotFound, &keep))?;
    allow_form(Action::EditSeries(SeriesId(series_id)), &keep).await?;
    let value = threshold
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|t| super::types::THRESHOLDS.contains(t))
        .ok_or_else(|| {
            reject(
                AppError::Invalid(vec![FieldError::new("threshold", "report.threshold_range")]),
                &keep,
            )
        })?;
    store.set_report_threshold(series_id, value).await?;
    leptos_axum::redirect(&format!("/organiser/series/{series_id}/report"));
    Ok(())
}

/// The report `which` for `account`, with the team checks: a forum's report needs a place on its
/// team (or the series' lead, or admin); a series report covers the forums the account may see.
#[cfg(feature = "ssr")]
pub async fn report_for(
    state: &crate::state::AppState,
    account: crate::features::accounts::types::AccountView,
    which: &Which,
    filter: &ReportFilter,
    locale: crate::i18n::Locale,
) -> Result<Report, AppError> {
    use crate::features::accounts::guard::forum_scope;
    use crate::features::accounts::policy::{authorize, Action, Who};
    use crate::features::forums::types::SeriesId;
    let store = state.store.as_ref();
    // Whether the reader may ask for the small numbers unprotected.
    let admin = authorize(
        store,
        &Who::Account(account.clone()),
        Action::ReadRawFigures,
    )
    .await
    .is_ok();
    match which {
        Which::Forum(slug) => {
            let forum = store.forum_by_slug(slug).await?.ok_or(AppError::NotFound)?;
            let scope = forum_scope(state, account, forum.summary.id).await?;
            if scope.country.is_some() {
                return Err(AppError::Forbidden);
            }
            let mut report =
                super::service::forum_report(state, &forum, filter, admin, locale).await?;
            // A read-only team place reads the report but freezes nothing.
            report.can_freeze &= !scope.read_only;
            Ok(report)
        }
        Which::Series(id) => {
            let series = store
                .series(SeriesId(*id))
                .await?
                .ok_or(AppError::NotFound)?;
            let mut forums = Vec::new();
            for forum_id in store.series_forums(*id).await? {
                let Some(forum) = store.forum_by_id(forum_id).await? else {
                    continue;
                };
                match forum_scope(state, account.clone(), forum_id).await {
                    Ok(scope) if scope.country.is_none() => forums.push(forum),
                    Ok(_) | Err(AppError::Forbidden) => {}
                    Err(e) => return Err(e),
                }
            }
            if forums.is_empty() && !admin {
                return Err(AppError::Forbidden);
            }
            let lead = store.series_lead(*id).await? == Some(account.id);
            let mut report =
                super::service::series_report(state, &series, &forums, filter, admin, locale)
                    .await?;
            report.can_configure = admin || lead;
            Ok(report)
        }
    }
}
