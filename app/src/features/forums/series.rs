//! Organisers create, edit, publish, unpublish and delete forum series. A new series starts with
//! the initiative's seven stakeholder groups, named in its default language.

use super::types::SeriesSummary;
use crate::error::{AppError, FieldError};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The stakeholder groups every new series starts with (catalogue `group.<key>`).
pub const DEFAULT_GROUPS: [&str; 7] = [
    "csos",
    "academia",
    "private",
    "youth",
    "marginalised",
    "media",
    "state",
];

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SeriesForm {
    pub slug: String,
    pub title: String,
    pub description: String,
    pub default_locale: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SeriesDraft {
    pub slug: String,
    pub title: String,
    pub description: String,
    pub default_locale: String,
}

impl SeriesForm {
    pub fn parse(&self) -> Result<SeriesDraft, Vec<FieldError>> {
        use crate::text::{line_field, text_field};
        let mut errors = Vec::new();
        let slug = self.slug.trim().to_lowercase();
        if slug.is_empty() {
            errors.push(FieldError::new("slug", "error.required"));
        } else if !super::manage::is_valid_slug(&slug) {
            errors.push(FieldError::new("slug", "error.slug_invalid"));
        }
        let title = line_field(&mut errors, "title", &self.title, 200, true);
        let description = text_field(&mut errors, "description", &self.description, 10_000, false);
        if crate::i18n::Locale::from_code(&self.default_locale).is_none() {
            errors.push(FieldError::new("default_locale", "error.invalid"));
        }
        if errors.is_empty() {
            Ok(SeriesDraft {
                slug,
                title,
                description,
                default_locale: self.default_locale.clone(),
            })
        } else {
            Err(errors)
        }
    }
}

/// Every series, drafts included.
#[server(endpoint = "organiser/series")]
pub async fn organiser_series() -> Result<Vec<SeriesSummary>, AppError> {
    use crate::features::accounts::policy::{allow, Action};

    allow(Action::UseOrganiserScreens).await?;
    let state = crate::state::app_state()?;
    let store = state.store.as_ref();
    let series = store.list_series().await?;
    Ok(series
        .into_iter()
        .map(|s| SeriesSummary {
            id: s.id,
            slug: s.slug,
            title: s.title,
            status: s.status,
        })
        .collect())
}

/// The form's starting values (`None`: a new series).
#[server(endpoint = "organiser/series-form")]
pub async fn load_series_form(
    id: Option<crate::features::forums::types::SeriesId>,
) -> Result<(Option<i64>, SeriesForm), AppError> {
    use crate::features::accounts::policy::{allow, Action};

    let Some(id) = id else {
        allow(Action::CreateSeries).await?;
        return Ok((
            None,
            SeriesForm {
                default_locale: "en".into(),
                ..Default::default()
            },
        ));
    };
    let state = crate::state::app_state()?;
    let s = state.store.series(id).await?.ok_or(AppError::NotFound)?;
    allow(Action::EditSeries(id)).await?;
    Ok((
        Some(id.0),
        SeriesForm {
            slug: s.slug,
            title: s.title,
            description: s.description,
            default_locale: s.default_locale,
        },
    ))
}

/// Creates (as a draft, with the default stakeholder groups) or updates a series.
#[server(endpoint = "series/save")]
pub async fn save_series(
    series_id: Option<crate::features::forums::types::SeriesId>,
    form: SeriesForm,
) -> Result<(), AppError> {
    use super::types::ForumStatus;
    use crate::db::StoreError;
    use crate::features::accounts::policy::{allow_form, Action};
    use crate::i18n::Locale;
    use crate::server::{internal, reject};
    use crate::store::records::NewSeries;
    let kept = [
        ("form[slug]", form.slug.as_str()),
        ("form[title]", form.title.as_str()),
        ("form[description]", form.description.as_str()),
        ("form[default_locale]", form.default_locale.as_str()),
    ];
    let action = match series_id {
        Some(id) => Action::EditSeries(id),
        None => Action::CreateSeries,
    };
    allow_form(action, &kept).await?;
    let draft = form
        .parse()
        .map_err(|e| reject(AppError::Invalid(e), &kept))?;
    let state = crate::state::app_state()?;
    let store = state.store.as_ref();
    let record = NewSeries {
        slug: draft.slug,
        title: draft.title,
        description: draft.description,
        default_locale: draft.default_locale.clone(),
        status: ForumStatus::Draft,
    };
    let result = match series_id {
        Some(id) => store.update_series(id, &record).await,
        None => match store.create_series(&record).await {
            Ok(id) => {
                let lang = Locale::from_code(&draft.default_locale).unwrap_or_default();
                for (position, key) in DEFAULT_GROUPS.iter().enumerate() {
                    store
                        .create_stakeholder_group(
                            id,
                            key,
                            &lang.t(&format!("group.{key}")),
                            position as i64,
                        )
                        .await?;
                }
                Ok(())
            }
            Err(e) => Err(e),
        },
    };
    match result {
        Ok(()) => {
            leptos_axum::redirect("/organiser/series");
            Ok(())
        }
        Err(StoreError::Duplicate(_)) => Err(reject(
            AppError::Invalid(vec![FieldError::new("slug", "error.slug_taken")]),
            &kept,
        )),
        Err(StoreError::NotFound) => Err(reject(AppError::NotFound, &kept)),
        Err(e) => Err(internal(e)),
    }
}

#[server(endpoint = "series/status")]
pub async fn set_series_status(
    series_id: crate::features::forums::types::SeriesId,
    status: String,
) -> Result<(), AppError> {
    use super::types::ForumStatus;
    use crate::db::StoreError;
    use crate::features::accounts::policy::{allow_form, Action};
    use crate::server::{internal, reject};
    allow_form(Action::EditSeries(series_id), &[]).await?;
    let status: ForumStatus = status.parse().map_err(|_| {
        reject(
            AppError::Invalid(vec![FieldError::new("status", "error.invalid")]),
            &[],
        )
    })?;
    let state = crate::state::app_state()?;
    match state.store.set_series_status(series_id, status).await {
        Ok(()) => Ok(()),
        Err(StoreError::NotFound) => Err(reject(AppError::NotFound, &[])),
        Err(e) => Err(internal(e)),
    }
}

/// Deletes a series and everything in it once its address is typed to confirm.
#[server(endpoint = "series/delete")]
pub async fn delete_series(
    series_id: crate::features::forums::types::SeriesId,
    confirm: String,
) -> Result<(), AppError> {
    use crate::db::StoreError;
    use crate::features::accounts::policy::{allow_form, Action};
    use crate::server::{internal, reject};
    allow_form(Action::DeleteSeries(series_id), &[]).await?;
    let state = crate::state::app_state()?;
    match state.store.delete_series(series_id, confirm.trim()).await {
        Ok(()) => {
            tracing::info!(series = series_id.0, "series deleted");
            leptos_axum::redirect("/organiser/series");
            Ok(())
        }
        Err(StoreError::NotFound) => Err(reject(
            AppError::Invalid(vec![FieldError::new("confirm", "error.confirm_mismatch")]),
            &[],
        )),
        Err(e) => Err(internal(e)),
    }
}
