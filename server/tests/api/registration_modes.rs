//! Approval, invitations, the forum's own questions, self-service editing, "lost my link",
//! adding by hand and moving between groups: each through the public endpoints.

use crate::both_databases;
use crate::helpers::{call_with, field_errors, TestApp, ORGANISER_EMAIL};
use crate::registration::{form, forum_and_groups, link_in, register};

/// Waits for the email that contains every one of `needles`.
async fn mail_with(app: &TestApp, needles: &[&str]) -> String {
    for _ in 0..150 {
        if let Some(mail) = app
            .delivered()
            .into_iter()
            .find(|m| needles.iter().all(|n| m.contains(n)))
        {
            return mail;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!(
        "no email with {needles:?}; delivered: {:?}",
        app.delivered()
    );
}

async fn set_mode(app: &TestApp, organiser: &reqwest::Client, mode: &str, waiting_list: bool) {
    let mut fields = vec![
        ("slug", "belgrade"),
        ("mode", mode),
        ("release_at", ""),
        ("opens_at", ""),
        ("closes_at", ""),
    ];
    if waiting_list {
        fields.push(("waiting_list", "on"));
    }
    let res = call_with(organiser, &app.url("/api/registrations/settings"), &fields).await;
    assert_eq!(res.status(), 200, "{:?}", res.text().await);
}

async fn change(
    app: &TestApp,
    organiser: &reqwest::Client,
    id: i64,
    what: &str,
    group: &str,
) -> reqwest::Response {
    let id = id.to_string();
    call_with(
        organiser,
        &app.url("/api/registrations/change"),
        &[
            ("slug", "belgrade"),
            ("registration_id", &id),
            ("change", what),
            ("group_id", group),
        ],
    )
    .await
}

/// The registration id of an address.
async fn id_of(app: &TestApp, email: &str) -> i64 {
    let found = app
        .store
        .registrations_by_email(email)
        .await
        .expect("store");
    found
        .first()
        .unwrap_or_else(|| panic!("{email} is registered"))
        .id
        .0
}

async fn status_of(app: &TestApp, email: &str) -> String {
    let found = app
        .store
        .registrations_by_email(email)
        .await
        .expect("store");
    found[0].status.as_str().to_string()
}

both_databases! {
    async fn with_approval_registrations_wait_until_the_organiser_decides_by_the_seat_rules(app) {
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let (forum, groups) = forum_and_groups(app, "belgrade").await;
        // Youth may take two seats; no waiting list.
        app.store.set_group_quota(forum, groups[3], 0, Some(2)).await.expect("quota");
        set_mode(app, &organiser, "approval", false).await;
        let youth = groups[3].0.to_string();
        for (name, email) in [("Ana", "ana@example.org"), ("Besa", "besa@example.org"), ("Ceca", "ceca@example.org"), ("Dea", "dea@example.org")] {
            assert_eq!(register(app, &app.new_client(), &form("belgrade", name, email, &youth)).await.status(), 200);
        }
        let received = mail_with(app, &["We have received your registration for National Forum Serbia", "ana@example.org"]).await;
        let page = app.get(&link_in(&received)).await.text().await.expect("body");
        assert!(page.contains("Awaiting approval"), "the participant sees the status");
        assert_eq!(status_of(app, "ana@example.org").await, "pending");
        assert!(app.store.confirmed_counts(forum).await.expect("counts").is_empty(), "pending takes no seat");

        // One approval; then a bulk approval of the other three: one more seat, two left pending.
        assert_eq!(change(app, &organiser, id_of(app, "ana@example.org").await, "approve", "").await.status(), 200);
        mail_with(app, &["Your registration for National Forum Serbia is approved", "ana@example.org"]).await;
        let picked: Vec<String> = [id_of(app, "besa@example.org").await, id_of(app, "ceca@example.org").await, id_of(app, "dea@example.org").await]
            .iter().map(|id| format!("picked[r{id}]")).collect();
        let mut fields = vec![("slug", "belgrade")];
        for p in &picked {
            fields.push((p.as_str(), "on"));
        }
        let res = call_with(&organiser, &app.url("/api/registrations/approve-many"), &fields).await;
        assert_eq!(res.status(), 200);
        let done: serde_json::Value = res.json().await.expect("json");
        assert_eq!((done["confirmed"].as_u64(), done["waiting"].as_u64(), done["left"].as_u64()), (Some(1), Some(0), Some(2)));
        assert_eq!(status_of(app, "besa@example.org").await, "confirmed");
        assert_eq!(status_of(app, "ceca@example.org").await, "pending");
        // Approving one more breaks the cap: refused with a reason, nothing written.
        let res = change(app, &organiser, id_of(app, "ceca@example.org").await, "approve", "").await;
        assert_eq!(res.status(), 409);
        let body: serde_json::Value = res.json().await.expect("json");
        assert_eq!(body["Conflict"], "error.no_seat");
        assert_eq!(status_of(app, "ceca@example.org").await, "pending");

        // With the waiting list on, approval puts Ceca on it; rejecting Ana frees her seat and
        // Ceca is promoted.
        set_mode(app, &organiser, "approval", true).await;
        assert_eq!(change(app, &organiser, id_of(app, "ceca@example.org").await, "approve", "").await.status(), 200);
        assert_eq!(status_of(app, "ceca@example.org").await, "waiting");
        assert_eq!(change(app, &organiser, id_of(app, "ana@example.org").await, "reject", "").await.status(), 200);
        mail_with(app, &["we are sorry: the organisers could not accept", "ana@example.org"]).await;
        mail_with(app, &["A seat at National Forum Serbia is now yours", "ceca@example.org"]).await;
        assert_eq!(status_of(app, "ceca@example.org").await, "confirmed");
        assert_eq!(status_of(app, "ana@example.org").await, "rejected");
        // A rejected registration cannot be rejected again, nor edited by its owner.
        assert_eq!(change(app, &organiser, id_of(app, "ana@example.org").await, "reject", "").await.status(), 409);
        assert_eq!(change(app, &organiser, id_of(app, "ana@example.org").await, "teleport", "").await.status(), 422);
        let counts = app.store.confirmed_counts(forum).await.expect("counts");
        assert_eq!(counts.get(&groups[3].0), Some(&2), "the cap holds throughout");
    }

    async fn invitation_only_forums_take_one_registration_per_personal_code(app) {
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let (_, groups) = forum_and_groups(app, "belgrade").await;
        set_mode(app, &organiser, "invitation", true).await;
        let media = groups[4].0.to_string();
        let civil = groups[0].0.to_string();

        // Without a code, or with a wrong one: refused next to the code field.
        let res = register(app, &app.new_client(), &form("belgrade", "Ema", "ema@example.org", &civil)).await;
        assert_eq!(res.status(), 422);
        assert_eq!(field_errors(&res.json().await.expect("json")), vec!["invitation:error.invitation_required"]);
        let mut wrong = form("belgrade", "Ema", "ema@example.org", &civil);
        wrong.push(("form[invitation]", "AAAAA-AAAAA-AAAAA-AAAAA-AAAAAA"));
        let res = register(app, &app.new_client(), &wrong).await;
        assert_eq!(field_errors(&res.json().await.expect("json")), vec!["invitation:error.invitation_invalid"]);

        // A named invitation into the media group, emailed with its link.
        let res = call_with(&organiser, &app.url("/api/invitations/create"),
            &[("slug", "belgrade"), ("full_name", "Ema Hoxha"), ("email", "Ema@Example.org"), ("group_id", &media), ("count", "1")]).await;
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
        let invite = mail_with(app, &["Your invitation to National Forum Serbia", "ema@example.org"]).await;
        let start = invite.find("invite=").expect("a link") + "invite=".len();
        let code: String = invite[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
        assert_eq!(code.len(), 30, "{code}");
        let page = app.get(&format!("/forums/belgrade/register?invite={code}")).await.text().await.expect("body");
        assert!(page.contains("Ema Hoxha") && page.contains(&code), "the form is filled in from the invitation");

        // Addressed to Ema, it is hers alone: someone who got hold of the link cannot use it.
        let mut stolen = form("belgrade", "Not Ema", "not.ema@example.org", &civil);
        stolen.push(("form[invitation]", &code));
        let res = register(app, &app.new_client(), &stolen).await;
        assert_eq!(field_errors(&res.json().await.expect("json")), vec!["email:error.invitation_other_address"]);
        assert!(app.store.registrations_by_email("not.ema@example.org").await.expect("store").is_empty());

        // The code typed in lower case with spaces works, and places Ema in the invited group.
        let typed = code.to_lowercase().replace('-', " ");
        let mut fields = form("belgrade", "Ema Hoxha", "ema@example.org", &civil);
        fields.push(("form[invitation]", &typed));
        assert_eq!(register(app, &app.new_client(), &fields).await.status(), 200);
        let record = &app.store.registrations_by_email("ema@example.org").await.expect("store")[0];
        assert_eq!(record.group_id, groups[4], "the invitation's group");
        assert_eq!(record.status.as_str(), "confirmed");

        // Used once: nobody else gets in with it.
        let mut again = form("belgrade", "Other", "other@example.org", &civil);
        again.push(("form[invitation]", &code));
        let res = register(app, &app.new_client(), &again).await;
        assert_eq!(field_errors(&res.json().await.expect("json")), vec!["invitation:error.invitation_used"]);
        assert!(app.store.registrations_by_email("other@example.org").await.expect("store").is_empty());

        // Codes to hand out; the list shows every link again; an unused one can be withdrawn,
        // a used one cannot.
        let res = call_with(&organiser, &app.url("/api/invitations/create"),
            &[("slug", "belgrade"), ("full_name", ""), ("email", ""), ("group_id", ""), ("count", "3")]).await;
        assert_eq!(res.status(), 200);
        let res = call_with(&organiser, &app.url("/api/invitations/create"),
            &[("slug", "belgrade"), ("full_name", ""), ("email", "x@example.org"), ("group_id", ""), ("count", "2")]).await;
        assert_eq!(field_errors(&res.json().await.expect("json")), vec!["count:error.one_per_address"]);
        let list: serde_json::Value = call_with(&organiser, &app.url("/api/organiser/invitations"), &[("slug", "belgrade")])
            .await.json().await.expect("json");
        let rows = list["rows"].as_array().expect("rows");
        assert_eq!(rows.len(), 4);
        let used: Vec<&serde_json::Value> = rows.iter().filter(|r| r["state"] == "Registered").collect();
        assert_eq!(used.len(), 1);
        assert_eq!(used[0]["code"].as_str(), Some(code.as_str()), "the same code, derived again");
        // A code to hand out is anyone's, once.
        let open_code = rows.iter().find(|r| r["state"] != "Registered" && r["email"].as_str().unwrap_or_default().is_empty())
            .and_then(|r| r["code"].as_str()).expect("an unaddressed code").to_string();
        let mut first = form("belgrade", "Ana First", "ana.first@example.org", &civil);
        first.push(("form[invitation]", &open_code));
        assert_eq!(register(app, &app.new_client(), &first).await.status(), 200);
        let mut second = form("belgrade", "Ana Second", "ana.second@example.org", &civil);
        second.push(("form[invitation]", &open_code));
        let res = register(app, &app.new_client(), &second).await;
        assert_eq!(field_errors(&res.json().await.expect("json")), vec!["invitation:error.invitation_used"]);
        assert!(app.store.registrations_by_email("ana.second@example.org").await.expect("store").is_empty());
        let used_id = used[0]["id"].to_string();
        let res = call_with(&organiser, &app.url("/api/invitations/delete"), &[("slug", "belgrade"), ("invitation_id", &used_id)]).await;
        assert_eq!(res.status(), 404);
        let unused_id = rows.iter().find(|r| r["state"] != "Registered" && r["code"].as_str() != Some(open_code.as_str())).expect("unused")["id"].to_string();
        let res = call_with(&organiser, &app.url("/api/invitations/delete"), &[("slug", "belgrade"), ("invitation_id", &unused_id)]).await;
        assert_eq!(res.status(), 200);
    }

    async fn the_forums_own_questions_are_asked_checked_stored_edited_and_exported(app) {
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let (_, groups) = forum_and_groups(app, "belgrade").await;
        let add = app.url("/api/questions/add");
        // Options must line up across languages.
        let res = call_with(&organiser, &add, &[("slug", "belgrade"), ("form[kind]", "single"), ("form[label][en]", "Working group"),
            ("form[label][sq]", "Grupi i punës"), ("form[options][en]", "Health\nEducation"), ("form[options][sq]", "Shëndetësia")]).await;
        assert_eq!(field_errors(&res.json().await.expect("json")), vec!["options_en:error.options_mismatch"]);
        let res = call_with(&organiser, &add, &[("slug", "belgrade"), ("form[kind]", "single"), ("form[required]", "on"),
            ("form[label][en]", "Working group"), ("form[label][sq]", "Grupi i punës"),
            ("form[options][en]", "Health\nEducation"), ("form[options][sq]", "Shëndetësia\nArsimi")]).await;
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
        let res = call_with(&organiser, &add, &[("slug", "belgrade"), ("form[kind]", "multiple"),
            ("form[label][en]", "Days you attend"), ("form[options][en]", "Monday\nTuesday\nWednesday")]).await;
        assert_eq!(res.status(), 200);
        let list: serde_json::Value = call_with(&organiser, &app.url("/api/organiser/questions"), &[("slug", "belgrade")])
            .await.json().await.expect("json");
        let q1 = list["questions"][0]["id"].as_i64().expect("id");
        let q2 = list["questions"][1]["id"].as_i64().expect("id");

        // The form asks them in the visitor's language.
        let page = app.new_client().get(app.url("/forums/belgrade/register")).header("Accept-Language", "sq").send().await
            .expect("GET").text().await.expect("body");
        assert!(page.contains("Grupi i punës") && page.contains("Arsimi"), "Albanian labels");
        assert!(page.contains(&format!("form[answers][q{q1}]")) && page.contains(&format!("form[answers][q{q2}_2]")));

        // A required answer missing, or a choice that does not exist: named by the question.
        let group = groups[0].0.to_string();
        let (f1, f2) = (format!("form[answers][q{q1}]"), format!("form[answers][q{q2}_0]"));
        let res = register(app, &app.new_client(), &form("belgrade", "Goran", "goran@example.org", &group)).await;
        assert_eq!(field_errors(&res.json().await.expect("json")), vec![format!("q{q1}:error.required")]);
        let mut bad = form("belgrade", "Goran", "goran@example.org", &group);
        bad.push((&f1, "9"));
        let res = register(app, &app.new_client(), &bad).await;
        assert_eq!(field_errors(&res.json().await.expect("json")), vec![format!("q{q1}:error.invalid")]);
        assert!(app.store.registrations_by_email("goran@example.org").await.expect("store").is_empty(), "nothing half-written");

        let f3 = format!("form[answers][q{q2}_2]");
        let mut good = form("belgrade", "Goran", "goran@example.org", &group);
        good.extend([(f1.as_str(), "1"), (f2.as_str(), "on"), (f3.as_str(), "on")]);
        assert_eq!(register(app, &app.new_client(), &good).await.status(), 200);
        let id = id_of(app, "goran@example.org").await;
        assert_eq!(app.store.answers(app::features::registration::types::RegistrationId(id)).await.expect("answers"),
            vec![(q1, "1".to_string()), (q2, "0,2".to_string())]);

        // The participant edits details and answers on their own page.
        let mail = mail_with(app, &["goran@example.org", "/r/"]).await;
        let link = link_in(&mail);
        let token = link.trim_start_matches("/r/").to_string();
        let page = app.get(&link).await.text().await.expect("body");
        assert!(page.contains("Civic Initiatives"), "the edit form is filled in");
        let edit = app.url("/api/registration/edit");
        let mut fields = vec![("token", token.as_str()), ("form[full_name]", "Goran Ilić"), ("form[organisation]", "Youth Lab"),
            ("form[position]", ""), ("form[country]", "other"), ("form[country_other]", "Austria"), ("form[group_id]", ""), ("form[email]", "")];
        fields.push((f1.as_str(), "0"));
        let res = call_with(&app.client, &edit, &fields).await;
        assert!(res.status().is_success() || res.status().is_redirection(), "{}", res.status());
        let record = &app.store.registrations_by_email("goran@example.org").await.expect("store")[0];
        assert_eq!((record.full_name.as_str(), record.organisation.as_str(), record.country.as_str()), ("Goran Ilić", "Youth Lab", "Austria"));
        assert_eq!(record.group_id, groups[0], "the group is the organisers' to change");
        assert_eq!(app.store.answers(record.id).await.expect("answers"), vec![(q1, "0".to_string())]);
        // Bad input on edit: 422, nothing changed.
        let res = call_with(&app.client, &edit, &[("token", &token), ("form[full_name]", ""), ("form[organisation]", "X"),
            ("form[position]", ""), ("form[country]", "RS"), ("form[group_id]", ""), ("form[email]", "")]).await;
        assert_eq!(res.status(), 422);
        assert_eq!(app.store.registrations_by_email("goran@example.org").await.expect("store")[0].full_name, "Goran Ilić");
        let res = call_with(&app.client, &edit, &[("token", "not-a-token"), ("form[full_name]", "X"), ("form[organisation]", "X"),
            ("form[position]", ""), ("form[country]", "RS"), ("form[group_id]", ""), ("form[email]", "")]).await;
        assert_eq!(res.status(), 404);

        // The CSV has a column per question with the answer's text.
        let csv = organiser.get(app.url("/organiser/forums/belgrade/registrations.csv")).send().await.expect("GET")
            .text().await.expect("body");
        let head = csv.lines().next().expect("header");
        assert!(head.contains("Working group") && head.contains("Days you attend"), "{head}");
        assert!(csv.contains("Health"), "{csv}");

        // Deleting a question deletes its answers.
        let res = call_with(&organiser, &app.url("/api/questions/delete"), &[("slug", "belgrade"), ("question_id", &q2.to_string())]).await;
        assert_eq!(res.status(), 200);
        assert_eq!(app.store.answers(record.id).await.expect("answers"), vec![(q1, "0".to_string())]);
    }

    async fn a_lost_link_is_sent_again_without_revealing_the_address_and_is_rate_limited(app) {
        let (_, groups) = forum_and_groups(app, "belgrade").await;
        let group = groups[0].0.to_string();
        assert_eq!(register(app, &app.new_client(), &form("belgrade", "Hana", "hana@example.org", &group)).await.status(), 200);
        let first = mail_with(app, &["hana@example.org", "is confirmed"]).await;
        let lost = app.url("/api/registration/lost");
        let stranger = call_with(&app.new_client(), &lost, &[("email", "nobody@example.org")]).await;
        let known = call_with(&app.new_client(), &lost, &[("email", "HANA@example.org")]).await;
        assert_eq!(stranger.status(), known.status(), "the same answer either way");
        assert_eq!(stranger.headers().get("serverfnredirect"), known.headers().get("serverfnredirect"));
        let again = mail_with(app, &["hana@example.org", "here is your link again"]).await;
        assert_eq!(link_in(&again), link_in(&first));
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        assert!(!app.delivered().iter().any(|m| m.contains("nobody@example.org")), "no mail to strangers");
        // Three a hour per address, then 429 with a message; other addresses are unaffected.
        for _ in 0..2 {
            assert!(call_with(&app.new_client(), &lost, &[("email", "hana@example.org")]).await.status().is_success());
        }
        let res = call_with(&app.new_client(), &lost, &[("email", "hana@example.org")]).await;
        assert_eq!(res.status(), 429);
        assert!(call_with(&app.new_client(), &lost, &[("email", "someone@example.org")]).await.status().is_success());
        let res = call_with(&app.new_client(), &lost, &[("email", "not an address")]).await;
        assert_eq!(res.status(), 422);
    }

    async fn organisers_add_by_hand_edit_and_move_by_the_seat_rules(app) {
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let (forum, groups) = forum_and_groups(app, "belgrade").await;
        // Media holds one seat at most; the forum is invitation-only, which a hand-added walk-in bypasses.
        app.store.set_group_quota(forum, groups[4], 0, Some(1)).await.expect("quota");
        set_mode(app, &organiser, "invitation", true).await;
        let add = app.url("/api/registrations/add");
        let media = groups[4].0.to_string();
        let civil = groups[0].0.to_string();
        let walk_in = |name: &'static str, email: &'static str, group: String| {
            let organiser = organiser.clone();
            let add = add.clone();
            async move {
                call_with(&organiser, &add, &[("slug", "belgrade"), ("form[full_name]", name), ("form[email]", email),
                    ("form[organisation]", "Radio Free"), ("form[position]", ""), ("form[country]", "ME"), ("form[group_id]", &group)]).await
            }
        };
        assert_eq!(walk_in("Iva", "iva@example.org", media.clone()).await.status(), 200);
        mail_with(app, &["iva@example.org", "is confirmed"]).await;
        let res = walk_in("Iva again", "iva@example.org", media.clone()).await;
        assert_eq!(field_errors(&res.json().await.expect("json")), vec!["email:error.already_registered"]);
        assert_eq!(walk_in("Jan", "jan@example.org", media.clone()).await.status(), 200);
        assert_eq!(status_of(app, "jan@example.org").await, "waiting", "media's one seat is taken");
        assert_eq!(walk_in("Kim", "kim@example.org", civil.clone()).await.status(), 200);

        // Kim cannot move into media (no seat); Iva moves out of it, so Jan is promoted.
        let res = change(app, &organiser, id_of(app, "kim@example.org").await, "move", &media).await;
        assert_eq!(res.status(), 409);
        let res = change(app, &organiser, id_of(app, "iva@example.org").await, "move", &civil).await;
        assert_eq!(res.status(), 200);
        mail_with(app, &["jan@example.org", "is now yours"]).await;
        let counts = app.store.confirmed_counts(forum).await.expect("counts");
        assert_eq!((counts.get(&groups[4].0), counts.get(&groups[0].0)), (Some(&1), Some(&2)));
        let res = change(app, &organiser, id_of(app, "iva@example.org").await, "move", "999999").await;
        assert_eq!(res.status(), 422);

        // The organiser edits a participant's details.
        let id = id_of(app, "kim@example.org").await.to_string();
        let res = call_with(&organiser, &app.url("/api/registrations/edit"), &[("slug", "belgrade"), ("registration_id", &id),
            ("form[full_name]", "Kim Novak"), ("form[organisation]", "Radio Free Europe"), ("form[position]", "Editor"),
            ("form[country]", "ME"), ("form[group_id]", ""), ("form[email]", ""), ("form[dietary]", "Vegan")]).await;
        assert_eq!(res.status(), 200);
        let record = &app.store.registrations_by_email("kim@example.org").await.expect("store")[0];
        assert_eq!((record.full_name.as_str(), record.dietary.as_str()), ("Kim Novak", "Vegan"));
        let view: serde_json::Value = call_with(&organiser, &app.url("/api/organiser/registration"), &[("slug", "belgrade"), ("registration_id", &id)])
            .await.json().await.expect("json");
        assert_eq!(view["registration"]["position"], "Editor");
        // Another forum's registration is not found through this forum.
        let res = call_with(&organiser, &app.url("/api/organiser/registration"), &[("slug", "regional-forum"), ("registration_id", &id)]).await;
        assert_eq!(res.status(), 404);
    }
}
