//! Markdown to safe HTML: pulldown-cmark renders, ammonia keeps only harmless tags and attributes.

use pulldown_cmark::{html, Options, Parser};

/// Renders Markdown to sanitised HTML. Links get `rel="noopener noreferrer"`; scripts, styles,
/// event handlers and `javascript:` URLs never survive.
pub fn to_safe_html(markdown: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let mut raw = String::new();
    html::push_html(&mut raw, Parser::new_ext(markdown, options));
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer"))
        .clean(&raw)
        .to_string()
}

/// The first `words` words of the text, without Markdown syntax.
pub fn excerpt(markdown: &str, words: usize) -> String {
    use pulldown_cmark::{Event, Tag};
    let mut text = String::new();
    let mut in_code_block = false;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(pulldown_cmark::TagEnd::CodeBlock) => in_code_block = false,
            Event::Text(t) | Event::Code(t) if !in_code_block => {
                text.push_str(&t);
                text.push(' ');
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(_) => text.push(' '),
            _ => {}
        }
    }
    let all: Vec<&str> = text.split_whitespace().collect();
    let mut out = all
        .iter()
        .take(words)
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    if all.len() > words {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_renders_and_dangerous_html_is_removed() {
        let html = to_safe_html(
            "# Title\n\nSome **bold** [link](https://example.org) ë.\n\n<script>alert(1)</script>\n\n\
             <img src=x onerror=alert(1)>\n\n[bad](javascript:alert(1))",
        );
        assert!(html.contains("<h1>Title</h1>"), "{html}");
        assert!(html.contains("<strong>bold</strong>"));
        assert!(html.contains(r#"rel="noopener noreferrer""#));
        assert!(html.contains('ë'));
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn an_excerpt_is_plain_text_cut_at_a_word() {
        assert_eq!(
            excerpt("## Hello\n\nThe **forum** opens today in Tirana.", 4),
            "Hello The forum opens…"
        );
        assert_eq!(excerpt("Short.", 10), "Short.");
    }
}
