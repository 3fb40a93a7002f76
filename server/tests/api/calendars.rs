//! Calendar files, the personal feed and emailed invitations, each parsed by an independent
//! parser (Python's `icalendar`, installed by `make test` under target/pyenv).

use crate::both_databases;
use crate::helpers::{call_with, TestApp};
use crate::registration::{form, link_in};
use app::features::forums::types::SessionId;
use app::store::NewSession;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use serde_json::Value;

/// Parses iCalendar text with Python's `icalendar` (scripts/ics_parse.py).
pub(crate) fn parse(ics: &str) -> Value {
    use std::io::Write;
    let mut child = crate::helpers::python_script("ics_parse.py")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(ics.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("parser");
    assert!(
        out.status.success(),
        "the parser refused the file: {}\n{ics}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

pub(crate) async fn fetch(
    app: &TestApp,
    path: &str,
) -> (reqwest::StatusCode, reqwest::header::HeaderMap, String) {
    let res = app
        .new_client()
        .get(app.url(path))
        .send()
        .await
        .expect("GET");
    let status = res.status();
    let headers = res.headers().clone();
    (status, headers, res.text().await.expect("body"))
}

fn the_event<'a>(cal: &'a Value, uid: &str) -> &'a Value {
    cal["events"]
        .as_array()
        .expect("events")
        .iter()
        .find(|e| e["uid"] == uid)
        .unwrap_or_else(|| panic!("{uid} in {cal}"))
}

/// Moves a session by `minutes` through the store (what the organiser's form calls).
async fn move_session(app: &TestApp, slug: &str, id: SessionId, minutes: i64) {
    let forum = app
        .store
        .forum_by_slug(slug)
        .await
        .expect("store")
        .expect("forum")
        .summary
        .id;
    let s = app
        .store
        .sessions_of_forum(forum)
        .await
        .expect("sessions")
        .into_iter()
        .find(|s| s.id == id)
        .expect("session");
    let moved = NewSession {
        forum_id: forum,
        title: s.title,
        description: s.description,
        kind: s.kind,
        starts_at: s.starts_at + Duration::minutes(minutes),
        ends_at: s.ends_at + Duration::minutes(minutes),
        room_id: s.room_id,
        track_id: s.track_id,
        language: s.language,
        interpretation: s
            .interpretation
            .split(',')
            .filter(|c| !c.is_empty())
            .map(String::from)
            .collect(),
    };
    app.store
        .save_session(Some(id), &moved)
        .await
        .expect("moved")
        .expect("the room is free");
}

fn host(app: &TestApp) -> String {
    app::features::calendar::ics::uid_host(&app.url(""))
}

both_databases! {
    async fn public_calendar_files_parse_and_follow_a_moved_and_cancelled_session(app) {
        let forum = app.store.forum_by_slug("regional-forum").await.expect("store").expect("forum");
        let sessions = app.store.sessions_of_forum(forum.summary.id).await.expect("sessions");
        assert!(sessions.len() > 3);
        let (status, headers, text) = fetch(app, "/forums/regional-forum/agenda.ics").await;
        assert_eq!(status, 200);
        assert_eq!(headers["content-type"], "text/calendar; charset=utf-8");
        assert!(headers.contains_key("last-modified"));
        assert!(text.contains("\r\n") && !text.replace("\r\n", "").contains('\n'), "CRLF line ends");
        assert!(text.split("\r\n").all(|l| l.len() <= 75), "folded at 75 octets");
        let cal = parse(&text);
        assert_eq!(cal["events"].as_array().expect("events").len(), sessions.len());
        assert_eq!(cal["timezones"], serde_json::json!([forum.summary.time_zone]));
        for e in cal["events"].as_array().expect("events") {
            assert_eq!(e["start"], e["start_by_tzdb"], "the file's VTIMEZONE agrees with the tz database: {e}");
            assert_eq!(e["end"], e["end_by_tzdb"]);
            assert!(e["url"].as_str().expect("url").contains("/forums/regional-forum/sessions/"));
            assert!(!e["location"].as_str().expect("location").is_empty());
        }
        // Conditional requests: the same file is not sent again.
        let etag = headers["etag"].to_str().expect("etag").to_string();
        let again = app.new_client().get(app.url("/forums/regional-forum/agenda.ics")).header("If-None-Match", &etag).send().await.expect("GET");
        assert_eq!(again.status(), 304);

        let s = &sessions[1];
        let uid = format!("session-{}@{}", s.id.0, host(app));
        let path = format!("/forums/regional-forum/sessions/{}.ics", s.id.0);
        let before = parse(&fetch(app, &path).await.2);
        let one = the_event(&before, &uid).clone();
        assert_eq!(before["events"].as_array().expect("events").len(), 1);
        assert_eq!(one["summary"], s.title);
        let expected_start = s.starts_at.format("%Y-%m-%dT%H:%M:%SZ").to_string();
        assert_eq!(one["start"], expected_start);

        // Moved: same UID, SEQUENCE + 1, the new time, in the session file and the agenda file.
        move_session(app, "regional-forum", s.id, 7 * 24 * 60).await;
        let after = parse(&fetch(app, &path).await.2);
        let moved = the_event(&after, &uid);
        assert_eq!(moved["sequence"].as_i64(), one["sequence"].as_i64().map(|n| n + 1));
        assert_eq!(moved["start"], (s.starts_at + Duration::days(7)).format("%Y-%m-%dT%H:%M:%SZ").to_string());
        let (_, headers_after, agenda_after) = fetch(app, "/forums/regional-forum/agenda.ics").await;
        assert_ne!(headers_after["etag"].to_str().expect("etag"), etag, "a change makes a new ETag");
        assert_eq!(the_event(&parse(&agenda_after), &uid)["sequence"], moved["sequence"]);

        // Cancelled: still listed, STATUS:CANCELLED, a higher SEQUENCE.
        app.store.set_session_cancelled(forum.summary.id, s.id, true).await.expect("cancel").expect("cancelling never clashes");
        let cancelled = parse(&fetch(app, &path).await.2);
        let c = the_event(&cancelled, &uid);
        assert_eq!(c["status"], "CANCELLED");
        assert!(c["sequence"].as_i64() > moved["sequence"].as_i64());

        // The forum as one all-day event; the calendar in the requested language.
        let f = parse(&fetch(app, "/forums/regional-forum/forum.ics").await.2);
        let forum_uid = format!("forum-{}@{}", forum.summary.id.0, host(app));
        let fe = the_event(&f, &forum_uid).clone();
        assert_eq!(fe["start"], forum.summary.starts_on.to_string());
        // A new venue raises the forum event's SEQUENCE; a new description alone does not.
        let edit = |venue: &str, description: &str| app::store::NewForum {
            series_id: forum.series_id,
            status: forum.summary.status,
            details: app::features::forums::types::ForumDetails {
            slug: forum.summary.slug.clone(),
            title: forum.summary.title.clone(),
            description: description.into(),
            city: forum.summary.city.clone(),
            country: forum.summary.country.clone(),
            venue: venue.into(),
            time_zone: forum.summary.time_zone.clone(),
            starts_on: forum.summary.starts_on,
            ends_on: forum.summary.ends_on,
            capacity: forum.summary.capacity,
            default_locale: forum.summary.default_locale.clone(),
            },
        };
        app.store.update_forum(forum.summary.id, &edit(&forum.summary.venue, "Only the text changed.")).await.expect("update");
        let same = parse(&fetch(app, "/forums/regional-forum/forum.ics").await.2);
        assert_eq!(the_event(&same, &forum_uid)["sequence"], fe["sequence"]);
        app.store.update_forum(forum.summary.id, &edit("Hotel Bristol", "Only the text changed.")).await.expect("update");
        let moved_forum = parse(&fetch(app, "/forums/regional-forum/forum.ics").await.2);
        let mf = the_event(&moved_forum, &forum_uid);
        assert_eq!(mf["sequence"].as_i64(), fe["sequence"].as_i64().map(|n| n + 1));
        assert!(mf["location"].as_str().expect("location").starts_with("Hotel Bristol"));
        let en = parse(&fetch(app, "/forums/regional-forum/agenda.ics?lang=en").await.2);
        let mk = parse(&fetch(app, "/forums/regional-forum/agenda.ics?lang=mk").await.2);
        assert_ne!(en["name"], mk["name"], "the name follows ?lang=");
        assert!(the_event(&mk, &uid)["description"].as_str().expect("d").contains("/forums/regional-forum/sessions/"));

        // Unknown forums and sessions, and unpublished forums, are 404.
        for missing in ["/forums/nowhere/agenda.ics", "/forums/regional-forum/sessions/999999.ics", "/forums/regional-follow-up/forum.ics"] {
            assert_eq!(fetch(app, missing).await.0, 404, "{missing}");
        }
    }

    async fn a_session_on_the_night_of_the_october_change_in_skopje_has_the_right_instant(app) {
        let forum = app.store.forum_by_slug("skopje").await.expect("store").expect("forum");
        assert_eq!(forum.summary.time_zone, "Europe/Skopje");
        let zone: chrono_tz::Tz = "Europe/Skopje".parse().expect("zone");
        let night = NaiveDate::from_ymd_opt(2026, 10, 25).expect("date");
        let at = |h: u32, m: u32| app::features::forums::time::local_to_utc(zone, night, NaiveTime::from_hms_opt(h, m, 0).expect("t")).expect("exists");
        // 01:30 summer time (unambiguous), and 02:30, the hour that happens twice (the first).
        let cases = [(at(1, 30), at(2, 15), "2026-10-24T23:30:00Z"), (at(2, 30), at(3, 30), "2026-10-25T00:30:00Z")];
        for (starts, ends, expected) in cases {
            let id = app.store.save_session(None, &NewSession {
                forum_id: forum.summary.id,
                title: "Noćna sesija — Ноќна сесија, ë".into(),
                description: "Line; with, specials \\ and\nnewline".into(),
                kind: "panel".into(),
                starts_at: starts,
                ends_at: ends,
                room_id: None,
                track_id: None,
                language: "mk".into(),
                interpretation: Vec::new(),
            }).await.expect("session").expect("no room to clash");
            let cal = parse(&fetch(app, &format!("/forums/skopje/sessions/{}.ics", id.0)).await.2);
            let e = the_event(&cal, &format!("session-{}@{}", id.0, host(app)));
            assert_eq!(e["start"], expected, "{e}");
            assert_eq!(e["start"], e["start_by_tzdb"]);
            assert_eq!(e["end"], e["end_by_tzdb"]);
            assert_eq!(e["summary"], "Noćna sesija — Ноќна сесија, ë", "text survives the round trip");
            assert!(e["description"].as_str().expect("d").starts_with("Line; with, specials \\ and\nnewline"));
        }
        let _: DateTime<Utc> = at(0, 0);
    }

    async fn the_personal_feed_lists_the_picks_follows_changes_and_can_be_revoked(app) {
        let forum = app.store.forum_by_slug("regional-forum").await.expect("store").expect("forum");
        let groups = app.store.stakeholder_groups(forum.series_id).await.expect("groups");
        let questions = app.store.questions(forum.summary.id).await.expect("questions");
        let group = groups[0].id.0.to_string();
        let mut fields = form("regional-forum", "Marija Ilievska", "marija@example.org", &group);
        let answers: Vec<String> = questions.iter().filter(|q| q.required).map(|q| format!("form[answers][q{}]", q.id)).collect();
        for a in &answers {
            fields.push((a.as_str(), "0"));
        }
        let res = call_with(&app.new_client(), &app.url("/api/register"), &fields).await;
        assert_eq!(res.status(), 200, "{:?}", res.text().await);

        // The confirmation carries the forum as an iTIP REQUEST.
        let mail = app.wait_for_mail("marija@example.org").await;
        assert!(mail.contains("text/calendar; charset=utf-8; method=REQUEST"), "{mail}");
        let invite = parse(&calendar_part(&mail));
        assert_eq!(invite["method"], "REQUEST");
        let forum_uid = format!("forum-{}@{}", forum.summary.id.0, host(app));
        let fe = the_event(&invite, &forum_uid);
        assert_eq!(fe["attendee"], "mailto:marija@example.org");
        assert!(fe["organizer"].as_str().expect("organizer").starts_with("mailto:"));

        // Picks on the participant's page; the feed lists exactly those.
        let token = link_in(&mail).trim_start_matches("/r/").to_string();
        let agenda: Value = call_with(&app.client, &app.url("/api/registration/agenda"), &[("token", &token)]).await.json().await.expect("json");
        let feed = agenda["feed"].as_str().expect("feed").to_string();
        let feed_path = feed[feed.find("/calendar/").expect("a feed path")..].to_string();
        assert!(feed_path.starts_with("/calendar/") && feed_path.len() > 50, "{feed_path}");
        assert!(!feed.contains(&token), "a token of its own");
        let ids: Vec<i64> = agenda["sessions"].as_array().expect("sessions").iter().map(|s| s["id"].as_i64().expect("id")).collect();
        let (a, b) = (ids[0], ids[2]);
        let (ka, kb) = (format!("picked[s{a}]"), format!("picked[s{b}]"));
        let res = call_with(&app.client, &app.url("/api/registration/picks"), &[("token", &token), (&ka, "on"), (&kb, "on")]).await;
        assert!(res.status().is_success(), "{}", res.status());
        let (status, headers, text) = fetch(app, &feed_path).await;
        assert_eq!(status, 200);
        assert_eq!(headers["cache-control"], "private, no-cache");
        let cal = parse(&text);
        let uids: Vec<&str> = cal["events"].as_array().expect("events").iter().filter_map(|e| e["uid"].as_str()).collect();
        let (ua, ub) = (format!("session-{a}@{}", host(app)), format!("session-{b}@{}", host(app)));
        assert_eq!(uids, vec![ua.as_str(), ub.as_str()]);
        let seq = the_event(&cal, &ua)["sequence"].as_i64().expect("seq");

        // Once the participant opened their page on a device, the agenda page there can pick too.
        let device = app.new_client();
        assert_eq!(device.get(app.url(&format!("/r/{token}"))).send().await.expect("GET").status(), 200);
        let c = ids[1].to_string();
        let pick = app.url("/api/agenda/pick");
        let res = call_with(&device, &pick, &[("slug", "regional-forum"), ("session_id", &c), ("pick", "true")]).await;
        assert_eq!(res.status(), 200);
        let mine: Value = call_with(&device, &app.url("/api/agenda/my-picks"), &[("slug", "regional-forum")]).await.json().await.expect("json");
        assert_eq!(mine, serde_json::json!([a, ids[1], b]));
        let res = call_with(&app.new_client(), &pick, &[("slug", "regional-forum"), ("session_id", &c), ("pick", "false")]).await;
        assert_eq!(res.status(), 403, "a stranger's device picks nothing");
        let nobody: Value = call_with(&app.new_client(), &app.url("/api/agenda/my-picks"), &[("slug", "regional-forum")]).await.json().await.expect("json");
        assert_eq!(nobody, Value::Null);

        // A move and a cancellation show in the feed.
        move_session(app, "regional-forum", SessionId(a), 7 * 24 * 60).await;
        app.store.set_session_cancelled(forum.summary.id, SessionId(b), true).await.expect("cancel").expect("cancelling never clashes");
        let cal = parse(&fetch(app, &feed_path).await.2);
        assert_eq!(the_event(&cal, &ua)["sequence"].as_i64(), Some(seq + 1));
        assert_eq!(the_event(&cal, &ub)["status"], "CANCELLED");

        // Revoked: the old address is 404 and says nothing; a new one works.
        let res = call_with(&app.client, &app.url("/api/registration/calendar-reset"), &[("token", &token)]).await;
        assert!(res.status().is_success());
        let (status, _, body) = fetch(app, &feed_path).await;
        assert_eq!(status, 404);
        assert!(!body.contains("Regional") && !body.contains("BEGIN:VCALENDAR"));
        assert_eq!(fetch(app, "/calendar/not-a-token.ics").await.0, 404);
        let agenda: Value = call_with(&app.client, &app.url("/api/registration/agenda"), &[("token", &token)]).await.json().await.expect("json");
        let new_feed = agenda["feed"].as_str().expect("feed");
        let new_path = new_feed[new_feed.find("/calendar/").expect("a feed path")..].to_string();
        assert_ne!(new_path, feed_path);
        assert_eq!(fetch(app, &new_path).await.0, 200);

        // Cancelling the registration sends METHOD:CANCEL for the same UID.
        let res = call_with(&app.client, &app.url("/api/registration/cancel"), &[("token", &token)]).await;
        assert_eq!(res.status(), 200);
        let mail = app.wait_for_mail("method=CANCEL").await;
        let cancel = parse(&calendar_part(&mail));
        assert_eq!(cancel["method"], "CANCEL");
        assert_eq!(the_event(&cancel, &forum_uid)["status"], "CANCELLED");
        // And the personal feed stops answering: it is 404, like an unknown token.
        assert_eq!(fetch(app, &new_path).await.0, 404);
    }
}

/// The base64 `text/calendar` part of a raw email, decoded.
pub(crate) fn calendar_part(mail: &str) -> String {
    use base64::Engine;
    let start = mail
        .find("Content-Type: text/calendar")
        .expect("a calendar part");
    let rest = &mail[start..];
    let body_start = rest
        .find("\r\n\r\n")
        .map(|i| i + 4)
        .or_else(|| rest.find("\n\n").map(|i| i + 2))
        .expect("part body");
    let encoded: String = rest[body_start..]
        .lines()
        .take_while(|l| !l.trim().is_empty() && !l.starts_with("--"))
        .collect::<Vec<_>>()
        .join("");
    // The test listener's copy has quoted-printable soft breaks undone, which can join the last
    // base64 line (ending in '=') to the boundary after it.
    let encoded = encoded.split("--").next().unwrap_or_default();
    let bytes = base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(encoded.trim().trim_end_matches('='))
        .expect("base64");
    String::from_utf8(bytes).expect("utf-8")
}
