//! Reminders' persistence: a forum's settings, and sending one threshold's reminders in one
//! transaction, once per registration (the key on registration and threshold decides).

use super::types::ReminderSettings;
use crate::db::StoreResult;
use crate::features::registration::records::{Outgoing, RegistrationRecord};
use crate::ids::ForumId;
use chrono::{DateTime, Utc};

/// Writes the reminder for one registration, given its waiting-list place.
pub type ComposeReminder<'a> =
    &'a (dyn Fn(&RegistrationRecord, i64) -> Option<Outgoing> + Send + Sync);

#[async_trait::async_trait]
pub trait ReminderStore {
    /// A forum's reminder settings, when its organisers set them.
    async fn reminder_settings(&self, forum: ForumId) -> StoreResult<Option<ReminderSettings>>;
    async fn set_reminder_settings(
        &self,
        forum: ForumId,
        settings: &ReminderSettings,
    ) -> StoreResult<()>;
    /// How many reminders of the forum went so far.
    async fn reminders_sent(&self, forum: ForumId) -> StoreResult<i64>;
    /// Queues the reminder `hours` before the start for every confirmed or waiting registration
    /// made before `made_before` that has not had it, in one transaction; the key on
    /// (registration, hours) makes it once across servers. `compose` gets the registration and
    /// its place on its group's waiting list (0 with a seat). How many were queued.
    async fn send_reminders(
        &self,
        forum: ForumId,
        hours: i64,
        made_before: DateTime<Utc>,
        now: DateTime<Utc>,
        compose: ComposeReminder<'_>,
    ) -> StoreResult<i64>;
}

macro_rules! impl_reminder_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::features::messages::reminder_store::ReminderStore for $store {
            async fn reminder_settings(
                &self,
                forum: $crate::ids::ForumId,
            ) -> StoreResult<Option<$crate::features::messages::types::ReminderSettings>> {
                let row: Option<(bool, String)> =
                    sqlx::query_as("SELECT enabled, hours FROM forum_reminders WHERE forum_id = $1")
                        .bind(forum)
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(row.map(|(enabled, hours)| $crate::features::messages::types::ReminderSettings {
                    enabled,
                    hours: $crate::features::messages::reminders::from_text(&hours),
                }))
            }

            async fn set_reminder_settings(
                &self,
                forum: $crate::ids::ForumId,
                settings: &$crate::features::messages::types::ReminderSettings,
            ) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO forum_reminders (forum_id, enabled, hours) VALUES ($1, $2, $3) \
                     ON CONFLICT (forum_id) DO UPDATE SET enabled = excluded.enabled, hours = excluded.hours",
                )
                .bind(forum)
                .bind(settings.enabled)
                .bind($crate::features::messages::reminders::to_text(&settings.hours))
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn reminders_sent(&self, forum: $crate::ids::ForumId) -> StoreResult<i64> {
                let (n,): (i64,) = sqlx::query_as(
                    "SELECT COUNT(*) FROM reminders_sent s JOIN registrations r ON r.id = s.registration_id WHERE r.forum_id = $1",
                )
                .bind(forum)
                .fetch_one(&self.pool)
                .await?;
                Ok(n)
            }

            async fn send_reminders(
                &self,
                forum: $crate::ids::ForumId,
                hours: i64,
                made_before: DateTime<Utc>,
                now: DateTime<Utc>,
                compose: $crate::features::messages::reminder_store::ComposeReminder<'_>,
            ) -> StoreResult<i64> {
                let _turn = self.write_turn().await;
                let now = whole_seconds(now);
                let mut tx = self.begin_write().await?;
                let sql = format!(
                    "SELECT {} FROM registrations r WHERE forum_id = $1 AND status IN ('confirmed', 'waiting') \
                     AND erased_at IS NULL AND hold_until IS NULL AND created_at < $2 AND NOT EXISTS \
                     (SELECT 1 FROM reminders_sent s WHERE s.registration_id = r.id AND s.hours_before = $3) ORDER BY id",
                    $crate::features::registration::store::RECORD
                );
                let due: Vec<$crate::features::registration::records::RegistrationRecord> = sqlx::query_as(&sql)
                    .bind(forum)
                    .bind(whole_seconds(made_before))
                    .bind(hours)
                    .fetch_all(&mut *tx)
                    .await?;
                let mut queued = 0;
                for record in due {
                    let taken = sqlx::query(
                        "INSERT INTO reminders_sent (registration_id, hours_before, sent_at) VALUES ($1, $2, $3) \
                         ON CONFLICT (registration_id, hours_before) DO NOTHING",
                    )
                    .bind(record.id.0)
                    .bind(hours)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                    if taken.rows_affected() == 0 {
                        continue;
                    }
                    let position = if record.status == $crate::features::registration::types::RegistrationStatus::Waiting {
                        let (n,): (i64,) = sqlx::query_as(
                            "SELECT COUNT(*) FROM registrations WHERE forum_id = $1 AND group_id = $2 \
                             AND status = 'waiting' AND erased_at IS NULL AND id <= $3",
                        )
                        .bind(forum)
                        .bind(record.group_id)
                        .bind(record.id.0)
                        .fetch_one(&mut *tx)
                        .await?;
                        n
                    } else {
                        0
                    };
                    if let Some(mail) = compose(&record, position) {
                        // Due at once: `now` is when the job looked (a test may look ahead).
                        Self::queue_in(&mut tx, &mail, crate::clock::now()).await?;
                        queued += 1;
                    }
                }
                tx.commit().await?;
                Ok(queued)
            }
        }
    };
}
pub(crate) use impl_reminder_store;
