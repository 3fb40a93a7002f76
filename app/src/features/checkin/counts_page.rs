//! `/checkin/{slug}/{list}/counts`: checked in versus expected, refreshed every five seconds
//! by an island (and by reloading without JavaScript).

use super::api::{load_counts, LoadCounts};
use super::types::CountsView;
use crate::components::notice::{refused, Loading};
use crate::i18n::{use_locale, Locale};
use islands::{CountsTexts, LiveCountsData};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The page: the list's name and a link back to the scanner, then the figures, which the
/// `LiveCounts` island fetches again every few seconds.
#[component]
pub fn CountsPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let key = move || {
        let p = params.read();
        (
            p.get("slug").unwrap_or_default(),
            p.get("list").unwrap_or_default(),
        )
    };
    let data = Resource::new_blocking(key, |(slug, list)| load_counts(slug, list));
    view! {
        <Title text=locale.t("checkin.counts.title") />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => refused(e),
                    Ok(v) => view! { <Counts view=v /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The counts' words in the page's language, for the island.
fn texts(locale: Locale) -> CountsTexts {
    CountsTexts {
        heading: locale.t("checkin.counts.title"),
        of: locale.t("checkin.counts.of"),
        updated: locale.t("checkin.counts.updated"),
        by_group: locale.t("checkin.counts.by_group"),
        by_country: locale.t("checkin.counts.by_country"),
        checked_in: locale.t("checkin.counts.checked_in"),
        expected: locale.t("checkin.counts.expected"),
        hidden: locale.t("checkin.counts.hidden"),
    }
}

#[component]
fn Counts(view: CountsView) -> impl IntoView {
    use leptos::server_fn::ServerFn;
    let locale = use_locale();
    let scanner = format!("/checkin/{}/{}", view.forum_slug, view.list.key);
    let initial = LiveCountsData {
        total: view.total,
        by_group: view.by_group,
        by_country: view.by_country,
        expected_note: view.expected_note,
        updated_at: view.updated_at,
    };
    view! {
        <p class="eyebrow">{view.forum_title.clone()}</p>
        <h1>{view.list.name.clone()}</h1>
        <p class="toolbar"><a href=scanner rel="external">{locale.t("checkin.back_to_scanner")}</a></p>
        <islands::LiveCounts
            endpoint=LoadCounts::PATH.to_string()
            slug=view.forum_slug.clone()
            list=view.list.key.clone()
            initial
            texts=texts(locale)
        />
        <super::issues_pages::DoorIssues issues=view.issues.clone() slug=view.forum_slug.clone() />
    }
}
