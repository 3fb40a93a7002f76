//! Public agenda pages: the agenda (days, a time grid on wide screens, a list on phones, filters),
//! one page per session and the speakers of a forum. Complete without JavaScript.

use super::api::load_agenda;
use super::picking::SessionPicking;
use super::types::{AgendaData, AgendaSession, Person};
use crate::components::content::{
    language_name, shown_text, FallbackMark, Localised, LocalisedBlock,
};
use crate::components::nav::{ForumNav, NotFoundPage};
use crate::components::notice::{Loading, PageError};
use crate::error::AppError;
use crate::features::forums::types::country_key;
use crate::i18n::{format_date, format_date_range, format_time, use_locale};
use chrono::{NaiveTime, Timelike};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Loads a forum's agenda and renders `content` with it (404 and errors handled).
#[component]
fn WithAgenda<F, V>(content: F) -> impl IntoView
where
    F: Fn(AgendaData) -> V + Send + Sync + Copy + 'static,
    V: IntoView + 'static,
{
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let data = Resource::new_blocking(slug, load_agenda);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(agenda) => content(agenda).into_any(),
                    Err(AppError::NotFound) => view! { <NotFoundPage /> }.into_any(),
                    Err(error) => view! { <PageError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The agenda. The participant's picks are loaded here, beside the agenda and not inside its
/// `Suspense`: a resource created inside a `Suspense` can leave a server-rendered page hanging
/// (leptos-rs/leptos#4866).
#[component]
pub fn AgendaPage() -> impl IntoView {
    let slug = use_params_map()
        .read_untracked()
        .get("slug")
        .unwrap_or_default();
    // A participant who opened their own page on this device can pick sessions here.
    let picking = use_context::<SessionPicking>();
    let picks: PicksResource = Resource::new_blocking(
        move || slug.clone(),
        move |slug| SessionPicking::load(picking.as_ref(), slug),
    );
    view! { <WithAgenda content=move |agenda| view! { <AgendaView agenda picks /> } /> }
}

type PicksResource = Resource<Result<Option<Vec<i64>>, AppError>>;

/// Five-minute rows of the wide-screen grid, counted from the day's first full hour.
fn grid_row(first_hour: u32, t: NaiveTime) -> u32 {
    let minutes = (t.hour() * 60 + t.minute()).saturating_sub(first_hour * 60);
    2 + minutes / 5
}

#[component]
fn AgendaView(agenda: AgendaData, picks: PicksResource) -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let track_filter = query
        .read_untracked()
        .get("track")
        .and_then(|v| v.parse::<i64>().ok());
    let room_filter = query
        .read_untracked()
        .get("room")
        .and_then(|v| v.parse::<i64>().ok());
    let f = agenda.forum.clone();
    let slug = f.slug.clone();
    let days = agenda.days();
    let shown: Vec<AgendaSession> = agenda
        .sessions
        .iter()
        .filter(|s| track_filter.is_none_or(|t| s.track.map(|x| x.0) == Some(t)))
        .filter(|s| room_filter.is_none_or(|r| s.room.map(|x| x.0) == Some(r)))
        .cloned()
        .collect();
    let filtered = track_filter.is_some() || room_filter.is_some();
    let title = locale.tf("agenda.title", &[("forum", &f.title)]);
    let agenda_ref = agenda.clone();
    view! {
        <Title text=title.clone() />
        <article class="agenda">
            <p class="eyebrow"><Localised text=agenda.series_title.clone() /></p>
            <h1>{title}</h1>
            <ForumNav slug=slug.clone() />
            <crate::features::calendar::links::CalendarButtons
                ics=format!("{}/forums/{slug}/agenda.ics?lang={}", agenda.base_url, locale.code())
                subscribe=true
                event=crate::features::calendar::links::WebEvent {
                    title: f.title.clone(),
                    when: crate::features::calendar::links::WebWhen::Days(f.starts_on, f.ends_on),
                    details: format!("{}/forums/{slug}/agenda", agenda.base_url),
                    location: format!("{}, {}", f.venue, f.city),
                } />
            <p class="muted">
                {format_date_range(locale, f.starts_on, f.ends_on)}" · "
                {locale.tf("agenda.times_in", &[("zone", &f.time_zone)])}
            </p>
            <form method="get" class="filters" aria-label=locale.t("agenda.filter_label")>
                <div class="field">
                    <label for="filter-track">{locale.t("agenda.track")}</label>
                    <select id="filter-track" name="track">
                        <option value="">{locale.t("agenda.all_tracks")}</option>
                        {agenda.tracks.iter().map(|t| view! {
                            <option value=t.id.0.to_string() selected=track_filter == Some(t.id.0)>{t.name.clone()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="filter-room">{locale.t("agenda.room")}</label>
                    <select id="filter-room" name="room">
                        <option value="">{locale.t("agenda.all_rooms")}</option>
                        {agenda.rooms.iter().map(|r| view! {
                            <option value=r.id.0.to_string() selected=room_filter == Some(r.id.0)>{r.name.clone()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button button-secondary">{locale.t("agenda.apply_filter")}</button>
                {filtered.then(|| view! { <a href=format!("/forums/{slug}/agenda") class="button-link">{locale.t("agenda.clear_filter")}</a> })}
            </form>
            {(days.len() > 1).then(|| view! {
                <nav class="day-tabs" aria-label=locale.t("agenda.days_label")>
                    <ul>
                        {days.iter().enumerate().map(|(i, d)| view! {
                            <li><a href=format!("#day-{d}")>{locale.tf("agenda.day_n", &[("n", &(i + 1).to_string())])}<span class="muted">" · "{format_date(locale, *d)}</span></a></li>
                        }).collect_view()}
                    </ul>
                </nav>
            })}
            {if agenda.sessions.is_empty() {
                view! { <p class="muted">{locale.t("forum.no_sessions")}</p> }.into_any()
            } else {
                // The participant's picks are awaited once for the whole agenda: a resource read
                // in one Suspense per session card can leave a server-rendered page hanging
                // (leptos-rs/leptos#4851).
                view! {
                    <Suspense fallback=|| ()>
                        {move || {
                            let (days, shown, agenda) = (days.clone(), shown.clone(), agenda_ref.clone());
                            Suspend::new(async move {
                                let picked = picks.await.ok().flatten();
                                days.into_iter().map(|day| {
                                    let of_day: Vec<AgendaSession> = shown.iter().filter(|s| s.day == day).cloned().collect();
                                    view! { <AgendaDay agenda=agenda.clone() day sessions=of_day picked=picked.clone() /> }
                                }).collect_view()
                            })
                        }}
                    </Suspense>
                }.into_any()
            }}
        </article>
    }
}

#[component]
fn AgendaDay(
    agenda: AgendaData,
    day: chrono::NaiveDate,
    sessions: Vec<AgendaSession>,
    picked: Option<Vec<i64>>,
) -> impl IntoView {
    let locale = use_locale();
    let first_hour = sessions.iter().map(|s| s.starts.hour()).min().unwrap_or(9);
    let last_row = sessions
        .iter()
        .map(|s| grid_row(first_hour, s.ends))
        .max()
        .unwrap_or(2);
    let rooms = agenda.rooms.clone();
    let columns = rooms.len().max(1);
    let style = format!("--rooms: {columns}; --rows: {last_row}");
    let hours: Vec<u32> = (first_hour
        ..=sessions
            .iter()
            .map(|s| s.ends.hour())
            .max()
            .unwrap_or(first_hour))
        .collect();
    let slug = agenda.forum.slug.clone();
    let heading_id = format!("day-{day}-heading");
    view! {
        <section class="agenda-day" id=format!("day-{day}") aria-labelledby=heading_id.clone()>
            <h2 id=heading_id.clone()>{format_date(locale, day)}</h2>
            {if sessions.is_empty() {
                view! { <p class="muted">{locale.t("agenda.nothing_matches")}</p> }.into_any()
            } else {
                view! {
                    <div class="agenda-grid" style=style>
                        {rooms.iter().enumerate().map(|(i, r)| view! {
                            <div class="grid-room" aria-hidden="true" style=format!("grid-column: {}", i + 2)>{r.name.clone()}</div>
                        }).collect_view()}
                        {hours.iter().map(|h| {
                            let row = grid_row(first_hour, NaiveTime::from_hms_opt(*h, 0, 0).unwrap_or_default());
                            view! { <div class="grid-hour" aria-hidden="true" style=format!("grid-row: {row}")>{format!("{h:02}:00")}</div> }
                        }).collect_view()}
                        <ol class="grid-sessions">
                            {sessions.into_iter().map(|s| {
                                let column = s.room
                                    .and_then(|id| rooms.iter().position(|r| r.id == id))
                                    .map(|i| format!("{}", i + 2))
                                    .unwrap_or_else(|| "2 / -1".to_string());
                                let place = format!(
                                    "grid-column: {column}; grid-row: {} / {}",
                                    grid_row(first_hour, s.starts),
                                    grid_row(first_hour, s.ends).max(grid_row(first_hour, s.starts) + 1)
                                );
                                view! { <SessionCard agenda=agenda.clone() session=s slug=slug.clone() place picked=picked.clone() /> }
                            }).collect_view()}
                        </ol>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn SessionCard(
    agenda: AgendaData,
    session: AgendaSession,
    slug: String,
    place: String,
    /// The sessions this device's participant picked, when a participant opened their page here.
    picked: Option<Vec<i64>>,
) -> impl IntoView {
    let locale = use_locale();
    let s = session;
    let (id, pick_slug) = (s.id.0, slug.clone());
    let room = agenda.room(s.room).cloned();
    let track = agenda.track(s.track).cloned();
    let colour = track
        .as_ref()
        .map(|t| format!("--track: {}", t.colour))
        .unwrap_or_default();
    let class = format!(
        "agenda-session kind-{}{}",
        s.kind,
        if s.cancelled { " is-cancelled" } else { "" }
    );
    let people: Vec<String> = s.people.iter().map(|p| p.name.clone()).collect();
    let title_lang = shown_text(&s.title, &s.title_fallback, locale).lang;
    view! {
        <li class=class style=format!("{place}; {colour}")>
            <p class="session-time">
                <time>{format_time(s.starts)}</time>"–"<time>{format_time(s.ends)}</time>" "<abbr class="zone">{s.zone.clone()}</abbr>
            </p>
            <h3 class="session-title">
                <A href=format!("/forums/{slug}/sessions/{}", s.id.0)><span lang=title_lang>{s.title.clone()}</span></A>
                <FallbackMark lang=s.title_fallback.clone() />
            </h3>
            {s.cancelled.then(|| view! { <p class="badge badge-cancelled">{locale.t("agenda.cancelled")}</p> })}
            <p class="session-meta">
                <span>{locale.t(&format!("session.kind.{}", s.kind))}</span>
                {room.map(|r| view! { <span>" · "<Localised text=shown_text(&r.name, &r.name_fallback, locale) /></span> })}
                {track.map(|t| view! { <span class="track-chip">" · "<Localised text=shown_text(&t.name, &t.name_fallback, locale) /></span> })}
            </p>
            {(!people.is_empty()).then(|| view! { <p class="session-people">{people.join(", ")}</p> })}
            {picked.zip(use_context::<SessionPicking>()).map(|(list, picking)| picking.button.show((pick_slug.clone(), id, list.contains(&id))))}
        </li>
    }
}

#[component]
pub fn SessionPage() -> impl IntoView {
    view! { <WithAgenda content=|agenda| view! { <SessionDetail agenda /> } /> }
}

#[component]
fn SessionDetail(agenda: AgendaData) -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let id = params
        .read_untracked()
        .get("id")
        .and_then(|v| v.parse::<i64>().ok());
    let Some(s) = agenda.sessions.iter().find(|s| Some(s.id.0) == id).cloned() else {
        return view! { <NotFoundPage /> }.into_any();
    };
    let slug = agenda.forum.slug.clone();
    let room = agenda.room(s.room).cloned();
    let track = agenda.track(s.track).cloned();
    let roles = ["chair", "moderator", "speaker"];
    let web_event = crate::features::calendar::links::WebEvent {
        title: s.title.clone(),
        when: crate::features::calendar::links::WebWhen::Timed(s.starts_utc, s.ends_utc),
        details: format!("{}/forums/{slug}/sessions/{}", agenda.base_url, s.id.0),
        location: [
            Some(agenda.forum.venue.clone()),
            room.as_ref().map(|r| r.name.clone()),
            Some(agenda.forum.city.clone()),
        ]
        .into_iter()
        .flatten()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(", "),
    };
    view! {
        <Title text=s.title.clone() />
        <article class="session-page">
            <p class="eyebrow"><A href=format!("/forums/{slug}/agenda")>{agenda.forum.title.clone()}</A></p>
            <h1 class:is-cancelled=s.cancelled><Localised text=shown_text(&s.title, &s.title_fallback, locale) /></h1>
            {s.cancelled.then(|| view! { <p class="notice notice-warning" role="status">{locale.t("agenda.cancelled_notice")}</p> })}
            <crate::features::calendar::links::CalendarButtons
                ics=format!("{}/forums/{slug}/sessions/{}.ics?lang={}", agenda.base_url, s.id.0, locale.code())
                subscribe=true
                event=web_event />
            <dl class="facts">
                <div><dt>{locale.t("agenda.when")}</dt><dd>{format_date(locale, s.day)}", "{format_time(s.starts)}"–"{format_time(s.ends)}" "{s.zone.clone()}</dd></div>
                <div><dt>{locale.t("agenda.kind")}</dt><dd>{locale.t(&format!("session.kind.{}", s.kind))}</dd></div>
                {room.map(|r| view! {
                    <div><dt>{locale.t("agenda.room")}</dt><dd><Localised text=shown_text(&r.name, &r.name_fallback, locale) />
                        {(!r.accessibility.is_empty()).then(|| view! { <span class="muted">" — "<Localised text=shown_text(&r.accessibility, &r.accessibility_fallback, locale) /></span> })}
                    </dd></div>
                })}
                {track.map(|t| view! { <div><dt>{locale.t("agenda.track")}</dt><dd><span class="track-swatch" style=format!("--track: {}", t.colour)></span><Localised text=shown_text(&t.name, &t.name_fallback, locale) /></dd></div> })}
                <div><dt>{locale.t("agenda.language")}</dt><dd>{language_name(locale, &s.language)}
                    {(!s.interpretation.is_empty()).then(|| {
                        let into: Vec<String> = s.interpretation.iter().map(|c| language_name(locale, c)).collect();
                        view! { <span>" · "{locale.tf("agenda.interpretation_into", &[("languages", &into.join(", "))])}</span> }
                    })}
                </dd></div>
            </dl>
            {(!s.description.is_empty()).then(|| view! {
                <LocalisedBlock text=shown_text(&s.description, &s.description_fallback, locale) />
            })}
            {roles.into_iter().map(|role| {
                let people: Vec<_> = s.people.iter().filter(|p| p.role == role).cloned().collect();
                (!people.is_empty()).then(|| view! {
                    <section>
                        <h2>{locale.t(&format!("agenda.role_plural.{role}"))}</h2>
                        <ul class="people-list">
                            {people.into_iter().map(|p| view! {
                                <li><A href=format!("/forums/{slug}/speakers#person-{}", p.person_id.0)>{p.name}</A>
                                    {(!p.affiliation.is_empty()).then(|| view! { <span class="muted">", "{p.affiliation}</span> })}
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                })
            }).collect_view()}
            <p><A href=format!("/forums/{slug}/agenda")>{locale.t("agenda.back")}</A></p>
        </article>
    }
    .into_any()
}

#[component]
pub fn SpeakersPage() -> impl IntoView {
    view! { <WithAgenda content=|agenda| view! { <SpeakersView agenda /> } /> }
}

#[component]
fn SpeakersView(agenda: AgendaData) -> impl IntoView {
    let locale = use_locale();
    let slug = agenda.forum.slug.clone();
    let title = locale.tf("speakers.title", &[("forum", &agenda.forum.title)]);
    let speaking: Vec<Person> = agenda
        .people
        .iter()
        .filter(|p| !agenda.sessions_of(p.id).is_empty())
        .cloned()
        .collect();
    view! {
        <Title text=title.clone() />
        <article>
            <p class="eyebrow"><Localised text=agenda.series_title.clone() /></p>
            <h1>{title}</h1>
            <ForumNav slug=slug.clone() />
            {if speaking.is_empty() {
                view! { <p class="muted">{locale.t("speakers.none")}</p> }.into_any()
            } else {
                view! {
                    <ul class="card-list speakers">
                        {speaking.into_iter().map(|p| {
                            let sessions: Vec<AgendaSession> = agenda.sessions_of(p.id).into_iter().cloned().collect();
                            let group = agenda.group_name(p.group_id);
                            let title = (!p.title.is_empty()).then(|| shown_text(&p.title, &p.title_fallback, locale));
                            let affiliation = (!p.affiliation.is_empty()).then(|| p.affiliation.clone());
                            view! {
                                <li class="card" id=format!("person-{}", p.id.0)>
                                    <h2 class="card-title">{p.name.clone()}</h2>
                                    {(title.is_some() || affiliation.is_some()).then(|| view! {
                                        <p>
                                            {title.map(|t| view! { <Localised text=t /> })}
                                            {affiliation.map(|a| view! { <span>{if p.title.is_empty() { String::new() } else { ", ".to_string() }}{a}</span> })}
                                        </p>
                                    })}
                                    <p class="card-meta">
                                        {group.map(|g| view! { <span class="chip">{g}</span> })}
                                        {(!p.country.is_empty()).then(|| view! { <span>" "{locale.t(&country_key(&p.country))}</span> })}
                                    </p>
                                    {(!p.bio.is_empty()).then(|| {
                                        let bio = shown_text(&p.bio, &p.bio_fallback, locale);
                                        view! { <p class="muted"><span lang=bio.lang.clone()>{bio.text.clone()}</span><FallbackMark lang=bio.fallback.then(|| bio.lang.clone()) /></p> }
                                    })}
                                    <ul class="plain-list">
                                        {sessions.into_iter().map(|s| view! {
                                            <li>
                                                <A href=format!("/forums/{slug}/sessions/{}", s.id.0)>{s.title.clone()}</A>
                                                <FallbackMark lang=s.title_fallback.clone() />
                                                <span class="muted">" · "{format_date(locale, s.day)}", "{format_time(s.starts)}</span>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </article>
    }
}
