//! Series-wide messages: one message written by the series' lead becomes a draft in each chosen
//! forum of the series (all in one transaction), tied together so the lead sees them as one and
//! can send them together; each is then an ordinary forum message (audience, preview, test,
//! progress, once across servers).

use super::store::MessageWrite;
use crate::db::StoreResult;
use crate::ids::{ForumId, SeriesId};
use chrono::{DateTime, Utc};

/// One forum's part of a series-wide message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesPart {
    pub series_message: i64,
    pub author_name: String,
    pub created_at: DateTime<Utc>,
    pub forum: ForumId,
    pub message: i64,
    pub state: String,
}

#[async_trait::async_trait]
pub trait SeriesMessageStore {
    /// A draft in each forum of `writes` (all of `series`), as one series-wide message.
    async fn create_series_message(
        &self,
        series: SeriesId,
        author: Option<i64>,
        author_name: &str,
        writes: &[MessageWrite<'_>],
        at: DateTime<Utc>,
    ) -> StoreResult<i64>;
    /// The series' series-wide messages (newest first), one row per forum part.
    async fn series_parts(&self, series: SeriesId) -> StoreResult<Vec<SeriesPart>>;
}

macro_rules! impl_series_message_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::features::messages::series_store::SeriesMessageStore for $store {
            async fn create_series_message(
                &self,
                series: $crate::ids::SeriesId,
                author: Option<i64>,
                author_name: &str,
                writes: &[$crate::features::messages::store::MessageWrite<'_>],
                at: DateTime<Utc>,
            ) -> StoreResult<i64> {
                use $crate::features::messages::store::json;
                let at = whole_seconds(at);
                let mut tx = self.begin_write().await?;
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO series_messages (series_id, author_account_id, author_name, created_at) \
                     VALUES ($1, $2, $3, $4) RETURNING id",
                )
                .bind(series.0)
                .bind(author)
                .bind(author_name)
                .bind(at)
                .fetch_one(&mut *tx)
                .await?;
                for m in writes {
                    // Only forums of the series (the caller checked; the database agrees).
                    let done = sqlx::query(
                        "INSERT INTO messages (forum_id, author_account_id, author_name, audience, texts, \
                         fallback_locale, state, created_at, updated_at, series_message_id) \
                         SELECT id, $2, $3, $4, $5, $6, 'draft', $7, $7, $8 FROM forums WHERE id = $1 AND series_id = $9",
                    )
                    .bind(m.forum)
                    .bind(m.author)
                    .bind(m.author_name)
                    .bind(json(m.audience)?)
                    .bind(json(m.texts)?)
                    .bind(m.fallback_locale)
                    .bind(at)
                    .bind(id)
                    .bind(series.0)
                    .execute(&mut *tx)
                    .await?;
                    if done.rows_affected() != 1 {
                        return Err(StoreError::NotFound);
                    }
                }
                tx.commit().await?;
                Ok(id)
            }

            async fn series_parts(
                &self,
                series: $crate::ids::SeriesId,
            ) -> StoreResult<Vec<$crate::features::messages::series_store::SeriesPart>> {
                let rows: Vec<(i64, String, DateTime<Utc>, i64, i64, String)> = sqlx::query_as(
                    "SELECT s.id, s.author_name, s.created_at, m.forum_id, m.id, m.state FROM series_messages s \
                     JOIN messages m ON m.series_message_id = s.id WHERE s.series_id = $1 \
                     ORDER BY s.id DESC, m.forum_id",
                )
                .bind(series.0)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(series_message, author_name, created_at, forum, message, state)| {
                        $crate::features::messages::series_store::SeriesPart {
                            series_message,
                            author_name,
                            created_at,
                            forum: ForumId(forum),
                            message,
                            state,
                        }
                    })
                    .collect())
            }
        }
    };
}
pub(crate) use impl_series_message_store;
