//! The organiser's session form (create, move, edit) with the session's people.

use super::admin_parts::slug_param;
use super::manage::{load_agenda_admin, AssignPerson, DeleteSession, SaveSession, UnassignPerson};
use super::rules::SessionForm;
use super::types::{AgendaData, AgendaSession, PERSON_ROLES, SESSION_KINDS, SESSION_LANGUAGES};
use crate::components::content::language_name;
use crate::components::form::{flashed, tagged_error, Control, Field};
use crate::components::notice::{refused, ErrorNotice, Loading, PageError};
use crate::error::AppError;
use crate::flash::{take_flash, FlashResource};
use crate::i18n::{format_date, format_time, use_locale, Locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// `/organiser/forums/:slug/sessions/new` and `/organiser/forums/:slug/sessions/:id`.
#[component]
pub fn SessionEditPage() -> impl IntoView {
    let locale = use_locale();
    let slug = slug_param();
    let params = use_params_map();
    let session_id =
        Signal::derive(move || params.read().get("id").and_then(|v| v.parse::<i64>().ok()));
    let save = ServerAction::<SaveSession>::new();
    let assign = ServerAction::<AssignPerson>::new();
    let unassign = ServerAction::<UnassignPerson>::new();
    let delete = ServerAction::<DeleteSession>::new();
    let flash: FlashResource = Resource::new_blocking(|| (), |_| take_flash());
    let data = Resource::new_blocking(
        move || {
            (
                slug.get(),
                assign.version().get() + unassign.version().get(),
            )
        },
        |(s, _)| load_agenda_admin(s),
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let _ = flash.await;
                match data.await {
                    Err(error) => refused(error),
                    Ok((agenda, _)) => {
                        let id = session_id.get_untracked();
                        let session = id.and_then(|id| agenda.sessions.iter().find(|s| s.id.0 == id).cloned());
                        if id.is_some() && session.is_none() {
                            return view! { <PageError error=AppError::NotFound /> }.into_any();
                        }
                        let heading = if session.is_some() { locale.t("session_form.title_edit") } else { locale.t("session_form.title_new") };
                        view! {
                            <Title text=heading.clone() />
                            <p><A href=format!("/organiser/forums/{}/agenda", agenda.forum.slug)>{locale.t("session_form.back")}</A></p>
                            <h1>{heading}</h1>
                            <SessionFields agenda=agenda.clone() session=session.clone() action=save flash />
                            {session.map(|s| view! {
                                <SessionPeople agenda=agenda.clone() session=s.clone() assign unassign flash />
                                <section class="danger-zone" aria-labelledby="delete-session-heading">
                                    <h2 id="delete-session-heading">{locale.t("session_form.delete_heading")}</h2>
                                    <p>{locale.t("session_form.delete_lead")}</p>
                                    {move || delete.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
                                    <ActionForm action=delete attr:class="form">
                                        <input type="hidden" name="slug" value=agenda.forum.slug.clone() />
                                        <input type="hidden" name="session_id" value=s.id.0.to_string() />
                                        <button type="submit" class="button button-danger">{locale.t("session_form.delete")}</button>
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

fn options(locale: Locale, keys: &[&str], prefix: &str) -> Vec<(String, String)> {
    keys.iter()
        .map(|k| (k.to_string(), locale.t(&format!("{prefix}{k}"))))
        .collect()
}

#[component]
fn SessionFields(
    agenda: AgendaData,
    session: Option<AgendaSession>,
    action: ServerAction<SaveSession>,
    flash: FlashResource,
) -> impl IntoView {
    let locale = use_locale();
    let error = tagged_error(action.value(), flash, "session".to_string());
    let value = move |name: &str, stored: String| flashed(flash, "session", name).unwrap_or(stored);
    let form = match &session {
        Some(s) => SessionForm {
            title: s.title.clone(),
            description: s.description.clone(),
            kind: s.kind.clone(),
            day: s.day.to_string(),
            starts: format_time(s.starts),
            ends: format_time(s.ends),
            room_id: s.room.map(|r| r.0.to_string()).unwrap_or_default(),
            track_id: s.track.map(|t| t.0.to_string()).unwrap_or_default(),
            language: s.language.clone(),
            interpretation: s
                .interpretation
                .iter()
                .map(|c| (c.clone(), "on".to_string()))
                .collect(),
        },
        None => SessionForm {
            kind: "panel".into(),
            day: agenda.forum.starts_on.to_string(),
            starts: "09:00".into(),
            ends: "10:00".into(),
            language: agenda.forum.default_locale.clone(),
            ..Default::default()
        },
    };
    let flashed_any = flashed(flash, "session", "title").is_some();
    let interpreted = move |code: &str| {
        if flashed_any {
            flashed(flash, "session", &format!("interpretation][{code}")).is_some()
        } else {
            form.interpretation.contains_key(code)
        }
    };
    let days: Vec<(String, String)> = agenda
        .days()
        .into_iter()
        .map(|d| (d.to_string(), format_date(locale, d)))
        .collect();
    let rooms: Vec<(String, String)> =
        std::iter::once((String::new(), locale.t("agenda_admin.no_room")))
            .chain(
                agenda
                    .rooms
                    .iter()
                    .map(|r| (r.id.0.to_string(), r.name.clone())),
            )
            .collect();
    let tracks: Vec<(String, String)> =
        std::iter::once((String::new(), locale.t("agenda_admin.no_track")))
            .chain(
                agenda
                    .tracks
                    .iter()
                    .map(|t| (t.id.0.to_string(), t.name.clone())),
            )
            .collect();
    let languages: Vec<(String, String)> = SESSION_LANGUAGES
        .iter()
        .map(|c| (c.to_string(), language_name(locale, c)))
        .collect();
    let zone_hint = locale.tf(
        "session_form.zone_hint",
        &[("zone", &agenda.forum.time_zone)],
    );
    let interp_error = crate::components::form::field_message(error, "interpretation");
    view! {
        {move || error.get().map(|error| view! { <ErrorNotice error /> })}
        <ActionForm action attr:class="form form-wide" attr:novalidate="true">
            <input type="hidden" name="slug" value=agenda.forum.slug.clone() />
            {session.as_ref().map(|s| view! { <input type="hidden" name="session_id" value=s.id.0.to_string() /> })}
            <Field id="session-title".into() field="title" label=locale.t("session_form.title") value=value("title", form.title.clone()) control=Control::Input("text") error required=true />
            <Field id="session-kind".into() field="kind" label=locale.t("agenda.kind") value=value("kind", form.kind.clone()) control=Control::Select(options(locale, &SESSION_KINDS, "session.kind.")) error />
            <p class="hint">{zone_hint}</p>
            <div class="field-row field-row-3">
                <Field id="session-day".into() field="day" label=locale.t("session_form.day") value=value("day", form.day.clone()) control=Control::Select(days) error />
                <Field id="session-starts".into() field="starts" label=locale.t("session_form.starts") value=value("starts", form.starts.clone()) control=Control::Input("time") error />
                <Field id="session-ends".into() field="ends" label=locale.t("session_form.ends") value=value("ends", form.ends.clone()) control=Control::Input("time") error />
            </div>
            <div class="field-row">
                <Field id="session-room".into() field="room_id" label=locale.t("agenda.room") value=value("room_id", form.room_id.clone()) control=Control::Select(rooms) error />
                <Field id="session-track".into() field="track_id" label=locale.t("agenda.track") value=value("track_id", form.track_id.clone()) control=Control::Select(tracks) error />
            </div>
            <Field id="session-language".into() field="language" label=locale.t("agenda.language") value=value("language", form.language.clone()) control=Control::Select(languages) error />
            <fieldset class="field checkboxes" aria-describedby="session-interpretation-error">
                <legend>{locale.t("session_form.interpretation")}</legend>
                {SESSION_LANGUAGES.iter().map(|code| {
                    let id = format!("session-interp-{code}");
                    let label_for = id.clone();
                    view! {
                        <label for=label_for>
                            <input type="checkbox" id=id name=format!("form[interpretation][{code}]") checked=interpreted(code) />
                            " "{language_name(locale, code)}
                        </label>
                    }
                }).collect_view()}
                <p class="field-error" id="session-interpretation-error">{move || interp_error.get()}</p>
            </fieldset>
            <Field id="session-description".into() field="description" label=locale.t("session_form.description") value=value("description", form.description.clone()) control=Control::TextArea(5) error />
            <button type="submit" class="button" disabled=move || action.pending().get()>{locale.t("common.save")}</button>
        </ActionForm>
    }
}

#[component]
fn SessionPeople(
    agenda: AgendaData,
    session: AgendaSession,
    assign: ServerAction<AssignPerson>,
    unassign: ServerAction<UnassignPerson>,
    flash: FlashResource,
) -> impl IntoView {
    let locale = use_locale();
    let slug = agenda.forum.slug.clone();
    let error = tagged_error(assign.value(), flash, "assign".to_string());
    let people: Vec<(String, String)> =
        std::iter::once((String::new(), locale.t("session_form.choose_person")))
            .chain(
                agenda
                    .people
                    .iter()
                    .map(|p| (p.id.0.to_string(), p.name.clone())),
            )
            .collect();
    let roles: Vec<(String, String)> = PERSON_ROLES
        .iter()
        .map(|r| (r.to_string(), locale.t(&format!("agenda.role.{r}"))))
        .collect();
    let clashes: Vec<String> = super::rules::double_bookings(&agenda.sessions)
        .into_iter()
        .filter(|d| d.first == session.id || d.second == session.id)
        .map(|d| {
            let other = if d.first == session.id {
                d.second_title
            } else {
                d.first_title
            };
            locale.tf(
                "session_form.also_in",
                &[("person", &d.person), ("session", &other)],
            )
        })
        .collect();
    let person_msg = crate::components::form::field_message(error, "person_id");
    let list_slug = slug.clone();
    view! {
        <section aria-labelledby="people-heading">
            <h2 id="people-heading">{locale.t("session_form.people")}</h2>
            {(!clashes.is_empty()).then(|| view! {
                <div class="notice notice-warning" role="status">
                    <ul>{clashes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
                </div>
            })}
            {if session.people.is_empty() {
                view! { <p class="muted">{locale.t("session_form.no_people")}</p> }.into_any()
            } else {
                view! {
                    <ul class="item-list">
                        {session.people.clone().into_iter().map(|p| { let slug = list_slug.clone(); let name = p.name.clone(); view! {
                            <li>
                                <p><strong>{p.name.clone()}</strong>" · "{locale.t(&format!("agenda.role.{}", p.role))}</p>
                                <ActionForm action=unassign attr:class="inline-form">
                                    <input type="hidden" name="slug" value=slug.clone() />
                                    <input type="hidden" name="session_id" value=session.id.0.to_string() />
                                    <input type="hidden" name="person_id" value=p.person_id.0.to_string() />
                                    <button type="submit" class="button button-small button-secondary">
                                        {locale.t("session_form.remove")}<span class="visually-hidden">": "{name}</span>
                                    </button>
                                </ActionForm>
                            </li>
                        }}).collect_view()}
                    </ul>
                }.into_any()
            }}
            {move || error.get().map(|error| view! { <ErrorNotice error /> })}
            <ActionForm action=assign attr:class="form">
                <input type="hidden" name="slug" value=slug.clone() />
                <input type="hidden" name="session_id" value=session.id.0.to_string() />
                <div class="field-row">
                    <div class="field">
                        <label for="assign-person">{locale.t("session_form.person")}</label>
                        <select id="assign-person" name="person_id" aria-describedby="assign-person-error">
                            {people.into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
                        </select>
                        <p class="field-error" id="assign-person-error">{move || person_msg.get()}</p>
                    </div>
                    <div class="field">
                        <label for="assign-role">{locale.t("session_form.role")}</label>
                        <select id="assign-role" name="role">
                            {roles.into_iter().map(|(v, l)| { let sel = v == "speaker"; view! { <option value=v selected=sel>{l}</option> } }).collect_view()}
                        </select>
                    </div>
                </div>
                <button type="submit" class="button">{locale.t("session_form.add_person")}</button>
            </ActionForm>
        </section>
    }
}
