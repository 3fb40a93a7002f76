//! Server-only helpers for server functions: request cookies, response headers, error logging
//! and the flash cookie that carries errors back to forms submitted without JavaScript.

use crate::error::AppError;
use crate::flash::{Flash, FLASH_COOKIE};
use base64::Engine;
use http::header::{HeaderValue, ACCEPT, COOKIE, SET_COOKIE};
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

/// Logs an unexpected error with its whole chain and hides it behind an opaque `Internal`.
pub fn internal<E: std::error::Error>(err: E) -> AppError {
    let mut chain = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        chain.push_str(": ");
        chain.push_str(&s.to_string());
        source = s.source();
    }
    tracing::error!(error = %chain, "unexpected error");
    AppError::Internal
}

/// Returns `err` to the caller. For a form posted without JavaScript the error and the given
/// field values travel in a short-lived cookie, so the page it is redirected to can show them.
/// Never pass secrets (passwords) in `fields`.
pub fn reject(err: AppError, fields: &[(&str, &str)]) -> AppError {
    if is_plain_form_post() {
        let flash = Flash {
            error: err.clone(),
            fields: fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        };
        if let Some(v) = flash_cookie(&flash) {
            response_options().append_header(SET_COOKIE, v);
        }
    }
    err
}

/// The `Set-Cookie` value that carries a flash to the next page.
pub fn flash_cookie(flash: &Flash) -> Option<HeaderValue> {
    let json = serde_json::to_vec(flash).ok()?;
    let value = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json);
    HeaderValue::from_str(&format!(
        "{FLASH_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=120"
    ))
    .ok()
}

/// Reads and clears the flash cookie.
pub fn take_flash_cookie() -> Option<Flash> {
    let raw = cookie_value(FLASH_COOKIE)?;
    let clear = format!("{FLASH_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    if let Ok(v) = HeaderValue::from_str(&clear) {
        response_options().append_header(SET_COOKIE, v);
    }
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(raw)
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}
