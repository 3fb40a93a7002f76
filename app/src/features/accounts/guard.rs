//! The organiser guard: loads the forum an organiser screen or action is about, then asks the
//! policy (`policy.rs`) for `ReadForum` or `EditForum` on it. A refusal carries `keep` (the
//! form's fields) back to a form posted without JavaScript.

use crate::error::AppError;
use crate::features::accounts::policy::{allow_form, authorize, current_who, Action, Who};
use crate::features::accounts::types::AccountView;
use crate::ids::ForumId;
use crate::server::reject;
use crate::state::AppState;
use crate::store::records::ForumRecord;

/// What the signed-in account may do with one forum.
#[derive(Debug, Clone)]
pub struct ForumScope {
    pub account: AccountView,
    /// Reads only (a read-only team place, or a country coordinator).
    pub read_only: bool,
    /// A country coordinator sees only registrations from this country.
    pub country: Option<String>,
}

impl ForumScope {
    /// Refuses a write to a read-only scope.
    pub fn writable(&self) -> Result<(), AppError> {
        if self.read_only {
            Err(AppError::Forbidden)
        } else {
            Ok(())
        }
    }
}

/// The scope of `account` on `forum`, as the policy grants `ReadForum` (any place on it).
pub async fn forum_scope(
    state: &AppState,
    account: AccountView,
    forum: ForumId,
) -> Result<ForumScope, AppError> {
    let who = Who::Account(account.clone());
    let grant = authorize(state.store.as_ref(), &who, Action::ReadForum(forum)).await?;
    Ok(ForumScope {
        account,
        read_only: grant.read_only,
        country: grant.country,
    })
}

/// The signed-in organiser's state and the forum at `slug`, for a change (`EditForum`).
pub async fn organiser_forum(
    slug: &str,
    keep: &[(&str, &str)],
) -> Result<(AppState, ForumRecord), AppError> {
    let (state, forum) = forum_at(slug, keep).await?;
    allow_form(Action::EditForum(forum.summary.id), keep).await?;
    Ok((state, forum))
}

/// The forum at `slug` and what the signed-in organiser may see of it (`ReadForum`).
pub async fn organiser_forum_read(
    slug: &str,
    keep: &[(&str, &str)],
) -> Result<(AppState, ForumRecord, ForumScope), AppError> {
    let (state, forum) = forum_at(slug, keep).await?;
    let (account, grant) = allow_form(Action::ReadForum(forum.summary.id), keep).await?;
    Ok((
        state,
        forum,
        ForumScope {
            account,
            read_only: grant.read_only,
            country: grant.country,
        },
    ))
}

/// The forum at `slug` for a signed-in account (401 first, so nobody learns which forums
/// exist by their drafts' addresses); 404 when there is none.
async fn forum_at(slug: &str, keep: &[(&str, &str)]) -> Result<(AppState, ForumRecord), AppError> {
    let state = crate::state::app_state()?;
    if matches!(current_who().await?, Who::Anonymous) {
        return Err(reject(AppError::Unauthenticated, keep));
    }
    let forum = state
        .store
        .forum_by_slug(slug)
        .await?
        .ok_or_else(|| reject(AppError::NotFound, keep))?;
    Ok((state, forum))
}

/// The forum with id `forum` for a change by the signed-in organiser (`EditForum`).
pub async fn organiser_forum_by_id(
    forum: ForumId,
    keep: &[(&str, &str)],
) -> Result<(AppState, AccountView), AppError> {
    let state = crate::state::app_state()?;
    if matches!(current_who().await?, Who::Anonymous) {
        return Err(reject(AppError::Unauthenticated, keep));
    }
    if state.store.forum_by_id(forum).await?.is_none() {
        return Err(reject(AppError::NotFound, keep));
    }
    let (account, _) = allow_form(Action::EditForum(forum), keep).await?;
    Ok((state, account))
}

/// Writes one access-log line; what it logs happens only when the line is written.
pub async fn log_access(
    state: &AppState,
    account: Option<&AccountView>,
    action: crate::features::accounts::access_log::AccessAction,
    forum: Option<ForumId>,
    registration: Option<i64>,
    detail: &str,
    address: Option<std::net::IpAddr>,
) -> Result<(), AppError> {
    use crate::features::accounts::access_log::AccessEntry;
    let address = address.map(|a| a.to_string()).unwrap_or_default();
    let entry = AccessEntry {
        account: account.map(|a| a.id),
        actor: account.map(|a| a.email.as_str()).unwrap_or("participant"),
        action,
        forum,
        registration,
        detail,
        address: &address,
    };
    state
        .store
        .log_access(&entry, crate::clock::now())
        .await
        .map_err(crate::server::internal)
}

/// The client address of the current server-function request, as the access log records it.
pub fn request_address(state: &AppState) -> Option<std::net::IpAddr> {
    crate::request::current_client(&state.settings.limits.trusted_proxies)
}

/// The access-log line of an organiser opening one registration.
pub async fn log_registration_view(
    state: &AppState,
    scope: &ForumScope,
    forum: ForumId,
    registration: i64,
) -> Result<(), AppError> {
    log_access(
        state,
        Some(&scope.account),
        crate::features::accounts::access_log::AccessAction::ViewRegistration,
        Some(forum),
        Some(registration),
        "",
        request_address(state),
    )
    .await
}
