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

/// The contents the database holds (by hash, with their chunks), and any upload still waiting
/// in the server's temporary folder.
async fn stored_files(app: &TestApp) -> Vec<String> {
    use sqlx::Connection;
    let sql = "SELECT c.sha256, COUNT(k.seq) FROM document_contents c \
               LEFT JOIN document_chunks k ON k.sha256 = c.sha256 GROUP BY c.sha256 ORDER BY c.sha256";
    let rows: Vec<(String, i64)> = if app.database_url.starts_with("postgres") {
        let mut c = sqlx::PgConnection::connect(&app.database_url)
            .await
            .expect("connect");
        sqlx::query_as(sql)
            .fetch_all(&mut c)
            .await
            .expect("contents")
    } else {
        let mut c = sqlx::SqliteConnection::connect(&app.database_url)
            .await
            .expect("connect");
        sqlx::query_as(sql)
            .fetch_all(&mut c)
            .await
            .expect("contents")
    };
    let mut names: Vec<String> = rows
        .into_iter()
        .map(|(sha, chunks)| format!("{sha}:{chunks}"))
        .collect();
    names.extend(
        std::fs::read_dir(&app.state.settings.upload_tmp)
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .map(|e| format!("tmp:{}", e.file_name().to_string_lossy()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default(),
    );
    names
}

fn pdf(extra: &str) -> Vec<u8> {
    format!("%PDF-1.4\n% {extra}\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n").into_bytes()
}

both_databases! {
    async fn an_uploaded_document_is_listed_and_downloaded_with_its_type_and_name(app) {
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let before = stored_files(app).await;
        let bytes = pdf("Препоруке");
        let res = upload(app, &organiser, upload_form("Препоруке за политике", "whatever.bin", bytes.clone())).await;
        assert_eq!(res.status(), 201, "{:?}", res.text().await);
        let id = res.json::<serde_json::Value>().await.expect("json")["id"].to_string();
        let after = stored_files(app).await;
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
        assert_eq!(stored_files(app).await, after);
        let delete = app.url("/api/documents/delete");
        let res = crate::helpers::call_with(&organiser, &delete, &[("slug", "belgrade"), ("document_id", &copy)]).await;
        assert_eq!(res.status(), 200);
        assert_eq!(stored_files(app).await, after);
        let res = crate::helpers::call_with(&organiser, &delete, &[("slug", "belgrade"), ("document_id", &id)]).await;
        assert_eq!(res.status(), 200);
        assert_eq!(stored_files(app).await, before, "the last reference gone, the file goes too");
    }

    async fn refused_uploads_say_why_and_leave_nothing_behind(app) {
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        let before = stored_files(app).await;
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

        assert_eq!(stored_files(app).await, before, "no file and no temporary file left");
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

both_databases! {
    async fn documents_live_in_the_database_in_chunks_and_any_server_serves_them(app) {
        let organiser = app.log_in_as(ORGANISER_EMAIL).await;
        // Nearly the upload limit: several chunks, each at most 256 KiB.
        let mut bytes = pdf("big enough for eight chunks");
        bytes.extend((0..(UPLOAD_LIMIT_BYTES as usize - 10_000)).map(|i| (i % 251) as u8));
        let res = upload(app, &organiser, upload_form("Large annex", "annex.pdf", bytes.clone())).await;
        assert_eq!(res.status(), 201, "{:?}", res.text().await);
        let id = res.json::<serde_json::Value>().await.expect("json")["id"].to_string();
        let chunks = bytes.len().div_ceil(app::features::documents::store::CHUNK_BYTES);
        assert!(chunks > 1);
        let (sha, _) = app::features::documents::storage::address_of(&bytes);
        assert!(stored_files(app).await.contains(&format!("{sha}:{chunks}")), "{:?}", stored_files(app).await);

        // Another server, with its own data directory and the shared key, serves it whole.
        let dir = tempfile::tempdir().expect("tempdir");
        let key = dir.path().join("shared.key");
        std::fs::copy(app.data_dir.join("secret.key"), &key).expect("copy");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        }
        let other = app.server_on_another_host(&dir.path().join("data"), Some(key), crate::helpers::test_limits(), std::time::Duration::from_secs(30)).await.expect("start");
        let res = app.new_client().get(format!("{other}/forums/belgrade/documents/{id}")).send().await.expect("GET");
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-length"], bytes.len().to_string().as_str());
        assert_eq!(res.bytes().await.expect("body").to_vec(), bytes, "byte for byte");
        assert!(!dir.path().join("data").join("documents").exists());
    }

    async fn files_an_earlier_version_kept_on_disk_move_into_the_database(app) {
        use app::features::documents::storage::{address_of, import_legacy_files, legacy_documents_dir};
        use app::features::documents::store::NewDocument;
        let forum = app.store.forum_by_slug("belgrade").await.expect("store").expect("forum").summary.id;
        let bytes = pdf("kept on disk by an earlier version");
        let (sha, size) = address_of(&bytes);
        // As an earlier version left it: the record in the database, the bytes in a file.
        let doc = NewDocument { forum_id: forum, title: "Old report".into(), locale: "en".into(), kind: "report".into(),
            file_name: "old-report.pdf".into(), content_type: "application/pdf".into(), size_bytes: size as i64, sha256: sha.clone() };
        let id = app.store.add_document(&doc, &mut &bytes[..]).await.expect("add");
        {
            use sqlx::Connection;
            let sql = "DELETE FROM document_contents";
            if app.database_url.starts_with("postgres") {
                let mut c = sqlx::PgConnection::connect(&app.database_url).await.expect("connect");
                sqlx::query(sql).execute(&mut c).await.expect("forget");
            } else {
                let mut c = sqlx::SqliteConnection::connect(&app.database_url).await.expect("connect");
                sqlx::query(sql).execute(&mut c).await.expect("forget");
            }
        }
        let legacy = legacy_documents_dir(&app.data_dir);
        std::fs::create_dir_all(&legacy).expect("dir");
        std::fs::write(legacy.join(&sha), &bytes).expect("file");
        // A file whose bytes do not match its name stays where it is.
        let (other_sha, _) = address_of(b"something else");
        std::fs::write(legacy.join(&other_sha), b"tampered").expect("file");

        let moved = import_legacy_files(app.store.as_ref(), &app.data_dir).await.expect("import");
        assert_eq!(moved, 1);
        assert!(!legacy.join(&sha).exists(), "moved out of the data directory");
        assert!(legacy.join(&other_sha).exists(), "a file that matches nothing is left alone");
        let res = app.get(&format!("/forums/belgrade/documents/{}", id.0)).await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.bytes().await.expect("body").to_vec(), bytes);
        assert_eq!(import_legacy_files(app.store.as_ref(), &app.data_dir).await.expect("again"), 0, "once");
        std::fs::remove_dir_all(&legacy).expect("clean");
    }
}
