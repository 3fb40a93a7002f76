//! How the built assets and the pages travel: `/pkg/…` files (CSS, scripts, wasm) are sent
//! precompressed (brotli or gzip, as the browser accepts; `scripts/build.sh` writes the `.br`
//! and `.gz` files) and, when their name carries a content hash, cached for a year as
//! immutable. HTML is compressed on the fly and kept out of shared caches: it depends on the
//! reader's language and session.

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Version};
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use std::path::Path;
use tower_http::compression::predicate::{Predicate, SizeAbove};
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;

/// Cache-Control of a file whose name changes with its content.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Cache-Control of a file under a plain name: the browser asks again each time (a 304 when
/// unchanged).
pub const REVALIDATE: &str = "public, no-cache";
/// Cache-Control of every page.
pub const PAGE: &str = "private, no-cache";

/// `/pkg`: the site root's built assets.
pub fn pkg_router<S: Clone + Send + Sync + 'static>(site_root: &Path) -> Router<S> {
    let files = ServeDir::new(site_root.join("pkg"))
        .precompressed_br()
        .precompressed_gzip();
    Router::new()
        .nest_service("/pkg", files)
        .layer(axum::middleware::from_fn(asset_headers))
}

/// Whether a file name carries a content hash the way the build writes it:
/// `stem.<16 hex digits>.ext`.
pub fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let mut parts = name.rsplit('.');
    let (_ext, hash) = (parts.next(), parts.next());
    parts.next().is_some()
        && hash.is_some_and(|h| h.len() == 16 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

async fn asset_headers(request: Request, next: Next) -> Response {
    let hashed = is_hashed(request.uri().path());
    let mut response = next.run(request).await;
    if response.status() == StatusCode::OK || response.status() == StatusCode::NOT_MODIFIED {
        let headers = response.headers_mut();
        let cache = if hashed { IMMUTABLE } else { REVALIDATE };
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
        // The same address answers brotli, gzip or plain bytes.
        headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

/// Pages (`text/html`) get `Cache-Control: private, no-cache` unless they set their own.
pub async fn page_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if is_html(headers) && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(PAGE));
    }
    response
}

fn is_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}

/// Compresses HTML and JSON responses (brotli or gzip, as accepted; the scanner's roster is the
/// large JSON); everything else is either precompressed (assets), already compressed (images,
/// documents) or small.
pub fn html_compression() -> CompressionLayer<impl Predicate> {
    let html = |_: StatusCode, _: Version, headers: &HeaderMap, _: &axum::http::Extensions| {
        is_html(headers)
            || headers
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("application/json"))
    };
    CompressionLayer::new()
        .br(true)
        .gzip(true)
        .compress_when(SizeAbove::new(512).and(html))
}

#[cfg(test)]
mod tests {
    use super::is_hashed;

    #[test]
    fn only_names_with_a_content_hash_are_immutable() {
        assert!(is_hashed("/pkg/agora.0123456789abcdef.css"));
        assert!(is_hashed("/pkg/agora_bg.0123456789ABCDEF.wasm"));
        assert!(!is_hashed("/pkg/agora.css"));
        assert!(!is_hashed("/pkg/agora_bg.wasm"));
        assert!(!is_hashed("/pkg/0123456789abcdef.css"));
        assert!(!is_hashed("/pkg/agora.0123456789abcdeg.css"));
        assert!(!is_hashed("/pkg/agora.0123456789abcde.css"));
    }
}
