//! What a ticket's QR code says: `AG1:` followed by base45 (RFC 9285) of a short payload and its
//! Ed25519 signature. Base45 uses only the characters of the QR alphanumeric mode, so the code
//! stays small (about 120 characters, a version-5 symbol at low error correction) and easy for
//! cheap cameras, as the EU Digital COVID Certificate did.
//!
//! Payload: a format byte, then the forum id, the registration id and the ticket's version as
//! LEB128 varints; the signature covers all of it. Re-issuing a ticket raises its version, so the
//! old code still verifies but no longer matches the registration.
//!
//! The format lives in the `ticket` crate (`frontend/ticket`), which the scanner's decoder wasm
//! shares to verify tickets offline where the browser's WebCrypto has no Ed25519.

pub use ticket::*;

/// The ticket keys of one key of the installation's ring (the same on every server).
#[cfg(feature = "ssr")]
pub fn keys(key: &crate::secrets::RingKey) -> TicketKeys {
    TicketKeys::with_id(key.key.derive_bytes("ticket-signing-key/v1"), key.id)
}
