//! Check-in persistence. One admission per ticket and list and one per scan are unique keys of
//! `checkins`, so concurrent scans of one ticket on any number of servers admit it exactly once:
//! the insert that loses the race does nothing and reads the winner's row.

use crate::db::StoreResult;
use crate::features::forums::types::{ForumId, StakeholderGroupId};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// A registration as the door and the manual search see it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HolderRow {
    pub id: i64,
    pub forum_id: i64,
    pub group_id: StakeholderGroupId,
    pub status: String,
    pub ticket_version: i64,
    pub full_name: String,
    pub organisation: String,
    pub country: String,
}

/// A check-in with the name of the person admitted.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct CheckinRecord {
    pub id: i64,
    pub list_key: String,
    pub registration_id: i64,
    pub scanner_name: String,
    pub created_at: DateTime<Utc>,
    pub full_name: String,
}

/// A check-in to record.
pub struct NewCheckin<'a> {
    pub forum: ForumId,
    pub list_key: &'a str,
    pub registration: i64,
    pub nonce: &'a str,
    /// `account:<id>` or `device:<id>`: whose last check-in "undo" removes.
    pub scanner_key: &'a str,
    pub scanner_name: &'a str,
    pub manual: bool,
    pub at: DateTime<Utc>,
    /// The person's name, for the answer.
    pub full_name: &'a str,
    /// The ticket version the verdict was decided for: the admission is written only while the
    /// registration is still confirmed with this version, in the same statement.
    pub ticket_version: i64,
}

/// What recording a check-in did.
#[derive(Debug, Clone, PartialEq)]
pub enum AdmitOutcome {
    /// This scan admitted the person (or is a retry of the scan that did).
    Admitted(CheckinRecord),
    /// An earlier scan admitted them on this list.
    Already(CheckinRecord),
    /// The nonce belongs to another scan (another ticket or list).
    NonceReused,
    /// Another steward undid the admission while this scan was recorded: scan again.
    Undone,
    /// The registration was cancelled or its ticket re-issued after the verdict was decided:
    /// nothing was written; deciding again gives the true answer.
    TicketChanged,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DeviceRecord {
    pub id: i64,
    pub forum_id: ForumId,
    pub label: String,
    /// The enrolment token is derived from the server's key and this salt.
    pub salt: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// When its link stops working (none for devices enrolled before links expired).
    pub expires_at: Option<DateTime<Utc>>,
}

/// Counts per (group, country).
pub type Breakdown = Vec<(StakeholderGroupId, String, i64)>;

#[async_trait]
pub trait CheckinStore {
    async fn forum_by_id(
        &self,
        forum: ForumId,
    ) -> StoreResult<Option<crate::store::records::ForumRecord>>;
    async fn ticket_holder(&self, registration: i64) -> StoreResult<Option<HolderRow>>;
    async fn admit(&self, checkin: &NewCheckin<'_>) -> StoreResult<AdmitOutcome>;
    /// Removes the scanner's latest check-in at the forum and returns it.
    async fn undo_last_checkin(
        &self,
        forum: ForumId,
        scanner_key: &str,
    ) -> StoreResult<Option<CheckinRecord>>;
    async fn last_checkin(
        &self,
        forum: ForumId,
        scanner_key: &str,
    ) -> StoreResult<Option<CheckinRecord>>;
    /// Registrations of the forum whose name, email or organisation contains `query`.
    async fn search_holders(
        &self,
        forum: ForumId,
        query: &str,
        limit: i64,
    ) -> StoreResult<Vec<HolderRow>>;
    /// Who is checked in on a list: (registration, when).
    async fn checkins_on(
        &self,
        forum: ForumId,
        list_key: &str,
    ) -> StoreResult<Vec<(i64, DateTime<Utc>)>>;
    async fn list_limits(&self, forum: ForumId) -> StoreResult<Vec<(String, StakeholderGroupId)>>;
    async fn set_list_limits(
        &self,
        forum: ForumId,
        list_key: &str,
        groups: &[StakeholderGroupId],
    ) -> StoreResult<()>;
    /// A new device of `forum`; its link stops working at `expires_at`.
    async fn create_device(
        &self,
        forum: ForumId,
        label: &str,
        salt: &str,
        token_hash: &str,
        at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<i64>;
    async fn devices(&self, forum: ForumId) -> StoreResult<Vec<DeviceRecord>>;
    async fn revoke_device(&self, forum: ForumId, id: i64, at: DateTime<Utc>) -> StoreResult<()>;
    /// The device with this token, unless revoked or expired at `now`.
    async fn device_by_token(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<DeviceRecord>>;
    async fn checked_in_breakdown(&self, forum: ForumId, list_key: &str) -> StoreResult<Breakdown>;
    /// Confirmed registrations; with a session, only those who picked it.
    async fn expected_breakdown(
        &self,
        forum: ForumId,
        session: Option<i64>,
    ) -> StoreResult<Breakdown>;
}

pub(crate) const HOLDER: &str =
    "id, forum_id, group_id, status, ticket_version, full_name, organisation, country";

pub(crate) const CHECKIN: &str =
    "c.id, c.list_key, c.registration_id, c.scanner_name, c.created_at, r.full_name \
     FROM checkins c JOIN registrations r ON r.id = c.registration_id";

macro_rules! impl_checkin_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::features::checkin::store::CheckinStore for $store {
            async fn forum_by_id(&self, forum: ForumId) -> StoreResult<Option<$crate::store::records::ForumRecord>> {
                let sql = format!("SELECT {} FROM forums WHERE id = $1", $crate::db::FORUM_COLUMNS);
                Ok(sqlx::query_as(&sql).bind(forum).fetch_optional(&self.pool).await?)
            }

            async fn ticket_holder(&self, registration: i64) -> StoreResult<Option<$crate::features::checkin::store::HolderRow>> {
                let sql = format!("SELECT {} FROM registrations WHERE id = $1", $crate::features::checkin::store::HOLDER);
                Ok(sqlx::query_as(&sql).bind(registration).fetch_optional(&self.pool).await?)
            }

            async fn admit(
                &self,
                c: &$crate::features::checkin::store::NewCheckin<'_>,
            ) -> StoreResult<$crate::features::checkin::store::AdmitOutcome> {
                use $crate::features::checkin::store::{AdmitOutcome, CheckinRecord, CHECKIN};
                let turn = self.write_turn().await;
                // The status and version the verdict relied on are checked by the insert itself
                // (PostgreSQL locks the registration's row for it, so a cancellation or re-issue
                // committing meanwhile is waited for and then seen; SQLite's writer is alone).
                let insert = format!(
                    "INSERT INTO checkins (forum_id, list_key, registration_id, nonce, scanner_key, scanner_name, manual, created_at) \
                     SELECT $1, $2, $3, $4, $5, $6, $7, $8 WHERE EXISTS (SELECT 1 FROM registrations \
                     WHERE id = $3 AND status = 'confirmed' AND ticket_version = $9{}) \
                     ON CONFLICT DO NOTHING RETURNING id, created_at",
                    if <Self as $crate::db::Dialect>::LOCKS_ROWS { " FOR SHARE" } else { "" }
                );
                let inserted: Option<(i64, DateTime<Utc>)> = sqlx::query_as(&insert)
                .bind(c.forum)
                .bind(c.list_key)
                .bind(c.registration)
                .bind(c.nonce)
                .bind(c.scanner_key)
                .bind(c.scanner_name)
                .bind(c.manual)
                .bind(c.at)
                .bind(c.ticket_version)
                .fetch_optional(&self.pool)
                .await?;
                drop(turn);
                if let Some((id, created_at)) = inserted {
                    return Ok(AdmitOutcome::Admitted(CheckinRecord {
                        id,
                        list_key: c.list_key.to_string(),
                        registration_id: c.registration,
                        scanner_name: c.scanner_name.to_string(),
                        created_at,
                        full_name: c.full_name.to_string(),
                    }));
                }
                let by_nonce = format!("SELECT {CHECKIN} WHERE c.forum_id = $1 AND c.nonce = $2");
                let same_scan: Option<CheckinRecord> =
                    sqlx::query_as(&by_nonce).bind(c.forum).bind(c.nonce).fetch_optional(&self.pool).await?;
                if let Some(row) = same_scan {
                    return Ok(if row.list_key == c.list_key && row.registration_id == c.registration {
                        AdmitOutcome::Admitted(row)
                    } else {
                        AdmitOutcome::NonceReused
                    });
                }
                let by_ticket = format!(
                    "SELECT {CHECKIN} WHERE c.forum_id = $1 AND c.list_key = $2 AND c.registration_id = $3"
                );
                let earlier: Option<CheckinRecord> = sqlx::query_as(&by_ticket)
                    .bind(c.forum)
                    .bind(c.list_key)
                    .bind(c.registration)
                    .fetch_optional(&self.pool)
                    .await?;
                if let Some(earlier) = earlier {
                    return Ok(AdmitOutcome::Already(earlier));
                }
                // Nothing conflicted, so the registration no longer allowed it, or the admission
                // was undone between the insert and this read.
                let current: Option<(String, i64)> =
                    sqlx::query_as("SELECT status, ticket_version FROM registrations WHERE id = $1")
                        .bind(c.registration)
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(match current {
                    Some((status, version)) if status == "confirmed" && version == c.ticket_version => {
                        AdmitOutcome::Undone
                    }
                    _ => AdmitOutcome::TicketChanged,
                })
            }

            async fn undo_last_checkin(
                &self,
                forum: ForumId,
                scanner_key: &str,
            ) -> StoreResult<Option<$crate::features::checkin::store::CheckinRecord>> {
                let mut tx = self.begin_write().await?;
                let sql = format!(
                    "SELECT {} WHERE c.forum_id = $1 AND c.scanner_key = $2 ORDER BY c.id DESC LIMIT 1{}",
                    $crate::features::checkin::store::CHECKIN,
                    <Self as $crate::db::Dialect>::row_lock_of("c")
                );
                let last: Option<$crate::features::checkin::store::CheckinRecord> =
                    sqlx::query_as(&sql).bind(forum).bind(scanner_key).fetch_optional(&mut *tx).await?;
                if let Some(row) = &last {
                    sqlx::query("DELETE FROM checkins WHERE id = $1").bind(row.id).execute(&mut *tx).await?;
                }
                tx.commit().await?;
                Ok(last)
            }

            async fn last_checkin(
                &self,
                forum: ForumId,
                scanner_key: &str,
            ) -> StoreResult<Option<$crate::features::checkin::store::CheckinRecord>> {
                let sql = format!(
                    "SELECT {} WHERE c.forum_id = $1 AND c.scanner_key = $2 ORDER BY c.id DESC LIMIT 1",
                    $crate::features::checkin::store::CHECKIN
                );
                Ok(sqlx::query_as(&sql).bind(forum).bind(scanner_key).fetch_optional(&self.pool).await?)
            }

            async fn search_holders(
                &self,
                forum: ForumId,
                query: &str,
                limit: i64,
            ) -> StoreResult<Vec<$crate::features::checkin::store::HolderRow>> {
                let cleaned: String = query.to_lowercase().chars().filter(|c| !matches!(c, '%' | '_' | '\\')).collect();
                let pattern = format!("%{}%", cleaned.trim());
                let sql = format!(
                    "SELECT {} FROM registrations WHERE forum_id = $1 AND \
                     (LOWER(full_name) LIKE $2 OR LOWER(email) LIKE $2 OR LOWER(organisation) LIKE $2) \
                     ORDER BY LOWER(full_name), id LIMIT $3",
                    $crate::features::checkin::store::HOLDER
                );
                Ok(sqlx::query_as(&sql).bind(forum).bind(pattern).bind(limit).fetch_all(&self.pool).await?)
            }

            async fn checkins_on(&self, forum: ForumId, list_key: &str) -> StoreResult<Vec<(i64, DateTime<Utc>)>> {
                Ok(sqlx::query_as(
                    "SELECT registration_id, created_at FROM checkins WHERE forum_id = $1 AND list_key = $2",
                )
                .bind(forum)
                .bind(list_key)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn list_limits(
                &self,
                forum: ForumId,
            ) -> StoreResult<Vec<(String, $crate::features::forums::types::StakeholderGroupId)>> {
                Ok(sqlx::query_as(
                    "SELECT list_key, group_id FROM checkin_list_groups WHERE forum_id = $1 ORDER BY list_key, group_id",
                )
                .bind(forum)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn set_list_limits(
                &self,
                forum: ForumId,
                list_key: &str,
                groups: &[$crate::features::forums::types::StakeholderGroupId],
            ) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                sqlx::query("DELETE FROM checkin_list_groups WHERE forum_id = $1 AND list_key = $2")
                    .bind(forum)
                    .bind(list_key)
                    .execute(&mut *tx)
                    .await?;
                for group in groups {
                    sqlx::query("INSERT INTO checkin_list_groups (forum_id, list_key, group_id) VALUES ($1, $2, $3)")
                        .bind(forum)
                        .bind(list_key)
                        .bind(group)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn create_device(
                &self,
                forum: ForumId,
                label: &str,
                salt: &str,
                token_hash: &str,
                at: DateTime<Utc>,
                expires_at: DateTime<Utc>,
            ) -> StoreResult<i64> {
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO scanner_devices (forum_id, label, salt, token_hash, created_at, expires_at) \
                     VALUES ($1, $2, $5, $3, $4, $6) RETURNING id",
                )
                .bind(forum)
                .bind(label)
                .bind(token_hash)
                .bind(whole_seconds(at))
                .bind(salt)
                .bind(whole_seconds(expires_at))
                .fetch_one(&self.pool)
                .await?;
                Ok(id)
            }

            async fn devices(&self, forum: ForumId) -> StoreResult<Vec<$crate::features::checkin::store::DeviceRecord>> {
                Ok(sqlx::query_as(
                    "SELECT id, forum_id, label, salt, created_at, revoked_at, expires_at FROM scanner_devices WHERE forum_id = $1 ORDER BY id",
                )
                .bind(forum)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn revoke_device(&self, forum: ForumId, id: i64, at: DateTime<Utc>) -> StoreResult<()> {
                let done = sqlx::query(
                    "UPDATE scanner_devices SET revoked_at = $3 WHERE forum_id = $1 AND id = $2 AND revoked_at IS NULL",
                )
                .bind(forum)
                .bind(id)
                .bind(whole_seconds(at))
                .execute(&self.pool)
                .await?;
                $crate::db::must_affect(done.rows_affected())
            }

            async fn device_by_token(
                &self,
                token_hash: &str,
                now: DateTime<Utc>,
            ) -> StoreResult<Option<$crate::features::checkin::store::DeviceRecord>> {
                Ok(sqlx::query_as(
                    "SELECT id, forum_id, label, salt, created_at, revoked_at, expires_at FROM scanner_devices \
                     WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)",
                )
                .bind(token_hash)
                .bind(whole_seconds(now))
                .fetch_optional(&self.pool)
                .await?)
            }

            async fn checked_in_breakdown(
                &self,
                forum: ForumId,
                list_key: &str,
            ) -> StoreResult<$crate::features::checkin::store::Breakdown> {
                Ok(sqlx::query_as(
                    "SELECT r.group_id, r.country, COUNT(*) FROM checkins c JOIN registrations r ON r.id = c.registration_id \
                     WHERE c.forum_id = $1 AND c.list_key = $2 GROUP BY r.group_id, r.country",
                )
                .bind(forum)
                .bind(list_key)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn expected_breakdown(
                &self,
                forum: ForumId,
                session: Option<i64>,
            ) -> StoreResult<$crate::features::checkin::store::Breakdown> {
                let query = match session {
                    None => sqlx::query_as(
                        "SELECT group_id, country, COUNT(*) FROM registrations \
                         WHERE forum_id = $1 AND status = 'confirmed' GROUP BY group_id, country",
                    )
                    .bind(forum),
                    Some(session) => sqlx::query_as(
                        "SELECT r.group_id, r.country, COUNT(*) FROM registrations r \
                         JOIN personal_sessions p ON p.registration_id = r.id \
                         WHERE r.forum_id = $1 AND r.status = 'confirmed' AND p.session_id = $2 \
                         GROUP BY r.group_id, r.country",
                    )
                    .bind(forum)
                    .bind(session),
                };
                Ok(query.fetch_all(&self.pool).await?)
            }
        }
    };
}
pub(crate) use impl_checkin_store;
