//! The organiser guard: the one check before any organiser screen or action of a forum. The
//! account must be an organiser or an admin, the forum must exist, and an organiser must be on
//! the forum's team, lead the forum's series (which manages all of its forums), or coordinate
//! its country in the series (which reads that country's registrations only). Writes need a team place that is not read-only. A refusal carries `keep`
//! (the form's fields) back to a form posted without JavaScript.

use crate::error::AppError;
use crate::features::accounts::{auth::require_role, types::AccountView, types::Role};
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

/// The scope of `account` on `forum`: admins manage every forum, organisers their teams' and
/// their led series'.
pub async fn forum_scope(
    state: &AppState,
    account: AccountView,
    forum: ForumId,
) -> Result<ForumScope, AppError> {
    if account.role == Role::Admin {
        return Ok(ForumScope {
            account,
            read_only: false,
            country: None,
        });
    }
    if account.role != Role::Organiser {
        return Err(AppError::Forbidden);
    }
    let store = state.store.as_ref();
    if let Some(read_only) = store.team_access(forum, account.id).await? {
        return Ok(ForumScope {
            account,
            read_only,
            country: None,
        });
    }
    if store.leads_forum(forum, account.id).await? {
        return Ok(ForumScope {
            account,
            read_only: false,
            country: None,
        });
    }
    match store.coordinated_country(forum, account.id).await? {
        Some(country) => Ok(ForumScope {
            account,
            read_only: true,
            country: Some(country),
        }),
        None => Err(AppError::Forbidden),
    }
}

/// The signed-in organiser's state and the forum at `slug`, for a change: a full team place.
pub async fn organiser_forum(
    slug: &str,
    keep: &[(&str, &str)],
) -> Result<(AppState, ForumRecord), AppError> {
    let (state, forum, scope) = organiser_forum_read(slug, keep).await?;
    if scope.read_only || scope.country.is_some() {
        return Err(reject(AppError::Forbidden, keep));
    }
    Ok((state, forum))
}

/// The forum at `slug` and what the signed-in organiser may see of it (any team place).
pub async fn organiser_forum_read(
    slug: &str,
    keep: &[(&str, &str)],
) -> Result<(AppState, ForumRecord, ForumScope), AppError> {
    let account = require_role(&[Role::Admin, Role::Organiser])
        .await
        .map_err(|e| reject(e, keep))?;
    let state = crate::state::app_state()?;
    let forum = state
        .store
        .forum_by_slug(slug)
        .await?
        .ok_or_else(|| reject(AppError::NotFound, keep))?;
    let scope = forum_scope(&state, account, forum.summary.id)
        .await
        .map_err(|e| reject(e, keep))?;
    Ok((state, forum, scope))
}

/// The forum with id `forum` for a change by the signed-in organiser (full team place).
pub async fn organiser_forum_by_id(
    forum: ForumId,
    keep: &[(&str, &str)],
) -> Result<(AppState, AccountView), AppError> {
    let account = require_role(&[Role::Admin, Role::Organiser])
        .await
        .map_err(|e| reject(e, keep))?;
    let state = crate::state::app_state()?;
    if state.store.forum_by_id(forum).await?.is_none() {
        return Err(reject(AppError::NotFound, keep));
    }
    let scope = forum_scope(&state, account, forum)
        .await
        .map_err(|e| reject(e, keep))?;
    if scope.read_only || scope.country.is_some() {
        return Err(reject(AppError::Forbidden, keep));
    }
    Ok((state, scope.account))
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
        .log_access(&entry, chrono::Utc::now())
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
