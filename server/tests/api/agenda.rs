use crate::both_databases;
use crate::helpers::{call_with, field_errors, TestApp, ORGANISER_EMAIL};
use serde_json::Value;

async fn admin_agenda(app: &TestApp, client: &reqwest::Client, slug: &str) -> Value {
    let res = call_with(client, &app.url("/api/organiser/agenda"), &[("slug", slug)]).await;
    assert_eq!(res.status(), 200);
    res.json().await.expect("json")
}

fn session_form<'a>(
    slug: &'a str,
    title: &'a str,
    day: &'a str,
    times: (&'a str, &'a str),
    room: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("slug", slug),
        ("form[title]", title),
        ("form[description]", "What we learned."),
        ("form[kind]", "panel"),
        ("form[day]", day),
        ("form[starts]", times.0),
        ("form[ends]", times.1),
        ("form[room_id]", room),
        ("form[track_id]", ""),
        ("form[language]", "en"),
        ("form[interpretation][sq]", "on"),
    ]
}

fn id_of(list: &Value, key: &str, name: &str) -> String {
    list.as_array()
        .and_then(|a| a.iter().find(|x| x[key] == name))
        .map(|x| x["id"].to_string())
        .unwrap_or_else(|| panic!("{name} not found in {list}"))
}

both_databases! {
    async fn public_pages_always_arrive_whole_under_concurrent_requests(app) {
        // A page whose data was read by many Suspense boundaries at once, or whose resources
        // were created inside a Suspense, sometimes never finished on the server (the response
        // stopped mid-body: leptos-rs/leptos#4851, #4866); every one of these must end.
        use futures::StreamExt;
        let pages = ["/forums/regional-forum/agenda", "/forums/regional-forum/speakers", "/forums/belgrade/agenda", "/", "/forums/belgrade", "/forums/regional-forum"];
        let client = app.new_client();
        let results: Vec<(String, Result<String, String>)> = futures::stream::iter((0..600).map(|i| {
            let (client, url) = (client.clone(), app.url(pages[i % pages.len()]));
            async move {
                let body = async {
                    let res = client.get(&url).timeout(std::time::Duration::from_secs(15)).send().await.map_err(|e| e.to_string())?;
                    if res.status() != 200 {
                        return Err(format!("status {}", res.status()));
                    }
                    res.text().await.map_err(|e| e.to_string())
                }.await;
                (url, body)
            }
        })).buffer_unordered(16).collect().await;
        for (url, body) in results {
            let body = body.unwrap_or_else(|e| panic!("{url}: {e}"));
            assert!(body.contains("</html>") && body.contains("__INCOMPLETE_CHUNKS=[]"), "{url} stopped mid-body: …{}", &body[body.len().saturating_sub(200)..]);
        }
    }

    async fn every_page_kind_arrives_whole_under_concurrent_requests_organiser_pages_included(app) {
        // The same, for every kind of page behind a sign-in: an admin sees all of them.
        use futures::StreamExt;
        let admin = app.log_in_as(crate::helpers::ADMIN_EMAIL).await;
        let series = app.store.first_series().await.expect("store").expect("series").id.0;
        let pages: Vec<String> = [
            "/organiser", "/organiser/forums/new", "/organiser/forums/belgrade/edit", "/organiser/forums/belgrade/agenda",
            "/organiser/forums/belgrade/sessions/new", "/organiser/forums/belgrade/documents", "/organiser/forums/belgrade/registrations",
            "/organiser/forums/belgrade/registrations/new", "/organiser/forums/belgrade/invitations", "/organiser/forums/belgrade/questions",
            "/organiser/forums/belgrade/checkin", "/organiser/forums/belgrade/report", "/organiser/forums/belgrade/privacy",
            "/organiser/announcements", "/organiser/announcements/new", "/organiser/series", "/organiser/series/new",
            "/organiser/translations/series", "/organiser/translations/forums/belgrade", "/admin/accounts", "/admin/access-log",
            "/account", "/checkin", "/checkin/belgrade", "/checkin/belgrade/entry", "/checkin/belgrade/entry/counts",
            "/forums/belgrade/speakers", "/forums/belgrade/register", "/privacy", "/registration/lost", "/login",
        ]
        .iter()
        .map(|p| p.to_string())
        .chain([
            format!("/organiser/series/{series}/edit"), format!("/organiser/series/{series}/privacy"),
            format!("/organiser/series/{series}/report"), format!("/organiser/translations/series/{series}"),
        ])
        .collect();
        let results: Vec<(String, Result<String, String>)> = futures::stream::iter((0..pages.len() * 8).map(|i| {
            let (client, url) = (admin.clone(), app.url(&pages[i % pages.len()]));
            async move {
                let body = async {
                    let res = client.get(&url).timeout(std::time::Duration::from_secs(20)).send().await.map_err(|e| format!("{e:?}"))?;
                    if res.status() != 200 {
                        return Err(format!("status {}", res.status()));
                    }
                    res.text().await.map_err(|e| e.to_string())
                }.await;
                (url, body)
            }
        })).buffer_unordered(12).collect().await;
        for (url, body) in results {
            let body = body.unwrap_or_else(|e| panic!("{url}: {e}"));
            assert!(body.contains("</html>") && body.contains("__INCOMPLETE_CHUNKS=[]"), "{url} stopped mid-body: …{}", &body[body.len().saturating_sub(200)..]);
        }
    }

    async fn an_organiser_builds_an_agenda_with_parallel_sessions_and_the_public_sees_it(app) {
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let slug = "belgrade";
        for (name, capacity) in [("Hall Sava", "200"), ("Room Morava", "40")] {
            let res = call_with(&organiser, &app.url("/api/agenda/rooms/save"), &[("slug", slug), ("form[name]", name), ("form[capacity]", capacity), ("form[accessibility]", "Step-free")]).await;
            assert_eq!(res.status(), 200, "{:?}", res.text().await);
        }
        let res = call_with(&organiser, &app.url("/api/agenda/rooms/save"), &[("slug", slug), ("form[name]", "Hall Sava"), ("form[capacity]", ""), ("form[accessibility]", "")]).await;
        assert_eq!(res.status(), 422, "room names are unique per forum");
        let res = call_with(&organiser, &app.url("/api/agenda/tracks/save"), &[("slug", slug), ("form[name]", "Health"), ("form[colour]", "#2F6B4F")]).await;
        assert_eq!(res.status(), 200);
        let res = call_with(&organiser, &app.url("/api/agenda/people/save"), &[("slug", slug), ("form[name]", "Jelena Marković"), ("form[affiliation]", "Civic Initiatives"), ("form[title]", "Director"), ("form[group_id]", ""), ("form[country]", "RS"), ("form[bio]", "")]).await;
        assert_eq!(res.status(), 200);

        let agenda = admin_agenda(app, &organiser, slug).await;
        let data = &agenda[0];
        let day = data["forum"]["starts_on"].as_str().expect("day").to_string();
        let sava = id_of(&data["rooms"], "name", "Hall Sava");
        let morava = id_of(&data["rooms"], "name", "Room Morava");
        let person = id_of(&data["people"], "name", "Jelena Marković");

        let save = app.url("/api/agenda/sessions/save");
        for (title, room) in [("Panel on health", &sava), ("Panel on work", &morava)] {
            let res = call_with(&organiser, &save, &session_form(slug, title, &day, ("16:30", "18:00"), room)).await;
            assert_eq!(res.status(), 200, "{title}: {:?}", res.text().await);
        }
        // The same room at an overlapping time is refused, and nothing is written.
        let res = call_with(&organiser, &save, &session_form(slug, "Clash", &day, ("17:00", "17:30"), &sava)).await;
        assert_eq!(res.status(), 422);
        assert_eq!(field_errors(&res.json().await.expect("json")), vec!["room_id:error.room_taken"]);
        let res = call_with(&organiser, &save, &session_form(slug, "Backwards", &day, ("18:00", "17:00"), &sava)).await;
        assert_eq!(field_errors(&res.json().await.expect("json")), vec!["ends:error.end_before_start"]);
        let res = call_with(&organiser, &save, &session_form(slug, "Too late", "2099-01-01", ("10:00", "11:00"), &sava)).await;
        assert_eq!(field_errors(&res.json().await.expect("json")), vec!["day:error.outside_forum"]);
        let res = call_with(&organiser, &save, &session_form(slug, "Elsewhere", &day, ("19:00", "20:00"), "999999")).await;
        assert_eq!(field_errors(&res.json().await.expect("json")), vec!["room_id:error.invalid"]);

        let agenda = admin_agenda(app, &organiser, slug).await;
        let sessions = &agenda[0]["sessions"];
        assert!(sessions.as_array().expect("sessions").iter().all(|s| s["title"] != "Clash" && s["title"] != "Backwards"));
        let health = id_of(sessions, "title", "Panel on health");
        let work = id_of(sessions, "title", "Panel on work");
        assert_eq!(sessions.as_array().and_then(|a| a.iter().find(|s| s["title"] == "Panel on health")).map(|s| s["interpretation"].clone()), Some(serde_json::json!(["sq"])));

        // One person in both parallel panels: allowed, but the organiser is warned.
        for session in [&health, &work] {
            let res = call_with(&organiser, &app.url("/api/agenda/sessions/assign"), &[("slug", slug), ("session_id", session), ("person_id", &person), ("role", "speaker")]).await;
            assert_eq!(res.status(), 200);
        }
        let res = call_with(&organiser, &app.url("/api/agenda/sessions/assign"), &[("slug", slug), ("session_id", &health), ("person_id", &person), ("role", "dj")]).await;
        assert_eq!(res.status(), 422);
        let agenda = admin_agenda(app, &organiser, slug).await;
        let warnings = agenda[1].as_array().expect("warnings");
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0]["person"], "Jelena Marković");

        // The public sees both parallel sessions, each with its room, and a page per session.
        let html = app.get("/forums/belgrade/agenda").await.text().await.expect("body");
        assert!(html.contains("Panel on health") && html.contains("Panel on work"), "{html}");
        assert!(html.contains("Hall Sava") && html.contains("Room Morava"));
        let page = app.get(&format!("/forums/belgrade/sessions/{health}")).await;
        assert_eq!(page.status(), 200);
        let page = page.text().await.expect("body");
        assert!(page.contains("Jelena Marković") && page.contains("Hall Sava") && page.contains("Step-free"));
        let speakers = app.get("/forums/belgrade/speakers").await.text().await.expect("body");
        assert!(speakers.contains("Jelena Marković") && speakers.contains("Civic Initiatives"));
        let filtered = app.get(&format!("/forums/belgrade/agenda?room={morava}")).await.text().await.expect("body");
        // Pages carry no hydration data (islands), so what is not shown is not in the page at all.
        assert!(filtered.contains("Panel on work") && !filtered.contains("Panel on health"), "{filtered}");
        assert_eq!(app.get("/forums/belgrade/sessions/999999").await.status(), 404);

        // Moving a session raises its sequence; cancelling keeps it listed, marked.
        let forum_id = app.store.forum_by_slug(slug).await.expect("store").expect("forum").summary.id;
        let before = app.store.sessions_of_forum(forum_id).await.expect("sessions");
        let seq = |list: &[app::store::SessionRecord], id: &str| list.iter().find(|s| s.id.0.to_string() == id).map(|s| s.sequence).expect("session");
        let mut moved = session_form(slug, "Panel on health", &day, ("19:00", "20:00"), &sava);
        moved.push(("session_id", &health));
        assert_eq!(call_with(&organiser, &save, &moved).await.status(), 200);
        let after = app.store.sessions_of_forum(forum_id).await.expect("sessions");
        assert_eq!(seq(&after, &health), seq(&before, &health) + 1);
        let res = call_with(&organiser, &app.url("/api/agenda/sessions/cancel"), &[("slug", slug), ("session_id", &work), ("cancelled", "true")]).await;
        assert_eq!(res.status(), 200);
        let cancelled = app.store.sessions_of_forum(forum_id).await.expect("sessions");
        assert_eq!(cancelled.iter().find(|s| s.id.0.to_string() == work).map(|s| s.status.as_str()), Some("cancelled"));
        assert_eq!(seq(&cancelled, &work), seq(&before, &work) + 1);
        let html = app.get("/forums/belgrade/agenda").await.text().await.expect("body");
        assert!(html.contains("Panel on work") && html.contains("is-cancelled"));
        // A cancelled session frees its room.
        let res = call_with(&organiser, &save, &session_form(slug, "Replacement", &day, ("16:30", "18:00"), &morava)).await;
        assert_eq!(res.status(), 200);
        let res = call_with(&organiser, &app.url("/api/agenda/sessions/cancel"), &[("slug", slug), ("session_id", &work), ("cancelled", "false")]).await;
        assert_eq!(res.status(), 422, "restoring into an occupied room is refused");

        // Deletes.
        let res = call_with(&organiser, &app.url("/api/agenda/sessions/unassign"), &[("slug", slug), ("session_id", &health), ("person_id", &person)]).await;
        assert_eq!(res.status(), 200);
        let res = call_with(&organiser, &app.url("/api/agenda/sessions/delete"), &[("slug", slug), ("session_id", &health)]).await;
        assert_eq!(res.status(), 200);
        let res = call_with(&organiser, &app.url("/api/agenda/people/delete"), &[("slug", slug), ("person_id", &person)]).await;
        assert_eq!(res.status(), 200);
        let res = call_with(&organiser, &app.url("/api/agenda/rooms/delete"), &[("slug", slug), ("room_id", &sava)]).await;
        assert_eq!(res.status(), 200);
        let agenda = admin_agenda(app, &organiser, slug).await;
        assert!(agenda[0]["sessions"].as_array().expect("s").iter().all(|s| s["title"] != "Panel on health"));
        assert!(agenda[0]["rooms"].as_array().expect("r").iter().all(|r| r["name"] != "Hall Sava"));
    }

    async fn a_session_on_the_last_sunday_of_october_in_belgrade_is_stored_in_utc(app) {
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let form = [
            ("form[slug]", "novi-sad-2027"), ("form[title]", "Novi Sad Forum"), ("form[description]", ""),
            ("form[city]", "Novi Sad"), ("form[country]", "RS"), ("form[venue]", "Hall"),
            ("form[time_zone]", "Europe/Belgrade"), ("form[starts_on]", "2027-10-30"), ("form[ends_on]", "2027-10-31"),
            ("form[capacity]", "50"), ("form[default_locale]", "sr"),
        ];
        assert_eq!(call_with(&organiser, &app.url("/api/forums/save"), &form).await.status(), 200);
        let save = app.url("/api/agenda/sessions/save");
        // 31 October 2027 is the last Sunday of October: at 03:00 CEST the clocks go back to 02:00 CET.
        for (title, day) in [("Saturday panel", "2027-10-30"), ("Sunday panel", "2027-10-31")] {
            let res = call_with(&organiser, &save, &session_form("novi-sad-2027", title, day, ("10:00", "11:00"), "")).await;
            assert_eq!(res.status(), 200, "{:?}", res.text().await);
        }
        let forum = app.store.forum_by_slug("novi-sad-2027").await.expect("store").expect("forum");
        let stored = app.store.sessions_of_forum(forum.summary.id).await.expect("sessions");
        let at = |t: &str| stored.iter().find(|s| s.title == t).map(|s| s.starts_at.to_rfc3339()).expect("session");
        assert_eq!(at("Saturday panel"), "2027-10-30T08:00:00+00:00");
        assert_eq!(at("Sunday panel"), "2027-10-31T09:00:00+00:00");
        let agenda = admin_agenda(app, &organiser, "novi-sad-2027").await;
        let shown: Vec<(String, String, String)> = agenda[0]["sessions"].as_array().expect("s").iter()
            .map(|s| (s["title"].as_str().unwrap_or("").to_string(), s["starts"].as_str().unwrap_or("").to_string(), s["zone"].as_str().unwrap_or("").to_string()))
            .collect();
        assert_eq!(shown, vec![
            ("Saturday panel".to_string(), "10:00:00".to_string(), "CEST".to_string()),
            ("Sunday panel".to_string(), "10:00:00".to_string(), "CET".to_string()),
        ]);
        // A wall-clock time the spring change skips does not exist and is refused.
        let res = call_with(&organiser, &app.url("/api/forums/save"), &[
            ("form[slug]", "spring-2027"), ("form[title]", "Spring"), ("form[description]", ""),
            ("form[city]", "Skopje"), ("form[country]", "MK"), ("form[venue]", "Hall"),
            ("form[time_zone]", "Europe/Skopje"), ("form[starts_on]", "2027-03-28"), ("form[ends_on]", "2027-03-28"),
            ("form[capacity]", "50"), ("form[default_locale]", "mk"),
        ]).await;
        assert_eq!(res.status(), 200);
        let res = call_with(&organiser, &save, &session_form("spring-2027", "Night", "2027-03-28", ("02:30", "03:30"), "")).await;
        assert_eq!(field_errors(&res.json().await.expect("json")), vec!["starts:error.time_skipped"]);
    }
}
