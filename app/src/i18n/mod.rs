//! The translation layer: every user-facing string is looked up here by key.
//!
//! Catalogues live in `app/locales/<code>.txt`, one `key = value` per line, and are compiled into
//! both the server and the wasm bundle. Serbian Cyrillic (`sr-Cyrl`) is produced by exact
//! transliteration of the Serbian Latin catalogue.

mod catalogue;
mod content;
mod dates;
mod negotiate;
pub(crate) mod translit;

pub use catalogue::{catalogue, raw_catalogue_keys};
pub use content::{localise, LocalText, Translation};
pub use dates::{format_date, format_date_range, format_time};
pub use negotiate::negotiate;
pub use translit::latin_to_cyrillic;

use serde::{Deserialize, Serialize};

/// The interface languages Agora ships.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Locale {
    #[default]
    En,
    Sq,
    Sr,
    SrCyrl,
    Mk,
    Bs,
    Cnr,
}

impl Locale {
    pub const ALL: [Locale; 7] = [
        Locale::En,
        Locale::Sq,
        Locale::Sr,
        Locale::SrCyrl,
        Locale::Mk,
        Locale::Bs,
        Locale::Cnr,
    ];

    /// The BCP 47 tag used in URLs, cookies and `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Sq => "sq",
            Locale::Sr => "sr",
            Locale::SrCyrl => "sr-Cyrl",
            Locale::Mk => "mk",
            Locale::Bs => "bs",
            Locale::Cnr => "cnr",
        }
    }

    /// The language's own name, shown in the language switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Sq => "Shqip",
            Locale::Sr => "Srpski",
            Locale::SrCyrl => "Српски",
            Locale::Mk => "Македонски",
            Locale::Bs => "Bosanski",
            Locale::Cnr => "Crnogorski",
        }
    }

    /// Parses a language tag loosely (case-insensitive, `_` or `-`, region ignored).
    pub fn from_code(tag: &str) -> Option<Locale> {
        let tag = tag.trim().replace('_', "-").to_ascii_lowercase();
        let mut parts = tag.split('-');
        let lang = parts.next()?;
        let rest: Vec<&str> = parts.collect();
        match lang {
            "en" => Some(Locale::En),
            "sq" | "al" => Some(Locale::Sq),
            "sr" if rest.contains(&"cyrl") => Some(Locale::SrCyrl),
            "sr" => Some(Locale::Sr),
            "mk" => Some(Locale::Mk),
            "bs" => Some(Locale::Bs),
            "cnr" | "me" => Some(Locale::Cnr),
            _ => None,
        }
    }

    /// Looks a key up; a missing key (a bug the catalogue test catches) shows the key itself.
    pub fn t(self, key: &str) -> String {
        catalogue(self)
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    /// Looks a key up and fills `{name}` placeholders.
    pub fn tf(self, key: &str, args: &[(&str, &str)]) -> String {
        let mut text = self.t(key);
        for (name, value) in args {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }
}

/// The language of the current page, provided as context by `App`.
#[derive(Clone, Copy, Debug)]
pub struct I18n(pub Locale);

/// The current page's locale (English when no context is present).
pub fn use_locale() -> Locale {
    leptos::prelude::use_context::<I18n>()
        .map(|i| i.0)
        .unwrap_or_default()
}

/// Shorthand for a translated string in the current page's locale.
pub fn t(key: &str) -> String {
    use_locale().t(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_locale_has_exactly_the_keys_english_has() {
        let en = raw_catalogue_keys(Locale::En);
        for locale in Locale::ALL {
            let keys = raw_catalogue_keys(locale);
            let missing: Vec<_> = en.difference(&keys).collect();
            let extra: Vec<_> = keys.difference(&en).collect();
            assert!(
                missing.is_empty(),
                "{} lacks keys: {missing:?}",
                locale.code()
            );
            assert!(
                extra.is_empty(),
                "{} has keys en lacks: {extra:?}",
                locale.code()
            );
        }
    }

    #[test]
    fn translations_are_not_english_copies() {
        let en = catalogue(Locale::En);
        for locale in Locale::ALL.into_iter().filter(|l| *l != Locale::En) {
            let same = en
                .iter()
                .filter(|(k, v)| catalogue(locale).get(*k) == Some(v) && v.len() > 12)
                .count();
            assert!(
                same * 10 < en.len(),
                "{} copies {same} of {} English strings",
                locale.code(),
                en.len()
            );
        }
    }

    #[test]
    fn language_tags_parse_loosely() {
        assert_eq!(Locale::from_code("sr-Cyrl-RS"), Some(Locale::SrCyrl));
        assert_eq!(Locale::from_code("sr_Latn"), Some(Locale::Sr));
        assert_eq!(Locale::from_code("MK"), Some(Locale::Mk));
        assert_eq!(Locale::from_code("cnr"), Some(Locale::Cnr));
        assert_eq!(Locale::from_code("de"), None);
        for l in Locale::ALL {
            assert_eq!(Locale::from_code(l.code()), Some(l));
        }
    }

    #[test]
    fn placeholders_are_filled() {
        assert!(Locale::En
            .tf("forum.capacity", &[("count", "120")])
            .contains("120"));
    }
}
