//! Reading a forum's agenda (public pages, and the organiser's screens with drafts).

use super::types::AgendaData;
use crate::error::AppError;
use leptos::prelude::*;

/// Server side: assembling `AgendaData` from the store.
#[cfg(feature = "ssr")]
pub mod assemble {
    use super::super::types::{AgendaData, AgendaSession, Person, Room, SessionPerson, Track};
    use crate::error::AppError;
    use crate::features::forums::content::{localise_sessions, Texts};
    use crate::features::forums::types::ForumStatus;
    use crate::i18n::Locale;

    use crate::store::records::SessionRecord;
    use crate::store::Store;
    use chrono_tz::Tz;

    /// A stored session in the forum's local time, with its people.
    pub fn session(s: &SessionRecord, zone: Tz, people: Vec<SessionPerson>) -> AgendaSession {
        let starts = s.starts_at.with_timezone(&zone);
        let ends = s.ends_at.with_timezone(&zone);
        AgendaSession {
            id: s.id,
            title: s.title.clone(),
            description: s.description.clone(),
            title_fallback: s.title_fallback.clone(),
            description_fallback: s.description_fallback.clone(),
            kind: s.kind.clone(),
            cancelled: s.status == "cancelled",
            day: starts.date_naive(),
            starts: starts.time(),
            ends: ends.time(),
            starts_utc: s.starts_at,
            ends_utc: s.ends_at,
            zone: starts.format("%Z").to_string(),
            room: s.room_id,
            track: s.track_id,
            language: s.language.clone(),
            interpretation: s
                .interpretation
                .split(',')
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect(),
            people,
        }
    }

    /// Rooms, tracks and people with their texts in `locale` (written in `base_lang`).
    pub async fn localise_programme(
        store: &dyn Store,
        rooms: &mut [Room],
        tracks: &mut [Track],
        people: &mut [Person],
        base_lang: &str,
        locale: Locale,
    ) -> Result<(), AppError> {
        let texts = Texts::load(store, "room").await?;
        for r in rooms.iter_mut() {
            r.name_fallback = texts.put(r.id.0, "name", &mut r.name, base_lang, locale);
            r.accessibility_fallback = texts.put(
                r.id.0,
                "accessibility",
                &mut r.accessibility,
                base_lang,
                locale,
            );
        }
        let texts = Texts::load(store, "track").await?;
        for t in tracks.iter_mut() {
            t.name_fallback = texts.put(t.id.0, "name", &mut t.name, base_lang, locale);
        }
        let texts = Texts::load(store, "person").await?;
        for p in people.iter_mut() {
            p.title_fallback = texts.put(p.id.0, "title", &mut p.title, base_lang, locale);
            p.bio_fallback = texts.put(p.id.0, "bio", &mut p.bio, base_lang, locale);
        }
        Ok(())
    }

    /// The agenda of the forum at `slug`. Drafts only with `preview` (organisers). The
    /// programme's texts are in `texts`' language, or as written (the organiser's forms) when
    /// `texts` is `None`.
    pub async fn load(
        store: &dyn Store,
        slug: &str,
        preview: bool,
        texts: Option<Locale>,
    ) -> Result<AgendaData, AppError> {
        let locale = crate::locale::request_locale();
        let mut record = store.forum_by_slug(slug).await?.ok_or(AppError::NotFound)?;
        if record.summary.status != ForumStatus::Published && !preview {
            return Err(AppError::NotFound);
        }
        let forum_id = record.summary.id;
        let mut one = [record.summary.clone()];
        crate::features::forums::content::localise_forums(store, &mut one, locale).await?;
        record.summary = one[0].clone();
        let series = store.first_series().await?;
        let series_texts = crate::features::forums::content::Texts::load(store, "series").await?;
        let series_title = series
            .as_ref()
            .map(|s| series_texts.get(s.id.0, "title", &s.title, &s.default_locale, locale))
            .unwrap_or_default();
        let mut groups = store.stakeholder_groups(record.series_id).await?;
        let series_lang = series.map(|s| s.default_locale).unwrap_or_default();
        crate::features::forums::content::localise_groups(store, &mut groups, &series_lang, locale)
            .await?;
        let mut rooms = store.rooms(forum_id).await?;
        let mut tracks = store.tracks(forum_id).await?;
        let mut people = store.people(forum_id).await?;
        let mut records = store.sessions_of_forum(forum_id).await?;
        if let Some(reader) = texts {
            let base = record.summary.default_locale.clone();
            localise_programme(store, &mut rooms, &mut tracks, &mut people, &base, reader).await?;
            localise_sessions(store, &mut records, &base, reader).await?;
        }
        let assignments = store.assignments(forum_id).await?;
        // The public sees only people who speak at a session; someone entered but not (yet)
        // on the agenda stays with the organisers.
        if !preview {
            people.retain(|p| assignments.iter().any(|(_, pid, _)| *pid == p.id));
        }
        let zone = crate::features::forums::time::parse_zone(&record.summary.time_zone);
        let sessions = records
            .iter()
            .map(|s| {
                let in_session = assignments
                    .iter()
                    .filter(|(sid, _, _)| *sid == s.id)
                    .filter_map(|(_, pid, role)| {
                        people.iter().find(|p| p.id == *pid).map(|p| SessionPerson {
                            person_id: p.id,
                            name: p.name.clone(),
                            affiliation: p.affiliation.clone(),
                            role: role.clone(),
                        })
                    })
                    .collect();
                session(s, zone, in_session)
            })
            .collect();
        Ok(AgendaData {
            forum: record.summary,
            series_title,
            groups,
            rooms,
            tracks,
            people,
            sessions,
            base_url: crate::state::app_state()
                .map(|s| s.settings.base_url.clone())
                .unwrap_or_default(),
        })
    }
}

/// The public agenda of a forum (drafts for organisers).
#[server(endpoint = "forums/agenda")]
pub async fn load_agenda(slug: String) -> Result<AgendaData, AppError> {
    use crate::features::accounts::policy::{authorize, current_who, Action};
    let state = crate::state::app_state()?;
    if slug.len() > 200 {
        return Err(AppError::NotFound);
    }
    // Drafts are shown to those who may open the forum's organiser screens.
    let preview = match state.store.forum_by_slug(&slug).await? {
        Some(forum) => authorize(
            state.store.as_ref(),
            &current_who().await?,
            Action::ReadForum(forum.summary.id),
        )
        .await
        .is_ok(),
        None => false,
    };
    let locale = crate::locale::request_locale();
    assemble::load(state.store.as_ref(), &slug, preview, Some(locale)).await
}
