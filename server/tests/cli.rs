//! The server binary's subcommands, run as a real process on a fresh data directory.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn server(data_dir: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_server"));
    cmd.env("AGORA_DATA_DIR", data_dir)
        .env_remove("DATABASE_URL")
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("RUST_LOG", "warn");
    cmd
}

/// Runs the binary with `args` on `data_dir`.
fn run(data_dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    server(data_dir)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("run {args:?}: {e}"))
}

/// The same, which must succeed (its stderr shown when it does not).
fn succeeds(data_dir: &std::path::Path, args: &[&str]) {
    let out = run(data_dir, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn migrate_seed_and_create_user_work_on_a_fresh_data_directory() {
    let dir = tempfile::tempdir().expect("tempdir");
    succeeds(dir.path(), &["migrate"]);
    assert!(
        dir.path().join("agora.db").exists(),
        "the SQLite file is created"
    );

    succeeds(dir.path(), &["seed-demo"]);
    let out = run(dir.path(), &["seed-demo"]);
    assert!(!out.status.success(), "seeding twice is refused");

    let out = server(dir.path())
        .args([
            "create-user",
            "--email",
            "door@example.org",
            "--role",
            "scanner",
        ])
        .env("AGORA_PASSWORD", "a long enough password")
        .output()
        .expect("run create-user");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = server(dir.path())
        .args([
            "create-user",
            "--email",
            "door@example.org",
            "--role",
            "scanner",
        ])
        .env("AGORA_PASSWORD", "a long enough password")
        .output()
        .expect("run create-user again");
    assert!(!out.status.success(), "the same address twice is refused");
    for weak in ["password2026", "short pass"] {
        let out = server(dir.path())
            .args([
                "create-user",
                "--email",
                "weak@example.org",
                "--role",
                "admin",
            ])
            .env("AGORA_PASSWORD", weak)
            .output()
            .expect("run create-user with a weak password");
        assert!(!out.status.success(), "{weak:?} is refused");
    }
    let out = server(dir.path())
        .args(["create-user", "--email", "x@example.org", "--role", "root"])
        .output()
        .expect("run create-user with a bad role");
    assert!(!out.status.success());
}

#[cfg(unix)]
#[test]
fn serve_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut child = server(dir.path())
        .args(["serve", "--seed-demo-if-empty"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let started = lines
        .by_ref()
        .map_while(Result::ok)
        .any(|line| line.contains("Agora is running"));
    assert!(started, "the server announced itself");
    assert!(
        dir.path().join("secret.key").exists(),
        "the secret key is created on first run"
    );
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(exit) = child.try_wait().expect("wait") {
            assert!(exit.success(), "exit status {exit:?}");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the server did not stop within 10 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Everything `serve` prints until it runs, then stops it.
#[cfg(unix)]
fn serve_output(dir: &std::path::Path, args: &[&str]) -> Vec<String> {
    let mut child = server(dir)
        .arg("serve")
        .args(args)
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let mut seen = Vec::new();
    for line in lines.by_ref().map_while(Result::ok) {
        let running = line.contains("Agora is running");
        seen.push(line);
        if running {
            break;
        }
    }
    // Give the line after it (credentials, when there are any) time to be written.
    std::thread::sleep(Duration::from_millis(300));
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    seen.extend(lines.map_while(Result::ok));
    let _ = child.wait();
    seen
}

#[cfg(unix)]
#[test]
fn only_a_demo_server_prints_the_demo_password() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plain = serve_output(dir.path(), &[]);
    assert!(
        plain.iter().any(|l| l.contains("Agora is running")),
        "{plain:?}"
    );
    assert!(
        !plain.iter().any(|l| l.contains("agora-demo")),
        "no credentials: {plain:?}"
    );
    let demo_dir = tempfile::tempdir().expect("tempdir");
    let demo = serve_output(demo_dir.path(), &["--seed-demo-if-empty"]);
    assert!(
        demo.iter()
            .any(|l| l.contains("Demo organiser: organiser@agora.example / agora-demo-2026")),
        "{demo:?}"
    );
}

#[test]
fn a_rolling_deploy_migrates_once_and_servers_started_without_migrating_check() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Before `server migrate`, a server told not to migrate refuses to start, saying why.
    let out = run(dir.path(), &["serve", "--no-migrate"]);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("server migrate"), "{said}");
    // A key file for every server: written once, never overwritten.
    let key = dir.path().join("shared.key");
    let key_path = key.to_str().expect("utf-8");
    succeeds(dir.path(), &["new-key-file", key_path]);
    assert_eq!(std::fs::read(&key).expect("key").len(), 32);
    let again = run(dir.path(), &["new-key-file", key_path]);
    assert!(!again.status.success(), "never overwritten");
    succeeds(dir.path(), &["migrate"]);
    let lines = serve_output(dir.path(), &["--no-migrate"]);
    assert!(
        lines.iter().any(|l| l.contains("Agora is running")),
        "{lines:?}"
    );
}

#[test]
fn rotate_key_adds_a_key_that_signs_later_and_refuses_another_installations_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    succeeds(dir.path(), &["migrate"]);
    // The first server's key is recorded at its first start; rotate-key checks it too.
    let lines = serve_output(dir.path(), &[]);
    assert!(
        lines.iter().any(|l| l.contains("Agora is running")),
        "{lines:?}"
    );
    let out = run(
        dir.path(),
        &[
            "rotate-key",
            "--old-valid-days",
            "30",
            "--signs-in-minutes",
            "5",
        ],
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("Added key 1"), "{said}");
    let out = run(dir.path(), &["rotate-key"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Added key 2"));
    // Bad numbers are refused before anything is written.
    let out = run(dir.path(), &["rotate-key", "--signs-in-minutes", "0"]);
    assert!(!out.status.success());
    // Another installation's key file: refused, naming the setting.
    let other = dir.path().join("other.key");
    succeeds(
        dir.path(),
        &["new-key-file", other.to_str().expect("utf-8")],
    );
    let out = server(dir.path())
        .env("AGORA_SECRET_KEY_FILE", &other)
        .arg("rotate-key")
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("AGORA_SECRET_KEY_FILE"));
    let out = run(dir.path(), &["rotate-key"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Added key 3"),
        "the refused run added nothing"
    );
}
