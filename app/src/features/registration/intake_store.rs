//! How people may register for a forum: its mode (open, approval, invitation only), the personal
//! invitations (only a hash of each code is stored) and the forum's own questions.

use super::questions::QuestionRecord;
use super::records::{InvitationInsert, InvitationRecord};
use crate::db::StoreResult;
use crate::features::forums::types::ForumId;
use async_trait::async_trait;

#[async_trait]
pub trait IntakeStore {
    async fn set_registration_mode(
        &self,
        forum: ForumId,
        mode: super::types::RegistrationMode,
    ) -> StoreResult<()>;
    async fn registration_mode(
        &self,
        forum: ForumId,
    ) -> StoreResult<super::types::RegistrationMode>;
    async fn create_invitation(&self, new: &InvitationInsert<'_>) -> StoreResult<i64>;
    async fn invitations(&self, forum: ForumId) -> StoreResult<Vec<InvitationRecord>>;
    async fn invitation_by_code(&self, code_hash: &str) -> StoreResult<Option<InvitationRecord>>;
    /// Deletes an invitation nobody has used yet.
    async fn delete_invitation(&self, forum: ForumId, id: i64) -> StoreResult<()>;
    async fn questions(&self, forum: ForumId) -> StoreResult<Vec<QuestionRecord>>;
    async fn add_question(&self, forum: ForumId, question: &QuestionRecord) -> StoreResult<i64>;
    async fn delete_question(&self, forum: ForumId, id: i64) -> StoreResult<()>;
}

macro_rules! impl_intake_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::features::registration::intake_store::IntakeStore for $store {
            async fn set_registration_mode(
                &self,
                forum: ForumId,
                mode: $crate::features::registration::types::RegistrationMode,
            ) -> StoreResult<()> {
                let done = sqlx::query("UPDATE forums SET registration_mode = $1 WHERE id = $2")
                    .bind(mode.as_str())
                    .bind(forum)
                    .execute(&self.pool)
                    .await?;
                $crate::db::must_affect(done.rows_affected())
            }

            async fn registration_mode(
                &self,
                forum: ForumId,
            ) -> StoreResult<$crate::features::registration::types::RegistrationMode> {
                let mode: Option<(String,)> = sqlx::query_as("SELECT registration_mode FROM forums WHERE id = $1")
                    .bind(forum)
                    .fetch_optional(&self.pool)
                    .await?;
                let (mode,) = mode.ok_or(StoreError::NotFound)?;
                Ok($crate::features::registration::types::RegistrationMode::parse(&mode).unwrap_or_default())
            }

            async fn create_invitation(
                &self,
                new: &$crate::features::registration::store::InvitationInsert<'_>,
            ) -> StoreResult<i64> {
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO invitations (forum_id, salt, code_hash, full_name, email, group_id, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                )
                .bind(new.forum)
                .bind(new.salt)
                .bind(new.code_hash)
                .bind(new.full_name)
                .bind(new.email)
                .bind(new.group)
                .bind(whole_seconds(crate::clock::now()))
                .fetch_one(&self.pool)
                .await?;
                Ok(id)
            }

            async fn invitations(
                &self,
                forum: ForumId,
            ) -> StoreResult<Vec<$crate::features::registration::store::InvitationRecord>> {
                let sql = format!(
                    "SELECT {} FROM invitations WHERE forum_id = $1 ORDER BY id DESC",
                    $crate::features::registration::records::INVITATION
                );
                Ok(sqlx::query_as(&sql)
                .bind(forum)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn invitation_by_code(
                &self,
                code_hash: &str,
            ) -> StoreResult<Option<$crate::features::registration::store::InvitationRecord>> {
                let sql = format!(
                    "SELECT {} FROM invitations WHERE code_hash = $1",
                    $crate::features::registration::records::INVITATION
                );
                Ok(sqlx::query_as(&sql)
                .bind(code_hash)
                .fetch_optional(&self.pool)
                .await?)
            }

            async fn delete_invitation(&self, forum: ForumId, id: i64) -> StoreResult<()> {
                let done = sqlx::query(
                    "DELETE FROM invitations WHERE id = $1 AND forum_id = $2 AND registration_id IS NULL",
                )
                .bind(id)
                .bind(forum)
                .execute(&self.pool)
                .await?;
                $crate::db::must_affect(done.rows_affected())
            }

            async fn questions(
                &self,
                forum: ForumId,
            ) -> StoreResult<Vec<$crate::features::registration::store::QuestionRecord>> {
                Ok(sqlx::query_as(
                    "SELECT id, kind, required, position, label, options FROM questions \
                     WHERE forum_id = $1 ORDER BY position, id",
                )
                .bind(forum)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn add_question(
                &self,
                forum: ForumId,
                q: &$crate::features::registration::store::QuestionRecord,
            ) -> StoreResult<i64> {
                let mut tx = self.begin_write().await?;
                let (next,): (i64,) = sqlx::query_as(
                    "SELECT COALESCE(MAX(position), 0) + 1 FROM questions WHERE forum_id = $1",
                )
                .bind(forum)
                .fetch_one(&mut *tx)
                .await?;
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO questions (forum_id, kind, required, position, label, options) \
                     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                )
                .bind(forum)
                .bind(&q.kind)
                .bind(q.required)
                .bind(next)
                .bind(&q.label)
                .bind(&q.options)
                .fetch_one(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(id)
            }

            async fn delete_question(&self, forum: ForumId, id: i64) -> StoreResult<()> {
                let done = sqlx::query("DELETE FROM questions WHERE id = $1 AND forum_id = $2")
                    .bind(id)
                    .bind(forum)
                    .execute(&self.pool)
                    .await?;
                $crate::db::must_affect(done.rows_affected())
            }
        }
    };
}
pub(crate) use impl_intake_store;
