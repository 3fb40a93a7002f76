//! Registration across stakeholder groups: the public form, the seat rules, the participant's own
//! page (`/r/{token}`) and the emails, delivered through the outbox.
pub mod admin_pages;
pub mod api;
#[cfg(feature = "ssr")]
pub mod batch;
pub mod csv;
#[cfg(feature = "ssr")]
pub mod export;
pub mod form;
pub mod invitations;
#[cfg(feature = "ssr")]
pub mod mail;
pub mod manage;
pub mod manage_pages;
pub mod pages;
pub mod question_admin;
pub mod questions;
#[cfg(feature = "ssr")]
pub mod records;
pub mod seats;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
pub mod types;
#[cfg(feature = "ssr")]
pub mod write;
