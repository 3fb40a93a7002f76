use crate::both_databases;
use crate::helpers::{TestApp, ORGANISER_EMAIL, SCANNER_EMAIL, UPLOAD_LIMIT_BYTES};
use reqwest::multipart::{Form, Part};

fn upload_form(title: &str, file_name: &str, bytes: Vec<u8>) -> Form {
    Form::new()
        .text("title", title.to_string())
        .text("locale", "sr")
        .text("kind", "report")
        .part("file", Part::bytes(bytes).file_name(file_name.to_string()))
}

async fn upload(app: &TestApp, client: &reqwest::Client, form: Form) -> reqwest::Response {
    client
        .post(app.url("/organiser/forums/belgrade/documents/upload"))
        .header("Accept", "application/json")
        .multipart(form)
        .send()
        .await
        .expect("POST")
}

/// Files under the documents folder, temporary ones included.
fn stored_files(app: &TestApp) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(app.data_dir.join("documents"))
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn pdf(extra: &str) -> Vec<u8> {
    format!("%PDF-1.4\n% {extra}\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n").into_bytes()
}

both_databases! {
    async fn an_uploaded_document_is_listed_and_downloaded_with_its_type_and_name(app) {
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let before = stored_files(app);
        let bytes = pdf("Препоруке");
        let res = upload(app, &organiser, upload_form("Препоруке за политике", "whatever.bin", bytes.clone())).await;
        assert_eq!(res.status(), 201, "{:?}", res.text().await);
        let id = res.json::<serde_json::Value>().await.expect("json")["id"].to_string();
        let after = stored_files(app);
        assert_eq!(after.len(), before.len() + 1, "stored once, by content hash");

        let page = app.get("/forums/belgrade").await.text().await.expect("body");
        assert!(page.contains("Препоруке за политике"));
        let res = app.get(&format!("/forums/belgrade/documents/{id}")).await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-type"], "application/pdf");
        let disposition = res.headers()["content-disposition"].to_str().expect("ascii").to_string();
        assert!(disposition.starts_with("attachment;") && disposition.contains("filename*=UTF-8''%D0%9F"), "{disposition}");
        assert!(disposition.ends_with(".pdf"), "{disposition}");
        assert_eq!(res.headers()["x-content-type-options"], "nosniff");
        assert_eq!(res.bytes().await.expect("body").to_vec(), bytes);
        assert_eq!(app.get("/forums/belgrade/documents/999999").await.status(), 404);
        assert_eq!(app.get(&format!("/forums/tirana/documents/{id}")).await.status(), 404, "only under its own forum");

        // The same content uploaded twice is stored once; deleting one keeps the file for the other.
        let res = upload(app, &organiser, upload_form("Copy", "copy.pdf", bytes.clone())).await;
        assert_eq!(res.status(), 201);
        let copy = res.json::<serde_json::Value>().await.expect("json")["id"].to_string();
        assert_eq!(stored_files(app), after);
        let delete = app.url("/api/documents/delete");
        let res = crate::helpers::call_with(&organiser, &delete, &[("slug", "belgrade"), ("document_id", &copy)]).await;
        assert_eq!(res.status(), 200);
        assert_eq!(stored_files(app), after);
        let res = crate::helpers::call_with(&organiser, &delete, &[("slug", "belgrade"), ("document_id", &id)]).await;
        assert_eq!(res.status(), 200);
        assert_eq!(stored_files(app), before, "the last reference gone, the file goes too");
    }

    async fn refused_uploads_say_why_and_leave_nothing_behind(app) {
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let before = stored_files(app);
        let forum = app.store.forum_by_slug("belgrade").await.expect("store").expect("forum").summary.id;
        let count = app.store.documents(forum).await.expect("docs").len();

        let mut big = pdf("big");
        big.resize(UPLOAD_LIMIT_BYTES as usize + 10_000, b' ');
        let res = upload(app, &organiser, upload_form("Too big", "big.pdf", big)).await;
        assert_eq!(res.status(), 413);
        let body: serde_json::Value = res.json().await.expect("json");
        assert_eq!(body["error"], "error.file_too_large");
        assert!(body["message"].as_str().is_some_and(|m| !m.is_empty() && !m.starts_with("error.")));

        let res = upload(app, &organiser, upload_form("A program", "report.pdf", b"MZ\x90\x00 this is a windows program".to_vec())).await;
        assert_eq!(res.status(), 415, "the name says PDF, the content does not");
        assert_eq!(res.json::<serde_json::Value>().await.expect("json")["error"], "error.file_type");
        let res = upload(app, &organiser, upload_form("", "r.pdf", pdf("x"))).await;
        assert_eq!(res.status(), 422);
        let res = upload(app, &organiser, Form::new().text("title", "No file").text("locale", "sr").text("kind", "report")).await;
        assert_eq!(res.status(), 422);
        let res = app.client.post(app.url("/organiser/forums/belgrade/documents/upload")).header("Accept", "application/json")
            .header("Content-Type", "multipart/form-data; boundary=x").body("garbage").send().await.expect("POST");
        assert!(res.status().is_client_error(), "{}", res.status());

        assert_eq!(upload(app, &app.new_client(), upload_form("Anon", "a.pdf", pdf("a"))).await.status(), 401);
        let scanner = app.log_in_as(SCANNER_EMAIL).await;
        assert_eq!(upload(app, &scanner, upload_form("Scanner", "s.pdf", pdf("s"))).await.status(), 403);

        assert_eq!(stored_files(app), before, "no file and no temporary file left");
        assert_eq!(app.store.documents(forum).await.expect("docs").len(), count, "no record written");

        // A browser form without JavaScript is sent back to the screen with the reason.
        let res = organiser.post(app.url("/organiser/forums/belgrade/documents/upload")).header("Accept", "text/html")
            .multipart(upload_form("A program", "report.pdf", b"MZ".to_vec())).send().await.expect("POST");
        assert_eq!(res.status(), 303);
        assert_eq!(res.headers()["location"], "/organiser/forums/belgrade/documents");
        assert!(res.headers().get_all("set-cookie").iter().any(|c| c.to_str().is_ok_and(|c| c.starts_with("agora_flash="))));
        let page = organiser.get(app.url("/organiser/forums/belgrade/documents")).send().await.expect("GET").text().await.expect("body");
        assert!(page.contains("This type of file is not accepted"), "the reason is shown after the redirect");
    }
}
