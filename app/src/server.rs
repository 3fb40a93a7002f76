//! Server-only helpers for server functions: error logging, and `reject`, which sends a refusal
//! back to a form posted without JavaScript in the flash cookie. The request helpers live in
//! `request.rs` and are re-exported here.

use crate::error::AppError;
use crate::flash::{flash_cookie, Flash};
use http::header::SET_COOKIE;

pub use crate::request::{
    cookie_in, cookie_value, is_plain_form_post, request_parts, response_options,
};

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
