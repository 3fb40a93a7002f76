//! Every kind of email, in every language, as `server preview-emails` writes it: each parses as
//! MIME (Python's own `email` parser) with a text and an HTML part; the HTML is well-formed, in
//! the right language, loads no remote image and gives every image an `alt`; the ticket's QR
//! code is inline (`cid:`) and decodes to the ticket's code; the text part stands on its own.

use crate::both_databases;
use serde_json::Value;

fn check(dir: &std::path::Path) -> Vec<Value> {
    let out = crate::helpers::python_script("mime_check.py")
        .arg(dir)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

fn decode_qr(png_bytes: &[u8]) -> String {
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info().expect("png");
    let mut pixels = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut pixels).expect("frame");
    let (w, h) = (info.width as usize, info.height as usize);
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| pixels[y * w + x]);
    image.detect_grids()[0]
        .decode()
        .expect("a readable QR code")
        .1
}

both_databases! {
    async fn every_email_in_every_language_has_a_text_and_a_well_formed_html_part(app) {
        use base64::Engine;
        let dir = app.data_dir.join("preview");
        let written = server::preview::write_all(&app.state, &dir).await.expect("preview");
        let languages = app::i18n::Locale::ALL.len();
        assert_eq!(written.len(), 16 * languages, "sixteen kinds in each language");
        let parsed = check(&dir);
        assert_eq!(parsed.len(), written.len());
        for preview in &written {
            let name = preview.file.file_name().and_then(|n| n.to_str()).expect("name");
            let mail = parsed.iter().find(|m| m["file"] == name).expect("parsed");
            let types: Vec<&str> = mail["types"].as_array().expect("types").iter().filter_map(Value::as_str).collect();
            assert!(types.contains(&"multipart/alternative"), "{name}: {types:?}");
            assert!(types.contains(&"text/plain") && types.contains(&"text/html"), "{name}: {types:?}");
            assert_eq!(mail["well_formed"], true, "{name}: {}", mail["error"]);
            assert_eq!(mail["lang"], preview.lang.as_str(), "{name}");
            assert_eq!(mail["dir"], "ltr");
            let text = mail["text"].as_str().expect("text");
            assert!(text.len() > 40, "{name}: the text part stands on its own");
            for image in mail["images"].as_array().expect("images") {
                let src = image["src"].as_str().unwrap_or_default();
                assert!(!src.starts_with("http://") && !src.starts_with("https://"), "{name}: remote image {src}");
                assert!(image["alt"].as_str().is_some_and(|a| !a.is_empty()), "{name}: an image without alt");
            }
            let html = mail["html"].as_str().expect("html");
            assert!(!html.contains("<script"), "{name}");
            match &preview.ticket_code {
                Some(code) => {
                    let inline = mail["inline"].as_array().expect("inline");
                    assert_eq!(inline.len(), 1, "{name}: the ticket inline");
                    let cid = inline[0]["cid"].as_str().expect("cid");
                    assert!(mail["images"].as_array().expect("images").iter().any(|i| i["src"] == format!("cid:{cid}")), "{name}");
                    let png = base64::engine::general_purpose::STANDARD.decode(inline[0]["data"].as_str().expect("data")).expect("b64");
                    assert_eq!(&decode_qr(&png), code, "{name}: the inline QR is the ticket");
                    assert!(html.contains(code.as_str()), "{name}: the code written under it");
                    assert!(types.contains(&"multipart/related"));
                }
                None => assert!(mail["inline"].as_array().expect("inline").is_empty(), "{name}"),
            }
            // One clear button for the main action, where there is one.
            if ["confirmed", "unconfirmed", "waiting", "invitation", "retention"].contains(&preview.kind.as_str()) {
                let links = mail["links"].as_array().expect("links");
                assert!(!links.is_empty(), "{name}: a button");
            }
        }
        // The confirmation carries the calendar invitation beside both parts.
        let confirmed = parsed.iter().find(|m| m["file"] == "confirmed.mk.eml").expect("mk");
        assert!(confirmed["types"].as_array().expect("types").iter().any(|t| t == "text/calendar"));
        assert!(confirmed["html"].as_str().expect("html").contains("Отвори ја мојата пријава"));
    }
}
