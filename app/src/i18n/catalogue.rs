use super::{latin_to_cyrillic, Locale};
use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

const EN: &str = include_str!("../../locales/en.txt");
const SQ: &str = include_str!("../../locales/sq.txt");
const SR: &str = include_str!("../../locales/sr.txt");
const MK: &str = include_str!("../../locales/mk.txt");
const BS: &str = include_str!("../../locales/bs.txt");
const CNR: &str = include_str!("../../locales/cnr.txt");

type Catalogue = HashMap<&'static str, String>;

fn source(locale: Locale) -> &'static str {
    match locale {
        Locale::En => EN,
        Locale::Sq => SQ,
        Locale::Sr | Locale::SrCyrl => SR,
        Locale::Mk => MK,
        Locale::Bs => BS,
        Locale::Cnr => CNR,
    }
}

fn parse(text: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim(), v.trim()))
}

/// The keys a catalogue file defines, for the completeness test.
pub fn raw_catalogue_keys(locale: Locale) -> BTreeSet<&'static str> {
    parse(source(locale)).map(|(k, _)| k).collect()
}

/// The parsed catalogue of a locale, built once per process.
pub fn catalogue(locale: Locale) -> &'static Catalogue {
    static CATALOGUES: OnceLock<Vec<Catalogue>> = OnceLock::new();
    let all = CATALOGUES.get_or_init(|| {
        Locale::ALL
            .iter()
            .map(|l| {
                parse(source(*l))
                    .map(|(k, v)| {
                        let v = v.replace("\\n", "\n");
                        let v = if *l == Locale::SrCyrl {
                            latin_to_cyrillic(&v)
                        } else {
                            v
                        };
                        (k, v)
                    })
                    .collect()
            })
            .collect()
    });
    let index = Locale::ALL.iter().position(|l| *l == locale).unwrap_or(0);
    &all[index]
}
