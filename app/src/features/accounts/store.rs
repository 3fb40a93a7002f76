//! Accounts and their sign-in sessions: only a hash of each session token is stored; a session
//! ends when it expires, when it has not been used for its idle time, when its owner signs out or
//! changes their password elsewhere, and when an admin disables the account.

use super::types::{AccountId, AccountView, SessionIdle};
use crate::db::StoreResult;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// A new account; the password is already hashed (argon2id).
pub struct NewAccount {
    pub email: super::types::EmailAddress,
    pub display_name: String,
    pub password_hash: String,
    pub role: super::types::Role,
}

/// An account with its password hash. Deliberately not `Serialize`.
#[derive(sqlx::FromRow)]
pub struct AccountRecord {
    pub id: AccountId,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    #[sqlx(try_from = "String")]
    pub role: super::types::Role,
}

#[async_trait]
pub trait AccountStore {
    async fn create_account(&self, account: &NewAccount) -> StoreResult<AccountId>;
    async fn account_by_email(&self, email: &str) -> StoreResult<Option<AccountRecord>>;
    async fn list_accounts(&self) -> StoreResult<Vec<AccountView>>;
    async fn create_auth_session(
        &self,
        token_hash: &str,
        account: AccountId,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// The account of a live session: not expired, not idle longer than `idle` allows for its
    /// role, the account not disabled. Marks the session as seen (at most once a minute).
    async fn account_for_session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
        idle: &SessionIdle,
    ) -> StoreResult<Option<AccountView>>;
    async fn delete_auth_session(&self, token_hash: &str) -> StoreResult<()>;
    /// Sets (or, with `None`, clears) when an account ends by itself: from then it cannot sign
    /// in and its sessions are refused.
    async fn set_account_expiry(
        &self,
        account: AccountId,
        expires_at: Option<DateTime<Utc>>,
    ) -> StoreResult<()>;
    /// Disables (ending every session) or enables an account.
    async fn set_account_disabled(&self, account: AccountId, disabled: bool) -> StoreResult<()>;
    /// The account's password hash, if the account is live.
    async fn password_hash(&self, account: AccountId) -> StoreResult<Option<String>>;
    /// A new one-time reset link for the account (its earlier unused ones stop working).
    async fn create_password_reset(
        &self,
        account: AccountId,
        token_hash: &str,
        expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Whether a reset link is good now (unused, unexpired, its account live).
    async fn password_reset_valid(&self, token_hash: &str, now: DateTime<Utc>)
        -> StoreResult<bool>;
    /// Uses a reset link once: in one transaction marks it used, sets the password and ends
    /// every session of the account. `None` when the link is not good (any more).
    async fn use_password_reset(
        &self,
        token_hash: &str,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<AccountId>>;
    /// Sets a new password hash and ends every other session of the account.
    async fn set_password(
        &self,
        account: AccountId,
        password_hash: &str,
        keep_session: &str,
    ) -> StoreResult<()>;
}

macro_rules! impl_account_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::features::accounts::store::AccountStore for $store {
            async fn create_account(&self, a: &NewAccount) -> StoreResult<AccountId> {
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO accounts (email, display_name, password_hash, role, created_at) \
                     VALUES ($1, $2, $3, $4, $5) RETURNING id",
                )
                .bind(a.email.as_str())
                .bind(&a.display_name)
                .bind(&a.password_hash)
                .bind(a.role.as_str())
                .bind(whole_seconds(crate::clock::now()))
                .fetch_one(&self.pool)
                .await?;
                Ok(AccountId(id))
            }

            async fn account_by_email(&self, email: &str) -> StoreResult<Option<AccountRecord>> {
                Ok(sqlx::query_as(
                    "SELECT id, email, display_name, password_hash, role FROM accounts \
                     WHERE email = $1 AND disabled_at IS NULL AND (expires_at IS NULL OR expires_at > $2)",
                )
                .bind(email)
                .bind(whole_seconds(crate::clock::now()))
                .fetch_optional(&self.pool)
                .await?)
            }

            async fn set_account_expiry(
                &self,
                account: AccountId,
                expires_at: Option<DateTime<Utc>>,
            ) -> StoreResult<()> {
                let done = sqlx::query("UPDATE accounts SET expires_at = $1 WHERE id = $2")
                    .bind(expires_at.map(whole_seconds))
                    .bind(account)
                    .execute(&self.pool)
                    .await?;
                $crate::db::must_affect(done.rows_affected())
            }

            async fn list_accounts(&self) -> StoreResult<Vec<AccountView>> {
                Ok(sqlx::query_as(
                    "SELECT id, email, display_name, role, disabled_at IS NOT NULL AS disabled \
                     FROM accounts ORDER BY email",
                )
                .fetch_all(&self.pool)
                .await?)
            }

            async fn create_auth_session(
                &self,
                token_hash: &str,
                account: AccountId,
                expires_at: DateTime<Utc>,
            ) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO auth_sessions (token_hash, account_id, created_at, expires_at, \
                     last_seen_at) VALUES ($1, $2, $3, $4, $3)",
                )
                .bind(token_hash)
                .bind(account)
                .bind(whole_seconds(crate::clock::now()))
                .bind(whole_seconds(expires_at))
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn account_for_session(
                &self,
                token_hash: &str,
                now: DateTime<Utc>,
                idle: &$crate::features::accounts::types::SessionIdle,
            ) -> StoreResult<Option<AccountView>> {
                let now = whole_seconds(now);
                let account: Option<AccountView> = sqlx::query_as(
                    "SELECT a.id, a.email, a.display_name, a.role, FALSE AS disabled \
                     FROM auth_sessions s JOIN accounts a ON a.id = s.account_id \
                     WHERE s.token_hash = $1 AND s.expires_at > $2 AND a.disabled_at IS NULL \
                     AND (a.expires_at IS NULL OR a.expires_at > $2) \
                     AND s.last_seen_at > CASE WHEN a.role = 'admin' THEN $3 ELSE $4 END",
                )
                .bind(token_hash)
                .bind(now)
                .bind(now - chrono::Duration::seconds(idle.admin_secs))
                .bind(now - chrono::Duration::seconds(idle.other_secs))
                .fetch_optional(&self.pool)
                .await?;
                if account.is_some() {
                    sqlx::query(
                        "UPDATE auth_sessions SET last_seen_at = $1 WHERE token_hash = $2 \
                         AND last_seen_at < $3",
                    )
                    .bind(now)
                    .bind(token_hash)
                    .bind(now - chrono::Duration::seconds(60))
                    .execute(&self.pool)
                    .await?;
                }
                Ok(account)
            }

            async fn delete_auth_session(&self, token_hash: &str) -> StoreResult<()> {
                sqlx::query("DELETE FROM auth_sessions WHERE token_hash = $1")
                    .bind(token_hash)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn set_account_disabled(&self, account: AccountId, disabled: bool) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                let done = sqlx::query(
                    "UPDATE accounts SET disabled_at = CASE WHEN $1 THEN $2 ELSE NULL END WHERE id = $3",
                )
                .bind(disabled)
                .bind(whole_seconds(crate::clock::now()))
                .bind(account)
                .execute(&mut *tx)
                .await?;
                $crate::db::must_affect(done.rows_affected())?;
                if disabled {
                    sqlx::query("DELETE FROM auth_sessions WHERE account_id = $1")
                        .bind(account)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn password_hash(&self, account: AccountId) -> StoreResult<Option<String>> {
                let row: Option<(String,)> = sqlx::query_as(
                    "SELECT password_hash FROM accounts WHERE id = $1 AND disabled_at IS NULL",
                )
                .bind(account)
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map(|(h,)| h))
            }

            async fn create_password_reset(
                &self,
                account: AccountId,
                token_hash: &str,
                expires_at: DateTime<Utc>,
                now: DateTime<Utc>,
            ) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                sqlx::query("DELETE FROM password_resets WHERE account_id = $1 AND used_at IS NULL")
                    .bind(account)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(
                    "INSERT INTO password_resets (token_hash, account_id, created_at, expires_at) \
                     VALUES ($1, $2, $3, $4)",
                )
                .bind(token_hash)
                .bind(account)
                .bind(whole_seconds(now))
                .bind(whole_seconds(expires_at))
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn password_reset_valid(
                &self,
                token_hash: &str,
                now: DateTime<Utc>,
            ) -> StoreResult<bool> {
                let row: Option<(i64,)> = sqlx::query_as(
                    "SELECT r.account_id FROM password_resets r JOIN accounts a ON a.id = r.account_id \
                     WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2 AND a.disabled_at IS NULL",
                )
                .bind(token_hash)
                .bind(whole_seconds(now))
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.is_some())
            }

            async fn use_password_reset(
                &self,
                token_hash: &str,
                password_hash: &str,
                now: DateTime<Utc>,
            ) -> StoreResult<Option<AccountId>> {
                let mut tx = self.begin_write().await?;
                let row: Option<(i64,)> = sqlx::query_as(
                    "UPDATE password_resets SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL \
                     AND expires_at > $1 AND account_id IN (SELECT id FROM accounts WHERE disabled_at IS NULL) \
                     RETURNING account_id",
                )
                .bind(whole_seconds(now))
                .bind(token_hash)
                .fetch_optional(&mut *tx)
                .await?;
                let Some((account,)) = row else {
                    return Ok(None);
                };
                sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2")
                    .bind(password_hash)
                    .bind(account)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("DELETE FROM auth_sessions WHERE account_id = $1")
                    .bind(account)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(Some(AccountId(account)))
            }

            async fn set_password(
                &self,
                account: AccountId,
                password_hash: &str,
                keep_session: &str,
            ) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                let done = sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2")
                    .bind(password_hash)
                    .bind(account)
                    .execute(&mut *tx)
                    .await?;
                $crate::db::must_affect(done.rows_affected())?;
                sqlx::query("DELETE FROM auth_sessions WHERE account_id = $1 AND token_hash <> $2")
                    .bind(account)
                    .bind(keep_session)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(())
            }
        }
    };
}
pub(crate) use impl_account_store;
