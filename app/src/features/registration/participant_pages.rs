//! The parts of the participant's page about their link and this device, and the pages those
//! forms lead to, and "lost my link". Each form is a plain HTML form (it works without JavaScript).

use super::api::RequestLink;
use super::consents::{ConsentKind, ConsentRecord};
use super::participant::{ConfirmMyAddress, ForgetThisDevice, ReplaceMyLink, SetMyConsent};
use crate::components::notice::{ErrorNotice, Loading, OutcomePage};
use crate::flash::{form_error, take_flash, FlashResource};
use crate::i18n::use_locale;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

/// Confirm address first: shown while the registration holds its place unconfirmed.
#[component]
pub fn ConfirmAddress(token: String, until: chrono::DateTime<chrono::Utc>) -> impl IntoView {
    let locale = use_locale();
    let action = ServerAction::<ConfirmMyAddress>::new();
    let minutes = ((until - crate::clock::now()).num_seconds().max(0) + 59) / 60;
    view! {
        <section class="notice notice-action" aria-labelledby="confirm-heading">
            <h2 id="confirm-heading">{locale.t("manage.confirm_heading")}</h2>
            <p>{locale.tf("manage.confirm_lead", &[("minutes", &minutes.to_string())])}</p>
            <ActionForm action attr:class="form">
                <input type="hidden" name="token" value=token />
                <button type="submit" class="button">{locale.t("manage.confirm_button")}</button>
            </ActionForm>
        </section>
    }
}

/// "This device" and "a new link": for a participant who used a shared computer, or whose
/// link reached someone else.
#[component]
pub fn LinkAndDevice(token: String) -> impl IntoView {
    let locale = use_locale();
    let forget = ServerAction::<ForgetThisDevice>::new();
    let replace = ServerAction::<ReplaceMyLink>::new();
    view! {
        <section aria-labelledby="device-heading">
            <h2 id="device-heading">{locale.t("manage.device_heading")}</h2>
            <p>{locale.t("manage.device_lead")}</p>
            <ActionForm action=forget attr:class="form">
                <button type="submit" class="button button-secondary">{locale.t("manage.forget_device")}</button>
            </ActionForm>
            <p>{locale.t("manage.new_link_lead")}</p>
            <ActionForm action=replace attr:class="form">
                <input type="hidden" name="token" value=token />
                <button type="submit" class="button button-secondary">{locale.t("manage.new_link")}</button>
            </ActionForm>
        </section>
    }
}

/// The participant's consents, each given or withdrawn on its own, and their rights: what
/// Agora holds about them (to read or download) and erasure. `consents` is the page's resource.
#[component]
pub fn YourData(token: String, consents: Vec<ConsentRecord>) -> impl IntoView {
    let locale = use_locale();
    let action = ServerAction::<SetMyConsent>::new();
    let rows = ConsentKind::ALL
        .into_iter()
        .map(|kind| {
            let record = consents.iter().find(|c| c.kind == kind).cloned();
            let active = record.as_ref().is_some_and(ConsentRecord::active);
            let state = match &record {
                Some(r) if r.active() => locale.tf(
                    "consent.given_on",
                    &[("date", &crate::i18n::format_date(locale, r.given_at.date_naive()))],
                ),
                Some(r) => locale.tf(
                    "consent.withdrawn_on",
                    &[("date", &r.withdrawn_at.map(|w| crate::i18n::format_date(locale, w.date_naive())).unwrap_or_default())],
                ),
                None => locale.t("consent.not_given"),
            };
            let id = format!("consent-{}", kind.as_str());
            let token = token.clone();
            view! {
                <li class="consent">
                    <p id=id.clone()><strong>{locale.t(kind.label_key())}</strong><br /><span class="muted">{state}</span></p>
                    <ActionForm action attr:class="form form-inline">
                        <input type="hidden" name="token" value=token />
                        <input type="hidden" name="kind" value=kind.as_str() />
                        <input type="hidden" name="given" value=if active { "no" } else { "yes" } />
                        <button type="submit" class="button button-secondary" aria-describedby=id>
                            {locale.t(if active { "consent.withdraw" } else { "consent.give" })}
                        </button>
                    </ActionForm>
                </li>
            }
        })
        .collect_view();
    view! {
        <section id="your-data" aria-labelledby="your-data-heading">
            <h2 id="your-data-heading">{locale.t("your_data.heading")}</h2>
            <p>{locale.t("your_data.consents_lead")}</p>
            <ul class="plain-list consents">{rows}</ul>
            <p>{locale.t("your_data.rights_lead")}</p>
            <ul class="plain-list link-list">
                <li><a href=format!("/r/{token}/data")>{locale.t("your_data.view")}</a></li>
                <li><a href=format!("/r/{token}/data.json") download="">{locale.t("your_data.download")}</a></li>
                <li><a href=format!("/r/{token}/erase")>{locale.t("your_data.erase")}</a></li>
            </ul>
            <p class="muted"><a href="/privacy">{locale.t("your_data.notice")}</a></p>
        </section>
    }
}

/// After "forget this device".
#[component]
pub fn DeviceForgottenPage() -> impl IntoView {
    view! { <OutcomePage title="forgotten.title" body="forgotten.body" noindex=true /> }
}

/// After asking for a new link.
#[component]
pub fn NewLinkSentPage() -> impl IntoView {
    view! { <OutcomePage title="new_link.title" body="new_link.body" noindex=true /> }
}

/// "Lost my link": the participant's address, and the manage links are emailed again.
#[component]
pub fn LostLinkPage() -> impl IntoView {
    let locale = use_locale();
    let action = ServerAction::<RequestLink>::new();
    let flash: FlashResource = Resource::new_blocking(|| (), |_| take_flash());
    let error = form_error(action.value(), flash);
    let msg = crate::components::form::field_message(error, "email");
    view! {
        <Title text=locale.t("lost.title") />
        <Meta name="robots" content="noindex" />
        <h1>{locale.t("lost.title")}</h1>
        <p>{locale.t("lost.lead")}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let typed = flash.await.ok().flatten().and_then(|f| f.field("form[email]")).unwrap_or_default();
                view! {
                    {move || error.get().filter(|e| e.field_key("email").is_none()).map(|error| view! { <ErrorNotice error /> })}
                    <ActionForm action attr:class="form" attr:novalidate="true">
                        <div class="field">
                            <label for="lost-email">{locale.t("register.email")}</label>
                            <input id="lost-email" type="email" name="email" required autocomplete="email" value=typed
                                aria-describedby="lost-email-error" aria-invalid=move || msg.get().is_some().to_string() />
                            <p class="field-error" id="lost-email-error">{move || msg.get()}</p>
                        </div>
                        <button type="submit" class="button" disabled=move || action.pending().get()>{locale.t("lost.submit")}</button>
                    </ActionForm>
                }
            })}
        </Suspense>
    }
}

/// The same answer whether or not the address is registered.
#[component]
pub fn LostLinkSentPage() -> impl IntoView {
    view! { <OutcomePage title="lost.sent_title" body="lost.sent_body" /> }
}
