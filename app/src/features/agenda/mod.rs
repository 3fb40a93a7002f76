//! The agenda: rooms, tracks, people and sessions; the organiser's screens and the public pages.
mod admin_parts;
pub mod api;
mod item_forms;
pub mod manage;
pub mod manage_pages;
pub mod pages;
pub mod picking;
pub mod rules;
pub mod session_pages;
#[cfg(feature = "ssr")]
pub mod store;
pub mod types;
