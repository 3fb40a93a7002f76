//! Accounts, roles, sign-in sessions.
pub mod api;
#[cfg(feature = "ssr")]
pub mod auth;
#[cfg(feature = "ssr")]
pub mod guard;
pub mod pages;
pub mod types;
#[cfg(feature = "ssr")]
pub mod validate;
