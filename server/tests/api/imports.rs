//! Invitation lists from spreadsheets: the check shows each row's fate and writes nothing; a file
//! with one wrong row imports nothing; formulas and control characters are neutralised; large,
//! binary and empty files are refused with a reason; the import writes every new invitation and
//! emails it in the invitee's language, once; XLSX reads as CSV does.

use crate::both_databases;
use crate::helpers::{call_with, TestApp, ORGANISER_EMAIL};
use crate::registration::{form, forum_and_groups, register};
use serde_json::Value;

async fn upload(
    app: &TestApp,
    client: &reqwest::Client,
    name: &str,
    bytes: Vec<u8>,
) -> (u16, Value) {
    let upload = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
    );
    let res = client
        .post(app.url("/organiser/forums/belgrade/invitations/import"))
        .header("Accept", "application/json")
        .multipart(upload)
        .send()
        .await
        .expect("upload");
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn check(app: &TestApp, client: &reqwest::Client, id: &str) -> Value {
    let res = call_with(
        client,
        &app.url("/api/organiser/invitation-import"),
        &[("slug", "belgrade"), ("import_id", id)],
    )
    .await;
    assert_eq!(res.status(), 200);
    res.json().await.expect("json")
}

async fn invitations(app: &TestApp) -> Vec<app::features::registration::records::InvitationRecord> {
    let forum = forum_and_groups(app, "belgrade").await.0;
    app.store.invitations(forum).await.expect("store")
}

fn outcomes(check: &Value) -> Vec<String> {
    check["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| match &r["outcome"] {
            Value::String(s) => s.clone(),
            Value::Object(o) => o.keys().next().cloned().unwrap_or_default(),
            other => other.to_string(),
        })
        .collect()
}

both_databases! {
    async fn an_invitation_list_is_checked_then_imported_whole_or_not_at_all(app) {
        let (_, groups) = forum_and_groups(app, "belgrade").await;
        let group = groups[0].0.to_string();
        assert_eq!(register(app, &app.new_client(), &form("belgrade", "Seat Holder", "seat@example.org", &group)).await.status(), 200);
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let before = invitations(app).await.len();

        // One wrong row (an unknown group): the check says so, the import writes nothing.
        let csv = format!(
            "\u{feff}Name;Email;Group;Language;Note\r\n\
             Arta Hoxha;arta@example.org;{group};sq;\"Ministry; Tirana\"\r\n\
             =HYPERLINK(\"http://evil\");formula@example.org;;;\r\n\
             Seat Holder;SEAT@example.org;;;\r\n\
             Arta Again;arta@example.org;;;\r\n\
             Nobody;nobody@example.org;No such group;;\r\n"
        );
        let (status, body) = upload(app, &organiser, "list.csv", csv.clone().into_bytes()).await;
        assert_eq!(status, 201, "{body}");
        let id = body["id"].to_string();
        let checked = check(app, &organiser, &id).await;
        assert_eq!(outcomes(&checked), ["New", "New", "AlreadyRegistered", "Repeat", "Wrong"], "{checked}");
        assert_eq!(checked["rows"][1]["full_name"], "HYPERLINK(\"http://evil\")", "the formula is neutralised");
        assert_eq!(checked["rows"][0]["note"], "Ministry; Tirana");
        let res = call_with(&organiser, &app.url("/api/invitations/import"), &[("slug", "belgrade"), ("import_id", &id)]).await;
        assert_eq!(res.status(), 409);
        assert!(res.text().await.expect("body").contains("import.error.wrong_rows"));
        assert_eq!(invitations(app).await.len(), before, "nothing written");

        // The corrected file, as XLSX: both new rows imported, each emailed in its language, once.
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (r, row) in [["Name", "Email", "Group", "Language", "Organisation"], ["Arta Hoxha", "arta@example.org", &group, "Shqip", "Ministry"], ["Ana Stojanovska", "ana@example.org", "", "mk", ""], ["Seat Holder", "seat@example.org", "", "", ""]].iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                sheet.write_string(r as u32, c as u16, *v).expect("cell");
            }
        }
        let xlsx = book.save_to_buffer().expect("xlsx");
        let (status, body) = upload(app, &organiser, "list.xlsx", xlsx).await;
        assert_eq!(status, 201, "{body}");
        let id = body["id"].to_string();
        assert_eq!(outcomes(&check(app, &organiser, &id).await), ["New", "New", "AlreadyRegistered"]);
        let res = call_with(&organiser, &app.url("/api/invitations/import"), &[("slug", "belgrade"), ("import_id", &id)]).await;
        assert!(res.status().is_success() || res.status().is_redirection(), "{:?}", res.text().await);
        let now = invitations(app).await;
        assert_eq!(now.len(), before + 2);
        assert!(now.iter().any(|i| i.email == "arta@example.org" && Some(groups[0].0) == i.group_id));
        let arta = app.wait_for_mail("To: arta@example.org").await;
        assert!(arta.contains("invite="), "her personal link");
        let mail = crate::messages::delivered_to(app, "").into_iter().find(|m| m.to.contains("arta@")).expect("mail");
        assert!(mail.text.contains("Jeni të ftuar"), "in Albanian: {}", mail.text);
        // Importing the same check again writes nothing more.
        let res = call_with(&organiser, &app.url("/api/invitations/import"), &[("slug", "belgrade"), ("import_id", &id)]).await;
        assert!([404, 409].contains(&res.status().as_u16()));
        assert_eq!(invitations(app).await.len(), before + 2);
    }

    async fn unreadable_large_and_refused_uploads_keep_nothing(app) {
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let big = format!("Name,Email\n{}", "x".repeat(2_000_001)).into_bytes();
        for (name, bytes, key) in [
            ("big.csv", big, "import.error.too_large"),
            ("photo.png", vec![0x89, b'P', b'N', b'G', 0xff, 0xfe], "import.error.unreadable"),
            ("empty.csv", b"Name,Email\n".to_vec(), "import.error.empty"),
            ("fake.xlsx", b"PK\x03\x04 not really".to_vec(), "import.error.unreadable"),
        ] {
            let (status, body) = upload(app, &organiser, name, bytes).await;
            assert!([413, 422].contains(&status), "{name}: {status} {body}");
            assert!(body.to_string().contains(key) || status == 413, "{name}: {body}");
        }
        let columns = upload(app, &organiser, "columns.csv", b"Who,Where\nA,B\n".to_vec()).await;
        assert_eq!(columns.0, 201);
        let checked = check(app, &organiser, &columns.1["id"].to_string()).await;
        assert_eq!(checked["error"], "import.error.columns");
        let scanner = app.scanner_at("belgrade").await;
        let (status, _) = upload(app, &scanner, "list.csv", b"Name,Email\nA,a@example.org\n".to_vec()).await;
        assert_eq!(status, 403);
        let res = call_with(&scanner, &app.url("/api/organiser/invitation-import"), &[("slug", "belgrade"), ("import_id", &columns.1["id"].to_string())]).await;
        assert_eq!(res.status(), 403);
    }
}
