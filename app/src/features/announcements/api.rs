//! Reading announcements: lists for the home and forum pages, one announcement's page.

use super::types::AnnouncementView;
use crate::error::AppError;
use leptos::prelude::*;

/// Server side: turning stored announcements into what readers see.
#[cfg(feature = "ssr")]
pub mod render {
    use super::super::markdown::{excerpt, to_safe_html};
    use super::super::types::{Announcement, AnnouncementView, SERIES_ZONE};
    use crate::features::forums::content::Texts;
    use crate::features::forums::types::ForumSummary;
    use crate::i18n::Locale;

    /// The hosts whose images announcements may show.
    fn image_hosts() -> Vec<String> {
        crate::state::app_state()
            .map(|s| s.settings.image_hosts.clone())
            .unwrap_or_default()
    }

    /// Renders one announcement; `forums` gives forum titles (already in the reader's language).
    pub fn view(a: &Announcement, forums: &[ForumSummary]) -> AnnouncementView {
        let forum = a.forum_id.and_then(|id| forums.iter().find(|f| f.id == id));
        let zone = forum.map(|f| f.time_zone.as_str()).unwrap_or(SERIES_ZONE);
        let zone = crate::features::forums::time::parse_zone(zone);
        AnnouncementView {
            id: a.id,
            path: a.path(),
            forum_slug: a.forum_slug.clone(),
            forum_title: forum.map(|f| f.title.clone()),
            title: a.title.clone(),
            html: to_safe_html(&a.body, &image_hosts()),
            excerpt: excerpt(&a.body, 40),
            locale: a.locale.clone(),
            title_lang: a.locale.clone(),
            published_on: a.published_at.with_timezone(&zone).date_naive(),
            pinned: a.pinned,
            draft: a.status != "published",
        }
    }

    /// Renders one announcement in `locale`: its title and body translated where they are,
    /// else in the post's own language (marked by the page).
    pub fn view_in(
        a: &Announcement,
        forums: &[ForumSummary],
        texts: &Texts,
        locale: Locale,
    ) -> AnnouncementView {
        let mut shown = a.clone();
        let title = texts.get(a.id.0, "title", &a.title, &a.locale, locale);
        let body = texts.get(a.id.0, "body", &a.body, &a.locale, locale);
        shown.title = title.text;
        shown.body = body.text;
        let mut v = view(&shown, forums);
        v.title_lang = title.lang;
        v.locale = body.lang;
        v
    }
}

/// Published announcements: everything public (`forum` empty) or one forum's, pinned first.
#[cfg(feature = "ssr")]
pub async fn published_views(
    forum: Option<crate::features::forums::types::ForumId>,
    limit: i64,
) -> Result<Vec<AnnouncementView>, AppError> {
    use super::store::Published;

    let state = crate::state::app_state()?;
    let store = state.store.as_ref();
    let list = store
        .published_announcements(Published {
            now: crate::clock::now(),
            forum,
            pinned_first: true,
            limit,
        })
        .await?;
    let mut forums = store.list_forums(false).await?;
    let locale = crate::locale::request_locale();
    crate::features::forums::content::localise_forums(store, &mut forums, locale).await?;
    let texts = crate::features::forums::content::Texts::load(store, "announcement").await?;
    Ok(list
        .iter()
        .map(|a| render::view_in(a, &forums, &texts, locale))
        .collect())
}

/// The news on the home page (`slug` empty: everything public, the newest six) or on a forum's
/// page (its newest twenty), pinned first. A draft forum's news is for those who may preview it.
#[server(endpoint = "announcements/news")]
pub async fn load_news(slug: Option<String>) -> Result<Vec<AnnouncementView>, AppError> {
    match slug {
        None => published_views(None, 6).await,
        Some(slug) => {
            let state = crate::state::app_state()?;
            let forum =
                crate::features::forums::service::viewable_forum(state.store.as_ref(), &slug)
                    .await?;
            published_views(Some(forum.summary.id), 20).await
        }
    }
}

/// One announcement's page. `slug` is the forum of the address (`None` for series-wide posts);
/// a post is only found under its own address. Drafts and future posts are for organisers only.
#[server(endpoint = "announcements/page")]
pub async fn load_announcement(
    id: crate::features::announcements::types::AnnouncementId,
    slug: Option<String>,
) -> Result<AnnouncementView, AppError> {
    let state = crate::state::app_state()?;
    let store = state.store.as_ref();
    let a = store.announcement(id).await?.ok_or(AppError::NotFound)?;
    if a.forum_slug != slug {
        return Err(AppError::NotFound);
    }
    let visible = store
        .published_announcements(super::store::Published {
            now: crate::clock::now(),
            forum: a.forum_id,
            pinned_first: false,
            limit: i64::MAX,
        })
        .await?
        .iter()
        .any(|p| p.id == a.id);
    if !visible {
        // A draft or a future post: for those who may open its forum's screens (a series-wide
        // one: who may edit the series).
        use crate::features::accounts::policy::{authorize, current_who, Action};
        let action = match a.forum_id {
            Some(forum) => Action::ReadForum(forum),
            None => match store.entity_series("announcement", a.id.0).await? {
                Some(series) => Action::EditSeries(series),
                None => return Err(AppError::NotFound),
            },
        };
        if authorize(store, &current_who().await?, action)
            .await
            .is_err()
        {
            return Err(AppError::NotFound);
        }
    }
    let mut forums = store.list_forums(false).await?;
    let locale = crate::locale::request_locale();
    crate::features::forums::content::localise_forums(store, &mut forums, locale).await?;
    let texts = crate::features::forums::content::Texts::load(store, "announcement").await?;
    Ok(render::view_in(&a, &forums, &texts, locale))
}
