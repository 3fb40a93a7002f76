//! Errors and typed values that survive a redirect after a form posted without JavaScript.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub const FLASH_COOKIE: &str = "agora_flash";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flash {
    pub error: AppError,
    pub fields: Vec<(String, String)>,
}

impl Flash {
    pub fn field(&self, name: &str) -> Option<String> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }
}

/// Takes the pending flash of this browser, if any (cleared once read).
#[server(endpoint = "flash")]
pub async fn take_flash() -> Result<Option<Flash>, AppError> {
    Ok(take_flash_cookie())
}

/// The `Set-Cookie` value that carries a flash to the next page.
#[cfg(feature = "ssr")]
pub fn flash_cookie(flash: &Flash) -> Option<http::HeaderValue> {
    use base64::Engine;
    let json = serde_json::to_vec(flash).ok()?;
    let value = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json);
    http::HeaderValue::from_str(&format!(
        "{FLASH_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=120"
    ))
    .ok()
}

/// A plain route's answer to a form posted without JavaScript: 303 to `to`, with the flash
/// (a refusal and the typed fields) when there is one.
#[cfg(feature = "ssr")]
pub fn see_other(to: &str, flash: Option<&Flash>) -> axum::response::Response {
    use axum::response::IntoResponse;
    use http::{header, HeaderValue, StatusCode};
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(location) = HeaderValue::from_str(to) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    if let Some(cookie) = flash.and_then(flash_cookie) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

/// Reads and clears the flash cookie.
#[cfg(feature = "ssr")]
fn take_flash_cookie() -> Option<Flash> {
    use crate::request::{cookie_value, response_options};
    use base64::Engine;
    let raw = cookie_value(FLASH_COOKIE)?;
    let clear = format!("{FLASH_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    if let Ok(v) = http::HeaderValue::from_str(&clear) {
        response_options().append_header(http::header::SET_COOKIE, v);
    }
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(raw)
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// The flash of a page, loaded once with the page.
pub type FlashResource = Resource<Result<Option<Flash>, AppError>>;

/// The error to show for a form: the action's latest result (with JavaScript) or the flash
/// carried across the redirect (without).
pub fn form_error<T, S>(action_value: S, flash: FlashResource) -> Signal<Option<AppError>>
where
    T: Clone + Send + Sync + 'static,
    S: Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    Signal::derive(move || {
        if let Some(Err(e)) = action_value.get() {
            return Some(e);
        }
        flash.get().and_then(|f| f.ok().flatten()).map(|f| f.error)
    })
}

/// A value typed into a form before a refused submission without JavaScript.
pub fn flashed_field(flash: FlashResource, name: &str) -> String {
    flash
        .get_untracked()
        .and_then(|f| f.ok().flatten())
        .and_then(|f| f.field(name))
        .unwrap_or_default()
}
