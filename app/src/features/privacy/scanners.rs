//! Assigning scanner accounts to a forum's door (admins and the forum's editors).

use crate::error::AppError;
use leptos::prelude::*;

/// Assigns a scanner account to the forum's door until a day (`until`, YYYY-MM-DD, at most a
/// year ahead), or (`until` empty) ends the assignment (admins and the forum's editors).
#[server(endpoint = "organiser/privacy/scanner")]
pub async fn set_scanner(
    slug: String,
    account_id: i64,
    #[server(default)] until: String,
) -> Result<(), AppError> {
    use crate::error::FieldError;
    use crate::features::accounts::access_log::AccessAction;
    use crate::features::accounts::guard;
    use crate::features::accounts::policy::{allow_form, Action};
    use crate::features::accounts::types::Role;
    use crate::server::reject;
    let keep = [("until", until.as_str())];
    let (state, forum, _) = guard::organiser_forum_read(&slug, &keep).await?;
    let (account, _) = allow_form(Action::AssignScanners(forum.summary.id), &keep).await?;
    let until = match until.trim() {
        "" => None,
        day => {
            let today = crate::clock::now().date_naive();
            let day = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
                .ok()
                .filter(|d| *d >= today && *d <= today + chrono::Duration::days(366))
                .ok_or_else(|| {
                    reject(
                        AppError::Invalid(vec![FieldError::new("until", "scanner.until_range")]),
                        &keep,
                    )
                })?;
            Some(day)
        }
    };
    let store = state.store.as_ref();
    let target = store
        .list_accounts()
        .await?
        .into_iter()
        .find(|a| a.id.0 == account_id && a.role == Role::Scanner)
        .ok_or_else(|| reject(AppError::NotFound, &keep))?;
    guard::log_access(
        &state,
        Some(&account),
        AccessAction::TeamChange,
        Some(forum.summary.id),
        None,
        &format!(
            "scanner account {} until {}",
            target.id.0,
            until.map(|d| d.to_string()).unwrap_or_else(|| "-".into())
        ),
        guard::request_address(&state),
    )
    .await?;
    store
        .set_forum_scanner(forum.summary.id, target.id, until)
        .await?;
    Ok(())
}
