//! Forum series, forums, stakeholder groups and the public forum pages.
pub mod api;
#[cfg(feature = "ssr")]
pub mod content;
pub mod manage;
pub mod manage_pages;
pub mod notices;
pub mod pages;
pub mod series;
pub mod series_pages;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod time;
pub mod translation_pages;
pub mod translation_sources;
pub mod translations;
pub mod types;
