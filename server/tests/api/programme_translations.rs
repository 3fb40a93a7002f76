//! The programme and the news in every language: sessions, rooms, tracks, people, announcements
//! and documents translated with the one mechanism the forums use, shown on the public pages, in
//! calendar files, personal feeds, emailed invitations and Atom feeds, and counted when missing.

use crate::both_databases;
use crate::calendars::{calendar_part, fetch, parse};
use crate::helpers::{call_with, TestApp, ORGANISER_EMAIL};
use crate::registration::{form, link_in};
use serde_json::Value;
use server::demo_content_translations::TEXTS;

/// The demo's translation of an English text into `locale` (Serbian Cyrillic by transliteration).
fn demo(english: &str, locale: &str) -> String {
    let (_, texts) = TEXTS
        .iter()
        .find(|(en, _)| *en == english)
        .unwrap_or_else(|| panic!("the demo translates {english:?}"));
    if locale == "sr-Cyrl" {
        let latin = demo(english, "sr");
        let none = std::iter::empty::<(&str, &str)>();
        return app::i18n::localise(&latin, "sr", none, app::i18n::Locale::SrCyrl).text;
    }
    texts
        .iter()
        .find(|(l, _)| *l == locale)
        .map(|(_, t)| t.to_string())
        .expect("a translation in every language")
}

async fn page(app: &TestApp, path: &str, lang: &str) -> String {
    let sep = if path.contains('?') { '&' } else { '?' };
    app.new_client()
        .get(app.url(&format!("{path}{sep}lang={lang}")))
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("body")
        // Without hydration's markers between text and tags.
        .replace("<!>", "")
}

async fn missing(organiser: &reqwest::Client, app: &TestApp, slug: &str) -> Value {
    let res = call_with(
        organiser,
        &app.url("/api/organiser/translations/missing"),
        &[("slug", slug)],
    )
    .await;
    assert_eq!(res.status(), 200);
    res.json().await.expect("json")
}

fn count_of(counts: &Value, locale: &str) -> (i64, i64) {
    let c = counts
        .as_array()
        .expect("counts")
        .iter()
        .find(|c| c["locale"] == locale)
        .unwrap_or_else(|| panic!("{locale} in {counts}"));
    (
        c["missing"].as_i64().expect("missing"),
        c["total"].as_i64().expect("total"),
    )
}

fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

both_databases! {
    async fn a_session_translated_into_albanian_reads_in_albanian_and_the_rest_falls_back_marked(app) {
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let before = missing(&organiser, app, "belgrade").await;
        let (sq_missing, sq_total) = count_of(&before, "sq");
        assert!(sq_missing > 0 && sq_missing <= sq_total, "{before}");
        let sheet: Value = call_with(&organiser, &app.url("/api/organiser/translations"), &[("scope", "belgrade"), ("target", "sq")])
            .await.json().await.expect("json");
        let sessions: Vec<&Value> = sheet["sheets"].as_array().expect("sheets").iter().filter(|s| s["entity"] == "session").collect();
        assert!(sessions.len() >= 2, "the screen lists the forum's sessions: {sheet}");
        let (first, second) = (sessions[0], sessions[1]);
        let (id, other) = (first["entity_id"].to_string(), second["entity_id"].to_string());
        let other_title = second["heading"].as_str().expect("heading").to_string();

        let save = app.url("/api/translations/save");
        let albanian = "Hapja: çfarë na mësoi kriza e Covid-19";
        let res = call_with(&organiser, &save, &[("entity", "session"), ("entity_id", &id), ("locale", "sq"), ("title", albanian)]).await;
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
        let after = missing(&organiser, app, "belgrade").await;
        assert_eq!(count_of(&after, "sq"), (sq_missing - 1, sq_total), "one text fewer to translate");
        assert_eq!(count_of(&after, "mk"), count_of(&before, "mk"), "other languages unchanged");

        // The agenda in Albanian: the translated title, and the others in English, marked.
        let html = page(app, "/forums/belgrade/agenda", "sq").await;
        assert!(html.contains(&format!(r#"<span lang="sq">{albanian}</span>"#)), "the Albanian title with its lang");
        assert!(html.contains(&format!(r#"<span lang="en">{}</span>"#, escaped(&other_title))), "an untranslated title keeps its own lang");
        assert!(html.contains("fallback-note"), "and is marked");
        let detail = page(app, &format!("/forums/belgrade/sessions/{id}"), "sq").await;
        assert!(detail.contains(albanian));
        let english = page(app, "/forums/belgrade/agenda", "en").await;
        assert!(!english.contains(albanian), "English readers see the English title");
        assert!(!english.contains("fallback-note"));

        // The agenda's calendar file in Albanian, read by an independent parser.
        let (status, _, ics) = fetch(app, "/forums/belgrade/agenda.ics?lang=sq").await;
        assert_eq!(status, 200);
        let cal = parse(&ics);
        let events = cal["events"].as_array().expect("events");
        let summary = |sid: &str| events.iter().find(|e| e["uid"].as_str().is_some_and(|u| u.starts_with(&format!("session-{sid}@")))).map(|e| e["summary"].clone());
        assert_eq!(summary(&id), Some(Value::from(albanian)));
        assert_eq!(summary(&other), Some(Value::from(other_title.as_str())), "untranslated: the English title");
        let (_, _, single) = fetch(app, &format!("/forums/belgrade/sessions/{id}.ics?lang=sq")).await;
        assert!(single.contains("Hapja: "), "the session's own file too");

        // The scanner's lists name the session in the steward's language.
        let forum = app.store.forum_by_slug("belgrade").await.expect("store").expect("forum");
        let lists = app::features::checkin::ssr::all_lists(app.store.as_ref(), &forum, app::i18n::Locale::Sq).await.expect("lists");
        assert!(lists.iter().any(|l| l.name.contains(albanian)), "a list named in Albanian");

        // Deleting the session takes its translations with it.
        let sid = app::features::forums::types::SessionId(id.parse().expect("id"));
        app.store.delete_session(forum.summary.id, sid).await.expect("delete");
        let left = app.store.translations_of_kind("session").await.expect("translations");
        assert!(!left.iter().any(|t| t.entity_id == sid.0), "no orphaned translation");
    }

    async fn the_demo_regional_programme_and_news_read_in_every_language(app) {
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let counts = missing(&organiser, app, "regional-forum").await;
        for locale in ["sq", "sr", "mk", "bs", "cnr"] {
            let (missing, total) = count_of(&counts, locale);
            assert!(total > 40, "{locale}: the programme and news have many texts ({total})");
            assert_eq!(missing, 0, "{locale}: nothing left to translate");
        }
        let closing = "Closing plenary: adopting the regional recommendations";
        for lang in ["sq", "sr", "sr-Cyrl", "mk", "bs", "cnr"] {
            let agenda = page(app, "/forums/regional-forum/agenda", lang).await;
            assert!(agenda.contains(&escaped(&demo(closing, lang))), "{lang}: the session title");
            assert!(agenda.contains(&escaped(&demo("Plenary hall", lang))), "{lang}: the room");
            assert!(!agenda.contains("fallback-note"), "{lang}: nothing falls back on the agenda");
            let speakers = page(app, "/forums/regional-forum/speakers", lang).await;
            assert!(speakers.contains(&escaped(&demo("Executive Director", lang))), "{lang}: a speaker's title");
            assert!(!speakers.contains("fallback-note"), "{lang}: nothing falls back among the speakers");
            let home = page(app, "/", lang).await;
            assert!(home.contains(&escaped(&demo("Registration for the Regional Forum is open", lang))), "{lang}: the news");
        }
    }

    async fn an_albanian_participants_feed_and_invitation_are_in_albanian(app) {
        let forum = app.store.forum_by_slug("regional-forum").await.expect("store").expect("forum");
        let groups = app.store.stakeholder_groups(forum.series_id).await.expect("groups");
        let questions = app.store.questions(forum.summary.id).await.expect("questions");
        let group = groups[0].id.0.to_string();
        let mut fields = form("regional-forum", "Elira Dervishi", "elira@example.org", &group);
        let answers: Vec<String> = questions.iter().filter(|q| q.required).map(|q| format!("form[answers][q{}]", q.id)).collect();
        for a in &answers {
            fields.push((a.as_str(), "0"));
        }
        let res = app.new_client().post(app.url("/api/register")).header("Accept-Language", "sq").form(&fields).send().await.expect("POST");
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
        let mail = app.wait_for_mail("elira@example.org").await;
        let invite = parse(&calendar_part(&mail));
        let event = &invite["events"][0];
        assert_eq!(event["summary"], "Forumi Rajonal: Politika të përgjegjshme në kohë krize", "the invitation in Albanian");
        assert!(event["description"].as_str().expect("description").contains("Forumi rajonal mbledh në Tiranë"), "the description and the agenda line too: {event}");
        assert!(event["description"].as_str().expect("description").contains("Programi: "), "{event}");

        // The personal feed, asked for by a calendar app that sends no language, is in Albanian.
        let token = link_in(&mail).trim_start_matches("/r/").to_string();
        let agenda: Value = call_with(&app.client, &app.url("/api/registration/agenda"), &[("token", &token)]).await.json().await.expect("json");
        let feed = agenda["feed"].as_str().expect("feed");
        let feed_path = feed[feed.find("/calendar/").expect("a feed path")..].to_string();
        let ids: Vec<i64> = agenda["sessions"].as_array().expect("sessions").iter().map(|s| s["id"].as_i64().expect("id")).collect();
        let key = format!("picked[s{}]", ids[0]);
        let res = call_with(&app.client, &app.url("/api/registration/picks"), &[("token", &token), (&key, "on")]).await;
        assert!(res.status().is_success());
        let sessions = app.store.sessions_of_forum(forum.summary.id).await.expect("sessions");
        let picked = sessions.iter().find(|s| s.id.0 == ids[0]).expect("the picked session");
        let cal = parse(&fetch(app, &feed_path).await.2);
        assert_eq!(cal["events"][0]["summary"], Value::from(demo(&picked.title, "sq")));
    }

    async fn atom_feeds_come_in_each_language_with_xml_lang(app) {
        let title = "Registration for the Regional Forum is open";
        let (status, _, own) = fetch(app, "/feed.atom").await;
        assert_eq!(status, 200);
        assert!(own.contains(&format!("<title>{title}</title>")), "without ?lang= every post in its own language");
        for lang in ["sq", "mk", "sr-Cyrl"] {
            let (_, _, xml) = fetch(app, &format!("/feed.atom?lang={lang}")).await;
            assert!(xml.contains(&format!("<title>{}</title>", escaped(&demo(title, lang)))), "{lang}: {xml}");
            assert!(xml.contains(&format!(r#"<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{lang}">"#)));
            assert!(xml.contains(&format!(r#"<entry xml:lang="{lang}">"#)));
            assert!(xml.contains(&format!("feed.atom?lang={lang}")), "its own address names the language");
        }
        // A post nobody translated keeps its own language, marked on its entry.
        let (_, _, tirana) = fetch(app, "/forums/tirana/feed.atom?lang=mk").await;
        assert!(tirana.contains(r#"<entry xml:lang="sq">"#), "{tirana}");
        let html = page(app, "/", "mk").await;
        assert!(html.contains("/feed.atom?lang=mk"), "the page links the feed in its language");
    }

    async fn programme_translations_are_checked_and_kept_to_the_forums_team(app) {
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let forum = app.store.forum_by_slug("regional-forum").await.expect("store").expect("forum");
        let room = app.store.rooms(forum.summary.id).await.expect("rooms")[0].id.0.to_string();
        let person = app.store.people(forum.summary.id).await.expect("people")[0].id.0.to_string();
        let save = app.url("/api/translations/save");
        let long = "x".repeat(501);
        for (form, status) in [
            (vec![("entity", "room"), ("entity_id", room.as_str()), ("locale", "mk"), ("bio", "Биографија")], 422),
            (vec![("entity", "room"), ("entity_id", room.as_str()), ("locale", "mk"), ("accessibility", long.as_str())], 422),
            (vec![("entity", "person"), ("entity_id", "999999"), ("locale", "mk"), ("bio", "Биографија")], 404),
        ] {
            let res = call_with(&organiser, &save, &form).await;
            assert_eq!(res.status(), status, "{form:?}");
        }
        let res = call_with(&organiser, &save, &[("entity", "person"), ("entity_id", &person), ("locale", "mk"), ("title", "Извршна директорка"), ("bio", "Нова биографија.")]).await;
        assert_eq!(res.status(), 200);
        let speakers = page(app, "/forums/regional-forum/speakers", "mk").await;
        assert!(speakers.contains("Нова биографија."), "the new biography shows");

        // An organiser outside the forum's team translates none of its texts.
        let (other, _) = crate::privacy::outsider(app, "translator@example.org").await;
        let res = call_with(&other, &save, &[("entity", "person"), ("entity_id", &person), ("locale", "mk"), ("bio", "Туѓа биографија.")]).await;
        assert_eq!(res.status(), 403);
        let res = call_with(&other, &app.url("/api/organiser/translations"), &[("scope", "regional-forum")]).await;
        assert_eq!(res.status(), 403);
        let speakers = page(app, "/forums/regional-forum/speakers", "mk").await;
        assert!(!speakers.contains("Туѓа биографија."), "a refused save changed nothing");
    }
}
