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

/// The most bytes of a document read or written at once (one row of `document_chunks`).
pub const CHUNK_BYTES: usize = 256 * 1024;

/// Where a new document's bytes come from, read a chunk at a time (only when the database does
/// not hold that content yet).
pub type ContentSource<'a> = &'a mut (dyn tokio::io::AsyncRead + Send + Unpin);

#[async_trait]
pub trait DocumentStore {
    async fn documents(&self, forum: ForumId) -> StoreResult<Vec<Document>>;
    async fn document(&self, forum: ForumId, id: DocumentId) -> StoreResult<Option<Document>>;
    /// Adds the record and, unless the database holds that content already, its bytes from
    /// `content` (`doc.size_bytes` of them, hashing to `doc.sha256`).
    async fn add_document(
        &self,
        doc: &NewDocument,
        content: ContentSource<'_>,
    ) -> StoreResult<DocumentId>;
    /// Writes a content's bytes from `content` in chunks, in one transaction, unless it is
    /// stored whole already.
    async fn store_content(
        &self,
        sha256: &str,
        size_bytes: i64,
        content: ContentSource<'_>,
    ) -> StoreResult<()>;
    /// The size a document that names this content gives it, if any does.
    async fn named_content_size(&self, sha256: &str) -> StoreResult<Option<i64>>;
    /// Deletes the record, and its content once no document uses it; returns the content hash.
    async fn delete_document(&self, forum: ForumId, id: DocumentId) -> StoreResult<String>;
    /// Whether the database holds this content whole.
    async fn content_stored(&self, sha256: &str) -> StoreResult<bool>;
    /// The `seq`th chunk of a content (from 0), or `None` past its end.
    async fn content_chunk(&self, sha256: &str, seq: i64) -> StoreResult<Option<Vec<u8>>>;
}

/// Reads up to `CHUNK_BYTES` from `source` (fewer only at its end).
pub async fn next_chunk(source: ContentSource<'_>) -> std::io::Result<Vec<u8>> {
    use tokio::io::AsyncReadExt;
    let mut chunk = vec![0u8; CHUNK_BYTES];
    let mut filled = 0;
    while filled < CHUNK_BYTES {
        let n = source.read(&mut chunk[filled..]).await?;
        if n == 0 {
            break;
        }
        filled += n;
    }
    chunk.truncate(filled);
    Ok(chunk)
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

            async fn store_content(
                &self,
                sha256: &str,
                size_bytes: i64,
                content: $crate::features::documents::store::ContentSource<'_>,
            ) -> StoreResult<()> {
                use $crate::db::Dialect;
                let _turn = self.write_turn().await;
                let mut tx = self.begin_write().await?;
                sqlx::query(
                    "INSERT INTO document_contents (sha256, size_bytes, complete) \
                     VALUES ($1, $2, FALSE) ON CONFLICT (sha256) DO NOTHING",
                )
                .bind(sha256)
                .bind(size_bytes)
                .execute(&mut *tx)
                .await?;
                // The content's row is locked: two servers storing it write it once.
                let (complete,): (bool,) = sqlx::query_as(&format!(
                    "SELECT complete FROM document_contents WHERE sha256 = $1{}",
                    <$store>::row_lock()
                ))
                .bind(sha256)
                .fetch_one(&mut *tx)
                .await?;
                if complete {
                    return Ok(());
                }
                sqlx::query("DELETE FROM document_chunks WHERE sha256 = $1")
                    .bind(sha256)
                    .execute(&mut *tx)
                    .await?;
                let (mut seq, mut written) = (0i32, 0i64);
                loop {
                    let chunk = $crate::features::documents::store::next_chunk(&mut *content)
                        .await
                        .map_err(|e| StoreError::Other(Box::new(e)))?;
                    if chunk.is_empty() {
                        break;
                    }
                    written += chunk.len() as i64;
                    sqlx::query("INSERT INTO document_chunks (sha256, seq, data) VALUES ($1, $2, $3)")
                        .bind(sha256)
                        .bind(seq)
                        .bind(chunk)
                        .execute(&mut *tx)
                        .await?;
                    seq += 1;
                }
                if written != size_bytes {
                    return Err(StoreError::Other(
                        format!("{written} bytes read for a content of {size_bytes}").into(),
                    ));
                }
                sqlx::query("UPDATE document_contents SET complete = TRUE WHERE sha256 = $1")
                    .bind(sha256)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn named_content_size(&self, sha256: &str) -> StoreResult<Option<i64>> {
                let row: Option<(i64,)> =
                    sqlx::query_as("SELECT size_bytes FROM documents WHERE sha256 = $1 LIMIT 1")
                        .bind(sha256)
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(row.map(|(size,)| size))
            }

            async fn add_document(
                &self,
                d: &$crate::features::documents::store::NewDocument,
                content: $crate::features::documents::store::ContentSource<'_>,
            ) -> StoreResult<$crate::features::documents::types::DocumentId> {
                use $crate::db::Dialect;
                self.store_content(&d.sha256, d.size_bytes, content).await?;
                let _turn = self.write_turn().await;
                let mut tx = self.begin_write().await?;
                // Locked against the deletion of its last other document meanwhile.
                let stored: Option<(bool,)> = sqlx::query_as(&format!(
                    "SELECT complete FROM document_contents WHERE sha256 = $1{}",
                    <$store>::row_lock()
                ))
                .bind(&d.sha256)
                .fetch_optional(&mut *tx)
                .await?;
                if !stored.is_some_and(|(complete,)| complete) {
                    return Err(StoreError::Busy(
                        "the content was deleted while the document was added".into(),
                    ));
                }
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
                .bind(whole_seconds(crate::clock::now()))
                .fetch_one(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok($crate::features::documents::types::DocumentId(id))
            }

            async fn delete_document(
                &self,
                forum: ForumId,
                id: $crate::features::documents::types::DocumentId,
            ) -> StoreResult<String> {
                use $crate::db::Dialect;
                let _turn = self.write_turn().await;
                let mut tx = self.begin_write().await?;
                let row: Option<(String,)> = sqlx::query_as(
                    "DELETE FROM documents WHERE forum_id = $1 AND id = $2 RETURNING sha256",
                )
                .bind(forum)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
                let (sha256,) = row.ok_or(StoreError::NotFound)?;
                sqlx::query(&format!(
                    "SELECT sha256 FROM document_contents WHERE sha256 = $1{}",
                    <$store>::row_lock()
                ))
                .bind(&sha256)
                .fetch_optional(&mut *tx)
                .await?;
                sqlx::query(
                    "DELETE FROM document_contents WHERE sha256 = $1 \
                     AND NOT EXISTS (SELECT 1 FROM documents WHERE sha256 = $1)",
                )
                .bind(&sha256)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(sha256)
            }

            async fn content_stored(&self, sha256: &str) -> StoreResult<bool> {
                let row: Option<(bool,)> =
                    sqlx::query_as("SELECT complete FROM document_contents WHERE sha256 = $1")
                        .bind(sha256)
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(row.is_some_and(|(complete,)| complete))
            }

            async fn content_chunk(&self, sha256: &str, seq: i64) -> StoreResult<Option<Vec<u8>>> {
                let row: Option<(Vec<u8>,)> = sqlx::query_as(
                    "SELECT data FROM document_chunks WHERE sha256 = $1 AND seq = $2",
                )
                .bind(sha256)
                .bind(seq as i32)
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map(|(data,)| data))
            }
        }
    };
}

pub(crate) use impl_document_store;
