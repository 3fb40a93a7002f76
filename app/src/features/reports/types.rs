//! The donor report as the page, the charts and the exports show it: tables of protected
//! figures with their labels in the reader's language, and the filters they were made with.

pub use super::suppress::Cell;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The filters of a report, as the query string gives them (`from`, `to` are `YYYY-MM-DD`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportFilter {
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    /// A check-in list key (forum report): "attended" then means checked in on this list.
    #[serde(default)]
    pub list: String,
    /// A forum slug (series report): only this forum.
    #[serde(default)]
    pub forum: String,
    /// "off" asks for the figures without small-number protection (admins only).
    #[serde(default)]
    pub protect: String,
}

impl ReportFilter {
    /// The filter as a query string (for the export links).
    pub fn query(&self) -> String {
        let enc = |s: &str| crate::text::encode_query(s);
        let mut parts = Vec::new();
        for (k, v) in [
            ("from", &self.from),
            ("to", &self.to),
            ("list", &self.list),
            ("forum", &self.forum),
            ("protect", &self.protect),
        ] {
            if !v.is_empty() {
                parts.push(format!("{k}={}", enc(v)));
            }
        }
        parts.join("&")
    }
}

/// One table of the report, labelled in the reader's language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// Stable name: `status_by_group`, `attended_group_country`, `sessions`, …
    pub key: String,
    pub title: String,
    /// What the figures count, in plain words.
    pub definition: String,
    /// The heading of the row labels' column.
    pub row_head: String,
    pub rows: Vec<String>,
    pub cols: Vec<String>,
    pub cells: Vec<Vec<Cell>>,
    /// The row totals' heading and figures, when rows add up.
    pub row_totals: Option<(String, Vec<Cell>)>,
    /// The column totals, when columns add up.
    pub col_totals: Option<Vec<Cell>>,
    pub grand: Option<Cell>,
}

/// Which report: a forum's or a series'.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReportScope {
    Forum { slug: String },
    Series { id: i64 },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub scope: ReportScope,
    pub title: String,
    /// The dates it covers, written out.
    pub period: String,
    pub threshold: i64,
    /// False when an admin switched small-number protection off.
    pub protected: bool,
    /// Admins may switch protection off for internal use.
    pub can_unprotect: bool,
    pub filter: ReportFilter,
    /// Check-in lists to filter by (forum report): (key, name).
    pub lists: Vec<(String, String)>,
    /// Forums to filter by (series report): (slug, title).
    pub forums: Vec<(String, String)>,
    /// When the forum's figures were frozen (forum report), or how many forums of the series
    /// are reported from frozen figures.
    pub frozen_at: Option<DateTime<Utc>>,
    pub frozen_forums: i64,
    /// The forum has ended and its organisers may freeze (or refresh) its figures.
    pub can_freeze: bool,
    /// The reader may set the series' threshold (admins, the series' lead organiser).
    pub can_configure: bool,
    /// The headline figures: (label, definition, figure).
    pub headline: Vec<(String, String, Cell)>,
    pub tables: Vec<Table>,
}

impl Report {
    pub fn table(&self, key: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.key == key)
    }
}

/// How a figure is written: the number, "<5", or "–".
pub fn cell_text(cell: Cell, threshold: i64) -> String {
    match cell {
        Cell::Shown(v) => v.to_string(),
        Cell::Small => format!("<{threshold}"),
        Cell::Hidden => "–".to_string(),
    }
}

/// The small-number thresholds a series may choose.
pub const THRESHOLDS: std::ops::RangeInclusive<i64> = 2..=20;
