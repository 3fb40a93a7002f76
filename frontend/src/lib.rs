//! The wasm entry of the pages that have islands. Everything else on a page is server-rendered
//! HTML; this bundle holds only the islands of `frontend/islands` (no catalogue, no organiser
//! screens: they are not in this crate's dependencies). The scanner's QR decoder is a separate
//! wasm (`frontend/decoder`), loaded by the scanner page's worker only where the browser has no
//! `BarcodeDetector`.

// Linked for its `#[island]` exports, which the page's loader calls by name.
pub use islands;

/// Called once by `/pkg/loader.js` before it hydrates each `<leptos-island>` of the page.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
