//! Server functions for signing in and out and for managing accounts.

use super::types::AccountView;
use crate::error::AppError;
use leptos::prelude::*;

/// The signed-in account, if any.
#[server(endpoint = "me")]
pub async fn whoami() -> Result<Option<AccountView>, AppError> {
    super::auth::current_account().await
}

/// Where an account lands after signing in.
pub fn home_of(role: super::types::Role) -> &'static str {
    match role {
        super::types::Role::Admin | super::types::Role::Organiser => "/organiser",
        super::types::Role::Scanner => "/checkin",
    }
}

/// A local path to return to after signing in; anything else (other hosts, `//`) is ignored.
pub fn safe_next(next: Option<&str>) -> Option<&str> {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.contains('\\'))
}

/// Signs in with email and password. Failed attempts per address are rate limited.
#[server(endpoint = "login")]
pub async fn log_in(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use super::auth::*;
    use super::types::EmailAddress;
    use crate::error::FieldError;
    use crate::server::{internal, reject};
    use chrono::{Duration, Utc};

    let state = crate::state::app_state()?;
    let keep = [("email", email.as_str())];
    let mut problems = Vec::new();
    let address = match EmailAddress::parse(&email) {
        Ok(a) => Some(a),
        Err(key) => {
            problems.push(FieldError::new("email", key));
            None
        }
    };
    if password.is_empty() {
        problems.push(FieldError::new("password", "error.password_required"));
    } else if password.len() > 1024 {
        problems.push(FieldError::new("password", "error.too_long"));
    }
    let Some(address) = address.filter(|_| problems.is_empty()) else {
        return Err(reject(AppError::Invalid(problems), &keep));
    };

    let key = format!("email:{}", address.as_str());
    let now = Utc::now();
    let failures = state
        .store
        .login_failures_since(&key, now - Duration::minutes(FAILURE_WINDOW_MINUTES))
        .await
        .map_err(internal)?;
    if let Some(secs) = retry_after(&failures, now) {
        set_retry_after(secs);
        return Err(reject(
            AppError::RateLimited {
                retry_after_secs: secs,
            },
            &keep,
        ));
    }

    let record = state
        .store
        .account_by_email(address.as_str())
        .await
        .map_err(internal)?;
    let stored_hash = record
        .as_ref()
        .map(|r| r.password_hash.clone())
        .unwrap_or_else(|| dummy_hash().to_string());
    let verified = tokio::task::spawn_blocking(move || verify_password(&password, &stored_hash))
        .await
        .map_err(internal)?;
    let account = match record {
        Some(r) if verified => AccountView {
            id: r.id,
            email: r.email,
            display_name: r.display_name,
            role: r.role,
        },
        _ => {
            state
                .store
                .record_login_failure(&key, now)
                .await
                .map_err(internal)?;
            tracing::info!("failed sign-in");
            return Err(reject(AppError::InvalidCredentials, &keep));
        }
    };
    state
        .store
        .clear_login_failures(&key)
        .await
        .map_err(internal)?;
    start_session(&state, &account).await?;
    tracing::info!(account = account.id.0, "signed in");
    let target = safe_next(next.as_deref()).unwrap_or(home_of(account.role));
    leptos_axum::redirect(target);
    Ok(())
}

/// Signs out and returns to the home page.
#[server(endpoint = "logout")]
pub async fn log_out() -> Result<(), AppError> {
    let state = crate::state::app_state()?;
    super::auth::end_session(&state).await?;
    leptos_axum::redirect("/");
    Ok(())
}

/// All accounts (admins only).
#[server(endpoint = "accounts/list")]
pub async fn list_accounts() -> Result<Vec<AccountView>, AppError> {
    use super::types::Role;
    use crate::server::internal;
    super::auth::require_role(&[Role::Admin]).await?;
    let state = crate::state::app_state()?;
    state.store.list_accounts().await.map_err(internal)
}

/// Creates an account (admins only).
#[server(endpoint = "accounts/create")]
pub async fn create_account(
    email: String,
    display_name: String,
    password: String,
    role: String,
) -> Result<(), AppError> {
    use super::types::Role;
    use crate::server::{internal, reject};
    let keep = [
        ("email", email.as_str()),
        ("display_name", display_name.as_str()),
        ("role", role.as_str()),
    ];
    super::auth::require_role(&[Role::Admin])
        .await
        .map_err(|e| reject(e, &keep))?;
    let new = super::validate::parse_new_account(&email, &display_name, &password, &role)
        .map_err(|e| reject(AppError::Invalid(e), &keep))?;
    let state = crate::state::app_state()?;
    let new = super::validate::hash_new_account(new).await?;
    match state.store.create_account(&new).await {
        Ok(id) => {
            tracing::info!(account = id.0, "account created");
            Ok(())
        }
        Err(crate::db::StoreError::Conflict(_)) => Err(reject(
            AppError::Invalid(vec![crate::error::FieldError::new(
                "email",
                "error.email_taken",
            )]),
            &keep,
        )),
        Err(e) => Err(internal(e)),
    }
}

/// Sends a test email to the signed-in admin, in their language, to check mail delivery.
#[server(endpoint = "accounts/test-email")]
pub async fn send_test_email() -> Result<(), AppError> {
    use super::types::Role;
    use crate::mail::OutgoingMail;
    use crate::server::{internal, reject};
    let me = super::auth::require_role(&[Role::Admin])
        .await
        .map_err(|e| reject(e, &[]))?;
    let state = crate::state::app_state()?;
    let locale = crate::locale::request_locale();
    let mail = OutgoingMail {
        to: me.email.clone(),
        subject: locale.t("mail.test_subject"),
        text: locale.tf(
            "mail.test_body",
            &[
                ("name", &me.display_name),
                ("url", &state.settings.base_url),
            ],
        ),
        calendar: None,
        ticket_png: None,
    };
    state.mailer.send(&mail).await.map_err(internal)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(safe_next(Some("/organiser")), Some("/organiser"));
        assert_eq!(safe_next(Some("//evil.example")), None);
        assert_eq!(safe_next(Some("https://evil.example")), None);
        assert_eq!(safe_next(Some("/\\evil")), None);
        assert_eq!(safe_next(None), None);
    }
}
