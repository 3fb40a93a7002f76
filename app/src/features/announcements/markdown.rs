//! Markdown to safe HTML: pulldown-cmark renders, ammonia keeps only harmless tags and attributes.

use pulldown_cmark::{html, Options, Parser};

/// Whether an image address is on this site (a path) or on an https host the operator allowed
/// (`AGORA_IMAGE_HOSTS`): any other site's image would tell it who reads the page, and when.
fn is_allowed(url: &str, hosts: &[String]) -> bool {
    let local = url.starts_with('/') && !url.starts_with("//") && !url.starts_with("/\\");
    local
        || url.strip_prefix("https://").is_some_and(|rest| {
            let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
            rest.len() > host.len() && hosts.iter().any(|h| h.eq_ignore_ascii_case(host))
        })
}

/// Renders Markdown to sanitised HTML. Links get `rel="noopener noreferrer"`; scripts, styles,
/// event handlers and `javascript:` URLs never survive; an image from another site becomes a
/// link to it (its text the image's description), so no reader loads it unasked; images of the
/// allowed `image_hosts` stay images.
pub fn to_safe_html(markdown: &str, image_hosts: &[String]) -> String {
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
            let local = is_allowed(&dest_url, image_hosts);
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
    let hosts = image_hosts.to_vec();
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer"))
        // Raw HTML images too: another site's address is dropped (the image shows nothing).
        .attribute_filter(move |element, attribute, value| {
            let allowed = || match attribute {
                "srcset" => value
                    .split(',')
                    .all(|c| is_allowed(c.split_whitespace().next().unwrap_or_default(), &hosts)),
                _ => is_allowed(value, &hosts),
            };
            if element == "img" && matches!(attribute, "src" | "srcset") && !allowed() {
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

    /// Found by `make fuzz` (app/fuzz, `markdown`): words that look like an event handler are
    /// text, escaped inside a paragraph, never an attribute.
    #[test]
    fn text_that_looks_like_a_handler_stays_text() {
        let html = to_safe_html("\u{fffd} onclick=", &[]);
        assert_eq!(html.trim(), "<p>\u{fffd} onclick=</p>");
        let html = to_safe_html("<b onclick=alert(1)>x</b> javascript:alert(1)", &[]);
        assert!(!html.contains("<b onclick"), "{html}");
    }

    #[test]
    fn images_of_other_sites_become_links_and_load_nothing() {
        let html = to_safe_html(
            "![Tracking pixel](https://tracker.example/p.gif) ![](//cdn.example/x.png) ![Map](/forums/tirana/map.png)",
            &[],
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
            &[],
        );
        assert!(!raw.contains("tracker.example"), "{raw}");
    }

    #[test]
    fn images_of_an_allowed_https_host_stay_images() {
        let hosts = ["media.agora.example".to_string()];
        let html = to_safe_html(
            "![Panel](https://media.agora.example/panel.jpg) ![Other](https://media.agora.example.evil/x.jpg) \
             ![Plain](http://media.agora.example/p.jpg)",
            &hosts,
        );
        assert!(
            html.contains(r#"<img src="https://media.agora.example/panel.jpg" alt="Panel">"#),
            "{html}"
        );
        assert!(
            !html.contains("<img src=\"https://media.agora.example.evil"),
            "a longer host is another host: {html}"
        );
        assert!(!html.contains("<img src=\"http://"), "only https: {html}");
        let raw = to_safe_html(
            r#"<img src="https://media.agora.example/a.jpg" srcset="https://media.agora.example/a2.jpg 2x, https://t.example/b.gif 3x">"#,
            &hosts,
        );
        assert!(
            raw.contains(r#"src="https://media.agora.example/a.jpg""#),
            "{raw}"
        );
        assert!(
            !raw.contains("t.example"),
            "a srcset naming another site is dropped whole: {raw}"
        );
    }

    #[test]
    fn markdown_renders_and_dangerous_html_is_removed() {
        let html = to_safe_html(
            "# Title\n\nSome **bold** [link](https://example.org) ë.\n\n<script>alert(1)</script>\n\n\
             <img src=x onerror=alert(1)>\n\n[bad](javascript:alert(1))",
            &[],
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
