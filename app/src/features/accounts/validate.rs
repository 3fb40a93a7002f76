//! Turning account form input into a `NewAccount` (parse, don't validate).

use super::types::{EmailAddress, Role};
use crate::error::{AppError, FieldError};
use crate::store::records::NewAccount;

/// Form input that passed every check, password still in clear.
pub struct ValidAccount {
    pub email: EmailAddress,
    pub display_name: String,
    pub password: String,
    pub role: Role,
}

pub const MIN_PASSWORD_CHARS: usize = 10;

pub fn parse_new_account(
    email: &str,
    display_name: &str,
    password: &str,
    role: &str,
) -> Result<ValidAccount, Vec<FieldError>> {
    let mut errors = Vec::new();
    let email = EmailAddress::parse(email)
        .map_err(|key| errors.push(FieldError::new("email", key)))
        .ok();
    let name = display_name.trim();
    if name.is_empty() {
        errors.push(FieldError::new("display_name", "error.required"));
    } else if name.chars().count() > 120 {
        errors.push(FieldError::new("display_name", "error.too_long"));
    }
    if password.chars().count() < MIN_PASSWORD_CHARS {
        errors.push(FieldError::new("password", "error.password_short"));
    } else if password.len() > 1024 {
        errors.push(FieldError::new("password", "error.too_long"));
    }
    let role = role
        .parse::<Role>()
        .map_err(|_| errors.push(FieldError::new("role", "error.invalid")))
        .ok();
    match (email, role) {
        (Some(email), Some(role)) if errors.is_empty() => Ok(ValidAccount {
            email,
            display_name: name.to_string(),
            password: password.to_string(),
            role,
        }),
        _ => Err(errors),
    }
}

/// Hashes the password off the async threads.
pub async fn hash_new_account(valid: ValidAccount) -> Result<NewAccount, AppError> {
    let password = valid.password;
    let hash = tokio::task::spawn_blocking(move || super::auth::hash_password(&password))
        .await
        .map_err(crate::server::internal)?
        .map_err(|e| {
            tracing::error!(error = %e, "password hashing failed");
            AppError::Internal
        })?;
    Ok(NewAccount {
        email: valid.email,
        display_name: valid.display_name,
        password_hash: hash,
        role: valid.role,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_bad_field_is_reported() {
        let errors = parse_new_account("nope", " ", "short", "root")
            .err()
            .expect("invalid");
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["email", "display_name", "password", "role"]);
        assert!(parse_new_account("a@b.org", "Ana", "long enough pw", "scanner").is_ok());
    }
}
