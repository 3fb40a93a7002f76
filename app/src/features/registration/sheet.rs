//! Spreadsheets organisers import (invitation lists): CSV (comma or semicolon, as Excel writes it
//! in the Balkan locales; UTF-8 with or without its byte-order mark; quoted cells) or XLSX (the
//! first sheet, values as shown). Cells come out as single-line text with control characters
//! removed and a leading formula start (`=`, `+`, `-`, `@`) taken off, so nothing imported can
//! run as a formula when it is exported again. Columns are found by their heading.

/// The largest file accepted, and the most rows.
pub const MAX_BYTES: usize = 2_000_000;
pub const MAX_ROWS: usize = 5_000;

/// Why a file cannot be read (catalogue keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetError {
    TooLarge,
    TooManyRows,
    Unreadable,
    Empty,
}

impl SheetError {
    pub fn key(self) -> &'static str {
        match self {
            SheetError::TooLarge => "import.error.too_large",
            SheetError::TooManyRows => "import.error.too_many_rows",
            SheetError::Unreadable => "import.error.unreadable",
            SheetError::Empty => "import.error.empty",
        }
    }
}

/// A cell made safe: one line, no control character, no formula start.
pub fn clean(cell: &str) -> String {
    let line = crate::text::single_line(cell);
    // Any space (a no-break space too) before a formula start is passed over with it.
    line.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '=' | '+' | '-' | '@' | '\'')
    })
    .trim_end()
    .to_string()
}

/// The rows of a CSV text (the heading first), each cell as written.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let text = text.trim_start_matches('\u{feff}');
    let first = text.lines().next().unwrap_or("");
    let sep = if first.matches(';').count() > first.matches(',').count() {
        ';'
    } else {
        ','
    };
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            '"' if quoted => quoted = false,
            '"' if cell.is_empty() => quoted = true,
            c if c == sep && !quoted => row.push(std::mem::take(&mut cell)),
            '\r' if !quoted => {}
            '\n' if !quoted => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            c => cell.push(c),
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    rows
}

#[cfg(feature = "ssr")]
fn xlsx_rows(bytes: &[u8]) -> Result<Vec<Vec<String>>, SheetError> {
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> =
        Xlsx::new(std::io::Cursor::new(bytes)).map_err(|_| SheetError::Unreadable)?;
    let range = book
        .worksheet_range_at(0)
        .ok_or(SheetError::Empty)?
        .map_err(|_| SheetError::Unreadable)?;
    Ok(range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect())
}

/// The file's rows as clean text, the heading first; blank rows left out.
pub fn read(bytes: &[u8]) -> Result<Vec<Vec<String>>, SheetError> {
    if bytes.len() > MAX_BYTES {
        return Err(SheetError::TooLarge);
    }
    let raw = if bytes.starts_with(b"PK\x03\x04") {
        #[cfg(feature = "ssr")]
        {
            xlsx_rows(bytes)?
        }
        #[cfg(not(feature = "ssr"))]
        {
            return Err(SheetError::Unreadable);
        }
    } else {
        let text = std::str::from_utf8(bytes).map_err(|_| SheetError::Unreadable)?;
        csv_rows(text)
    };
    let rows: Vec<Vec<String>> = raw
        .into_iter()
        .map(|r| r.iter().map(|c| clean(c)).collect::<Vec<_>>())
        .filter(|r| r.iter().any(|c| !c.is_empty()))
        .collect();
    if rows.len() < 2 {
        return Err(SheetError::Empty);
    }
    if rows.len() > MAX_ROWS + 1 {
        return Err(SheetError::TooManyRows);
    }
    Ok(rows)
}

/// The column of each wanted field, found by heading (any of its names, case and spaces
/// ignored): `None` where the file has no such column.
pub fn columns(heading: &[String], wanted: &[&[&str]]) -> Vec<Option<usize>> {
    let norm = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    wanted
        .iter()
        .map(|names| {
            heading
                .iter()
                .position(|h| names.iter().any(|n| norm(n) == norm(h)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_reads_quotes_semicolons_and_the_byte_order_mark() {
        let text = "\u{feff}Name;Email;Note\r\n\"Hoxha; Arta\";arta@example.org;\"she said \"\"yes\"\"\"\r\n\r\n;;\nMira;mira@example.org;\n";
        let rows = read(text.as_bytes()).expect("rows");
        assert_eq!(rows[0], ["Name", "Email", "Note"]);
        assert_eq!(
            rows[1],
            ["Hoxha; Arta", "arta@example.org", "she said \"yes\""]
        );
        assert_eq!(rows[2], ["Mira", "mira@example.org", ""]);
        assert_eq!(rows.len(), 3, "blank rows are left out");
    }

    #[test]
    fn formulas_and_control_characters_are_neutralised() {
        assert_eq!(clean("=HYPERLINK(\"http://x\")"), "HYPERLINK(\"http://x\")");
        assert_eq!(clean("+1\u{7}2\n3"), "1 2 3");
        assert_eq!(clean("@SUM(A1)"), "SUM(A1)");
        assert_eq!(clean("Ana-Marija"), "Ana-Marija", "a dash inside stays");
        assert_eq!(
            clean("\u{a0}=1+2"),
            "1+2",
            "a no-break space before a formula"
        );
        assert_eq!(clean(" ' =cmd"), "cmd");
    }

    #[test]
    fn large_empty_and_binary_files_are_refused_with_a_reason() {
        assert_eq!(read(&vec![b'a'; MAX_BYTES + 1]), Err(SheetError::TooLarge));
        assert_eq!(read(b"Name,Email\n"), Err(SheetError::Empty));
        assert_eq!(read(&[0xff, 0xfe, 0x00]), Err(SheetError::Unreadable));
        assert_eq!(read(b"PK\x03\x04not a zip"), Err(SheetError::Unreadable));
        let many: String = std::iter::once("Name,Email\n".to_string())
            .chain((0..=MAX_ROWS).map(|i| format!("P{i},p{i}@example.org\n")))
            .collect();
        assert_eq!(read(many.as_bytes()), Err(SheetError::TooManyRows));
    }

    #[test]
    fn columns_are_found_by_heading_in_any_case_and_order() {
        let heading: Vec<String> = ["E-mail", "Full name", "Organisation"]
            .map(String::from)
            .to_vec();
        let found = columns(
            &heading,
            &[&["full name", "name"], &["email", "e-mail"], &["group"]],
        );
        assert_eq!(found, [Some(1), Some(0), None]);
    }
}
