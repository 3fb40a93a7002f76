//! Privacy through the real endpoints: the participant's own download and erasure (no trace
//! left, the seat passed on, the links dead), retention with a clock the test controls, delivered
//! emails scrubbed, forum teams on every personal-data endpoint, and the access log.

use crate::both_databases;
use crate::helpers::{call_with, TestApp, ADMIN_EMAIL, DEMO_PASSWORD, ORGANISER_EMAIL};
use crate::registration::{form, forum_and_groups, link_in, register};
use serde_json::Value;

/// Every row of every table as text (`col|col|…`), read through the catalogue so that a table
/// added later is searched too.
async fn all_rows(app: &TestApp) -> Vec<(String, String)> {
    use sqlx::Connection;
    use sqlx::Row;
    let mut out = Vec::new();
    if app.database_url.starts_with("postgres") {
        let mut c = sqlx::PgConnection::connect(&app.database_url)
            .await
            .expect("connect");
        let cols: Vec<(String, String)> = sqlx::query_as(
            "SELECT table_name::text, column_name::text FROM information_schema.columns \
             WHERE table_schema = 'public' ORDER BY table_name, ordinal_position",
        )
        .fetch_all(&mut c)
        .await
        .expect("columns");
        for (table, expr) in concat_by_table(&cols) {
            let rows = sqlx::query(&format!("SELECT {expr} FROM \"{table}\""))
                .fetch_all(&mut c)
                .await
                .expect("rows");
            out.extend(rows.iter().map(|r| (table.clone(), r.get::<String, _>(0))));
        }
    } else {
        let mut c = sqlx::SqliteConnection::connect(&app.database_url)
            .await
            .expect("connect");
        let tables: Vec<(String,)> = sqlx::query_as(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )
        .fetch_all(&mut c)
        .await
        .expect("tables");
        let mut cols = Vec::new();
        for (table,) in tables {
            let names: Vec<(String,)> =
                sqlx::query_as(&format!("SELECT name FROM pragma_table_info('{table}')"))
                    .fetch_all(&mut c)
                    .await
                    .expect("columns");
            cols.extend(names.into_iter().map(|(n,)| (table.clone(), n)));
        }
        for (table, expr) in concat_by_table(&cols) {
            let rows = sqlx::query(&format!("SELECT {expr} FROM \"{table}\""))
                .fetch_all(&mut c)
                .await
                .expect("rows");
            out.extend(rows.iter().map(|r| {
                let bytes: Vec<u8> = r.try_get_unchecked(0).unwrap_or_default();
                (table.clone(), String::from_utf8_lossy(&bytes).into_owned())
            }));
        }
    }
    out
}

fn concat_by_table(cols: &[(String, String)]) -> Vec<(String, String)> {
    let mut by: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
    for (t, c) in cols {
        by.entry(t.as_str())
            .or_default()
            .push(format!("COALESCE(CAST(\"{c}\" AS TEXT), '')"));
    }
    by.into_iter()
        .map(|(t, parts)| (t.to_string(), parts.join(" || '|' || ")))
        .collect()
}

/// Rows anywhere that contain `needle` (case-insensitive), as (table, row).
async fn traces(app: &TestApp, needle: &str) -> Vec<(String, String)> {
    let needle = needle.to_lowercase();
    all_rows(app)
        .await
        .into_iter()
        .filter(|(_, row)| row.to_lowercase().contains(&needle))
        .collect()
}

/// Registers on the regional forum (answering its required questions) and returns the token.
async fn register_regional(
    app: &TestApp,
    name: &str,
    email: &str,
    group: &str,
    extra: &[(&str, &str)],
) {
    let forum = app
        .store
        .forum_by_slug("regional-forum")
        .await
        .expect("store")
        .expect("forum");
    let questions = app
        .store
        .questions(forum.summary.id)
        .await
        .expect("questions");
    let mut fields = form("regional-forum", name, email, group);
    let answers: Vec<String> = questions
        .iter()
        .filter(|q| q.required)
        .map(|q| format!("form[answers][q{}]", q.id))
        .collect();
    for a in &answers {
        fields.push((a.as_str(), "0"));
    }
    fields.extend_from_slice(extra);
    let res = call_with(&app.new_client(), &app.url("/api/register"), &fields).await;
    assert_eq!(res.status(), 200, "{:?}", res.text().await);
}

async fn token_of(app: &TestApp, needle: &str) -> String {
    let mail = app.wait_for_mail(needle).await;
    link_in(&mail).trim_start_matches("/r/").to_string()
}

/// Counts of registrations by (group, country, status) in a forum, erased ones included.
async fn counts(app: &TestApp, slug: &str) -> Vec<(i64, String)> {
    let forum = app
        .store
        .forum_by_slug(slug)
        .await
        .expect("store")
        .expect("forum");
    let (rows, total) = app
        .store
        .list_registrations(forum.summary.id, &Default::default(), 1000, 0)
        .await
        .expect("list");
    let mut by: Vec<(i64, String)> = rows
        .iter()
        .map(|r| (r.group_id.0, r.country.clone()))
        .collect();
    by.sort();
    assert_eq!(by.len() as i64, total);
    by
}

/// A new organiser account (on no team) signed in.
pub(crate) async fn outsider(app: &TestApp, email: &str) -> (reqwest::Client, i64) {
    let admin = app.log_in_as(ADMIN_EMAIL).await;
    let res = call_with(
        &admin,
        &app.url("/api/accounts/create"),
        &[
            ("email", email),
            ("display_name", "Other Partner"),
            ("password", DEMO_PASSWORD),
            ("role", "organiser"),
        ],
    )
    .await;
    assert_eq!(res.status(), 200, "{:?}", res.text().await);
    let id = app
        .store
        .account_by_email(email)
        .await
        .expect("store")
        .expect("account")
        .id
        .0;
    (app.log_in_as(email).await, id)
}

both_databases! {
    async fn erasure_takes_a_country_typed_for_other_and_keeps_the_six_codes(app) {
        let (_, groups) = forum_and_groups(app, "belgrade").await;
        let group = groups[0].0.to_string();
        let mut fields = form("belgrade", "Ilir Atlantis", "ilir.atlantis@example.org", &group);
        for field in fields.iter_mut() {
            if field.0 == "form[country]" {
                field.1 = "other";
            }
        }
        fields.push(("form[country_other]", "Atlantisland"));
        let res = register(app, &app.new_client(), &fields).await;
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
        let mail = app.wait_for_mail("To: ilir.atlantis@example.org").await;
        let token = link_in(&mail).trim_start_matches("/r/").to_string();
        assert!(!traces(app, "Atlantisland").await.is_empty(), "the typed country is stored");
        let res = call_with(&app.client, &app.url("/api/privacy/erase"), &[("token", &token), ("confirm", "yes")]).await;
        assert!(res.status().is_success(), "{}", res.status());
        assert!(traces(app, "Atlantisland").await.is_empty(), "the typed country is erased");
        // A code of the six stays for the counts.
        let (id, link) = crate::checkin::confirmed(app, "belgrade", "Mira Kodovic", "mira.k@example.org").await;
        let token = link.trim_start_matches("/r/").to_string();
        let res = call_with(&app.client, &app.url("/api/privacy/erase"), &[("token", &token), ("confirm", "yes")]).await;
        assert!(res.status().is_success(), "{}", res.status());
        let kept = app.store.registration(app::features::registration::types::RegistrationId(id)).await.expect("store").expect("row");
        assert_eq!(kept.country, "RS");
    }

    async fn a_participant_downloads_everything_then_erases_it_without_a_trace(app) {
        let forum = app.store.forum_by_slug("regional-forum").await.expect("store").expect("forum");
        let groups = app.store.stakeholder_groups(forum.series_id).await.expect("groups");
        let youth = groups[3].id;
        app.store.set_group_quota(forum.summary.id, youth, 1, Some(1)).await.expect("quota");
        let group = youth.0.to_string();
        register_regional(app, "Zana Kryeziu", "zana.kryeziu@example.org", &group, &[("form[listed_consent]", "on"), ("form[photo_consent]", "on"), ("form[dietary]", "Halal")]).await;
        let token = token_of(app, "zana.kryeziu@example.org").await;
        register_regional(app, "Second Waiting", "second.waiting@example.org", &group, &[]).await;
        app.wait_for_mail("You are on the waiting list for").await;

        // Picks and a calendar feed, so that there is something of each kind to erase.
        let agenda: Value = call_with(&app.client, &app.url("/api/registration/agenda"), &[("token", &token)]).await.json().await.expect("json");
        let feed = agenda["feed"].as_str().expect("feed").to_string();
        let feed_path = feed[feed.find("/calendar/").expect("a feed path")..].to_string();
        let first = agenda["sessions"][0]["id"].as_i64().expect("id");
        let key = format!("picked[s{first}]");
        assert!(call_with(&app.client, &app.url("/api/registration/picks"), &[("token", &token), (&key, "on")]).await.status().is_success());
        // The contact consent is given, then withdrawn, on the participant's page.
        for given in ["yes", "no"] {
            let res = call_with(&app.client, &app.url("/api/registration/consent"), &[("token", &token), ("kind", "contact"), ("given", given)]).await;
            assert!(res.status().is_success(), "{}", res.status());
        }
        let res = call_with(&app.client, &app.url("/api/registration/consent"), &[("token", &token), ("kind", "tracking"), ("given", "yes")]).await;
        assert_eq!(res.status(), 422, "an unknown consent is refused");

        // Download my data: every field, as JSON to keep and as a page.
        let res = app.get(&format!("/r/{token}/data.json")).await;
        assert_eq!(res.status(), 200);
        assert!(res.headers()["content-disposition"].to_str().expect("header").starts_with("attachment"));
        let data: Value = res.json().await.expect("json");
        assert_eq!(data["full_name"], "Zana Kryeziu");
        assert_eq!(data["email"], "zana.kryeziu@example.org");
        assert_eq!(data["organisation"], "Civic Initiatives");
        assert_eq!(data["dietary"], "Halal");
        assert_eq!(data["status"], "confirmed");
        let series = forum.series_id.0;
        assert_eq!(data["privacy_notice_version"], format!("{series}/1"), "the notice the demo published");
        assert!(!data["answers"].as_array().expect("answers").is_empty());
        let consents = data["consents"].as_array().expect("consents");
        let kind = |k: &str| consents.iter().find(|c| c["kind"] == k).cloned().unwrap_or(Value::Null);
        assert!(kind("listed")["withdrawn_at"].is_null() && kind("listed")["given_at"].is_string());
        assert!(kind("photo")["given_at"].is_string());
        assert!(kind("contact")["withdrawn_at"].is_string(), "{consents:?}");
        assert_eq!(data["status_history"][0][0], "confirmed");
        assert_eq!(data["personal_agenda"].as_array().expect("agenda").len(), 1);
        assert!(data["emails"].as_array().expect("emails").iter().any(|e| e[0].as_str().is_some_and(|s| s.contains("is confirmed"))));
        assert_eq!(data["calendar_feed"], true);
        let page = app.get(&format!("/r/{token}/data")).await;
        assert_eq!(page.status(), 200);
        let html = page.text().await.expect("body");
        assert!(html.contains("Zana Kryeziu") && html.contains("Halal"));

        // Erasure needs the confirmation.
        let erase = app.url("/api/privacy/erase");
        let res = call_with(&app.client, &erase, &[("token", &token)]).await;
        assert_eq!(res.status(), 422);
        assert!(!traces(app, "zana.kryeziu").await.is_empty(), "nothing erased unconfirmed");
        let before = counts(app, "regional-forum").await;
        let res = call_with(&app.client, &erase, &[("token", &token), ("confirm", "yes")]).await;
        assert!(res.status().is_success(), "{}", res.status());

        // The waiting person takes the seat; the erased person gets no email.
        let promoted = app.wait_for_mail("is now yours").await;
        assert!(promoted.contains("second.waiting@example.org"));
        // No trace of the name or address in any table, outbox included.
        for needle in ["zana.kryeziu@example.org", "Zana Kryeziu", "Kryeziu", "Halal"] {
            assert_eq!(traces(app, needle).await, Vec::<(String, String)>::new(), "{needle}");
        }
        // The anonymous row keeps the counts whole.
        assert_eq!(counts(app, "regional-forum").await, before);
        // The links are dead.
        assert_eq!(app.get(&format!("/r/{token}")).await.status(), 404);
        assert_eq!(app.get(&format!("/r/{token}/data.json")).await.status(), 404);
        assert_eq!(app.get(&feed_path).await.status(), 404);
        assert_eq!(call_with(&app.client, &erase, &[("token", &token), ("confirm", "yes")]).await.status(), 404);
        // The access log has the download and the erasure, and no personal data.
        let (log, _) = app.store.access_log(100, 0).await.expect("log");
        let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
        assert!(actions.contains(&"erasure") && actions.contains(&"own_data_download"), "{actions:?}");
        crate::registration::counters_kept(app, forum.summary.id).await;
    }

    async fn retention_erases_exactly_the_expired_forum_after_warning_its_team(app) {
        use app::features::privacy::service::purge_expired;
        let (_, groups) = forum_and_groups(app, "belgrade").await;
        let group = groups[0].0.to_string();
        for (slug, name, email) in [("belgrade", "Retained Belgrade", "ret.belgrade@example.org"), ("pristina", "Kept Pristina", "kept.pristina@example.org")] {
            let res = register(app, &app.new_client(), &form(slug, name, email, &group)).await;
            assert_eq!(res.status(), 200, "{:?}", res.text().await);
            app.wait_for_mail(email).await;
        }
        let belgrade = app.store.forum_by_slug("belgrade").await.expect("store").expect("forum");
        let ends = belgrade.summary.ends_on;
        let at = |days: i64| (ends + chrono::Duration::days(days)).and_hms_opt(12, 0, 0).expect("time").and_utc();

        // A week before: the team is told, nothing is erased.
        let report = purge_expired(&app.state, at(175), false).await.expect("purge");
        assert!(report.erased.is_empty(), "{report:?}");
        assert_eq!(report.warned.iter().map(|d| d.slug.as_str()).collect::<Vec<_>>(), vec!["belgrade"]);
        app.wait_for_mail("will be erased on").await;
        // Everyone on the forum's team is told (the regional organiser and Belgrade's own team).
        for member in [ORGANISER_EMAIL, server::demo::BELGRADE_TEAM_EMAIL] {
            let warning = app.wait_for_mail(&format!("To: {member}")).await;
            assert!(warning.contains("will be erased on") && warning.contains("/organiser/forums/belgrade/privacy"), "{warning}");
        }
        let again = purge_expired(&app.state, at(176), false).await.expect("purge");
        assert!(again.warned.is_empty(), "told once");

        // The dry run says what is due and changes nothing.
        let dry = purge_expired(&app.state, at(181), true).await.expect("dry run");
        assert_eq!(dry.erased.iter().map(|d| (d.slug.as_str(), d.registrations)).collect::<Vec<_>>(), vec![("belgrade", 1)]);
        assert!(!traces(app, "ret.belgrade@example.org").await.is_empty());

        let report = purge_expired(&app.state, at(181), false).await.expect("purge");
        assert_eq!(report.erased.iter().map(|d| d.slug.as_str()).collect::<Vec<_>>(), vec!["belgrade"]);
        assert!(traces(app, "ret.belgrade@example.org").await.is_empty());
        assert!(traces(app, "Retained Belgrade").await.is_empty());
        assert!(!traces(app, "kept.pristina@example.org").await.is_empty(), "another forum's data stays");
        assert_eq!(counts(app, "belgrade").await.len(), 1, "the anonymous row stays");
        let second = purge_expired(&app.state, at(182), false).await.expect("purge");
        crate::registration::counters_kept(app, app.store.forum_by_slug("belgrade").await.expect("store").expect("forum").summary.id).await;
        assert!(second.erased.is_empty(), "nothing left to erase");
    }

    async fn delivered_emails_keep_only_subject_hash_status_and_dates(app) {
        use app::features::privacy::service::{purge_expired, recipient_hash};
        let (_, groups) = forum_and_groups(app, "belgrade").await;
        let group = groups[0].0.to_string();
        let res = register(app, &app.new_client(), &form("belgrade", "Mail Kept", "mail.kept@example.org", &group)).await;
        assert_eq!(res.status(), 200);
        let mail = app.wait_for_mail("mail.kept@example.org").await;
        let token = link_in(&mail).trim_start_matches("/r/").to_string();
        // Within the delivery window nothing changes; after it the body and address are gone.
        let report = purge_expired(&app.state, chrono::Utc::now(), false).await.expect("purge");
        assert_eq!(report.emails_scrubbed, 0);
        let later = chrono::Utc::now() + chrono::Duration::hours(25);
        let report = purge_expired(&app.state, later, false).await.expect("purge");
        assert!(report.emails_scrubbed >= 1, "{report:?}");
        let outbox: Vec<String> = all_rows(app).await.into_iter().filter(|(t, _)| t == "outbox").map(|(_, r)| r).collect();
        assert!(!outbox.is_empty());
        assert!(outbox.iter().all(|r| !r.contains("mail.kept@example.org") && !r.contains(&token)), "{outbox:?}");
        let hash = recipient_hash(&app.state, "mail.kept@example.org");
        assert!(outbox.iter().any(|r| r.contains(&hash) && r.contains("Your seat at National Forum Serbia is confirmed")));
        // The participant's page still lists the email, by subject and dates.
        let data: Value = app.get(&format!("/r/{token}/data.json")).await.json().await.expect("json");
        assert!(data["emails"][0][2].is_string(), "sent at");
    }

    async fn organisers_see_only_their_teams_forums_on_every_personal_data_endpoint(app) {
        let (other, other_id) = outsider(app, "partner@example.org").await;
        let (_, groups) = forum_and_groups(app, "belgrade").await;
        let group = groups[0].0.to_string();
        let res = register(app, &app.new_client(), &form("belgrade", "Team Test", "team.test@example.org", &group)).await;
        assert_eq!(res.status(), 200);
        app.wait_for_mail("team.test@example.org").await;
        let forum = app.store.forum_by_slug("belgrade").await.expect("store").expect("forum");
        let (rows, _) = app.store.list_registrations(forum.summary.id, &Default::default(), 10, 0).await.expect("list");
        let reg = rows[0].id.0.to_string();

        let mut edit = form("belgrade", "Changed Name", "team.test@example.org", &group);
        edit.push(("registration_id", &reg));
        let reads: Vec<(&str, Vec<(&str, &str)>)> = vec![
            ("/api/organiser/registrations", vec![("slug", "belgrade"), ("page", "1"), ("filter[q]", "")]),
            ("/api/organiser/registration", vec![("slug", "belgrade"), ("registration_id", &reg)]),
            ("/api/organiser/privacy", vec![("slug", "belgrade")]),
            ("/api/organiser/invitations", vec![("slug", "belgrade")]),
            ("/api/organiser/ticket", vec![("slug", "belgrade"), ("registration_id", &reg)]),
        ];
        let writes: Vec<(&str, Vec<(&str, &str)>)> = vec![
            ("/api/registrations/change", vec![("slug", "belgrade"), ("registration_id", &reg), ("change", "cancel")]),
            ("/api/registrations/edit", edit),
            ("/api/organiser/privacy/retention", vec![("slug", "belgrade"), ("days", "90")]),
            ("/api/organiser/ticket-reissue", vec![("slug", "belgrade"), ("registration_id", &reg)]),
        ];
        let csv = app.url("/organiser/forums/belgrade/registrations.csv");
        // Outside the team: refused everywhere, and the forum is not in their list.
        for (endpoint, fields) in reads.iter().chain(writes.iter()) {
            let res = call_with(&other, &app.url(endpoint), fields).await;
            assert_eq!(res.status(), 403, "{endpoint}: {:?}", res.text().await);
        }
        assert_eq!(other.get(&csv).send().await.expect("GET").status(), 403);
        let list: Value = call_with(&other, &app.url("/api/organiser/forums"), &[]).await.json().await.expect("json");
        assert_eq!(list, serde_json::json!([]));
        let lists: Value = call_with(&other, &app.url("/api/checkin/forums"), &[]).await.json().await.expect("json");
        assert_eq!(lists, serde_json::json!([]));

        // Read-only on the team (an admin's change, logged): reads pass, writes do not.
        let admin = app.log_in_as(ADMIN_EMAIL).await;
        let id = other_id.to_string();
        let res = call_with(&admin, &app.url("/api/organiser/privacy/team"), &[("slug", "belgrade"), ("account_id", &id), ("access", "read")]).await;
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let res = call_with(&organiser, &app.url("/api/organiser/privacy/team"), &[("slug", "belgrade"), ("account_id", &id), ("access", "manage")]).await;
        assert_eq!(res.status(), 403, "only admins change teams");
        for (endpoint, fields) in &reads {
            let res = call_with(&other, &app.url(endpoint), fields).await;
            assert_eq!(res.status(), 200, "{endpoint}: {:?}", res.text().await);
        }
        assert_eq!(other.get(&csv).send().await.expect("GET").status(), 200);
        for (endpoint, fields) in &writes {
            let res = call_with(&other, &app.url(endpoint), fields).await;
            assert_eq!(res.status(), 403, "{endpoint}: {:?}", res.text().await);
        }
        let list: Value = call_with(&other, &app.url("/api/organiser/forums"), &[]).await.json().await.expect("json");
        assert_eq!(list.as_array().expect("list").iter().map(|f| f["slug"].as_str().unwrap_or_default()).collect::<Vec<_>>(), vec!["belgrade"]);

        // Removed again: refused again.
        let res = call_with(&admin, &app.url("/api/organiser/privacy/team"), &[("slug", "belgrade"), ("account_id", &id), ("access", "remove")]).await;
        assert_eq!(res.status(), 200);
        let (endpoint, fields) = &reads[0];
        assert_eq!(call_with(&other, &app.url(endpoint), fields).await.status(), 403);

        // A country coordinator reads their country's registrations only, across the series.
        let series = forum.series_id.0.to_string();
        let set = app.url("/api/organiser/privacy/coordinator");
        let res = call_with(&organiser, &set, &[("series_id", &series), ("account_id", &id), ("country", "AL")]).await;
        assert_eq!(res.status(), 403, "only admins name coordinators");
        let res = call_with(&admin, &set, &[("series_id", &series), ("account_id", &id), ("country", "Atlantis")]).await;
        assert_eq!(res.status(), 422);
        let res = call_with(&admin, &set, &[("series_id", &series), ("account_id", &id), ("country", "AL")]).await;
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
        let listed: Value = call_with(&admin, &app.url("/api/organiser/privacy/coordinators"), &[("series_id", &series)]).await.json().await.expect("json");
        assert_eq!(listed["coordinators"][0]["country"], "AL");
        let page: Value = call_with(&other, &app.url("/api/organiser/registrations"), &[("slug", "belgrade"), ("page", "1"), ("filter[q]", "")]).await.json().await.expect("json");
        assert_eq!(page["total"], 0, "the Serbian registration is not theirs");
        let res = call_with(&other, &app.url("/api/organiser/registration"), &[("slug", "belgrade"), ("registration_id", &reg)]).await;
        assert_eq!(res.status(), 404);
        let (endpoint, fields) = &writes[0];
        assert_eq!(call_with(&other, &app.url(endpoint), fields).await.status(), 403, "coordinators only read");
        app.store.set_coordinator(forum.series_id.0, app::features::accounts::types::AccountId(other_id), Some("RS")).await.expect("coordinator");
        let page: Value = call_with(&other, &app.url("/api/organiser/registrations"), &[("slug", "belgrade"), ("page", "1"), ("filter[q]", "")]).await.json().await.expect("json");
        assert_eq!(page["total"], 1);
    }

    async fn the_access_log_records_exports_views_and_team_changes_for_admins_only(app) {
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let (_, groups) = forum_and_groups(app, "belgrade").await;
        let group = groups[0].0.to_string();
        let res = register(app, &app.new_client(), &form("belgrade", "Logged Person", "logged.person@example.org", &group)).await;
        assert_eq!(res.status(), 200);
        app.wait_for_mail("logged.person@example.org").await;
        let forum = app.store.forum_by_slug("belgrade").await.expect("store").expect("forum");
        let (rows, _) = app.store.list_registrations(forum.summary.id, &Default::default(), 10, 0).await.expect("list");
        let reg = rows[0].id.0.to_string();
        let csv = organiser.get(app.url("/organiser/forums/belgrade/registrations.csv?status=confirmed")).header("X-Forwarded-For", "203.0.113.9").send().await.expect("GET");
        assert_eq!(csv.status(), 200);
        let res = call_with(&organiser, &app.url("/api/organiser/registration"), &[("slug", "belgrade"), ("registration_id", &reg)]).await;
        assert_eq!(res.status(), 200);

        assert_eq!(call_with(&organiser, &app.url("/api/admin/access-log"), &[("page", "1")]).await.status(), 403);
        let admin = app.log_in_as(ADMIN_EMAIL).await;
        let (log, total): (Vec<Value>, i64) = call_with(&admin, &app.url("/api/admin/access-log"), &[("page", "1")]).await.json().await.expect("json");
        assert!(total >= 2);
        let export = log.iter().find(|e| e["action"] == "export").expect("an export line");
        assert_eq!(export["actor"], ORGANISER_EMAIL);
        assert_eq!(export["address"], "203.0.113.9");
        assert_eq!(export["forum_id"], forum.summary.id.0);
        assert!(export["detail"].as_str().expect("detail").contains("status=confirmed"));
        let view = log.iter().find(|e| e["action"] == "view_registration").expect("a view line");
        assert_eq!(view["registration_id"].to_string(), reg);
        // The log never holds the personal data it is about.
        let text = serde_json::to_string(&log).expect("json");
        assert!(!text.contains("logged.person") && !text.contains("Logged Person"));
        // Lines older than a year go with the retention job.
        let later = chrono::Utc::now() + chrono::Duration::days(366);
        let report = app::features::privacy::service::purge_expired(&app.state, later, false).await.expect("purge");
        assert!(report.log_lines_dropped >= 2);
    }

    async fn the_privacy_notice_is_versioned_and_registrations_name_their_version(app) {
        let forum = app.store.forum_by_slug("belgrade").await.expect("store").expect("forum");
        let series = forum.series_id.0;
        let page = app.get("/privacy").await;
        assert_eq!(page.status(), 200);
        assert!(page.text().await.expect("body").contains("Who we are"));
        let register_page = app.get("/forums/belgrade/register").await.text().await.expect("body");
        assert!(register_page.contains(&format!("href=\"/privacy/{series}/1\"")), "the form links the notice it asks for");

        // The series' lead publishes version 2, in English and Albanian (sanitised); a forum's
        // organiser may not.
        let sid = series.to_string();
        let plain = app.log_in_as(ORGANISER_EMAIL).await;
        let res = call_with(&plain, &app.url("/api/organiser/privacy/notice"), &[("series_id", &sid), ("texts[en]", "Not mine to change.")]).await;
        assert_eq!(res.status(), 403);
        let organiser = app.log_in_as(server::demo::LEAD_EMAIL).await;
        let res = call_with(&organiser, &app.url("/api/organiser/privacy/notice"), &[("series_id", &sid), ("texts[en]", "We keep **less** now. <script>alert(1)</script>"), ("texts[sq]", "Ne mbajmë **më pak** tani.")]).await;
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
        let res = call_with(&organiser, &app.url("/api/organiser/privacy/notice"), &[("series_id", &sid), ("texts[en]", "  ")]).await;
        assert_eq!(res.status(), 422, "an empty notice is refused");
        assert_eq!(call_with(&app.new_client(), &app.url("/api/organiser/privacy/notice"), &[("series_id", &sid), ("texts[en]", "x")]).await.status(), 401);
        let latest = app.get("/privacy").await.text().await.expect("body");
        assert!(latest.contains("<strong>less</strong>") && !latest.contains("<script>alert"), "{latest}");
        let albanian = app.new_client().get(app.url("/privacy?lang=sq")).send().await.expect("GET").text().await.expect("body");
        assert!(albanian.contains("më pak"));
        let macedonian = app.new_client().get(app.url("/privacy?lang=mk")).send().await.expect("GET").text().await.expect("body");
        assert!(macedonian.contains("We keep"), "falls back, marked");
        let old = app.get(&format!("/privacy/{series}/1")).await;
        assert_eq!(old.status(), 200, "old versions stay readable");
        assert!(old.text().await.expect("body").contains("Who we are"));
        assert_eq!(app.get(&format!("/privacy/{series}/9")).await.status(), 404);

        let (_, groups) = forum_and_groups(app, "belgrade").await;
        let group = groups[0].0.to_string();
        let res = register(app, &app.new_client(), &form("belgrade", "Versioned", "versioned@example.org", &group)).await;
        assert_eq!(res.status(), 200);
        let mail = app.wait_for_mail("versioned@example.org").await;
        let token = link_in(&mail).trim_start_matches("/r/").to_string();
        let data: Value = app.get(&format!("/r/{token}/data.json")).await.json().await.expect("json");
        assert_eq!(data["privacy_notice_version"], format!("{series}/2"));
    }

    async fn a_scanner_account_with_a_last_day_ends_by_itself(app) {
        let admin = app.log_in_as(ADMIN_EMAIL).await;
        let create = app.url("/api/accounts/create");
        let tomorrow = (chrono::Utc::now() + chrono::Duration::days(1)).format("%Y-%m-%d").to_string();
        let fields = |day: &'static str| vec![("email", "door@example.org"), ("display_name", "Door"), ("password", DEMO_PASSWORD), ("role", "scanner"), ("expires_on", day)];
        assert_eq!(call_with(&admin, &create, &fields("2020-01-01")).await.status(), 422, "a day past");
        assert_eq!(call_with(&admin, &create, &fields("soon")).await.status(), 422);
        let mut ok = fields("");
        ok[4].1 = &tomorrow;
        assert_eq!(call_with(&admin, &create, &ok).await.status(), 200);
        let door = app.log_in_as("door@example.org").await;
        assert_eq!(call_with(&door, &app.url("/api/checkin/forums"), &[]).await.status(), 200);
        // Its day is over: the live session and a new sign-in are both refused.
        let id = app.store.account_by_email("door@example.org").await.expect("store").expect("account").id;
        app.store.set_account_expiry(id, Some(chrono::Utc::now() - chrono::Duration::minutes(1))).await.expect("expiry");
        assert_eq!(call_with(&door, &app.url("/api/checkin/forums"), &[]).await.status(), 401);
        let res = call_with(&app.new_client(), &app.url("/api/login"), &[("email", "door@example.org"), ("password", DEMO_PASSWORD)]).await;
        assert!(res.status().is_client_error(), "{}", res.status());
        // The creation is in the access log.
        let (log, _) = app.store.access_log(50, 0).await.expect("log");
        assert!(log.iter().any(|e| e.action.as_str() == "role_change" && e.detail.contains("created as scanner, ends")), "{log:?}");
    }

    async fn the_series_lead_organiser_assigns_its_forums_teams(app) {
        let (lead, lead_id) = outsider(app, "lead@example.org").await;
        let (member, member_id) = outsider(app, "member@example.org").await;
        let forum = app.store.forum_by_slug("belgrade").await.expect("store").expect("forum");
        let series = forum.series_id.0.to_string();
        let (lead_s, member_s) = (lead_id.to_string(), member_id.to_string());
        let team = app.url("/api/organiser/privacy/team");
        let add: Vec<(&str, &str)> = vec![("slug", "belgrade"), ("account_id", &member_s), ("access", "read")];
        let reads = app.url("/api/organiser/registrations");
        let page = [("slug", "belgrade"), ("page", "1"), ("filter[q]", "")];
        assert_eq!(call_with(&lead, &team, &add).await.status(), 403, "not the lead yet");
        let set = app.url("/api/organiser/privacy/lead");
        let name_lead = [("series_id", series.as_str()), ("account_id", lead_s.as_str())];
        assert_eq!(call_with(&lead, &set, &name_lead).await.status(), 403, "only admins name the lead");
        let admin = app.log_in_as(ADMIN_EMAIL).await;
        let res = call_with(&admin, &set, &[("series_id", series.as_str()), ("account_id", "nobody")]).await;
        assert_eq!(res.status(), 422);
        let res = call_with(&admin, &set, &name_lead).await;
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
        let listed: Value = call_with(&admin, &app.url("/api/organiser/privacy/coordinators"), &[("series_id", &series)]).await.json().await.expect("json");
        assert_eq!(listed["lead"][0], lead_id);

        // The lead opens every forum of the series, and puts an organiser on a team.
        let list: Value = call_with(&lead, &app.url("/api/organiser/forums"), &[]).await.json().await.expect("json");
        let slugs: Vec<&str> = list.as_array().expect("list").iter().filter_map(|f| f["slug"].as_str()).collect();
        assert!(slugs.contains(&"belgrade") && slugs.len() > 1, "{slugs:?}");
        let privacy: Value = call_with(&lead, &app.url("/api/organiser/privacy"), &[("slug", "belgrade")]).await.json().await.expect("json");
        assert_eq!(privacy["can_change_team"], true);
        assert_eq!(call_with(&member, &reads, &page).await.status(), 403);
        let res = call_with(&lead, &team, &add).await;
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
        assert_eq!(call_with(&member, &reads, &page).await.status(), 200);
        // A member of a team is not a lead: they cannot change it.
        let promote = [("slug", "belgrade"), ("account_id", member_s.as_str()), ("access", "manage")];
        assert_eq!(call_with(&member, &team, &promote).await.status(), 403);

        // No longer the lead: refused again, and both changes are in the access log.
        let res = call_with(&admin, &set, &[("series_id", series.as_str()), ("account_id", "")]).await;
        assert_eq!(res.status(), 200);
        assert_eq!(call_with(&lead, &team, &promote).await.status(), 403);
        assert_eq!(call_with(&lead, &reads, &page).await.status(), 403);
        let (log, _) = app.store.access_log(50, 0).await.expect("log");
        assert!(log.iter().any(|e| e.detail == format!("series {series} lead account {lead_id}")), "{log:?}");
        assert!(log.iter().any(|e| e.detail == format!("series {series} lead account -")));
        assert!(log.iter().any(|e| e.actor == "lead@example.org" && e.detail == format!("account {member_id} read")));
    }
}

/// The hourly job's housekeeping: rate-limit uses past their window, expired sign-in sessions and
/// the outbox's `.eml` files past the mail window go; mail undelivered for a week is given up,
/// scrubbed, no longer retried and shown to the forum's organisers.
mod prune {
    use super::*;
    use crate::helpers::{spawn_app, spawn_app_with, Db, SmtpListener};
    use app::features::privacy::service::housekeeping as run_housekeeping;

    async fn housekeeping(db: Db) {
        let app = spawn_app(db).await;
        let (_, groups) = forum_and_groups(&app, "belgrade").await;
        let group = groups[0].0.to_string();
        let res = register(
            &app,
            &app.new_client(),
            &form("belgrade", "Prune Person", "prune@example.org", &group),
        )
        .await;
        assert_eq!(res.status(), 200);
        app.wait_for_mail("prune@example.org").await;
        let outbox = app.data_dir.join("outbox");
        let eml = || std::fs::read_dir(&outbox).map(|d| d.count()).unwrap_or(0);
        assert!(eml() > 0, "the file transport wrote the mail");
        assert!(app
            .store
            .rate_check("prune-test", 3600, 10)
            .await
            .expect("store")
            .is_none());
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let me_url = app.url("/api/me");
        let me = |client: reqwest::Client| {
            let url = me_url.clone();
            async move {
                call_with(&client, &url, &[])
                    .await
                    .json::<Value>()
                    .await
                    .expect("json")
            }
        };
        assert_eq!(me(organiser.clone()).await["email"], ORGANISER_EMAIL);

        // Now: nothing of that is due yet.
        let report = run_housekeeping(&app.state, chrono::Utc::now())
            .await
            .expect("purge");
        assert_eq!(
            (
                report.rate_events_dropped,
                report.sessions_dropped,
                report.outbox_files_dropped
            ),
            (0, 0, 0)
        );
        // Fifteen days on: the events, the expired sessions and the files go.
        let later = chrono::Utc::now() + chrono::Duration::days(15);
        let report = run_housekeeping(&app.state, later).await.expect("purge");
        assert!(report.rate_events_dropped >= 1, "{report:?}");
        assert!(report.sessions_dropped >= 1, "{report:?}");
        assert!(report.outbox_files_dropped >= 1, "{report:?}");
        assert_eq!(eml(), 0, "no .eml file left");
        assert_eq!(
            me(organiser).await,
            Value::Null,
            "the expired session is gone"
        );
        app.cleanup().await;
    }

    async fn undelivered_mail_is_given_up(db: Db) {
        // An SMTP server that is not there: every delivery fails and is retried.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .expect("bind")
            .local_addr()
            .expect("addr")
            .port();
        let app = spawn_app_with(db, Some(SmtpListener::settings(port))).await;
        let (_, groups) = forum_and_groups(&app, "belgrade").await;
        let group = groups[0].0.to_string();
        let res = register(
            &app,
            &app.new_client(),
            &form(
                "belgrade",
                "Unreached Person",
                "unreached@example.org",
                &group,
            ),
        )
        .await;
        assert_eq!(res.status(), 200);
        let forum = app
            .store
            .forum_by_slug("belgrade")
            .await
            .expect("store")
            .expect("forum")
            .summary
            .id;
        assert!(app
            .store
            .failed_mail(forum)
            .await
            .expect("store")
            .is_empty());
        let report = run_housekeeping(&app.state, chrono::Utc::now() + chrono::Duration::days(8))
            .await
            .expect("purge");
        assert!(report.emails_given_up >= 1, "{report:?}");
        assert!(
            traces(&app, "unreached@example.org")
                .await
                .iter()
                .all(|(table, _)| table != "outbox"),
            "the given-up mail is scrubbed"
        );
        let failed = app.store.failed_mail(forum).await.expect("store");
        assert_eq!(failed.len(), 1, "{failed:?}");
        assert!(
            !failed[0].1.is_empty(),
            "its subject stays for the organisers"
        );
        // The organisers see it on the forum's privacy page.
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let page: Value = call_with(
            &organiser,
            &app.url("/api/organiser/privacy"),
            &[("slug", "belgrade")],
        )
        .await
        .json()
        .await
        .expect("json");
        assert_eq!(
            page["failed_mail"].as_array().expect("list").len(),
            1,
            "{page}"
        );
        // Given up twice is once.
        let again = run_housekeeping(&app.state, chrono::Utc::now() + chrono::Duration::days(8))
            .await
            .expect("purge");
        assert_eq!(again.emails_given_up, 0);
        app.cleanup().await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn housekeeping_on_sqlite() {
        housekeeping(Db::Sqlite).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn housekeeping_on_postgres() {
        housekeeping(Db::Postgres).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn undelivered_mail_is_given_up_on_sqlite() {
        undelivered_mail_is_given_up(Db::Sqlite).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn undelivered_mail_is_given_up_on_postgres() {
        undelivered_mail_is_given_up(Db::Postgres).await;
    }
}
