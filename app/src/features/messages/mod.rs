//! Messages to registrants: an organiser writes to a filtered audience of a forum's
//! registrations, per language with a fallback, previews and tests it, and sends it at once or
//! at a time; each participant gets it in their language through the outbox at a steady rate.
//! The series' lead writes to several forums at once (`series_api`). Reminders before the forum
//! go by themselves (`reminders`).

pub mod api;
#[cfg(feature = "ssr")]
mod api_support;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod reminder_store;
#[cfg(feature = "ssr")]
pub mod reminders;
pub mod reminders_api;
pub mod reminders_pages;
#[cfg(feature = "ssr")]
pub mod rules;
pub mod series_api;
pub mod series_pages;
#[cfg(feature = "ssr")]
pub mod series_store;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
pub mod types;
