use super::Locale;

/// Picks the best supported locale from an `Accept-Language` header (RFC 9110 quality values).
pub fn negotiate(accept_language: &str) -> Locale {
    let mut best: Option<(f32, usize, Locale)> = None;
    for (position, item) in accept_language.split(',').enumerate() {
        let mut parts = item.split(';');
        let tag = parts.next().unwrap_or("").trim();
        let quality = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.parse::<f32>().ok())
            .unwrap_or(1.0);
        let Some(locale) = Locale::from_code(tag) else {
            continue;
        };
        if quality <= 0.0 {
            continue;
        }
        let better = match best {
            None => true,
            Some((q, p, _)) => quality > q || (quality == q && position < p),
        };
        if better {
            best = Some((quality, position, locale));
        }
    }
    best.map(|(_, _, l)| l).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_highest_quality_supported_language() {
        assert_eq!(negotiate("de-DE,de;q=0.9,mk;q=0.8,en;q=0.5"), Locale::Mk);
        assert_eq!(negotiate("sq-AL"), Locale::Sq);
        assert_eq!(negotiate("sr-Cyrl-RS,sr;q=0.9"), Locale::SrCyrl);
        assert_eq!(negotiate("fr"), Locale::En);
        assert_eq!(negotiate(""), Locale::En);
        assert_eq!(negotiate("bs;q=0,en;q=0.1"), Locale::En);
    }
}
