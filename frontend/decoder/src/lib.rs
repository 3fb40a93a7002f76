//! The QR decoder for browsers without `BarcodeDetector` (iOS Safari, Firefox), and the ticket
//! verifier for browsers whose WebCrypto has no Ed25519. The scanner's worker
//! (`public/decoder-worker.js`) loads this module and hands it frames; the offline door
//! (`public/door.js`) loads it to verify codes; nothing else loads it, so no other page pays.

/// Verifies a ticket code against the server's 32-byte public key, as the server does:
/// `[forum, registration, version]`, or nothing when the code is not a ticket of that key.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn verify_ticket(public_key: &[u8], code: &str) -> Vec<f64> {
    let Ok(bytes) = <[u8; 32]>::try_from(public_key) else {
        return Vec::new();
    };
    let Ok(key) = ticket::VerifyingKey::from_bytes(&bytes) else {
        return Vec::new();
    };
    match ticket::verify_with(&key, code) {
        Ok(c) => vec![c.forum as f64, c.registration as f64, c.version as f64],
        Err(_) => Vec::new(),
    }
}

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
    fn tickets_verify_against_their_key_only() {
        let keys = ticket::TicketKeys::from_seed([7; 32]);
        let public = keys.public_key().to_bytes();
        let code = keys.sign(ticket::TicketClaims {
            forum: 3,
            registration: 4242,
            version: 2,
        });
        assert_eq!(verify_ticket(&public, &code), vec![3.0, 4242.0, 2.0]);
        let other = ticket::TicketKeys::from_seed([8; 32])
            .public_key()
            .to_bytes();
        assert!(verify_ticket(&other, &code).is_empty(), "another key");
        let altered = code.replacen("AG1:", "AG1:1", 1);
        assert!(verify_ticket(&public, &altered).is_empty(), "altered");
        assert!(
            verify_ticket(&public[..31], &code).is_empty(),
            "a short key"
        );
    }

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
