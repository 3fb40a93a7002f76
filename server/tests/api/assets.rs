//! Assets travel precompressed and cached by content hash; pages are compressed on the fly and
//! kept out of shared caches; every page names its assets through the loader.
use crate::helpers::{spawn_app, Db, TestApp};
use reqwest::header::{ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, VARY};

const CSS: &str = "body { color: #1b1b1b; }\n";

/// Writes a built-looking asset (plain, `.br` and `.gz` with recognisable bodies) into the test
/// server's site root.
fn put_asset(app: &TestApp, name: &str) {
    let pkg = app.data_dir.join("site").join("pkg");
    std::fs::create_dir_all(&pkg).expect("pkg dir");
    std::fs::write(pkg.join(name), CSS).expect("asset");
    std::fs::write(pkg.join(format!("{name}.br")), b"brotli bytes").expect("br");
    std::fs::write(pkg.join(format!("{name}.gz")), b"gzip bytes").expect("gz");
}

async fn fetch(app: &TestApp, path: &str, encoding: Option<&str>) -> reqwest::Response {
    let mut request = app.client.get(app.url(path));
    if let Some(encoding) = encoding {
        request = request.header(ACCEPT_ENCODING, encoding);
    }
    request.send().await.expect("GET")
}

fn header(res: &reqwest::Response, name: reqwest::header::HeaderName) -> String {
    res.headers()
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join(", ")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hashed_assets_are_precompressed_and_immutable() {
    let app = spawn_app(Db::Sqlite).await;
    let name = "agora.0123456789abcdef.css";
    put_asset(&app, name);
    let path = format!("/pkg/{name}");

    let br = fetch(&app, &path, Some("gzip, deflate, br")).await;
    assert_eq!(br.status(), 200);
    assert_eq!(header(&br, CONTENT_ENCODING), "br");
    assert_eq!(
        header(&br, CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );
    assert!(header(&br, VARY).to_lowercase().contains("accept-encoding"));
    assert_eq!(br.text().await.expect("body"), "brotli bytes");

    let gz = fetch(&app, &path, Some("gzip")).await;
    assert_eq!(header(&gz, CONTENT_ENCODING), "gzip");
    assert_eq!(gz.text().await.expect("body"), "gzip bytes");

    let plain = fetch(&app, &path, None).await;
    assert_eq!(header(&plain, CONTENT_ENCODING), "");
    assert!(header(&plain, reqwest::header::CONTENT_TYPE).starts_with("text/css"));
    assert_eq!(plain.text().await.expect("body"), CSS);
    app.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_asset_without_a_content_hash_is_revalidated_and_a_missing_one_is_404() {
    let app = spawn_app(Db::Sqlite).await;
    put_asset(&app, "agora.css");
    let res = fetch(&app, "/pkg/agora.css", Some("br")).await;
    assert_eq!(res.status(), 200);
    assert_eq!(header(&res, CACHE_CONTROL), "public, no-cache");
    let missing = fetch(&app, "/pkg/agora.fedcba9876543210.js", Some("br")).await;
    assert_eq!(missing.status(), 404);
    assert_eq!(header(&missing, CACHE_CONTROL), "");
    app.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_are_compressed_private_and_load_only_the_island_loader() {
    let app = spawn_app(Db::Sqlite).await;
    let res = fetch(&app, "/", Some("br")).await;
    assert_eq!(res.status(), 200);
    assert_eq!(header(&res, CONTENT_ENCODING), "br");
    assert_eq!(header(&res, CACHE_CONTROL), "private, no-cache");

    let page = app.get("/").await;
    assert_eq!(header(&page, CONTENT_ENCODING), "");
    let html = page.text().await.expect("html");
    // No wasm is preloaded: the loader fetches it only for a page with islands.
    assert!(html.contains(r#"id="islands-loader""#), "{html}");
    assert!(!html.contains(".wasm\" as=\"fetch\""), "{html}");
    assert!(!html.contains("rel=\"modulepreload\""), "{html}");
    // The home page's filter is its only island, and no resource data rides along for it.
    assert_eq!(html.matches("<leptos-island").count(), 1, "{html}");
    assert!(html.contains(r#"data-component="ForumFilter_"#), "{html}");
    assert!(!html.contains("__RESOLVED_RESOURCES["), "{html}");
    assert!(!html.contains("__RESOLVED_RESOURCES=[{"), "{html}");
    app.cleanup().await;
}
