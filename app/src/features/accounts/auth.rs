//! Server-only sign-in machinery: password hashing, session tokens, role checks, rate limits.

use super::types::{AccountView, Role};
use crate::error::AppError;
use crate::server::{cookie_value, internal, response_options};
use crate::state::{app_state, AppState};
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use chrono::{DateTime, Duration, Utc};
use http::header::{HeaderValue, RETRY_AFTER, SET_COOKIE};

pub use crate::secrets::{new_secret_token, token_hash};

pub const SESSION_COOKIE: &str = "agora_session";
const SESSION_DAYS: i64 = 14;
/// Failed sign-ins allowed per address within the window before 429.
pub const MAX_FAILURES: usize = 5;
pub const FAILURE_WINDOW_MINUTES: i64 = 15;

/// Hashes a password with argon2id and a random salt.
pub fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

/// Verifies a password against a stored PHC string (constant-time inside argon2).
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash of a fixed password, used to spend the same time when the address is unknown.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("agora-timing-equaliser").unwrap_or_default())
}

fn session_cookie(state: &AppState, value: &str, max_age_secs: i64) -> String {
    let secure = if state.settings.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}"
    )
}

/// Starts a session for the account and sets the cookie on the current response.
pub async fn start_session(state: &AppState, account: &AccountView) -> Result<(), AppError> {
    let token = new_secret_token();
    let expires = Utc::now() + Duration::days(SESSION_DAYS);
    state
        .store
        .create_auth_session(&token_hash(&token), account.id, expires)
        .await
        .map_err(internal)?;
    let cookie = session_cookie(state, &token, SESSION_DAYS * 86_400);
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response_options().append_header(SET_COOKIE, value);
    }
    Ok(())
}

/// Ends the current session, if any, and clears the cookie.
pub async fn end_session(state: &AppState) -> Result<(), AppError> {
    if let Some(token) = cookie_value(SESSION_COOKIE) {
        state
            .store
            .delete_auth_session(&token_hash(&token))
            .await
            .map_err(internal)?;
    }
    if let Ok(value) = HeaderValue::from_str(&session_cookie(state, "", 0)) {
        response_options().append_header(SET_COOKIE, value);
    }
    Ok(())
}

/// The account signed in on the current request, if any.
pub async fn current_account() -> Result<Option<AccountView>, AppError> {
    let state = app_state()?;
    let Some(token) = cookie_value(SESSION_COOKIE) else {
        return Ok(None);
    };
    state
        .store
        .account_for_session(&token_hash(&token), Utc::now())
        .await
        .map_err(internal)
}

/// The signed-in account if its role is one of `roles`; 401 when anonymous, 403 otherwise.
pub async fn require_role(roles: &[Role]) -> Result<AccountView, AppError> {
    match current_account().await? {
        None => Err(AppError::Unauthenticated),
        Some(account) if roles.contains(&account.role) => Ok(account),
        Some(_) => Err(AppError::Forbidden),
    }
}

/// Seconds until another attempt is allowed, or `None` when under the limit.
pub fn retry_after(failures: &[DateTime<Utc>], now: DateTime<Utc>) -> Option<u64> {
    if failures.len() < MAX_FAILURES {
        return None;
    }
    let oldest_counted = failures[failures.len() - MAX_FAILURES];
    let free_at = oldest_counted + Duration::minutes(FAILURE_WINDOW_MINUTES);
    Some((free_at - now).num_seconds().max(1) as u64)
}

/// Sets `Retry-After` on the current response.
pub fn set_retry_after(secs: u64) {
    if let Ok(value) = HeaderValue::from_str(&secs.to_string()) {
        response_options().insert_header(RETRY_AFTER, value);
    }
}

/// The account signed in on a plain axum request (no Leptos context), if any.
pub async fn current_account_in(
    state: &AppState,
    headers: &http::HeaderMap,
) -> Result<Option<AccountView>, AppError> {
    let Some(token) = crate::server::cookie_in(headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    state
        .store
        .account_for_session(&token_hash(&token), Utc::now())
        .await
        .map_err(internal)
}

/// The account signed in on a plain axum request (no Leptos context), if its role is allowed.
pub async fn account_of(
    state: &AppState,
    headers: &http::HeaderMap,
    roles: &[Role],
) -> Result<AccountView, AppError> {
    match current_account_in(state, headers).await? {
        None => Err(AppError::Unauthenticated),
        Some(account) if roles.contains(&account.role) => Ok(account),
        Some(_) => Err(AppError::Forbidden),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_against_their_own_hash() {
        let hash = hash_password("correct horse").expect("hash");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("correct hors", &hash));
        assert!(!verify_password("correct horse", "not a hash"));
    }

    #[test]
    fn tokens_are_long_random_and_hashed() {
        let a = new_secret_token();
        let b = new_secret_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), token_hash(&b));
    }

    #[test]
    fn the_sixth_failure_in_the_window_is_limited() {
        let now = Utc::now();
        let four: Vec<_> = (0..4).map(|i| now - Duration::minutes(i)).rev().collect();
        assert_eq!(retry_after(&four, now), None);
        let five: Vec<_> = (0..5).map(|i| now - Duration::minutes(i)).rev().collect();
        let wait = retry_after(&five, now).expect("limited");
        assert!(wait > 10 * 60 && wait <= 15 * 60, "{wait}");
    }
}
