//! `server backup` taken while registrations arrive, `server restore` into a fresh place (and
//! refused into a place that is not empty), and a server started on the restored copy: the
//! registrations acknowledged before the backup are there with the same rows, a document's
//! bytes download whole, and a ticket issued before the backup is admitted. Both databases
//! (`on_postgres` needs `TEST_DATABASE_URL`).

mod processes;

use app::features::tickets::code::TicketClaims;
use processes::*;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Runs a subcommand to its end off the async runtime; its output.
async fn output(mut cmd: Command) -> std::process::Output {
    tokio::task::spawn_blocking(move || {
        cmd.stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .output()
            .expect("run the server binary")
    })
    .await
    .expect("joined")
}

async fn a_backup_taken_under_load_restores_and_serves(db: Db) {
    let root = tempfile::tempdir().expect("tempdir");
    let (first, second) = (root.path().join("first"), root.path().join("second"));
    let (url, _db) = database(db, &first, "agora_backup").await;
    run(server_at(&first, &url, 0).arg("migrate"));
    run(server_at(&first, &url, 0).arg("seed-demo"));
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let _serving = Running(
        server_at(&first, &url, port)
            .arg("serve")
            .spawn()
            .expect("serve"),
    );
    wait_until_ready(&base).await;

    // Before the backup: a document and ten acknowledged registrations, one with a ticket.
    let organiser = client(&base);
    sign_in(&organiser, &base, server::demo::ORGANISER_EMAIL).await;
    let bytes = pdf_bytes(300_000);
    let document = upload_document(&organiser, &base, "Backed-up annex", &bytes).await;
    let original = app::store::open_with(&url, false).await.expect("store");
    let (belgrade, group) = forum_and_first_group(original.as_ref(), "belgrade").await;
    let issued = stamp(&client(&base), &base, "belgrade").await;
    for i in 0..10 {
        let fields = form(
            &format!("Before {i}"),
            &format!("before{i}@example.org"),
            group,
            &issued,
        );
        assert_eq!(
            register(&client(&base), &base, "belgrade", &fields).await,
            200
        );
    }
    let before = original
        .registrations_by_email("before0@example.org")
        .await
        .expect("store");
    let key: [u8; 32] = std::fs::read(first.join("secret.key"))
        .expect("key")
        .try_into()
        .expect("32");
    let code = app::features::tickets::ssr::keys(
        &app::state::Keyring::new(app::state::SecretKey::new(key)).signing(),
    )
    .sign(TicketClaims {
        forum: belgrade.summary.id.0,
        registration: before[0].id.0,
        version: 1,
    });

    // Registrations keep arriving while the backup is taken.
    let stop = Arc::new(AtomicBool::new(false));
    let load = {
        let (stop, base, issued) = (stop.clone(), base.clone(), issued.clone());
        tokio::spawn(async move {
            let (c, mut answered) = (client(&base), 0);
            while !stop.load(Ordering::Relaxed) {
                let fields = form(
                    "During",
                    &format!("during{answered}@example.org"),
                    group,
                    &issued,
                );
                if register(&c, &base, "belgrade", &fields).await == 200 {
                    answered += 1;
                }
            }
            answered
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let archive = root.path().join("agora-backup.zip");
    let mut backup = server_at(&first, &url, 0);
    backup.args(["backup", "--to", archive.to_str().expect("utf-8")]);
    let out = output(backup).await;
    stop.store(true, Ordering::Relaxed);
    let during = load.await.expect("load");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Keep the key file apart"));
    assert!(during > 0, "registrations were answered during the backup");
    let key_file = server::backup::key_path_for(&archive);
    assert_eq!(std::fs::read(&key_file).expect("the key beside it"), key);
    // Never over an earlier backup.
    let mut again = server_at(&first, &url, 0);
    again.args(["backup", "--to", archive.to_str().expect("utf-8")]);
    assert!(!output(again).await.status.success());

    // Restored into a fresh place; a second restore there is refused and changes nothing.
    let (restored_url, _restored_db) = database(db, &second, "agora_backup").await;
    let mut restore = server_at(&second, &restored_url, 0);
    restore.args(["restore", "--from", archive.to_str().expect("utf-8")]);
    let out = output(restore).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut twice = server_at(&second, &restored_url, 0);
    twice.args(["restore", "--from", archive.to_str().expect("utf-8")]);
    let out = output(twice).await;
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing was changed"));
    // A key that is not the backup's is refused.
    let other = root.path().join("other.key");
    server::config::new_key_file(&other).expect("key");
    let (third_url, _third_db) = database(db, &root.path().join("third"), "agora_backup").await;
    let mut wrong = server_at(&root.path().join("third"), &third_url, 0);
    wrong
        .args([
            "restore",
            "--from",
            archive.to_str().expect("utf-8"),
            "--key",
        ])
        .arg(&other);
    let out = output(wrong).await;
    assert!(String::from_utf8_lossy(&out.stderr).contains("not the key this backup was taken with"));

    // A server on the restored copy.
    let port = free_port();
    let restored_base = format!("http://127.0.0.1:{port}");
    let _restored = Running(
        server_at(&second, &restored_url, port)
            .arg("serve")
            .spawn()
            .expect("serve the copy"),
    );
    wait_until_ready(&restored_base).await;
    let copy = app::store::open_with(&restored_url, false)
        .await
        .expect("store");
    for i in 0..10 {
        let email = format!("before{i}@example.org");
        let (was, is) = (
            original
                .registrations_by_email(&email)
                .await
                .expect("store"),
            copy.registrations_by_email(&email).await.expect("store"),
        );
        assert_eq!(
            is.len(),
            1,
            "{email} acknowledged before the backup is in it"
        );
        assert_eq!(
            (
                &is[0].full_name,
                &is[0].organisation,
                is[0].status,
                &is[0].manage_salt,
                is[0].id
            ),
            (
                &was[0].full_name,
                &was[0].organisation,
                was[0].status,
                &was[0].manage_salt,
                was[0].id
            )
        );
    }
    let res = client(&restored_base)
        .get(format!(
            "{restored_base}/forums/belgrade/documents/{document}"
        ))
        .send()
        .await
        .expect("GET");
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.bytes().await.expect("body").to_vec(),
        bytes,
        "the document's bytes"
    );
    let steward = client(&restored_base);
    sign_in(&steward, &restored_base, server::demo::ORGANISER_EMAIL).await;
    let res = steward
        .post(format!("{restored_base}/api/v1/checkin"))
        .json(&serde_json::json!({
            "code": code, "list_id": format!("{}:entry", belgrade.summary.id.0), "nonce": "restored-1"
        }))
        .send()
        .await
        .expect("POST");
    let verdict: serde_json::Value = res.json().await.expect("json");
    assert_eq!(
        verdict["verdict"], "admitted",
        "a ticket from before the backup: {verdict}"
    );
    original.close().await;
    copy.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_sqlite() {
    a_backup_taken_under_load_restores_and_serves(Db::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_postgres() {
    a_backup_taken_under_load_restores_and_serves(Db::Postgres).await;
}
