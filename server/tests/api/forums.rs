use crate::both_databases;
use crate::helpers::{call_with, ORGANISER_EMAIL};

both_databases! {
    async fn home_lists_published_forums_and_hides_drafts(app) {
        let res = app.get("/").await;
        assert_eq!(res.status(), 200);
        let html = res.text().await.expect("body");
        for title in ["National Forum Serbia", "National Forum Kosovo", "Regional Forum: Responsible Policies"] {
            assert!(html.contains(title), "missing {title}");
        }
        assert!(html.contains("Past forums"), "the past Tirana forum is listed apart");
        assert!(!html.contains("Regional Follow-up Meeting"), "a draft leaked onto the home page");
    }

    async fn a_forum_page_shows_dates_venue_groups_and_sessions_in_its_zone(app) {
        let res = app.get("/forums/belgrade").await;
        assert_eq!(res.status(), 200);
        let html = res.text().await.expect("body");
        assert!(html.contains("Sava Centar"));
        assert!(html.contains("Europe/Belgrade"));
        assert!(html.contains("Civil-society organisations"));
        assert!(html.contains("09:30"), "sessions are shown in local time");
        assert!(html.contains("Panel: social and economic impact"));
    }

    async fn an_unknown_forum_is_a_real_404(app) {
        let res = app.get("/forums/no-such-forum").await;
        assert_eq!(res.status(), 404);
        assert!(res.text().await.expect("body").contains("Page not found"));
        let res = app.get("/no/such/page").await;
        assert_eq!(res.status(), 404);
    }

    async fn a_draft_forum_is_hidden_from_visitors_but_previewed_by_organisers(app) {
        assert_eq!(app.get("/forums/regional-follow-up").await.status(), 404);
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let res = organiser.get(app.url("/forums/regional-follow-up")).send().await.expect("GET");
        assert_eq!(res.status(), 200);
        assert!(res.text().await.expect("body").contains("only organisers can see"));
    }

    async fn an_organiser_publishes_a_draft_and_visitors_then_see_it(app) {
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let forums: serde_json::Value = call_with(&organiser, &app.url("/api/organiser/forums"), &[])
            .await
            .json()
            .await
            .expect("json");
        let draft = forums
            .as_array()
            .expect("list")
            .iter()
            .find(|f| f["slug"] == "regional-follow-up")
            .expect("draft listed for organisers");
        let id = draft["id"].to_string();
        let res = call_with(&organiser, &app.url("/api/forums/status"), &[("forum_id", &id), ("status", "published")]).await;
        assert_eq!(res.status(), 200);
        assert_eq!(app.get("/forums/regional-follow-up").await.status(), 200);
        let html = app.get("/").await.text().await.expect("body");
        assert!(html.contains("Regional Follow-up Meeting"));

        let res = call_with(&organiser, &app.url("/api/forums/status"), &[("forum_id", &id), ("status", "archived")]).await;
        assert_eq!(res.status(), 422, "an unknown status is refused");
        let res = call_with(&organiser, &app.url("/api/forums/status"), &[("forum_id", "999999"), ("status", "draft")]).await;
        assert_eq!(res.status(), 404);
    }
}
