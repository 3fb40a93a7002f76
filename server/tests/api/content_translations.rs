use crate::both_databases;
use crate::helpers::{call_with, ORGANISER_EMAIL};

async fn page(app: &crate::helpers::TestApp, path: &str, lang: &str) -> String {
    app.new_client()
        .get(app.url(&format!("{path}?lang={lang}")))
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("body")
}

both_databases! {
    async fn a_forum_with_only_an_albanian_description_shows_it_marked_to_an_english_reader(app) {
        let html = page(app, "/forums/tirana", "en").await;
        assert!(html.contains("National Forum Albania"), "the English title exists");
        assert!(html.contains("Forumi në Tiranë bashkon"), "the Albanian description is shown");
        assert!(html.contains("Not yet translated into your language; shown in Albanian."));
        assert!(html.contains(r#"lang="sq" class="prose""#), "marked as Albanian for screen readers");
        let html = page(app, "/forums/tirana", "sq").await;
        assert!(!html.contains("fallback-note"), "no marker for Albanian readers");
    }

    async fn the_regional_forum_reads_in_every_language(app) {
        for (lang, title, group) in [
            ("sq", "Forumi Rajonal: Politika të përgjegjshme", "Organizatat e shoqërisë civile"),
            ("sr", "Regionalni forum: Odgovorne politike", "Organizacije civilnog društva"),
            ("sr-Cyrl", "Регионални форум: Одговорне политике", "Организације цивилног друштва"),
            ("mk", "Регионален форум: Одговорни политики", "Граѓански организации"),
            ("bs", "Regionalni forum: Odgovorne politike", "Marginalizirane grupe"),
            ("cnr", "Regionalni forum: Odgovorne politike", "Marginalizovane grupe"),
        ] {
            let html = page(app, "/forums/regional-forum", lang).await;
            assert!(html.contains(title), "{lang} title");
            assert!(html.contains(group), "{lang} group names");
            assert!(!html.contains("fallback-note"), "{lang} needs no fallback");
        }
        let home = page(app, "/", "mk").await;
        assert!(home.contains("Поттикнување регионална соработка"), "the series title in Macedonian");
    }

    async fn an_organiser_translates_a_forum_and_readers_see_it(app) {
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let sheet: serde_json::Value = call_with(&organiser, &app.url("/api/organiser/translations"), &[("scope", "belgrade"), ("target", "mk")])
            .await.json().await.expect("json");
        assert_eq!(sheet["target"], "mk");
        let id = sheet["forum_id"].to_string();
        let save = app.url("/api/translations/save");
        let res = call_with(&organiser, &save, &[("entity", "forum"), ("entity_id", &id), ("locale", "mk"),
            ("title", "Национален форум Србија"), ("description", "Форумот во Белград ги собира сите засегнати страни.")]).await;
        assert_eq!(res.status(), 200);
        let html = page(app, "/forums/belgrade", "mk").await;
        assert!(html.contains("Национален форум Србија"));
        assert!(html.contains("Форумот во Белград"));
        assert!(!html.contains("fallback-block"), "the description needs no fallback");

        // Emptying the description removes that translation: the English text shows, marked.
        let res = call_with(&organiser, &save, &[("entity", "forum"), ("entity_id", &id), ("locale", "mk"),
            ("title", "Национален форум Србија"), ("description", "")]).await;
        assert_eq!(res.status(), 200);
        let html = page(app, "/forums/belgrade", "mk").await;
        assert!(html.contains("Национален форум Србија"), "the title stays");
        assert!(html.contains("прикажан е на англиски"), "the description falls back, marked");

        // Bad input is refused whole.
        let long = "x".repeat(201);
        for (form, status) in [
            (vec![("entity", "forum"), ("entity_id", id.as_str()), ("locale", "mk"), ("title", long.as_str())], 422),
            (vec![("entity", "group"), ("entity_id", "1"), ("locale", "mk"), ("title", "Наслов")], 422),
            (vec![("entity", "accounts"), ("entity_id", "1"), ("locale", "mk"), ("name", "x")], 422),
            (vec![("entity", "forum"), ("entity_id", id.as_str()), ("locale", "de"), ("title", "Forum")], 422),
            (vec![("entity", "forum"), ("entity_id", "999999"), ("locale", "mk"), ("title", "Форум")], 404),
        ] {
            let res = call_with(&organiser, &save, &form).await;
            assert_eq!(res.status(), status, "{form:?}");
        }
        let html = page(app, "/forums/belgrade", "mk").await;
        assert!(html.contains("Национален форум Србија"), "a refused save changed nothing");
    }

    async fn changing_a_forums_default_language_changes_what_falls_back(app) {
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let sheet: serde_json::Value = call_with(&organiser, &app.url("/api/organiser/translations"), &[("scope", "tirana")])
            .await.json().await.expect("json");
        assert_eq!(sheet["base_lang"], "sq");
        let id = sheet["forum_id"].to_string();
        let res = call_with(&organiser, &app.url("/api/forums/default-language"), &[("forum_id", &id), ("locale", "en")]).await;
        assert_eq!(res.status(), 200);
        let sheet: serde_json::Value = call_with(&organiser, &app.url("/api/organiser/translations"), &[("scope", "tirana")])
            .await.json().await.expect("json");
        assert_eq!(sheet["base_lang"], "en");
        let res = call_with(&organiser, &app.url("/api/forums/default-language"), &[("forum_id", &id), ("locale", "xx")]).await;
        assert_eq!(res.status(), 422);
    }
}
