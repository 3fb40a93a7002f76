//! The ticket's QR payload: ticket id and forum id signed with Ed25519 and written in base45
//! (RFC 9285), so the QR code uses the alphanumeric mode cheap cameras read best, as the EU
//! Digital COVID Certificate did. `AG1:` + base45(version ‖ ticket ‖ forum ‖ signature).

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};

const PREFIX: &str = "AG1:";
const VERSION: u8 = 1;
const ALPHABET: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/// What a valid code says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Claim {
    pub ticket: u32,
    pub forum: u32,
}

/// Why a code is refused (all of them are "invalid" at the door).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeError {
    NotOurs,
    Malformed,
    BadSignature,
}

pub fn base45_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() / 2 * 3 + 2);
    for chunk in bytes.chunks(2) {
        let (mut n, digits) = match chunk {
            [a, b] => (u32::from(*a) * 256 + u32::from(*b), 3),
            [a] => (u32::from(*a), 2),
            _ => continue,
        };
        for _ in 0..digits {
            out.push(char::from(ALPHABET[(n % 45) as usize]));
            n /= 45;
        }
    }
    out
}

pub fn base45_decode(text: &str) -> Option<Vec<u8>> {
    let values: Vec<u32> = text
        .bytes()
        .map(|c| ALPHABET.iter().position(|a| *a == c).map(|p| p as u32))
        .collect::<Option<_>>()?;
    let mut out = Vec::with_capacity(values.len() / 3 * 2 + 1);
    for chunk in values.chunks(3) {
        match chunk {
            [c, d, e] => {
                let n = c + d * 45 + e * 45 * 45;
                if n > 0xFFFF {
                    return None;
                }
                out.push((n >> 8) as u8);
                out.push((n & 0xFF) as u8);
            }
            [c, d] => {
                let n = c + d * 45;
                if n > 0xFF {
                    return None;
                }
                out.push(n as u8);
            }
            _ => return None,
        }
    }
    Some(out)
}

fn message(claim: Claim) -> [u8; 9] {
    let mut m = [0u8; 9];
    m[0] = VERSION;
    m[1..5].copy_from_slice(&claim.ticket.to_be_bytes());
    m[5..9].copy_from_slice(&claim.forum.to_be_bytes());
    m
}

/// The QR text of a ticket.
pub fn sign(key: &SigningKey, claim: Claim) -> String {
    let m = message(claim);
    let signature = key.sign(&m);
    let mut bytes = m.to_vec();
    bytes.extend_from_slice(&signature.to_bytes());
    format!("{PREFIX}{}", base45_encode(&bytes))
}

/// Checks a scanned code; a tampered, truncated or foreign code never verifies.
pub fn verify(key: &VerifyingKey, code: &str) -> Result<Claim, CodeError> {
    let body = code.trim().strip_prefix(PREFIX).ok_or(CodeError::NotOurs)?;
    let bytes = base45_decode(body).ok_or(CodeError::Malformed)?;
    if bytes.len() != 9 + 64 || bytes[0] != VERSION {
        return Err(CodeError::Malformed);
    }
    let (m, sig) = bytes.split_at(9);
    let signature = Signature::from_slice(sig).map_err(|_| CodeError::Malformed)?;
    key.verify(m, &signature)
        .map_err(|_| CodeError::BadSignature)?;
    let word = |r: std::ops::Range<usize>| {
        let mut b = [0u8; 4];
        b.copy_from_slice(&m[r]);
        u32::from_be_bytes(b)
    };
    Ok(Claim {
        ticket: word(1..5),
        forum: word(5..9),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32])
    }

    #[test]
    fn base45_matches_the_rfc_examples() {
        assert_eq!(base45_encode(b"AB"), "BB8");
        assert_eq!(base45_encode(b"Hello!!"), "%69 VD92EX0");
        assert_eq!(base45_encode(b"base-45"), "UJCLQE7W581");
        assert_eq!(base45_decode("QED8WEX0").as_deref(), Some(&b"ietf!"[..]));
        assert_eq!(base45_decode("GGW"), None, "over 65535");
    }

    #[test]
    fn a_signed_code_round_trips_and_is_alphanumeric() {
        let k = key(1);
        let claim = Claim { ticket: 4_000_000_123, forum: 7 };
        let code = sign(&k, claim);
        assert!(code.bytes().all(|c| ALPHABET.contains(&c)), "QR alphanumeric mode: {code}");
        assert!(code.len() < 120, "{} characters", code.len());
        assert_eq!(verify(&k.verifying_key(), &code), Ok(claim));
    }

    #[test]
    fn a_flipped_bit_a_foreign_key_and_a_truncated_code_never_verify() {
        let k = key(1);
        let code = sign(&k, Claim { ticket: 42, forum: 3 });
        // Flip one bit of the signed bytes and encode again.
        let mut bytes = base45_decode(&code[PREFIX.len()..]).expect("decodes");
        bytes[3] ^= 0x01;
        let tampered = format!("{PREFIX}{}", base45_encode(&bytes));
        assert_eq!(verify(&k.verifying_key(), &tampered), Err(CodeError::BadSignature));
        assert_eq!(verify(&key(2).verifying_key(), &code), Err(CodeError::BadSignature));
        assert_eq!(verify(&k.verifying_key(), &code[..code.len() - 3]), Err(CodeError::Malformed));
        assert_eq!(verify(&k.verifying_key(), "hello"), Err(CodeError::NotOurs));
        assert_eq!(verify(&k.verifying_key(), "AG1:abc"), Err(CodeError::Malformed));
    }
}
