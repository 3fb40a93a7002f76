//! The organiser's agenda actions: rooms, tracks, people, sessions and who speaks where.
//! Every function checks the role, parses its form before any I/O and answers a refused form
//! with field errors (carried by the flash cookie when the browser posted without JavaScript).

use super::rules::{PersonForm, RoomForm, SessionForm, TrackForm};
use super::types::{AgendaData, DoubleBooking};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod guard {
    use crate::db::StoreError;
    use crate::error::{AppError, FieldError};
    use crate::server::{internal, reject};
    use crate::state::AppState;
    use crate::store::records::ForumRecord;

    /// The signed-in organiser's state and the forum at `slug`; refusals carry `keep` back.
    pub async fn forum(
        slug: &str,
        keep: &[(&str, &str)],
    ) -> Result<(AppState, ForumRecord), AppError> {
        crate::features::accounts::guard::organiser_forum(slug, keep).await
    }

    /// Maps a store result, naming the field a uniqueness conflict is about.
    pub fn stored<T>(
        result: Result<T, StoreError>,
        field: &str,
        key: &str,
        keep: &[(&str, &str)],
    ) -> Result<T, AppError> {
        match result {
            Ok(v) => Ok(v),
            Err(StoreError::Duplicate(_)) => Err(reject(
                AppError::Invalid(vec![FieldError::new(field, key)]),
                keep,
            )),
            Err(StoreError::NotFound) => Err(reject(AppError::NotFound, keep)),
            Err(e) => Err(internal(e)),
        }
    }

    /// Maps a session write whose room may be taken by another session.
    pub fn booked<T>(
        result: Result<Result<T, crate::features::agenda::store::RoomTaken>, StoreError>,
        keep: &[(&str, &str)],
    ) -> Result<T, AppError> {
        match stored(result, "room_id", "error.room_taken", keep)? {
            Ok(v) => Ok(v),
            Err(_taken) => Err(reject(
                AppError::Invalid(vec![FieldError::new("room_id", "error.room_taken")]),
                keep,
            )),
        }
    }

    pub fn invalid(errors: Vec<FieldError>, keep: &[(&str, &str)]) -> AppError {
        reject(AppError::Invalid(errors), keep)
    }
}

/// Field values to carry back with a refusal, prefixed as the form names them.
#[cfg(feature = "ssr")]
fn kept(form_tag: &str, fields: &[(&str, &str)]) -> Vec<(String, String)> {
    std::iter::once(("form".to_string(), form_tag.to_string()))
        .chain(
            fields
                .iter()
                .map(|(k, v)| (format!("form[{k}]"), v.to_string())),
        )
        .collect()
}

#[cfg(feature = "ssr")]
fn as_refs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

/// The organiser's view of a forum's agenda (drafts too) and the double bookings in it.
#[server(endpoint = "organiser/agenda")]
pub async fn load_agenda_admin(slug: String) -> Result<(AgendaData, Vec<DoubleBooking>), AppError> {
    let (state, _) = guard::forum(&slug, &[]).await?;
    let data = super::api::assemble::load(state.store.as_ref(), &slug, true, None).await?;
    let warnings = super::rules::double_bookings(&data.sessions);
    Ok((data, warnings))
}

#[server(endpoint = "agenda/rooms/save")]
pub async fn save_room(
    slug: String,
    room_id: Option<crate::features::agenda::types::RoomId>,
    form: RoomForm,
) -> Result<(), AppError> {
    let tag = room_id.map_or("room-new".to_string(), |id| format!("room-{id}"));
    let keep = kept(
        &tag,
        &[
            ("name", &form.name),
            ("capacity", &form.capacity),
            ("accessibility", &form.accessibility),
        ],
    );
    let keep = as_refs(&keep);
    let (state, forum) = guard::forum(&slug, &keep).await?;
    let input = form.parse().map_err(|e| guard::invalid(e, &keep))?;
    let result = state
        .store
        .save_room(forum.summary.id, room_id, &input)
        .await;
    guard::stored(result, "name", "error.name_taken", &keep).map(|_| ())
}

#[server(endpoint = "agenda/rooms/delete")]
pub async fn delete_room(
    slug: String,
    room_id: crate::features::agenda::types::RoomId,
) -> Result<(), AppError> {
    let (state, forum) = guard::forum(&slug, &[]).await?;
    let result = state.store.delete_room(forum.summary.id, room_id).await;
    guard::stored(result, "room_id", "error.invalid", &[])
}

#[server(endpoint = "agenda/tracks/save")]
pub async fn save_track(
    slug: String,
    track_id: Option<crate::features::agenda::types::TrackId>,
    form: TrackForm,
) -> Result<(), AppError> {
    let tag = track_id.map_or("track-new".to_string(), |id| format!("track-{id}"));
    let keep = kept(&tag, &[("name", &form.name), ("colour", &form.colour)]);
    let keep = as_refs(&keep);
    let (state, forum) = guard::forum(&slug, &keep).await?;
    let input = form.parse().map_err(|e| guard::invalid(e, &keep))?;
    let result = state
        .store
        .save_track(forum.summary.id, track_id, &input)
        .await;
    guard::stored(result, "name", "error.name_taken", &keep).map(|_| ())
}

#[server(endpoint = "agenda/tracks/delete")]
pub async fn delete_track(
    slug: String,
    track_id: crate::features::agenda::types::TrackId,
) -> Result<(), AppError> {
    let (state, forum) = guard::forum(&slug, &[]).await?;
    let result = state.store.delete_track(forum.summary.id, track_id).await;
    guard::stored(result, "track_id", "error.invalid", &[])
}

#[server(endpoint = "agenda/people/save")]
pub async fn save_person(
    slug: String,
    person_id: Option<crate::features::agenda::types::PersonId>,
    form: PersonForm,
) -> Result<(), AppError> {
    use crate::error::FieldError;
    let tag = person_id.map_or("person-new".to_string(), |id| format!("person-{id}"));
    let keep = kept(
        &tag,
        &[
            ("name", &form.name),
            ("affiliation", &form.affiliation),
            ("title", &form.title),
            ("group_id", &form.group_id),
            ("country", &form.country),
            ("bio", &form.bio),
        ],
    );
    let keep = as_refs(&keep);
    let (state, forum) = guard::forum(&slug, &keep).await?;
    let input = form.parse().map_err(|e| guard::invalid(e, &keep))?;
    if let Some(group) = input.group_id {
        let groups = state.store.stakeholder_groups(forum.series_id).await?;
        if !groups.iter().any(|g| g.id == group) {
            return Err(guard::invalid(
                vec![FieldError::new("group_id", "error.invalid")],
                &keep,
            ));
        }
    }
    let result = state
        .store
        .save_person(forum.summary.id, person_id, &input)
        .await;
    guard::stored(result, "name", "error.name_taken", &keep).map(|_| ())
}

#[server(endpoint = "agenda/people/delete")]
pub async fn delete_person(
    slug: String,
    person_id: crate::features::agenda::types::PersonId,
) -> Result<(), AppError> {
    let (state, forum) = guard::forum(&slug, &[]).await?;
    let result = state.store.delete_person(forum.summary.id, person_id).await;
    guard::stored(result, "person_id", "error.invalid", &[])
}

/// Creates or moves/edits a session, then returns to the forum's agenda screen.
#[server(endpoint = "agenda/sessions/save")]
pub async fn save_session(
    slug: String,
    session_id: Option<crate::ids::SessionId>,
    form: SessionForm,
) -> Result<(), AppError> {
    use crate::error::FieldError;
    use crate::features::forums::time::{local_to_utc, parse_zone};

    let mut fields: Vec<(&str, &str)> = vec![
        ("title", &form.title),
        ("description", &form.description),
        ("kind", &form.kind),
        ("day", &form.day),
        ("starts", &form.starts),
        ("ends", &form.ends),
        ("room_id", &form.room_id),
        ("track_id", &form.track_id),
        ("language", &form.language),
    ];
    let interp: Vec<String> = form
        .interpretation
        .keys()
        .map(|k| format!("interpretation][{k}"))
        .collect();
    for k in &interp {
        fields.push((k.as_str(), "on"));
    }
    let keep = kept("session", &fields);
    let keep = as_refs(&keep);
    let (state, forum) = guard::forum(&slug, &keep).await?;
    let f = &forum.summary;
    let zone = parse_zone(&f.time_zone);
    let draft = form
        .parse(f.id, f.starts_on, f.ends_on, |d, t| {
            local_to_utc(zone, d, t)
        })
        .map_err(|e| guard::invalid(e, &keep))?;
    let store = state.store.as_ref();
    let mut errors = Vec::new();
    if let Some(room) = draft.room_id {
        if !store.rooms(f.id).await?.iter().any(|r| r.id == room) {
            errors.push(FieldError::new("room_id", "error.invalid"));
        }
    }
    if let Some(track) = draft.track_id {
        if !store.tracks(f.id).await?.iter().any(|t| t.id == track) {
            errors.push(FieldError::new("track_id", "error.invalid"));
        }
    }
    if !errors.is_empty() {
        return Err(guard::invalid(errors, &keep));
    }
    let saved = store.save_session(session_id, &draft).await;
    guard::booked(saved, &keep)?;
    leptos_axum::redirect(&format!("/organiser/forums/{slug}/agenda"));
    Ok(())
}

/// Cancels a session (it stays on the agenda, marked) or restores it.
#[server(endpoint = "agenda/sessions/cancel")]
pub async fn set_session_cancelled(
    slug: String,
    session_id: crate::ids::SessionId,
    cancelled: bool,
) -> Result<(), AppError> {
    let (state, forum) = guard::forum(&slug, &[]).await?;
    let result = state
        .store
        .set_session_cancelled(forum.summary.id, session_id, cancelled)
        .await;
    guard::booked(result, &[])
}

#[server(endpoint = "agenda/sessions/delete")]
pub async fn delete_session(
    slug: String,
    session_id: crate::ids::SessionId,
) -> Result<(), AppError> {
    let (state, forum) = guard::forum(&slug, &[]).await?;
    let result = state
        .store
        .delete_session(forum.summary.id, session_id)
        .await;
    guard::stored(result, "session_id", "error.invalid", &[])?;
    leptos_axum::redirect(&format!("/organiser/forums/{slug}/agenda"));
    Ok(())
}

/// Adds a person to a session as chair, moderator or speaker (or changes their role).
#[server(endpoint = "agenda/sessions/assign")]
pub async fn assign_person(
    slug: String,
    session_id: crate::ids::SessionId,
    person_id: String,
    role: String,
) -> Result<(), AppError> {
    use super::types::PersonId;
    use crate::error::FieldError;

    let keep = [("form", "assign")];
    let (state, forum) = guard::forum(&slug, &keep).await?;
    let role = super::rules::parse_role(&role).map_err(|e| guard::invalid(e, &keep))?;
    let person: i64 = person_id
        .trim()
        .parse()
        .map_err(|_| guard::invalid(vec![FieldError::new("person_id", "error.required")], &keep))?;
    let result = state
        .store
        .assign_person(forum.summary.id, session_id, PersonId(person), role)
        .await;
    guard::stored(result, "person_id", "error.invalid", &keep)
}

#[server(endpoint = "agenda/sessions/unassign")]
pub async fn unassign_person(
    slug: String,
    session_id: crate::ids::SessionId,
    person_id: crate::features::agenda::types::PersonId,
) -> Result<(), AppError> {
    let (state, forum) = guard::forum(&slug, &[]).await?;
    let result = state
        .store
        .unassign_person(forum.summary.id, session_id, person_id)
        .await;
    guard::stored(result, "person_id", "error.invalid", &[])
}
