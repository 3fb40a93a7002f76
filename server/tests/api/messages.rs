//! Messages to registrants: the audience a filter names is exactly the one an independent filter
//! written here names (over random filters), each participant gets the message once in their
//! language with their own link, a scheduled message goes once with two servers looking, and bad
//! input is refused with a reason and writes nothing.

use crate::both_databases;
use crate::helpers::{call_with, TestApp, ORGANISER_EMAIL};
use crate::registration::{form, forum_and_groups, link_in, register};
use serde_json::Value;
use std::collections::BTreeSet;

/// Runs statements on the test's database (setting up states the filter must tell apart).
pub(crate) async fn exec(app: &TestApp, statements: &[String]) {
    if app.database_url.starts_with("postgres") {
        let pool = sqlx::PgPool::connect(&app.database_url).await.expect("pg");
        for s in statements {
            sqlx::query(s).execute(&pool).await.expect(s);
        }
        pool.close().await;
    } else {
        let pool = sqlx::SqlitePool::connect(&app.database_url)
            .await
            .expect("sqlite");
        for s in statements {
            sqlx::query(s).execute(&pool).await.expect(s);
        }
        pool.close().await;
    }
}

/// One registration as this test made it.
#[derive(Debug, Clone)]
struct Person {
    name: String,
    status: &'static str,
    group: i64,
    country: &'static str,
    locale: &'static str,
    entered: bool,
    contact: bool,
}

/// A filter as this test writes it, independently of the app's.
#[derive(Debug, Clone)]
struct Filter {
    statuses: Vec<&'static str>,
    groups: Vec<i64>,
    countries: Vec<&'static str>,
    locales: Vec<&'static str>,
    entered: Option<bool>,
    logistics: bool,
}

impl Filter {
    fn names(&self, people: &[Person]) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for p in people {
            let mut ok = self.statuses.contains(&p.status);
            if !self.groups.is_empty() {
                ok &= self.groups.contains(&p.group);
            }
            if !self.countries.is_empty() {
                ok &= self.countries.contains(&p.country);
            }
            if !self.locales.is_empty() {
                ok &= self.locales.contains(&p.locale);
            }
            if let Some(entered) = self.entered {
                ok &= p.entered == entered;
            }
            if !self.logistics {
                ok &= p.contact;
            }
            if ok {
                out.insert(p.name.clone());
            }
        }
        out
    }

    fn form(&self, slug: &str) -> Vec<(String, String)> {
        let mut f = vec![
            ("slug".to_string(), slug.to_string()),
            ("message_id".into(), String::new()),
            ("form[fallback_locale]".into(), "en".into()),
            (
                "form[subject][en]".into(),
                "Venue change for {forum}".into(),
            ),
            (
                "form[body][en]".into(),
                "Dear {name}, we meet at the new venue.".into(),
            ),
        ];
        for s in &self.statuses {
            f.push((format!("form[statuses][{s}]"), "on".into()));
        }
        for g in &self.groups {
            f.push((format!("form[groups][g{g}]"), "on".into()));
        }
        for c in &self.countries {
            f.push((format!("form[countries][{c}]"), "on".into()));
        }
        for l in &self.locales {
            f.push((format!("form[locales][{l}]"), "on".into()));
        }
        if let Some(entered) = self.entered {
            let way = if entered { "in" } else { "out" };
            f.push(("form[attendance]".into(), format!("{way}:entry")));
        }
        if self.logistics {
            f.push(("form[logistics]".into(), "on".into()));
        }
        f
    }
}

/// A small deterministic generator (xorshift), so a failure can be replayed.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn coin(&mut self) -> bool {
        self.next().is_multiple_of(2)
    }
    fn some<T: Clone>(&mut self, items: &[T]) -> Vec<T> {
        items
            .iter()
            .filter(|_| self.next().is_multiple_of(3))
            .cloned()
            .collect()
    }
}

const STATUSES: [&str; 4] = ["confirmed", "waiting", "pending", "cancelled"];
const COUNTRIES: [&str; 3] = ["AL", "MK", "RS"];
const LOCALES: [&str; 3] = ["en", "sq", "mk"];

/// Twenty-four Belgrade registrations spread over statuses, groups, countries, languages,
/// the entry list and contact consent.
async fn people(app: &TestApp) -> Vec<Person> {
    let (forum, groups) = forum_and_groups(app, "belgrade").await;
    let mut made = Vec::new();
    let mut sql = Vec::new();
    for i in 0..24usize {
        let group = groups[i % groups.len()].0;
        let (name, email) = (format!("Person {i:02}"), format!("person{i}@example.org"));
        let country = COUNTRIES[i % 3];
        let locale = LOCALES[(i / 3) % 3];
        let group_text = group.to_string();
        let mut fields = form("belgrade", &name, &email, &group_text);
        for f in fields.iter_mut() {
            if f.0 == "form[country]" {
                f.1 = country;
            }
        }
        let url = app.url(&format!("/api/register?lang={locale}"));
        let res = call_with(&app.new_client(), &url, &fields).await;
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
        let id = app
            .store
            .registrations_by_email(&email)
            .await
            .expect("store")[0]
            .id
            .0;
        let status = STATUSES[(i / 2) % 4];
        let (entered, contact) = (i % 5 < 2, i % 4 != 1);
        if status != "confirmed" {
            sql.push(format!(
                "UPDATE registrations SET status = '{status}' WHERE id = {id}"
            ));
        }
        if entered {
            sql.push(format!(
                "INSERT INTO checkins (forum_id, list_key, registration_id, nonce, scanner_key, scanner_name, manual, created_at) \
                 VALUES ({}, 'entry', {id}, 'n-{id}', 'test', 'Test', {}, '2026-12-01T09:00:00Z')",
                forum.0,
                if app.database_url.starts_with("postgres") { "FALSE" } else { "0" }
            ));
        }
        if contact {
            sql.push(format!(
                "INSERT INTO consents (registration_id, kind, given_at) VALUES ({id}, 'contact', '2026-12-01T09:00:00Z')"
            ));
        }
        made.push(Person {
            name,
            status,
            group,
            country,
            locale,
            entered,
            contact,
        });
    }
    exec(app, &sql).await;
    made
}

/// Saves a draft with `fields` and answers (status, the new message's id).
async fn save(
    app: &TestApp,
    client: &reqwest::Client,
    fields: &[(String, String)],
) -> (u16, Option<i64>, String) {
    let forum = forum_and_groups(app, "belgrade").await.0;
    let before = app
        .store
        .messages(forum)
        .await
        .expect("messages")
        .first()
        .map(|m| m.id);
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let res = call_with(client, &app.url("/api/messages/save"), &pairs).await;
    let status = res.status().as_u16();
    let body = res.text().await.unwrap_or_default();
    let after = app
        .store
        .messages(forum)
        .await
        .expect("messages")
        .first()
        .map(|m| m.id);
    (status, after.filter(|a| Some(*a) != before), body)
}

async fn page(app: &TestApp, client: &reqwest::Client, id: i64) -> Value {
    let res = call_with(
        client,
        &app.url("/api/organiser/message"),
        &[("slug", "belgrade"), ("message_id", &id.to_string())],
    )
    .await;
    assert_eq!(res.status(), 200);
    res.json().await.expect("json")
}

fn recipients(page: &Value) -> BTreeSet<String> {
    page["recipients"]
        .as_array()
        .expect("recipients")
        .iter()
        .filter_map(|r| r["full_name"].as_str().map(str::to_string))
        .collect()
}

/// One delivered email, parsed.
#[derive(Debug, Clone)]
pub(crate) struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub png: bool,
    pub calendar: bool,
}

pub(crate) fn parts(part: &mailparse::ParsedMail, m: &mut Mail) {
    if part.subparts.is_empty() {
        if part.ctype.mimetype == "text/plain" {
            m.text.push_str(&part.get_body().unwrap_or_default());
        }
        m.png |= part.ctype.mimetype == "image/png";
        m.calendar |= part.ctype.mimetype == "text/calendar";
    }
    for sub in &part.subparts {
        parts(sub, m);
    }
}

/// Delivered emails whose subject contains `needle`.
pub(crate) fn delivered_to(app: &TestApp, needle: &str) -> Vec<Mail> {
    let mut files: Vec<_> = std::fs::read_dir(app.data_dir.join("outbox"))
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    files
        .into_iter()
        .filter_map(|p| std::fs::read(p).ok())
        .filter_map(|raw| {
            use mailparse::MailHeaderMap;
            let parsed = mailparse::parse_mail(&raw).ok()?;
            let mut m = Mail {
                to: parsed.headers.get_first_value("To").unwrap_or_default(),
                subject: parsed
                    .headers
                    .get_first_value("Subject")
                    .unwrap_or_default(),
                text: String::new(),
                png: false,
                calendar: false,
            };
            parts(&parsed, &mut m);
            Some(m)
        })
        .filter(|m| m.subject.contains(needle))
        .collect()
}

async fn wait_for_subject(app: &TestApp, needle: &str, count: usize) -> Vec<Mail> {
    for _ in 0..200 {
        let found = delivered_to(app, needle);
        if found.len() >= count {
            return found;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!(
        "fewer than {count} emails with {needle:?}: {:?}",
        delivered_to(app, needle)
    );
}

both_databases! {
    async fn the_audience_is_exactly_who_an_independent_filter_names(app) {
        let people = people(app).await;
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let groups: Vec<i64> = people.iter().map(|p| p.group).collect::<BTreeSet<_>>().into_iter().collect();
        let mut dice = Dice(0x5eed_1234_abcd_0001);
        let mut filters = vec![
            Filter { statuses: STATUSES.to_vec(), groups: vec![], countries: vec![], locales: vec![], entered: None, logistics: true },
            Filter { statuses: vec!["confirmed"], groups: vec![], countries: vec![], locales: vec![], entered: Some(false), logistics: false },
        ];
        for _ in 0..22 {
            let mut statuses = dice.some(&STATUSES);
            if statuses.is_empty() {
                statuses.push(STATUSES[(dice.next() % 4) as usize]);
            }
            filters.push(Filter {
                statuses,
                groups: dice.some(&groups),
                countries: dice.some(&COUNTRIES),
                locales: dice.some(&LOCALES),
                entered: if dice.coin() { None } else { Some(dice.coin()) },
                logistics: dice.coin(),
            });
        }
        let mut sizes = BTreeSet::new();
        for filter in &filters {
            let (status, id, body) = save(app, &organiser, &filter.form("belgrade")).await;
            assert!(status == 200 || status == 302, "{status}: {body}");
            let page = page(app, &organiser, id.expect("a new draft")).await;
            let expected = filter.names(&people);
            assert_eq!(recipients(&page), expected, "{filter:?}");
            sizes.insert(expected.len());
        }
        assert!(sizes.len() > 5, "the filters name audiences of many sizes: {sizes:?}");
    }

    async fn each_participant_gets_the_message_once_in_their_language_with_their_link(app) {
        let (_, groups) = forum_and_groups(app, "belgrade").await;
        let group = groups[0].0.to_string();
        let mut links = Vec::new();
        for (name, email, lang) in [("Arta Hoxha", "arta@example.org", "sq"), ("Ana Stojanovska", "ana@example.org", "mk"), ("Mira Kovač", "mira@example.org", "en")] {
            let res = call_with(&app.new_client(), &app.url(&format!("/api/register?lang={lang}")), &form("belgrade", name, email, &group)).await;
            assert_eq!(res.status(), 200);
            links.push(link_in(&app.wait_for_mail(&format!("To: {email}")).await));
        }
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let fields: Vec<(String, String)> = [
            ("slug", "belgrade"), ("message_id", ""), ("form[statuses][confirmed]", "on"), ("form[logistics]", "on"),
            ("form[fallback_locale]", "en"),
            ("form[subject][en]", "New venue for {forum}"), ("form[body][en]", "Dear {name}, {ticket} Your page: {link}"),
            ("form[subject][sq]", "Vend i ri për {forum}"), ("form[body][sq]", "I nderuar {name}, {ticket} Faqja juaj: {link}"),
        ].iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let (status, id, body) = save(app, &organiser, &fields).await;
        assert!(status == 200 || status == 302, "{body}");
        let id = id.expect("draft");
        let draft = page(app, &organiser, id).await;
        assert_eq!(recipients(&draft).len(), 3);
        let previews: Vec<&str> = draft["previews"].as_array().expect("previews").iter().filter_map(|p| p["locale"].as_str()).collect();
        assert_eq!(previews, ["en", "sq"]);

        // A test goes to the author only, once per language.
        let res = call_with(&organiser, &app.url("/api/messages/test"), &[("slug", "belgrade"), ("message_id", &id.to_string())]).await;
        assert!(res.status().is_success() || res.status().is_redirection());
        let tests = wait_for_subject(app, "] ", 2).await;
        assert_eq!(tests.len(), 2, "{tests:?}");
        assert!(tests.iter().all(|m| m.to.contains("organiser@agora.example")));
        assert!(tests.iter().any(|m| m.subject.starts_with("[Test] New venue")) && tests.iter().any(|m| m.subject.starts_with("[Provë] Vend i ri")));

        // Sent now, with a second server looking for due messages too: each gets it once.
        let _second = app.second_server().await;
        let res = call_with(&organiser, &app.url("/api/messages/schedule"), &[("slug", "belgrade"), ("message_id", &id.to_string()), ("send_at", "")]).await;
        assert!(res.status().is_success() || res.status().is_redirection(), "{:?}", res.text().await);
        wait_for_subject(app, "Vend i ri për", 1).await;
        wait_for_subject(app, "New venue for", 3).await;
        // Long enough for both servers' jobs to have looked again.
        tokio::time::sleep(std::time::Duration::from_secs(6)).await;
        let sq: Vec<Mail> = delivered_to(app, "Vend i ri për").into_iter().filter(|m| !m.subject.starts_with('[')).collect();
        assert_eq!(sq.len(), 1, "one Albanian email: {sq:?}");
        assert!(sq[0].to.contains("arta@example.org"));
        assert!(sq[0].text.contains("I nderuar Arta Hoxha") && sq[0].text.contains(&links[0]), "her name and her own link: {}", sq[0].text);
        assert!(sq[0].png, "her ticket's QR code");
        let en: Vec<Mail> = delivered_to(app, "New venue for").into_iter().filter(|m| !m.subject.starts_with('[')).collect();
        assert_eq!(en.len(), 2, "Macedonian falls back to English; once each: {en:?}");
        for m in &en {
            let link = if m.to.contains("ana@") { &links[1] } else { &links[2] };
            assert!(m.text.contains(link.as_str()), "{} gets their own link", m.to);
        }
        let sent = page(app, &organiser, id).await;
        assert_eq!(sent["state"], "Sent");
        assert_eq!(sent["progress"]["sent"], 3, "{}", sent["progress"]);

        // The participant's page lists it; a sent message cannot be edited, cancelled or deleted.
        let token = links[0].trim_start_matches("/r/");
        let mine: Value = call_with(&app.new_client(), &app.url("/api/registration/messages"), &[("token", token)]).await.json().await.expect("json");
        assert_eq!(mine[0]["subject"].as_str().map(|s| s.starts_with("Vend i ri")), Some(true), "{mine}");
        for endpoint in ["messages/cancel", "messages/delete"] {
            let res = call_with(&organiser, &app.url(&format!("/api/{endpoint}")), &[("slug", "belgrade"), ("message_id", &id.to_string())]).await;
            assert_eq!(res.status(), 409, "{endpoint}");
        }
        let mut again = fields.clone();
        again[1].1 = id.to_string();
        assert_eq!(save(app, &organiser, &again).await.0, 409);
    }

    async fn a_scheduled_message_waits_for_its_time_and_can_be_cancelled(app) {
        let (_, groups) = forum_and_groups(app, "belgrade").await;
        let group = groups[0].0.to_string();
        assert_eq!(register(app, &app.new_client(), &form("belgrade", "Mira Kovač", "mira@example.org", &group)).await.status(), 200);
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let fields: Vec<(String, String)> = [
            ("slug", "belgrade"), ("message_id", ""), ("form[statuses][confirmed]", "on"), ("form[logistics]", "on"),
            ("form[fallback_locale]", "en"), ("form[subject][en]", "Later"), ("form[body][en]", "Text"),
        ].iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let id = save(app, &organiser, &fields).await.1.expect("draft").to_string();
        let schedule = app.url("/api/messages/schedule");
        // In the past, or not a time: refused with the field named.
        for (when, key) in [("2020-01-01T10:00", "messages.error.past"), ("soon", "error.date_invalid")] {
            let res = call_with(&organiser, &schedule, &[("slug", "belgrade"), ("message_id", &id), ("send_at", when)]).await;
            assert_eq!(res.status(), 422);
            assert!(res.text().await.expect("body").contains(key));
        }
        let forum = app.store.forum_by_slug("belgrade").await.expect("store").expect("forum");
        let zone: chrono_tz::Tz = forum.summary.time_zone.parse().expect("zone");
        let tomorrow = (chrono::Utc::now() + chrono::Duration::days(1)).with_timezone(&zone).format("%Y-%m-%dT%H:%M").to_string();
        let res = call_with(&organiser, &schedule, &[("slug", "belgrade"), ("message_id", &id), ("send_at", &tomorrow)]).await;
        assert!(res.status().is_success() || res.status().is_redirection());
        let m = app.store.message(forum.summary.id, id.parse().expect("id")).await.expect("store").expect("message");
        assert_eq!(m.state, app::features::messages::types::MessageState::Scheduled);
        let due_at = m.send_at.expect("time");
        assert!((due_at.with_timezone(&zone).format("%Y-%m-%dT%H:%M").to_string()) == tomorrow, "kept in the forum's zone");
        // Not due: the job sends nothing; at its time it goes, once, however often asked.
        assert_eq!(app::features::messages::service::send_due(&app.state).await.expect("send"), 0);
        let compose = |_: &app::features::messages::types::MessageRecord, _: &app::features::registration::records::RegistrationRecord| None;
        assert_eq!(app.store.send_message(m.id, chrono::Utc::now(), 0, &compose).await.expect("store"), None, "not before its time");
        // Cancelled: a draft again, edited and deleted.
        let res = call_with(&organiser, &app.url("/api/messages/cancel"), &[("slug", "belgrade"), ("message_id", &id)]).await;
        assert!(res.status().is_success() || res.status().is_redirection());
        let mut edited = fields.clone();
        edited[1].1 = id.clone();
        edited[5].1 = "Later, edited".into();
        let (status, _, body) = save(app, &organiser, &edited).await;
        assert!(status == 200 || status == 302, "{body}");
        assert_eq!(app.store.message(forum.summary.id, m.id).await.expect("store").expect("message").texts["en"].subject, "Later, edited");
        let res = call_with(&organiser, &schedule, &[("slug", "belgrade"), ("message_id", &id), ("send_at", &tomorrow)]).await;
        assert!(res.status().is_success() || res.status().is_redirection());
        let later = due_at + chrono::Duration::minutes(1);
        let compose = |_: &app::features::messages::types::MessageRecord, r: &app::features::registration::records::RegistrationRecord| {
            Some(app::features::registration::records::Outgoing {
                recipient: r.email.clone(), subject: "Later".into(), body: "Text".into(), calendar: None, ticket_code: None, registration: Some(r.id.0), html: None,
            })
        };
        let (a, b) = tokio::join!(
            app.store.send_message(m.id, later, 0, &compose),
            app.store.send_message(m.id, later, 0, &compose),
        );
        let sends: Vec<i64> = [a.expect("store"), b.expect("store")].into_iter().flatten().collect();
        assert_eq!(sends, [1], "one of two servers sends it, to its one recipient");
        assert_eq!(app.store.sent_to(m.id).await.expect("store").len(), 1);
        let res = call_with(&organiser, &app.url("/api/messages/delete"), &[("slug", "belgrade"), ("message_id", &id)]).await;
        assert_eq!(res.status(), 409, "a sent message stays on record");
    }

    async fn bad_messages_are_refused_with_a_reason_and_write_nothing(app) {
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let base: Vec<(String, String)> = [
            ("slug", "belgrade"), ("message_id", ""), ("form[statuses][confirmed]", "on"),
            ("form[fallback_locale]", "en"), ("form[subject][en]", "Subject"), ("form[body][en]", "Body"),
        ].iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let without = |name: &str| base.iter().filter(|(k, _)| k != name).cloned().collect::<Vec<_>>();
        let with = |name: &str, value: &str| {
            let mut f = base.clone();
            f.push((name.to_string(), value.to_string()));
            f
        };
        let long = "x".repeat(20_001);
        let cases: Vec<(Vec<(String, String)>, &str)> = vec![
            (without("form[statuses][confirmed]"), "messages.error.no_status"),
            (without("form[body][en]"), "messages.error.half_written"),
            (with("form[subject][sq]", "Vetëm subjekti"), "messages.error.half_written"),
            (without("form[subject][en]").into_iter().filter(|(k, _)| k != "form[body][en]").collect(), "messages.error.no_text"),
            (with("form[body][sq]", "x").into_iter().map(|(k, v)| if k == "form[fallback_locale]" { (k, "mk".into()) } else { (k, v) }).collect(), "messages.error.fallback"),
            (with("form[groups][g999999]", "on"), "error.invalid"),
            (with("form[countries][ZZ]", "on"), "error.invalid"),
            (with("form[attendance]", "in:no-such-list"), "error.invalid"),
            (base.iter().cloned().map(|(k, v)| if k == "form[body][en]" { (k, long.clone()) } else { (k, v) }).collect(), "error.too_long"),
        ];
        let forum = forum_and_groups(app, "belgrade").await.0;
        for (fields, key) in cases {
            let (status, id, body) = save(app, &organiser, &fields).await;
            assert_eq!(status, 422, "{key}: {body}");
            assert!(body.contains(key), "{key}: {body}");
            assert_eq!(id, None);
        }
        assert!(app.store.messages(forum).await.expect("store").is_empty(), "nothing written");
        // Nobody matches: saved as a draft, but it cannot be sent.
        let (_, id, _) = save(app, &organiser, &with("form[countries][AL]", "on")).await;
        let id = id.expect("draft").to_string();
        let res = call_with(&organiser, &app.url("/api/messages/schedule"), &[("slug", "belgrade"), ("message_id", &id), ("send_at", "")]).await;
        assert_eq!(res.status(), 409);
        assert!(res.text().await.expect("body").contains("messages.error.nobody"));
        // Another forum's address does not reach this forum's message; another team is refused.
        let res = call_with(&organiser, &app.url("/api/organiser/message"), &[("slug", "sarajevo"), ("message_id", &id)]).await;
        assert!([403, 404].contains(&res.status().as_u16()));
        let scanner = app.scanner_at("belgrade").await;
        let res = call_with(&scanner, &app.url("/api/messages/delete"), &[("slug", "belgrade"), ("message_id", &id)]).await;
        assert_eq!(res.status(), 403);
        assert_eq!(app.store.messages(forum).await.expect("store").len(), 1);
    }

    async fn the_demo_has_a_sent_and_a_scheduled_message(app) {
        let forum = app.store.forum_by_slug(server::demo::SCANNER_FORUM).await.expect("store").expect("forum");
        let states: Vec<_> = app.store.messages(forum.summary.id).await.expect("store").iter().map(|m| m.state).collect();
        use app::features::messages::types::MessageState::{Scheduled, Sent};
        assert_eq!(states, [Scheduled, Sent]);
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let list: Value = call_with(&organiser, &app.url("/api/organiser/messages"), &[("slug", server::demo::SCANNER_FORUM)]).await.json().await.expect("json");
        assert_eq!(list["messages"].as_array().map(Vec::len), Some(2), "{list}");
    }

    async fn erased_participants_are_never_addressed(app) {
        let (_, groups) = forum_and_groups(app, "belgrade").await;
        let group = groups[0].0.to_string();
        let mut tokens = Vec::new();
        for (name, email) in [("Arta Hoxha", "arta@example.org"), ("Mira Kovač", "mira@example.org")] {
            assert_eq!(register(app, &app.new_client(), &form("belgrade", name, email, &group)).await.status(), 200);
            tokens.push(link_in(&app.wait_for_mail(&format!("To: {email}")).await).trim_start_matches("/r/").to_string());
        }
        let res = call_with(&app.new_client(), &app.url("/api/privacy/erase"), &[("token", &tokens[0]), ("confirm", "yes")]).await;
        assert!(res.status().is_success() || res.status().is_redirection());
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let fields: Vec<(String, String)> = [
            ("slug", "belgrade"), ("message_id", ""), ("form[statuses][confirmed]", "on"), ("form[statuses][cancelled]", "on"),
            ("form[logistics]", "on"), ("form[fallback_locale]", "en"), ("form[subject][en]", "Hello {name}"), ("form[body][en]", "Text"),
        ].iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let id = save(app, &organiser, &fields).await.1.expect("draft");
        assert_eq!(recipients(&page(app, &organiser, id).await), BTreeSet::from(["Mira Kovač".to_string()]));
    }
}
