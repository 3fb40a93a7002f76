//! Counters that every server shares through the database: sign-in attempts and the uses of
//! rate-limited actions (emails anyone can cause, registrations), so a limit holds however many
//! app servers stand behind the load balancer. Each check and its count happen in one
//! transaction with the key locked, so parallel requests cannot all slip under a limit.

use crate::db::StoreResult;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// Failed sign-ins a client address may make before it waits.
pub const FREE_SIGN_IN_FAILURES: i64 = 5;
/// How long a failure is remembered (then its row is deleted).
pub const SIGN_IN_MEMORY_SECS: i64 = 24 * 3600;
/// The longest wait between two attempts.
pub const LONGEST_SIGN_IN_WAIT_SECS: i64 = 15 * 60;

/// Seconds a client with `failures` remembered failures, the latest at `last`, waits before its
/// next attempt: none for the first few, then 1 s, 2 s, 4 s ... up to 15 minutes.
pub fn sign_in_wait(failures: i64, last: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Option<u64> {
    if failures < FREE_SIGN_IN_FAILURES {
        return None;
    }
    let exponent = (failures - FREE_SIGN_IN_FAILURES).min(20) as u32;
    let wait = 2i64.saturating_pow(exponent).min(LONGEST_SIGN_IN_WAIT_SECS);
    let free_at = last? + chrono::Duration::seconds(wait);
    (free_at > now).then(|| (free_at - now).num_seconds().max(1) as u64)
}

/// The answer to "may this client try to sign in now?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInTurn {
    /// Yes; the attempt is counted as a failure (`id`) until `forgive_sign_in` takes it back.
    Go(i64),
    /// Not yet: retry after this many seconds.
    Wait(u64),
}

#[async_trait]
pub trait LimitStore {
    /// Decides and counts one sign-in attempt of `key` (a client address) atomically; forgets
    /// failures older than a day, of every key.
    async fn begin_sign_in(&self, key: &str, now: DateTime<Utc>) -> StoreResult<SignInTurn>;
    /// Takes back a counted attempt that turned out right.
    async fn forgive_sign_in(&self, id: i64) -> StoreResult<()>;
    /// Dates a failed attempt to when its answer left (`at`, rounded up to the second), so the
    /// client's wait runs from the answer it got, however long checking the password took.
    async fn fail_sign_in(&self, id: i64, at: DateTime<Utc>) -> StoreResult<()>;
    /// Records one use of `key` unless it was used `max` times in the last `window_secs`;
    /// `None` when allowed, else the seconds until the oldest use leaves the window.
    async fn rate_check(&self, key: &str, window_secs: i64, max: i64) -> StoreResult<Option<u64>>;
    /// Whether one more use of `key` is allowed (and records it).
    async fn rate_allow(&self, key: &str, window_secs: i64, max: i64) -> StoreResult<bool> {
        Ok(self.rate_check(key, window_secs, max).await?.is_none())
    }
}

macro_rules! impl_limit_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::LimitStore for $store {
            async fn begin_sign_in(
                &self,
                key: &str,
                now: DateTime<Utc>,
            ) -> StoreResult<$crate::store::limits::SignInTurn> {
                use $crate::store::limits::{sign_in_wait, SignInTurn, SIGN_IN_MEMORY_SECS};
                let now = whole_seconds(now);
                let _turn = self.write_turn().await;
                let mut tx = self.begin_write().await?;
                if let Some(lock) = <$store as $crate::db::Dialect>::KEY_LOCK {
                    sqlx::query(lock).bind(key).execute(&mut *tx).await?;
                }
                sqlx::query("DELETE FROM login_failures WHERE at < $1")
                    .bind(now - chrono::Duration::seconds(SIGN_IN_MEMORY_SECS))
                    .execute(&mut *tx)
                    .await?;
                let (failures, last): (i64, Option<DateTime<Utc>>) =
                    sqlx::query_as("SELECT COUNT(*), MAX(at) FROM login_failures WHERE key = $1")
                        .bind(key)
                        .fetch_one(&mut *tx)
                        .await?;
                if let Some(secs) = sign_in_wait(failures, last, now) {
                    tx.commit().await?;
                    return Ok(SignInTurn::Wait(secs));
                }
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO login_failures (key, at) VALUES ($1, $2) RETURNING id",
                )
                .bind(key)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(SignInTurn::Go(id))
            }

            async fn forgive_sign_in(&self, id: i64) -> StoreResult<()> {
                sqlx::query("DELETE FROM login_failures WHERE id = $1")
                    .bind(id)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn fail_sign_in(&self, id: i64, at: DateTime<Utc>) -> StoreResult<()> {
                let whole = whole_seconds(at);
                let up = if whole < at {
                    whole + chrono::Duration::seconds(1)
                } else {
                    whole
                };
                sqlx::query("UPDATE login_failures SET at = $1 WHERE id = $2")
                    .bind(up)
                    .bind(id)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn rate_check(
                &self,
                key: &str,
                window_secs: i64,
                max: i64,
            ) -> StoreResult<Option<u64>> {
                let now = whole_seconds(crate::clock::now());
                let since = now - chrono::Duration::seconds(window_secs);
                let mut tx = self.begin_write().await?;
                // One lock per key where transactions run side by side (SQLite's write
                // transaction is exclusive anyway).
                if let Some(lock) = <$store as $crate::db::Dialect>::KEY_LOCK {
                    sqlx::query(lock).bind(key).execute(&mut *tx).await?;
                }
                sqlx::query("DELETE FROM rate_events WHERE key = $1 AND at < $2")
                    .bind(key)
                    .bind(since)
                    .execute(&mut *tx)
                    .await?;
                let (used, oldest): (i64, Option<DateTime<Utc>>) =
                    sqlx::query_as("SELECT COUNT(*), MIN(at) FROM rate_events WHERE key = $1")
                        .bind(key)
                        .fetch_one(&mut *tx)
                        .await?;
                if used >= max {
                    let free_at = oldest.unwrap_or(now) + chrono::Duration::seconds(window_secs);
                    return Ok(Some((free_at - now).num_seconds().max(1) as u64));
                }
                sqlx::query("INSERT INTO rate_events (key, at) VALUES ($1, $2)")
                    .bind(key)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(None)
            }
        }
    };
}
pub(crate) use impl_limit_store;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_after_the_free_failures_and_end_at_fifteen_minutes() {
        let now = crate::clock::now();
        assert_eq!(sign_in_wait(4, Some(now), now), None);
        assert_eq!(sign_in_wait(5, Some(now), now), Some(1));
        assert_eq!(sign_in_wait(8, Some(now), now), Some(8));
        assert_eq!(sign_in_wait(40, Some(now), now), Some(900));
        // The wait runs from the latest failure.
        assert_eq!(
            sign_in_wait(8, Some(now - chrono::Duration::seconds(5)), now),
            Some(3)
        );
        assert_eq!(
            sign_in_wait(8, Some(now - chrono::Duration::seconds(9)), now),
            None
        );
    }
}
