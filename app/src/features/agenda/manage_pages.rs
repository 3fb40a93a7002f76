//! The organiser's agenda screens: sessions by day with cancel and restore, double-booking
//! warnings, rooms, tracks and people; and the session form with its people.

use super::manage::*;
use super::rules::SessionForm;
use super::types::{
    AgendaData, AgendaSession, Person, Room, Track, PERSON_ROLES, SESSION_KINDS, SESSION_LANGUAGES,
};
use crate::components::content::language_name;
use crate::components::form::{flashed, tagged_error, Control, Field};
use crate::components::notice::{ErrorNotice, Loading, PageError};
use crate::error::AppError;
use crate::features::forums::types::{country_key, COUNTRIES};
use crate::flash::{take_flash, FlashResource};
use crate::i18n::{format_date, format_time, use_locale, Locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::{use_location, use_params_map};

fn slug_param() -> Signal<String> {
    let params = use_params_map();
    Signal::derive(move || params.read().get("slug").unwrap_or_default())
}

/// Sends an anonymous visitor to sign in, or shows the error.
fn refused(error: AppError) -> AnyView {
    match error {
        AppError::Unauthenticated => {
            let next = use_location().pathname.get_untracked();
            view! { <Redirect path=format!("/login?next={next}") /> }.into_any()
        }
        error => view! { <PageError error /> }.into_any(),
    }
}

#[derive(Clone, Copy)]
struct AgendaActions {
    room: ServerAction<SaveRoom>,
    room_delete: ServerAction<DeleteRoom>,
    track: ServerAction<SaveTrack>,
    track_delete: ServerAction<DeleteTrack>,
    person: ServerAction<SavePerson>,
    person_delete: ServerAction<DeletePerson>,
    cancel: ServerAction<SetSessionCancelled>,
}

impl AgendaActions {
    fn new() -> Self {
        Self {
            room: ServerAction::new(),
            room_delete: ServerAction::new(),
            track: ServerAction::new(),
            track_delete: ServerAction::new(),
            person: ServerAction::new(),
            person_delete: ServerAction::new(),
            cancel: ServerAction::new(),
        }
    }
    fn version(&self) -> usize {
        self.room.version().get()
            + self.room_delete.version().get()
            + self.track.version().get()
            + self.track_delete.version().get()
            + self.person.version().get()
            + self.person_delete.version().get()
            + self.cancel.version().get()
    }
    /// An error of an action that has no form of its own (deletes, cancel).
    fn row_error(&self) -> Option<AppError> {
        [
            self.room_delete.value().get().and_then(Result::err),
            self.track_delete.value().get().and_then(Result::err),
            self.person_delete.value().get().and_then(Result::err),
            self.cancel.value().get().and_then(Result::err),
        ]
        .into_iter()
        .flatten()
        .next()
    }
}

#[component]
pub fn AgendaAdminPage() -> impl IntoView {
    let locale = use_locale();
    let slug = slug_param();
    let actions = AgendaActions::new();
    let flash: FlashResource = Resource::new_blocking(|| (), |_| take_flash());
    let data = Resource::new_blocking(
        move || (slug.get(), actions.version()),
        |(s, _)| load_agenda_admin(s),
    );
    view! {
        <Title text=locale.t("agenda_admin.title") />
        <p><A href="/organiser">{locale.t("translations.back")}</A></p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let _ = flash.await;
                match data.await {
                    Err(error) => refused(error),
                    Ok((agenda, warnings)) => view! {
                        <AgendaAdmin agenda warnings actions flash />
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AgendaAdmin(
    agenda: AgendaData,
    warnings: Vec<super::types::DoubleBooking>,
    actions: AgendaActions,
    flash: FlashResource,
) -> impl IntoView {
    let locale = use_locale();
    let slug = agenda.forum.slug.clone();
    let flashed_general = Signal::derive(move || {
        flash
            .get()
            .and_then(|f| f.ok().flatten())
            .filter(|f| f.field("form").is_none())
            .map(|f| f.error)
    });
    let days = agenda.days();
    view! {
        <h1>{locale.tf("agenda_admin.heading", &[("forum", &agenda.forum.title)])}</h1>
        <p class="actions">
            <A href=format!("/organiser/forums/{slug}/sessions/new") attr:class="button">{locale.t("agenda_admin.add_session")}</A>
            <A href=format!("/forums/{slug}/agenda")>{locale.t("agenda_admin.view_public")}</A>
            <A href=format!("/organiser/forums/{slug}/documents")>{locale.t("organiser.documents")}</A>
        </p>
        {move || actions.row_error().or_else(|| flashed_general.get()).map(|error| view! { <ErrorNotice error /> })}
        {(!warnings.is_empty()).then(|| view! {
            <div class="notice notice-warning" role="status">
                <p><strong>{locale.t("agenda_admin.double_booked")}</strong></p>
                <ul>
                    {warnings.iter().map(|w| view! {
                        <li>{locale.tf("agenda_admin.double_booking", &[("person", &w.person), ("first", &w.first_title), ("second", &w.second_title)])}</li>
                    }).collect_view()}
                </ul>
            </div>
        })}
        <section aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">{locale.t("agenda_admin.sessions")}</h2>
            {if agenda.sessions.is_empty() {
                view! { <p class="muted">{locale.t("agenda_admin.no_sessions")}</p> }.into_any()
            } else {
                days.into_iter().map(|day| {
                    let sessions: Vec<AgendaSession> = agenda.sessions.iter().filter(|s| s.day == day).cloned().collect();
                    (!sessions.is_empty()).then(|| view! {
                        <h3>{format_date(locale, day)}</h3>
                        <div class="table-wrap">
                            <table>
                                <thead><tr>
                                    <th scope="col">{locale.t("agenda.when")}</th>
                                    <th scope="col">{locale.t("agenda_admin.session")}</th>
                                    <th scope="col">{locale.t("agenda.room")}</th>
                                    <th scope="col">{locale.t("organiser.col_actions")}</th>
                                </tr></thead>
                                <tbody>
                                    {sessions.into_iter().map(|s| view! { <SessionRow agenda=agenda.clone() session=s action=actions.cancel /> }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    })
                }).collect_view().into_any()
            }}
        </section>
        <RoomsSection slug=slug.clone() rooms=agenda.rooms.clone() actions flash />
        <TracksSection slug=slug.clone() tracks=agenda.tracks.clone() actions flash />
        <PeopleSection agenda=agenda.clone() actions flash />
    }
}

#[component]
fn SessionRow(
    agenda: AgendaData,
    session: AgendaSession,
    action: ServerAction<SetSessionCancelled>,
) -> impl IntoView {
    let locale = use_locale();
    let s = session;
    let slug = agenda.forum.slug.clone();
    let room = agenda
        .room(s.room)
        .map(|r| r.name.clone())
        .unwrap_or_else(|| locale.t("agenda_admin.no_room"));
    let title_for_edit = s.title.clone();
    let title_for_cancel = s.title.clone();
    let edit_href = format!("/organiser/forums/{slug}/sessions/{}", s.id.0);
    let (label, next) = if s.cancelled {
        (locale.t("agenda_admin.restore"), "false")
    } else {
        (locale.t("agenda_admin.cancel"), "true")
    };
    view! {
        <tr class:is-cancelled=s.cancelled>
            <td>{format_time(s.starts)}"–"{format_time(s.ends)}</td>
            <th scope="row">
                {s.title.clone()}
                {s.cancelled.then(|| view! { " "<span class="badge badge-cancelled">{locale.t("agenda.cancelled")}</span> })}
            </th>
            <td>{room}</td>
            <td>
                <A href=edit_href attr:class="button-link">
                    {locale.t("organiser.edit")}<span class="visually-hidden">": "{title_for_edit}</span>
                </A>
                " "
                <ActionForm action attr:class="inline-form">
                    <input type="hidden" name="slug" value=slug.clone() />
                    <input type="hidden" name="session_id" value=s.id.0.to_string() />
                    <input type="hidden" name="cancelled" value=next />
                    <button type="submit" class="button button-small button-secondary">
                        {label}<span class="visually-hidden">": "{title_for_cancel}</span>
                    </button>
                </ActionForm>
            </td>
        </tr>
    }
}

/// The row's edit form inside a disclosure, and its delete form.
#[component]
fn ItemActions(
    name: String,
    edit: AnyView,
    delete: AnyView,
    #[prop(optional)] open: bool,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <details class="item-edit" open=open>
            <summary>{locale.t("organiser.edit")}<span class="visually-hidden">": "{name}</span></summary>
            {edit}
        </details>
        {delete}
    }
}

/// The inside of a row's delete form.
fn delete_fields(
    locale: Locale,
    slug: String,
    id_name: &'static str,
    id: i64,
    name: String,
) -> AnyView {
    view! {
        <input type="hidden" name="slug" value=slug />
        <input type="hidden" name=id_name value=id.to_string() />
        <button type="submit" class="button button-small button-danger">
            {locale.t("common.delete")}<span class="visually-hidden">": "{name}</span>
        </button>
    }
    .into_any()
}

#[component]
fn RoomsSection(
    slug: String,
    rooms: Vec<Room>,
    actions: AgendaActions,
    flash: FlashResource,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <section aria-labelledby="rooms-heading">
            <h2 id="rooms-heading">{locale.t("agenda_admin.rooms")}</h2>
            <ul class="item-list">
                {rooms.into_iter().map(|r| {
                    let tag = format!("room-{}", r.id.0);
                    let open = flashed(flash, &tag, "name").is_some();
                    let delete = delete_fields(locale, slug.clone(), "room_id", r.id.0, r.name.clone());
                    view! {
                        <li>
                            <p><strong>{r.name.clone()}</strong>
                                {r.capacity.map(|c| view! { <span class="muted">" · "{locale.tf("agenda_admin.seats", &[("count", &c.to_string())])}</span> })}
                            </p>
                            {(!r.accessibility.is_empty()).then(|| view! { <p class="muted">{r.accessibility.clone()}</p> })}
                            <ItemActions name=r.name.clone() open
                                edit=view! { <RoomFields slug=slug.clone() room=Some(r.clone()) action=actions.room flash /> }.into_any()
                                delete=view! { <ActionForm action=actions.room_delete attr:class="inline-form">{delete}</ActionForm> }.into_any() />
                        </li>
                    }
                }).collect_view()}
            </ul>
            <h3>{locale.t("agenda_admin.add_room")}</h3>
            <RoomFields slug=slug.clone() room=None action=actions.room flash />
        </section>
    }
}

#[component]
fn RoomFields(
    slug: String,
    room: Option<Room>,
    action: ServerAction<SaveRoom>,
    flash: FlashResource,
) -> impl IntoView {
    let locale = use_locale();
    let tag = room
        .as_ref()
        .map_or("room-new".to_string(), |r| format!("room-{}", r.id.0));
    let error = tagged_error(action.value(), flash, tag.clone());
    let value = {
        let tag = tag.clone();
        move |name: &str, stored: String| flashed(flash, &tag, name).unwrap_or(stored)
    };
    let id = {
        let tag = tag.clone();
        move |f: &str| format!("{tag}-{f}")
    };
    let (name, capacity, access) = match &room {
        Some(r) => (
            r.name.clone(),
            r.capacity.map(|c| c.to_string()).unwrap_or_default(),
            r.accessibility.clone(),
        ),
        None => Default::default(),
    };
    view! {
        <ActionForm action attr:class="form" attr:novalidate="true">
            <input type="hidden" name="slug" value=slug />
            {room.map(|r| view! { <input type="hidden" name="room_id" value=r.id.0.to_string() /> })}
            <div class="field-row">
                <Field id=id("name") field="name" label=locale.t("agenda_admin.room_name") value=value("name", name) control=Control::Input("text") error required=true />
                <Field id=id("capacity") field="capacity" label=locale.t("agenda_admin.capacity") value=value("capacity", capacity) control=Control::Input("number") error />
            </div>
            <Field id=id("accessibility") field="accessibility" label=locale.t("agenda_admin.accessibility") hint=locale.t("agenda_admin.accessibility_hint") value=value("accessibility", access) control=Control::Input("text") error />
            <button type="submit" class="button">{locale.t("common.save")}</button>
        </ActionForm>
    }
}

#[component]
fn TracksSection(
    slug: String,
    tracks: Vec<Track>,
    actions: AgendaActions,
    flash: FlashResource,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <section aria-labelledby="tracks-heading">
            <h2 id="tracks-heading">{locale.t("agenda_admin.tracks")}</h2>
            <ul class="item-list">
                {tracks.into_iter().map(|t| {
                    let open = flashed(flash, &format!("track-{}", t.id.0), "name").is_some();
                    let delete = delete_fields(locale, slug.clone(), "track_id", t.id.0, t.name.clone());
                    view! {
                        <li>
                            <p><span class="track-swatch" style=format!("--track: {}", t.colour)></span><strong>{t.name.clone()}</strong></p>
                            <ItemActions name=t.name.clone() open
                                edit=view! { <TrackFields slug=slug.clone() track=Some(t.clone()) action=actions.track flash /> }.into_any()
                                delete=view! { <ActionForm action=actions.track_delete attr:class="inline-form">{delete}</ActionForm> }.into_any() />
                        </li>
                    }
                }).collect_view()}
            </ul>
            <h3>{locale.t("agenda_admin.add_track")}</h3>
            <TrackFields slug=slug.clone() track=None action=actions.track flash />
        </section>
    }
}

#[component]
fn TrackFields(
    slug: String,
    track: Option<Track>,
    action: ServerAction<SaveTrack>,
    flash: FlashResource,
) -> impl IntoView {
    let locale = use_locale();
    let tag = track
        .as_ref()
        .map_or("track-new".to_string(), |t| format!("track-{}", t.id.0));
    let error = tagged_error(action.value(), flash, tag.clone());
    let value = {
        let tag = tag.clone();
        move |name: &str, stored: String| flashed(flash, &tag, name).unwrap_or(stored)
    };
    let id = {
        let tag = tag.clone();
        move |f: &str| format!("{tag}-{f}")
    };
    let (name, colour) = match &track {
        Some(t) => (t.name.clone(), t.colour.clone()),
        None => (String::new(), "#2f6b8f".to_string()),
    };
    view! {
        <ActionForm action attr:class="form" attr:novalidate="true">
            <input type="hidden" name="slug" value=slug />
            {track.map(|t| view! { <input type="hidden" name="track_id" value=t.id.0.to_string() /> })}
            <div class="field-row">
                <Field id=id("name") field="name" label=locale.t("agenda_admin.track_name") value=value("name", name) control=Control::Input("text") error required=true />
                <Field id=id("colour") field="colour" label=locale.t("agenda_admin.colour") value=value("colour", colour) control=Control::Input("color") error />
            </div>
            <button type="submit" class="button">{locale.t("common.save")}</button>
        </ActionForm>
    }
}

#[component]
fn PeopleSection(
    agenda: AgendaData,
    actions: AgendaActions,
    flash: FlashResource,
) -> impl IntoView {
    let locale = use_locale();
    let slug = agenda.forum.slug.clone();
    view! {
        <section aria-labelledby="people-heading">
            <h2 id="people-heading">{locale.t("agenda_admin.people")}</h2>
            <ul class="item-list">
                {agenda.people.clone().into_iter().map(|p| {
                    let open = flashed(flash, &format!("person-{}", p.id.0), "name").is_some();
                    let delete = delete_fields(locale, slug.clone(), "person_id", p.id.0, p.name.clone());
                    let line = [p.title.clone(), p.affiliation.clone()].into_iter().filter(|x| !x.is_empty()).collect::<Vec<_>>().join(", ");
                    view! {
                        <li>
                            <p><strong>{p.name.clone()}</strong>{(!line.is_empty()).then(|| view! { <span class="muted">" · "{line}</span> })}</p>
                            <ItemActions name=p.name.clone() open
                                edit=view! { <PersonFields agenda=agenda.clone() person=Some(p.clone()) action=actions.person flash /> }.into_any()
                                delete=view! { <ActionForm action=actions.person_delete attr:class="inline-form">{delete}</ActionForm> }.into_any() />
                        </li>
                    }
                }).collect_view()}
            </ul>
            <h3>{locale.t("agenda_admin.add_person")}</h3>
            <PersonFields agenda=agenda.clone() person=None action=actions.person flash />
        </section>
    }
}

#[component]
fn PersonFields(
    agenda: AgendaData,
    person: Option<Person>,
    action: ServerAction<SavePerson>,
    flash: FlashResource,
) -> impl IntoView {
    let locale = use_locale();
    let tag = person
        .as_ref()
        .map_or("person-new".to_string(), |p| format!("person-{}", p.id.0));
    let error = tagged_error(action.value(), flash, tag.clone());
    let value = {
        let tag = tag.clone();
        move |name: &str, stored: String| flashed(flash, &tag, name).unwrap_or(stored)
    };
    let id = {
        let tag = tag.clone();
        move |f: &str| format!("{tag}-{f}")
    };
    let p = person.clone().unwrap_or(Person {
        id: super::types::PersonId(0),
        name: String::new(),
        affiliation: String::new(),
        title: String::new(),
        group_id: None,
        country: String::new(),
        bio: String::new(),
    });
    let groups: Vec<(String, String)> =
        std::iter::once((String::new(), locale.t("agenda_admin.no_group")))
            .chain(
                agenda
                    .groups
                    .iter()
                    .map(|g| (g.id.0.to_string(), g.name.clone())),
            )
            .collect();
    let countries: Vec<(String, String)> = std::iter::once((String::new(), "—".to_string()))
        .chain(
            COUNTRIES
                .iter()
                .map(|c| (c.to_string(), locale.t(&country_key(c)))),
        )
        .chain([("other".to_string(), locale.t("country.other"))])
        .collect();
    view! {
        <ActionForm action attr:class="form" attr:novalidate="true">
            <input type="hidden" name="slug" value=agenda.forum.slug.clone() />
            {person.map(|p| view! { <input type="hidden" name="person_id" value=p.id.0.to_string() /> })}
            <Field id=id("name") field="name" label=locale.t("agenda_admin.person_name") value=value("name", p.name.clone()) control=Control::Input("text") error required=true />
            <div class="field-row">
                <Field id=id("title") field="title" label=locale.t("agenda_admin.person_title") value=value("title", p.title.clone()) control=Control::Input("text") error />
                <Field id=id("affiliation") field="affiliation" label=locale.t("agenda_admin.affiliation") value=value("affiliation", p.affiliation.clone()) control=Control::Input("text") error />
            </div>
            <div class="field-row">
                <Field id=id("group_id") field="group_id" label=locale.t("agenda_admin.group") value=value("group_id", p.group_id.map(|g| g.0.to_string()).unwrap_or_default()) control=Control::Select(groups) error />
                <Field id=id("country") field="country" label=locale.t("agenda_admin.country") value=value("country", p.country.clone()) control=Control::Select(countries) error />
            </div>
            <Field id=id("bio") field="bio" label=locale.t("agenda_admin.bio") value=value("bio", p.bio.clone()) control=Control::TextArea(3) error />
            <button type="submit" class="button">{locale.t("common.save")}</button>
        </ActionForm>
    }
}

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
            <div class="field-row field-row-3">
                <Field id="session-day".into() field="day" label=locale.t("session_form.day") value=value("day", form.day.clone()) control=Control::Select(days) error />
                <Field id="session-starts".into() field="starts" label=locale.t("session_form.starts") hint=zone_hint.clone() value=value("starts", form.starts.clone()) control=Control::Input("time") error />
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
