//! The organiser's view of a forum's registrations: the filtered, paged list, the counts per
//! group and status, and every answer (for the export).

use super::types::RegistrationStatus;
use crate::db::StoreResult;
use crate::features::forums::types::ForumId;
use async_trait::async_trait;

#[async_trait]
pub trait ListStore {
    async fn confirmed_counts(
        &self,
        forum: ForumId,
    ) -> StoreResult<crate::features::registration::seats::Taken>;
    /// The confirmed seats per group as the database keeps them (`confirmed_counts`, what seat
    /// decisions read), groups at zero left out.
    async fn kept_confirmed_counts(
        &self,
        forum: ForumId,
    ) -> StoreResult<crate::features::registration::seats::Taken>;
    /// One page of the filtered list and the number of matching registrations.
    async fn list_registrations(
        &self,
        forum: ForumId,
        filter: &super::types::RegistrationFilter,
        limit: i64,
        offset: i64,
    ) -> StoreResult<(Vec<super::types::RegistrationRow>, i64)>;
    /// (group, status, count) of every registration.
    async fn status_counts(&self, forum: ForumId) -> StoreResult<Vec<(i64, String, i64)>>;
    /// (registration, question, value) of every registration of a forum.
    async fn forum_answers(&self, forum: ForumId) -> StoreResult<Vec<(i64, i64, String)>>;
}

/// The WHERE clause (after `forum_id = $1`) and ORDER BY of a list filter, with its bound values
/// from `$2` on. Only fixed SQL text is built; every value is bound.
pub fn filter_sql(
    filter: &super::types::RegistrationFilter,
) -> (String, Vec<String>, &'static str) {
    let mut clauses = String::new();
    let mut values = Vec::new();
    let next = |values: &mut Vec<String>, v: String| {
        values.push(v);
        values.len() + 1
    };
    let q = filter.q.trim().to_lowercase();
    if !q.is_empty() {
        let n = next(&mut values, format!("%{}%", q.replace(['%', '_'], "")));
        clauses.push_str(&format!(
            " AND (LOWER(full_name) LIKE ${n} OR email LIKE ${n} OR LOWER(organisation) LIKE ${n})"
        ));
    }
    if RegistrationStatus::try_from(filter.status.clone()).is_ok() {
        let n = next(&mut values, filter.status.clone());
        clauses.push_str(&format!(" AND status = ${n}"));
    }
    if let Ok(group) = filter.group.trim().parse::<i64>() {
        let n = next(&mut values, group.to_string());
        clauses.push_str(&format!(" AND CAST(group_id AS TEXT) = ${n}"));
    }
    if !filter.country.trim().is_empty() {
        let n = next(&mut values, filter.country.trim().to_string());
        clauses.push_str(&format!(" AND country = ${n}"));
    }
    let order = match filter.sort.as_str() {
        "oldest" => "created_at, id",
        "name" => "LOWER(full_name), id",
        "organisation" => "LOWER(organisation), id",
        _ => "created_at DESC, id DESC",
    };
    (clauses, values, order)
}

macro_rules! impl_list_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::features::registration::list_store::ListStore for $store {
            async fn confirmed_counts(&self, forum: ForumId) -> StoreResult<$crate::features::registration::seats::Taken> {
                // Counted from the registrations themselves (the seat decisions read the
                // counters the database keeps; the tests compare the two).
                let counts: Vec<(i64, i64)> = sqlx::query_as(
                    "SELECT group_id, COUNT(*) FROM registrations WHERE forum_id = $1 \
                     AND status = 'confirmed' GROUP BY group_id",
                )
                .bind(forum)
                .fetch_all(&self.pool)
                .await?;
                Ok(counts.into_iter().map(|(g, n)| (g, n.max(0) as u32)).collect())
            }

            async fn kept_confirmed_counts(&self, forum: ForumId) -> StoreResult<$crate::features::registration::seats::Taken> {
                let counts: Vec<(i64, i64)> = sqlx::query_as(
                    "SELECT group_id, confirmed FROM confirmed_counts WHERE forum_id = $1 AND confirmed <> 0",
                )
                .bind(forum)
                .fetch_all(&self.pool)
                .await?;
                Ok(counts.into_iter().map(|(g, n)| (g, n.max(0) as u32)).collect())
            }

            async fn list_registrations(
                &self,
                forum: ForumId,
                filter: &$crate::features::registration::types::RegistrationFilter,
                limit: i64,
                offset: i64,
            ) -> StoreResult<(Vec<$crate::features::registration::types::RegistrationRow>, i64)> {
                let (clauses, values, order) = $crate::features::registration::list_store::filter_sql(filter);
                let count_sql = format!("SELECT COUNT(*) FROM registrations WHERE forum_id = $1{clauses}");
                let mut count = sqlx::query_as::<_, (i64,)>(&count_sql).bind(forum);
                for v in &values {
                    count = count.bind(v);
                }
                let (total,) = count.fetch_one(&self.pool).await?;
                let n = values.len() + 2;
                let list_sql = format!(
                    "SELECT id, full_name, email, organisation, position, country, group_id, status, \
                     accessibility, dietary, created_at FROM registrations WHERE forum_id = $1{clauses} \
                     ORDER BY {order} LIMIT ${n} OFFSET ${}",
                    n + 1
                );
                let mut list = sqlx::query_as(&list_sql).bind(forum);
                for v in &values {
                    list = list.bind(v);
                }
                let rows = list.bind(limit).bind(offset).fetch_all(&self.pool).await?;
                Ok((rows, total))
            }

            async fn status_counts(&self, forum: ForumId) -> StoreResult<Vec<(i64, String, i64)>> {
                Ok(sqlx::query_as(
                    "SELECT group_id, status, COUNT(*) FROM registrations WHERE forum_id = $1 GROUP BY group_id, status",
                )
                .bind(forum)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn forum_answers(&self, forum: ForumId) -> StoreResult<Vec<(i64, i64, String)>> {
                Ok(sqlx::query_as(
                    "SELECT a.registration_id, a.question_id, a.value FROM answers a \
                     JOIN registrations r ON r.id = a.registration_id WHERE r.forum_id = $1",
                )
                .bind(forum)
                .fetch_all(&self.pool)
                .await?)
            }
        }
    };
}
pub(crate) use impl_list_store;
