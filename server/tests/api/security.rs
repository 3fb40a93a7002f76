use crate::both_databases;
use crate::helpers::{call_with, ADMIN_EMAIL, ORGANISER_EMAIL};

/// Every privileged server function, the roles allowed to call it, and a harmless valid body.
/// (endpoint, roles allowed, form body)
type Privileged = (
    &'static str,
    &'static [&'static str],
    &'static [(&'static str, &'static str)],
);

const PRIVILEGED: [Privileged; 61] = [
    (
        "organiser/checkin",
        &["admin", "organiser"],
        &[("slug", "belgrade")],
    ),
    (
        "organiser/checkin/groups",
        &["admin", "organiser"],
        &[("slug", "belgrade"), ("list", "entry")],
    ),
    (
        "organiser/checkin/device",
        &["admin", "organiser"],
        &[("slug", "belgrade"), ("label", "")],
    ),
    (
        "organiser/checkin/device-revoke",
        &["admin", "organiser"],
        &[("slug", "belgrade"), ("device_id", "999999")],
    ),
    (
        "organiser/checkin/double-entry-resolve",
        &["admin", "organiser"],
        &[("slug", "belgrade"), ("entry_id", "999999")],
    ),
    (
        "organiser/ticket",
        &["admin", "organiser"],
        &[("slug", "belgrade"), ("registration_id", "999999")],
    ),
    (
        "organiser/ticket-reissue",
        &["admin", "organiser"],
        &[("slug", "belgrade"), ("registration_id", "999999")],
    ),
    ("checkin/forums", &["admin", "organiser", "scanner"], &[]),
    (
        "checkin/code",
        &["admin", "organiser", "scanner"],
        &[
            ("slug", "belgrade"),
            ("list", "entry"),
            ("code", "AG1:x"),
            ("nonce", "security-code"),
        ],
    ),
    (
        "checkin/lists",
        &["admin", "organiser", "scanner"],
        &[("slug", "belgrade")],
    ),
    (
        "checkin/scanner",
        &["admin", "organiser", "scanner"],
        &[("slug", "belgrade"), ("list", "entry"), ("q", "")],
    ),
    (
        "checkin/manual",
        &["admin", "organiser", "scanner"],
        &[
            ("slug", "belgrade"),
            ("list", "entry"),
            ("registration_id", "999999"),
            ("nonce", "security-1"),
        ],
    ),
    (
        "checkin/undo",
        &["admin", "organiser", "scanner"],
        &[("slug", "belgrade")],
    ),
    (
        "checkin/counts",
        &["admin", "organiser", "scanner"],
        &[("slug", "belgrade"), ("list", "entry")],
    ),
    (
        "registrations/change",
        &["admin", "organiser"],
        &[
            ("slug", "belgrade"),
            ("registration_id", "999999"),
            ("change", "approve"),
            ("group_id", ""),
        ],
    ),
    (
        "registrations/approve-many",
        &["admin", "organiser"],
        &[("slug", "belgrade"), ("picked[r999999]", "on")],
    ),
    (
        "registrations/add",
        &["admin", "organiser"],
        &[
            ("slug", "belgrade"),
            ("form[full_name]", ""),
            ("form[email]", ""),
            ("form[organisation]", ""),
            ("form[position]", ""),
            ("form[country]", ""),
            ("form[group_id]", ""),
        ],
    ),
    (
        "registrations/edit",
        &["admin", "organiser"],
        &[
            ("slug", "belgrade"),
            ("registration_id", "999999"),
            ("form[full_name]", ""),
            ("form[email]", ""),
            ("form[organisation]", ""),
            ("form[position]", ""),
            ("form[country]", ""),
            ("form[group_id]", ""),
        ],
    ),
    (
        "organiser/registration",
        &["admin", "organiser"],
        &[("slug", "belgrade"), ("registration_id", "999999")],
    ),
    (
        "organiser/invitations",
        &["admin", "organiser"],
        &[("slug", "belgrade")],
    ),
    (
        "invitations/create",
        &["admin", "organiser"],
        &[
            ("slug", "belgrade"),
            ("full_name", ""),
            ("email", "not-an-address"),
            ("group_id", ""),
            ("count", "1"),
        ],
    ),
    (
        "invitations/delete",
        &["admin", "organiser"],
        &[("slug", "belgrade"), ("invitation_id", "999999")],
    ),
    (
        "organiser/questions",
        &["admin", "organiser"],
        &[("slug", "belgrade")],
    ),
    (
        "questions/add",
        &["admin", "organiser"],
        &[("slug", "belgrade"), ("form[kind]", "nonsense")],
    ),
    (
        "questions/delete",
        &["admin", "organiser"],
        &[("slug", "belgrade"), ("question_id", "999999")],
    ),
    (
        "organiser/registrations",
        &["admin", "organiser"],
        &[
            ("slug", "belgrade"),
            ("page", "1"),
            ("filter[q]", ""),
            ("filter[status]", ""),
            ("filter[group]", ""),
            ("filter[country]", ""),
            ("filter[sort]", ""),
        ],
    ),
    (
        "registrations/quota",
        &["admin", "organiser"],
        &[
            ("slug", "belgrade"),
            ("group_id", "1"),
            ("reserved", "-1"),
            ("cap", ""),
        ],
    ),
    (
        "registrations/settings",
        &["admin", "organiser"],
        &[
            ("slug", "belgrade"),
            ("mode", "open"),
            ("release_at", "soon"),
            ("opens_at", ""),
            ("closes_at", ""),
        ],
    ),
    (
        "registrations/cancel",
        &["admin", "organiser"],
        &[("slug", "belgrade"), ("registration_id", "999999")],
    ),
    (
        "organiser/agenda",
        &["admin", "organiser"],
        &[("slug", "regional-forum")],
    ),
    (
        "agenda/rooms/save",
        &["admin", "organiser"],
        &[
            ("slug", "belgrade"),
            ("form[name]", ""),
            ("form[capacity]", ""),
            ("form[accessibility]", ""),
        ],
    ),
    (
        "agenda/rooms/delete",
        &["admin", "organiser"],
        &[("slug", "belgrade"), ("room_id", "999999")],
    ),
    (
        "agenda/tracks/save",
        &["admin", "organiser"],
        &[
            ("slug", "belgrade"),
            ("form[name]", ""),
            ("form[colour]", "red"),
        ],
    ),
    (
        "agenda/tracks/delete",
        &["admin", "organiser"],
        &[("slug", "belgrade"), ("track_id", "999999")],
    ),
    (
        "agenda/people/save",
        &["admin", "organiser"],
        &[
            ("slug", "belgrade"),
            ("form[name]", ""),
            ("form[affiliation]", ""),
            ("form[title]", ""),
            ("form[group_id]", ""),
            ("form[country]", ""),
            ("form[bio]", ""),
        ],
    ),
    (
        "agenda/people/delete",
        &["admin", "organiser"],
        &[("slug", "belgrade"), ("person_id", "999999")],
    ),
    (
        "agenda/sessions/save",
        &["admin", "organiser"],
        &[
            ("slug", "belgrade"),
            ("form[title]", ""),
            ("form[description]", ""),
            ("form[kind]", "panel"),
            ("form[day]", "x"),
            ("form[starts]", "10:00"),
            ("form[ends]", "11:00"),
            ("form[room_id]", ""),
            ("form[track_id]", ""),
            ("form[language]", "en"),
        ],
    ),
    (
        "agenda/sessions/cancel",
        &["admin", "organiser"],
        &[
            ("slug", "belgrade"),
            ("session_id", "999999"),
            ("cancelled", "true"),
        ],
    ),
    (
        "agenda/sessions/delete",
        &["admin", "organiser"],
        &[("slug", "belgrade"), ("session_id", "999999")],
    ),
    (
        "agenda/sessions/assign",
        &["admin", "organiser"],
        &[
            ("slug", "belgrade"),
            ("session_id", "999999"),
            ("person_id", "1"),
            ("role", "speaker"),
        ],
    ),
    (
        "agenda/sessions/unassign",
        &["admin", "organiser"],
        &[
            ("slug", "belgrade"),
            ("session_id", "999999"),
            ("person_id", "1"),
        ],
    ),
    ("organiser/announcements", &["admin", "organiser"], &[]),
    ("organiser/announcement-form", &["admin", "organiser"], &[]),
    (
        "announcements/save",
        &["admin", "organiser"],
        &[
            ("form[forum_id]", ""),
            ("form[title]", ""),
            ("form[body]", ""),
            ("form[locale]", "en"),
            ("form[status]", "draft"),
            ("form[published_at]", ""),
        ],
    ),
    (
        "announcements/delete",
        &["admin", "organiser"],
        &[("announcement_id", "999999")],
    ),
    (
        "organiser/documents",
        &["admin", "organiser"],
        &[("slug", "belgrade")],
    ),
    (
        "documents/delete",
        &["admin", "organiser"],
        &[("slug", "belgrade"), ("document_id", "999999")],
    ),
    ("organiser/series", &["admin", "organiser"], &[]),
    ("organiser/series-form", &["admin"], &[]),
    (
        "series/save",
        // Series-wide: admins (and the series' lead, who the demo organiser is not).
        &["admin"],
        &[
            ("form[slug]", ""),
            ("form[title]", ""),
            ("form[description]", ""),
            ("form[default_locale]", "en"),
        ],
    ),
    (
        "series/status",
        // Series-wide: admins (and the series' lead, who the demo organiser is not).
        &["admin"],
        &[("series_id", "1"), ("status", "live")],
    ),
    (
        "series/delete",
        // Series-wide: admins (and the series' lead, who the demo organiser is not).
        &["admin"],
        &[("series_id", "1"), ("confirm", "wrong")],
    ),
    (
        "organiser/forum-form",
        &["admin", "organiser"],
        &[("slug", "belgrade")],
    ),
    (
        "forums/delete",
        &["admin", "organiser"],
        &[("forum_id", "1"), ("confirm", "wrong")],
    ),
    (
        "organiser/translations",
        // Series-wide: admins (and the series' lead, who the demo organiser is not).
        &["admin"],
        &[("scope", "series")],
    ),
    (
        "translations/save",
        // Series-wide: admins (and the series' lead, who the demo organiser is not).
        &["admin"],
        &[
            ("entity", "group"),
            ("entity_id", "1"),
            ("locale", "sq"),
            ("name", "Shoqëria civile"),
        ],
    ),
    (
        "forums/default-language",
        &["admin", "organiser"],
        &[("forum_id", "2"), ("locale", "en")],
    ),
    ("organiser/forums", &["admin", "organiser"], &[]),
    (
        "forums/status",
        &["admin", "organiser"],
        &[("forum_id", "1"), ("status", "published")],
    ),
    ("accounts/list", &["admin"], &[]),
    (
        "accounts/create",
        &["admin"],
        &[
            ("email", "new@example.org"),
            ("display_name", "New"),
            ("password", "long enough password"),
            ("role", "scanner"),
        ],
    ),
];

both_databases! {
    async fn every_privileged_function_refuses_anonymous_and_wrong_roles(app) {
        let scanner = app.scanner_at("belgrade").await;
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let admin = app.log_in_as(ADMIN_EMAIL).await;
        for (endpoint, allowed, form) in PRIVILEGED {
            let url = app.url(&format!("/api/{endpoint}"));
            let anonymous = call_with(&app.new_client(), &url, form).await.status();
            assert_eq!(anonymous, 401, "anonymous on {endpoint}");
            for (role, client) in [("scanner", &scanner), ("organiser", &organiser), ("admin", &admin)] {
                let status = call_with(client, &url, form).await.status();
                if allowed.contains(&role) {
                    // Past the role check: done, refused as invalid or by a rule (a ticket
                    // that is not valid), or about a record that does not exist.
                    assert!([200, 404, 409, 422].contains(&status.as_u16()), "{role} on {endpoint}: {status}");
                } else {
                    assert_eq!(status, 403, "{role} on {endpoint}");
                }
            }
        }
    }

    async fn organiser_pages_send_anonymous_visitors_to_sign_in(app) {
        let res = app.client.get(app.url("/organiser")).header("Accept", "text/html").send().await.expect("GET");
        assert!(res.status().is_redirection(), "{}", res.status());
        let location = res.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        assert!(location.starts_with("/login"), "{location}");
        let scanner = app.scanner_at("belgrade").await;
        let res = scanner.get(app.url("/admin/accounts")).send().await.expect("GET");
        assert_eq!(res.status(), 403);
    }

    async fn state_changing_requests_from_other_sites_are_refused(app) {
        let bare = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
        let url = app.url("/api/login");
        let res = bare.post(&url).form(&[("email", ORGANISER_EMAIL), ("password", "x")]).send().await.expect("POST");
        assert_eq!(res.status(), 403, "no Origin and no Referer");
        let res = bare.post(&url).header("Origin", "https://evil.example").header("Accept-Language", "sq").form(&[("email", ORGANISER_EMAIL), ("password", "x")]).send().await.expect("POST");
        assert_eq!(res.status(), 403, "a foreign Origin");
        let said = res.text().await.expect("body");
        assert_eq!(said, app::i18n::Locale::from_code("sq").expect("sq").t("error.other_site"), "in the reader's language");
        assert!(said.contains("Agora"), "{said}");
        let res = bare.post(&url).header("Referer", format!("{}/login", app.address)).header("Accept", "application/json").form(&[("email", ORGANISER_EMAIL), ("password", "x")]).send().await.expect("POST");
        assert_eq!(res.status(), 401, "our own page as Referer is fine");
    }

    async fn malformed_input_gets_a_4xx_never_a_500(app) {
        let res = app.client.post(app.url("/api/forums/status")).header("Accept", "application/json")
            .header("Content-Type", "application/x-www-form-urlencoded").body("forum_id=abc&status=").send().await.expect("POST");
        assert_eq!(res.status(), 400);
        let res = app.client.post(app.url("/api/login")).header("Accept", "application/json")
            .header("Content-Type", "application/x-www-form-urlencoded").body("nonsense").send().await.expect("POST");
        assert_eq!(res.status(), 400);
        // The server may answer 413 while the client is still sending; then the client can see
        // the connection close instead.
        let huge = "a".repeat(2 << 20);
        match app.new_client().post(app.url("/api/login")).header("Accept", "application/json")
            .form(&[("email", huge.as_str()), ("password", "x")]).send().await {
            Ok(res) => assert_eq!(res.status(), 413),
            Err(e) => assert!(e.is_request(), "{e}"),
        }
    }
}
