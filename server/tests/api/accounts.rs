use crate::both_databases;
use crate::helpers::{call_with, ADMIN_EMAIL, DEMO_PASSWORD, ORGANISER_EMAIL, SCANNER_EMAIL};

both_databases! {
    async fn signing_in_sets_an_httponly_session_and_signing_out_ends_it(app) {
        let client = app.new_client();
        let login = app.url("/api/login");
        let res = call_with(&client, &login, &[("email", ORGANISER_EMAIL), ("password", DEMO_PASSWORD)]).await;
        assert!(res.status().is_success() || res.status().is_redirection(), "{}", res.status());
        let cookie = res
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("agora_session="))
            .expect("session cookie")
            .to_string();
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
        assert_eq!(res.headers().get("location").and_then(|v| v.to_str().ok()), Some("/organiser"));

        let me: serde_json::Value = call_with(&client, &app.url("/api/me"), &[]).await.json().await.expect("json");
        assert_eq!(me["email"], ORGANISER_EMAIL);
        assert_eq!(me["role"], "organiser");

        call_with(&client, &app.url("/api/logout"), &[]).await;
        let me: serde_json::Value = call_with(&client, &app.url("/api/me"), &[]).await.json().await.expect("json");
        assert!(me.is_null(), "signed out: {me}");
    }

    async fn a_wrong_password_is_refused_with_a_clear_message(app) {
        let res = app.call("login", &[("email", ORGANISER_EMAIL), ("password", "wrong password")]).await;
        assert_eq!(res.status(), 401);
        let body: serde_json::Value = res.json().await.expect("json");
        assert_eq!(body, serde_json::json!("InvalidCredentials"));
        let res = app.call("login", &[("email", "nobody@agora.example"), ("password", "whatever")]).await;
        assert_eq!(res.status(), 401, "an unknown address answers exactly like a wrong password");
        let res = app.call("login", &[("email", "not-an-email"), ("password", "")]).await;
        assert_eq!(res.status(), 422);
    }

    async fn repeated_failed_sign_ins_slow_that_client_down_but_never_lock_the_account(app) {
        // The test server trusts loopback as its balancer: `X-Forwarded-For` names the client.
        let from = |client: &'static str, password: &'static str| {
            let req = app.new_client().post(app.url("/api/login")).header("Accept", "application/json")
                .header("X-Forwarded-For", client).form(&[("email", SCANNER_EMAIL), ("password", password)]);
            async move { req.send().await.expect("POST") }
        };
        for _ in 0..5 {
            assert_eq!(from("198.51.100.1", "guess").await.status(), 401);
        }
        let res = from("198.51.100.1", DEMO_PASSWORD).await;
        assert_eq!(res.status(), 429, "this client now waits, even with the right password");
        let retry: u64 = res
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .expect("Retry-After");
        assert!((1..=2).contains(&retry), "the first wait is a second: {retry}");
        // The account's owner, on their own phone, signs in at once.
        let res = from("198.51.100.2", DEMO_PASSWORD).await;
        assert!(res.status().is_success() || res.status().is_redirection(), "{}", res.status());
        // After the wait the first client may try again; each failure doubles its wait.
        tokio::time::sleep(std::time::Duration::from_secs(retry + 1)).await;
        assert_eq!(from("198.51.100.1", "guess").await.status(), 401);
        let res = from("198.51.100.1", "guess").await;
        assert_eq!(res.status(), 429);
        assert_eq!(res.headers()["retry-after"], "2");
    }

    async fn an_admin_creates_an_account_that_can_then_sign_in(app) {
        let admin = app.log_in_as(ADMIN_EMAIL).await;
        let create = app.url("/api/accounts/create");
        let form = [("email", "Steward@Example.org"), ("display_name", "Steward"), ("password", "a long password"), ("role", "scanner")];
        let res = call_with(&admin, &create, &form).await;
        assert_eq!(res.status(), 200);
        let res = call_with(&admin, &create, &form).await;
        assert_eq!(res.status(), 422, "the same address twice");
        let body: serde_json::Value = res.json().await.expect("json");
        assert_eq!(body["Invalid"][0]["key"], "error.email_taken");
        let res = call_with(&admin, &create, &[("email", "x@example.org"), ("display_name", ""), ("password", "short"), ("role", "root")]).await;
        assert_eq!(res.status(), 422);
        let list: serde_json::Value = call_with(&admin, &app.url("/api/accounts/list"), &[]).await.json().await.expect("json");
        assert!(list.as_array().expect("list").iter().any(|a| a["email"] == "steward@example.org"));
        let res = app.call("login", &[("email", "steward@example.org"), ("password", "a long password")]).await;
        assert!(res.status().is_success() || res.status().is_redirection());
    }
}
