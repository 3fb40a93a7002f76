//! Check-in at the door and at sessions: lists derived from the agenda, the verdict for each scan,
//! the scanner page, scanner devices and live counts.

pub mod admin_pages;
pub mod api;
#[cfg(feature = "ssr")]
pub mod cache;
#[cfg(feature = "ssr")]
pub mod counts;
pub mod counts_page;
#[cfg(feature = "ssr")]
pub mod decide;
pub mod expiry;
#[cfg(feature = "ssr")]
pub mod http;
pub mod issues_pages;
#[cfg(feature = "ssr")]
pub mod lists;
#[cfg(feature = "ssr")]
pub mod offline_http;
#[cfg(feature = "ssr")]
pub mod offline_store;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod pwa;
#[cfg(feature = "ssr")]
pub mod review;
#[cfg(feature = "ssr")]
pub mod ssr;
#[cfg(feature = "ssr")]
pub mod store;
pub mod types;
