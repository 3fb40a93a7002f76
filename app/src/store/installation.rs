//! What every server of one installation shares about the installation itself: facts the first
//! server records (the key's fingerprint), the key ring `server rotate-key` extends, and the
//! database's clock that servers set theirs by.

use crate::db::StoreResult;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// What an operator's metrics read from the database and the pool at each scrape.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OperationsFigures {
    /// Emails not yet delivered.
    pub outbox_depth: i64,
    /// When the oldest of them was queued.
    pub oldest_undelivered: Option<DateTime<Utc>>,
    /// Connections the pool holds, and how many of them are idle.
    pub pool_size: u32,
    pub pool_idle: u32,
}

#[async_trait]
pub trait InstallationStore {
    /// The outbox's depth and the pool's use, for `/metrics`.
    async fn operations_figures(&self) -> StoreResult<OperationsFigures>;

    /// The installation's `name` fact: `value` when none is recorded yet (it is recorded now),
    /// else what the first server recorded.
    async fn claim_installation_fact(&self, name: &str, value: &str) -> StoreResult<String>;

    /// The database's clock (PostgreSQL's `now()`; SQLite's file is on this machine, whose clock
    /// it is).
    async fn database_now(&self) -> StoreResult<DateTime<Utc>>;
    /// The key ring as stored (`secrets::Keyring::install` derives the keys).
    async fn signing_keys(&self) -> StoreResult<Vec<crate::secrets::StoredRingKey>>;
    /// Adds a key that signs from `signs_from`; every key without an end date verifies until
    /// `old_until`. Returns the new key's id.
    async fn add_signing_key(
        &self,
        salt: &str,
        signs_from: DateTime<Utc>,
        old_until: DateTime<Utc>,
    ) -> StoreResult<i64>;
}

macro_rules! impl_installation_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::InstallationStore for $store {
            async fn operations_figures(
                &self,
            ) -> StoreResult<$crate::store::installation::OperationsFigures> {
                let (depth, oldest): (i64, Option<DateTime<Utc>>) = sqlx::query_as(
                    "SELECT COUNT(*), MIN(created_at) FROM outbox WHERE sent_at IS NULL",
                )
                .fetch_one(&self.pool)
                .await?;
                Ok($crate::store::installation::OperationsFigures {
                    outbox_depth: depth,
                    oldest_undelivered: oldest,
                    pool_size: self.pool.size(),
                    pool_idle: u32::try_from(self.pool.num_idle()).unwrap_or(u32::MAX),
                })
            }

            async fn claim_installation_fact(&self, name: &str, value: &str) -> StoreResult<String> {
                sqlx::query(
                    "INSERT INTO installation (name, value) VALUES ($1, $2) \
                     ON CONFLICT (name) DO NOTHING",
                )
                .bind(name)
                .bind(value)
                .execute(&self.pool)
                .await?;
                let (stored,): (String,) =
                    sqlx::query_as("SELECT value FROM installation WHERE name = $1")
                        .bind(name)
                        .fetch_one(&self.pool)
                        .await?;
                Ok(stored)
            }

            async fn database_now(&self) -> StoreResult<DateTime<Utc>> {
                if <$store as $crate::db::Dialect>::BACKEND == $crate::store::Backend::Sqlite {
                    // The database file is on this machine: its clock is this server's.
                    return Ok(Utc::now());
                }
                let (now,): (DateTime<Utc>,) = sqlx::query_as("SELECT now()")
                    .fetch_one(&self.pool)
                    .await?;
                Ok(now)
            }

            async fn signing_keys(&self) -> StoreResult<Vec<crate::secrets::StoredRingKey>> {
                Ok(sqlx::query_as(
                    "SELECT id, salt, signs_from, verifies_until FROM signing_keys ORDER BY id",
                )
                .fetch_all(&self.pool)
                .await?)
            }

            async fn add_signing_key(
                &self,
                salt: &str,
                signs_from: DateTime<Utc>,
                old_until: DateTime<Utc>,
            ) -> StoreResult<i64> {
                let mut tx = self.pool.begin().await?;
                let now = whole_seconds(crate::clock::now());
                sqlx::query(
                    "INSERT INTO signing_keys (id, salt, signs_from, verifies_until, created_at) \
                     SELECT 0, '', $1, NULL, $1 WHERE NOT EXISTS (SELECT 1 FROM signing_keys WHERE id = 0)",
                )
                .bind(DateTime::<Utc>::UNIX_EPOCH)
                .execute(&mut *tx)
                .await?;
                // Every key without an end gets one: the new key signs, the others verify until then.
                sqlx::query("UPDATE signing_keys SET verifies_until = $1 WHERE verifies_until IS NULL")
                    .bind(whole_seconds(old_until))
                    .execute(&mut *tx)
                    .await?;
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO signing_keys (id, salt, signs_from, verifies_until, created_at) \
                     SELECT COALESCE(MAX(id), 0) + 1, $1, $2, NULL, $3 FROM signing_keys RETURNING id",
                )
                .bind(salt)
                .bind(whole_seconds(signs_from))
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(id)
            }
        }
    };
}
pub(crate) use impl_installation_store;
