//! Organisers translate what participants read, field by field: series title and description,
//! stakeholder group names, forum titles and descriptions.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One translatable field: its base text (default language) and the current translation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldSheet {
    pub field: String,
    pub base: String,
    pub multiline: bool,
    pub value: String,
}

/// The translatable fields of one record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TranslationSheet {
    pub entity: String,
    pub entity_id: i64,
    pub heading: String,
    pub fields: Vec<FieldSheet>,
}

/// A page of sheets for one target language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TranslationPage {
    pub title: String,
    pub base_lang: String,
    pub target: String,
    pub forum_id: Option<i64>,
    pub sheets: Vec<TranslationSheet>,
}

/// Which fields each kind of record has, and their length limits (characters).
pub fn fields_of(entity: &str) -> &'static [(&'static str, usize)] {
    match entity {
        "forum" | "series" => &[("title", 200), ("description", 10_000)],
        "group" => &[("name", 120)],
        _ => &[],
    }
}

/// The target language: the requested one unless it is the base language or unknown.
pub fn pick_target(requested: Option<&str>, base_lang: &str) -> crate::i18n::Locale {
    use crate::i18n::Locale;
    requested
        .and_then(Locale::from_code)
        .filter(|l| l.code() != base_lang)
        .or_else(|| Locale::ALL.into_iter().find(|l| l.code() != base_lang))
        .unwrap_or_default()
}

/// The translation sheets of the series and its groups (`scope` = "series") or of one forum
/// (`scope` = its slug), for `target`.
#[server(endpoint = "organiser/translations")]
pub async fn load_translations(
    scope: String,
    target: Option<String>,
) -> Result<TranslationPage, AppError> {
    use super::content::Texts;
    use crate::features::accounts::{auth::require_role, types::Role};

    require_role(&[Role::Admin, Role::Organiser]).await?;
    let state = crate::state::app_state()?;
    let store = state.store.as_ref();
    let sheet = |texts: &Texts,
                 entity: &str,
                 id: i64,
                 heading: String,
                 bases: &[(&str, &str)],
                 target: &str| {
        TranslationSheet {
            entity: entity.to_string(),
            entity_id: id,
            heading,
            fields: bases
                .iter()
                .map(|(field, base)| FieldSheet {
                    field: field.to_string(),
                    base: base.to_string(),
                    multiline: *field == "description",
                    value: texts.raw(id, field, target),
                })
                .collect(),
        }
    };
    if scope == "series" {
        let series = store.first_series().await?.ok_or(AppError::NotFound)?;
        let target = pick_target(target.as_deref(), &series.default_locale);
        let code = target.code();
        let series_texts = Texts::load(store, "series").await?;
        let group_texts = Texts::load(store, "group").await?;
        let groups = store.stakeholder_groups(series.id).await?;
        let mut sheets = vec![sheet(
            &series_texts,
            "series",
            series.id.0,
            series.title.clone(),
            &[
                ("title", &series.title),
                ("description", &series.description),
            ],
            code,
        )];
        sheets.extend(groups.iter().map(|g| {
            sheet(
                &group_texts,
                "group",
                g.id.0,
                g.name.clone(),
                &[("name", &g.name)],
                code,
            )
        }));
        return Ok(TranslationPage {
            title: series.title,
            base_lang: series.default_locale,
            target: code.to_string(),
            forum_id: None,
            sheets,
        });
    }
    let forum = store
        .forum_by_slug(&scope)
        .await?
        .ok_or(AppError::NotFound)?;
    let base_lang = forum.summary.default_locale.clone();
    let target = pick_target(target.as_deref(), &base_lang);
    let texts = Texts::load(store, "forum").await?;
    let sheets = vec![sheet(
        &texts,
        "forum",
        forum.summary.id.0,
        forum.summary.title.clone(),
        &[
            ("title", &forum.summary.title),
            ("description", &forum.description),
        ],
        target.code(),
    )];
    Ok(TranslationPage {
        title: forum.summary.title,
        base_lang,
        target: target.code().to_string(),
        forum_id: Some(forum.summary.id.0),
        sheets,
    })
}

/// Saves one record's translations into one language, all fields at once. An empty or absent
/// field removes that translation (readers then see the default language, marked).
#[server(endpoint = "translations/save")]
pub async fn save_translations(
    entity: String,
    // The id of whichever record `entity` names (a series, forum, group, session...): its type
    // is known only once `entity` is parsed, so it stays a number here.
    entity_id: i64,
    locale: String,
    title: Option<String>,
    description: Option<String>,
    name: Option<String>,
) -> Result<(), AppError> {
    use crate::error::FieldError;
    use crate::features::accounts::{auth::require_role, types::Role};
    use crate::i18n::Locale;
    use crate::server::reject;
    require_role(&[Role::Admin, Role::Organiser])
        .await
        .map_err(|e| reject(e, &[]))?;
    let allowed = fields_of(&entity);
    let Some(locale) = Locale::from_code(&locale) else {
        return Err(reject(
            AppError::Invalid(vec![FieldError::new("locale", "error.invalid")]),
            &[],
        ));
    };
    // The form sends every field of the record; an absent or empty one removes its translation.
    let given = [
        ("title", title),
        ("description", description),
        ("name", name),
    ];
    let mut values = Vec::new();
    let mut errors = Vec::new();
    for (field, value) in given {
        match (allowed.iter().find(|(f, _)| *f == field), value) {
            (None, None) => {}
            (None, Some(_)) => errors.push(FieldError::new(field, "error.invalid")),
            (Some((_, max)), Some(v)) if v.chars().count() > *max => {
                errors.push(FieldError::new(field, "error.too_long"))
            }
            (Some(_), v) => values.push((
                field.to_string(),
                v.unwrap_or_default().replace("\r\n", "\n"),
            )),
        }
    }
    if allowed.is_empty() {
        errors.push(FieldError::new("entity", "error.invalid"));
    }
    if !errors.is_empty() {
        return Err(reject(AppError::Invalid(errors), &[]));
    }
    let state = crate::state::app_state()?;
    if !state.store.entity_exists(&entity, entity_id).await? {
        return Err(reject(AppError::NotFound, &[]));
    }
    state
        .store
        .set_translations(&entity, entity_id, locale.code(), &values)
        .await?;
    Ok(())
}

/// Sets the language a forum's base texts are written in.
#[server(endpoint = "forums/default-language")]
pub async fn set_forum_language(
    forum_id: crate::ids::ForumId,
    locale: String,
) -> Result<(), AppError> {
    use crate::db::StoreError;
    use crate::error::FieldError;
    use crate::features::accounts::{auth::require_role, types::Role};
    use crate::i18n::Locale;
    use crate::server::{internal, reject};
    require_role(&[Role::Admin, Role::Organiser])
        .await
        .map_err(|e| reject(e, &[]))?;
    let Some(locale) = Locale::from_code(&locale) else {
        return Err(reject(
            AppError::Invalid(vec![FieldError::new("locale", "error.invalid")]),
            &[],
        ));
    };
    let state = crate::state::app_state()?;
    match state
        .store
        .set_forum_default_locale(forum_id, locale.code())
        .await
    {
        Ok(()) => Ok(()),
        Err(StoreError::NotFound) => Err(reject(AppError::NotFound, &[])),
        Err(e) => Err(internal(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    #[test]
    fn the_target_is_never_the_base_language() {
        assert_eq!(pick_target(Some("mk"), "en"), Locale::Mk);
        assert_eq!(pick_target(Some("en"), "en"), Locale::Sq);
        assert_eq!(pick_target(Some("xx"), "sq"), Locale::En);
        assert_eq!(pick_target(None, "en"), Locale::Sq);
    }
}
