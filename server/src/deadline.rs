//! Every request has a deadline: past it the request is dropped (its transaction rolls back, so
//! nothing is half-written) and the answer is 503 with `Retry-After`, in the reader's language,
//! with the route named in the log. The door's JSON endpoints get a shorter one: a steward
//! waiting at a queue wants an answer, even "try again", within seconds.

use app::mail_html::escape;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::Duration;

/// How long a request may take: pages and forms, and the door's JSON endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadlines {
    pub page: Duration,
    pub door: Duration,
}

impl Deadlines {
    /// `page` for everything, at most 10 s for the door.
    pub fn new(page: Duration) -> Self {
        Deadlines {
            page,
            door: page.min(Duration::from_secs(10)),
        }
    }

    fn of(&self, path: &str) -> Duration {
        if path.starts_with("/api/v1/checkin") {
            self.door
        } else {
            self.page
        }
    }
}

/// Seconds a client is asked to wait before trying again.
const RETRY_AFTER_SECS: &str = "5";

pub async fn deadline(
    State(deadlines): State<Deadlines>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_string();
    let limit = deadlines.of(&path);
    let locale = app::locale::locale_of(request.headers(), request.uri().query());
    let wants_html = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("text/html"));
    let reference = request
        .extensions()
        .get::<app::request::RequestId>()
        .map(|r| r.0.clone())
        .unwrap_or_default();
    let mut response = match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!(
                route = %crate::middleware::loggable_path(&path),
                seconds = limit.as_secs_f32(),
                "request passed its deadline; answered 503"
            );
            busy(locale, &path, wants_html, &reference)
        }
    };
    // Whoever answered "busy" (a lock or the pool timed out), the client learns when to retry.
    if response.status() == StatusCode::SERVICE_UNAVAILABLE
        && !response.headers().contains_key(header::RETRY_AFTER)
    {
        response.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from_static(RETRY_AFTER_SECS),
        );
    }
    response
}

/// The "busy" answer: a small page for browsers, the error a server function's caller decodes
/// (it shows the message in its language), or the JSON error the door reads.
fn busy(locale: app::i18n::Locale, path: &str, html: bool, reference: &str) -> Response {
    let message = locale.t("error.unavailable");
    let headers = [
        (header::RETRY_AFTER, RETRY_AFTER_SECS),
        (header::CACHE_CONTROL, "no-store"),
    ];
    if path.starts_with("/api/") && !path.starts_with("/api/v1/") && !html {
        let error = app::error::AppError::Unavailable {
            retry_after_secs: 5,
        };
        return (StatusCode::SERVICE_UNAVAILABLE, headers, axum::Json(error)).into_response();
    }
    if !html {
        let body = axum::Json(serde_json::json!({ "error": message }));
        return (StatusCode::SERVICE_UNAVAILABLE, headers, body).into_response();
    }
    let title = locale.t("error.unavailable_title");
    let css = &app::assets::assets().css;
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} · Agora</title><link rel=\"stylesheet\" href=\"{css}\"></head>\
         <body><main id=\"main\" class=\"container\"><h1>{title}</h1><p>{message}</p>\
         <p><a href=\"\">{again}</a></p><p class=\"muted\">{reference}</p></main></body></html>",
        lang = locale.code(),
        title = escape(&title),
        css = escape(css),
        message = escape(&message),
        again = escape(&locale.t("error.try_again")),
        reference = escape(&locale.tf("error.reference", &[("id", reference)])),
    );
    (
        StatusCode::SERVICE_UNAVAILABLE,
        headers,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        page,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_door_gets_the_shorter_deadline() {
        let d = Deadlines::new(Duration::from_secs(30));
        assert_eq!(d.of("/api/v1/checkin"), Duration::from_secs(10));
        assert_eq!(d.of("/api/v1/checkin/roster"), Duration::from_secs(10));
        assert_eq!(d.of("/forums/belgrade"), Duration::from_secs(30));
        assert_eq!(
            Deadlines::new(Duration::from_secs(2)).door,
            Duration::from_secs(2)
        );
    }
}
