//! Atom 1.0 (RFC 4287) feeds of announcements, built as text with every value escaped.

use chrono::{DateTime, Utc};

/// The feed's own description.
pub struct FeedMeta<'a> {
    /// Absolute address of the feed document (`rel="self"`), also its id.
    pub self_url: &'a str,
    /// Absolute address of the page the feed belongs to (`rel="alternate"`).
    pub page_url: &'a str,
    pub title: &'a str,
    pub author: &'a str,
    pub lang: &'a str,
}

/// One entry; `html` is already sanitised.
pub struct FeedEntry<'a> {
    pub url: String,
    pub title: &'a str,
    /// The title's language, when a translation covers the title but not the body (or back).
    pub title_lang: &'a str,
    pub html: &'a str,
    /// The language of the entry (its body).
    pub lang: &'a str,
    pub published: DateTime<Utc>,
    pub updated: DateTime<Utc>,
}

/// Escapes text for XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids are dropped.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{fffe}' | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The whole feed document. `updated` is the newest entry's update time (or `fallback_updated`).
pub fn feed(meta: &FeedMeta, entries: &[FeedEntry], fallback_updated: DateTime<Utc>) -> String {
    let updated = entries
        .iter()
        .map(|e| e.updated)
        .max()
        .unwrap_or(fallback_updated);
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        escape(meta.lang)
    ));
    xml.push_str(&format!("  <id>{}</id>\n", escape(meta.self_url)));
    xml.push_str(&format!("  <title>{}</title>\n", escape(meta.title)));
    xml.push_str(&format!("  <updated>{}</updated>\n", stamp(updated)));
    xml.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escape(meta.author)
    ));
    xml.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape(meta.self_url)
    ));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape(meta.page_url)
    ));
    for e in entries {
        xml.push_str(&format!("  <entry xml:lang=\"{}\">\n", escape(e.lang)));
        xml.push_str(&format!("    <id>{}</id>\n", escape(&e.url)));
        if e.title_lang == e.lang {
            xml.push_str(&format!("    <title>{}</title>\n", escape(e.title)));
        } else {
            xml.push_str(&format!(
                "    <title xml:lang=\"{}\">{}</title>\n",
                escape(e.title_lang),
                escape(e.title)
            ));
        }
        xml.push_str(&format!(
            "    <published>{}</published>\n",
            stamp(e.published)
        ));
        xml.push_str(&format!("    <updated>{}</updated>\n", stamp(e.updated)));
        xml.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape(&e.url)
        ));
        xml.push_str(&format!(
            "    <content type=\"html\">{}</content>\n",
            escape(e.html)
        ));
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feed_escapes_everything_and_takes_the_newest_update() {
        let t1 = DateTime::parse_from_rfc3339("2026-11-01T10:00:00Z")
            .expect("t")
            .to_utc();
        let t2 = DateTime::parse_from_rfc3339("2026-11-02T10:00:00Z")
            .expect("t")
            .to_utc();
        let meta = FeedMeta {
            self_url: "https://agora.example/feed.atom",
            page_url: "https://agora.example/",
            title: "Forums & <news>",
            author: "Agora",
            lang: "en",
        };
        let entries = [
            FeedEntry {
                url: "https://agora.example/announcements/1".into(),
                title: "Ë \"quoted\"",
                title_lang: "sq",
                html: "<p>a & b</p>",
                lang: "sq",
                published: t1,
                updated: t1,
            },
            FeedEntry {
                url: "https://agora.example/announcements/2".into(),
                title: "Two",
                title_lang: "sq",
                html: "<p>x</p>",
                lang: "en",
                published: t2,
                updated: t2,
            },
        ];
        let xml = feed(&meta, &entries, t1);
        assert!(xml.contains("<title>Forums &amp; &lt;news&gt;</title>"));
        assert!(xml.contains("<updated>2026-11-02T10:00:00Z</updated>\n  <author>"));
        assert!(xml.contains("<title>Ë &quot;quoted&quot;</title>"));
        assert!(xml.contains("&lt;p&gt;a &amp; b&lt;/p&gt;"));
        assert_eq!(xml.matches("<entry").count(), 2);
        assert!(
            xml.contains("<title xml:lang=\"sq\">Two</title>"),
            "a title in another language than its entry is marked"
        );
        assert_eq!(escape("a\u{1}b"), "ab");
        assert_eq!(escape("a\u{fffe}\u{ffff}b"), "ab", "not XML characters");
    }
}
