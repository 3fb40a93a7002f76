use crate::both_databases;

fn html_lang(html: &str) -> Option<String> {
    let start = html.find("<html")?;
    let tag = &html[start..start + html[start..].find('>')?];
    let at = tag.find("lang=\"")? + 6;
    Some(tag[at..at + tag[at..].find('"')?].to_string())
}

both_databases! {
    async fn the_first_visit_follows_accept_language(app) {
        let res = app.client.get(app.url("/")).header("Accept-Language", "de-DE,de;q=0.9,sq;q=0.8").send().await.expect("GET");
        let html = res.text().await.expect("body");
        assert_eq!(html_lang(&html).as_deref(), Some("sq"));
        assert!(html.contains("Forumet"), "Albanian navigation");
    }

    async fn a_lang_link_sets_the_language_and_it_is_remembered(app) {
        let res = app.get("/?lang=mk").await;
        let cookie = res.headers().get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        assert!(cookie.contains("agora_lang=mk"), "{cookie}");
        let html = res.text().await.expect("body");
        assert_eq!(html_lang(&html).as_deref(), Some("mk"));
        // The cookie now wins over the browser's header.
        let html = app.client.get(app.url("/forums/skopje")).header("Accept-Language", "en").send().await.expect("GET").text().await.expect("body");
        assert_eq!(html_lang(&html).as_deref(), Some("mk"));
        assert!(html.contains("Форуми"));
    }

    async fn every_locale_renders_the_home_page_translated(app) {
        for (code, nav_word) in [("en", "Forums"), ("sq", "Forumet"), ("sr", "Forumi"), ("sr-Cyrl", "Форуми"), ("mk", "Форуми"), ("bs", "Forumi"), ("cnr", "Forumi")] {
            let html = app.new_client().get(app.url(&format!("/?lang={code}"))).send().await.expect("GET").text().await.expect("body");
            assert_eq!(html_lang(&html).as_deref(), Some(code));
            assert!(html.contains(nav_word), "{code} navigation");
        }
    }
}
