//! What the offline door needs from the database: the roster a scanner keeps (and what changed
//! since its last sync), scans it decided itself and sends later, and double entries (one ticket
//! admitted twice on one list by doors that could not see each other).

use crate::db::StoreResult;
use crate::features::forums::types::{ForumId, StakeholderGroupId};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// One registration as a door's roster holds it (no email, answers or needs).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RosterRow {
    pub id: i64,
    pub group_id: StakeholderGroupId,
    pub status: String,
    pub ticket_version: i64,
    pub full_name: String,
    pub organisation: String,
    /// Its place is held until the address is confirmed (no ticket yet).
    pub held: bool,
}

/// An admission a door learns of: who, when scanned, by which scanner.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AdmissionRow {
    pub registration_id: i64,
    pub created_at: DateTime<Utc>,
    pub scanner_key: String,
}

/// A scan a door decided offline and sends now.
pub struct OfflineScan<'a> {
    pub forum: ForumId,
    pub list_key: &'a str,
    pub registration: i64,
    /// The ticket version the code carried.
    pub ticket_version: i64,
    pub nonce: &'a str,
    pub scanner_key: &'a str,
    pub scanner_name: &'a str,
    /// When the door scanned it (its own clock).
    pub scanned_at: DateTime<Utc>,
    pub now: DateTime<Utc>,
}

/// What recording an offline scan did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OfflineOutcome {
    /// The admission that counts; `flag` says the ticket was no longer valid when it arrived
    /// (`cancelled`, `rejected`, `no_seat`, `reissued`, `unknown`).
    Recorded { flag: Option<String> },
    /// The ticket was admitted on this list already: kept as a double entry.
    DoubleEntry,
    /// This scan (its nonce) was recorded before: nothing new.
    Duplicate,
}

/// A double entry with both admissions.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DoubleEntryRow {
    pub id: i64,
    pub list_key: String,
    pub registration_id: i64,
    pub full_name: String,
    pub first_scanner: String,
    pub first_at: DateTime<Utc>,
    pub second_scanner: String,
    pub second_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
}

/// An offline admission that arrived after its ticket stopped being valid.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FlaggedRow {
    pub id: i64,
    pub list_key: String,
    pub registration_id: i64,
    pub full_name: String,
    pub flag: String,
    pub scanner_name: String,
    pub created_at: DateTime<Utc>,
}

#[async_trait]
pub trait OfflineStore {
    /// The forum's registrations; with `since`, only those changed at or after it.
    async fn roster_rows(
        &self,
        forum: ForumId,
        since: Option<DateTime<Utc>>,
    ) -> StoreResult<Vec<RosterRow>>;
    /// Admissions on a list; with `since`, only those the server learned of at or after it.
    async fn admissions_since(
        &self,
        forum: ForumId,
        list_key: &str,
        since: Option<DateTime<Utc>>,
    ) -> StoreResult<Vec<AdmissionRow>>;
    /// Records one offline scan: the admission, a double entry, or nothing for a retry.
    async fn record_offline(&self, scan: &OfflineScan<'_>) -> StoreResult<OfflineOutcome>;
    /// The forum's double entries, unresolved first, newest first.
    async fn double_entries(&self, forum: ForumId) -> StoreResult<Vec<DoubleEntryRow>>;
    /// The forum's flagged offline admissions, newest first.
    async fn flagged_admissions(&self, forum: ForumId) -> StoreResult<Vec<FlaggedRow>>;
    /// Marks a double entry resolved; `NotFound` when it is not the forum's.
    async fn resolve_double_entry(
        &self,
        forum: ForumId,
        id: crate::features::checkin::types::DoubleEntryId,
        by: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// The forum's own expiry of the phones' copy, when its organisers set one.
    async fn door_expiry(&self, forum: ForumId) -> StoreResult<Option<DoorExpiry>>;
    /// Sets (or, with `None`, resets to the defaults) the forum's expiry of the phones' copy.
    async fn set_door_expiry(&self, forum: ForumId, expiry: Option<DoorExpiry>) -> StoreResult<()>;
}

/// How long phones keep a forum's offline copy: hours after the end of its last day, and hours
/// without contact with the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct DoorExpiry {
    pub after_end_hours: i32,
    pub offline_hours: i32,
}

impl DoorExpiry {
    /// The longest a forum may keep: 12 hours after its last day, 24 hours without contact.
    pub const DEFAULT: DoorExpiry = DoorExpiry {
        after_end_hours: 12,
        offline_hours: 24,
    };
}

macro_rules! impl_offline_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::features::checkin::offline_store::OfflineStore for $store {
            async fn roster_rows(
                &self,
                forum: ForumId,
                since: Option<DateTime<Utc>>,
            ) -> StoreResult<Vec<$crate::features::checkin::offline_store::RosterRow>> {
                let columns = "id, group_id, status, ticket_version, full_name, organisation, \
                               hold_until IS NOT NULL AS held FROM registrations WHERE forum_id = $1";
                Ok(match since {
                    None => sqlx::query_as(&format!("SELECT {columns} ORDER BY id"))
                        .bind(forum)
                        .fetch_all(&self.pool)
                        .await?,
                    Some(since) => sqlx::query_as(&format!("SELECT {columns} AND updated_at >= $2 ORDER BY id"))
                        .bind(forum)
                        .bind(whole_seconds(since))
                        .fetch_all(&self.pool)
                        .await?,
                })
            }

            async fn admissions_since(
                &self,
                forum: ForumId,
                list_key: &str,
                since: Option<DateTime<Utc>>,
            ) -> StoreResult<Vec<$crate::features::checkin::offline_store::AdmissionRow>> {
                let base = "SELECT registration_id, created_at, scanner_key FROM checkins \
                            WHERE forum_id = $1 AND list_key = $2";
                Ok(match since {
                    None => sqlx::query_as(base).bind(forum).bind(list_key).fetch_all(&self.pool).await?,
                    Some(since) => sqlx::query_as(&format!(
                        "{base} AND COALESCE(recorded_at, created_at) >= $3"
                    ))
                    .bind(forum)
                    .bind(list_key)
                    .bind(since)
                    .fetch_all(&self.pool)
                    .await?,
                })
            }

            async fn record_offline(
                &self,
                s: &$crate::features::checkin::offline_store::OfflineScan<'_>,
            ) -> StoreResult<$crate::features::checkin::offline_store::OfflineOutcome> {
                use $crate::features::checkin::offline_store::OfflineOutcome;
                let mut tx = self.begin_write().await?;
                let current: Option<(String, i64, String)> = sqlx::query_as(
                    "SELECT status, ticket_version, full_name FROM registrations WHERE id = $1 AND forum_id = $2",
                )
                .bind(s.registration)
                .bind(s.forum)
                .fetch_optional(&mut *tx)
                .await?;
                let Some((status, version, _)) = current else {
                    return Err($crate::db::StoreError::NotFound);
                };
                let flag = match status.as_str() {
                    "confirmed" if version == s.ticket_version => None,
                    "confirmed" => Some("reissued"),
                    "cancelled" => Some("cancelled"),
                    "rejected" => Some("rejected"),
                    _ => Some("no_seat"),
                };
                let inserted: Option<(i64,)> = sqlx::query_as(
                    "INSERT INTO checkins (forum_id, list_key, registration_id, nonce, scanner_key, scanner_name, \
                     manual, created_at, offline, recorded_at, flag) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING RETURNING id",
                )
                .bind(s.forum)
                .bind(s.list_key)
                .bind(s.registration)
                .bind(s.nonce)
                .bind(s.scanner_key)
                .bind(s.scanner_name)
                .bind(false)
                .bind(s.scanned_at)
                .bind(true)
                .bind(s.now)
                .bind(flag)
                .fetch_optional(&mut *tx)
                .await?;
                if inserted.is_some() {
                    tx.commit().await?;
                    return Ok(OfflineOutcome::Recorded { flag: flag.map(str::to_string) });
                }
                let first: Option<(i64, String)> = sqlx::query_as(
                    "SELECT id, nonce FROM checkins WHERE forum_id = $1 AND list_key = $2 AND registration_id = $3",
                )
                .bind(s.forum)
                .bind(s.list_key)
                .bind(s.registration)
                .fetch_optional(&mut *tx)
                .await?;
                let outcome = match first {
                    // The nonce is taken by another admission: this scan was recorded before.
                    None => OfflineOutcome::Duplicate,
                    Some((_, nonce)) if nonce == s.nonce => OfflineOutcome::Duplicate,
                    Some((first, _)) => {
                        let kept: Option<(i64,)> = sqlx::query_as(
                            "INSERT INTO double_entries (forum_id, list_key, registration_id, checkin_id, nonce, \
                             scanner_key, scanner_name, scanned_at, recorded_at) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING id",
                        )
                        .bind(s.forum)
                        .bind(s.list_key)
                        .bind(s.registration)
                        .bind(first)
                        .bind(s.nonce)
                        .bind(s.scanner_key)
                        .bind(s.scanner_name)
                        .bind(s.scanned_at)
                        .bind(s.now)
                        .fetch_optional(&mut *tx)
                        .await?;
                        if kept.is_some() {
                            OfflineOutcome::DoubleEntry
                        } else {
                            OfflineOutcome::Duplicate
                        }
                    }
                };
                tx.commit().await?;
                Ok(outcome)
            }

            async fn double_entries(
                &self,
                forum: ForumId,
            ) -> StoreResult<Vec<$crate::features::checkin::offline_store::DoubleEntryRow>> {
                Ok(sqlx::query_as(
                    "SELECT d.id, d.list_key, d.registration_id, r.full_name, c.scanner_name AS first_scanner, \
                     c.created_at AS first_at, d.scanner_name AS second_scanner, d.scanned_at AS second_at, \
                     d.resolved_at FROM double_entries d JOIN checkins c ON c.id = d.checkin_id \
                     JOIN registrations r ON r.id = d.registration_id WHERE d.forum_id = $1 \
                     ORDER BY d.resolved_at IS NOT NULL, d.id DESC",
                )
                .bind(forum)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn flagged_admissions(
                &self,
                forum: ForumId,
            ) -> StoreResult<Vec<$crate::features::checkin::offline_store::FlaggedRow>> {
                Ok(sqlx::query_as(
                    "SELECT c.id, c.list_key, c.registration_id, r.full_name, c.flag, c.scanner_name, c.created_at \
                     FROM checkins c JOIN registrations r ON r.id = c.registration_id \
                     WHERE c.forum_id = $1 AND c.flag IS NOT NULL ORDER BY c.id DESC",
                )
                .bind(forum)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn resolve_double_entry(
                &self,
                forum: ForumId,
                id: $crate::features::checkin::types::DoubleEntryId,
                by: &str,
                at: DateTime<Utc>,
            ) -> StoreResult<()> {
                let done = sqlx::query(
                    "UPDATE double_entries SET resolved_at = COALESCE(resolved_at, $3), \
                     resolved_by = COALESCE(resolved_by, $4) WHERE id = $1 AND forum_id = $2",
                )
                .bind(id)
                .bind(forum)
                .bind(at)
                .bind(by)
                .execute(&self.pool)
                .await?;
                $crate::db::must_affect(done.rows_affected())
            }

            async fn door_expiry(
                &self,
                forum: ForumId,
            ) -> StoreResult<Option<$crate::features::checkin::offline_store::DoorExpiry>> {
                Ok(sqlx::query_as(
                    "SELECT after_end_hours, offline_hours FROM door_expiry WHERE forum_id = $1",
                )
                .bind(forum)
                .fetch_optional(&self.pool)
                .await?)
            }

            async fn set_door_expiry(
                &self,
                forum: ForumId,
                expiry: Option<$crate::features::checkin::offline_store::DoorExpiry>,
            ) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                sqlx::query("DELETE FROM door_expiry WHERE forum_id = $1")
                    .bind(forum)
                    .execute(&mut *tx)
                    .await?;
                if let Some(e) = expiry {
                    sqlx::query(
                        "INSERT INTO door_expiry (forum_id, after_end_hours, offline_hours) \
                         VALUES ($1, $2, $3)",
                    )
                    .bind(forum)
                    .bind(e.after_end_hours)
                    .bind(e.offline_hours)
                    .execute(&mut *tx)
                    .await?;
                }
                tx.commit().await?;
                Ok(())
            }
        }
    };
}
pub(crate) use impl_offline_store;
