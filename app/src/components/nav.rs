//! Layout pieces several features' pages use: the links between a forum's public pages, and
//! the not-found page (a real 404).

use crate::components::notice::set_page_status;
use crate::i18n::use_locale;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// Links between a forum's public pages.
#[component]
pub fn ForumNav(slug: String) -> impl IntoView {
    let locale = use_locale();
    let links = [
        (format!("/forums/{slug}"), "forum.nav_overview"),
        (format!("/forums/{slug}/agenda"), "forum.nav_agenda"),
        (format!("/forums/{slug}/speakers"), "forum.nav_speakers"),
    ];
    view! {
        <nav class="subnav" aria-label=locale.t("forum.nav_label")>
            <ul>
                {links.into_iter().map(|(href, label)| {
                    view! { <li><A href=href exact=true>{locale.t(label)}</A></li> }
                }).collect_view()}
            </ul>
        </nav>
    }
}

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let locale = use_locale();
    set_page_status(404);
    view! {
        <Title text=locale.t("notfound.title") />
        <section class="empty-state">
            <h1>{locale.t("notfound.title")}</h1>
            <p>{locale.t("notfound.body")}</p>
            <p><A href="/">{locale.t("notfound.home")}</A></p>
        </section>
    }
}
