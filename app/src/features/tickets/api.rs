//! Server functions of tickets: the participant's own ticket (by the manage link's secret), the
//! organiser's view of one registration's ticket, and re-issuing it.

use super::types::TicketView;
use crate::error::AppError;
use crate::features::registration::types::RegistrationId;
use leptos::prelude::*;

/// The ticket on the participant's page: `None` without a seat or while the address waits to
/// be confirmed (nothing to show at the door until then).
#[server(endpoint = "ticket")]
pub async fn load_my_ticket(token: String) -> Result<Option<TicketView>, AppError> {
    use crate::features::registration::service;
    let state = crate::state::app_state()?;
    let store = state.store.as_ref();
    let record = service::by_token(store, &token).await?;
    if record.unconfirmed() {
        return Ok(None);
    }
    let locale = crate::locale::request_locale();
    let (forum, group) = service::forum_and_group(store, &record, locale).await?;
    Ok(super::ssr::view(
        &state.secret,
        &record,
        &forum,
        &group,
        locale,
    ))
}

/// One registration's ticket for the organiser (`None` without a seat).
#[server(endpoint = "organiser/ticket")]
pub async fn load_ticket_admin(
    slug: String,
    registration_id: RegistrationId,
) -> Result<Option<TicketView>, AppError> {
    use crate::features::registration::service;
    let (state, forum, scope) =
        crate::features::accounts::guard::organiser_forum_read(&slug, &[]).await?;
    let store = state.store.as_ref();
    let record = service::forum_registration(store, &forum, registration_id).await?;
    if scope.country.as_ref().is_some_and(|c| *c != record.country) {
        return Err(crate::server::reject(AppError::NotFound, &[]));
    }
    let locale = crate::locale::request_locale();
    let (summary, group) = service::forum_and_group(store, &record, locale).await?;
    Ok(super::ssr::view(
        &state.secret,
        &record,
        &summary,
        &group,
        locale,
    ))
}

/// Gives the registration a new ticket: every earlier code of it is refused at the door, and the
/// participant is emailed the new one (in the same transaction).
#[server(endpoint = "organiser/ticket-reissue")]
pub async fn reissue_ticket(slug: String, registration_id: RegistrationId) -> Result<(), AppError> {
    use crate::features::registration::mail::Message;
    use crate::features::registration::service;
    use crate::features::registration::types::RegistrationStatus;
    use crate::server::{internal, reject};
    let (state, forum) = crate::features::accounts::guard::organiser_forum(&slug, &[]).await?;
    let store = state.store.as_ref();
    let mut record = service::forum_registration(store, &forum, registration_id).await?;
    let from = record.ticket_version;
    record.ticket_version += 1;
    let mailer = service::Mailer::new(&state, &forum.summary).await?;
    let mail = (record.status == RegistrationStatus::Confirmed)
        .then(|| mailer.write(&record, Message::TicketReissued))
        .flatten();
    store
        .reissue_ticket(
            forum.summary.id,
            registration_id,
            from,
            mail.as_ref(),
            crate::clock::now(),
        )
        .await
        .map_err(|e| match e {
            crate::db::StoreError::NotFound => reject(AppError::NotFound, &[]),
            other => internal(other),
        })
}
