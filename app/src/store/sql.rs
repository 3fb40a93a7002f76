//! The SQL both backends share. Placeholders are `$n`, which SQLite and PostgreSQL both accept;
//! the macro instantiates the same method bodies for each store type.

pub(super) use crate::db::FORUM_COLUMNS;

macro_rules! impl_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::Store for $store {
            fn backend(&self) -> $crate::store::Backend {
                <$store as $crate::db::Dialect>::BACKEND
            }

            async fn ping(&self) -> StoreResult<()> {
                sqlx::query("SELECT 1").execute(&self.pool).await?;
                Ok(())
            }

            async fn close(&self) {
                self.pool.close().await;
            }

            async fn migrate(&self) -> StoreResult<()> {
                self.run_migrations().await
            }

            async fn pending_migrations(&self) -> StoreResult<usize> {
                // No table yet: nothing applied.
                let applied: Vec<(i64,)> =
                    sqlx::query_as("SELECT version FROM _sqlx_migrations WHERE success")
                        .fetch_all(&self.pool)
                        .await
                        .unwrap_or_default();
                Ok(Self::migrator()
                    .iter()
                    .filter(|m| !applied.iter().any(|(v,)| *v == m.version))
                    .count())
            }

            async fn refresh_statistics(&self) -> StoreResult<()> {
                if let Some(analyze) = <$store as $crate::db::Dialect>::ANALYZE {
                    sqlx::query(analyze).execute(&self.pool).await?;
                }
                Ok(())
            }

            async fn is_empty(&self) -> StoreResult<bool> {
                let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM series")
                    .fetch_one(&self.pool)
                    .await?;
                Ok(n == 0)
            }

            async fn job_turn(&self, job: &str) -> StoreResult<Option<$crate::db::JobTurn>> {
                let Some(sql) = <$store as $crate::db::Dialect>::JOB_LOCK else {
                    return Ok(Some($crate::db::JobTurn::free()));
                };
                // A connection of its own, never returned to the pool: closing it releases the
                // lock, whatever happens to the job.
                let mut connection = self.pool.acquire().await?.detach();
                let (got,): (bool,) = sqlx::query_as(sql)
                    .bind(job)
                    .fetch_one(&mut connection)
                    .await?;
                Ok(got.then(|| $crate::db::JobTurn::holding(connection)))
            }

            async fn create_series(&self, s: &NewSeries) -> StoreResult<SeriesId> {
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO series (slug, title, description, default_locale, status, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                )
                .bind(&s.slug)
                .bind(&s.title)
                .bind(&s.description)
                .bind(&s.default_locale)
                .bind(s.status.as_str())
                .bind(whole_seconds(crate::clock::now()))
                .fetch_one(&self.pool)
                .await?;
                Ok(SeriesId(id))
            }

            async fn first_series(&self) -> StoreResult<Option<SeriesRecord>> {
                Ok(sqlx::query_as(
                    "SELECT id, slug, title, description, default_locale, status FROM series \
                     ORDER BY CASE WHEN status = 'published' THEN 0 ELSE 1 END, id LIMIT 1",
                )
                .fetch_optional(&self.pool)
                .await?)
            }

            async fn series(&self, id: SeriesId) -> StoreResult<Option<SeriesRecord>> {
                Ok(sqlx::query_as(
                    "SELECT id, slug, title, description, default_locale, status FROM series \
                     WHERE id = $1",
                )
                .bind(id)
                .fetch_optional(&self.pool)
                .await?)
            }

            async fn list_series(&self) -> StoreResult<Vec<SeriesRecord>> {
                Ok(sqlx::query_as(
                    "SELECT id, slug, title, description, default_locale, status FROM series \
                     ORDER BY id",
                )
                .fetch_all(&self.pool)
                .await?)
            }

            async fn update_series(&self, id: SeriesId, s: &NewSeries) -> StoreResult<()> {
                let done = sqlx::query(
                    "UPDATE series SET slug = $1, title = $2, description = $3, default_locale = $4 \
                     WHERE id = $5",
                )
                .bind(&s.slug)
                .bind(&s.title)
                .bind(&s.description)
                .bind(&s.default_locale)
                .bind(id)
                .execute(&self.pool)
                .await?;
                $crate::db::must_affect(done.rows_affected())
            }

            async fn set_series_status(&self, id: SeriesId, status: ForumStatus) -> StoreResult<()> {
                let done = sqlx::query("UPDATE series SET status = $1 WHERE id = $2")
                    .bind(status.as_str())
                    .bind(id)
                    .execute(&self.pool)
                    .await?;
                $crate::db::must_affect(done.rows_affected())
            }

            async fn delete_series(&self, id: SeriesId, slug: &str) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                sqlx::query(
                    "DELETE FROM translations WHERE (entity = 'forum' AND entity_id IN \
                     (SELECT id FROM forums WHERE series_id = $1)) OR (entity = 'group' AND \
                     entity_id IN (SELECT id FROM stakeholder_groups WHERE series_id = $1)) \
                     OR (entity = 'series' AND entity_id = $1)",
                )
                .bind(id)
                .execute(&mut *tx)
                .await?;
                let done = sqlx::query("DELETE FROM series WHERE id = $1 AND slug = $2")
                    .bind(id)
                    .bind(slug)
                    .execute(&mut *tx)
                    .await?;
                $crate::db::must_affect(done.rows_affected())?;
                tx.commit().await?;
                Ok(())
            }

            async fn create_stakeholder_group(
                &self,
                series: SeriesId,
                key: &str,
                name: &str,
                position: i64,
            ) -> StoreResult<StakeholderGroupId> {
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO stakeholder_groups (series_id, key, name, position) \
                     VALUES ($1, $2, $3, $4) RETURNING id",
                )
                .bind(series)
                .bind(key)
                .bind(name)
                .bind(position)
                .fetch_one(&self.pool)
                .await?;
                Ok(StakeholderGroupId(id))
            }

            async fn stakeholder_groups(
                &self,
                series: SeriesId,
            ) -> StoreResult<Vec<StakeholderGroup>> {
                Ok(sqlx::query_as(
                    "SELECT id, key, name FROM stakeholder_groups WHERE series_id = $1 \
                     ORDER BY position, id",
                )
                .bind(series)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn create_forum(&self, f: &NewForum) -> StoreResult<ForumId> {
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO forums (series_id, slug, title, description, city, country, \
                     venue, time_zone, starts_on, ends_on, capacity, status, default_locale, \
                     created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
                     RETURNING id",
                )
                .bind(f.series_id)
                .bind(&f.details.slug)
                .bind(&f.details.title)
                .bind(&f.details.description)
                .bind(&f.details.city)
                .bind(&f.details.country)
                .bind(&f.details.venue)
                .bind(&f.details.time_zone)
                .bind(f.details.starts_on)
                .bind(f.details.ends_on)
                .bind(f.details.capacity)
                .bind(f.status.as_str())
                .bind(&f.details.default_locale)
                .bind(whole_seconds(crate::clock::now()))
                .fetch_one(&self.pool)
                .await?;
                Ok(ForumId(id))
            }

            async fn list_forums(&self, published_only: bool) -> StoreResult<Vec<ForumSummary>> {
                let sql = format!(
                    "SELECT {} FROM forums WHERE ($1 = 0 OR (status = 'published' AND series_id IN \
                     (SELECT id FROM series WHERE status = 'published'))) ORDER BY starts_on, id",
                    $crate::store::sql::FORUM_COLUMNS
                );
                Ok(sqlx::query_as(&sql)
                    .bind(i64::from(published_only))
                    .fetch_all(&self.pool)
                    .await?)
            }

            async fn forum_ics_meta(&self, forum: ForumId) -> StoreResult<(i64, DateTime<Utc>)> {
                let row: Option<(i64, Option<DateTime<Utc>>, DateTime<Utc>)> = sqlx::query_as(
                    "SELECT ics_sequence, ics_modified_at, created_at FROM forums WHERE id = $1",
                )
                .bind(forum)
                .fetch_optional(&self.pool)
                .await?;
                let (sequence, modified, created) = row.ok_or(StoreError::NotFound)?;
                Ok((sequence, modified.unwrap_or(created)))
            }

            async fn forum_by_slug(&self, slug: &str) -> StoreResult<Option<ForumRecord>> {
                let sql = format!(
                    "SELECT {} FROM forums WHERE slug = $1",
                    $crate::store::sql::FORUM_COLUMNS
                );
                Ok(sqlx::query_as(&sql)
                    .bind(slug)
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn set_forum_status(&self, forum: ForumId, status: ForumStatus) -> StoreResult<()> {
                let done = sqlx::query("UPDATE forums SET status = $1 WHERE id = $2")
                    .bind(status.as_str())
                    .bind(forum)
                    .execute(&self.pool)
                    .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound);
                }
                Ok(())
            }

            async fn translations_of_kind(&self, entity: &str) -> StoreResult<Vec<Translation>> {
                Ok(sqlx::query_as(
                    "SELECT entity, entity_id, field, locale, value FROM translations \
                     WHERE entity = $1 ORDER BY entity_id, field, locale",
                )
                .bind(entity)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn set_translations(
                &self,
                entity: &str,
                entity_id: i64,
                locale: &str,
                values: &[(String, String)],
            ) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                for (field, value) in values {
                    if value.trim().is_empty() {
                        sqlx::query(
                            "DELETE FROM translations WHERE entity = $1 AND entity_id = $2 \
                             AND field = $3 AND locale = $4",
                        )
                        .bind(entity)
                        .bind(entity_id)
                        .bind(field)
                        .bind(locale)
                        .execute(&mut *tx)
                        .await?;
                    } else {
                        sqlx::query(
                            "INSERT INTO translations (entity, entity_id, field, locale, value) \
                             VALUES ($1, $2, $3, $4, $5) \
                             ON CONFLICT (entity, entity_id, field, locale) \
                             DO UPDATE SET value = excluded.value",
                        )
                        .bind(entity)
                        .bind(entity_id)
                        .bind(field)
                        .bind(locale)
                        .bind(value.trim())
                        .execute(&mut *tx)
                        .await?;
                    }
                }
                tx.commit().await?;
                Ok(())
            }

            async fn translatable(
                &self,
                entity: &str,
                forum: Option<ForumId>,
            ) -> StoreResult<Vec<$crate::store::records::TranslatableRecord>> {
                // The programme is written in its forum's default language; posts and
                // documents carry their own.
                let sql = match (entity, forum.is_some()) {
                    ("session", true) => {
                        "SELECT s.id, s.title AS heading, f.default_locale AS base_lang, \
                         s.title AS first, s.description AS second FROM agenda_sessions s \
                         JOIN forums f ON f.id = s.forum_id WHERE s.forum_id = $1 \
                         ORDER BY s.starts_at, s.id"
                    }
                    ("room", true) => {
                        "SELECT r.id, r.name AS heading, f.default_locale AS base_lang, \
                         r.name AS first, r.accessibility AS second FROM rooms r \
                         JOIN forums f ON f.id = r.forum_id WHERE r.forum_id = $1 ORDER BY r.name"
                    }
                    ("track", true) => {
                        "SELECT t.id, t.name AS heading, f.default_locale AS base_lang, \
                         t.name AS first, '' AS second FROM tracks t \
                         JOIN forums f ON f.id = t.forum_id WHERE t.forum_id = $1 ORDER BY t.name"
                    }
                    ("person", true) => {
                        "SELECT p.id, p.name AS heading, f.default_locale AS base_lang, \
                         p.title AS first, p.bio AS second FROM people p \
                         JOIN forums f ON f.id = p.forum_id WHERE p.forum_id = $1 ORDER BY p.name"
                    }
                    ("document", true) => {
                        "SELECT id, title AS heading, locale AS base_lang, title AS first, \
                         '' AS second FROM documents WHERE forum_id = $1 ORDER BY title, id"
                    }
                    ("announcement", true) => {
                        "SELECT id, title AS heading, locale AS base_lang, title AS first, \
                         body AS second FROM announcements WHERE forum_id = $1 \
                         ORDER BY published_at DESC, id"
                    }
                    ("announcement", false) => {
                        "SELECT id, title AS heading, locale AS base_lang, title AS first, \
                         body AS second FROM announcements WHERE forum_id IS NULL \
                         ORDER BY published_at DESC, id"
                    }
                    _ => return Ok(Vec::new()),
                };
                let query = sqlx::query_as(sql);
                let query = match forum {
                    Some(forum) => query.bind(forum),
                    None => query,
                };
                Ok(query.fetch_all(&self.pool).await?)
            }

            async fn entity_forum(
                &self,
                entity: &str,
                id: i64,
            ) -> StoreResult<Option<Option<ForumId>>> {
                let sql = match entity {
                    "forum" => "SELECT id AS forum_id FROM forums WHERE id = $1",
                    "series" => "SELECT CAST(NULL AS BIGINT) AS forum_id FROM series WHERE id = $1",
                    "group" => "SELECT CAST(NULL AS BIGINT) AS forum_id FROM stakeholder_groups WHERE id = $1",
                    "session" => "SELECT forum_id FROM agenda_sessions WHERE id = $1",
                    "room" => "SELECT forum_id FROM rooms WHERE id = $1",
                    "track" => "SELECT forum_id FROM tracks WHERE id = $1",
                    "person" => "SELECT forum_id FROM people WHERE id = $1",
                    "announcement" => "SELECT forum_id FROM announcements WHERE id = $1",
                    "document" => "SELECT forum_id FROM documents WHERE id = $1",
                    _ => return Ok(None),
                };
                let row: Option<(Option<ForumId>,)> = sqlx::query_as(sql)
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(row.map(|(forum,)| forum))
            }

            async fn entity_series(&self, entity: &str, id: i64) -> StoreResult<Option<SeriesId>> {
                let sql = match entity {
                    "series" => "SELECT id FROM series WHERE id = $1",
                    "group" => "SELECT series_id FROM stakeholder_groups WHERE id = $1",
                    "announcement" => "SELECT series_id FROM announcements WHERE id = $1",
                    _ => return Ok(None),
                };
                let row: Option<(SeriesId,)> = sqlx::query_as(sql)
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(row.map(|(series,)| series))
            }

            async fn set_forum_default_locale(&self, forum: ForumId, locale: &str) -> StoreResult<()> {
                let done = sqlx::query("UPDATE forums SET default_locale = $1 WHERE id = $2")
                    .bind(locale)
                    .bind(forum)
                    .execute(&self.pool)
                    .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound);
                }
                Ok(())
            }

            async fn update_forum(&self, forum: ForumId, f: &NewForum) -> StoreResult<()> {
                let done = sqlx::query(
                    "UPDATE forums SET slug = $1, title = $2, description = $3, city = $4, \
                     country = $5, venue = $6, time_zone = $7, starts_on = $8, ends_on = $9, \
                     capacity = $10, default_locale = $11, series_id = $13, \
                     ics_sequence = ics_sequence + CASE WHEN title <> $2 OR city <> $4 OR venue <> $6 \
                     OR time_zone <> $7 OR starts_on <> $8 OR ends_on <> $9 THEN 1 ELSE 0 END, \
                     ics_modified_at = $14 WHERE id = $12",
                )
                .bind(&f.details.slug)
                .bind(&f.details.title)
                .bind(&f.details.description)
                .bind(&f.details.city)
                .bind(&f.details.country)
                .bind(&f.details.venue)
                .bind(&f.details.time_zone)
                .bind(f.details.starts_on)
                .bind(f.details.ends_on)
                .bind(f.details.capacity)
                .bind(&f.details.default_locale)
                .bind(forum)
                .bind(f.series_id)
                .bind(whole_seconds(crate::clock::now()))
                .execute(&self.pool)
                .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound);
                }
                Ok(())
            }

            async fn delete_forum(&self, forum: ForumId, slug: &str) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                let done = sqlx::query("DELETE FROM forums WHERE id = $1 AND slug = $2")
                    .bind(forum)
                    .bind(slug)
                    .execute(&mut *tx)
                    .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound);
                }
                sqlx::query("DELETE FROM translations WHERE entity = 'forum' AND entity_id = $1")
                    .bind(forum)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(())
            }
        }
    };
}

pub(super) use impl_store;
