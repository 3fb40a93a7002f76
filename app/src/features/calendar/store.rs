//! Calendar persistence: the participant's picks and the revocable
//! token of their personal feed (only its SHA-256 is stored; the token is derived from the
//! server's key and a salt that revoking replaces).

use crate::db::StoreResult;
use crate::features::forums::types::ForumId;
use crate::features::forums::types::SessionId;
use crate::features::registration::store::RegistrationRecord;
use crate::features::registration::types::RegistrationId;
use async_trait::async_trait;

#[async_trait]
pub trait CalendarStore {
    /// The sessions a participant picked.
    async fn picks(&self, registration: RegistrationId) -> StoreResult<Vec<SessionId>>;
    /// Replaces a participant's picks (sessions of other forums are ignored).
    async fn set_picks(
        &self,
        registration: RegistrationId,
        forum: ForumId,
        sessions: &[SessionId],
    ) -> StoreResult<()>;
    /// The salt of the participant's feed token, if one was made.
    async fn calendar_salt(&self, registration: RegistrationId) -> StoreResult<Option<String>>;
    /// Sets a new feed token (the old one stops working).
    async fn set_calendar_token(
        &self,
        registration: RegistrationId,
        salt: &str,
        token_hash: &str,
    ) -> StoreResult<()>;
    async fn registration_by_calendar_token(
        &self,
        token_hash: &str,
    ) -> StoreResult<Option<RegistrationRecord>>;
}

macro_rules! impl_calendar_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::features::calendar::store::CalendarStore for $store {
            async fn picks(
                &self,
                registration: $crate::features::registration::types::RegistrationId,
            ) -> StoreResult<Vec<$crate::features::forums::types::SessionId>> {
                let rows: Vec<(i64,)> = sqlx::query_as(
                    "SELECT session_id FROM personal_sessions WHERE registration_id = $1 ORDER BY session_id",
                )
                .bind(registration)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows.into_iter().map(|(id,)| $crate::features::forums::types::SessionId(id)).collect())
            }

            async fn set_picks(
                &self,
                registration: $crate::features::registration::types::RegistrationId,
                forum: ForumId,
                sessions: &[$crate::features::forums::types::SessionId],
            ) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                sqlx::query("DELETE FROM personal_sessions WHERE registration_id = $1")
                    .bind(registration)
                    .execute(&mut *tx)
                    .await?;
                for session in sessions {
                    sqlx::query(
                        "INSERT INTO personal_sessions (registration_id, session_id) \
                         SELECT $1, id FROM agenda_sessions WHERE id = $2 AND forum_id = $3",
                    )
                    .bind(registration)
                    .bind(session)
                    .bind(forum)
                    .execute(&mut *tx)
                    .await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn calendar_salt(
                &self,
                registration: $crate::features::registration::types::RegistrationId,
            ) -> StoreResult<Option<String>> {
                let row: Option<(Option<String>,)> =
                    sqlx::query_as("SELECT calendar_salt FROM registrations WHERE id = $1")
                        .bind(registration)
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(row.and_then(|(salt,)| salt))
            }

            async fn set_calendar_token(
                &self,
                registration: $crate::features::registration::types::RegistrationId,
                salt: &str,
                token_hash: &str,
            ) -> StoreResult<()> {
                let done = sqlx::query(
                    "UPDATE registrations SET calendar_salt = $1, calendar_token_hash = $2 WHERE id = $3",
                )
                .bind(salt)
                .bind(token_hash)
                .bind(registration)
                .execute(&self.pool)
                .await?;
                $crate::db::must_affect(done.rows_affected())
            }

            async fn registration_by_calendar_token(
                &self,
                token_hash: &str,
            ) -> StoreResult<Option<$crate::features::registration::store::RegistrationRecord>> {
                let sql = format!(
                    "SELECT {} FROM registrations WHERE calendar_token_hash = $1",
                    $crate::features::registration::store::RECORD
                );
                Ok(sqlx::query_as(&sql).bind(token_hash).fetch_optional(&self.pool).await?)
            }
        }
    };
}

pub(crate) use impl_calendar_store;
