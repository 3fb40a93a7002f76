//! Organiser-entered content in the reader's language, marked when it falls back.

use crate::i18n::{use_locale, LocalText, Locale};
use leptos::prelude::*;

/// The name of a content language in the reader's language ("Albanian", "албански", ...).
pub fn language_name(reader: Locale, code: &str) -> String {
    reader.t(&format!("language.{code}"))
}

/// Content already put into the reader's language: `fallback` names the language it stays in
/// when it has no translation.
pub fn shown_text(text: &str, fallback: &Option<String>, reader: Locale) -> LocalText {
    LocalText {
        text: text.to_string(),
        lang: fallback
            .clone()
            .unwrap_or_else(|| reader.code().to_string()),
        fallback: fallback.is_some(),
    }
}

/// A short marker after text shown in another language than the reader's.
#[component]
pub fn FallbackMark(lang: Option<String>) -> impl IntoView {
    let locale = use_locale();
    lang.map(|code| {
        let note = locale.tf(
            "content.in_language",
            &[("language", &language_name(locale, &code))],
        );
        view! { <span class="fallback-note">" ("{note}")"</span> }
    })
}

/// Inline content (a title, a name) with its `lang` and, when it falls back, a marker.
#[component]
pub fn Localised(text: LocalText) -> impl IntoView {
    let mark = text.fallback.then(|| text.lang.clone());
    view! {
        <span lang=text.lang.clone()>{text.text.clone()}</span>
        <FallbackMark lang=mark />
    }
}

/// Multi-paragraph content; a fallback is announced above it.
#[component]
pub fn LocalisedBlock(text: LocalText) -> impl IntoView {
    let locale = use_locale();
    let note = text.fallback.then(|| {
        locale.tf(
            "content.fallback",
            &[("language", &language_name(locale, &text.lang))],
        )
    });
    let paragraphs = text
        .text
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| view! { <p>{p.trim().to_string()}</p> })
        .collect_view();
    view! {
        {note.map(|n| view! { <p class="fallback-note fallback-block">{n}</p> })}
        <div class="prose" lang=text.lang.clone()>{paragraphs}</div>
    }
}
