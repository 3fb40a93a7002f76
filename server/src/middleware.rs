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
/// with the visitor's session cookie. Requests that authenticate with a bearer token (scanner
/// devices) carry no ambient credentials and are exempt.
pub async fn same_origin_only(request: Request, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let headers = request.headers();
    if headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("Bearer "))
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
