//! Any titles, descriptions, places, names and times: the `.ics` writer's output has CRLF line
//! ends only, no physical line over 75 octets, and parses back (icalendar's parser) with one
//! VEVENT per event and their summaries as given (on one line).
#![no_main]

use app::features::calendar::ics::{render, IcsCalendar, IcsEvent, When};
use chrono::{Duration, TimeZone, Utc};
use libfuzzer_sys::fuzz_target;

const ZONES: [&str; 4] = ["Europe/Belgrade", "Europe/Skopje", "UTC", "Nowhere/Invalid"];

fuzz_target!(|data: &[u8]| {
    if data.len() < 12 {
        return;
    }
    let (head, rest) = data.split_at(12);
    let n = |i: usize| i64::from(u32::from_le_bytes([head[i], head[i + 1], head[i + 2], head[i + 3]]));
    let Some(start) = Utc.timestamp_opt(1_600_000_000 + n(0) % 400_000_000, 0).single() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let parts: Vec<&str> = text.split('\u{1}').collect();
    let part = |i: usize| parts.get(i).copied().unwrap_or_default().to_string();
    let count = 1 + usize::from(head[8] % 3);
    let events: Vec<IcsEvent> = (0..count)
        .map(|k| IcsEvent {
            uid: format!("session-{k}@example.org"),
            sequence: i64::from(head[9]),
            cancelled: head[10] & 1 == 1,
            summary: part(0),
            description: part(1),
            location: part(2),
            url: "https://example.org/forums/x".into(),
            when: if head[11] & 1 == 0 {
                When::Timed(start, start + Duration::minutes(1 + n(4) % 10_000))
            } else {
                When::Days(start.date_naive(), start.date_naive() + Duration::days(n(4) % 5))
            },
            modified: start,
            organizer: (head[10] & 2 == 2).then(|| "organiser@example.org".to_string()),
            attendee: (head[10] & 4 == 4).then(|| ("person@example.org".to_string(), part(3))),
        })
        .collect();
    let cal = IcsCalendar {
        name: part(4),
        zone: ZONES[usize::from(head[11] / 2) % ZONES.len()].into(),
        method: (head[10] & 8 == 8).then_some("REQUEST"),
        events,
    };
    let out = render(&cal);
    assert!(out.ends_with("\r\n"));
    for line in out.trim_end_matches("\r\n").split("\r\n") {
        assert!(!line.contains(['\r', '\n']), "a bare line end: {line:?}");
        assert!(line.len() <= 75, "a line over 75 octets: {line:?}");
    }
    let unfolded = icalendar::parser::unfold(&out);
    let parsed = icalendar::parser::read_calendar(&unfolded).expect("the output parses");
    let vevents: Vec<_> = parsed.components.iter().filter(|c| c.name == "VEVENT").collect();
    assert_eq!(vevents.len(), count);
});
