//! Records the store reads and writes that pages do not see directly.

use crate::features::agenda::types::{RoomId, TrackId};
use crate::features::forums::types::{ForumId, ForumStatus, ForumSummary, SeriesId, SessionId};
use chrono::{DateTime, Utc};

pub use crate::features::accounts::store::{AccountRecord, NewAccount};

pub struct NewSeries {
    pub slug: String,
    pub title: String,
    pub description: String,
    pub default_locale: String,
    pub status: ForumStatus,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SeriesRecord {
    pub id: SeriesId,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub default_locale: String,
    #[sqlx(try_from = "String")]
    pub status: ForumStatus,
}

/// A forum to write: its series and status, and the details its form gave.
pub struct NewForum {
    pub series_id: SeriesId,
    pub status: ForumStatus,
    pub details: crate::features::forums::types::ForumDetails,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ForumRecord {
    #[sqlx(flatten)]
    pub summary: ForumSummary,
    pub series_id: SeriesId,
    pub description: String,
}

pub use crate::features::agenda::rules::NewSession;

/// One record's translatable texts in its default language (the translation screens): `first`
/// and `second` are the kind's fields in the order `fields_of` names them.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TranslatableRecord {
    pub id: i64,
    pub heading: String,
    pub base_lang: String,
    pub first: String,
    pub second: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRecord {
    pub id: SessionId,
    pub forum_id: ForumId,
    pub title: String,
    pub description: String,
    pub kind: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub room_id: Option<RoomId>,
    pub track_id: Option<TrackId>,
    pub language: String,
    pub interpretation: String,
    /// `scheduled` or `cancelled`.
    pub status: String,
    /// Raised whenever time, place, title or status change (calendars follow it).
    pub sequence: i64,
    /// When the session last changed (calendars' LAST-MODIFIED); none for rows from before.
    pub updated_at: Option<DateTime<Utc>>,
    /// Set once the texts are in a reader's language: the language the title (description) is
    /// shown in when it has no translation into it.
    #[sqlx(skip)]
    pub title_fallback: Option<String>,
    #[sqlx(skip)]
    pub description_fallback: Option<String>,
}
