//! Form building blocks: labelled fields whose errors are tied to them (`aria-describedby`,
//! `aria-invalid`), and the error of one form among several on a page.

use crate::error::AppError;
use crate::flash::FlashResource;
use crate::i18n::use_locale;
use leptos::prelude::*;

/// The error to show for the form tagged `tag`: its action's latest error (with JavaScript) or
/// the flash of a refused post without JavaScript, if that post came from this form.
pub fn tagged_error<T, S>(
    action_value: S,
    flash: FlashResource,
    tag: String,
) -> Signal<Option<AppError>>
where
    T: Clone + Send + Sync + 'static,
    S: Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    Signal::derive(move || {
        if let Some(Err(e)) = action_value.get() {
            return Some(e);
        }
        flash
            .get()
            .and_then(|f| f.ok().flatten())
            .filter(|f| f.field("form").as_deref() == Some(tag.as_str()))
            .map(|f| f.error)
    })
}

/// A value typed into the form tagged `tag` before it was refused without JavaScript.
pub fn flashed(flash: FlashResource, tag: &str, name: &str) -> Option<String> {
    flash
        .get_untracked()
        .and_then(|f| f.ok().flatten())
        .filter(|f| f.field("form").as_deref() == Some(tag))
        .and_then(|f| f.field(&format!("form[{name}]")))
}

/// The translated message for one field of a form's error.
pub fn field_message(
    error: Signal<Option<AppError>>,
    field: &'static str,
) -> Signal<Option<String>> {
    let locale = use_locale();
    Signal::derive(move || {
        error
            .get()
            .and_then(|e| e.field_key(field))
            .map(|k| locale.t(&k))
    })
}

/// How a field is shown: an `<input>` of some type, a `<textarea>`, or a `<select>`.
#[derive(Clone)]
pub enum Control {
    Input(&'static str),
    TextArea(u32),
    Select(Vec<(String, String)>),
}

/// One labelled field named `form[<field>]`, with its hint and its error.
#[component]
pub fn Field(
    /// Unique on the page (the element id).
    id: String,
    field: &'static str,
    label: String,
    value: String,
    control: Control,
    error: Signal<Option<AppError>>,
    #[prop(optional)] hint: Option<String>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let message = field_message(error, field);
    let name = format!("form[{field}]");
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = if hint.is_some() {
        format!("{hint_id} {error_id}")
    } else {
        error_id.clone()
    };
    let invalid = move || message.get().is_some().to_string();
    let control = match control {
        Control::Input(kind) => view! {
            <input id=id.clone() name=name type=kind value=value required=required
                aria-invalid=invalid aria-describedby=described />
        }
        .into_any(),
        Control::TextArea(rows) => view! {
            <textarea id=id.clone() name=name rows=rows.to_string() aria-invalid=invalid aria-describedby=described>{value}</textarea>
        }
        .into_any(),
        Control::Select(options) => view! {
            <select id=id.clone() name=name aria-invalid=invalid aria-describedby=described>
                {options.into_iter().map(|(v, l)| {
                    let selected = v == value;
                    view! { <option value=v selected=selected>{l}</option> }
                }).collect_view()}
            </select>
        }
        .into_any(),
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
            {control}
            <p class="field-error" id=error_id>{move || message.get()}</p>
        </div>
    }
}
