//! Registration persistence. Every change that moves seats happens in one transaction with the
//! forum's row locked (PostgreSQL `FOR UPDATE`; SQLite write transactions are exclusive), applies
//! the pure rules of `seats.rs` to the counts it reads there, and writes the emails it causes to
//! the outbox in the same transaction.

use super::seats::{Quota, SeatPlan, Taken};
use super::types::{RegistrationId, RegistrationStatus};
use crate::features::forums::types::{ForumId, StakeholderGroupId};
use crate::store::StoreResult;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// An email to queue.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    pub recipient: String,
    pub subject: String,
    pub body: String,
}

/// A queued email due for delivery.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct QueuedMail {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub attempts: i64,
}

/// A registration with what emails about it need.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RegistrationRecord {
    pub id: RegistrationId,
    pub forum_id: ForumId,
    pub group_id: StakeholderGroupId,
    #[sqlx(try_from = "String")]
    pub status: RegistrationStatus,
    pub full_name: String,
    pub email: String,
    pub organisation: String,
    pub position: String,
    pub country: String,
    pub locale: String,
    /// Random per registration; the manage link is derived from it and the server's secret.
    pub manage_salt: String,
}

/// A new registration, checked, with its manage secret.
pub struct RegistrationInsert<'a> {
    pub forum: ForumId,
    pub form: &'a super::form::NewRegistration,
    pub locale: &'a str,
    pub privacy_version: &'a str,
    pub manage_salt: String,
    pub manage_token_hash: String,
}

/// A forum's registration settings.
#[derive(Debug, Clone, Default, PartialEq, sqlx::FromRow)]
pub struct RegistrationSettings {
    /// Keep a waiting list when a group has no free seat.
    pub waiting_list: bool,
    /// When unfilled reservations join the pool.
    pub reservations_release_at: Option<DateTime<Utc>>,
    pub registration_opens_at: Option<DateTime<Utc>>,
    pub registration_closes_at: Option<DateTime<Utc>>,
}

impl RegistrationSettings {
    /// Whether registration is open at `now` (the forum's end is checked separately).
    pub fn window(&self, now: DateTime<Utc>) -> Window {
        match (self.registration_opens_at, self.registration_closes_at) {
            (Some(opens), _) if now < opens => Window::NotYet(opens),
            (_, Some(closes)) if now >= closes => Window::Closed,
            _ => Window::Open,
        }
    }
}

/// Where `now` falls in a registration window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    NotYet(DateTime<Utc>),
    Open,
    Closed,
}

/// What registering did.
#[derive(Debug, Clone)]
pub enum Registered {
    /// A new registration with a seat or on the waiting list.
    New(RegistrationId, RegistrationStatus),
    /// No seat and no waiting list: nothing was written.
    Full,
    /// This address is registered for this forum already (nothing new was written).
    Existing(Box<RegistrationRecord>),
}

/// Builds the email for a registration in a given status (`None`: send none, as for demo data).
pub type Compose<'a> = &'a (dyn Fn(&RegistrationRecord) -> Option<Outgoing> + Send + Sync);

#[async_trait]
pub trait RegistrationStore {
    /// Sets (or clears, with 0 and no cap) one group's reserved seats and cap.
    async fn set_group_quota(
        &self,
        forum: ForumId,
        group: StakeholderGroupId,
        reserved: i64,
        cap: Option<i64>,
    ) -> StoreResult<()>;
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
    /// Cancels a registration and promotes whoever the freed seat now allows, oldest first;
    /// `compose` writes each affected person's email. Returns the promoted registrations.
    async fn cancel_registration(
        &self,
        id: RegistrationId,
        compose: Compose<'_>,
    ) -> StoreResult<Vec<RegistrationId>>;
    async fn confirmed_counts(&self, forum: ForumId) -> StoreResult<Taken>;
    async fn queue_mail(&self, mail: &Outgoing) -> StoreResult<()>;
    /// Claims up to `limit` due emails for `lease` seconds (another server will not take them).
    async fn claim_mail(
        &self,
        now: DateTime<Utc>,
        lease_secs: i64,
        limit: i64,
    ) -> StoreResult<Vec<QueuedMail>>;
    async fn mail_sent(&self, id: i64, at: DateTime<Utc>) -> StoreResult<()>;
    async fn mail_failed(&self, id: i64, retry_at: DateTime<Utc>, error: &str) -> StoreResult<()>;

    // The organiser's side.
    async fn registration(&self, id: RegistrationId) -> StoreResult<Option<RegistrationRecord>>;
    /// (group, reserved, cap) of every group with a quota.
    async fn group_quotas(&self, forum: ForumId) -> StoreResult<Vec<(i64, i64, Option<i64>)>>;
    /// (group, status, count) of every registration.
    async fn status_counts(&self, forum: ForumId) -> StoreResult<Vec<(i64, String, i64)>>;
    async fn registration_settings(&self, forum: ForumId) -> StoreResult<RegistrationSettings>;
    /// One page of the filtered list and the number of matching registrations.
    async fn list_registrations(
        &self,
        forum: ForumId,
        filter: &super::types::RegistrationFilter,
        limit: i64,
        offset: i64,
    ) -> StoreResult<(Vec<super::types::RegistrationRow>, i64)>;
}

/// The WHERE clause (after `forum_id = $1`) and ORDER BY of a list filter, with its bound values
/// from `$2` on. Only fixed SQL text is built; every value is bound.
pub fn filter_sql(
    filter: &super::types::RegistrationFilter,
) -> (String, Vec<String>, &'static str) {
    let mut clauses = String::new();
    let mut values = Vec::new();
    let next = |values: &mut Vec<String>, v: String| {
        values.push(v);
        values.len() + 1
    };
    let q = filter.q.trim().to_lowercase();
    if !q.is_empty() {
        let n = next(&mut values, format!("%{}%", q.replace(['%', '_'], "")));
        clauses.push_str(&format!(
            " AND (LOWER(full_name) LIKE ${n} OR email LIKE ${n} OR LOWER(organisation) LIKE ${n})"
        ));
    }
    if ["confirmed", "waiting", "cancelled"].contains(&filter.status.as_str()) {
        let n = next(&mut values, filter.status.clone());
        clauses.push_str(&format!(" AND status = ${n}"));
    }
    if let Ok(group) = filter.group.trim().parse::<i64>() {
        let n = next(&mut values, group.to_string());
        clauses.push_str(&format!(" AND CAST(group_id AS TEXT) = ${n}"));
    }
    if !filter.country.trim().is_empty() {
        let n = next(&mut values, filter.country.trim().to_string());
        clauses.push_str(&format!(" AND country = ${n}"));
    }
    let order = match filter.sort.as_str() {
        "oldest" => "created_at, id",
        "name" => "LOWER(full_name), id",
        "organisation" => "LOWER(organisation), id",
        _ => "created_at DESC, id DESC",
    };
    (clauses, values, order)
}

pub(crate) const RECORD: &str = "id, forum_id, group_id, status, full_name, email, organisation, \
     position, country, locale, manage_salt";

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
            /// Locks the forum's row and reads its seat plan, waiting-list flag and counts.
            async fn seat_state<'c>(
                tx: &mut sqlx::Transaction<'c, $db>,
                forum: ForumId,
                now: DateTime<Utc>,
            ) -> StoreResult<($crate::features::registration::seats::SeatPlan, bool, $crate::features::registration::seats::Taken)> {
                let sql = format!(
                    "SELECT capacity, waiting_list, reservations_release_at FROM forums WHERE id = $1{}",
                    <$store>::ROW_LOCK
                );
                let (capacity, waiting, release): (i64, bool, Option<DateTime<Utc>>) =
                    sqlx::query_as(&sql).bind(forum).fetch_optional(&mut **tx).await?.ok_or(StoreError::NotFound)?;
                let quotas: Vec<(i64, i64, Option<i64>)> =
                    sqlx::query_as("SELECT group_id, reserved, cap FROM group_quotas WHERE forum_id = $1")
                        .bind(forum)
                        .fetch_all(&mut **tx)
                        .await?;
                let counts: Vec<(i64, i64)> = sqlx::query_as(
                    "SELECT group_id, COUNT(*) FROM registrations WHERE forum_id = $1 \
                     AND status = 'confirmed' GROUP BY group_id",
                )
                .bind(forum)
                .fetch_all(&mut **tx)
                .await?;
                let released = release.is_some_and(|r| r <= now);
                let plan = $crate::features::registration::store::plan_of(capacity, released, &quotas);
                let taken = counts.into_iter().map(|(g, n)| (g, n.max(0) as u32)).collect();
                Ok((plan, waiting, taken))
            }

            async fn queue_in<'c>(
                tx: &mut sqlx::Transaction<'c, $db>,
                mail: &$crate::features::registration::store::Outgoing,
                now: DateTime<Utc>,
            ) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO outbox (recipient, subject, body, next_attempt_at, created_at) \
                     VALUES ($1, $2, $3, $4, $4)",
                )
                .bind(&mail.recipient)
                .bind(&mail.subject)
                .bind(&mail.body)
                .bind(whole_seconds(now))
                .execute(&mut **tx)
                .await?;
                Ok(())
            }

            async fn record_in<'c>(
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
            ) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                let (mut plan, _, _) = Self::seat_state(&mut tx, forum, Utc::now()).await?;
                let clamp = |v: i64| v.clamp(0, i64::from(u32::MAX)) as u32;
                plan.quotas.insert(
                    group.0,
                    $crate::features::registration::seats::Quota { reserved: clamp(reserved), cap: cap.map(clamp) },
                );
                if plan.check().is_err() {
                    return Err(StoreError::Conflict("error.reserved_over_capacity".into()));
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
                Ok(())
            }

            async fn save_registration_settings(
                &self,
                forum: ForumId,
                settings: &$crate::features::registration::store::RegistrationSettings,
            ) -> StoreResult<()> {
                let done = sqlx::query(
                    "UPDATE forums SET waiting_list = $1, reservations_release_at = $2, \
                     registration_opens_at = $3, registration_closes_at = $4 WHERE id = $5",
                )
                .bind(settings.waiting_list)
                .bind(settings.reservations_release_at.map(whole_seconds))
                .bind(settings.registration_opens_at.map(whole_seconds))
                .bind(settings.registration_closes_at.map(whole_seconds))
                .bind(forum)
                .execute(&self.pool)
                .await?;
                $crate::features::agenda::store::must_affect(done.rows_affected())
            }

            async fn register(
                &self,
                new: &$crate::features::registration::store::RegistrationInsert<'_>,
                compose: $crate::features::registration::store::Compose<'_>,
            ) -> StoreResult<$crate::features::registration::store::Registered> {
                use $crate::features::registration::seats::Decision;
                use $crate::features::registration::store::Registered;
                use $crate::features::registration::types::{RegistrationId, RegistrationStatus};
                let now = whole_seconds(Utc::now());
                let mut tx = self.begin_write().await?;
                let (plan, waiting_list, taken) = Self::seat_state(&mut tx, new.forum, now).await?;
                let sql = format!(
                    "SELECT {} FROM registrations WHERE forum_id = $1 AND email = $2",
                    $crate::features::registration::store::RECORD
                );
                let existing: Option<$crate::features::registration::store::RegistrationRecord> =
                    sqlx::query_as(&sql).bind(new.forum).bind(new.form.email.as_str()).fetch_optional(&mut *tx).await?;
                if let Some(existing) = existing {
                    return Ok(Registered::Existing(Box::new(existing)));
                }
                let status = match plan.decide(&taken, new.form.group_id.0) {
                    Decision::Seat => RegistrationStatus::Confirmed,
                    Decision::NoSeat if waiting_list => RegistrationStatus::Waiting,
                    Decision::NoSeat => return Ok(Registered::Full),
                };
                let f = new.form;
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO registrations (forum_id, group_id, status, full_name, email, organisation, \
                     position, country, gender, age_band, accessibility, dietary, privacy_version, \
                     photo_consent, locale, manage_salt, manage_token_hash, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18) \
                     RETURNING id",
                )
                .bind(new.forum)
                .bind(f.group_id)
                .bind(status.as_str())
                .bind(&f.full_name)
                .bind(f.email.as_str())
                .bind(&f.organisation)
                .bind(&f.position)
                .bind(&f.country)
                .bind(&f.gender)
                .bind(&f.age_band)
                .bind(&f.accessibility)
                .bind(&f.dietary)
                .bind(new.privacy_version)
                .bind(f.photo_consent)
                .bind(new.locale)
                .bind(&new.manage_salt)
                .bind(&new.manage_token_hash)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
                let record = Self::record_in(&mut tx, RegistrationId(id)).await?;
                if let Some(mail) = compose(&record) {
                    Self::queue_in(&mut tx, &mail, now).await?;
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

            async fn cancel_registration(
                &self,
                id: $crate::features::registration::types::RegistrationId,
                compose: $crate::features::registration::store::Compose<'_>,
            ) -> StoreResult<Vec<$crate::features::registration::types::RegistrationId>> {
                use $crate::features::registration::types::RegistrationId;
                let now = whole_seconds(Utc::now());
                let mut tx = self.begin_write().await?;
                let record = Self::record_in(&mut tx, id).await?;
                let (plan, _, _) = Self::seat_state(&mut tx, record.forum_id, now).await?;
                let done = sqlx::query(
                    "UPDATE registrations SET status = 'cancelled', updated_at = $1 WHERE id = $2 AND status <> 'cancelled'",
                )
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Ok(Vec::new());
                }
                let cancelled = Self::record_in(&mut tx, id).await?;
                if let Some(mail) = compose(&cancelled) {
                    Self::queue_in(&mut tx, &mail, now).await?;
                }
                let counts: Vec<(i64, i64)> = sqlx::query_as(
                    "SELECT group_id, COUNT(*) FROM registrations WHERE forum_id = $1 \
                     AND status = 'confirmed' GROUP BY group_id",
                )
                .bind(record.forum_id)
                .fetch_all(&mut *tx)
                .await?;
                let taken = counts.into_iter().map(|(g, n)| (g, n.max(0) as u32)).collect();
                let waiting: Vec<(i64, i64)> = sqlx::query_as(
                    "SELECT id, group_id FROM registrations WHERE forum_id = $1 AND status = 'waiting' \
                     ORDER BY created_at, id",
                )
                .bind(record.forum_id)
                .fetch_all(&mut *tx)
                .await?;
                let promoted = plan.promotions(&taken, &waiting);
                for who in &promoted {
                    sqlx::query("UPDATE registrations SET status = 'confirmed', updated_at = $1 WHERE id = $2")
                        .bind(now)
                        .bind(who)
                        .execute(&mut *tx)
                        .await?;
                    let record = Self::record_in(&mut tx, RegistrationId(*who)).await?;
                    if let Some(mail) = compose(&record) {
                        Self::queue_in(&mut tx, &mail, now).await?;
                    }
                }
                tx.commit().await?;
                Ok(promoted.into_iter().map(RegistrationId).collect())
            }

            async fn confirmed_counts(&self, forum: ForumId) -> StoreResult<$crate::features::registration::seats::Taken> {
                let counts: Vec<(i64, i64)> = sqlx::query_as(
                    "SELECT group_id, COUNT(*) FROM registrations WHERE forum_id = $1 \
                     AND status = 'confirmed' GROUP BY group_id",
                )
                .bind(forum)
                .fetch_all(&self.pool)
                .await?;
                Ok(counts.into_iter().map(|(g, n)| (g, n.max(0) as u32)).collect())
            }

            async fn queue_mail(&self, mail: &$crate::features::registration::store::Outgoing) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                Self::queue_in(&mut tx, mail, Utc::now()).await?;
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
                    "SELECT id, recipient, subject, body, attempts FROM outbox \
                     WHERE sent_at IS NULL AND next_attempt_at <= $1 ORDER BY id LIMIT $2",
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

            async fn mail_sent(&self, id: i64, at: DateTime<Utc>) -> StoreResult<()> {
                sqlx::query("UPDATE outbox SET sent_at = $1, attempts = attempts + 1 WHERE id = $2")
                    .bind(whole_seconds(at))
                    .bind(id)
                    .execute(&self.pool)
                    .await?;
                Ok(())
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

            async fn status_counts(&self, forum: ForumId) -> StoreResult<Vec<(i64, String, i64)>> {
                Ok(sqlx::query_as(
                    "SELECT group_id, status, COUNT(*) FROM registrations WHERE forum_id = $1 GROUP BY group_id, status",
                )
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
                     registration_closes_at FROM forums WHERE id = $1",
                )
                .bind(forum)
                .fetch_optional(&self.pool)
                .await?
                .ok_or(StoreError::NotFound)?)
            }

            async fn list_registrations(
                &self,
                forum: ForumId,
                filter: &$crate::features::registration::types::RegistrationFilter,
                limit: i64,
                offset: i64,
            ) -> StoreResult<(Vec<$crate::features::registration::types::RegistrationRow>, i64)> {
                let (clauses, values, order) = $crate::features::registration::store::filter_sql(filter);
                let count_sql = format!("SELECT COUNT(*) FROM registrations WHERE forum_id = $1{clauses}");
                let mut count = sqlx::query_as::<_, (i64,)>(&count_sql).bind(forum);
                for v in &values {
                    count = count.bind(v);
                }
                let (total,) = count.fetch_one(&self.pool).await?;
                let n = values.len() + 2;
                let list_sql = format!(
                    "SELECT id, full_name, email, organisation, position, country, group_id, status, \
                     accessibility, dietary, created_at FROM registrations WHERE forum_id = $1{clauses} \
                     ORDER BY {order} LIMIT ${n} OFFSET ${}",
                    n + 1
                );
                let mut list = sqlx::query_as(&list_sql).bind(forum);
                for v in &values {
                    list = list.bind(v);
                }
                let rows = list.bind(limit).bind(offset).fetch_all(&self.pool).await?;
                Ok((rows, total))
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
        }
    };
}

pub(crate) use impl_registration_store;
