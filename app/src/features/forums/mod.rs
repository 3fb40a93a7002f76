//! Forum series, forums, stakeholder groups and the public forum pages.
pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod time;
pub mod types;
