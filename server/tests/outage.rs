//! The database goes away. The server reaches PostgreSQL through a TCP proxy the test controls:
//! started before the proxy listens, the server waits for its database instead of exiting;
//! when every connection is cut and the port refuses for a few seconds during registration load,
//! requests answer 503 with `Retry-After` and the page in the reader's language (never a 500,
//! never a hang), `/health` says not ready, and the server recovers by itself when the database
//! returns; every registration that was answered 200 is stored exactly once.
//!
//! Needs `TEST_DATABASE_URL` (named `on_postgres` so `make test` leaves it out without
//! PostgreSQL).

mod processes;

use processes::*;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};

/// A TCP proxy to PostgreSQL that can cut every connection and refuse new ones.
struct Proxy {
    port: u16,
    upstream: String,
    running: Mutex<Option<tokio::task::JoinHandle<()>>>,
}

impl Proxy {
    fn new(upstream: &str) -> Arc<Self> {
        Arc::new(Self {
            port: free_port(),
            upstream: upstream.to_string(),
            running: Mutex::new(None),
        })
    }

    /// Listens and forwards; each connection lives in the accept task's set, so `cut` ends all.
    async fn open(self: &Arc<Self>) {
        let listener = TcpListener::bind(("127.0.0.1", self.port))
            .await
            .expect("bind the proxy");
        let upstream = self.upstream.clone();
        let task = tokio::spawn(async move {
            let mut connections = tokio::task::JoinSet::new();
            loop {
                let Ok((mut inbound, _)) = listener.accept().await else {
                    continue;
                };
                let upstream = upstream.clone();
                connections.spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect(&upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
            }
        });
        *self.running.lock().expect("lock") = Some(task);
    }

    /// Every connection closed, and the port refuses until `open` again.
    fn cut(&self) {
        if let Some(task) = self.running.lock().expect("lock").take() {
            task.abort();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_postgres() {
    let admin = std::env::var("TEST_DATABASE_URL").expect(
        "TEST_DATABASE_URL is not set: run `make test`, or leave this test out with \
         `-- --skip on_postgres`",
    );
    let database = TestDatabase::create(&admin, "agora_outage").await;
    let root = tempfile::tempdir().expect("tempdir");
    let dir = root.path().join("data");
    run(server_at(&dir, &database.url, 0).arg("migrate"));
    run(server_at(&dir, &database.url, 0).arg("seed-demo"));

    let (host_db, name) = database.url.rsplit_once('/').expect("a database name");
    let upstream = host_db
        .rsplit_once('@')
        .map_or(host_db, |(_, h)| h)
        .trim_start_matches("postgres://")
        .to_string();
    let proxy = Proxy::new(&upstream);
    let through_proxy = format!("postgres://postgres@127.0.0.1:{}/{name}", proxy.port);
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut serve = server_at(&dir, &through_proxy, port);
    serve.args(["serve", "--no-migrate"]);
    let mut server = Running(serve.spawn().expect("serve"));

    // Started while its database cannot be reached: it waits instead of exiting.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(
        server.0.try_wait().expect("status").is_none(),
        "the server must wait for its database, not exit"
    );
    proxy.open().await;
    wait_until_ready(&base).await;

    let store = app::store::open_with(&database.url, false)
        .await
        .expect("store");
    let (_, group) = forum_and_first_group(store.as_ref(), "belgrade").await;
    let issued = stamp(&client(&base), &base, "belgrade").await;

    // Registrations at a steady pace; every answer is kept.
    let stop = Arc::new(AtomicBool::new(false));
    let answers = Arc::new(Mutex::new(Vec::<(String, u16)>::new()));
    let load = {
        let (stop, answers, base, issued) =
            (stop.clone(), answers.clone(), base.clone(), issued.clone());
        tokio::spawn(async move {
            let c = client(&base);
            let mut i = 0;
            while !stop.load(Ordering::Relaxed) {
                let email = format!("steady{i}@example.org");
                let status = register(
                    &c,
                    &base,
                    "belgrade",
                    &form("Steady", &email, group, &issued),
                )
                .await;
                answers.lock().expect("lock").push((email, status));
                i += 1;
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        })
    };
    tokio::time::sleep(Duration::from_secs(2)).await;

    // The database goes away for a few seconds.
    proxy.cut();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let health = reqwest::get(format!("{base}/health"))
        .await
        .expect("health answers");
    assert_eq!(health.status(), 503, "not ready without its database");
    let page = client(&base)
        .get(format!("{base}/forums/belgrade"))
        .header("Accept-Language", "sq")
        .send()
        .await
        .expect("the page answers");
    assert_eq!(page.status(), 503);
    assert!(page.headers().contains_key("retry-after"));
    let id = page
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .expect("a request id")
        .to_string();
    let body = page.text().await.expect("body");
    assert!(
        body.contains(&id),
        "the page names the request for support: {id}"
    );
    assert!(
        body.contains("lang=\"sq\""),
        "the page in the reader's language"
    );
    let unavailable = app::i18n::Locale::from_code("sq")
        .expect("sq")
        .t("error.unavailable");
    assert!(
        body.contains(&unavailable),
        "the 503 page says why, in Albanian"
    );
    tokio::time::sleep(Duration::from_secs(3)).await;

    // It returns: the server recovers by itself.
    proxy.open().await;
    let recovered = async {
        loop {
            if let Ok(res) = reqwest::get(format!("{base}/health")).await {
                if res.status() == 200 {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(30), recovered)
        .await
        .expect("ready again within 30 s of the database's return");
    tokio::time::sleep(Duration::from_secs(2)).await;
    stop.store(true, Ordering::Relaxed);
    load.await.expect("load");

    let answers = answers.lock().expect("lock").clone();
    let statuses: std::collections::BTreeMap<u16, usize> =
        answers.iter().fold(Default::default(), |mut m, (_, s)| {
            *m.entry(*s).or_default() += 1;
            m
        });
    assert!(
        statuses.keys().all(|s| *s == 200 || *s == 503),
        "only 200 and 503, never a 500 or a hang: {statuses:?}"
    );
    assert!(
        statuses.get(&503).is_some_and(|n| *n > 0),
        "the outage was felt: {statuses:?}"
    );
    assert!(
        answers.last().is_some_and(|(_, s)| *s == 200),
        "registrations succeed again after it: {statuses:?}"
    );
    for (email, status) in &answers {
        let stored = store
            .registrations_by_email(email)
            .await
            .expect("store")
            .len();
        if *status == 200 {
            assert_eq!(stored, 1, "{email} was answered 200");
        }
        assert!(stored <= 1, "{email} stored twice");
    }
    store.close().await;
    proxy.cut();
    drop(server);
}
