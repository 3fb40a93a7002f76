//! The scanner as an installable web app: its manifest (in the steward's language), its service
//! worker (served under `/checkin/` so its scope is the scanner pages) and its icon.

use axum::http::{header, HeaderMap, Uri};
use axum::response::{IntoResponse, Response};

const SERVICE_WORKER: &str = include_str!("../../../../public/checkin-sw.js");
const ICON: &str = include_str!("../../../../public/checkin-icon.svg");

/// `GET /checkin/sw.js`: checked again on every visit (`no-cache`), so a new version takes over;
/// its scope is every scanner page, `/checkin` itself included.
pub async fn service_worker() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
            (
                header::HeaderName::from_static("service-worker-allowed"),
                "/checkin",
            ),
        ],
        SERVICE_WORKER,
    )
        .into_response()
}

/// `GET /checkin/icon.svg`.
pub async fn icon() -> Response {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        ICON,
    )
        .into_response()
}

/// `GET /checkin/manifest.webmanifest`: opens at the scanner's forum list, full screen.
pub async fn manifest(headers: HeaderMap, uri: Uri) -> Response {
    let locale = crate::locale::locale_of(&headers, uri.query());
    let body = serde_json::json!({
        "name": locale.t("checkin.app_name"),
        "short_name": locale.t("checkin.app_short_name"),
        "description": locale.t("checkin.app_description"),
        "lang": locale.code(),
        "start_url": "/checkin",
        "scope": "/checkin",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#fbfaf7",
        "theme_color": "#1f4e5f",
        "icons": [
            { "src": "/checkin/icon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any" },
            { "src": "/checkin/icon.svg", "sizes": "512x512", "type": "image/svg+xml", "purpose": "maskable" }
        ]
    });
    (
        [
            (header::CONTENT_TYPE, "application/manifest+json"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body.to_string(),
    )
        .into_response()
}
