use crate::both_databases;

both_databases! {
    async fn health_reports_ok_and_the_backend(app) {
        let res = app.get("/health").await;
        assert_eq!(res.status(), 200);
        // Every answer names its request, for the log and for a participant to quote.
        let id = res.headers().get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_string);
        assert_eq!(id.as_ref().map(String::len), Some(16), "{id:?}");
        let body: serde_json::Value = res.json().await.expect("json");
        assert_eq!(body["status"], "ok");
        assert_eq!((&body["migrations"], &body["key"]), (&serde_json::json!("applied"), &serde_json::json!("loaded")));
        assert!(body["jobs"]["outbox"]["restarts"].is_u64(), "the supervised jobs: {body}");
        let again = app.get("/health").await;
        assert_ne!(again.headers().get("x-request-id").and_then(|v| v.to_str().ok()), id.as_deref());
        let expected = app.store.backend().as_str();
        assert_eq!(body["database"], expected);
        assert!(body["version"].as_str().is_some_and(|v| !v.is_empty()));
    }

    async fn health_is_503_when_the_database_is_unreachable(app) {
        app.store.close().await;
        let res = app.get("/health").await;
        assert_eq!(res.status(), 503);
        let body: serde_json::Value = res.json().await.expect("json");
        assert_eq!(body["status"], "unavailable");
        // Alive all the same: a balancer takes it out of rotation, nobody restarts it.
        let live = app.get("/health/live").await;
        assert_eq!(live.status(), 200);
        assert_eq!(live.json::<serde_json::Value>().await.expect("json")["status"], "alive");
    }
}
