//! Cross-cutting request handling: the Origin check on state-changing requests, HTTP statuses
//! for server-function errors, and request logs that never contain secrets.

use app::error::AppError;
use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Refuses a state-changing request whose Origin (or, failing that, Referer) is another site.
/// Browsers send Origin on every cross-site POST, so a forged form from elsewhere cannot act
/// with the visitor's session cookie. A request is exempt only when its bearer token is a
/// scanner device's (such a request carries its credentials itself, and no other site has
/// them); an `Authorization` header alone proves nothing.
pub async fn same_origin_only(
    axum::extract::State(state): axum::extract::State<app::state::AppState>,
    request: Request,
    next: Next,
) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let headers = request.headers();
    if headers.contains_key(header::AUTHORIZATION)
        && app::features::checkin::ssr::bearer_authenticates(&state, headers).await
    {
        return next.run(request).await;
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let source = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    match (host, source) {
        (Some(host), Some(source)) if authority_of(source) == Some(host) => next.run(request).await,
        _ => (
            StatusCode::FORBIDDEN,
            "This request did not come from an Agora page. Reload the page and try again.",
        )
            .into_response(),
    }
}

/// Paths whose address carries a secret (manage links, device enrolment, calendar feeds): their
/// pages must not tell another site where the visitor came from.
fn holds_a_token(path: &str) -> bool {
    ["/r/", "/checkin/device/", "/calendar/"]
        .iter()
        .any(|p| path.starts_with(p))
}

/// Paths that show one person's or one organiser's data: never kept by any cache.
fn is_private(path: &str) -> bool {
    [
        "/r/",
        "/organiser",
        "/checkin",
        "/admin",
        "/api/",
        "/calendar/",
        "/account",
    ]
    .iter()
    .any(|p| path.starts_with(p))
}

/// The browser security headers of every response (see the README's security section): CSP and
/// framing on pages, a referrer policy that keeps tokens in addresses to this site, the camera
/// only for the scanner, no MIME sniffing, HSTS when the public address is https, and
/// `Cache-Control: no-store` on private pages and JSON.
pub async fn security_headers(
    axum::extract::State(https): axum::extract::State<bool>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_string();
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let has_policy = headers.contains_key(header::CONTENT_SECURITY_POLICY);
    let html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let mut set = |name: header::HeaderName, value: &str| {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(name, value);
        }
    };
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(
        header::REFERRER_POLICY,
        if holds_a_token(&path) {
            "no-referrer"
        } else {
            "strict-origin-when-cross-origin"
        },
    );
    if html {
        // Pages set their own policy with their nonce (`app::shell`); any other HTML (error
        // pages) gets it without one.
        if !has_policy {
            set(
                header::CONTENT_SECURITY_POLICY,
                &app::request::content_security_policy(None),
            );
        }
        set(header::X_FRAME_OPTIONS, "DENY");
        // The scanner is `/checkin/{forum}/{list}`; nothing else may ask for the camera.
        let scanner = path
            .strip_prefix("/checkin/")
            .is_some_and(|rest| !rest.starts_with("device/") && rest.split('/').count() == 2);
        set(
            header::HeaderName::from_static("permissions-policy"),
            if scanner {
                "camera=(self), microphone=(), geolocation=(), payment=(), usb=()"
            } else {
                "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
            },
        );
    }
    if https {
        set(
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        );
    }
    // The personal calendar feed keeps its own `private, no-cache` with an ETag: calendar apps
    // poll it and revalidate. Everything else private is never stored.
    if is_private(&path) && !path.starts_with("/calendar/") {
        set(header::CACHE_CONTROL, "no-store");
    }
    response
}

/// `https://host:port/path` → `host:port`.
fn authority_of(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    Some(rest.split(['/', '?', '#']).next().unwrap_or(rest))
}

/// Server functions answer every error with 500; this gives each the status its `AppError`
/// carries (400 for malformed input, 401, 403, 404, 422, 429 with Retry-After, ...).
pub async fn server_fn_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key("serverfnerror")
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = to_bytes(body, 1 << 20).await.unwrap_or_default();
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status =
            StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if let AppError::RateLimited { retry_after_secs } = error {
            if let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                parts.headers.insert(header::RETRY_AFTER, v);
            }
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The path as it may appear in logs: the token segment of secret-bearing links is hidden.
pub fn loggable_path(path: &str) -> String {
    const SECRET_PREFIXES: [&str; 3] = ["/r/", "/calendar/", "/checkin/device/"];
    for prefix in SECRET_PREFIXES {
        if let Some(rest) = path.strip_prefix(prefix) {
            let tail = rest.find('/').map(|i| &rest[i..]).unwrap_or("");
            return format!("{prefix}[redacted]{tail}");
        }
    }
    path.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_reduce_to_their_authority() {
        assert_eq!(
            authority_of("http://127.0.0.1:3000"),
            Some("127.0.0.1:3000")
        );
        assert_eq!(
            authority_of("https://agora.example/login?x=1"),
            Some("agora.example")
        );
        assert_eq!(authority_of("null"), None);
    }

    #[test]
    fn secret_links_are_redacted_in_logs() {
        assert_eq!(loggable_path("/r/abc123/cancel"), "/r/[redacted]/cancel");
        assert_eq!(loggable_path("/calendar/tok.ics"), "/calendar/[redacted]");
        assert_eq!(
            loggable_path("/checkin/device/tok"),
            "/checkin/device/[redacted]"
        );
        assert_eq!(loggable_path("/forums/tirana"), "/forums/tirana");
    }
}
