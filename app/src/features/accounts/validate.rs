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

pub const MIN_PASSWORD_CHARS: usize = 12;

/// Passwords that guessing lists try first (compared without case, spaces or digits at the
/// end), refused whatever their length.
const KNOWN_BAD: [&str; 16] = [
    "password",
    "passwort",
    "lozinka",
    "fjalekalimi",
    "qwertyuiop",
    "qwertzuiop",
    "administrator",
    "letmein",
    "welcome",
    "iloveyou",
    "changeme",
    "agora",
    "organiser",
    "organizer",
    "forum",
    "abcdefghijkl",
];

/// What is wrong with a new password (the catalogue key), if anything.
pub fn new_password_problem(password: &str) -> Option<&'static str> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        Some("error.password_short")
    } else if password.len() > 1024 {
        Some("error.too_long")
    } else if is_known_bad(password) {
        Some("error.password_known")
    } else {
        None
    }
}

/// Whether a password is on the known-bad list, or one character repeated, or a run of digits.
pub fn is_known_bad(password: &str) -> bool {
    let plain: String = password
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let stem = plain.trim_end_matches(|c: char| c.is_ascii_digit() || "!.?_-".contains(c));
    let mut chars = plain.chars();
    let first = chars.next();
    KNOWN_BAD.contains(&stem)
        || stem.is_empty()
        || chars.all(|c| Some(c) == first)
        || "1234567890123456789".contains(plain.as_str())
        || "qwertyuiopasdfghjklzxcvbnm".contains(plain.as_str())
}

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
    if let Some(key) = new_password_problem(password) {
        errors.push(FieldError::new("password", key));
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
    let hash = super::auth::with_hashing_slot(move || super::auth::hash_password(&password))
        .await?
        .ok_or(AppError::RateLimited {
            retry_after_secs: 5,
        })?
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

/// An account's optional last day (`YYYY-MM-DD`, empty for none): it ends at the close of that
/// day, UTC. A day already past is refused.
pub fn parse_expiry(
    value: &str,
) -> Result<Option<chrono::DateTime<chrono::Utc>>, crate::error::FieldError> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let day = chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map_err(|_| crate::error::FieldError::new("expires_on", "error.date_invalid"))?;
    let end = day
        .succ_opt()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
        .ok_or_else(|| crate::error::FieldError::new("expires_on", "error.date_invalid"))?;
    if end <= crate::clock::now() {
        return Err(crate::error::FieldError::new(
            "expires_on",
            "error.date_past",
        ));
    }
    Ok(Some(end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_known_passwords_are_refused() {
        for bad in [
            "Password2024!",
            "password123456",
            "Qwertyuiop12",
            "aaaaaaaaaaaaaa",
            "123456789012",
            "Lozinka 2026",
            "Agora2026!!!!",
        ] {
            let Err(errors) = parse_new_account("a@example.org", "A", bad, "scanner") else {
                panic!("{bad} was accepted");
            };
            assert_eq!(errors[0].key, "error.password_known", "{bad}");
        }
        let Err(errors) = parse_new_account("a@example.org", "A", "eleven char", "scanner") else {
            panic!("a short password was accepted");
        };
        assert_eq!(errors[0].key, "error.password_short");
        assert!(
            parse_new_account("a@example.org", "A", "a long enough password", "scanner").is_ok()
        );
    }

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
