//! Accounts, roles, sign-in sessions, forum teams and the access log.
pub mod access_log;
pub mod api;
#[cfg(feature = "ssr")]
pub mod auth;
#[cfg(feature = "ssr")]
pub mod guard;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod policy;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod store;
pub mod team_pages;
pub mod teams;
pub mod types;
#[cfg(feature = "ssr")]
pub mod validate;
