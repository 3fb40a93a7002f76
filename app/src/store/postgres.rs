use super::sql::impl_store;
use super::*;
use crate::features::accounts::types::AccountView;
use crate::features::forums::types::{SessionId, StakeholderGroupId};
use crate::i18n::Translation;
use sqlx::postgres::PgPoolOptions;
use sqlx::PgPool;
use std::str::FromStr;
use std::time::Duration;

/// The production backend, shared by several app servers.
pub struct PgStore {
    pool: PgPool,
    /// This server's writers of new registrations, one per forum.
    batches: crate::features::registration::batch::Batches,
}

/// PostgreSQL orders concurrent writers by the row locks their SELECTs take.
impl crate::db::Dialect for PgStore {
    const BACKEND: Backend = Backend::Postgres;
    const KEY_LOCK: Option<&'static str> = Some("SELECT pg_advisory_xact_lock(hashtext($1))");
    const ANALYZE: Option<&'static str> = Some("ANALYZE");
    const JOB_LOCK: Option<&'static str> = Some("SELECT pg_try_advisory_lock(hashtext($1))");
    const LOCKS_ROWS: bool = true;
}

impl PgStore {
    pub async fn connect(url: &str) -> StoreResult<Self> {
        // Bounded waits: no statement runs past 20 s, no lock is waited for past 5 s, and a
        // transaction left idle is ended after 60 s (its locks released), so one stuck request
        // cannot hold the others; they are answered 503 instead (`StoreError::Busy`).
        let options = sqlx::postgres::PgConnectOptions::from_str(url)?.options([
            ("statement_timeout", "20s"),
            ("lock_timeout", "5s"),
            ("idle_in_transaction_session_timeout", "60s"),
        ]);
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(5))
            .connect_with(options)
            .await?;
        Ok(Self {
            pool,
            batches: Default::default(),
        })
    }

    async fn begin_write(&self) -> StoreResult<sqlx::Transaction<'static, sqlx::Postgres>> {
        Ok(self.pool.begin().await?)
    }

    /// PostgreSQL takes concurrent writers as they come (its row locks order them).
    async fn write_turn(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        None
    }

    /// A registration id drawn before the forum is locked (see `registration/write.rs`).
    async fn next_registration_id(&self) -> StoreResult<Option<i64>> {
        Ok(Some(
            crate::features::registration::write::next_id_pg(&self.pool).await?,
        ))
    }

    /// A new registration without an invitation goes to its forum's batch writer.
    async fn register_batched(
        &self,
        id: Option<i64>,
        new: &crate::features::registration::store::RegistrationInsert<'_>,
        compose: crate::features::registration::store::Compose<'_>,
    ) -> Option<StoreResult<(i64, crate::features::registration::records::Placed)>> {
        use crate::features::registration::batch::Job;
        let id = id.filter(|_| new.invitation.is_none())?;
        let (job, answer) = Job::new(id, new, compose);
        Some(
            self.batches
                .place(&self.pool, job, answer)
                .await
                .map(|placed| (id, placed)),
        )
    }

    async fn write_registration(
        tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
        id: Option<i64>,
        new: &crate::features::registration::store::RegistrationInsert<'_>,
        status: crate::features::registration::types::RegistrationStatus,
        now: DateTime<Utc>,
        compose: crate::features::registration::store::Compose<'_>,
    ) -> StoreResult<Option<crate::features::registration::store::RegistrationRecord>> {
        let id = id.ok_or_else(|| StoreError::Other("no registration id drawn".into()))?;
        crate::features::registration::write::write_pg(tx, id, new, status, now, compose).await
    }

    fn migrator() -> sqlx::migrate::Migrator {
        sqlx::migrate!("../migrations/postgres")
    }

    async fn run_migrations(&self) -> StoreResult<()> {
        Self::migrator().run(&self.pool).await?;
        Ok(())
    }
}

impl_store!(PgStore);
crate::features::accounts::store::impl_account_store!(PgStore);
crate::features::accounts::teams::impl_team_store!(PgStore);
crate::features::accounts::access_log::impl_access_log_store!(PgStore);
crate::features::forums::notices::impl_notice_store!(PgStore);
crate::features::messages::store::impl_message_store!(PgStore, sqlx::Postgres);
crate::features::messages::reminder_store::impl_reminder_store!(PgStore);
crate::features::messages::series_store::impl_series_message_store!(PgStore);
crate::features::registration::consents::impl_consent_store!(PgStore);
crate::features::reports::store::impl_report_store!(PgStore);
crate::features::privacy::store::impl_privacy_store!(PgStore, sqlx::Postgres);
super::limits::impl_limit_store!(PgStore);
super::installation::impl_installation_store!(PgStore);
crate::features::agenda::store::impl_agenda_store!(PgStore, sqlx::Postgres);
crate::features::announcements::store::impl_announcement_store!(PgStore);
crate::features::documents::store::impl_document_store!(PgStore);
crate::features::calendar::store::impl_calendar_store!(PgStore);
crate::features::checkin::store::impl_checkin_store!(PgStore);
crate::features::checkin::offline_store::impl_offline_store!(PgStore);
crate::features::tickets::store::impl_ticket_store!(PgStore);
crate::features::registration::intake_store::impl_intake_store!(PgStore);
crate::features::registration::import_store::impl_import_store!(PgStore);
crate::features::registration::partner_store::impl_partner_store!(PgStore);
crate::features::registration::invitation_store::impl_invitation_store!(PgStore);
crate::features::registration::participant_store::impl_participant_store!(PgStore);
crate::features::registration::list_store::impl_list_store!(PgStore);
crate::features::registration::outbox::impl_outbox_store!(PgStore);
crate::features::registration::store::impl_registration_store!(PgStore, sqlx::Postgres);
crate::features::registration::seat_store::impl_seat_store!(PgStore, sqlx::Postgres);
