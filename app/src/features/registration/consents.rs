//! Optional consents (photos, being listed, being contacted again): each given separately, stored
//! with its time, withdrawable from the manage page. The photo consent is the registration's
//! `photo_consent` column, whose history the database writes to `consents` itself.

#[cfg(feature = "ssr")]
use super::types::RegistrationId;
#[cfg(feature = "ssr")]
use crate::db::StoreResult;
#[cfg(feature = "ssr")]
use chrono::{DateTime, Utc};

pub use super::types::{ConsentKind, ConsentRecord};

#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait ConsentStore {
    async fn consents(&self, registration: RegistrationId) -> StoreResult<Vec<ConsentRecord>>;
    /// Gives (keeping the first time while it stays given) or withdraws one consent.
    async fn set_consent(
        &self,
        registration: RegistrationId,
        kind: ConsentKind,
        given: bool,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
}

#[cfg(feature = "ssr")]
macro_rules! impl_consent_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::features::registration::consents::ConsentStore for $store {
            async fn consents(
                &self,
                registration: $crate::features::registration::types::RegistrationId,
            ) -> StoreResult<Vec<$crate::features::registration::consents::ConsentRecord>> {
                Ok(sqlx::query_as(
                    "SELECT kind, given_at, withdrawn_at FROM consents WHERE registration_id = $1 ORDER BY kind",
                )
                .bind(registration)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn set_consent(
                &self,
                registration: $crate::features::registration::types::RegistrationId,
                kind: $crate::features::registration::consents::ConsentKind,
                given: bool,
                at: DateTime<Utc>,
            ) -> StoreResult<()> {
                use $crate::features::registration::consents::ConsentKind;
                let at = whole_seconds(at);
                // The photo consent is the registration's own column; the database keeps its
                // history in `consents` (see the migration's trigger), whichever form changed it.
                if kind == ConsentKind::Photo {
                    sqlx::query(
                        "UPDATE registrations SET photo_consent = $1, updated_at = $2 WHERE id = $3 \
                         AND photo_consent <> $1",
                    )
                    .bind(given)
                    .bind(at)
                    .bind(registration)
                    .execute(&self.pool)
                    .await?;
                    return Ok(());
                }
                if given {
                    sqlx::query(
                        "INSERT INTO consents (registration_id, kind, given_at) VALUES ($1, $2, $3) \
                         ON CONFLICT (registration_id, kind) DO UPDATE SET \
                         given_at = CASE WHEN consents.withdrawn_at IS NULL THEN consents.given_at ELSE excluded.given_at END, \
                         withdrawn_at = NULL",
                    )
                    .bind(registration)
                    .bind(kind.as_str())
                    .bind(at)
                    .execute(&self.pool)
                    .await?;
                } else {
                    sqlx::query(
                        "UPDATE consents SET withdrawn_at = $1 WHERE registration_id = $2 AND kind = $3 \
                         AND withdrawn_at IS NULL",
                    )
                    .bind(at)
                    .bind(registration)
                    .bind(kind.as_str())
                    .execute(&self.pool)
                    .await?;
                }
                Ok(())
            }
        }
    };
}
#[cfg(feature = "ssr")]
pub(crate) use impl_consent_store;
