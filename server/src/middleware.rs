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
        _ => {
            let locale = app::locale::locale_of(headers, request.uri().query());
            (
                StatusCode::FORBIDDEN,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                locale.t("error.other_site"),
            )
                .into_response()
        }
    }
}

/// Gives every request its id (`app::request::RequestId`: the trusted balancer's, or a new one)
/// for the log line and the error pages, and answers with it in `X-Request-Id`.
pub async fn request_id(
    axum::extract::State(state): axum::extract::State<app::state::AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip());
    let id = app::request::RequestId::of(
        peer,
        request.headers(),
        &state.settings.limits.trusted_proxies,
    );
    request.extensions_mut().insert(id.clone());
    let mut response = next.run(request).await;
    if let Ok(value) = HeaderValue::from_str(&id.0) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
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

/// The browser security headers of every response (see docs/security.md): CSP and
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
                &app::request::content_security_policy(None, &[]),
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

/// The prefix browsers hold to the strictest rules: such a cookie is accepted only with `Secure`,
/// `Path=/` and no `Domain`, so neither a sibling domain nor a plain-http page can plant or
/// overwrite it.
const HOST_PREFIX: &str = "__Host-";

/// Agora's own cookies (session, flash, participant device, scanner device) by their bare name.
fn is_ours(name: &str) -> bool {
    name.starts_with("agora_")
}

/// Over https every Agora cookie travels as `__Host-agora_…` with `Secure`: outgoing
/// `Set-Cookie` headers are renamed and marked here, and incoming cookies are read back under
/// their bare names, while a bare `agora_…` cookie (which another subdomain or a plain-http
/// response could have planted) is ignored. The app itself names its cookies once, bare.
pub async fn host_only_cookies(
    axum::extract::State(https): axum::extract::State<bool>,
    mut request: Request,
    next: Next,
) -> Response {
    if !https {
        return next.run(request).await;
    }
    let kept: Vec<String> = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .map(str::trim)
        .filter(|pair| !pair.is_empty())
        .filter_map(|pair| {
            let name = pair.split_once('=').map_or(pair, |(n, _)| n);
            match name.strip_prefix(HOST_PREFIX) {
                Some(bare) if is_ours(bare) => Some(pair[HOST_PREFIX.len()..].to_string()),
                _ if is_ours(name) => None,
                _ => Some(pair.to_string()),
            }
        })
        .collect();
    let headers = request.headers_mut();
    headers.remove(header::COOKIE);
    if let Ok(value) = HeaderValue::from_str(&kept.join("; ")) {
        if !kept.is_empty() {
            headers.insert(header::COOKIE, value);
        }
    }
    let mut response = next.run(request).await;
    let set: Vec<HeaderValue> = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| match v.to_str() {
            Ok(text) if is_ours(text) => {
                let secure = text
                    .split(';')
                    .any(|a| a.trim().eq_ignore_ascii_case("secure"));
                let marked = format!(
                    "{HOST_PREFIX}{text}{}",
                    if secure { "" } else { "; Secure" }
                );
                HeaderValue::from_str(&marked).unwrap_or_else(|_| v.clone())
            }
            _ => v.clone(),
        })
        .collect();
    let headers = response.headers_mut();
    headers.remove(header::SET_COOKIE);
    for value in set {
        headers.append(header::SET_COOKIE, value);
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
        if let AppError::RateLimited { retry_after_secs }
        | AppError::Unavailable { retry_after_secs } = error
        {
            if let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                parts.headers.insert(header::RETRY_AFTER, v);
            }
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Deny by default: a server function (`/api/...`, not the plain `/api/v1/` routes) whose path
/// has no declared rule in `app::features::accounts::rules` is answered 404 before it runs, so
/// an endpoint added without a rule does nothing in production and fails the route test.
pub async fn declared_server_fns_only(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if path.starts_with("/api/")
        && !path.starts_with("/api/v1/")
        && app::features::accounts::rules::server_function_rule(path).is_none()
    {
        tracing::warn!(path = %loggable_path(path), "server function without a declared rule");
        return StatusCode::NOT_FOUND.into_response();
    }
    next.run(request).await
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

    #[tokio::test]
    async fn over_https_our_cookies_travel_host_only_and_planted_bare_ones_are_ignored() {
        use axum::routing::get;
        use tower::ServiceExt;
        // The app sees bare names and sets bare cookies; it echoes what it received.
        let app = axum::Router::new()
            .route(
                "/",
                get(|headers: axum::http::HeaderMap| async move {
                    let seen = headers
                        .get(header::COOKIE)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default()
                        .to_string();
                    let mut response = seen.into_response();
                    for cookie in [
                        "agora_flash=x; Path=/; HttpOnly; SameSite=Lax; Max-Age=120",
                        "agora_session=s; Path=/; HttpOnly; SameSite=Lax; Secure",
                        "other=1; Path=/",
                    ] {
                        response
                            .headers_mut()
                            .append(header::SET_COOKIE, HeaderValue::from_static(cookie));
                    }
                    response
                }),
            )
            .layer(axum::middleware::from_fn_with_state(
                true,
                host_only_cookies,
            ));
        let request = Request::builder()
            .uri("/")
            .header(
                header::COOKIE,
                "agora_session=planted; __Host-agora_session=real; theme=dark",
            )
            .body(Body::empty())
            .expect("request");
        let response = app.oneshot(request).await.expect("response");
        let set: Vec<String> = response
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap_or_default().to_string())
            .collect();
        assert_eq!(
            set,
            [
                "__Host-agora_flash=x; Path=/; HttpOnly; SameSite=Lax; Max-Age=120; Secure",
                "__Host-agora_session=s; Path=/; HttpOnly; SameSite=Lax; Secure",
                "other=1; Path=/",
            ]
        );
        let body = to_bytes(response.into_body(), 1 << 10).await.expect("body");
        assert_eq!(&body[..], b"agora_session=real; theme=dark");
    }

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
        assert_eq!(
            loggable_path("/r/2.abc123/cancel"),
            "/r/[redacted]/cancel",
            "a link made after a key rotation"
        );
        assert_eq!(loggable_path("/calendar/tok.ics"), "/calendar/[redacted]");
        assert_eq!(
            loggable_path("/checkin/device/tok"),
            "/checkin/device/[redacted]"
        );
        assert_eq!(loggable_path("/forums/tirana"), "/forums/tirana");
    }
}
