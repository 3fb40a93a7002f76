//! Erasure and retention. Erasing a registration removes its personal data in one transaction
//! (name, email, organisation, position, needs, answers, consents, picks, devices, calendar feed,
//! its emails in the outbox, the names of its invitation) and leaves an anonymous row with the
//! forum, group, country, gender, age band, status, status history and check-ins, so counts add
//! up. Before its forum has ended, the seat is first released by the seat rules, promotion
//! included, with the forum locked as every seat change is.

use crate::db::StoreResult;
use crate::features::registration::store::Compose;
use crate::features::registration::types::RegistrationId;
use crate::ids::ForumId;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};

/// What erasing one registration did.
#[derive(Debug, Clone, PartialEq)]
pub enum Erased {
    /// Erased; those promoted into the freed seat.
    Done(Vec<RegistrationId>),
    /// Already erased (or never there).
    Gone,
}

/// A forum that keeps personal data, with what retention needs to judge it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RetentionRow {
    pub id: ForumId,
    pub slug: String,
    pub title: String,
    pub ends_on: NaiveDate,
    pub retention_days: i64,
    pub warned_at: Option<DateTime<Utc>>,
    /// Registrations not erased yet.
    pub live: i64,
}

/// The rest of what a participant's download holds, beside the registration itself.
#[derive(Debug, Clone, Default)]
pub struct OwnHistory {
    pub status: Vec<(String, DateTime<Utc>)>,
    pub check_ins: Vec<(String, DateTime<Utc>)>,
    /// (session title, starts at).
    pub picks: Vec<(String, DateTime<Utc>)>,
    pub emails: Vec<(String, DateTime<Utc>, Option<DateTime<Utc>>)>,
    pub devices: i64,
    pub calendar_feed: bool,
    pub privacy_version: String,
    pub registered_at: Option<DateTime<Utc>>,
}

#[async_trait]
pub trait PrivacyStore {
    async fn own_history(&self, id: RegistrationId) -> StoreResult<OwnHistory>;
    /// Erases one registration's personal data; `release` gives up its seat first (the
    /// forum has not ended), promoting by the seat rules; `compose` writes the promoted's emails.
    async fn erase_registration(
        &self,
        id: RegistrationId,
        release: bool,
        at: DateTime<Utc>,
        compose: Compose<'_>,
    ) -> StoreResult<Erased>;
    /// Every forum with registrations not erased yet.
    async fn retention_rows(&self) -> StoreResult<Vec<RetentionRow>>;
    async fn retention_of(&self, forum: ForumId) -> StoreResult<(i64, Option<DateTime<Utc>>)>;
    /// Erases every registration of the forum (no seat changes: it has ended); how many.
    async fn erase_forum(&self, forum: ForumId, at: DateTime<Utc>) -> StoreResult<u64>;
    async fn mark_retention_warned(&self, forum: ForumId, at: DateTime<Utc>) -> StoreResult<()>;
    async fn set_retention_days(&self, forum: ForumId, days: i64) -> StoreResult<()>;
    /// Delivered emails sent before `before` lose body, attachments and address; the address
    /// becomes `hash(address)`. How many rows were scrubbed.
    async fn scrub_delivered_mail(
        &self,
        before: DateTime<Utc>,
        hash: &(dyn for<'h> Fn(&'h str) -> String + Send + Sync),
    ) -> StoreResult<u64>;
    /// How many delivered emails `scrub_delivered_mail` would scrub now.
    async fn delivered_mail_due(&self, before: DateTime<Utc>) -> StoreResult<i64>;
    /// Gives up mail still unsent since before `unsent_before`: scrubbed as delivered mail is
    /// (`hash` names the recipient) and marked failed. Answers how many.
    async fn give_up_unsent_mail(
        &self,
        unsent_before: DateTime<Utc>,
        now: DateTime<Utc>,
        hash: &(dyn for<'h> Fn(&'h str) -> String + Send + Sync),
    ) -> StoreResult<u64>;
    /// Forgets rate-limit uses older than `events_before` and sign-in sessions expired by `now`.
    async fn prune_limits_and_sessions(
        &self,
        events_before: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> StoreResult<(u64, u64)>;
    /// The forum's mail that was given up: (registration id, subject, given up at).
    async fn failed_mail(&self, forum: ForumId) -> StoreResult<Vec<(i64, String, DateTime<Utc>)>>;
}

macro_rules! impl_privacy_store {
    ($store:ty, $db:ty) => {
        impl $store {
            /// Removes one registration's personal data; the caller holds the transaction.
            async fn anonymise_in<'c>(
                tx: &mut sqlx::Transaction<'c, $db>,
                id: i64,
                at: DateTime<Utc>,
            ) -> StoreResult<bool> {
                let email: Option<(String,)> =
                    sqlx::query_as("SELECT email FROM registrations WHERE id = $1 AND erased_at IS NULL")
                        .bind(id)
                        .fetch_optional(&mut **tx)
                        .await?;
                let Some((email,)) = email else { return Ok(false) };
                // Emails of this registration; older rows (before outbox rows named their
                // registration) by address, when no other registration uses that address.
                sqlx::query(
                    "DELETE FROM outbox WHERE registration_id = $1 OR (registration_id IS NULL AND \
                     recipient = $2 AND NOT EXISTS (SELECT 1 FROM registrations r WHERE r.email = $2 AND r.id <> $1))",
                )
                .bind(id)
                .bind(&email)
                .execute(&mut **tx)
                .await?;
                for table in [
                    "answers",
                    "consents",
                    "personal_sessions",
                    "participant_devices",
                    "message_recipients",
                ] {
                    sqlx::query(&format!("DELETE FROM {table} WHERE registration_id = $1"))
                        .bind(id)
                        .execute(&mut **tx)
                        .await?;
                }
                sqlx::query("UPDATE invitations SET full_name = '', email = '', organisation = '', note = '', decline_note = '' WHERE registration_id = $1")
                    .bind(id)
                    .execute(&mut **tx)
                    .await?;
                // The unique columns get values no link or address can ever match.
                let gone = format!("erased-{id}");
                // A country typed for "other" is free text a person wrote: it goes too (the six
                // codes stay, for the counts).
                let codes = $crate::features::forums::types::COUNTRIES
                    .iter()
                    .map(|c| format!("'{c}'"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let erase = format!(
                    "UPDATE registrations SET full_name = '', email = $1, organisation = '', position = '', \
                     accessibility = '', dietary = '', photo_consent = $2, manage_salt = '', \
                     manage_token_hash = $1, calendar_salt = NULL, calendar_token_hash = NULL, \
                     country = CASE WHEN country IN ({codes}) THEN country ELSE '' END, \
                     hold_until = NULL, erased_at = $3, updated_at = $3 WHERE id = $4"
                );
                sqlx::query(&erase)
                .bind(&gone)
                .bind(false)
                .bind(at)
                .bind(id)
                .execute(&mut **tx)
                .await?;
                Ok(true)
            }
        }

        #[async_trait::async_trait]
        impl $crate::features::privacy::store::PrivacyStore for $store {
            async fn own_history(
                &self,
                id: $crate::features::registration::types::RegistrationId,
            ) -> StoreResult<$crate::features::privacy::store::OwnHistory> {
                let status = sqlx::query_as(
                    "SELECT status, at FROM status_history WHERE registration_id = $1 ORDER BY at",
                )
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
                let check_ins = sqlx::query_as(
                    "SELECT list_key, created_at FROM checkins WHERE registration_id = $1 ORDER BY created_at",
                )
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
                let picks = sqlx::query_as(
                    "SELECT s.title, s.starts_at FROM personal_sessions p JOIN agenda_sessions s \
                     ON s.id = p.session_id WHERE p.registration_id = $1 ORDER BY s.starts_at",
                )
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
                let emails = sqlx::query_as(
                    "SELECT subject, created_at, sent_at FROM outbox WHERE registration_id = $1 ORDER BY id",
                )
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
                let (devices,): (i64,) =
                    sqlx::query_as("SELECT COUNT(*) FROM participant_devices WHERE registration_id = $1")
                        .bind(id)
                        .fetch_one(&self.pool)
                        .await?;
                let row: Option<(bool, String, DateTime<Utc>)> = sqlx::query_as(
                    "SELECT calendar_token_hash IS NOT NULL, privacy_version, created_at FROM registrations WHERE id = $1",
                )
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
                let (calendar_feed, privacy_version, registered_at) =
                    row.map(|(c, p, r)| (c, p, Some(r))).unwrap_or_default();
                Ok($crate::features::privacy::store::OwnHistory {
                    status,
                    check_ins,
                    picks,
                    emails,
                    devices,
                    calendar_feed,
                    privacy_version,
                    registered_at,
                })
            }

            async fn erase_registration(
                &self,
                id: $crate::features::registration::types::RegistrationId,
                release: bool,
                at: DateTime<Utc>,
                compose: $crate::features::registration::store::Compose<'_>,
            ) -> StoreResult<$crate::features::privacy::store::Erased> {
                use $crate::features::privacy::store::Erased;
                use $crate::features::registration::seats::Change;
                use $crate::features::registration::types::RegistrationId;
                let at = whole_seconds(at);
                let _turn = self.write_turn().await;
                let mut tx = self.begin_write().await?;
                let forum: Option<(i64,)> =
                    sqlx::query_as("SELECT forum_id FROM registrations WHERE id = $1 AND erased_at IS NULL")
                        .bind(id)
                        .fetch_optional(&mut *tx)
                        .await?;
                let Some((forum,)) = forum else { return Ok(Erased::Gone) };
                let mut promoted = Vec::new();
                if release {
                    let (plan, waiting_list, taken) = Self::seat_state(&mut tx, ForumId(forum), at).await?;
                    let record = Self::record_in(&mut tx, id).await?;
                    if let Ok(Some(next)) =
                        plan.transition(&taken, waiting_list, record.status, record.group_id.0, Change::Cancel)
                    {
                        sqlx::query("UPDATE registrations SET status = $1, updated_at = $2 WHERE id = $3")
                            .bind(next.0.as_str())
                            .bind(at)
                            .bind(id)
                            .execute(&mut *tx)
                            .await?;
                        promoted = Self::promote_in(&mut tx, ForumId(forum), &plan, at, compose).await?;
                    }
                }
                if !Self::anonymise_in(&mut tx, id.0, at).await? {
                    return Ok(Erased::Gone);
                }
                tx.commit().await?;
                Ok(Erased::Done(promoted.into_iter().map(RegistrationId).collect()))
            }

            async fn retention_rows(&self) -> StoreResult<Vec<$crate::features::privacy::store::RetentionRow>> {
                Ok(sqlx::query_as(
                    "SELECT f.id, f.slug, f.title, f.ends_on, f.retention_days, f.retention_warned_at AS warned_at, \
                     COUNT(r.id) AS live FROM forums f JOIN registrations r ON r.forum_id = f.id AND r.erased_at IS NULL \
                     GROUP BY f.id, f.slug, f.title, f.ends_on, f.retention_days, f.retention_warned_at ORDER BY f.ends_on, f.id",
                )
                .fetch_all(&self.pool)
                .await?)
            }

            async fn retention_of(&self, forum: ForumId) -> StoreResult<(i64, Option<DateTime<Utc>>)> {
                sqlx::query_as("SELECT retention_days, personal_data_erased_at FROM forums WHERE id = $1")
                    .bind(forum)
                    .fetch_optional(&self.pool)
                    .await?
                    .ok_or(StoreError::NotFound)
            }

            async fn erase_forum(&self, forum: ForumId, at: DateTime<Utc>) -> StoreResult<u64> {
                let at = whole_seconds(at);
                let _turn = self.write_turn().await;
                let mut tx = self.begin_write().await?;
                let ids: Vec<(i64,)> =
                    sqlx::query_as("SELECT id FROM registrations WHERE forum_id = $1 AND erased_at IS NULL ORDER BY id")
                        .bind(forum)
                        .fetch_all(&mut *tx)
                        .await?;
                let mut erased = 0;
                for (id,) in ids {
                    if Self::anonymise_in(&mut tx, id, at).await? {
                        erased += 1;
                    }
                }
                // Invitations never used still name the person they were for.
                sqlx::query("UPDATE invitations SET full_name = '', email = '', organisation = '', note = '', decline_note = '' WHERE forum_id = $1")
                    .bind(forum)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("DELETE FROM import_files WHERE forum_id = $1")
                    .bind(forum)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("UPDATE forums SET personal_data_erased_at = $1 WHERE id = $2")
                    .bind(at)
                    .bind(forum)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(erased)
            }

            async fn mark_retention_warned(&self, forum: ForumId, at: DateTime<Utc>) -> StoreResult<()> {
                sqlx::query("UPDATE forums SET retention_warned_at = $1 WHERE id = $2")
                    .bind(whole_seconds(at))
                    .bind(forum)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn set_retention_days(&self, forum: ForumId, days: i64) -> StoreResult<()> {
                // A new period deserves a new warning.
                let done = sqlx::query(
                    "UPDATE forums SET retention_days = $1, retention_warned_at = NULL WHERE id = $2",
                )
                .bind(days)
                .bind(forum)
                .execute(&self.pool)
                .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound);
                }
                Ok(())
            }

            async fn scrub_delivered_mail(
                &self,
                before: DateTime<Utc>,
                hash: &(dyn for<'h> Fn(&'h str) -> String + Send + Sync),
            ) -> StoreResult<u64> {
                let due: Vec<(i64, String)> = sqlx::query_as(
                    "SELECT id, recipient FROM outbox WHERE sent_at IS NOT NULL AND sent_at < $1 \
                     AND body_erased_at IS NULL ORDER BY id LIMIT 5000",
                )
                .bind(whole_seconds(before))
                .fetch_all(&self.pool)
                .await?;
                let now = whole_seconds(crate::clock::now());
                let mut scrubbed = 0;
                for (id, recipient) in due {
                    let hashed = hash(&recipient);
                    scrubbed += sqlx::query(
                        "UPDATE outbox SET body = '', html = NULL, calendar = NULL, ticket_code = NULL, recipient = $1, \
                         recipient_hash = $1, body_erased_at = $2 WHERE id = $3 AND body_erased_at IS NULL",
                    )
                    .bind(&hashed)
                    .bind(now)
                    .bind(id)
                    .execute(&self.pool)
                    .await?
                    .rows_affected();
                }
                Ok(scrubbed)
            }

            async fn give_up_unsent_mail(
                &self,
                unsent_before: DateTime<Utc>,
                now: DateTime<Utc>,
                hash: &(dyn for<'h> Fn(&'h str) -> String + Send + Sync),
            ) -> StoreResult<u64> {
                let due: Vec<(i64, String)> = sqlx::query_as(
                    "SELECT id, recipient FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL \
                     AND created_at < $1 ORDER BY id LIMIT 5000",
                )
                .bind(whole_seconds(unsent_before))
                .fetch_all(&self.pool)
                .await?;
                let now = whole_seconds(now);
                let mut given_up = 0;
                for (id, recipient) in due {
                    let hashed = hash(&recipient);
                    given_up += sqlx::query(
                        "UPDATE outbox SET body = '', html = NULL, calendar = NULL, ticket_code = NULL, recipient = $1, \
                         recipient_hash = $1, body_erased_at = $2, failed_at = $2 \
                         WHERE id = $3 AND sent_at IS NULL AND failed_at IS NULL",
                    )
                    .bind(&hashed)
                    .bind(now)
                    .bind(id)
                    .execute(&self.pool)
                    .await?
                    .rows_affected();
                }
                Ok(given_up)
            }

            async fn prune_limits_and_sessions(
                &self,
                events_before: DateTime<Utc>,
                now: DateTime<Utc>,
            ) -> StoreResult<(u64, u64)> {
                let events = sqlx::query("DELETE FROM rate_events WHERE at < $1")
                    .bind(whole_seconds(events_before))
                    .execute(&self.pool)
                    .await?
                    .rows_affected();
                let sessions = sqlx::query("DELETE FROM auth_sessions WHERE expires_at < $1")
                    .bind(whole_seconds(now))
                    .execute(&self.pool)
                    .await?
                    .rows_affected();
                Ok((events, sessions))
            }

            async fn failed_mail(
                &self,
                forum: ForumId,
            ) -> StoreResult<Vec<(i64, String, DateTime<Utc>)>> {
                Ok(sqlx::query_as(
                    "SELECT o.registration_id, o.subject, o.failed_at FROM outbox o \
                     JOIN registrations r ON r.id = o.registration_id \
                     WHERE r.forum_id = $1 AND o.failed_at IS NOT NULL ORDER BY o.failed_at DESC, o.id LIMIT 200",
                )
                .bind(forum)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn delivered_mail_due(&self, before: DateTime<Utc>) -> StoreResult<i64> {
                let (n,): (i64,) = sqlx::query_as(
                    "SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL AND sent_at < $1 AND body_erased_at IS NULL",
                )
                .bind(whole_seconds(before))
                .fetch_one(&self.pool)
                .await?;
                Ok(n)
            }
        }
    };
}
pub(crate) use impl_privacy_store;
