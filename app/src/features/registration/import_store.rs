//! Imported spreadsheets kept between the check and the import (a day at most: they hold
//! people's addresses), and the import itself: every new invitation and its email in one
//! transaction, or none.

use crate::db::StoreResult;
use crate::features::registration::records::Outgoing;
use crate::ids::ForumId;
use chrono::{DateTime, Utc};

/// One invitation of an import, with its code's salt and hash and its email.
pub struct ImportedInvitation {
    pub salt: String,
    pub code_hash: String,
    pub full_name: String,
    pub email: String,
    pub organisation: String,
    pub group: Option<i64>,
    pub locale: String,
    pub note: String,
    pub mail: Option<Outgoing>,
}

#[async_trait::async_trait]
pub trait ImportStore {
    /// Keeps an uploaded file for its check; files older than a day go at the same time.
    async fn save_import_file(
        &self,
        forum: ForumId,
        kind: &str,
        name: &str,
        bytes: &[u8],
        account: Option<i64>,
        at: DateTime<Utc>,
    ) -> StoreResult<i64>;
    /// (file name, bytes) of one of the forum's kept files.
    async fn import_file(
        &self,
        forum: ForumId,
        kind: &str,
        id: i64,
    ) -> StoreResult<Option<(String, Vec<u8>)>>;
    /// The addresses already invited to the forum and those registered (not erased).
    async fn known_addresses(&self, forum: ForumId) -> StoreResult<(Vec<String>, Vec<String>)>;
    /// Writes every invitation and queues its email, then forgets the file, in one
    /// transaction: `false` (and nothing written) when the file was imported meanwhile.
    async fn import_invitations(
        &self,
        forum: ForumId,
        file: i64,
        rows: &[ImportedInvitation],
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;
}

macro_rules! impl_import_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::features::registration::import_store::ImportStore for $store {
            async fn save_import_file(
                &self,
                forum: $crate::ids::ForumId,
                kind: &str,
                name: &str,
                bytes: &[u8],
                account: Option<i64>,
                at: DateTime<Utc>,
            ) -> StoreResult<i64> {
                sqlx::query("DELETE FROM import_files WHERE created_at < $1")
                    .bind(whole_seconds(at - chrono::Duration::days(1)))
                    .execute(&self.pool)
                    .await?;
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO import_files (forum_id, kind, file_name, bytes, created_by, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                )
                .bind(forum)
                .bind(kind)
                .bind(name)
                .bind(bytes)
                .bind(account)
                .bind(whole_seconds(at))
                .fetch_one(&self.pool)
                .await?;
                Ok(id)
            }

            async fn import_file(
                &self,
                forum: $crate::ids::ForumId,
                kind: &str,
                id: i64,
            ) -> StoreResult<Option<(String, Vec<u8>)>> {
                Ok(sqlx::query_as(
                    "SELECT file_name, bytes FROM import_files WHERE id = $1 AND forum_id = $2 AND kind = $3",
                )
                .bind(id)
                .bind(forum)
                .bind(kind)
                .fetch_optional(&self.pool)
                .await?)
            }

            async fn known_addresses(
                &self,
                forum: $crate::ids::ForumId,
            ) -> StoreResult<(Vec<String>, Vec<String>)> {
                let invited: Vec<(String,)> = sqlx::query_as(
                    "SELECT email FROM invitations WHERE forum_id = $1 AND email <> ''",
                )
                .bind(forum)
                .fetch_all(&self.pool)
                .await?;
                let registered: Vec<(String,)> = sqlx::query_as(
                    "SELECT email FROM registrations WHERE forum_id = $1 AND erased_at IS NULL",
                )
                .bind(forum)
                .fetch_all(&self.pool)
                .await?;
                Ok((
                    invited.into_iter().map(|(e,)| e).collect(),
                    registered.into_iter().map(|(e,)| e).collect(),
                ))
            }

            async fn import_invitations(
                &self,
                forum: $crate::ids::ForumId,
                file: i64,
                rows: &[$crate::features::registration::import_store::ImportedInvitation],
                at: DateTime<Utc>,
            ) -> StoreResult<bool> {
                let _turn = self.write_turn().await;
                let at = whole_seconds(at);
                let mut tx = self.begin_write().await?;
                // The file is the claim: a second import of it finds it gone and writes nothing.
                let gone = sqlx::query("DELETE FROM import_files WHERE id = $1 AND forum_id = $2")
                    .bind(file)
                    .bind(forum)
                    .execute(&mut *tx)
                    .await?;
                if gone.rows_affected() == 0 {
                    return Ok(false);
                }
                for row in rows {
                    sqlx::query(
                        "INSERT INTO invitations (forum_id, salt, code_hash, full_name, email, group_id, \
                         organisation, locale, note, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                    )
                    .bind(forum)
                    .bind(&row.salt)
                    .bind(&row.code_hash)
                    .bind(&row.full_name)
                    .bind(&row.email)
                    .bind(row.group)
                    .bind(&row.organisation)
                    .bind(&row.locale)
                    .bind(&row.note)
                    .bind(at)
                    .execute(&mut *tx)
                    .await?;
                    if let Some(mail) = &row.mail {
                        Self::queue_in(&mut tx, mail, at).await?;
                    }
                }
                tx.commit().await?;
                Ok(true)
            }
        }
    };
}
pub(crate) use impl_import_store;
