//! The HTML part of every email, beside its text part (which stays complete on its own): the
//! forum's name and dates at the top, the message's paragraphs, one clear button for the main
//! action, and the ticket's QR code inline (`cid:`) with its code written under it. Simple nested
//! tables and inline styles, which common mail clients keep; a dark-mode block for those that
//! read it; no remote image, no tracker, every image with `alt`. The markup is well-formed XML
//! (XHTML), so strict parsers read it too.

/// What one email's HTML shows.
#[derive(Debug, Clone, Default)]
pub struct HtmlMail<'a> {
    /// The recipient's language (`lang`) and its direction (`dir`).
    pub lang: &'a str,
    pub subject: &'a str,
    /// The forum's name, and a line under it (dates, venue).
    pub forum: Option<(&'a str, &'a str)>,
    /// The text part; its paragraphs (blank-line separated) become the HTML's.
    pub text: &'a str,
    /// The main action: (label, address). `None`: the first address in the text, when a label
    /// is given in `label`.
    pub button: Option<(&'a str, &'a str)>,
    /// The ticket's QR code, inline as `cid:` + this id, with its code under it and `alt`.
    pub ticket: Option<Ticket<'a>>,
}

#[derive(Debug, Clone)]
pub struct Ticket<'a> {
    pub content_id: &'a str,
    pub code: &'a str,
    pub alt: &'a str,
    /// The line above the code: "For people who cannot scan it: …".
    pub caption: &'a str,
}

/// The Content-ID of the inline ticket image.
pub const TICKET_CID: &str = "ticket-qr@agora";

const FONT: &str = "font-family:-apple-system,'Segoe UI',Roboto,'Noto Sans',Arial,sans-serif";
const INK: &str = "#1f2328";
const BRAND: &str = "#1d4e5f";
const PAPER: &str = "#f4f1ea";

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The first `http(s)://` address in a text.
pub fn first_link(text: &str) -> Option<&str> {
    let start = text.find("https://").or_else(|| text.find("http://"))?;
    let rest = &text[start..];
    let end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, ')' | '"' | '<' | '>'))
        .unwrap_or(rest.len());
    Some(rest[..end].trim_end_matches(['.', ',', ';', ':']))
}

/// One paragraph of text as HTML: escaped, line breaks kept, addresses made links.
fn paragraph(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(link) = first_link(rest) {
        let at = rest.find(link).unwrap_or(0);
        out.push_str(&escape(&rest[..at]).replace('\n', "<br />"));
        let href = escape(link);
        out.push_str(&format!(
            "<a href=\"{href}\" style=\"color:{BRAND};word-break:break-all;\">{href}</a>"
        ));
        rest = &rest[at + link.len()..];
    }
    out.push_str(&escape(rest).replace('\n', "<br />"));
    out
}

/// Whether a language is written right to left (none of Agora's six is; kept for `dir`).
fn dir_of(lang: &str) -> &'static str {
    match lang.split('-').next().unwrap_or("") {
        "ar" | "he" | "fa" | "ur" => "rtl",
        _ => "ltr",
    }
}

/// The email's HTML part.
pub fn render(mail: &HtmlMail) -> String {
    let lang = escape(if mail.lang.is_empty() {
        "en"
    } else {
        mail.lang
    });
    let dir = dir_of(mail.lang);
    let subject = escape(mail.subject);
    let paragraphs: Vec<String> = mail
        .text
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| format!("<p style=\"margin:0 0 16px;\">{}</p>", paragraph(p)))
        .collect();
    // The greeting and the message first, then the action and the ticket, then the rest.
    let split = paragraphs.len().min(2);
    let (lead, rest) = paragraphs.split_at(split);
    let (lead, rest) = (lead.concat(), rest.concat());
    let button = mail.button.map(|(label, href)| {
        format!(
            "<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"margin:8px 0 24px;\">\
             <tr><td class=\"button\" style=\"background-color:{BRAND};border-radius:6px;\">\
             <a href=\"{}\" style=\"display:inline-block;padding:14px 22px;{FONT};font-size:16px;font-weight:bold;color:#ffffff;text-decoration:none;\">{}</a>\
             </td></tr></table>",
            escape(href),
            escape(label)
        )
    });
    let ticket = mail.ticket.as_ref().map(|t| {
        format!(
            "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"margin:8px 0 16px;\">\
             <tr><td align=\"center\" style=\"padding:16px;border:1px solid #d0d7de;border-radius:8px;background-color:#ffffff;\">\
             <img src=\"cid:{}\" alt=\"{}\" width=\"240\" height=\"240\" style=\"display:block;width:240px;height:240px;border:0;\" />\
             <p style=\"margin:12px 0 4px;font-size:13px;color:#4f5b66;\">{}</p>\
             <p style=\"margin:0;font-family:Consolas,Menlo,monospace;font-size:12px;color:{INK};word-break:break-all;\">{}</p>\
             </td></tr></table>",
            escape(t.content_id),
            escape(t.alt),
            escape(t.caption),
            escape(t.code)
        )
    });
    let header = mail.forum.map(|(name, line)| {
        format!(
            "<tr><td class=\"head\" style=\"background-color:{BRAND};color:#ffffff;padding:20px 24px;border-radius:8px 8px 0 0;{FONT};\">\
             <p style=\"margin:0;font-size:12px;letter-spacing:0.08em;text-transform:uppercase;color:#d8e6ea;\">Agora</p>\
             <p style=\"margin:4px 0 0;font-size:20px;font-weight:bold;color:#ffffff;\">{}</p>\
             {}</td></tr>",
            escape(name),
            if line.is_empty() {
                String::new()
            } else {
                format!(
                    "<p style=\"margin:4px 0 0;font-size:14px;color:#ffffff;\">{}</p>",
                    escape(line)
                )
            }
        )
    });
    format!(
        "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"{lang}\" xml:lang=\"{lang}\" dir=\"{dir}\">\
         <head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\" />\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\
         <meta name=\"color-scheme\" content=\"light dark\" /><meta name=\"supported-color-schemes\" content=\"light dark\" />\
         <title>{subject}</title>\
         <style>@media (prefers-color-scheme: dark) {{ .page {{ background-color:#111417 !important; }} \
         .card {{ background-color:#1b2026 !important; color:#e6edf3 !important; }} \
         .card a {{ color:#9ecbff !important; }} .button a {{ color:#ffffff !important; }} }}</style></head>\
         <body class=\"page\" style=\"margin:0;padding:0;background-color:{PAPER};\">\
         <table role=\"presentation\" class=\"page\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"background-color:{PAPER};\">\
         <tr><td align=\"center\" style=\"padding:24px 12px;\">\
         <table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"max-width:560px;\">\
         {}\
         <tr><td class=\"card\" style=\"background-color:#ffffff;padding:24px;{FONT};font-size:16px;line-height:1.5;color:{INK};border-radius:{};\">\
         <h1 style=\"margin:0 0 16px;font-size:20px;line-height:1.3;color:inherit;\">{subject}</h1>\
         {lead}{}{}{rest}</td></tr></table></td></tr></table></body></html>\n",
        header.unwrap_or_default(),
        if mail.forum.is_some() { "0 0 8px 8px" } else { "8px" },
        button.unwrap_or_default(),
        ticket.unwrap_or_default(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_html_is_escaped_links_its_addresses_and_loads_nothing_remote() {
        let html = render(&HtmlMail {
            lang: "sq",
            subject: "Vendi juaj <b>",
            forum: Some(("Forum & co", "12–13 March 2027 · Tirana")),
            text:
                "Dear Ana,\n\nyour seat is confirmed.\n\nOpen: https://agora.example/r/abc_DEF-1.",
            button: Some(("Open my registration", "https://agora.example/r/abc_DEF-1")),
            ticket: Some(Ticket {
                content_id: TICKET_CID,
                code: "AG1:XYZ",
                alt: "QR code of your ticket",
                caption: "Code:",
            }),
        });
        assert!(html.contains("lang=\"sq\"") && html.contains("dir=\"ltr\""));
        assert!(html.contains("Vendi juaj &lt;b&gt;"));
        assert!(html.contains("Forum &amp; co"));
        assert!(html.contains("<a href=\"https://agora.example/r/abc_DEF-1\""));
        assert!(html.contains("src=\"cid:ticket-qr@agora\""));
        assert!(html.contains("alt=\"QR code of your ticket\""));
        assert!(html.contains("AG1:XYZ"));
        assert!(!html.contains("src=\"http"), "no remote image");
        // The full stop after the address is not part of it.
        assert_eq!(
            first_link("open https://a.example/r/x. Thanks"),
            Some("https://a.example/r/x")
        );
    }
}
