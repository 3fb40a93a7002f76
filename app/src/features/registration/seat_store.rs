//! Reading a forum's seats inside a transaction that has locked the forum, and promoting from
//! the waiting list whoever the freed seats now allow: the counts the rules of `seats.rs` see are
//! the counts the transaction changes.

macro_rules! impl_seat_store {
    ($store:ty, $db:ty) => {
        impl $store {
            /// Locks the forum's row and reads its seat plan, waiting-list flag and counts.
            pub(crate) async fn seat_state<'c>(
                tx: &mut sqlx::Transaction<'c, $db>,
                forum: ForumId,
                now: DateTime<Utc>,
            ) -> StoreResult<($crate::features::registration::seats::SeatPlan, bool, $crate::features::registration::seats::Taken)> {
                Self::seat_state_for(tx, forum, now, None).await
            }

            /// `seat_state` for a registration through `invitation` (whose own held place is
            /// then not counted against it). In an invitation-only forum open invitations hold
            /// their places in their groups' reservations until the answer-by date.
            pub(crate) async fn seat_state_for<'c>(
                tx: &mut sqlx::Transaction<'c, $db>,
                forum: ForumId,
                now: DateTime<Utc>,
                invitation: Option<i64>,
            ) -> StoreResult<($crate::features::registration::seats::SeatPlan, bool, $crate::features::registration::seats::Taken)> {
                let sql = format!(
                    "SELECT capacity, waiting_list, reservations_release_at, registration_mode, \
                     invitations_answer_by FROM forums WHERE id = $1{}",
                    <$store as $crate::db::Dialect>::row_lock()
                );
                #[allow(clippy::type_complexity)]
                let (capacity, waiting, release, mode, answer_by): (i64, bool, Option<DateTime<Utc>>, String, Option<DateTime<Utc>>) =
                    sqlx::query_as(&sql).bind(forum).fetch_optional(&mut **tx).await?.ok_or(StoreError::NotFound)?;
                // Quotas (kind 0) and confirmed seats per group (kind 1) in one round trip: this
                // runs while the forum is locked, so every round trip counts.
                let rows: Vec<(i64, i64, i64, Option<i64>)> = sqlx::query_as(
                    "SELECT CAST(0 AS BIGINT), group_id, reserved, cap FROM group_quotas WHERE forum_id = $1 \
                     UNION ALL SELECT CAST(1 AS BIGINT), group_id, confirmed, NULL FROM confirmed_counts \
                     WHERE forum_id = $1",
                )
                .bind(forum)
                .fetch_all(&mut **tx)
                .await?;
                let quotas: Vec<(i64, i64, Option<i64>)> =
                    rows.iter().filter(|r| r.0 == 0).map(|r| (r.1, r.2, r.3)).collect();
                let counts: Vec<(i64, i64)> = rows.iter().filter(|r| r.0 == 1).map(|r| (r.1, r.2)).collect();
                let released = release.is_some_and(|r| r <= now);
                let plan = $crate::features::registration::store::plan_of(capacity, released, &quotas);
                let taken = counts.into_iter().map(|(g, n)| (g, n.max(0) as u32)).collect();
                let holding = mode == "invitation" && !released && answer_by.is_none_or(|by| by > now);
                if !holding {
                    return Ok((plan, waiting, taken));
                }
                let holds = Self::holds_in(tx, forum, invitation).await?;
                let taken = plan.with_holds(&taken, &holds);
                Ok((plan, waiting, taken))
            }

            /// Open invitations per group (less `except`): the places they hold.
            async fn holds_in<'c>(
                tx: &mut sqlx::Transaction<'c, $db>,
                forum: ForumId,
                except: Option<i64>,
            ) -> StoreResult<$crate::features::registration::seats::Taken> {
                let rows: Vec<(i64, i64)> = sqlx::query_as(
                    "SELECT group_id, COUNT(*) FROM invitations WHERE forum_id = $1 AND state = 'invited' \
                     AND registration_id IS NULL AND group_id IS NOT NULL AND id <> $2 GROUP BY group_id",
                )
                .bind(forum)
                .bind(except.unwrap_or(0))
                .fetch_all(&mut **tx)
                .await?;
                Ok(rows.into_iter().map(|(g, n)| (g, n.max(0) as u32)).collect())
            }

            /// Promotes whoever the seats freed in this transaction now allow, oldest waiting
            /// first by the seat rules, and queues each one's email. The forum must be locked.
            pub(crate) async fn promote_in<'c>(
                tx: &mut sqlx::Transaction<'c, $db>,
                forum: ForumId,
                plan: &$crate::features::registration::seats::SeatPlan,
                now: DateTime<Utc>,
                compose: $crate::features::registration::store::Compose<'_>,
            ) -> StoreResult<Vec<i64>> {
                use $crate::features::registration::mail::Message;
                use $crate::features::registration::types::RegistrationId;
                // Kept by the database as registrations change (`confirmed_counts`).
                let counts: Vec<(i64, i64)> = sqlx::query_as(
                    "SELECT group_id, confirmed FROM confirmed_counts WHERE forum_id = $1",
                )
                .bind(forum)
                .fetch_all(&mut **tx)
                .await?;
                let mut taken = counts.into_iter().map(|(g, n)| (g, n.max(0) as u32)).collect();
                // Places held for open invitations are not for the waiting list.
                let holding: Option<(String, Option<DateTime<Utc>>)> = sqlx::query_as(
                    "SELECT registration_mode, invitations_answer_by FROM forums WHERE id = $1",
                )
                .bind(forum)
                .fetch_optional(&mut **tx)
                .await?;
                if holding.is_some_and(|(mode, by)| mode == "invitation" && by.is_none_or(|by| by > now)) {
                    taken = plan.with_holds(&taken, &Self::holds_in(tx, forum, None).await?);
                }
                let waiting: Vec<(i64, i64)> = sqlx::query_as(
                    "SELECT id, group_id FROM registrations WHERE forum_id = $1 AND status = 'waiting' \
                     ORDER BY created_at, id",
                )
                .bind(forum)
                .fetch_all(&mut **tx)
                .await?;
                let promoted = plan.promotions(&taken, &waiting);
                for who in &promoted {
                    sqlx::query("UPDATE registrations SET status = 'confirmed', updated_at = $1 WHERE id = $2")
                        .bind(now)
                        .bind(who)
                        .execute(&mut **tx)
                        .await?;
                    let record = Self::record_in(tx, RegistrationId(*who)).await?;
                    if let Some(mail) = compose(&record, Message::Promoted) {
                        Self::queue_in(tx, &mail, now).await?;
                    }
                }
                Ok(promoted)
            }
        }
    };
}
pub(crate) use impl_seat_store;
