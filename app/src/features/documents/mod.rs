//! Documents a forum produces or uses: uploaded by organisers, checked by content, stored by
//! content hash, listed on the forum page and downloaded with their own name and type.
pub mod api;
#[cfg(feature = "ssr")]
pub mod http;
pub mod pages;
pub mod sniff;
#[cfg(feature = "ssr")]
pub mod storage;
#[cfg(feature = "ssr")]
pub mod store;
pub mod types;
