//! The public registration form, its answer, and the participant's own page (`/r/{token}`).

use super::api::{load_register_page, load_registration, CancelMyRegistration, Register};
use super::types::{RegisterPageData, RegistrationStatus, AGE_BANDS, GENDERS};
use crate::components::form::{Control, Field};
use crate::components::notice::{ErrorNotice, Loading, PageError};
use crate::error::AppError;
use crate::features::forums::pages::NotFoundPage;
use crate::features::forums::types::{country_key, COUNTRIES};
use crate::flash::{form_error, take_flash, Flash, FlashResource};
use crate::i18n::{format_date_range, use_locale};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let data = Resource::new_blocking(slug, load_register_page);
    let flash: FlashResource = Resource::new_blocking(|| (), |_| take_flash());
    let action = ServerAction::<Register>::new();
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let flashed = flash.await.ok().flatten();
                match data.await {
                    Ok(page) => view! { <RegisterForm page flashed action flash /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFoundPage /> }.into_any(),
                    Err(error) => view! { <PageError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn RegisterForm(
    page: RegisterPageData,
    flashed: Option<Flash>,
    action: ServerAction<Register>,
    flash: FlashResource,
) -> impl IntoView {
    let locale = use_locale();
    let f = page.forum.clone();
    let error = form_error(action.value(), flash);
    let kept = move |name: &str| {
        flashed
            .as_ref()
            .and_then(|fl| fl.field(&format!("form[{name}]")))
            .unwrap_or_default()
    };
    let title = locale.tf("register.title", &[("forum", &f.title)]);
    let countries: Vec<(String, String)> =
        std::iter::once((String::new(), locale.t("register.choose")))
            .chain(
                COUNTRIES
                    .iter()
                    .map(|c| (c.to_string(), locale.t(&country_key(c)))),
            )
            .chain([("other".to_string(), locale.t("country.other"))])
            .collect();
    let groups: Vec<(String, String)> =
        std::iter::once((String::new(), locale.t("register.choose")))
            .chain(
                page.groups
                    .iter()
                    .map(|g| (g.id.0.to_string(), g.name.clone())),
            )
            .collect();
    let genders: Vec<(String, String)> = std::iter::once((String::new(), "—".to_string()))
        .chain(
            GENDERS
                .iter()
                .map(|g| (g.to_string(), locale.t(&format!("register.gender.{g}")))),
        )
        .collect();
    let ages: Vec<(String, String)> = std::iter::once((String::new(), "—".to_string()))
        .chain(
            AGE_BANDS
                .iter()
                .map(|a| (a.to_string(), locale.t(&format!("register.age.{a}")))),
        )
        .collect();
    let privacy_msg = crate::components::form::field_message(error, "privacy");
    let slug = f.slug.clone();
    view! {
        <Title text=title.clone() />
        <Meta name="robots" content="noindex" />
        <p><A href=format!("/forums/{slug}")>{f.title.clone()}</A></p>
        <h1>{title}</h1>
        <p class="muted">{format_date_range(locale, f.starts_on, f.ends_on)}" · "{f.city.clone()}</p>
        {if !page.open {
            let message = match page.opens_on {
                Some(day) => locale.tf("register.not_yet", &[("date", &crate::i18n::format_date(locale, day))]),
                None => locale.t("register.closed"),
            };
            view! { <p class="notice notice-warning" role="status">{message}</p> }.into_any()
        } else {
            view! {
                <p>{locale.t("register.lead")}</p>
                {move || error.get().map(|error| view! { <ErrorNotice error /> })}
                <ActionForm action attr:class="form form-wide" attr:novalidate="true">
                    <input type="hidden" name="slug" value=slug.clone() />
                    <Field id="reg-full-name".into() field="full_name" label=locale.t("register.full_name") value=kept("full_name") control=Control::Input("text") error required=true />
                    <Field id="reg-email".into() field="email" label=locale.t("register.email") hint=locale.t("register.email_hint") value=kept("email") control=Control::Input("email") error required=true />
                    <div class="field-row">
                        <Field id="reg-organisation".into() field="organisation" label=locale.t("register.organisation") value=kept("organisation") control=Control::Input("text") error required=true />
                        <Field id="reg-position".into() field="position" label=locale.t("register.position") value=kept("position") control=Control::Input("text") error />
                    </div>
                    <div class="field-row">
                        <Field id="reg-country".into() field="country" label=locale.t("register.country") value=kept("country") control=Control::Select(countries) error />
                        <Field id="reg-country-other".into() field="country_other" label=locale.t("register.country_other") value=kept("country_other") control=Control::Input("text") error />
                    </div>
                    <Field id="reg-group".into() field="group_id" label=locale.t("register.group") hint=locale.t("register.group_hint") value=kept("group_id") control=Control::Select(groups) error />
                    <div class="field-row">
                        <Field id="reg-gender".into() field="gender" label=locale.t("register.gender") value=kept("gender") control=Control::Select(genders) error />
                        <Field id="reg-age".into() field="age_band" label=locale.t("register.age_band") value=kept("age_band") control=Control::Select(ages) error />
                    </div>
                    <Field id="reg-accessibility".into() field="accessibility" label=locale.t("register.accessibility") value=kept("accessibility") control=Control::TextArea(3) error />
                    <Field id="reg-dietary".into() field="dietary" label=locale.t("register.dietary") value=kept("dietary") control=Control::Input("text") error />
                    <div class="field checkbox">
                        <label for="reg-privacy">
                            <input type="checkbox" id="reg-privacy" name="form[privacy]" required aria-describedby="reg-privacy-error" />
                            " "{locale.t("register.privacy")}
                        </label>
                        <p class="field-error" id="reg-privacy-error">{move || privacy_msg.get()}</p>
                    </div>
                    <div class="field checkbox">
                        <label for="reg-photo">
                            <input type="checkbox" id="reg-photo" name="form[photo_consent]" />
                            " "{locale.t("register.photo_consent")}
                        </label>
                    </div>
                    <button type="submit" class="button" disabled=move || action.pending().get()>{locale.t("register.submit")}</button>
                </ActionForm>
            }.into_any()
        }}
    }
}

/// The same answer for every registration (see `api::register`).
#[component]
pub fn RegisterSentPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let slug = params.read_untracked().get("slug").unwrap_or_default();
    view! {
        <Title text=locale.t("register.sent_title") />
        <section class="empty-state">
            <h1>{locale.t("register.sent_title")}</h1>
            <p>{locale.t("register.sent_body")}</p>
            <p><A href=format!("/forums/{slug}")>{locale.t("register.back")}</A></p>
        </section>
    }
}

/// `/r/{token}`: the participant's registration, with cancellation.
#[component]
pub fn ManageRegistrationPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let cancel = ServerAction::<CancelMyRegistration>::new();
    let data = Resource::new_blocking(
        move || (token(), cancel.version().get()),
        |(t, _)| load_registration(t),
    );
    view! {
        <Title text=locale.t("manage.title") />
        <Meta name="robots" content="noindex" />
        <Meta name="referrer" content="no-referrer" />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(AppError::NotFound) => view! { <NotFoundPage /> }.into_any(),
                    Err(error) => view! { <PageError error /> }.into_any(),
                    Ok(r) => {
                        let status = r.status;
                        let badge = match status {
                            RegistrationStatus::Confirmed => "badge badge-ok",
                            RegistrationStatus::Waiting => "badge badge-draft",
                            RegistrationStatus::Cancelled => "badge badge-cancelled",
                        };
                        view! {
                            <p class="eyebrow">{r.forum.title.clone()}</p>
                            <h1>{locale.t("manage.title")}</h1>
                            <p><span class=badge>{locale.t(&format!("registration.status.{}", status.as_str()))}</span></p>
                            <p>{locale.t(&format!("manage.explain.{}", status.as_str()))}</p>
                            <dl class="facts">
                                <div><dt>{locale.t("register.full_name")}</dt><dd>{r.full_name.clone()}</dd></div>
                                <div><dt>{locale.t("register.email")}</dt><dd>{r.email.clone()}</dd></div>
                                <div><dt>{locale.t("register.organisation")}</dt><dd>{r.organisation.clone()}</dd></div>
                                <div><dt>{locale.t("register.group")}</dt><dd>{r.group.clone()}</dd></div>
                                <div><dt>{locale.t("forum.dates")}</dt><dd>{format_date_range(locale, r.forum.starts_on, r.forum.ends_on)}</dd></div>
                                <div><dt>{locale.t("forum.venue")}</dt><dd>{r.forum.venue.clone()}", "{r.forum.city.clone()}</dd></div>
                            </dl>
                            {move || cancel.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
                            {(status != RegistrationStatus::Cancelled).then(|| view! {
                                <section class="danger-zone" aria-labelledby="cancel-heading">
                                    <h2 id="cancel-heading">{locale.t("manage.cancel_heading")}</h2>
                                    <p>{locale.t("manage.cancel_lead")}</p>
                                    <ActionForm action=cancel attr:class="form">
                                        <input type="hidden" name="token" value=token() />
                                        <button type="submit" class="button button-danger">{locale.t("manage.cancel")}</button>
                                    </ActionForm>
                                </section>
                            })}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
