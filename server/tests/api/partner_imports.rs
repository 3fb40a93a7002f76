//! Registrations imported from a partner's list: the check shows each row's fate and where it
//! would sit by the seat rules, writing nothing; the import runs every row through the seat
//! rules (reservations, caps, waiting list) in one transaction or writes nothing, records who
//! imported it and sends the usual confirmation unless told not to.

use crate::both_databases;
use crate::helpers::{call_with, TestApp, ORGANISER_EMAIL, SCANNER_EMAIL};
use crate::registration::{form, forum_and_groups, register};
use serde_json::Value;

async fn upload(app: &TestApp, client: &reqwest::Client, csv: &str) -> (u16, Value) {
    let upload = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("partner.csv"),
    );
    let res = client
        .post(app.url("/organiser/forums/belgrade/registrations/import/upload"))
        .header("Accept", "application/json")
        .multipart(upload)
        .send()
        .await
        .expect("upload");
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn check(app: &TestApp, client: &reqwest::Client, id: &str) -> Value {
    let res = call_with(
        client,
        &app.url("/api/organiser/registration-import"),
        &[("slug", "belgrade"), ("import_id", id)],
    )
    .await;
    assert_eq!(res.status(), 200);
    res.json().await.expect("json")
}

async fn run(
    app: &TestApp,
    client: &reqwest::Client,
    id: &str,
    agreed: bool,
    confirm: bool,
) -> reqwest::Response {
    let mut fields = vec![("slug", "belgrade"), ("import_id", id)];
    if agreed {
        fields.push(("agreed", "on"));
    }
    if confirm {
        fields.push(("confirm", "on"));
    }
    call_with(client, &app.url("/api/registrations/import"), &fields).await
}

fn outcomes(check: &Value) -> Vec<String> {
    check["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| match &r["outcome"] {
            Value::String(s) => s.clone(),
            Value::Object(o) => o.keys().next().cloned().unwrap_or_default(),
            other => other.to_string(),
        })
        .collect()
}

async fn waiting_list(app: &TestApp, organiser: &reqwest::Client, on: bool) {
    let mut fields = vec![
        ("slug", "belgrade"),
        ("mode", "open"),
        ("release_at", ""),
        ("opens_at", ""),
        ("closes_at", ""),
    ];
    if on {
        fields.push(("waiting_list", "on"));
    }
    let res = call_with(organiser, &app.url("/api/registrations/settings"), &fields).await;
    assert_eq!(res.status(), 200, "{:?}", res.text().await);
}

/// One number from the database, on either backend.
async fn number(app: &TestApp, sql: &str) -> i64 {
    if app.database_url.starts_with("postgres") {
        let pool = sqlx::PgPool::connect(&app.database_url).await.expect("pg");
        let n: i64 = sqlx::query_scalar(sql).fetch_one(&pool).await.expect(sql);
        pool.close().await;
        n
    } else {
        let pool = sqlx::SqlitePool::connect(&app.database_url)
            .await
            .expect("sqlite");
        let n: i64 = sqlx::query_scalar(sql).fetch_one(&pool).await.expect(sql);
        pool.close().await;
        n
    }
}

async fn status_of(app: &TestApp, email: &str) -> Option<String> {
    let found = app
        .store
        .registrations_by_email(email)
        .await
        .expect("store");
    found.first().map(|r| r.status.as_str().to_string())
}

both_databases! {
    async fn a_partners_registrations_go_through_the_seat_rules_whole_or_not_at_all(app) {
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let (forum, groups) = forum_and_groups(app, "belgrade").await;
        waiting_list(app, &organiser, true).await;
        // Youth: two places reserved, at most two; one is taken already.
        app.store.set_group_quota(forum, groups[3], 2, Some(2)).await.expect("quota");
        let youth = groups[3].0.to_string();
        assert_eq!(register(app, &app.new_client(), &form("belgrade", "Seat Holder", "seat@example.org", &youth)).await.status(), 200);

        let csv = format!(
            "Name;Email;Group;Country;Language\r\n\
             Ana Antić;ana@example.org;{youth};AL;sq\r\n\
             Besa Berisha;besa@example.org;{youth};;\r\n\
             Seat Holder;seat@example.org;{youth};;\r\n\
             No Group;nogroup@example.org;;;\r\n"
        );
        let (status, body) = upload(app, &organiser, &csv).await;
        assert_eq!(status, 201, "{body}");
        let id = body["id"].to_string();
        let checked = check(app, &organiser, &id).await;
        assert_eq!(outcomes(&checked), ["New", "New", "AlreadyRegistered", "Wrong"]);
        assert_eq!(checked["rows"][3]["outcome"]["Wrong"][1], "import.error.group_required");
        assert_eq!(checked["placements"], serde_json::json!(["Seat", "Waiting", null, null]));
        // A wrong row: nothing is written (and the check itself wrote nothing).
        assert_eq!(run(app, &organiser, &id, true, true).await.status(), 409);
        assert_eq!(status_of(app, "ana@example.org").await, None);

        let fixed = format!(
            "Name;Email;Group;Country;Language\r\n\
             Ana Antić;ana@example.org;{youth};AL;sq\r\n\
             Besa Berisha;besa@example.org;{youth};;\r\n"
        );
        let (_, body) = upload(app, &organiser, &fixed).await;
        let id = body["id"].to_string();
        // The organiser must say the partner collected the people's agreement.
        let res = run(app, &organiser, &id, false, true).await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.expect("body").contains("import.error.agreed"));
        // Nobody else of the team may import (a scanner is refused, nothing written).
        let scanner = app.log_in_as(SCANNER_EMAIL).await;
        assert_eq!(run(app, &scanner, &id, true, true).await.status(), 403);
        assert_eq!(upload(app, &scanner, &fixed).await.0, 403);
        assert_eq!(status_of(app, "ana@example.org").await, None);

        let res = run(app, &organiser, &id, true, true).await;
        assert!(res.status().is_success() || res.status().is_redirection(), "{:?}", res.text().await);
        assert_eq!(status_of(app, "ana@example.org").await.as_deref(), Some("confirmed"));
        assert_eq!(status_of(app, "besa@example.org").await.as_deref(), Some("waiting"), "the cap holds: Besa waits");
        let ana = &app.store.registrations_by_email("ana@example.org").await.expect("store")[0];
        assert_eq!((ana.country.as_str(), ana.locale.as_str()), ("AL", "sq"));
        let besa = &app.store.registrations_by_email("besa@example.org").await.expect("store")[0];
        assert_eq!(besa.country, "RS", "the forum's country when the row has none");
        let importer = app.store.account_by_email(ORGANISER_EMAIL).await.expect("store").expect("account").id.0;
        assert_eq!(number(app, &format!("SELECT CAST(COUNT(*) AS BIGINT) FROM registrations WHERE imported_by = {importer}")).await, 2);
        app.wait_for_mail("To: ana@example.org").await;
        // Imported once: the list is no longer kept.
        assert_eq!(run(app, &organiser, &id, true, true).await.status(), 404);
        assert_eq!(number(app, "SELECT CAST(COUNT(*) AS BIGINT) FROM registrations WHERE email = 'ana@example.org'").await, 1);

        // Without the confirmation: registered, and nothing goes to them.
        let quiet = "Name;Email;Group\r\nCarl Quiet;carl@example.org;".to_string() + &groups[0].0.to_string() + "\r\n";
        let (_, body) = upload(app, &organiser, &quiet).await;
        let id = body["id"].to_string();
        assert!(run(app, &organiser, &id, true, false).await.status().is_success());
        assert_eq!(status_of(app, "carl@example.org").await.as_deref(), Some("confirmed"));
        assert_eq!(number(app, "SELECT CAST(COUNT(*) AS BIGINT) FROM outbox WHERE recipient = 'carl@example.org'").await, 0);

        // No waiting list: rows without a seat stop the whole import.
        waiting_list(app, &organiser, false).await;
        let full = format!("Name;Email;Group\r\nDita Full;dita@example.org;{youth}\r\nEdi Full;edi@example.org;{youth}\r\n");
        let (_, body) = upload(app, &organiser, &full).await;
        let id = body["id"].to_string();
        assert_eq!(check(app, &organiser, &id).await["placements"], serde_json::json!(["NoSeat", "NoSeat"]));
        let res = run(app, &organiser, &id, true, true).await;
        assert_eq!(res.status(), 409);
        assert!(res.text().await.expect("body").contains("import.error.no_seat"));
        assert_eq!(status_of(app, "dita@example.org").await, None);
    }
}
