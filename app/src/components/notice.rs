//! Messages: errors in the reader's language, and the HTTP status of server-rendered pages.

use crate::error::AppError;
use crate::i18n::use_locale;
use leptos::prelude::*;

/// Sets the HTTP status of the page being rendered on the server (no-op in the browser).
pub fn set_page_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(opts), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(code),
    ) {
        opts.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

/// An error box that a screen reader announces.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    let locale = use_locale();
    let text = match &error {
        AppError::RateLimited { retry_after_secs } => locale.tf(
            "error.rate_limited",
            &[("minutes", &retry_after_secs.div_ceil(60).to_string())],
        ),
        other => locale.t(other.message_key()),
    };
    view! {
        <div class="notice notice-error" role="alert">
            <p>{text}</p>
        </div>
    }
}

/// The page shown for a failed page load: sets the status and explains; a fault of the server
/// (5xx) also shows the request's reference, for the participant to quote.
#[component]
pub fn PageError(error: AppError) -> impl IntoView {
    let status = error.status_code();
    set_page_status(status);
    #[cfg(feature = "ssr")]
    let reference = (status >= 500)
        .then(crate::request::request_id)
        .flatten()
        .map(|id| use_locale().tf("error.reference", &[("id", &id)]));
    #[cfg(not(feature = "ssr"))]
    let reference: Option<String> = None;
    view! {
        <ErrorNotice error />
        {reference.map(|r| view! { <p class="muted">{r}</p> })}
    }
}

/// The text of a field's error, for `aria-describedby` targets.
#[component]
pub fn FieldMessage(id: &'static str, message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <p class="field-error" id=id hidden=move || message.get().is_none()>
            {move || message.get().unwrap_or_default()}
        </p>
    }
}

/// What a page shows while its data loads (only seen on client-side navigation).
#[component]
pub fn Loading() -> impl IntoView {
    let locale = use_locale();
    view! { <p class="muted" aria-live="polite">{locale.t("common.loading")}</p> }
}

/// What an organiser screen shows when its data is refused: an anonymous visitor is sent to sign
/// in (and brought back), anyone else sees the error with its status.
pub fn refused(error: AppError) -> AnyView {
    match error {
        AppError::Unauthenticated => {
            let next = leptos_router::hooks::use_location()
                .pathname
                .get_untracked();
            view! { <leptos_router::components::Redirect path=format!("/login?next={next}") /> }
                .into_any()
        }
        error => view! { <PageError error /> }.into_any(),
    }
}

/// A page that only says what happened (a form was sent, a device forgotten): its heading and
/// sentence by catalogue key, an optional note, and the way back (the home page unless told).
#[component]
pub fn OutcomePage(
    title: &'static str,
    body: &'static str,
    /// Kept out of search engines (pages reached from a participant's own link).
    #[prop(optional)]
    noindex: bool,
    #[prop(default = "/".to_string(), into)] back: String,
    #[prop(default = "register.back_home")] back_label: &'static str,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <leptos_meta::Title text=locale.t(title) />
        {noindex.then(|| view! { <leptos_meta::Meta name="robots" content="noindex" /> })}
        <section class="empty-state">
            <h1>{locale.t(title)}</h1>
            <p>{locale.t(body)}</p>
            {children.map(|c| c())}
            <p><leptos_router::components::A href=back>{locale.t(back_label)}</leptos_router::components::A></p>
        </section>
    }
}
