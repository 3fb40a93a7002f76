//! Which language the current page is in: `?lang=` (remembered in a cookie), then the cookie,
//! then `Accept-Language`. The server renders that language directly and writes it into
//! `<html lang>`. Islands get their words from the server as props, so the browser never
//! needs to know the language.

use crate::i18n::Locale;

pub const LANG_COOKIE: &str = "agora_lang";

/// Resolves the locale of the current request and remembers an explicit `?lang=` choice.
#[cfg(feature = "ssr")]
pub fn request_locale() -> Locale {
    use crate::server::{cookie_value, request_parts, response_options};
    use http::header::{HeaderValue, ACCEPT_LANGUAGE, SET_COOKIE};

    let Some(parts) = request_parts() else {
        return Locale::default();
    };
    let from_query = parts.uri.query().and_then(|q| {
        q.split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(k, _)| *k == "lang")
            .and_then(|(_, v)| Locale::from_code(v))
    });
    if let Some(locale) = from_query {
        let cookie = format!(
            "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            locale.code()
        );
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            response_options().append_header(SET_COOKIE, v);
        }
        return locale;
    }
    if let Some(locale) = cookie_value(LANG_COOKIE).and_then(|c| Locale::from_code(&c)) {
        return locale;
    }
    parts
        .headers
        .get(ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(crate::i18n::negotiate)
        .unwrap_or_default()
}

/// The locale of a plain axum request (no Leptos context): `?lang=`, the cookie, then
/// `Accept-Language`.
#[cfg(feature = "ssr")]
pub fn locale_of(headers: &http::HeaderMap, query: Option<&str>) -> Locale {
    let from_query = query.and_then(|q| {
        q.split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(k, _)| *k == "lang")
            .and_then(|(_, v)| Locale::from_code(v))
    });
    from_query
        .or_else(|| {
            crate::server::cookie_in(headers, LANG_COOKIE).and_then(|c| Locale::from_code(&c))
        })
        .or_else(|| {
            headers
                .get(http::header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .map(crate::i18n::negotiate)
        })
        .unwrap_or_default()
}

#[cfg(not(feature = "ssr"))]
pub fn request_locale() -> Locale {
    Locale::default()
}
