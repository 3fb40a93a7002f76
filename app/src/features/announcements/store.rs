//! Announcement persistence, shared SQL for both backends (`impl_announcement_store!`).

use super::types::{Announcement, AnnouncementId};
use crate::db::StoreResult;
use crate::features::forums::types::{ForumId, SeriesId};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

pub struct NewAnnouncement {
    pub series_id: SeriesId,
    pub forum_id: Option<ForumId>,
    pub title: String,
    pub body: String,
    pub locale: String,
    pub published: bool,
    pub published_at: DateTime<Utc>,
    pub pinned: bool,
}

/// Which published announcements to list.
#[derive(Debug, Clone, Copy)]
pub struct Published {
    pub now: DateTime<Utc>,
    /// Only this forum's; `None` for everything public (series-wide and every published forum).
    pub forum: Option<ForumId>,
    /// Pinned posts first (pages) or strictly newest first (feeds).
    pub pinned_first: bool,
    pub limit: i64,
}

#[async_trait]
pub trait AnnouncementStore {
    /// Published, due, in a published series and (for forum posts) a published forum.
    async fn published_announcements(&self, which: Published) -> StoreResult<Vec<Announcement>>;
    /// Every announcement, drafts included, newest first (organiser area).
    async fn all_announcements(&self) -> StoreResult<Vec<Announcement>>;
    async fn announcement(&self, id: AnnouncementId) -> StoreResult<Option<Announcement>>;
    async fn save_announcement(
        &self,
        id: Option<AnnouncementId>,
        a: &NewAnnouncement,
    ) -> StoreResult<AnnouncementId>;
    async fn delete_announcement(&self, id: AnnouncementId) -> StoreResult<()>;
}

pub(crate) const SELECT: &str = "SELECT a.id, a.forum_id, f.slug AS forum_slug, a.title, a.body, \
     a.locale, a.status, a.published_at, a.pinned, a.updated_at FROM announcements a \
     LEFT JOIN forums f ON f.id = a.forum_id";

macro_rules! impl_announcement_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::features::announcements::store::AnnouncementStore for $store {
            async fn published_announcements(
                &self,
                which: $crate::features::announcements::store::Published,
            ) -> StoreResult<Vec<$crate::features::announcements::types::Announcement>> {
                let order = if which.pinned_first {
                    "a.pinned DESC, a.published_at DESC, a.id DESC"
                } else {
                    "a.published_at DESC, a.id DESC"
                };
                let sql = format!(
                    "{} JOIN series s ON s.id = a.series_id WHERE a.status = 'published' \
                     AND a.published_at <= $1 AND s.status = 'published' \
                     AND (a.forum_id IS NULL OR f.status = 'published') \
                     AND ($2 = 0 OR a.forum_id = $2) ORDER BY {order} LIMIT $3",
                    $crate::features::announcements::store::SELECT
                );
                Ok(sqlx::query_as(&sql)
                    .bind(whole_seconds(which.now))
                    .bind(which.forum.map_or(0, |f| f.0))
                    .bind(which.limit)
                    .fetch_all(&self.pool)
                    .await?)
            }

            async fn all_announcements(
                &self,
            ) -> StoreResult<Vec<$crate::features::announcements::types::Announcement>> {
                let sql = format!(
                    "{} ORDER BY a.published_at DESC, a.id DESC",
                    $crate::features::announcements::store::SELECT
                );
                Ok(sqlx::query_as(&sql).fetch_all(&self.pool).await?)
            }

            async fn announcement(
                &self,
                id: $crate::features::announcements::types::AnnouncementId,
            ) -> StoreResult<Option<$crate::features::announcements::types::Announcement>> {
                let sql = format!("{} WHERE a.id = $1", $crate::features::announcements::store::SELECT);
                Ok(sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await?)
            }

            async fn save_announcement(
                &self,
                id: Option<$crate::features::announcements::types::AnnouncementId>,
                a: &$crate::features::announcements::store::NewAnnouncement,
            ) -> StoreResult<$crate::features::announcements::types::AnnouncementId> {
                use $crate::features::announcements::types::AnnouncementId;
                let status = if a.published { "published" } else { "draft" };
                let now = whole_seconds(crate::clock::now());
                match id {
                    None => {
                        let (id,): (i64,) = sqlx::query_as(
                            "INSERT INTO announcements (series_id, forum_id, title, body, locale, status, \
                             published_at, pinned, created_at, updated_at) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
                        )
                        .bind(a.series_id)
                        .bind(a.forum_id)
                        .bind(&a.title)
                        .bind(&a.body)
                        .bind(&a.locale)
                        .bind(status)
                        .bind(whole_seconds(a.published_at))
                        .bind(a.pinned)
                        .bind(now)
                        .fetch_one(&self.pool)
                        .await?;
                        Ok(AnnouncementId(id))
                    }
                    Some(id) => {
                        let done = sqlx::query(
                            "UPDATE announcements SET forum_id = $1, title = $2, body = $3, locale = $4, \
                             status = $5, published_at = $6, pinned = $7, updated_at = $8 WHERE id = $9",
                        )
                        .bind(a.forum_id)
                        .bind(&a.title)
                        .bind(&a.body)
                        .bind(&a.locale)
                        .bind(status)
                        .bind(whole_seconds(a.published_at))
                        .bind(a.pinned)
                        .bind(now)
                        .bind(id)
                        .execute(&self.pool)
                        .await?;
                        $crate::db::must_affect(done.rows_affected())?;
                        Ok(id)
                    }
                }
            }

            async fn delete_announcement(
                &self,
                id: $crate::features::announcements::types::AnnouncementId,
            ) -> StoreResult<()> {
                let done = sqlx::query("DELETE FROM announcements WHERE id = $1")
                    .bind(id)
                    .execute(&self.pool)
                    .await?;
                $crate::db::must_affect(done.rows_affected())
            }
        }
    };
}

pub(crate) use impl_announcement_store;
