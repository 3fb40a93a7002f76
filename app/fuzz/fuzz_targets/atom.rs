//! Any titles, authors, languages and bodies: the Atom writer's output is well-formed XML
//! (roxmltree) with one entry per announcement and each title read back as given (less what
//! XML cannot carry).
#![no_main]

use app::features::announcements::atom::{feed, FeedEntry, FeedMeta};
use chrono::{TimeZone, Utc};
use libfuzzer_sys::fuzz_target;

/// What XML 1.0 can carry of a text, as a parser reads it back (line ends normalised).
fn carried(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| {
            matches!(*c, '\t' | '\n') || (*c >= ' ' && !matches!(*c, '\u{fffe}' | '\u{ffff}'))
        })
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parts: Vec<&str> = text.split('\u{1}').collect();
    let part = |i: usize| parts.get(i).copied().unwrap_or_default();
    let at = Utc.timestamp_opt(1_700_000_000, 0).single().expect("time");
    let meta = FeedMeta {
        self_url: "https://example.org/feed.atom",
        page_url: "https://example.org/",
        title: part(0),
        author: part(1),
        lang: part(2),
    };
    let entries: Vec<FeedEntry> = (0..2)
        .map(|k| FeedEntry {
            url: format!("https://example.org/news/{k}"),
            title: part(3),
            title_lang: if k == 0 { part(2) } else { "sq" },
            html: part(4),
            lang: part(2),
            published: at,
            updated: at,
        })
        .collect();
    let xml = feed(&meta, &entries, at);
    let doc = roxmltree::Document::parse(&xml).expect("the feed is well-formed XML");
    let titles: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .map(|e| {
            e.children()
                .find(|c| c.has_tag_name("title"))
                .and_then(|t| t.text())
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    assert_eq!(titles.len(), 2);
    // Each title holds what XML can carry of the text (line ends aside: parsers differ there).
    let flat = |t: &str| carried(t).replace('\n', "");
    assert!(titles.iter().all(|t| flat(t) == flat(part(3))), "{titles:?}");
});
