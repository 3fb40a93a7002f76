//! The one way islands talk to the server: a form-encoded POST to a server function's stable
//! endpoint, asking for JSON (so the server answers with data instead of redirecting, as it
//! does for a plain form).

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, RequestCredentials, RequestInit, Response, UrlSearchParams};

/// Why a request did not give an answer the island can use.
#[derive(Debug)]
pub enum NetError {
    /// The browser could not send it (offline, blocked).
    Unreachable,
    /// The server answered with an error status.
    Refused,
}

/// Posts `fields` to `url` and returns the body of a 2xx answer.
pub async fn post_form(url: &str, fields: &[(&str, &str)]) -> Result<String, NetError> {
    let unreachable = |_| NetError::Unreachable;
    let params = UrlSearchParams::new().map_err(unreachable)?;
    for (name, value) in fields {
        params.append(name, value);
    }
    let headers = Headers::new().map_err(unreachable)?;
    headers
        .set("Accept", "application/json")
        .map_err(unreachable)?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_credentials(RequestCredentials::SameOrigin);
    init.set_headers(&headers);
    init.set_body(&params.into());
    let window = web_sys::window().ok_or(NetError::Unreachable)?;
    let answer = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(unreachable)?;
    let response: Response = answer.dyn_into().map_err(unreachable)?;
    if !response.ok() {
        return Err(NetError::Refused);
    }
    let text = JsFuture::from(response.text().map_err(unreachable)?)
        .await
        .map_err(unreachable)?;
    Ok(text.as_string().unwrap_or_default())
}
