//! Tickets: the signed QR code of a confirmed registration, shown on the participant's page and
//! attached to the confirmation email. Check-in (`features::checkin`) verifies them.

pub mod api;
#[cfg(feature = "ssr")]
pub mod code;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod qr;
#[cfg(feature = "ssr")]
pub mod ssr;
#[cfg(feature = "ssr")]
pub mod store;
pub mod types;
