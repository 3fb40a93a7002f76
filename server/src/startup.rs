//! Builds the application: store, state, routes, middleware; binds before running so that
//! port 0 works in tests.

use crate::config::{load_secret_key, Config};
use crate::middleware::{loggable_path, same_origin_only, server_fn_status};
use app::state::{AppState, Settings};
use app::{shell, App};
use axum::routing::{get, post, MethodRouter};
use axum::Router;
use leptos::config::{Env, LeptosOptions};
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;
use tracing::Span;

pub struct Application {
    port: u16,
    listener: TcpListener,
    router: Router,
    pub state: AppState,
    /// `/metrics`' own listener, when `AGORA_METRICS_ADDR` is set.
    metrics: Option<TcpListener>,
    /// SIGTERM is listened for from `build` on, so a signal that arrives as soon as the server
    /// says it runs already stops it gracefully.
    #[cfg(unix)]
    terminate: Option<tokio::signal::unix::Signal>,
}

impl Application {
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let store = open_when_reachable(&config.database_url, config.run_migrations).await?;
        let secret = load_secret_key(&config)?;
        let keyring = Arc::new(app::state::Keyring::new(app::state::SecretKey::new(secret)));
        same_key_as_the_installation(store.as_ref(), keyring.root()).await?;
        app::store::load_keyring(store.as_ref(), &keyring).await?;
        let offset = app::store::follow_database_clock(store.as_ref()).await?;
        if offset.num_seconds().abs() >= 2 {
            tracing::warn!(
                seconds = offset.num_seconds(),
                "this server's clock differs from the database's; times follow the database"
            );
        }
        let moved = app::features::documents::storage::import_legacy_files(
            store.as_ref(),
            &config.data_dir,
        )
        .await?;
        if moved > 0 {
            tracing::info!(
                files = moved,
                "documents moved from the data directory into the database"
            );
        }
        let listener = TcpListener::bind(config.site_addr).await?;
        let metrics = match config.metrics_addr {
            Some(addr) => {
                crate::metrics::install()?;
                let listener = TcpListener::bind(addr).await?;
                tracing::info!(address = %listener.local_addr()?, "metrics at /metrics");
                Some(listener)
            }
            None => None,
        };
        let local = listener.local_addr()?;
        let env = match std::env::var("LEPTOS_ENV").as_deref() {
            Ok("DEV") | Ok("dev") | Ok("development") => Env::DEV,
            _ => Env::PROD,
        };
        app::assets::init(std::path::Path::new(&config.site_root)).map_err(anyhow::Error::msg)?;
        let output_name = std::env::var("LEPTOS_OUTPUT_NAME").unwrap_or_else(|_| "agora".into());
        let leptos_options = LeptosOptions::builder()
            .output_name(output_name)
            .site_root(config.site_root.clone())
            .site_pkg_dir("pkg")
            .site_addr(local)
            .env(env)
            .build();
        let settings = Settings {
            data_dir: config.data_dir.clone(),
            upload_tmp: std::env::temp_dir().join(format!(
                "agora-uploads-{}",
                &app::features::accounts::auth::new_secret_token()[..12]
            )),
            base_url: config.base_url.clone(),
            upload_limit_bytes: config.upload_limit_bytes,
            limits: config.limits.clone(),
            private_health: config.private_health,
            session_idle: config.session_idle,
            image_hosts: config.image_hosts.clone(),
            retention: config.retention,
            outbox_lease_secs: config.outbox_lease_secs,
            messages_per_minute: config.messages_per_minute,
        };
        let mailer = app::mail::Mailer::new(
            config.smtp.clone(),
            &config.mail_from,
            config.data_dir.clone(),
        )?;
        tracing::info!(mail = mailer.kind(), "mail delivery configured");
        let state = AppState {
            leptos_options,
            store,
            settings: Arc::new(settings),
            mailer: Arc::new(mailer),
            secret: keyring,
            checkin: Arc::new(app::features::checkin::cache::CheckinCache::new()),
            ticket_code: app::features::tickets::ssr::code_for,
        };
        let router = build_router(
            state.clone(),
            crate::deadline::Deadlines::new(config.request_deadline),
        );
        #[cfg(unix)]
        let terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
        // A write past the file-size limit (`ulimit -f`) must fail that write (SQLite then
        // reports it and the request is answered 507), not kill the server: listening for
        // SIGXFSZ replaces its default action for the life of the process.
        #[cfg(unix)]
        if tokio::signal::unix::signal(tokio::signal::unix::SignalKind::from_raw(libc::SIGXFSZ))
            .is_err()
        {
            tracing::warn!("could not take over SIGXFSZ; a full file-size limit stops the server");
        }
        Ok(Self {
            port: local.port(),
            listener,
            router,
            state,
            metrics,
            #[cfg(unix)]
            terminate,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGTERM or Ctrl-C, then lets in-flight requests finish. The outbox worker
    /// delivers queued emails meanwhile, and unconfirmed holds are cleared every minute.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let state = self.state.clone();
        let worker = crate::supervise::spawn("outbox", move || crate::outbox::run(state.clone()));
        let state = self.state.clone();
        let holds = crate::supervise::spawn("hold-expiry", move || expire_holds(state.clone()));
        let state = self.state.clone();
        let retention = crate::supervise::spawn("retention", move || {
            app::features::privacy::service::run_retention(state.clone())
        });
        let state = self.state.clone();
        let messages = crate::supervise::spawn("messages", move || {
            app::features::messages::service::run(state.clone())
        });
        let state = self.state.clone();
        let reminders = crate::supervise::spawn("reminders", move || {
            app::features::messages::reminders::run(state.clone())
        });
        let state = self.state.clone();
        let keys = crate::supervise::spawn("key-ring", move || refresh_keyring(state.clone()));
        let metrics = self
            .metrics
            .map(|listener| crate::metrics::serve(listener, self.state.clone()));
        #[cfg(unix)]
        let signal = shutdown_signal(self.terminate);
        #[cfg(not(unix))]
        let signal = shutdown_signal();
        // The signal starts the graceful stop and, at the same moment, its deadline.
        let stopping = std::sync::Arc::new(tokio::sync::Notify::new());
        let stop = {
            let stopping = stopping.clone();
            async move {
                signal.await;
                crate::health::mark_stopping();
                stopping.notify_one();
            }
        };
        let served = axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .with_graceful_shutdown(stop);
        let deadline = async {
            stopping.notified().await;
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        };
        let result = tokio::select! {
            served = served => served,
            _ = deadline => {
                tracing::warn!(
                    seconds = SHUTDOWN_GRACE.as_secs(),
                    "requests still in flight after the shutdown grace; stopping anyway"
                );
                Ok(())
            }
        };
        // The jobs stop at their next step (a transaction cut short rolls back), then the pool
        // closes, so the database sees the connections go.
        worker.abort();
        holds.abort();
        retention.abort();
        keys.abort();
        messages.abort();
        reminders.abort();
        if let Some(metrics) = metrics {
            metrics.abort();
        }
        self.state.store.close().await;
        result
    }
}

/// Opens the database, waiting for it while it cannot be reached (a server started before its
/// database, or during a database restart): retries with a doubling wait up to 30 s, saying why.
/// Any other failure (a wrong URL, a failed migration) ends the start.
async fn open_when_reachable(
    url: &str,
    migrate: bool,
) -> anyhow::Result<Arc<dyn app::store::Store>> {
    let mut wait = Duration::from_secs(1);
    loop {
        match app::store::open_with(url, migrate).await {
            Ok(store) => return Ok(store),
            Err(app::db::StoreError::Busy(why)) => {
                tracing::warn!(
                    why = %why,
                    retry_in_seconds = wait.as_secs(),
                    "the database cannot be reached yet; waiting for it"
                );
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(Duration::from_secs(30));
            }
            Err(other) => return Err(other.into()),
        }
    }
}

/// How long requests in flight may take to finish once the server is told to stop.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(20);

/// How often a server reads the key ring, so a key `server rotate-key` added on any server is
/// known everywhere well before it signs (`cli::MIN_SIGNS_IN_MINUTES`), and measures the
/// database's clock again.
const KEYRING_REFRESH: Duration = Duration::from_secs(15);

async fn refresh_keyring(state: AppState) {
    let mut tick = tokio::time::interval(KEYRING_REFRESH);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if let Err(e) = app::store::load_keyring(state.store.as_ref(), &state.secret).await {
            tracing::warn!(error = ?e, "could not read the key ring");
        }
        if let Err(e) = app::store::follow_database_clock(state.store.as_ref()).await {
            tracing::warn!(error = ?e, "could not read the database's clock");
        }
    }
}

/// The first server to start records the key's fingerprint (an HMAC of a fixed label, never the
/// key); a server with another key refuses to start, naming the setting to fix, rather than
/// issue tickets, links and form stamps the others cannot verify.
pub(crate) async fn same_key_as_the_installation(
    store: &dyn app::store::Store,
    secret: &app::state::SecretKey,
) -> anyhow::Result<()> {
    let mine = secret.derive("installation-key-fingerprint", "agora");
    let recorded = store
        .claim_installation_fact("key_fingerprint", &mine)
        .await?;
    if app::secrets::same_secret(&mine, &recorded) {
        return Ok(());
    }
    anyhow::bail!(
        "this server's secret key is not the one this database was first used with: every \
         server on one database must share one key. Set AGORA_SECRET_KEY_FILE to the key file \
         the other servers use (or, with one server, start it with the data directory it had, \
         AGORA_DATA_DIR, whose secret.key it made)"
    )
}

/// Confirm address first: every minute, registrations whose hold ran out are removed and their
/// seats go on by the seat rules. One server at a time runs it (the job's turn).
async fn expire_holds(state: AppState) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        // One server at a time (each forum is also changed under its own lock).
        let turn = match state.store.job_turn("hold-expiry").await {
            Ok(Some(turn)) => turn,
            Ok(None) => continue,
            Err(e) => {
                tracing::warn!(error = ?e, "could not take the hold-expiry job's turn");
                continue;
            }
        };
        let expired =
            app::features::registration::service::expire_holds(&state, app::clock::now()).await;
        drop(turn);
        match expired {
            Ok(removed) if !removed.is_empty() => {
                tracing::info!(count = removed.len(), "unconfirmed registrations expired");
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = ?e, "could not expire unconfirmed registrations"),
        }
    }
}

/// The plain axum routes (method, path, handler): `build_router` mounts exactly these, and the
/// route test checks each against its declared rule (`app::features::accounts::rules`).
pub fn http_routes() -> Vec<(&'static str, &'static str, MethodRouter<AppState>)> {
    use app::features::{announcements, checkin, documents, privacy, registration, reports};
    vec![
        ("GET", "/health", get(crate::health::health)),
        ("GET", "/health/live", get(crate::health::live)),
        ("POST", "/api/v1/checkin", post(checkin::http::checkin)),
        (
            "GET",
            "/api/v1/checkin/roster",
            get(checkin::offline_http::roster),
        ),
        (
            "POST",
            "/api/v1/checkin/offline",
            post(checkin::offline_http::upload),
        ),
        ("GET", "/checkin/sw.js", get(checkin::pwa::service_worker)),
        (
            "GET",
            "/checkin/manifest.webmanifest",
            get(checkin::pwa::manifest),
        ),
        ("GET", "/checkin/icon.svg", get(checkin::pwa::icon)),
        (
            "GET",
            "/api/v1/checkin/public-key",
            get(checkin::http::public_key),
        ),
        (
            "GET",
            "/checkin/device/{token}",
            get(checkin::http::enrol_device),
        ),
        (
            "GET",
            "/forums/{slug}/documents/{id}",
            get(documents::http::download),
        ),
        ("GET", "/feed.atom", get(announcements::feed::series_feed)),
        (
            "GET",
            "/forums/{slug}/feed.atom",
            get(announcements::feed::forum_feed),
        ),
        (
            "GET",
            "/r/{token}/data.json",
            get(privacy::http::my_data_json),
        ),
        (
            "GET",
            "/organiser/forums/{slug}/registrations.csv",
            get(registration::export::registrations_csv),
        ),
        (
            "GET",
            "/organiser/forums/{slug}/invitations.csv",
            get(registration::invitation_export::invitations_csv),
        ),
        (
            "GET",
            "/organiser/forums/{slug}/report.csv",
            get(reports::export::forum_csv),
        ),
        (
            "GET",
            "/organiser/forums/{slug}/report.xlsx",
            get(reports::export::forum_xlsx),
        ),
        (
            "GET",
            "/organiser/series/{id}/report.csv",
            get(reports::export::series_csv),
        ),
        (
            "GET",
            "/organiser/series/{id}/report.xlsx",
            get(reports::export::series_xlsx),
        ),
        (
            "POST",
            "/organiser/forums/{slug}/documents/upload",
            post(documents::http::upload),
        ),
        (
            "POST",
            "/organiser/forums/{slug}/invitations/import",
            post(registration::import_http::upload),
        ),
        (
            "POST",
            "/organiser/forums/{slug}/registrations/import/upload",
            post(registration::import_http::upload_registrations),
        ),
    ]
}

fn build_router(state: AppState, deadlines: crate::deadline::Deadlines) -> Router {
    let routes = generate_route_list(App);
    let context_state = state.clone();
    let shell_options = state.leptos_options.clone();
    let trace = TraceLayer::new_for_http()
        .make_span_with(|request: &axum::http::Request<_>| {
            let id = request
                .extensions()
                .get::<app::request::RequestId>()
                .map_or("", |r| r.0.as_str());
            tracing::info_span!(
                "request",
                id = %id,
                method = %request.method(),
                path = %loggable_path(request.uri().path()),
            )
        })
        .on_response(
            |response: &axum::http::Response<_>, latency: Duration, _span: &Span| {
                tracing::info!(
                    status = response.status().as_u16(),
                    latency_ms = latency.as_secs_f64() * 1000.0,
                    "served"
                );
            },
        );
    // Uploads get their own, larger body limit (the documents' limit plus room for the form);
    // everything else is held to 1 MB.
    let upload_limit = (state.settings.upload_limit_bytes + (1 << 20)) as usize;
    let mut uploads = Router::new();
    let mut pages = Router::new();
    for (method, path, handler) in http_routes() {
        if path.ends_with("/upload") || path.ends_with("/invitations/import") {
            uploads = uploads.route(path, handler);
        } else {
            pages = pages.route(path, handler);
        }
        debug_assert!(!method.is_empty());
    }
    let uploads = uploads.layer(axum::extract::DefaultBodyLimit::max(upload_limit));
    let pages = pages
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(context_state.clone()),
            move || shell(shell_options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        // Calendar files (`….ics`) are answered before the page routes they sit beside.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            app::features::calendar::feeds::serve,
        ))
        .layer(axum::middleware::from_fn(server_fn_status))
        .layer(axum::middleware::from_fn(
            crate::middleware::declared_server_fns_only,
        ))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(1 << 20));
    let assets = crate::assets::pkg_router(std::path::Path::new(
        &state.leptos_options.site_root.as_ref(),
    ));
    Router::new()
        .merge(assets)
        .merge(uploads)
        .merge(pages)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            same_origin_only,
        ))
        .layer(axum::middleware::from_fn(crate::assets::page_headers))
        .layer(axum::middleware::from_fn_with_state(
            state.settings.secure_cookies(),
            crate::middleware::host_only_cookies,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.settings.base_url.starts_with("https://"),
            crate::middleware::security_headers,
        ))
        .layer(axum::middleware::from_fn_with_state(
            deadlines,
            crate::deadline::deadline,
        ))
        .layer(crate::assets::html_compression())
        .layer(trace)
        .layer(axum::middleware::from_fn(crate::metrics::record))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::middleware::request_id,
        ))
        .with_state(state)
}

async fn shutdown_signal(#[cfg(unix)] terminate: Option<tokio::signal::unix::Signal>) {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async move {
        match terminate {
            Some(mut s) => {
                s.recv().await;
            }
            None => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
