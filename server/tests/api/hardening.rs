//! Abuse the public site would meet on its opening day: redirects off the site, lines injected
//! into emails, forged cross-site requests, and the browser security headers of every kind of
//! page.

use crate::both_databases;
use crate::helpers::{call_with, DEMO_PASSWORD, ORGANISER_EMAIL};
use crate::registration::{form, forum_and_groups, register};

/// Browsers drop tabs and line breaks inside a URL and read `\` as `/`: each of these would
/// leave the site if it were followed.
const NEXT_BYPASSES: [&str; 10] = [
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "//evil.example",
    "///evil.example",
    "/ /evil.example",
    "https://evil.example",
    "/\u{0}x",
];

/// The resident memory of this process (the test and its in-process server), in bytes.
fn resident_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb * 1024)
}

both_databases! {
    async fn parallel_guesses_from_one_client_cannot_slip_under_the_limit(app) {
        let guesses = (0..24).map(|_| {
            let req = app.new_client().post(app.url("/api/login")).header("Accept", "application/json")
                .header("X-Forwarded-For", "203.0.113.50")
                .form(&[("email", ORGANISER_EMAIL), ("password", "a guess")]);
            async move { req.send().await.expect("POST").status().as_u16() }
        });
        let statuses = futures::future::join_all(guesses).await;
        let wrong = statuses.iter().filter(|s| **s == 401).count();
        let waiting = statuses.iter().filter(|s| **s == 429).count();
        // Five free failures, then a wait of a second: on a slow machine one more guess may
        // arrive after that second. Counted apart from the check, all 24 would be answered.
        assert!((5..=6).contains(&wrong) && wrong + waiting == 24, "{statuses:?}");
    }

    async fn a_flood_of_sign_ins_from_many_addresses_stays_within_a_memory_bound(app) {
        // 120 sign-ins at once, each from its own address and for an unknown account: each
        // would hold an argon2 block of about 19 MiB if all were checked at once (over 2 GiB).
        // What 120 connections cost without any hashing is measured first and set apart.
        async fn peak_during<F: std::future::Future>(work: F) -> (F::Output, u64) {
            let before = resident_bytes();
            let peak = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(before));
            let watching = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
            let sampler = {
                let (peak, watching) = (peak.clone(), watching.clone());
                tokio::spawn(async move {
                    while watching.load(std::sync::atomic::Ordering::Relaxed) {
                        peak.fetch_max(resident_bytes(), std::sync::atomic::Ordering::Relaxed);
                        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                    }
                })
            };
            let out = work.await;
            watching.store(false, std::sync::atomic::Ordering::Relaxed);
            sampler.await.expect("sampler");
            (out, peak.load(std::sync::atomic::Ordering::Relaxed).saturating_sub(before))
        }
        let flood = |path: &'static str| {
            let requests = (0..120).map(|i| {
                let email = format!("nobody{i}@flood.example");
                let req = app.new_client().post(app.url(path)).header("Accept", "application/json")
                    .header("X-Forwarded-For", format!("198.18.{}.{}", i / 200, i % 200 + 1))
                    .form(&[("email", email.as_str()), ("password", "whatever it is")]);
                async move { req.send().await.expect("POST").status().as_u16() }
            });
            futures::future::join_all(requests)
        };
        // One sign-in first: the server's one-time costs (its hashing threads, the stand-in hash
        // for unknown accounts) are not the flood's.
        call_with(&app.new_client(), &app.url("/api/login"), &[("email", "warm@flood.example"), ("password", "x")]).await;
        let (_, connections) = peak_during(flood("/api/me")).await;
        let (statuses, grew) = peak_during(flood("/api/login")).await;
        assert!(statuses.iter().all(|s| *s == 401 || *s == 429), "{statuses:?}");
        let hashing = grew.saturating_sub(connections);
        // Unbounded, 120 parallel checks take over 2 GiB; bounded, a few blocks per hashing
        // thread plus the database's working memory.
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as u64;
        let bound = (cores * 4 + 6) * 19 * 1024 * 1024;
        assert!(
            hashing < bound,
            "sign-ins grew memory by {} MiB beyond the {} MiB of the connections (bound {} MiB)",
            hashing >> 20,
            connections >> 20,
            bound >> 20
        );
        // Nobody is locked out by it.
        let res = call_with(&app.new_client(), &app.url("/api/login"), &[("email", ORGANISER_EMAIL), ("password", DEMO_PASSWORD)]).await;
        assert!(res.status().is_success() || res.status().is_redirection(), "{}", res.status());
    }

    async fn after_sign_in_only_paths_on_this_site_are_followed(app) {
        let login = app.url("/api/login");
        for next in NEXT_BYPASSES {
            let client = app.new_client();
            let res = call_with(&client, &login, &[("email", ORGANISER_EMAIL), ("password", DEMO_PASSWORD), ("next", next)]).await;
            assert!(res.status().is_redirection() || res.status().is_success(), "{next:?}: {}", res.status());
            let location = res.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
            assert_eq!(location, "/organiser", "{next:?} must not be followed");
        }
        let res = call_with(&app.new_client(), &login, &[("email", ORGANISER_EMAIL), ("password", DEMO_PASSWORD), ("next", "/organiser/series")]).await;
        assert_eq!(res.headers().get("location").and_then(|v| v.to_str().ok()), Some("/organiser/series"));
    }

    async fn a_name_with_line_breaks_never_reaches_an_email_as_lines(app) {
        let (forum, groups) = forum_and_groups(app, "belgrade").await;
        let group = groups[0].0.to_string();
        let name = "Ana\r\nBcc: everyone@evil.example\r\n\r\nForged body";
        let res = register(app, &app.new_client(), &form("belgrade", name, "ana.lines@example.org", &group)).await;
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
        let mail = app.wait_for_mail("ana.lines@example.org").await;
        assert!(!mail.contains("\nBcc: everyone@evil.example"), "{mail}");
        assert!(!mail.contains("\nForged body"), "{mail}");
        let stored = app.store.registrations_by_email("ana.lines@example.org").await.expect("store");
        let stored: Vec<_> = stored.into_iter().filter(|r| r.forum_id == forum).collect();
        assert_eq!(stored.len(), 1);
        assert_eq!(stored[0].full_name, "Ana Bcc: everyone@evil.example Forged body");
    }

    async fn the_public_agenda_names_only_people_who_speak_at_a_session(app) {
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let res = call_with(&organiser, &app.url("/api/agenda/people/save"), &[("slug", "belgrade"), ("form[name]", "Unlisted Ombudsperson"),
            ("form[affiliation]", "Not yet confirmed"), ("form[title]", ""), ("form[group_id]", ""), ("form[country]", "RS"), ("form[bio]", "")]).await;
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
        let public = call_with(&app.new_client(), &app.url("/api/forums/agenda"), &[("slug", "belgrade")]).await.text().await.expect("body");
        assert!(!public.contains("Unlisted Ombudsperson"), "{public}");
        for page in ["/forums/belgrade/agenda", "/forums/belgrade/speakers"] {
            let html = app.new_client().get(app.url(page)).send().await.expect("GET").text().await.expect("body");
            assert!(!html.contains("Unlisted Ombudsperson"), "{page}");
        }
        let own = call_with(&organiser, &app.url("/api/forums/agenda"), &[("slug", "belgrade")]).await.text().await.expect("body");
        assert!(own.contains("Unlisted Ombudsperson"), "organisers still see everyone they entered");
    }

    async fn a_cancellation_between_the_verdict_and_the_admission_never_admits(app) {
        let (forum, groups) = forum_and_groups(app, "belgrade").await;
        let group = groups[0].0.to_string();
        register(app, &app.new_client(), &form("belgrade", "Nada Door", "nada.door@example.org", &group)).await;
        let mail = app.wait_for_mail("nada.door@example.org").await;
        let link = crate::registration::link_in(&mail);
        let token = link.trim_start_matches("/r/").to_string();
        let id = app.store.registrations_by_email("nada.door@example.org").await.expect("store")[0].id.0;
        let secret = server::config::load_or_create_secret_key(&app.data_dir).expect("secret");
        let keys = app::features::tickets::ssr::keys(&app::state::Keyring::new(app::state::SecretKey::new(secret)).signing());
        let code = keys.sign(app::features::tickets::code::TicketClaims { forum: forum.0, registration: id, version: 1 });

        /// Clears the hook however the test ends.
        struct Unhook;
        impl Drop for Unhook {
            fn drop(&mut self) {
                app::features::checkin::ssr::set_before_admit_hook(None);
            }
        }
        let _unhook = Unhook;
        // Exactly between the verdict (a confirmed seat) and the admission, the participant
        // cancels from their own page.
        let (cancel_url, client) = (app.url("/api/registration/cancel"), app.new_client());
        app::features::checkin::ssr::set_before_admit_hook(Some(std::sync::Arc::new(move |registration| {
            let (cancel_url, client, token) = (cancel_url.clone(), client.clone(), token.clone());
            Box::pin(async move {
                if registration == id {
                    let res = client.post(&cancel_url).header("Accept", "application/json")
                        .form(&[("token", token.as_str())]).send().await.expect("cancel");
                    assert_eq!(res.status(), 200);
                }
            })
        })));
        let scanner = app.scanner_at("belgrade").await;
        let res = scanner.post(app.url("/api/v1/checkin"))
            .json(&serde_json::json!({ "code": code, "list_id": format!("{}:entry", forum.0), "nonce": "between-1" }))
            .send().await.expect("POST");
        assert_eq!(res.status(), 200);
        let body: serde_json::Value = res.json().await.expect("json");
        assert_eq!(body["verdict"], "cancelled", "{body}");
        let counts: serde_json::Value = call_with(&scanner, &app.url("/api/checkin/counts"), &[("slug", "belgrade"), ("list", "entry")])
            .await.json().await.expect("json");
        assert_eq!(counts["total"]["checked_in"], 0, "nobody was admitted: {counts}");
    }

    async fn a_scanner_devices_link_expires_a_day_after_its_forum(app) {
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let res = call_with(&organiser, &app.url("/api/organiser/checkin/device"), &[("slug", "belgrade"), ("label", "Door phone\r\n2")]).await;
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
        let forum = app.store.forum_by_slug("belgrade").await.expect("store").expect("forum");
        let devices = app.store.devices(forum.summary.id).await.expect("devices");
        let enrolled = devices.iter().find(|d| d.label == "Door phone 2").expect("the label on one line");
        let expires = enrolled.expires_at.expect("an expiry");
        assert_eq!(expires, app::features::checkin::ssr::device_expiry(&forum.summary));
        assert!(expires.date_naive() > forum.summary.ends_on, "{expires} after {}", forum.summary.ends_on);
        // A device whose link has expired is nobody; one still valid scans.
        let now = chrono::Utc::now();
        let scan = |token: &'static str| {
            let req = app.new_client().post(app.url("/api/v1/checkin")).bearer_auth(token)
                .json(&serde_json::json!({ "code": "AG1:not-a-ticket", "list_id": format!("{}:entry", forum.summary.id.0), "nonce": format!("n-{token}") }));
            async move { req.send().await.expect("POST").status().as_u16() }
        };
        for (token, expiry) in [("old-phone-token-0123456789", now - chrono::Duration::hours(1)), ("new-phone-token-0123456789", now + chrono::Duration::hours(1))] {
            app.store.create_device(forum.summary.id, token, "salt", &app::secrets::token_hash(token), now - chrono::Duration::days(3), expiry)
                .await.expect("device");
        }
        assert_eq!(scan("old-phone-token-0123456789").await, 401, "an expired link opens nothing");
        assert_eq!(scan("new-phone-token-0123456789").await, 200, "a valid one still scans");
    }

    async fn a_bearer_header_that_authenticates_nothing_does_not_skip_the_origin_check(app) {
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let forum = app.store.forum_by_slug("belgrade").await.expect("store").expect("forum");
        let id = forum.summary.id.0.to_string();
        let res = organiser
            .post(app.url("/api/forums/status"))
            .header("Origin", "https://evil.example")
            .header("Authorization", "Bearer not-a-device-token")
            .form(&[("forum_id", id.as_str()), ("status", "draft")])
            .send()
            .await
            .expect("POST");
        assert_eq!(res.status(), 403);
        let after = app.store.forum_by_slug("belgrade").await.expect("store").expect("forum");
        assert_eq!(after.summary.status, forum.summary.status, "nothing changed");
    }

    async fn every_kind_of_page_carries_the_browser_security_headers(app) {
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let scanner = app.scanner_at("belgrade").await;
        // (client, path, private, scanner page)
        let anonymous = app.new_client();
        let pages: [(&reqwest::Client, &str, bool, bool); 8] = [
            (&anonymous, "/", false, false),
            (&anonymous, "/forums/belgrade", false, false),
            (&anonymous, "/login", false, false),
            (&organiser, "/organiser", true, false),
            (&organiser, "/organiser/forums/belgrade/registrations", true, false),
            (&scanner, "/checkin", true, false),
            (&scanner, "/checkin/belgrade/entry", true, true),
            (&scanner, "/checkin/belgrade/entry/counts", true, false),
        ];
        for (client, path, private, camera) in pages {
            let res = client.get(app.url(path)).send().await.expect("GET");
            assert_eq!(res.status(), 200, "{path}");
            let h = res.headers();
            let get = |name: &str| h.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
            let csp = get("content-security-policy");
            assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval'"), "{path}: {csp}");
            assert!(csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'"), "{path}: {csp}");
            assert!(!csp.contains("unsafe-inline'; ") || csp.contains("style-src-attr 'unsafe-inline'"), "{path}: {csp}");
            assert_eq!(get("x-content-type-options"), "nosniff", "{path}");
            assert_eq!(get("x-frame-options"), "DENY", "{path}");
            assert_eq!(get("referrer-policy"), "strict-origin-when-cross-origin", "{path}");
            let permissions = get("permissions-policy");
            assert_eq!(permissions.contains("camera=(self)"), camera, "{path}: {permissions}");
            assert!(camera || permissions.contains("camera=()"), "{path}: {permissions}");
            let cache = get("cache-control");
            assert_eq!(cache == "no-store", private, "{path}: {cache}");
            assert!(get("strict-transport-security").is_empty(), "no HSTS over plain http");
        }
        // Leptos's inline bootstrap scripts carry this response's nonce, and only its policy
        // names it.
        let res = app.new_client().get(app.url("/")).send().await.expect("GET");
        let csp = res.headers()["content-security-policy"].to_str().expect("ascii").to_string();
        let html = res.text().await.expect("body");
        let nonces: Vec<&str> = html.split("<script nonce=\"").skip(1).filter_map(|r| r.split('"').next()).collect();
        assert!(!nonces.is_empty(), "the page has its inline scripts");
        for nonce in &nonces {
            assert!(csp.contains(&format!("'nonce-{nonce}'")), "{nonce} not in {csp}");
        }
        let again = app.new_client().get(app.url("/")).send().await.expect("GET");
        assert_ne!(again.headers()["content-security-policy"].to_str().expect("ascii"), csp, "a new nonce each time");
        // A page whose address holds a secret tells no other site where the visitor came from.
        let (_, groups) = forum_and_groups(app, "belgrade").await;
        let group = groups[0].0.to_string();
        register(app, &app.new_client(), &form("belgrade", "Vesna Ilić", "vesna.headers@example.org", &group)).await;
        let mail = app.wait_for_mail("vesna.headers@example.org").await;
        let link = crate::registration::link_in(&mail);
        let res = app.new_client().get(app.url(&link)).send().await.expect("GET");
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["referrer-policy"], "no-referrer");
        assert_eq!(res.headers()["cache-control"], "no-store");
        // Private JSON is never stored either.
        let res = call_with(&organiser, &app.url("/api/me"), &[]).await;
        assert_eq!(res.headers()["cache-control"], "no-store");
    }
}

/// The public form with the limits a real server has (only the loopback balancer trusted, so
/// the test can stand for several clients).
mod public_form {
    use super::*;
    use crate::helpers::{spawn_app_limited, stored, test_limits, Db, TestApp};

    async fn app_with(db: Db, per_hour: i64, min_secs: i64) -> TestApp {
        let limits = app::state::Limits {
            registrations_per_hour: per_hour,
            form_min_secs: min_secs,
            ..test_limits()
        };
        spawn_app_limited(db, None, limits).await
    }

    async fn send(app: &TestApp, client_ip: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        app.new_client()
            .post(app.url("/api/register"))
            .header("Accept", "application/json")
            .header("X-Forwarded-For", client_ip)
            .form(fields)
            .send()
            .await
            .expect("POST")
    }

    async fn a_burst_from_one_address_gets_429_and_others_still_register(db: Db) {
        let app = app_with(db, 6, 0).await;
        let (_, groups) = forum_and_groups(&app, "belgrade").await;
        let group = groups[0].0.to_string();
        let mails: Vec<String> = (0..5).map(|i| format!("burst{i}@example.org")).collect();
        // Per forum an address gets half its hourly allowance: three here.
        for email in &mails[..3] {
            let res = send(
                &app,
                "203.0.113.7",
                &form("belgrade", "Burst Person", email, &group),
            )
            .await;
            assert_eq!(res.status(), 200, "{:?}", res.text().await);
        }
        let res = send(
            &app,
            "203.0.113.7",
            &form("belgrade", "Burst Person", &mails[3], &group),
        )
        .await;
        assert_eq!(res.status(), 429);
        let retry: u64 = res.headers()["retry-after"]
            .to_str()
            .expect("ascii")
            .parse()
            .expect("seconds");
        assert!(retry > 0 && retry <= 3600, "{retry}");
        assert_eq!(
            stored(&app, &mails[3]).await,
            0,
            "nothing written past the limit"
        );
        // "Lost my link" counts against the same address, by its own allowance.
        let res = app
            .new_client()
            .post(app.url("/api/registration/lost"))
            .header("Accept", "application/json")
            .header("X-Forwarded-For", "203.0.113.7")
            .form(&[("email", mails[0].as_str())])
            .send()
            .await
            .expect("POST");
        assert_eq!(res.status(), 200);
        // Another participant, from another address, is not held back.
        let res = send(
            &app,
            "198.51.100.20",
            &form("belgrade", "Other Person", &mails[4], &group),
        )
        .await;
        assert_eq!(res.status(), 200);
        assert_eq!(stored(&app, &mails[4]).await, 1);
        app.cleanup().await;
    }

    /// A burst spread over many addresses, IPv6 ones rotated inside one /64 counting as one
    /// client, meets the forum's own ceiling: 429 with Retry-After, nothing written past it.
    async fn a_distributed_burst_meets_the_forums_ceiling(db: Db) {
        let limits = app::state::Limits {
            registrations_per_hour: 4,
            forum_registrations_per_minute: 5,
            form_min_secs: 0,
            ..test_limits()
        };
        let app = spawn_app_limited(db, None, limits).await;
        let (_, groups) = forum_and_groups(&app, "belgrade").await;
        let group = groups[0].0.to_string();
        // One /64: two registrations per forum (half of four an hour), whichever address in it.
        for (i, ip) in ["2001:db8:7:7::1", "2001:db8:7:7:ffff::2"]
            .iter()
            .enumerate()
        {
            let email = format!("six{i}@example.org");
            let res = send(&app, ip, &form("belgrade", "Six Four", &email, &group)).await;
            assert_eq!(res.status(), 200, "{:?}", res.text().await);
        }
        let res = send(
            &app,
            "2001:db8:7:7:1234::9",
            &form("belgrade", "Six Four", "six2@example.org", &group),
        )
        .await;
        assert_eq!(
            res.status(),
            429,
            "a third address in the same /64 is the same client"
        );
        assert_eq!(stored(&app, "six2@example.org").await, 0);
        // Many addresses: the forum takes five a minute in all (two are in already).
        let mut statuses = Vec::new();
        for i in 0..6 {
            let email = format!("crowd{i}@example.org");
            let res = send(
                &app,
                &format!("198.51.100.{}", 10 + i),
                &form("belgrade", "Crowd", &email, &group),
            )
            .await;
            if res.status() == 429 {
                let retry: u64 = res.headers()["retry-after"]
                    .to_str()
                    .expect("ascii")
                    .parse()
                    .expect("seconds");
                assert!(retry > 0 && retry <= 60, "{retry}");
            }
            statuses.push(res.status().as_u16());
        }
        assert_eq!(
            statuses,
            vec![200, 200, 200, 429, 429, 429],
            "the forum's ceiling holds"
        );
        for i in 3..6 {
            assert_eq!(
                stored(&app, &format!("crowd{i}@example.org")).await,
                0,
                "nothing written past the ceiling"
            );
        }
        // Another forum is not held back by Belgrade's burst.
        let (_, groups) = forum_and_groups(&app, "sarajevo").await;
        let res = send(
            &app,
            "198.51.100.99",
            &form(
                "sarajevo",
                "Elsewhere",
                "elsewhere@example.org",
                &groups[0].0.to_string(),
            ),
        )
        .await;
        assert_eq!(res.status(), 200);
        app.cleanup().await;
    }

    async fn a_bot_filling_the_hidden_field_or_posting_at_once_gets_the_usual_answer_and_no_seat(
        db: Db,
    ) {
        let app = app_with(db, 1_000, 2).await;
        let (_, groups) = forum_and_groups(&app, "belgrade").await;
        let group = groups[0].0.to_string();
        let page = app
            .get("/forums/belgrade/register")
            .await
            .text()
            .await
            .expect("page");
        let issued = page
            .split("name=\"form[issued]\" value=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("the form carries its stamp")
            .to_string();
        let with = |email: &'static str, extra: Vec<(&'static str, String)>| {
            let mut fields: Vec<(String, String)> = form("belgrade", "Bot Person", email, &group)
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            fields.extend(extra.into_iter().map(|(k, v)| (k.to_string(), v)));
            fields
        };
        let post = |fields: Vec<(String, String)>| {
            let req = app
                .new_client()
                .post(app.url("/api/register"))
                .header("Accept", "application/json")
                .form(&fields);
            async move { req.send().await.expect("POST") }
        };
        // At once after the page was served, with a forged stamp, without one, or with the
        // hidden field filled: the same neutral answer, nothing stored, no email.
        let attempts = [
            ("fast@example.org", vec![("form[issued]", issued.clone())]),
            (
                "forged@example.org",
                vec![(
                    "form[issued]",
                    format!("{}.0123456789abcdef", chrono::Utc::now().timestamp() - 60),
                )],
            ),
            ("nostamp@example.org", vec![]),
        ];
        for (email, extra) in attempts {
            let res = post(with(email, extra)).await;
            assert_eq!(res.status(), 200, "{email}");
            assert_eq!(stored(&app, email).await, 0, "{email}");
        }
        tokio::time::sleep(std::time::Duration::from_millis(2_200)).await;
        let res = post(with(
            "honeypot@example.org",
            vec![
                ("form[issued]", issued.clone()),
                ("form[website]", "http://spam.example".into()),
            ],
        ))
        .await;
        assert_eq!(res.status(), 200);
        assert_eq!(stored(&app, "honeypot@example.org").await, 0);
        // A person, who took a moment over the form, registers.
        let res = post(with("person@example.org", vec![("form[issued]", issued)])).await;
        assert_eq!(res.status(), 200);
        assert_eq!(stored(&app, "person@example.org").await, 1);
        assert!(app
            .delivered()
            .iter()
            .all(|m| !m.contains("fast@example.org") && !m.contains("honeypot@example.org")));
        app.cleanup().await;
    }

    async fn a_private_health_check_shows_its_version_only_to_admins(db: Db) {
        let app =
            crate::helpers::spawn_app_configured(db, None, test_limits(), true, Default::default())
                .await;
        let anonymous: serde_json::Value = app.get("/health").await.json().await.expect("json");
        assert_eq!(anonymous, serde_json::json!({"status": "ok"}));
        let admin = app.log_in_as(crate::helpers::ADMIN_EMAIL).await;
        let full: serde_json::Value = admin
            .get(app.url("/health"))
            .send()
            .await
            .expect("GET")
            .json()
            .await
            .expect("json");
        assert_eq!(full["status"], "ok");
        assert!(
            full["version"].is_string() && full["database"].is_string(),
            "{full}"
        );
        app.cleanup().await;
    }

    #[tokio::test]
    async fn a_private_health_check_on_sqlite() {
        a_private_health_check_shows_its_version_only_to_admins(Db::Sqlite).await;
    }
    #[tokio::test]
    async fn a_private_health_check_on_postgres() {
        a_private_health_check_shows_its_version_only_to_admins(Db::Postgres).await;
    }
    #[tokio::test]
    async fn a_distributed_burst_meets_the_ceiling_on_sqlite() {
        a_distributed_burst_meets_the_forums_ceiling(Db::Sqlite).await;
    }
    #[tokio::test]
    async fn a_distributed_burst_meets_the_ceiling_on_postgres() {
        a_distributed_burst_meets_the_forums_ceiling(Db::Postgres).await;
    }
    #[tokio::test]
    async fn a_burst_from_one_address_gets_429_on_sqlite() {
        a_burst_from_one_address_gets_429_and_others_still_register(Db::Sqlite).await;
    }
    #[tokio::test]
    async fn a_burst_from_one_address_gets_429_on_postgres() {
        a_burst_from_one_address_gets_429_and_others_still_register(Db::Postgres).await;
    }
    #[tokio::test]
    async fn bots_are_turned_away_quietly_on_sqlite() {
        a_bot_filling_the_hidden_field_or_posting_at_once_gets_the_usual_answer_and_no_seat(
            Db::Sqlite,
        )
        .await;
    }
    #[tokio::test]
    async fn bots_are_turned_away_quietly_on_postgres() {
        a_bot_filling_the_hidden_field_or_posting_at_once_gets_the_usual_answer_and_no_seat(
            Db::Postgres,
        )
        .await;
    }
}
