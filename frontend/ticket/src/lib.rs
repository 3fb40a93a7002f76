//! What a ticket's QR code says: `AG1:` followed by base45 (RFC 9285) of a short payload and its
//! Ed25519 signature. Base45 uses only the characters of the QR alphanumeric mode, so the code
//! stays small (about 120 characters, a version-5 symbol at low error correction) and easy for
//! cheap cameras, as the EU Digital COVID Certificate did.
//!
//! Payload: a format byte, then the forum id, the registration id and the ticket's version as
//! LEB128 varints; the signature covers all of it. Re-issuing a ticket raises its version, so the
//! old code still verifies but no longer matches the registration.
//!
//! Format 2 adds the signing key's id (a varint after the format byte) so that keys can be
//! rotated: a verifier picks the key by id, and a code of an id it does not know is invalid.
//! Format 1 (no id) is key 0, the installation's first key.
//!
//! A crate of its own so the server signs and verifies with it and the scanner's wasm
//! (`frontend/decoder`) verifies with the same code where the browser's WebCrypto has no
//! Ed25519.

pub use ed25519_dalek::VerifyingKey;
use ed25519_dalek::{Signature, Signer, SigningKey};

/// The text every ticket code starts with (format 1).
pub const PREFIX: &str = "AG1:";
const FORMAT: u8 = 1;
const FORMAT_WITH_KEY_ID: u8 = 2;
const ALPHABET: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/// What a ticket proves: which registration of which forum, in which issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TicketClaims {
    pub forum: i64,
    pub registration: i64,
    pub version: i64,
}

/// Why a scanned text is not a ticket of this server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeError {
    /// Not an Agora ticket at all, or cut short.
    Malformed,
    /// Well formed, but not signed by this server's key (forged or altered).
    BadSignature,
}

/// Signs and verifies ticket codes with one key pair.
pub struct TicketKeys {
    signing: SigningKey,
    id: u32,
}

impl TicketKeys {
    /// The key pair from a 32-byte seed (derived from the server's secret key file): key 0.
    pub fn from_seed(seed: [u8; 32]) -> Self {
        Self::with_id(seed, 0)
    }

    /// The key pair of key `id` of a rotated key ring; its codes carry the id.
    pub fn with_id(seed: [u8; 32], id: u32) -> Self {
        Self {
            signing: SigningKey::from_bytes(&seed),
            id,
        }
    }

    pub fn id(&self) -> u32 {
        self.id
    }

    pub fn public_key(&self) -> VerifyingKey {
        self.signing.verifying_key()
    }

    pub fn sign(&self, claims: TicketClaims) -> String {
        let mut bytes = if self.id == 0 {
            vec![FORMAT]
        } else {
            let mut bytes = vec![FORMAT_WITH_KEY_ID];
            put_varint(&mut bytes, u64::from(self.id));
            bytes
        };
        for n in [claims.forum, claims.registration, claims.version] {
            put_varint(&mut bytes, n.max(0) as u64);
        }
        let signature = self.signing.sign(&bytes);
        bytes.extend_from_slice(&signature.to_bytes());
        format!("{PREFIX}{}", base45_encode(&bytes))
    }

    /// The claims of a code this key signed; a code of another key id is `BadSignature`.
    pub fn verify(&self, code: &str) -> Result<TicketClaims, CodeError> {
        if key_id(code)? != self.id {
            return Err(CodeError::BadSignature);
        }
        verify_with(&self.public_key(), code)
    }
}

/// The id of the key a code says it was signed with (0 for format 1), before any check of the
/// signature: a verifier uses it to pick the key.
pub fn key_id(code: &str) -> Result<u32, CodeError> {
    let bytes = code_bytes(code)?;
    match bytes[0] {
        FORMAT => Ok(0),
        _ => {
            let mut rest = &bytes[1..];
            let id = take_varint(&mut rest).ok_or(CodeError::Malformed)?;
            u32::try_from(id).map_err(|_| CodeError::Malformed)
        }
    }
}

fn code_bytes(code: &str) -> Result<Vec<u8>, CodeError> {
    let body = code
        .trim()
        .strip_prefix(PREFIX)
        .ok_or(CodeError::Malformed)?;
    let bytes = base45_decode(body).ok_or(CodeError::Malformed)?;
    if bytes.len() < 1 + 3 + 64 || !matches!(bytes[0], FORMAT | FORMAT_WITH_KEY_ID) {
        return Err(CodeError::Malformed);
    }
    Ok(bytes)
}

/// Checks a code against a public key (what an offline scanner would do with the key of the
/// code's key id).
pub fn verify_with(key: &VerifyingKey, code: &str) -> Result<TicketClaims, CodeError> {
    let bytes = code_bytes(code)?;
    let (signed, signature) = bytes.split_at(bytes.len() - 64);
    let mut rest = &signed[1..];
    if signed[0] == FORMAT_WITH_KEY_ID {
        take_varint(&mut rest).ok_or(CodeError::Malformed)?;
    }
    let mut fields = [0i64; 3];
    for field in &mut fields {
        let n = take_varint(&mut rest).ok_or(CodeError::Malformed)?;
        *field = i64::try_from(n).map_err(|_| CodeError::Malformed)?;
    }
    if !rest.is_empty() {
        return Err(CodeError::Malformed);
    }
    let signature = Signature::from_slice(signature).map_err(|_| CodeError::Malformed)?;
    key.verify_strict(signed, &signature)
        .map_err(|_| CodeError::BadSignature)?;
    Ok(TicketClaims {
        forum: fields[0],
        registration: fields[1],
        version: fields[2],
    })
}

fn put_varint(out: &mut Vec<u8>, mut n: u64) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn take_varint(input: &mut &[u8]) -> Option<u64> {
    let mut n = 0u64;
    for shift in (0..64).step_by(7) {
        let (&byte, rest) = input.split_first()?;
        *input = rest;
        n |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(n);
        }
    }
    None
}

pub fn base45_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 3 / 2 + 2);
    for chunk in bytes.chunks(2) {
        let (n, digits) = match chunk {
            [a, b] => (u32::from(*a) * 256 + u32::from(*b), 3),
            [a] => (u32::from(*a), 2),
            _ => unreachable!("chunks(2) yields one or two bytes"),
        };
        let mut n = n;
        for _ in 0..digits {
            out.push(ALPHABET[(n % 45) as usize] as char);
            n /= 45;
        }
    }
    out
}

pub fn base45_decode(text: &str) -> Option<Vec<u8>> {
    let values: Vec<u32> = text
        .bytes()
        .map(|c| ALPHABET.iter().position(|&a| a == c).map(|i| i as u32))
        .collect::<Option<_>>()?;
    let mut out = Vec::with_capacity(values.len() * 2 / 3 + 1);
    for chunk in values.chunks(3) {
        match chunk {
            [c, d, e] => {
                let n = c + d * 45 + e * 45 * 45;
                if n > 0xffff {
                    return None;
                }
                out.push((n >> 8) as u8);
                out.push((n & 0xff) as u8);
            }
            [c, d] => {
                let n = c + d * 45;
                if n > 0xff {
                    return None;
                }
                out.push(n as u8);
            }
            _ => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(seed: u8) -> TicketKeys {
        TicketKeys::from_seed([seed; 32])
    }

    const CLAIMS: TicketClaims = TicketClaims {
        forum: 3,
        registration: 12_345,
        version: 1,
    };

    #[test]
    fn base45_matches_the_rfc_9285_examples() {
        assert_eq!(base45_encode(b"AB"), "BB8");
        assert_eq!(base45_encode(b"Hello!!"), "%69 VD92EX0");
        assert_eq!(base45_encode(b"base-45"), "UJCLQE7W581");
        assert_eq!(base45_decode("QED8WEX0").as_deref(), Some(&b"ietf!"[..]));
    }

    #[test]
    fn base45_refuses_what_no_encoder_writes() {
        assert_eq!(base45_decode("GGW"), None, "65536 does not fit two bytes");
        assert_eq!(base45_decode("A"), None, "a lone character");
        assert_eq!(
            base45_decode("ab"),
            None,
            "lower case is not in the alphabet"
        );
    }

    #[test]
    fn a_signed_ticket_verifies_to_its_claims() {
        let code = keys(7).sign(CLAIMS);
        assert!(code.starts_with(PREFIX));
        assert!(code.len() < 130, "{} characters", code.len());
        assert!(
            code.bytes().all(|c| ALPHABET.contains(&c)),
            "only QR alphanumeric characters"
        );
        assert_eq!(keys(7).verify(&code), Ok(CLAIMS));
    }

    #[test]
    fn a_flipped_bit_never_verifies() {
        let code = keys(7).sign(CLAIMS);
        let mut bytes = base45_decode(&code[PREFIX.len()..]).expect("decodes");
        for i in 0..bytes.len() {
            for bit in 0..8 {
                bytes[i] ^= 1 << bit;
                let tampered = format!("{PREFIX}{}", base45_encode(&bytes));
                assert!(keys(7).verify(&tampered).is_err(), "byte {i} bit {bit}");
                bytes[i] ^= 1 << bit;
            }
        }
    }

    #[test]
    fn a_code_signed_by_another_key_is_refused() {
        let forged = keys(8).sign(CLAIMS);
        assert_eq!(keys(7).verify(&forged), Err(CodeError::BadSignature));
    }

    #[test]
    fn a_truncated_or_foreign_code_is_malformed() {
        let code = keys(7).sign(CLAIMS);
        for cut in [
            PREFIX.len(),
            PREFIX.len() + 3,
            code.len() - 3,
            code.len() - 1,
        ] {
            assert!(keys(7).verify(&code[..cut]).is_err(), "cut at {cut}");
        }
        assert_eq!(
            keys(7).verify("https://example.org"),
            Err(CodeError::Malformed)
        );
        assert_eq!(keys(7).verify(""), Err(CodeError::Malformed));
    }

    #[test]
    fn the_public_key_alone_verifies() {
        let k = keys(9);
        let code = k.sign(CLAIMS);
        assert_eq!(verify_with(&k.public_key(), &code), Ok(CLAIMS));
    }

    #[test]
    fn a_rotated_key_names_itself_and_only_its_key_verifies() {
        let old = keys(7);
        let new = TicketKeys::with_id([11; 32], 3);
        let code = new.sign(CLAIMS);
        assert_eq!(key_id(&code), Ok(3));
        assert_eq!(key_id(&old.sign(CLAIMS)), Ok(0));
        assert_eq!(new.verify(&code), Ok(CLAIMS));
        assert_eq!(verify_with(&new.public_key(), &code), Ok(CLAIMS));
        assert_eq!(old.verify(&code), Err(CodeError::BadSignature));
        // The same seed under another id: the id is part of what was signed.
        let relabelled = TicketKeys::with_id([11; 32], 4);
        assert_eq!(relabelled.verify(&code), Err(CodeError::BadSignature));
        let mut bytes = base45_decode(&code[PREFIX.len()..]).expect("decodes");
        bytes[1] = 4;
        let moved = format!("{PREFIX}{}", base45_encode(&bytes));
        assert_eq!(
            verify_with(&new.public_key(), &moved),
            Err(CodeError::BadSignature)
        );
    }

    /// A code of key 3 that the offline door's test (`end2end/tests/offline.spec.js`) checks
    /// with `door.js`: both sides read the same bytes alike.
    pub const KEY_3_PUBLIC_HEX: &str =
        "66be7e332c7a453332bd9d0a7f7db055f5c5ef1a06ada66d98b39fb6810c473a";
    pub const KEY_3_CODE: &str = "AG1:KB03/0Z74K.VAP9K1T+OUCCD6-K1Q1*73863/Z9T%9M9E %I%/FNASOG139C494SLPH%B4AHV19CHIV/BQ6A0.J9T3Z$7BTVTBUX.1PA9";

    #[test]
    fn the_doors_test_vector_is_what_key_3_signs() {
        let k = TicketKeys::with_id([11; 32], 3);
        let claims = TicketClaims {
            forum: 7,
            registration: 4242,
            version: 2,
        };
        let hex: String = k
            .public_key()
            .as_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(hex, KEY_3_PUBLIC_HEX);
        assert_eq!(k.sign(claims), KEY_3_CODE);
        assert_eq!(key_id(KEY_3_CODE), Ok(3));
    }

    #[test]
    fn large_ids_round_trip() {
        let big = TicketClaims {
            forum: i64::MAX,
            registration: 1 << 40,
            version: 300,
        };
        assert_eq!(keys(1).verify(&keys(1).sign(big)), Ok(big));
    }
}
