//! Persistence: one `Store` trait, a SQLite and a PostgreSQL implementation chosen by the scheme
//! of `DATABASE_URL`. Both share their SQL (see `sql.rs`); only connection set-up, migrations and
//! how a write transaction begins differ.

pub mod installation;
pub mod limits;
mod postgres;
pub mod records;
mod sql;
mod sqlite;

pub use postgres::PgStore;
pub use records::*;
pub use sqlite::SqliteStore;

pub use crate::features::accounts::access_log::AccessLogStore;
pub use crate::features::accounts::store::AccountStore;
pub use crate::features::accounts::teams::TeamStore;
use crate::features::accounts::types::AccountId;
pub use crate::features::agenda::store::AgendaStore;
pub use crate::features::announcements::store::AnnouncementStore;
pub use crate::features::calendar::store::CalendarStore;
pub use crate::features::checkin::offline_store::OfflineStore;
pub use crate::features::checkin::store::CheckinStore;
pub use crate::features::documents::store::DocumentStore;
pub use crate::features::forums::notices::NoticeStore;
use crate::features::forums::types::{
    ForumId, ForumStatus, ForumSummary, SeriesId, StakeholderGroup, StakeholderGroupId,
};
pub use crate::features::messages::reminder_store::ReminderStore;
pub use crate::features::messages::series_store::SeriesMessageStore;
pub use crate::features::messages::store::MessageStore;
pub use crate::features::privacy::store::PrivacyStore;
pub use crate::features::registration::consents::ConsentStore;
pub use crate::features::registration::import_store::ImportStore;
pub use crate::features::registration::intake_store::IntakeStore;
pub use crate::features::registration::invitation_store::InvitationStore;
pub use crate::features::registration::list_store::ListStore;
pub use crate::features::registration::outbox::OutboxStore;
pub use crate::features::registration::participant_store::ParticipantStore;
pub use crate::features::registration::partner_store::PartnerStore;
pub use crate::features::registration::store::RegistrationStore;
pub use crate::features::reports::store::ReportStore;
pub use crate::features::tickets::store::TicketStore;
use crate::i18n::Translation;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
pub use installation::InstallationStore;
pub use limits::LimitStore;
use std::sync::Arc;

pub use crate::db::{whole_seconds, Backend, StoreError, StoreResult};

#[async_trait]
pub trait Store:
    AccountStore
    + AccessLogStore
    + TeamStore
    + NoticeStore
    + MessageStore
    + SeriesMessageStore
    + ReminderStore
    + ConsentStore
    + PrivacyStore
    + ReportStore
    + AgendaStore
    + AnnouncementStore
    + CalendarStore
    + CheckinStore
    + OfflineStore
    + DocumentStore
    + InstallationStore
    + LimitStore
    + IntakeStore
    + InvitationStore
    + ImportStore
    + ListStore
    + OutboxStore
    + ParticipantStore
    + PartnerStore
    + RegistrationStore
    + TicketStore
    + Send
    + Sync
    + 'static
{
    fn backend(&self) -> Backend;
    async fn ping(&self) -> StoreResult<()>;
    /// Closes the connection pool; later calls fail (used at shutdown and by tests).
    async fn close(&self);
    async fn migrate(&self) -> StoreResult<()>;
    /// How many of this build's migrations the database has not had yet.
    async fn pending_migrations(&self) -> StoreResult<usize>;
    /// Refreshes the planner's statistics (PostgreSQL `ANALYZE`) after migrations and bulk loads,
    /// so that prepared statements are planned for the data they meet even where autovacuum is
    /// off. SQLite plans by its indexes alone and has nothing to do.
    async fn refresh_statistics(&self) -> StoreResult<()>;
    /// True when no series exists yet (the demo seeder only runs then).
    async fn is_empty(&self) -> StoreResult<bool>;
    /// This server's turn to run the scheduled job `job` (retention, housekeeping, hold
    /// expiry), or `None` when another server is running it now.
    async fn job_turn(&self, job: &str) -> StoreResult<Option<crate::db::JobTurn>>;
    // Series, stakeholder groups, forums, sessions.
    async fn create_series(&self, series: &NewSeries) -> StoreResult<SeriesId>;
    /// The first published series (or the first series when none is published).
    async fn first_series(&self) -> StoreResult<Option<SeriesRecord>>;
    async fn series(&self, id: SeriesId) -> StoreResult<Option<SeriesRecord>>;
    async fn list_series(&self) -> StoreResult<Vec<SeriesRecord>>;
    async fn update_series(&self, id: SeriesId, series: &NewSeries) -> StoreResult<()>;
    async fn set_series_status(&self, id: SeriesId, status: ForumStatus) -> StoreResult<()>;
    /// Deletes a series with its forums, groups and their translations if `slug` is its slug.
    async fn delete_series(&self, id: SeriesId, slug: &str) -> StoreResult<()>;
    async fn create_stakeholder_group(
        &self,
        series: SeriesId,
        key: &str,
        name: &str,
        position: i64,
    ) -> StoreResult<StakeholderGroupId>;
    async fn stakeholder_groups(&self, series: SeriesId) -> StoreResult<Vec<StakeholderGroup>>;
    async fn create_forum(&self, forum: &NewForum) -> StoreResult<ForumId>;
    async fn list_forums(&self, published_only: bool) -> StoreResult<Vec<ForumSummary>>;
    async fn forum_by_slug(&self, slug: &str) -> StoreResult<Option<ForumRecord>>;
    /// The forum event's SEQUENCE (raised by changes a calendar must notice) and when it last
    /// changed.
    async fn forum_ics_meta(&self, forum: ForumId) -> StoreResult<(i64, DateTime<Utc>)>;
    async fn set_forum_status(&self, forum: ForumId, status: ForumStatus) -> StoreResult<()>;
    /// Updates every field but the status (the forum may move to another series).
    async fn update_forum(&self, forum: ForumId, update: &NewForum) -> StoreResult<()>;
    /// Deletes a forum and its translations if `slug` is its slug; `NotFound` otherwise.
    async fn delete_forum(&self, forum: ForumId, slug: &str) -> StoreResult<()>;

    // Content translations (entity: "forum", "series", "group", "session", "room", "track",
    // "person", "announcement" or "document").
    async fn translations_of_kind(&self, entity: &str) -> StoreResult<Vec<Translation>>;
    /// The records of one kind an organiser translates, in their default language: a forum's
    /// (`forum` given) or the series-wide ones (announcements only).
    async fn translatable(
        &self,
        entity: &str,
        forum: Option<ForumId>,
    ) -> StoreResult<Vec<records::TranslatableRecord>>;
    /// Writes all fields of one locale at once; an empty value removes that translation.
    async fn set_translations(
        &self,
        entity: &str,
        entity_id: i64,
        locale: &str,
        values: &[(String, String)],
    ) -> StoreResult<()>;
    /// The forum a translatable record belongs to: `None` when there is no such record,
    /// `Some(None)` for series-wide ones (the series, its groups, series-wide announcements).
    async fn entity_forum(&self, entity: &str, id: i64) -> StoreResult<Option<Option<ForumId>>>;
    /// The series a series-wide translatable record belongs to (the series, a group, a
    /// series-wide announcement); `None` for other kinds or no such record.
    async fn entity_series(&self, entity: &str, id: i64) -> StoreResult<Option<SeriesId>>;
    async fn set_forum_default_locale(&self, forum: ForumId, locale: &str) -> StoreResult<()>;
}

/// Opens the store named by a database URL (`sqlite:` or `postgres:`), creating a SQLite file and
/// its directory when missing, and runs the embedded migrations.
pub async fn open(url: &str) -> StoreResult<Arc<dyn Store>> {
    open_with(url, true).await
}

/// Opens the database; with `migrate` false (a server started with `--no-migrate` during a
/// rolling deploy, after `server migrate` ran once) it only checks that none is pending.
pub async fn open_with(url: &str, migrate: bool) -> StoreResult<Arc<dyn Store>> {
    let store: Arc<dyn Store> = if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        Arc::new(PgStore::connect(url).await?)
    } else if url.starts_with("sqlite:") {
        Arc::new(SqliteStore::connect(url).await?)
    } else {
        return Err(StoreError::Other(
            format!("DATABASE_URL must start with sqlite: or postgres:, got {url:?}").into(),
        ));
    };
    if migrate {
        store.migrate().await?;
        store.refresh_statistics().await?;
    } else {
        let pending = store.pending_migrations().await?;
        if pending > 0 {
            return Err(StoreError::Other(
                format!(
                    "the database lacks {pending} of this version's migrations: run `server migrate` \
                     once first (or start without --no-migrate)"
                )
                .into(),
            ));
        }
    }
    Ok(store)
}

/// Reads the installation's key ring into `ring` (at start, every few seconds after, and when a
/// code names a key this server does not know).
pub async fn load_keyring(store: &dyn Store, ring: &crate::secrets::Keyring) -> StoreResult<()> {
    ring.install(&store.signing_keys().await?);
    Ok(())
}

/// Measures how far this server's clock is from the database's and corrects `clock::now` by it.
pub async fn follow_database_clock(store: &dyn Store) -> StoreResult<chrono::Duration> {
    let sent = Utc::now();
    let database = store.database_now().await?;
    Ok(crate::clock::set_database_offset(
        sent,
        database,
        Utc::now(),
    ))
}
