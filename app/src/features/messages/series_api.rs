//! Series-wide messages, the series' lead's (`EditSeries`): one message written once becomes a
//! draft in each chosen forum of the series (the audience filters a forum's check-in lists
//! aside), listed together with each forum's audience and progress, and sent together. Each
//! part stays an ordinary message of its forum: previewed, tested, cancelled or followed there.

use super::types::{ComposeOptions, MessageForm, MessageState, Progress};
use crate::error::AppError;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One forum's part of a series-wide message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesSendPart {
    pub forum_title: String,
    pub forum_slug: String,
    pub message_id: i64,
    pub state: MessageState,
    /// How many the audience names now (drafts and scheduled), or reached (sent).
    pub recipients: i64,
    pub progress: Progress,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesSend {
    pub id: i64,
    pub subject: String,
    pub author_name: String,
    pub created_at: DateTime<Utc>,
    pub parts: Vec<SeriesSendPart>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesMessagesAdmin {
    pub series_id: i64,
    pub series_title: String,
    /// (id, title) of the series' forums.
    pub forums: Vec<(i64, String)>,
    pub options: ComposeOptions,
    pub form: MessageForm,
    pub sends: Vec<SeriesSend>,
}

#[cfg(feature = "ssr")]
async fn lead_series(
    series_id: i64,
    keep: &[(&str, &str)],
) -> Result<(crate::state::AppState, crate::store::records::SeriesRecord), AppError> {
    use crate::features::accounts::policy::{allow_form, Action};
    let state = crate::state::app_state()?;
    let id = crate::ids::SeriesId(series_id);
    allow_form(Action::EditSeries(id), keep).await?;
    let series = state
        .store
        .series(id)
        .await?
        .ok_or_else(|| crate::server::reject(AppError::NotFound, keep))?;
    Ok((state, series))
}

/// The series' forums (id, title in `locale`, slug).
#[cfg(feature = "ssr")]
async fn series_forums(
    state: &crate::state::AppState,
    series: crate::ids::SeriesId,
    locale: crate::i18n::Locale,
) -> Result<Vec<crate::features::forums::types::ForumSummary>, AppError> {
    let store = state.store.as_ref();
    let ids = store.series_forums(series.0).await?;
    let mut forums: Vec<_> = store
        .list_forums(false)
        .await?
        .into_iter()
        .filter(|f| ids.contains(&f.id))
        .collect();
    crate::features::forums::content::localise_forums(store, &mut forums, locale).await?;
    Ok(forums)
}

#[server(endpoint = "organiser/series-messages")]
pub async fn load_series_messages(series_id: i64) -> Result<SeriesMessagesAdmin, AppError> {
    let (state, series) = lead_series(series_id, &[]).await?;
    let locale = crate::locale::request_locale();
    let store = state.store.as_ref();
    let forums = series_forums(&state, series.id, locale).await?;
    let groups = crate::features::forums::content::stakeholder_groups(store, series.id, locale)
        .await?
        .into_iter()
        .map(|g| (g.id.0, g.name))
        .collect();
    let mut sends: Vec<SeriesSend> = Vec::new();
    for part in store.series_parts(series.id).await? {
        let Some(forum) = forums.iter().find(|f| f.id == part.forum) else {
            continue;
        };
        let Some(m) = store.message(part.forum, part.message).await? else {
            continue;
        };
        let recipients = if m.state == MessageState::Sent {
            m.recipients
        } else {
            let everyone = store.addressees(part.forum).await?;
            everyone
                .iter()
                .filter(|a| super::rules::matches(&m.audience, &a.candidate))
                .count() as i64
        };
        let line = SeriesSendPart {
            forum_title: forum.title.clone(),
            forum_slug: forum.slug.clone(),
            message_id: m.id,
            state: m.state,
            recipients,
            progress: store.message_progress(&m).await?,
        };
        match sends.iter_mut().find(|s| s.id == part.series_message) {
            Some(send) => send.parts.push(line),
            None => sends.push(SeriesSend {
                id: part.series_message,
                subject: m
                    .text_for(locale.code())
                    .map(|(_, t)| t.subject.clone())
                    .unwrap_or_default(),
                author_name: part.author_name,
                created_at: part.created_at,
                parts: vec![line],
            }),
        }
    }
    Ok(SeriesMessagesAdmin {
        series_id,
        series_title: series.title,
        forums: forums.iter().map(|f| (f.id.0, f.title.clone())).collect(),
        options: ComposeOptions {
            groups,
            lists: Vec::new(),
            default_locale: series.default_locale.clone(),
        },
        form: MessageForm {
            statuses: [("confirmed".to_string(), "on".to_string())].into(),
            logistics: "on".into(),
            fallback_locale: series.default_locale,
            ..MessageForm::default()
        },
        sends,
    })
}

/// Writes the message as a draft in each ticked forum (`forums[f<id>]`), as one series-wide
/// message; the page then lists each forum's draft with its audience.
#[server(endpoint = "series-messages/save")]
pub async fn save_series_message(
    series_id: i64,
    forums: Option<BTreeMap<String, String>>,
    form: MessageForm,
) -> Result<(), AppError> {
    use super::store::MessageWrite;
    use crate::error::FieldError;
    use crate::server::reject;
    let mut keep = super::api_support::keep(&form);
    keep.extend(
        forums
            .iter()
            .flat_map(|m| m.keys())
            .map(|k| (format!("forums[{k}]"), "on".to_string())),
    );
    let keep: Vec<(&str, &str)> = keep.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (state, series) = lead_series(series_id, &keep).await?;
    let store = state.store.as_ref();
    let groups: Vec<i64> = store
        .stakeholder_groups(series.id)
        .await?
        .iter()
        .map(|g| g.id.0)
        .collect();
    let known = series_forums(&state, series.id, crate::i18n::Locale::En).await?;
    let chosen: Vec<crate::ids::ForumId> = known
        .iter()
        .filter(|f| {
            forums
                .as_ref()
                .is_some_and(|m| m.contains_key(&format!("f{}", f.id.0)))
        })
        .map(|f| f.id)
        .collect();
    // A series-wide message names no forum's check-in list.
    let checked = super::service::check(&form, &groups, &[]);
    let mut errors = match &checked {
        Err(AppError::Invalid(e)) => e.clone(),
        Err(other) => return Err(reject(other.clone(), &keep)),
        Ok(_) => Vec::new(),
    };
    if chosen.is_empty() {
        errors.push(FieldError::new("forums", "messages.error.no_forum"));
    }
    let (audience, texts, fallback) = match checked {
        Ok(c) if errors.is_empty() => c,
        _ => return Err(reject(AppError::Invalid(errors), &keep)),
    };
    let author = crate::features::accounts::auth::current_account().await?;
    let author_name = author.as_ref().map_or("", |a| a.display_name.as_str());
    let writes: Vec<MessageWrite<'_>> = chosen
        .iter()
        .map(|forum| MessageWrite {
            forum: *forum,
            author: author.as_ref().map(|a| a.id.0),
            author_name,
            audience: &audience,
            texts: &texts,
            fallback_locale: &fallback,
        })
        .collect();
    let id = store
        .create_series_message(
            series.id,
            author.as_ref().map(|a| a.id.0),
            author_name,
            &writes,
            crate::clock::now(),
        )
        .await?;
    tracing::info!(
        series = series_id,
        message = id,
        forums = writes.len(),
        "series-wide message drafted"
    );
    leptos_axum::redirect(&format!(
        "/organiser/series/{series_id}/messages#series-message-{id}"
    ));
    Ok(())
}

/// Sends every draft part that has an audience now (each through its forum's outbox, once).
#[server(endpoint = "series-messages/send")]
pub async fn send_series_message(series_id: i64, series_message_id: i64) -> Result<(), AppError> {
    use crate::server::reject;
    let (state, series) = lead_series(series_id, &[]).await?;
    let store = state.store.as_ref();
    let parts: Vec<_> = store
        .series_parts(series.id)
        .await?
        .into_iter()
        .filter(|p| p.series_message == series_message_id)
        .collect();
    if parts.is_empty() {
        return Err(reject(AppError::NotFound, &[]));
    }
    let now = crate::clock::now();
    let mut sent = 0;
    for part in parts.iter().filter(|p| p.state == "draft") {
        let Some(m) = store.message(part.forum, part.message).await? else {
            continue;
        };
        let everyone = store.addressees(part.forum).await?;
        if !everyone
            .iter()
            .any(|a| super::rules::matches(&m.audience, &a.candidate))
        {
            continue;
        }
        let moved = store
            .move_message(
                part.forum,
                m.id,
                &[MessageState::Draft],
                MessageState::Scheduled,
                Some(now),
                now,
            )
            .await?;
        if !moved {
            continue;
        }
        let Some(forum) = store.forum_by_id(part.forum).await? else {
            continue;
        };
        super::service::send_one(&state, &forum, m.id, now).await?;
        sent += 1;
    }
    if sent == 0 {
        return Err(reject(
            AppError::Conflict("messages.error.nobody".into()),
            &[],
        ));
    }
    tracing::info!(
        series = series_id,
        message = series_message_id,
        forums = sent,
        "series-wide message sent"
    );
    leptos_axum::redirect(&format!(
        "/organiser/series/{series_id}/messages#series-message-{series_message_id}"
    ));
    Ok(())
}
