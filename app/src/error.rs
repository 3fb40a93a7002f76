//! User-facing errors.
//!
//! `AppError` is what server functions return and components show: each variant maps to an HTTP
//! status and a catalogue key, so the message reaches the person in their language. Store and
//! infrastructure errors (`crate::store::StoreError`, I/O) are converted into `AppError` at the
//! server-function boundary; unexpected ones are logged there with their whole chain and shown as
//! an opaque `Internal`.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// One field's problem: the input's `name` and a catalogue key describing what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub key: String,
}

impl FieldError {
    pub fn new(field: &str, key: &str) -> Self {
        Self {
            field: field.to_string(),
            key: key.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("sign-in required")]
    Unauthenticated,
    #[error("not allowed for this account")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    #[error("wrong email or password")]
    InvalidCredentials,
    #[error("too many attempts; retry after {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    #[error("conflict: {0}")]
    Conflict(String),
    /// A malformed request that no field of a form explains (the catalogue key of the message).
    #[error("bad request: {0}")]
    BadRequest(String),
    /// The server is too busy (a lock or the database did not answer in time); try again.
    #[error("busy; retry after {retry_after_secs} s")]
    Unavailable { retry_after_secs: u64 },
    /// The server's disk is full or read-only: nothing was written; reading still works.
    #[error("no room to store it")]
    InsufficientStorage,
    #[error("internal error")]
    Internal,
    #[error("request failed: {0}")]
    Request(ServerFnErrorErr),
}

impl AppError {
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::Unauthenticated => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Invalid(_) => 422,
            AppError::InvalidCredentials => 401,
            AppError::RateLimited { .. } => 429,
            AppError::Conflict(_) => 409,
            AppError::BadRequest(_) => 400,
            AppError::Unavailable { .. } => 503,
            AppError::InsufficientStorage => 507,
            AppError::Internal => 500,
            AppError::Request(ServerFnErrorErr::Args(_))
            | AppError::Request(ServerFnErrorErr::Deserialization(_))
            | AppError::Request(ServerFnErrorErr::MissingArg(_)) => 400,
            AppError::Request(_) => 500,
        }
    }

    /// The catalogue key of the message shown to the person.
    pub fn message_key(&self) -> &str {
        match self {
            AppError::Unauthenticated => "error.unauthenticated",
            AppError::Forbidden => "error.forbidden",
            AppError::NotFound => "error.not_found",
            AppError::Invalid(_) => "error.invalid",
            AppError::InvalidCredentials => "error.invalid_credentials",
            AppError::RateLimited { .. } => "error.rate_limited",
            AppError::Conflict(key) | AppError::BadRequest(key) => key,
            AppError::Unavailable { .. } => "error.unavailable",
            AppError::InsufficientStorage => "error.storage_full",
            AppError::Internal => "error.internal",
            AppError::Request(ServerFnErrorErr::Request(_)) => "error.network",
            AppError::Request(_) if self.status_code() == 400 => "error.bad_request",
            AppError::Request(_) => "error.internal",
        }
    }

    /// The message for one field, if this error is about it.
    pub fn field_key(&self, field: &str) -> Option<String> {
        match self {
            AppError::Invalid(errors) => errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| e.key.clone()),
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Request(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_arguments_are_client_errors() {
        let e = AppError::from_server_fn_error(ServerFnErrorErr::Args("bad".into()));
        assert_eq!(e.status_code(), 400);
        assert_eq!(e.message_key(), "error.bad_request");
        assert_eq!(
            AppError::RateLimited {
                retry_after_secs: 5
            }
            .status_code(),
            429
        );
    }
}
