//! What the door keeps between scans, held by the application state: the ticket keys and the
//! stakeholder-group names per series and language.

use crate::error::AppError;
use crate::i18n::Locale;
use crate::store::Store;

/// What the door reuses between scans: the ticket keys of each key id (derived once) and the
/// stakeholder-group names of each series and language for a few seconds (a renamed group shows
/// after at most `GROUP_TTL` on every server).
pub struct CheckinCache {
    keys: std::sync::Mutex<std::collections::HashMap<u32, std::sync::Arc<TicketKeys>>>,
    /// When this server last read the key ring because a code named a key it did not know.
    reloaded: std::sync::Mutex<Option<std::time::Instant>>,
    groups: std::sync::Mutex<std::collections::HashMap<(i64, Locale), CachedGroups>>,
}

use crate::features::tickets::code::{CodeError, TicketClaims, TicketKeys};

/// How often at most an unknown key id sends this server to the database's key ring.
const RELOAD_AT_MOST_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

/// The group names of one series in one language, and when they were read.
type CachedGroups = (
    std::time::Instant,
    Vec<crate::features::forums::types::StakeholderGroup>,
);

const GROUP_TTL: std::time::Duration = std::time::Duration::from_secs(10);

impl Default for CheckinCache {
    fn default() -> Self {
        Self::new()
    }
}

impl CheckinCache {
    pub fn new() -> Self {
        Self {
            keys: std::sync::Mutex::new(std::collections::HashMap::new()),
            reloaded: std::sync::Mutex::new(None),
            groups: std::sync::Mutex::new(std::collections::HashMap::new()),
        }
    }

    /// The claims of a ticket code, checked with the key its id names while that key verifies.
    /// A key id this server does not know yet (a rotation made on another server moments ago)
    /// has it read the ring again first; a code of a key no ring has is invalid.
    pub async fn verify(
        &self,
        ring: &crate::secrets::Keyring,
        store: &dyn Store,
        code: &str,
    ) -> Result<TicketClaims, CodeError> {
        let id = crate::features::tickets::code::key_id(code)?;
        if !ring.knows(id) && self.may_reload() {
            if let Err(e) = crate::store::load_keyring(store, ring).await {
                tracing::warn!(error = ?e, "could not read the key ring");
            }
        }
        let key = ring
            .verifying()
            .into_iter()
            .find(|k| k.id == id)
            .ok_or(CodeError::BadSignature)?;
        let keys = {
            let mut held = self.keys.lock().unwrap_or_else(|p| p.into_inner());
            held.entry(id)
                .or_insert_with(|| std::sync::Arc::new(crate::features::tickets::code::keys(&key)))
                .clone()
        };
        keys.verify(code)
    }

    fn may_reload(&self) -> bool {
        let mut last = self.reloaded.lock().unwrap_or_else(|p| p.into_inner());
        if last.is_some_and(|at| at.elapsed() < RELOAD_AT_MOST_EVERY) {
            return false;
        }
        *last = Some(std::time::Instant::now());
        true
    }

    pub(super) async fn groups(
        &self,
        store: &dyn Store,
        series: crate::features::forums::types::SeriesId,
        locale: Locale,
    ) -> Result<Vec<crate::features::forums::types::StakeholderGroup>, AppError> {
        let key = (series.0, locale);
        if let Ok(cached) = self.groups.lock() {
            if let Some((at, groups)) = cached.get(&key) {
                if at.elapsed() < GROUP_TTL {
                    return Ok(groups.clone());
                }
            }
        }
        let groups =
            crate::features::forums::content::stakeholder_groups(store, series, locale).await?;
        if let Ok(mut cached) = self.groups.lock() {
            cached.insert(key, (std::time::Instant::now(), groups.clone()));
        }
        Ok(groups)
    }
}
