use crate::both_databases;
use crate::helpers::{call_with, TestApp};
use serde_json::Value;

async fn post(
    app: &TestApp,
    client: &reqwest::Client,
    id: Option<&str>,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let mut form: Vec<(String, String)> = [
        ("forum_id", ""),
        ("title", ""),
        ("body", ""),
        ("locale", "en"),
        ("status", "published"),
        ("published_at", ""),
    ]
    .iter()
    .map(|(k, v)| {
        let given = fields
            .iter()
            .find(|(f, _)| f == k)
            .map(|(_, v)| *v)
            .unwrap_or(v);
        (format!("form[{k}]"), given.to_string())
    })
    .collect();
    if fields.iter().any(|(k, _)| *k == "pinned") {
        form.push(("form[pinned]".into(), "on".into()));
    }
    if let Some(id) = id {
        form.push(("announcement_id".into(), id.into()));
    }
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    call_with(client, &app.url("/api/announcements/save"), &pairs).await
}

async fn listed(app: &TestApp, client: &reqwest::Client) -> Vec<Value> {
    let res = call_with(client, &app.url("/api/organiser/announcements"), &[]).await;
    res.json::<Vec<Value>>().await.expect("json")
}

fn find<'a>(list: &'a [Value], title: &str) -> &'a Value {
    list.iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("{title} not listed"))
}

fn text(node: roxmltree::Node, name: &str) -> Option<String> {
    node.children()
        .find(|c| c.has_tag_name(("http://www.w3.org/2005/Atom", name)))
        .and_then(|c| c.text())
        .map(str::to_string)
}

both_databases! {
    async fn announcements_are_written_published_pinned_and_deleted(app) {
        let organiser = app.log_in_as(server::demo::LEAD_EMAIL).await;
        let forum_id = app.store.forum_by_slug("belgrade").await.expect("store").expect("forum").summary.id.0.to_string();
        let res = post(app, &organiser, None, &[("title", "Hall changed"), ("body", "We meet in **Hall B**.\n\n<script>alert(1)</script>"), ("pinned", "")]).await;
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
        assert_eq!(post(app, &organiser, None, &[("title", "Secret draft"), ("body", "Not yet."), ("status", "draft")]).await.status(), 200);
        assert_eq!(post(app, &organiser, None, &[("title", "Next year"), ("body", "Later."), ("published_at", "2099-01-01T10:00")]).await.status(), 200);
        assert_eq!(post(app, &organiser, None, &[("title", "Belgrade programme out"), ("body", "See the agenda."), ("forum_id", &forum_id), ("locale", "sr")]).await.status(), 200);
        let res = post(app, &organiser, None, &[("title", ""), ("body", ""), ("status", "live"), ("published_at", "soon")]).await;
        assert_eq!(res.status(), 422, "an invalid form saves nothing");

        let list = listed(app, &organiser).await;
        let pinned = find(&list, "Hall changed");
        assert!(pinned["html"].as_str().expect("html").contains("<strong>Hall B</strong>"));
        assert!(!pinned["html"].as_str().expect("html").contains("<script"));
        let (pinned_path, draft_path, future_path, forum_post) = (
            pinned["path"].as_str().expect("p").to_string(),
            find(&list, "Secret draft")["path"].as_str().expect("p").to_string(),
            find(&list, "Next year")["path"].as_str().expect("p").to_string(),
            find(&list, "Belgrade programme out").clone(),
        );
        assert!(forum_post["path"].as_str().expect("p").starts_with("/forums/belgrade/announcements/"));

        // The home page lists what is published and due, the pinned post first.
        let home = app.get("/").await.text().await.expect("body");
        assert!(home.contains("Hall changed") && home.contains("Belgrade programme out"));
        assert!(!home.contains("Secret draft") && !home.contains("Next year"));
        assert!(home.find("Hall changed") < home.find("Belgrade programme out"), "pinned first");
        let forum_page = app.get("/forums/belgrade").await.text().await.expect("body");
        assert!(forum_page.contains("Belgrade programme out"));

        // Each has a page at its own address; drafts and future posts only for organisers.
        assert_eq!(app.get(&pinned_path).await.status(), 200);
        assert_eq!(app.get(&draft_path).await.status(), 404);
        assert_eq!(app.get(&future_path).await.status(), 404);
        assert_eq!(organiser.get(app.url(&draft_path)).send().await.expect("GET").status(), 200);
        let forum_path = forum_post["path"].as_str().expect("p");
        assert_eq!(app.get(forum_path).await.status(), 200);
        let wrong = format!("/announcements/{}", forum_post["id"]);
        assert_eq!(app.get(&wrong).await.status(), 404, "a forum post lives under its forum's address");

        // Edit, then delete.
        let id = pinned["id"].to_string();
        assert_eq!(post(app, &organiser, Some(&id), &[("title", "Hall changed again"), ("body", "Hall C.")]).await.status(), 200);
        let list = listed(app, &organiser).await;
        assert_eq!(find(&list, "Hall changed again")["pinned"], false);
        let res = call_with(&organiser, &app.url("/api/announcements/delete"), &[("announcement_id", &id)]).await;
        assert_eq!(res.status(), 200);
        assert_eq!(app.get(&pinned_path).await.status(), 404);
    }

    async fn the_atom_feeds_are_valid_and_hold_only_published_posts(app) {
        let organiser = app.log_in_as(server::demo::LEAD_EMAIL).await;
        assert_eq!(post(app, &organiser, None, &[("title", "Ë & <news>"), ("body", "Tekst me ë dhe ç.")]).await.status(), 200);
        assert_eq!(post(app, &organiser, None, &[("title", "Unpublished"), ("body", "x"), ("status", "draft")]).await.status(), 200);
        let res = app.get("/feed.atom").await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-type"], "application/atom+xml; charset=utf-8");
        let xml = res.text().await.expect("body");
        let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
        let feed = doc.root_element();
        assert!(feed.has_tag_name(("http://www.w3.org/2005/Atom", "feed")));
        for required in ["id", "title", "updated"] {
            assert!(text(feed, required).is_some(), "feed has {required}");
        }
        assert!(feed.children().any(|c| c.has_tag_name("link") && c.attribute("rel") == Some("self") && c.attribute("href").is_some_and(|h| h.ends_with("/feed.atom"))));
        assert!(feed.descendants().any(|c| c.has_tag_name("author")));
        let entries: Vec<_> = feed.children().filter(|c| c.has_tag_name("entry")).collect();
        assert!(!entries.is_empty());
        for e in &entries {
            for required in ["id", "title", "updated", "published", "content"] {
                assert!(text(*e, required).is_some(), "entry has {required}");
            }
            let updated = text(*e, "updated").expect("updated");
            assert!(chrono::DateTime::parse_from_rfc3339(&updated).is_ok(), "{updated}");
            assert!(e.children().any(|c| c.has_tag_name("link") && c.attribute("rel") == Some("alternate")));
        }
        let titles: Vec<String> = entries.iter().filter_map(|e| text(*e, "title")).collect();
        assert!(titles.contains(&"Ë & <news>".to_string()), "{titles:?}");
        assert!(!titles.iter().any(|t| t == "Unpublished" || t.contains("(draft)")));
        let newest = text(entries[0], "updated").expect("u");
        assert_eq!(text(feed, "updated"), Some(newest), "the feed's update time is its newest entry's");

        let forum = app.get("/forums/tirana/feed.atom").await.text().await.expect("body");
        let doc = roxmltree::Document::parse(&forum).expect("well-formed XML");
        let titles: Vec<String> = doc.root_element().children().filter(|c| c.has_tag_name("entry")).filter_map(|e| text(e, "title")).collect();
        assert_eq!(titles, vec!["Faleminderit për pjesëmarrjen!".to_string()]);
        assert_eq!(app.get("/forums/nowhere/feed.atom").await.status(), 404);
        assert_eq!(app.get("/forums/regional-follow-up/feed.atom").await.status(), 404, "draft forums have no feed");
    }
}

both_databases! {
    async fn a_series_wide_post_belongs_to_the_series_it_is_written_in(app) {
        let admin = app.log_in_as(crate::helpers::ADMIN_EMAIL).await;
        let lead = app.log_in_as(server::demo::LEAD_EMAIL).await;
        let form = [("form[slug]", "green-recovery"), ("form[title]", "Green recovery forums"), ("form[description]", ""), ("form[default_locale]", "en")];
        assert_eq!(call_with(&admin, &app.url("/api/series/save"), &form).await.status(), 200);
        let all = app.store.list_series().await.expect("series");
        let first = app.store.first_series().await.expect("store").expect("series").id;
        let green = all.iter().find(|s| s.slug == "green-recovery").expect("created").id;
        let (first_place, green_place) = (format!("series-{}", first.0), format!("series-{}", green.0));

        // The form offers each account the series it may post to, and only those.
        let places = |v: Value| -> Vec<String> { v[2].as_array().expect("places").iter().map(|p| p[0].as_str().expect("value").to_string()).collect() };
        let lead_form: Value = call_with(&lead, &app.url("/api/organiser/announcement-form"), &[]).await.json().await.expect("json");
        assert!(places(lead_form.clone()).contains(&first_place) && !places(lead_form.clone()).contains(&green_place), "{lead_form}");
        assert_eq!(lead_form[1]["forum_id"], first_place.as_str(), "a new post starts in the lead's series");
        let admin_form: Value = call_with(&admin, &app.url("/api/organiser/announcement-form"), &[]).await.json().await.expect("json");
        assert!(places(admin_form.clone()).contains(&green_place), "{admin_form}");

        // The lead of another series cannot post to this one; nothing is stored.
        let before = app.store.all_announcements().await.expect("list").len();
        let res = post(app, &lead, None, &[("title", "Not mine"), ("body", "x"), ("forum_id", &green_place)]).await;
        assert_eq!(res.status(), 403);
        assert_eq!(post(app, &admin, None, &[("title", "Nowhere"), ("body", "x"), ("forum_id", "series-999999")]).await.status(), 422);
        assert_eq!(post(app, &admin, None, &[("title", "Nowhere"), ("body", "x"), ("forum_id", "series-x")]).await.status(), 422);
        assert_eq!(app.store.all_announcements().await.expect("list").len(), before);

        // An admin's post to the second series is that series', in the form and in translation.
        assert_eq!(post(app, &admin, None, &[("title", "Green call"), ("body", "x"), ("forum_id", &green_place)]).await.status(), 200);
        let list = app.store.all_announcements().await.expect("list");
        let id = list.iter().find(|a| a.title == "Green call").expect("saved").id;
        assert_eq!(app.store.entity_series("announcement", id.0).await.expect("store"), Some(green));
        let edit: Value = call_with(&admin, &app.url("/api/organiser/announcement-form"), &[("id", &id.0.to_string())]).await.json().await.expect("json");
        assert_eq!(edit[1]["forum_id"], green_place.as_str());
        assert_eq!(post(app, &admin, Some(&id.0.to_string()), &[("title", "Green call"), ("body", "y"), ("forum_id", &green_place)]).await.status(), 200);
        assert_eq!(app.store.entity_series("announcement", id.0).await.expect("store"), Some(green), "an edit keeps its series");
        let headings = |v: Value| -> Vec<String> { v["sheets"].as_array().expect("sheets").iter().map(|s| s["heading"].as_str().expect("h").to_string()).collect() };
        let green_sheet: Value = call_with(&admin, &app.url("/api/organiser/translations"), &[("scope", green_place.as_str())]).await.json().await.expect("json");
        assert!(headings(green_sheet.clone()).contains(&"Green call".to_string()), "{green_sheet}");
        assert_eq!(green_sheet["title"], "Green recovery forums");
        let first_sheet: Value = call_with(&lead, &app.url("/api/organiser/translations"), &[("scope", "series")]).await.json().await.expect("json");
        assert!(!headings(first_sheet).contains(&"Green call".to_string()), "another series' post is not translated here");
        assert_eq!(call_with(&lead, &app.url("/api/organiser/translations"), &[("scope", green_place.as_str())]).await.status(), 403);
        assert_eq!(call_with(&admin, &app.url("/api/organiser/translations"), &[("scope", "series-999999")]).await.status(), 404);
    }
}
