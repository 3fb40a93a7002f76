//! Public announcement pages and the list shown on the home and forum pages.

use super::api::{load_announcement, load_news};
use super::types::AnnouncementView;
use crate::components::content::{language_name, FallbackMark};
use crate::components::nav::NotFoundPage;
use crate::components::notice::{ErrorNotice, Loading, PageError};
use crate::error::AppError;
use crate::i18n::{format_date, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// The news of the home page (`slug` empty) or of one forum's page. Made where the page is
/// composed, never inside a `Suspense` (a resource created there can leave a server-rendered
/// page hanging, leptos-rs/leptos#4866), and read by one `NewsSection`.
pub type NewsResource = Resource<Result<Vec<AnnouncementView>, AppError>>;

pub fn news(slug: Option<String>) -> NewsResource {
    Resource::new_blocking(move || slug.clone(), load_news)
}

/// The news list of `news` (see `news`), with its Atom feed's address.
#[component]
pub fn NewsSection(news: NewsResource, feed: String, heading_id: &'static str) -> impl IntoView {
    let data = news;
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new({
                let feed = feed.clone();
                async move {
                    match data.await {
                        Ok(items) => view! { <AnnouncementList items feed heading_id /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                }
            })}
        </Suspense>
    }
}

/// Newest first, pinned on top; each links to its page. `feed` is the list's Atom address.
#[component]
pub fn AnnouncementList(
    items: Vec<AnnouncementView>,
    feed: String,
    heading_id: &'static str,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <section aria-labelledby=heading_id class="announcements">
            <div class="section-head">
                <h2 id=heading_id>{locale.t("announcements.heading")}</h2>
                <a href=feed class="feed-link" type="application/atom+xml">{locale.t("announcements.feed")}</a>
            </div>
            {if items.is_empty() {
                view! { <p class="muted">{locale.t("announcements.none")}</p> }.into_any()
            } else {
                view! {
                    <ul class="card-list">
                        {items.into_iter().map(|a| {
                            let other_lang = (a.title_lang != locale.code()).then(|| {
                                locale.tf("content.in_language", &[("language", &language_name(locale, &a.title_lang))])
                            });
                            view! {
                                <li class="card announcement-card" class:is-pinned=a.pinned>
                                    {a.pinned.then(|| view! { <p class="badge badge-pinned">{locale.t("announcements.pinned")}</p> })}
                                    <h3 class="card-title"><span lang=a.title_lang.clone()><A href=a.path.clone()>{a.title.clone()}</A></span>{other_lang.map(|note| view! { <span class="lang-note">" ("{note}")"</span> })}</h3>
                                    <p class="card-meta">
                                        <time datetime=a.published_on.to_string()>{format_date(locale, a.published_on)}</time>
                                        {a.forum_title.clone().map(|t| view! { <span>" · "{t}</span> })}
                                    </p>
                                    <p lang=a.locale.clone()>{a.excerpt.clone()}</p>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// `/announcements/:id` and `/forums/:slug/announcements/:id`.
#[component]
pub fn AnnouncementPage() -> impl IntoView {
    let params = use_params_map();
    let key = move || {
        let p = params.read();
        (
            p.get("id")
                .and_then(|v| v.parse::<i64>().ok())
                .map(crate::features::announcements::types::AnnouncementId),
            p.get("slug"),
        )
    };
    let data = Resource::new_blocking(key, |(id, slug)| async move {
        match id {
            Some(id) => load_announcement(id, slug).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(a) => view! { <AnnouncementDetail a /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFoundPage /> }.into_any(),
                    Err(error) => view! { <PageError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AnnouncementDetail(a: AnnouncementView) -> impl IntoView {
    let locale = use_locale();
    let back = a
        .forum_slug
        .clone()
        .map(|s| format!("/forums/{s}"))
        .unwrap_or_else(|| "/".to_string());
    view! {
        <Title text=a.title.clone() />
        <article class="announcement">
            <p class="eyebrow">
                <A href=back>{a.forum_title.clone().unwrap_or_else(|| locale.t("announcements.series_wide"))}</A>
            </p>
            <h1><span lang=a.title_lang.clone()>{a.title.clone()}</span><FallbackMark lang=(a.title_lang != locale.code()).then(|| a.title_lang.clone()) /></h1>
            {a.draft.then(|| view! { <p class="badge badge-draft">{locale.t("forum.draft_preview")}</p> })}
            <p class="muted"><time datetime=a.published_on.to_string()>{format_date(locale, a.published_on)}</time></p>
            {(a.locale != locale.code()).then(|| view! {
                <p class="fallback-note fallback-block">{locale.tf("content.fallback", &[("language", &language_name(locale, &a.locale))])}</p>
            })}
            <div class="prose" lang=a.locale.clone() inner_html=a.html.clone()></div>
        </article>
    }
}
