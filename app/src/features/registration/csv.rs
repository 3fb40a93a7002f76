//! CSV export: UTF-8 with a byte-order mark (so Excel reads Cyrillic and ë), quoted where needed,
//! and cells that a spreadsheet would run as a formula neutralised.

/// The byte-order mark that tells Excel the file is UTF-8.
pub const BOM: &str = "\u{feff}";

/// The characters some spreadsheet splits a line on (Excel in the Balkan locales uses `;`).
const SEPARATORS: [char; 6] = [',', ';', '\t', '|', '\n', '\r'];
/// What starts a formula in Excel, LibreOffice or Google Sheets.
const FORMULA_START: [char; 4] = ['=', '+', '-', '@'];

/// One cell, always quoted: a formula start (`=`, `+`, `-`, `@`) at the beginning of the value
/// or after any separator a spreadsheet might split on (spaces between allowed) gets an
/// apostrophe, so that no piece of it is ever evaluated, whichever separator the reader's
/// locale uses; quotes are doubled.
pub fn cell(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 4);
    out.push('"');
    let mut at_start = true;
    for c in value.chars() {
        if at_start && FORMULA_START.contains(&c) {
            out.push('\'');
        }
        if c == '"' {
            out.push('"');
        }
        out.push(c);
        if SEPARATORS.contains(&c) {
            at_start = true;
        } else if c != ' ' {
            at_start = false;
        }
    }
    out.push('"');
    out
}

/// One line, CRLF-terminated as RFC 4180 asks.
pub fn line(cells: &[&str]) -> String {
    let mut out = cells.iter().map(|c| cell(c)).collect::<Vec<_>>().join(",");
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How a spreadsheet splitting on `sep` (quotes respected) sees a line: its cells.
    fn split(line: &str, sep: char) -> Vec<String> {
        let (mut cells, mut cur, mut quoted) = (Vec::new(), String::new(), false);
        let mut chars = line.trim_end_matches("\r\n").chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '"' if quoted && chars.peek() == Some(&'"') => {
                    cur.push('"');
                    chars.next();
                }
                '"' => quoted = !quoted,
                c if c == sep && !quoted => cells.push(std::mem::take(&mut cur)),
                c => cur.push(c),
            }
        }
        cells.push(cur);
        cells
    }

    #[test]
    fn formulas_are_neutralised_and_every_cell_quoted() {
        assert_eq!(
            cell("=HYPERLINK(\"http://evil\")"),
            "\"'=HYPERLINK(\"\"http://evil\"\")\""
        );
        assert_eq!(cell("+381 11 123"), "\"'+381 11 123\"");
        assert_eq!(cell("-5"), "\"'-5\"");
        assert_eq!(cell("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(cell("Shqipëri, Tiranë"), "\"Shqipëri, Tiranë\"");
        assert_eq!(cell("Македонија"), "\"Македонија\"");
        assert_eq!(line(&["a", "b\nc"]), "\"a\",\"b\nc\"\r\n");
    }

    #[test]
    fn no_separator_a_spreadsheet_may_use_uncovers_a_formula() {
        let values = [
            "x;=2+5;y",
            "x,=2+5",
            "x\t=cmd|' /C calc'!A0",
            "a; @SUM(1)",
            "n|+1",
            "line\n-2",
            "\"; =1+1; \"",
        ];
        let text = line(&values);
        for sep in [',', ';', '\t', '|'] {
            for piece in split(&text, sep) {
                for part in piece.split(SEPARATORS) {
                    let part = part.trim_start_matches([' ', '"']);
                    assert!(
                        !part.starts_with(FORMULA_START),
                        "{part:?} (splitting on {sep:?}) would be a formula"
                    );
                }
            }
        }
    }
}
