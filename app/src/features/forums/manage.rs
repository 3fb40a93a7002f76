//! Organisers create, edit and delete forums. Form input is parsed into a `ForumDraft` before any
//! I/O; every problem is reported against its field.

use crate::error::{AppError, FieldError};
use crate::text::{line_field, text_field};
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The forum form as submitted (all text, as browsers send it).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ForumForm {
    /// The series' id; empty means the first series.
    #[serde(default)]
    pub series_id: String,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub city: String,
    pub country: String,
    pub venue: String,
    pub time_zone: String,
    pub starts_on: String,
    pub ends_on: String,
    pub capacity: String,
    pub default_locale: String,
}

/// A forum form that passed every check: the series it names (none: the first) and the details
/// the store writes as they are.
#[derive(Debug, Clone, PartialEq)]
pub struct ForumDraft {
    pub series_id: Option<i64>,
    pub details: super::types::ForumDetails,
}

/// The time zones offered: the region's, plus any valid IANA name typed in.
pub const REGION_ZONES: [&str; 6] = [
    "Europe/Tirane",
    "Europe/Sarajevo",
    "Europe/Belgrade",
    "Europe/Podgorica",
    "Europe/Skopje",
    "Europe/Vienna",
];

pub fn is_valid_slug(slug: &str) -> bool {
    (2..=60).contains(&slug.len())
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
}

fn date(errors: &mut Vec<FieldError>, field: &str, value: &str) -> Option<NaiveDate> {
    match NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) if value.trim().is_empty() => {
            errors.push(FieldError::new(field, "error.required"));
            None
        }
        Err(_) => {
            errors.push(FieldError::new(field, "error.date_invalid"));
            None
        }
    }
}

/// Checks whether a name is an IANA time zone. Only the server knows the zone database.
pub type ZoneCheck = fn(&str) -> bool;

impl ForumForm {
    /// Parses the form; `zone_ok` says whether a time-zone name exists.
    pub fn parse(&self, zone_ok: ZoneCheck) -> Result<ForumDraft, Vec<FieldError>> {
        let mut errors = Vec::new();
        let slug = self.slug.trim().to_lowercase();
        if slug.is_empty() {
            errors.push(FieldError::new("slug", "error.required"));
        } else if !is_valid_slug(&slug) {
            errors.push(FieldError::new("slug", "error.slug_invalid"));
        }
        let title = line_field(&mut errors, "title", &self.title, 200, true);
        let description = text_field(&mut errors, "description", &self.description, 10_000, false);
        let city = line_field(&mut errors, "city", &self.city, 100, true);
        let venue = line_field(&mut errors, "venue", &self.venue, 200, true);
        let country = self.country.trim().to_string();
        if !super::types::COUNTRIES.contains(&country.as_str()) && country != "other" {
            errors.push(FieldError::new("country", "error.invalid"));
        }
        let time_zone = self.time_zone.trim().to_string();
        if !zone_ok(&time_zone) {
            errors.push(FieldError::new("time_zone", "error.time_zone_invalid"));
        }
        let starts_on = date(&mut errors, "starts_on", &self.starts_on);
        let ends_on = date(&mut errors, "ends_on", &self.ends_on);
        if let (Some(s), Some(e)) = (starts_on, ends_on) {
            if e < s {
                errors.push(FieldError::new("ends_on", "error.end_before_start"));
            } else if (e - s).num_days() > 14 {
                errors.push(FieldError::new("ends_on", "error.too_long"));
            }
        }
        let capacity = match self.capacity.trim().parse::<i64>() {
            Ok(c) if (0..=100_000).contains(&c) => Some(c),
            _ => {
                errors.push(FieldError::new("capacity", "error.capacity_invalid"));
                None
            }
        };
        let series_id = match self.series_id.trim() {
            "" => None,
            v => match v.parse::<i64>() {
                Ok(id) if id > 0 => Some(id),
                _ => {
                    errors.push(FieldError::new("series_id", "error.invalid"));
                    None
                }
            },
        };
        let default_locale =
            crate::i18n::Locale::from_code(&self.default_locale).map(|l| l.code().to_string());
        if default_locale.is_none() {
            errors.push(FieldError::new("default_locale", "error.invalid"));
        }
        match (starts_on, ends_on, capacity, default_locale) {
            (Some(starts_on), Some(ends_on), Some(capacity), Some(default_locale))
                if errors.is_empty() =>
            {
                Ok(ForumDraft {
                    series_id,
                    details: super::types::ForumDetails {
                        slug,
                        title,
                        description,
                        city,
                        country,
                        venue,
                        time_zone,
                        starts_on,
                        ends_on,
                        capacity,
                        default_locale,
                    },
                })
            }
            _ => Err(errors),
        }
    }

    #[cfg(feature = "ssr")]
    fn fields(&self) -> Vec<(&'static str, String)> {
        vec![
            ("series_id", self.series_id.clone()),
            ("slug", self.slug.clone()),
            ("title", self.title.clone()),
            ("description", self.description.clone()),
            ("city", self.city.clone()),
            ("country", self.country.clone()),
            ("venue", self.venue.clone()),
            ("time_zone", self.time_zone.clone()),
            ("starts_on", self.starts_on.clone()),
            ("ends_on", self.ends_on.clone()),
            ("capacity", self.capacity.clone()),
            ("default_locale", self.default_locale.clone()),
        ]
    }
}

/// A series to choose from: (id, title).
pub type SeriesChoice = (i64, String);

/// The edit form's starting values (base texts, in the forum's default language) and the series
/// a forum can belong to.
#[server(endpoint = "organiser/forum-form")]
pub async fn load_forum_form(
    slug: Option<String>,
) -> Result<(Option<i64>, ForumForm, Vec<SeriesChoice>), AppError> {
    use crate::features::accounts::policy::{allow, Action};

    allow(Action::UseOrganiserScreens).await?;
    let state = crate::state::app_state()?;
    let series: Vec<SeriesChoice> = state
        .store
        .list_series()
        .await?
        .into_iter()
        .map(|s| (s.id.0, s.title))
        .collect();
    let Some(slug) = slug else {
        let first = state.store.first_series().await?;
        return Ok((
            None,
            ForumForm {
                series_id: first.map(|s| s.id.0.to_string()).unwrap_or_default(),
                country: "AL".into(),
                time_zone: "Europe/Tirane".into(),
                capacity: "100".into(),
                default_locale: "en".into(),
                ..Default::default()
            },
            series,
        ));
    };
    let (_, f) = crate::features::accounts::guard::organiser_forum(&slug, &[]).await?;
    let s = f.summary;
    Ok((
        Some(s.id.0),
        ForumForm {
            series_id: f.series_id.0.to_string(),
            slug: s.slug,
            title: s.title,
            description: f.description,
            city: s.city,
            country: s.country,
            venue: s.venue,
            time_zone: s.time_zone,
            starts_on: s.starts_on.to_string(),
            ends_on: s.ends_on.to_string(),
            capacity: s.capacity.to_string(),
            default_locale: s.default_locale,
        },
        series,
    ))
}

/// Creates a forum (as a draft) or, with `forum_id`, updates one. Redirects to the organiser area.
#[server(endpoint = "forums/save")]
pub async fn save_forum(
    forum_id: Option<crate::ids::ForumId>,
    form: ForumForm,
) -> Result<(), AppError> {
    use super::types::ForumStatus;
    use crate::db::StoreError;
    use crate::features::accounts::policy::{allow_form, Action};
    use crate::features::accounts::types::Role;
    use crate::server::{internal, reject};
    use crate::store::records::NewForum;
    let kept: Vec<(String, String)> = form
        .fields()
        .into_iter()
        .map(|(k, v)| (format!("form[{k}]"), v))
        .collect();
    let keep: Vec<(&str, &str)> = kept.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let existing = match forum_id {
        Some(id) => Some(
            crate::features::accounts::guard::organiser_forum_by_id(id, &keep)
                .await?
                .0
                .store
                .forum_by_id(id)
                .await?
                .ok_or_else(|| reject(AppError::NotFound, &keep))?,
        ),
        None => None,
    };
    let draft = form
        .parse(|z| z.parse::<chrono_tz::Tz>().is_ok())
        .map_err(|e| reject(AppError::Invalid(e), &keep))?;
    let state = crate::state::app_state()?;
    let series = match (draft.series_id, &existing) {
        (Some(id), _) => state.store.series(super::types::SeriesId(id)).await,
        (None, Some(forum)) => state.store.series(forum.series_id).await,
        (None, None) => state.store.first_series().await,
    }?
    .ok_or_else(|| {
        reject(
            AppError::Invalid(vec![FieldError::new("series_id", "error.invalid")]),
            &keep,
        )
    })?;
    // A new forum needs its series' consent; an existing one moved elsewhere needs both.
    let action = match &existing {
        None => Action::CreateForum(series.id),
        Some(forum) if forum.series_id != series.id => {
            Action::MoveForum(forum.summary.id, series.id)
        }
        Some(forum) => Action::EditForum(forum.summary.id),
    };
    let (account, _) = allow_form(action, &keep).await?;
    let new = NewForum {
        series_id: series.id,
        status: ForumStatus::Draft,
        details: draft.details,
    };
    let result = match forum_id {
        // Whoever creates a forum is on its team.
        None => match state.store.create_forum(&new).await {
            Ok(created) if account.role == Role::Organiser => state
                .store
                .set_team_member(created, account.id, Some(false))
                .await
                .map(|_| ()),
            Ok(_) => Ok(()),
            Err(e) => Err(e),
        },
        Some(id) => state.store.update_forum(id, &new).await,
    };
    match result {
        Ok(()) => {
            leptos_axum::redirect("/organiser");
            Ok(())
        }
        Err(StoreError::Duplicate(_)) => Err(reject(
            AppError::Invalid(vec![FieldError::new("slug", "error.slug_taken")]),
            &keep,
        )),
        Err(StoreError::NotFound) => Err(reject(AppError::NotFound, &keep)),
        Err(e) => Err(internal(e)),
    }
}

/// Deletes a forum with everything in it, once the organiser has typed its address to confirm.
#[server(endpoint = "forums/delete")]
pub async fn delete_forum(forum_id: crate::ids::ForumId, confirm: String) -> Result<(), AppError> {
    use crate::db::StoreError;
    use crate::server::{internal, reject};
    let (state, _) = crate::features::accounts::guard::organiser_forum_by_id(forum_id, &[]).await?;
    match state.store.delete_forum(forum_id, confirm.trim()).await {
        Ok(()) => {
            tracing::info!(forum = forum_id.0, "forum deleted");
            leptos_axum::redirect("/organiser");
            Ok(())
        }
        Err(StoreError::NotFound) => Err(reject(
            AppError::Invalid(vec![FieldError::new("confirm", "error.confirm_mismatch")]),
            &[],
        )),
        Err(e) => Err(internal(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> ForumForm {
        ForumForm {
            series_id: String::new(),
            slug: "skopje-2027".into(),
            title: "Forum".into(),
            description: String::new(),
            city: "Skopje".into(),
            country: "MK".into(),
            venue: "Hall".into(),
            time_zone: "Europe/Skopje".into(),
            starts_on: "2027-03-01".into(),
            ends_on: "2027-03-02".into(),
            capacity: "120".into(),
            default_locale: "mk".into(),
        }
    }

    fn zones(z: &str) -> bool {
        z.starts_with("Europe/")
    }

    fn fields_of(form: ForumForm) -> Vec<String> {
        form.parse(zones)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| format!("{}:{}", e.field, e.key))
            .collect()
    }

    #[test]
    fn a_valid_form_parses() {
        let draft = valid().parse(zones).expect("valid");
        assert_eq!(draft.details.capacity, 120);
        assert_eq!(draft.details.default_locale, "mk");
    }

    #[test]
    fn every_bad_field_is_reported_against_itself() {
        let bad = ForumForm {
            slug: "Bad Slug!".into(),
            title: " ".into(),
            country: "DE".into(),
            time_zone: "Mars/Olympus".into(),
            starts_on: "2027-03-05".into(),
            ends_on: "2027-03-01".into(),
            capacity: "-1".into(),
            default_locale: "de".into(),
            ..valid()
        };
        assert_eq!(
            fields_of(bad),
            vec![
                "slug:error.slug_invalid",
                "title:error.required",
                "country:error.invalid",
                "time_zone:error.time_zone_invalid",
                "ends_on:error.end_before_start",
                "capacity:error.capacity_invalid",
                "default_locale:error.invalid",
            ]
        );
        let bad_date = ForumForm {
            starts_on: "1 March".into(),
            ..valid()
        };
        assert_eq!(fields_of(bad_date), vec!["starts_on:error.date_invalid"]);
    }
}
