use crate::both_databases;
use crate::helpers::{call_with, TestApp};
use app::features::forums::types::{ForumId, StakeholderGroupId};

pub(crate) async fn forum_and_groups(
    app: &TestApp,
    slug: &str,
) -> (ForumId, Vec<StakeholderGroupId>) {
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

pub(crate) fn form<'a>(
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

pub(crate) async fn register(
    app: &TestApp,
    client: &reqwest::Client,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    call_with(client, &app.url("/api/register"), fields).await
}

/// The confirmed seats the database keeps per group (what seat decisions read) are the
/// registrations' own count.
pub(crate) async fn counters_kept(app: &TestApp, forum: ForumId) {
    let kept = app.store.kept_confirmed_counts(forum).await.expect("kept");
    let counted = app.store.confirmed_counts(forum).await.expect("counted");
    assert_eq!(kept, counted, "the kept counts follow the registrations");
}

/// The manage link in an email.
pub(crate) fn link_in(mail: &str) -> String {
    let start = mail.find("/r/").expect("a manage link");
    mail[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || "/_-".contains(*c))
        .collect()
}

/// Sends `count` registrations at once, the `i`th as `who(i)` gives (name, email), all in
/// `group` of Belgrade; with PostgreSQL every second one goes through a second server on the
/// same database. Answers the status codes.
async fn race(
    app: &TestApp,
    count: usize,
    group: &str,
    who: fn(usize) -> (String, String),
) -> Vec<u16> {
    let second = if app.database_url.starts_with("postgres") {
        Some(app.second_server().await)
    } else {
        None
    };
    let mut racers = Vec::new();
    for i in 0..count {
        let base = match (&second, i % 2) {
            (Some(other), 1) => other.clone(),
            _ => app.address.clone(),
        };
        let client = app.new_client();
        let group = group.to_string();
        racers.push(tokio::spawn(async move {
            let (name, email) = who(i);
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
    codes
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
        // Over the 1 MB body limit: refused with 413 before the body is read. The server may answer
        // while the client is still sending, so a client can also see the connection close.
        let huge = "x".repeat(2 << 20);
        let fields = form("belgrade", &huge, "big@example.org", &group);
        // A client of its own: the connection it may see closed must not be reused by the next request.
        match app.new_client().post(app.url("/api/register")).header("Accept", "application/json").form(&fields).send().await {
            Ok(res) => assert_eq!(res.status(), 413),
            Err(e) => assert!(e.is_request(), "{e}"),
        }
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
        counters_kept(app, forum).await;
    }

    async fn two_hundred_racers_for_the_last_ten_seats_of_a_group_get_exactly_ten(app) {
        let (forum, groups) = forum_and_groups(app, "belgrade").await;
        let media = groups[5];
        app.store.set_group_quota(forum, media, 10, Some(10)).await.expect("quota");
        let group = media.0.to_string();
        // With PostgreSQL, half the racers go through a second server on the same database.
        let codes = race(app, 200, &group, |i| (format!("Racer {i}"), format!("racer{i}@example.org"))).await;
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
        counters_kept(app, forum).await;
    }

    async fn one_address_racing_itself_gets_one_seat_and_its_link_a_few_times(app) {
        let (forum, groups) = forum_and_groups(app, "belgrade").await;
        let group = groups[0].0.to_string();
        let before = app.store.confirmed_counts(forum).await.expect("counts");
        let codes = race(app, 30, &group, |_| ("Twin Hoxha".into(), "twin@example.org".into())).await;
        assert!(codes.iter().all(|c| *c == 200), "every attempt answered 200: {codes:?}");
        let after = app.store.confirmed_counts(forum).await.expect("counts");
        let taken = |c: &std::collections::BTreeMap<i64, u32>| c.get(&groups[0].0).copied().unwrap_or(0);
        assert_eq!(taken(&after), taken(&before) + 1, "one seat for one address");
        for _ in 0..150 {
            if app.delivered().iter().filter(|m| m.contains("twin@example.org")).count() >= 4 { break; }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        // Whatever else was queued would be delivered within a second.
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        let mails: Vec<String> = app.delivered().into_iter().filter(|m| m.contains("twin@example.org")).collect();
        // The link goes out again a few times an hour at most, however often the form is sent.
        let again = app::features::registration::api::LOST_LINK_MAX as usize;
        assert_eq!(mails.len(), 1 + again, "one confirmation and a few reminders");
        assert_eq!(mails.iter().filter(|m| m.contains("already registered")).count(), again);
        assert_eq!(app.store.registrations_by_email("twin@example.org").await.expect("store").len(), 1);
    }
}

both_databases! {
    async fn organisers_balance_filter_export_and_cancel(app) {
        let organiser = app.log_in_as(crate::helpers::ORGANISER_EMAIL).await;
        let (forum, groups) = forum_and_groups(app, "belgrade").await;
        let quota = app.url("/api/registrations/quota");
        let youth = groups[3].0.to_string();
        // Reserved seats beyond the capacity are refused; a valid quota is stored.
        let res = call_with(&organiser, &quota, &[("slug", "belgrade"), ("group_id", &youth), ("reserved", "100000"), ("cap", "")]).await;
        assert_eq!(res.status(), 422);
        let res = call_with(&organiser, &quota, &[("slug", "belgrade"), ("group_id", &youth), ("reserved", "5"), ("cap", "4")]).await;
        assert_eq!(res.status(), 422, "a cap below the reserved seats");
        let res = call_with(&organiser, &quota, &[("slug", "belgrade"), ("group_id", &youth), ("reserved", "5"), ("cap", "8")]).await;
        assert_eq!(res.status(), 200);
        assert_eq!(app.store.group_quotas(forum).await.expect("quotas"), vec![(groups[3].0, 5, Some(8))]);

        let people = [
            ("Ana Kovač", "ana@example.org", "=HYPERLINK(\"http://evil\")", 3usize),
            ("Bekim Berisha", "bekim@example.org", "Kosovar Civil Society Foundation", 0),
            ("Jelena Marković", "jelena@example.org", "Građanske inicijative", 0),
        ];
        for (name, email, org, g) in people {
            let group = groups[g].0.to_string();
            let mut fields = form("belgrade", name, email, &group);
            fields.retain(|(k, _)| *k != "form[organisation]");
            fields.push(("form[organisation]", org));
            assert_eq!(register(app, &app.new_client(), &fields).await.status(), 200);
        }
        let list = |filter: Vec<(&'static str, &'static str)>| {
            let organiser = organiser.clone();
            let url = app.url("/api/organiser/registrations");
            async move {
                let mut fields = vec![("slug", "belgrade"), ("page", "1")];
                for (k, v) in filter {
                    fields.push((k, v));
                }
                let res = call_with(&organiser, &url, &fields).await;
                assert_eq!(res.status(), 200);
                res.json::<serde_json::Value>().await.expect("json")
            }
        };
        let all = list(vec![("filter[q]", ""), ("filter[status]", ""), ("filter[group]", ""), ("filter[country]", ""), ("filter[sort]", "name")]).await;
        assert_eq!(all["total"], 3);
        let names: Vec<&str> = all["rows"].as_array().expect("rows").iter().filter_map(|r| r["full_name"].as_str()).collect();
        assert_eq!(names, vec!["Ana Kovač", "Bekim Berisha", "Jelena Marković"]);
        let youth_line = all["balance"].as_array().expect("balance").iter().find(|b| b["group_id"] == groups[3].0).expect("youth").clone();
        assert_eq!((youth_line["reserved"].as_i64(), youth_line["cap"].as_i64(), youth_line["confirmed"].as_i64()), (Some(5), Some(8), Some(1)));
        let found = list(vec![("filter[q]", "KOSOVAR"), ("filter[status]", ""), ("filter[group]", ""), ("filter[country]", ""), ("filter[sort]", "")]).await;
        assert_eq!(found["total"], 1);
        assert_eq!(found["rows"][0]["email"], "bekim@example.org");

        // CSV: UTF-8 with a BOM, formulas neutralised, the filter applied.
        let res = organiser.get(app.url("/organiser/forums/belgrade/registrations.csv?sort=name")).send().await.expect("GET");
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
        let bytes = res.bytes().await.expect("body");
        assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "a byte-order mark for Excel");
        let csv = String::from_utf8(bytes[3..].to_vec()).expect("utf-8");
        assert_eq!(csv.lines().count(), 4);
        assert!(csv.contains("\"'=HYPERLINK(\"\"http://evil\"\")\""), "{csv}");
        assert!(csv.contains("Jelena Marković") && csv.contains("Građanske inicijative"));
        let one = organiser.get(app.url("/organiser/forums/belgrade/registrations.csv?q=ana")).send().await.expect("GET").text().await.expect("body");
        assert_eq!(one.lines().count(), 2, "{one}");
        assert_eq!(app.new_client().get(app.url("/organiser/forums/belgrade/registrations.csv")).send().await.expect("GET").status(), 401);
        let scanner = app.log_in_as(crate::helpers::SCANNER_EMAIL).await;
        assert_eq!(scanner.get(app.url("/organiser/forums/belgrade/registrations.csv")).send().await.expect("GET").status(), 403);

        // An organiser cancels for a participant; the participant is told.
        let id = all["rows"][1]["id"].to_string();
        let res = call_with(&organiser, &app.url("/api/registrations/cancel"), &[("slug", "belgrade"), ("registration_id", &id)]).await;
        assert_eq!(res.status(), 200);
        app.wait_for_mail("Your registration for National Forum Serbia is cancelled").await;
        let after = list(vec![("filter[q]", ""), ("filter[status]", "cancelled"), ("filter[group]", ""), ("filter[country]", ""), ("filter[sort]", "")]).await;
        assert_eq!(after["total"], 1);
        assert_eq!(after["rows"][0]["full_name"], "Bekim Berisha");
    }
}

both_databases! {
    async fn the_demo_registrations_follow_the_seat_rules_and_send_no_email(app) {
        let (forum, _) = forum_and_groups(app, "regional-forum").await;
        let series = app.store.forum_by_slug("regional-forum").await.expect("store").expect("forum").series_id;
        let groups = app.store.stakeholder_groups(series).await.expect("groups");
        server::demo_registrations::seed(app.store.as_ref(), forum, &groups, 260, 20, 45, "t").await.expect("seed");
        let counts = app.store.status_counts(forum).await.expect("counts");
        let confirmed: i64 = counts.iter().filter(|(_, s, _)| s == "confirmed").map(|(_, _, n)| n).sum();
        let waiting: i64 = counts.iter().filter(|(_, s, _)| s == "waiting").map(|(_, _, n)| n).sum();
        let pending: i64 = counts.iter().filter(|(_, s, _)| s == "pending").map(|(_, _, n)| n).sum();
        assert_eq!(confirmed + waiting + pending, 260);
        assert!(confirmed <= 250 && waiting > 0 && pending > 0, "{counts:?}");
        assert!(counts.iter().filter(|(_, s, _)| s == "confirmed").all(|(_, _, n)| *n <= 45), "caps hold: {counts:?}");
        tokio::time::sleep(std::time::Duration::from_millis(800)).await;
        assert!(app.delivered().is_empty(), "demo people get no email");
    }
}

mod over_smtp {
    use super::*;
    use crate::helpers::{spawn_app_with, Db, SmtpListener};

    async fn delivered_over_smtp(db: Db) {
        let smtp = SmtpListener::start().await;
        let app = spawn_app_with(db, Some(SmtpListener::settings(smtp.port))).await;
        let (_, groups) = forum_and_groups(&app, "belgrade").await;
        let group = groups[1].0.to_string();
        assert_eq!(
            register(
                &app,
                &app.client,
                &form("belgrade", "Dea Gashi", "dea@example.org", &group)
            )
            .await
            .status(),
            200
        );
        let mail = smtp
            .wait_for("Subject: Your seat at National Forum Serbia is confirmed")
            .await;
        assert!(mail.contains("To: dea@example.org"), "{mail}");
        let link = link_in(&mail);
        assert_eq!(
            app.get(&link).await.status(),
            200,
            "the emailed link opens the registration"
        );
        app.cleanup().await;
    }

    async fn an_smtp_outage_loses_nothing(db: Db) {
        // Nothing listens on this port: every delivery fails.
        let closed = std::net::TcpListener::bind("127.0.0.1:0")
            .expect("bind")
            .local_addr()
            .expect("addr")
            .port();
        let app = spawn_app_with(db, Some(SmtpListener::settings(closed))).await;
        let (forum, groups) = forum_and_groups(&app, "belgrade").await;
        let group = groups[1].0.to_string();
        assert_eq!(
            register(
                &app,
                &app.client,
                &form("belgrade", "Dea Gashi", "dea@example.org", &group)
            )
            .await
            .status(),
            200,
            "registering does not wait for mail"
        );
        assert_eq!(
            app.store
                .confirmed_counts(forum)
                .await
                .expect("counts")
                .get(&groups[1].0),
            Some(&1)
        );
        // The worker tried, failed and scheduled a retry; the message is still queued.
        tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
        let later = chrono::Utc::now() + chrono::Duration::hours(2);
        let queued = app.store.claim_mail(later, 1, 10).await.expect("claim");
        assert_eq!(queued.len(), 1, "the email waits in the outbox");
        assert!(queued[0].attempts >= 1 && queued[0].recipient == "dea@example.org");
        app.cleanup().await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_confirmation_arrives_over_smtp_on_sqlite() {
        delivered_over_smtp(Db::Sqlite).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_confirmation_arrives_over_smtp_on_postgres() {
        delivered_over_smtp(Db::Postgres).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_smtp_outage_loses_nothing_on_sqlite() {
        an_smtp_outage_loses_nothing(Db::Sqlite).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_smtp_outage_loses_nothing_on_postgres() {
        an_smtp_outage_loses_nothing(Db::Postgres).await;
    }
}

both_databases! {
    async fn registration_opens_and_closes_at_the_times_the_organiser_sets(app) {
        let organiser = app.log_in_as(crate::helpers::ORGANISER_EMAIL).await;
        let (_, groups) = forum_and_groups(app, "belgrade").await;
        let group = groups[0].0.to_string();
        let settings = app.url("/api/registrations/settings");
        let res = call_with(&organiser, &settings, &[("slug", "belgrade"), ("mode", "open"), ("waiting_list", "on"), ("release_at", ""),
            ("opens_at", "2099-05-02T10:00"), ("closes_at", "2099-05-01T10:00")]).await;
        assert_eq!(res.status(), 422, "closing before opening");
        let res = call_with(&organiser, &settings, &[("slug", "belgrade"), ("mode", "open"), ("waiting_list", "on"), ("release_at", ""),
            ("opens_at", "2099-05-01T10:00"), ("closes_at", "")]).await;
        assert_eq!(res.status(), 200);
        let page = app.get("/forums/belgrade/register").await.text().await.expect("body");
        assert!(page.contains("Registration opens on") && !page.contains("form[full_name]"), "the page says when");
        let res = register(app, &app.client, &form("belgrade", "Early Bird", "early@example.org", &group)).await;
        assert_eq!(res.status(), 409);
        let res = call_with(&organiser, &settings, &[("slug", "belgrade"), ("mode", "open"), ("waiting_list", "on"), ("release_at", ""),
            ("opens_at", ""), ("closes_at", "2020-01-01T10:00")]).await;
        assert_eq!(res.status(), 200);
        assert!(app.get("/forums/belgrade/register").await.text().await.expect("body").contains("Registration for this forum is closed."));
        assert_eq!(register(app, &app.client, &form("belgrade", "Late", "late@example.org", &group)).await.status(), 409);
        let res = call_with(&organiser, &settings, &[("slug", "belgrade"), ("mode", "open"), ("waiting_list", "on"), ("release_at", ""),
            ("opens_at", ""), ("closes_at", "")]).await;
        assert_eq!(res.status(), 200);
        assert_eq!(register(app, &app.client, &form("belgrade", "On Time", "ontime@example.org", &group)).await.status(), 200);
    }
}
