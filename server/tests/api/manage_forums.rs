use crate::both_databases;
use crate::helpers::{call_with, ORGANISER_EMAIL};

fn form(slug: &str, title: &str) -> Vec<(String, String)> {
    [
        ("slug", slug),
        ("title", title),
        (
            "description",
            "Civil society and institutions meet.\n\nSecond paragraph.",
        ),
        ("city", "Ohrid"),
        ("country", "MK"),
        ("venue", "Hotel Metropol"),
        ("time_zone", "Europe/Skopje"),
        ("starts_on", "2027-05-10"),
        ("ends_on", "2027-05-11"),
        ("capacity", "80"),
        ("default_locale", "mk"),
    ]
    .into_iter()
    .map(|(k, v)| (format!("form[{k}]"), v.to_string()))
    .collect()
}

fn pairs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter()
        .map(|(k, val)| (k.as_str(), val.as_str()))
        .collect()
}

both_databases! {
    async fn an_organiser_creates_edits_publishes_and_deletes_a_forum(app) {
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let save = app.url("/api/forums/save");
        let res = call_with(&organiser, &save, &pairs(&form("ohrid-2027", "Ohrid Youth Forum"))).await;
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
        // New forums start as drafts.
        assert_eq!(app.get("/forums/ohrid-2027").await.status(), 404);
        let forums: serde_json::Value = call_with(&organiser, &app.url("/api/organiser/forums"), &[]).await.json().await.expect("json");
        let created = forums.as_array().expect("list").iter().find(|f| f["slug"] == "ohrid-2027").expect("listed").clone();
        assert_eq!(created["status"], "draft");
        assert_eq!(created["default_locale"], "mk");
        let id = created["id"].to_string();

        let mut edited = form("ohrid-2027", "Ohrid Forum on Youth Policy");
        edited.push(("forum_id".into(), id.clone()));
        let res = call_with(&organiser, &save, &pairs(&edited)).await;
        assert_eq!(res.status(), 200);
        call_with(&organiser, &app.url("/api/forums/status"), &[("forum_id", &id), ("status", "published")]).await;
        let html = app.new_client().get(app.url("/forums/ohrid-2027?lang=mk")).send().await.expect("GET").text().await.expect("body");
        assert!(html.contains("Ohrid Forum on Youth Policy"));
        assert!(html.contains("Hotel Metropol"));
        assert!(html.contains("Second paragraph."));

        let delete = app.url("/api/forums/delete");
        let res = call_with(&organiser, &delete, &[("forum_id", &id), ("confirm", "ohrid")]).await;
        assert_eq!(res.status(), 422, "a wrong confirmation deletes nothing");
        assert_eq!(app.get("/forums/ohrid-2027").await.status(), 200);
        let res = call_with(&organiser, &delete, &[("forum_id", &id), ("confirm", "ohrid-2027")]).await;
        assert_eq!(res.status(), 200);
        assert_eq!(app.get("/forums/ohrid-2027").await.status(), 404);
    }

    async fn a_bad_forum_form_is_refused_field_by_field_and_saves_nothing(app) {
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let save = app.url("/api/forums/save");
        let mut bad = form("Bad Slug", "");
        for (k, v) in bad.iter_mut() {
            match k.as_str() {
                "form[ends_on]" => *v = "2027-05-01".into(),
                "form[time_zone]" => *v = "Mars/Olympus".into(),
                "form[capacity]" => *v = "lots".into(),
                _ => {}
            }
        }
        let res = call_with(&organiser, &save, &pairs(&bad)).await;
        assert_eq!(res.status(), 422);
        let body: serde_json::Value = res.json().await.expect("json");
        let fields: Vec<&str> = body["Invalid"].as_array().expect("errors").iter().filter_map(|e| e["field"].as_str()).collect();
        assert_eq!(fields, vec!["slug", "title", "time_zone", "ends_on", "capacity"]);
        let res = call_with(&organiser, &save, &pairs(&form("belgrade", "Another Belgrade"))).await;
        assert_eq!(res.status(), 422, "the address is taken");
        let body: serde_json::Value = res.json().await.expect("json");
        assert_eq!(body["Invalid"][0]["key"], "error.slug_taken");
        let forums: serde_json::Value = call_with(&organiser, &app.url("/api/organiser/forums"), &[]).await.json().await.expect("json");
        assert_eq!(forums.as_array().expect("list").len(), 8, "nothing was written");
    }
}
