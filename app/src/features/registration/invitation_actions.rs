//! The organiser's hold on answers: the forum's answer-by date and automatic reminder, a
//! reminder by hand to everyone who has not answered, and approving a colleague someone
//! proposed when they declined. The forum's team only (`EditForum`, no country coordinator).

use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
async fn team_forum(
    slug: &str,
    keep: &[(&str, &str)],
) -> Result<(crate::state::AppState, crate::store::records::ForumRecord), AppError> {
    use crate::features::accounts::policy::{allow_form, Action};
    let (state, forum) = crate::features::accounts::guard::organiser_forum(slug, keep).await?;
    let (_, grant) = allow_form(Action::EditForum(forum.summary.id), keep).await?;
    if grant.country.is_some() {
        return Err(crate::server::reject(AppError::Forbidden, keep));
    }
    Ok((state, forum))
}

/// Sets the answer-by day (`YYYY-MM-DD` in the forum's zone, empty for none) and the automatic
/// reminder (days before that day, empty for none).
#[server(endpoint = "invitations/settings")]
pub async fn save_invitation_settings(
    slug: String,
    answer_by: String,
    reminder_days: String,
) -> Result<(), AppError> {
    use super::invitation_mail::answer_by_instant;
    use super::invitation_store::InvitationSettings;
    use crate::error::FieldError;
    use crate::server::reject;
    let keep = [
        ("form", "answers"),
        ("form[answer_by]", answer_by.as_str()),
        ("form[reminder_days]", reminder_days.as_str()),
    ];
    let (state, forum) = team_forum(&slug, &keep).await?;
    let mut errors = Vec::new();
    let zone = forum.summary.time_zone.clone();
    let answer_by = match answer_by.trim() {
        "" => None,
        day => match chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
            .ok()
            .and_then(|d| answer_by_instant(d, &zone))
        {
            Some(at) => Some(at),
            None => {
                errors.push(FieldError::new("answer_by", "error.date_invalid"));
                None
            }
        },
    };
    let reminder_days = match reminder_days.trim() {
        "" => None,
        n => match n.parse::<i64>() {
            Ok(n) if (1..=60).contains(&n) => Some(n),
            _ => {
                errors.push(FieldError::new("reminder_days", "invitations.error.days"));
                None
            }
        },
    };
    if reminder_days.is_some() && answer_by.is_none() {
        errors.push(FieldError::new(
            "reminder_days",
            "invitations.error.days_need_date",
        ));
    }
    if !errors.is_empty() {
        return Err(reject(AppError::Invalid(errors), &keep));
    }
    state
        .store
        .set_invitation_settings(
            forum.summary.id,
            &InvitationSettings {
                answer_by,
                reminder_days,
            },
        )
        .await?;
    release_places(&state, &forum, false, crate::clock::now()).await?;
    Ok(())
}

/// Reminds every open invitation with an address (not reminded in the last hour), each in its
/// invitee's language; the page then says how many went.
#[server(endpoint = "invitations/remind")]
pub async fn remind_invitations(slug: String) -> Result<(), AppError> {
    use super::invitation_mail::InvitationMailer;
    use super::invitation_states::{state_of, InvitationState};
    let (state, forum) = team_forum(&slug, &[]).await?;
    let store = state.store.as_ref();
    let id = forum.summary.id;
    let settings = store.invitation_settings(id).await?;
    let now = crate::clock::now();
    let mailer = InvitationMailer::new(&state, &forum.summary).await?;
    let locale = crate::locale::request_locale();
    let reminders: Vec<_> = store
        .invitations(id)
        .await?
        .into_iter()
        .filter(|i| {
            !i.email.is_empty()
                && state_of(
                    &i.state,
                    i.registration_id.is_some(),
                    settings.answer_by,
                    now,
                ) == InvitationState::Invited
        })
        .map(|i| (i.id, mailer.letter_for(&i, locale, true)))
        .collect();
    let sent = store.remind_invitations(id, &reminders, false, now).await?;
    tracing::info!(forum = id.0, sent, "invitation reminders queued");
    leptos_axum::redirect(&format!(
        "/organiser/forums/{}/invitations?reminded={sent}",
        forum.summary.slug
    ));
    Ok(())
}

/// Invites a colleague someone proposed when they declined: the invitation is sent at once.
#[server(endpoint = "invitations/approve")]
pub async fn approve_colleague(slug: String, invitation_id: i64) -> Result<(), AppError> {
    use super::invitation_mail::InvitationMailer;
    use crate::server::reject;
    let (state, forum) = team_forum(&slug, &[]).await?;
    let store = state.store.as_ref();
    let id = forum.summary.id;
    let proposal = store
        .invitations(id)
        .await?
        .into_iter()
        .find(|i| i.id == invitation_id && i.state == "proposed")
        .ok_or_else(|| reject(AppError::NotFound, &[]))?;
    let mailer = InvitationMailer::new(&state, &forum.summary).await?;
    let mail = mailer.letter_for(&proposal, crate::locale::request_locale(), false);
    if !store
        .approve_proposal(id, proposal.id, &mail, crate::clock::now())
        .await?
    {
        return Err(reject(AppError::NotFound, &[]));
    }
    Ok(())
}

/// Sends on to the waiting list the places open invitations of `forum` no longer hold (with
/// `settle`: once its answer-by date has passed); each promoted participant is told.
#[cfg(feature = "ssr")]
pub async fn release_places(
    state: &crate::state::AppState,
    forum: &crate::store::records::ForumRecord,
    settle: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<usize, AppError> {
    let mailer = super::mailer::Mailer::for_record(state, forum).await?;
    let promoted = state
        .store
        .release_held_places(forum.summary.id, now, &|r, m| mailer.write(r, m), settle)
        .await?;
    if !promoted.is_empty() {
        tracing::info!(
            forum = forum.summary.id.0,
            promoted = promoted.len(),
            "held places released"
        );
    }
    Ok(promoted.len())
}

/// Releases the places held past an answer-by date, then sends the automatic reminders that
/// are due (once per invitation, even with several servers): how many went.
#[cfg(feature = "ssr")]
pub async fn send_due(
    state: &crate::state::AppState,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<usize, AppError> {
    use super::invitation_mail::InvitationMailer;
    use super::invitation_states::reminder_due;
    let store = state.store.as_ref();
    for forum in store.forums_past_answer_by(now).await? {
        if let Some(record) = store.forum_by_id(forum).await? {
            release_places(state, &record, true, now).await?;
        }
    }
    let waiting = store.awaiting_automatic_reminder(now).await?;
    let mut sent = 0;
    let mut forums: Vec<crate::ids::ForumId> = waiting.iter().map(|i| i.forum_id).collect();
    forums.dedup();
    for forum_id in forums {
        let settings = store.invitation_settings(forum_id).await?;
        let (Some(answer_by), Some(days)) = (settings.answer_by, settings.reminder_days) else {
            continue;
        };
        if !reminder_due(answer_by, days, now) {
            continue;
        }
        let Some(forum) = store.forum_by_id(forum_id).await? else {
            continue;
        };
        let mailer = InvitationMailer::new(state, &forum.summary).await?;
        let reminders: Vec<_> = waiting
            .iter()
            .filter(|i| i.forum_id == forum_id)
            .map(|i| {
                (
                    i.id,
                    mailer.letter_for(i, crate::i18n::Locale::default(), true),
                )
            })
            .collect();
        sent += store
            .remind_invitations(forum_id, &reminders, true, now)
            .await?;
    }
    Ok(sent)
}
