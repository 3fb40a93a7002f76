//! Reminders before the forum: at each threshold, seat holders get their ticket, agenda and
//! calendar invitation and the waiting list its place, each once however often (and by however
//! many servers) the job runs; pending registrations and registrations made after a threshold's
//! time are not reminded of it; the organiser sets the thresholds or turns them off.

use crate::both_databases;
use crate::helpers::{call_with, TestApp, ORGANISER_EMAIL};
use crate::messages::{delivered_to, exec};
use crate::registration::{form, forum_and_groups, register};
use app::features::messages::reminders::{send_due, start_of};
use chrono::Duration;

async fn registered(app: &TestApp, name: &str, email: &str) -> i64 {
    let (_, groups) = forum_and_groups(app, "belgrade").await;
    let group = groups[0].0.to_string();
    let res = register(
        app,
        &app.new_client(),
        &form("belgrade", name, email, &group),
    )
    .await;
    assert_eq!(res.status(), 200);
    app.store
        .registrations_by_email(email)
        .await
        .expect("store")[0]
        .id
        .0
}

async fn sent(app: &TestApp) -> i64 {
    let forum = app
        .store
        .forum_by_slug("belgrade")
        .await
        .expect("store")
        .expect("forum");
    app.store
        .reminders_sent(forum.summary.id)
        .await
        .expect("store")
}

async fn settle(app: &TestApp, needle: &str, count: usize) -> Vec<crate::messages::Mail> {
    for _ in 0..150 {
        let found = delivered_to(app, needle);
        if found.len() >= count {
            return found;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    delivered_to(app, needle)
}

both_databases! {
    async fn reminders_go_once_to_seats_and_the_waiting_list_at_each_threshold(app) {
        let forum = app.store.forum_by_slug("belgrade").await.expect("store").expect("forum");
        let start = start_of(&app.state, &forum).await.expect("start");
        let _ = registered(app, "Arta Hoxha", "arta@example.org").await;
        let waiting = registered(app, "Mira Kovač", "mira@example.org").await;
        let pending = registered(app, "Ana Petrović", "ana@example.org").await;
        let late = registered(app, "Besa Krasniqi", "besa@example.org").await;
        // Made after the seven-day reminder's time (so not reminded of it).
        let after = (start - Duration::hours(100)).format("%Y-%m-%dT%H:%M:%SZ");
        let late_time = if app.database_url.starts_with("postgres") { format!("TIMESTAMPTZ '{after}'") } else { format!("'{after}'") };
        exec(app, &[
            format!("UPDATE registrations SET status = 'waiting' WHERE id = {waiting}"),
            format!("UPDATE registrations SET status = 'pending' WHERE id = {pending}"),
            format!("UPDATE registrations SET created_at = {late_time} WHERE id = {late}"),
        ]).await;

        send_due(&app.state, start - Duration::days(8)).await.expect("send");
        assert_eq!(sent(app).await, 0, "nothing before the first threshold");
        // The seven-day reminder, asked for by two servers at once and again later: once each.
        let at = start - Duration::days(7) + Duration::minutes(1);
        let second = app.state.clone();
        let (a, b) = tokio::join!(send_due(&app.state, at), send_due(&second, at));
        a.expect("send");
        b.expect("send");
        send_due(&app.state, at + Duration::hours(2)).await.expect("send");
        assert_eq!(sent(app).await, 2, "the seat and the waiting list; not pending, not made later");
        let seat = settle(app, "your ticket and programme", 1).await;
        assert_eq!(seat.len(), 1, "{seat:?}");
        assert!(seat[0].to.contains("arta@example.org"));
        assert!(seat[0].png && seat[0].calendar, "ticket and calendar invitation");
        assert!(seat[0].text.contains("#my-agenda"), "{}", seat[0].text);
        let queue = settle(app, "waiting list", 1).await;
        assert_eq!(queue.len(), 1);
        assert!(queue[0].to.contains("mira@example.org") && queue[0].text.contains("number 1 "), "{}", queue[0].text);
        assert!(!queue[0].png && !queue[0].calendar, "no ticket without a seat");

        // The one-day reminder: the three eligible, once.
        let day = start - Duration::hours(23);
        send_due(&app.state, day).await.expect("send");
        send_due(&app.state, day + Duration::hours(1)).await.expect("send");
        assert_eq!(sent(app).await, 5);
        let besa = settle(app, "your ticket and programme", 3).await;
        assert_eq!(besa.iter().filter(|m| m.to.contains("besa@")).count(), 1, "the late one gets the next threshold only");
        send_due(&app.state, start + Duration::hours(1)).await.expect("send");
        assert_eq!(sent(app).await, 5, "nothing once it has begun");
    }

    async fn organisers_set_the_thresholds_or_turn_them_off(app) {
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let save = app.url("/api/reminders/save");
        let forum = app.store.forum_by_slug("belgrade").await.expect("store").expect("forum");
        let res = call_with(&organiser, &save, &[("slug", "belgrade"), ("enabled", "on"), ("days", "7, 1"), ("hours", "2")]).await;
        assert!(res.status().is_success() || res.status().is_redirection());
        let settings = app.store.reminder_settings(forum.summary.id).await.expect("store").expect("saved");
        assert_eq!((settings.enabled, settings.hours), (true, vec![168, 24, 2]));
        for (days, hours, key) in [("61", "", "reminders.error.range"), ("x", "", "reminders.error.numbers"), ("", "", "reminders.error.none")] {
            let res = call_with(&organiser, &save, &[("slug", "belgrade"), ("enabled", "on"), ("days", days), ("hours", hours)]).await;
            assert_eq!(res.status(), 422);
            assert!(res.text().await.expect("body").contains(key), "{key}");
        }
        let scanner = app.scanner_at("belgrade").await;
        assert_eq!(call_with(&scanner, &save, &[("slug", "belgrade"), ("days", "1"), ("hours", "")]).await.status(), 403);
        let res = call_with(&organiser, &save, &[("slug", "belgrade"), ("days", "7"), ("hours", "")]).await;
        assert!(res.status().is_success() || res.status().is_redirection());
        let settings = app.store.reminder_settings(forum.summary.id).await.expect("store").expect("saved");
        assert!(!settings.enabled);
        registered(app, "Arta Hoxha", "arta@example.org").await;
        let start = start_of(&app.state, &forum).await.expect("start");
        send_due(&app.state, start - Duration::hours(1)).await.expect("send");
        assert_eq!(sent(app).await, 0, "off: nothing goes");
    }
}
