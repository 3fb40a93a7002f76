//! Any text a camera or a handheld scanner may read: decoding never panics, a code whose key id
//! it names is not the verifier's is refused, and base45 text that decodes encodes back to the
//! same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let keys = ticket::TicketKeys::with_id([7; 32], 2);
    let verified = keys.verify(&text);
    let named = ticket::key_id(&text);
    if verified.is_ok() {
        assert_eq!(named, Ok(2), "a code verified by key 2 names key 2");
    }
    let _ = ticket::verify_with(&keys.public_key(), &text);
    if let Some(bytes) = ticket::base45_decode(&text) {
        assert_eq!(
            ticket::base45_decode(&ticket::base45_encode(&bytes)).as_deref(),
            Some(bytes.as_slice())
        );
    }
});
