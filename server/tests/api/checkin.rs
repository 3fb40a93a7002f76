//! Tickets and check-in through the real endpoints: every verdict, retries, re-issued and
//! cancelled tickets, group limits, permissions (accounts, device tokens), manual check-in with
//! undo, live counts, the emailed QR code, and 50 concurrent scans of one ticket.

use crate::both_databases;
use crate::helpers::{call_with, TestApp, ORGANISER_EMAIL};
use crate::registration::{form, forum_and_groups, link_in, register};
use app::features::checkin::types::CheckinResponse;
use app::features::tickets::code::{TicketClaims, TicketKeys};
use serde_json::{json, Value};

pub(crate) fn keys(app: &TestApp) -> TicketKeys {
    let secret = server::config::load_or_create_secret_key(&app.data_dir).expect("secret");
    app::features::tickets::ssr::keys(
        &app::state::Keyring::new(app::state::SecretKey::new(secret)).signing(),
    )
}

/// Registers `email` at `slug` in the first group and returns (registration id, manage link).
pub(crate) async fn confirmed(app: &TestApp, slug: &str, name: &str, email: &str) -> (i64, String) {
    let (_, groups) = forum_and_groups(app, slug).await;
    let group = groups[0].0.to_string();
    let res = register(app, &app.new_client(), &form(slug, name, email, &group)).await;
    assert_eq!(res.status(), 200, "{:?}", res.text().await);
    let record = app
        .store
        .registrations_by_email(&email.to_lowercase())
        .await
        .expect("store")
        .into_iter()
        .next()
        .expect("registered");
    let mail = app
        .wait_for_mail(&format!("To: {}", email.to_lowercase()))
        .await;
    (record.id.0, link_in(&mail))
}

pub(crate) async fn scan(
    client: &reqwest::Client,
    app: &TestApp,
    code: &str,
    list: &str,
    nonce: &str,
) -> (u16, Value) {
    let res = client
        .post(app.url("/api/v1/checkin"))
        .json(&json!({ "code": code, "list_id": list, "nonce": nonce }))
        .send()
        .await
        .expect("POST");
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

pub(crate) fn verdict(body: &Value) -> &str {
    body["verdict"].as_str().unwrap_or("")
}

both_databases! {
    async fn every_verdict_of_the_door_and_retries_that_never_admit_twice(app) {
        let (forum, groups) = forum_and_groups(app, "belgrade").await;
        let (id, link) = confirmed(app, "belgrade", "Mira Kovač", "mira@example.org").await;
        let keys = keys(app);
        let code = keys.sign(TicketClaims { forum: forum.0, registration: id, version: 1 });
        let entry = format!("{}:entry", forum.0);
        let scanner = app.scanner_at("belgrade").await;

        let (status, first) = scan(&scanner, app, &code, &entry, "scan-1").await;
        assert_eq!(status, 200, "{first}");
        let parsed: CheckinResponse = serde_json::from_value(first.clone()).expect("the shared type");
        assert_eq!(parsed.name.as_deref(), Some("Mira Kovač"));
        assert_eq!(verdict(&first), "admitted");
        assert_eq!(first["organisation"], "Civic Initiatives");
        assert!(first["group"].as_str().is_some_and(|g| !g.is_empty()));

        // A retry of the same scan (lost answer) is the same admission, not a second one.
        let (_, retry) = scan(&scanner, app, &code, &entry, "scan-1").await;
        assert_eq!(verdict(&retry), "admitted");
        assert_eq!(retry["first_admitted_at"], first["first_admitted_at"]);
        let (_, again) = scan(&scanner, app, &code, &entry, "scan-2").await;
        assert_eq!(verdict(&again), "already_checked_in");
        assert_eq!(again["first_admitted_at"], first["first_admitted_at"]);
        assert_eq!(again["admitted_by"], "Door Steward");
        assert!(again["reason"].as_str().is_some_and(|r| r.contains("Door Steward")), "{again}");
        assert_eq!(app.store.checkins_on(forum, "entry").await.expect("store").len(), 1);

        // Another list of the same forum admits once more.
        let record = app.store.forum_by_slug("belgrade").await.expect("store").expect("forum");
        let day = format!("{}:day-{}", forum.0, record.summary.starts_on);
        assert_eq!(verdict(&scan(&scanner, app, &code, &day, "scan-3").await.1), "admitted");

        // Forged, altered and cut codes.
        let forged = TicketKeys::from_seed([9; 32]).sign(TicketClaims { forum: forum.0, registration: id, version: 1 });
        let (_, v) = scan(&scanner, app, &forged, &entry, "scan-4").await;
        assert_eq!((verdict(&v), v["name"].clone()), ("invalid", Value::Null), "a forgery reveals nobody");
        let mut altered = code.clone().into_bytes();
        let last = altered.len() - 5;
        altered[last] = if altered[last] == b'A' { b'B' } else { b'A' };
        let altered = String::from_utf8(altered).expect("ascii");
        assert_eq!(verdict(&scan(&scanner, app, &altered, &entry, "scan-5").await.1), "invalid");
        assert_eq!(verdict(&scan(&scanner, app, &code[..40], &entry, "scan-6").await.1), "invalid");
        assert_eq!(verdict(&scan(&scanner, app, "https://example.org", &entry, "scan-7").await.1), "invalid");

        // A genuine ticket of another forum.
        let other = keys.sign(TicketClaims { forum: forum.0 + 1, registration: id, version: 1 });
        assert_eq!(verdict(&scan(&scanner, app, &other, &entry, "scan-8").await.1), "not_on_list");

        // A session list limited to another group.
        let starts = chrono::DateTime::<chrono::Utc>::from_naive_utc_and_offset(record.summary.starts_on.and_hms_opt(9, 0, 0).expect("time"), chrono::Utc);
        let session = app.store.save_session(None, &app::store::NewSession {
            forum_id: forum,
            title: "Youth roundtable".into(),
            description: String::new(),
            kind: "panel".into(),
            starts_at: starts,
            ends_at: starts + chrono::Duration::hours(1),
            room_id: None,
            track_id: None,
            language: "sr".into(),
            interpretation: Vec::new(),
        }).await.expect("session").expect("no room to clash").0;
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let limit = format!("groups[g{}]", groups[1].0);
        let res = call_with(&organiser, &app.url("/api/organiser/checkin/groups"),
            &[("slug", "belgrade"), ("list", &format!("session-{session}")), (&limit, "on")]).await;
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
        let session_list = format!("{}:session-{session}", forum.0);
        let (_, v) = scan(&scanner, app, &code, &session_list, "scan-9").await;
        assert_eq!(verdict(&v), "not_on_list");
        assert!(v["reason"].as_str().is_some_and(|r| r.contains("other stakeholder groups")), "{v}");
        // Lifted again: the session's list admits, and its counts expect those who picked it.
        let res = call_with(&organiser, &app.url("/api/organiser/checkin/groups"),
            &[("slug", "belgrade"), ("list", &format!("session-{session}"))]).await;
        assert_eq!(res.status(), 200);
        assert_eq!(verdict(&scan(&scanner, app, &code, &session_list, "scan-9b").await.1), "admitted");
        let session_counts = || async {
            let v: Value = call_with(&scanner, &app.url("/api/checkin/counts"),
                &[("slug", "belgrade"), ("list", &format!("session-{session}"))]).await.json().await.expect("json");
            (v["total"]["checked_in"].as_i64(), v["total"]["expected"].as_i64())
        };
        assert_eq!(session_counts().await, (Some(1), Some(0)), "nobody picked it yet");
        app.store.set_picks(app::features::registration::types::RegistrationId(id), forum,
            &[app::features::forums::types::SessionId(session)]).await.expect("picks");
        assert_eq!(session_counts().await, (Some(1), Some(1)));
        // Cancelled: its list admits nobody any more, and says why.
        app.store.set_session_cancelled(forum, app::features::forums::types::SessionId(session), true).await.expect("cancel").expect("cancelling never clashes");
        let (_, v) = scan(&scanner, app, &code, &session_list, "scan-9c").await;
        assert_eq!(verdict(&v), "not_on_list");
        assert!(v["reason"].as_str().is_some_and(|r| r.contains("session was cancelled")), "{v}");

        // Re-issued: the old code is refused, the new one is the same person.
        let res = call_with(&organiser, &app.url("/api/organiser/ticket-reissue"),
            &[("slug", "belgrade"), ("registration_id", &id.to_string())]).await;
        assert_eq!(res.status(), 200);
        let (_, v) = scan(&scanner, app, &code, &entry, "scan-10").await;
        assert_eq!(verdict(&v), "invalid");
        assert!(v["reason"].as_str().is_some_and(|r| r.contains("replaced")), "{v}");
        let renewed = keys.sign(TicketClaims { forum: forum.0, registration: id, version: 2 });
        // The participant is emailed the new ticket; its QR code is the new code.
        let mail = app.wait_for_mail("Your new ticket for").await;
        assert!(mail.contains("To: mira@example.org") && mail.contains("previous one no longer works"), "{mail}");
        assert_eq!(qr_in_mail(&mail), renewed);
        // Re-issuing a registration of another forum is refused.
        let res = call_with(&organiser, &app.url("/api/organiser/ticket-reissue"),
            &[("slug", "sarajevo"), ("registration_id", &id.to_string())]).await;
        assert_eq!(res.status(), 404);
        assert_eq!(verdict(&scan(&scanner, app, &renewed, &entry, "scan-11").await.1), "already_checked_in");

        // Cancelled by the participant: refused with that reason.
        let token = link.trim_start_matches("/r/").to_string();
        let res = call_with(&app.new_client(), &app.url("/api/registration/cancel"), &[("token", &token)]).await;
        assert_eq!(res.status(), 200);
        let (_, v) = scan(&scanner, app, &renewed, &day, "scan-12").await;
        assert_eq!((verdict(&v), v["name"].as_str()), ("cancelled", Some("Mira Kovač")));
    }

    async fn malformed_scans_get_a_4xx_with_a_message(app) {
        let (forum, _) = forum_and_groups(app, "belgrade").await;
        let (id, _) = confirmed(app, "belgrade", "Ilir Berisha", "ilir@example.org").await;
        let code = keys(app).sign(TicketClaims { forum: forum.0, registration: id, version: 1 });
        let entry = format!("{}:entry", forum.0);
        let scanner = app.scanner_at("belgrade").await;
        for body in ["not json", "{}", r#"{"code":"x","list_id":"1:entry"}"#, "[1,2]"] {
            let res = scanner.post(app.url("/api/v1/checkin")).header("Content-Type", "application/json")
                .body(body).send().await.expect("POST");
            assert_eq!(res.status(), 400, "{body}");
            let message: Value = res.json().await.expect("json");
            assert!(message["error"].as_str().is_some_and(|m| m.contains("JSON")), "{message}");
        }
        let (status, v) = scan(&scanner, app, &code, &entry, "bad nonce!").await;
        assert_eq!(status, 400, "{v}");
        let (status, _) = scan(&scanner, app, &code, "entry", "n-1").await;
        assert_eq!(status, 400, "a list id names its forum");
        let (status, v) = scan(&scanner, app, &code, &format!("{}:session-99999999", forum.0), "n-2").await;
        assert_eq!((status, v["error"].is_string()), (404, true));
        // The nonce of one scan cannot be reused for another.
        assert_eq!(verdict(&scan(&scanner, app, &code, &entry, "n-3").await.1), "admitted");
        let day = format!("{}:day-{}", forum.0, app.store.forum_by_slug("belgrade").await.expect("store").expect("forum").summary.starts_on);
        let (status, _) = scan(&scanner, app, &code, &day, "n-3").await;
        assert_eq!(status, 409);
        // Messages follow the scanner's language.
        let res = scanner.post(app.url("/api/v1/checkin?lang=sq")).body("nope").send().await.expect("POST");
        let message: Value = res.json().await.expect("json");
        let english: Value = scanner.post(app.url("/api/v1/checkin")).body("nope").send().await.expect("POST").json().await.expect("json");
        assert_ne!(message["error"], english["error"], "translated");
        assert_eq!(app.store.checkins_on(forum, "entry").await.expect("store").len(), 1, "nothing half-written");
    }

    async fn only_scanners_and_their_devices_may_check_in(app) {
        let (forum, _) = forum_and_groups(app, "belgrade").await;
        let (id, link) = confirmed(app, "belgrade", "Sara Jovanović", "sara@example.org").await;
        let code = keys(app).sign(TicketClaims { forum: forum.0, registration: id, version: 1 });
        let entry = format!("{}:entry", forum.0);

        // Anonymous, and a participant who opened their own page.
        assert_eq!(scan(&app.new_client(), app, &code, &entry, "p-1").await.0, 401);
        let participant = app.new_client();
        assert_eq!(participant.get(app.url(&link)).send().await.expect("GET").status(), 200);
        assert_eq!(scan(&participant, app, &code, &entry, "p-2").await.0, 401);
        assert_eq!(call_with(&participant, &app.url("/api/checkin/scanner"), &[("slug", "belgrade"), ("list", "entry"), ("q", "")]).await.status(), 401);
        // A wrong bearer token.
        let res = app.new_client().post(app.url("/api/v1/checkin")).bearer_auth("guess")
            .json(&json!({"code": code, "list_id": entry, "nonce": "p-3"})).send().await.expect("POST");
        assert_eq!(res.status(), 401);

        // The organiser makes a device; its token works at its forum only.
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let res = call_with(&organiser, &app.url("/api/organiser/checkin/device"), &[("slug", "belgrade"), ("label", "Door A")]).await;
        assert_eq!(res.status(), 200);
        let admin: Value = call_with(&organiser, &app.url("/api/organiser/checkin"), &[("slug", "belgrade")]).await.json().await.expect("json");
        let device = &admin["devices"][0];
        let enrol = device["enrol_link"].as_str().expect("a link").to_string();
        assert!(device["enrol_qr"].as_str().is_some_and(|s| s.starts_with("<svg")));
        let token = enrol.rsplit('/').next().expect("token").to_string();
        assert!(token.len() >= 40, "high-entropy token");
        let bearer = |list: &str, nonce: &str| {
            app.new_client().post(app.url("/api/v1/checkin")).bearer_auth(&token)
                .json(&json!({"code": code, "list_id": list, "nonce": nonce})).send()
        };
        let res = bearer(&entry, "d-1").await.expect("POST");
        assert_eq!(res.status(), 200);
        let v: Value = res.json().await.expect("json");
        assert_eq!((verdict(&v), v["admitted_by"].as_str()), ("admitted", Some("Door A")));
        let (other, _) = forum_and_groups(app, "sarajevo").await;
        assert_eq!(bearer(&format!("{}:entry", other.0), "d-2").await.expect("POST").status(), 403);

        // Opening the enrolment link keeps the token in a cookie: the scanner pages open.
        let phone = app.new_client();
        let res = phone.get(app.url(&format!("/checkin/device/{token}"))).send().await.expect("GET");
        assert_eq!(res.status(), 303);
        assert_eq!(res.headers()["location"], "/checkin/belgrade");
        assert_eq!(call_with(&phone, &app.url("/api/checkin/scanner"), &[("slug", "belgrade"), ("list", "entry"), ("q", "")]).await.status(), 200);
        assert_eq!(call_with(&phone, &app.url("/api/checkin/scanner"), &[("slug", "sarajevo"), ("list", "entry"), ("q", "")]).await.status(), 403);
        assert_eq!(phone.get(app.url("/checkin/belgrade/entry")).send().await.expect("GET").status(), 200);

        // Revoked: refused at once, and the enrolment link is dead.
        let res = call_with(&organiser, &app.url("/api/organiser/checkin/device-revoke"),
            &[("slug", "belgrade"), ("device_id", &device["id"].to_string())]).await;
        assert_eq!(res.status(), 200);
        assert_eq!(bearer(&entry, "d-3").await.expect("POST").status(), 401);
        assert_eq!(app.new_client().get(app.url(&format!("/checkin/device/{token}"))).send().await.expect("GET").status(), 404);
        // Scanners may not manage devices.
        let scanner = app.scanner_at("belgrade").await;
        assert_eq!(call_with(&scanner, &app.url("/api/organiser/checkin/device"), &[("slug", "belgrade"), ("label", "x")]).await.status(), 403);
    }

    async fn manual_check_in_undo_and_live_counts(app) {
        let (id, _) = confirmed(app, "belgrade", "Goran Nikolovski", "goran@example.org").await;
        let scanner = app.scanner_at("belgrade").await;
        let counts = |client: reqwest::Client| async move {
            let v: Value = call_with(&client, &app.url("/api/checkin/counts"), &[("slug", "belgrade"), ("list", "entry")]).await.json().await.expect("json");
            (v["total"]["checked_in"].as_i64().expect("count"), v["total"]["expected"].as_i64().expect("count"), v)
        };
        let (before, expected, _) = counts(scanner.clone()).await;
        assert_eq!(before, 0);
        assert!(expected >= 1, "Goran's confirmed seat is expected: {expected}");

        let found: Value = call_with(&scanner, &app.url("/api/checkin/scanner"), &[("slug", "belgrade"), ("list", "entry"), ("q", "nikolov")]).await.json().await.expect("json");
        assert_eq!(found["results"][0]["registration_id"], id);
        // Two letters find nobody: a lost phone cannot page through the forum's list.
        let short: Value = call_with(&scanner, &app.url("/api/checkin/scanner"), &[("slug", "belgrade"), ("list", "entry"), ("q", "ni")]).await.json().await.expect("json");
        assert_eq!(short["results"], serde_json::json!([]));
        let three: Value = call_with(&scanner, &app.url("/api/checkin/scanner"), &[("slug", "belgrade"), ("list", "entry"), ("q", "nik")]).await.json().await.expect("json");
        assert_eq!(three["results"][0]["registration_id"], id);
        let id_text = id.to_string();
        let manual_url = app.url("/api/checkin/manual");
        let manual = |nonce: &'static str| {
            let (scanner, url, id_text) = (scanner.clone(), manual_url.clone(), id_text.clone());
            async move {
                call_with(&scanner, &url, &[("slug", "belgrade"), ("list", "entry"), ("registration_id", &id_text), ("nonce", nonce)]).await
            }
        };
        // A malformed nonce is a bad request, answered in words and admitting nobody.
        let bad = manual("not a nonce!").await;
        assert_eq!(bad.status(), 400);
        assert!(bad.text().await.expect("body").contains("checkin.error.nonce"), "the error names the problem");
        let v: Value = manual("m-1").await.json().await.expect("json");
        assert_eq!(verdict(&v), "admitted");
        assert_eq!(verdict(&manual("m-2").await.json::<Value>().await.expect("json")), "already_checked_in");
        let (after, _, by) = counts(scanner.clone()).await;
        assert_eq!(after, 1);
        // Off the forum's team the breakdown of one person is hidden; the team reads it.
        assert!(by["by_group"].as_array().expect("rows").iter().all(|r| r["checked_in"] == 0), "{by}");
        assert!(by["by_country"].as_array().expect("rows").iter().any(|r| r["hidden"] == true), "{by}");
        let (_, _, by) = counts(app.log_in_as(ORGANISER_EMAIL).await).await;
        let group_total: i64 = by["by_group"].as_array().expect("rows").iter().map(|r| r["checked_in"].as_i64().unwrap_or(0)).sum();
        assert_eq!(group_total, 1);
        assert!(by["by_country"].as_array().expect("rows").iter().any(|r| r["label"] == "Serbia" && r["checked_in"] == 1), "{by}");

        let undone: Value = call_with(&scanner, &app.url("/api/checkin/undo"), &[("slug", "belgrade")]).await.json().await.expect("json");
        assert_eq!(undone, "Goran Nikolovski");
        assert_eq!(counts(scanner.clone()).await.0, 0);
        assert_eq!(verdict(&manual("m-3").await.json::<Value>().await.expect("json")), "admitted");
        // The pages render for the scanner, and refuse the anonymous.
        let page = scanner.get(app.url("/checkin/belgrade/entry/counts")).send().await.expect("GET");
        assert_eq!(page.status(), 200);
        let page = scanner.get(app.url("/checkin/belgrade/entry?q=nikolov")).send().await.expect("GET").text().await.expect("body");
        assert!(page.contains("Goran Nikolovski") && page.contains("data-list-id") && page.contains("/scanner.js"));
        let lists = scanner.get(app.url("/checkin/belgrade")).send().await.expect("GET").text().await.expect("body");
        assert!(lists.contains("Forum entry") && lists.contains("/checkin/belgrade/day-"));
    }

    async fn fifty_concurrent_scans_of_one_ticket_admit_it_exactly_once(app) {
        let (forum, _) = forum_and_groups(app, "belgrade").await;
        let (id, _) = confirmed(app, "belgrade", "Racer One", "racer@example.org").await;
        let code = keys(app).sign(TicketClaims { forum: forum.0, registration: id, version: 1 });
        let entry = format!("{}:entry", forum.0);
        let scanner = app.scanner_at("belgrade").await;
        let scans = (0..50).map(|i| {
            let (scanner, code, entry) = (scanner.clone(), code.clone(), entry.clone());
            let url = app.url("/api/v1/checkin");
            tokio::spawn(async move {
                let res = scanner.post(url).json(&json!({"code": code, "list_id": entry, "nonce": format!("race-{i}")}))
                    .send().await.expect("POST");
                let status = res.status().as_u16();
                (status, res.json::<Value>().await.expect("json"))
            })
        });
        let results = futures::future::join_all(scans).await;
        let mut admitted = 0;
        let mut already = 0;
        let mut first = std::collections::HashSet::new();
        for r in results {
            let (status, body) = r.expect("task");
            assert_eq!(status, 200, "{body}");
            match verdict(&body) {
                "admitted" => admitted += 1,
                "already_checked_in" => already += 1,
                other => panic!("unexpected verdict {other}"),
            }
            first.insert(body["first_admitted_at"].to_string());
        }
        assert_eq!((admitted, already), (1, 49));
        assert_eq!(first.len(), 1, "every answer names the same admission");
        assert_eq!(app.store.checkins_on(forum, "entry").await.expect("store").len(), 1);
    }

    async fn the_ticket_is_on_the_page_and_its_emailed_qr_code_admits(app) {
        let (forum, _) = forum_and_groups(app, "belgrade").await;
        let (_, link) = confirmed(app, "belgrade", "Elira Hoxha", "elira@example.org").await;
        let page = app.get(&link).await.text().await.expect("body");
        assert!(page.contains("id=\"ticket-heading\"") && page.contains("<svg") && page.contains("Elira Hoxha"), "the ticket card");
        let mail = app.wait_for_mail("To: elira@example.org").await;
        assert!(mail.contains("ticket.png") && mail.contains("image/png"), "{mail}");
        let code = qr_in_mail(&mail);
        assert!(code.starts_with("AG1:"), "{code}");
        let scanner = app.scanner_at("belgrade").await;
        let (_, v) = scan(&scanner, app, &code, &format!("{}:entry", forum.0), "mail-1").await;
        assert_eq!((verdict(&v), v["name"].as_str()), ("admitted", Some("Elira Hoxha")));
        // The public key verifies the code on its own (what an offline scanner does).
        let key: Value = app.get("/api/v1/checkin/public-key").await.json().await.expect("json");
        use base64::Engine;
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(key["public_key"].as_str().expect("key")).expect("b64");
        let key = ed25519_dalek::VerifyingKey::from_bytes(&bytes.try_into().expect("32 bytes")).expect("key");
        assert!(app::features::tickets::code::verify_with(&key, &code).is_ok());
    }
}

/// Decodes the QR code of the `ticket.png` attachment of an email.
pub(crate) fn qr_in_mail(mail: &str) -> String {
    use base64::Engine;
    let start = mail.find("filename=\"ticket.png\"").expect("attachment");
    let rest = &mail[start..];
    let body_start = rest.find("\r\n\r\n").expect("headers end") + 4;
    let body: String = rest[body_start..]
        .split("--")
        .next()
        .expect("body")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '+' || *c == '/')
        .collect();
    let png = base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(body)
        .expect("base64");
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let mut reader = decoder.read_info().expect("png");
    let mut pixels = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut pixels).expect("frame");
    let (w, h) = (info.width as usize, info.height as usize);
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| pixels[y * w + x]);
    let grids = image.detect_grids();
    grids[0].decode().expect("a readable QR code").1
}
