//! The participant's personal agenda: on their page (`/r/{token}`) they pick the sessions they
//! will attend; their feed `/calendar/{token}.ics` (a token of its own, revocable) lists exactly
//! those sessions and follows every later change.

use crate::error::AppError;
use chrono::{NaiveDate, NaiveTime};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One session the participant can pick.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PickRow {
    pub id: i64,
    pub title: String,
    /// The title's language when it has no translation into the reader's.
    pub title_fallback: Option<String>,
    pub day: NaiveDate,
    pub starts: NaiveTime,
    pub ends: NaiveTime,
    pub cancelled: bool,
    pub picked: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonalAgenda {
    pub sessions: Vec<PickRow>,
    /// The personal feed's address (https), for copying and for `webcal://`.
    pub feed: String,
}

/// The registration of the participant remembered on this device, if it is a confirmed one for
/// `forum` (with its address confirmed).
#[cfg(feature = "ssr")]
async fn remembered(
    store: &dyn crate::store::Store,
    forum: crate::features::forums::types::ForumId,
) -> Result<Option<crate::features::registration::store::RegistrationRecord>, AppError> {
    use crate::features::registration::types::RegistrationStatus;
    Ok(crate::features::registration::service::remembered(store)
        .await?
        .filter(|r| {
            r.forum_id == forum && r.status == RegistrationStatus::Confirmed && !r.unconfirmed()
        }))
}

/// The sessions the remembered participant picked for this forum (`None`: nobody is
/// remembered, so the agenda offers no picking).
#[server(endpoint = "agenda/my-picks")]
pub async fn my_picks(slug: String) -> Result<Option<Vec<i64>>, AppError> {
    let state = crate::state::app_state()?;
    let store = state.store.as_ref();
    let Some(forum) = store.forum_by_slug(&slug).await? else {
        return Ok(None);
    };
    match remembered(store, forum.summary.id).await? {
        Some(record) => Ok(Some(
            store
                .picks(record.id)
                .await?
                .into_iter()
                .map(|s| s.0)
                .collect(),
        )),
        None => Ok(None),
    }
}

/// Adds a session to (or removes it from) the remembered participant's agenda.
#[server(endpoint = "agenda/pick")]
pub async fn pick_session(
    slug: String,
    session_id: crate::ids::SessionId,
    pick: bool,
) -> Result<(), AppError> {
    use crate::server::{internal, reject};
    let state = crate::state::app_state()?;
    let store = state.store.as_ref();
    let forum = store
        .forum_by_slug(&slug)
        .await?
        .ok_or_else(|| reject(AppError::NotFound, &[]))?;
    let record = remembered(store, forum.summary.id)
        .await?
        .ok_or_else(|| reject(AppError::Forbidden, &[]))?;
    let mut picks = store.picks(record.id).await?;
    picks.retain(|s| *s != session_id);
    if pick {
        picks.push(session_id);
    }
    store
        .set_picks(record.id, forum.summary.id, &picks)
        .await
        .map_err(internal)
}

/// "Add to my agenda" / "In my agenda" on a session, for a remembered participant: a plain
/// form to `pick_session`, which the island sends in place where JavaScript runs.
#[component]
pub fn PickButton(slug: String, session: i64, picked: bool) -> impl IntoView {
    use leptos::server_fn::ServerFn;
    let locale = crate::i18n::use_locale();
    view! {
        <islands::PickToggle
            action=PickSession::PATH.to_string()
            slug
            session
            picked
            pick_label=locale.t("calendar.pick")
            unpick_label=locale.t("calendar.unpick")
        />
    }
}

/// The feed token of a registration: derived from the server's key and the registration's
/// calendar salt, made on first use.
#[cfg(feature = "ssr")]
async fn feed_token(
    state: &crate::state::AppState,
    record: &crate::features::registration::store::RegistrationRecord,
) -> Result<String, AppError> {
    use crate::features::accounts::auth::token_hash;

    let store = state.store.as_ref();
    let salt = match store.calendar_salt(record.id).await? {
        Some(salt) => salt,
        None => {
            let salt = state.secret.new_salt();
            let token = calendar_token(state, &salt)?;
            store
                .set_calendar_token(record.id, &salt, &token_hash(&token))
                .await?;
            salt
        }
    };
    calendar_token(state, &salt)
}

/// The feed's secret made from its salt with the key the salt names.
#[cfg(feature = "ssr")]
fn calendar_token(state: &crate::state::AppState, salt: &str) -> Result<String, AppError> {
    state
        .secret
        .link_token("calendar", salt)
        .ok_or(AppError::Unavailable {
            retry_after_secs: 15,
        })
}

#[server(endpoint = "registration/agenda")]
pub async fn load_personal_agenda(token: String) -> Result<PersonalAgenda, AppError> {
    let state = crate::state::app_state()?;
    let store = state.store.as_ref();
    let record = crate::features::registration::service::by_token(store, &token).await?;
    let forum = store
        .list_forums(false)
        .await?
        .into_iter()
        .find(|f| f.id == record.forum_id)
        .ok_or(AppError::NotFound)?;
    let zone = crate::features::forums::time::parse_zone(&forum.time_zone);
    let picks = store.picks(record.id).await?;
    let mut records = store.sessions_of_forum(record.forum_id).await?;
    let locale = crate::locale::request_locale();
    crate::features::forums::content::localise_sessions(
        store,
        &mut records,
        &forum.default_locale,
        locale,
    )
    .await?;
    let sessions = records
        .iter()
        .map(|s| {
            let v = crate::features::forums::time::session_view(s, zone);
            PickRow {
                id: s.id.0,
                title: v.title,
                title_fallback: v.title_fallback,
                day: v.day,
                starts: v.starts,
                ends: v.ends,
                cancelled: v.cancelled,
                picked: picks.contains(&s.id),
            }
        })
        .collect();
    let feed = format!(
        "{}/calendar/{}.ics",
        state.settings.base_url,
        feed_token(&state, &record).await?
    );
    Ok(PersonalAgenda { sessions, feed })
}

/// Saves the picked sessions (`picked[s<ID>]` boxes).
#[server(endpoint = "registration/picks")]
pub async fn save_picks(
    token: String,
    #[server(default)] picked: BTreeMap<String, String>,
) -> Result<(), AppError> {
    use crate::features::forums::types::SessionId;
    use crate::server::reject;
    let state = crate::state::app_state()?;
    let store = state.store.as_ref();
    let record = crate::features::registration::service::by_token(store, &token)
        .await
        .map_err(|e| reject(e, &[]))?;
    let sessions: Vec<SessionId> = picked
        .keys()
        .take(500)
        .filter_map(|k| k.strip_prefix('s')?.parse().ok().map(SessionId))
        .collect();
    store
        .set_picks(record.id, record.forum_id, &sessions)
        .await?;
    leptos_axum::redirect(&format!("/r/{token}?picked=1#my-agenda"));
    Ok(())
}

/// Replaces the feed's token: the old address stops working at once.
#[server(endpoint = "registration/calendar-reset")]
pub async fn reset_calendar_link(token: String) -> Result<(), AppError> {
    use crate::features::accounts::auth::token_hash;
    use crate::server::reject;
    let state = crate::state::app_state()?;
    let store = state.store.as_ref();
    let record = crate::features::registration::service::by_token(store, &token)
        .await
        .map_err(|e| reject(e, &[]))?;
    let salt = state.secret.new_salt();
    let feed = calendar_token(&state, &salt)?;
    store
        .set_calendar_token(record.id, &salt, &token_hash(&feed))
        .await?;
    leptos_axum::redirect(&format!("/r/{token}#my-agenda"));
    Ok(())
}

/// The participant's personal agenda and the actions that change it (each reloads it). Made
/// where the page is composed, never inside a `Suspense` (leptos-rs/leptos#4866).
#[derive(Clone, Copy)]
pub struct MyAgenda {
    data: Resource<Result<PersonalAgenda, AppError>>,
    save: ServerAction<SavePicks>,
    reset: ServerAction<ResetCalendarLink>,
}

impl MyAgenda {
    pub fn new(token: String) -> Self {
        let save = ServerAction::<SavePicks>::new();
        let reset = ServerAction::<ResetCalendarLink>::new();
        let data = Resource::new_blocking(
            move || (token.clone(), save.version().get() + reset.version().get()),
            |(token, _)| load_personal_agenda(token),
        );
        MyAgenda { data, save, reset }
    }
}

/// The picking form and the feed's address on the participant's page.
#[component]
pub fn PersonalAgendaSection(token: String, agenda: MyAgenda) -> impl IntoView {
    use crate::components::notice::{ErrorNotice, Loading};
    use crate::i18n::{format_date, use_locale};
    let locale = use_locale();
    let MyAgenda { data, save, reset } = agenda;
    let query = leptos_router::hooks::use_query_map();
    let saved =
        move || matches!(save.value().get(), Some(Ok(()))) || query.read().get("picked").is_some();
    view! {
        <section id="my-agenda" aria-labelledby="my-agenda-heading">
            <h2 id="my-agenda-heading">{locale.t("calendar.my_agenda")}</h2>
            <p>{locale.t("calendar.my_agenda_lead")}</p>
            <Suspense fallback=Loading>
                {move || Suspend::new({
                    let token = token.clone();
                    async move {
                        match data.await {
                            Err(error) => view! { <ErrorNotice error /> }.into_any(),
                            Ok(agenda) => {
                                let mut days: Vec<NaiveDate> = agenda.sessions.iter().map(|s| s.day).collect();
                                days.dedup();
                                let sessions = agenda.sessions.clone();
                                let (token_a, token_b) = (token.clone(), token.clone());
                                view! {
                                    {move || saved().then(|| view! { <p class="notice notice-ok" role="status">{locale.t("calendar.picks_saved")}</p> })}
                                    {move || save.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
                                    <ActionForm action=save attr:class="form form-wide">
                                        <input type="hidden" name="token" value=token_a />
                                        {days.into_iter().map(|day| {
                                            let rows: Vec<PickRow> = sessions.iter().filter(|s| s.day == day).cloned().collect();
                                            view! {
                                                <fieldset class="checkboxes">
                                                    <legend>{format_date(locale, day)}</legend>
                                                    {rows.into_iter().map(|s| {
                                                        let id = format!("pick-session-{}", s.id);
                                                        let input_id = id.clone();
                                                        view! {
                                                            <label for=id class="choice">
                                                                <input type="checkbox" id=input_id name=format!("picked[s{}]", s.id) checked=s.picked />
                                                                " "{format!("{}–{} ", s.starts.format("%H:%M"), s.ends.format("%H:%M"))}{s.title.clone()}<crate::components::content::FallbackMark lang=s.title_fallback.clone() />
                                                                {s.cancelled.then(|| view! { " "<span class="badge badge-cancelled">{locale.t("agenda.cancelled")}</span> })}
                                                            </label>
                                                        }
                                                    }).collect_view()}
                                                </fieldset>
                                            }
                                        }).collect_view()}
                                        <button type="submit" class="button">{locale.t("calendar.save_picks")}</button>
                                    </ActionForm>
                                    <h3>{locale.t("calendar.feed")}</h3>
                                    <p>{locale.t("calendar.feed_lead")}</p>
                                    <p><code class="code">{agenda.feed.clone()}</code></p>
                                    <super::links::CalendarButtons ics=agenda.feed.clone() subscribe=true />
                                    <ActionForm action=reset attr:class="form">
                                        <input type="hidden" name="token" value=token_b />
                                        <p class="hint">{locale.t("calendar.reset_lead")}</p>
                                        <button type="submit" class="button button-secondary button-small">{locale.t("calendar.reset")}</button>
                                    </ActionForm>
                                }.into_any()
                            }
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}
