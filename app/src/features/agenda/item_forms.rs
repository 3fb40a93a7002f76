//! The organiser's rooms, tracks and people: lists with inline editing, and the forms to add them.

use super::admin_parts::{delete_fields, AgendaActions, ItemActions};
use super::manage::{SavePerson, SaveRoom, SaveTrack};
use super::types::{AgendaData, Person, Room, Track};
use crate::components::form::{flashed, tagged_error, Control, Field};
use crate::features::forums::types::{country_key, COUNTRIES};
use crate::flash::FlashResource;
use crate::i18n::use_locale;
use leptos::prelude::*;

#[component]
pub(super) fn RoomsSection(
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
pub(super) fn TracksSection(
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
pub(super) fn PeopleSection(
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
        title_fallback: None,
        bio_fallback: None,
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
