use crate::i18n::LocalText;
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

pub use crate::ids::{ForumId, SeriesId, SessionId, StakeholderGroupId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ForumStatus {
    Draft,
    Published,
}

impl ForumStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ForumStatus::Draft => "draft",
            ForumStatus::Published => "published",
        }
    }
}

impl std::str::FromStr for ForumStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "draft" => Ok(ForumStatus::Draft),
            "published" => Ok(ForumStatus::Published),
            other => Err(format!("unknown forum status {other:?}")),
        }
    }
}

impl TryFrom<String> for ForumStatus {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

/// A series as the organiser's list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesSummary {
    pub id: SeriesId,
    pub slug: String,
    pub title: String,
    pub status: ForumStatus,
}

/// The six countries of the initiative, by ISO 3166 code (Kosovo as the common `XK`).
pub const COUNTRIES: [&str; 6] = ["AL", "BA", "XK", "ME", "MK", "RS"];

/// Catalogue key of a country's name.
pub fn country_key(code: &str) -> String {
    format!("country.{code}")
}

/// A forum as lists show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ForumSummary {
    pub id: ForumId,
    pub slug: String,
    pub title: String,
    pub city: String,
    pub country: String,
    pub venue: String,
    pub time_zone: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub capacity: i64,
    #[cfg_attr(feature = "ssr", sqlx(try_from = "String"))]
    pub status: ForumStatus,
    /// The language of the base texts; translations fall back to it.
    pub default_locale: String,
    /// Set when `title` is shown in the default language for want of a translation.
    #[cfg_attr(feature = "ssr", sqlx(skip))]
    pub title_fallback: Option<String>,
}

/// One stakeholder group of a series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct StakeholderGroup {
    pub id: StakeholderGroupId,
    pub key: String,
    pub name: String,
    /// Set when `name` is shown in the default language for want of a translation.
    #[cfg_attr(feature = "ssr", sqlx(skip))]
    pub name_fallback: Option<String>,
}

/// A session as the forum page shows it: local day and times in the forum's zone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionView {
    pub id: SessionId,
    pub title: String,
    /// The title's language when it is not the reader's (no translation).
    pub title_fallback: Option<String>,
    pub kind: String,
    pub cancelled: bool,
    pub day: NaiveDate,
    pub starts: NaiveTime,
    pub ends: NaiveTime,
    /// The zone's abbreviation at that moment, e.g. "CET" or "CEST".
    pub zone: String,
}

/// Everything the public forum page needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForumPageData {
    pub forum: ForumSummary,
    pub description: LocalText,
    pub series_title: LocalText,
    pub groups: Vec<StakeholderGroup>,
    pub sessions: Vec<SessionView>,
    /// True once the forum's last day is over (in its own time zone).
    pub past: bool,
}

/// The home page: the series and its published forums, split by date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HomeData {
    pub series_title: Option<LocalText>,
    pub series_description: Option<LocalText>,
    pub upcoming: Vec<ForumSummary>,
    pub past: Vec<ForumSummary>,
}

/// Splits forums into upcoming (ending today or later, soonest first) and past (latest first).
pub fn split_by_date(
    forums: Vec<ForumSummary>,
    today: NaiveDate,
) -> (Vec<ForumSummary>, Vec<ForumSummary>) {
    let (mut upcoming, mut past): (Vec<_>, Vec<_>) =
        forums.into_iter().partition(|f| f.ends_on >= today);
    upcoming.sort_by_key(|f| (f.starts_on, f.id.0));
    past.sort_by_key(|f| std::cmp::Reverse(f.starts_on));
    (upcoming, past)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forum(id: i64, start: (i32, u32, u32), days: i64) -> ForumSummary {
        let starts_on = NaiveDate::from_ymd_opt(start.0, start.1, start.2).expect("date");
        ForumSummary {
            id: ForumId(id),
            slug: format!("f{id}"),
            title: format!("Forum {id}"),
            city: "Tirana".into(),
            country: "AL".into(),
            venue: "Hall".into(),
            time_zone: "Europe/Tirane".into(),
            starts_on,
            ends_on: starts_on + chrono::Duration::days(days),
            capacity: 100,
            status: ForumStatus::Published,
            default_locale: "en".into(),
            title_fallback: None,
        }
    }

    #[test]
    fn a_forum_running_today_is_upcoming_and_past_ones_are_newest_first() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).expect("date");
        let (up, past) = split_by_date(
            vec![
                forum(1, (2026, 12, 10), 1),
                forum(2, (2026, 11, 28), 1),
                forum(3, (2026, 9, 1), 0),
                forum(4, (2026, 10, 1), 0),
            ],
            today,
        );
        assert_eq!(up.iter().map(|f| f.id.0).collect::<Vec<_>>(), vec![2, 1]);
        assert_eq!(past.iter().map(|f| f.id.0).collect::<Vec<_>>(), vec![4, 3]);
    }
}

/// What an organiser's forum form describes, checked: written by the store as it is.
#[derive(Debug, Clone, PartialEq)]
pub struct ForumDetails {
    pub slug: String,
    pub title: String,
    pub description: String,
    pub city: String,
    pub country: String,
    pub venue: String,
    pub time_zone: String,
    pub starts_on: chrono::NaiveDate,
    pub ends_on: chrono::NaiveDate,
    pub capacity: i64,
    pub default_locale: String,
}
