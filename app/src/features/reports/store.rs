//! What the report reads: registrations without names or emails, check-ins, session picks, and
//! a forum's frozen figures (one row per cell, with the time they were taken).

use super::tables::{CheckIn, Row};
use crate::db::StoreResult;
use crate::ids::ForumId;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

pub use super::snapshot::SnapshotCell;

#[async_trait]
pub trait ReportStore {
    /// The forum's registrations as the report counts them (erased ones included).
    async fn report_rows(&self, forum: ForumId) -> StoreResult<Vec<Row>>;
    async fn report_check_ins(&self, forum: ForumId) -> StoreResult<Vec<CheckIn>>;
    /// Confirmed participants who picked each session: (session id, count).
    async fn session_picks(&self, forum: ForumId) -> StoreResult<Vec<(i64, i64)>>;
    /// (registration id, email) of the forum's registrations not erased, for matching people
    /// across a series; the emails never leave the report's service.
    async fn report_emails(&self, forum: ForumId) -> StoreResult<Vec<(i64, String)>>;
    async fn snapshot(
        &self,
        forum: ForumId,
    ) -> StoreResult<Option<(DateTime<Utc>, Vec<SnapshotCell>)>>;
    /// Replaces the forum's frozen figures with `cells`, in one transaction.
    /// Freezes the forum's figures; `false` (nothing written) when its personal data is erased
    /// and figures are frozen already: those are the record and are never replaced.
    async fn save_snapshot(
        &self,
        forum: ForumId,
        at: DateTime<Utc>,
        cells: &[SnapshotCell],
    ) -> StoreResult<bool>;
    /// The series' forums, earliest first.
    async fn series_forums(&self, series: i64) -> StoreResult<Vec<ForumId>>;
    async fn report_threshold(&self, series: i64) -> StoreResult<i64>;
    async fn set_report_threshold(&self, series: i64, threshold: i64) -> StoreResult<()>;
}

macro_rules! impl_report_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::features::reports::store::ReportStore for $store {
            async fn report_rows(
                &self,
                forum: $crate::ids::ForumId,
            ) -> StoreResult<Vec<$crate::features::reports::tables::Row>> {
                let rows: Vec<(i64, i64, i64, String, String, String, String)> = sqlx::query_as(
                    "SELECT id, forum_id, group_id, country, gender, age_band, status \
                     FROM registrations WHERE forum_id = $1 ORDER BY id",
                )
                .bind(forum)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(id, forum, group, country, gender, age_band, status)| {
                        $crate::features::reports::tables::Row {
                            id,
                            forum,
                            group,
                            country,
                            gender,
                            age_band,
                            status,
                        }
                    })
                    .collect())
            }

            async fn report_check_ins(
                &self,
                forum: $crate::ids::ForumId,
            ) -> StoreResult<Vec<$crate::features::reports::tables::CheckIn>> {
                let rows: Vec<(i64, String, chrono::DateTime<chrono::Utc>)> = sqlx::query_as(
                    "SELECT registration_id, list_key, created_at FROM checkins WHERE forum_id = $1",
                )
                .bind(forum)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(registration, list, at)| $crate::features::reports::tables::CheckIn {
                        registration,
                        list,
                        at,
                    })
                    .collect())
            }

            async fn session_picks(&self, forum: $crate::ids::ForumId) -> StoreResult<Vec<(i64, i64)>> {
                Ok(sqlx::query_as(
                    "SELECT p.session_id, COUNT(*) FROM personal_sessions p \
                     JOIN registrations r ON r.id = p.registration_id \
                     WHERE r.forum_id = $1 AND r.status = 'confirmed' GROUP BY p.session_id",
                )
                .bind(forum)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn report_emails(&self, forum: $crate::ids::ForumId) -> StoreResult<Vec<(i64, String)>> {
                Ok(sqlx::query_as(
                    "SELECT id, email FROM registrations WHERE forum_id = $1 AND erased_at IS NULL",
                )
                .bind(forum)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn snapshot(
                &self,
                forum: $crate::ids::ForumId,
            ) -> StoreResult<Option<(chrono::DateTime<chrono::Utc>, Vec<$crate::features::reports::store::SnapshotCell>)>> {
                let taken: Option<(chrono::DateTime<chrono::Utc>,)> =
                    sqlx::query_as("SELECT taken_at FROM report_snapshots WHERE forum_id = $1")
                        .bind(forum)
                        .fetch_optional(&self.pool)
                        .await?;
                let Some((at,)) = taken else { return Ok(None) };
                let cells = sqlx::query_as(
                    "SELECT table_key, row_key, col_key, value FROM report_cells WHERE forum_id = $1 \
                     ORDER BY table_key, row_key, col_key",
                )
                .bind(forum)
                .fetch_all(&self.pool)
                .await?;
                Ok(Some((at, cells)))
            }

            async fn save_snapshot(
                &self,
                forum: $crate::ids::ForumId,
                at: chrono::DateTime<chrono::Utc>,
                cells: &[$crate::features::reports::store::SnapshotCell],
            ) -> StoreResult<bool> {
                use $crate::db::Dialect;
                let at = whole_seconds(at);
                let _turn = self.write_turn().await;
                let mut tx = self.begin_write().await?;
                // The forum's row is locked, so a freeze and the erasure never interleave.
                let (erased,): (Option<chrono::DateTime<chrono::Utc>>,) = sqlx::query_as(&format!(
                    "SELECT personal_data_erased_at FROM forums WHERE id = $1{}",
                    <$store>::row_lock()
                ))
                .bind(forum)
                .fetch_one(&mut *tx)
                .await?;
                let frozen: Option<(i64,)> =
                    sqlx::query_as("SELECT forum_id FROM report_snapshots WHERE forum_id = $1")
                        .bind(forum)
                        .fetch_optional(&mut *tx)
                        .await?;
                if erased.is_some() && frozen.is_some() {
                    return Ok(false);
                }
                sqlx::query("DELETE FROM report_snapshots WHERE forum_id = $1")
                    .bind(forum)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("DELETE FROM report_cells WHERE forum_id = $1")
                    .bind(forum)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("INSERT INTO report_snapshots (forum_id, taken_at) VALUES ($1, $2)")
                    .bind(forum)
                    .bind(at)
                    .execute(&mut *tx)
                    .await?;
                for (table, row, col, value) in cells {
                    sqlx::query(
                        "INSERT INTO report_cells (forum_id, table_key, row_key, col_key, value) \
                         VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(forum)
                    .bind(table)
                    .bind(row)
                    .bind(col)
                    .bind(*value)
                    .execute(&mut *tx)
                    .await?;
                }
                tx.commit().await?;
                Ok(true)
            }

            async fn series_forums(&self, series: i64) -> StoreResult<Vec<$crate::ids::ForumId>> {
                let rows: Vec<(i64,)> = sqlx::query_as(
                    "SELECT id FROM forums WHERE series_id = $1 ORDER BY starts_on, id",
                )
                .bind(series)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows.into_iter().map(|r| $crate::ids::ForumId(r.0)).collect())
            }

            async fn report_threshold(&self, series: i64) -> StoreResult<i64> {
                let row: Option<(i32,)> =
                    sqlx::query_as("SELECT small_cell_threshold FROM series WHERE id = $1")
                        .bind(series)
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(row.map_or(5, |r| i64::from(r.0)))
            }

            async fn set_report_threshold(&self, series: i64, threshold: i64) -> StoreResult<()> {
                sqlx::query("UPDATE series SET small_cell_threshold = $1 WHERE id = $2")
                    .bind(threshold as i32)
                    .bind(series)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }
        }
    };
}
pub(crate) use impl_report_store;
