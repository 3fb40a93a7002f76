//! Bounded waits: a transaction that holds a forum's lock and never ends makes registrations to
//! that forum answer 503 with `Retry-After` (the database's lock or busy timeout, or the
//! request's deadline, whichever comes first), nothing half-written, while every other page
//! keeps answering; once the lock goes, the same registration goes through.

use crate::both_databases;
use crate::helpers::{stored, test_limits, TestApp};
use crate::registration::{form, forum_and_groups};
use std::time::{Duration, Instant};

/// Holds the lock a registration at Belgrade needs, until the returned connection is dropped.
async fn hold_belgrade(app: &TestApp) -> Box<dyn std::any::Any + Send> {
    use sqlx::Connection;
    if app.database_url.starts_with("postgres") {
        let mut c = sqlx::PgConnection::connect(&app.database_url)
            .await
            .expect("connect");
        sqlx::query("BEGIN").execute(&mut c).await.expect("begin");
        sqlx::query("SELECT id FROM forums WHERE slug = 'belgrade' FOR UPDATE")
            .execute(&mut c)
            .await
            .expect("lock");
        Box::new(c)
    } else {
        let mut c = sqlx::SqliteConnection::connect(&app.database_url)
            .await
            .expect("connect");
        sqlx::query("BEGIN IMMEDIATE")
            .execute(&mut c)
            .await
            .expect("write lock");
        Box::new(c)
    }
}

async fn register_at(app: &TestApp, address: &str, email: &str, group: &str) -> reqwest::Response {
    let fields = form("belgrade", "Waiting Person", email, group);
    app.new_client()
        .post(format!("{address}/api/register"))
        .header("Origin", address)
        .header("Accept", "application/json")
        .header("Accept-Language", "sq")
        .form(&fields)
        .send()
        .await
        .expect("POST")
}

both_databases! {
    async fn a_stuck_lock_yields_503s_with_retry_after_and_not_a_dead_server(app) {
        let (_, groups) = forum_and_groups(app, "belgrade").await;
        let group = groups[0].0.to_string();
        // A second server whose requests have a 2-second deadline.
        let dir = tempfile::tempdir().expect("tempdir");
        let key = dir.path().join("shared.key");
        std::fs::copy(app.data_dir.join("secret.key"), &key).expect("copy");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        }
        let quick = app.server_on_another_host(&dir.path().join("data"), Some(key), test_limits(), Duration::from_secs(2)).await.expect("start");

        let lock = hold_belgrade(app).await;
        // The database gives up waiting for the lock (PostgreSQL's lock_timeout, 5 s; SQLite's
        // busy timeout, 10 s): 503, Retry-After, the reason in the reader's language.
        let started = Instant::now();
        let (res, pages) = tokio::join!(
            register_at(app, &app.address, "stuck@example.org", &group),
            async {
                // Meanwhile the rest of the site answers, many times over.
                let mut codes = Vec::new();
                for _ in 0..10 {
                    let all = futures::future::join_all((0..8).map(|_| app.get("/forums/tirana"))).await;
                    codes.extend(all.into_iter().map(|r| r.status().as_u16()));
                }
                codes
            }
        );
        assert_eq!(res.status(), 503);
        assert!(started.elapsed() < Duration::from_secs(25), "bounded: {:?}", started.elapsed());
        assert_eq!(res.headers().get("retry-after").and_then(|v| v.to_str().ok()), Some("5"));
        // The caller shows the message of `Unavailable` in the reader's language.
        let error: app::error::AppError = res.json().await.expect("a server function's error");
        assert_eq!(error, app::error::AppError::Unavailable { retry_after_secs: 5 });
        assert_eq!(app::i18n::Locale::Sq.t(error.message_key()), "Serveri është i zënë tani. Ju lutemi provoni përsëri pas disa sekondash; asgjë nuk humbi.");
        assert!(pages.iter().all(|c| *c == 200), "{pages:?}");

        // The request's own deadline comes first at the quick server: 503 within its 2 s.
        let started = Instant::now();
        let res = register_at(app, &quick, "deadline@example.org", &group).await;
        assert_eq!(res.status(), 503);
        assert!(started.elapsed() < Duration::from_secs(4), "{:?}", started.elapsed());
        assert_eq!(res.headers().get("retry-after").and_then(|v| v.to_str().ok()), Some("5"));
        let error: app::error::AppError = res.json().await.expect("a server function's error");
        assert_eq!(error.status_code(), 503);
        // A page request past its deadline gets a page, in the reader's language.
        let page = app.new_client().post(format!("{quick}/api/register")).header("Origin", quick.as_str())
            .header("Accept", "text/html").header("Accept-Language", "mk")
            .form(&form("belgrade", "Waiting Page", "page@example.org", &group)).send().await.expect("POST");
        assert_eq!(page.status(), 503);
        let text = page.text().await.expect("body");
        assert!(text.contains("<html lang=\"mk\"") && text.contains("Серверот е зафатен"), "{text}");
        let html = app.new_client().get(format!("{quick}/forums/belgrade/register")).header("Accept", "text/html").send().await.expect("GET");
        assert_eq!(html.status(), 200, "a page that needs no lock is served");
        drop(lock);

        // Nothing half-written; once the lock is gone the same people register.
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert!(stored(app, "stuck@example.org").await <= 1);
        for email in ["stuck@example.org", "deadline@example.org"] {
            let res = register_at(app, &app.address, email, &group).await;
            assert_eq!(res.status(), 200, "{email}");
            assert_eq!(stored(app, email).await, 1, "{email}");
        }
        assert!(app.get("/health").await.status().is_success());
    }
}
