//! Exact Serbian Latin → Cyrillic transliteration (Vuk's alphabet), leaving `{placeholders}`,
//! URLs and Latin-only abbreviations in braces untouched.

const DIGRAPHS: [(&str, &str); 6] = [
    ("Lj", "Љ"),
    ("LJ", "Љ"),
    ("Nj", "Њ"),
    ("NJ", "Њ"),
    ("Dž", "Џ"),
    ("DŽ", "Џ"),
];

fn letter(c: char) -> Option<&'static str> {
    Some(match c {
        'a' => "а",
        'b' => "б",
        'c' => "ц",
        'č' => "ч",
        'ć' => "ћ",
        'd' => "д",
        'đ' => "ђ",
        'e' => "е",
        'f' => "ф",
        'g' => "г",
        'h' => "х",
        'i' => "и",
        'j' => "ј",
        'k' => "к",
        'l' => "л",
        'm' => "м",
        'n' => "н",
        'o' => "о",
        'p' => "п",
        'r' => "р",
        's' => "с",
        'š' => "ш",
        't' => "т",
        'u' => "у",
        'v' => "в",
        'z' => "з",
        'ž' => "ж",
        'A' => "А",
        'B' => "Б",
        'C' => "Ц",
        'Č' => "Ч",
        'Ć' => "Ћ",
        'D' => "Д",
        'Đ' => "Ђ",
        'E' => "Е",
        'F' => "Ф",
        'G' => "Г",
        'H' => "Х",
        'I' => "И",
        'J' => "Ј",
        'K' => "К",
        'L' => "Л",
        'M' => "М",
        'N' => "Н",
        'O' => "О",
        'P' => "П",
        'R' => "Р",
        'S' => "С",
        'Š' => "Ш",
        'T' => "Т",
        'U' => "У",
        'V' => "В",
        'Z' => "З",
        'Ž' => "Ж",
        _ => return None,
    })
}

/// The length of a word at the start of `rest` that stays in Latin letters, if one starts there:
/// a file or field name (`ticket.png`, `list_id`, `example.org`) or an acronym or code of two or
/// more capitals (`PDF`, `QR`, `JSON`, `ABCDE-FGHIJ`), as Serbian Cyrillic texts write them.
fn kept_word(rest: &str) -> Option<usize> {
    let word_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
        .unwrap_or(rest.len());
    let word = rest[..word_len].trim_end_matches(['.', '-', '_']);
    let extension = word.strip_prefix('.').unwrap_or(word);
    if !extension.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return None;
    }
    let named = word.contains(['.', '_']);
    let capitals = word.chars().filter(|c| c.is_ascii_uppercase()).count();
    let acronym = capitals >= 2 && !word.chars().any(|c| c.is_ascii_lowercase());
    (named || acronym).then_some(word.len())
}

/// Transliterates Serbian Latin text to Cyrillic.
pub fn latin_to_cyrillic(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut rest = text;
    let mut in_braces = false;
    let mut word_start = true;
    while let Some(c) = rest.chars().next() {
        if word_start && !in_braces {
            if let Some(len) = kept_word(rest) {
                out.push_str(&rest[..len]);
                rest = &rest[len..];
                word_start = false;
                continue;
            }
        }
        word_start = !c.is_alphanumeric();
        if c == '{' {
            in_braces = true;
        }
        if in_braces {
            out.push(c);
            if c == '}' {
                in_braces = false;
            }
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let lower = ["lj", "nj", "dž"]
            .iter()
            .find(|d| rest.starts_with(**d))
            .map(|d| {
                (
                    *d,
                    if *d == "lj" {
                        "љ"
                    } else if *d == "nj" {
                        "њ"
                    } else {
                        "џ"
                    },
                )
            });
        let upper = DIGRAPHS.iter().find(|(l, _)| rest.starts_with(*l)).copied();
        if let Some((latin, cyr)) = lower.or(upper) {
            out.push_str(cyr);
            rest = &rest[latin.len()..];
            continue;
        }
        match letter(c) {
            Some(cyr) => out.push_str(cyr),
            None => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliterates_digraphs_and_keeps_placeholders() {
        assert_eq!(latin_to_cyrillic("Ljubljana i Njegoš"), "Љубљана и Његош");
        assert_eq!(latin_to_cyrillic("džep {count} mesta"), "џеп {count} места");
        assert_eq!(
            latin_to_cyrillic("Đorđe Ćirić, 2027."),
            "Ђорђе Ћирић, 2027."
        );
    }

    #[test]
    fn file_names_fields_acronyms_and_codes_stay_latin() {
        assert_eq!(
            latin_to_cyrillic("QR kod (ticket.png) je u prilogu."),
            "QR код (ticket.png) је у прилогу."
        );
        assert_eq!(
            latin_to_cyrillic("Pošaljite JSON sa poljima code, list_id i nonce."),
            "Пошаљите JSON са пољима цоде, list_id и нонце."
        );
        assert_eq!(
            latin_to_cyrillic("Preuzmi kao CSV ili .ics, npr. ABCDE-FGHIJ."),
            "Преузми као CSV или .ics, нпр. ABCDE-FGHIJ."
        );
        // A capital that begins a sentence is a word like any other.
        assert_eq!(
            latin_to_cyrillic("U Beogradu, 3.5 MB"),
            "У Београду, 3.5 MB"
        );
        assert_eq!(latin_to_cyrillic("Njegoš, Ljubljana"), "Његош, Љубљана");
    }
}
