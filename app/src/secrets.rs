//! Bearer secrets (session ids, manage links, feed and device tokens): made high-entropy, stored
//! only as a hash. Kernel: imports nothing of the app.

use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// 256 random bits, URL-safe base64. Used for session ids and other bearer secrets.
pub fn new_secret_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Secrets are stored only as their SHA-256, so a database leak reveals no usable token.
pub fn token_hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The server's 32-byte secret (from `secret.key`). Never printed.
#[derive(Clone)]
pub struct SecretKey([u8; 32]);

impl SecretKey {
    pub fn new(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// A keyed digest (HMAC-SHA256, URL-safe base64) of `input` for one `purpose`: secrets the
    /// server can recompute (manage links) without storing them.
    pub fn derive(&self, purpose: &str, input: &str) -> String {
        use base64::Engine;
        use hmac::Mac;
        let mut mac = <hmac::Hmac<sha2::Sha256> as hmac::Mac>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(purpose.as_bytes());
        mac.update(b"\0");
        mac.update(input.as_bytes());
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }
}

impl SecretKey {
    /// 32 bytes for one `purpose` (HMAC-SHA256 of the purpose): seeds of keys that must stay the
    /// same across restarts and servers, such as the ticket signing key.
    pub fn derive_bytes(&self, purpose: &str) -> [u8; 32] {
        use hmac::Mac;
        let mut mac = <hmac::Hmac<sha2::Sha256> as hmac::Mac>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(purpose.as_bytes());
        mac.finalize().into_bytes().into()
    }
}

/// Whether two secrets (or their digests) are equal, in time that does not depend on where they
/// differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(..)")
    }
}

/// One key of the installation's key ring: key 0 is the key file itself; later keys come from
/// `server rotate-key`, derived from the key file and a random salt kept in the database (so the
/// database alone reveals no key, and every server holding the key file derives the same keys).
#[derive(Clone, Debug)]
pub struct RingKey {
    pub id: u32,
    pub key: SecretKey,
    /// When this key starts signing (the newest key whose time has come signs).
    pub signs_from: chrono::DateTime<chrono::Utc>,
    /// After this, what the key signed is no longer accepted; `None`: no end.
    pub verifies_until: Option<chrono::DateTime<chrono::Utc>>,
}

/// A key of the ring as stored: id, salt, signs from, verifies until.
pub type StoredRingKey = (
    i64,
    String,
    chrono::DateTime<chrono::Utc>,
    Option<chrono::DateTime<chrono::Utc>>,
);

/// The installation's keys: the one that signs now and every one that still verifies. Tickets,
/// links and form stamps carry the id of the key that made them. Shared by every request and
/// refreshed from the database, so a rotation made on one server reaches the others.
pub struct Keyring {
    root: SecretKey,
    keys: std::sync::RwLock<std::sync::Arc<Vec<RingKey>>>,
}

impl Keyring {
    /// The ring of a key file that was never rotated: key 0 alone.
    pub fn new(root: SecretKey) -> Self {
        let ring = Self {
            root,
            keys: std::sync::RwLock::new(std::sync::Arc::new(Vec::new())),
        };
        ring.install(&[]);
        ring
    }

    /// The key file's own key: for what must never change with a rotation (the installation's
    /// fingerprint, pseudonyms of addresses).
    pub fn root(&self) -> &SecretKey {
        &self.root
    }

    /// Replaces the ring with the stored keys (key 0 is the key file; others are derived).
    pub fn install(&self, stored: &[StoredRingKey]) {
        let mut keys: Vec<RingKey> = stored
            .iter()
            .filter_map(|(id, salt, signs_from, verifies_until)| {
                let id = u32::try_from(*id).ok()?;
                let key = if id == 0 {
                    self.root.clone()
                } else {
                    SecretKey::new(self.root.derive_bytes(&format!("key-ring/{salt}")))
                };
                Some(RingKey {
                    id,
                    key,
                    signs_from: *signs_from,
                    verifies_until: *verifies_until,
                })
            })
            .collect();
        if !keys.iter().any(|k| k.id == 0) {
            keys.push(self.first());
        }
        keys.sort_by_key(|k| k.id);
        if let Ok(mut held) = self.keys.write() {
            *held = std::sync::Arc::new(keys);
        }
    }

    fn first(&self) -> RingKey {
        RingKey {
            id: 0,
            key: self.root.clone(),
            signs_from: chrono::DateTime::<chrono::Utc>::UNIX_EPOCH,
            verifies_until: None,
        }
    }

    fn keys(&self) -> std::sync::Arc<Vec<RingKey>> {
        self.keys
            .read()
            .map(|k| k.clone())
            .unwrap_or_else(|poisoned| poisoned.into_inner().clone())
    }

    /// Every key that verifies now, the signing key among them, and keys announced to sign later
    /// (so a door that syncs before a rotation takes effect already knows the new key).
    pub fn verifying(&self) -> Vec<RingKey> {
        let now = crate::clock::now();
        self.keys()
            .iter()
            .filter(|k| k.verifies_until.is_none_or(|until| until > now))
            .cloned()
            .collect()
    }

    /// The key that signs now: the newest whose time has come and that still verifies.
    pub fn signing(&self) -> RingKey {
        let now = crate::clock::now();
        let keys = self.keys();
        keys.iter()
            .filter(|k| k.signs_from <= now && k.verifies_until.is_none_or(|until| until > now))
            .max_by_key(|k| (k.signs_from, k.id))
            .cloned()
            .unwrap_or_else(|| self.first())
    }

    /// Key `id` when it still verifies.
    pub fn key(&self, id: u32) -> Option<SecretKey> {
        self.verifying()
            .into_iter()
            .find(|k| k.id == id)
            .map(|k| k.key)
    }

    /// Whether the ring knows key `id` at all (verifying or retired): an unknown id sends a
    /// server to the database for a rotation made elsewhere.
    pub fn knows(&self, id: u32) -> bool {
        self.keys().iter().any(|k| k.id == id)
    }

    /// A fresh salt for a link (manage, invitation, calendar feed, scanner device): 128 random
    /// bits in hex, after the signing key's id (`<id>.<hex>`, or the hex alone for key 0), so the
    /// link can be made again from the salt with the key that made it.
    pub fn new_salt(&self) -> String {
        let mut bytes = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        with_key_id(self.signing().id, hex)
    }

    /// The key a salt names (any key of the ring: a link lives by its stored hash, so it lasts
    /// until it is replaced, cancelled or erased whatever its key's end date; the end date
    /// bounds only what the key alone vouches for, tickets and form stamps). `None` when this
    /// server has not yet loaded the key (a rotation made elsewhere moments ago).
    pub fn key_for_salt(&self, salt: &str) -> Option<SecretKey> {
        let id = match salt.split_once('.') {
            Some((id, _)) => id.parse::<u32>().ok()?,
            None => 0,
        };
        self.keys()
            .iter()
            .find(|k| k.id == id)
            .map(|k| k.key.clone())
    }

    /// A link's secret for `purpose` made from its salt: `<key id>.<HMAC>` (the HMAC alone for
    /// key 0, as before any rotation).
    pub fn link_token(&self, purpose: &str, salt: &str) -> Option<String> {
        let id = salt.split_once('.').map_or("0", |(id, _)| id);
        let mac = self.key_for_salt(salt)?.derive(purpose, salt);
        Some(if id == "0" {
            mac
        } else {
            format!("{id}.{mac}")
        })
    }
}

fn with_key_id(id: u32, mac: String) -> String {
    if id == 0 {
        mac
    } else {
        format!("{id}.{mac}")
    }
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keyring(..)")
    }
}

#[cfg(test)]
mod keyring_tests {
    use super::*;
    use chrono::{DateTime, Duration};

    fn ring() -> Keyring {
        Keyring::new(SecretKey::new([5; 32]))
    }

    #[test]
    fn before_a_rotation_key_0_signs_and_links_look_as_they_always_did() {
        let ring = ring();
        assert_eq!(ring.signing().id, 0);
        let salt = ring.new_salt();
        assert_eq!(salt.len(), 32, "hex alone");
        assert_eq!(
            ring.link_token("manage", &salt),
            Some(SecretKey::new([5; 32]).derive("manage", &salt))
        );
    }

    #[test]
    fn a_rotated_ring_signs_with_the_new_key_and_verifies_the_old_until_its_end() {
        let ring = ring();
        let old_salt = ring.new_salt();
        let before = ring.link_token("manage", &old_salt).expect("key 0");
        let now = crate::clock::now();
        ring.install(&[
            (
                0,
                String::new(),
                DateTime::UNIX_EPOCH,
                Some(now + Duration::days(30)),
            ),
            (1, "aa".into(), now - Duration::seconds(1), None),
        ]);
        assert_eq!(ring.signing().id, 1);
        let salt = ring.new_salt();
        assert!(salt.starts_with("1."), "{salt}");
        let after = ring.link_token("manage", &salt).expect("key 1");
        assert!(after.starts_with("1."), "{after}");
        assert_eq!(ring.link_token("manage", &old_salt), Some(before.clone()));
        assert!(ring.key(0).is_some() && ring.key(1).is_some());
        assert!(
            ring.link_token("manage", "7.abc").is_none(),
            "an unknown key"
        );
        // The old key's end passes: what it signed no longer verifies, its links still work.
        ring.install(&[
            (
                0,
                String::new(),
                DateTime::UNIX_EPOCH,
                Some(now - Duration::seconds(1)),
            ),
            (1, "aa".into(), now - Duration::seconds(1), None),
        ]);
        assert!(ring.key(0).is_none());
        assert_eq!(ring.verifying().len(), 1);
        assert_eq!(ring.link_token("manage", &old_salt), Some(before));
    }

    #[test]
    fn an_announced_key_verifies_before_it_signs() {
        let ring = ring();
        let now = crate::clock::now();
        ring.install(&[(2, "bb".into(), now + Duration::hours(1), None)]);
        assert_eq!(ring.signing().id, 0, "not yet");
        assert!(ring.key(2).is_some());
        assert!(ring.knows(2) && !ring.knows(3));
    }

    #[test]
    fn keys_depend_on_the_key_file_and_the_salt() {
        let a = ring();
        let b = Keyring::new(SecretKey::new([6; 32]));
        let now = crate::clock::now();
        let rows = [(1, "aa".to_string(), now - Duration::seconds(1), None)];
        a.install(&rows);
        b.install(&rows);
        assert_ne!(a.link_token("p", "1.i"), b.link_token("p", "1.i"));
        let c = ring();
        c.install(&[(1, "ab".into(), now - Duration::seconds(1), None)]);
        assert_ne!(a.link_token("p", "1.i"), c.link_token("p", "1.i"));
    }
}
