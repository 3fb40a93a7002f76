//! Calendar invites that stay correct: per-session, per-agenda and per-forum .ics files, the
//! participant's personal feed of the sessions they picked, and web-calendar links.
#[cfg(feature = "ssr")]
pub mod feeds;
#[cfg(feature = "ssr")]
pub mod ics;
pub mod links;
pub mod personal;
#[cfg(feature = "ssr")]
pub mod store;
