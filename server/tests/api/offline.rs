//! The offline door through the real endpoints: the roster and its deltas (who may fetch them),
//! scans decided offline and sent later (their own times, once per nonce), double entries across
//! two devices (raced), and scans that arrive after their ticket was cancelled or re-issued.

use crate::both_databases;
use crate::checkin::{confirmed, keys};
use crate::helpers::{call_with, TestApp, ORGANISER_EMAIL};
use crate::registration::forum_and_groups;
use app::features::tickets::code::TicketClaims;
use serde_json::{json, Value};

/// Moves every change of the forum an hour back, as if it happened before the last sync.
async fn backdate(app: &TestApp, forum: i64) {
    use sqlx::Connection;
    let old = chrono::Utc::now() - chrono::Duration::hours(1);
    let statements = [
        "UPDATE registrations SET updated_at = $1 WHERE forum_id = $2",
        "UPDATE checkins SET recorded_at = $1, created_at = $1 WHERE forum_id = $2",
    ];
    if app.database_url.starts_with("postgres") {
        let mut c = sqlx::PgConnection::connect(&app.database_url)
            .await
            .expect("connect");
        for sql in statements {
            sqlx::query(sql)
                .bind(old)
                .bind(forum)
                .execute(&mut c)
                .await
                .expect("backdate");
        }
    } else {
        let mut c = sqlx::SqliteConnection::connect(&app.database_url)
            .await
            .expect("connect");
        for sql in statements {
            let old = old
                .with_timezone(&chrono::Utc)
                .with_nanosecond(0)
                .expect("whole seconds");
            sqlx::query(sql)
                .bind(old)
                .bind(forum)
                .execute(&mut c)
                .await
                .expect("backdate");
        }
    }
}

use chrono::Timelike;

async fn roster(
    client: &reqwest::Client,
    app: &TestApp,
    list: &str,
    since: Option<i64>,
) -> (u16, Value) {
    let mut url = format!("{}?list_id={list}", app.url("/api/v1/checkin/roster"));
    if let Some(s) = since {
        url.push_str(&format!("&since={s}"));
    }
    let res = client.get(url).send().await.expect("GET");
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn upload(client: &reqwest::Client, app: &TestApp, list: &str, scans: Value) -> (u16, Value) {
    let res = client
        .post(app.url("/api/v1/checkin/offline"))
        .json(&json!({ "list_id": list, "scans": scans }))
        .send()
        .await
        .expect("POST");
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn outcomes(body: &Value) -> Vec<String> {
    body["results"].as_array().map_or_else(Vec::new, |r| {
        r.iter()
            .map(|x| x["outcome"].as_str().unwrap_or("").to_string())
            .collect()
    })
}

/// A device of `slug` made by the organiser: (its id, a client sending its bearer token).
async fn device(
    app: &TestApp,
    organiser: &reqwest::Client,
    slug: &str,
    label: &str,
) -> (i64, reqwest::Client) {
    let res = call_with(
        organiser,
        &app.url("/api/organiser/checkin/device"),
        &[("slug", slug), ("label", label)],
    )
    .await;
    assert_eq!(res.status(), 200);
    let admin: Value = call_with(
        organiser,
        &app.url("/api/organiser/checkin"),
        &[("slug", slug)],
    )
    .await
    .json()
    .await
    .expect("json");
    let d = admin["devices"]
        .as_array()
        .expect("devices")
        .iter()
        .find(|d| d["label"] == label)
        .expect("made")
        .clone();
    let token = d["enrol_link"]
        .as_str()
        .expect("link")
        .rsplit('/')
        .next()
        .expect("token")
        .to_string();
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::AUTHORIZATION,
        format!("Bearer {token}").parse().expect("header"),
    );
    let client = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .expect("client");
    (d["id"].as_i64().expect("id"), client)
}

async fn door_issues(app: &TestApp, organiser: &reqwest::Client) -> Vec<Value> {
    let admin: Value = call_with(
        organiser,
        &app.url("/api/organiser/checkin"),
        &[("slug", "belgrade")],
    )
    .await
    .json()
    .await
    .expect("json");
    admin["issues"].as_array().cloned().unwrap_or_default()
}

both_databases! {
    async fn the_roster_serves_the_forums_scanners_and_its_deltas_carry_only_what_changed(app) {
        let (forum, _) = forum_and_groups(app, "belgrade").await;
        let (id, link) = confirmed(app, "belgrade", "Mira Kovač", "mira@example.org").await;
        let entry = format!("{}:entry", forum.0);
        assert_eq!(roster(&app.new_client(), app, &entry, None).await.0, 401, "anonymous");

        let scanner = app.scanner_at("belgrade").await;
        let res = scanner.get(format!("{}?list_id={entry}", app.url("/api/v1/checkin/roster"))).send().await.expect("GET");
        assert_eq!(res.headers()["cache-control"], "no-store");
        let text = res.text().await.expect("body");
        assert!(!text.contains("mira@example.org"), "no email on the phone");
        let full: Value = serde_json::from_str(&text).expect("json");
        assert_eq!(full["full"], true);
        assert_eq!((&full["session"], &full["cancelled"], &full["groups"]), (&Value::Null, &json!(false), &json!([])), "the entry list admits every group");
        let key: Value = app.new_client().get(app.url("/api/v1/checkin/public-key")).send().await.expect("GET").json().await.expect("json");
        assert_eq!(full["public_key"], key["public_key"]);
        let mine = full["tickets"].as_array().expect("tickets").iter().find(|t| t[0] == id).expect("on the roster").clone();
        assert_eq!((&mine[1], &mine[2], &mine[4], &mine[5]), (&json!(1), &json!("c"), &json!("Mira Kovač"), &json!("Civic Initiatives")));
        assert!(full["group_names"][mine[3].to_string()].as_str().is_some_and(|n| !n.is_empty()));
        assert!(full["admissions"].as_array().expect("admissions").is_empty());
        // The phone wipes its copy 12 hours after the forum's last day, in the forum's zone.
        let record = app.store.forum_by_id(forum).await.expect("store").expect("forum");
        let zone: chrono_tz::Tz = record.summary.time_zone.parse().expect("zone");
        let noon = (record.summary.ends_on + chrono::Days::new(1)).and_hms_opt(12, 0, 0).expect("noon");
        let wipe = chrono::TimeZone::from_local_datetime(&zone, &noon).single().expect("one instant").with_timezone(&chrono::Utc);
        let said = full["wipe_after"].as_str().and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok()).map(|d| d.with_timezone(&chrono::Utc));
        assert_eq!(said, Some(wipe));
        assert_eq!(full["stale_after_hours"], 24, "a day without contact by default");

        // An admission at another door shows up, marked as not this scanner's.
        let code = keys(app).sign(TicketClaims { forum: forum.0, registration: id, version: 1 });
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let res = organiser.post(app.url("/api/v1/checkin")).json(&json!({"code": code, "list_id": entry, "nonce": "online-1"})).send().await.expect("POST");
        assert_eq!(res.status(), 200);
        let (_, again) = roster(&scanner, app, &entry, None).await;
        let admissions = again["admissions"].as_array().expect("admissions");
        assert_eq!(admissions.len(), 1);
        assert_eq!((&admissions[0][0], &admissions[0][2]), (&json!(id), &json!(false)));

        // A delta after nothing changed is empty; after a cancellation it carries just that.
        backdate(app, forum.0).await;
        let cursor = again["cursor"].as_i64().expect("cursor");
        let (status, delta) = roster(&scanner, app, &entry, Some(cursor)).await;
        assert_eq!(status, 200);
        assert_eq!(delta["full"], false);
        assert!(delta["tickets"].as_array().expect("tickets").is_empty(), "{delta}");
        assert!(delta["admissions"].as_array().expect("admissions").is_empty(), "{delta}");
        let token = link.trim_start_matches("/r/").to_string();
        assert_eq!(call_with(&app.new_client(), &app.url("/api/registration/cancel"), &[("token", &token)]).await.status(), 200);
        let (_, delta) = roster(&scanner, app, &entry, Some(cursor)).await;
        let tickets = delta["tickets"].as_array().expect("tickets");
        assert_eq!(tickets.len(), 1, "{delta}");
        assert_eq!((&tickets[0][0], &tickets[0][2]), (&json!(id), &json!("x")));

        // A list limited to other groups still recognises this ticket (to refuse it as not on the
        // list) but holds no name or organisation of it.
        let (_, groups) = forum_and_groups(app, "belgrade").await;
        let limit = format!("groups[g{}]", groups[1].0);
        let res = call_with(&organiser, &app.url("/api/organiser/checkin/groups"), &[("slug", "belgrade"), ("list", "entry"), (&limit, "on")]).await;
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
        let (_, limited) = roster(&scanner, app, &entry, None).await;
        let row = limited["tickets"].as_array().expect("tickets").iter().find(|t| t[0] == id).expect("still recognised").clone();
        assert_eq!((&row[4], &row[5]), (&json!(""), &json!("")), "{row}");
        assert!(!limited.to_string().contains("Mira"), "no name of another group on the phone");

        // Devices: their own forum only; revoked, refused (the phone then wipes its copy).
        let (device_id, phone) = device(app, &organiser, "belgrade", "Door A").await;
        assert_eq!(roster(&phone, app, &entry, None).await.0, 200);
        let (other, _) = forum_and_groups(app, "sarajevo").await;
        assert_eq!(roster(&phone, app, &format!("{}:entry", other.0), None).await.0, 403);
        assert_eq!(roster(&phone, app, &format!("{}:nowhere", forum.0), None).await.0, 404);
        assert_eq!(roster(&phone, app, "not-a-list", None).await.0, 400);
        let res = call_with(&organiser, &app.url("/api/organiser/checkin/device-revoke"), &[("slug", "belgrade"), ("device_id", &device_id.to_string())]).await;
        assert_eq!(res.status(), 200);
        assert_eq!(roster(&phone, app, &entry, None).await.0, 401);
    }

    async fn offline_scans_keep_their_time_count_once_and_two_doors_make_a_double_entry(app) {
        let (forum, _) = forum_and_groups(app, "belgrade").await;
        let (id, _) = confirmed(app, "belgrade", "Mira Kovač", "mira@example.org").await;
        let code = keys(app).sign(TicketClaims { forum: forum.0, registration: id, version: 1 });
        let entry = format!("{}:entry", forum.0);
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let (_, door_a) = device(app, &organiser, "belgrade", "Door A").await;
        let (_, door_b) = device(app, &organiser, "belgrade", "Door B").await;
        let scanned = chrono::Utc::now() - chrono::Duration::minutes(10);
        let scans = json!([{ "code": code, "nonce": "a-1", "scanned_at": scanned.timestamp_millis() }]);

        let (status, body) = upload(&door_a, app, &entry, scans.clone()).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(outcomes(&body), ["recorded"]);
        let on_list = app.store.checkins_on(forum, "entry").await.expect("store");
        assert_eq!(on_list.len(), 1);
        assert!((on_list[0].1 - scanned).num_seconds().abs() <= 1, "kept the scan's own time");
        // The queue sent again (an answer lost on the way): nothing new.
        assert_eq!(outcomes(&upload(&door_a, app, &entry, scans).await.1), ["duplicate"]);

        // Door B admitted the same ticket while it could not see Door A.
        let later = json!([{ "code": code, "nonce": "b-1", "scanned_at": (scanned + chrono::Duration::minutes(2)).timestamp_millis() }]);
        assert_eq!(outcomes(&upload(&door_b, app, &entry, later.clone()).await.1), ["double_entry"]);
        assert_eq!(outcomes(&upload(&door_b, app, &entry, later).await.1), ["duplicate"]);
        assert_eq!(app.store.checkins_on(forum, "entry").await.expect("store").len(), 1, "counted once");
        let counts: Value = call_with(&organiser, &app.url("/api/checkin/counts"), &[("slug", "belgrade"), ("list", "entry")]).await.json().await.expect("json");
        assert_eq!(counts["total"]["checked_in"], 1, "{counts}");
        assert_eq!(counts["issues"].as_array().map(Vec::len), Some(1));

        let issues = door_issues(app, &organiser).await;
        assert_eq!(issues.len(), 1);
        let issue = &issues[0];
        assert_eq!((&issue["kind"], &issue["full_name"], &issue["resolved"]), (&json!("double_entry"), &json!("Mira Kovač"), &json!(false)));
        assert!(issue["first"].as_str().is_some_and(|s| s.contains("Door A")) && issue["second"].as_str().is_some_and(|s| s.contains("Door B")), "{issue}");

        // Scanners see it; only organisers resolve it.
        let entry_id = issue["id"].to_string();
        let scanner = app.scanner_at("belgrade").await;
        let resolve = app.url("/api/organiser/checkin/double-entry-resolve");
        assert_eq!(call_with(&scanner, &resolve, &[("slug", "belgrade"), ("entry_id", &entry_id)]).await.status(), 403);
        assert_eq!(call_with(&organiser, &resolve, &[("slug", "belgrade"), ("entry_id", "999999")]).await.status(), 404);
        assert_eq!(call_with(&organiser, &resolve, &[("slug", "sarajevo"), ("entry_id", &entry_id)]).await.status(), 404);
        assert_eq!(call_with(&organiser, &resolve, &[("slug", "belgrade"), ("entry_id", &entry_id)]).await.status(), 200);
        assert_eq!(door_issues(app, &organiser).await[0]["resolved"], true);

        // A forged code is not recorded; a phone clock far in the future is held to now.
        let other = if code.ends_with('A') { 'B' } else { 'A' };
        let forged = format!("{}{other}", &code[..code.len() - 1]);
        let (_, body) = upload(&door_a, app, &entry, json!([{ "code": forged, "nonce": "a-2", "scanned_at": 0 }])).await;
        assert_eq!(outcomes(&body), ["invalid"]);
        let (ana, _) = confirmed(app, "belgrade", "Ana Petrović", "ana@example.org").await;
        let ana_code = keys(app).sign(TicketClaims { forum: forum.0, registration: ana, version: 1 });
        let future = (chrono::Utc::now() + chrono::Duration::days(3)).timestamp_millis();
        assert_eq!(outcomes(&upload(&door_a, app, &entry, json!([{ "code": ana_code, "nonce": "a-3", "scanned_at": future }])).await.1), ["recorded"]);
        let when = app.store.checkins_on(forum, "entry").await.expect("store").into_iter().find(|(r, _)| *r == ana).expect("admitted").1;
        // Held to the server's clock, which follows the database's: allow for the few
        // milliseconds by which the two clocks' reading may differ, not for the three days.
        assert!(when <= chrono::Utc::now() + chrono::Duration::seconds(5), "held to now: {when}");
    }

    async fn a_scan_that_arrives_after_its_ticket_was_cancelled_or_replaced_is_recorded_and_flagged(app) {
        let (forum, _) = forum_and_groups(app, "belgrade").await;
        let entry = format!("{}:entry", forum.0);
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let (_, door) = device(app, &organiser, "belgrade", "Door A").await;
        let (ana, link) = confirmed(app, "belgrade", "Ana Petrović", "ana@example.org").await;
        let (vesna, _) = confirmed(app, "belgrade", "Vesna Ilić", "vesna@example.org").await;
        let sign = |registration| keys(app).sign(TicketClaims { forum: forum.0, registration, version: 1 });
        let token = link.trim_start_matches("/r/").to_string();
        assert_eq!(call_with(&app.new_client(), &app.url("/api/registration/cancel"), &[("token", &token)]).await.status(), 200);
        let res = call_with(&organiser, &app.url("/api/organiser/ticket-reissue"), &[("slug", "belgrade"), ("registration_id", &vesna.to_string())]).await;
        assert_eq!(res.status(), 200);
        let now = chrono::Utc::now().timestamp_millis();
        let (status, body) = upload(&door, app, &entry, json!([
            { "code": sign(ana), "nonce": "f-1", "scanned_at": now - 60_000 },
            { "code": sign(vesna), "nonce": "f-2", "scanned_at": now - 30_000 },
        ])).await;
        assert_eq!(status, 200);
        assert_eq!(outcomes(&body), ["flagged", "flagged"]);
        assert_eq!(app.store.checkins_on(forum, "entry").await.expect("store").len(), 2, "the door let them in: recorded");
        let mut kinds: Vec<String> = door_issues(app, &organiser).await.iter().map(|i| i["kind"].as_str().unwrap_or("").to_string()).collect();
        kinds.sort();
        assert_eq!(kinds, ["cancelled", "reissued"]);
    }

    async fn many_doors_sending_one_ticket_at_once_count_it_once(app) {
        let (forum, _) = forum_and_groups(app, "belgrade").await;
        let (id, _) = confirmed(app, "belgrade", "Mira Kovač", "mira@example.org").await;
        let code = keys(app).sign(TicketClaims { forum: forum.0, registration: id, version: 1 });
        let entry = format!("{}:entry", forum.0);
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let (_, door_a) = device(app, &organiser, "belgrade", "Door A").await;
        let (_, door_b) = device(app, &organiser, "belgrade", "Door B").await;
        let now = chrono::Utc::now().timestamp_millis();
        let sends = (0..12).map(|i| {
            let client = if i % 2 == 0 { door_a.clone() } else { door_b.clone() };
            let scans = json!([{ "code": code, "nonce": format!("race-{i}"), "scanned_at": now - i * 1000 }]);
            let entry = entry.clone();
            async move { upload(&client, app, &entry, scans).await }
        });
        let results = futures::future::join_all(sends).await;
        let mut all: Vec<String> = results.iter().flat_map(|(s, b)| { assert_eq!(*s, 200, "{b}"); outcomes(b) }).collect();
        all.sort();
        assert_eq!(all.iter().filter(|o| *o == "recorded").count(), 1, "{all:?}");
        assert_eq!(all.iter().filter(|o| *o == "double_entry").count(), 11, "{all:?}");
        assert_eq!(app.store.checkins_on(forum, "entry").await.expect("store").len(), 1);
        assert_eq!(app.store.double_entries(forum).await.expect("store").len(), 11);
    }

    async fn bad_uploads_are_refused_whole_with_a_reason(app) {
        let (forum, _) = forum_and_groups(app, "belgrade").await;
        let entry = format!("{}:entry", forum.0);
        let scanner = app.scanner_at("belgrade").await;
        let res = scanner.post(app.url("/api/v1/checkin/offline")).header("content-type", "application/json").body("{not json").send().await.expect("POST");
        assert_eq!(res.status(), 400);
        let body: Value = res.json().await.expect("json");
        assert!(body["error"].as_str().is_some_and(|e| !e.is_empty()));
        let (status, _) = upload(&scanner, app, &entry, json!([{ "code": "AG1:x", "nonce": "bad nonce!", "scanned_at": 0 }])).await;
        assert_eq!(status, 400);
        let many: Vec<Value> = (0..201).map(|i| json!({ "code": "AG1:x", "nonce": format!("n-{i}"), "scanned_at": 0 })).collect();
        assert_eq!(upload(&scanner, app, &entry, Value::Array(many)).await.0, 400);
        assert_eq!(upload(&app.new_client(), app, &entry, json!([])).await.0, 401);
        assert!(app.store.double_entries(forum).await.expect("store").is_empty());
    }
}

both_databases! {
    async fn a_forum_may_shorten_how_long_phones_keep_its_lists_and_never_lengthen_it(app) {
        let (forum, _) = forum_and_groups(app, "belgrade").await;
        let entry = format!("{}:entry", forum.0);
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let scanner = app.scanner_at("belgrade").await;
        let expiry = app.url("/api/organiser/checkin/expiry");
        let set = |after: &'static str, offline: &'static str| [("slug", "belgrade"), ("form[after_end_hours]", after), ("form[offline_hours]", offline)];
        let stored = || async { app.store.door_expiry(forum).await.expect("store") };

        // Refused: longer than the defaults, nonsense, and anyone who does not edit the forum.
        for (after, offline) in [("13", "24"), ("12", "25"), ("12", "0"), ("-1", "4"), ("six", "4"), ("", "")] {
            let res = call_with(&organiser, &expiry, &set(after, offline)).await;
            assert_eq!(res.status(), 422, "{after}/{offline}");
        }
        let res = call_with(&organiser, &expiry, &set("13", "24")).await;
        assert!(res.text().await.expect("body").contains("checkin.expiry.error_after_end"), "the reason, by its catalogue key");
        for who in [server::demo::COORDINATOR_EMAIL, server::demo::SCANNER_EMAIL] {
            let client = app.log_in_as(who).await;
            assert_eq!(call_with(&client, &expiry, &set("2", "2")).await.status(), 403, "{who}");
        }
        assert_eq!(stored().await, None, "a refused request changes nothing");

        // Shorter: the roster tells the phones, and the admin page shows it.
        assert_eq!(call_with(&organiser, &expiry, &set("6", "4")).await.status(), 200);
        let (status, list) = roster(&scanner, app, &entry, None).await;
        assert_eq!(status, 200);
        assert_eq!(list["stale_after_hours"], 4);
        let record = app.store.forum_by_id(forum).await.expect("store").expect("forum");
        let zone: chrono_tz::Tz = record.summary.time_zone.parse().expect("zone");
        let six = (record.summary.ends_on + chrono::Days::new(1)).and_hms_opt(6, 0, 0).expect("six");
        let wipe = chrono::TimeZone::from_local_datetime(&zone, &six).single().expect("one instant").with_timezone(&chrono::Utc);
        let said = list["wipe_after"].as_str().and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok()).map(|d| d.with_timezone(&chrono::Utc));
        assert_eq!(said, Some(wipe), "6 hours after the last day");
        let admin: Value = call_with(&organiser, &app.url("/api/organiser/checkin"), &[("slug", "belgrade")]).await.json().await.expect("json");
        assert_eq!((&admin["after_end_hours"], &admin["offline_hours"]), (&json!(6), &json!(4)));

        // Back to the defaults: nothing of the forum's own is kept.
        assert_eq!(call_with(&organiser, &expiry, &set("12", "24")).await.status(), 200);
        assert_eq!(stored().await, None);
        assert_eq!(roster(&scanner, app, &entry, None).await.1["stale_after_hours"], 24);
    }
}
