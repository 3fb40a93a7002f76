//! The application root: meta context, language, routes.

use crate::components::layout::{Footer, Header};
use crate::features::accounts::pages::{AccountsPage, LoginPage};
use crate::features::forums::manage_pages::{EditForumPage, NewForumPage};
use crate::features::forums::pages::{ForumPage, HomePage, NotFoundPage, OrganiserPage};
use crate::features::forums::translation_pages::{ForumTranslationsPage, SeriesTranslationsPage};
use crate::i18n::I18n;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Html, Stylesheet};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let locale = crate::locale::request_locale();
    provide_context(I18n(locale));

    // A marker for tests and styles: set only once the client has taken over the page.
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });

    view! {
        <Html {..} lang=locale.code() />
        <Stylesheet id="leptos" href="/pkg/agora.css" />
        <Router>
            <a class="skip-link" href="#main">{locale.t("nav.skip")}</a>
            <Header />
            <main id="main" class="page" tabindex="-1">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/forums/:slug") view=ForumPage ssr=SsrMode::Async />
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/organiser") view=OrganiserPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/accounts") view=AccountsPage ssr=SsrMode::Async />
                    <Route path=path!("/organiser/forums/new") view=NewForumPage ssr=SsrMode::Async />
                    <Route path=path!("/organiser/forums/:slug/edit") view=EditForumPage ssr=SsrMode::Async />
                    <Route path=path!("/organiser/translations/series") view=SeriesTranslationsPage ssr=SsrMode::Async />
                    <Route path=path!("/organiser/translations/forums/:slug") view=ForumTranslationsPage ssr=SsrMode::Async />
                </Routes>
            </main>
            <Footer />
        </Router>
    }
}
