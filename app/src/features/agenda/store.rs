//! Agenda persistence: the trait and the SQL both backends share (instantiated by
//! `impl_agenda_store!` in `store/sqlite.rs` and `store/postgres.rs`).

use super::rules::{PersonInput, RoomInput, TrackInput};
use super::types::{Person, PersonId, Room, RoomId, Track, TrackId};
use crate::db::StoreResult;
use crate::features::forums::types::{ForumId, SessionId};
use crate::store::records::{NewSession, SessionRecord};
use async_trait::async_trait;

/// One person's part in one session.
pub type Assignment = (SessionId, PersonId, String);

#[async_trait]
pub trait AgendaStore {
    async fn rooms(&self, forum: ForumId) -> StoreResult<Vec<Room>>;
    async fn save_room(
        &self,
        forum: ForumId,
        id: Option<RoomId>,
        room: &RoomInput,
    ) -> StoreResult<RoomId>;
    async fn delete_room(&self, forum: ForumId, id: RoomId) -> StoreResult<()>;
    async fn tracks(&self, forum: ForumId) -> StoreResult<Vec<Track>>;
    async fn save_track(
        &self,
        forum: ForumId,
        id: Option<TrackId>,
        track: &TrackInput,
    ) -> StoreResult<TrackId>;
    async fn delete_track(&self, forum: ForumId, id: TrackId) -> StoreResult<()>;
    async fn people(&self, forum: ForumId) -> StoreResult<Vec<Person>>;
    async fn save_person(
        &self,
        forum: ForumId,
        id: Option<PersonId>,
        person: &PersonInput,
    ) -> StoreResult<PersonId>;
    async fn delete_person(&self, forum: ForumId, id: PersonId) -> StoreResult<()>;

    async fn sessions_of_forum(&self, forum: ForumId) -> StoreResult<Vec<SessionRecord>>;
    /// Creates or updates a session. A room already holding a scheduled session at an overlapping
    /// time is refused with `RoomTaken` (checked and written in one transaction, the room locked).
    /// An update that changes title, time or room raises the sequence.
    async fn save_session(
        &self,
        id: Option<SessionId>,
        session: &NewSession,
    ) -> StoreResult<Result<SessionId, RoomTaken>>;
    /// Cancels (or restores, checking the room again) a session; raises the sequence.
    async fn set_session_cancelled(
        &self,
        forum: ForumId,
        id: SessionId,
        cancelled: bool,
    ) -> StoreResult<Result<(), RoomTaken>>;
    async fn delete_session(&self, forum: ForumId, id: SessionId) -> StoreResult<()>;
    async fn assignments(&self, forum: ForumId) -> StoreResult<Vec<Assignment>>;
    /// Adds a person to a session (or changes their role); both must belong to `forum`.
    async fn assign_person(
        &self,
        forum: ForumId,
        session: SessionId,
        person: PersonId,
        role: &str,
    ) -> StoreResult<()>;
    async fn unassign_person(
        &self,
        forum: ForumId,
        session: SessionId,
        person: PersonId,
    ) -> StoreResult<()>;
}

/// A business refusal: the room holds another scheduled session at an overlapping time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomTaken {
    /// The title of the session that holds the room.
    pub by: String,
}

pub(crate) const SESSION_COLUMNS: &str = "id, forum_id, title, description, kind, starts_at, \
     ends_at, room_id, track_id, language, interpretation, status, sequence, updated_at";

macro_rules! impl_agenda_store {
    ($store:ty, $db:ty) => {
        impl $store {
            /// Refuses a scheduled session in `room` overlapping `[starts, ends)`, other than `except`.
            async fn check_room_free<'c>(
                tx: &mut sqlx::Transaction<'c, $db>,
                room: $crate::features::agenda::types::RoomId,
                starts: DateTime<Utc>,
                ends: DateTime<Utc>,
                except: i64,
            ) -> StoreResult<Option<$crate::features::agenda::store::RoomTaken>> {
                let lock = format!("SELECT id FROM rooms WHERE id = $1{}", <$store as $crate::db::Dialect>::row_lock());
                sqlx::query(&lock).bind(room).fetch_optional(&mut **tx).await?;
                let clash: Option<(String,)> = sqlx::query_as(
                    "SELECT title FROM agenda_sessions WHERE room_id = $1 AND status = 'scheduled' \
                     AND starts_at < $2 AND ends_at > $3 AND id <> $4 LIMIT 1",
                )
                .bind(room)
                .bind(whole_seconds(ends))
                .bind(whole_seconds(starts))
                .bind(except)
                .fetch_optional(&mut **tx)
                .await?;
                Ok(clash.map(|(by,)| $crate::features::agenda::store::RoomTaken { by }))
            }
        }

        #[async_trait::async_trait]
        impl $crate::features::agenda::store::AgendaStore for $store {
            async fn rooms(&self, forum: ForumId) -> StoreResult<Vec<$crate::features::agenda::types::Room>> {
                Ok(sqlx::query_as(
                    "SELECT id, name, capacity, accessibility FROM rooms WHERE forum_id = $1 \
                     ORDER BY position, id",
                )
                .bind(forum)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn save_room(
                &self,
                forum: ForumId,
                id: Option<$crate::features::agenda::types::RoomId>,
                r: &$crate::features::agenda::rules::RoomInput,
            ) -> StoreResult<$crate::features::agenda::types::RoomId> {
                use $crate::features::agenda::types::RoomId;
                match id {
                    None => {
                        let (id,): (i64,) = sqlx::query_as(
                            "INSERT INTO rooms (forum_id, name, capacity, accessibility, position) \
                             VALUES ($1, $2, $3, $4, (SELECT COALESCE(MAX(position), 0) + 1 FROM rooms \
                             WHERE forum_id = $1)) RETURNING id",
                        )
                        .bind(forum)
                        .bind(&r.name)
                        .bind(r.capacity)
                        .bind(&r.accessibility)
                        .fetch_one(&self.pool)
                        .await?;
                        Ok(RoomId(id))
                    }
                    Some(id) => {
                        let done = sqlx::query(
                            "UPDATE rooms SET name = $1, capacity = $2, accessibility = $3 \
                             WHERE id = $4 AND forum_id = $5",
                        )
                        .bind(&r.name)
                        .bind(r.capacity)
                        .bind(&r.accessibility)
                        .bind(id)
                        .bind(forum)
                        .execute(&self.pool)
                        .await?;
                        $crate::db::must_affect(done.rows_affected())?;
                        Ok(id)
                    }
                }
            }

            async fn delete_room(&self, forum: ForumId, id: $crate::features::agenda::types::RoomId) -> StoreResult<()> {
                let done = sqlx::query("DELETE FROM rooms WHERE id = $1 AND forum_id = $2")
                    .bind(id)
                    .bind(forum)
                    .execute(&self.pool)
                    .await?;
                $crate::db::must_affect(done.rows_affected())
            }

            async fn tracks(&self, forum: ForumId) -> StoreResult<Vec<$crate::features::agenda::types::Track>> {
                Ok(sqlx::query_as("SELECT id, name, colour FROM tracks WHERE forum_id = $1 ORDER BY name, id")
                    .bind(forum)
                    .fetch_all(&self.pool)
                    .await?)
            }

            async fn save_track(
                &self,
                forum: ForumId,
                id: Option<$crate::features::agenda::types::TrackId>,
                t: &$crate::features::agenda::rules::TrackInput,
            ) -> StoreResult<$crate::features::agenda::types::TrackId> {
                use $crate::features::agenda::types::TrackId;
                match id {
                    None => {
                        let (id,): (i64,) = sqlx::query_as(
                            "INSERT INTO tracks (forum_id, name, colour) VALUES ($1, $2, $3) RETURNING id",
                        )
                        .bind(forum)
                        .bind(&t.name)
                        .bind(&t.colour)
                        .fetch_one(&self.pool)
                        .await?;
                        Ok(TrackId(id))
                    }
                    Some(id) => {
                        let done = sqlx::query(
                            "UPDATE tracks SET name = $1, colour = $2 WHERE id = $3 AND forum_id = $4",
                        )
                        .bind(&t.name)
                        .bind(&t.colour)
                        .bind(id)
                        .bind(forum)
                        .execute(&self.pool)
                        .await?;
                        $crate::db::must_affect(done.rows_affected())?;
                        Ok(id)
                    }
                }
            }

            async fn delete_track(&self, forum: ForumId, id: $crate::features::agenda::types::TrackId) -> StoreResult<()> {
                let done = sqlx::query("DELETE FROM tracks WHERE id = $1 AND forum_id = $2")
                    .bind(id)
                    .bind(forum)
                    .execute(&self.pool)
                    .await?;
                $crate::db::must_affect(done.rows_affected())
            }

            async fn people(&self, forum: ForumId) -> StoreResult<Vec<$crate::features::agenda::types::Person>> {
                Ok(sqlx::query_as(
                    "SELECT id, name, affiliation, title, group_id, country, bio FROM people \
                     WHERE forum_id = $1 ORDER BY name, id",
                )
                .bind(forum)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn save_person(
                &self,
                forum: ForumId,
                id: Option<$crate::features::agenda::types::PersonId>,
                p: &$crate::features::agenda::rules::PersonInput,
            ) -> StoreResult<$crate::features::agenda::types::PersonId> {
                use $crate::features::agenda::types::PersonId;
                match id {
                    None => {
                        let (id,): (i64,) = sqlx::query_as(
                            "INSERT INTO people (forum_id, name, affiliation, title, group_id, country, bio) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                        )
                        .bind(forum)
                        .bind(&p.name)
                        .bind(&p.affiliation)
                        .bind(&p.title)
                        .bind(p.group_id)
                        .bind(&p.country)
                        .bind(&p.bio)
                        .fetch_one(&self.pool)
                        .await?;
                        Ok(PersonId(id))
                    }
                    Some(id) => {
                        let done = sqlx::query(
                            "UPDATE people SET name = $1, affiliation = $2, title = $3, group_id = $4, \
                             country = $5, bio = $6 WHERE id = $7 AND forum_id = $8",
                        )
                        .bind(&p.name)
                        .bind(&p.affiliation)
                        .bind(&p.title)
                        .bind(p.group_id)
                        .bind(&p.country)
                        .bind(&p.bio)
                        .bind(id)
                        .bind(forum)
                        .execute(&self.pool)
                        .await?;
                        $crate::db::must_affect(done.rows_affected())?;
                        Ok(id)
                    }
                }
            }

            async fn delete_person(&self, forum: ForumId, id: $crate::features::agenda::types::PersonId) -> StoreResult<()> {
                let done = sqlx::query("DELETE FROM people WHERE id = $1 AND forum_id = $2")
                    .bind(id)
                    .bind(forum)
                    .execute(&self.pool)
                    .await?;
                $crate::db::must_affect(done.rows_affected())
            }

            async fn sessions_of_forum(&self, forum: ForumId) -> StoreResult<Vec<SessionRecord>> {
                let sql = format!(
                    "SELECT {} FROM agenda_sessions WHERE forum_id = $1 ORDER BY starts_at, room_id, id",
                    $crate::features::agenda::store::SESSION_COLUMNS
                );
                Ok(sqlx::query_as(&sql).bind(forum).fetch_all(&self.pool).await?)
            }

            async fn save_session(
                &self,
                id: Option<SessionId>,
                s: &NewSession,
            ) -> StoreResult<Result<SessionId, $crate::features::agenda::store::RoomTaken>> {
                let mut tx = self.begin_write().await?;
                if let Some(room) = s.room_id {
                    if let Some(taken) = Self::check_room_free(&mut tx, room, s.starts_at, s.ends_at, id.map_or(0, |i| i.0)).await? {
                        return Ok(Err(taken));
                    }
                }
                let id = match id {
                    None => {
                        let (id,): (i64,) = sqlx::query_as(
                            "INSERT INTO agenda_sessions (forum_id, title, description, kind, starts_at, \
                             ends_at, room_id, track_id, language, interpretation, updated_at) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
                        )
                        .bind(s.forum_id)
                        .bind(&s.title)
                        .bind(&s.description)
                        .bind(&s.kind)
                        .bind(whole_seconds(s.starts_at))
                        .bind(whole_seconds(s.ends_at))
                        .bind(s.room_id)
                        .bind(s.track_id)
                        .bind(&s.language)
                        .bind(s.interpretation.join(","))
                        .bind(whole_seconds(crate::clock::now()))
                        .fetch_one(&mut *tx)
                        .await?;
                        SessionId(id)
                    }
                    Some(id) => {
                        let done = sqlx::query(
                            "UPDATE agenda_sessions SET title = $1, description = $2, kind = $3, \
                             starts_at = $4, ends_at = $5, room_id = $6, track_id = $7, language = $8, \
                             interpretation = $9, sequence = sequence + CASE WHEN title <> $1 \
                             OR starts_at <> $4 OR ends_at <> $5 OR COALESCE(room_id, 0) <> COALESCE($6, 0) \
                             THEN 1 ELSE 0 END, updated_at = $12 WHERE id = $10 AND forum_id = $11",
                        )
                        .bind(&s.title)
                        .bind(&s.description)
                        .bind(&s.kind)
                        .bind(whole_seconds(s.starts_at))
                        .bind(whole_seconds(s.ends_at))
                        .bind(s.room_id)
                        .bind(s.track_id)
                        .bind(&s.language)
                        .bind(s.interpretation.join(","))
                        .bind(id)
                        .bind(s.forum_id)
                        .bind(whole_seconds(crate::clock::now()))
                        .execute(&mut *tx)
                        .await?;
                        $crate::db::must_affect(done.rows_affected())?;
                        id
                    }
                };
                tx.commit().await?;
                Ok(Ok(id))
            }

            async fn set_session_cancelled(
                &self,
                forum: ForumId,
                id: SessionId,
                cancelled: bool,
            ) -> StoreResult<Result<(), $crate::features::agenda::store::RoomTaken>> {
                let mut tx = self.begin_write().await?;
                let sql = format!(
                    "SELECT {} FROM agenda_sessions WHERE id = $1 AND forum_id = $2",
                    $crate::features::agenda::store::SESSION_COLUMNS
                );
                let current: SessionRecord = sqlx::query_as(&sql)
                    .bind(id)
                    .bind(forum)
                    .fetch_optional(&mut *tx)
                    .await?
                    .ok_or(StoreError::NotFound)?;
                let status = if cancelled { "cancelled" } else { "scheduled" };
                if current.status == status {
                    return Ok(Ok(()));
                }
                if let (false, Some(room)) = (cancelled, current.room_id) {
                    if let Some(taken) = Self::check_room_free(&mut tx, room, current.starts_at, current.ends_at, id.0).await? {
                        return Ok(Err(taken));
                    }
                }
                sqlx::query("UPDATE agenda_sessions SET status = $1, sequence = sequence + 1, updated_at = $3 WHERE id = $2")
                    .bind(status)
                    .bind(id)
                    .bind(whole_seconds(crate::clock::now()))
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(Ok(()))
            }

            async fn delete_session(&self, forum: ForumId, id: SessionId) -> StoreResult<()> {
                let done = sqlx::query("DELETE FROM agenda_sessions WHERE id = $1 AND forum_id = $2")
                    .bind(id)
                    .bind(forum)
                    .execute(&self.pool)
                    .await?;
                $crate::db::must_affect(done.rows_affected())
            }

            async fn assignments(&self, forum: ForumId) -> StoreResult<Vec<$crate::features::agenda::store::Assignment>> {
                Ok(sqlx::query_as(
                    "SELECT sp.session_id, sp.person_id, sp.role FROM session_people sp \
                     JOIN agenda_sessions s ON s.id = sp.session_id JOIN people p ON p.id = sp.person_id \
                     WHERE s.forum_id = $1 ORDER BY sp.role, p.name",
                )
                .bind(forum)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn assign_person(
                &self,
                forum: ForumId,
                session: SessionId,
                person: $crate::features::agenda::types::PersonId,
                role: &str,
            ) -> StoreResult<()> {
                let done = sqlx::query(
                    "INSERT INTO session_people (session_id, person_id, role) SELECT $1, $2, $3 \
                     WHERE EXISTS (SELECT 1 FROM agenda_sessions WHERE id = $1 AND forum_id = $4) \
                     AND EXISTS (SELECT 1 FROM people WHERE id = $2 AND forum_id = $4) \
                     ON CONFLICT (session_id, person_id) DO UPDATE SET role = excluded.role",
                )
                .bind(session)
                .bind(person)
                .bind(role)
                .bind(forum)
                .execute(&self.pool)
                .await?;
                $crate::db::must_affect(done.rows_affected())
            }

            async fn unassign_person(
                &self,
                forum: ForumId,
                session: SessionId,
                person: $crate::features::agenda::types::PersonId,
            ) -> StoreResult<()> {
                let done = sqlx::query(
                    "DELETE FROM session_people WHERE session_id = $1 AND person_id = $2 \
                     AND session_id IN (SELECT id FROM agenda_sessions WHERE forum_id = $3)",
                )
                .bind(session)
                .bind(person)
                .bind(forum)
                .execute(&self.pool)
                .await?;
                $crate::db::must_affect(done.rows_affected())
            }
        }
    };
}

pub(crate) use impl_agenda_store;
