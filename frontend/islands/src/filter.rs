//! The home page's forum filter: a search box that hides the forum cards whose title, city and
//! country do not contain what was typed. Without JavaScript it stays hidden (all forums show).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The attribute the server puts on each card: its searchable text, lower-cased.
pub const FILTER_ATTRIBUTE: &str = "data-filter";

/// `label`: the translated label of the search box.
#[island]
pub fn ForumFilter(label: String) -> impl IntoView {
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    view! {
        <div class="filter" hidden=move || !ready.get()>
            <label for="forum-filter">{label}</label>
            <input
                id="forum-filter"
                type="search"
                autocomplete="off"
                on:input=move |ev| show_matching(&event_target_value(&ev))
            />
        </div>
    }
}

fn show_matching(typed: &str) {
    let needle = String::from(js_sys::JsString::from(typed.trim()).to_lower_case());
    let Ok(cards) = document().query_selector_all(&format!("[{FILTER_ATTRIBUTE}]")) else {
        return;
    };
    for i in 0..cards.length() {
        let Some(card) = cards
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        else {
            continue;
        };
        let text = card.get_attribute(FILTER_ATTRIBUTE).unwrap_or_default();
        card.set_hidden(!text.contains(&needle));
    }
}
