//! Forum teams and country coordinators: which organiser may see which forum's personal data.
//! Admins see every forum; an organiser sees the forums whose team names them (read-only where
//! the team says so) and, as a country coordinator of a series, that country's registrations in
//! each of its forums.

use super::types::AccountId;
#[cfg(feature = "ssr")]
use crate::db::StoreResult;
use crate::ids::ForumId;
#[cfg(feature = "ssr")]
use async_trait::async_trait;

pub use super::types::{Coordinator, ScannerAssignment, TeamMember};

#[cfg(feature = "ssr")]
#[async_trait]
pub trait TeamStore {
    /// `Some(read_only)` when the account is on the forum's team.
    async fn team_access(&self, forum: ForumId, account: AccountId) -> StoreResult<Option<bool>>;
    /// The country the account coordinates in the forum's series, if any.
    async fn coordinated_country(
        &self,
        forum: ForumId,
        account: AccountId,
    ) -> StoreResult<Option<String>>;
    /// Whether the account is the lead organiser of the forum's series.
    async fn leads_forum(&self, forum: ForumId, account: AccountId) -> StoreResult<bool>;
    /// The series' lead organiser, if it has one.
    async fn series_lead(&self, series: i64) -> StoreResult<Option<AccountId>>;
    /// Names the series' lead organiser; `None` leaves it without one.
    async fn set_series_lead(&self, series: i64, account: Option<AccountId>) -> StoreResult<bool>;
    /// The forums an organiser may open: their teams', their led and coordinated series'.
    async fn visible_forums(&self, account: AccountId) -> StoreResult<Vec<ForumId>>;
    async fn forum_team(&self, forum: ForumId) -> StoreResult<Vec<TeamMember>>;
    /// Adds (or changes) a member; `None` removes them. True when something changed.
    async fn set_team_member(
        &self,
        forum: ForumId,
        account: AccountId,
        read_only: Option<bool>,
    ) -> StoreResult<bool>;
    async fn coordinators(&self, series: i64) -> StoreResult<Vec<Coordinator>>;
    /// Whether a scanner account is assigned to the forum's door on `now`'s (UTC) day.
    async fn scanner_assigned(
        &self,
        forum: ForumId,
        account: AccountId,
        now: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<bool>;
    /// The forums a scanner account is assigned to on `now`'s day.
    async fn scanner_forums(
        &self,
        account: AccountId,
        now: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<Vec<ForumId>>;
    /// The forum's scanner assignments, ended ones included.
    async fn forum_scanners(&self, forum: ForumId) -> StoreResult<Vec<ScannerAssignment>>;
    /// Assigns a scanner account until the end of `until`; `None` ends the assignment.
    async fn set_forum_scanner(
        &self,
        forum: ForumId,
        account: AccountId,
        until: Option<chrono::NaiveDate>,
    ) -> StoreResult<bool>;
    /// Makes the account the series' coordinator for `country`; `None` ends that.
    async fn set_coordinator(
        &self,
        series: i64,
        account: AccountId,
        country: Option<&str>,
    ) -> StoreResult<bool>;
}

#[cfg(feature = "ssr")]
macro_rules! impl_team_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::features::accounts::teams::TeamStore for $store {
            async fn team_access(
                &self,
                forum: $crate::ids::ForumId,
                account: $crate::features::accounts::types::AccountId,
            ) -> StoreResult<Option<bool>> {
                let row: Option<(bool,)> = sqlx::query_as(
                    "SELECT read_only FROM forum_team WHERE forum_id = $1 AND account_id = $2",
                )
                .bind(forum)
                .bind(account)
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map(|r| r.0))
            }

            async fn coordinated_country(
                &self,
                forum: $crate::ids::ForumId,
                account: $crate::features::accounts::types::AccountId,
            ) -> StoreResult<Option<String>> {
                let row: Option<(String,)> = sqlx::query_as(
                    "SELECT c.country FROM coordinators c JOIN forums f ON f.series_id = c.series_id \
                     WHERE f.id = $1 AND c.account_id = $2",
                )
                .bind(forum)
                .bind(account)
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map(|r| r.0))
            }

            async fn leads_forum(
                &self,
                forum: $crate::ids::ForumId,
                account: $crate::features::accounts::types::AccountId,
            ) -> StoreResult<bool> {
                let row: Option<(i64,)> = sqlx::query_as(
                    "SELECT f.id FROM forums f JOIN series s ON s.id = f.series_id \
                     WHERE f.id = $1 AND s.lead_account_id = $2",
                )
                .bind(forum)
                .bind(account)
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.is_some())
            }

            async fn series_lead(
                &self,
                series: i64,
            ) -> StoreResult<Option<$crate::features::accounts::types::AccountId>> {
                let row: Option<(Option<i64>,)> =
                    sqlx::query_as("SELECT lead_account_id FROM series WHERE id = $1")
                        .bind(series)
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(row
                    .and_then(|r| r.0)
                    .map($crate::features::accounts::types::AccountId))
            }

            async fn set_series_lead(
                &self,
                series: i64,
                account: Option<$crate::features::accounts::types::AccountId>,
            ) -> StoreResult<bool> {
                let done = sqlx::query("UPDATE series SET lead_account_id = $1 WHERE id = $2")
                    .bind(account.map(|a| a.0))
                    .bind(series)
                    .execute(&self.pool)
                    .await?;
                Ok(done.rows_affected() > 0)
            }

            async fn visible_forums(
                &self,
                account: $crate::features::accounts::types::AccountId,
            ) -> StoreResult<Vec<$crate::ids::ForumId>> {
                let rows: Vec<(i64,)> = sqlx::query_as(
                    "SELECT forum_id FROM forum_team WHERE account_id = $1 \
                     UNION SELECT f.id FROM forums f JOIN coordinators c ON c.series_id = f.series_id \
                     WHERE c.account_id = $1 \
                     UNION SELECT f.id FROM forums f JOIN series s ON s.id = f.series_id \
                     WHERE s.lead_account_id = $1",
                )
                .bind(account)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows.into_iter().map(|r| $crate::ids::ForumId(r.0)).collect())
            }

            async fn forum_team(
                &self,
                forum: $crate::ids::ForumId,
            ) -> StoreResult<Vec<$crate::features::accounts::teams::TeamMember>> {
                Ok(sqlx::query_as(
                    "SELECT a.id AS account_id, a.email, a.display_name, t.read_only FROM forum_team t \
                     JOIN accounts a ON a.id = t.account_id WHERE t.forum_id = $1 ORDER BY a.email",
                )
                .bind(forum)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn set_team_member(
                &self,
                forum: $crate::ids::ForumId,
                account: $crate::features::accounts::types::AccountId,
                read_only: Option<bool>,
            ) -> StoreResult<bool> {
                let done = match read_only {
                    None => sqlx::query("DELETE FROM forum_team WHERE forum_id = $1 AND account_id = $2")
                        .bind(forum)
                        .bind(account)
                        .execute(&self.pool)
                        .await?,
                    Some(read_only) => sqlx::query(
                        "INSERT INTO forum_team (forum_id, account_id, read_only, added_at) \
                         VALUES ($1, $2, $3, $4) ON CONFLICT (forum_id, account_id) \
                         DO UPDATE SET read_only = excluded.read_only",
                    )
                    .bind(forum)
                    .bind(account)
                    .bind(read_only)
                    .bind(whole_seconds(crate::clock::now()))
                    .execute(&self.pool)
                    .await?,
                };
                Ok(done.rows_affected() > 0)
            }

            async fn scanner_assigned(
                &self,
                forum: $crate::ids::ForumId,
                account: $crate::features::accounts::types::AccountId,
                now: chrono::DateTime<chrono::Utc>,
            ) -> StoreResult<bool> {
                let row: Option<(i64,)> = sqlx::query_as(
                    "SELECT forum_id FROM forum_scanners WHERE forum_id = $1 AND account_id = $2 \
                     AND until >= $3",
                )
                .bind(forum)
                .bind(account)
                .bind(now.date_naive())
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.is_some())
            }

            async fn scanner_forums(
                &self,
                account: $crate::features::accounts::types::AccountId,
                now: chrono::DateTime<chrono::Utc>,
            ) -> StoreResult<Vec<$crate::ids::ForumId>> {
                let rows: Vec<(i64,)> = sqlx::query_as(
                    "SELECT forum_id FROM forum_scanners WHERE account_id = $1 AND until >= $2 \
                     ORDER BY forum_id",
                )
                .bind(account)
                .bind(now.date_naive())
                .fetch_all(&self.pool)
                .await?;
                Ok(rows.into_iter().map(|r| $crate::ids::ForumId(r.0)).collect())
            }

            async fn forum_scanners(
                &self,
                forum: $crate::ids::ForumId,
            ) -> StoreResult<Vec<$crate::features::accounts::teams::ScannerAssignment>> {
                Ok(sqlx::query_as(
                    "SELECT a.id AS account_id, a.email, a.display_name, s.until FROM forum_scanners s \
                     JOIN accounts a ON a.id = s.account_id WHERE s.forum_id = $1 ORDER BY a.email",
                )
                .bind(forum)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn set_forum_scanner(
                &self,
                forum: $crate::ids::ForumId,
                account: $crate::features::accounts::types::AccountId,
                until: Option<chrono::NaiveDate>,
            ) -> StoreResult<bool> {
                let done = match until {
                    None => sqlx::query("DELETE FROM forum_scanners WHERE forum_id = $1 AND account_id = $2")
                        .bind(forum)
                        .bind(account)
                        .execute(&self.pool)
                        .await?,
                    Some(until) => sqlx::query(
                        "INSERT INTO forum_scanners (forum_id, account_id, until, added_at) \
                         VALUES ($1, $2, $3, $4) ON CONFLICT (forum_id, account_id) \
                         DO UPDATE SET until = excluded.until",
                    )
                    .bind(forum)
                    .bind(account)
                    .bind(until)
                    .bind(whole_seconds(crate::clock::now()))
                    .execute(&self.pool)
                    .await?,
                };
                Ok(done.rows_affected() > 0)
            }

            async fn coordinators(
                &self,
                series: i64,
            ) -> StoreResult<Vec<$crate::features::accounts::teams::Coordinator>> {
                Ok(sqlx::query_as(
                    "SELECT a.id AS account_id, a.email, a.display_name, c.country FROM coordinators c \
                     JOIN accounts a ON a.id = c.account_id WHERE c.series_id = $1 ORDER BY c.country, a.email",
                )
                .bind(series)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn set_coordinator(
                &self,
                series: i64,
                account: $crate::features::accounts::types::AccountId,
                country: Option<&str>,
            ) -> StoreResult<bool> {
                let done = match country {
                    None => sqlx::query("DELETE FROM coordinators WHERE series_id = $1 AND account_id = $2")
                        .bind(series)
                        .bind(account)
                        .execute(&self.pool)
                        .await?,
                    Some(country) => sqlx::query(
                        "INSERT INTO coordinators (series_id, account_id, country, added_at) \
                         VALUES ($1, $2, $3, $4) ON CONFLICT (series_id, account_id) \
                         DO UPDATE SET country = excluded.country",
                    )
                    .bind(series)
                    .bind(account)
                    .bind(country)
                    .bind(whole_seconds(crate::clock::now()))
                    .execute(&self.pool)
                    .await?,
                };
                Ok(done.rows_affected() > 0)
            }
        }
    };
}
#[cfg(feature = "ssr")]
pub(crate) use impl_team_store;
