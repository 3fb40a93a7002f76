//! The public registration form, its answer, and the participant's own page (`/r/{token}`).

use super::api::{
    load_register_page, load_registration, CancelMyRegistration, Register, UpdateMyRegistration,
};
use super::questions::{field_of, Question, QuestionKind};
use super::types::{RegisterPageData, RegistrationMode, RegistrationStatus, AGE_BANDS, GENDERS};
use crate::components::form::{Control, Field};
use crate::components::nav::NotFoundPage;
use crate::components::notice::{ErrorNotice, Loading, OutcomePage, PageError};
use crate::components::slot::Slot;
use crate::error::AppError;
use crate::features::forums::types::{country_key, COUNTRIES};
use crate::flash::{form_error, take_flash, Flash, FlashResource};
use crate::i18n::{format_date_range, use_locale};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};
use std::collections::BTreeMap;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let key = move || {
        (
            params.read().get("slug").unwrap_or_default(),
            query.read().get("invite").unwrap_or_default(),
        )
    };
    let data = Resource::new_blocking(key, |(slug, invite)| load_register_page(slug, invite));
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

/// Option lists of the registration form, in the visitor's language.
pub(crate) fn countries(locale: crate::i18n::Locale) -> Vec<(String, String)> {
    std::iter::once((String::new(), locale.t("register.choose")))
        .chain(
            COUNTRIES
                .iter()
                .map(|c| (c.to_string(), locale.t(&country_key(c)))),
        )
        .chain([("other".to_string(), locale.t("country.other"))])
        .collect()
}

/// A stored country as people read it: the region's countries by name, others as typed.
#[cfg(feature = "ssr")]
pub(crate) fn country_label(locale: crate::i18n::Locale, country: &str) -> String {
    if COUNTRIES.contains(&country) {
        locale.t(&country_key(country))
    } else if country.is_empty() {
        locale.t("country.other")
    } else {
        country.to_string()
    }
}

fn optional(locale: crate::i18n::Locale, values: &[&str], prefix: &str) -> Vec<(String, String)> {
    std::iter::once((String::new(), "—".to_string()))
        .chain(
            values
                .iter()
                .map(|v| (v.to_string(), locale.t(&format!("{prefix}.{v}")))),
        )
        .collect()
}

/// The fields a participant fills in and may later edit after their name: everything but the
/// address and the group. `kept(name)` is the value to show (typed before an error, or stored).
#[component]
pub fn DetailsFields(
    kept: std::sync::Arc<dyn Fn(&str) -> String + Send + Sync>,
    questions: Vec<Question>,
    error: Signal<Option<AppError>>,
    /// Stored photo consent (edit forms); a new form starts unticked.
    #[prop(optional)]
    photo_consent: bool,
) -> impl IntoView {
    let locale = use_locale();
    let k = kept.clone();
    let kept_fn = move |name: &str| k(name);
    view! {
        <div class="field-row">
            <Field id="reg-organisation".into() field="organisation" label=locale.t("register.organisation") value=kept_fn("organisation") control=Control::Input("text") error required=true />
            <Field id="reg-position".into() field="position" label=locale.t("register.position") value=kept_fn("position") control=Control::Input("text") error />
        </div>
        <div class="field-row">
            <Field id="reg-country".into() field="country" label=locale.t("register.country") value=kept_fn("country") control=Control::Select(countries(locale)) error />
            <Field id="reg-country-other".into() field="country_other" label=locale.t("register.country_other") value=kept_fn("country_other") control=Control::Input("text") error />
        </div>
        <div class="field-row">
            <Field id="reg-gender".into() field="gender" label=locale.t("register.gender") value=kept_fn("gender") control=Control::Select(optional(locale, &GENDERS, "register.gender")) error />
            <Field id="reg-age".into() field="age_band" label=locale.t("register.age_band") value=kept_fn("age_band") control=Control::Select(optional(locale, &AGE_BANDS, "register.age")) error />
        </div>
        <Field id="reg-accessibility".into() field="accessibility" label=locale.t("register.accessibility") value=kept_fn("accessibility") control=Control::TextArea(3) error />
        <Field id="reg-dietary".into() field="dietary" label=locale.t("register.dietary") value=kept_fn("dietary") control=Control::Input("text") error />
        {(!questions.is_empty()).then(|| view! {
            <fieldset class="questions">
                <legend>{locale.t("register.questions")}</legend>
                {questions.into_iter().map(|q| view! { <QuestionField question=q kept=kept.clone() error /> }).collect_view()}
            </fieldset>
        })}
        <div class="field checkbox">
            <label for="reg-photo">
                <input type="checkbox" id="reg-photo" name="form[photo_consent]" checked=photo_consent />
                " "{locale.t("register.photo_consent")}
            </label>
        </div>
    }
}

/// One of the forum's own questions, named `form[answers][q<ID>]` (and `..._<N>` per option of a
/// multiple choice), with its error beside it.
#[component]
fn QuestionField(
    question: Question,
    kept: std::sync::Arc<dyn Fn(&str) -> String + Send + Sync>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let locale = use_locale();
    let field = field_of(question.id);
    let id = format!("question-{}", question.id);
    let error_id = format!("{id}-error");
    let name = format!("form[answers][{field}]");
    let value = kept(&format!("answers][{field}"));
    let message = {
        let field = field.clone();
        Signal::derive(move || {
            error
                .get()
                .and_then(|e| e.field_key(&field))
                .map(|k| locale.t(&k))
        })
    };
    let invalid = move || message.get().is_some().to_string();
    let required = question.required;
    let label = view! {
        {question.label.clone()}
        {(!required).then(|| view! { " "<span class="muted">{locale.t("register.optional")}</span> })}
    };
    let control = match question.kind {
        QuestionKind::Short => view! {
            <label for=id.clone()>{label}</label>
            <input id=id.clone() type="text" name=name value=value required=required aria-invalid=invalid aria-describedby=error_id.clone() />
        }.into_any(),
        QuestionKind::Long => view! {
            <label for=id.clone()>{label}</label>
            <textarea id=id.clone() name=name rows="3" aria-invalid=invalid aria-describedby=error_id.clone()>{value}</textarea>
        }.into_any(),
        QuestionKind::Checkbox => {
            let checked = !value.is_empty();
            view! {
                <label for=id.clone()>
                    <input id=id.clone() type="checkbox" name=name checked=checked aria-invalid=invalid aria-describedby=error_id.clone() />
                    " "{label}
                </label>
            }.into_any()
        }
        QuestionKind::Single | QuestionKind::Multiple => {
            let multiple = question.kind == QuestionKind::Multiple;
            let options = question.options.clone().into_iter().enumerate().map(|(n, option)| {
                let option_id = format!("{id}-{n}");
                let (kind, option_name, checked) = if multiple {
                    let key = format!("{field}_{n}");
                    let checked = !kept(&format!("answers][{key}")).is_empty();
                    ("checkbox", format!("form[answers][{key}]"), checked)
                } else {
                    ("radio", name.clone(), value == n.to_string())
                };
                let input_id = option_id.clone();
                view! {
                    <label for=option_id class="choice">
                        <input id=input_id type=kind name=option_name value=n.to_string() checked=checked />
                        " "{option}
                    </label>
                }
            }).collect_view();
            view! {
                <fieldset class="choices" aria-invalid=invalid aria-describedby=error_id.clone()>
                    <legend>{label}</legend>
                    {options}
                </fieldset>
            }.into_any()
        }
    };
    view! {
        <div class="field" class:checkbox=question.kind == QuestionKind::Checkbox>
            {control}
            <p class="field-error" id=error_id>{move || message.get()}</p>
        </div>
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
    let invitation = page.invitation.clone();
    let defaults: BTreeMap<&str, String> = invitation
        .as_ref()
        .map(|i| {
            [
                ("full_name", i.full_name.clone()),
                ("email", i.email.clone()),
                ("invitation", i.code.clone()),
            ]
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .collect()
        })
        .unwrap_or_default();
    let kept: std::sync::Arc<dyn Fn(&str) -> String + Send + Sync> =
        std::sync::Arc::new(move |name: &str| {
            flashed
                .as_ref()
                .and_then(|fl| fl.field(&format!("form[{name}]")))
                .or_else(|| defaults.get(name).cloned())
                .unwrap_or_default()
        });
    let title = locale.tf("register.title", &[("forum", &f.title)]);
    let invited_group = invitation.as_ref().and_then(|i| i.group_id);
    let groups: Vec<(String, String)> =
        std::iter::once((String::new(), locale.t("register.choose")))
            .chain(
                page.groups
                    .iter()
                    .filter(|g| invited_group.is_none_or(|id| id == g.id))
                    .map(|g| (g.id.0.to_string(), g.name.clone())),
            )
            .collect();
    let group_value = invited_group
        .map(|g| g.0.to_string())
        .unwrap_or_else(|| kept("group_id"));
    let privacy_msg = crate::components::form::field_message(error, "privacy");
    let slug = f.slug.clone();
    let mode = page.mode;
    let k = kept.clone();
    view! {
        <Title text=title.clone() />
        <Meta name="robots" content="noindex" />
        <Meta name="referrer" content="same-origin" />
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
                <p>{locale.t(match mode {
                    RegistrationMode::Open => "register.lead",
                    RegistrationMode::Approval => "register.lead_approval",
                    RegistrationMode::Invitation => "register.lead_invitation",
                })}</p>
                {page.invitation_problem.clone().map(|key| view! { <p class="notice notice-warning" role="status">{locale.t(&key)}</p> })}
                {invitation.as_ref().map(|i| view! { <p><a href=format!("/forums/{}/decline?invite={}", f.slug, i.code)>{locale.t("register.cannot_come")}</a></p> })}
                {move || error.get().map(|error| view! { <ErrorNotice error /> })}
                <ActionForm action attr:class="form form-wide" attr:novalidate="true">
                    <input type="hidden" name="slug" value=slug.clone() />
                    <input type="hidden" name="form[issued]" value=page.issued.clone() />
                    <div class="off-screen" aria-hidden="true">
                        <label for="reg-website">{locale.t("register.leave_empty")}</label>
                        <input type="text" id="reg-website" name="form[website]" tabindex="-1" autocomplete="off" />
                    </div>
                    {(mode == RegistrationMode::Invitation).then(|| view! {
                        <Field id="reg-invitation".into() field="invitation" label=locale.t("register.invitation") hint=locale.t("register.invitation_hint") value=k("invitation") control=Control::Input("text") error required=true />
                    })}
                    <Field id="reg-full-name".into() field="full_name" label=locale.t("register.full_name") value=k("full_name") control=Control::Input("text") error required=true />
                    <Field id="reg-email".into() field="email" label=locale.t("register.email") hint=locale.t("register.email_hint") value=k("email") control=Control::Input("email") error required=true />
                    <Field id="reg-group".into() field="group_id" label=locale.t("register.group") hint=locale.t("register.group_hint") value=group_value.clone() control=Control::Select(groups.clone()) error />
                    <DetailsFields kept=kept.clone() questions=page.questions.clone() error />
                    <fieldset class="field consents">
                        <legend>{locale.t("register.consents")}</legend>
                        <p class="hint" id="reg-consents-hint">{locale.t("register.consents_hint")}</p>
                        <div class="field checkbox">
                            <label for="reg-listed">
                                <input type="checkbox" id="reg-listed" name="form[listed_consent]" aria-describedby="reg-consents-hint" checked=!k("listed_consent").is_empty() />
                                " "{locale.t("consent.listed")}
                            </label>
                        </div>
                        <div class="field checkbox">
                            <label for="reg-contact">
                                <input type="checkbox" id="reg-contact" name="form[contact_consent]" aria-describedby="reg-consents-hint" checked=!k("contact_consent").is_empty() />
                                " "{locale.t("consent.contact")}
                            </label>
                        </div>
                    </fieldset>
                    <div class="field checkbox">
                        <label for="reg-privacy">
                            <input type="checkbox" id="reg-privacy" name="form[privacy]" required aria-describedby="reg-privacy-notice reg-privacy-error" />
                            " "{locale.t("register.privacy")}
                        </label>
                        <p class="hint" id="reg-privacy-notice"><a href=page.privacy_url.clone() target="_blank" rel="noopener">{locale.t("register.privacy_read")}</a></p>
                        <p class="field-error" id="reg-privacy-error">{move || privacy_msg.get()}</p>
                    </div>
                    <button type="submit" class="button" disabled=move || action.pending().get()>{locale.t("register.submit")}</button>
                </ActionForm>
                <p class="muted link-line"><A href="/registration/lost">{locale.t("lost.link")}</A></p>
            }.into_any()
        }}
    }
}

/// The same answer for every registration (see `api::register`).
#[component]
pub fn RegisterSentPage() -> impl IntoView {
    let locale = use_locale();
    let slug = use_params_map()
        .read_untracked()
        .get("slug")
        .unwrap_or_default();
    // Forums that confirm addresses first say how long the link holds the place.
    let confirm = use_query_map()
        .read_untracked()
        .get("confirm")
        .and_then(|m| m.parse::<u32>().ok())
        .filter(|m| (5..=1440).contains(m));
    view! {
        <OutcomePage title="register.sent_title" body="register.sent_body" back=format!("/forums/{slug}") back_label="register.back">
            {confirm.map(|minutes| view! { <p class="notice" role="status">{locale.tf("register.sent_confirm", &[("minutes", &minutes.to_string())])}</p> })}
        </OutcomePage>
    }
}

/// `/r/{token}`: the participant's registration, with cancellation. The ticket and the personal
/// agenda are later features' slots (given the token), shown once the place is confirmed; their
/// data is loaded where the page is composed, outside this page's `Suspense`.
#[component]
pub fn ManageRegistrationPage(
    #[prop(optional)] ticket: Slot<String>,
    #[prop(optional)] agenda: Slot<String>,
    #[prop(optional)] messages: Slot<String>,
) -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let cancel = ServerAction::<CancelMyRegistration>::new();
    let edit = ServerAction::<UpdateMyRegistration>::new();
    // Every resource of the page is made here, never inside its `Suspense` (leptos#4866).
    let flash: FlashResource = Resource::new_blocking(|| (), |_| take_flash());
    let data = Resource::new_blocking(
        move || (token(), cancel.version().get() + edit.version().get()),
        |(t, _)| load_registration(t),
    );
    let consents = Resource::new_blocking(token, super::participant::load_my_consents);
    view! {
        <Title text=locale.t("manage.title") />
        <Meta name="robots" content="noindex" />
        <Meta name="referrer" content="same-origin" />
        <Suspense fallback=Loading>
            {move || Suspend::new({
                let (ticket, agenda, messages) = (ticket.clone(), agenda.clone(), messages.clone());
                async move {
                let consents = consents.await.unwrap_or_default();
                match data.await {
                    Err(AppError::NotFound) => view! { <NotFoundPage /> }.into_any(),
                    Err(error) => view! { <PageError error /> }.into_any(),
                    Ok(r) => {
                        let status = r.status;
                        let badge = status.badge();
                        let active = !matches!(status, RegistrationStatus::Cancelled | RegistrationStatus::Rejected);
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
                            {r.hold_until.map(|until| view! { <super::participant_pages::ConfirmAddress token=token() until /> })}
                            {(status == RegistrationStatus::Confirmed && r.hold_until.is_none()).then(|| view! {
                                {ticket.show(token())}
                                {agenda.show(token())}
                            })}
                            {messages.show(token())}
                            {active.then(|| view! { <EditDetails token=token() registration=r.clone() edit flash /> })}
                            <super::participant_pages::LinkAndDevice token=token() />
                            <super::participant_pages::YourData token=token() consents />
                            {move || cancel.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
                            {active.then(|| view! {
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
                }
            })}
        </Suspense>
    }
}

/// The participant's own edit form on `/r/{token}`.
#[component]
fn EditDetails(
    token: String,
    registration: super::types::RegistrationView,
    edit: ServerAction<UpdateMyRegistration>,
    flash: FlashResource,
) -> impl IntoView {
    let locale = use_locale();
    let error = crate::components::form::tagged_error(edit.value(), flash, "details".into());
    let query = use_query_map();
    let saved =
        move || matches!(edit.value().get(), Some(Ok(()))) || query.read().get("saved").is_some();
    view! {
        <section aria-labelledby="edit-heading">
            <h2 id="edit-heading">{locale.t("manage.edit_heading")}</h2>
            <Suspense fallback=Loading>
                {move || Suspend::new({
                    let token = token.clone();
                    let r = registration.clone();
                    async move {
                        let flashed = flash.await.ok().flatten().filter(|f| f.field("form").as_deref() == Some("details"));
                        let r2 = r.clone();
                        let stored_name = flashed.as_ref().map_or_else(|| r.full_name.clone(), |fl| fl.field("form[full_name]").unwrap_or_default());
                        let kept: std::sync::Arc<dyn Fn(&str) -> String + Send + Sync> = std::sync::Arc::new(move |name: &str| {
                            if let Some(fl) = flashed.as_ref() {
                                return fl.field(&format!("form[{name}]")).unwrap_or_default();
                            }
                            stored_value(&r2, name)
                        });
                        view! {
                            {move || saved().then(|| view! { <p class="notice notice-ok" role="status">{locale.t("manage.saved")}</p> })}
                            {move || error.get().map(|error| view! { <ErrorNotice error /> })}
                            <ActionForm action=edit attr:class="form form-wide" attr:novalidate="true">
                                <input type="hidden" name="token" value=token />
                                <Field id="reg-full-name".into() field="full_name" label=locale.t("register.full_name") value=stored_name.clone() control=Control::Input("text") error required=true />
                                <DetailsFields kept questions=r.questions.clone() error photo_consent=r.photo_consent />
                                <button type="submit" class="button">{locale.t("manage.save")}</button>
                            </ActionForm>
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

/// A stored detail under its form name (`country` splits into a code or "other" plus text).
pub fn stored_value(r: &super::types::RegistrationView, name: &str) -> String {
    let region = COUNTRIES.contains(&r.country.as_str());
    match name {
        "full_name" => r.full_name.clone(),
        "organisation" => r.organisation.clone(),
        "position" => r.position.clone(),
        "country" if region => r.country.clone(),
        "country" if !r.country.is_empty() => "other".into(),
        "country_other" if !region => r.country.clone(),
        "gender" => r.gender.clone(),
        "age_band" => r.age_band.clone(),
        "accessibility" => r.accessibility.clone(),
        "dietary" => r.dietary.clone(),
        other => other
            .strip_prefix("answers][")
            .and_then(|k| r.answers.get(k).cloned())
            .unwrap_or_default(),
    }
}
