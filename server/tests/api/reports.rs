//! The donor report through the real endpoints, against a small hand-made data set whose right
//! answers are written here: breakdowns, crossings, sessions, filters, protection, the XLSX read
//! back by an independent reader (Python's `openpyxl`), the CSV, team checks, freezing before
//! erasure, and people matched across a series.

use crate::both_databases;
use crate::helpers::{call_with, TestApp, ADMIN_EMAIL, DEMO_PASSWORD, ORGANISER_EMAIL};
use app::features::checkin::store::NewCheckin;
use app::features::forums::types::{ForumId, SessionId, StakeholderGroupId};
use app::features::registration::form::NewRegistration;
use app::features::registration::records::Registered;
use app::features::registration::store::{Outgoing, RegistrationInsert};
use app::features::reports::types::{Cell, Report};
use serde_json::Value;

/// One registration written through the store (no email), checked in on `lists`.
#[allow(clippy::too_many_arguments)]
async fn person(
    app: &TestApp,
    forum: ForumId,
    group: StakeholderGroupId,
    email: &str,
    (country, gender, age): (&str, &str, &str),
    pending: bool,
    lists: &[String],
) -> i64 {
    use app::features::accounts::types::EmailAddress;
    let new = NewRegistration {
        full_name: format!("Person {email}"),
        email: EmailAddress::parse(email).expect("email"),
        organisation: "Org".into(),
        position: String::new(),
        country: country.into(),
        group_id: group,
        gender: gender.into(),
        age_band: age.into(),
        accessibility: String::new(),
        dietary: String::new(),
        photo_consent: false,
    };
    let none = |_: &app::features::registration::store::RegistrationRecord,
                _: app::features::registration::mail::Message|
     -> Option<Outgoing> { None };
    let salt = format!("report-{}-{email}", forum.0);
    let insert = RegistrationInsert {
        forum,
        form: &new,
        locale: "en",
        privacy_version: "1/1",
        manage_token_hash: app::features::accounts::auth::token_hash(&salt),
        manage_salt: salt.clone(),
        pending,
        invitation: None,
        answers: &[],
        consents: &[],
        hold_until: None,
    };
    let Registered::New(id, _) = app.store.register(&insert, &none).await.expect("register") else {
        panic!("not registered");
    };
    for list in lists {
        let nonce = format!("{salt}-{list}");
        app.store
            .admit(&NewCheckin {
                forum,
                list_key: list,
                registration: id.0,
                nonce: &nonce,
                scanner_key: "test",
                scanner_name: "Test door",
                manual: true,
                at: chrono::Utc::now() - chrono::Duration::hours(1),
                full_name: &new.full_name,
                ticket_version: 1,
            })
            .await
            .expect("admit");
    }
    id.0
}

struct Seeded {
    groups: Vec<StakeholderGroupId>,
    session: SessionId,
}

/// Belgrade: 6 civil society (RS, women, 18–29) who came and went to the first session (3 had
/// picked it), 2 civil society (AL, men, 30–44) who did not come, 1 of the second group (ME,
/// woman, 60+) who came, 1 of the second group (RS, man) awaiting approval.
async fn seed(app: &TestApp, slug: &str) -> Seeded {
    let forum = app
        .store
        .forum_by_slug(slug)
        .await
        .expect("store")
        .expect("forum");
    let id = forum.summary.id;
    let groups: Vec<StakeholderGroupId> = app
        .store
        .stakeholder_groups(forum.series_id)
        .await
        .expect("groups")
        .into_iter()
        .map(|g| g.id)
        .collect();
    let session = app.store.sessions_of_forum(id).await.expect("sessions")[0].id;
    let on = |keys: &[&str]| keys.iter().map(|k| k.to_string()).collect::<Vec<_>>();
    let session_list = format!("session-{}", session.0);
    for i in 0..6 {
        let r = person(
            app,
            id,
            groups[0],
            &format!("woman{i}@{slug}.example.org"),
            ("RS", "woman", "18-29"),
            false,
            &on(&["entry", &session_list]),
        )
        .await;
        if i < 3 {
            app.store
                .set_picks(
                    app::features::registration::types::RegistrationId(r),
                    id,
                    &[session],
                )
                .await
                .expect("picks");
        }
    }
    for i in 0..2 {
        person(
            app,
            id,
            groups[0],
            &format!("man{i}@{slug}.example.org"),
            ("AL", "man", "30-44"),
            false,
            &[],
        )
        .await;
    }
    person(
        app,
        id,
        groups[1],
        &format!("elder@{slug}.example.org"),
        ("ME", "woman", "60+"),
        false,
        &on(&["entry"]),
    )
    .await;
    person(
        app,
        id,
        groups[1],
        &format!("waiting@{slug}.example.org"),
        ("RS", "man", "18-29"),
        true,
        &[],
    )
    .await;
    Seeded { groups, session }
}

async fn report(
    client: &reqwest::Client,
    app: &TestApp,
    slug: &str,
    extra: &[(&str, &str)],
) -> (u16, Value) {
    let mut fields = vec![("slug", slug)];
    fields.extend_from_slice(extra);
    let res = call_with(client, &app.url("/api/organiser/report"), &fields).await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn table<'a>(r: &'a Report, key: &str) -> &'a app::features::reports::types::Table {
    r.table(key).unwrap_or_else(|| panic!("no table {key}"))
}

fn row<'a>(t: &'a app::features::reports::types::Table, label: &str) -> (Cell, &'a [Cell]) {
    let i = t
        .rows
        .iter()
        .position(|r| r == label)
        .unwrap_or_else(|| panic!("no row {label} in {:?}", t.rows));
    (
        t.row_totals.as_ref().map_or(Cell::Hidden, |r| r.1[i]),
        &t.cells[i],
    )
}

const SHOWN: fn(i64) -> Cell = Cell::Shown;

/// Reads a workbook with openpyxl (scripts/xlsx_read.py).
fn read_xlsx(bytes: &[u8]) -> Value {
    use std::io::Write;
    let mut child = crate::helpers::python_script("xlsx_read.py")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(bytes)
        .expect("write");
    let out = child.wait_with_output().expect("reader");
    assert!(
        out.status.success(),
        "openpyxl refused the workbook: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

/// Every table of the report appears in the workbook, line by line, numbers as numbers.
fn assert_workbook_holds(report: &Report, book: &Value) {
    use app::features::reports::export::table_lines;
    let sheets = book.as_array().expect("sheets");
    assert_eq!(
        sheets.len(),
        report.tables.len() + 1,
        "a summary sheet and one per table"
    );
    for (n, t) in report.tables.iter().enumerate() {
        let sheet = &sheets[n + 1];
        assert_eq!(
            sheet["freeze"], "B5",
            "{}: the header row and labels stay in view",
            t.key
        );
        assert_eq!(sheet["header_bold"], true);
        let rows = sheet["rows"].as_array().expect("rows");
        for (i, line) in table_lines(t, report.threshold, app::i18n::Locale::En)
            .iter()
            .enumerate()
        {
            let got = rows[3 + i].as_array().expect("row");
            for (j, text) in line.iter().enumerate() {
                let value = &got[j];
                match text.parse::<i64>() {
                    Ok(v) if i > 0 && j > 0 => assert_eq!(
                        value.as_i64(),
                        Some(v),
                        "{} line {i} col {j}: a number",
                        t.key
                    ),
                    _ => assert_eq!(
                        value.as_str(),
                        Some(text.as_str()),
                        "{} line {i} col {j}",
                        t.key
                    ),
                }
            }
        }
    }
}

both_databases! {
    async fn the_forum_report_counts_the_hand_made_forum_exactly(app) {
        let s = seed(app, "belgrade").await;
        let admin = app.log_in_as(ADMIN_EMAIL).await;
        let (status, raw) = report(&admin, app, "belgrade", &[("filter[protect]", "off")]).await;
        assert_eq!(status, 200, "{raw}");
        let r: Report = serde_json::from_value(raw).expect("report");
        assert!(!r.protected);
        let headline: Vec<Cell> = r.headline.iter().map(|h| h.2).collect();
        assert_eq!(headline, vec![SHOWN(10), SHOWN(9), SHOWN(7)], "registered, confirmed, attended");

        let groups = app.store.stakeholder_groups(app.store.forum_by_slug("belgrade").await.expect("store").expect("forum").series_id).await.expect("store");
        let (g0, g1) = (groups[0].name.clone(), groups[1].name.clone());
        assert_eq!(groups[0].id, s.groups[0]);
        // Columns: confirmed, waiting, pending, cancelled, rejected, attended; row total registered.
        let by_group = table(&r, "status_by_group");
        assert_eq!(row(by_group, &g0), (SHOWN(8), &[SHOWN(8), SHOWN(0), SHOWN(0), SHOWN(0), SHOWN(0), SHOWN(6)][..]));
        assert_eq!(row(by_group, &g1), (SHOWN(2), &[SHOWN(1), SHOWN(0), SHOWN(1), SHOWN(0), SHOWN(0), SHOWN(1)][..]));
        assert_eq!(by_group.grand, Some(SHOWN(10)));
        let by_country = table(&r, "status_by_country");
        assert_eq!(row(by_country, "Serbia").0, SHOWN(7));
        assert_eq!(row(by_country, "Serbia").1[5], SHOWN(6));
        assert_eq!(row(by_country, "Albania"), (SHOWN(2), &[SHOWN(2), SHOWN(0), SHOWN(0), SHOWN(0), SHOWN(0), SHOWN(0)][..]));
        assert_eq!(row(by_country, "Montenegro").1[5], SHOWN(1));
        let by_gender = table(&r, "status_by_gender");
        assert_eq!(row(by_gender, "Woman").0, SHOWN(7));
        assert_eq!(row(by_gender, "Woman").1[5], SHOWN(7));
        assert_eq!(row(by_gender, "Man").0, SHOWN(3));
        let by_age = table(&r, "status_by_age");
        assert_eq!(row(by_age, "60 or older").0, SHOWN(1));
        let cross = table(&r, "attended_group_country");
        let serbia = cross.cols.iter().position(|c| c == "Serbia").expect("Serbia");
        let montenegro = cross.cols.iter().position(|c| c == "Montenegro").expect("Montenegro");
        assert_eq!(row(cross, &g0).1[serbia], SHOWN(6));
        assert_eq!(row(cross, &g1).1[montenegro], SHOWN(1));
        assert_eq!(cross.grand, Some(SHOWN(7)));
        let by_sex = table(&r, "attended_group_gender");
        assert_eq!(by_sex.grand, Some(SHOWN(7)));
        // Sessions: the first one expected 3 (picks) and had 6; the entry list had 7.
        let sessions = table(&r, "sessions");
        let first = sessions.rows.iter().position(|_| true).expect("rows");
        assert_eq!(sessions.cells[first][1], SHOWN(7), "entry list: {:?}", sessions.rows);
        let key = format!("session-{}", s.session.0);
        let at = r.lists.iter().position(|(k, _)| *k == key).expect("the session's list");
        let name = &r.lists[at].1;
        let i = sessions.rows.iter().position(|l| l == name).expect("session row");
        assert_eq!(sessions.cells[i], vec![SHOWN(3), SHOWN(6)]);
        // Balance: reserved seats beside confirmed and attended.
        let balance = table(&r, "balance");
        assert_eq!(row(balance, &g0).1[1..], [SHOWN(8), SHOWN(6)]);

        // Filters: one list; a date range after the check-ins; bad input answers 422.
        let (_, raw) = report(&admin, app, "belgrade", &[("filter[protect]", "off"), ("filter[list]", &key)]).await;
        let one: Report = serde_json::from_value(raw).expect("report");
        assert_eq!(one.headline[2].2, SHOWN(6));
        let tomorrow = (chrono::Utc::now() + chrono::Duration::days(2)).format("%Y-%m-%d").to_string();
        let (_, raw) = report(&admin, app, "belgrade", &[("filter[protect]", "off"), ("filter[from]", &tomorrow)]).await;
        let later: Report = serde_json::from_value(raw).expect("report");
        assert_eq!(later.headline[2].2, SHOWN(0), "nobody checked in after tomorrow");
        assert_eq!(later.headline[0].2, SHOWN(10), "registrations are not filtered by date");
        for bad in [vec![("filter[from]", "soon")], vec![("filter[from]", "2027-03-12"), ("filter[to]", "2027-03-01")], vec![("filter[list]", "session-999999")]] {
            let (status, body) = report(&admin, app, "belgrade", &bad).await;
            assert_eq!(status, 422, "{bad:?}: {body}");
        }
    }

    async fn small_numbers_are_protected_for_organisers_and_in_every_export(app) {
        seed(app, "belgrade").await;
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        // Organisers cannot switch the protection off.
        let (status, raw) = report(&organiser, app, "belgrade", &[("filter[protect]", "off")]).await;
        assert_eq!(status, 200, "{raw}");
        let r: Report = serde_json::from_value(raw).expect("report");
        assert!(r.protected && r.threshold == 5 && !r.can_unprotect);
        let admin = app.log_in_as(ADMIN_EMAIL).await;
        let (_, raw) = report(&admin, app, "belgrade", &[("filter[protect]", "off")]).await;
        let truth: Report = serde_json::from_value(raw).expect("report");
        let groups = table(&r, "status_by_group");
        let g1 = &groups.rows[1];
        let (registered, cells) = row(groups, g1);
        assert_eq!(registered, Cell::Small, "2 registrations");
        assert_eq!(cells[0], Cell::Small);
        assert_eq!(cells[5], Cell::Small);
        // What is shown equals the truth; something else hides the small figures' complements.
        for (t, u) in r.tables.iter().zip(&truth.tables) {
            for (a, b) in t.cells.iter().flatten().zip(u.cells.iter().flatten()) {
                if let Cell::Shown(v) = a {
                    assert_eq!(Cell::Shown(*v), *b, "{}", t.key);
                }
            }
        }
        assert!(groups.cells.iter().flatten().any(|c| *c == Cell::Hidden), "complementary suppression");
        assert_eq!(r.headline[0].2, SHOWN(10));

        // XLSX read back by openpyxl: the same protected figures, numbers as numbers.
        let xlsx = organiser.get(app.url("/organiser/forums/belgrade/report.xlsx")).send().await.expect("GET");
        assert_eq!(xlsx.status(), 200);
        assert!(xlsx.headers()["content-type"].to_str().expect("header").contains("spreadsheetml"));
        let book = read_xlsx(&xlsx.bytes().await.expect("bytes"));
        assert!(book[0]["rows"][0][0].as_str().expect("first line").starts_with("Small numbers protected"));
        assert_workbook_holds(&r, &book);
        // An admin's unprotected workbook says so on its first line.
        let open = admin.get(app.url("/organiser/forums/belgrade/report.xlsx?protect=off")).send().await.expect("GET");
        let book = read_xlsx(&open.bytes().await.expect("bytes"));
        assert!(book[0]["rows"][0][0].as_str().expect("first line").starts_with("NOT PROTECTED"));
        assert_workbook_holds(&truth, &book);

        // CSV: BOM, the protection line first, the same lines.
        let csv = organiser.get(app.url("/organiser/forums/belgrade/report.csv")).send().await.expect("GET");
        assert_eq!(csv.status(), 200);
        let text = csv.text().await.expect("text");
        assert!(text.starts_with("\u{feff}\"Small numbers protected"));
        let line = app::features::reports::export::table_lines(groups, 5, app::i18n::Locale::En)[2]
            .iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(",");
        assert!(text.contains(&line), "{line} in\n{text}");
        assert!(!text.contains("@belgrade.example.org"), "no personal data in a report");

        // Every download is in the access log.
        let (log, _) = app.store.access_log(50, 0).await.expect("log");
        assert!(log.iter().any(|e| e.actor == ORGANISER_EMAIL && e.detail.starts_with("report.xlsx forum=belgrade protect=on")), "{log:?}");
        assert!(log.iter().any(|e| e.actor == ADMIN_EMAIL && e.detail.starts_with("report.xlsx forum=belgrade protect=off")));
        assert!(log.iter().any(|e| e.detail.starts_with("report.csv")));
    }

    async fn organisers_of_other_forums_and_scanners_get_no_report(app) {
        seed(app, "belgrade").await;
        let admin = app.log_in_as(ADMIN_EMAIL).await;
        let res = call_with(&admin, &app.url("/api/accounts/create"), &[("email", "other@example.org"), ("display_name", "Other"), ("password", DEMO_PASSWORD), ("role", "organiser")]).await;
        assert_eq!(res.status(), 200);
        let other = app.log_in_as("other@example.org").await;
        let scanner = app.log_in_as(crate::helpers::SCANNER_EMAIL).await;
        for client in [&other, &scanner] {
            let (status, _) = report(client, app, "belgrade", &[]).await;
            assert_eq!(status, 403);
            for path in ["/organiser/forums/belgrade/report.xlsx", "/organiser/forums/belgrade/report.csv"] {
                assert_eq!(client.get(app.url(path)).send().await.expect("GET").status(), 403, "{path}");
            }
        }
        let forum = app.store.forum_by_slug("belgrade").await.expect("store").expect("forum");
        let series = forum.series_id.0.to_string();
        let res = call_with(&scanner, &app.url("/api/organiser/series-report"), &[("series_id", &series)]).await;
        assert_eq!(res.status(), 403);
        // An organiser on no team of the series sees no series report either.
        let res = call_with(&other, &app.url("/api/organiser/series-report"), &[("series_id", &series)]).await;
        assert_eq!(res.status(), 403);
        assert_eq!(app.new_client().get(app.url("/organiser/forums/belgrade/report.csv")).send().await.expect("GET").status(), 401);
        let (status, _) = report(&admin, app, "nowhere", &[]).await;
        assert_eq!(status, 404);
    }

    async fn frozen_figures_survive_erasure_and_the_series_counts_people_once(app) {
        // Tirana has ended; the same person came to Tirana and Belgrade.
        seed(app, "belgrade").await;
        seed(app, "tirana").await;
        let tirana = app.store.forum_by_slug("tirana").await.expect("store").expect("forum");
        let admin = app.log_in_as(ADMIN_EMAIL).await;
        person(app, tirana.summary.id, seed_group(app).await, "woman0@belgrade.example.org", ("RS", "woman", "18-29"), false, &["entry".to_string()]).await;
        let (_, raw) = report(&admin, app, "tirana", &[("filter[protect]", "off")]).await;
        let before: Report = serde_json::from_value(raw).expect("report");
        assert_eq!(before.headline[2].2, SHOWN(8));
        assert!(before.can_freeze && before.frozen_at.is_none());
        // A forum that has not ended cannot be frozen.
        let res = call_with(&admin, &app.url("/api/organiser/report/freeze"), &[("slug", "belgrade")]).await;
        assert_eq!(res.status(), 409);

        // The series: distinct people matched by email, and who came back.
        let series = tirana.series_id.0.to_string();
        let res = call_with(&admin, &app.url("/api/organiser/series-report"), &[("series_id", &series), ("filter[protect]", "off")]).await;
        assert_eq!(res.status(), 200);
        let whole: Report = serde_json::from_value(res.json().await.expect("json")).expect("report");
        let figures: Vec<Cell> = whole.headline.iter().map(|h| h.2).collect();
        // Besides the seeded people, the demo's follow-up meeting has one invitee who registered.
        assert_eq!(figures, vec![SHOWN(22), SHOWN(20), SHOWN(15), SHOWN(14), SHOWN(1)], "registered, confirmed, attended, distinct, returning");
        let by_forum = table(&whole, "status_by_forum");
        assert_eq!(by_forum.grand, Some(SHOWN(22)));
        let res = call_with(&admin, &app.url("/api/organiser/series-report"), &[("series_id", &series), ("filter[forum]", "tirana"), ("filter[protect]", "off")]).await;
        let only: Report = serde_json::from_value(res.json().await.expect("json")).expect("report");
        assert_eq!(only.headline[0].2, SHOWN(11));
        let res = call_with(&admin, &app.url("/api/organiser/series-report"), &[("series_id", &series), ("filter[forum]", "atlantis")]).await;
        assert_eq!(res.status(), 422);

        // Retention erases Tirana: the report is frozen first and does not change.
        let later = chrono::Utc::now() + chrono::Duration::days(400);
        app::features::privacy::service::purge_expired(&app.state, later, false).await.expect("purge");
        let (_, raw) = report(&admin, app, "tirana", &[("filter[protect]", "off")]).await;
        let after: Report = serde_json::from_value(raw).expect("report");
        assert!(after.frozen_at.is_some(), "frozen before the erasure");
        assert_eq!(after.tables, before.tables);
        assert_eq!(after.headline, before.headline);
        // Freezing again after the erasure would freeze nothing over the record: it is refused
        // with the reason, and the figures stay.
        let res = call_with(&admin, &app.url("/api/organiser/report/freeze"), &[("slug", "tirana")]).await;
        assert_eq!(res.status(), 409);
        assert!(res.text().await.expect("body").contains("report.frozen_after_erasure"));
        let (_, raw) = report(&admin, app, "tirana", &[("filter[protect]", "off")]).await;
        let kept: Report = serde_json::from_value(raw).expect("report");
        assert_eq!((kept.frozen_at, kept.tables, kept.headline), (after.frozen_at, before.tables, before.headline));
    }

    async fn a_series_threshold_is_set_by_admins_within_its_range(app) {
        seed(app, "belgrade").await;
        let forum = app.store.forum_by_slug("belgrade").await.expect("store").expect("forum");
        let series = forum.series_id.0.to_string();
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let set = app.url("/api/organiser/report/threshold");
        assert_eq!(call_with(&organiser, &set, &[("series_id", &series), ("threshold", "3")]).await.status(), 403);
        let admin = app.log_in_as(ADMIN_EMAIL).await;
        for bad in ["1", "21", "five", ""] {
            assert_eq!(call_with(&admin, &set, &[("series_id", &series), ("threshold", bad)]).await.status(), 422, "{bad}");
        }
        assert_eq!(call_with(&admin, &set, &[("series_id", &series), ("threshold", "10")]).await.status(), 200);
        let (_, raw) = report(&organiser, app, "belgrade", &[]).await;
        let r: Report = serde_json::from_value(raw).expect("report");
        assert_eq!(r.threshold, 10);
        // 8 registered in the first group is now a small number.
        assert_eq!(table(&r, "status_by_group").row_totals.as_ref().expect("totals").1[0], Cell::Small);
    }
}

async fn seed_group(app: &TestApp) -> StakeholderGroupId {
    let forum = app
        .store
        .forum_by_slug("tirana")
        .await
        .expect("store")
        .expect("forum");
    app.store
        .stakeholder_groups(forum.series_id)
        .await
        .expect("groups")[0]
        .id
}
