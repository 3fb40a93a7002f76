//! The data layer's kernel: what every feature's store shares and nothing above it. Errors
//! (`StoreError`, `StoreResult`), which backend a store is, time stamps as stored, and the
//! forum columns that several features select. Imports no feature.

use chrono::{DateTime, Utc};

/// Which database a store talks to (reported by `/health`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// The differences between the two databases, declared once. Each store macro asks its backend
/// these questions instead of guessing from SQL fragments.
pub trait Dialect {
    const BACKEND: Backend;
    /// Whether a SELECT can lock the rows it reads until the transaction ends (PostgreSQL). Where
    /// it cannot (SQLite), every write transaction is exclusive and begins with the write lock.
    const LOCKS_ROWS: bool;
    /// A statement that takes a lock on the text key `$1` until the transaction ends, where
    /// transactions can run side by side (PostgreSQL's advisory locks).
    const KEY_LOCK: Option<&'static str>;
    /// A statement that refreshes the planner's statistics, where the planner keeps any.
    const ANALYZE: Option<&'static str>;
    /// A statement that tries (without waiting) to take a lock on the text key `$1` for as long
    /// as the connection lives, answering whether it got it, where several servers share the
    /// database (PostgreSQL's session advisory locks).
    const JOB_LOCK: Option<&'static str>;

    /// The suffix that locks the rows a SELECT reads (empty where write transactions are
    /// exclusive anyway).
    fn row_lock() -> &'static str {
        if Self::LOCKS_ROWS {
            " FOR UPDATE"
        } else {
            ""
        }
    }

    /// The suffix that locks only the rows of the table aliased `alias` in a joined SELECT.
    fn row_lock_of(alias: &str) -> String {
        if Self::LOCKS_ROWS {
            format!(" FOR UPDATE OF {alias}")
        } else {
            String::new()
        }
    }
}

/// A scheduled job's turn: while it is held no other server runs the job. PostgreSQL's lock
/// belongs to a connection of its own, closed (and the lock released) when this is dropped,
/// or by the database if the server dies; SQLite has one server, whose turn is always free.
pub struct JobTurn(#[allow(dead_code)] Option<Box<dyn std::any::Any + Send + Sync>>);

impl JobTurn {
    pub fn free() -> Self {
        JobTurn(None)
    }

    pub fn holding<C: std::any::Any + Send + Sync>(connection: C) -> Self {
        JobTurn(Some(Box::new(connection)))
    }
}

/// Errors of the data layer: failures, not business refusals (full, closed, room taken), which
/// each store method returns as its own outcome enum. `AppError` is built from these with `?`.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("record not found")]
    NotFound,
    /// A unique index refused the write (the database's message, for the log only).
    #[error("duplicates an existing record: {0}")]
    Duplicate(String),
    /// The database did not answer in time or cannot be reached now: a lock held too long
    /// (`lock_timeout`, SQLite's busy timeout), a statement past `statement_timeout`, no free
    /// connection, a connection refused or lost, a server shutting down. Try again later.
    #[error("the database is busy: {0}")]
    Busy(String),
    /// The disk is full or read-only (SQLite's FULL, READONLY or a failed write; PostgreSQL's
    /// disk_full): nothing was written. Reads go on working.
    #[error("the database cannot write: {0}")]
    Full(String),
    /// Text the database cannot hold (PostgreSQL refuses a NUL byte, which SQLite keeps): the
    /// request's fault, answered 400.
    #[error("text the database cannot hold: {0}")]
    BadText(String),
    #[error(transparent)]
    Other(#[from] Box<dyn std::error::Error + Send + Sync>),
}

/// Whether an error of the database means "busy, try again" rather than a fault: PostgreSQL's
/// lock_not_available (55P03), query_canceled by statement_timeout (57014) and deadlocks
/// (40P01); SQLite's BUSY (5) and LOCKED (6).
fn is_busy(db: &dyn sqlx::error::DatabaseError) -> bool {
    matches!(
        db.code().as_deref(),
        Some("55P03") | Some("57014") | Some("40P01") | Some("5") | Some("6")
    )
}

/// Whether the database could not write for want of room or permission: SQLite's FULL (13),
/// READONLY (8 and its extended codes) and IOERR_WRITE (778, a write the system refused, such as
/// past a file-size limit); PostgreSQL's disk_full (53100) and read_only_sql_transaction (25006).
fn cannot_write(db: &dyn sqlx::error::DatabaseError) -> bool {
    db.code().is_some_and(|c| {
        matches!(c.as_ref(), "13" | "8" | "778" | "53100" | "25006")
            // SQLite's extended codes (never five characters, as PostgreSQL's always are).
            || (c.len() < 5 && c.parse::<u32>().is_ok_and(|n| n & 0xff == 8 || n & 0xff == 13))
    })
}

/// Whether PostgreSQL ended the session: admin_shutdown (57P01, also `pg_terminate_backend`),
/// crash_shutdown (57P02), cannot_connect_now (57P03) and the connection exceptions (class 08).
fn is_unreachable(db: &dyn sqlx::error::DatabaseError) -> bool {
    db.code()
        .is_some_and(|c| matches!(c.as_ref(), "57P01" | "57P02" | "57P03") || c.starts_with("08"))
}

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> Self {
        match &err {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                StoreError::Duplicate(db.message().to_string())
            }
            sqlx::Error::Database(db) if is_busy(db.as_ref()) => {
                StoreError::Busy(db.message().to_string())
            }
            sqlx::Error::Database(db)
                if matches!(db.code().as_deref(), Some("22021") | Some("22P05")) =>
            {
                StoreError::BadText(db.message().to_string())
            }
            sqlx::Error::Database(db) if cannot_write(db.as_ref()) => {
                StoreError::Full(db.message().to_string())
            }
            sqlx::Error::Database(db) if is_unreachable(db.as_ref()) => {
                StoreError::Busy(format!("the database went away: {}", db.message()))
            }
            sqlx::Error::PoolTimedOut => StoreError::Busy("no free connection".into()),
            sqlx::Error::Io(e) => StoreError::Busy(format!("the database cannot be reached: {e}")),
            sqlx::Error::PoolClosed => StoreError::Busy("the server is stopping".into()),
            _ => StoreError::Other(Box::new(err)),
        }
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(err: sqlx::migrate::MigrateError) -> Self {
        StoreError::Other(Box::new(err))
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// A server function's `?` on a store call: a missing record is the person's 404; anything
/// else is unexpected, logged with its chain and shown as the opaque internal error.
impl From<StoreError> for crate::error::AppError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => crate::error::AppError::NotFound,
            StoreError::Busy(why) => {
                tracing::warn!(why = %why, "the database was busy; answered 503");
                crate::error::AppError::Unavailable {
                    retry_after_secs: 5,
                }
            }
            StoreError::BadText(why) => {
                tracing::info!(why = %why, "refused text the database cannot hold");
                crate::error::AppError::BadRequest("error.bad_request".into())
            }
            StoreError::Full(why) => {
                tracing::error!(why = %why, "the database cannot write (disk full or read-only); answered 507");
                crate::error::AppError::InsufficientStorage
            }
            other => crate::server::internal(other),
        }
    }
}

/// An UPDATE or DELETE that touched no row: the record is not there.
pub fn must_affect(rows: u64) -> StoreResult<()> {
    if rows == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

pub const FORUM_COLUMNS: &str = "id, slug, title, city, country, venue, time_zone, \
     starts_on, ends_on, capacity, status, series_id, description, default_locale";

/// Timestamps are kept to whole seconds so that SQLite's text form sorts like the instant.
pub fn whole_seconds(t: DateTime<Utc>) -> DateTime<Utc> {
    use chrono::Timelike;
    t.with_nanosecond(0).unwrap_or(t)
}
