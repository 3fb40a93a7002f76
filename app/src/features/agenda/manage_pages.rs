//! The organiser's agenda screen: sessions by day with cancel and restore, double-booking
//! warnings, and the rooms, tracks and people sections (`item_forms.rs`).

use super::admin_parts::{slug_param, AgendaActions};
use super::item_forms::{PeopleSection, RoomsSection, TracksSection};
use super::manage::*;
use super::types::{AgendaData, AgendaSession};
use crate::components::notice::{refused, ErrorNotice, Loading};
use crate::features::forums::translation_sources::load_missing_translations;
use crate::features::forums::translations::MissingCount;
use crate::flash::{take_flash, FlashResource};
use crate::i18n::{format_date, format_time, use_locale, Locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

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
    let missing = Resource::new_blocking(
        move || (slug.get(), actions.version()),
        |(s, _)| load_missing_translations(s),
    );
    view! {
        <Title text=locale.t("agenda_admin.title") />
        <p><A href="/organiser">{locale.t("translations.back")}</A></p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let _ = flash.await;
                let missing = missing.await.unwrap_or_default();
                match data.await {
                    Err(error) => refused(error),
                    Ok((agenda, warnings)) => view! {
                        <AgendaAdmin agenda warnings actions flash missing />
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Which of the forum's texts (the forum, its programme and news) still lack a translation, per
/// language, each language a link to its translation sheet.
#[component]
fn TranslationStatus(slug: String, missing: Vec<MissingCount>) -> impl IntoView {
    let locale = use_locale();
    let rows = missing
        .into_iter()
        .map(|m| {
            let name = Locale::from_code(&m.locale)
                .map(|l| l.native_name())
                .unwrap_or_default();
            let (missing, total) = (m.missing.to_string(), m.total.to_string());
            let state = if m.missing == 0 {
                view! { <span class="badge badge-ok">{locale.t("agenda_admin.translations_complete")}</span> }.into_any()
            } else {
                view! { <span>{locale.tf("agenda_admin.translations_missing", &[("count", &missing), ("total", &total)])}</span> }.into_any()
            };
            view! {
                <tr>
                    <th scope="row"><a href=format!("/organiser/translations/forums/{slug}?to={}", m.locale) lang=m.locale.clone()>{name}</a></th>
                    <td>{state}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="translations-heading" class="translation-status">
            <h2 id="translations-heading">{locale.t("agenda_admin.translations_heading")}</h2>
            <p class="muted">{locale.t("agenda_admin.translations_lead")}</p>
            <div class="table-wrap">
                <table>
                    <thead><tr>
                        <th scope="col">{locale.t("agenda_admin.translations_language")}</th>
                        <th scope="col">{locale.t("agenda_admin.translations_state")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn AgendaAdmin(
    agenda: AgendaData,
    warnings: Vec<super::types::DoubleBooking>,
    actions: AgendaActions,
    flash: FlashResource,
    missing: Vec<MissingCount>,
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
        <TranslationStatus slug=slug.clone() missing />
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
