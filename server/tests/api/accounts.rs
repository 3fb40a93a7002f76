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
        // Twice the first wait, counted from the answer (rounded up to the second).
        let doubled: u64 = res.headers()["retry-after"].to_str().ok().and_then(|v| v.parse().ok()).expect("Retry-After");
        assert!((2..=3).contains(&doubled), "the second wait is two seconds: {doubled}");
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

both_databases! {
    async fn an_admin_disables_an_account_whose_sessions_end_at_once(app) {
        let admin = app.log_in_as(ADMIN_EMAIL).await;
        let scanner = app.log_in_as(SCANNER_EMAIL).await;
        let me = |client: reqwest::Client| async move {
            call_with(&client, &app.url("/api/me"), &[]).await.json::<serde_json::Value>().await.expect("json")
        };
        assert_eq!(me(scanner.clone()).await["email"], SCANNER_EMAIL);
        let id = app.store.account_by_email(SCANNER_EMAIL).await.expect("store").expect("scanner").id.0.to_string();
        let res = call_with(&admin, &app.url("/api/accounts/disable"), &[("account_id", id.as_str()), ("disabled", "true")]).await;
        assert!(res.status().is_success() || res.status().is_redirection(), "{}", res.status());
        assert!(me(scanner.clone()).await.is_null(), "the scanner's session ended");
        let res = app.call("login", &[("email", SCANNER_EMAIL), ("password", DEMO_PASSWORD)]).await;
        assert_eq!(res.status(), 401, "a disabled account cannot sign in");
        let list: serde_json::Value = call_with(&admin, &app.url("/api/accounts/list"), &[]).await.json().await.expect("json");
        let row = list.as_array().expect("accounts").iter().find(|a| a["email"] == SCANNER_EMAIL).expect("row").clone();
        assert_eq!(row["disabled"], true);
        // Enabled again, it signs in; nobody disables their own account.
        call_with(&admin, &app.url("/api/accounts/disable"), &[("account_id", id.as_str()), ("disabled", "false")]).await;
        let res = app.call("login", &[("email", SCANNER_EMAIL), ("password", DEMO_PASSWORD)]).await;
        assert!(res.status().is_success() || res.status().is_redirection());
        let own = app.store.account_by_email(ADMIN_EMAIL).await.expect("store").expect("admin").id.0.to_string();
        let res = call_with(&admin, &app.url("/api/accounts/disable"), &[("account_id", own.as_str()), ("disabled", "true")]).await;
        assert_eq!(res.status(), 409);
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let res = call_with(&organiser, &app.url("/api/accounts/disable"), &[("account_id", id.as_str()), ("disabled", "true")]).await;
        assert_eq!(res.status(), 403, "only admins");
    }

    async fn changing_ones_password_needs_the_current_one_and_ends_other_sessions(app) {
        let phone = app.log_in_as(ORGANISER_EMAIL).await;
        let laptop = app.log_in_as(ORGANISER_EMAIL).await;
        let change = app.url("/api/account/password");
        let res = call_with(&laptop, &change, &[("current", "not it at all"), ("new_password", "three quiet rivers")]).await;
        assert_eq!(res.status(), 422);
        assert_eq!(res.json::<serde_json::Value>().await.expect("json")["Invalid"][0]["field"], "current");
        let res = call_with(&laptop, &change, &[("current", DEMO_PASSWORD), ("new_password", "password2026")]).await;
        assert_eq!(res.json::<serde_json::Value>().await.expect("json")["Invalid"][0]["key"], "error.password_known");
        let res = call_with(&laptop, &change, &[("current", DEMO_PASSWORD), ("new_password", "three quiet rivers")]).await;
        assert!(res.status().is_success() || res.status().is_redirection(), "{}", res.status());
        let me = |client: &reqwest::Client| {
            let client = client.clone();
            async move { call_with(&client, &app.url("/api/me"), &[]).await.json::<serde_json::Value>().await.expect("json") }
        };
        assert_eq!(me(&laptop).await["email"], ORGANISER_EMAIL, "this session stays");
        assert!(me(&phone).await.is_null(), "every other session ended");
        let res = app.call("login", &[("email", ORGANISER_EMAIL), ("password", DEMO_PASSWORD)]).await;
        assert_eq!(res.status(), 401);
        let res = app.call("login", &[("email", ORGANISER_EMAIL), ("password", "three quiet rivers")]).await;
        assert!(res.status().is_success() || res.status().is_redirection());
        assert_eq!(call_with(&app.new_client(), &change, &[("current", "x"), ("new_password", "y")]).await.status(), 401);
    }

    async fn a_session_cookie_replayed_after_sign_out_is_refused(app) {
        let client = app.new_client();
        let res = call_with(&client, &app.url("/api/login"), &[("email", ORGANISER_EMAIL), ("password", DEMO_PASSWORD)]).await;
        let cookie = res.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("agora_session=")).expect("cookie").split(';').next().expect("pair").to_string();
        call_with(&client, &app.url("/api/logout"), &[]).await;
        let replay = reqwest::Client::new();
        let me: serde_json::Value = replay.post(app.url("/api/me")).header("Accept", "application/json").header("Cookie", &cookie)
            .header("Origin", app.url(""))
            .send().await.expect("POST").json().await.expect("json");
        assert!(me.is_null(), "{me}");
        let res = replay.get(app.url("/organiser")).header("Cookie", &cookie).send().await.expect("GET");
        assert!(!res.text().await.expect("body").contains("Sign out"));
    }
}

mod idle {
    use super::*;
    use crate::helpers::{spawn_app_configured, test_limits, Db};

    async fn sessions_end_after_idle_time_sooner_for_admins(db: Db) {
        let idle = app::state::SessionIdle {
            other_secs: 3_600,
            admin_secs: 2,
        };
        let app = spawn_app_configured(db, None, test_limits(), false, idle).await;
        let admin = app.log_in_as(ADMIN_EMAIL).await;
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let me = |client: &reqwest::Client| {
            let (client, url) = (client.clone(), app.url("/api/me"));
            async move {
                call_with(&client, &url, &[])
                    .await
                    .json::<serde_json::Value>()
                    .await
                    .expect("json")
            }
        };
        assert_eq!(me(&admin).await["email"], ADMIN_EMAIL);
        tokio::time::sleep(std::time::Duration::from_secs(4)).await;
        assert!(me(&admin).await.is_null(), "an idle admin session ended");
        assert_eq!(
            me(&organiser).await["email"],
            ORGANISER_EMAIL,
            "an organiser's lasts longer"
        );
        app.cleanup().await;
    }

    #[tokio::test]
    async fn idle_sessions_end_on_sqlite() {
        sessions_end_after_idle_time_sooner_for_admins(Db::Sqlite).await;
    }
    #[tokio::test]
    async fn idle_sessions_end_on_postgres() {
        sessions_end_after_idle_time_sooner_for_admins(Db::Postgres).await;
    }
}

both_databases! {
    async fn an_admin_sends_a_one_time_reset_link_that_works_once_within_the_hour(app) {
        let admin = app.log_in_as(ADMIN_EMAIL).await;
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let target = app.store.account_by_email(ORGANISER_EMAIL).await.expect("store").expect("account").id.0.to_string();
        // Only admins send them.
        let res = call_with(&organiser, &app.url("/api/accounts/reset-link"), &[("account_id", &target)]).await;
        assert_eq!(res.status(), 403);
        let res = call_with(&admin, &app.url("/api/accounts/reset-link"), &[("account_id", &target)]).await;
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
        let mail = app.wait_for_mail("Set a new password for Agora").await;
        assert!(mail.contains(ORGANISER_EMAIL), "{mail}");
        let start = mail.find("/reset/").expect("a link");
        let path: String = mail[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || "/_-".contains(*c)).collect();
        let token = path.trim_start_matches("/reset/").to_string();
        assert_eq!(token.len(), 43, "256 bits");
        // Nothing of the token is kept in the clear.
        let log = app.store.access_log(50, 0).await.expect("store").0;
        assert!(log.iter().all(|l| !format!("{l:?}").contains(&token)));
        assert!(log.iter().any(|l| format!("{l:?}").contains("password reset link for account")));

        let page = app.get(&path).await;
        assert_eq!(page.status(), 200);
        assert!(page.text().await.expect("body").contains("new_password"), "the form is there");
        let set = app.url("/api/account/reset-password");
        let res = call_with(&app.new_client(), &set, &[("token", &token), ("new_password", "short")]).await;
        assert_eq!(res.status(), 422, "a weak password is refused and the link stays good");
        let res = call_with(&app.new_client(), &set, &[("token", &token), ("new_password", "a fresh long passphrase")]).await;
        assert!(res.status().is_success() || res.status().is_redirection(), "{}", res.status());
        // Once only; every session of the account ended; the new password signs in.
        let again = call_with(&app.new_client(), &set, &[("token", &token), ("new_password", "another long passphrase")]).await;
        assert_eq!(again.status(), 409);
        let me: serde_json::Value = call_with(&organiser, &app.url("/api/me"), &[]).await.json().await.expect("json");
        assert_eq!(me, serde_json::Value::Null, "signed out everywhere");
        let old = call_with(&app.new_client(), &app.url("/api/login"), &[("email", ORGANISER_EMAIL), ("password", DEMO_PASSWORD)]).await;
        assert_eq!(old.status(), 401);
        let new = call_with(&app.new_client(), &app.url("/api/login"), &[("email", ORGANISER_EMAIL), ("password", "a fresh long passphrase")]).await;
        assert!(new.status().is_success() || new.status().is_redirection(), "{}", new.status());

        // An hour later a link is no good.
        let id = app.store.account_by_email(SCANNER_EMAIL).await.expect("store").expect("account").id;
        let stale = app::secrets::new_secret_token();
        let then = chrono::Utc::now() - chrono::Duration::minutes(61);
        app.store.create_password_reset(id, &app::secrets::token_hash(&stale), then + chrono::Duration::minutes(60), then).await.expect("store");
        let res = call_with(&app.new_client(), &set, &[("token", &stale), ("new_password", "a fresh long passphrase")]).await;
        assert_eq!(res.status(), 409);
        assert!(app.get(&format!("/reset/{stale}")).await.text().await.expect("body").contains("expired or was used"));
    }
}
