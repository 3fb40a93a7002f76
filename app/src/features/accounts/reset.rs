//! One-time password-reset links: an admin sends one to an account's address (it is good for
//! an hour and once; 256 bits, stored only as a SHA-256, never logged), the holder sets a new
//! password on `/reset/{token}`, and every session of the account ends. Both steps are in the
//! access log.

use crate::error::AppError;
use leptos::prelude::*;

/// How long a reset link is good.
pub const RESET_MINUTES: i64 = 60;

/// Emails the account a one-time link to set a new password (admins).
#[server(endpoint = "accounts/reset-link")]
pub async fn send_reset_link(account_id: super::types::AccountId) -> Result<(), AppError> {
    use super::access_log::AccessAction;
    use super::policy::{allow_form, Action};
    use crate::server::{internal, reject};
    let (admin, _) = allow_form(Action::ManageAccounts, &[]).await?;
    let state = crate::state::app_state()?;
    let target = state
        .store
        .list_accounts()
        .await?
        .into_iter()
        .find(|a| a.id == account_id && !a.disabled)
        .ok_or_else(|| reject(AppError::NotFound, &[]))?;
    let token = crate::secrets::new_secret_token();
    let now = crate::clock::now();
    state
        .store
        .create_password_reset(
            target.id,
            &crate::secrets::token_hash(&token),
            now + chrono::Duration::minutes(RESET_MINUTES),
            now,
        )
        .await?;
    super::guard::log_access(
        &state,
        Some(&admin),
        AccessAction::RoleChange,
        None,
        None,
        &format!("password reset link for account {}", target.id.0),
        super::guard::request_address(&state),
    )
    .await?;
    let locale = crate::locale::request_locale();
    let link = format!(
        "{}/reset/{token}",
        state.settings.base_url.trim_end_matches('/')
    );
    let mail = reset_mail(locale, &target.email, &target.display_name, &link);
    state.mailer.send(&mail).await.map_err(internal)?;
    tracing::info!(account = target.id.0, "password reset link sent");
    Ok(())
}

/// Whether the reset link is good now (the page says so before asking for a password).
#[server(endpoint = "account/reset-check")]
pub async fn check_reset_link(token: String) -> Result<bool, AppError> {
    let state = crate::state::app_state()?;
    if token.is_empty() || token.len() > 200 {
        return Ok(false);
    }
    Ok(state
        .store
        .password_reset_valid(&crate::secrets::token_hash(&token), crate::clock::now())
        .await?)
}

/// Sets a new password with a reset link, once; every session of the account ends.
#[server(endpoint = "account/reset-password")]
pub async fn reset_password(token: String, new_password: String) -> Result<(), AppError> {
    use super::auth::{hash_password, with_hashing_slot};
    use crate::error::FieldError;
    use crate::server::reject;
    if let Some(key) = super::validate::new_password_problem(&new_password) {
        return Err(reject(
            AppError::Invalid(vec![FieldError::new("new_password", key)]),
            &[],
        ));
    }
    let state = crate::state::app_state()?;
    let hash = with_hashing_slot(move || hash_password(&new_password))
        .await?
        .ok_or_else(|| {
            reject(
                AppError::RateLimited {
                    retry_after_secs: 5,
                },
                &[],
            )
        })?
        .map_err(crate::server::internal)?;
    let used = state
        .store
        .use_password_reset(
            &crate::secrets::token_hash(&token),
            &hash,
            crate::clock::now(),
        )
        .await?;
    let Some(account) = used else {
        return Err(reject(AppError::Conflict("reset.link_gone".into()), &[]));
    };
    super::guard::log_access(
        &state,
        None,
        super::access_log::AccessAction::RoleChange,
        None,
        None,
        &format!("password set with a reset link for account {}", account.0),
        super::guard::request_address(&state),
    )
    .await?;
    leptos_axum::redirect("/login?reset=1");
    Ok(())
}

/// The reset email (text and HTML) in the admin's language.
#[cfg(feature = "ssr")]
pub fn reset_mail(
    locale: crate::i18n::Locale,
    to: &str,
    name: &str,
    link: &str,
) -> crate::mail::OutgoingMail {
    let subject = locale.t("reset.mail_subject");
    let minutes = RESET_MINUTES.to_string();
    let text = locale.tf(
        "reset.mail_body",
        &[("name", name), ("link", link), ("minutes", &minutes)],
    );
    super::api::account_mail(locale, to, subject, text)
}
