//! Writing a partner's registrations: every row through the seat rules in one transaction with
//! the forum locked (as the form's registrations), each recorded with the account that
//! imported it, the kept file forgotten in the same transaction; or nothing at all.

use crate::db::StoreResult;
use crate::features::registration::records::RegistrationInsert;
use crate::features::registration::seats::{SeatPlan, Taken};
use crate::features::registration::types::RegistrationStatus;
use crate::ids::ForumId;
use chrono::{DateTime, Utc};

/// Why an import wrote nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportRefusal {
    /// The file was imported meanwhile (or is no longer kept).
    Done,
    /// The row on this line gets no seat and the forum keeps no waiting list.
    Full(usize),
    /// The address on this line registered meanwhile.
    Registered(usize),
}

/// One row to write, with its line in the file.
pub struct PartnerRow<'a> {
    pub line: usize,
    pub insert: RegistrationInsert<'a>,
}

#[async_trait::async_trait]
pub trait PartnerStore {
    /// The forum's seat plan, waiting-list flag and seats taken now (for the dry run).
    async fn seat_preview(&self, forum: ForumId) -> StoreResult<(SeatPlan, bool, Taken)>;
    /// Writes every row (status by the seat rules, in order) and forgets the file, or nothing.
    async fn import_registrations(
        &self,
        forum: ForumId,
        file: i64,
        rows: &[PartnerRow<'_>],
        account: Option<i64>,
        at: DateTime<Utc>,
        compose: crate::features::registration::mail::Compose<'_>,
    ) -> StoreResult<Result<Vec<(i64, RegistrationStatus)>, ImportRefusal>>;
}

macro_rules! impl_partner_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::features::registration::partner_store::PartnerStore for $store {
            async fn seat_preview(
                &self,
                forum: ForumId,
            ) -> StoreResult<(
                $crate::features::registration::seats::SeatPlan,
                bool,
                $crate::features::registration::seats::Taken,
            )> {
                let mut tx = self.pool.begin().await?;
                let state = Self::seat_state(&mut tx, forum, crate::clock::now()).await?;
                tx.rollback().await?;
                Ok(state)
            }

            async fn import_registrations(
                &self,
                forum: ForumId,
                file: i64,
                rows: &[$crate::features::registration::partner_store::PartnerRow<'_>],
                account: Option<i64>,
                at: DateTime<Utc>,
                compose: $crate::features::registration::mail::Compose<'_>,
            ) -> StoreResult<
                Result<
                    Vec<(i64, $crate::features::registration::types::RegistrationStatus)>,
                    $crate::features::registration::partner_store::ImportRefusal,
                >,
            > {
                use $crate::features::registration::partner_store::ImportRefusal;
                use $crate::features::registration::seats::Decision;
                use $crate::features::registration::types::RegistrationStatus;
                let at = whole_seconds(at);
                let mut ids = Vec::with_capacity(rows.len());
                for _ in rows {
                    ids.push(self.next_registration_id().await?);
                }
                let _turn = self.write_turn().await;
                let mut tx = self.begin_write().await?;
                let (plan, waiting_list, mut taken) = Self::seat_state(&mut tx, forum, at).await?;
                let claimed = sqlx::query(
                    "DELETE FROM import_files WHERE id = $1 AND forum_id = $2 AND kind = 'registrations'",
                )
                .bind(file)
                .bind(forum)
                .execute(&mut *tx)
                .await?;
                if claimed.rows_affected() != 1 {
                    return Ok(Err(ImportRefusal::Done));
                }
                let mut written = Vec::with_capacity(rows.len());
                for (row, id) in rows.iter().zip(ids) {
                    let known: Option<(i64,)> = sqlx::query_as(
                        "SELECT id FROM registrations WHERE forum_id = $1 AND email = $2",
                    )
                    .bind(forum)
                    .bind(row.insert.form.email.as_str())
                    .fetch_optional(&mut *tx)
                    .await?;
                    if known.is_some() {
                        return Ok(Err(ImportRefusal::Registered(row.line)));
                    }
                    let status = match plan.take(&mut taken, row.insert.form.group_id.0) {
                        Decision::Seat => RegistrationStatus::Confirmed,
                        Decision::NoSeat if waiting_list => RegistrationStatus::Waiting,
                        Decision::NoSeat => return Ok(Err(ImportRefusal::Full(row.line))),
                    };
                    let Some(record) =
                        Self::write_registration(&mut tx, id, &row.insert, status, at, compose).await?
                    else {
                        return Ok(Err(ImportRefusal::Registered(row.line)));
                    };
                    sqlx::query("UPDATE registrations SET imported_by = $1 WHERE id = $2")
                        .bind(account)
                        .bind(record.id.0)
                        .execute(&mut *tx)
                        .await?;
                    written.push((record.id.0, status));
                }
                tx.commit().await?;
                Ok(Ok(written))
            }
        }
    };
}
pub(crate) use impl_partner_store;
