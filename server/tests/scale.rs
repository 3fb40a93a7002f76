//! Several servers for real: HAProxy (round-robin, health-checked) in front of three server
//! processes, each with its own data directory, one PostgreSQL database and one shared key
//! file. Through the balancer: the participant journey (form, email, manage link, check-in),
//! a document upload and download, a race for the last seats of a group from all three, and
//! one server killed with SIGKILL while registrations keep coming: every registration that was
//! answered is stored exactly once and no seat rule is broken.
//!
//! Needs `TEST_DATABASE_URL` (the test is named `on_postgres` so that `make test` leaves it out
//! without PostgreSQL, saying so) and `haproxy` (`make haproxy` installs the Debian package).

use app::features::tickets::code::TicketClaims;
use sqlx::Connection;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod processes;

use processes::*;

const PASSWORD: &str = server::demo::DEMO_PASSWORD;

struct Installation {
    db: TestDatabase,
    key_file: PathBuf,
    root: tempfile::TempDir,
    balancer: String,
}

fn server_command(inst: &Installation, data_dir: &Path, port: u16) -> Command {
    let mut cmd = server_at(data_dir, &inst.db.url, port);
    cmd.env("AGORA_SECRET_KEY_FILE", &inst.key_file)
        .env("AGORA_BASE_URL", &inst.balancer)
        .env("AGORA_TRUSTED_PROXIES", "127.0.0.1");
    cmd
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_servers_behind_haproxy_on_postgres() {
    let admin_url = std::env::var("TEST_DATABASE_URL").expect(
        "TEST_DATABASE_URL is not set: run `make test`, or leave this test out with \
         `-- --skip on_postgres`",
    );
    // Debian puts it in /usr/sbin, which a user's PATH may not have.
    let haproxy = ["haproxy", "/usr/sbin/haproxy"]
        .into_iter()
        .find(|bin| Command::new(bin).arg("-v").output().is_ok())
        .expect("haproxy is not installed: `make haproxy` installs it");
    let root = tempfile::tempdir().expect("tempdir");
    let db = TestDatabase::create(&admin_url, "agora_scale").await;
    let balancer_port = free_port();
    let inst = Installation {
        db,
        key_file: root.path().join("shared.key"),
        balancer: format!("http://127.0.0.1:{balancer_port}"),
        root,
    };

    // One key file, migrations once, the demo data once; then three servers that migrate
    // nothing, each with its own data directory.
    let setup_dir = inst.root.path().join("setup");
    run(server_command(&inst, &setup_dir, 0)
        .args(["new-key-file", inst.key_file.to_str().expect("utf-8")]));
    run(server_command(&inst, &setup_dir, 0).arg("migrate"));
    run(server_command(&inst, &setup_dir, 0).arg("seed-demo"));
    let mut servers = Vec::new();
    let mut dirs = Vec::new();
    let mut backends = String::new();
    for i in 0..3 {
        let port = free_port();
        let dir = inst.root.path().join(format!("server{i}"));
        let child = server_command(&inst, &dir, port)
            .args(["serve", "--no-migrate"])
            .spawn()
            .expect("start a server");
        wait_until_ready(&format!("http://127.0.0.1:{port}")).await;
        backends.push_str(&format!(
            "    server s{i} 127.0.0.1:{port} check inter 500ms fall 2 rise 2\n"
        ));
        servers.push(Some(Running(child)));
        dirs.push(dir);
    }
    let config = inst.root.path().join("haproxy.cfg");
    std::fs::write(
        &config,
        format!(
            "global\n    maxconn 2000\ndefaults\n    mode http\n    timeout connect 2s\n    \
             timeout client 60s\n    timeout server 60s\n    retries 3\n    \
             option redispatch\n    retry-on conn-failure empty-response\n\
             frontend agora\n    bind 127.0.0.1:{balancer_port}\n    default_backend servers\n\
             backend servers\n    balance roundrobin\n    option httpchk GET /health\n{backends}"
        ),
    )
    .expect("config");
    let _haproxy = Running(
        Command::new(haproxy)
            .args(["-db", "-f", config.to_str().expect("utf-8")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start haproxy"),
    );
    wait_until_ready(&inst.balancer).await;
    let lb = inst.balancer.clone();

    let store = app::store::open_with(&inst.db.url, false)
        .await
        .expect("store");
    let belgrade = store
        .forum_by_slug("belgrade")
        .await
        .expect("store")
        .expect("forum");
    let groups = store
        .stakeholder_groups(belgrade.series_id)
        .await
        .expect("groups");

    // The journey: a form from one server, posted to the next, the email from whichever sent
    // it, the manage link at another, the ticket admitted at another still.
    let person = client(&lb);
    let issued = stamp(&person, &lb, "belgrade").await;
    let status = register(
        &person,
        &lb,
        "belgrade",
        &form(
            "Journey Ana",
            "journey@example.org",
            groups[0].id.0,
            &issued,
        ),
    )
    .await;
    assert_eq!(status, 200);
    let started = Instant::now();
    let mail = loop {
        if let Some(m) = mails(&dirs)
            .into_iter()
            .find(|m| m.contains("To: journey@example.org"))
        {
            break m;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no confirmation email"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let start = mail.find("/r/").expect("a manage link");
    let path: String = mail[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || "/_-".contains(*c))
        .collect();
    for _ in 0..3 {
        let res = person.get(format!("{lb}{path}")).send().await.expect("GET");
        assert_eq!(res.status(), 200);
        assert!(res.text().await.expect("body").contains("Journey Ana"));
    }
    let registration = store
        .registrations_by_email("journey@example.org")
        .await
        .expect("store");
    assert_eq!(registration.len(), 1);
    let key: [u8; 32] = std::fs::read(&inst.key_file)
        .expect("key")
        .try_into()
        .expect("32 bytes");
    let code = app::features::tickets::ssr::keys(
        &app::state::Keyring::new(app::state::SecretKey::new(key)).signing(),
    )
    .sign(TicketClaims {
        forum: belgrade.summary.id.0,
        registration: registration[0].id.0,
        version: 1,
    });
    // Belgrade's organiser admits at its door, signed in at one server, scanning through all.
    let steward = client(&lb);
    let res = steward
        .post(format!("{lb}/api/login"))
        .header("Accept", "application/json")
        .form(&[
            ("email", server::demo::ORGANISER_EMAIL),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .expect("login");
    assert!(res.status().is_success() || res.status().is_redirection());
    let list = format!("{}:entry", belgrade.summary.id.0);
    let mut verdicts = Vec::new();
    for nonce in ["scale-1", "scale-2", "scale-3"] {
        let res = steward
            .post(format!("{lb}/api/v1/checkin"))
            .json(&serde_json::json!({"code": code, "list_id": list, "nonce": nonce}))
            .send()
            .await
            .expect("POST");
        assert_eq!(res.status(), 200);
        let body: serde_json::Value = res.json().await.expect("json");
        verdicts.push(body["verdict"].as_str().unwrap_or("").to_string());
    }
    assert_eq!(verdicts[0], "admitted", "{verdicts:?}");
    assert!(
        verdicts[1..].iter().all(|v| v == "already_checked_in"),
        "the other servers know: {verdicts:?}"
    );

    // A document uploaded through one server downloads whole through all three (the same
    // signed-in organiser).
    let organiser = steward;
    let bytes = pdf_bytes(600_000);
    let id = upload_document(&organiser, &lb, "Scale annex", &bytes).await;
    for _ in 0..3 {
        let res = person
            .get(format!("{lb}/forums/belgrade/documents/{id}"))
            .send()
            .await
            .expect("GET");
        assert_eq!(res.status(), 200);
        assert_eq!(res.bytes().await.expect("body").to_vec(), bytes);
    }

    // The offline door through the balancer: the roster from one server, the same queued scan
    // uploaded through the next two (a phone retrying after a lost answer): stored once.
    let roster: serde_json::Value = organiser
        .get(format!("{lb}/api/v1/checkin/roster?list_id={list}"))
        .send()
        .await
        .expect("roster")
        .json()
        .await
        .expect("json");
    let offline_code = code.clone();
    assert!(
        roster["tickets"]
            .as_array()
            .is_some_and(|t| t.iter().any(|t| t[0] == registration[0].id.0)),
        "the journey's ticket is on the roster"
    );
    assert!(
        roster["public_keys"]["0"].is_string(),
        "{}",
        roster["public_keys"]
    );
    let day = format!(
        "{}:day-{}",
        belgrade.summary.id.0, belgrade.summary.starts_on
    );
    for _ in 0..3 {
        let res = organiser
            .post(format!("{lb}/api/v1/checkin/offline"))
            .json(&serde_json::json!({
                "list_id": day,
                "scans": [{"code": offline_code, "nonce": "scale-offline-1",
                           "scanned_at": chrono::Utc::now().timestamp_millis()}],
            }))
            .send()
            .await
            .expect("upload");
        assert_eq!(res.status(), 200);
        let body: serde_json::Value = res.json().await.expect("json");
        assert_eq!(body["results"][0]["nonce"], "scale-offline-1", "{body}");
    }
    let admitted = number(
        &inst.db.url,
        "SELECT COUNT(*) FROM checkins WHERE registration_id::text = $1 AND list_key LIKE 'day-%'",
        &[&registration[0].id.0.to_string()],
    )
    .await;
    assert_eq!(
        admitted, 1,
        "one offline scan, uploaded three times, stored once"
    );

    // Retention started on all three servers' installations at once (three processes): one
    // snapshot of the forum whose data is due for erasure (Tirana, past, with the demo's
    // registrations), one warning to each organiser of the forum due for a warning.
    let mut c = sqlx::PgConnection::connect(&inst.db.url)
        .await
        .expect("connect");
    for (slug, ended_days_ago) in [("tirana", 40), ("regional-forum", 27)] {
        sqlx::query(
            "UPDATE forums SET starts_on = CURRENT_DATE - $1::int - 1, ends_on = CURRENT_DATE - $1::int, \
             retention_days = 30, retention_warned_at = NULL WHERE slug = $2",
        )
        .bind(ended_days_ago)
        .bind(slug)
        .execute(&mut c)
        .await
        .expect("due");
    }
    let purges: Vec<_> = dirs
        .iter()
        .map(|dir| {
            server_command(&inst, dir, 0)
                .arg("purge-expired")
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("purge")
        })
        .collect();
    let outcomes: Vec<_> = purges
        .into_iter()
        .map(|p| p.wait_with_output().expect("purge ran"))
        .collect();
    for out in &outcomes {
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() || said.contains("running on another server"),
            "{said}"
        );
    }
    let snapshots = number(
        &inst.db.url,
        "SELECT COUNT(*) FROM report_snapshots s JOIN forums f ON f.id = s.forum_id WHERE f.slug = $1",
        &["tirana"],
    )
    .await;
    assert_eq!(snapshots, 1, "one snapshot");
    let live = number(
        &inst.db.url,
        "SELECT COUNT(*) FROM registrations r JOIN forums f ON f.id = r.forum_id \
         WHERE f.slug = $1 AND r.erased_at IS NULL",
        &["tirana"],
    )
    .await;
    assert_eq!(live, 0, "its personal data erased");
    let warnings: Vec<(String, i64)> = sqlx::query_as(
        "SELECT recipient, COUNT(*) FROM outbox WHERE body LIKE '%/organiser/forums/regional-forum/privacy%' \
         GROUP BY recipient",
    )
    .fetch_all(&mut c)
    .await
    .expect("warnings");
    assert!(!warnings.is_empty(), "the organisers are warned");
    assert!(warnings.iter().all(|(_, n)| *n == 1), "{warnings:?}");

    // A fourth server whose clock runs 20 minutes fast (libfaketime) follows the database's
    // clock: a form it serves is accepted by the others (its stamp is not from the future), and
    // its hold-expiry job, which runs as it starts, leaves a 10-minute hold of another server's
    // registration alone.
    sqlx::query("UPDATE forums SET confirm_within_minutes = 10 WHERE slug = 'pristina'")
        .execute(&mut c)
        .await
        .expect("holds");
    let issued = stamp(&client(&lb), &lb, "pristina").await;
    let pristina = store
        .forum_by_slug("pristina")
        .await
        .expect("store")
        .expect("forum");
    let pristina_groups = store
        .stakeholder_groups(pristina.series_id)
        .await
        .expect("groups");
    let held = form(
        "Held Hana",
        "held@example.org",
        pristina_groups[0].id.0,
        &issued,
    );
    assert_eq!(register(&client(&lb), &lb, "pristina", &held).await, 200);
    let fast_port = free_port();
    let fast_dir = inst.root.path().join("fast-clock");
    let fast = server_command(&inst, &fast_dir, fast_port);
    let program = fast.get_program().to_owned();
    let mut faked = Command::new("faketime");
    faked
        .args(["-f", "+20m"])
        .arg(program)
        .args(["serve", "--no-migrate"]);
    for (name, value) in fast.get_envs() {
        if let Some(value) = value {
            faked.env(name, value);
        }
    }
    let _fast = Running(
        faked
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("faketime is not installed: `make haproxy` installs it"),
    );
    let fast_url = format!("http://127.0.0.1:{fast_port}");
    wait_until_ready(&fast_url).await;
    let res = client(&fast_url)
        .get(format!("{fast_url}/health/live"))
        .send()
        .await
        .expect("live");
    let said = res
        .headers()
        .get("date")
        .and_then(|d| d.to_str().ok())
        .and_then(|d| chrono::DateTime::parse_from_rfc2822(d).ok())
        .expect("a Date header");
    let ahead = said.with_timezone(&chrono::Utc) - chrono::Utc::now();
    assert!(
        ahead.num_minutes() >= 19,
        "the fourth server's own clock is fast: {ahead}"
    );
    let issued = stamp(&client(&fast_url), &fast_url, "pristina").await;
    let late = form(
        "Late Luan",
        "late@example.org",
        pristina_groups[0].id.0,
        &issued,
    );
    assert_eq!(register(&client(&lb), &lb, "pristina", &late).await, 200);
    let stored = |email: &'static str| {
        let url = inst.db.url.clone();
        async move {
            number(
                &url,
                "SELECT COUNT(*) FROM registrations WHERE email = $1",
                &[email],
            )
            .await
        }
    };
    assert_eq!(
        stored("late@example.org").await,
        1,
        "a stamp of the fast server is accepted"
    );
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(
        stored("held@example.org").await,
        1,
        "the hold is not expired early"
    );

    // The last ten seats of a group, raced from all three servers: exactly ten confirmed.
    let media = groups[5].id;
    store
        .set_group_quota(belgrade.summary.id, media, 10, Some(10))
        .await
        .expect("quota");
    let issued = stamp(&person, &lb, "belgrade").await;
    let racers = futures::future::join_all((0..60).map(|i| {
        let (c, lb, issued) = (client(&lb), lb.clone(), issued.clone());
        async move {
            register(
                &c,
                &lb,
                "belgrade",
                &form(
                    &format!("Racer {i}"),
                    &format!("racer{i}@example.org"),
                    media.0,
                    &issued,
                ),
            )
            .await
        }
    }))
    .await;
    assert!(racers.iter().all(|s| *s == 200), "{racers:?}");
    let confirmed = number(
        &inst.db.url,
        "SELECT COUNT(*) FROM registrations WHERE email LIKE $1 AND status = 'confirmed'",
        &["racer%@example.org"],
    )
    .await;
    assert_eq!(confirmed, 10, "exactly the ten seats");

    // One server killed mid-load: what was answered is stored exactly once, seats hold.
    store
        .set_group_quota(belgrade.summary.id, groups[6].id, 0, Some(25))
        .await
        .expect("cap");
    let issued = stamp(&person, &lb, "belgrade").await;
    let load = futures::future::join_all((0..120).map(|i| {
        let (c, lb, issued) = (client(&lb), lb.clone(), issued.clone());
        let group = groups[6].id.0;
        async move {
            tokio::time::sleep(Duration::from_millis(15 * i as u64)).await;
            let email = format!("load{i}@example.org");
            (
                email.clone(),
                register(
                    &c,
                    &lb,
                    "belgrade",
                    &form(&format!("Load {i}"), &email, group, &issued),
                )
                .await,
            )
        }
    }));
    let victim = servers[1].take();
    let kill = async move {
        tokio::time::sleep(Duration::from_millis(600)).await;
        if let Some(mut running) = victim {
            let _ = Command::new("kill")
                .args(["-KILL", &running.0.id().to_string()])
                .status();
            let _ = running.0.wait();
        }
    };
    let (answers, ()) = tokio::join!(load, kill);
    let answered: Vec<&String> = answers
        .iter()
        .filter(|(_, s)| *s == 200)
        .map(|(e, _)| e)
        .collect();
    assert!(
        answered.len() >= 60,
        "the others kept answering: {:?}",
        answers.iter().map(|a| a.1).collect::<Vec<_>>()
    );
    for email in &answered {
        let n = number(
            &inst.db.url,
            "SELECT COUNT(*) FROM registrations WHERE email = $1",
            &[email],
        )
        .await;
        assert_eq!(n, 1, "{email} answered once, stored once");
    }
    let capped = number(
        &inst.db.url,
        "SELECT COUNT(*) FROM registrations WHERE email LIKE $1 AND status = 'confirmed'",
        &["load%@example.org"],
    )
    .await;
    assert!(capped <= 25, "the group's cap holds: {capped}");
    let res = reqwest::get(format!("{lb}/health")).await.expect("GET");
    assert_eq!(res.status(), 200, "the balancer still has servers");
    store.close().await;
    drop(servers);
}
