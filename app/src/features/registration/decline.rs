//! "I cannot come": an invitee answers from the invitation's link (in the email or on the
//! registration page) without registering, and may name a colleague to invite instead; the
//! colleague's invitation waits for the organisers' approval. The invitation's code is the
//! authority (as the registration form's); a wrong code changes nothing.

use super::invitation_states::InvitationState;
use crate::error::AppError;
use crate::features::forums::types::ForumSummary;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeclinePageData {
    pub forum: ForumSummary,
    /// `None` when the code is not one of this forum's invitations.
    pub state: Option<InvitationState>,
    pub full_name: String,
    pub answer_by: Option<NaiveDate>,
    /// The colleague proposed when this invitee declined, if any.
    pub colleague: Option<String>,
}

/// What the decline form sends (`form[...]`); every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeclineForm {
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub colleague_name: String,
    #[serde(default)]
    pub colleague_email: String,
    #[serde(default)]
    pub colleague_organisation: String,
}

#[cfg(feature = "ssr")]
async fn found(
    state: &crate::state::AppState,
    forum: crate::ids::ForumId,
    invite: &str,
) -> Result<Option<super::records::InvitationRecord>, AppError> {
    use crate::features::accounts::auth::token_hash;
    let Some(code) = super::mail::normalise_code(invite) else {
        return Ok(None);
    };
    Ok(state
        .store
        .invitation_by_code(&token_hash(&code))
        .await?
        .filter(|i| i.forum_id == forum && i.state != "proposed"))
}

#[server(endpoint = "forums/decline-page")]
pub async fn load_decline_page(slug: String, invite: String) -> Result<DeclinePageData, AppError> {
    use super::invitation_mail::answer_by_day;
    use super::invitation_states::state_of;
    let state = crate::state::app_state()?;
    let store = state.store.as_ref();
    let forum = super::api::support::public_forum(store, &slug).await?;
    let id = forum.summary.id;
    let settings = store.invitation_settings(id).await?;
    let invitation = found(&state, id, &invite).await?;
    let colleague = match &invitation {
        Some(i) if i.state == "declined" => store
            .invitations(id)
            .await?
            .into_iter()
            .find(|c| c.proposed_by == Some(i.id))
            .map(|c| c.full_name),
        _ => None,
    };
    let zone = forum.summary.time_zone.clone();
    let mut one = [forum.summary];
    crate::features::forums::content::localise_forums(
        store,
        &mut one,
        crate::locale::request_locale(),
    )
    .await?;
    let [forum] = one;
    Ok(DeclinePageData {
        forum,
        state: invitation.as_ref().map(|i| {
            state_of(
                &i.state,
                i.registration_id.is_some(),
                settings.answer_by,
                crate::clock::now(),
            )
        }),
        full_name: invitation.map(|i| i.full_name).unwrap_or_default(),
        answer_by: settings.answer_by.map(|at| answer_by_day(at, &zone)),
        colleague,
    })
}

/// Declines the invitation `invite` of forum `slug`, proposing a colleague when one is named.
#[server(endpoint = "invitations/decline")]
pub async fn decline_invitation(
    slug: String,
    invite: String,
    form: Option<DeclineForm>,
) -> Result<(), AppError> {
    use super::invitation_states::{state_of, InvitationState};
    use super::invitation_store::Colleague;
    use crate::error::FieldError;
    use crate::features::accounts::auth::token_hash;
    use crate::features::accounts::types::EmailAddress;
    use crate::server::reject;
    let form = form.unwrap_or_default();
    let keep = [
        ("form[note]", form.note.as_str()),
        ("form[colleague_name]", form.colleague_name.as_str()),
        ("form[colleague_email]", form.colleague_email.as_str()),
        (
            "form[colleague_organisation]",
            form.colleague_organisation.as_str(),
        ),
    ];
    let state = crate::state::app_state()?;
    let store = state.store.as_ref();
    let forum = super::api::support::public_forum(store, &slug)
        .await
        .map_err(|e| reject(e, &keep))?;
    let id = forum.summary.id;
    let invitation = found(&state, id, &invite)
        .await?
        .ok_or_else(|| reject(AppError::NotFound, &keep))?;
    let settings = store.invitation_settings(id).await?;
    let now = crate::clock::now();
    let conflict = |key: &str| Err(reject(AppError::Conflict(key.into()), &keep));
    match state_of(
        &invitation.state,
        invitation.registration_id.is_some(),
        settings.answer_by,
        now,
    ) {
        InvitationState::Invited => {}
        InvitationState::Registered => return conflict("error.invitation_used"),
        InvitationState::Expired => return conflict("error.invitation_expired"),
        _ => return conflict("decline.error.answered"),
    }
    let mut errors = Vec::new();
    let note = crate::text::text_field(&mut errors, "note", &form.note, 1_000, false);
    let named = [
        &form.colleague_name,
        &form.colleague_email,
        &form.colleague_organisation,
    ]
    .iter()
    .any(|v| !v.trim().is_empty());
    let name = crate::text::line_field(
        &mut errors,
        "colleague_name",
        &form.colleague_name,
        200,
        named,
    );
    let organisation = crate::text::line_field(
        &mut errors,
        "colleague_organisation",
        &form.colleague_organisation,
        200,
        false,
    );
    let email = if named {
        match EmailAddress::parse(form.colleague_email.trim()) {
            Ok(a) if a.as_str().eq_ignore_ascii_case(invitation.email.trim()) => {
                errors.push(FieldError::new(
                    "colleague_email",
                    "decline.error.same_address",
                ));
                None
            }
            Ok(a) => Some(a),
            Err(key) => {
                errors.push(FieldError::new("colleague_email", key));
                None
            }
        }
    } else {
        None
    };
    if !errors.is_empty() {
        return Err(reject(AppError::Invalid(errors), &keep));
    }
    let salt = state.secret.new_salt();
    let code = super::mail::invitation_code(&state.secret, &salt);
    let hash = token_hash(&code);
    let colleague = email.as_ref().map(|email| Colleague {
        salt: &salt,
        code_hash: &hash,
        full_name: &name,
        email: email.as_str(),
        organisation: &organisation,
    });
    if !store
        .decline_invitation(invitation.id, &note, colleague.as_ref(), now)
        .await?
    {
        return conflict("decline.error.answered");
    }
    // The place the invitation held may go to someone waiting.
    super::invitation_actions::release_places(&state, &forum, false, crate::clock::now()).await?;
    tracing::info!(
        forum = id.0,
        invitation = invitation.id,
        colleague = colleague.is_some(),
        "invitation declined"
    );
    let code = super::mail::normalise_code(&invite).unwrap_or_default();
    leptos_axum::redirect(&format!("/forums/{slug}/decline?invite={code}"));
    Ok(())
}
