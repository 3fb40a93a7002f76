//! The participant's own link and devices, as server functions: confirm the address (forums
//! that ask first), forget this device, and replace a link that may have been seen by others.

use crate::error::AppError;
use leptos::prelude::*;

/// Confirm address first: the participant, on the page the emailed link opened, confirms the
/// address; the registration keeps its place and its usual email (with the ticket) follows.
#[server(endpoint = "registration/confirm")]
pub async fn confirm_my_address(token: String) -> Result<(), AppError> {
    use super::records::AddressConfirmed;
    use super::service as support;
    use crate::server::reject;
    let state = crate::state::app_state()?;
    let store = state.store.as_ref();
    let (record, mailer) = support::participant(&state, &token).await?;
    let outcome = store
        .confirm_address(record.id, crate::clock::now(), &|r, m| mailer.write(r, m))
        .await?;
    if outcome == AddressConfirmed::Expired {
        return Err(reject(AppError::Conflict("error.hold_expired".into()), &[]));
    }
    tracing::info!(registration = record.id.0, ?outcome, "address confirmed");
    leptos_axum::redirect(&format!("/r/{token}"));
    Ok(())
}

/// "Forget this device": the page stops being remembered here (the personal agenda picks on
/// the forum's pages end with it); the emailed link keeps working.
#[server(endpoint = "registration/forget-device")]
pub async fn forget_this_device() -> Result<(), AppError> {
    let state = crate::state::app_state()?;
    super::service::forget_this_device(state.store.as_ref()).await?;
    leptos_axum::redirect("/registration/forgotten");
    Ok(())
}

/// A new manage link, emailed to the registered address; the old link stops working at once
/// and every device that remembered the registration forgets it. It shares the address's
/// allowance of "lost my link" emails.
#[server(endpoint = "registration/new-link")]
pub async fn replace_my_link(token: String) -> Result<(), AppError> {
    use super::mail::manage_token;
    use super::service as support;
    use crate::server::reject;
    let state = crate::state::app_state()?;
    let store = state.store.as_ref();
    let (record, mailer) = support::participant(&state, &token).await?;
    if !support::may_mail_again(&state, &record.email).await? {
        return Err(reject(
            AppError::RateLimited {
                retry_after_secs: super::types::LOST_LINK_WINDOW_SECS as u64,
            },
            &[],
        ));
    }
    let salt = state.secret.new_salt();
    let hash = crate::secrets::token_hash(&manage_token(&state.secret, &salt));
    store
        .replace_manage_link(record.id, &salt, &hash, &|r, m| mailer.write(r, m))
        .await?;
    support::forget_this_device(store).await?;
    tracing::info!(registration = record.id.0, "manage link replaced");
    leptos_axum::redirect("/registration/new-link-sent");
    Ok(())
}

/// The participant's optional consents as stored (a kind never given has no record).
#[server(endpoint = "registration/consents")]
pub async fn load_my_consents(
    token: String,
) -> Result<Vec<super::consents::ConsentRecord>, AppError> {
    let state = crate::state::app_state()?;
    let record = super::service::by_token(state.store.as_ref(), &token).await?;
    Ok(state.store.consents(record.id).await?)
}

/// Gives or withdraws one optional consent from the participant's page.
#[server(endpoint = "registration/consent")]
pub async fn set_my_consent(token: String, kind: String, given: String) -> Result<(), AppError> {
    use super::consents::ConsentKind;
    use crate::error::FieldError;
    use crate::server::reject;
    let kind: ConsentKind = kind.parse().map_err(|_| {
        reject(
            AppError::Invalid(vec![FieldError::new("kind", "error.invalid")]),
            &[],
        )
    })?;
    let given = match given.as_str() {
        "yes" => true,
        "no" => false,
        _ => {
            return Err(reject(
                AppError::Invalid(vec![FieldError::new("given", "error.invalid")]),
                &[],
            ))
        }
    };
    let state = crate::state::app_state()?;
    let record = super::service::by_token(state.store.as_ref(), &token)
        .await
        .map_err(|e| reject(e, &[]))?;
    state
        .store
        .set_consent(record.id, kind, given, crate::clock::now())
        .await?;
    tracing::info!(
        registration = record.id.0,
        kind = kind.as_str(),
        given,
        "consent changed"
    );
    leptos_axum::redirect(&format!("/r/{token}#your-data"));
    Ok(())
}
