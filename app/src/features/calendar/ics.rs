//! iCalendar (RFC 5545) output: events with stable UIDs, SEQUENCE and STATUS, times in the
//! forum's zone with a matching VTIMEZONE (derived from the tz database for the years the events
//! span), text escaped and lines folded at 75 octets on character boundaries, CRLF line ends.
//! Built with the `icalendar` crate; the VTIMEZONE, which it does not model, is written here.

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, Tz};
use icalendar::{Calendar, CalendarDateTime, Component, Event, EventLike, EventStatus, Property};

/// When an event happens.
#[derive(Debug, Clone, PartialEq)]
pub enum When {
    /// From one instant to another, shown in the calendar's zone.
    Timed(DateTime<Utc>, DateTime<Utc>),
    /// Whole days, the last one included.
    Days(NaiveDate, NaiveDate),
}

/// One event as the calendar files carry it.
#[derive(Debug, Clone, PartialEq)]
pub struct IcsEvent {
    /// Stable across downloads and changes (`session-12@host`).
    pub uid: String,
    pub sequence: i64,
    pub cancelled: bool,
    pub summary: String,
    pub description: String,
    pub location: String,
    pub url: String,
    pub when: When,
    /// When the event last changed (also its DTSTAMP, so a file only changes when its data do).
    pub modified: DateTime<Utc>,
    /// iTIP invitations: the organiser's and the attendee's addresses and the attendee's name.
    pub organizer: Option<String>,
    pub attendee: Option<(String, String)>,
}

/// A whole calendar file.
#[derive(Debug, Clone, PartialEq)]
pub struct IcsCalendar {
    pub name: String,
    /// The forum's IANA zone; UTC when unknown.
    pub zone: String,
    /// `REQUEST` or `CANCEL` for emailed invitations (RFC 5546), none for files and feeds.
    pub method: Option<&'static str>,
    pub events: Vec<IcsEvent>,
}

/// The host part of UIDs: the public address's host, so UIDs are the same on every server.
pub fn uid_host(base_url: &str) -> String {
    let rest = base_url.split("://").nth(1).unwrap_or(base_url);
    let host = rest.split(['/', ':']).next().unwrap_or("agora");
    if host.is_empty() {
        "agora".into()
    } else {
        host.to_string()
    }
}

/// The whole forum as one event (its days, venue and a link to the agenda), as the public
/// `forum.ics` and the emailed invitations carry it. `revision` is the forum's SEQUENCE and when
/// it last changed.
pub fn forum_event(
    forum: &crate::features::forums::types::ForumSummary,
    description: &str,
    revision: (i64, DateTime<Utc>),
    base: &str,
    locale: crate::i18n::Locale,
) -> IcsEvent {
    let url = format!("{base}/forums/{}", forum.slug);
    let mut text = description.trim().to_string();
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(&locale.tf("calendar.agenda_at", &[("url", &format!("{url}/agenda"))]));
    IcsEvent {
        uid: format!("forum-{}@{}", forum.id.0, uid_host(base)),
        sequence: revision.0,
        cancelled: false,
        summary: forum.title.clone(),
        description: text,
        location: [forum.venue.as_str(), forum.city.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", "),
        url,
        when: When::Days(forum.starts_on, forum.ends_on),
        modified: revision.1,
        organizer: None,
        attendee: None,
    }
}

fn zone_of(name: &str) -> Option<Tz> {
    name.parse::<Tz>().ok().filter(|tz| *tz != chrono_tz::UTC)
}

/// The local time of `at` in `zone` when it names that instant unambiguously (so a TZID form is
/// exact), else `None` (the hour repeated when clocks go back is written in UTC instead).
fn unambiguous_local(zone: Tz, at: DateTime<Utc>) -> Option<NaiveDateTime> {
    let local = at.with_timezone(&zone).naive_local();
    match zone.from_local_datetime(&local) {
        LocalResult::Single(_) => Some(local),
        _ => None,
    }
}

fn date_time(zone: Option<Tz>, at: DateTime<Utc>) -> CalendarDateTime {
    match zone.and_then(|z| unambiguous_local(z, at).map(|l| (z, l))) {
        Some((z, local)) => CalendarDateTime::WithTimezone {
            date_time: local,
            tzid: z.name().to_string(),
        },
        None => CalendarDateTime::Utc(at),
    }
}

fn offset_text(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.abs();
    format!("{sign}{:02}{:02}", s / 3600, (s % 3600) / 60)
}

/// A VTIMEZONE for `zone` covering the years `from..=to`: one observance per offset change found
/// in the tz database (an hourly scan, then narrowed to the minute), so it is right for whatever
/// rules the zone had in those years.
pub fn vtimezone(zone: Tz, from: i32, to: i32) -> String {
    // Computed once per zone and years: emails render it inside the registration transaction.
    type Cache = std::sync::Mutex<std::collections::HashMap<(Tz, i32, i32), String>>;
    static CACHE: std::sync::OnceLock<Cache> = std::sync::OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(found) = cache
        .lock()
        .ok()
        .and_then(|c| c.get(&(zone, from, to)).cloned())
    {
        return found;
    }
    let text = compute_vtimezone(zone, from, to);
    if let Ok(mut c) = cache.lock() {
        if c.len() < 1_000 {
            c.insert((zone, from, to), text.clone());
        }
    }
    text
}

fn compute_vtimezone(zone: Tz, from: i32, to: i32) -> String {
    let offset_at = |t: DateTime<Utc>| {
        zone.offset_from_utc_datetime(&t.naive_utc())
            .fix()
            .local_minus_utc()
    };
    let abbreviation = |t: DateTime<Utc>| t.with_timezone(&zone).format("%Z").to_string();
    let start = Utc.with_ymd_and_hms(from, 1, 1, 0, 0, 0).single();
    let end = Utc.with_ymd_and_hms(to + 1, 1, 1, 0, 0, 0).single();
    let mut out = format!("BEGIN:VTIMEZONE\r\nTZID:{}\r\n", zone.name());
    let (Some(start), Some(end)) = (start, end) else {
        return out + "END:VTIMEZONE\r\n";
    };
    let mut changes = Vec::new();
    let step = Duration::hours(1);
    let mut t = start;
    let mut before = offset_at(t);
    while t < end {
        let next = t + step;
        let after = offset_at(next);
        if after != before {
            // Narrow to the minute the offset changes.
            let mut lo = t;
            let mut hi = next;
            while hi - lo > Duration::minutes(1) {
                let mid = lo + (hi - lo) / 2;
                if offset_at(mid) == before {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            changes.push((hi, before, after));
            before = after;
        }
        t = next;
    }
    if changes.is_empty() {
        let o = offset_text(before);
        out.push_str(&format!(
            "BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:{o}\r\nTZOFFSETTO:{o}\r\nTZNAME:{}\r\nEND:STANDARD\r\n",
            abbreviation(start)
        ));
    }
    // The offset in force before the first change starts the list, so a time early in the first
    // year resolves too.
    if let Some((first, from_offset, _)) = changes.first().copied() {
        let kind = if zone
            .offset_from_utc_datetime(&start.naive_utc())
            .dst_offset()
            .is_zero()
        {
            "STANDARD"
        } else {
            "DAYLIGHT"
        };
        let begin = (start + Duration::seconds(i64::from(from_offset))).naive_utc();
        out.push_str(&format!(
            "BEGIN:{kind}\r\nDTSTART:{}\r\nTZOFFSETFROM:{o}\r\nTZOFFSETTO:{o}\r\nTZNAME:{}\r\nEND:{kind}\r\n",
            begin.format("%Y%m%dT%H%M%S"),
            abbreviation(first - Duration::minutes(1)),
            o = offset_text(from_offset),
        ));
    }
    for (at, from_offset, to_offset) in changes {
        let dst = !zone
            .offset_from_utc_datetime(&at.naive_utc())
            .dst_offset()
            .is_zero();
        let kind = if dst { "DAYLIGHT" } else { "STANDARD" };
        // DTSTART is the local time of the change as the clocks showed it before.
        let local = (at + Duration::seconds(i64::from(from_offset))).naive_utc();
        out.push_str(&format!(
            "BEGIN:{kind}\r\nDTSTART:{}\r\nTZOFFSETFROM:{}\r\nTZOFFSETTO:{}\r\nTZNAME:{}\r\nEND:{kind}\r\n",
            local.format("%Y%m%dT%H%M%S"),
            offset_text(from_offset),
            offset_text(to_offset),
            abbreviation(at),
        ));
    }
    out + "END:VTIMEZONE\r\n"
}

fn event(e: &IcsEvent, zone: Option<Tz>) -> Event {
    let mut ev = Event::new();
    ev.uid(&e.uid)
        .timestamp(e.modified)
        .last_modified(e.modified)
        .sequence(u32::try_from(e.sequence.max(0)).unwrap_or(u32::MAX))
        // Text as its fields allow it: one line (a bare CR would end a content line), or lines
        // joined by LF, which the writer escapes as `\n`.
        .summary(&crate::text::single_line(&e.summary))
        .status(if e.cancelled {
            EventStatus::Cancelled
        } else {
            EventStatus::Confirmed
        });
    if !e.description.is_empty() {
        ev.description(&crate::text::multi_line(&e.description));
    }
    if !e.location.is_empty() {
        ev.location(&crate::text::single_line(&e.location));
    }
    if !e.url.is_empty() {
        ev.url(&e.url);
    }
    match &e.when {
        When::Timed(starts, ends) => {
            ev.starts(date_time(zone, *starts))
                .ends(date_time(zone, *ends));
        }
        When::Days(first, last) => {
            ev.all_day(*first);
            if let Some(after) = last.succ_opt() {
                ev.ends(after);
            }
        }
    }
    if let Some(organizer) = &e.organizer {
        ev.append_property(Property::new("ORGANIZER", format!("mailto:{organizer}")));
    }
    if let Some((address, name)) = &e.attendee {
        let mut attendee = Property::new("ATTENDEE", format!("mailto:{address}"));
        attendee
            .add_parameter("CN", &param_value(name))
            .add_parameter("ROLE", "REQ-PARTICIPANT")
            .add_parameter("PARTSTAT", "NEEDS-ACTION")
            .add_parameter("RSVP", "FALSE");
        ev.append_property(attendee);
    }
    ev.done()
}

/// A parameter value as RFC 5545 allows it: one line with no control character, no double quote
/// (there is no escape for one), and quoted so that `;`, `:` and `,` stay inside it.
fn param_value(value: &str) -> String {
    format!("\"{}\"", crate::text::single_line(value).replace('"', "'"))
}

/// The calendar as text: `text/calendar; charset=utf-8`.
pub fn render(cal: &IcsCalendar) -> String {
    let zone = zone_of(&cal.zone);
    let mut calendar = Calendar::new();
    calendar
        .append_property(Property::new("PRODID", "-//Agora//Forums//EN"))
        .name(&crate::text::single_line(&cal.name));
    if let Some(method) = cal.method {
        calendar.append_property(Property::new("METHOD", method));
    }
    for e in &cal.events {
        calendar.push(event(e, zone));
    }
    let text = calendar.done().to_string();
    let Some(zone) = zone else {
        return text;
    };
    let years = cal.events.iter().flat_map(|e| match e.when {
        When::Timed(a, b) => [
            a.with_timezone(&zone).year_ce().1 as i32,
            b.with_timezone(&zone).year_ce().1 as i32,
        ],
        When::Days(a, b) => [a.year_ce().1 as i32, b.year_ce().1 as i32],
    });
    let (from, to) = years.fold((i32::MAX, i32::MIN), |(lo, hi), y| (lo.min(y), hi.max(y)));
    if from > to {
        return text;
    }
    // The VTIMEZONE goes before the first event (after the calendar's own properties).
    let vtimezone = vtimezone(zone, from, to);
    match text.find("BEGIN:VEVENT") {
        Some(at) => format!("{}{}{}", &text[..at], vtimezone, &text[at..]),
        None => text,
    }
}

use chrono::Datelike;

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0)
            .single()
            .expect("valid")
    }

    fn sample(summary: &str) -> IcsCalendar {
        IcsCalendar {
            name: "Agenda".into(),
            zone: "Europe/Skopje".into(),
            method: None,
            events: vec![IcsEvent {
                uid: "session-1@agora.example".into(),
                sequence: 2,
                cancelled: false,
                summary: summary.into(),
                description: "Line one\nLine two; with, commas \\ and a backslash".into(),
                location: "Hotel Continental, Room A".into(),
                url: "https://agora.example/forums/skopje/sessions/1".into(),
                when: When::Timed(at(2026, 10, 25, 0, 30), at(2026, 10, 25, 2, 30)),
                modified: at(2026, 11, 1, 9, 0),
                organizer: None,
                attendee: None,
            }],
        }
    }

    #[test]
    fn an_attendee_name_cannot_add_lines_or_parameters_to_an_invitation() {
        let mut cal = sample("Opening");
        cal.method = Some("REQUEST");
        cal.events[0].organizer = Some("forum@agora.example".into());
        cal.events[0].attendee = Some((
            "ana@example.org".into(),
            "Ana\r\nATTENDEE:mailto:all@evil.example;\"x\":y,z".into(),
        ));
        let text = render(&cal);
        let unfolded = text.replace("\r\n ", "");
        let lines: Vec<&str> = unfolded.split("\r\n").collect();
        let attendees: Vec<&&str> = lines.iter().filter(|l| l.starts_with("ATTENDEE")).collect();
        assert_eq!(attendees.len(), 1, "{text}");
        assert!(
            attendees[0]
                .starts_with("ATTENDEE;CN=\"Ana ATTENDEE:mailto:all@evil.example;'x':y,z\";"),
            "{}",
            attendees[0]
        );
        assert!(
            attendees[0].ends_with(":mailto:ana@example.org"),
            "{}",
            attendees[0]
        );
        assert!(!unfolded.contains("mailto:all@evil.example\r\n"));
    }

    #[test]
    fn a_carriage_return_in_any_text_never_ends_a_line() {
        // Found by the `ics` fuzz target: a bare CR in a summary reached the file.
        let mut cal = sample("Opening\rSUMMARY:forged");
        cal.name = "Agenda\r\rX".into();
        cal.events[0].description = "One\r\nTwo\rThree".into();
        cal.events[0].location = "Hall\rB".into();
        let text = render(&cal);
        assert!(!text.replace("\r\n", "").contains(['\r', '\n']), "{text:?}");
        let unfolded = text.replace("\r\n ", "");
        assert!(
            unfolded.contains("SUMMARY:Opening SUMMARY:forged\r\n"),
            "{unfolded}"
        );
        assert!(
            unfolded.contains("DESCRIPTION:One\\nTwo\\nThree\r\n"),
            "{unfolded}"
        );
    }

    #[test]
    fn lines_end_in_crlf_and_fold_at_75_octets_without_splitting_a_character() {
        let long =
            "Македонија и Западен Балкан: препораки за политики по кризата со ковид-19 — ё ë ç";
        let text = render(&sample(long));
        assert!(text.ends_with("\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n'), "bare LF");
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains(&format!(
            "SUMMARY:{}",
            long.replace(',', "\\,").replace(';', "\\;")
        )));
        assert!(unfolded
            .contains("DESCRIPTION:Line one\\nLine two\\; with\\, commas \\\\ and a backslash"));
    }

    #[test]
    fn the_vtimezone_has_the_october_change_in_skopje_and_ambiguous_times_are_utc() {
        let text = render(&sample("Night session"));
        let unfolded = text.replace("\r\n ", "");
        assert!(
            unfolded.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Skopje"),
            "{unfolded}"
        );
        assert!(
            unfolded.contains("DTSTART:20261025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100"),
            "{unfolded}"
        );
        assert!(
            unfolded.contains("DTSTART:20260329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200")
        );
        // 00:30 UTC is 02:30 summer time, an hour that happens twice that night: written in UTC.
        assert!(unfolded.contains("DTSTART:20261025T003000Z"), "{unfolded}");
        // 02:30 UTC is 03:30 winter time, unambiguous: written with the zone.
        assert!(
            unfolded.contains("DTEND;TZID=Europe/Skopje:20261025T033000"),
            "{unfolded}"
        );
        assert!(unfolded.contains("SEQUENCE:2") && unfolded.contains("STATUS:CONFIRMED"));
        assert!(unfolded.contains("UID:session-1@agora.example"));
    }
}
