//! Public forum pages and the organiser's forum list.

use super::api::{load_forum_page, load_home, organiser_forums, SetForumStatus};
use super::types::{country_key, ForumPageData, ForumStatus, ForumSummary, SessionView};
use crate::components::content::{FallbackMark, Localised, LocalisedBlock};
use crate::components::nav::{ForumNav, NotFoundPage};
use crate::components::notice::{ErrorNotice, PageError};
use crate::components::slot::Slot;
use crate::error::AppError;
use crate::i18n::{format_date, format_date_range, format_time, use_locale, Locale};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::use_params_map;

fn loading(locale: Locale) -> impl IntoView {
    view! { <p class="muted" aria-live="polite">{locale.t("common.loading")}</p> }
}

/// The home page. `news` is the announcements feature's slot.
#[component]
pub fn HomePage(#[prop(optional)] news: Slot<()>) -> impl IntoView {
    let locale = use_locale();
    let data = Resource::new_blocking(|| (), |_| load_home());

    view! {
        <Title text=locale.t("home.title") />
        <Meta name="description" content=locale.t("home.lead") />
        <Suspense fallback=move || loading(locale)>
            {move || Suspend::new({
                let news = news.clone();
                async move {
                match data.await {
                    Err(error) => view! { <PageError error /> }.into_any(),
                    Ok(home) => {
                        let has_past = !home.past.is_empty();
                        let has_upcoming = !home.upcoming.is_empty();
                        view! {
                            <section class="hero">
                                <p class="eyebrow">{locale.t("home.eyebrow")}</p>
                                <h1>{match home.series_title.clone() {
                                    Some(text) => view! { <Localised text /> }.into_any(),
                                    None => locale.t("home.title").into_any(),
                                }}</h1>
                                <p class="lead">{locale.t("home.lead")}</p>
                            </section>
                            // An island: it appears once the browser runs it, and hides the
                            // cards whose `data-filter` text does not match.
                            <islands::ForumFilter label=locale.t("home.filter") />
                            <section aria-labelledby="upcoming-heading">
                                <h2 id="upcoming-heading">{locale.t("home.upcoming")}</h2>
                                <Show when=move || has_upcoming fallback=move || view! {
                                    <p class="muted">{locale.t("home.none_upcoming")}</p>
                                }>
                                    <ForumList forums=home.upcoming.clone() />
                                </Show>
                            </section>
                            {news.show(())}
                            <Show when=move || has_past>
                                <section aria-labelledby="past-heading">
                                    <h2 id="past-heading">{locale.t("home.past")}</h2>
                                    <ForumList forums=home.past.clone() />
                                </section>
                            </Show>
                        }
                            .into_any()
                    }
                }
                }
            })}
        </Suspense>
    }
}

/// What the home page's filter searches in a forum card: title, city and country, lower-cased,
/// one per line (so a search never matches across two of them).
fn filter_text(forum: &ForumSummary, locale: Locale) -> String {
    [
        forum.title.as_str(),
        forum.city.as_str(),
        &locale.t(&country_key(&forum.country)),
    ]
    .map(str::to_lowercase)
    .join("\n")
}

#[component]
fn ForumList(forums: Vec<ForumSummary>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <ul class="card-list">
            {forums
                .into_iter()
                .map(|forum| {
                    let text = filter_text(&forum, locale);
                    view! {
                        <li class="card forum-card" data-filter=text>
                            <ForumCard forum />
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

#[component]
fn ForumCard(forum: ForumSummary) -> impl IntoView {
    let locale = use_locale();
    let href = format!("/forums/{}", forum.slug);
    view! {
        <h3 class="card-title"><A href=href>{forum.title.clone()}</A><FallbackMark lang=forum.title_fallback.clone() /></h3>
        <p class="card-meta">
            <span>{format_date_range(locale, forum.starts_on, forum.ends_on)}</span>
            <span aria-hidden="true">" · "</span>
            <span>{forum.city.clone()}", "{locale.t(&country_key(&forum.country))}</span>
        </p>
        <p class="muted">{forum.venue.clone()}</p>
    }
}

/// A forum's public page. `news` and `documents` are the announcements' and the documents'
/// slots, given the forum's address.
#[component]
pub fn ForumPage(
    #[prop(optional)] news: Slot<String>,
    #[prop(optional)] documents: Slot<String>,
) -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let data = Resource::new_blocking(slug, load_forum_page);
    view! {
        <Suspense fallback=move || loading(locale)>
            {move || Suspend::new({
                let (news, documents) = (news.clone(), documents.clone());
                async move {
                match data.await {
                    Ok(page) => view! { <ForumDetail page news documents /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFoundPage /> }.into_any(),
                    Err(error) => view! { <PageError error /> }.into_any(),
                }
                }
            })}
        </Suspense>
    }
}

#[component]
fn ForumDetail(page: ForumPageData, news: Slot<String>, documents: Slot<String>) -> impl IntoView {
    let locale = use_locale();
    let f = page.forum.clone();
    let draft = f.status == ForumStatus::Draft;
    let days = group_by_day(&page.sessions);
    view! {
        <Title text=f.title.clone() />
        <article class="forum">
            <p class="eyebrow"><Localised text=page.series_title.clone() /></p>
            <h1>{f.title.clone()}<FallbackMark lang=f.title_fallback.clone() /></h1>
            <Show when=move || draft>
                <p class="badge badge-draft">{locale.t("forum.draft_preview")}</p>
            </Show>
            <ForumNav slug=f.slug.clone() />
            <dl class="facts">
                <div><dt>{locale.t("forum.dates")}</dt><dd>{format_date_range(locale, f.starts_on, f.ends_on)}</dd></div>
                <div><dt>{locale.t("forum.venue")}</dt><dd>{f.venue.clone()}", "{f.city.clone()}", "{locale.t(&country_key(&f.country))}</dd></div>
                <div><dt>{locale.t("forum.time_zone")}</dt><dd>{f.time_zone.clone()}</dd></div>
                <div><dt>{locale.t("forum.seats")}</dt><dd>{locale.tf("forum.capacity", &[("count", &f.capacity.to_string())])}</dd></div>
                <div><dt>{locale.t("forum.registration")}</dt><dd>{if page.past {
                    locale.t("forum.registration_past").into_any()
                } else {
                    view! { <A href=format!("/forums/{}/register", f.slug) attr:class="button button-small">{locale.t("forum.register")}</A> }.into_any()
                }}</dd></div>
            </dl>
            <LocalisedBlock text=page.description.clone() />
            {news.show(f.slug.clone())}
            {documents.show(f.slug.clone())}
            <section aria-labelledby="groups-heading">
                <h2 id="groups-heading">{locale.t("forum.groups")}</h2>
                <p class="muted">{locale.t("forum.groups_lead")}</p>
                <ul class="chips">
                    {page.groups.iter().map(|g| view! { <li class="chip">{g.name.clone()}<FallbackMark lang=g.name_fallback.clone() /></li> }).collect_view()}
                </ul>
            </section>
            <section aria-labelledby="programme-heading">
                <div class="section-head">
                    <h2 id="programme-heading">{locale.t("forum.programme")}</h2>
                    <A href=format!("/forums/{}/agenda", f.slug)>{locale.t("forum.full_agenda")}</A>
                </div>
                {if days.is_empty() {
                    view! { <p class="muted">{locale.t("forum.no_sessions")}</p> }.into_any()
                } else {
                    days.into_iter().map(|(day, sessions)| view! {
                        <h3 class="day-heading">{format_date(locale, day)}</h3>
                        <ol class="session-list">
                            {sessions.into_iter().map(|s| view! { <SessionRow session=s slug=f.slug.clone() /> }).collect_view()}
                        </ol>
                    }).collect_view().into_any()
                }}
            </section>
        </article>
    }
}

fn group_by_day(sessions: &[SessionView]) -> Vec<(chrono::NaiveDate, Vec<SessionView>)> {
    let mut days: Vec<(chrono::NaiveDate, Vec<SessionView>)> = Vec::new();
    for s in sessions {
        match days.last_mut() {
            Some((day, list)) if *day == s.day => list.push(s.clone()),
            _ => days.push((s.day, vec![s.clone()])),
        }
    }
    days
}

#[component]
fn SessionRow(session: SessionView, slug: String) -> impl IntoView {
    let locale = use_locale();
    view! {
        <li class="session" class:is-cancelled=session.cancelled>
            <p class="session-time">
                <time>{format_time(session.starts)}</time>"–"<time>{format_time(session.ends)}</time>
                " "<abbr class="zone">{session.zone.clone()}</abbr>
            </p>
            <div>
                <p class="session-title"><A href=format!("/forums/{slug}/sessions/{}", session.id.0)>{session.title.clone()}</A><FallbackMark lang=session.title_fallback.clone() /></p>
                <p class="session-kind">
                    {locale.t(&format!("session.kind.{}", session.kind))}
                    {session.cancelled.then(|| view! { " · "<span class="badge badge-cancelled">{locale.t("agenda.cancelled")}</span> })}
                </p>
            </div>
        </li>
    }
}

#[component]
pub fn OrganiserPage() -> impl IntoView {
    let locale = use_locale();
    let set_status = ServerAction::<SetForumStatus>::new();
    let forums = Resource::new_blocking(move || set_status.version().get(), |_| organiser_forums());
    view! {
        <Title text=locale.t("organiser.title") />
        <h1>{locale.t("organiser.title")}</h1>
        <p class="actions">
            <A href="/organiser/forums/new" attr:class="button">{locale.t("organiser.new_forum")}</A>
            <A href="/organiser/announcements">{locale.t("organiser.announcements")}</A>
            <A href="/organiser/series">{locale.t("organiser.series")}</A>
            <A href="/organiser/translations/series">{locale.t("organiser.translate_series")}</A>
        </p>
        {move || set_status.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
        <Suspense fallback=move || loading(locale)>
            {move || Suspend::new(async move {
                match forums.await {
                    Err(AppError::Unauthenticated) => view! { <Redirect path="/login?next=/organiser" /> }.into_any(),
                    Err(error) => view! { <PageError error /> }.into_any(),
                    Ok(list) => view! {
                        <div class="table-wrap">
                            <table>
                                <caption>{locale.t("organiser.forums_caption")}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{locale.t("organiser.col_forum")}</th>
                                        <th scope="col">{locale.t("forum.dates")}</th>
                                        <th scope="col">{locale.t("organiser.col_status")}</th>
                                        <th scope="col">{locale.t("organiser.col_actions")}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list.into_iter().map(|f| view! { <OrganiserRow forum=f action=set_status /> }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OrganiserRow(forum: ForumSummary, action: ServerAction<SetForumStatus>) -> impl IntoView {
    let locale = use_locale();
    let published = forum.status == ForumStatus::Published;
    let (next, label) = if published {
        ("draft", locale.t("organiser.unpublish"))
    } else {
        ("published", locale.t("organiser.publish"))
    };
    let status_text = locale.t(&format!("status.{}", forum.status.as_str()));
    let button_label = format!("{label}: {}", forum.title);
    let title = forum.title.clone();
    let edit_title = forum.title.clone();
    let agenda_title = forum.title.clone();
    let documents_title = forum.title.clone();
    let registrations_title = forum.title.clone();
    let translate_href = format!("/organiser/translations/forums/{}", forum.slug);
    let edit_href = format!("/organiser/forums/{}/edit", forum.slug);
    view! {
        <tr>
            <th scope="row"><A href=format!("/forums/{}", forum.slug)>{forum.title.clone()}</A><FallbackMark lang=forum.title_fallback.clone() /></th>
            <td>{format_date_range(locale, forum.starts_on, forum.ends_on)}</td>
            <td><span class=if published { "badge badge-ok" } else { "badge badge-draft" }>{status_text}</span></td>
            <td>
                <ActionForm action attr:class="inline-form">
                    <input type="hidden" name="forum_id" value=forum.id.0.to_string() />
                    <input type="hidden" name="status" value=next />
                    <button type="submit" class="button button-small" aria-label=button_label>{label}</button>
                </ActionForm>
                " "
                <A href=edit_href attr:class="button-link">
                    {locale.t("organiser.edit")}<span class="visually-hidden">": "{edit_title}</span>
                </A>
                " "
                <A href=format!("/organiser/forums/{}/agenda", forum.slug) attr:class="button-link">
                    {locale.t("organiser.agenda")}<span class="visually-hidden">": "{agenda_title}</span>
                </A>
                " "
                <A href=format!("/organiser/forums/{}/registrations", forum.slug) attr:class="button-link">
                    {locale.t("organiser.registrations")}<span class="visually-hidden">": "{registrations_title}</span>
                </A>
                " "
                <A href=format!("/organiser/forums/{}/documents", forum.slug) attr:class="button-link">
                    {locale.t("organiser.documents")}<span class="visually-hidden">": "{documents_title}</span>
                </A>
                " "
                <A href=translate_href attr:class="button-link">
                    {locale.t("organiser.translate")}<span class="visually-hidden">": "{title}</span>
                </A>
            </td>
        </tr>
    }
}
