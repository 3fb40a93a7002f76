//! A disk that stops taking writes, on SQLite: the server's file-size (soft) limit is dropped to one
//! byte from outside (`prlimit`, as a full disk or a quota would), so every write the database
//! tries fails. Registrations are then answered 507 with a message in the reader's language and
//! nothing half-written; pages keep being served; once the limit is lifted the server writes
//! again by itself; every registration answered 200 is stored exactly once, none answered 507.

mod processes;

use processes::*;
use std::process::Command;

fn prlimit(pid: u32, fsize: &str) {
    let out = Command::new("prlimit")
        .args(["--pid", &pid.to_string(), &format!("--fsize={fsize}")])
        .output()
        .expect("prlimit (util-linux) is needed");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_disk_that_takes_no_writes_gets_507s_reads_go_on_and_it_recovers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let url = server::config::sqlite_url(dir.path());
    run(server_at(dir.path(), &url, 0).arg("seed-demo"));
    let server = Running(
        server_at(dir.path(), &url, port)
            .arg("serve")
            .spawn()
            .expect("serve"),
    );
    let pid = server.0.id();
    wait_until_ready(&base).await;
    let store = app::store::open_with(&url, false).await.expect("store");
    let (_, group) = forum_and_first_group(store.as_ref(), "belgrade").await;
    let visitor = client(&base);
    let issued = stamp(&visitor, &base, "belgrade").await;
    let mut answered = Vec::new();
    let try_register = |i: usize| {
        let (visitor, base, issued) = (visitor.clone(), base.clone(), issued.clone());
        async move {
            let email = format!("disk{i}@example.org");
            let mut fields = vec![("slug".to_string(), "belgrade".to_string())];
            fields.extend(form("Disk Dina", &email, group, &issued));
            let res = visitor
                .post(format!("{base}/api/register"))
                .header("Accept", "application/json")
                .header("Accept-Language", "mk")
                .form(&fields)
                .send()
                .await
                .expect("an answer, never a hang");
            let status = res.status().as_u16();
            (email, status, res.text().await.unwrap_or_default())
        }
    };
    for i in 0..3 {
        answered.push(try_register(i).await);
    }
    assert!(answered.iter().all(|(_, s, _)| *s == 200), "{answered:?}");

    // The disk takes no more writes.
    prlimit(pid, "1:");
    let full_message = app::i18n::Locale::from_code("mk")
        .expect("mk")
        .t("error.storage_full");
    for i in 3..8 {
        let (email, status, body) = try_register(i).await;
        assert_eq!(status, 507, "{email}: {body}");
        assert!(
            body.contains(&full_message) || body.contains("InsufficientStorage"),
            "{body}"
        );
        answered.push((email, status, body));
    }
    // Without JavaScript the form comes back with the message, in the reader's language.
    let mut fields = vec![("slug".to_string(), "belgrade".to_string())];
    fields.extend(form("Plain Petra", "plain@example.org", group, &issued));
    let res = visitor
        .post(format!("{base}/api/register"))
        .header("Accept", "text/html")
        .header("Accept-Language", "mk")
        .header("Referer", format!("{base}/forums/belgrade/register"))
        .form(&fields)
        .send()
        .await
        .expect("an answer");
    let page = match res.headers().get("location").and_then(|l| l.to_str().ok()) {
        Some(back) if res.status().is_redirection() => {
            let back = if back.starts_with('/') {
                format!("{base}{back}")
            } else {
                back.to_string()
            };
            visitor
                .get(back)
                .header("Accept-Language", "mk")
                .send()
                .await
                .expect("GET")
                .text()
                .await
                .expect("page")
        }
        _ => res.text().await.expect("page"),
    };
    assert!(
        page.contains(&full_message),
        "the form says why, in Macedonian"
    );
    answered.push(("plain@example.org".to_string(), 507, String::new()));
    // Reading goes on.
    for path in ["/forums/belgrade", "/forums/belgrade/agenda", "/"] {
        let res = visitor
            .get(format!("{base}{path}"))
            .send()
            .await
            .expect("GET");
        assert_eq!(res.status(), 200, "{path}");
    }
    let health = reqwest::get(format!("{base}/health/live"))
        .await
        .expect("alive");
    assert_eq!(health.status(), 200, "the server lives on");

    // Room again: it writes by itself.
    prlimit(pid, "unlimited:");
    for i in 8..11 {
        let answer = try_register(i).await;
        assert_eq!(answer.1, 200, "{answer:?}");
        answered.push(answer);
    }
    for (email, status, _) in &answered {
        let stored = store
            .registrations_by_email(email)
            .await
            .expect("store")
            .len();
        assert_eq!(
            stored,
            usize::from(*status == 200),
            "{email} answered {status}"
        );
    }
    store.close().await;
}
