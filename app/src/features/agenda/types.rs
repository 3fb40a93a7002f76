//! Shared agenda types (client and server).

use crate::features::forums::types::{
    ForumSummary, SessionId, StakeholderGroup, StakeholderGroupId,
};
use crate::i18n::LocalText;
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::ids::id_type;

id_type!(RoomId);
id_type!(TrackId);
id_type!(PersonId);

/// What a session is; the catalogue has `session.kind.<kind>` for each.
pub const SESSION_KINDS: [&str; 5] = ["plenary", "panel", "workshop", "break", "networking"];
/// A person's part in a session; the catalogue has `agenda.role.<role>` for each.
pub const PERSON_ROLES: [&str; 3] = ["chair", "moderator", "speaker"];
/// The languages a session can be held in or interpreted into.
pub const SESSION_LANGUAGES: [&str; 6] = ["en", "sq", "sr", "mk", "bs", "cnr"];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Room {
    pub id: RoomId,
    pub name: String,
    pub capacity: Option<i64>,
    pub accessibility: String,
    /// Set once in a reader's language: the language each text stays in (no translation).
    #[cfg_attr(feature = "ssr", sqlx(skip))]
    #[serde(default)]
    pub name_fallback: Option<String>,
    #[cfg_attr(feature = "ssr", sqlx(skip))]
    #[serde(default)]
    pub accessibility_fallback: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Track {
    pub id: TrackId,
    pub name: String,
    /// `#rrggbb`.
    pub colour: String,
    #[cfg_attr(feature = "ssr", sqlx(skip))]
    #[serde(default)]
    pub name_fallback: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Person {
    pub id: PersonId,
    pub name: String,
    pub affiliation: String,
    pub title: String,
    pub group_id: Option<StakeholderGroupId>,
    pub country: String,
    pub bio: String,
    #[cfg_attr(feature = "ssr", sqlx(skip))]
    #[serde(default)]
    pub title_fallback: Option<String>,
    #[cfg_attr(feature = "ssr", sqlx(skip))]
    #[serde(default)]
    pub bio_fallback: Option<String>,
}

/// A person as a session lists them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionPerson {
    pub person_id: PersonId,
    pub name: String,
    pub affiliation: String,
    pub role: String,
}

/// A session in the forum's local time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgendaSession {
    pub id: SessionId,
    pub title: String,
    pub description: String,
    /// The language the title (description) stays in when it has no translation into the
    /// reader's.
    pub title_fallback: Option<String>,
    pub description_fallback: Option<String>,
    pub kind: String,
    pub cancelled: bool,
    pub day: NaiveDate,
    pub starts: NaiveTime,
    pub ends: NaiveTime,
    /// The same start and end as instants (for calendar links).
    pub starts_utc: chrono::DateTime<chrono::Utc>,
    pub ends_utc: chrono::DateTime<chrono::Utc>,
    /// The zone's abbreviation at the start, e.g. "CET" or "CEST".
    pub zone: String,
    pub room: Option<RoomId>,
    pub track: Option<TrackId>,
    pub language: String,
    pub interpretation: Vec<String>,
    pub people: Vec<SessionPerson>,
}

/// Everything the agenda pages need for one forum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgendaData {
    pub forum: ForumSummary,
    pub series_title: LocalText,
    pub groups: Vec<StakeholderGroup>,
    pub rooms: Vec<Room>,
    pub tracks: Vec<Track>,
    pub people: Vec<Person>,
    pub sessions: Vec<AgendaSession>,
    /// The public address (absolute calendar links).
    pub base_url: String,
}

impl AgendaData {
    pub fn room(&self, id: Option<RoomId>) -> Option<&Room> {
        id.and_then(|id| self.rooms.iter().find(|r| r.id == id))
    }
    pub fn track(&self, id: Option<TrackId>) -> Option<&Track> {
        id.and_then(|id| self.tracks.iter().find(|t| t.id == id))
    }
    pub fn group_name(&self, id: Option<StakeholderGroupId>) -> Option<String> {
        id.and_then(|id| self.groups.iter().find(|g| g.id == id))
            .map(|g| g.name.clone())
    }
    /// The forum's days, first to last.
    pub fn days(&self) -> Vec<NaiveDate> {
        self.forum
            .starts_on
            .iter_days()
            .take_while(|d| *d <= self.forum.ends_on)
            .collect()
    }
    /// Sessions a person takes part in.
    pub fn sessions_of(&self, person: PersonId) -> Vec<&AgendaSession> {
        self.sessions
            .iter()
            .filter(|s| s.people.iter().any(|p| p.person_id == person))
            .collect()
    }
}

/// A warning for organisers: one person in two sessions at once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DoubleBooking {
    pub person: String,
    pub first: SessionId,
    pub first_title: String,
    pub second: SessionId,
    pub second_title: String,
}
