//! Text fields as every form parses them (kernel: one validator for the whole app). A
//! single-line field (a name, a title, a city) never keeps a line break or any other control
//! character, so what a person types cannot add lines to an email, a calendar invitation or a
//! CSV export; a multi-line field (a description, a bio) keeps its line breaks, as `\n`, and
//! nothing else invisible.

use crate::error::FieldError;

/// Characters that end a line somewhere (CR, LF, NEL, LINE and PARAGRAPH SEPARATOR) or are
/// otherwise invisible controls.
fn is_control(c: char) -> bool {
    c.is_control() || c == '\u{2028}' || c == '\u{2029}'
}

/// `value` on one line: every control character becomes a space, runs of spaces one space.
pub fn single_line(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut space = false;
    for c in value.chars() {
        let c = if is_control(c) { ' ' } else { c };
        if c == ' ' {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out.trim().to_string()
}

/// `value` with its line breaks as `\n` and no other control character (tabs become spaces).
pub fn multi_line(value: &str) -> String {
    let value = value
        .replace("\r\n", "\n")
        .replace(['\r', '\u{2028}', '\u{2029}', '\u{85}'], "\n");
    value
        .chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' => Some(' '),
            c if is_control(c) => None,
            c => Some(c),
        })
        .collect::<String>()
        .trim()
        .to_string()
}

fn checked(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: String,
    max: usize,
    required: bool,
) -> String {
    if required && value.is_empty() {
        errors.push(FieldError::new(field, "error.required"));
    } else if value.chars().count() > max {
        errors.push(FieldError::new(field, "error.too_long"));
    }
    value
}

/// A single-line field: on one line (see `single_line`), checked for presence and length.
pub fn line_field(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: &str,
    max: usize,
    required: bool,
) -> String {
    checked(errors, field, single_line(value), max, required)
}

/// A multi-line field: line ends normalised (see `multi_line`), checked for presence and length.
pub fn text_field(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: &str,
    max: usize,
    required: bool,
) -> String {
    checked(errors, field, multi_line(value), max, required)
}

/// Percent-encodes a value for a query string (unreserved characters stay as they are).
pub fn encode_query(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_name_cannot_carry_a_line_into_an_email_or_invitation() {
        let typed =
            "Ana\r\nBCC: everyone@example.org\nATTENDEE;CN=x:mailto:y\u{2028}z\u{85}w\t\u{0}!";
        let mut errors = Vec::new();
        let name = line_field(&mut errors, "full_name", typed, 200, true);
        assert_eq!(
            name,
            "Ana BCC: everyone@example.org ATTENDEE;CN=x:mailto:y z w !"
        );
        assert!(errors.is_empty());
    }

    #[test]
    fn a_description_keeps_its_lines_and_loses_other_controls() {
        assert_eq!(
            multi_line("  one\r\ntwo\rthree\u{7}\tfour\n "),
            "one\ntwo\nthree four"
        );
    }

    #[test]
    fn presence_and_length_are_checked_after_cleaning() {
        let mut errors = Vec::new();
        line_field(&mut errors, "title", "\r\n\t", 10, true);
        line_field(&mut errors, "city", "abcdefghijk", 10, false);
        let keys: Vec<_> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.key.as_str()))
            .collect();
        assert_eq!(
            keys,
            [("title", "error.required"), ("city", "error.too_long")]
        );
    }

    proptest! {
        #[test]
        fn a_single_line_has_no_control_character(s in "\\PC*|[\\x00-\\x1f\\x7f\\u{85}\\u{2028}\\u{2029} a-z]*") {
            let line = single_line(&s);
            prop_assert!(!line.chars().any(is_control));
            let separators = ['\u{2028}', '\u{2029}'];
            prop_assert!(!line.contains(separators), "a line separator stayed");
        }

        #[test]
        fn a_multi_line_value_has_only_line_feeds(s in "[\\x00-\\x1f\\x7f\\u{85}\\u{2028} a-z]*") {
            let text = multi_line(&s);
            prop_assert!(text.chars().all(|c| c == '\n' || !is_control(c)));
        }
    }
}
