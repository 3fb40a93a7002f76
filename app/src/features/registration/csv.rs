//! CSV export: UTF-8 with a byte-order mark (so Excel reads Cyrillic and ë), quoted where needed,
//! and cells that a spreadsheet would run as a formula neutralised.

/// The byte-order mark that tells Excel the file is UTF-8.
pub const BOM: &str = "\u{feff}";

/// One cell: a leading `=`, `+`, `-`, `@`, tab or carriage return gets an apostrophe so that no
/// spreadsheet evaluates it; quotes, commas and line breaks are quoted.
pub fn cell(value: &str) -> String {
    let guarded = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r', ';']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
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

    #[test]
    fn formulas_are_neutralised_and_special_characters_quoted() {
        assert_eq!(
            cell("=HYPERLINK(\"http://evil\")"),
            "\"'=HYPERLINK(\"\"http://evil\"\")\""
        );
        assert_eq!(cell("+381 11 123"), "'+381 11 123");
        assert_eq!(cell("-5"), "'-5");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("Shqipëri, Tiranë"), "\"Shqipëri, Tiranë\"");
        assert_eq!(cell("Македонија"), "Македонија");
        assert_eq!(line(&["a", "b\nc"]), "a,\"b\nc\"\r\n");
    }
}
