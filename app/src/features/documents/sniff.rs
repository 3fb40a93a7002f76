//! File types recognised by their content (magic bytes), never by their name.

/// The types organisers may upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileType {
    Pdf,
    Docx,
    Xlsx,
    Odt,
    Png,
    Jpeg,
}

impl FileType {
    pub fn content_type(self) -> &'static str {
        match self {
            FileType::Pdf => "application/pdf",
            FileType::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            FileType::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileType::Odt => "application/vnd.oasis.opendocument.text",
            FileType::Png => "image/png",
            FileType::Jpeg => "image/jpeg",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            FileType::Pdf => "pdf",
            FileType::Docx => "docx",
            FileType::Xlsx => "xlsx",
            FileType::Odt => "odt",
            FileType::Png => "png",
            FileType::Jpeg => "jpg",
        }
    }
}

const ODT_MIMETYPE: &[u8] = b"mimetypeapplication/vnd.oasis.opendocument.text";

/// True when the file starts like a ZIP archive (DOCX, XLSX and ODT are ZIP archives).
pub fn is_zip(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04")
}

/// The type of a file from its first bytes and, for ZIP archives, the names of its entries.
pub fn sniff(head: &[u8], zip_entries: &[String]) -> Option<FileType> {
    if head.starts_with(b"%PDF-") {
        return Some(FileType::Pdf);
    }
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(FileType::Png);
    }
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(FileType::Jpeg);
    }
    if !is_zip(head) {
        return None;
    }
    // ODF puts an uncompressed `mimetype` entry first (name at offset 30, content right after).
    if head.len() >= 30 + ODT_MIMETYPE.len() && head[30..].starts_with(ODT_MIMETYPE) {
        return Some(FileType::Odt);
    }
    let has = |name: &str| zip_entries.iter().any(|e| e == name);
    if has("[Content_Types].xml") && has("word/document.xml") {
        return Some(FileType::Docx);
    }
    if has("[Content_Types].xml") && has("xl/workbook.xml") {
        return Some(FileType::Xlsx);
    }
    None
}

fn u16_at(b: &[u8], at: usize) -> Option<usize> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?) as usize)
}

fn u32_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?) as u64)
}

/// Finds the ZIP end-of-central-directory record in the file's last bytes; returns the central
/// directory's (offset, size) in the file.
pub fn central_directory(tail: &[u8]) -> Option<(u64, u64)> {
    let at = tail.windows(4).rposition(|w| w == b"PK\x05\x06")?;
    let record = &tail[at..];
    Some((u32_at(record, 16)?, u32_at(record, 12)?))
}

/// The entry names listed in a ZIP central directory.
pub fn entry_names(directory: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    let mut at = 0;
    while directory.get(at..at + 4) == Some(b"PK\x01\x02".as_slice()) {
        let (Some(name_len), Some(extra_len), Some(comment_len)) = (
            u16_at(directory, at + 28),
            u16_at(directory, at + 30),
            u16_at(directory, at + 32),
        ) else {
            break;
        };
        let Some(name) = directory.get(at + 46..at + 46 + name_len) else {
            break;
        };
        names.push(String::from_utf8_lossy(name).into_owned());
        at += 46 + name_len + extra_len + comment_len;
    }
    names
}

/// A safe download name: the title's letters and digits (any script), dashes for the rest, and the
/// type's extension.
pub fn download_name(title: &str, file_type_extension: &str) -> String {
    let mut name = String::new();
    for c in title.chars() {
        if c.is_alphanumeric() {
            name.push(c);
        } else if !name.ends_with('-') && !name.is_empty() {
            name.push('-');
        }
    }
    let name: String = name.trim_end_matches('-').chars().take(80).collect();
    let name = if name.is_empty() {
        "document".to_string()
    } else {
        name
    };
    format!("{name}.{file_type_extension}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal ZIP with the given stored (uncompressed) entries.
    pub fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut central = Vec::new();
        for (name, data) in entries {
            let offset = out.len() as u32;
            out.extend_from_slice(b"PK\x03\x04");
            out.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            out.extend_from_slice(&[0; 4]); // crc (not checked here)
            out.extend_from_slice(&(data.len() as u32).to_le_bytes());
            out.extend_from_slice(&(data.len() as u32).to_le_bytes());
            out.extend_from_slice(&(name.len() as u16).to_le_bytes());
            out.extend_from_slice(&[0, 0]);
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(data);
            central.extend_from_slice(b"PK\x01\x02");
            central.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            central.extend_from_slice(&[0; 4]);
            central.extend_from_slice(&(data.len() as u32).to_le_bytes());
            central.extend_from_slice(&(data.len() as u32).to_le_bytes());
            central.extend_from_slice(&(name.len() as u16).to_le_bytes());
            central.extend_from_slice(&[0; 12]);
            central.extend_from_slice(&offset.to_le_bytes());
            central.extend_from_slice(name.as_bytes());
        }
        let cd_offset = out.len() as u32;
        out.extend_from_slice(&central);
        out.extend_from_slice(b"PK\x05\x06");
        out.extend_from_slice(&[0; 4]);
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        out.extend_from_slice(&(central.len() as u32).to_le_bytes());
        out.extend_from_slice(&cd_offset.to_le_bytes());
        out.extend_from_slice(&[0, 0]);
        out
    }

    fn sniff_file(bytes: &[u8]) -> Option<FileType> {
        let names = central_directory(bytes)
            .map(|(offset, size)| entry_names(&bytes[offset as usize..(offset + size) as usize]))
            .unwrap_or_default();
        sniff(&bytes[..bytes.len().min(4096)], &names)
    }

    #[test]
    fn types_are_recognised_by_content() {
        assert_eq!(sniff_file(b"%PDF-1.4\n..."), Some(FileType::Pdf));
        assert_eq!(sniff_file(b"\x89PNG\r\n\x1a\n\0\0"), Some(FileType::Png));
        assert_eq!(
            sniff_file(&[0xFF, 0xD8, 0xFF, 0xE0, 0]),
            Some(FileType::Jpeg)
        );
        let docx = zip(&[
            ("[Content_Types].xml", b"<x/>"),
            ("word/document.xml", b"<w/>"),
        ]);
        assert_eq!(sniff_file(&docx), Some(FileType::Docx));
        let xlsx = zip(&[
            ("[Content_Types].xml", b"<x/>"),
            ("xl/workbook.xml", b"<w/>"),
        ]);
        assert_eq!(sniff_file(&xlsx), Some(FileType::Xlsx));
        let odt = zip(&[("mimetype", b"application/vnd.oasis.opendocument.text")]);
        assert_eq!(sniff_file(&odt), Some(FileType::Odt));
    }

    #[test]
    fn other_content_is_refused_whatever_its_name() {
        assert_eq!(sniff_file(b"MZ\x90\0 a windows program"), None);
        assert_eq!(sniff_file(b"<html><script>"), None);
        assert_eq!(sniff_file(&zip(&[("evil.exe", b"MZ")])), None);
        assert_eq!(sniff_file(b""), None);
    }

    #[test]
    fn download_names_keep_letters_of_any_script() {
        assert_eq!(
            download_name("Препораки за политики 2026", "pdf"),
            "Препораки-за-политики-2026.pdf"
        );
        assert_eq!(download_name("../../etc/passwd", "pdf"), "etc-passwd.pdf");
        assert_eq!(download_name("!!!", "png"), "document.png");
    }
}
