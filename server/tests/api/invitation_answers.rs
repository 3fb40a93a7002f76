//! Invitations answered: declining without JavaScript (with a colleague the organisers then
//! invite), places held in a group's reservation until the answer-by date, expiry, reminders by
//! hand and automatic (once, with two servers), and the list filtered and exported.

use crate::both_databases;
use crate::helpers::{call_with, field_errors, TestApp, ORGANISER_EMAIL};
use crate::registration::{form, forum_and_groups, register};
use app::features::registration::invitation_actions::send_due;
use chrono::Duration;

async fn invitation_only(app: &TestApp, organiser: &reqwest::Client) {
    let fields = [
        ("slug", "belgrade"),
        ("mode", "invitation"),
        ("release_at", ""),
        ("opens_at", ""),
        ("closes_at", ""),
        ("waiting_list", "on"),
    ];
    let res = call_with(organiser, &app.url("/api/registrations/settings"), &fields).await;
    assert_eq!(res.status(), 200, "{:?}", res.text().await);
}

/// The invitation code in an email (after `invite=`).
fn code_in(mail: &str) -> String {
    let start = mail.find("invite=").expect("a link") + "invite=".len();
    mail[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect()
}

/// Invites `email` into `group` and returns the code from the email it gets.
async fn invite(
    app: &TestApp,
    organiser: &reqwest::Client,
    name: &str,
    email: &str,
    group: &str,
) -> String {
    let res = call_with(
        organiser,
        &app.url("/api/invitations/create"),
        &[
            ("slug", "belgrade"),
            ("full_name", name),
            ("email", email),
            ("group_id", group),
            ("count", "1"),
        ],
    )
    .await;
    assert_eq!(res.status(), 200, "{:?}", res.text().await);
    code_in(&app.wait_for_mail(&format!("To: {email}")).await)
}

async fn listed(app: &TestApp, organiser: &reqwest::Client, state: &str) -> Vec<serde_json::Value> {
    let res = call_with(
        organiser,
        &app.url("/api/organiser/invitations"),
        &[("slug", "belgrade"), ("state", state)],
    )
    .await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.expect("json");
    body["rows"].as_array().expect("rows").clone()
}

fn row<'a>(rows: &'a [serde_json::Value], email: &str) -> &'a serde_json::Value {
    rows.iter()
        .find(|r| r["email"] == email)
        .unwrap_or_else(|| panic!("{email} in {rows:?}"))
}

async fn status_of(app: &TestApp, email: &str) -> String {
    app.store
        .registrations_by_email(email)
        .await
        .expect("store")[0]
        .status
        .as_str()
        .to_string()
}

fn mails_to(app: &TestApp, email: &str, subject: &str) -> usize {
    app.delivered()
        .iter()
        .filter(|m| m.contains(&format!("To: {email}")) && m.contains(subject))
        .count()
}

both_databases! {
    async fn an_invitee_declines_without_javascript_and_the_colleague_they_propose_is_invited_once_approved(app) {
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let (_, groups) = forum_and_groups(app, "belgrade").await;
        invitation_only(app, &organiser).await;
        let media = groups[4].0.to_string();
        let code = invite(app, &organiser, "Ema Hoxha", "ema@example.org", &media).await;
        let mail = app.wait_for_mail("To: ema@example.org").await;
        assert!(mail.contains(&format!("/forums/belgrade/decline?invite={code}")), "the email says how to decline: {mail}");
        let page = app.get(&format!("/forums/belgrade/register?invite={code}")).await.text().await.expect("body");
        assert!(page.contains(&format!("/forums/belgrade/decline?invite={code}")), "so does the link's page");
        let page = app.get(&format!("/forums/belgrade/decline?invite={code}")).await.text().await.expect("body");
        assert!(page.contains("Ema Hoxha") && page.contains("name=\"form[colleague_email]\""), "the decline form");

        let decline = app.url("/api/invitations/decline");
        // A wrong code, a bad colleague address or the invitee's own address: refused, nothing changes.
        let res = call_with(&app.new_client(), &decline, &[("slug", "belgrade"), ("invite", "AAAAA-AAAAA-AAAAA-AAAAA-AAAAAA")]).await;
        assert_eq!(res.status(), 404);
        let res = call_with(&app.new_client(), &decline, &[("slug", "belgrade"), ("invite", &code), ("form[colleague_name]", "Arta"), ("form[colleague_email]", "not an address")]).await;
        assert_eq!(res.status(), 422);
        assert_eq!(field_errors(&res.json().await.expect("json")), vec!["colleague_email:error.email_invalid"]);
        let res = call_with(&app.new_client(), &decline, &[("slug", "belgrade"), ("invite", &code), ("form[colleague_name]", "Me"), ("form[colleague_email]", "EMA@example.org")]).await;
        assert_eq!(field_errors(&res.json().await.expect("json")), vec!["colleague_email:decline.error.same_address"]);
        let res = call_with(&app.new_client(), &decline, &[("slug", "belgrade"), ("invite", &code), ("form[colleague_email]", "arta@example.org")]).await;
        assert_eq!(field_errors(&res.json().await.expect("json")), vec!["colleague_name:error.required"], "a colleague needs a name");
        assert_eq!(row(&listed(app, &organiser, "").await, "ema@example.org")["state"], "Invited");

        // Without JavaScript: a refusal goes back to the form with the reason kept for it...
        let page_url = app.url(&format!("/forums/belgrade/decline?invite={code}"));
        let browser = app.new_client();
        let res = browser.post(&decline).header("Accept", "text/html").header("Referer", &page_url).form(&[
            ("slug", "belgrade"), ("invite", code.as_str()), ("form[colleague_name]", "Arta"), ("form[colleague_email]", "arta@"),
        ]).send().await.expect("POST");
        assert!(res.status().is_redirection(), "{}", res.status());
        assert!(res.headers().get_all("set-cookie").iter().any(|c| c.to_str().is_ok_and(|c| c.starts_with("agora_flash="))));
        let page = browser.get(&page_url).send().await.expect("GET").text().await.expect("body");
        assert!(page.contains("Please enter a valid email address") && page.contains("value=\"arta@\""), "the reason and the typed address");
        // ...and a plain post that passes is answered with the page that says it is done.
        let res = app.new_client().post(&decline).header("Accept", "text/html").form(&[
            ("slug", "belgrade"), ("invite", code.as_str()), ("form[note]", "Travelling that week"),
            ("form[colleague_name]", "Arta Gashi"), ("form[colleague_email]", "arta@example.org"), ("form[colleague_organisation]", "RTK"),
        ]).send().await.expect("POST");
        assert!(res.status().is_redirection(), "{}", res.status());
        let to = res.headers()["location"].to_str().expect("location").to_string();
        assert_eq!(to, format!("/forums/belgrade/decline?invite={code}"));
        let page = app.get(&to).await.text().await.expect("body");
        assert!(page.contains("Thank you for letting us know") && page.contains("Arta Gashi"), "{page}");

        let rows = listed(app, &organiser, "").await;
        let ema = row(&rows, "ema@example.org");
        assert_eq!(ema["state"], "Declined");
        assert_eq!(ema["decline_note"], "Travelling that week");
        let arta = row(&rows, "arta@example.org");
        assert_eq!(arta["state"], "Proposed");
        assert_eq!(arta["proposed_by"], "Ema Hoxha");
        assert_eq!(arta["organisation"], "RTK");
        assert_eq!(arta["group"], row(&rows, "ema@example.org")["group"], "in the same group");
        assert_eq!(mails_to(app, "arta@example.org", "invitation"), 0, "nothing goes to the colleague before approval");

        // Answered once: neither declining again nor registering with the code works.
        let res = call_with(&app.new_client(), &decline, &[("slug", "belgrade"), ("invite", &code)]).await;
        assert_eq!(res.status(), 409);
        let mut fields = form("belgrade", "Ema Hoxha", "ema@example.org", &media);
        fields.push(("form[invitation]", &code));
        let res = register(app, &app.new_client(), &fields).await;
        assert_eq!(field_errors(&res.json().await.expect("json")), vec!["invitation:error.invitation_declined"]);

        // The list filters by state, and the export carries the answers but never the codes.
        let declined = listed(app, &organiser, "declined").await;
        assert_eq!(declined.len(), 1);
        let csv = organiser.get(app.url("/organiser/forums/belgrade/invitations.csv?state=declined")).send().await.expect("GET");
        assert_eq!(csv.status(), 200);
        let csv = csv.text().await.expect("csv");
        assert!(csv.contains("ema@example.org") && csv.contains("Travelling that week") && csv.contains("Declined"), "{csv}");
        assert!(!csv.contains("arta@example.org") && !csv.contains(&code), "{csv}");
        let all = organiser.get(app.url("/organiser/forums/belgrade/invitations.csv")).send().await.expect("GET").text().await.expect("csv");
        assert!(all.contains("arta@example.org") && all.contains("Ema Hoxha"), "{all}");
        assert_eq!(app.new_client().get(app.url("/organiser/forums/belgrade/invitations.csv")).send().await.expect("GET").status(), 401);

        // The organiser invites the colleague (a scanner may not): the invitation goes once; the
        // colleague registers.
        let id = arta["id"].to_string();
        let approve = app.url("/api/invitations/approve");
        let scanner = app.log_in_as(crate::helpers::SCANNER_EMAIL).await;
        let res = call_with(&scanner, &approve, &[("slug", "belgrade"), ("invitation_id", &id)]).await;
        assert_eq!(res.status(), 403);
        assert_eq!(row(&listed(app, &organiser, "").await, "arta@example.org")["state"], "Proposed");
        let res = call_with(&organiser, &approve, &[("slug", "belgrade"), ("invitation_id", &id)]).await;
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
        let res = call_with(&organiser, &approve, &[("slug", "belgrade"), ("invitation_id", &id)]).await;
        assert_eq!(res.status(), 404, "approved once");
        let arta_code = code_in(&app.wait_for_mail("To: arta@example.org").await);
        let civil = groups[0].0.to_string();
        let mut fields = form("belgrade", "Arta Gashi", "arta@example.org", &civil);
        fields.push(("form[invitation]", &arta_code));
        assert_eq!(register(app, &app.new_client(), &fields).await.status(), 200);
        let record = &app.store.registrations_by_email("arta@example.org").await.expect("store")[0];
        assert_eq!(record.group_id, groups[4], "the declined invitation's group");
        assert_eq!(row(&listed(app, &organiser, "registered").await, "arta@example.org")["state"], "Registered");
    }

    async fn open_invitations_hold_their_groups_places_until_the_answer_by_date_and_reminders_go_once(app) {
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let (forum, groups) = forum_and_groups(app, "belgrade").await;
        invitation_only(app, &organiser).await;
        // Media has two reserved places and may take two.
        app.store.set_group_quota(forum, groups[4], 2, Some(2)).await.expect("quota");
        let media = groups[4].0.to_string();
        let ana = invite(app, &organiser, "Ana Antić", "ana@example.org", &media).await;
        let besim = invite(app, &organiser, "Besim Berisha", "besim@example.org", &media).await;
        let res = call_with(&organiser, &app.url("/api/invitations/create"),
            &[("slug", "belgrade"), ("full_name", ""), ("email", ""), ("group_id", ""), ("count", "1")]).await;
        assert_eq!(res.status(), 200);
        let anyone = listed(app, &organiser, "invited").await.into_iter()
            .find(|r| r["email"] == "").and_then(|r| r["code"].as_str().map(str::to_string)).expect("a code to hand out");

        // Ana's and Besim's places are held: someone else of media waits.
        let mut fields = form("belgrade", "Cana Cana", "cana@example.org", &media);
        fields.push(("form[invitation]", &anyone));
        assert_eq!(register(app, &app.new_client(), &fields).await.status(), 200);
        assert_eq!(status_of(app, "cana@example.org").await, "waiting");
        // Ana's own held place is hers.
        let mut fields = form("belgrade", "Ana Antić", "ana@example.org", &media);
        fields.push(("form[invitation]", &ana));
        assert_eq!(register(app, &app.new_client(), &fields).await.status(), 200);
        assert_eq!(status_of(app, "ana@example.org").await, "confirmed");

        // A reminder by hand reaches whoever has an address and has not answered; pressed again
        // at once, it sends nothing more.
        let remind = app.url("/api/invitations/remind");
        let res = call_with(&organiser, &remind, &[("slug", "belgrade")]).await;
        assert!(res.status().is_success() || res.status().is_redirection(), "{}", res.status());
        app.wait_for_mail("Reminder: your invitation to National Forum Serbia").await;
        call_with(&organiser, &remind, &[("slug", "belgrade")]).await;
        let rows = listed(app, &organiser, "").await;
        assert_eq!(row(&rows, "besim@example.org")["reminders"], 1);
        assert_eq!(row(&rows, "ana@example.org")["reminders"], 0, "registered: not reminded");
        assert_eq!(mails_to(app, "ana@example.org", "Reminder:"), 0);

        // The answer-by date and the automatic reminder, checked.
        let settings = app.url("/api/invitations/settings");
        let res = call_with(&organiser, &settings, &[("slug", "belgrade"), ("answer_by", ""), ("reminder_days", "3")]).await;
        assert_eq!(field_errors(&res.json().await.expect("json")), vec!["reminder_days:invitations.error.days_need_date"]);
        let res = call_with(&organiser, &settings, &[("slug", "belgrade"), ("answer_by", "2027-02-30"), ("reminder_days", "99")]).await;
        assert_eq!(field_errors(&res.json().await.expect("json")), vec!["answer_by:error.date_invalid", "reminder_days:invitations.error.days"]);
        let now = app::clock::now();
        let tomorrow = (now + Duration::days(1)).date_naive().to_string();
        let res = call_with(&organiser, &settings, &[("slug", "belgrade"), ("answer_by", &tomorrow), ("reminder_days", "3")]).await;
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
        let page = app.get(&format!("/forums/belgrade/decline?invite={besim}")).await.text().await.expect("body");
        assert!(page.contains("Answers are due by"), "the page gives the date");

        // The automatic reminder is due (three days before): two servers at once, then again: once.
        let second = app.state.clone();
        let (a, b) = tokio::join!(send_due(&app.state, now), send_due(&second, now));
        assert_eq!(a.expect("send") + b.expect("send"), 1);
        assert_eq!(send_due(&app.state, now + Duration::minutes(5)).await.expect("send"), 0);
        assert_eq!(row(&listed(app, &organiser, "").await, "besim@example.org")["reminders"], 2);
        assert_eq!(status_of(app, "cana@example.org").await, "waiting", "Besim's place is still held");

        // Once the date has passed the held place goes to the waiting list (the job, once).
        let later = now + Duration::days(3);
        let (a, b) = tokio::join!(send_due(&app.state, later), send_due(&second, later));
        assert_eq!(a.expect("send") + b.expect("send"), 0, "no reminders after the date");
        assert_eq!(status_of(app, "cana@example.org").await, "confirmed");
        app.wait_for_mail("To: cana@example.org").await;

        // With the date in the past, Besim's invitation has expired: its code no longer works.
        let yesterday = (now - Duration::days(1)).date_naive().to_string();
        let res = call_with(&organiser, &settings, &[("slug", "belgrade"), ("answer_by", &yesterday), ("reminder_days", "")]).await;
        assert_eq!(res.status(), 200);
        assert_eq!(row(&listed(app, &organiser, "expired").await, "besim@example.org")["state"], "Expired");
        let mut fields = form("belgrade", "Besim Berisha", "besim@example.org", &media);
        fields.push(("form[invitation]", &besim));
        let res = register(app, &app.new_client(), &fields).await;
        assert_eq!(field_errors(&res.json().await.expect("json")), vec!["invitation:error.invitation_expired"]);
        let res = call_with(&app.new_client(), &app.url("/api/invitations/decline"), &[("slug", "belgrade"), ("invite", &besim)]).await;
        assert_eq!(res.status(), 409);
    }
}

both_databases! {
    async fn the_demo_has_invitations_in_every_state(app) {
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let mut seen = std::collections::BTreeSet::new();
        for slug in ["regional-follow-up", "tirana"] {
            let res = call_with(&organiser, &app.url("/api/organiser/invitations"), &[("slug", slug)]).await;
            assert_eq!(res.status(), 200);
            let body: serde_json::Value = res.json().await.expect("json");
            for r in body["rows"].as_array().expect("rows") {
                seen.insert(r["state"].as_str().expect("state").to_string());
            }
        }
        let every: std::collections::BTreeSet<String> =
            ["Invited", "Registered", "Declined", "Expired", "Proposed"].into_iter().map(String::from).collect();
        assert_eq!(seen, every);
    }
}
