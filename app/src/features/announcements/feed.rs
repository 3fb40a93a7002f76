//! The Atom feeds: `/feed.atom` (everything public) and `/forums/{slug}/feed.atom`. Without
//! `?lang=` every entry is in its own language; with `?lang=sq` (one feed per language) entries
//! are translated where they are, each marked with the `xml:lang` it is shown in.

use super::atom::{feed, FeedEntry, FeedMeta};
use super::markdown::to_safe_html;
use super::store::Published;
use crate::features::forums::content::Texts;
use crate::features::forums::types::ForumStatus;
use crate::i18n::Locale;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
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

/// The language a feed is asked for: `?lang=` only (feed readers' own languages say little).
fn wanted(query: Option<&str>) -> Option<Locale> {
    query?
        .split('&')
        .filter_map(|pair| pair.strip_prefix("lang="))
        .find_map(Locale::from_code)
}

async fn texts_of(
    store: &dyn crate::store::Store,
    kind: &str,
) -> Result<Texts, crate::db::StoreError> {
    Ok(Texts::of(store.translations_of_kind(kind).await?))
}

async fn build(
    state: &AppState,
    forum: Option<&crate::store::records::ForumRecord>,
    locale: Option<Locale>,
) -> Result<String, crate::db::StoreError> {
    let store = state.store.as_ref();
    let base = state.settings.base_url.as_str();
    let series = store.first_series().await?;
    let list = store
        .published_announcements(Published {
            now: crate::clock::now(),
            forum: forum.map(|f| f.summary.id),
            pinned_first: false,
            limit: FEED_LENGTH,
        })
        .await?;
    let texts = texts_of(store, "announcement").await?;
    // (title, its language, body, its language) as shown.
    let shown: Vec<(String, String, String, String)> = list
        .iter()
        .map(|a| match locale {
            Some(l) => {
                let title = texts.get(a.id.0, "title", &a.title, &a.locale, l);
                let body = texts.get(a.id.0, "body", &a.body, &a.locale, l);
                (title.text, title.lang, body.text, body.lang)
            }
            None => (
                a.title.clone(),
                a.locale.clone(),
                a.body.clone(),
                a.locale.clone(),
            ),
        })
        .collect();
    let rendered: Vec<(String, String)> = list
        .iter()
        .zip(&shown)
        .map(|(a, (_, _, body, _))| {
            let html = to_safe_html(body, &state.settings.image_hosts);
            (format!("{base}{}", a.path()), html)
        })
        .collect();
    let entries: Vec<FeedEntry> = list
        .iter()
        .zip(&rendered)
        .zip(&shown)
        .map(
            |((a, (url, html)), (title, title_lang, _, body_lang))| FeedEntry {
                url: url.clone(),
                title,
                title_lang,
                html,
                lang: body_lang,
                published: a.published_at,
                updated: a.updated_at.max(a.published_at),
            },
        )
        .collect();
    let series_title = match (&series, locale) {
        (Some(s), Some(l)) => {
            texts_of(store, "series")
                .await?
                .get(s.id.0, "title", &s.title, &s.default_locale, l)
                .text
        }
        (Some(s), None) => s.title.clone(),
        (None, _) => "Agora".into(),
    };
    let suffix = locale
        .map(|l| format!("?lang={}", l.code()))
        .unwrap_or_default();
    let (self_url, page_url, title, lang) = match forum {
        Some(f) => {
            let title = match locale {
                Some(l) => {
                    texts_of(store, "forum")
                        .await?
                        .get(
                            f.summary.id.0,
                            "title",
                            &f.summary.title,
                            &f.summary.default_locale,
                            l,
                        )
                        .text
                }
                None => f.summary.title.clone(),
            };
            (
                format!("{base}/forums/{}/feed.atom{suffix}", f.summary.slug),
                format!("{base}/forums/{}{suffix}", f.summary.slug),
                title,
                f.summary.default_locale.clone(),
            )
        }
        None => (
            format!("{base}/feed.atom{suffix}"),
            format!("{base}/{suffix}"),
            series_title.clone(),
            series
                .as_ref()
                .map(|s| s.default_locale.clone())
                .unwrap_or_else(|| "en".into()),
        ),
    };
    let lang = locale.map(|l| l.code().to_string()).unwrap_or(lang);
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
pub async fn series_feed(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    match build(&state, None, wanted(uri.query())).await {
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
    uri: Uri,
) -> Response {
    let forum = match state.store.forum_by_slug(&slug).await {
        Ok(Some(f)) if f.summary.status == ForumStatus::Published => f,
        Ok(_) => return failure(&headers, StatusCode::NOT_FOUND, "error.not_found"),
        Err(e) => {
            crate::server::internal(e);
            return failure(&headers, StatusCode::SERVICE_UNAVAILABLE, "error.internal");
        }
    };
    match build(&state, Some(&forum), wanted(uri.query())).await {
        Ok(xml) => atom_response(xml),
        Err(e) => {
            crate::server::internal(e);
            failure(&headers, StatusCode::SERVICE_UNAVAILABLE, "error.internal")
        }
    }
}
