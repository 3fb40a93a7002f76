//! The parts of the participant's page about their link and this device, and the pages those
//! forms lead to, and "lost my link". Each form is a plain HTML form (it works without JavaScript).

use super::api::RequestLink;
use super::participant::{ConfirmMyAddress, ForgetThisDevice, ReplaceMyLink};
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
    let minutes = ((until - chrono::Utc::now()).num_seconds().max(0) + 59) / 60;
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
