//! The calendar files: `/forums/{slug}/sessions/{id}.ics`, `/forums/{slug}/agenda.ics`,
//! `/forums/{slug}/forum.ics` (public, in `?lang=` or the browser's language) and the personal
//! feed `/calendar/{token}.ics` (the participant's picks, in their language). Served by a
//! middleware in front of the page router, as `text/calendar; charset=utf-8` with an ETag and
//! Last-Modified; unknown or revoked tokens get 404 and reveal nothing.

use super::ics::{render, uid_host, IcsCalendar, IcsEvent, When};
use crate::error::AppError;
use crate::features::forums::types::SessionId;
use crate::i18n::Locale;
use crate::state::AppState;
use crate::store::records::{ForumRecord, SessionRecord};
use crate::store::Store;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};

/// What a forum's calendars are made of.
pub struct ForumCalendar {
    pub forum: ForumRecord,
    pub sessions: Vec<SessionRecord>,
    rooms: Vec<crate::features::agenda::types::Room>,
    people: Vec<crate::features::agenda::types::Person>,
    assignments: Vec<crate::features::agenda::store::Assignment>,
    pub sequence: i64,
    pub modified: DateTime<Utc>,
}

/// A forum's calendar data with its texts in `locale`; `published_only` for public files.
pub async fn load(
    store: &dyn Store,
    forum: ForumRecord,
    locale: Locale,
) -> Result<ForumCalendar, AppError> {
    let mut forum = forum;
    let mut one = [forum.summary.clone()];
    crate::features::forums::content::localise_forums(store, &mut one, locale).await?;
    forum.summary = one[0].clone();
    let id = forum.summary.id;
    let (sequence, modified) = store.forum_ics_meta(id).await?;
    // The programme in the calendar's language: session titles and descriptions, room names.
    let base = forum.summary.default_locale.clone();
    let mut sessions = store.sessions_of_forum(id).await?;
    crate::features::forums::content::localise_sessions(store, &mut sessions, &base, locale)
        .await?;
    let mut rooms = store.rooms(id).await?;
    crate::features::agenda::api::assemble::localise_programme(
        store,
        &mut rooms,
        &mut [],
        &mut [],
        &base,
        locale,
    )
    .await?;
    Ok(ForumCalendar {
        sessions,
        rooms,
        people: store.people(id).await?,
        assignments: store.assignments(id).await?,
        forum,
        sequence,
        modified,
    })
}

impl ForumCalendar {
    fn location(&self, session: &SessionRecord) -> String {
        let f = &self.forum.summary;
        let room = session
            .room_id
            .and_then(|r| self.rooms.iter().find(|x| x.id == r))
            .map(|r| r.name.clone());
        [Some(f.venue.clone()), room, Some(f.city.clone())]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub fn session_url(&self, base: &str, id: SessionId) -> String {
        format!(
            "{base}/forums/{}/sessions/{}",
            self.forum.summary.slug, id.0
        )
    }

    /// One session as an event: people and the session's address in the description.
    pub fn session_event(&self, s: &SessionRecord, base: &str, locale: Locale) -> IcsEvent {
        let people: Vec<String> = self
            .assignments
            .iter()
            .filter(|(sid, _, _)| *sid == s.id)
            .filter_map(|(_, pid, _)| self.people.iter().find(|p| p.id == *pid))
            .map(|p| {
                if p.affiliation.is_empty() {
                    p.name.clone()
                } else {
                    format!("{} ({})", p.name, p.affiliation)
                }
            })
            .collect();
        let url = self.session_url(base, s.id);
        let mut description = s.description.trim().to_string();
        if !people.is_empty() {
            if !description.is_empty() {
                description.push_str("\n\n");
            }
            description.push_str(&locale.t("calendar.people"));
            description.push_str(": ");
            description.push_str(&people.join(", "));
        }
        if !description.is_empty() {
            description.push_str("\n\n");
        }
        description.push_str(&url);
        IcsEvent {
            uid: format!("session-{}@{}", s.id.0, uid_host(base)),
            sequence: s.sequence,
            cancelled: s.status == "cancelled",
            summary: s.title.clone(),
            description,
            location: self.location(s),
            url,
            when: When::Timed(s.starts_at, s.ends_at),
            modified: s.updated_at.unwrap_or(self.modified),
            organizer: None,
            attendee: None,
        }
    }

    /// The forum itself as one all-day event.
    pub fn forum_event(&self, base: &str, locale: Locale) -> IcsEvent {
        super::ics::forum_event(
            &self.forum.summary,
            &self.forum.description,
            (self.sequence, self.modified),
            base,
            locale,
        )
    }

    fn calendar(&self, name: String, events: Vec<IcsEvent>) -> IcsCalendar {
        IcsCalendar {
            name,
            zone: self.forum.summary.time_zone.clone(),
            method: None,
            events,
        }
    }

    /// The newest change among `events` (Last-Modified).
    fn newest(events: &[IcsEvent], fallback: DateTime<Utc>) -> DateTime<Utc> {
        events.iter().map(|e| e.modified).max().unwrap_or(fallback)
    }
}

/// Which calendar a path asks for.
#[derive(Debug, PartialEq)]
enum Wanted<'a> {
    Session(&'a str, i64),
    Agenda(&'a str),
    Forum(&'a str),
    Personal(&'a str),
}

impl Wanted<'_> {
    /// The path pattern `accounts::rules::CALENDAR_FILES` declares for this calendar.
    #[cfg(test)]
    fn pattern(&self) -> &'static str {
        match self {
            Wanted::Session(..) => "/forums/{slug}/sessions/{id}.ics",
            Wanted::Agenda(_) => "/forums/{slug}/agenda.ics",
            Wanted::Forum(_) => "/forums/{slug}/forum.ics",
            Wanted::Personal(_) => "/calendar/{token}.ics",
        }
    }
}

fn wanted(path: &str) -> Option<Wanted<'_>> {
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match parts.as_slice() {
        ["forums", slug, "agenda.ics"] => Some(Wanted::Agenda(slug)),
        ["forums", slug, "forum.ics"] => Some(Wanted::Forum(slug)),
        ["forums", slug, "sessions", file] => {
            let id = file.strip_suffix(".ics")?.parse().ok()?;
            Some(Wanted::Session(slug, id))
        }
        ["calendar", file] => Some(Wanted::Personal(file.strip_suffix(".ics")?)),
        _ => None,
    }
}

/// Serves the calendar files; every other request goes on to the router.
pub async fn serve(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        return next.run(req).await;
    }
    let path = req.uri().path().to_string();
    let Some(want) = wanted(&path) else {
        return next.run(req).await;
    };
    let headers = req.headers().clone();
    let locale = crate::locale::locale_of(&headers, req.uri().query());
    match build(&state, want, locale).await {
        Ok((text, modified, filename, personal)) => respond(
            &headers,
            text,
            modified,
            &filename,
            personal,
            req.method() == Method::HEAD,
        ),
        Err(e) => {
            let status = StatusCode::from_u16(e.status_code()).unwrap_or(StatusCode::NOT_FOUND);
            (
                status,
                [(header::CACHE_CONTROL, "no-store")],
                locale.t(e.message_key()),
            )
                .into_response()
        }
    }
}

async fn build(
    state: &AppState,
    want: Wanted<'_>,
    locale: Locale,
) -> Result<(String, DateTime<Utc>, String, bool), AppError> {
    let store = state.store.as_ref();
    let base = state.settings.base_url.as_str();
    match want {
        Wanted::Personal(token) => {
            use crate::features::accounts::auth::token_hash;
            if token.len() > 100 {
                return Err(AppError::NotFound);
            }
            let record = store
                .registration_by_calendar_token(&token_hash(token))
                .await?
                // A cancelled or refused registration's feed says nothing any more.
                .filter(|r| {
                    !matches!(
                        r.status,
                        crate::features::registration::types::RegistrationStatus::Cancelled
                            | crate::features::registration::types::RegistrationStatus::Rejected
                    )
                })
                .ok_or(AppError::NotFound)?;
            let locale = Locale::from_code(&record.locale).unwrap_or_default();
            let forum = store
                .list_forums(false)
                .await?
                .into_iter()
                .find(|f| f.id == record.forum_id)
                .ok_or(AppError::NotFound)?;
            let forum = store
                .forum_by_slug(&forum.slug)
                .await?
                .ok_or(AppError::NotFound)?;
            let cal = load(store, forum, locale).await?;
            let picks = store.picks(record.id).await?;
            let events: Vec<IcsEvent> = cal
                .sessions
                .iter()
                .filter(|s| picks.contains(&s.id))
                .map(|s| cal.session_event(s, base, locale))
                .collect();
            let modified = ForumCalendar::newest(&events, cal.modified);
            let name = locale.tf(
                "calendar.personal_name",
                &[("forum", &cal.forum.summary.title)],
            );
            Ok((
                render(&cal.calendar(name, events)),
                modified,
                "my-agenda.ics".into(),
                true,
            ))
        }
        Wanted::Session(slug, _) | Wanted::Agenda(slug) | Wanted::Forum(slug) => {
            let forum = crate::features::forums::content::public_forum(store, slug).await?;
            let cal = load(store, forum, locale).await?;
            let title = cal.forum.summary.title.clone();
            let (events, name, file) = match want {
                Wanted::Session(_, id) => {
                    let s = cal
                        .sessions
                        .iter()
                        .find(|s| s.id.0 == id)
                        .ok_or(AppError::NotFound)?;
                    (
                        vec![cal.session_event(s, base, locale)],
                        title.clone(),
                        format!("session-{id}.ics"),
                    )
                }
                Wanted::Agenda(_) => (
                    cal.sessions
                        .iter()
                        .map(|s| cal.session_event(s, base, locale))
                        .collect(),
                    locale.tf("calendar.agenda_name", &[("forum", &title)]),
                    format!("{slug}-agenda.ics"),
                ),
                _ => (
                    vec![cal.forum_event(base, locale)],
                    title.clone(),
                    format!("{slug}.ics"),
                ),
            };
            let modified = ForumCalendar::newest(&events, cal.modified);
            Ok((render(&cal.calendar(name, events)), modified, file, false))
        }
    }
}

fn respond(
    headers: &HeaderMap,
    text: String,
    modified: DateTime<Utc>,
    filename: &str,
    personal: bool,
    head: bool,
) -> Response {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(text.as_bytes());
    let etag = format!(
        "\"{}\"",
        digest
            .iter()
            .take(16)
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    let last_modified = modified.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
    let cache = if personal {
        "private, no-cache"
    } else {
        "public, no-cache"
    };
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    let mut response = Response::builder()
        .header(header::CONTENT_TYPE, "text/calendar; charset=utf-8")
        .header(header::ETAG, &etag)
        .header(header::LAST_MODIFIED, last_modified)
        .header(header::CACHE_CONTROL, cache)
        .header(
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        );
    if personal {
        response = response.header("Referrer-Policy", "no-referrer");
    }
    let (status, body) = if fresh {
        (StatusCode::NOT_MODIFIED, Body::empty())
    } else if head {
        (StatusCode::OK, Body::empty())
    } else {
        (StatusCode::OK, Body::from(text))
    };
    response
        .status(status)
        .body(body)
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_paths_are_recognised_and_nothing_else() {
        assert_eq!(
            wanted("/forums/skopje/agenda.ics"),
            Some(Wanted::Agenda("skopje"))
        );
        assert_eq!(
            wanted("/forums/skopje/forum.ics"),
            Some(Wanted::Forum("skopje"))
        );
        assert_eq!(
            wanted("/forums/skopje/sessions/12.ics"),
            Some(Wanted::Session("skopje", 12))
        );
        assert_eq!(wanted("/calendar/abc.ics"), Some(Wanted::Personal("abc")));
        assert_eq!(wanted("/forums/skopje/sessions/12"), None);
        assert_eq!(wanted("/forums/skopje/agenda"), None);
        assert_eq!(wanted("/forums/skopje/sessions/x.ics"), None);
        assert_eq!(uid_host("https://agora.example:8443/x"), "agora.example");
    }

    #[test]
    fn the_calendar_files_served_are_exactly_the_declared_ones() {
        use crate::features::accounts::rules::{Rule, CALENDAR_FILES};
        let mut answered = std::collections::BTreeSet::new();
        for (pattern, rule) in CALENDAR_FILES {
            let path = pattern
                .replace("{slug}", "skopje")
                .replace("{id}", "12")
                .replace("{token}", "abc");
            let want = wanted(&path).unwrap_or_else(|| panic!("{pattern} is not served"));
            assert_eq!(want.pattern(), *pattern);
            // Only the personal calendar needs its holder's token.
            assert_eq!(
                matches!(want, Wanted::Personal(_)),
                *rule == Rule::Participant,
                "{pattern}"
            );
            answered.insert(want.pattern());
        }
        for want in [
            Wanted::Session("s", 1),
            Wanted::Agenda("s"),
            Wanted::Forum("s"),
            Wanted::Personal("t"),
        ] {
            assert!(answered.contains(want.pattern()), "{want:?} has no rule");
        }
    }
}
