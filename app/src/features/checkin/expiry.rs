//! How long phones keep the offline door's copy of a forum's lists: the forum's editors may
//! shorten the defaults, never lengthen them.

use crate::error::AppError;
use leptos::prelude::*;

/// The door-expiry form as posted: whole hours, as typed.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DoorExpiryForm {
    pub after_end_hours: String,
    pub offline_hours: String,
}

/// How long phones keep the forum's offline copy: the organisers may shorten the defaults (12
/// hours after the last day, 24 hours without contact), never lengthen them.
#[server(endpoint = "organiser/checkin/expiry")]
pub async fn set_door_expiry(slug: String, form: DoorExpiryForm) -> Result<(), AppError> {
    use super::offline_store::DoorExpiry;
    use crate::error::FieldError;
    use crate::server::reject;
    let DoorExpiryForm {
        after_end_hours,
        offline_hours,
    } = form;
    let keep = [
        ("form[after_end_hours]", after_end_hours.as_str()),
        ("form[offline_hours]", offline_hours.as_str()),
    ];
    let (state, forum) = crate::features::accounts::guard::organiser_forum(&slug, &keep).await?;
    let hours = |v: &str, range: std::ops::RangeInclusive<i32>| {
        v.trim().parse::<i32>().ok().filter(|h| range.contains(h))
    };
    let after_end = hours(&after_end_hours, 0..=DoorExpiry::DEFAULT.after_end_hours);
    let offline = hours(&offline_hours, 1..=DoorExpiry::DEFAULT.offline_hours);
    let mut errors = Vec::new();
    if after_end.is_none() {
        errors.push(FieldError::new(
            "after_end_hours",
            "checkin.expiry.error_after_end",
        ));
    }
    if offline.is_none() {
        errors.push(FieldError::new(
            "offline_hours",
            "checkin.expiry.error_offline",
        ));
    }
    let (Some(after_end_hours), Some(offline_hours)) = (after_end, offline) else {
        return Err(reject(AppError::Invalid(errors), &keep));
    };
    let chosen = DoorExpiry {
        after_end_hours,
        offline_hours,
    };
    let expiry = (chosen != DoorExpiry::DEFAULT).then_some(chosen);
    state
        .store
        .set_door_expiry(forum.summary.id, expiry)
        .await?;
    Ok(())
}
