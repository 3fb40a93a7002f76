//! Authorisation as a declared, tested property: every route of the router has a rule, and the
//! matrix below asks each kind of actor to do each thing to one forum (Sarajevo) and its series:
//! a refused request is 401/403/404 and changes nothing (the affected tables are compared before
//! and after), an allowed one is not refused.

use crate::both_databases;
use crate::checkin::confirmed;
use crate::helpers::{call_with, TestApp, ADMIN_EMAIL, DEMO_PASSWORD, SCANNER_EMAIL};
use app::features::accounts::rules::{Rule, HTTP_ROUTES, SERVER_FUNCTIONS};
use app::features::accounts::types::{EmailAddress, Role};
use app::store::NewAccount;
use server::demo::{BELGRADE_TEAM_EMAIL, COORDINATOR_EMAIL, LEAD_EMAIL};
use std::collections::BTreeSet;

#[test]
fn every_route_of_the_router_has_a_declared_rule_and_every_rule_a_route() {
    // Server functions register themselves when the app crate is linked.
    let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_string())
        .collect();
    assert!(
        registered.len() > 100,
        "server functions are registered: {}",
        registered.len()
    );
    let declared: BTreeSet<String> = SERVER_FUNCTIONS
        .iter()
        .map(|(p, _)| p.to_string())
        .collect();
    let missing: Vec<_> = registered.difference(&declared).collect();
    assert!(
        missing.is_empty(),
        "server functions without a declared rule: {missing:?}"
    );
    let stale: Vec<_> = declared.difference(&registered).collect();
    assert!(
        stale.is_empty(),
        "rules for server functions that do not exist: {stale:?}"
    );

    let mounted: BTreeSet<String> = server::startup::http_routes()
        .into_iter()
        .map(|(method, path, _)| format!("{method} {path}"))
        .collect();
    let declared: BTreeSet<String> = HTTP_ROUTES
        .iter()
        .map(|(m, p, _)| format!("{m} {p}"))
        .collect();
    let missing: Vec<_> = mounted.difference(&declared).collect();
    assert!(
        missing.is_empty(),
        "routes without a declared rule: {missing:?}"
    );
    let stale: Vec<_> = declared.difference(&mounted).collect();
    assert!(
        stale.is_empty(),
        "rules for routes that are not mounted: {stale:?}"
    );

    // Whatever changes data is decided by the policy or by a participant's token, never public
    // (the public forms are named: registering, the lost link, signing in, the flash message).
    let public_changes = [
        "/api/register",
        "/api/registration/lost",
        "/api/login",
        "/api/flash",
    ];
    for (path, rule) in SERVER_FUNCTIONS {
        let changes = [
            "save", "delete", "create", "edit", "cancel", "status", "add", "change",
        ]
        .iter()
        .any(|verb| path.contains(verb));
        if changes && *rule == Rule::Public {
            assert!(
                public_changes.contains(path),
                "{path} changes data but is public"
            );
        }
    }
}

/// Who asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Actor {
    Anonymous,
    /// A participant of another forum, carrying their manage link's device.
    Participant,
    /// A scanner account assigned to another forum only.
    Scanner,
    /// A read-only place on this forum's team.
    Reader,
    CoordinatorOther,
    CoordinatorHere,
    /// An organiser on another forum's team only.
    OtherTeam,
    /// An organiser on no team at all.
    Fresh,
    Team,
    Lead,
    Admin,
}

const ACTORS: [Actor; 11] = [
    Actor::Anonymous,
    Actor::Participant,
    Actor::Scanner,
    Actor::Reader,
    Actor::CoordinatorOther,
    Actor::CoordinatorHere,
    Actor::OtherTeam,
    Actor::Fresh,
    Actor::Team,
    Actor::Lead,
    Actor::Admin,
];

use Actor::*;
const EDITORS: &[Actor] = &[Team, Lead, Admin];
const LEADS: &[Actor] = &[Lead, Admin];
const ADMINS: &[Actor] = &[Admin];
const READERS: &[Actor] = &[Reader, CoordinatorOther, CoordinatorHere, Team, Lead, Admin];

struct World {
    clients: Vec<(Actor, reqwest::Client)>,
    series: String,
    forum: String,
    registration: String,
    other_team_id: String,
    lead_id: String,
    scanner_id: String,
    forum_locale: String,
}

impl World {
    fn client(&self, actor: Actor) -> &reqwest::Client {
        &self
            .clients
            .iter()
            .find(|(a, _)| *a == actor)
            .expect("actor")
            .1
    }
}

async fn account(
    app: &TestApp,
    email: &str,
    role: Role,
) -> app::features::accounts::types::AccountId {
    let hash = app::features::accounts::auth::hash_password(DEMO_PASSWORD).expect("hash");
    app.store
        .create_account(&NewAccount {
            email: EmailAddress::parse(email).expect("email"),
            display_name: email.split('@').next().unwrap_or(email).to_string(),
            password_hash: hash,
            role,
        })
        .await
        .expect("account")
}

async fn id_of(app: &TestApp, email: &str) -> app::features::accounts::types::AccountId {
    app.store
        .account_by_email(email)
        .await
        .expect("store")
        .expect("account")
        .id
}

async fn world(app: &TestApp) -> World {
    let sarajevo = app
        .store
        .forum_by_slug("sarajevo")
        .await
        .expect("store")
        .expect("forum");
    let series = sarajevo.series_id;
    let forum = sarajevo.summary.id;
    let reader = account(app, "reader@agora.example", Role::Organiser).await;
    app.store
        .set_team_member(forum, reader, Some(true))
        .await
        .expect("reader");
    let team = account(app, "sarajevo.team@agora.example", Role::Organiser).await;
    app.store
        .set_team_member(forum, team, Some(false))
        .await
        .expect("team");
    account(app, "fresh@agora.example", Role::Organiser).await;
    let here = account(app, "coordinator.ba@agora.example", Role::Organiser).await;
    app.store
        .set_coordinator(series.0, here, Some("BA"))
        .await
        .expect("coordinator");
    // A participant from Bosnia and Herzegovina at Sarajevo, whom the BA coordinator may read.
    let (_, groups) = crate::registration::forum_and_groups(app, "sarajevo").await;
    let group = groups[0].0.to_string();
    let mut fields =
        crate::registration::form("sarajevo", "Amra Hadžić", "amra@example.org", &group);
    for field in fields.iter_mut() {
        if field.0 == "form[country]" {
            field.1 = "BA";
        }
    }
    let res = crate::registration::register(app, &app.new_client(), &fields).await;
    assert_eq!(res.status(), 200);
    let registration = app
        .store
        .registrations_by_email("amra@example.org")
        .await
        .expect("store")
        .into_iter()
        .next()
        .expect("registered")
        .id
        .0;
    let (_, link) = confirmed(app, "belgrade", "Besa Krasniqi", "besa@example.org").await;
    let participant = app.new_client();
    participant
        .get(app.url(&link))
        .send()
        .await
        .expect("manage link");
    let mut clients = vec![(Anonymous, app.new_client()), (Participant, participant)];
    for (actor, email) in [
        (Scanner, SCANNER_EMAIL),
        (Reader, "reader@agora.example"),
        (CoordinatorOther, COORDINATOR_EMAIL),
        (CoordinatorHere, "coordinator.ba@agora.example"),
        (OtherTeam, BELGRADE_TEAM_EMAIL),
        (Fresh, "fresh@agora.example"),
        (Team, "sarajevo.team@agora.example"),
        (Lead, LEAD_EMAIL),
        (Admin, ADMIN_EMAIL),
    ] {
        clients.push((actor, app.log_in_as(email).await));
    }
    World {
        clients,
        series: series.0.to_string(),
        forum: forum.0.to_string(),
        registration: registration.to_string(),
        other_team_id: id_of(app, BELGRADE_TEAM_EMAIL).await.0.to_string(),
        lead_id: id_of(app, LEAD_EMAIL).await.0.to_string(),
        scanner_id: id_of(app, SCANNER_EMAIL).await.0.to_string(),
        forum_locale: sarajevo.summary.default_locale.clone(),
    }
}

/// The rows a refused request must leave as they were, as text (the same SQL on both databases).
pub(crate) async fn snapshot(app: &TestApp) -> Vec<String> {
    const QUERIES: &[&str] = &[
        "SELECT CAST(id AS TEXT) || '|' || slug || '|' || title || '|' || status FROM series ORDER BY id",
        "SELECT CAST(id AS TEXT) || '|' || slug || '|' || title || '|' || status || '|' || default_locale || '|' || CAST(series_id AS TEXT) FROM forums ORDER BY id",
        "SELECT CAST(id AS TEXT) || '|' || title || '|' || status FROM announcements ORDER BY id",
        "SELECT CAST(id AS TEXT) || '|' || title FROM documents ORDER BY id",
        "SELECT CAST(id AS TEXT) || '|' || status || '|' || full_name FROM registrations ORDER BY id",
        "SELECT CAST(forum_id AS TEXT) || '|' || CAST(account_id AS TEXT) || '|' || CAST(read_only AS TEXT) FROM forum_team ORDER BY forum_id, account_id",
        "SELECT CAST(forum_id AS TEXT) || '|' || CAST(account_id AS TEXT) || '|' || CAST(until AS TEXT) FROM forum_scanners ORDER BY forum_id, account_id",
        "SELECT CAST(series_id AS TEXT) || '|' || CAST(account_id AS TEXT) || '|' || country FROM coordinators ORDER BY series_id, account_id",
        "SELECT CAST(COUNT(*) AS TEXT) FROM translations",
        "SELECT CAST(COUNT(*) AS TEXT) FROM privacy_notices",
        "SELECT CAST(COUNT(*) AS TEXT) FROM checkins",
        "SELECT CAST(COUNT(*) AS TEXT) FROM accounts",
        "SELECT CAST(COUNT(*) AS TEXT) FROM messages",
        "SELECT CAST(id AS TEXT) || '|' || state || '|' || CAST(reminders AS TEXT) FROM invitations ORDER BY id",
        "SELECT CAST(id AS TEXT) || '|' || COALESCE(CAST(invitation_reminder_days AS TEXT), '-') FROM forums ORDER BY id",
        "SELECT CAST(forum_id AS TEXT) || '|' || hours FROM forum_reminders ORDER BY forum_id",
        "SELECT CAST(id AS TEXT) || '|' || COALESCE(CAST(lead_account_id AS TEXT), '-') FROM series ORDER BY id",
        "SELECT CAST(id AS TEXT) || '|' || CAST(retention_days AS TEXT) FROM forums ORDER BY id",
        "SELECT CAST(forum_id AS TEXT) || '|' || CAST(after_end_hours AS TEXT) || '|' || CAST(offline_hours AS TEXT) FROM door_expiry ORDER BY forum_id",
    ];
    // The same SQL on either database, read through that database's own pool.
    macro_rules! read_all {
        ($pool:expr) => {{
            let pool = $pool;
            let mut rows = Vec::new();
            for q in QUERIES {
                let found: Vec<Option<String>> =
                    sqlx::query_scalar(q).fetch_all(&pool).await.expect(q);
                rows.push(format!(
                    "{q}\n{}",
                    found.into_iter().flatten().collect::<Vec<_>>().join("\n")
                ));
            }
            pool.close().await;
            rows
        }};
    }
    let rows = if app.database_url.starts_with("postgres") {
        read_all!(sqlx::PgPool::connect(&app.database_url).await.expect("pg"))
    } else {
        read_all!(sqlx::SqlitePool::connect(&app.database_url)
            .await
            .expect("sqlite"))
    };
    rows
}

/// One thing to try: a server function, its form, who may, and (after an allowed call) how an
/// admin puts things back so the next actor meets the same state.
struct Case {
    endpoint: &'static str,
    form: Vec<(&'static str, String)>,
    allowed: &'static [Actor],
    undo: Option<(&'static str, Vec<(&'static str, String)>)>,
}

fn case(
    endpoint: &'static str,
    form: Vec<(&'static str, String)>,
    allowed: &'static [Actor],
) -> Case {
    Case {
        endpoint,
        form,
        allowed,
        undo: None,
    }
}

fn cases(w: &World, app_today: chrono::NaiveDate) -> Vec<Case> {
    let s = || w.series.clone();
    let f = || w.forum.clone();
    let slug = || "sarajevo".to_string();
    let post = |forum: String| {
        vec![
            ("form[forum_id]", forum),
            ("form[title]", "Door opens at nine".to_string()),
            ("form[body]", "Bring your ticket.".to_string()),
            ("form[locale]", "en".to_string()),
            ("form[status]", "draft".to_string()),
            ("form[published_at]", String::new()),
        ]
    };
    vec![
        case(
            "series/delete",
            vec![("series_id", s()), ("confirm", "not-the-address".into())],
            ADMINS,
        ),
        Case {
            endpoint: "series/status",
            form: vec![("series_id", s()), ("status", "draft".into())],
            allowed: LEADS,
            undo: Some((
                "series/status",
                vec![("series_id", s()), ("status", "published".into())],
            )),
        },
        Case {
            endpoint: "forums/status",
            form: vec![("forum_id", f()), ("status", "draft".into())],
            allowed: EDITORS,
            undo: Some((
                "forums/status",
                vec![("forum_id", f()), ("status", "published".into())],
            )),
        },
        case(
            "forums/delete",
            vec![("forum_id", f()), ("confirm", "not-the-address".into())],
            EDITORS,
        ),
        Case {
            endpoint: "forums/default-language",
            form: vec![("forum_id", f()), ("locale", "sq".into())],
            allowed: EDITORS,
            undo: Some((
                "forums/default-language",
                vec![("forum_id", f()), ("locale", w.forum_locale.clone())],
            )),
        },
        case(
            "messages/save",
            vec![
                ("slug", slug()),
                ("message_id", String::new()),
                ("form[statuses][confirmed]", "on".into()),
                ("form[logistics]", "on".into()),
                ("form[fallback_locale]", "en".into()),
                ("form[subject][en]", "Venue".into()),
                ("form[body][en]", "The venue changed.".into()),
            ],
            EDITORS,
        ),
        case("organiser/messages", vec![("slug", slug())], EDITORS),
        case(
            "invitations/settings",
            vec![
                ("slug", slug()),
                ("answer_by", String::new()),
                ("reminder_days", String::new()),
            ],
            EDITORS,
        ),
        case("invitations/remind", vec![("slug", slug())], EDITORS),
        case("organiser/series-messages", vec![("series_id", s())], LEADS),
        case(
            "series-messages/save",
            vec![
                ("series_id", s()),
                ("form[statuses][confirmed]", "on".into()),
            ],
            LEADS,
        ),
        case(
            "reminders/save",
            vec![
                ("slug", slug()),
                ("enabled", "on".into()),
                ("days", "3".into()),
                ("hours", String::new()),
            ],
            EDITORS,
        ),
        case("announcements/save", post(f()), EDITORS),
        case("announcements/save", post(String::new()), LEADS),
        case("announcements/save", post(format!("series-{}", s())), LEADS),
        case(
            "organiser/checkin/expiry",
            vec![
                ("slug", slug()),
                ("form[after_end_hours]", "6".into()),
                ("form[offline_hours]", "4".into()),
            ],
            EDITORS,
        ),
        case(
            "translations/save",
            vec![
                ("entity", "forum".into()),
                ("entity_id", f()),
                ("locale", "mk".into()),
                ("title", "Форум".into()),
            ],
            EDITORS,
        ),
        case(
            "translations/save",
            vec![
                ("entity", "series".into()),
                ("entity_id", s()),
                ("locale", "mk".into()),
                ("title", "Серија".into()),
            ],
            LEADS,
        ),
        case(
            "organiser/privacy/notice",
            vec![("series_id", s()), ("texts[en]", "A new notice.".into())],
            LEADS,
        ),
        case(
            "organiser/privacy/retention",
            vec![("slug", slug()), ("days", "200".into())],
            EDITORS,
        ),
        Case {
            endpoint: "organiser/privacy/team",
            form: vec![
                ("slug", slug()),
                ("account_id", w.other_team_id.clone()),
                ("access", "read".into()),
            ],
            allowed: LEADS,
            undo: Some((
                "organiser/privacy/team",
                vec![
                    ("slug", slug()),
                    ("account_id", w.other_team_id.clone()),
                    ("access", "remove".into()),
                ],
            )),
        },
        Case {
            endpoint: "organiser/privacy/scanner",
            form: vec![
                ("slug", slug()),
                ("account_id", w.scanner_id.clone()),
                (
                    "until",
                    (app_today + chrono::Duration::days(10)).to_string(),
                ),
            ],
            allowed: EDITORS,
            undo: Some((
                "organiser/privacy/scanner",
                vec![
                    ("slug", slug()),
                    ("account_id", w.scanner_id.clone()),
                    ("until", String::new()),
                ],
            )),
        },
        Case {
            endpoint: "organiser/privacy/lead",
            form: vec![("series_id", s()), ("account_id", w.other_team_id.clone())],
            allowed: ADMINS,
            undo: Some((
                "organiser/privacy/lead",
                vec![("series_id", s()), ("account_id", w.lead_id.clone())],
            )),
        },
        Case {
            endpoint: "organiser/privacy/coordinator",
            form: vec![
                ("series_id", s()),
                ("account_id", w.other_team_id.clone()),
                ("country", "AL".into()),
            ],
            allowed: ADMINS,
            undo: Some((
                "organiser/privacy/coordinator",
                vec![
                    ("series_id", s()),
                    ("account_id", w.other_team_id.clone()),
                    ("country", String::new()),
                ],
            )),
        },
        case(
            "registrations/change",
            vec![
                ("slug", slug()),
                ("registration_id", w.registration.clone()),
                ("change", "cancel".into()),
            ],
            EDITORS,
        ),
        case(
            "checkin/manual",
            vec![
                ("slug", slug()),
                ("list", "entry".into()),
                ("registration_id", w.registration.clone()),
                ("nonce", "matrix-1".into()),
            ],
            EDITORS,
        ),
        case(
            "checkin/scanner",
            vec![
                ("slug", slug()),
                ("list", "entry".into()),
                ("q", "Amra".into()),
            ],
            EDITORS,
        ),
        case(
            "checkin/counts",
            vec![("slug", slug()), ("list", "entry".into())],
            READERS,
        ),
        case(
            "organiser/registrations",
            vec![
                ("slug", slug()),
                ("filter[q]", String::new()),
                ("page", "1".into()),
            ],
            READERS,
        ),
        case(
            "organiser/report",
            vec![("slug", slug())],
            &[Reader, Team, Lead, Admin],
        ),
        case(
            "accounts/create",
            vec![
                ("email", "new.one@agora.example".into()),
                ("display_name", "New".into()),
                ("password", "a long enough passphrase".into()),
                ("role", "organiser".into()),
            ],
            ADMINS,
        ),
        case("admin/access-log", vec![("page", "1".into())], ADMINS),
    ]
}

async fn check(app: &TestApp, w: &World, c: &Case) {
    for actor in ACTORS {
        let allowed = c.allowed.contains(&actor);
        let form: Vec<(&str, &str)> = c.form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let before = snapshot(app).await;
        let res = call_with(
            w.client(actor),
            &app.url(&format!("/api/{}", c.endpoint)),
            &form,
        )
        .await;
        let status = res.status().as_u16();
        let body = res.text().await.unwrap_or_default();
        if allowed {
            assert!(
                ![401, 403, 404].contains(&status) && status < 500,
                "{actor:?} may {} {form:?}, got {status}: {body}",
                c.endpoint
            );
            if let Some((endpoint, undo)) = &c.undo {
                let undo: Vec<(&str, &str)> = undo.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let res = call_with(
                    w.client(Admin),
                    &app.url(&format!("/api/{endpoint}")),
                    &undo,
                )
                .await;
                assert!(
                    res.status().is_success() || res.status().is_redirection(),
                    "undo {endpoint}"
                );
            }
        } else {
            assert!(
                [401, 403, 404].contains(&status),
                "{actor:?} may not {} {form:?}, got {status}: {body}",
                c.endpoint
            );
            let after = snapshot(app).await;
            assert_eq!(
                before, after,
                "{actor:?} refused {} but something changed",
                c.endpoint
            );
        }
    }
}

both_databases! {
    async fn every_actor_gets_the_answer_the_policy_declares_and_refusals_change_nothing(app) {
        let w = world(app).await;
        let today = chrono::Utc::now().date_naive();
        for c in cases(&w, today) {
            check(app, &w, &c).await;
        }
    }

    async fn the_door_and_the_people_follow_their_places(app) {
        let w = world(app).await;
        // The demo scanner is assigned to one forum only: it lists that one, opens nothing else.
        let forums: serde_json::Value = call_with(w.client(Scanner), &app.url("/api/checkin/forums"), &[]).await.json().await.expect("json");
        let slugs: Vec<&str> = forums.as_array().expect("list").iter().filter_map(|f| f[0].as_str()).collect();
        assert_eq!(slugs, vec![server::demo::SCANNER_FORUM]);
        let lists = call_with(w.client(Scanner), &app.url("/api/checkin/lists"), &[("slug", "sarajevo")]).await;
        assert_eq!(lists.status(), 403);
        // Assigned until yesterday is no assignment.
        let scanner = id_of(app, SCANNER_EMAIL).await;
        let sarajevo = app.store.forum_by_slug("sarajevo").await.expect("store").expect("forum").summary.id;
        let yesterday = chrono::Utc::now().date_naive() - chrono::Duration::days(1);
        app.store.set_forum_scanner(sarajevo, scanner, Some(yesterday)).await.expect("assign");
        let lists = call_with(w.client(Scanner), &app.url("/api/checkin/lists"), &[("slug", "sarajevo")]).await;
        assert_eq!(lists.status(), 403, "an ended assignment opens nothing");

        // A country coordinator reads only their country's registrations; the BA one sees Amra.
        let here = call_with(w.client(CoordinatorHere), &app.url("/api/organiser/registrations"), &[("slug", "sarajevo"), ("filter[q]", ""), ("page", "1")]).await.text().await.expect("body");
        let other = call_with(w.client(CoordinatorOther), &app.url("/api/organiser/registrations"), &[("slug", "sarajevo"), ("filter[q]", ""), ("page", "1")]).await.text().await.expect("body");
        assert!(!other.contains("Amra"), "the MK coordinator sees no Serbian-form registrant");
        assert!(here.contains("Amra"), "the BA coordinator reads the BA registrant: {here}");

        // Coordinators and scanners read protected counts; the team reads every figure.
        let counts: serde_json::Value = call_with(w.client(CoordinatorOther), &app.url("/api/checkin/counts"), &[("slug", "sarajevo"), ("list", "entry")]).await.json().await.expect("json");
        for row in counts["by_group"].as_array().expect("rows") {
            let n = row["expected"].as_i64().unwrap_or(0);
            assert!(row["hidden"] == true || n == 0 || n >= 5, "a small figure shown to a coordinator: {row}");
        }

        // The emails of the lead and coordinators: admins and the lead only.
        for (actor, sees) in [(Team, false), (Fresh, false), (Lead, true), (Admin, true)] {
            let body = call_with(w.client(actor), &app.url("/api/organiser/privacy/coordinators"), &[("series_id", &w.series)]).await.text().await.expect("body");
            assert_eq!(body.contains(COORDINATOR_EMAIL), sees, "{actor:?}: {body}");
            assert_eq!(body.contains(LEAD_EMAIL), sees, "{actor:?}: {body}");
        }

        // The registrations' CSV: refused in the reader's language, nothing for another team.
        let res = w.client(OtherTeam).get(app.url("/organiser/forums/sarajevo/registrations.csv")).header("Accept-Language", "sq").send().await.expect("GET");
        assert_eq!(res.status(), 403);
        assert_eq!(res.text().await.expect("body"), app::i18n::Locale::Sq.t("error.forbidden"));

        // Another team's document upload is refused and leaves no file or record.
        let before = snapshot(app).await;
        let form = reqwest::multipart::Form::new()
            .text("title", "Not ours")
            .text("locale", "en")
            .text("kind", "report")
            .part("file", reqwest::multipart::Part::bytes(b"%PDF-1.4\n%%EOF".to_vec()).file_name("x.pdf"));
        let res = w.client(OtherTeam).post(app.url("/organiser/forums/sarajevo/documents/upload")).header("Accept", "application/json").multipart(form).send().await.expect("POST");
        assert_eq!(res.status(), 403);
        assert_eq!(before, snapshot(app).await);

        // A forum post of another team is neither listed to, nor deleted by, the Belgrade team.
        let res = call_with(w.client(Admin), &app.url("/api/announcements/save"), &[("form[forum_id]", &w.forum), ("form[title]", "Sarajevo only"), ("form[body]", "x"), ("form[locale]", "en"), ("form[status]", "draft"), ("form[published_at]", "")]).await;
        assert!(res.status().is_success() || res.status().is_redirection());
        let mine: serde_json::Value = call_with(w.client(OtherTeam), &app.url("/api/organiser/announcements"), &[]).await.json().await.expect("json");
        assert!(!mine.to_string().contains("Sarajevo only"), "another team's draft is not listed");
        let all = app.store.all_announcements().await.expect("store");
        let post = all.iter().find(|a| a.title == "Sarajevo only").expect("post");
        let id = post.id.0.to_string();
        let res = call_with(w.client(OtherTeam), &app.url("/api/announcements/delete"), &[("announcement_id", &id)]).await;
        assert_eq!(res.status(), 403);
        let res = call_with(w.client(Team), &app.url("/api/announcements/delete"), &[("announcement_id", &id)]).await;
        assert!(res.status().is_success() || res.status().is_redirection(), "the forum's team deletes its post");

        // An undeclared server function is not served.
        let res = call_with(w.client(Admin), &app.url("/api/not-a-declared-function"), &[]).await;
        assert_eq!(res.status(), 404);
    }
}
