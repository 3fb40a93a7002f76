//! The Atom feeds: `/feed.atom` (everything public) and `/forums/{slug}/feed.atom`.

use super::atom::{feed, FeedEntry, FeedMeta};
use super::markdown::to_safe_html;
use super::store::Published;
use crate::features::forums::types::ForumStatus;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

const FEED_LENGTH: i64 = 50;

fn atom_response(xml: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/atom+xml; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        xml,
    )
        .into_response()
}

fn failure(headers: &HeaderMap, status: StatusCode, key: &str) -> Response {
    let locale = crate::locale::locale_of(headers, None);
    (status, locale.t(key)).into_response()
}

async fn build(
    state: &AppState,
    forum: Option<&crate::store::records::ForumRecord>,
) -> Result<String, crate::db::StoreError> {
    let store = state.store.as_ref();
    let base = state.settings.base_url.as_str();
    let series = store.first_series().await?;
    let list = store
        .published_announcements(Published {
            now: chrono::Utc::now(),
            forum: forum.map(|f| f.summary.id),
            pinned_first: false,
            limit: FEED_LENGTH,
        })
        .await?;
    let rendered: Vec<(String, String)> = list
        .iter()
        .map(|a| {
            let html = to_safe_html(&a.body, &state.settings.image_hosts);
            (format!("{base}{}", a.path()), html)
        })
        .collect();
    let entries: Vec<FeedEntry> = list
        .iter()
        .zip(&rendered)
        .map(|(a, (url, html))| FeedEntry {
            url: url.clone(),
            title: &a.title,
            html,
            lang: &a.locale,
            published: a.published_at,
            updated: a.updated_at.max(a.published_at),
        })
        .collect();
    let series_title = series
        .as_ref()
        .map(|s| s.title.clone())
        .unwrap_or_else(|| "Agora".into());
    let (self_url, page_url, title, lang) = match forum {
        Some(f) => (
            format!("{base}/forums/{}/feed.atom", f.summary.slug),
            format!("{base}/forums/{}", f.summary.slug),
            f.summary.title.clone(),
            f.summary.default_locale.clone(),
        ),
        None => (
            format!("{base}/feed.atom"),
            format!("{base}/"),
            series_title.clone(),
            series
                .as_ref()
                .map(|s| s.default_locale.clone())
                .unwrap_or_else(|| "en".into()),
        ),
    };
    let meta = FeedMeta {
        self_url: &self_url,
        page_url: &page_url,
        title: &title,
        author: &series_title,
        lang: &lang,
    };
    let epoch = chrono::DateTime::<chrono::Utc>::UNIX_EPOCH;
    Ok(feed(&meta, &entries, epoch))
}

/// `GET /feed.atom`
pub async fn series_feed(State(state): State<AppState>, headers: HeaderMap) -> Response {
    match build(&state, None).await {
        Ok(xml) => atom_response(xml),
        Err(e) => {
            crate::server::internal(e);
            failure(&headers, StatusCode::SERVICE_UNAVAILABLE, "error.internal")
        }
    }
}

/// `GET /forums/{slug}/feed.atom` (published forums only).
pub async fn forum_feed(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Response {
    let forum = match state.store.forum_by_slug(&slug).await {
        Ok(Some(f)) if f.summary.status == ForumStatus::Published => f,
        Ok(_) => return failure(&headers, StatusCode::NOT_FOUND, "error.not_found"),
        Err(e) => {
            crate::server::internal(e);
            return failure(&headers, StatusCode::SERVICE_UNAVAILABLE, "error.internal");
        }
    };
    match build(&state, Some(&forum)).await {
        Ok(xml) => atom_response(xml),
        Err(e) => {
            crate::server::internal(e);
            failure(&headers, StatusCode::SERVICE_UNAVAILABLE, "error.internal")
        }
    }
}
