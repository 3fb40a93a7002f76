//! The reminders' server functions: a forum's settings on its edit page, and saving them. Both
//! are the forum editors' (`EditForum`).

use super::types::RemindersAdmin;
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "organiser/reminders")]
pub async fn load_reminders(slug: String) -> Result<RemindersAdmin, AppError> {
    let (state, forum) = crate::features::accounts::guard::organiser_forum(&slug, &[]).await?;
    let store = state.store.as_ref();
    let settings = store
        .reminder_settings(forum.summary.id)
        .await?
        .unwrap_or_default();
    let start = super::reminders::start_of(&state, &forum).await?;
    let zone = crate::features::forums::time::parse_zone(&forum.summary.time_zone);
    Ok(RemindersAdmin {
        settings,
        starts: format!(
            "{} ({})",
            start.with_timezone(&zone).format("%Y-%m-%d %H:%M"),
            forum.summary.time_zone
        ),
        sent: store.reminders_sent(forum.summary.id).await?,
    })
}

/// Saves the reminders: on or off, and the days and hours before the start.
#[server(endpoint = "reminders/save")]
pub async fn save_reminders(
    slug: String,
    enabled: Option<String>,
    days: String,
    hours: String,
) -> Result<(), AppError> {
    use super::types::ReminderSettings;
    use crate::error::FieldError;
    use crate::server::reject;
    let keep = [
        ("form", "reminders"),
        ("form[days]", days.as_str()),
        ("form[hours]", hours.as_str()),
    ];
    let (state, forum) = crate::features::accounts::guard::organiser_forum(&slug, &keep).await?;
    let thresholds = super::reminders::parse(&days, &hours)
        .map_err(|key| reject(AppError::Invalid(vec![FieldError::new("days", key)]), &keep))?;
    let enabled = enabled.is_some_and(|v| !v.is_empty());
    if enabled && thresholds.is_empty() {
        return Err(reject(
            AppError::Invalid(vec![FieldError::new("days", "reminders.error.none")]),
            &keep,
        ));
    }
    state
        .store
        .set_reminder_settings(
            forum.summary.id,
            &ReminderSettings {
                enabled,
                hours: thresholds,
            },
        )
        .await?;
    leptos_axum::redirect(&format!(
        "/organiser/forums/{}/edit?reminders=saved",
        forum.summary.slug
    ));
    Ok(())
}
