//! Accounts, roles, sign-in sessions.
pub mod api;
#[cfg(feature = "ssr")]
pub mod auth;
#[cfg(feature = "ssr")]
pub mod guard;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;
pub mod types;
#[cfg(feature = "ssr")]
pub mod validate;
