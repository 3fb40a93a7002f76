//! The organiser guard: the one check before any organiser screen or action of a forum. The
//! account must be an organiser or an admin and the forum must exist; a refusal carries `keep`
//! (the form's fields) back to a form posted without JavaScript.

use crate::error::AppError;
use crate::features::accounts::{auth::require_role, types::Role};
use crate::server::reject;
use crate::state::AppState;
use crate::store::records::ForumRecord;

/// The signed-in organiser's state and the forum at `slug`.
pub async fn organiser_forum(
    slug: &str,
    keep: &[(&str, &str)],
) -> Result<(AppState, ForumRecord), AppError> {
    require_role(&[Role::Admin, Role::Organiser])
        .await
        .map_err(|e| reject(e, keep))?;
    let state = crate::state::app_state()?;
    let forum = state
        .store
        .forum_by_slug(slug)
        .await?
        .ok_or_else(|| reject(AppError::NotFound, keep))?;
    Ok((state, forum))
}
