//! Messages' server functions: the forum's messages, one message with its audience, previews and
//! progress, and the changes (save a draft, send a test, send or schedule, cancel, delete). All
//! of them are the forum editors' (`EditForum`); a participant reads what they received.

#[cfg(feature = "ssr")]
use super::api_support as support;
use super::types::MessageForm;
pub use super::types::{
    ComposeOptions, ComposePage, MessageAdmin, MessageLine, MessagesAdmin, Preview, RecipientLine,
};
use super::types::{MessageState, Received};
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "organiser/messages")]
pub async fn load_messages(slug: String) -> Result<MessagesAdmin, AppError> {
    let (state, forum) = crate::features::accounts::guard::organiser_forum(&slug, &[]).await?;
    let locale = crate::locale::request_locale();
    let store = state.store.as_ref();
    let zone = crate::features::forums::time::parse_zone(&forum.summary.time_zone);
    let mut messages = Vec::new();
    for m in store.messages(forum.summary.id).await? {
        let progress = store.message_progress(&m).await?;
        messages.push(MessageLine {
            id: m.id,
            subject: m
                .text_for(locale.code())
                .map(|(_, t)| t.subject.clone())
                .unwrap_or_default(),
            state: m.state,
            author: m.author_name.clone(),
            when: support::local(m.sent_at.or(m.send_at), zone),
            recipients: m.recipients,
            progress,
        });
    }
    Ok(MessagesAdmin {
        forum: support::localised(store, forum.summary, locale).await?,
        messages,
    })
}

#[server(endpoint = "organiser/message-form")]
pub async fn load_compose(slug: String, message_id: i64) -> Result<ComposePage, AppError> {
    let (state, forum) = crate::features::accounts::guard::organiser_forum(&slug, &[]).await?;
    let locale = crate::locale::request_locale();
    let store = state.store.as_ref();
    let options = support::options(&state, &forum, locale).await?;
    let form = if message_id == 0 {
        MessageForm {
            statuses: [("confirmed".to_string(), "on".to_string())].into(),
            logistics: "on".into(),
            fallback_locale: forum.summary.default_locale.clone(),
            ..MessageForm::default()
        }
    } else {
        let m = store
            .message(forum.summary.id, message_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if m.state != MessageState::Draft {
            return Err(AppError::Conflict("messages.error.not_draft".into()));
        }
        support::form_of(&m)
    };
    Ok(ComposePage {
        forum: support::localised(store, forum.summary, locale).await?,
        options,
        form,
    })
}

#[server(endpoint = "organiser/message")]
pub async fn load_message(slug: String, message_id: i64) -> Result<MessageAdmin, AppError> {
    let (state, forum) = crate::features::accounts::guard::organiser_forum(&slug, &[]).await?;
    let locale = crate::locale::request_locale();
    let m = state
        .store
        .message(forum.summary.id, message_id)
        .await?
        .ok_or(AppError::NotFound)?;
    support::message_admin(&state, forum, m, locale).await
}

/// Saves the compose form as a draft (a new one when `message_id` is empty) and opens it.
#[server(endpoint = "messages/save")]
pub async fn save_message(
    slug: String,
    message_id: String,
    form: MessageForm,
) -> Result<(), AppError> {
    use super::store::MessageWrite;
    use crate::server::reject;
    let (state, forum) = crate::features::accounts::guard::organiser_forum(&slug, &[]).await?;
    let keep = support::keep(&form);
    let keep: Vec<(&str, &str)> = keep.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let store = state.store.as_ref();
    let groups: Vec<i64> = store
        .stakeholder_groups(forum.series_id)
        .await?
        .iter()
        .map(|g| g.id.0)
        .collect();
    let lists: Vec<String> =
        crate::features::checkin::ssr::all_lists(store, &forum, crate::i18n::Locale::En)
            .await?
            .into_iter()
            .map(|l| l.key)
            .collect();
    let (audience, texts, fallback) =
        super::service::check(&form, &groups, &lists).map_err(|e| reject(e, &keep))?;
    let author = crate::features::accounts::auth::current_account().await?;
    let write = MessageWrite {
        forum: forum.summary.id,
        author: author.as_ref().map(|a| a.id.0),
        author_name: author.as_ref().map_or("", |a| a.display_name.as_str()),
        audience: &audience,
        texts: &texts,
        fallback_locale: &fallback,
    };
    let now = crate::clock::now();
    let id = match message_id.trim() {
        "" | "0" => store.create_message(&write, now).await?,
        id => {
            let id: i64 = id.parse().map_err(|_| reject(AppError::NotFound, &keep))?;
            if !store.update_draft(id, &write, now).await? {
                return Err(reject(
                    AppError::Conflict("messages.error.not_draft".into()),
                    &keep,
                ));
            }
            id
        }
    };
    leptos_axum::redirect(&format!(
        "/organiser/forums/{}/messages/{id}",
        forum.summary.slug
    ));
    Ok(())
}

/// Sends the draft to the author's own address, once per language it is written in.
#[server(endpoint = "messages/test")]
pub async fn test_message(slug: String, message_id: i64) -> Result<(), AppError> {
    let (state, forum) = crate::features::accounts::guard::organiser_forum(&slug, &[]).await?;
    let store = state.store.as_ref();
    let m = store
        .message(forum.summary.id, message_id)
        .await?
        .ok_or_else(|| crate::server::reject(AppError::NotFound, &[]))?;
    let author = crate::features::accounts::auth::current_account()
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let writer = super::service::Writer::new(&state, &forum).await?;
    for (code, text) in &m.texts {
        let locale = crate::i18n::Locale::from_code(code).unwrap_or_default();
        let mut mail = writer.sample(locale, text, &author.display_name, &author.email);
        mail.subject = format!("[{}] {}", locale.t("messages.test_tag"), mail.subject);
        store.queue_mail(&mail).await?;
    }
    tracing::info!(message = m.id, "test of a message queued to its author");
    leptos_axum::redirect(&format!(
        "/organiser/forums/{}/messages/{}?tested=1",
        forum.summary.slug, m.id
    ));
    Ok(())
}

/// Sends a draft now (`send_at` empty) or schedules it for a time in the forum's zone.
#[server(endpoint = "messages/schedule")]
pub async fn schedule_message(
    slug: String,
    message_id: i64,
    send_at: String,
) -> Result<(), AppError> {
    use crate::error::FieldError;
    use crate::server::reject;
    let keep = [("form", "schedule"), ("form[send_at]", send_at.as_str())];
    let (state, forum) = crate::features::accounts::guard::organiser_forum(&slug, &keep).await?;
    let store = state.store.as_ref();
    let m = store
        .message(forum.summary.id, message_id)
        .await?
        .ok_or_else(|| reject(AppError::NotFound, &keep))?;
    let now = crate::clock::now();
    let at = match send_at.trim() {
        "" => now,
        v => {
            let zone = crate::features::forums::time::parse_zone(&forum.summary.time_zone);
            let at = chrono::NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M")
                .ok()
                .and_then(|l| {
                    crate::features::forums::time::local_to_utc(zone, l.date(), l.time())
                });
            match at {
                Some(at) if at > now => at,
                Some(_) => {
                    return Err(reject(
                        AppError::Invalid(vec![FieldError::new("send_at", "messages.error.past")]),
                        &keep,
                    ))
                }
                None => {
                    return Err(reject(
                        AppError::Invalid(vec![FieldError::new("send_at", "error.date_invalid")]),
                        &keep,
                    ))
                }
            }
        }
    };
    let everyone = store.addressees(forum.summary.id).await?;
    if !everyone
        .iter()
        .any(|a| super::rules::matches(&m.audience, &a.candidate))
    {
        return Err(reject(
            AppError::Conflict("messages.error.nobody".into()),
            &keep,
        ));
    }
    if !store
        .move_message(
            forum.summary.id,
            m.id,
            &[MessageState::Draft],
            MessageState::Scheduled,
            Some(at),
            now,
        )
        .await?
    {
        return Err(reject(
            AppError::Conflict("messages.error.not_draft".into()),
            &keep,
        ));
    }
    tracing::info!(message = m.id, %at, "message scheduled");
    // Sent now: handed to the outbox at once rather than at the job's next look (which would
    // find it sent; the state change decides who sends it).
    if at == now {
        super::service::send_one(&state, &forum, m.id, now).await?;
    }
    leptos_axum::redirect(&format!(
        "/organiser/forums/{}/messages/{}",
        forum.summary.slug, m.id
    ));
    Ok(())
}

/// Stops a scheduled message before it goes: it is a draft again.
#[server(endpoint = "messages/cancel")]
pub async fn cancel_message(slug: String, message_id: i64) -> Result<(), AppError> {
    let (state, forum) = crate::features::accounts::guard::organiser_forum(&slug, &[]).await?;
    let moved = state
        .store
        .move_message(
            forum.summary.id,
            message_id,
            &[MessageState::Scheduled],
            MessageState::Draft,
            None,
            crate::clock::now(),
        )
        .await?;
    if !moved {
        return Err(crate::server::reject(
            AppError::Conflict("messages.error.already_sent".into()),
            &[],
        ));
    }
    leptos_axum::redirect(&format!(
        "/organiser/forums/{}/messages/{message_id}",
        forum.summary.slug
    ));
    Ok(())
}

/// Deletes a draft.
#[server(endpoint = "messages/delete")]
pub async fn delete_message(slug: String, message_id: i64) -> Result<(), AppError> {
    let (state, forum) = crate::features::accounts::guard::organiser_forum(&slug, &[]).await?;
    if !state
        .store
        .delete_message(forum.summary.id, message_id)
        .await?
    {
        return Err(crate::server::reject(
            AppError::Conflict("messages.error.not_draft".into()),
            &[],
        ));
    }
    leptos_axum::redirect(&format!(
        "/organiser/forums/{}/messages",
        forum.summary.slug
    ));
    Ok(())
}

/// The messages the holder of a manage link received.
#[server(endpoint = "registration/messages")]
pub async fn my_messages(token: String) -> Result<Vec<Received>, AppError> {
    let state = crate::state::app_state()?;
    let store = state.store.as_ref();
    let record = crate::features::registration::service::by_token(store, &token).await?;
    Ok(store
        .received(record.id.0)
        .await?
        .into_iter()
        .map(|(subject, sent_at, delivered)| Received {
            subject,
            sent_at,
            delivered,
        })
        .collect())
}
