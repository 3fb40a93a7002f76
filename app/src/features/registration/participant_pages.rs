//! The parts of the participant's page about their link and this device, and the pages those
//! forms lead to. Each form is a plain HTML form (it works without JavaScript).

use super::participant::{ConfirmMyAddress, ForgetThisDevice, ReplaceMyLink};
use crate::i18n::use_locale;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::components::A;

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
    let locale = use_locale();
    view! {
        <Title text=locale.t("forgotten.title") />
        <Meta name="robots" content="noindex" />
        <section class="empty-state">
            <h1>{locale.t("forgotten.title")}</h1>
            <p>{locale.t("forgotten.body")}</p>
            <p><A href="/">{locale.t("register.back_home")}</A></p>
        </section>
    }
}

/// After asking for a new link.
#[component]
pub fn NewLinkSentPage() -> impl IntoView {
    let locale = use_locale();
    view! {
        <Title text=locale.t("new_link.title") />
        <Meta name="robots" content="noindex" />
        <section class="empty-state">
            <h1>{locale.t("new_link.title")}</h1>
            <p>{locale.t("new_link.body")}</p>
            <p><A href="/">{locale.t("register.back_home")}</A></p>
        </section>
    }
}
