//! The participant's link and devices: the cookie a page leaves is a device id of its own (never
//! the manage link), a device can be forgotten, a new link replaces the old one, and forums can
//! ask for the address to be confirmed first (the hold expires and frees the seat by the rules).

use crate::both_databases;
use crate::helpers::{
    call_with, spawn_app_at, test_limits, Db, TestApp, DEMO_PASSWORD, ORGANISER_EMAIL,
};
use crate::registration::{form, forum_and_groups, link_in, register};
use app::features::registration::types::RegistrationStatus;

/// The value of the participant cookie a response sets, if any.
fn participant_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("agora_participant="))
        .map(|rest| rest.split(';').next().unwrap_or_default().to_string())
}

/// A browser without a cookie jar: the test names the cookies it sends.
fn bare_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// What the agenda of `slug` offers the device with this participant cookie: its picks, or
/// `null` when the device remembers nobody.
async fn picks_with_cookie(app: &TestApp, slug: &str, cookie: &str) -> serde_json::Value {
    bare_client()
        .post(app.url("/api/agenda/my-picks"))
        .header("Origin", &app.address)
        .header("Accept", "application/json")
        .header("Cookie", format!("agora_participant={cookie}"))
        .form(&[("slug", slug)])
        .send()
        .await
        .expect("POST")
        .json()
        .await
        .expect("json")
}

/// Registers `email` for Belgrade in its first group and answers the manage token.
async fn registered(app: &TestApp, name: &str, email: &str, needle: &str) -> String {
    let (_, groups) = forum_and_groups(app, "belgrade").await;
    let group = groups[0].0.to_string();
    let res = register(
        app,
        &app.new_client(),
        &form("belgrade", name, email, &group),
    )
    .await;
    assert_eq!(res.status(), 200, "{:?}", res.text().await);
    let mail = app.wait_for_mail(needle).await;
    link_in(&mail).trim_start_matches("/r/").to_string()
}

/// Turns "confirm address first" on for Belgrade with a hold of `minutes`.
async fn confirm_first(app: &TestApp, minutes: &str) {
    let organiser = app.log_in_as(ORGANISER_EMAIL).await;
    let res = call_with(
        &organiser,
        &app.url("/api/registrations/settings"),
        &[
            ("slug", "belgrade"),
            ("mode", "open"),
            ("waiting_list", "on"),
            ("release_at", ""),
            ("opens_at", ""),
            ("closes_at", ""),
            ("confirm_first", "on"),
            ("confirm_minutes", minutes),
        ],
    )
    .await;
    assert_eq!(res.status(), 200, "{:?}", res.text().await);
}

both_databases! {
    async fn the_cookie_is_a_device_id_of_its_own_and_this_device_can_be_forgotten(app) {
        let token = registered(app, "Dara Device", "dara.device@example.org", "dara.device@example.org").await;
        let res = bare_client().get(app.url(&format!("/r/{token}"))).send().await.expect("GET");
        assert_eq!(res.status(), 200);
        let cookie = participant_cookie(&res).expect("the page remembers this device");
        assert!(cookie.len() >= 32 && cookie != token && !cookie.contains(&token), "the cookie is not the link");
        // The device is remembered: the agenda offers picking.
        assert!(picks_with_cookie(app, "belgrade", &cookie).await.is_array());
        // Opening the page again on that device keeps its id instead of adding one.
        let again = bare_client().get(app.url(&format!("/r/{token}"))).header("Cookie", format!("agora_participant={cookie}"))
            .send().await.expect("GET");
        assert_eq!(participant_cookie(&again), None);
        // "Forget this device": the cookie is cleared and the id is refused from now on.
        let res = bare_client().post(app.url("/api/registration/forget-device")).header("Origin", &app.address)
            .header("Cookie", format!("agora_participant={cookie}")).form(&[("", "")]).send().await.expect("POST");
        assert!(res.status().is_redirection() || res.status().is_success(), "{}", res.status());
        assert_eq!(participant_cookie(&res).as_deref(), Some(""));
        assert!(picks_with_cookie(app, "belgrade", &cookie).await.is_null(), "a forgotten id remembers nobody");
        // The link itself still works.
        assert_eq!(app.get(&format!("/r/{token}")).await.status(), 200);
        // A manage token put in the cookie by hand is no device id.
        assert!(picks_with_cookie(app, "belgrade", &token).await.is_null());
    }

    async fn a_new_link_replaces_the_old_one_and_every_device_forgets_it(app) {
        let old = registered(app, "Lena Link", "lena.link@example.org", "lena.link@example.org").await;
        let res = bare_client().get(app.url(&format!("/r/{old}"))).send().await.expect("GET");
        let cookie = participant_cookie(&res).expect("remembered");
        let res = call_with(&app.new_client(), &app.url("/api/registration/new-link"), &[("token", &old)]).await;
        assert!(res.status().is_success() || res.status().is_redirection(), "{}", res.status());
        let mail = app.wait_for_mail("Your new link for National Forum Serbia").await;
        assert!(mail.contains("lena.link@example.org") && mail.contains("The previous link no longer works"), "{mail}");
        let new = link_in(&mail).trim_start_matches("/r/").to_string();
        assert_ne!(new, old);
        assert_eq!(app.get(&format!("/r/{old}")).await.status(), 404, "the old link is dead");
        assert_eq!(app.get(&format!("/r/{new}")).await.status(), 200);
        assert!(picks_with_cookie(app, "belgrade", &cookie).await.is_null(), "devices forgot the registration");
        // A dead link cannot ask for another.
        let res = call_with(&app.new_client(), &app.url("/api/registration/new-link"), &[("token", &old)]).await;
        assert_eq!(res.status(), 404);
    }

    async fn confirm_address_first_holds_the_seat_and_an_expired_hold_frees_it_by_the_seat_rules(app) {
        let (forum, groups) = forum_and_groups(app, "belgrade").await;
        // Youth may take one seat only; the second youth waits.
        app.store.set_group_quota(forum, groups[3], 1, Some(1)).await.expect("quota");
        confirm_first(app, "30").await;
        let settings = app.store.registration_settings(forum).await.expect("settings");
        assert_eq!(settings.confirm_within_minutes, Some(30));
        let youth = groups[3].0.to_string();
        let res = register(app, &app.new_client(), &form("belgrade", "Una Unconfirmed", "una@example.org", &youth)).await;
        assert_eq!(res.status(), 200);
        let mail = app.wait_for_mail("Please confirm your registration for National Forum Serbia").await;
        assert!(mail.contains("una@example.org") && mail.contains("within 30 minutes"), "{mail}");
        assert!(!mail.contains("ticket.png") && !mail.contains("text/calendar"), "no ticket before the address is confirmed");
        let una = link_in(&mail).trim_start_matches("/r/").to_string();
        let page = app.get(&format!("/r/{una}")).await.text().await.expect("body");
        assert!(page.contains("Confirm my address") && !page.contains("class=\"ticket"), "the page asks to confirm and shows no ticket");
        // Una's unconfirmed hold keeps the youth seat: the next youth waits.
        let res = register(app, &app.new_client(), &form("belgrade", "Vera Waiting", "vera@example.org", &youth)).await;
        assert_eq!(res.status(), 200);
        let vera_mail = app.wait_for_mail("vera@example.org").await;
        let vera = link_in(&vera_mail).trim_start_matches("/r/").to_string();
        let status = |email: &'static str| async move {
            app.store.registrations_by_email(email).await.expect("store").into_iter().find(|r| r.forum_id == forum)
        };
        assert_eq!(status("una@example.org").await.map(|r| r.status), Some(RegistrationStatus::Confirmed));
        assert_eq!(status("vera@example.org").await.map(|r| r.status), Some(RegistrationStatus::Waiting));
        // Nothing expires early.
        let now = chrono::Utc::now();
        let removed = app::features::registration::service::expire_holds(&app.state, now).await.expect("sweep");
        assert!(removed.is_empty());
        // Half an hour later Una never confirmed: her registration is gone and Vera has the seat.
        let later = now + chrono::Duration::minutes(31);
        let removed = app::features::registration::service::expire_holds(&app.state, later).await.expect("sweep");
        // Vera never confirmed either: both registrations are gone and the seat is free again.
        assert_eq!(removed.len(), 2, "both holds ran out: {removed:?}");
        assert!(status("una@example.org").await.is_none());
        assert!(status("vera@example.org").await.is_none());
        assert_eq!(app.get(&format!("/r/{una}")).await.status(), 404);
        assert_eq!(app.get(&format!("/r/{vera}")).await.status(), 404);
        assert_eq!(app.store.confirmed_counts(forum).await.expect("counts").get(&groups[3].0), None);
    }

    async fn a_confirmed_address_keeps_its_seat_and_the_next_expiry_promotes_whoever_confirmed(app) {
        let (forum, groups) = forum_and_groups(app, "belgrade").await;
        app.store.set_group_quota(forum, groups[3], 1, Some(1)).await.expect("quota");
        confirm_first(app, "30").await;
        let youth = groups[3].0.to_string();
        for (name, email) in [("Ana First", "ana.first@example.org"), ("Bojan Second", "bojan.second@example.org")] {
            assert_eq!(register(app, &app.new_client(), &form("belgrade", name, email, &youth)).await.status(), 200);
        }
        let ana = link_in(&app.wait_for_mail("ana.first@example.org").await).trim_start_matches("/r/").to_string();
        let bojan = link_in(&app.wait_for_mail("bojan.second@example.org").await).trim_start_matches("/r/").to_string();
        // Bojan (waiting) confirms his address; Ana (holding the seat) never does.
        let res = call_with(&app.new_client(), &app.url("/api/registration/confirm"), &[("token", &bojan)]).await;
        assert!(res.status().is_success() || res.status().is_redirection(), "{}", res.status());
        let again = call_with(&app.new_client(), &app.url("/api/registration/confirm"), &[("token", &bojan)]).await;
        assert!(again.status().is_success() || again.status().is_redirection(), "confirming twice is harmless");
        let waiting = app.wait_for_mail("You are on the waiting list for National Forum Serbia").await;
        assert!(waiting.contains("bojan.second@example.org"), "after confirming, the usual email follows");
        let later = chrono::Utc::now() + chrono::Duration::minutes(31);
        let removed = app::features::registration::service::expire_holds(&app.state, later).await.expect("sweep");
        assert_eq!(removed.len(), 1);
        assert_eq!(app.get(&format!("/r/{ana}")).await.status(), 404);
        let promoted = app.wait_for_mail("A seat at National Forum Serbia is now yours").await;
        assert!(promoted.contains("bojan.second@example.org") && promoted.contains("ticket.png"), "the promoted seat comes with its ticket");
        let page = app.get(&format!("/r/{bojan}")).await.text().await.expect("body");
        assert!(!page.contains("Confirm my address"), "nothing left to confirm");
        // A confirmation after the hold ran out (before the sweep) is refused with a message.
        assert_eq!(register(app, &app.new_client(), &form("belgrade", "Cora Late", "cora.late@example.org", &youth)).await.status(), 200);
        let cora = app.store.registrations_by_email("cora.late@example.org").await.expect("store")[0].id;
        let outcome = app.store.confirm_address(cora, later, &|_, _| None).await.expect("confirm");
        assert_eq!(outcome, app::features::registration::records::AddressConfirmed::Expired);
    }

    async fn confirmations_racing_the_expiry_either_keep_a_registration_whole_or_remove_it(app) {
        let (forum, groups) = forum_and_groups(app, "belgrade").await;
        app.store.set_group_quota(forum, groups[3], 4, Some(4)).await.expect("quota");
        confirm_first(app, "30").await;
        let youth = groups[3].0.to_string();
        let mut tokens = Vec::new();
        for i in 0..12 {
            let email = format!("racer.hold{i}@example.org");
            assert_eq!(register(app, &app.new_client(), &form("belgrade", &format!("Racer {i}"), &email, &youth)).await.status(), 200);
            tokens.push(link_in(&app.wait_for_mail(&email).await).trim_start_matches("/r/").to_string());
        }
        // Every participant confirms at the instant the sweep (which sees the holds expired)
        // runs: each registration ends up either confirmed and whole, or removed; never both.
        let later = chrono::Utc::now() + chrono::Duration::minutes(31);
        let confirms = tokens.iter().map(|token| {
            let (client, url, token) = (app.new_client(), app.url("/api/registration/confirm"), token.clone());
            async move { call_with(&client, &url, &[("token", &token)]).await.status().as_u16() }
        });
        let sweep = app::features::registration::service::expire_holds(&app.state, later);
        let (codes, removed) = tokio::join!(futures::future::join_all(confirms), sweep);
        let removed = removed.expect("sweep");
        let mut kept = 0;
        for (i, code) in codes.iter().enumerate() {
            let email = format!("racer.hold{i}@example.org");
            let found = app.store.registrations_by_email(&email).await.expect("store");
            match found.first() {
                Some(r) => {
                    assert!(r.hold_until.is_none(), "a kept registration is confirmed: {r:?}");
                    assert!(*code == 200 || (300..400).contains(code), "{email}: {code}");
                    kept += 1;
                }
                None => assert!([404, 409].contains(code), "{email} was removed, its confirmation answered {code}"),
            }
        }
        assert_eq!(kept + removed.len(), 12, "every registration is counted once");
        let counts = app.store.confirmed_counts(forum).await.expect("counts");
        assert!(counts.get(&groups[3].0).copied().unwrap_or(0) <= 4, "{counts:?}");
    }
}

/// The `Set-Cookie` headers of a response.
fn set_cookies(res: &reqwest::Response) -> Vec<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_string))
        .collect()
}

/// Over https every Agora cookie is `__Host-` and `Secure`, and a bare-named one (as a sibling
/// subdomain could plant) is not read.
async fn cookies_over_https(db: Db) {
    let app = spawn_app_at(
        db,
        None,
        test_limits(),
        false,
        Default::default(),
        "https://agora.test",
    )
    .await;
    let login = |accept: &'static str, password: &'static str| {
        bare_client()
            .post(app.url("/api/login"))
            .header("Origin", &app.address)
            .header("Accept", accept)
            .form(&[("email", ORGANISER_EMAIL), ("password", password)])
            .send()
    };
    let res = login("application/json", DEMO_PASSWORD)
        .await
        .expect("POST");
    let cookies = set_cookies(&res);
    let session = cookies
        .iter()
        .find(|c| c.starts_with("__Host-agora_session="))
        .unwrap_or_else(|| panic!("{cookies:?}"));
    assert!(
        session.contains("; Secure") && session.contains("Path=/") && !session.contains("Domain"),
        "{session}"
    );
    assert!(
        !cookies.iter().any(|c| c.starts_with("agora_")),
        "{cookies:?}"
    );
    let value = session["__Host-agora_session=".len()..]
        .split(';')
        .next()
        .unwrap_or_default()
        .to_string();
    let organiser = |cookie: String| {
        bare_client()
            .get(app.url("/organiser"))
            .header("Accept", "text/html")
            .header("Cookie", cookie)
            .send()
    };
    assert_eq!(
        organiser(format!("__Host-agora_session={value}"))
            .await
            .expect("GET")
            .status(),
        200
    );
    let planted = organiser(format!("agora_session={value}"))
        .await
        .expect("GET");
    assert!(
        planted.status().is_redirection(),
        "a bare-named session cookie is not read: {}",
        planted.status()
    );
    // The flash a refused plain form leaves carries what was typed: host-only and Secure too.
    let res = login("text/html", "not the password at all")
        .await
        .expect("POST");
    let flash = set_cookies(&res)
        .into_iter()
        .find(|c| c.starts_with("__Host-agora_flash="));
    assert!(
        flash.as_ref().is_some_and(|c| c.contains("; Secure")),
        "{:?}",
        set_cookies(&res)
    );
    // The participant's device cookie.
    let token = registered(
        &app,
        "Hana Https",
        "hana.https@example.org",
        "hana.https@example.org",
    )
    .await;
    let res = bare_client()
        .get(app.url(&format!("/r/{token}")))
        .send()
        .await
        .expect("GET");
    let device = set_cookies(&res)
        .into_iter()
        .find(|c| c.starts_with("__Host-agora_participant="));
    assert!(
        device.as_ref().is_some_and(|c| c.contains("; Secure")),
        "{:?}",
        set_cookies(&res)
    );
    app.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cookies_over_https_are_host_only_and_secure_on_sqlite() {
    cookies_over_https(Db::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cookies_over_https_are_host_only_and_secure_on_postgres() {
    cookies_over_https(Db::Postgres).await;
}
