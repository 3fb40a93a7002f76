//! The frame around every page: header with navigation and language switcher, and footer.

use crate::features::accounts::api::{whoami, LogOut};
use crate::features::accounts::types::Role;
use crate::i18n::{use_locale, Locale};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

#[component]
pub fn Header() -> impl IntoView {
    let locale = use_locale();
    let location = use_location();
    // Re-checked on every navigation so signing in or out shows at once. Blocking, so the
    // header is whole before the page streams (a pending header Suspense beside the page's own
    // sometimes kept the response from ever finishing).
    let account = Resource::new_blocking(move || location.pathname.get(), |_| whoami());
    let log_out = ServerAction::<LogOut>::new();

    view! {
        <header class="site-header">
            <div class="container header-row">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"A"</span>
                    <span class="brand-name">"Agora"</span>
                </a>
                <nav class="main-nav" aria-label=locale.t("nav.main")>
                    <ul>
                        <li><A href="/">{locale.t("nav.forums")}</A></li>
                        <Suspense fallback=|| ()>
                            {move || Suspend::new(async move {
                                let me = account.await.ok().flatten();
                                match me {
                                    Some(me) => {
                                        let manage = me.role.can_manage_forums();
                                        let admin = me.role == Role::Admin;
                                        view! {
                                            {manage.then(|| view! {
                                                <li><A href="/organiser">{locale.t("nav.organiser")}</A></li>
                                            })}
                                            {admin.then(|| view! {
                                                <li><A href="/admin/accounts">{locale.t("nav.accounts")}</A></li>
                                                <li><A href="/admin/access-log">{locale.t("nav.access_log")}</A></li>
                                            })}
                                            <li><A href="/checkin">{locale.t("nav.checkin")}</A></li>
                                            <li><A href="/account">{locale.t("nav.account")}</A></li>
                                            <li>
                                                <ActionForm action=log_out attr:class="inline-form">
                                                    <button type="submit" class="link-button">
                                                        {locale.t("nav.sign_out")}
                                                    </button>
                                                </ActionForm>
                                            </li>
                                        }
                                            .into_any()
                                    }
                                    None => view! {
                                        <li><A href="/login">{locale.t("nav.sign_in")}</A></li>
                                    }
                                        .into_any(),
                                }
                            })}
                        </Suspense>
                    </ul>
                </nav>
                <LanguageSwitcher />
            </div>
        </header>
    }
}

/// Links that reload the current page in another language (and remember the choice).
#[component]
pub fn LanguageSwitcher() -> impl IntoView {
    let locale = use_locale();
    let location = use_location();
    let links = move || {
        let path = location.pathname.get();
        Locale::ALL
            .into_iter()
            .map(|l| {
                let href = format!("{path}?lang={}", l.code());
                let current = (l == locale).then_some("true");
                view! {
                    <li>
                        <a href=href rel="external" hreflang=l.code() lang=l.code() aria-current=current>
                            {l.native_name()}
                        </a>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <details class="lang-menu">
            <summary>
                <span class="visually-hidden">{locale.t("nav.language")}": "</span>
                {locale.native_name()}
            </summary>
            <ul>{links}</ul>
        </details>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    let locale: Locale = use_locale();
    view! {
        <footer class="site-footer">
            <div class="container">
                <p>{locale.t("footer.about")}</p>
                <p class="muted">{locale.t("footer.privacy")}" "<a href="/privacy">{locale.t("nav.privacy")}</a></p>
            </div>
        </footer>
    }
}
