//! Messages' persistence: drafts, their states, the audience's candidates, and sending, which
//! turns one scheduled message into one outbox email per recipient in a single transaction (the
//! state change decides which server sends it, so it goes once however many servers look).

use super::types::{Audience, Candidate, MessageRecord, MessageState, Progress};
use crate::db::{StoreError, StoreResult};
use crate::features::registration::records::{Outgoing, RegistrationRecord};
use crate::ids::ForumId;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// What an organiser wrote: stored as a draft, or over a draft.
#[derive(Debug, Clone)]
pub struct MessageWrite<'a> {
    pub forum: ForumId,
    pub author: Option<i64>,
    pub author_name: &'a str,
    pub audience: &'a Audience,
    pub texts: &'a BTreeMap<String, super::types::MessageText>,
    pub fallback_locale: &'a str,
}

/// A registration the audience may name, with what the organiser's list shows of it.
#[derive(Debug, Clone)]
pub struct Addressee {
    pub candidate: Candidate,
    pub full_name: String,
    pub email: String,
}

/// One recipient of a sent message.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SentTo {
    pub registration_id: i64,
    /// Its email in the outbox (gone when the participant's data was erased).
    pub outbox_id: Option<i64>,
    pub full_name: String,
    pub email: String,
    pub locale: String,
    pub sent: bool,
    pub failed: bool,
}

/// Writes the email of one message for one registration (`None`: none for it).
pub type ComposeMessage<'a> =
    &'a (dyn Fn(&MessageRecord, &RegistrationRecord) -> Option<Outgoing> + Send + Sync);

#[async_trait::async_trait]
pub trait MessageStore {
    async fn create_message(&self, m: &MessageWrite<'_>, at: DateTime<Utc>) -> StoreResult<i64>;
    /// Replaces a draft's audience and texts: `false` when it is not a draft (any more).
    async fn update_draft(
        &self,
        id: i64,
        m: &MessageWrite<'_>,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;
    async fn message(&self, forum: ForumId, id: i64) -> StoreResult<Option<MessageRecord>>;
    /// The forum a message belongs to.
    async fn message_forum(&self, id: i64) -> StoreResult<Option<ForumId>>;
    /// The forum's messages, newest first.
    async fn messages(&self, forum: ForumId) -> StoreResult<Vec<MessageRecord>>;
    /// Moves a message from one of `from` to `to` (with its sending time): `false` when it was
    /// in none of them (someone else moved it first).
    async fn move_message(
        &self,
        forum: ForumId,
        id: i64,
        from: &[MessageState],
        to: MessageState,
        send_at: Option<DateTime<Utc>>,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// Deletes a draft; `false` when it is not one (sent or scheduled meanwhile).
    async fn delete_message(&self, forum: ForumId, id: i64) -> StoreResult<bool>;
    /// Every registration of the forum that a message may address (not erased), by id.
    async fn addressees(&self, forum: ForumId) -> StoreResult<Vec<Addressee>>;
    async fn message_progress(&self, message: &MessageRecord) -> StoreResult<Progress>;
    async fn sent_to(&self, message: i64) -> StoreResult<Vec<SentTo>>;
    /// Scheduled messages whose time has come.
    async fn due_messages(&self, now: DateTime<Utc>) -> StoreResult<Vec<i64>>;
    /// Sends a due scheduled message: in one transaction it becomes `sent`, its audience is
    /// taken as it stands, and each recipient's email is queued `gap_ms` after the previous one
    /// (a steady rate). `None`: it was not due or another server sent it.
    async fn send_message(
        &self,
        id: i64,
        now: DateTime<Utc>,
        gap_ms: i64,
        compose: ComposeMessage<'_>,
    ) -> StoreResult<Option<i64>>;
    /// The messages a registration received: (subject, when it went, delivered).
    async fn received(
        &self,
        registration: i64,
    ) -> StoreResult<Vec<(String, Option<DateTime<Utc>>, bool)>>;
}

/// A stored row, before its JSON columns are read.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MessageRow {
    pub id: i64,
    pub forum_id: i64,
    pub author_name: String,
    pub audience: String,
    pub texts: String,
    pub fallback_locale: String,
    #[sqlx(try_from = "String")]
    pub state: MessageState,
    pub send_at: Option<DateTime<Utc>>,
    pub sent_at: Option<DateTime<Utc>>,
    pub recipients: i64,
    pub created_at: DateTime<Utc>,
}

pub const MESSAGE_COLUMNS: &str = "id, forum_id, author_name, audience, texts, fallback_locale, \
     state, send_at, sent_at, recipients, created_at";

impl TryFrom<MessageRow> for MessageRecord {
    type Error = StoreError;
    fn try_from(r: MessageRow) -> Result<Self, StoreError> {
        let bad = |e: serde_json::Error| StoreError::Other(format!("message {}: {e}", r.id).into());
        Ok(MessageRecord {
            id: r.id,
            forum_id: r.forum_id,
            author_name: r.author_name.clone(),
            audience: serde_json::from_str(&r.audience).map_err(bad)?,
            texts: serde_json::from_str(&r.texts).map_err(bad)?,
            fallback_locale: r.fallback_locale.clone(),
            state: r.state,
            send_at: r.send_at,
            sent_at: r.sent_at,
            recipients: r.recipients,
            created_at: r.created_at,
        })
    }
}

/// The candidate a registration is for the audience filter. A registration whose address is
/// not confirmed yet counts as pending.
pub fn candidate_of(r: &RegistrationRecord, lists: Vec<String>, contact: bool) -> Candidate {
    use crate::features::registration::types::RegistrationStatus;
    Candidate {
        registration: r.id.0,
        status: if r.unconfirmed() && r.status == RegistrationStatus::Confirmed {
            RegistrationStatus::Pending
        } else {
            r.status
        },
        group: r.group_id.0,
        country: r.country.clone(),
        locale: r.locale.clone(),
        lists,
        contact,
    }
}

pub fn json<T: serde::Serialize>(value: &T) -> StoreResult<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Other(e.to_string().into()))
}

macro_rules! impl_message_store {
    ($store:ty, $db:ty) => {
        impl $store {
            /// The forum's registrations (not erased) with their lists and contact consent.
            async fn addressees_in(
                conn: &mut <$db as sqlx::Database>::Connection,
                forum: $crate::ids::ForumId,
            ) -> StoreResult<Vec<($crate::features::registration::records::RegistrationRecord, Vec<String>, bool)>> {
                let sql = format!(
                    "SELECT {} FROM registrations WHERE forum_id = $1 AND erased_at IS NULL ORDER BY id",
                    $crate::features::registration::store::RECORD
                );
                let records: Vec<$crate::features::registration::records::RegistrationRecord> =
                    sqlx::query_as(&sql).bind(forum).fetch_all(&mut *conn).await?;
                let lists: Vec<(i64, String)> =
                    sqlx::query_as("SELECT registration_id, list_key FROM checkins WHERE forum_id = $1")
                        .bind(forum)
                        .fetch_all(&mut *conn)
                        .await?;
                let contact: Vec<(i64,)> = sqlx::query_as(
                    "SELECT c.registration_id FROM consents c JOIN registrations r ON r.id = c.registration_id \
                     WHERE r.forum_id = $1 AND c.kind = 'contact' AND c.withdrawn_at IS NULL",
                )
                .bind(forum)
                .fetch_all(&mut *conn)
                .await?;
                let mut by_id: std::collections::HashMap<i64, Vec<String>> = Default::default();
                for (id, list) in lists {
                    by_id.entry(id).or_default().push(list);
                }
                let contact: std::collections::HashSet<i64> = contact.into_iter().map(|(id,)| id).collect();
                Ok(records
                    .into_iter()
                    .map(|r| {
                        let lists = by_id.remove(&r.id.0).unwrap_or_default();
                        let consented = contact.contains(&r.id.0);
                        (r, lists, consented)
                    })
                    .collect())
            }
        }

        #[async_trait::async_trait]
        impl $crate::features::messages::store::MessageStore for $store {
            async fn create_message(
                &self,
                m: &$crate::features::messages::store::MessageWrite<'_>,
                at: DateTime<Utc>,
            ) -> StoreResult<i64> {
                use $crate::features::messages::store::json;
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO messages (forum_id, author_account_id, author_name, audience, texts, \
                     fallback_locale, state, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'draft', $7, $7) RETURNING id",
                )
                .bind(m.forum)
                .bind(m.author)
                .bind(m.author_name)
                .bind(json(m.audience)?)
                .bind(json(m.texts)?)
                .bind(m.fallback_locale)
                .bind(whole_seconds(at))
                .fetch_one(&self.pool)
                .await?;
                Ok(id)
            }

            async fn update_draft(
                &self,
                id: i64,
                m: &$crate::features::messages::store::MessageWrite<'_>,
                at: DateTime<Utc>,
            ) -> StoreResult<bool> {
                use $crate::features::messages::store::json;
                let done = sqlx::query(
                    "UPDATE messages SET audience = $1, texts = $2, fallback_locale = $3, updated_at = $4 \
                     WHERE id = $5 AND forum_id = $6 AND state = 'draft'",
                )
                .bind(json(m.audience)?)
                .bind(json(m.texts)?)
                .bind(m.fallback_locale)
                .bind(whole_seconds(at))
                .bind(id)
                .bind(m.forum)
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn message(&self, forum: $crate::ids::ForumId, id: i64) -> StoreResult<Option<$crate::features::messages::types::MessageRecord>> {
                let sql = format!(
                    "SELECT {} FROM messages WHERE id = $1 AND forum_id = $2",
                    $crate::features::messages::store::MESSAGE_COLUMNS
                );
                let row: Option<$crate::features::messages::store::MessageRow> =
                    sqlx::query_as(&sql).bind(id).bind(forum).fetch_optional(&self.pool).await?;
                row.map(TryFrom::try_from).transpose()
            }

            async fn message_forum(&self, id: i64) -> StoreResult<Option<$crate::ids::ForumId>> {
                let found: Option<(i64,)> = sqlx::query_as("SELECT forum_id FROM messages WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(found.map(|(f,)| $crate::ids::ForumId(f)))
            }

            async fn messages(&self, forum: $crate::ids::ForumId) -> StoreResult<Vec<$crate::features::messages::types::MessageRecord>> {
                let sql = format!(
                    "SELECT {} FROM messages WHERE forum_id = $1 ORDER BY id DESC",
                    $crate::features::messages::store::MESSAGE_COLUMNS
                );
                let rows: Vec<$crate::features::messages::store::MessageRow> =
                    sqlx::query_as(&sql).bind(forum).fetch_all(&self.pool).await?;
                rows.into_iter().map(TryFrom::try_from).collect()
            }

            async fn move_message(
                &self,
                forum: $crate::ids::ForumId,
                id: i64,
                from: &[$crate::features::messages::types::MessageState],
                to: $crate::features::messages::types::MessageState,
                send_at: Option<DateTime<Utc>>,
                at: DateTime<Utc>,
            ) -> StoreResult<bool> {
                let states = from.iter().map(|s| format!("'{}'", s.as_str())).collect::<Vec<_>>().join(", ");
                if states.is_empty() {
                    return Ok(false);
                }
                let sql = format!(
                    "UPDATE messages SET state = $1, send_at = $2, updated_at = $3 \
                     WHERE id = $4 AND forum_id = $5 AND state IN ({states})"
                );
                let done = sqlx::query(&sql)
                    .bind(to.as_str())
                    .bind(send_at.map(whole_seconds))
                    .bind(whole_seconds(at))
                    .bind(id)
                    .bind(forum)
                    .execute(&self.pool)
                    .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn delete_message(&self, forum: $crate::ids::ForumId, id: i64) -> StoreResult<bool> {
                let done = sqlx::query(
                    "DELETE FROM messages WHERE id = $1 AND forum_id = $2 AND state = 'draft'",
                )
                .bind(id)
                .bind(forum)
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn addressees(&self, forum: $crate::ids::ForumId) -> StoreResult<Vec<$crate::features::messages::store::Addressee>> {
                let mut conn = self.pool.acquire().await?;
                let rows = Self::addressees_in(&mut conn, forum).await?;
                Ok(rows
                    .into_iter()
                    .map(|(r, lists, contact)| $crate::features::messages::store::Addressee {
                        candidate: $crate::features::messages::store::candidate_of(&r, lists, contact),
                        full_name: r.full_name,
                        email: r.email,
                    })
                    .collect())
            }

            async fn message_progress(
                &self,
                message: &$crate::features::messages::types::MessageRecord,
            ) -> StoreResult<$crate::features::messages::types::Progress> {
                let (total, sent, failed): (i64, i64, i64) = sqlx::query_as(
                    "SELECT COUNT(*), COUNT(o.sent_at), COUNT(o.failed_at) FROM message_recipients m \
                     LEFT JOIN outbox o ON o.id = m.outbox_id WHERE m.message_id = $1",
                )
                .bind(message.id)
                .fetch_one(&self.pool)
                .await?;
                Ok($crate::features::messages::types::Progress {
                    sent,
                    failed,
                    pending: (total - sent - failed).max(0),
                    removed: (message.recipients - total).max(0),
                })
            }

            async fn sent_to(&self, message: i64) -> StoreResult<Vec<$crate::features::messages::store::SentTo>> {
                Ok(sqlx::query_as(
                    "SELECT r.id AS registration_id, m.outbox_id, r.full_name, r.email, m.locale, \
                     (o.sent_at IS NOT NULL) AS sent, (o.failed_at IS NOT NULL) AS failed \
                     FROM message_recipients m JOIN registrations r ON r.id = m.registration_id \
                     LEFT JOIN outbox o ON o.id = m.outbox_id WHERE m.message_id = $1 ORDER BY r.full_name, r.id",
                )
                .bind(message)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn due_messages(&self, now: DateTime<Utc>) -> StoreResult<Vec<i64>> {
                let due: Vec<(i64,)> = sqlx::query_as(
                    "SELECT id FROM messages WHERE state = 'scheduled' AND send_at <= $1 ORDER BY send_at, id LIMIT 20",
                )
                .bind(whole_seconds(now))
                .fetch_all(&self.pool)
                .await?;
                Ok(due.into_iter().map(|(id,)| id).collect())
            }

            async fn send_message(
                &self,
                id: i64,
                now: DateTime<Utc>,
                gap_ms: i64,
                compose: $crate::features::messages::store::ComposeMessage<'_>,
            ) -> StoreResult<Option<i64>> {
                let _turn = self.write_turn().await;
                let now = whole_seconds(now);
                let mut tx = self.begin_write().await?;
                // The state change is the claim: a second server waits on this row, then finds
                // the message sent and does nothing.
                let claimed = sqlx::query(
                    "UPDATE messages SET state = 'sent', sent_at = $1, updated_at = $1 \
                     WHERE id = $2 AND state = 'scheduled' AND send_at <= $1",
                )
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                if claimed.rows_affected() == 0 {
                    return Ok(None);
                }
                let sql = format!("SELECT {} FROM messages WHERE id = $1", $crate::features::messages::store::MESSAGE_COLUMNS);
                let row: $crate::features::messages::store::MessageRow =
                    sqlx::query_as(&sql).bind(id).fetch_one(&mut *tx).await?;
                let message: $crate::features::messages::types::MessageRecord = row.try_into()?;
                let forum = $crate::ids::ForumId(message.forum_id);
                let everyone = Self::addressees_in(&mut tx, forum).await?;
                let mut count = 0i64;
                for (record, lists, contact) in everyone {
                    let candidate = $crate::features::messages::store::candidate_of(&record, lists, contact);
                    if !$crate::features::messages::rules::matches(&message.audience, &candidate) {
                        continue;
                    }
                    let Some(mail) = compose(&message, &record) else { continue };
                    let due = now + chrono::Duration::milliseconds(gap_ms.saturating_mul(count));
                    let (outbox,): (i64,) = sqlx::query_as(
                        "INSERT INTO outbox (recipient, subject, body, next_attempt_at, created_at, calendar, \
                         ticket_code, registration_id, html) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                    )
                    .bind(&mail.recipient)
                    .bind(&mail.subject)
                    .bind(&mail.body)
                    .bind(whole_seconds(due))
                    .bind(now)
                    .bind(&mail.calendar)
                    .bind(&mail.ticket_code)
                    .bind(record.id.0)
                    .bind(&mail.html)
                    .fetch_one(&mut *tx)
                    .await?;
                    sqlx::query(
                        "INSERT INTO message_recipients (message_id, registration_id, outbox_id, locale, subject) \
                         VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(id)
                    .bind(record.id.0)
                    .bind(outbox)
                    .bind(&record.locale)
                    .bind(&mail.subject)
                    .execute(&mut *tx)
                    .await?;
                    count += 1;
                }
                sqlx::query("UPDATE messages SET recipients = $1 WHERE id = $2")
                    .bind(count)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(Some(count))
            }

            async fn received(
                &self,
                registration: i64,
            ) -> StoreResult<Vec<(String, Option<DateTime<Utc>>, bool)>> {
                Ok(sqlx::query_as(
                    "SELECT m.subject, msg.sent_at, (o.sent_at IS NOT NULL) AS delivered FROM message_recipients m \
                     JOIN messages msg ON msg.id = m.message_id LEFT JOIN outbox o ON o.id = m.outbox_id \
                     WHERE m.registration_id = $1 ORDER BY msg.sent_at DESC, msg.id DESC",
                )
                .bind(registration)
                .fetch_all(&self.pool)
                .await?)
            }
        }
    };
}
pub(crate) use impl_message_store;
