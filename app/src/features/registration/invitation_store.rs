//! Invitations answered and chased: the forum's answer-by date and automatic reminder, declining
//! (with a colleague proposed in one's place), approving a proposed colleague and reminding
//! those who have not answered. Each change is one conditional update, so a second click, a
//! second organiser or a second server finds nothing left to do; every email it causes is
//! written to the outbox in the same transaction.

use crate::db::StoreResult;
use crate::features::registration::records::{InvitationRecord, Outgoing};
use crate::ids::ForumId;
use chrono::{DateTime, Utc};

/// A forum's answer-by date for its invitations and the automatic reminder (days before it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InvitationSettings {
    pub answer_by: Option<DateTime<Utc>>,
    pub reminder_days: Option<i64>,
}

/// A colleague proposed by someone who declines; the new invitation waits for the organisers.
pub struct Colleague<'a> {
    pub salt: &'a str,
    pub code_hash: &'a str,
    pub full_name: &'a str,
    pub email: &'a str,
    pub organisation: &'a str,
}

/// Who a reminder goes to: the invitation and its email.
pub type Reminder = (i64, Outgoing);

#[async_trait::async_trait]
pub trait InvitationStore {
    async fn invitation_settings(&self, forum: ForumId) -> StoreResult<InvitationSettings>;
    async fn set_invitation_settings(
        &self,
        forum: ForumId,
        settings: &InvitationSettings,
    ) -> StoreResult<()>;
    /// Declines an open invitation (and proposes `colleague`, in the same group): `false` when
    /// it was answered, used or withdrawn meanwhile (then nothing is written).
    async fn decline_invitation(
        &self,
        id: i64,
        note: &str,
        colleague: Option<&Colleague<'_>>,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// Turns a proposed colleague into an invitation and queues its email: `false` when it is
    /// not (or no longer) a proposal of this forum.
    async fn approve_proposal(
        &self,
        forum: ForumId,
        id: i64,
        mail: &Outgoing,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// Queues each reminder whose invitation is still open (and, by hand, not reminded in the
    /// last hour; automatically, never reminded automatically before): how many went.
    async fn remind_invitations(
        &self,
        forum: ForumId,
        reminders: &[Reminder],
        automatic: bool,
        at: DateTime<Utc>,
    ) -> StoreResult<usize>;
    /// Promotes from the waiting list whoever the places open invitations no longer hold now
    /// allow (after a decline, a withdrawal or a new answer-by date); with `settle`, once the
    /// answer-by date has passed, and only by the first server to claim it.
    async fn release_held_places(
        &self,
        forum: ForumId,
        at: DateTime<Utc>,
        compose: crate::features::registration::mail::Compose<'_>,
        settle: bool,
    ) -> StoreResult<Vec<i64>>;
    /// Invitation-only forums whose answer-by date has passed and whose held places have not
    /// been released yet.
    async fn forums_past_answer_by(&self, at: DateTime<Utc>) -> StoreResult<Vec<ForumId>>;
    /// Open invitations with an address in invitation-only forums whose automatic reminder is
    /// set and whose answer-by date has not passed, not yet reminded automatically.
    async fn awaiting_automatic_reminder(
        &self,
        at: DateTime<Utc>,
    ) -> StoreResult<Vec<InvitationRecord>>;
}

macro_rules! impl_invitation_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::features::registration::invitation_store::InvitationStore for $store {
            async fn invitation_settings(
                &self,
                forum: ForumId,
            ) -> StoreResult<$crate::features::registration::invitation_store::InvitationSettings> {
                let row: Option<(Option<DateTime<Utc>>, Option<i64>)> = sqlx::query_as(
                    "SELECT invitations_answer_by, invitation_reminder_days FROM forums WHERE id = $1",
                )
                .bind(forum)
                .fetch_optional(&self.pool)
                .await?;
                let (answer_by, reminder_days) = row.ok_or(StoreError::NotFound)?;
                Ok($crate::features::registration::invitation_store::InvitationSettings {
                    answer_by,
                    reminder_days,
                })
            }

            async fn set_invitation_settings(
                &self,
                forum: ForumId,
                settings: &$crate::features::registration::invitation_store::InvitationSettings,
            ) -> StoreResult<()> {
                let done = sqlx::query(
                    "UPDATE forums SET invitations_answer_by = $1, invitation_reminder_days = $2, \
                     invitations_settled = FALSE WHERE id = $3",
                )
                .bind(settings.answer_by.map(whole_seconds))
                .bind(settings.reminder_days)
                .bind(forum)
                .execute(&self.pool)
                .await?;
                $crate::db::must_affect(done.rows_affected())
            }

            async fn decline_invitation(
                &self,
                id: i64,
                note: &str,
                colleague: Option<&$crate::features::registration::invitation_store::Colleague<'_>>,
                at: DateTime<Utc>,
            ) -> StoreResult<bool> {
                let at = whole_seconds(at);
                let mut tx = self.begin_write().await?;
                let declined = sqlx::query(
                    "UPDATE invitations SET state = 'declined', answered_at = $1, decline_note = $2 \
                     WHERE id = $3 AND state = 'invited' AND registration_id IS NULL",
                )
                .bind(at)
                .bind(note)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                if declined.rows_affected() != 1 {
                    return Ok(false);
                }
                if let Some(c) = colleague {
                    sqlx::query(
                        "INSERT INTO invitations (forum_id, salt, code_hash, full_name, email, group_id, \
                         organisation, locale, state, proposed_by, created_at) \
                         SELECT forum_id, $1, $2, $3, $4, group_id, $5, locale, 'proposed', id, $6 \
                         FROM invitations WHERE id = $7",
                    )
                    .bind(c.salt)
                    .bind(c.code_hash)
                    .bind(c.full_name)
                    .bind(c.email)
                    .bind(c.organisation)
                    .bind(at)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                }
                tx.commit().await?;
                Ok(true)
            }

            async fn approve_proposal(
                &self,
                forum: ForumId,
                id: i64,
                mail: &$crate::features::registration::records::Outgoing,
                at: DateTime<Utc>,
            ) -> StoreResult<bool> {
                let mut tx = self.begin_write().await?;
                let done = sqlx::query(
                    "UPDATE invitations SET state = 'invited' WHERE id = $1 AND forum_id = $2 AND state = 'proposed'",
                )
                .bind(id)
                .bind(forum)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() != 1 {
                    return Ok(false);
                }
                Self::queue_in(&mut tx, mail, at).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn remind_invitations(
                &self,
                forum: ForumId,
                reminders: &[$crate::features::registration::invitation_store::Reminder],
                automatic: bool,
                at: DateTime<Utc>,
            ) -> StoreResult<usize> {
                let at = whole_seconds(at);
                let claim = if automatic {
                    "UPDATE invitations SET reminders = reminders + 1, reminded_at = $1, auto_reminded_at = $1 \
                     WHERE id = $2 AND forum_id = $3 AND state = 'invited' AND registration_id IS NULL \
                     AND auto_reminded_at IS NULL"
                } else {
                    "UPDATE invitations SET reminders = reminders + 1, reminded_at = $1 \
                     WHERE id = $2 AND forum_id = $3 AND state = 'invited' AND registration_id IS NULL \
                     AND (reminded_at IS NULL OR reminded_at < $4)"
                };
                let recent = at - chrono::Duration::hours(1);
                let mut tx = self.begin_write().await?;
                let mut sent = 0;
                for (id, mail) in reminders {
                    let query = sqlx::query(claim).bind(at).bind(id).bind(forum);
                    let query = if automatic { query } else { query.bind(recent) };
                    let claimed = query.execute(&mut *tx).await?;
                    if claimed.rows_affected() == 1 {
                        Self::queue_in(&mut tx, mail, at).await?;
                        sent += 1;
                    }
                }
                tx.commit().await?;
                Ok(sent)
            }

            async fn release_held_places(
                &self,
                forum: ForumId,
                at: DateTime<Utc>,
                compose: $crate::features::registration::mail::Compose<'_>,
                settle: bool,
            ) -> StoreResult<Vec<i64>> {
                let at = whole_seconds(at);
                let _turn = self.write_turn().await;
                let mut tx = self.begin_write().await?;
                let (plan, _, _) = Self::seat_state(&mut tx, forum, at).await?;
                if settle {
                    let claimed = sqlx::query(
                        "UPDATE forums SET invitations_settled = TRUE WHERE id = $1 AND NOT invitations_settled",
                    )
                    .bind(forum)
                    .execute(&mut *tx)
                    .await?;
                    if claimed.rows_affected() != 1 {
                        return Ok(Vec::new());
                    }
                }
                let promoted = Self::promote_in(&mut tx, forum, &plan, at, compose).await?;
                tx.commit().await?;
                Ok(promoted)
            }

            async fn forums_past_answer_by(&self, at: DateTime<Utc>) -> StoreResult<Vec<ForumId>> {
                let rows: Vec<(i64,)> = sqlx::query_as(
                    "SELECT id FROM forums WHERE registration_mode = 'invitation' AND NOT invitations_settled \
                     AND invitations_answer_by <= $1",
                )
                .bind(whole_seconds(at))
                .fetch_all(&self.pool)
                .await?;
                Ok(rows.into_iter().map(|(id,)| ForumId(id)).collect())
            }

            async fn awaiting_automatic_reminder(
                &self,
                at: DateTime<Utc>,
            ) -> StoreResult<Vec<$crate::features::registration::records::InvitationRecord>> {
                let sql = format!(
                    "SELECT {} FROM invitations WHERE state = 'invited' AND registration_id IS NULL \
                     AND auto_reminded_at IS NULL AND email <> '' AND forum_id IN (SELECT id FROM forums \
                     WHERE registration_mode = 'invitation' AND invitation_reminder_days IS NOT NULL \
                     AND invitations_answer_by > $1) ORDER BY forum_id, id LIMIT 5000",
                    $crate::features::registration::records::INVITATION
                );
                Ok(sqlx::query_as(&sql).bind(whole_seconds(at)).fetch_all(&self.pool).await?)
            }
        }
    };
}
pub(crate) use impl_invitation_store;
