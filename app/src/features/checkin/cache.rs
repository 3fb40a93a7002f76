//! What the door keeps between scans, held by the application state: the ticket keys and the
//! stakeholder-group names per series and language.

use crate::error::AppError;
use crate::i18n::Locale;
use crate::store::Store;

/// What the door reuses between scans: the ticket keys (derived once) and the stakeholder-group
/// names of each series and language for a few seconds (a renamed group shows after at most
/// `GROUP_TTL` on every server).
pub struct CheckinCache {
    pub keys: crate::features::tickets::code::TicketKeys,
    groups: std::sync::Mutex<std::collections::HashMap<(i64, Locale), CachedGroups>>,
}

/// The group names of one series in one language, and when they were read.
type CachedGroups = (
    std::time::Instant,
    Vec<crate::features::forums::types::StakeholderGroup>,
);

const GROUP_TTL: std::time::Duration = std::time::Duration::from_secs(10);

impl CheckinCache {
    pub fn new(secret: &crate::secrets::SecretKey) -> Self {
        Self {
            keys: crate::features::tickets::code::keys(secret),
            groups: std::sync::Mutex::new(std::collections::HashMap::new()),
        }
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
