//! Series-wide messages: the series' lead writes once to several forums (a draft in each, in one
//! go), sees each forum's audience, and sends them together; each participant gets it once, in
//! their language, about their own forum. Nobody else may, and a refusal writes nothing.

use crate::both_databases;
use crate::helpers::{call_with, TestApp};
use crate::registration::{form, forum_and_groups};
use server::demo::{BELGRADE_TEAM_EMAIL, LEAD_EMAIL};

async fn messages_count(app: &TestApp) -> usize {
    let mut n = 0;
    for slug in ["belgrade", "sarajevo"] {
        let forum = forum_and_groups(app, slug).await.0;
        n += app.store.messages(forum).await.expect("store").len();
    }
    n
}

both_databases! {
    async fn the_lead_writes_once_to_several_forums_and_each_participant_gets_it_once(app) {
        let (belgrade, bg) = forum_and_groups(app, "belgrade").await;
        let (sarajevo, sj) = forum_and_groups(app, "sarajevo").await;
        for (slug, group, name, email, lang) in [
            ("belgrade", bg[0].0, "Arta Hoxha", "arta@example.org", "sq"),
            ("sarajevo", sj[0].0, "Bojan Begić", "bojan@example.org", "en"),
        ] {
            let group = group.to_string();
            let res = call_with(&app.new_client(), &app.url(&format!("/api/register?lang={lang}")), &form(slug, name, email, &group)).await;
            assert_eq!(res.status(), 200);
            app.wait_for_mail(&format!("To: {email}")).await;
        }
        let series = app.store.forum_by_slug("belgrade").await.expect("store").expect("forum").series_id.0.to_string();
        let lead = app.log_in_as(LEAD_EMAIL).await;
        let page: serde_json::Value = call_with(&lead, &app.url("/api/organiser/series-messages"), &[("series_id", &series)]).await.json().await.expect("json");
        let forums: Vec<i64> = page["forums"].as_array().expect("forums").iter().filter_map(|f| f[0].as_i64()).collect();
        assert!(forums.contains(&belgrade.0) && forums.contains(&sarajevo.0), "{page}");

        let (fb, fs) = (format!("forums[f{}]", belgrade.0), format!("forums[f{}]", sarajevo.0));
        let mut fields: Vec<(&str, &str)> = vec![
            ("series_id", &series), ("form[statuses][confirmed]", "on"), ("form[logistics]", "on"), ("form[fallback_locale]", "en"),
            ("form[subject][en]", "Regional update for {forum}"), ("form[body][en]", "Dear {name}, your page: {link}"),
            ("form[subject][sq]", "Njoftim rajonal per {forum}"), ("form[body][sq]", "I nderuar {name}, faqja juaj: {link}"),
        ];
        // The Belgrade team is not the series' lead: refused, nothing written.
        let before = messages_count(app).await;
        let team = app.log_in_as(BELGRADE_TEAM_EMAIL).await;
        let mut theirs = fields.clone();
        theirs.push((&fb, "on"));
        assert_eq!(call_with(&team, &app.url("/api/series-messages/save"), &theirs).await.status(), 403);
        assert_eq!(call_with(&team, &app.url("/api/organiser/series-messages"), &[("series_id", &series)]).await.status(), 403);
        // No forum ticked: refused with the reason.
        let res = call_with(&lead, &app.url("/api/series-messages/save"), &fields).await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.expect("body").contains("messages.error.no_forum"));
        assert_eq!(messages_count(app).await, before);

        fields.push((&fb, "on"));
        fields.push((&fs, "on"));
        let res = call_with(&lead, &app.url("/api/series-messages/save"), &fields).await;
        assert!(res.status().is_success() || res.status().is_redirection(), "{:?}", res.text().await);
        assert_eq!(messages_count(app).await, before + 2, "a draft in each forum");
        let page: serde_json::Value = call_with(&lead, &app.url("/api/organiser/series-messages"), &[("series_id", &series)]).await.json().await.expect("json");
        let send = &page["sends"][0];
        let parts = send["parts"].as_array().expect("parts");
        assert_eq!(parts.len(), 2);
        assert!(parts.iter().all(|p| p["state"] == "Draft" && p["recipients"].as_i64().unwrap_or(0) >= 1), "{send}");

        let id = send["id"].to_string();
        let sendit = app.url("/api/series-messages/send");
        assert_eq!(call_with(&team, &sendit, &[("series_id", &series), ("series_message_id", &id)]).await.status(), 403);
        let res = call_with(&lead, &sendit, &[("series_id", &series), ("series_message_id", &id)]).await;
        assert!(res.status().is_success() || res.status().is_redirection(), "{:?}", res.text().await);
        // Each about their own forum, in their language (the forum's Albanian title for Arta).
        let arta = app.wait_for_mail("Subject: Njoftim rajonal per Forumi").await;
        assert!(arta.contains("To: arta@example.org") && arta.contains("I nderuar Arta Hoxha"), "{arta}");
        let bojan = app.wait_for_mail("Regional update for National Forum Bosnia").await;
        assert!(bojan.contains("To: bojan@example.org"), "{bojan}");
        // Sent once: nothing left to send.
        assert_eq!(call_with(&lead, &sendit, &[("series_id", &series), ("series_message_id", &id)]).await.status(), 409);
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        let to_arta = app.delivered().iter().filter(|m| m.contains("Njoftim rajonal per")).count();
        assert_eq!(to_arta, 1);
        let page: serde_json::Value = call_with(&lead, &app.url("/api/organiser/series-messages"), &[("series_id", &series)]).await.json().await.expect("json");
        assert!(page["sends"][0]["parts"].as_array().expect("parts").iter().all(|p| p["state"] == "Sent"), "{page}");
    }
}
