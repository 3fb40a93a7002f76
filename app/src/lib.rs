#![recursion_limit = "512"]
//! Agora: the shared library. Domain types, components and server functions live here. Pages
//! render on the server only; the few parts that act in the browser are the islands of
//! `frontend/islands`, which the pages render and the browser hydrates.
//!
//! Layers, lowest first; a module imports only its own layer and those below, never in a circle
//! (`architecture.rs` checks both on every test run):
//! kernel (`ids`, `db` with the backends' `Dialect`, `clock`, `secrets`, `text`, `error`, `i18n`,
//! `request`, `server`, `flash`, `locale`, `assets`) → domain (`features/*/types.rs` and the pure rules) → stores (`features/*/store.rs`
//! and their records) → composition (`store`, `state`, `mail`) → services (`*/service.rs`,
//! `*/ssr.rs`, `accounts/guard.rs`, `forums/content.rs`) → server functions (`*/api.rs`) → pages and `components`.

#[cfg(test)]
mod architecture;
#[cfg(feature = "ssr")]
pub mod assets;
#[cfg(feature = "ssr")]
pub mod clock;
pub mod components;
#[cfg(feature = "ssr")]
pub mod db;
pub mod error;
pub mod features;
pub mod flash;
pub mod i18n;
pub mod ids;
pub mod locale;
#[cfg(feature = "ssr")]
pub mod mail;
pub mod mail_html;
#[cfg(feature = "ssr")]
pub mod request;
pub mod routes;
pub mod secrets;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod store;
pub mod text;

pub use routes::App;

use leptos::prelude::*;
use leptos_meta::MetaTags;

/// The HTML document around the app, rendered on the server only.
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    // The page's policy names this response's nonce, which Leptos puts on its inline scripts.
    if let Some(nonce) = leptos::nonce::use_nonce() {
        let hosts = state::app_state()
            .map(|s| s.settings.image_hosts.clone())
            .unwrap_or_default();
        let policy = request::content_security_policy(Some(&nonce.to_string()), &hosts);
        if let Ok(value) = http::HeaderValue::from_str(&policy) {
            request::response_options().insert_header(http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#1f4e5f" />
                <link rel="icon" href="/favicon.ico" />
                <link rel="stylesheet" href=assets::assets().css.clone() />
                <AutoReload options />
                <assets::IslandScripts />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}
