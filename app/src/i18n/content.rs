//! Choosing which translation of organiser-entered content a reader sees.

use super::{latin_to_cyrillic, Locale};
use serde::{Deserialize, Serialize};

/// A piece of content in the language it is shown in. `fallback` is true when the reader's
/// language has no translation and the default language is shown instead (the page says so).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct LocalText {
    pub text: String,
    /// BCP 47 code of `text`'s language, for the `lang` attribute.
    pub lang: String,
    pub fallback: bool,
}

/// One stored translation of one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Translation {
    pub entity: String,
    pub entity_id: i64,
    pub field: String,
    pub locale: String,
    pub value: String,
}

/// Picks the text for `wanted` from the base text (in `base_lang`) and its translations.
/// Serbian Cyrillic readers get a transliteration of Serbian Latin when no Cyrillic text exists.
pub fn localise<'a>(
    base: &str,
    base_lang: &str,
    translations: impl IntoIterator<Item = (&'a str, &'a str)> + Clone,
    wanted: Locale,
) -> LocalText {
    let found = |code: &str| {
        translations
            .clone()
            .into_iter()
            .find(|(l, v)| *l == code && !v.trim().is_empty())
            .map(|(_, v)| v.to_string())
    };
    let shown = |text: String, lang: &str| LocalText {
        text,
        lang: lang.to_string(),
        fallback: false,
    };
    if wanted.code() == base_lang {
        return shown(base.to_string(), base_lang);
    }
    if let Some(text) = found(wanted.code()) {
        return shown(text, wanted.code());
    }
    if wanted == Locale::SrCyrl {
        if base_lang == "sr" {
            return shown(latin_to_cyrillic(base), "sr-Cyrl");
        }
        if let Some(text) = found("sr") {
            return shown(latin_to_cyrillic(&text), "sr-Cyrl");
        }
    }
    LocalText {
        text: base.to_string(),
        lang: base_lang.to_string(),
        fallback: !base.trim().is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: [(&str, &str); 2] = [("en", "Regional Forum"), ("sr", "Regionalni forum")];

    #[test]
    fn the_readers_language_wins_then_the_default_marked() {
        let base = "Forumi Rajonal";
        let en = localise(base, "sq", T, Locale::En);
        assert_eq!((en.text.as_str(), en.fallback), ("Regional Forum", false));
        let sq = localise(base, "sq", T, Locale::Sq);
        assert_eq!((sq.text.as_str(), sq.fallback), (base, false));
        let mk = localise(base, "sq", T, Locale::Mk);
        assert_eq!(
            (mk.text.as_str(), mk.lang.as_str(), mk.fallback),
            (base, "sq", true)
        );
        let cyr = localise(base, "sq", T, Locale::SrCyrl);
        assert_eq!(
            (cyr.text.as_str(), cyr.fallback),
            ("Регионални форум", false)
        );
    }

    #[test]
    fn empty_base_text_is_not_a_fallback_and_blank_translations_do_not_count() {
        let none = localise("", "en", [("sq", " ")], Locale::Sq);
        assert!(!none.fallback);
        assert_eq!(none.text, "");
    }
}
