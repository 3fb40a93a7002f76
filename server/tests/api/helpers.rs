use reqwest::header::{HeaderMap, HeaderValue, ORIGIN};
use server::config::Config;
use server::startup::Application;
use sqlx::{Connection, Executor, PgConnection};
use std::sync::Arc;

pub use server::demo::{ADMIN_EMAIL, DEMO_PASSWORD, ORGANISER_EMAIL, SCANNER_EMAIL};

/// Test servers accept documents up to 2 MB, so the "too large" case stays quick.
pub const UPLOAD_LIMIT_BYTES: u64 = 2_000_000;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Db {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub address: String,
    pub database_url: String,
    pub store: Arc<dyn app::store::Store>,
    /// The server's state, for calling its services as a background task would.
    pub state: app::state::AppState,
    pub data_dir: std::path::PathBuf,
    /// A client that keeps cookies and sends this site's Origin, like a browser on our pages.
    pub client: reqwest::Client,
    _data_dir: tempfile::TempDir,
    pg: Option<TestDatabase>,
}

fn client_for(address: &str) -> reqwest::Client {
    let mut headers = HeaderMap::new();
    headers.insert(ORIGIN, HeaderValue::from_str(address).expect("origin"));
    reqwest::Client::builder()
        .cookie_store(true)
        .timeout(std::time::Duration::from_secs(30))
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .build()
        .expect("client")
}

/// Starts the server against a fresh database with the demo data. A PostgreSQL test needs
/// `TEST_DATABASE_URL`: without it the test fails rather than pass without running (`make test`
/// sets it when PostgreSQL answers, and otherwise leaves the `on_postgres` tests out).
pub async fn spawn_app(db: Db) -> TestApp {
    spawn_app_with(db, None).await
}

/// Like `spawn_app`, with outgoing mail sent over SMTP to `smtp`.
pub async fn spawn_app_with(db: Db, smtp: Option<app::mail::SmtpSettings>) -> TestApp {
    spawn_app_limited(db, smtp, test_limits()).await
}

/// What tests allow by default: the loopback "balancer" is trusted, so a test names the client
/// it stands for in `X-Forwarded-For`; the many registrations of the race tests pass, and the
/// form may be sent at once. The hardening tests start apps with the real defaults.
pub fn test_limits() -> app::state::Limits {
    app::state::Limits {
        trusted_proxies: app::request::TrustedProxies::parse("127.0.0.1, ::1").expect("loopback"),
        registrations_per_hour: 1_000_000,
        forum_registrations_per_minute: 1_000_000,
        form_min_secs: 0,
    }
}

/// Like `spawn_app_with`, with the given limits of the public forms.
pub async fn spawn_app_limited(
    db: Db,
    smtp: Option<app::mail::SmtpSettings>,
    limits: app::state::Limits,
) -> TestApp {
    spawn_app_configured(db, smtp, limits, false, Default::default()).await
}

/// Like `spawn_app_limited`, with `/health` private (`AGORA_HEALTH=private`) when asked and the
/// given idle times of sign-in sessions.
pub async fn spawn_app_configured(
    db: Db,
    smtp: Option<app::mail::SmtpSettings>,
    limits: app::state::Limits,
    private_health: bool,
    session_idle: app::state::SessionIdle,
) -> TestApp {
    spawn_app_at(
        db,
        smtp,
        limits,
        private_health,
        session_idle,
        "http://127.0.0.1",
    )
    .await
}

/// A test server whose public address is `base_url` (https for the secure-cookie behaviour).
pub async fn spawn_app_at(
    db: Db,
    smtp: Option<app::mail::SmtpSettings>,
    limits: app::state::Limits,
    private_health: bool,
    session_idle: app::state::SessionIdle,
    base_url: &str,
) -> TestApp {
    let data_dir = tempfile::tempdir().expect("tempdir");
    let (database_url, pg) = match db {
        Db::Sqlite => (server::config::sqlite_url(data_dir.path()), None),
        Db::Postgres => {
            let admin_url = std::env::var("TEST_DATABASE_URL").expect(
                "TEST_DATABASE_URL is not set, so this PostgreSQL test cannot run: \
                 run `make test`, or leave these tests out with `-- --skip on_postgres`",
            );
            let name = format!("agora_test_{}", random_suffix());
            let mut conn = PgConnection::connect(&admin_url)
                .await
                .expect("connect to postgres");
            conn.execute(format!(r#"CREATE DATABASE "{name}""#).as_str())
                .await
                .expect("create test database");
            (
                with_database(&admin_url, &name),
                Some(TestDatabase { admin_url, name }),
            )
        }
    };
    let config = Config {
        data_dir: data_dir.path().to_path_buf(),
        secret_key_file: None,
        request_deadline: std::time::Duration::from_secs(30),
        metrics_addr: None,
        outbox_lease_secs: 300,
        messages_per_minute: 6000,
        run_migrations: true,
        database_url: database_url.clone(),
        site_addr: "127.0.0.1:0".parse().expect("addr"),
        site_root: data_dir.path().join("site").display().to_string(),
        base_url: base_url.into(),
        smtp,
        mail_from: "Agora <no-reply@agora.example>".into(),
        upload_limit_bytes: UPLOAD_LIMIT_BYTES,
        retention: Default::default(),
        limits: limits.clone(),
        private_health,
        session_idle,
        image_hosts: Vec::new(),
    };
    let application = Application::build(config).await.expect("build app");
    let store = application.state.store.clone();
    let state = application.state.clone();
    server::demo::seed_with(store.as_ref(), 0)
        .await
        .expect("seed demo");
    let address = format!("http://127.0.0.1:{}", application.port());
    tokio::spawn(application.run_until_stopped());
    TestApp {
        database_url,
        data_dir: data_dir.path().to_path_buf(),
        client: client_for(&address),
        address,
        store,
        state,
        _data_dir: data_dir,
        pg,
    }
}

/// A PostgreSQL database made for one test, dropped when the test's app is, also when the test
/// fails, so no run leaves a database behind.
pub struct TestDatabase {
    admin_url: String,
    name: String,
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let (admin_url, name) = (self.admin_url.clone(), std::mem::take(&mut self.name));
        // Drop runs inside the test's runtime, which must not block on itself: a thread with a
        // runtime of its own does the dropping.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async {
                if let Ok(mut conn) = PgConnection::connect(&admin_url).await {
                    let _ = conn
                        .execute(
                            format!(r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#).as_str(),
                        )
                        .await;
                }
            });
        });
        let _ = dropped.join();
    }
}

fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[scheme_end..].rfind('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    format!("{base}/{name}{query}")
}

fn random_suffix() -> String {
    use std::io::Read;
    let mut bytes = [0u8; 8];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .expect("urandom");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl TestApp {
    /// Another server process's worth of application (own listener, pool and outbox worker) on the
    /// same database and data directory, as behind a load balancer. Returns its address.
    pub async fn second_server(&self) -> String {
        let config = Config {
            data_dir: self.data_dir.clone(),
            secret_key_file: None,
            request_deadline: std::time::Duration::from_secs(30),
            metrics_addr: None,
            outbox_lease_secs: 300,
            messages_per_minute: 6000,
            run_migrations: true,
            database_url: self.database_url.clone(),
            site_addr: "127.0.0.1:0".parse().expect("addr"),
            site_root: self.data_dir.join("site").display().to_string(),
            base_url: "http://127.0.0.1".into(),
            smtp: None,
            mail_from: "Agora <no-reply@agora.example>".into(),
            upload_limit_bytes: UPLOAD_LIMIT_BYTES,
            retention: Default::default(),
            limits: test_limits(),
            private_health: false,
            session_idle: Default::default(),
            image_hosts: Vec::new(),
        };
        let application = Application::build(config).await.expect("build second app");
        let address = format!("http://127.0.0.1:{}", application.port());
        tokio::spawn(application.run_until_stopped());
        address
    }

    /// Another server on this app's database, as on another host: its own data directory, the
    /// key from `key_file` (else its own), and the given limits; `Err` when it refuses to start.
    pub async fn server_on_another_host(
        &self,
        data_dir: &std::path::Path,
        key_file: Option<std::path::PathBuf>,
        limits: app::state::Limits,
        request_deadline: std::time::Duration,
    ) -> anyhow::Result<String> {
        self.server_on_another_host_mailing(data_dir, key_file, limits, request_deadline, None)
            .await
    }

    /// The same, sending its mail through `smtp`.
    pub async fn server_on_another_host_mailing(
        &self,
        data_dir: &std::path::Path,
        key_file: Option<std::path::PathBuf>,
        limits: app::state::Limits,
        request_deadline: std::time::Duration,
        smtp: Option<app::mail::SmtpSettings>,
    ) -> anyhow::Result<String> {
        let config = Config {
            data_dir: data_dir.to_path_buf(),
            secret_key_file: key_file,
            request_deadline,
            metrics_addr: None,
            outbox_lease_secs: 300,
            messages_per_minute: 6000,
            run_migrations: false,
            database_url: self.database_url.clone(),
            site_addr: "127.0.0.1:0".parse().expect("addr"),
            site_root: self.data_dir.join("site").display().to_string(),
            base_url: "http://127.0.0.1".into(),
            smtp,
            mail_from: "Agora <no-reply@agora.example>".into(),
            upload_limit_bytes: UPLOAD_LIMIT_BYTES,
            retention: Default::default(),
            limits,
            private_health: false,
            session_idle: Default::default(),
            image_hosts: Vec::new(),
        };
        let application = Application::build(config).await?;
        let address = format!("http://127.0.0.1:{}", application.port());
        tokio::spawn(application.run_until_stopped());
        Ok(address)
    }

    /// The emails delivered so far (the outbox worker writes them as .eml files without SMTP).
    pub fn delivered(&self) -> Vec<String> {
        let mut files: Vec<_> = std::fs::read_dir(self.data_dir.join("outbox"))
            .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort();
        files
            .into_iter()
            .filter_map(|p| std::fs::read_to_string(p).ok())
            // Undo quoted-printable soft line breaks so that text and links read whole.
            .map(|m| m.replace("=\r\n", "").replace("=3D", "="))
            .collect()
    }

    /// Waits (up to 15 s) until an email containing `needle` has been delivered, and returns it.
    pub async fn wait_for_mail(&self, needle: &str) -> String {
        for _ in 0..150 {
            if let Some(mail) = self.delivered().into_iter().find(|m| m.contains(needle)) {
                return mail;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!(
            "no email containing {needle:?}; delivered: {:?}",
            self.delivered()
        );
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// A second browser with its own cookies.
    pub fn new_client(&self) -> reqwest::Client {
        client_for(&self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    /// Calls a server function the way the hydrated app does (form body, JSON answer).
    pub async fn call(&self, endpoint: &str, form: &[(&str, &str)]) -> reqwest::Response {
        call_with(&self.client, &self.url(&format!("/api/{endpoint}")), form).await
    }

    /// The demo scanner, assigned to the forum at `slug` for the next month, signed in.
    pub async fn scanner_at(&self, slug: &str) -> reqwest::Client {
        let forum = self
            .store
            .forum_by_slug(slug)
            .await
            .expect("store")
            .expect("forum");
        let scanner = self
            .store
            .account_by_email(SCANNER_EMAIL)
            .await
            .expect("store")
            .expect("scanner");
        let until = chrono::Utc::now().date_naive() + chrono::Duration::days(30);
        self.store
            .set_forum_scanner(forum.summary.id, scanner.id, Some(until))
            .await
            .expect("assign the scanner");
        self.log_in_as(SCANNER_EMAIL).await
    }

    pub async fn log_in_as(&self, email: &str) -> reqwest::Client {
        let client = self.new_client();
        let res = call_with(
            &client,
            &self.url("/api/login"),
            &[("email", email), ("password", DEMO_PASSWORD)],
        )
        .await;
        assert!(
            res.status().is_success() || res.status().is_redirection(),
            "login {}",
            res.status()
        );
        client
    }

    /// Closes the pool, then drops the PostgreSQL test database (which dropping the app alone
    /// does too, when a test fails before it gets here).
    pub async fn cleanup(self) {
        let TestApp { store, pg, .. } = self;
        store.close().await;
        drop(pg);
    }
}

/// How many registrations `email` has (every forum).
pub async fn stored(app: &TestApp, email: &str) -> usize {
    app.store
        .registrations_by_email(email)
        .await
        .expect("store")
        .len()
}

pub async fn call_with(
    client: &reqwest::Client,
    url: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    client
        .post(url)
        .header("Accept", "application/json")
        .form(form)
        .send()
        .await
        .expect("POST")
}

/// Runs a test body against SQLite, then against PostgreSQL when configured.
#[macro_export]
macro_rules! both_databases {
    ($(async fn $name:ident($app:ident) $body:block)*) => {
        $(
            mod $name {
                #[allow(unused_imports)]
                use super::*;
                use $crate::helpers::{spawn_app, Db, TestApp};

                async fn body($app: &TestApp) $body

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn on_sqlite() {
                    let app = spawn_app(Db::Sqlite).await;
                    body(&app).await;
                    app.cleanup().await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn on_postgres() {
                    let app = spawn_app(Db::Postgres).await;
                    body(&app).await;
                    app.cleanup().await;
                }
            }
        )*
    };
}

#[path = "../processes/smtp.rs"]
mod smtp;
pub use smtp::SmtpListener;

/// A command that runs `scripts/<script>` with the Python the tests check files with:
/// `AGORA_PYTHON`, else the venv `make pytools` fills, else `python3`.
pub fn python_script(script: &str) -> std::process::Command {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let python = std::env::var("AGORA_PYTHON").unwrap_or_else(|_| {
        let venv = root.join("target/pyenv/bin/python");
        if venv.exists() {
            venv.to_string_lossy().into_owned()
        } else {
            "python3".into()
        }
    });
    let mut command = std::process::Command::new(python);
    command.arg(root.join("scripts").join(script));
    command
}

/// The `field:key` pairs of a refusal's field errors (`{"Invalid": [...]}`), in order.
pub fn field_errors(body: &serde_json::Value) -> Vec<String> {
    body["Invalid"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| {
                    format!(
                        "{}:{}",
                        e["field"].as_str().unwrap_or(""),
                        e["key"].as_str().unwrap_or("")
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}
