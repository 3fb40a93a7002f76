//! Organisers write, publish, pin and delete announcements.

use super::types::AnnouncementView;
use crate::error::{AppError, FieldError};
use chrono::NaiveDateTime;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The announcement form as submitted.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AnnouncementForm {
    /// A forum's id, `series-N` for every forum of series N, or empty for the series the
    /// public pages show.
    pub forum_id: String,
    pub title: String,
    /// Markdown.
    pub body: String,
    pub locale: String,
    /// `draft` or `published`.
    pub status: String,
    /// `YYYY-MM-DDTHH:MM` in Central European Time; empty means now.
    pub published_at: String,
    /// Present (any value) when checked.
    pub pinned: Option<String>,
}

/// A checked announcement form.
#[derive(Debug, Clone, PartialEq)]
pub struct AnnouncementDraft {
    pub forum_id: Option<i64>,
    /// The series of a series-wide post, when the form named one.
    pub series_id: Option<i64>,
    pub title: String,
    pub body: String,
    pub locale: String,
    pub published: bool,
    /// Local wall-clock time in `SERIES_ZONE`; `None` means now.
    pub published_local: Option<NaiveDateTime>,
    pub pinned: bool,
}

impl AnnouncementForm {
    pub fn parse(&self) -> Result<AnnouncementDraft, Vec<FieldError>> {
        use crate::text::{line_field, text_field};
        let mut errors = Vec::new();
        let title = line_field(&mut errors, "title", &self.title, 200, true);
        let body = text_field(&mut errors, "body", &self.body, 20_000, true);
        let positive = |v: &str| v.parse::<i64>().ok().filter(|id| *id > 0);
        let (forum_id, series_id) = match self.forum_id.trim() {
            "" => (None, None),
            v => match v.strip_prefix("series-") {
                Some(series) => (None, positive(series)),
                None => (positive(v), None),
            },
        };
        if !self.forum_id.trim().is_empty() && forum_id.is_none() && series_id.is_none() {
            errors.push(FieldError::new("forum_id", "error.invalid"));
        }
        if crate::i18n::Locale::from_code(&self.locale).is_none() {
            errors.push(FieldError::new("locale", "error.invalid"));
        }
        let published = match self.status.as_str() {
            "published" => true,
            "draft" => false,
            _ => {
                errors.push(FieldError::new("status", "error.invalid"));
                false
            }
        };
        let published_local = match self.published_at.trim() {
            "" => None,
            v => match NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M")
                .or_else(|_| NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M:%S"))
            {
                Ok(t) => Some(t),
                Err(_) => {
                    errors.push(FieldError::new("published_at", "error.date_invalid"));
                    None
                }
            },
        };
        if errors.is_empty() {
            Ok(AnnouncementDraft {
                forum_id,
                series_id,
                title,
                body,
                locale: self.locale.clone(),
                published,
                published_local,
                pinned: self.pinned.is_some(),
            })
        } else {
            Err(errors)
        }
    }

    #[cfg(feature = "ssr")]
    fn kept(&self) -> Vec<(String, String)> {
        let mut v = vec![
            ("form[forum_id]", self.forum_id.clone()),
            ("form[title]", self.title.clone()),
            ("form[body]", self.body.clone()),
            ("form[locale]", self.locale.clone()),
            ("form[status]", self.status.clone()),
            ("form[published_at]", self.published_at.clone()),
        ];
        if self.pinned.is_some() {
            v.push(("form[pinned]", "on".into()));
        }
        v.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
    }
}

/// What changing an existing post is: editing its forum, or (series-wide) its series.
#[cfg(feature = "ssr")]
async fn object_action(
    store: &dyn crate::store::Store,
    id: crate::features::announcements::types::AnnouncementId,
    forum: Option<crate::features::forums::types::ForumId>,
) -> Result<crate::features::accounts::policy::Action, AppError> {
    use crate::features::accounts::policy::Action;
    Ok(match forum {
        Some(forum) => Action::EditForum(forum),
        None => Action::EditSeries(
            store
                .entity_series("announcement", id.0)
                .await?
                .ok_or(AppError::NotFound)?,
        ),
    })
}

/// A place to post to, as the form offers it: (value, label): a forum, or every forum of a
/// series.
pub type ForumChoice = (String, String);

/// Every announcement for the organiser list, drafts included.
#[server(endpoint = "organiser/announcements")]
pub async fn organiser_announcements() -> Result<Vec<AnnouncementView>, AppError> {
    use crate::features::accounts::policy::{allow, authorize, Action, Who};

    let (account, _) = allow(Action::UseOrganiserScreens).await?;
    let state = crate::state::app_state()?;
    let store = state.store.as_ref();
    // Only the posts this account may edit: its forums' and, as a lead, its series'.
    let who = Who::Account(account);
    let mut list = Vec::new();
    for a in store.all_announcements().await? {
        let action = object_action(store, a.id, a.forum_id).await?;
        if authorize(store, &who, action).await.is_ok() {
            list.push(a);
        }
    }
    let mut forums = store.list_forums(false).await?;
    let locale = crate::locale::request_locale();
    crate::features::forums::content::localise_forums(store, &mut forums, locale).await?;
    Ok(list
        .iter()
        .map(|a| super::api::render::view(a, &forums))
        .collect())
}

/// The form's starting values and the forums to choose from.
#[server(endpoint = "organiser/announcement-form")]
pub async fn load_announcement_form(
    id: Option<crate::features::announcements::types::AnnouncementId>,
) -> Result<(Option<i64>, AnnouncementForm, Vec<ForumChoice>), AppError> {
    use crate::features::accounts::policy::{allow, authorize, Action, Who};

    let (account, _) = allow(Action::UseOrganiserScreens).await?;
    let state = crate::state::app_state()?;
    let store = state.store.as_ref();
    let mut forums = store.list_forums(false).await?;
    let who = Who::Account(account);
    let mut editable = Vec::new();
    for f in forums.drain(..) {
        if authorize(store, &who, Action::EditForum(f.id))
            .await
            .is_ok()
        {
            editable.push(f);
        }
    }
    let mut forums = editable;
    let locale = crate::locale::request_locale();
    crate::features::forums::content::localise_forums(store, &mut forums, locale).await?;
    // Series-wide places: every series this account may post to (a lead's, or all for admins).
    let mut series = Vec::new();
    for s in store.list_series().await? {
        if authorize(store, &who, Action::EditSeries(s.id))
            .await
            .is_ok()
        {
            series.push(s);
        }
    }
    let one_series = series.len() == 1;
    let mut choices: Vec<ForumChoice> = series
        .iter()
        .map(|s| {
            let label = if one_series {
                locale.t("announcements.series_wide")
            } else {
                locale.tf("announcements.series_wide_of", &[("series", &s.title)])
            };
            (format!("series-{}", s.id.0), label)
        })
        .collect();
    choices.extend(forums.iter().map(|f| (f.id.0.to_string(), f.title.clone())));
    let zone = crate::features::forums::time::parse_zone(super::types::SERIES_ZONE);
    let form = match id {
        None => AnnouncementForm {
            forum_id: choices.first().map(|c| c.0.clone()).unwrap_or_default(),
            locale: locale.code().to_string(),
            status: "draft".into(),
            ..Default::default()
        },
        Some(id) => {
            let a = store.announcement(id).await?.ok_or(AppError::NotFound)?;
            authorize(store, &who, object_action(store, a.id, a.forum_id).await?).await?;
            let place = match a.forum_id {
                Some(f) => f.0.to_string(),
                None => match store.entity_series("announcement", a.id.0).await? {
                    Some(series) => format!("series-{}", series.0),
                    None => String::new(),
                },
            };
            AnnouncementForm {
                forum_id: place,
                title: a.title,
                body: a.body,
                locale: a.locale,
                status: a.status,
                published_at: a
                    .published_at
                    .with_timezone(&zone)
                    .format("%Y-%m-%dT%H:%M")
                    .to_string(),
                pinned: a.pinned.then(|| "on".to_string()),
            }
        }
    };
    Ok((id.map(|i| i.0), form, choices))
}

/// The UTC instant of the publication time (now when none was given).
#[cfg(feature = "ssr")]
fn publication_instant(draft: &AnnouncementDraft) -> Option<chrono::DateTime<chrono::Utc>> {
    let zone = crate::features::forums::time::parse_zone(super::types::SERIES_ZONE);
    match draft.published_local {
        None => Some(crate::clock::now()),
        Some(local) => {
            crate::features::forums::time::local_to_utc(zone, local.date(), local.time())
        }
    }
}

/// Creates or updates an announcement, then returns to the organiser's list.
#[server(endpoint = "announcements/save")]
pub async fn save_announcement(
    announcement_id: Option<crate::features::announcements::types::AnnouncementId>,
    form: AnnouncementForm,
) -> Result<(), AppError> {
    use super::store::NewAnnouncement;

    use crate::db::StoreError;
    use crate::features::accounts::policy::{allow_form, Action};
    use crate::features::forums::types::ForumId;
    use crate::server::{internal, reject};
    let kept = form.kept();
    let keep: Vec<(&str, &str)> = kept.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    allow_form(Action::UseOrganiserScreens, &keep).await?;
    let draft = form
        .parse()
        .map_err(|e| reject(AppError::Invalid(e), &keep))?;
    let published_at = publication_instant(&draft).ok_or_else(|| {
        reject(
            AppError::Invalid(vec![FieldError::new("published_at", "error.time_skipped")]),
            &keep,
        )
    })?;
    let state = crate::state::app_state()?;
    let store = state.store.as_ref();
    // The post as it is now: whoever changes it must be allowed to change that, too.
    if let Some(id) = announcement_id {
        let old = store
            .announcement(id)
            .await?
            .ok_or_else(|| reject(AppError::NotFound, &keep))?;
        allow_form(object_action(store, id, old.forum_id).await?, &keep).await?;
    }
    // A forum's post belongs to the forum's series; a series-wide post keeps its series (a new
    // one goes to the series the public pages show).
    let series = match draft.forum_id {
        Some(forum) => {
            let forum = store.forum_by_id(ForumId(forum)).await?.ok_or_else(|| {
                reject(
                    AppError::Invalid(vec![FieldError::new("forum_id", "error.invalid")]),
                    &keep,
                )
            })?;
            allow_form(Action::EditForum(forum.summary.id), &keep).await?;
            forum.series_id
        }
        None => {
            // The series the form names; else the post's own; else the one the public pages show.
            let kept_series = match (draft.series_id, announcement_id) {
                (Some(series), _) => {
                    let named = store.series(crate::ids::SeriesId(series)).await?;
                    Some(named.map(|s| s.id).ok_or_else(|| {
                        reject(
                            AppError::Invalid(vec![FieldError::new("forum_id", "error.invalid")]),
                            &keep,
                        )
                    })?)
                }
                (None, Some(id)) => store.entity_series("announcement", id.0).await?,
                (None, None) => None,
            };
            let series = match kept_series {
                Some(series) => series,
                None => store.first_series().await?.ok_or(AppError::NotFound)?.id,
            };
            allow_form(Action::EditSeries(series), &keep).await?;
            series
        }
    };
    let record = NewAnnouncement {
        series_id: series,
        forum_id: draft.forum_id.map(ForumId),
        title: draft.title,
        body: draft.body,
        locale: draft.locale,
        published: draft.published,
        published_at,
        pinned: draft.pinned,
    };
    match store.save_announcement(announcement_id, &record).await {
        Ok(_) => {
            leptos_axum::redirect("/organiser/announcements");
            Ok(())
        }
        Err(StoreError::NotFound) => Err(reject(AppError::NotFound, &keep)),
        Err(e) => Err(internal(e)),
    }
}

#[server(endpoint = "announcements/delete")]
pub async fn delete_announcement(
    announcement_id: crate::features::announcements::types::AnnouncementId,
) -> Result<(), AppError> {
    use crate::db::StoreError;
    use crate::features::accounts::policy::{allow_form, Action};
    use crate::server::{internal, reject};
    allow_form(Action::UseOrganiserScreens, &[]).await?;
    let state = crate::state::app_state()?;
    let store = state.store.as_ref();
    let old = store
        .announcement(announcement_id)
        .await?
        .ok_or_else(|| reject(AppError::NotFound, &[]))?;
    allow_form(
        object_action(store, announcement_id, old.forum_id).await?,
        &[],
    )
    .await?;
    match state.store.delete_announcement(announcement_id).await {
        Ok(()) => {
            leptos_axum::redirect("/organiser/announcements");
            Ok(())
        }
        Err(StoreError::NotFound) => Err(reject(AppError::NotFound, &[])),
        Err(e) => Err(internal(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_parses_and_bad_fields_are_named() {
        let form = AnnouncementForm {
            title: "Registration is open".into(),
            body: "Register **now**.".into(),
            locale: "sq".into(),
            status: "published".into(),
            published_at: "2026-12-01T09:30".into(),
            pinned: Some("on".into()),
            ..Default::default()
        };
        let draft = form.parse().expect("valid");
        assert!(draft.pinned && draft.published);
        assert_eq!(
            draft.published_local.map(|t| t.to_string()),
            Some("2026-12-01 09:30:00".into())
        );
        let bad = AnnouncementForm {
            forum_id: "x".into(),
            status: "live".into(),
            published_at: "tomorrow".into(),
            ..Default::default()
        };
        let fields: Vec<String> = bad
            .parse()
            .expect_err("bad")
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            vec![
                "title",
                "body",
                "forum_id",
                "locale",
                "status",
                "published_at"
            ]
        );
    }
}
