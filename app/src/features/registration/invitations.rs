//! Personal invitations for invitation-only forums: organisers create them (for a person, or as
//! codes to hand out), the link or code lets one person register, and the list shows who
//! answered (registered, declined, expired, proposed colleagues). Codes are derived from the
//! server's key, so the list can show every link again.

use super::invitation_states::InvitationState;
use crate::error::AppError;
use crate::features::forums::types::{ForumSummary, StakeholderGroup};
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One invitation in the organiser's list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvitationRow {
    pub id: i64,
    pub full_name: String,
    pub email: String,
    pub organisation: String,
    pub group: String,
    pub code: String,
    pub link: String,
    pub state: InvitationState,
    pub decline_note: String,
    /// Who proposed this colleague (the name on the declined invitation).
    pub proposed_by: Option<String>,
    pub reminders: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvitationsAdmin {
    pub forum: ForumSummary,
    pub groups: Vec<StakeholderGroup>,
    pub invitation_only: bool,
    /// The rows in the chosen state (all when none is chosen).
    pub rows: Vec<InvitationRow>,
    pub state: Option<InvitationState>,
    /// How many invitations are in each state.
    pub counts: Vec<(InvitationState, usize)>,
    /// Open invitations with an address (those a reminder reaches).
    pub unanswered: usize,
    /// The answer-by day (`YYYY-MM-DD`, in the forum's zone) and the automatic reminder.
    pub answer_by: Option<NaiveDate>,
    pub reminder_days: Option<i64>,
}

/// Every invitation of a forum with its state, for the list and its export.
#[cfg(feature = "ssr")]
pub(crate) async fn rows(
    state: &crate::state::AppState,
    forum: &ForumSummary,
    groups: &[StakeholderGroup],
    answer_by: Option<chrono::DateTime<chrono::Utc>>,
) -> Result<Vec<InvitationRow>, AppError> {
    use super::invitation_states::state_of;
    use super::mail::invitation_code;
    let all = state.store.invitations(forum.id).await?;
    let now = crate::clock::now();
    Ok(all
        .iter()
        .map(|i| {
            let code = invitation_code(&state.secret, &i.salt);
            InvitationRow {
                id: i.id,
                group: groups
                    .iter()
                    .find(|g| Some(g.id.0) == i.group_id)
                    .map(|g| g.name.clone())
                    .unwrap_or_default(),
                link: format!(
                    "{}/forums/{}/register?invite={code}",
                    state.settings.base_url, forum.slug
                ),
                code,
                full_name: i.full_name.clone(),
                email: i.email.clone(),
                organisation: i.organisation.clone(),
                state: state_of(&i.state, i.registration_id.is_some(), answer_by, now),
                decline_note: i.decline_note.clone(),
                proposed_by: i.proposed_by.map(|by| {
                    all.iter()
                        .find(|p| p.id == by)
                        .map(|p| p.full_name.clone())
                        .unwrap_or_default()
                }),
                reminders: i.reminders,
            }
        })
        .collect())
}

#[server(endpoint = "organiser/invitations")]
pub async fn load_invitations(
    slug: String,
    state: Option<String>,
) -> Result<InvitationsAdmin, AppError> {
    use super::invitation_mail::answer_by_day;
    use super::types::RegistrationMode;

    let chosen = state.as_deref().and_then(InvitationState::parse);
    let (state, forum, scope) =
        crate::features::accounts::guard::organiser_forum_read(&slug, &[]).await?;
    // Invitations name people of every country: a team place is needed, not a coordinator's.
    if scope.country.is_some() {
        return Err(crate::server::reject(AppError::Forbidden, &[]));
    }
    let store = state.store.as_ref();
    let locale = crate::locale::request_locale();
    let groups = super::api::support::groups(store, forum.series_id, locale).await?;
    let id = forum.summary.id;
    let settings = store.invitation_settings(id).await?;
    let all = rows(&state, &forum.summary, &groups, settings.answer_by).await?;
    let counts = InvitationState::ALL
        .into_iter()
        .map(|s| (s, all.iter().filter(|r| r.state == s).count()))
        .collect();
    let unanswered = all
        .iter()
        .filter(|r| r.state.open() && !r.email.is_empty())
        .count();
    let rows = all
        .into_iter()
        .filter(|r| chosen.is_none_or(|s| r.state == s))
        .collect();
    let invitation_only = store.registration_mode(id).await? == RegistrationMode::Invitation;
    let zone = forum.summary.time_zone.clone();
    let mut one = [forum.summary];
    crate::features::forums::content::localise_forums(store, &mut one, locale).await?;
    let [forum] = one;
    Ok(InvitationsAdmin {
        forum,
        groups,
        invitation_only,
        rows,
        state: chosen,
        counts,
        unanswered,
        answer_by: settings.answer_by.map(|at| answer_by_day(at, &zone)),
        reminder_days: settings.reminder_days,
    })
}

/// Creates `count` invitations (1 to 200). With an address (then `count` is 1) the invitation is
/// emailed at once in the organiser's current language.
#[server(endpoint = "invitations/create")]
pub async fn create_invitations(
    slug: String,
    full_name: String,
    email: String,
    group_id: String,
    count: String,
) -> Result<(), AppError> {
    use super::invitation_mail::InvitationMailer;
    use super::mail::invitation_code;
    use super::store::InvitationInsert;
    use crate::error::FieldError;
    use crate::features::accounts::auth::token_hash;
    use crate::features::accounts::types::EmailAddress;
    use crate::server::reject;
    let keep = [
        ("form", "invite"),
        ("form[full_name]", full_name.as_str()),
        ("form[email]", email.as_str()),
        ("form[count]", count.as_str()),
    ];
    let (state, forum) = crate::features::accounts::guard::organiser_forum(&slug, &[]).await?;
    let store = state.store.as_ref();
    let mut errors = Vec::new();
    let name = crate::text::line_field(&mut errors, "full_name", &full_name, 200, false);
    let address = match email.trim() {
        "" => None,
        typed => match EmailAddress::parse(typed) {
            Ok(a) => Some(a),
            Err(key) => {
                errors.push(FieldError::new("email", key));
                None
            }
        },
    };
    let count = match count.trim() {
        "" => 1,
        n => match n.parse::<u32>() {
            Ok(n) if (1..=200).contains(&n) => n,
            _ => {
                errors.push(FieldError::new("count", "error.count_invalid"));
                1
            }
        },
    };
    if address.is_some() && count > 1 {
        errors.push(FieldError::new("count", "error.one_per_address"));
    }
    let groups = store.stakeholder_groups(forum.series_id).await?;
    let group = match group_id.trim() {
        "" => None,
        g => match g.parse::<i64>() {
            Ok(g) if groups.iter().any(|x| x.id.0 == g) => Some(g),
            _ => {
                errors.push(FieldError::new("group_id", "error.invalid"));
                None
            }
        },
    };
    if !errors.is_empty() {
        return Err(reject(AppError::Invalid(errors), &keep));
    }
    let locale = crate::locale::request_locale();
    let mailer = InvitationMailer::new(&state, &forum.summary).await?;
    for _ in 0..count {
        let salt = state.secret.new_salt();
        let code = invitation_code(&state.secret, &salt);
        store
            .create_invitation(&InvitationInsert {
                forum: forum.summary.id,
                salt: &salt,
                code_hash: &token_hash(&code),
                full_name: &name,
                email: address.as_ref().map_or("", |a| a.as_str()),
                group,
            })
            .await?;
        if let Some(address) = &address {
            let mail = mailer.letter(locale, address.as_str(), &name, &code, false);
            store.queue_mail(&mail).await?;
        }
    }
    Ok(())
}

/// Withdraws an invitation nobody has used.
#[server(endpoint = "invitations/delete")]
pub async fn delete_invitation(
    slug: String,
    invitation_id: super::types::InvitationId,
) -> Result<(), AppError> {
    use crate::db::StoreError;
    use crate::server::{internal, reject};
    let (state, forum) = crate::features::accounts::guard::organiser_forum(&slug, &[]).await?;
    match state
        .store
        .delete_invitation(forum.summary.id, invitation_id.0)
        .await
    {
        Ok(()) => {
            super::invitation_actions::release_places(&state, &forum, false, crate::clock::now())
                .await?;
            Ok(())
        }
        Err(StoreError::NotFound) => Err(reject(AppError::NotFound, &[])),
        Err(e) => Err(internal(e)),
    }
}
