//! What a translation screen lists (the records of a scope with their base texts
//! and stored translations), and how many texts lack a translation.

use super::translations::{pick_target, MissingCount, TranslationPage};
use crate::error::AppError;
use leptos::prelude::*;

/// Server side: the records of a scope.
#[cfg(feature = "ssr")]
pub mod scope {
    use super::super::translations::{
        count_missing, fields_of, is_multiline, FieldSheet, MissingCount, FORUM_KINDS,
    };
    use super::super::translations::{TextRecord as Record, TranslationPage, TranslationSheet};
    use crate::error::AppError;
    use crate::features::forums::content::Texts;
    use crate::store::records::{ForumRecord, SeriesRecord};
    use crate::store::Store;
    use std::collections::BTreeMap;

    /// The records of a scope, in screen order, with every stored translation of their kinds.
    pub struct Scope {
        pub title: String,
        pub base_lang: String,
        pub forum_id: Option<i64>,
        pub records: Vec<Record>,
        texts: BTreeMap<&'static str, Texts>,
    }

    fn record(
        entity: &'static str,
        id: i64,
        heading: String,
        base_lang: String,
        values: [&str; 2],
    ) -> Record {
        Record {
            entity,
            id,
            heading,
            base_lang,
            fields: fields_of(entity)
                .iter()
                .zip(values)
                .map(|((field, _), value)| (field.to_string(), value.to_string()))
                .collect(),
        }
    }

    async fn stored(
        store: &dyn Store,
        kind: &'static str,
        forum: Option<crate::ids::ForumId>,
    ) -> Result<Vec<Record>, AppError> {
        Ok(store
            .translatable(kind, forum)
            .await?
            .into_iter()
            .map(|r| record(kind, r.id, r.heading, r.base_lang, [&r.first, &r.second]))
            .collect())
    }

    impl Scope {
        /// The series, its groups and its series-wide announcements.
        pub async fn series(store: &dyn Store, series: SeriesRecord) -> Result<Self, AppError> {
            let lang = series.default_locale.clone();
            let mut records = vec![record(
                "series",
                series.id.0,
                series.title.clone(),
                lang.clone(),
                [&series.title, &series.description],
            )];
            for g in store.stakeholder_groups(series.id).await? {
                records.push(record(
                    "group",
                    g.id.0,
                    g.name.clone(),
                    lang.clone(),
                    [&g.name, ""],
                ));
            }
            // Series-wide posts of this series only (each belongs to the series it was written in).
            for post in stored(store, "announcement", None).await? {
                if store.entity_series("announcement", post.id).await? == Some(series.id) {
                    records.push(post);
                }
            }
            Self::with_texts(store, series.title, lang, None, records).await
        }

        /// The forum, its programme and its news.
        pub async fn forum(store: &dyn Store, forum: ForumRecord) -> Result<Self, AppError> {
            let lang = forum.summary.default_locale.clone();
            let id = forum.summary.id;
            let mut records = vec![record(
                "forum",
                id.0,
                forum.summary.title.clone(),
                lang.clone(),
                [&forum.summary.title, &forum.description],
            )];
            for kind in FORUM_KINDS {
                records.extend(stored(store, kind, Some(id)).await?);
            }
            Self::with_texts(store, forum.summary.title, lang, Some(id.0), records).await
        }

        async fn with_texts(
            store: &dyn Store,
            title: String,
            base_lang: String,
            forum_id: Option<i64>,
            records: Vec<Record>,
        ) -> Result<Self, AppError> {
            let mut texts = BTreeMap::new();
            for r in &records {
                if !texts.contains_key(r.entity) {
                    texts.insert(r.entity, Texts::load(store, r.entity).await?);
                }
            }
            Ok(Self {
                title,
                base_lang,
                forum_id,
                records,
                texts,
            })
        }

        fn value(&self, entity: &str, id: i64, field: &str, locale: &str) -> String {
            self.texts
                .get(entity)
                .map(|t| t.raw(id, field, locale))
                .unwrap_or_default()
        }

        /// How many texts lack a translation, per language.
        /// How many texts lack a translation, per language other than the scope's own.
        pub fn missing(&self) -> Vec<MissingCount> {
            let mut counts = count_missing(&self.records, |entity, id, field, locale| {
                !self.value(entity, id, field, locale).trim().is_empty()
            });
            counts.retain(|c| c.locale != self.base_lang);
            counts
        }

        /// The screen for `target` (records written in `target` are left out).
        pub fn page(self, target: &str) -> TranslationPage {
            let missing = self.missing();
            let sheets = self
                .records
                .iter()
                .filter(|r| r.base_lang != target)
                .map(|r| TranslationSheet {
                    entity: r.entity.to_string(),
                    entity_id: r.id,
                    heading: r.heading.clone(),
                    base_lang: r.base_lang.clone(),
                    fields: r
                        .fields
                        .iter()
                        .filter(|(_, base)| !base.trim().is_empty())
                        .map(|(field, base)| FieldSheet {
                            field: field.clone(),
                            base: base.clone(),
                            multiline: is_multiline(field),
                            value: self.value(r.entity, r.id, field, target),
                        })
                        .collect(),
                })
                .filter(|s| !s.fields.is_empty())
                .collect();
            TranslationPage {
                title: self.title,
                base_lang: self.base_lang,
                target: target.to_string(),
                forum_id: self.forum_id,
                sheets,
                missing,
            }
        }
    }
}

/// The translation sheets of the series, its groups and series-wide news (`scope` = "series")
/// or of one forum with its programme and news (`scope` = its slug), for `target`.
#[server(endpoint = "organiser/translations")]
pub async fn load_translations(
    scope: String,
    target: Option<String>,
) -> Result<TranslationPage, AppError> {
    use crate::features::accounts::policy::{allow, Action};
    let found = if scope == "series" || scope.starts_with("series-") {
        allow(Action::UseOrganiserScreens).await?;
        let state = crate::state::app_state()?;
        // `series` alone is the series the public pages show; `series-N` names one.
        let series = match scope.strip_prefix("series-") {
            None => state.store.first_series().await?,
            Some(id) => match id.parse::<i64>() {
                Ok(id) => state.store.series(crate::ids::SeriesId(id)).await?,
                Err(_) => None,
            },
        }
        .ok_or(AppError::NotFound)?;
        allow(Action::EditSeries(series.id)).await?;
        scope::Scope::series(state.store.as_ref(), series).await?
    } else {
        let (state, forum, _) =
            crate::features::accounts::guard::organiser_forum_read(&scope, &[]).await?;
        scope::Scope::forum(state.store.as_ref(), forum).await?
    };
    let target = pick_target(target.as_deref(), &found.base_lang);
    Ok(found.page(target.code()))
}

/// Per language, how many of a forum's texts (the forum, its programme and its news) still
/// lack a translation: the organiser's agenda screen shows it.
#[server(endpoint = "organiser/translations/missing")]
pub async fn load_missing_translations(slug: String) -> Result<Vec<MissingCount>, AppError> {
    let (state, forum, _) =
        crate::features::accounts::guard::organiser_forum_read(&slug, &[]).await?;
    Ok(scope::Scope::forum(state.store.as_ref(), forum)
        .await?
        .missing())
}
