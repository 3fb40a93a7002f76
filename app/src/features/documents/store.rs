//! Document records, shared SQL for both backends (`impl_document_store!`).

use super::types::{Document, DocumentId};
use crate::db::StoreResult;
use crate::features::forums::types::ForumId;
use async_trait::async_trait;

pub struct NewDocument {
    pub forum_id: ForumId,
    pub title: String,
    pub locale: String,
    pub kind: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
}

#[async_trait]
pub trait DocumentStore {
    async fn documents(&self, forum: ForumId) -> StoreResult<Vec<Document>>;
    async fn document(&self, forum: ForumId, id: DocumentId) -> StoreResult<Option<Document>>;
    async fn add_document(&self, doc: &NewDocument) -> StoreResult<DocumentId>;
    /// Deletes the record; returns its content hash.
    async fn delete_document(&self, forum: ForumId, id: DocumentId) -> StoreResult<String>;
    /// True while any document (of any forum) still uses this content.
    async fn content_in_use(&self, sha256: &str) -> StoreResult<bool>;
}

pub(crate) const COLUMNS: &str =
    "id, forum_id, title, locale, kind, file_name, content_type, size_bytes, sha256";

macro_rules! impl_document_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::features::documents::store::DocumentStore for $store {
            async fn documents(
                &self,
                forum: ForumId,
            ) -> StoreResult<Vec<$crate::features::documents::types::Document>> {
                let sql = format!(
                    "SELECT {} FROM documents WHERE forum_id = $1 ORDER BY created_at DESC, id DESC",
                    $crate::features::documents::store::COLUMNS
                );
                Ok(sqlx::query_as(&sql).bind(forum).fetch_all(&self.pool).await?)
            }

            async fn document(
                &self,
                forum: ForumId,
                id: $crate::features::documents::types::DocumentId,
            ) -> StoreResult<Option<$crate::features::documents::types::Document>> {
                let sql = format!(
                    "SELECT {} FROM documents WHERE forum_id = $1 AND id = $2",
                    $crate::features::documents::store::COLUMNS
                );
                Ok(sqlx::query_as(&sql).bind(forum).bind(id).fetch_optional(&self.pool).await?)
            }

            async fn add_document(
                &self,
                d: &$crate::features::documents::store::NewDocument,
            ) -> StoreResult<$crate::features::documents::types::DocumentId> {
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO documents (forum_id, title, locale, kind, file_name, content_type, \
                     size_bytes, sha256, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                     RETURNING id",
                )
                .bind(d.forum_id)
                .bind(&d.title)
                .bind(&d.locale)
                .bind(&d.kind)
                .bind(&d.file_name)
                .bind(&d.content_type)
                .bind(d.size_bytes)
                .bind(&d.sha256)
                .bind(whole_seconds(Utc::now()))
                .fetch_one(&self.pool)
                .await?;
                Ok($crate::features::documents::types::DocumentId(id))
            }

            async fn delete_document(
                &self,
                forum: ForumId,
                id: $crate::features::documents::types::DocumentId,
            ) -> StoreResult<String> {
                let row: Option<(String,)> = sqlx::query_as(
                    "DELETE FROM documents WHERE forum_id = $1 AND id = $2 RETURNING sha256",
                )
                .bind(forum)
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
                row.map(|(h,)| h).ok_or(StoreError::NotFound)
            }

            async fn content_in_use(&self, sha256: &str) -> StoreResult<bool> {
                let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM documents WHERE sha256 = $1")
                    .bind(sha256)
                    .fetch_one(&self.pool)
                    .await?;
                Ok(n > 0)
            }
        }
    };
}

pub(crate) use impl_document_store;
