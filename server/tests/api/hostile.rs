//! Hostile input: every declared server function (as an admin, who gets furthest, and as a
//! stranger), the door's JSON endpoints, the organiser's upload and the public addresses get
//! empty, oversized, truncated, wrongly typed, deeply nested, non-UTF-8, duplicated and missing
//! fields and wrong content types. Every answer comes within the client's timeout, none is a
//! 5xx, every 4xx says something, and the rows a request could write are as they were.

use crate::authorisation::snapshot;
use crate::both_databases;
use crate::helpers::{TestApp, ADMIN_EMAIL};

/// Bodies for a form endpoint: (what it is, content type, bytes).
fn form_bodies() -> Vec<(&'static str, &'static str, Vec<u8>)> {
    const FORM: &str = "application/x-www-form-urlencoded";
    let nested = format!("a{}=1", "[b]".repeat(2_000));
    vec![
        ("empty", FORM, Vec::new()),
        (
            "truncated",
            FORM,
            b"slug=belgrade&id=1&form%5Bfull_na".to_vec(),
        ),
        (
            "not UTF-8",
            FORM,
            b"slug=\xff\xfe&id=%FF%FE&token=\xc3\x28&form%5Bemail%5D=%C3%28".to_vec(),
        ),
        (
            "duplicated",
            FORM,
            b"slug=belgrade&slug=sarajevo&id=1&id=2&token=a&token=b&name=x&name=y".to_vec(),
        ),
        (
            "wrong types",
            FORM,
            b"slug%5B%5D=x&id=abc&id%5Bk%5D=1&count=-99999999999999999999&on=maybe".to_vec(),
        ),
        ("deeply nested", FORM, nested.into_bytes()),
        (
            "oversized",
            FORM,
            format!("slug=belgrade&text={}", "a".repeat(1_200_000)).into_bytes(),
        ),
        (
            "JSON",
            "application/json",
            br#"{"slug":["belgrade"],"id":{}}"#.to_vec(),
        ),
        ("plain text", "text/plain", b"\x00\x01garbage\xff".to_vec()),
    ]
}

/// Bodies for the door's JSON endpoints.
fn json_bodies(list: &str) -> Vec<(&'static str, &'static str, Vec<u8>)> {
    const JSON: &str = "application/json";
    let many: Vec<serde_json::Value> = (0..3_000)
        .map(|i| serde_json::json!({"code": "AG1:XX", "nonce": format!("n{i}"), "scanned_at": i}))
        .collect();
    vec![
        ("empty", JSON, Vec::new()),
        ("truncated", JSON, br#"{"code":"AG1:"#.to_vec()),
        ("null", JSON, b"null".to_vec()),
        ("array", JSON, b"[]".to_vec()),
        ("deeply nested", JSON, format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)).into_bytes()),
        (
            "wrong types",
            JSON,
            serde_json::to_vec(&serde_json::json!({"code": 1, "list_id": [], "nonce": {}, "scans": "x"}))
                .expect("json"),
        ),
        (
            "huge code",
            JSON,
            serde_json::to_vec(&serde_json::json!({"code": "A".repeat(900_000), "list_id": list, "nonce": "n"}))
                .expect("json"),
        ),
        ("not UTF-8", JSON, b"{\"code\":\"\xff\xfe\",\"list_id\":\"\xc3\x28\"}".to_vec()),
        (
            "duplicated keys",
            JSON,
            format!(r#"{{"code":"a","code":"b","list_id":"{list}","list_id":"x","nonce":"n","scans":[]}}"#)
                .into_bytes(),
        ),
        (
            "extreme numbers",
            JSON,
            format!(
                r#"{{"list_id":"{list}","scans":[{{"code":"AG1:X","nonce":"z","scanned_at":1e308}},{{"code":"AG1:X","nonce":"y","scanned_at":-9223372036854775808}}]}}"#
            )
            .into_bytes(),
        ),
        (
            "many scans",
            JSON,
            serde_json::to_vec(&serde_json::json!({"list_id": list, "scans": many})).expect("json"),
        ),
        ("form", "application/x-www-form-urlencoded", b"code=x&list_id=y".to_vec()),
    ]
}

/// Sends one probe; the answer must come, must not be a 5xx, and a 4xx must say something.
async fn probe(
    client: &reqwest::Client,
    method: reqwest::Method,
    url: &str,
    (what, content_type, body): &(&'static str, &'static str, Vec<u8>),
) {
    let mut request = client
        .request(method.clone(), url)
        .header("Content-Type", *content_type)
        .header("Accept", "application/json");
    if body.len() > 1 << 20 {
        // Refused before it is read, such a body ends its connection: not one to reuse.
        request = request.header("Connection", "close");
    }
    let res = match request.body(body.clone()).send().await {
        Ok(res) => res,
        // The server may answer 413 and close before the client has sent the whole body; the
        // client then sees the connection end, not the answer. The server must be fine after.
        Err(e) if body.len() > 1 << 20 => {
            let base = url.split("/api/").next().unwrap_or(url);
            let origin: String = base.splitn(4, '/').take(3).collect::<Vec<_>>().join("/");
            let alive = reqwest::get(format!("{origin}/health/live"))
                .await
                .expect("alive");
            assert_eq!(
                alive.status(),
                200,
                "{method} {url} ({what}): {e}, then not alive"
            );
            return;
        }
        Err(e) => panic!("{method} {url} ({what}): no answer: {e}"),
    };
    let status = res.status();
    let text = res.text().await.unwrap_or_default();
    assert!(
        status.as_u16() < 500,
        "{method} {url} ({what}): {status} {}",
        text.chars().take(300).collect::<String>()
    );
    if status.is_client_error() {
        assert!(
            !text.trim().is_empty(),
            "{method} {url} ({what}): {status} says nothing"
        );
    }
}

both_databases! {
    async fn hostile_input_never_yields_a_5xx_a_hang_or_a_half_written_row(app) {
        let before = snapshot(app).await;
        let outbox_before = outbox_rows(app).await;
        let admin = app.log_in_as(ADMIN_EMAIL).await;
        let stranger = app.new_client();
        let forms = form_bodies();
        for (path, _) in app::features::accounts::rules::SERVER_FUNCTIONS {
            for body in &forms {
                // The admin stays signed in for the next probe.
                if *path != "/api/logout" {
                    probe(&admin, reqwest::Method::POST, &app.url(path), body).await;
                }
                probe(&stranger, reqwest::Method::POST, &app.url(path), body).await;
            }
        }
        let forum = app.store.forum_by_slug("belgrade").await.expect("store").expect("forum");
        let list = format!("{}:entry", forum.summary.id.0);
        for body in &json_bodies(&list) {
            for path in ["/api/v1/checkin", "/api/v1/checkin/offline"] {
                probe(&admin, reqwest::Method::POST, &app.url(path), body).await;
                probe(&stranger, reqwest::Method::POST, &app.url(path), body).await;
            }
        }
        // The organiser's upload: no boundary, a cut multipart, another type, an empty file.
        let upload = app.url("/organiser/forums/belgrade/documents/upload");
        let cut = b"--X\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nT\xff\r\n--X\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF".to_vec();
        let empty_file = b"--X\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nEmpty\r\n--X\r\nContent-Disposition: form-data; name=\"locale\"\r\n\r\nen\r\n--X\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n\r\n--X--\r\n".to_vec();
        for body in [
            ("no boundary", "multipart/form-data", b"--X\r\n".to_vec()),
            ("cut", "multipart/form-data; boundary=X", cut),
            ("empty file", "multipart/form-data; boundary=X", empty_file),
            ("JSON", "application/json", b"{}".to_vec()),
        ] {
            probe(&admin, reqwest::Method::POST, &upload, &body).await;
            probe(&stranger, reqwest::Method::POST, &upload, &body).await;
        }
        // Addresses and queries.
        let long = "x".repeat(5_000);
        let nothing = ("no body", "text/plain", Vec::new());
        for path in [
            "/forums/belgrade?lang=%FF%FE".to_string(),
            "/forums/%FF%FE%00".to_string(),
            format!("/forums/{long}"),
            "/forums/belgrade/sessions/99999999999999999999999".to_string(),
            "/forums/belgrade/sessions/-1".to_string(),
            "/forums/belgrade/documents/abc".to_string(),
            "/forums/belgrade/documents/1e9".to_string(),
            format!("/r/{long}/data.json"),
            "/r/%FF/data.json".to_string(),
            format!("/api/v1/checkin/roster?list_id={list}&since=-1e99"),
            "/api/v1/checkin/roster?list_id=%FF%FE".to_string(),
            format!("/api/v1/checkin/roster?list_id={}:session-abc", forum.summary.id.0),
            "/calendar/%FF.ics".to_string(),
            "/forums/belgrade/agenda?track=%FF&room=-1&day=2026-13-45".to_string(),
            "/organiser/forums/belgrade/registrations.csv?status=%FF&group=abc".to_string(),
        ] {
            probe(&admin, reqwest::Method::GET, &app.url(&path), &nothing).await;
            probe(&stranger, reqwest::Method::GET, &app.url(&path), &nothing).await;
        }
        assert_eq!(snapshot(app).await, before, "no row changed");
        assert_eq!(outbox_rows(app).await, outbox_before, "no email queued");
    }
}

async fn outbox_rows(app: &TestApp) -> i64 {
    let sql = "SELECT COUNT(*) FROM outbox";
    if app.database_url.starts_with("postgres") {
        let pool = sqlx::PgPool::connect(&app.database_url).await.expect("pg");
        let n = sqlx::query_scalar(sql)
            .fetch_one(&pool)
            .await
            .expect("count");
        pool.close().await;
        n
    } else {
        let pool = sqlx::SqlitePool::connect(&app.database_url)
            .await
            .expect("sqlite");
        let n = sqlx::query_scalar(sql)
            .fetch_one(&pool)
            .await
            .expect("count");
        pool.close().await;
        n
    }
}
