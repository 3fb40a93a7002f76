//! "Add to my agenda" on the agenda page: a plain form (it works without JavaScript and reloads
//! the page), which this island sends in the background so the button changes in place.

use crate::net::post_form;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

/// `action`: the server function's endpoint; `picked`: whether the session is already in the
/// participant's agenda; the two labels are the button's, translated.
#[island]
pub fn PickToggle(
    action: String,
    slug: String,
    session: i64,
    picked: bool,
    pick_label: String,
    unpick_label: String,
) -> impl IntoView {
    let picked = RwSignal::new(picked);
    let busy = RwSignal::new(false);
    let endpoint = action.clone();
    let form_slug = slug.clone();
    let on_submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let form = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok());
        let (endpoint, slug) = (endpoint.clone(), form_slug.clone());
        let want = !picked.get_untracked();
        busy.set(true);
        spawn_local(async move {
            let session = session.to_string();
            let fields = [
                ("slug", slug.as_str()),
                ("session_id", session.as_str()),
                ("pick", if want { "true" } else { "false" }),
            ];
            match post_form(&endpoint, &fields).await {
                Ok(_) => picked.set(want),
                // The plain form shows the server's reason on the reloaded page.
                Err(_) => {
                    if let Some(form) = form {
                        let _ = form.submit();
                    }
                }
            }
            busy.set(false);
        });
    };
    view! {
        <form method="post" action=action class="inline-form pick-form" on:submit=on_submit>
            <input type="hidden" name="slug" value=slug />
            <input type="hidden" name="session_id" value=session.to_string() />
            <input type="hidden" name="pick" value=move || (!picked.get()).to_string() />
            <button
                type="submit"
                class="button button-small button-secondary"
                aria-pressed=move || picked.get().to_string()
                aria-busy=move || busy.get().then_some("true")
            >
                {move || if picked.get() { unpick_label.clone() } else { pick_label.clone() }}
            </button>
        </form>
    }
}
