//! Shared document types.

use crate::ids::ForumId;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
pub struct DocumentId(pub i64);

/// The catalogue has `document.kind.<kind>` for each.
pub const DOCUMENT_KINDS: [&str; 4] = ["report", "recommendations", "presentation", "other"];

/// Default upload limit; `AGORA_UPLOAD_LIMIT_MB` changes it.
pub const DEFAULT_UPLOAD_LIMIT_MB: u64 = 20;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Document {
    pub id: DocumentId,
    pub forum_id: ForumId,
    pub title: String,
    pub locale: String,
    pub kind: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    /// Hex SHA-256 of the content: the stored file's name and the download's ETag.
    pub sha256: String,
    /// The title's language once put into a reader's (`None`: as written, in `locale`).
    #[cfg_attr(feature = "ssr", sqlx(skip))]
    #[serde(default)]
    pub title_lang: Option<String>,
}

/// A human size: "740 KB", "2.4 MB".
pub fn human_size(bytes: i64) -> String {
    let bytes = bytes.max(0) as f64;
    if bytes < 1_000_000.0 {
        format!("{} KB", (bytes / 1000.0).ceil() as i64)
    } else {
        format!("{:.1} MB", bytes / 1_000_000.0)
    }
}
