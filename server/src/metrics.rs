//! `/metrics` in the Prometheus text format, on its own address (`AGORA_METRICS_ADDR`, off by
//! default) so it is never public by accident: requests by route, method and status with a
//! latency histogram, registrations and admissions (their rate is "per minute"), failed
//! sign-ins and rate-limit refusals, the outbox's depth and its oldest undelivered message, the
//! pool's connections in use and idle, restarts of background jobs, and the build's version.
//! Recorded with the `metrics` facade and rendered by `metrics-exporter-prometheus`.

use app::state::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// Latency buckets in seconds: a check-in's millisecond to a slow page's seconds.
const BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// Installs the process's recorder (once; later calls reuse it).
pub fn install() -> anyhow::Result<&'static PrometheusHandle> {
    if let Some(handle) = HANDLE.get() {
        return Ok(handle);
    }
    let handle = PrometheusBuilder::new()
        .set_buckets(BUCKETS)?
        .install_recorder()?;
    Ok(HANDLE.get_or_init(|| handle))
}

/// The route a request matched, as a template (`/forums/{slug}`), never the address itself
/// (which may hold a token); server functions by their path, which the rules declare.
fn route_of(request: &Request) -> String {
    let path = request.uri().path();
    if path.starts_with("/api/")
        && app::features::accounts::rules::server_function_rule(path).is_some()
    {
        return path.to_string();
    }
    request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |m| m.as_str().to_string())
}

/// Counts and times every request (a no-op until `install` ran).
pub async fn record(request: Request, next: Next) -> Response {
    if HANDLE.get().is_none() {
        return next.run(request).await;
    }
    let route = route_of(&request);
    let method = request.method().to_string();
    let started = std::time::Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16();
    metrics::counter!(
        "agora_http_requests_total",
        "route" => route.clone(), "method" => method, "status" => status.to_string()
    )
    .increment(1);
    metrics::histogram!("agora_http_request_duration_seconds", "route" => route)
        .record(started.elapsed().as_secs_f64());
    if status == 429 {
        metrics::counter!("agora_rate_limit_refusals_total").increment(1);
    }
    response
}

/// `GET /metrics`: the figures read now from the database and the pool, then everything.
async fn metrics_page(State(state): State<AppState>) -> Response {
    let Some(handle) = HANDLE.get() else {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    };
    match state.store.operations_figures().await {
        Ok(f) => {
            metrics::gauge!("agora_outbox_depth").set(f.outbox_depth as f64);
            let age = f.oldest_undelivered.map_or(0.0, |at| {
                (app::clock::now() - at).num_seconds().max(0) as f64
            });
            metrics::gauge!("agora_outbox_oldest_undelivered_seconds").set(age);
            metrics::gauge!("agora_db_pool_connections", "state" => "in_use")
                .set(f64::from(f.pool_size.saturating_sub(f.pool_idle)));
            metrics::gauge!("agora_db_pool_connections", "state" => "idle")
                .set(f64::from(f.pool_idle));
            metrics::gauge!("agora_database_up").set(1.0);
        }
        Err(e) => {
            tracing::warn!(error = %e, "metrics: the database did not answer");
            metrics::gauge!("agora_database_up").set(0.0);
        }
    }
    for (job, restarts) in crate::supervise::restarts() {
        metrics::gauge!("agora_background_job_restarts", "job" => job).set(restarts as f64);
    }
    metrics::gauge!("agora_build_info", "version" => env!("CARGO_PKG_VERSION")).set(1.0);
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        handle.render(),
    )
        .into_response()
}

/// The metrics server on its own listener, until the process ends.
pub fn serve(listener: tokio::net::TcpListener, state: AppState) -> tokio::task::JoinHandle<()> {
    let router = axum::Router::new()
        .route("/metrics", axum::routing::get(metrics_page))
        .with_state(state);
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, router).await {
            tracing::error!(error = %e, "the metrics listener stopped");
        }
    })
}
