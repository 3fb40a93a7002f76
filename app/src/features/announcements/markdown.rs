//! Markdown to safe HTML: pulldown-cmark renders, ammonia keeps only harmless tags and attributes.

use pulldown_cmark::{html, Options, Parser};

/// Whether an image address is on this site (a path): another site's image would tell it who
/// reads the page, and when.
fn is_local(url: &str) -> bool {
    url.starts_with('/') && !url.starts_with("//") && !url.starts_with("/\\")
}

/// Renders Markdown to sanitised HTML. Links get `rel="noopener noreferrer"`; scripts, styles,
/// event handlers and `javascript:` URLs never survive; an image from another site becomes a
/// link to it (its text the image's description), so no reader loads it unasked.
pub fn to_safe_html(markdown: &str) -> String {
    use pulldown_cmark::{Event, Tag, TagEnd};
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let mut remote = Vec::new();
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let local = is_local(&dest_url);
            remote.push(!local);
            if local {
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            } else {
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
        }
        Event::End(TagEnd::Image) if remote.pop() == Some(true) => Event::End(TagEnd::Link),
        other => other,
    });
    let mut raw = String::new();
    html::push_html(&mut raw, events);
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer"))
        // Raw HTML images too: another site's address is dropped (the image shows nothing).
        .attribute_filter(|element, attribute, value| {
            if element == "img" && matches!(attribute, "src" | "srcset") && !is_local(value) {
                None
            } else {
                Some(value.into())
            }
        })
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
    fn images_of_other_sites_become_links_and_load_nothing() {
        let html = to_safe_html(
            "![Tracking pixel](https://tracker.example/p.gif) ![](//cdn.example/x.png) ![Map](/forums/tirana/map.png)",
        );
        assert!(
            !html.contains("tracker.example/p.gif\" alt") && !html.contains("<img src=\"https://"),
            "{html}"
        );
        assert!(html.contains(r#"<a href="https://tracker.example/p.gif" rel="noopener noreferrer">Tracking pixel</a>"#), "{html}");
        assert!(!html.contains("<img src=\"//cdn.example"), "{html}");
        assert!(
            html.contains(r#"<img src="/forums/tirana/map.png" alt="Map">"#),
            "{html}"
        );
        let raw = to_safe_html(
            r#"<img src="https://tracker.example/q.gif" srcset="https://tracker.example/q2.gif 2x">"#,
        );
        assert!(!raw.contains("tracker.example"), "{raw}");
    }

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
