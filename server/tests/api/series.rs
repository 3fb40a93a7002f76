use crate::both_databases;
use crate::helpers::{call_with, ADMIN_EMAIL, ORGANISER_EMAIL};
use serde_json::Value;

both_databases! {
    async fn an_admin_creates_publishes_and_deletes_a_series_and_an_organiser_cannot(app) {
        let plain = app.log_in_as(ORGANISER_EMAIL).await;
        let organiser = app.log_in_as(ADMIN_EMAIL).await;
        let save = app.url("/api/series/save");
        let form = [("form[slug]", "green-recovery"), ("form[title]", "Green recovery forums"), ("form[description]", "After the crisis."), ("form[default_locale]", "sq")];
        assert_eq!(call_with(&plain, &save, &form).await.status(), 403, "an organiser creates no series");
        assert_eq!(call_with(&organiser, &save, &form).await.status(), 200);
        assert_eq!(call_with(&organiser, &save, &form).await.status(), 422, "the address is taken");
        let list: Vec<Value> = call_with(&organiser, &app.url("/api/organiser/series"), &[]).await.json().await.expect("json");
        let series = list.iter().find(|s| s["slug"] == "green-recovery").expect("listed");
        assert_eq!(series["status"], "draft");
        let id = series["id"].to_string();
        let record = app.store.series(app::features::forums::types::SeriesId(series["id"].as_i64().expect("id"))).await.expect("store").expect("series");
        let groups = app.store.stakeholder_groups(record.id).await.expect("groups");
        assert_eq!(groups.len(), 7, "a new series starts with the seven stakeholder groups");
        assert_eq!(groups[0].name, "Organizatat e shoqërisë civile", "named in the series' language");

        // A published forum of a draft series stays hidden.
        let forum = [
            ("form[series_id]", id.as_str()), ("form[slug]", "durres-green"), ("form[title]", "Durrës green forum"), ("form[description]", ""),
            ("form[city]", "Durrës"), ("form[country]", "AL"), ("form[venue]", "Hall"), ("form[time_zone]", "Europe/Tirane"),
            ("form[starts_on]", "2027-06-01"), ("form[ends_on]", "2027-06-01"), ("form[capacity]", "40"), ("form[default_locale]", "sq"),
        ];
        assert_eq!(call_with(&organiser, &app.url("/api/forums/save"), &forum).await.status(), 200);
        let forum_id = app.store.forum_by_slug("durres-green").await.expect("store").expect("forum");
        assert_eq!(forum_id.series_id, record.id);
        let fid = forum_id.summary.id.0.to_string();
        call_with(&organiser, &app.url("/api/forums/status"), &[("forum_id", &fid), ("status", "published")]).await;
        assert_eq!(app.get("/forums/durres-green").await.status(), 404);
        assert!(!app.get("/").await.text().await.expect("body").contains("Durrës green forum"));
        let res = call_with(&organiser, &app.url("/api/series/status"), &[("series_id", &id), ("status", "published")]).await;
        assert_eq!(res.status(), 200);
        assert_eq!(app.get("/forums/durres-green").await.status(), 200);

        let edit = [("series_id", id.as_str()), ("form[slug]", "green-recovery"), ("form[title]", "Green recovery"), ("form[description]", ""), ("form[default_locale]", "sq")];
        assert_eq!(call_with(&organiser, &save, &edit).await.status(), 200);
        let delete = app.url("/api/series/delete");
        assert_eq!(call_with(&plain, &delete, &[("series_id", &id), ("confirm", "green-recovery")]).await.status(), 403, "only admins delete a series");
        assert!(app.store.forum_by_slug("durres-green").await.expect("store").is_some(), "a refused delete deletes nothing");
        assert_eq!(call_with(&organiser, &delete, &[("series_id", &id), ("confirm", "green")]).await.status(), 422);
        assert_eq!(call_with(&organiser, &delete, &[("series_id", &id), ("confirm", "green-recovery")]).await.status(), 200);
        assert_eq!(app.get("/forums/durres-green").await.status(), 404);
        assert!(app.store.forum_by_slug("durres-green").await.expect("store").is_none(), "its forums go with it");
    }
}
