//! A series' privacy notice, in numbered versions: each keeps its text per language (Markdown,
//! sanitised when shown) and its date, and stays readable at `/privacy/{series}/{version}`.
//! Registrations store the version their participant agreed to.

#[cfg(feature = "ssr")]
use crate::db::StoreResult;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One version of a series' privacy notice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    pub series_id: i64,
    pub series_title: String,
    pub version: i64,
    pub published_at: DateTime<Utc>,
    /// The notice in the reader's language (or the nearest one), as sanitised HTML.
    pub html: String,
    /// The language the text is in, and whether it is a fallback for the reader's.
    pub lang: String,
    pub fallback: bool,
    /// Every version, newest first: (version, date).
    pub versions: Vec<(i64, DateTime<Utc>)>,
}

/// The version string a registration stores for a series' notice version.
pub fn version_label(series: i64, version: i64) -> String {
    format!("{series}/{version}")
}

#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait NoticeStore {
    /// Publishes a new version (the next number) with its text per language (JSON object).
    async fn publish_notice(&self, series: i64, body: &str, at: DateTime<Utc>) -> StoreResult<i64>;
    /// Every version of the series' notice, newest first.
    async fn notice_versions(&self, series: i64) -> StoreResult<Vec<(i64, DateTime<Utc>)>>;
    /// One version's (number, text JSON, date); `None` asks for the newest.
    async fn notice(
        &self,
        series: i64,
        version: Option<i64>,
    ) -> StoreResult<Option<(i64, String, DateTime<Utc>)>>;
}

#[cfg(feature = "ssr")]
macro_rules! impl_notice_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::features::forums::notices::NoticeStore for $store {
            async fn publish_notice(&self, series: i64, body: &str, at: DateTime<Utc>) -> StoreResult<i64> {
                let _turn = self.write_turn().await;
                let mut tx = self.begin_write().await?;
                // Two organisers publishing at once: the series row orders them.
                let lock = format!("SELECT id FROM series WHERE id = $1{}", <$store as $crate::db::Dialect>::row_lock());
                sqlx::query(&lock).bind(series).fetch_optional(&mut *tx).await?.ok_or(StoreError::NotFound)?;
                let (next,): (i64,) = sqlx::query_as(
                    "SELECT COALESCE(MAX(version), 0) + 1 FROM privacy_notices WHERE series_id = $1",
                )
                .bind(series)
                .fetch_one(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO privacy_notices (series_id, version, body, published_at) VALUES ($1, $2, $3, $4)",
                )
                .bind(series)
                .bind(next)
                .bind(body)
                .bind(whole_seconds(at))
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(next)
            }

            async fn notice_versions(&self, series: i64) -> StoreResult<Vec<(i64, DateTime<Utc>)>> {
                Ok(sqlx::query_as(
                    "SELECT version, published_at FROM privacy_notices WHERE series_id = $1 ORDER BY version DESC",
                )
                .bind(series)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn notice(
                &self,
                series: i64,
                version: Option<i64>,
            ) -> StoreResult<Option<(i64, String, DateTime<Utc>)>> {
                Ok(sqlx::query_as(
                    "SELECT version, body, published_at FROM privacy_notices WHERE series_id = $1 \
                     AND ($2 IS NULL OR version = $2) ORDER BY version DESC LIMIT 1",
                )
                .bind(series)
                .bind(version)
                .fetch_optional(&self.pool)
                .await?)
            }
        }
    };
}
#[cfg(feature = "ssr")]
pub(crate) use impl_notice_store;
