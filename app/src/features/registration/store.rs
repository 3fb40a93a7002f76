//! Registration persistence. Every change that moves seats happens in one transaction with the
//! forum's row locked (PostgreSQL `FOR UPDATE`; SQLite write transactions are exclusive), applies
//! the pure rules of `seats.rs` to the counts it reads there, and writes the emails it causes to
//! the outbox in the same transaction.

use super::seats::{Quota, SeatPlan};
use super::types::RegistrationId;
use crate::db::StoreResult;
use crate::features::forums::types::{ForumId, StakeholderGroupId};
use async_trait::async_trait;

pub use super::mail::Compose;
pub use super::questions::QuestionRecord;
pub use super::records::*;

#[async_trait]
pub trait RegistrationStore {
    /// Sets (or clears, with 0 and no cap) one group's reserved seats and cap.
    async fn set_group_quota(
        &self,
        forum: ForumId,
        group: StakeholderGroupId,
        reserved: i64,
        cap: Option<i64>,
    ) -> StoreResult<QuotaSaved>;
    async fn save_registration_settings(
        &self,
        forum: ForumId,
        settings: &RegistrationSettings,
    ) -> StoreResult<()>;
    async fn register(
        &self,
        new: &RegistrationInsert<'_>,
        compose: Compose<'_>,
    ) -> StoreResult<Registered>;
    async fn registration_by_token(
        &self,
        token_hash: &str,
    ) -> StoreResult<Option<RegistrationRecord>>;
    /// Approves, rejects, cancels or moves a registration by the rules of `seats.rs`, then
    /// promotes whoever a freed seat now allows, oldest first; `compose` writes each affected
    /// person's email. All in one transaction with the forum locked.
    async fn change_registration(
        &self,
        id: RegistrationId,
        change: super::seats::Change,
        compose: Compose<'_>,
    ) -> StoreResult<Changed>;
    /// Updates the details a participant may edit (not the email address or the group).
    async fn update_details(
        &self,
        id: RegistrationId,
        update: &DetailsUpdate<'_>,
    ) -> StoreResult<()>;
    /// Every registration of an address (for the "lost my link" form).
    async fn registrations_by_email(&self, email: &str) -> StoreResult<Vec<RegistrationRecord>>;
    /// (question, value) of one registration.
    async fn answers(&self, id: RegistrationId) -> StoreResult<Vec<(i64, String)>>;

    // The organiser's side.
    async fn registration(&self, id: RegistrationId) -> StoreResult<Option<RegistrationRecord>>;
    /// (group, reserved, cap) of every group with a quota.
    async fn group_quotas(&self, forum: ForumId) -> StoreResult<Vec<(i64, i64, Option<i64>)>>;
    async fn registration_settings(&self, forum: ForumId) -> StoreResult<RegistrationSettings>;
}

pub(crate) const RECORD: &str = "id, forum_id, group_id, status, full_name, email, organisation, \
     position, country, locale, manage_salt, gender, age_band, accessibility, dietary, photo_consent, \
     ticket_version, hold_until";

/// The seat plan of a forum from its row and quotas.
pub fn plan_of(capacity: i64, released: bool, quotas: &[(i64, i64, Option<i64>)]) -> SeatPlan {
    SeatPlan {
        capacity: capacity.clamp(0, i64::from(u32::MAX)) as u32,
        quotas: quotas
            .iter()
            .map(|(g, reserved, cap)| {
                let reserved = (*reserved).clamp(0, i64::from(u32::MAX)) as u32;
                let cap = cap.map(|c| c.clamp(0, i64::from(u32::MAX)) as u32);
                (*g, Quota { reserved, cap })
            })
            .collect(),
        released,
    }
}

macro_rules! impl_registration_store {
    ($store:ty, $db:ty) => {
        impl $store {
            pub(crate) async fn queue_in<'c>(
                tx: &mut sqlx::Transaction<'c, $db>,
                mail: &$crate::features::registration::store::Outgoing,
                now: DateTime<Utc>,
            ) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO outbox (recipient, subject, body, next_attempt_at, created_at, calendar, ticket_code, \
                     registration_id, html) VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8)",
                )
                .bind(&mail.recipient)
                .bind(&mail.subject)
                .bind(&mail.body)
                .bind(whole_seconds(now))
                .bind(&mail.calendar)
                .bind(&mail.ticket_code)
                .bind(mail.registration)
                .bind(&mail.html)
                .execute(&mut **tx)
                .await?;
                Ok(())
            }

            async fn answers_in<'c>(
                tx: &mut sqlx::Transaction<'c, $db>,
                registration: i64,
                answers: &[(i64, String)],
            ) -> StoreResult<()> {
                sqlx::query("DELETE FROM answers WHERE registration_id = $1")
                    .bind(registration)
                    .execute(&mut **tx)
                    .await?;
                for (question, value) in answers {
                    sqlx::query("INSERT INTO answers (registration_id, question_id, value) VALUES ($1, $2, $3)")
                        .bind(registration)
                        .bind(question)
                        .bind(value)
                        .execute(&mut **tx)
                        .await?;
                }
                Ok(())
            }

            pub(crate) async fn record_in<'c>(
                tx: &mut sqlx::Transaction<'c, $db>,
                id: $crate::features::registration::types::RegistrationId,
            ) -> StoreResult<$crate::features::registration::store::RegistrationRecord> {
                let sql = format!("SELECT {} FROM registrations WHERE id = $1", $crate::features::registration::store::RECORD);
                Ok(sqlx::query_as(&sql).bind(id).fetch_one(&mut **tx).await?)
            }
        }

        #[async_trait::async_trait]
        impl $crate::features::registration::store::RegistrationStore for $store {
            async fn set_group_quota(
                &self,
                forum: ForumId,
                group: StakeholderGroupId,
                reserved: i64,
                cap: Option<i64>,
            ) -> StoreResult<$crate::features::registration::records::QuotaSaved> {
                use $crate::features::registration::records::QuotaSaved;
                let mut tx = self.begin_write().await?;
                let (mut plan, _, _) = Self::seat_state(&mut tx, forum, crate::clock::now()).await?;
                let clamp = |v: i64| v.clamp(0, i64::from(u32::MAX)) as u32;
                plan.quotas.insert(
                    group.0,
                    $crate::features::registration::seats::Quota { reserved: clamp(reserved), cap: cap.map(clamp) },
                );
                if plan.check().is_err() {
                    return Ok(QuotaSaved::OverCapacity);
                }
                sqlx::query(
                    "INSERT INTO group_quotas (forum_id, group_id, reserved, cap) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (forum_id, group_id) DO UPDATE SET reserved = excluded.reserved, cap = excluded.cap",
                )
                .bind(forum)
                .bind(group)
                .bind(reserved)
                .bind(cap)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(QuotaSaved::Saved)
            }

            async fn save_registration_settings(
                &self,
                forum: ForumId,
                settings: &$crate::features::registration::store::RegistrationSettings,
            ) -> StoreResult<()> {
                let done = sqlx::query(
                    "UPDATE forums SET waiting_list = $1, reservations_release_at = $2, \
                     registration_opens_at = $3, registration_closes_at = $4, confirm_within_minutes = $6 WHERE id = $5",
                )
                .bind(settings.waiting_list)
                .bind(settings.reservations_release_at.map(whole_seconds))
                .bind(settings.registration_opens_at.map(whole_seconds))
                .bind(settings.registration_closes_at.map(whole_seconds))
                .bind(forum)
                .bind(settings.confirm_within_minutes)
                .execute(&self.pool)
                .await?;
                $crate::db::must_affect(done.rows_affected())
            }

            async fn register(
                &self,
                new: &$crate::features::registration::store::RegistrationInsert<'_>,
                compose: $crate::features::registration::store::Compose<'_>,
            ) -> StoreResult<$crate::features::registration::store::Registered> {
                use $crate::features::registration::seats::Decision;
                use $crate::features::registration::store::Registered;
                use $crate::features::registration::types::{RegistrationId, RegistrationStatus};
                let now = whole_seconds(crate::clock::now());
                let sql = format!(
                    "SELECT {} FROM registrations WHERE forum_id = $1 AND email = $2",
                    $crate::features::registration::store::RECORD
                );
                // The address is looked up before the forum is locked; a twin registering at the
                // same instant meets the unique index below and gets the same answer.
                let existing: Option<$crate::features::registration::store::RegistrationRecord> =
                    sqlx::query_as(&sql).bind(new.forum).bind(new.form.email.as_str()).fetch_optional(&self.pool).await?;
                if let Some(existing) = existing {
                    return Ok(Registered::Existing(Box::new(existing)));
                }
                // Drawn before the lock: the id the emails name (PostgreSQL; SQLite assigns it).
                let id = self.next_registration_id().await?;
                let again = || async {
                    let existing: Option<$crate::features::registration::store::RegistrationRecord> =
                        sqlx::query_as(&sql).bind(new.forum).bind(new.form.email.as_str()).fetch_optional(&self.pool).await?;
                    match existing {
                        Some(existing) => Ok(Registered::Existing(Box::new(existing))),
                        None => Ok(Registered::Raced),
                    }
                };
                // PostgreSQL writes a forum's registrations in batches (see `registration/batch.rs`).
                if let Some(placed) = self.register_batched(id, new, compose).await {
                    use $crate::features::registration::records::Placed;
                    return match placed? {
                        (id, Placed::New(status)) => Ok(Registered::New(RegistrationId(id), status)),
                        (_, Placed::Full) => Ok(Registered::Full),
                        (_, Placed::Existing) => again().await,
                    };
                }
                let _turn = self.write_turn().await;
                let mut tx = self.begin_write().await?;
                let (plan, waiting_list, taken) =
                    Self::seat_state_for(&mut tx, new.forum, now, new.invitation).await?;
                let status = match plan.decide(&taken, new.form.group_id.0) {
                    _ if new.pending => RegistrationStatus::Pending,
                    Decision::Seat => RegistrationStatus::Confirmed,
                    Decision::NoSeat if waiting_list => RegistrationStatus::Waiting,
                    Decision::NoSeat => return Ok(Registered::Full),
                };
                let Some(record) = Self::write_registration(&mut tx, id, new, status, now, compose).await? else {
                    drop(tx);
                    return again().await;
                };
                let id = record.id.0;
                if let Some(invitation) = new.invitation {
                    let claimed = sqlx::query(
                        "UPDATE invitations SET registration_id = $1 WHERE id = $2 AND registration_id IS NULL",
                    )
                    .bind(id)
                    .bind(invitation)
                    .execute(&mut *tx)
                    .await?;
                    if claimed.rows_affected() != 1 {
                        return Ok(Registered::InvitationUsed);
                    }
                }
                tx.commit().await?;
                Ok(Registered::New(RegistrationId(id), status))
            }

            async fn registration_by_token(
                &self,
                token_hash: &str,
            ) -> StoreResult<Option<$crate::features::registration::store::RegistrationRecord>> {
                let sql = format!(
                    "SELECT {} FROM registrations WHERE manage_token_hash = $1",
                    $crate::features::registration::store::RECORD
                );
                Ok(sqlx::query_as(&sql).bind(token_hash).fetch_optional(&self.pool).await?)
            }

            async fn change_registration(
                &self,
                id: $crate::features::registration::types::RegistrationId,
                change: $crate::features::registration::seats::Change,
                compose: $crate::features::registration::store::Compose<'_>,
            ) -> StoreResult<$crate::features::registration::store::Changed> {
                use $crate::features::registration::mail::Message;
                use $crate::features::registration::seats::Change;
                use $crate::features::registration::store::Changed;
                use $crate::features::registration::types::RegistrationId;
                let now = whole_seconds(crate::clock::now());
                let _turn = self.write_turn().await;
                let mut tx = self.begin_write().await?;
                let forum: Option<(i64,)> = sqlx::query_as("SELECT forum_id FROM registrations WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
                let (forum,) = forum.ok_or(StoreError::NotFound)?;
                // The forum's row is locked before the registration is read again, so its status
                // cannot change between the read and the write.
                let (plan, waiting_list, taken) = Self::seat_state(&mut tx, ForumId(forum), now).await?;
                let record = Self::record_in(&mut tx, id).await?;
                let next = match plan.transition(&taken, waiting_list, record.status, record.group_id.0, change) {
                    Ok(Some(next)) => next,
                    Ok(None) => return Ok(Changed::Unchanged),
                    Err(refusal) => return Ok(Changed::Refused(refusal)),
                };
                sqlx::query("UPDATE registrations SET status = $1, group_id = $2, updated_at = $3 WHERE id = $4")
                    .bind(next.0.as_str())
                    .bind(next.1)
                    .bind(now)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                let changed = Self::record_in(&mut tx, id).await?;
                let message = match change {
                    Change::Approve => Some(Message::Approved),
                    Change::Reject => Some(Message::Rejected),
                    Change::Cancel => Some(Message::Cancelled),
                    Change::Move(_) => None,
                };
                if let Some(mail) = message.and_then(|m| compose(&changed, m)) {
                    Self::queue_in(&mut tx, &mail, now).await?;
                }
                let promoted = Self::promote_in(&mut tx, ForumId(forum), &plan, now, compose).await?;
                tx.commit().await?;
                Ok(Changed::Done(next.0, promoted.into_iter().map(RegistrationId).collect()))
            }

            async fn update_details(
                &self,
                id: $crate::features::registration::types::RegistrationId,
                update: &$crate::features::registration::store::DetailsUpdate<'_>,
            ) -> StoreResult<()> {
                let f = update.form;
                let mut tx = self.begin_write().await?;
                let done = sqlx::query(
                    "UPDATE registrations SET full_name = $1, organisation = $2, position = $3, country = $4, \
                     gender = $5, age_band = $6, accessibility = $7, dietary = $8, photo_consent = $9, \
                     updated_at = $10 WHERE id = $11",
                )
                .bind(&f.full_name)
                .bind(&f.organisation)
                .bind(&f.position)
                .bind(&f.country)
                .bind(&f.gender)
                .bind(&f.age_band)
                .bind(&f.accessibility)
                .bind(&f.dietary)
                .bind(f.photo_consent)
                .bind(whole_seconds(crate::clock::now()))
                .bind(id)
                .execute(&mut *tx)
                .await?;
                $crate::db::must_affect(done.rows_affected())?;
                Self::answers_in(&mut tx, id.0, update.answers).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn registrations_by_email(
                &self,
                email: &str,
            ) -> StoreResult<Vec<$crate::features::registration::store::RegistrationRecord>> {
                let sql = format!(
                    "SELECT {} FROM registrations WHERE email = $1 ORDER BY id",
                    $crate::features::registration::store::RECORD
                );
                Ok(sqlx::query_as(&sql).bind(email).fetch_all(&self.pool).await?)
            }

            async fn answers(
                &self,
                id: $crate::features::registration::types::RegistrationId,
            ) -> StoreResult<Vec<(i64, String)>> {
                Ok(sqlx::query_as("SELECT question_id, value FROM answers WHERE registration_id = $1 ORDER BY question_id")
                    .bind(id)
                    .fetch_all(&self.pool)
                    .await?)
            }

            async fn registration(
                &self,
                id: $crate::features::registration::types::RegistrationId,
            ) -> StoreResult<Option<$crate::features::registration::store::RegistrationRecord>> {
                let sql = format!("SELECT {} FROM registrations WHERE id = $1", $crate::features::registration::store::RECORD);
                Ok(sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await?)
            }

            async fn group_quotas(&self, forum: ForumId) -> StoreResult<Vec<(i64, i64, Option<i64>)>> {
                Ok(sqlx::query_as("SELECT group_id, reserved, cap FROM group_quotas WHERE forum_id = $1")
                    .bind(forum)
                    .fetch_all(&self.pool)
                    .await?)
            }

            async fn registration_settings(
                &self,
                forum: ForumId,
            ) -> StoreResult<$crate::features::registration::store::RegistrationSettings> {
                Ok(sqlx::query_as(
                    "SELECT waiting_list, reservations_release_at, registration_opens_at, \
                     registration_closes_at, CAST(confirm_within_minutes AS BIGINT) AS confirm_within_minutes \
                     FROM forums WHERE id = $1",
                )
                .bind(forum)
                .fetch_optional(&self.pool)
                .await?
                .ok_or(StoreError::NotFound)?)
            }

        }
    };
}

pub(crate) use impl_registration_store;
