//! What the tests that run the server binary as processes share: free ports, children killed
//! when a test ends, readiness, a browser-like client, the registration form with its stamp, and
//! a PostgreSQL count.
#![allow(dead_code)]

pub mod smtp;

use reqwest::header::{HeaderMap, HeaderValue, ORIGIN};
use sqlx::Connection;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// A child process killed when the test ends, however it ends.
pub struct Running(pub Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn run(cmd: &mut Command) {
    let out = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("run the server binary");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

pub async fn wait_until_ready(url: &str) {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(60) {
        if let Ok(res) = reqwest::get(format!("{url}/health")).await {
            if res.status().is_success() {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("{url} did not become ready");
}

pub fn client(balancer: &str) -> reqwest::Client {
    let mut headers = HeaderMap::new();
    headers.insert(ORIGIN, HeaderValue::from_str(balancer).expect("origin"));
    reqwest::Client::builder()
        .cookie_store(true)
        .timeout(Duration::from_secs(30))
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .build()
        .expect("client")
}

pub fn form(name: &str, email: &str, group: i64, issued: &str) -> Vec<(String, String)> {
    [
        ("form[full_name]", name.to_string()),
        ("form[email]", email.to_string()),
        ("form[organisation]", "Civic Initiatives".to_string()),
        ("form[position]", "Coordinator".to_string()),
        ("form[country]", "RS".to_string()),
        ("form[group_id]", group.to_string()),
        ("form[age_band]", "18-29".to_string()),
        ("form[privacy]", "on".to_string()),
        ("form[issued]", issued.to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

/// A registration form's stamp, served by whichever server the balancer picks, once it is old
/// enough to be accepted (`AGORA_FORM_MIN_SECONDS` is 1 here).
pub async fn stamp(client: &reqwest::Client, balancer: &str, slug: &str) -> String {
    let page = client
        .get(format!("{balancer}/forums/{slug}/register"))
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("page");
    let issued = page
        .split("name=\"form[issued]\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("the form's stamp")
        .to_string();
    tokio::time::sleep(Duration::from_millis(1_200)).await;
    issued
}

pub async fn register(
    client: &reqwest::Client,
    balancer: &str,
    slug: &str,
    fields: &[(String, String)],
) -> u16 {
    let mut all = vec![("slug".to_string(), slug.to_string())];
    all.extend(fields.iter().cloned());
    match client
        .post(format!("{balancer}/api/register"))
        .header("Accept", "application/json")
        .form(&all)
        .send()
        .await
    {
        Ok(res) => res.status().as_u16(),
        Err(_) => 0,
    }
}

/// Every email the servers' outboxes wrote (each server writes to its own data directory).
pub fn mails(dirs: &[PathBuf]) -> Vec<String> {
    dirs.iter()
        .filter_map(|d| std::fs::read_dir(d.join("outbox")).ok())
        .flat_map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.path())
                .collect::<Vec<_>>()
        })
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .map(|m| m.replace("=\r\n", "").replace("=3D", "="))
        .collect()
}

/// A database of its own on the PostgreSQL server `admin_url` names, dropped when the test ends
/// (its connections closed first).
pub struct TestDatabase {
    pub url: String,
    admin_url: String,
    name: String,
}

impl TestDatabase {
    pub async fn create(admin_url: &str, prefix: &str) -> Self {
        let name = format!(
            "{prefix}_{}",
            &app::features::accounts::auth::new_secret_token()[..10]
                .to_lowercase()
                .replace(['-', '_'], "x")
        );
        let mut c = sqlx::PgConnection::connect(admin_url)
            .await
            .expect("connect");
        sqlx::query(&format!(r#"CREATE DATABASE "{name}""#))
            .execute(&mut c)
            .await
            .expect("create database");
        let url = match admin_url.rsplit_once('/') {
            Some((base, _)) => format!("{base}/{name}"),
            None => panic!("TEST_DATABASE_URL needs a database name"),
        };
        Self {
            url,
            admin_url: admin_url.to_string(),
            name,
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let (admin, name) = (self.admin_url.clone(), self.name.clone());
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Runtime::new().expect("runtime");
            rt.block_on(async {
                if let Ok(mut c) = sqlx::PgConnection::connect(&admin).await {
                    let _ =
                        sqlx::query(&format!(r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#))
                            .execute(&mut c)
                            .await;
                }
            })
        })
        .join();
    }
}

/// Signs `client` in as `email` with the demo password.
pub async fn sign_in(client: &reqwest::Client, base: &str, email: &str) {
    let res = client
        .post(format!("{base}/api/login"))
        .header("Accept", "application/json")
        .form(&[("email", email), ("password", server::demo::DEMO_PASSWORD)])
        .send()
        .await
        .expect("login");
    assert!(
        res.status().is_success() || res.status().is_redirection(),
        "sign-in: {}",
        res.status()
    );
}

#[derive(Clone, Copy, Debug)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// A database for one place: SQLite in its data directory, or a PostgreSQL database of its own.
pub async fn database(
    db: Db,
    data_dir: &std::path::Path,
    prefix: &str,
) -> (String, Option<TestDatabase>) {
    match db {
        Db::Sqlite => (server::config::sqlite_url(data_dir), None),
        Db::Postgres => {
            let admin = std::env::var("TEST_DATABASE_URL").expect(
                "TEST_DATABASE_URL is not set: run `make test`, or leave this test out with \
                 `-- --skip on_postgres`",
            );
            let created = TestDatabase::create(&admin, prefix).await;
            (created.url.clone(), Some(created))
        }
    }
}

/// The server binary with what every process test sets: its data directory and database (a
/// `sqlite:` URL for SQLite), its own address as the base URL, a one-second form stamp, no
/// abuse limits for the one client the test is, and quiet logs.
pub fn server_at(data_dir: &std::path::Path, database_url: &str, port: u16) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_server"));
    cmd.env("AGORA_DATA_DIR", data_dir)
        .env("DATABASE_URL", database_url)
        .env_remove("AGORA_SECRET_KEY_FILE")
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("AGORA_BASE_URL", format!("http://127.0.0.1:{port}"))
        .env("AGORA_FORM_MIN_SECONDS", "1")
        .env("AGORA_REGISTRATIONS_PER_HOUR", "1000000")
        .env("AGORA_FORUM_REGISTRATIONS_PER_MINUTE", "1000000")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// A forum of the demo data and the id of its series' first stakeholder group.
pub async fn forum_and_first_group(
    store: &dyn app::store::Store,
    slug: &str,
) -> (app::store::records::ForumRecord, i64) {
    let forum = store
        .forum_by_slug(slug)
        .await
        .expect("store")
        .expect("forum");
    let group = store
        .stakeholder_groups(forum.series_id)
        .await
        .expect("groups")[0]
        .id
        .0;
    (forum, group)
}

/// One number (`SELECT COUNT(*) …`) with optional text binds, on either database.
pub async fn number(url: &str, sql: &str, binds: &[&str]) -> i64 {
    if url.starts_with("postgres") {
        let mut c = sqlx::PgConnection::connect(url).await.expect("pg");
        let mut q = sqlx::query_scalar(sql);
        for b in binds {
            q = q.bind(*b);
        }
        q.fetch_one(&mut c).await.expect(sql)
    } else {
        let mut c = sqlx::SqliteConnection::connect(url).await.expect("sqlite");
        let mut q = sqlx::query_scalar(sql);
        for b in binds {
            q = q.bind(*b);
        }
        q.fetch_one(&mut c).await.expect(sql)
    }
}

/// A PDF-looking document of `size` bytes (a PDF header, then a repeating pattern).
pub fn pdf_bytes(size: u32) -> Vec<u8> {
    let mut bytes = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".to_vec();
    bytes.extend((0..size).map(|i| (i % 251) as u8));
    bytes
}

/// Uploads `bytes` as a report to Belgrade through the organiser's upload (the signed-in
/// `client`); the new document's id.
pub async fn upload_document(
    client: &reqwest::Client,
    base: &str,
    title: &str,
    bytes: &[u8],
) -> String {
    let upload = reqwest::multipart::Form::new()
        .text("title", title.to_string())
        .text("locale", "en")
        .text("kind", "report")
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes.to_vec()).file_name("annex.pdf"),
        );
    let res = client
        .post(format!("{base}/organiser/forums/belgrade/documents/upload"))
        .header("Accept", "application/json")
        .multipart(upload)
        .send()
        .await
        .expect("upload");
    assert_eq!(res.status(), 201, "{:?}", res.text().await);
    res.json::<serde_json::Value>().await.expect("json")["id"].to_string()
}
