use crate::both_databases;
use crate::helpers::{call_with, TestApp};
use app::features::forums::types::{ForumId, StakeholderGroupId};

async fn forum_and_groups(app: &TestApp, slug: &str) -> (ForumId, Vec<StakeholderGroupId>) {
    let forum = app
        .store
        .forum_by_slug(slug)
        .await
        .expect("store")
        .expect("forum");
    let groups = app
        .store
        .stakeholder_groups(forum.series_id)
        .await
        .expect("groups")
        .into_iter()
        .map(|g| g.id)
        .collect();
    (forum.summary.id, groups)
}

fn form<'a>(
    slug: &'a str,
    name: &'a str,
    email: &'a str,
    group: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("slug", slug),
        ("form[full_name]", name),
        ("form[email]", email),
        ("form[organisation]", "Civic Initiatives"),
        ("form[position]", "Coordinator"),
        ("form[country]", "RS"),
        ("form[group_id]", group),
        ("form[age_band]", "18-29"),
        ("form[privacy]", "on"),
    ]
}

async fn register(
    app: &TestApp,
    client: &reqwest::Client,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    call_with(client, &app.url("/api/register"), fields).await
}

/// The manage link in an email.
fn link_in(mail: &str) -> String {
    let start = mail.find("/r/").expect("a manage link");
    mail[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || "/_-".contains(*c))
        .collect()
}

both_databases! {
    async fn a_participant_registers_receives_the_link_and_cancels(app) {
        let (_, groups) = forum_and_groups(app, "belgrade").await;
        let group = groups[0].0.to_string();
        let page = app.get("/forums/belgrade/register").await;
        assert_eq!(page.status(), 200);
        assert!(page.text().await.expect("body").contains("form[full_name]"));

        let res = register(app, &app.client, &form("belgrade", "Ana Petrovic", "Ana.Petrovic@example.org", &group)).await;
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
        let mail = app.wait_for_mail("Your seat at National Forum Serbia is confirmed").await;
        assert!(mail.contains("To: ana.petrovic@example.org"), "{mail}");
        let link = link_in(&mail);
        assert!(link.len() > 40, "the token carries at least 128 bits: {link}");
        let page = app.get(&link).await;
        assert_eq!(page.status(), 200);
        let page = page.text().await.expect("body");
        assert!(page.contains("Seat confirmed") && page.contains("Ana Petrovic"));

        // The same address again: no second seat, the same answer, the link sent again.
        let res = register(app, &app.new_client(), &form("belgrade", "Someone Else", "ana.petrovic@example.org", &group)).await;
        assert_eq!(res.status(), 200);
        let again = app.wait_for_mail("already registered").await;
        assert_eq!(link_in(&again), link, "the same link, sent again");

        // Bad input: every field named, nothing written.
        let res = register(app, &app.client, &[("slug", "belgrade"), ("form[full_name]", ""), ("form[email]", "nope"),
            ("form[organisation]", ""), ("form[position]", ""), ("form[country]", "DE"), ("form[group_id]", "999999")]).await;
        assert_eq!(res.status(), 422);
        let body: serde_json::Value = res.json().await.expect("json");
        let fields: Vec<&str> = body["Invalid"].as_array().expect("errors").iter().filter_map(|e| e["field"].as_str()).collect();
        assert_eq!(fields, vec!["full_name", "email", "organisation", "country", "group_id", "privacy"]);
        let huge = "x".repeat(2 << 20);
        let res = register(app, &app.client, &form("belgrade", &huge, "big@example.org", &group)).await;
        assert_eq!(res.status(), 413);
        assert_eq!(register(app, &app.client, &form("regional-follow-up", "A", "a@example.org", &group)).await.status(), 404, "drafts take no registrations");
        assert_eq!(register(app, &app.client, &form("tirana", "A", "a@example.org", &group)).await.status(), 409, "past forums are closed");

        // Cancelling from the link.
        let token = link.trim_start_matches("/r/").to_string();
        let res = call_with(&app.client, &app.url("/api/registration/cancel"), &[("token", &token)]).await;
        assert_eq!(res.status(), 200);
        app.wait_for_mail("Your registration for National Forum Serbia is cancelled").await;
        assert!(app.get(&link).await.text().await.expect("body").contains(">Cancelled<"));
        assert_eq!(app.get("/r/not-a-real-token").await.status(), 404);
    }

    async fn a_freed_seat_goes_to_the_oldest_waiting_registration_of_a_group_that_may_take_it(app) {
        let (forum, groups) = forum_and_groups(app, "belgrade").await;
        // Youth may take one seat only.
        app.store.set_group_quota(forum, groups[3], 1, Some(1)).await.expect("quota");
        let youth = groups[3].0.to_string();
        for (name, email) in [("First Youth", "first@example.org"), ("Second Youth", "second@example.org")] {
            assert_eq!(register(app, &app.new_client(), &form("belgrade", name, email, &youth)).await.status(), 200);
        }
        let first = app.wait_for_mail("Your seat at National Forum Serbia is confirmed").await;
        assert!(first.contains("first@example.org"));
        let second = app.wait_for_mail("You are on the waiting list for National Forum Serbia").await;
        assert!(second.contains("second@example.org"));
        let token = link_in(&first).trim_start_matches("/r/").to_string();
        assert_eq!(call_with(&app.client, &app.url("/api/registration/cancel"), &[("token", &token)]).await.status(), 200);
        let promoted = app.wait_for_mail("A seat at National Forum Serbia is now yours").await;
        assert!(promoted.contains("second@example.org"));
        let counts = app.store.confirmed_counts(forum).await.expect("counts");
        assert_eq!(counts.get(&groups[3].0), Some(&1));
    }

    async fn two_hundred_racers_for_the_last_ten_seats_of_a_group_get_exactly_ten(app) {
        let (forum, groups) = forum_and_groups(app, "belgrade").await;
        let media = groups[5];
        app.store.set_group_quota(forum, media, 10, Some(10)).await.expect("quota");
        let group = media.0.to_string();
        // With PostgreSQL, half the racers go through a second server on the same database.
        let second = if app.database_url.starts_with("postgres") { Some(app.second_server().await) } else { None };
        let mut racers = Vec::new();
        for i in 0..200 {
            let base = match (&second, i % 2) {
                (Some(other), 1) => other.clone(),
                _ => app.address.clone(),
            };
            let client = app.new_client();
            let group = group.clone();
            racers.push(tokio::spawn(async move {
                let email = format!("racer{i}@example.org");
                let name = format!("Racer {i}");
                let fields = form("belgrade", &name, &email, &group);
                client
                    .post(format!("{base}/api/register"))
                    .header("Accept", "application/json")
                    .header("Origin", base.clone())
                    .form(&fields)
                    .send()
                    .await
                    .map(|r| r.status().as_u16())
            }));
        }
        let mut codes = Vec::new();
        for racer in racers {
            codes.push(racer.await.expect("task").expect("response"));
        }
        assert!(codes.iter().all(|c| *c == 200), "every racer answered 200: {codes:?}");
        let counts = app.store.confirmed_counts(forum).await.expect("counts");
        assert_eq!(counts.get(&media.0), Some(&10), "exactly ten seats taken");
        let confirmed_mails = {
            app.wait_for_mail("racer").await;
            // All 200 emails arrive (10 confirmations, 190 waiting-list notices).
            let mut n = 0;
            for _ in 0..300 {
                n = app.delivered().iter().filter(|m| m.contains("racer")).count();
                if n >= 200 { break; }
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            assert_eq!(n, 200, "one email per racer");
            app.delivered().iter().filter(|m| m.contains("racer") && m.contains("is confirmed")).count()
        };
        assert_eq!(confirmed_mails, 10);
    }
}
