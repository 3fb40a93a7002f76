//! What an operator sees, on the release binary: `/metrics` on its own address (and not on the
//! site's), parsed by the Prometheus project's Python client, with the series the README lists;
//! every answer carrying an `X-Request-Id`.

mod processes;

use processes::*;
use std::process::{Command, Stdio};

/// The families and samples of a Prometheus text page, as `prometheus_client`'s parser reads
/// them: `name{labels} value` lines, or the parser's error.
fn parsed(page: &str) -> Result<Vec<String>, String> {
    let python = std::env::var("AGORA_PYTHON").unwrap_or_else(|_| {
        let venv = concat!(env!("CARGO_MANIFEST_DIR"), "/../target/pyenv/bin/python");
        if std::path::Path::new(venv).exists() {
            venv.to_string()
        } else {
            "python3".to_string()
        }
    });
    let script = "import sys\n\
        from prometheus_client.parser import text_string_to_metric_families\n\
        for family in text_string_to_metric_families(sys.stdin.read()):\n\
        \x20   for s in family.samples:\n\
        \x20       labels = ','.join(f'{k}={v}' for k, v in sorted(s.labels.items()))\n\
        \x20       print(f'{s.name}{{{labels}}} {s.value}')\n";
    let mut child = Command::new(&python)
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{python}: {e} (run `make pytools`)"))?;
    use std::io::Write;
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(page.as_bytes())
        .map_err(|e| e.to_string())?;
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).to_string());
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect())
}

fn value(samples: &[String], prefix: &str) -> Option<f64> {
    samples
        .iter()
        .filter(|s| s.starts_with(prefix))
        .filter_map(|s| s.rsplit(' ').next()?.parse::<f64>().ok())
        .reduce(|a, b| a + b)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_on_their_own_address_name_what_an_operator_watches() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (port, metrics_port) = (free_port(), free_port());
    let base = format!("http://127.0.0.1:{port}");
    let url = server::config::sqlite_url(dir.path());
    run(server_at(dir.path(), &url, 0).arg("seed-demo"));
    let _server = Running(
        server_at(dir.path(), &url, port)
            .env("AGORA_METRICS_ADDR", format!("127.0.0.1:{metrics_port}"))
            .arg("serve")
            .spawn()
            .expect("serve"),
    );
    wait_until_ready(&base).await;
    let visitor = client(&base);
    for _ in 0..3 {
        let page = visitor
            .get(format!("{base}/forums/belgrade"))
            .send()
            .await
            .expect("GET");
        assert_eq!(page.status(), 200);
        let id = page
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok());
        assert!(id.is_some_and(|id| id.len() == 16), "{id:?}");
    }
    let wrong = visitor
        .post(format!("{base}/api/login"))
        .header("Accept", "application/json")
        .form(&[
            ("email", "organiser@agora.example"),
            ("password", "not the password"),
        ])
        .send()
        .await
        .expect("sign-in");
    assert!(wrong.status().is_client_error());
    let store = app::store::open_with(&url, false).await.expect("store");
    let (_, group) = forum_and_first_group(store.as_ref(), "belgrade").await;
    store.close().await;
    let issued = stamp(&visitor, &base, "belgrade").await;
    let fields = form("Metric Mira", "metric@example.org", group, &issued);
    assert_eq!(register(&visitor, &base, "belgrade", &fields).await, 200);
    // Not on the site's address.
    let public = visitor
        .get(format!("{base}/metrics"))
        .send()
        .await
        .expect("GET");
    assert_eq!(public.status(), 404);

    let page = reqwest::get(format!("http://127.0.0.1:{metrics_port}/metrics"))
        .await
        .expect("scrape")
        .text()
        .await
        .expect("body");
    let samples = parsed(&page).unwrap_or_else(|e| panic!("not Prometheus text: {e}\n{page}"));
    let forum_views = value(
        &samples,
        "agora_http_requests_total{method=GET,route=/forums/{slug},status=200}",
    );
    assert_eq!(forum_views, Some(3.0), "{samples:#?}");
    assert!(
        value(
            &samples,
            "agora_http_request_duration_seconds_count{route=/forums/{slug}}"
        ) == Some(3.0),
        "a latency histogram per route"
    );
    assert!(value(&samples, "agora_failed_sign_ins_total").is_some_and(|n| n >= 1.0));
    assert_eq!(
        value(&samples, "agora_registrations_total{status=confirmed}"),
        Some(1.0),
        "{samples:#?}"
    );
    for series in [
        "agora_outbox_depth",
        "agora_outbox_oldest_undelivered_seconds",
        "agora_db_pool_connections{state=in_use}",
        "agora_db_pool_connections{state=idle}",
        "agora_background_job_restarts{job=outbox}",
        "agora_database_up",
        "agora_build_info{version=",
    ] {
        assert!(
            value(&samples, series).is_some(),
            "{series} missing: {samples:#?}"
        );
    }
    assert!(
        !page.contains("/r/")
            && !samples
                .iter()
                .any(|s| s.contains("route=/r/") && !s.contains("{token}")),
        "no address with a token becomes a label"
    );
}
