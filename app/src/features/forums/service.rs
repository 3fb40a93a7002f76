//! Forum lookups of the server functions that show a forum's page and its parts (news,
//! documents): who may see which forum.

use crate::error::AppError;
use crate::store::records::ForumRecord;
use crate::store::Store;

/// A forum whose page the reader may see: published in a published series, or any forum for
/// organisers and admins (who preview drafts). `NotFound` otherwise, as for a wrong address.
pub async fn viewable_forum(store: &dyn Store, slug: &str) -> Result<ForumRecord, AppError> {
    if slug.len() > 200 {
        return Err(AppError::NotFound);
    }
    match super::content::public_forum(store, slug).await {
        Err(AppError::NotFound) => {}
        other => return other,
    }
    // A draft is previewed by those who may open its organiser screens; to anyone else it does
    // not exist.
    use crate::features::accounts::policy::{authorize, current_who, Action};
    let forum = store.forum_by_slug(slug).await?.ok_or(AppError::NotFound)?;
    let who = current_who().await?;
    if authorize(store, &who, Action::ReadForum(forum.summary.id))
        .await
        .is_err()
    {
        return Err(AppError::NotFound);
    }
    Ok(forum)
}

/// The version string a new registration of `series` stores: the newest notice's.
pub async fn current_notice_label(
    state: &crate::state::AppState,
    series: i64,
) -> Result<String, crate::error::AppError> {
    let version = state
        .store
        .notice_versions(series)
        .await?
        .first()
        .map(|v| v.0)
        .unwrap_or(0);
    Ok(crate::features::forums::notices::version_label(
        series, version,
    ))
}
