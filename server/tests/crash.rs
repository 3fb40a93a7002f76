//! SIGKILL under load, on both databases: registrations through the public form (with the real
//! form stamp) into a group with a cap, online check-ins and offline uploads go to the server
//! binary; it is killed mid-load and started again. Every request answered with success is
//! stored exactly once, the group's cap and its kept count hold, and the outbox delivers each
//! acknowledged registration's email to the test's SMTP relay: none lost, and any message sent
//! twice (killed between the relay's "queued" and recording it) is the same message, with the
//! same Message-ID, so the recipient's mail client shows it once.

mod processes;

use app::features::tickets::code::TicketClaims;
use processes::smtp::SmtpListener;
use processes::*;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn serve(dir: &Path, url: &str, port: u16, smtp: u16) -> Running {
    Running(
        server_at(dir, url, port)
            .env("AGORA_SMTP_HOST", "127.0.0.1")
            .env("AGORA_SMTP_PORT", smtp.to_string())
            .env("AGORA_SMTP_SECURITY", "none")
            .env("AGORA_OUTBOX_LEASE_SECONDS", "5")
            .arg("serve")
            .spawn()
            .expect("serve"),
    )
}

/// The `To:` and `Message-ID:` of each message the relay received.
fn delivered(relay: &SmtpListener) -> Vec<(String, String)> {
    relay
        .received
        .lock()
        .expect("lock")
        .iter()
        .map(|m| {
            let header = |name: &str| {
                m.lines()
                    .find_map(|l| l.strip_prefix(name))
                    .map(|v| v.trim().to_lowercase())
                    .unwrap_or_default()
            };
            (header("To:"), header("Message-ID:"))
        })
        .collect()
}

async fn killed_under_load_nothing_acknowledged_is_lost_or_doubled(db: Db) {
    let root = tempfile::tempdir().expect("tempdir");
    let dir = root.path().join("data");
    let (url, _db) = database(db, &dir, "agora_crash").await;
    run(server_at(&dir, &url, 0).arg("seed-demo"));
    let relay = SmtpListener::start().await;
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = serve(&dir, &url, port, relay.port);
    wait_until_ready(&base).await;

    let store = app::store::open_with(&url, false).await.expect("store");
    let belgrade = store
        .forum_by_slug("belgrade")
        .await
        .expect("store")
        .expect("forum");
    let groups = store
        .stakeholder_groups(belgrade.series_id)
        .await
        .expect("groups");
    let capped = groups[4].id;
    store
        .set_group_quota(belgrade.summary.id, capped, 0, Some(15))
        .await
        .expect("quota");
    let issued = stamp(&client(&base), &base, "belgrade").await;
    // Thirty confirmed participants to admit during the load.
    let mut admit = Vec::new();
    for i in 0..30 {
        let email = format!("door{i}@example.org");
        let fields = form("Door Dana", &email, groups[0].id.0, &issued);
        assert_eq!(
            register(&client(&base), &base, "belgrade", &fields).await,
            200
        );
        let id = store.registrations_by_email(&email).await.expect("store")[0]
            .id
            .0;
        admit.push(id);
    }
    let key: [u8; 32] = std::fs::read(dir.join("secret.key"))
        .expect("key")
        .try_into()
        .expect("32");
    let keys = app::features::tickets::ssr::keys(
        &app::state::Keyring::new(app::state::SecretKey::new(key)).signing(),
    );
    let code = |registration| {
        keys.sign(TicketClaims {
            forum: belgrade.summary.id.0,
            registration,
            version: 1,
        })
    };
    let steward = client(&base);
    sign_in(&steward, &base, server::demo::ORGANISER_EMAIL).await;
    let entry = format!("{}:entry", belgrade.summary.id.0);
    let day = format!(
        "{}:day-{}",
        belgrade.summary.id.0, belgrade.summary.starts_on
    );

    // The load: registrations from three clients, online check-ins, offline uploads.
    let stop = Arc::new(AtomicBool::new(false));
    let registered = Arc::new(Mutex::new(Vec::<(String, u16)>::new()));
    let admitted = Arc::new(Mutex::new(Vec::<(i64, String)>::new()));
    let uploaded = Arc::new(Mutex::new(Vec::<(i64, String)>::new()));
    let mut load = Vec::new();
    for worker in 0..3 {
        let (stop, registered, base, issued) = (
            stop.clone(),
            registered.clone(),
            base.clone(),
            issued.clone(),
        );
        let group = if worker == 0 {
            capped.0
        } else {
            groups[1].id.0
        };
        load.push(tokio::spawn(async move {
            let c = client(&base);
            let mut i = 0;
            while !stop.load(Ordering::Relaxed) {
                let email = format!("crash{worker}-{i}@example.org");
                let status = register(
                    &c,
                    &base,
                    "belgrade",
                    &form("Crash Cvet", &email, group, &issued),
                )
                .await;
                registered.lock().expect("lock").push((email, status));
                i += 1;
            }
        }));
    }
    let online: Vec<(i64, String)> = admit[..15].iter().map(|&r| (r, code(r))).collect();
    let offline: Vec<(i64, String)> = admit[15..].iter().map(|&r| (r, code(r))).collect();
    {
        let (steward, admitted, base, entry) = (
            steward.clone(),
            admitted.clone(),
            base.clone(),
            entry.clone(),
        );
        load.push(tokio::spawn(async move {
            for (registration, code) in online {
                let nonce = format!("crash-online-{registration}");
                let res = steward
                    .post(format!("{base}/api/v1/checkin"))
                    .json(&serde_json::json!({"code": code, "list_id": entry, "nonce": nonce}))
                    .send()
                    .await;
                if let Ok(res) = res {
                    if res.status() == 200 {
                        let body: serde_json::Value = res.json().await.unwrap_or_default();
                        if body["verdict"] == "admitted" {
                            admitted.lock().expect("lock").push((registration, nonce));
                        }
                    }
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }));
    }
    {
        let (steward, uploaded, base, day) =
            (steward.clone(), uploaded.clone(), base.clone(), day.clone());
        load.push(tokio::spawn(async move {
            for chunk in offline.chunks(3) {
                let scans: Vec<serde_json::Value> = chunk
                    .iter()
                    .map(|(r, code)| serde_json::json!({"code": code, "nonce": format!("crash-offline-{r}"), "scanned_at": chrono::Utc::now().timestamp_millis()}))
                    .collect();
                let res = steward
                    .post(format!("{base}/api/v1/checkin/offline"))
                    .json(&serde_json::json!({"list_id": day, "scans": scans}))
                    .send()
                    .await;
                if let Ok(res) = res {
                    if res.status() == 200 {
                        let body: serde_json::Value = res.json().await.unwrap_or_default();
                        for result in body["results"].as_array().into_iter().flatten() {
                            if result["outcome"] == "recorded" {
                                let nonce = result["nonce"].as_str().unwrap_or_default().to_string();
                                let r = nonce.trim_start_matches("crash-offline-").parse().unwrap_or(0);
                                uploaded.lock().expect("lock").push((r, nonce));
                            }
                        }
                    }
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }));
    }

    // Killed mid-load, started again.
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    server.0.kill().expect("SIGKILL");
    let _ = server.0.wait();
    tokio::time::sleep(Duration::from_millis(500)).await;
    server = serve(&dir, &url, port, relay.port);
    wait_until_ready(&base).await;
    tokio::time::sleep(Duration::from_millis(1_000)).await;
    stop.store(true, Ordering::Relaxed);
    for task in load {
        task.await.expect("load");
    }

    // Every success answered is stored exactly once; the cap and its kept count hold.
    let registered = registered.lock().expect("lock").clone();
    let answered: Vec<&String> = registered
        .iter()
        .filter(|(_, s)| *s == 200)
        .map(|(e, _)| e)
        .collect();
    assert!(
        answered.len() > 10,
        "the load ran: {} answered",
        answered.len()
    );
    assert!(
        registered.iter().any(|(_, s)| *s != 200),
        "the kill was felt"
    );
    for email in &answered {
        let n = store
            .registrations_by_email(email)
            .await
            .expect("store")
            .len();
        assert_eq!(n, 1, "{email} was answered 200");
    }
    let truth = store
        .confirmed_counts(belgrade.summary.id)
        .await
        .expect("counts");
    let kept = store
        .kept_confirmed_counts(belgrade.summary.id)
        .await
        .expect("kept");
    assert_eq!(truth, kept, "the kept counts match the rows");
    let in_cap = truth.get(&capped.0).copied().unwrap_or(0);
    assert!(in_cap <= 15, "the cap of 15 holds: {in_cap}");
    let count = |list: &'static str, registration: i64| {
        let url = url.clone();
        async move {
            let sql = "SELECT COUNT(*) FROM checkins WHERE CAST(registration_id AS TEXT) = $1 \
                       AND list_key LIKE $2";
            number(&url, sql, &[&registration.to_string(), list]).await
        }
    };
    let admitted = admitted.lock().expect("lock").clone();
    let uploaded = uploaded.lock().expect("lock").clone();
    for (registration, _) in admitted {
        assert_eq!(
            count("entry", registration).await,
            1,
            "admitted {registration} online"
        );
    }
    for (registration, _) in uploaded {
        assert_eq!(
            count("day-%", registration).await,
            1,
            "uploaded {registration} offline"
        );
    }

    // The outbox empties by itself (a claim of the killed server lapses after 5 s)...
    let drained = async {
        while number(
            &url,
            "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL",
            &[],
        )
        .await
            > 0
        {
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(60), drained)
        .await
        .expect("the outbox empties");
    // ...and each acknowledged registration's email arrived, as one message.
    let mail = delivered(&relay);
    for email in answered {
        let ids: std::collections::BTreeSet<&String> = mail
            .iter()
            .filter(|(to, _)| to.contains(email.as_str()))
            .map(|(_, id)| id)
            .collect();
        assert_eq!(ids.len(), 1, "{email}: one message, delivered: {ids:?}");
        assert!(ids.iter().all(|id| id.starts_with("<outbox-")), "{ids:?}");
    }
    store.close().await;
    drop(server);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_sqlite() {
    killed_under_load_nothing_acknowledged_is_lost_or_doubled(Db::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_postgres() {
    killed_under_load_nothing_acknowledged_is_lost_or_doubled(Db::Postgres).await;
}
