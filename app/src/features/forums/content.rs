//! Server-side: applying content translations to what a reader is about to see, and the
//! forum lookups other features share (a published forum by its address, its stakeholder
//! groups in the reader's language).

use super::types::{ForumStatus, ForumSummary, StakeholderGroup};
use crate::error::AppError;
use crate::i18n::{localise, LocalText, Locale, Translation};
use crate::store::records::ForumRecord;
use crate::store::Store;

/// All stored translations of one kind of record.
pub struct Texts {
    rows: Vec<Translation>,
}

impl Texts {
    /// Translations already read (callers that handle store errors themselves).
    pub fn of(rows: Vec<Translation>) -> Self {
        Self { rows }
    }

    pub async fn load(store: &dyn Store, entity: &str) -> Result<Self, AppError> {
        Ok(Self {
            rows: store.translations_of_kind(entity).await?,
        })
    }

    pub fn get(
        &self,
        id: i64,
        field: &str,
        base: &str,
        base_lang: &str,
        locale: Locale,
    ) -> LocalText {
        let candidates = self
            .rows
            .iter()
            .filter(|r| r.entity_id == id && r.field == field)
            .map(|r| (r.locale.as_str(), r.value.as_str()));
        localise(base, base_lang, candidates, locale)
    }

    /// Puts `text` (a base text of record `id`) into `locale` in place; returns the language it
    /// stays in when there is no translation (for the fallback mark).
    pub fn put(
        &self,
        id: i64,
        field: &str,
        text: &mut String,
        base_lang: &str,
        locale: Locale,
    ) -> Option<String> {
        let shown = self.get(id, field, text, base_lang, locale);
        *text = shown.text.clone();
        fallback_of(&shown)
    }

    /// The stored value of one field in one locale (empty when none).
    pub fn raw(&self, id: i64, field: &str, locale: &str) -> String {
        self.rows
            .iter()
            .find(|r| r.entity_id == id && r.field == field && r.locale == locale)
            .map(|r| r.value.clone())
            .unwrap_or_default()
    }
}

fn fallback_of(text: &LocalText) -> Option<String> {
    text.fallback.then(|| text.lang.clone())
}

/// Titles in the reader's language, marking those shown in the forum's default language.
pub async fn localise_forums(
    store: &dyn Store,
    forums: &mut [ForumSummary],
    locale: Locale,
) -> Result<(), AppError> {
    let texts = Texts::load(store, "forum").await?;
    for f in forums.iter_mut() {
        let title = texts.get(f.id.0, "title", &f.title, &f.default_locale, locale);
        f.title_fallback = fallback_of(&title);
        f.title = title.text;
    }
    Ok(())
}

/// Group names in the reader's language.
pub async fn localise_groups(
    store: &dyn Store,
    groups: &mut [StakeholderGroup],
    base_lang: &str,
    locale: Locale,
) -> Result<(), AppError> {
    let texts = Texts::load(store, "group").await?;
    for g in groups.iter_mut() {
        let name = texts.get(g.id.0, "name", &g.name, base_lang, locale);
        g.name_fallback = fallback_of(&name);
        g.name = name.text;
    }
    Ok(())
}

/// A forum's sessions with their titles and descriptions in `locale` (written in the forum's
/// default language `base_lang`), marked where they fall back.
pub async fn localise_sessions(
    store: &dyn Store,
    sessions: &mut [crate::store::records::SessionRecord],
    base_lang: &str,
    locale: Locale,
) -> Result<(), AppError> {
    let texts = Texts::load(store, "session").await?;
    for s in sessions.iter_mut() {
        s.title_fallback = texts.put(s.id.0, "title", &mut s.title, base_lang, locale);
        s.description_fallback =
            texts.put(s.id.0, "description", &mut s.description, base_lang, locale);
    }
    Ok(())
}

/// A published forum open to the public, or 404.
pub async fn public_forum(store: &dyn Store, slug: &str) -> Result<ForumRecord, AppError> {
    let forum = store
        .forum_by_slug(slug)
        .await?
        .filter(|f| f.summary.status == ForumStatus::Published)
        .ok_or(AppError::NotFound)?;
    let series = store.series(forum.series_id).await?;
    if series.is_none_or(|s| s.status != ForumStatus::Published) {
        return Err(AppError::NotFound);
    }
    Ok(forum)
}

/// The series' stakeholder groups, named in `locale`.
pub async fn stakeholder_groups(
    store: &dyn Store,
    series: crate::features::forums::types::SeriesId,
    locale: Locale,
) -> Result<Vec<StakeholderGroup>, AppError> {
    let lang = store
        .series(series)
        .await?
        .map(|s| s.default_locale)
        .unwrap_or_default();
    let mut groups = store.stakeholder_groups(series).await?;
    localise_groups(store, &mut groups, &lang, locale).await?;
    Ok(groups)
}
