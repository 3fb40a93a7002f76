//! The outbox: every email Agora sends is first a row, written in the same transaction as the
//! change that causes it, then claimed by one server's sender, sent and marked (or retried with
//! a growing delay). Nothing is lost when a server stops between the two.

use super::records::{Outgoing, QueuedMail};
use crate::db::StoreResult;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

#[async_trait]
pub trait OutboxStore {
    async fn queue_mail(&self, mail: &Outgoing) -> StoreResult<()>;
    /// Claims up to `limit` due emails for `lease` seconds (another server will not take them).
    async fn claim_mail(
        &self,
        now: DateTime<Utc>,
        lease_secs: i64,
        limit: i64,
    ) -> StoreResult<Vec<QueuedMail>>;
    /// Extends the lease on a claimed message just before it is sent: `false` when the claim
    /// ran out and another server holds it now (then this one does not send it).
    async fn renew_mail_lease(
        &self,
        id: i64,
        claimed_until: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> StoreResult<bool>;
    async fn mail_sent(&self, id: i64, at: DateTime<Utc>) -> StoreResult<()>;
    async fn mail_failed(&self, id: i64, retry_at: DateTime<Utc>, error: &str) -> StoreResult<()>;
    /// The relay refused the message for good (a bounce): it is not tried again, and the
    /// message's progress and the forum's delivery problems show it.
    async fn mail_bounced(&self, id: i64, at: DateTime<Utc>, error: &str) -> StoreResult<()>;
}

macro_rules! impl_outbox_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::features::registration::outbox::OutboxStore for $store {
            async fn queue_mail(&self, mail: &$crate::features::registration::store::Outgoing) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                Self::queue_in(&mut tx, mail, crate::clock::now()).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn claim_mail(
                &self,
                now: DateTime<Utc>,
                lease_secs: i64,
                limit: i64,
            ) -> StoreResult<Vec<$crate::features::registration::store::QueuedMail>> {
                let now = whole_seconds(now);
                let due: Vec<$crate::features::registration::store::QueuedMail> = sqlx::query_as(
                    "SELECT id, recipient, subject, body, attempts, calendar, ticket_code, html FROM outbox \
                     WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1 ORDER BY id LIMIT $2",
                )
                .bind(now)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                let mut claimed = Vec::new();
                for mail in due {
                    let done = sqlx::query(
                        "UPDATE outbox SET next_attempt_at = $1 WHERE id = $2 AND sent_at IS NULL \
                         AND next_attempt_at <= $3",
                    )
                    .bind(now + chrono::Duration::seconds(lease_secs))
                    .bind(mail.id)
                    .bind(now)
                    .execute(&self.pool)
                    .await?;
                    if done.rows_affected() == 1 {
                        claimed.push(mail);
                    }
                }
                Ok(claimed)
            }

            async fn renew_mail_lease(
                &self,
                id: i64,
                claimed_until: DateTime<Utc>,
                until: DateTime<Utc>,
            ) -> StoreResult<bool> {
                let done = sqlx::query(
                    "UPDATE outbox SET next_attempt_at = $1 WHERE id = $2 AND sent_at IS NULL \
                     AND next_attempt_at = $3",
                )
                .bind(whole_seconds(until))
                .bind(id)
                .bind(whole_seconds(claimed_until))
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn mail_sent(&self, id: i64, at: DateTime<Utc>) -> StoreResult<()> {
                sqlx::query("UPDATE outbox SET sent_at = $1, attempts = attempts + 1 WHERE id = $2")
                    .bind(whole_seconds(at))
                    .bind(id)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn mail_failed(&self, id: i64, retry_at: DateTime<Utc>, error: &str) -> StoreResult<()> {
                sqlx::query(
                    "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1, last_error = $2 WHERE id = $3",
                )
                .bind(whole_seconds(retry_at))
                .bind(error.chars().take(500).collect::<String>())
                .bind(id)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn mail_bounced(&self, id: i64, at: DateTime<Utc>, error: &str) -> StoreResult<()> {
                sqlx::query(
                    "UPDATE outbox SET attempts = attempts + 1, failed_at = $1, last_error = $2 WHERE id = $3",
                )
                .bind(whole_seconds(at))
                .bind(error.chars().take(500).collect::<String>())
                .bind(id)
                .execute(&self.pool)
                .await?;
                Ok(())
            }
        }
    };
}
pub(crate) use impl_outbox_store;
