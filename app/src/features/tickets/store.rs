//! Ticket persistence: a new ticket version for a registration (every older code stops
//! admitting), queued with the email that carries the new code in one transaction.

use crate::db::StoreResult;
use crate::features::forums::types::ForumId;
use crate::features::registration::records::Outgoing;
use crate::features::registration::types::RegistrationId;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

#[async_trait]
pub trait TicketStore {
    /// Raises the ticket version from `from` to `from + 1` and queues `mail` (with the new
    /// ticket) in the same transaction. `NotFound` when the registration is not the forum's or
    /// its version moved meanwhile.
    async fn reissue_ticket(
        &self,
        forum: ForumId,
        registration: RegistrationId,
        from: i64,
        mail: Option<&Outgoing>,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
}

macro_rules! impl_ticket_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::features::tickets::store::TicketStore for $store {
            async fn reissue_ticket(
                &self,
                forum: ForumId,
                registration: $crate::features::registration::types::RegistrationId,
                from: i64,
                mail: Option<&$crate::features::registration::records::Outgoing>,
                at: DateTime<Utc>,
            ) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                let done = sqlx::query(
                    "UPDATE registrations SET ticket_version = ticket_version + 1, updated_at = $3 \
                     WHERE id = $1 AND forum_id = $2 AND ticket_version = $4",
                )
                .bind(registration)
                .bind(forum)
                .bind(whole_seconds(at))
                .bind(from)
                .execute(&mut *tx)
                .await?;
                $crate::db::must_affect(done.rows_affected())?;
                if let Some(mail) = mail {
                    Self::queue_in(&mut tx, mail, at).await?;
                }
                tx.commit().await?;
                Ok(())
            }
        }
    };
}
pub(crate) use impl_ticket_store;
