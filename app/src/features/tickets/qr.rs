//! The ticket code as a QR symbol: SVG for pages (sharp at any size and in print), PNG for emails.
//! Low error correction keeps the symbol small; the code is alphanumeric throughout.

use qrcode::{Color, EcLevel, QrCode};

/// Modules of white space around the symbol, as the QR standard asks.
const QUIET_ZONE: usize = 4;

fn symbol(code: &str) -> Option<QrCode> {
    QrCode::with_error_correction_level(code.as_bytes(), EcLevel::L).ok()
}

/// An inline `<svg>` (no XML declaration) that scales to its container. `None` only for text
/// too long for any QR version.
pub fn svg(code: &str, label: &str) -> Option<String> {
    let symbol = symbol(code)?;
    let width = symbol.width();
    let size = width + 2 * QUIET_ZONE;
    let colors = symbol.to_colors();
    let mut path = String::with_capacity(colors.len() * 4);
    for (i, color) in colors.iter().enumerate() {
        if *color == Color::Dark {
            let (x, y) = (i % width + QUIET_ZONE, i / width + QUIET_ZONE);
            path.push_str(&format!("M{x} {y}h1v1h-1z"));
        }
    }
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" \
         role=\"img\" aria-label=\"{}\" shape-rendering=\"crispEdges\">\
         <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/>\
         <path d=\"{path}\" fill=\"#000\"/></svg>",
        escape(label)
    ))
}

/// A greyscale PNG with `scale` pixels per module.
pub fn png(code: &str, scale: usize) -> Option<Vec<u8>> {
    let symbol = symbol(code)?;
    let width = symbol.width();
    let colors = symbol.to_colors();
    let scale = scale.max(1);
    let side = (width + 2 * QUIET_ZONE) * scale;
    let mut pixels = vec![255u8; side * side];
    for (i, color) in colors.iter().enumerate() {
        if *color != Color::Dark {
            continue;
        }
        let (mx, my) = (i % width + QUIET_ZONE, i / width + QUIET_ZONE);
        for dy in 0..scale {
            let row = (my * scale + dy) * side;
            pixels[row + mx * scale..row + (mx + 1) * scale].fill(0);
        }
    }
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, side as u32, side as u32);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().ok()?;
        writer.write_image_data(&pixels).ok()?;
    }
    Some(out)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    const CODE: &str = "AG1:ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 $%*+-./:ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 $%*+-./:ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

    #[test]
    fn a_ticket_sized_code_fits_a_small_symbol() {
        let symbol = symbol(CODE).expect("fits");
        assert!(symbol.version().width() <= 37, "version 5 or smaller");
    }

    #[test]
    fn the_svg_is_inline_square_and_labelled() {
        let svg = svg(CODE, "Ticket <QR>").expect("renders");
        assert!(svg.starts_with("<svg "));
        assert!(
            svg.contains("viewBox=\"0 0 45 45\""),
            "37 modules and a quiet zone of 4"
        );
        assert!(svg.contains("aria-label=\"Ticket &lt;QR&gt;\""));
        assert!(svg.matches("h1v1h-1z").count() > 300);
    }

    #[test]
    fn the_png_has_the_right_size_and_signature() {
        let png = png(CODE, 8).expect("renders");
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let decoder = ::png::Decoder::new(std::io::Cursor::new(&png));
        let reader = decoder.read_info().expect("valid");
        assert_eq!(reader.info().width, 45 * 8);
    }
}
