//! Server-only sign-in machinery: password hashing, session tokens, role checks, rate limits.

use super::types::AccountView;
use crate::error::AppError;
use crate::server::{cookie_value, internal, response_options};
use crate::state::{app_state, AppState};
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use chrono::Duration;
use http::header::{HeaderValue, RETRY_AFTER, SET_COOKIE};

pub use crate::secrets::{new_secret_token, token_hash};

/// The session cookie. Over https it travels as `__Host-agora_session` with `Secure` (the
/// server's `host_only_cookies` layer names and marks every Agora cookie so).
pub const SESSION_COOKIE: &str = "agora_session";
const SESSION_DAYS: i64 = 14;
/// Failed sign-ins allowed per address within the window before 429.
/// How long a sign-in waits for a free hashing slot before it is asked to retry.
pub const HASHING_WAIT_SECS: u64 = 10;

/// Password hashing runs on its own threads, one per core: argon2id takes about 19 MiB and a
/// core's worth of time per hash, so however many sign-ins arrive at once, at most one hash per
/// core runs and the memory it keeps stays bounded (spread over the blocking pool's many
/// threads, the allocator would keep a block per thread). Callers wait for a slot; the rest
/// of a flood waits holding next to nothing.
struct Hashers {
    slots: tokio::sync::Semaphore,
    jobs: std::sync::Mutex<std::sync::mpsc::Sender<Box<dyn FnOnce() + Send>>>,
}

fn hashers() -> &'static Hashers {
    static HASHERS: std::sync::OnceLock<Hashers> = std::sync::OnceLock::new();
    HASHERS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let (send, receive) = std::sync::mpsc::channel::<Box<dyn FnOnce() + Send>>();
        let receive = std::sync::Arc::new(std::sync::Mutex::new(receive));
        for i in 0..cores {
            let receive = receive.clone();
            let _ = std::thread::Builder::new()
                .name(format!("argon2-{i}"))
                .spawn(move || loop {
                    let job = match receive.lock() {
                        Ok(r) => r.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(job) => job(),
                        Err(_) => return,
                    }
                });
        }
        Hashers {
            slots: tokio::sync::Semaphore::new(cores),
            jobs: std::sync::Mutex::new(send),
        }
    })
}

/// Runs `work` (a password hash or check) on a hashing thread; `None` when no slot came free
/// within `HASHING_WAIT_SECS` (the caller answers 429).
pub async fn with_hashing_slot<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<Option<T>, AppError> {
    let pool = hashers();
    let wait = std::time::Duration::from_secs(HASHING_WAIT_SECS);
    let Ok(Ok(_slot)) = tokio::time::timeout(wait, pool.slots.acquire()).await else {
        return Ok(None);
    };
    let (done, result) = tokio::sync::oneshot::channel();
    let job: Box<dyn FnOnce() + Send> = Box::new(move || {
        let _ = done.send(work());
    });
    let sent = pool
        .jobs
        .lock()
        .map(|jobs| jobs.send(job).is_ok())
        .unwrap_or(false);
    if !sent {
        tracing::error!("the password hashing threads are gone");
        return Err(AppError::Internal);
    }
    result.await.map(Some).map_err(crate::server::internal)
}

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

fn session_cookie(value: &str, max_age_secs: i64) -> String {
    format!("{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}")
}

/// Starts a session for the account and sets the cookie on the current response.
pub async fn start_session(state: &AppState, account: &AccountView) -> Result<(), AppError> {
    let token = new_secret_token();
    let expires = crate::clock::now() + Duration::days(SESSION_DAYS);
    state
        .store
        .create_auth_session(&token_hash(&token), account.id, expires)
        .await?;
    let cookie = session_cookie(&token, SESSION_DAYS * 86_400);
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response_options().append_header(SET_COOKIE, value);
    }
    Ok(())
}

/// Ends the current session, if any, and clears the cookie.
pub async fn end_session(state: &AppState) -> Result<(), AppError> {
    if let Some(token) = cookie_value(SESSION_COOKIE) {
        state.store.delete_auth_session(&token_hash(&token)).await?;
    }
    if let Ok(value) = HeaderValue::from_str(&session_cookie("", 0)) {
        response_options().append_header(SET_COOKIE, value);
    }
    Ok(())
}

/// The session token of the current request, if it carries one.
pub fn session_token() -> Option<String> {
    cookie_value(SESSION_COOKIE)
}

/// The account signed in on the current request, if any.
pub async fn current_account() -> Result<Option<AccountView>, AppError> {
    let state = app_state()?;
    let Some(token) = cookie_value(SESSION_COOKIE) else {
        return Ok(None);
    };
    state
        .store
        .account_for_session(
            &token_hash(&token),
            crate::clock::now(),
            &state.settings.session_idle,
        )
        .await
        .map_err(internal)
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
        .account_for_session(
            &token_hash(&token),
            crate::clock::now(),
            &state.settings.session_idle,
        )
        .await
        .map_err(internal)
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
}
