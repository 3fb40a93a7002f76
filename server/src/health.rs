//! `GET /health` (ready): 200 with the backend when the database answers, 503 when it does not
//! or while the server is stopping (so a load balancer sends it nothing new). `GET /health/live`
//! (alive): 200 while the process serves at all, whatever the database does.

use app::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

static STOPPING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// From now on `/health` answers 503 "stopping": the server finishes what it has and leaves.
pub fn mark_stopping() {
    STOPPING.store(true, std::sync::atomic::Ordering::SeqCst);
}

/// `GET /health/live`: the process is up and answering (restart it if not).
pub async fn live() -> (StatusCode, Json<Value>) {
    (StatusCode::OK, Json(json!({"status": "alive"})))
}

pub async fn health(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
) -> (StatusCode, Json<Value>) {
    let (status, Json(mut body)) = check(&state).await;
    if state.settings.private_health {
        use app::features::accounts::policy::{authorize, Action, Who};
        // The server's details are for whoever administers it (the policy's account managers).
        let admin = match app::features::accounts::auth::current_account_in(&state, &headers).await
        {
            Ok(Some(account)) => authorize(
                state.store.as_ref(),
                &Who::Account(account),
                Action::ManageAccounts,
            )
            .await
            .is_ok(),
            _ => false,
        };
        if !admin {
            body = json!({"status": body["status"]});
        }
    }
    (status, Json(body))
}

async fn check(state: &AppState) -> (StatusCode, Json<Value>) {
    let database = state.store.backend().as_str();
    let version = env!("CARGO_PKG_VERSION");
    if STOPPING.load(std::sync::atomic::Ordering::SeqCst) {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({"status": "stopping", "database": database, "version": version})),
        );
    }
    let ping = tokio::time::timeout(std::time::Duration::from_secs(3), state.store.ping()).await;
    let jobs: serde_json::Map<String, Value> = crate::supervise::restarts()
        .into_iter()
        .map(|(job, n)| (job.to_string(), json!({"restarts": n})))
        .collect();
    match ping {
        Ok(Ok(())) => match state.store.pending_migrations().await {
            Ok(0) => (
                StatusCode::OK,
                Json(json!({
                    "status": "ok", "database": database, "version": version,
                    "migrations": "applied", "key": "loaded", "jobs": jobs,
                })),
            ),
            Ok(pending) => {
                tracing::warn!(pending, "health check: migrations are pending");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    Json(json!({
                        "status": "migrations pending", "database": database,
                        "version": version, "jobs": jobs,
                    })),
                )
            }
            Err(e) => {
                tracing::warn!(error = %e, "health check: database unreachable");
                unavailable(database, version)
            }
        },
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "health check: database unreachable");
            unavailable(database, version)
        }
        Err(_) => {
            tracing::warn!("health check: database timed out");
            unavailable(database, version)
        }
    }
}

fn unavailable(database: &str, version: &str) -> (StatusCode, Json<Value>) {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Json(json!({"status": "unavailable", "database": database, "version": version})),
    )
}
