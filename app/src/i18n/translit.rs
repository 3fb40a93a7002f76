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

/// Transliterates Serbian Latin text to Cyrillic.
pub fn latin_to_cyrillic(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut rest = text;
    let mut in_braces = false;
    while let Some(c) = rest.chars().next() {
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
}
