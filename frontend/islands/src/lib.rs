//! The parts of Agora's pages that act in the browser, as Leptos islands, and the types they
//! share with the server. The server renders every page (`app`), including these islands'
//! first HTML; the browser hydrates only them (`frontend`). An island gets every word it shows
//! as a prop, already translated by the server, so no translation catalogue and no organiser
//! screen can reach the wasm: this crate depends on neither.
//!
//! Every island enhances something that works without JavaScript: the forum filter appears
//! only once hydrated, a pick is a plain form that the island sends in place, and the live
//! counts are a page that reloading refreshes.

pub mod counts;
pub mod filter;
mod net;
pub mod picks;

pub use counts::{CountRow, CountsTexts, LiveCounts, LiveCountsData};
pub use filter::ForumFilter;
pub use picks::PickToggle;
