//! Several servers on one database, each with its own data directory (as on several hosts): one
//! shared key or none starts; what one server issues (form stamps, links, tickets) holds at the
//! others.

use crate::both_databases;
use crate::checkin::keys;
use crate::helpers::test_limits;
use crate::registration::{form, forum_and_groups, link_in};
use app::features::tickets::code::TicketClaims;

const THIRTY_SECONDS: std::time::Duration = std::time::Duration::from_secs(30);

/// The email containing `needle`, written by whichever server's outbox worker sent it.
async fn mail_at_either(
    app: &crate::helpers::TestApp,
    other: &std::path::Path,
    needle: &str,
) -> String {
    for _ in 0..150 {
        let mut files: Vec<_> = [app.data_dir.join("outbox"), other.join("outbox")]
            .iter()
            .filter_map(|d| std::fs::read_dir(d).ok())
            .flat_map(|d| {
                d.filter_map(|e| e.ok())
                    .map(|e| e.path())
                    .collect::<Vec<_>>()
            })
            .collect();
        files.sort();
        if let Some(mail) = files
            .into_iter()
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .find(|m| m.contains(needle))
        {
            return mail.replace("=\r\n", "").replace("=3D", "=");
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("no email containing {needle:?}");
}

both_databases! {
    async fn servers_share_one_key_file_and_one_with_another_key_refuses_to_start(app) {
        // A server with a key of its own (its data directory's) is refused, naming the setting.
        let elsewhere = tempfile::tempdir().expect("tempdir");
        let refused = app.server_on_another_host(elsewhere.path(), None, test_limits(), THIRTY_SECONDS).await.expect_err("another key");
        let said = format!("{refused:#}");
        assert!(said.contains("AGORA_SECRET_KEY_FILE"), "{said}");

        // The same key, as the shared key file (mode 0600), in another data directory: it starts.
        let key_file = elsewhere.path().join("shared.key");
        std::fs::copy(app.data_dir.join("secret.key"), &key_file).expect("copy the key");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        }
        let mut limits = test_limits();
        limits.form_min_secs = 1;
        let other_dir = elsewhere.path().join("data");
        let other = app.server_on_another_host(&other_dir, Some(key_file), limits, THIRTY_SECONDS).await.expect("the shared key starts");
        assert!(!other_dir.join("secret.key").exists(), "nothing of the key in its data directory");

        // A form served by the first server and posted to the other is stored.
        let (forum, groups) = forum_and_groups(app, "belgrade").await;
        let page = app.get("/forums/belgrade/register").await.text().await.expect("page");
        let issued = page.split("name=\"form[issued]\" value=\"").nth(1).and_then(|r| r.split('"').next()).expect("stamp").to_string();
        tokio::time::sleep(std::time::Duration::from_millis(1_200)).await;
        let group = groups[0].0.to_string();
        let mut fields: Vec<(String, String)> = form("belgrade", "Across Hosts", "across@example.org", &group)
            .into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        fields.push(("form[issued]".into(), issued));
        let res = app.new_client().post(format!("{other}/api/register")).header("Origin", other.as_str()).header("Accept", "application/json").form(&fields).send().await.expect("POST");
        assert_eq!(res.status(), 200);
        let stored = app.store.registrations_by_email("across@example.org").await.expect("store");
        assert_eq!(stored.len(), 1, "the other server's stamp verifies here");

        // The link the other server's email carries opens at the first, and the reverse.
        let mail = mail_at_either(app, &other_dir, "To: across@example.org").await;
        let path = link_in(&mail);
        let here = app.get(&path).await;
        assert_eq!(here.status(), 200);
        assert!(here.text().await.expect("body").contains("Across Hosts"));

        // A ticket signed by the first server is admitted at the other.
        let code = keys(app).sign(TicketClaims { forum: forum.0, registration: stored[0].id.0, version: 1 });
        let scanner = app.scanner_at("belgrade").await;
        let res = scanner.post(format!("{other}/api/v1/checkin")).header("Origin", other.as_str())
            .json(&serde_json::json!({"code": code, "list_id": format!("{}:entry", forum.0), "nonce": "across-hosts-1"}))
            .send().await.expect("POST");
        assert_eq!(res.status(), 200);
        let verdict: serde_json::Value = res.json().await.expect("json");
        assert_eq!(verdict["verdict"], "admitted", "{verdict}");
    }
}

both_databases! {
    async fn a_scheduled_job_runs_on_one_server_at_a_time(app) {
        use app::features::privacy::service::retention_once;
        let now = chrono::Utc::now();
        // The server's own run at start-up may hold it for a moment.
        let mut first = None;
        for _ in 0..100 {
            first = app.store.job_turn("retention").await.expect("store");
            if first.is_some() { break; }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(first.is_some(), "the job is free once the start-up run is done");
        if app.database_url.starts_with("postgres") {
            // While one server runs it, the others (three at once) skip it, and run nothing.
            assert!(app.store.job_turn("retention").await.expect("store").is_none());
            let runs = futures::future::join_all((0..3).map(|_| retention_once(&app.state, now))).await;
            assert!(runs.iter().all(|r| matches!(r, Ok(None))), "skipped while taken");
            // Another job is not held up by it.
            assert!(app.store.job_turn("hold-expiry").await.expect("store").is_some());
        }
        drop(first);
        let ran = retention_once(&app.state, now).await.expect("retention");
        assert!(ran.is_some(), "free again once the first is done");
        assert!(app.store.job_turn("retention").await.expect("store").is_some());
    }
}

#[tokio::test]
async fn a_server_started_without_migrating_refuses_a_database_that_lacks_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = server::config::sqlite_url(dir.path());
    let refused = app::store::open_with(&url, false)
        .await
        .err()
        .expect("pending migrations");
    assert!(refused.to_string().contains("server migrate"), "{refused}");
    let migrated = app::store::open_with(&url, true).await.expect("migrate");
    assert_eq!(migrated.pending_migrations().await.expect("count"), 0);
    migrated.close().await;
    assert!(
        app::store::open_with(&url, false).await.is_ok(),
        "up to date: starts"
    );
}

/// Two servers on one database sending through a relay that takes a second per message: each
/// message is delivered exactly once, over few connections.
mod slow_relay {
    use crate::helpers::{spawn_app_with, test_limits, Db, SmtpListener};
    use crate::registration::{form, forum_and_groups, register};
    use std::time::Duration;

    async fn each_message_once(db: Db) {
        let relay = SmtpListener::start_slow(Duration::from_millis(700)).await;
        let app = spawn_app_with(db, Some(SmtpListener::settings(relay.port))).await;
        let dir = tempfile::tempdir().expect("tempdir");
        let key = dir.path().join("shared.key");
        std::fs::copy(app.data_dir.join("secret.key"), &key).expect("copy");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        }
        app.server_on_another_host_mailing(
            &dir.path().join("data"),
            Some(key),
            test_limits(),
            Duration::from_secs(30),
            Some(SmtpListener::settings(relay.port)),
        )
        .await
        .expect("second server");
        let (_, groups) = forum_and_groups(&app, "belgrade").await;
        let group = groups[0].0.to_string();
        let people: Vec<String> = (0..8).map(|i| format!("slow{i}@example.org")).collect();
        for email in &people {
            let res = register(
                &app,
                &app.new_client(),
                &form("belgrade", "Slow Relay", email, &group),
            )
            .await;
            assert_eq!(res.status(), 200);
        }
        // 8 confirmations at 0.7 s each, shared by two senders: all within 15 s, none twice.
        let started = std::time::Instant::now();
        loop {
            let got = relay.received.lock().expect("lock").len();
            if got >= people.len() || started.elapsed() > Duration::from_secs(20) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        tokio::time::sleep(Duration::from_secs(2)).await; // a second delivery would show by now
        let received = relay.received.lock().expect("lock").clone();
        for email in &people {
            let n = received
                .iter()
                .filter(|m| m.contains(&format!("To: {email}")))
                .count();
            assert_eq!(n, 1, "{email} delivered exactly once");
        }
        let connections = relay.connections.load(std::sync::atomic::Ordering::SeqCst);
        assert!(
            connections <= 4,
            "a connection is reused for the next messages: {connections}"
        );
        app.cleanup().await;
    }

    #[tokio::test]
    async fn on_sqlite() {
        each_message_once(Db::Sqlite).await;
    }

    #[tokio::test]
    async fn on_postgres() {
        each_message_once(Db::Postgres).await;
    }
}
