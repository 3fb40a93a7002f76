//! The organiser's registration screens beyond the list: one registration (edit, move, approve,
//! reject, cancel), adding one by hand, and the forum's own questions.

use super::invitations::load_invitations;
use super::manage::{
    load_registration_admin, AddRegistration, ChangeRegistration, EditRegistration,
};
use super::manage_pages::StatusBadge;
use super::pages::{stored_value, DetailsFields};
use super::question_admin::{load_questions, AddQuestion, DeleteQuestion};
use super::questions::{authored_locales, pick, QuestionKind};
use super::types::RegistrationStatus;
use crate::components::form::{flashed, tagged_error, Control, Field};
use crate::components::notice::{refused, ErrorNotice, Loading};
use crate::components::slot::Slot;
use crate::flash::{take_flash, FlashResource};
use crate::i18n::use_locale;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use std::sync::Arc;

pub(crate) fn slug_param() -> String {
    use_params_map()
        .read_untracked()
        .get("slug")
        .unwrap_or_default()
}

/// `/organiser/forums/{slug}/registrations/{id}`. The ticket (with its re-issue button) is the
/// tickets feature's slot, given the forum and the registration, shown while it holds a seat.
#[component]
pub fn RegistrationAdminPage(
    #[prop(optional)] ticket: Slot<(String, super::types::RegistrationId)>,
) -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let edit = ServerAction::<EditRegistration>::new();
    let change = ServerAction::<ChangeRegistration>::new();
    let flash: FlashResource = Resource::new_blocking(|| (), |_| take_flash());
    let key = move || {
        let p = params.read();
        (
            p.get("slug").unwrap_or_default(),
            p.get("id").and_then(|i| i.parse::<i64>().ok()).map_or(
                super::types::RegistrationId(0),
                super::types::RegistrationId,
            ),
            edit.version().get() + change.version().get(),
        )
    };
    let data = Resource::new_blocking(key, |(slug, id, _)| load_registration_admin(slug, id));
    let error = tagged_error(edit.value(), flash, "details".into());
    let slug = slug_param();
    view! {
        <Title text=locale.t("registrations.one_title") />
        <p><A href=format!("/organiser/forums/{slug}/registrations")>{locale.t("registrations.back")}</A></p>
        <Suspense fallback=Loading>
            {move || Suspend::new({
                let (slug, ticket) = (slug.clone(), ticket.clone());
                async move {
                let flashed_details = flash.await.ok().flatten().filter(|f| f.field("form").as_deref() == Some("details"));
                match data.await {
                    Err(e) => refused(e),
                    Ok(admin) => {
                        let r = admin.registration.clone();
                        let status = r.status;
                        let active = !matches!(status, RegistrationStatus::Cancelled | RegistrationStatus::Rejected);
                        let r2 = r.clone();
                        let kept_name = flashed_details.as_ref().map_or_else(|| r.full_name.clone(), |fl| fl.field("form[full_name]").unwrap_or_default());
                        let kept: Arc<dyn Fn(&str) -> String + Send + Sync> = Arc::new(move |name: &str| {
                            if let Some(fl) = flashed_details.as_ref() {
                                return fl.field(&format!("form[{name}]")).unwrap_or_default();
                            }
                            stored_value(&r2, name)
                        });
                        let id = admin.id.to_string();
                        let groups: Vec<(String, String)> = admin.groups.iter().map(|g| (g.id.0.to_string(), g.name.clone())).collect();
                        let group_now = admin.group_id.to_string();
                        let (slug_a, slug_b, id_a, id_b) = (slug.clone(), slug.clone(), id.clone(), id.clone());
                        let status_action = move |what: &'static str, label: String, class: &'static str| {
                            let (slug, id) = (slug_a.clone(), id_a.clone());
                            view! {
                                <ActionForm action=change attr:class="inline-form">
                                    <input type="hidden" name="slug" value=slug />
                                    <input type="hidden" name="registration_id" value=id />
                                    <input type="hidden" name="change" value=what />
                                    <button type="submit" class=class>{label}</button>
                                </ActionForm>
                            }
                        };
                        view! {
                            <p class="eyebrow">{r.forum.title.clone()}</p>
                            <h1>{r.full_name.clone()}</h1>
                            <p><StatusBadge status locale />" "<span class="muted">{r.email.clone()}" · "{r.group.clone()}</span></p>
                            {move || change.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
                            <div class="row-actions">
                                {(status == RegistrationStatus::Pending).then(|| status_action("approve", locale.t("registrations.approve"), "button"))}
                                {(status == RegistrationStatus::Pending || (active && status != RegistrationStatus::Pending)).then(|| status_action("reject", locale.t("registrations.reject"), "button button-secondary"))}
                                {active.then(|| status_action("cancel", locale.t("registrations.cancel"), "button button-secondary"))}
                            </div>
                            <section aria-labelledby="move-heading">
                                <h2 id="move-heading">{locale.t("registrations.move_heading")}</h2>
                                <p class="hint">{locale.t("registrations.move_hint")}</p>
                                <ActionForm action=change attr:class="form">
                                    <input type="hidden" name="slug" value=slug_b />
                                    <input type="hidden" name="registration_id" value=id_b />
                                    <input type="hidden" name="change" value="move" />
                                    <div class="field">
                                        <label for="move-group">{locale.t("register.group")}</label>
                                        <select id="move-group" name="group_id">
                                            {groups.into_iter().map(|(v, l)| { let sel = v == group_now; view! { <option value=v selected=sel>{l}</option> } }).collect_view()}
                                        </select>
                                    </div>
                                    <button type="submit" class="button button-secondary">{locale.t("registrations.move")}</button>
                                </ActionForm>
                            </section>
                            {(status == RegistrationStatus::Confirmed).then(|| ticket.show((slug.clone(), super::types::RegistrationId(admin.id))))}
                            {active.then(|| view! {
                                <section aria-labelledby="details-heading">
                                    <h2 id="details-heading">{locale.t("manage.edit_heading")}</h2>
                                    {move || matches!(edit.value().get(), Some(Ok(()))).then(|| view! { <p class="notice notice-ok" role="status">{locale.t("manage.saved")}</p> })}
                                    {move || error.get().map(|error| view! { <ErrorNotice error /> })}
                                    <ActionForm action=edit attr:class="form form-wide" attr:novalidate="true">
                                        <input type="hidden" name="slug" value=slug.clone() />
                                        <input type="hidden" name="registration_id" value=id.clone() />
                                        <Field id="reg-full-name".into() field="full_name" label=locale.t("register.full_name") value=kept_name.clone() control=Control::Input("text") error required=true />
                                        <DetailsFields kept questions=r.questions.clone() error photo_consent=r.photo_consent />
                                        <button type="submit" class="button">{locale.t("common.save")}</button>
                                    </ActionForm>
                                </section>
                            })}
                        }.into_any()
                    }
                }
            }})}
        </Suspense>
    }
}

/// `/organiser/forums/{slug}/registrations/new`: a walk-in or an invitee, added by hand.
#[component]
pub fn AddRegistrationPage() -> impl IntoView {
    let locale = use_locale();
    let add = ServerAction::<AddRegistration>::new();
    let flash: FlashResource = Resource::new_blocking(|| (), |_| take_flash());
    let error = tagged_error(add.value(), flash, "add".into());
    let slug = slug_param();
    let data = Resource::new_blocking(
        {
            let slug = slug.clone();
            move || slug.clone()
        },
        |slug| load_invitations(slug, None),
    );
    view! {
        <Title text=locale.t("registrations.add") />
        <p><A href=format!("/organiser/forums/{slug}/registrations")>{locale.t("registrations.back")}</A></p>
        <h1>{locale.t("registrations.add")}</h1>
        <p>{locale.t("registrations.add_lead")}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new({
                let slug = slug.clone();
                async move {
                let _ = flash.await;
                match data.await {
                    Err(e) => refused(e),
                    Ok(admin) => {
                        let kept = move |name: &str| flashed(flash, "add", name).unwrap_or_default();
                        let groups: Vec<(String, String)> = std::iter::once((String::new(), locale.t("register.choose")))
                            .chain(admin.groups.iter().map(|g| (g.id.0.to_string(), g.name.clone())))
                            .collect();
                        let countries = super::pages::countries(locale);
                        view! {
                            {move || matches!(add.value().get(), Some(Ok(()))).then(|| view! { <p class="notice notice-ok" role="status">{locale.t("registrations.added")}</p> })}
                            {move || error.get().map(|error| view! { <ErrorNotice error /> })}
                            <ActionForm action=add attr:class="form form-wide" attr:novalidate="true">
                                <input type="hidden" name="slug" value=slug.clone() />
                                <Field id="add-name".into() field="full_name" label=locale.t("register.full_name") value=kept("full_name") control=Control::Input("text") error required=true />
                                <Field id="add-email".into() field="email" label=locale.t("register.email") value=kept("email") control=Control::Input("email") error required=true />
                                <Field id="add-organisation".into() field="organisation" label=locale.t("register.organisation") value=kept("organisation") control=Control::Input("text") error required=true />
                                <div class="field-row">
                                    <Field id="add-country".into() field="country" label=locale.t("register.country") value=kept("country") control=Control::Select(countries) error />
                                    <Field id="add-country-other".into() field="country_other" label=locale.t("register.country_other") value=String::new() control=Control::Input("text") error />
                                </div>
                                <Field id="add-group".into() field="group_id" label=locale.t("register.group") value=kept("group_id") control=Control::Select(groups) error />
                                <button type="submit" class="button">{locale.t("registrations.add_submit")}</button>
                            </ActionForm>
                        }.into_any()
                    }
                }
            }})}
        </Suspense>
    }
}

/// `/organiser/forums/{slug}/questions`.
#[component]
pub fn QuestionsPage() -> impl IntoView {
    let locale = use_locale();
    let add = ServerAction::<AddQuestion>::new();
    let delete = ServerAction::<DeleteQuestion>::new();
    let flash: FlashResource = Resource::new_blocking(|| (), |_| take_flash());
    let error = tagged_error(add.value(), flash, "question".into());
    let slug = slug_param();
    let data = Resource::new_blocking(
        {
            let slug = slug.clone();
            move || (slug.clone(), add.version().get() + delete.version().get())
        },
        |(slug, _)| load_questions(slug),
    );
    view! {
        <Title text=locale.t("questions.title") />
        <p><A href=format!("/organiser/forums/{slug}/registrations")>{locale.t("registrations.back")}</A></p>
        <h1>{locale.t("questions.title")}</h1>
        <p>{locale.t("questions.lead")}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new({
                let slug = slug.clone();
                async move {
                let _ = flash.await;
                match data.await {
                    Err(e) => refused(e),
                    Ok(admin) => {
                        let kept = move |name: &str| flashed(flash, "question", name).unwrap_or_default();
                        let kinds: Vec<(String, String)> = QuestionKind::ALL.iter().map(|k| (k.as_str().to_string(), locale.t(&format!("questions.kind.{}", k.as_str())))).collect();
                        let slug_rows = slug.clone();
                        view! {
                            <ol class="question-list">
                                {admin.questions.into_iter().map(|q| {
                                    let slug = slug_rows.clone();
                                    let label = pick(&q.label, locale);
                                    let options: Vec<String> = q.options.iter().map(|o| pick(o, locale)).collect();
                                    view! {
                                        <li class="card">
                                            <p><strong>{label.clone()}</strong>" "<span class="badge">{locale.t(&format!("questions.kind.{}", q.kind.as_str()))}</span>
                                                {q.required.then(|| view! { " "<span class="badge badge-draft">{locale.t("questions.required")}</span> })}</p>
                                            {(!options.is_empty()).then(|| view! { <p class="muted">{options.join(" · ")}</p> })}
                                            <p class="muted small">{locale.tf("questions.languages", &[("list", &q.label.keys().cloned().collect::<Vec<_>>().join(", "))])}</p>
                                            <ActionForm action=delete attr:class="inline-form">
                                                <input type="hidden" name="slug" value=slug />
                                                <input type="hidden" name="question_id" value=q.id.to_string() />
                                                <button type="submit" class="button button-small button-secondary">{locale.t("questions.delete")}<span class="visually-hidden">": "{label}</span></button>
                                            </ActionForm>
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                            <h2>{locale.t("questions.add")}</h2>
                            {move || error.get().map(|error| view! { <ErrorNotice error /> })}
                            {move || delete.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
                            <ActionForm action=add attr:class="form form-wide" attr:novalidate="true">
                                <input type="hidden" name="slug" value=slug.clone() />
                                <Field id="question-kind".into() field="kind" label=locale.t("questions.kind") value=kept("kind") control=Control::Select(kinds) error />
                                <div class="field checkbox">
                                    <label for="question-required">
                                        <input type="checkbox" id="question-required" name="form[required]" />
                                        " "{locale.t("questions.required")}
                                    </label>
                                </div>
                                {authored_locales().map(|l| {
                                    let code = l.code();
                                    let label_id = format!("question-label-{code}");
                                    let options_id = format!("question-options-{code}");
                                    let label_value = kept(&format!("label][{code}"));
                                    let options_value = kept(&format!("options][{code}"));
                                    let label_error = (code == "en").then_some(move || error.get().and_then(|e| e.field_key("label_en")).map(|k| locale.t(&k)));
                                    let options_error = (code == "en").then_some(move || error.get().and_then(|e| e.field_key("options_en")).map(|k| locale.t(&k)));
                                    view! {
                                        <fieldset class="language-group">
                                            <legend>{l.native_name()}</legend>
                                            <div class="field">
                                                <label for=label_id.clone()>{locale.t("questions.label")}</label>
                                                <input id=label_id type="text" name=format!("form[label][{code}]") value=label_value />
                                                {label_error.map(|m| view! { <p class="field-error">{m}</p> })}
                                            </div>
                                            <div class="field">
                                                <label for=options_id.clone()>{locale.t("questions.options")}</label>
                                                <textarea id=options_id name=format!("form[options][{code}]") rows="3">{options_value}</textarea>
                                                {options_error.map(|m| view! { <p class="field-error">{m}</p> })}
                                            </div>
                                        </fieldset>
                                    }
                                }).collect_view()}
                                <p class="hint">{locale.t("questions.options_hint")}</p>
                                <button type="submit" class="button">{locale.t("questions.add")}</button>
                            </ActionForm>
                        }.into_any()
                    }
                }
            }})}
        </Suspense>
    }
}
