//! The current request and response as server functions and server components see them:
//! cookies, headers, whether a plain HTML form was posted. Server-only, and imports no feature.

use http::header::{ACCEPT, COOKIE};
use http::request::Parts;
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

/// The response options of the current request (a fresh, detached one outside a request).
pub fn response_options() -> ResponseOptions {
    use_context::<ResponseOptions>().unwrap_or_default()
}

/// The request parts of the current request.
pub fn request_parts() -> Option<Parts> {
    use_context::<Parts>()
}

/// The value of a request cookie.
pub fn cookie_value(name: &str) -> Option<String> {
    cookie_in(&request_parts()?.headers, name)
}

/// The value of a cookie in a set of request headers.
pub fn cookie_in(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// True when the browser posted a plain HTML form (no JavaScript): it then expects a page back.
pub fn is_plain_form_post() -> bool {
    request_parts()
        .and_then(|p| {
            p.headers
                .get(ACCEPT)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.contains("text/html"))
        })
        .unwrap_or(false)
}
