//! Server functions for forums. Stable endpoints under `/api/` (other clients and tests call them).

use super::types::{ForumPageData, ForumSummary, HomeData};
use crate::error::AppError;
use leptos::prelude::*;

/// The home page: published forums of the series, upcoming and past.
#[server(endpoint = "home")]
pub async fn load_home() -> Result<HomeData, AppError> {
    use super::types::split_by_date;

    let state = crate::state::app_state()?;
    let locale = crate::locale::request_locale();
    let store = state.store.as_ref();
    let series = store.first_series().await?;
    let mut forums = store.list_forums(true).await?;
    super::content::localise_forums(store, &mut forums, locale).await?;
    let today = crate::clock::now().date_naive();
    let (upcoming, past) = split_by_date(forums, today);
    let texts = super::content::Texts::load(store, "series").await?;
    let text = |s: &crate::store::records::SeriesRecord, field: &str, base: &str| {
        texts.get(s.id.0, field, base, &s.default_locale, locale)
    };
    let series = series.filter(|s| s.status == super::types::ForumStatus::Published);
    Ok(HomeData {
        series_title: series.as_ref().map(|s| text(s, "title", &s.title)),
        series_description: series
            .as_ref()
            .map(|s| text(s, "description", &s.description)),
        upcoming,
        past,
    })
}

/// A forum's public page. Drafts are visible only to organisers and admins.
#[server(endpoint = "forums/page")]
pub async fn load_forum_page(slug: String) -> Result<ForumPageData, AppError> {
    let state = crate::state::app_state()?;
    let store = state.store.as_ref();
    let record = super::service::viewable_forum(store, &slug).await?;
    let series = store.series(record.series_id).await?;
    let locale = crate::locale::request_locale();
    let series_lang = series
        .as_ref()
        .map(|s| s.default_locale.clone())
        .unwrap_or_default();
    let series_texts = super::content::Texts::load(store, "series").await?;
    let series_title = series
        .map(|s| series_texts.get(s.id.0, "title", &s.title, &s.default_locale, locale))
        .unwrap_or_default();
    let mut groups = store.stakeholder_groups(record.series_id).await?;
    super::content::localise_groups(store, &mut groups, &series_lang, locale).await?;
    let forum_texts = super::content::Texts::load(store, "forum").await?;
    let mut record = record;
    let (id, lang) = (record.summary.id.0, record.summary.default_locale.clone());
    let title = forum_texts.get(id, "title", &record.summary.title, &lang, locale);
    record.summary.title_fallback = title.fallback.then(|| title.lang.clone());
    record.summary.title = title.text;
    let description = forum_texts.get(id, "description", &record.description, &lang, locale);
    let mut sessions = store.sessions_of_forum(record.summary.id).await?;
    super::content::localise_sessions(store, &mut sessions, &lang, locale).await?;
    let zone = super::time::parse_zone(&record.summary.time_zone);
    let sessions = sessions
        .into_iter()
        .map(|s| super::time::session_view(&s, zone))
        .collect();
    let past = crate::clock::now().with_timezone(&zone).date_naive() > record.summary.ends_on;
    Ok(ForumPageData {
        past,
        forum: record.summary,
        description,
        series_title,
        groups,
        sessions,
    })
}

/// Every forum, drafts included, for the organiser area.
#[server(endpoint = "organiser/forums")]
pub async fn organiser_forums() -> Result<Vec<ForumSummary>, AppError> {
    use crate::features::accounts::policy::{allow, authorize, Action, Who};

    let (account, _) = allow(Action::UseOrganiserScreens).await?;
    let state = crate::state::app_state()?;
    let store = state.store.as_ref();
    // The forums whose screens the policy opens to this account (teams, led and coordinated
    // series; every forum for admins).
    let who = Who::Account(account);
    let mut forums = Vec::new();
    for f in store.list_forums(false).await? {
        if authorize(store, &who, Action::ReadForum(f.id))
            .await
            .is_ok()
        {
            forums.push(f);
        }
    }
    let locale = crate::locale::request_locale();
    super::content::localise_forums(state.store.as_ref(), &mut forums, locale).await?;
    Ok(forums)
}

/// Publishes or unpublishes a forum.
#[server(endpoint = "forums/status")]
pub async fn set_forum_status(
    forum_id: crate::ids::ForumId,
    status: String,
) -> Result<(), AppError> {
    use super::types::ForumStatus;
    use crate::db::StoreError;
    use crate::error::FieldError;
    use crate::server::{internal, reject};
    let (state, _) = crate::features::accounts::guard::organiser_forum_by_id(forum_id, &[]).await?;
    let status: ForumStatus = status.parse().map_err(|_| {
        reject(
            AppError::Invalid(vec![FieldError::new("status", "error.invalid")]),
            &[],
        )
    })?;
    match state.store.set_forum_status(forum_id, status).await {
        Ok(()) => Ok(()),
        Err(StoreError::NotFound) => Err(reject(AppError::NotFound, &[])),
        Err(e) => Err(internal(e)),
    }
}
