use super::sql::impl_store;
use super::*;
use crate::features::accounts::types::AccountView;
use crate::features::forums::types::{SessionId, StakeholderGroupId};
use crate::i18n::Translation;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::str::FromStr;
use std::time::Duration;

/// The embedded default: one SQLite file, WAL, foreign keys on, a busy timeout.
pub struct SqliteStore {
    pool: SqlitePool,
    /// This server's writers (registrations, check-ins) queue here, in order, rather than in
    /// SQLite's busy handler, whose growing sleeps (up to 100 ms) made the tail latency.
    write_queue: tokio::sync::Mutex<()>,
}

/// SQLite has no row locks; its write transactions are exclusive (`BEGIN IMMEDIATE`).
impl crate::db::Dialect for SqliteStore {
    const BACKEND: Backend = Backend::Sqlite;
    const KEY_LOCK: Option<&'static str> = None;
    const ANALYZE: Option<&'static str> = None;
    const JOB_LOCK: Option<&'static str> = None;
    const LOCKS_ROWS: bool = false;
}

impl SqliteStore {
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            // Erased personal data is overwritten in the file, not only unlinked.
            .pragma("secure_delete", "ON")
            .busy_timeout(Duration::from_secs(10));
        if let Some(dir) = options.get_filename().parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir).map_err(|e| StoreError::Other(Box::new(e)))?;
            }
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(5))
            // A COMMIT that failed (a full disk) can leave sqlx counting a transaction that
            // SQLite already rolled back; such a connection could never begin another, so it is
            // closed instead of going back to the pool. The ping first lets a queued rollback
            // finish.
            .after_release(|conn, _| {
                Box::pin(async move {
                    use sqlx::{Connection, TransactionManager};
                    conn.ping().await?;
                    Ok(
                        <sqlx::Sqlite as sqlx::Database>::TransactionManager::get_transaction_depth(
                            conn,
                        ) == 0,
                    )
                })
            })
            .connect_with(options)
            .await?;
        Ok(Self {
            pool,
            write_queue: tokio::sync::Mutex::new(()),
        })
    }

    /// Write transactions take the write lock up front (BEGIN IMMEDIATE), so two writers never
    /// deadlock upgrading read locks.
    async fn begin_write(&self) -> StoreResult<sqlx::Transaction<'static, sqlx::Sqlite>> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// Waits for this server's earlier writers (see `write_queue`); hold it until the commit.
    async fn write_turn(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        Some(self.write_queue.lock().await)
    }

    /// SQLite assigns the id at the insert (see `registration/write.rs`).
    async fn next_registration_id(&self) -> StoreResult<Option<i64>> {
        Ok(None)
    }

    /// SQLite writes each registration on its own, in the server's writer queue.
    async fn register_batched(
        &self,
        _id: Option<i64>,
        _new: &crate::features::registration::store::RegistrationInsert<'_>,
        _compose: crate::features::registration::store::Compose<'_>,
    ) -> Option<StoreResult<(i64, crate::features::registration::records::Placed)>> {
        None
    }

    async fn write_registration(
        tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
        _id: Option<i64>,
        new: &crate::features::registration::store::RegistrationInsert<'_>,
        status: crate::features::registration::types::RegistrationStatus,
        now: DateTime<Utc>,
        compose: crate::features::registration::store::Compose<'_>,
    ) -> StoreResult<Option<crate::features::registration::store::RegistrationRecord>> {
        let Some(record) =
            crate::features::registration::write::insert_sqlite(tx, new, status, now).await?
        else {
            return Ok(None);
        };
        if !new.answers.is_empty() {
            Self::answers_in(tx, record.id.0, new.answers).await?;
        }
        for kind in new.consents {
            sqlx::query(
                "INSERT INTO consents (registration_id, kind, given_at) VALUES ($1, $2, $3)",
            )
            .bind(record.id.0)
            .bind(kind.as_str())
            .bind(whole_seconds(now))
            .execute(&mut **tx)
            .await?;
        }
        if let Some(mail) = compose(
            &record,
            crate::features::registration::mail::Message::Registered,
        ) {
            Self::queue_in(tx, &mail, now).await?;
        }
        Ok(Some(record))
    }

    fn migrator() -> sqlx::migrate::Migrator {
        sqlx::migrate!("../migrations/sqlite")
    }

    async fn run_migrations(&self) -> StoreResult<()> {
        Self::migrator().run(&self.pool).await?;
        Ok(())
    }
}

impl_store!(SqliteStore);
crate::features::accounts::store::impl_account_store!(SqliteStore);
crate::features::accounts::teams::impl_team_store!(SqliteStore);
crate::features::accounts::access_log::impl_access_log_store!(SqliteStore);
crate::features::forums::notices::impl_notice_store!(SqliteStore);
crate::features::messages::store::impl_message_store!(SqliteStore, sqlx::Sqlite);
crate::features::messages::reminder_store::impl_reminder_store!(SqliteStore);
crate::features::messages::series_store::impl_series_message_store!(SqliteStore);
crate::features::registration::consents::impl_consent_store!(SqliteStore);
crate::features::reports::store::impl_report_store!(SqliteStore);
crate::features::privacy::store::impl_privacy_store!(SqliteStore, sqlx::Sqlite);
super::limits::impl_limit_store!(SqliteStore);
super::installation::impl_installation_store!(SqliteStore);
crate::features::agenda::store::impl_agenda_store!(SqliteStore, sqlx::Sqlite);
crate::features::announcements::store::impl_announcement_store!(SqliteStore);
crate::features::documents::store::impl_document_store!(SqliteStore);
crate::features::calendar::store::impl_calendar_store!(SqliteStore);
crate::features::checkin::store::impl_checkin_store!(SqliteStore);
crate::features::checkin::offline_store::impl_offline_store!(SqliteStore);
crate::features::tickets::store::impl_ticket_store!(SqliteStore);
crate::features::registration::intake_store::impl_intake_store!(SqliteStore);
crate::features::registration::import_store::impl_import_store!(SqliteStore);
crate::features::registration::partner_store::impl_partner_store!(SqliteStore);
crate::features::registration::invitation_store::impl_invitation_store!(SqliteStore);
crate::features::registration::participant_store::impl_participant_store!(SqliteStore);
crate::features::registration::list_store::impl_list_store!(SqliteStore);
crate::features::registration::outbox::impl_outbox_store!(SqliteStore);
crate::features::registration::store::impl_registration_store!(SqliteStore, sqlx::Sqlite);
crate::features::registration::seat_store::impl_seat_store!(SqliteStore, sqlx::Sqlite);
