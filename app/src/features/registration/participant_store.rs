//! What a participant's own link and devices need: the devices a participant's page is
//! remembered on (only a hash of each device's random id is stored, never the manage link), a
//! new manage link that replaces the old one, and "confirm address first" (a registration holds
//! its place until the participant confirms from the emailed link; unconfirmed holds expire and
//! their seats go on by the seat rules).

use super::mail::Compose;
use super::records::{AddressConfirmed, RegistrationRecord};
use super::types::RegistrationId;
use crate::db::StoreResult;
use crate::features::forums::types::ForumId;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

#[async_trait]
pub trait ParticipantStore {
    /// Remembers a device for a registration until `expires_at` (and forgets expired devices).
    async fn remember_device(
        &self,
        registration: RegistrationId,
        token_hash: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// The registration a remembered, unexpired device belongs to.
    async fn registration_by_device(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<RegistrationRecord>>;
    async fn forget_device(&self, token_hash: &str) -> StoreResult<()>;
    /// Gives a registration a new manage link (its salt and the new link's hash): the old link
    /// stops working, every device the registration was remembered on is forgotten, and the
    /// email with the new link (`compose`) is queued in the same transaction.
    async fn replace_manage_link(
        &self,
        id: RegistrationId,
        salt: &str,
        token_hash: &str,
        compose: Compose<'_>,
    ) -> StoreResult<()>;
    /// Confirms the address of a registration that still holds its place, and queues the
    /// registration's usual email (`compose`) in the same transaction.
    async fn confirm_address(
        &self,
        id: RegistrationId,
        now: DateTime<Utc>,
        compose: Compose<'_>,
    ) -> StoreResult<AddressConfirmed>;
    /// The forums with registrations whose hold ran out by `now`.
    async fn forums_with_expired_holds(&self, now: DateTime<Utc>) -> StoreResult<Vec<ForumId>>;
    /// Removes the forum's registrations whose hold ran out by `now` (their address was never
    /// confirmed, so nothing of them is kept) and gives the freed seats to whoever waits, by
    /// the seat rules, with the forum locked. Returns the removed registrations.
    async fn expire_holds(
        &self,
        forum: ForumId,
        now: DateTime<Utc>,
        compose: Compose<'_>,
    ) -> StoreResult<Vec<RegistrationId>>;
}

macro_rules! impl_participant_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::features::registration::participant_store::ParticipantStore for $store {
            async fn remember_device(
                &self,
                registration: $crate::features::registration::types::RegistrationId,
                token_hash: &str,
                now: DateTime<Utc>,
                expires_at: DateTime<Utc>,
            ) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                sqlx::query("DELETE FROM participant_devices WHERE expires_at <= $1")
                    .bind(whole_seconds(now))
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(
                    "INSERT INTO participant_devices (registration_id, token_hash, created_at, expires_at) \
                     VALUES ($1, $2, $3, $4)",
                )
                .bind(registration)
                .bind(token_hash)
                .bind(whole_seconds(now))
                .bind(whole_seconds(expires_at))
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn registration_by_device(
                &self,
                token_hash: &str,
                now: DateTime<Utc>,
            ) -> StoreResult<Option<$crate::features::registration::records::RegistrationRecord>> {
                let sql = format!(
                    "SELECT {} FROM registrations WHERE id = (SELECT registration_id FROM participant_devices \
                     WHERE token_hash = $1 AND expires_at > $2)",
                    $crate::features::registration::store::RECORD
                );
                Ok(sqlx::query_as(&sql)
                    .bind(token_hash)
                    .bind(whole_seconds(now))
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn forget_device(&self, token_hash: &str) -> StoreResult<()> {
                sqlx::query("DELETE FROM participant_devices WHERE token_hash = $1")
                    .bind(token_hash)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn replace_manage_link(
                &self,
                id: $crate::features::registration::types::RegistrationId,
                salt: &str,
                token_hash: &str,
                compose: $crate::features::registration::mail::Compose<'_>,
            ) -> StoreResult<()> {
                let now = whole_seconds(crate::clock::now());
                let mut tx = self.begin_write().await?;
                let done = sqlx::query(
                    "UPDATE registrations SET manage_salt = $1, manage_token_hash = $2, updated_at = $3 WHERE id = $4",
                )
                .bind(salt)
                .bind(token_hash)
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                $crate::db::must_affect(done.rows_affected())?;
                sqlx::query("DELETE FROM participant_devices WHERE registration_id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                let record = Self::record_in(&mut tx, id).await?;
                if let Some(mail) = compose(&record, $crate::features::registration::mail::Message::NewLink) {
                    Self::queue_in(&mut tx, &mail, now).await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn confirm_address(
                &self,
                id: $crate::features::registration::types::RegistrationId,
                now: DateTime<Utc>,
                compose: $crate::features::registration::mail::Compose<'_>,
            ) -> StoreResult<$crate::features::registration::records::AddressConfirmed> {
                use $crate::features::registration::records::AddressConfirmed;
                let (now, written) = (whole_seconds(now), whole_seconds(crate::clock::now()));
                let _turn = self.write_turn().await;
                let mut tx = self.begin_write().await?;
                // Only while the hold lasts: an expired one is removed by `expire_holds`, whose
                // condition (`hold_until <= now`) never meets a row this one cleared.
                let done = sqlx::query(
                    "UPDATE registrations SET hold_until = NULL, updated_at = $3 \
                     WHERE id = $2 AND hold_until IS NOT NULL AND hold_until > $1",
                )
                .bind(now)
                .bind(id)
                .bind(written)
                .execute(&mut *tx)
                .await?;
                let record = Self::record_in(&mut tx, id).await?;
                if done.rows_affected() == 0 {
                    return Ok(if record.hold_until.is_some() {
                        AddressConfirmed::Expired
                    } else {
                        AddressConfirmed::Already
                    });
                }
                if let Some(mail) = compose(&record, $crate::features::registration::mail::Message::Registered) {
                    Self::queue_in(&mut tx, &mail, written).await?;
                }
                tx.commit().await?;
                Ok(AddressConfirmed::Confirmed)
            }

            async fn forums_with_expired_holds(&self, now: DateTime<Utc>) -> StoreResult<Vec<ForumId>> {
                let forums: Vec<(i64,)> = sqlx::query_as(
                    "SELECT DISTINCT forum_id FROM registrations WHERE hold_until IS NOT NULL AND hold_until <= $1",
                )
                .bind(whole_seconds(now))
                .fetch_all(&self.pool)
                .await?;
                Ok(forums.into_iter().map(|(id,)| ForumId(id)).collect())
            }

            async fn expire_holds(
                &self,
                forum: ForumId,
                now: DateTime<Utc>,
                compose: $crate::features::registration::mail::Compose<'_>,
            ) -> StoreResult<Vec<$crate::features::registration::types::RegistrationId>> {
                use $crate::features::registration::types::RegistrationId;
                // Holds are judged at `now`; what is written is stamped with the clock (emails
                // queued for delivery now, also when a caller judges a later instant).
                let (now, written) = (whole_seconds(now), whole_seconds(crate::clock::now()));
                let _turn = self.write_turn().await;
                let mut tx = self.begin_write().await?;
                let (plan, _, _) = Self::seat_state(&mut tx, forum, written).await?;
                let gone: Vec<(i64,)> = sqlx::query_as(
                    "DELETE FROM registrations WHERE forum_id = $1 AND hold_until IS NOT NULL \
                     AND hold_until <= $2 RETURNING id",
                )
                .bind(forum)
                .bind(now)
                .fetch_all(&mut *tx)
                .await?;
                if gone.is_empty() {
                    return Ok(Vec::new());
                }
                Self::promote_in(&mut tx, forum, &plan, written, compose).await?;
                tx.commit().await?;
                Ok(gone.into_iter().map(|(id,)| RegistrationId(id)).collect())
            }
        }
    };
}

pub(crate) use impl_participant_store;
