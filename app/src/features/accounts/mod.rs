//! Accounts, roles, sign-in sessions.
pub mod api;
#[cfg(feature = "ssr")]
pub mod auth;
pub mod pages;
pub mod types;
#[cfg(feature = "ssr")]
pub mod validate;
