//! The agenda: rooms, tracks, people and sessions; the organiser's screens and the public pages.
pub mod api;
pub mod manage;
pub mod manage_pages;
pub mod pages;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod store;
pub mod types;
