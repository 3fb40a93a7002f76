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
