//! The agenda's rules as pure functions: parsing organiser forms into checked values, overlap
//! and double-booking detection. The store applies the room rule atomically (see `store.rs`).

use super::types::{
    AgendaSession, DoubleBooking, RoomId, TrackId, PERSON_ROLES, SESSION_KINDS, SESSION_LANGUAGES,
};
use crate::error::FieldError;
use crate::features::forums::types::StakeholderGroupId;
use crate::text::{line_field, text_field};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// An optional id from a select (`""` is none).
fn optional_id(errors: &mut Vec<FieldError>, field: &str, value: &str) -> Option<i64> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    match value.parse::<i64>() {
        Ok(id) if id > 0 => Some(id),
        _ => {
            errors.push(FieldError::new(field, "error.invalid"));
            None
        }
    }
}

/// A session form as submitted.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SessionForm {
    pub title: String,
    pub description: String,
    pub kind: String,
    /// `YYYY-MM-DD`, one of the forum's days.
    pub day: String,
    /// `HH:MM` in the forum's time zone.
    pub starts: String,
    pub ends: String,
    pub room_id: String,
    pub track_id: String,
    pub language: String,
    /// Checked interpretation languages: `form[interpretation][sq]=on`.
    #[serde(default)]
    pub interpretation: BTreeMap<String, String>,
}

/// A session form that passed every check, its times in UTC: what the store writes.
#[derive(Debug, Clone, PartialEq)]
pub struct NewSession {
    pub forum_id: crate::ids::ForumId,
    pub title: String,
    pub description: String,
    pub kind: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub room_id: Option<RoomId>,
    pub track_id: Option<TrackId>,
    pub language: String,
    /// Interpretation languages (codes), not the session's own.
    pub interpretation: Vec<String>,
}

fn time_field(errors: &mut Vec<FieldError>, field: &str, value: &str) -> Option<NaiveTime> {
    let value = value.trim();
    let parsed = NaiveTime::parse_from_str(value, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(value, "%H:%M:%S"));
    match parsed {
        Ok(t) => Some(t),
        Err(_) if value.is_empty() => {
            errors.push(FieldError::new(field, "error.required"));
            None
        }
        Err(_) => {
            errors.push(FieldError::new(field, "error.time_invalid"));
            None
        }
    }
}

impl SessionForm {
    /// Checks the form against the forum's first and last day; `to_utc` turns a wall-clock time
    /// in the forum's zone into an instant (`None` for a time skipped by a clock change).
    pub fn parse(
        &self,
        forum_id: crate::ids::ForumId,
        first_day: NaiveDate,
        last_day: NaiveDate,
        to_utc: impl Fn(NaiveDate, NaiveTime) -> Option<DateTime<Utc>>,
    ) -> Result<NewSession, Vec<FieldError>> {
        let mut errors = Vec::new();
        let title = line_field(&mut errors, "title", &self.title, 200, true);
        let description = text_field(&mut errors, "description", &self.description, 5_000, false);
        if !SESSION_KINDS.contains(&self.kind.as_str()) {
            errors.push(FieldError::new("kind", "error.invalid"));
        }
        let day = match NaiveDate::parse_from_str(self.day.trim(), "%Y-%m-%d") {
            Ok(d) if d >= first_day && d <= last_day => Some(d),
            Ok(_) => {
                errors.push(FieldError::new("day", "error.outside_forum"));
                None
            }
            Err(_) => {
                errors.push(FieldError::new("day", "error.date_invalid"));
                None
            }
        };
        let starts = time_field(&mut errors, "starts", &self.starts);
        let ends = time_field(&mut errors, "ends", &self.ends);
        let mut instants = None;
        if let (Some(day), Some(s), Some(e)) = (day, starts, ends) {
            match (to_utc(day, s), to_utc(day, e)) {
                (None, _) => errors.push(FieldError::new("starts", "error.time_skipped")),
                (_, None) => errors.push(FieldError::new("ends", "error.time_skipped")),
                (Some(a), Some(b)) if b <= a => {
                    errors.push(FieldError::new("ends", "error.end_before_start"))
                }
                (Some(a), Some(b)) => instants = Some((a, b)),
            }
        }
        let room_id = optional_id(&mut errors, "room_id", &self.room_id).map(RoomId);
        let track_id = optional_id(&mut errors, "track_id", &self.track_id).map(TrackId);
        if !SESSION_LANGUAGES.contains(&self.language.as_str()) {
            errors.push(FieldError::new("language", "error.invalid"));
        }
        let mut interpretation = Vec::new();
        for code in self.interpretation.keys() {
            if !SESSION_LANGUAGES.contains(&code.as_str()) {
                errors.push(FieldError::new("interpretation", "error.invalid"));
                break;
            }
            if *code != self.language {
                interpretation.push(code.clone());
            }
        }
        match instants {
            Some((starts_at, ends_at)) if errors.is_empty() => Ok(NewSession {
                forum_id,
                title,
                description,
                kind: self.kind.clone(),
                starts_at,
                ends_at,
                room_id,
                track_id,
                language: self.language.clone(),
                interpretation,
            }),
            _ => Err(errors),
        }
    }
}

/// Room form as submitted and as checked.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RoomForm {
    pub name: String,
    pub capacity: String,
    pub accessibility: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RoomInput {
    pub name: String,
    pub capacity: Option<i64>,
    pub accessibility: String,
}

impl RoomForm {
    pub fn parse(&self) -> Result<RoomInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = line_field(&mut errors, "name", &self.name, 100, true);
        let accessibility = text_field(
            &mut errors,
            "accessibility",
            &self.accessibility,
            500,
            false,
        );
        let capacity = match self.capacity.trim() {
            "" => None,
            n => match n.parse::<i64>() {
                Ok(c) if (1..=100_000).contains(&c) => Some(c),
                _ => {
                    errors.push(FieldError::new("capacity", "error.capacity_invalid"));
                    None
                }
            },
        };
        if errors.is_empty() {
            Ok(RoomInput {
                name,
                capacity,
                accessibility,
            })
        } else {
            Err(errors)
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TrackForm {
    pub name: String,
    pub colour: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TrackInput {
    pub name: String,
    pub colour: String,
}

fn is_hex_colour(value: &str) -> bool {
    value.len() == 7 && value.starts_with('#') && value[1..].chars().all(|c| c.is_ascii_hexdigit())
}

impl TrackForm {
    pub fn parse(&self) -> Result<TrackInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = line_field(&mut errors, "name", &self.name, 100, true);
        let colour = self.colour.trim().to_lowercase();
        if !is_hex_colour(&colour) {
            errors.push(FieldError::new("colour", "error.colour_invalid"));
        }
        if errors.is_empty() {
            Ok(TrackInput { name, colour })
        } else {
            Err(errors)
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PersonForm {
    pub name: String,
    pub affiliation: String,
    pub title: String,
    pub group_id: String,
    pub country: String,
    pub bio: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PersonInput {
    pub name: String,
    pub affiliation: String,
    pub title: String,
    pub group_id: Option<StakeholderGroupId>,
    pub country: String,
    pub bio: String,
}

impl PersonForm {
    pub fn parse(&self) -> Result<PersonInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = line_field(&mut errors, "name", &self.name, 200, true);
        let affiliation = line_field(&mut errors, "affiliation", &self.affiliation, 200, false);
        let title = line_field(&mut errors, "title", &self.title, 200, false);
        let bio = text_field(&mut errors, "bio", &self.bio, 2_000, false);
        let group_id = optional_id(&mut errors, "group_id", &self.group_id).map(StakeholderGroupId);
        let country = self.country.trim().to_string();
        let known = crate::features::forums::types::COUNTRIES.contains(&country.as_str());
        if !(country.is_empty() || known || country == "other") {
            errors.push(FieldError::new("country", "error.invalid"));
        }
        if errors.is_empty() {
            Ok(PersonInput {
                name,
                affiliation,
                title,
                group_id,
                country,
                bio,
            })
        } else {
            Err(errors)
        }
    }
}

/// Checks a role name from the assignment form.
pub fn parse_role(role: &str) -> Result<&'static str, Vec<FieldError>> {
    PERSON_ROLES
        .iter()
        .find(|r| **r == role)
        .copied()
        .ok_or_else(|| vec![FieldError::new("role", "error.invalid")])
}

/// True when two half-open intervals `[a0, a1)` and `[b0, b1)` share a moment.
pub fn overlaps<T: PartialOrd>(a0: T, a1: T, b0: T, b1: T) -> bool {
    a0 < b1 && b0 < a1
}

/// Every person who takes part in two sessions that are not cancelled and overlap in time.
pub fn double_bookings(sessions: &[AgendaSession]) -> Vec<DoubleBooking> {
    let live: Vec<&AgendaSession> = sessions.iter().filter(|s| !s.cancelled).collect();
    let mut found = Vec::new();
    for (i, a) in live.iter().enumerate() {
        for b in &live[i + 1..] {
            if a.day != b.day || !overlaps(a.starts, a.ends, b.starts, b.ends) {
                continue;
            }
            for p in &a.people {
                if b.people.iter().any(|q| q.person_id == p.person_id) {
                    found.push(DoubleBooking {
                        person: p.name.clone(),
                        first: a.id,
                        first_title: a.title.clone(),
                        second: b.id,
                        second_title: b.title.clone(),
                    });
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::agenda::types::{PersonId, SessionPerson};
    use crate::features::forums::types::SessionId;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 10, d).expect("date")
    }

    fn utc(date: NaiveDate, time: NaiveTime) -> Option<DateTime<Utc>> {
        Some(date.and_time(time).and_utc())
    }

    fn form() -> SessionForm {
        SessionForm {
            title: "Panel".into(),
            kind: "panel".into(),
            day: "2026-10-25".into(),
            starts: "10:00".into(),
            ends: "11:30".into(),
            language: "en".into(),
            ..Default::default()
        }
    }

    fn errors(result: Result<NewSession, Vec<FieldError>>) -> Vec<String> {
        result
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| format!("{}:{}", e.field, e.key))
            .collect()
    }

    #[test]
    fn a_valid_session_parses_with_interpretation_but_not_into_its_own_language() {
        let mut f = form();
        f.interpretation.insert("sq".into(), "on".into());
        f.interpretation.insert("en".into(), "on".into());
        f.room_id = "3".into();
        let draft = f
            .parse(crate::ids::ForumId(1), day(24), day(25), utc)
            .expect("valid");
        assert_eq!(draft.interpretation, vec!["sq".to_string()]);
        assert_eq!(draft.room_id, Some(RoomId(3)));
        assert_eq!(
            draft.ends_at - draft.starts_at,
            chrono::Duration::minutes(90)
        );
    }

    #[test]
    fn end_before_start_outside_the_forum_and_bad_values_are_refused() {
        let f = SessionForm {
            ends: "09:00".into(),
            ..form()
        };
        assert_eq!(
            errors(f.parse(crate::ids::ForumId(1), day(24), day(25), utc)),
            vec!["ends:error.end_before_start"]
        );
        let f = SessionForm {
            day: "2026-10-26".into(),
            ..form()
        };
        assert_eq!(
            errors(f.parse(crate::ids::ForumId(1), day(24), day(25), utc)),
            vec!["day:error.outside_forum"]
        );
        let f = SessionForm {
            kind: "party".into(),
            starts: "25:00".into(),
            room_id: "x".into(),
            language: "de".into(),
            ..form()
        };
        assert_eq!(
            errors(f.parse(crate::ids::ForumId(1), day(24), day(25), utc)),
            vec![
                "kind:error.invalid",
                "starts:error.time_invalid",
                "room_id:error.invalid",
                "language:error.invalid"
            ]
        );
        let skipped = form().parse(crate::ids::ForumId(1), day(24), day(25), |_, _| None);
        assert_eq!(errors(skipped), vec!["starts:error.time_skipped"]);
    }

    #[test]
    fn forms_for_rooms_tracks_and_people_check_their_fields() {
        let room = RoomForm {
            name: "Hall A".into(),
            capacity: "120".into(),
            ..Default::default()
        };
        assert_eq!(room.parse().expect("room").capacity, Some(120));
        let bad = RoomForm {
            name: "".into(),
            capacity: "-3".into(),
            ..Default::default()
        };
        assert_eq!(bad.parse().expect_err("bad").len(), 2);
        let track = TrackForm {
            name: "Health".into(),
            colour: "#2F6B4F".into(),
        };
        assert_eq!(track.parse().expect("track").colour, "#2f6b4f");
        assert!(TrackForm {
            name: "x".into(),
            colour: "red".into()
        }
        .parse()
        .is_err());
        let person = PersonForm {
            name: "Ana".into(),
            country: "DE".into(),
            ..Default::default()
        };
        assert_eq!(person.parse().expect_err("country")[0].field, "country");
        assert!(parse_role("speaker").is_ok());
        assert!(parse_role("dj").is_err());
    }

    fn session(id: i64, start: u32, end: u32, people: &[i64], cancelled: bool) -> AgendaSession {
        AgendaSession {
            id: SessionId(id),
            title: format!("S{id}"),
            description: String::new(),
            title_fallback: None,
            description_fallback: None,
            kind: "panel".into(),
            cancelled,
            day: day(25),
            starts: NaiveTime::from_hms_opt(start, 0, 0).expect("t"),
            ends: NaiveTime::from_hms_opt(end, 0, 0).expect("t"),
            starts_utc: chrono::DateTime::<chrono::Utc>::default(),
            ends_utc: chrono::DateTime::<chrono::Utc>::default(),
            zone: "CET".into(),
            room: None,
            track: None,
            language: "en".into(),
            interpretation: vec![],
            people: people
                .iter()
                .map(|p| SessionPerson {
                    person_id: PersonId(*p),
                    name: format!("P{p}"),
                    affiliation: String::new(),
                    role: "speaker".into(),
                })
                .collect(),
        }
    }

    #[test]
    fn a_person_in_two_overlapping_sessions_is_reported_once_per_pair() {
        let sessions = vec![
            session(1, 10, 12, &[7, 8], false),
            session(2, 11, 13, &[7], false),
            session(3, 12, 13, &[8], false),
            session(4, 10, 11, &[8], true),
        ];
        let found = double_bookings(&sessions);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].person, "P7");
        assert_eq!(
            (found[0].first, found[0].second),
            (SessionId(1), SessionId(2))
        );
        assert!(overlaps(1, 3, 2, 4));
        assert!(
            !overlaps(1, 2, 2, 3),
            "back-to-back sessions do not overlap"
        );
    }
}
