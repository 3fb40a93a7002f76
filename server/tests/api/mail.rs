use crate::both_databases;
use crate::helpers::{call_with, ADMIN_EMAIL, ORGANISER_EMAIL};

both_databases! {
    async fn without_smtp_a_test_email_lands_in_the_outbox_in_the_admins_language(app) {
        let admin = app.log_in_as(ADMIN_EMAIL).await;
        admin.get(app.url("/?lang=sq")).send().await.expect("choose Albanian");
        let res = call_with(&admin, &app.url("/api/accounts/test-email"), &[]).await;
        assert_eq!(res.status(), 200);
        let outbox = app.data_dir.join("outbox");
        let files: Vec<_> = std::fs::read_dir(&outbox).expect("outbox exists").filter_map(Result::ok).collect();
        assert_eq!(files.len(), 1);
        let eml = std::fs::read_to_string(files[0].path()).expect("read eml");
        assert!(eml.contains("To: admin@agora.example"), "{eml}");
        assert!(eml.contains("Subject: Agora: email prove"), "{eml}");

        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let res = call_with(&organiser, &app.url("/api/accounts/test-email"), &[]).await;
        assert_eq!(res.status(), 403);
    }
}

/// Bounces: a relay that refuses a recipient for good (5xx) gets no second try and the
/// organisers see the failure; one that refuses for now (4xx) is tried again later.
mod bounces {
    use crate::helpers::{spawn_app_with, Db, SmtpListener};
    use crate::registration::{form, forum_and_groups, register};

    async fn a_bounce_is_recorded_and_not_retried(db: Db) {
        let relay = SmtpListener::start().await;
        let app = spawn_app_with(db, Some(SmtpListener::settings(relay.port))).await;
        let (forum, groups) = forum_and_groups(&app, "belgrade").await;
        let group = groups[0].0.to_string();
        for (name, email) in [
            ("Bounce Person", "bounce@example.org"),
            ("Busy Person", "busy@example.org"),
            ("Fine Person", "fine@example.org"),
        ] {
            let res = register(
                &app,
                &app.new_client(),
                &form("belgrade", name, email, &group),
            )
            .await;
            assert_eq!(res.status(), 200);
        }
        relay.wait_for("fine@example.org").await;
        let bounced = app
            .store
            .registrations_by_email("bounce@example.org")
            .await
            .expect("store")[0]
            .id
            .0;
        let busy = app
            .store
            .registrations_by_email("busy@example.org")
            .await
            .expect("store")[0]
            .id
            .0;
        let mut failed = Vec::new();
        for _ in 0..150 {
            failed = app.store.failed_mail(forum).await.expect("store");
            if !failed.is_empty() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let ids: Vec<i64> = failed.iter().map(|f| f.0).collect();
        assert_eq!(
            ids,
            vec![bounced],
            "the bounce at once, the busy mailbox not: {failed:?}"
        );
        // The bounce is not tried again; the busy mailbox is, later (backoff).
        let tries = |to: &'static str| {
            let url = app.database_url.clone();
            async move {
                let sql = format!("SELECT CAST(attempts AS BIGINT), CAST(CASE WHEN failed_at IS NULL THEN 1 ELSE 0 END AS BIGINT) FROM outbox WHERE recipient = '{to}'");
                let row: (i64, i64) = if url.starts_with("postgres") {
                    let pool = sqlx::PgPool::connect(&url).await.expect("pg");
                    let r = sqlx::query_as(&sql).fetch_one(&pool).await.expect("row");
                    pool.close().await;
                    r
                } else {
                    let pool = sqlx::SqlitePool::connect(&url).await.expect("sqlite");
                    let r = sqlx::query_as(&sql).fetch_one(&pool).await.expect("row");
                    pool.close().await;
                    r
                };
                row
            }
        };
        assert_eq!(
            tries("bounce@example.org").await,
            (1, 0),
            "one try, given up"
        );
        let (attempts, open) = tries("busy@example.org").await;
        assert_eq!((attempts, open), (1, 1), "tried once, to be tried again");
        assert!(!ids.contains(&busy));
        let received = relay.received.lock().expect("lock").clone();
        assert!(!received
            .iter()
            .any(|m| m.contains("bounce@example.org") || m.contains("busy@example.org")));
        app.cleanup().await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_bounce_is_recorded_and_not_retried_on_sqlite() {
        a_bounce_is_recorded_and_not_retried(Db::Sqlite).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_bounce_is_recorded_and_not_retried_on_postgres() {
        a_bounce_is_recorded_and_not_retried(Db::Postgres).await;
    }
}
