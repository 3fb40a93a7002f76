//! Announcements: news per forum or for the whole series, written in Markdown, with Atom feeds.
pub mod api;
#[cfg(feature = "ssr")]
pub mod atom;
#[cfg(feature = "ssr")]
pub mod feed;
pub mod manage;
pub mod manage_pages;
#[cfg(feature = "ssr")]
pub mod markdown;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;
pub mod types;
