//! Shared announcement types.

use crate::ids::ForumId;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
pub struct AnnouncementId(pub i64);

/// An announcement as stored (Markdown body), with its forum's address when it has one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Announcement {
    pub id: AnnouncementId,
    pub forum_id: Option<ForumId>,
    pub forum_slug: Option<String>,
    pub title: String,
    pub body: String,
    pub locale: String,
    /// `draft` or `published`.
    pub status: String,
    pub published_at: DateTime<Utc>,
    pub pinned: bool,
    pub updated_at: DateTime<Utc>,
}

impl Announcement {
    /// The stable address of its public page.
    pub fn path(&self) -> String {
        match &self.forum_slug {
            Some(slug) => format!("/forums/{slug}/announcements/{}", self.id.0),
            None => format!("/announcements/{}", self.id.0),
        }
    }
}

/// An announcement ready to read: its body rendered to sanitised HTML.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnnouncementView {
    pub id: AnnouncementId,
    pub path: String,
    pub forum_slug: Option<String>,
    pub forum_title: Option<String>,
    pub title: String,
    /// Sanitised HTML (ammonia); safe to insert.
    pub html: String,
    /// The first words, as plain text, for lists.
    pub excerpt: String,
    /// The language the body is shown in (the reader's, or the post's own when untranslated).
    pub locale: String,
    /// The language the title is shown in.
    pub title_lang: String,
    pub published_on: NaiveDate,
    pub pinned: bool,
    pub draft: bool,
}

/// The zone every forum of the initiative shares (all six countries keep Central European Time);
/// publication times of series-wide posts are entered and shown in it.
pub const SERIES_ZONE: &str = "Europe/Belgrade";
