//! The QR decoder for browsers without `BarcodeDetector` (iOS Safari, Firefox). The scanner's
//! worker (`public/decoder-worker.js`) loads this module and hands it frames; nothing else
//! loads it, so no other page pays for it.

/// Decodes the first QR code in an RGBA frame (`width` × `height`, as a canvas gives it).
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn decode_qr(width: usize, height: usize, rgba: &[u8]) -> Option<String> {
    let grey = greyscale(width, height, rgba)?;
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| grey[y * width + x]);
    image
        .detect_grids()
        .into_iter()
        .find_map(|grid| grid.decode().ok().map(|(_, text)| text))
}

/// Luma of each RGBA pixel (ITU-R BT.601 weights in eighths of 256); `None` when the buffer is
/// smaller than the frame it claims to be.
fn greyscale(width: usize, height: usize, rgba: &[u8]) -> Option<Vec<u8>> {
    let pixels = width.checked_mul(height)?;
    if pixels == 0 || rgba.len() < pixels.checked_mul(4)? {
        return None;
    }
    Some(
        rgba.chunks_exact(4)
            .take(pixels)
            .map(|p| {
                ((u32::from(p[0]) * 77 + u32::from(p[1]) * 150 + u32::from(p[2]) * 29) >> 8) as u8
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_smaller_than_its_size_is_refused() {
        assert_eq!(decode_qr(10, 10, &[0; 399]), None);
        assert_eq!(decode_qr(0, 10, &[]), None);
        assert_eq!(decode_qr(usize::MAX, 2, &[]), None);
    }

    #[test]
    fn white_is_bright_and_black_is_dark() {
        let grey = greyscale(2, 1, &[255, 255, 255, 255, 0, 0, 0, 255]).unwrap_or_default();
        assert_eq!(grey, vec![255, 0]);
    }

    /// A ticket-like code drawn as a camera frame would show it: 4 pixels a module, a quiet zone.
    fn frame_of(text: &str) -> (usize, Vec<u8>) {
        let code = qrcode::QrCode::new(text.as_bytes()).expect("fits in a QR code");
        let modules = code.width();
        let colors = code.to_colors();
        let (scale, quiet) = (4, 4);
        let side = (modules + 2 * quiet) * scale;
        let mut rgba = vec![255u8; side * side * 4];
        for y in 0..modules {
            for x in 0..modules {
                if colors[y * modules + x] == qrcode::Color::Dark {
                    for dy in 0..scale {
                        for dx in 0..scale {
                            let (px, py) = ((x + quiet) * scale + dx, (y + quiet) * scale + dy);
                            let at = (py * side + px) * 4;
                            rgba[at..at + 3].fill(0);
                        }
                    }
                }
            }
        }
        (side, rgba)
    }

    #[test]
    fn a_drawn_ticket_code_is_read_back() {
        let text = "AG1:6BFOXN*TS0BI$ZD4N9:9S6RCVN5+O30K3/XIV0W23NTDEXWK G2EY$HX7+NU80H1HJSC";
        let (side, rgba) = frame_of(text);
        assert_eq!(decode_qr(side, side, &rgba).as_deref(), Some(text));
    }

    #[test]
    fn a_blank_frame_has_no_code() {
        assert_eq!(decode_qr(64, 64, &[255; 64 * 64 * 4]), None);
    }
}
