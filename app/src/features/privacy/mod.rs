//! Privacy from registration to erasure: the participant's own download and erasure, retention
//! per forum, scrubbing delivered emails, the forum's privacy page with its team, the privacy
//! notice pages and the access log's admin page.
pub mod admin_pages;
pub mod api;
#[cfg(feature = "ssr")]
pub mod http;
pub mod mail_pages;
pub mod pages;
pub mod rules;
pub mod scanner_pages;
pub mod scanners;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
pub mod types;
