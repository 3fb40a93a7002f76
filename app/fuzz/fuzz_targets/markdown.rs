//! Any announcement text: the Markdown becomes HTML whose tags run nothing (no script or other
//! active element, no event-handler attribute, no `javascript:` address); text that merely looks
//! like such things stays text (escaped). The excerpt never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

/// The tags of an HTML fragment (what sits between `<` and `>`: text's own `<` is escaped).
fn tags(html: &str) -> impl Iterator<Item = String> + '_ {
    html.split('<')
        .skip(1)
        .filter_map(|rest| rest.split_once('>').map(|(tag, _)| tag.to_lowercase()))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let html =
        app::features::announcements::markdown::to_safe_html(&text, &["media.example.org".into()]);
    for tag in tags(&html) {
        let name = tag.trim_start_matches('/').split_whitespace().next().unwrap_or_default().to_string();
        assert!(
            !["script", "iframe", "object", "embed", "style", "form", "input", "svg", "math"]
                .contains(&name.as_str()),
            "an active element survived: <{tag}> in {html}"
        );
        // Attribute names: the tag with its quoted values taken out.
        let mut quoted = false;
        let bare: String = tag
            .chars()
            .filter(|&c| {
                if c == '"' {
                    quoted = !quoted;
                    return false;
                }
                !quoted
            })
            .collect();
        for attribute in bare.split_whitespace().skip(1) {
            let name = attribute.split('=').next().unwrap_or_default();
            assert!(!name.starts_with("on"), "an event handler survived: <{tag}> in {html}");
        }
        assert!(!tag.contains("javascript:"), "a script address survived: <{tag}> in {html}");
    }
    let _ = app::features::announcements::markdown::excerpt(&text, 30);
});
