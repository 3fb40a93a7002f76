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

/// Errors of the data layer. `AppError` is built from these at the server-function boundary.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("record not found")]
    NotFound,
    #[error("conflicts with an existing record: {0}")]
    Conflict(String),
    #[error(transparent)]
    Other(#[from] Box<dyn std::error::Error + Send + Sync>),
}

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> Self {
        match &err {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                StoreError::Conflict(db.message().to_string())
            }
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

pub const FORUM_COLUMNS: &str = "id, slug, title, city, country, venue, time_zone, \
     starts_on, ends_on, capacity, status, series_id, description, default_locale";

/// Timestamps are kept to whole seconds so that SQLite's text form sorts like the instant.
pub fn whole_seconds(t: DateTime<Utc>) -> DateTime<Utc> {
    use chrono::Timelike;
    t.with_nanosecond(0).unwrap_or(t)
}
