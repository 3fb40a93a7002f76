//! Time-zone conversion for display: stored instants (UTC) into the forum's zone.

use super::types::SessionView;
use crate::store::records::SessionRecord;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// The forum's IANA zone; an unknown name (never stored by validated input) falls back to UTC.
pub fn parse_zone(name: &str) -> Tz {
    name.parse().unwrap_or(Tz::UTC)
}

/// The local wall-clock view of a session in `zone`, with the zone's abbreviation at that moment.
pub fn session_view(s: &SessionRecord, zone: Tz) -> SessionView {
    let starts = s.starts_at.with_timezone(&zone);
    let ends = s.ends_at.with_timezone(&zone);
    SessionView {
        id: s.id,
        title: s.title.clone(),
        title_fallback: s.title_fallback.clone(),
        kind: s.kind.clone(),
        cancelled: s.status == "cancelled",
        day: starts.date_naive(),
        starts: starts.time(),
        ends: ends.time(),
        zone: starts.format("%Z").to_string(),
    }
}

/// The UTC instant of a wall-clock time in `zone`. In the autumn overlap the earlier instant is
/// taken; a time skipped in spring is `None`.
pub fn local_to_utc(
    zone: Tz,
    date: chrono::NaiveDate,
    time: chrono::NaiveTime,
) -> Option<DateTime<Utc>> {
    use chrono::TimeZone;
    zone.from_local_datetime(&date.and_time(time))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::forums::types::{ForumId, SessionId};
    use chrono::{NaiveDate, NaiveTime};

    #[test]
    fn a_session_after_the_october_change_in_belgrade_is_shown_in_winter_time() {
        let zone = parse_zone("Europe/Belgrade");
        // 25 October 2026 is the last Sunday of October: clocks go back at 03:00 CEST.
        let date = NaiveDate::from_ymd_opt(2026, 10, 25).expect("date");
        let start = local_to_utc(zone, date, NaiveTime::from_hms_opt(10, 0, 0).expect("t"))
            .expect("exists");
        assert_eq!(start.to_rfc3339(), "2026-10-25T09:00:00+00:00");
        let before = local_to_utc(
            zone,
            NaiveDate::from_ymd_opt(2026, 10, 24).expect("date"),
            NaiveTime::from_hms_opt(10, 0, 0).expect("t"),
        )
        .expect("exists");
        assert_eq!(before.to_rfc3339(), "2026-10-24T08:00:00+00:00");
        let record = SessionRecord {
            id: SessionId(1),
            forum_id: ForumId(1),
            title: "Panel".into(),
            description: String::new(),
            kind: "panel".into(),
            starts_at: start,
            ends_at: start + chrono::Duration::hours(1),
            room_id: None,
            track_id: None,
            language: "en".into(),
            interpretation: String::new(),
            status: "scheduled".into(),
            sequence: 0,
            updated_at: None,
            title_fallback: None,
            description_fallback: None,
        };
        let view = session_view(&record, zone);
        assert_eq!(view.starts, NaiveTime::from_hms_opt(10, 0, 0).expect("t"));
        assert_eq!(view.zone, "CET");
    }

    #[test]
    fn a_skipped_spring_time_has_no_instant() {
        let zone = parse_zone("Europe/Skopje");
        let date = NaiveDate::from_ymd_opt(2027, 3, 28).expect("date");
        assert!(local_to_utc(zone, date, NaiveTime::from_hms_opt(2, 30, 0).expect("t")).is_none());
    }
}
