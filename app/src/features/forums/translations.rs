//! Organisers translate what participants read, field by field: series title and description,
//! stakeholder group names, forum titles and descriptions, and a forum's programme and news
//! (sessions, rooms, tracks, people's titles and biographies, announcements, documents). Every
//! kind uses the one `translations` table, the one screen and the one save.

use crate::error::AppError;
use crate::i18n::Locale;
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
    /// The language the record's base texts are written in.
    pub base_lang: String,
    pub fields: Vec<FieldSheet>,
}

/// How many texts still lack a translation into one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingCount {
    pub locale: String,
    pub missing: usize,
    /// Texts that need a translation into this language (those not written in it).
    pub total: usize,
}

/// A page of sheets for one target language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TranslationPage {
    pub title: String,
    pub base_lang: String,
    pub target: String,
    pub forum_id: Option<i64>,
    pub sheets: Vec<TranslationSheet>,
    pub missing: Vec<MissingCount>,
}

/// The kinds of record a forum's screen lists after the forum itself, in this order; the
/// catalogue has `translations.kind.<kind>` for each.
pub const FORUM_KINDS: [&str; 6] = [
    "session",
    "room",
    "track",
    "person",
    "announcement",
    "document",
];

/// Which fields each kind of record has, and their length limits (characters), the same as the
/// forms that write the base texts.
pub fn fields_of(entity: &str) -> &'static [(&'static str, usize)] {
    match entity {
        "forum" | "series" => &[("title", 200), ("description", 10_000)],
        "group" => &[("name", 120)],
        "session" => &[("title", 200), ("description", 5_000)],
        "room" => &[("name", 100), ("accessibility", 500)],
        "track" => &[("name", 100)],
        "person" => &[("title", 200), ("bio", 2_000)],
        "announcement" => &[("title", 200), ("body", 20_000)],
        "document" => &[("title", 200)],
        _ => &[],
    }
}

/// Fields written as paragraphs (a text area; Markdown for announcement bodies).
pub fn is_multiline(field: &str) -> bool {
    matches!(field, "description" | "accessibility" | "bio" | "body")
}

/// The languages an organiser translates into: Serbian Cyrillic follows from Serbian Latin.
pub fn authored() -> impl Iterator<Item = Locale> {
    Locale::ALL.into_iter().filter(|l| *l != Locale::SrCyrl)
}

/// One translatable record with its base texts.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRecord {
    pub entity: &'static str,
    pub id: i64,
    pub heading: String,
    pub base_lang: String,
    /// (field, base text), in the order `fields_of` names them.
    pub fields: Vec<(String, String)>,
}

/// For each authored language, how many non-empty base texts written in another language have
/// no translation into it; `has` says whether a translation exists.
pub fn count_missing(
    records: &[TextRecord],
    has: impl Fn(&str, i64, &str, &str) -> bool,
) -> Vec<MissingCount> {
    authored()
        .map(|locale| {
            let code = locale.code();
            let mut count = MissingCount {
                locale: code.to_string(),
                missing: 0,
                total: 0,
            };
            for r in records {
                if r.base_lang == code {
                    continue;
                }
                for (field, base) in &r.fields {
                    if base.trim().is_empty() {
                        continue;
                    }
                    count.total += 1;
                    if !has(r.entity, r.id, field, code) {
                        count.missing += 1;
                    }
                }
            }
            count
        })
        .collect()
}

/// The target language: the requested one unless it is the base language or unknown.
pub fn pick_target(requested: Option<&str>, base_lang: &str) -> Locale {
    requested
        .and_then(Locale::from_code)
        .filter(|l| l.code() != base_lang)
        .or_else(|| Locale::ALL.into_iter().find(|l| l.code() != base_lang))
        .unwrap_or_default()
}

/// Saves one record's translations into one language, all fields at once. An empty or absent
/// field removes that translation (readers then see the default language, marked).
// One argument per translatable field: the screen's form (and a form posted without
// JavaScript) names them directly.
#[allow(clippy::too_many_arguments)]
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
    accessibility: Option<String>,
    bio: Option<String>,
    body: Option<String>,
) -> Result<(), AppError> {
    use crate::error::FieldError;
    use crate::features::accounts::policy::{allow_form, Action};
    use crate::server::reject;
    allow_form(Action::UseOrganiserScreens, &[]).await?;
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
        ("accessibility", accessibility),
        ("bio", bio),
        ("body", body),
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
    match state.store.entity_forum(&entity, entity_id).await? {
        None => return Err(reject(AppError::NotFound, &[])),
        // A forum's texts are for its editors; series-wide ones for the series' lead.
        Some(Some(forum)) => {
            allow_form(Action::EditForum(forum), &[]).await?;
        }
        Some(None) => {
            let series = state
                .store
                .entity_series(&entity, entity_id)
                .await?
                .ok_or_else(|| reject(AppError::NotFound, &[]))?;
            allow_form(Action::EditSeries(series), &[]).await?;
        }
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
    use crate::features::accounts::policy::{allow_form, Action};
    use crate::server::{internal, reject};
    if crate::state::app_state()?
        .store
        .forum_by_id(forum_id)
        .await?
        .is_none()
    {
        allow_form(Action::UseOrganiserScreens, &[]).await?;
        return Err(reject(AppError::NotFound, &[]));
    }
    allow_form(Action::EditForum(forum_id), &[]).await?;
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

    #[test]
    fn the_target_is_never_the_base_language() {
        assert_eq!(pick_target(Some("mk"), "en"), Locale::Mk);
        assert_eq!(pick_target(Some("en"), "en"), Locale::Sq);
        assert_eq!(pick_target(Some("xx"), "sq"), Locale::En);
        assert_eq!(pick_target(None, "en"), Locale::Sq);
    }

    fn record(entity: &'static str, id: i64, lang: &str, pairs: &[(&str, &str)]) -> TextRecord {
        TextRecord {
            entity,
            id,
            heading: String::new(),
            base_lang: lang.to_string(),
            fields: pairs
                .iter()
                .map(|(f, v)| (f.to_string(), v.to_string()))
                .collect(),
        }
    }

    #[test]
    fn missing_translations_count_only_texts_written_in_another_language() {
        let records = vec![
            record(
                "session",
                1,
                "en",
                &[("title", "Opening"), ("description", "")],
            ),
            record(
                "room",
                2,
                "en",
                &[("name", "Hall"), ("accessibility", "Step-free")],
            ),
            record(
                "announcement",
                3,
                "sq",
                &[("title", "Lajm"), ("body", "Teksti")],
            ),
        ];
        // Albanian: the session title and the room's name are translated.
        let has = |entity: &str, id: i64, field: &str, locale: &str| {
            locale == "sq"
                && matches!(
                    (entity, id, field),
                    ("session", 1, "title") | ("room", 2, "name")
                )
        };
        let counts = count_missing(&records, has);
        let of = |code: &str| {
            counts
                .iter()
                .find(|c| c.locale == code)
                .cloned()
                .expect("count")
        };
        assert_eq!(counts.len(), 6, "Serbian Cyrillic follows Serbian Latin");
        // The empty description needs nothing; the Albanian post needs nothing in Albanian.
        assert_eq!(
            of("sq"),
            MissingCount {
                locale: "sq".into(),
                missing: 1,
                total: 3
            }
        );
        assert_eq!(
            of("mk"),
            MissingCount {
                locale: "mk".into(),
                missing: 5,
                total: 5
            }
        );
        assert_eq!(
            of("en"),
            MissingCount {
                locale: "en".into(),
                missing: 2,
                total: 2
            }
        );
    }
}
