use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(transparent)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
pub struct AccountId(pub i64);

/// What an account may do. Checked on the server for every privileged action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Everything, including managing accounts.
    Admin,
    /// Manages forums.
    Organiser,
    /// Check-in only.
    Scanner,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Admin, Role::Organiser, Role::Scanner];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Organiser => "organiser",
            Role::Scanner => "scanner",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Role::Admin => "role.admin",
            Role::Organiser => "role.organiser",
            Role::Scanner => "role.scanner",
        }
    }

    pub fn can_manage_forums(self) -> bool {
        matches!(self, Role::Admin | Role::Organiser)
    }
}

impl TryFrom<String> for Role {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl std::str::FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "admin" => Ok(Role::Admin),
            "organiser" | "organizer" => Ok(Role::Organiser),
            "scanner" => Ok(Role::Scanner),
            other => Err(format!(
                "unknown role {other:?} (admin, organiser or scanner)"
            )),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A syntactically plausible email address, trimmed and lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(input: &str) -> Result<Self, &'static str> {
        let email = input.trim().to_lowercase();
        if email.is_empty() {
            return Err("error.email_required");
        }
        if email.len() > 254 || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err("error.email_invalid");
        }
        let Some((local, domain)) = email.rsplit_once('@') else {
            return Err("error.email_invalid");
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..");
        if local.is_empty() || local.len() > 64 || !domain_ok || local.contains('@') {
            return Err("error.email_invalid");
        }
        Ok(Self(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What pages may know about the signed-in account (never the password hash).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct AccountView {
    pub id: AccountId,
    pub email: String,
    pub display_name: String,
    #[cfg_attr(feature = "ssr", sqlx(try_from = "String"))]
    pub role: Role,
    /// Disabled by an admin: cannot sign in, has no sessions.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", sqlx(default))]
    pub disabled: bool,
}

/// One organiser on a forum's team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct TeamMember {
    pub account_id: AccountId,
    pub email: String,
    pub display_name: String,
    pub read_only: bool,
}

/// A scanner account assigned to a forum's door, through the end of `until` (UTC day).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ScannerAssignment {
    pub account_id: AccountId,
    pub email: String,
    pub display_name: String,
    pub until: chrono::NaiveDate,
}

/// One coordinator of a series and their country.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Coordinator {
    pub account_id: AccountId,
    pub email: String,
    pub display_name: String,
    pub country: String,
}

/// Idle time after which a sign-in session ends (`AGORA_SESSION_IDLE_MINUTES`, default 8 hours;
/// `AGORA_ADMIN_IDLE_MINUTES`, default 1 hour, for admins, whose sessions can do the most).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionIdle {
    pub other_secs: i64,
    pub admin_secs: i64,
}

impl Default for SessionIdle {
    fn default() -> Self {
        Self {
            other_secs: 8 * 3600,
            admin_secs: 3600,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            EmailAddress::parse("  Ana@Example.ORG ").map(|e| e.as_str().to_string()),
            Ok("ana@example.org".to_string())
        );
        assert!(EmailAddress::parse("ana@localhost").is_err());
        assert!(EmailAddress::parse("a b@example.org").is_err());
        assert!(EmailAddress::parse("").is_err());
        assert!(EmailAddress::parse("@example.org").is_err());
    }

    #[test]
    fn roles_parse_both_spellings() {
        assert_eq!("Organizer".parse::<Role>(), Ok(Role::Organiser));
        assert!("root".parse::<Role>().is_err());
    }

    proptest! {
        #[test]
        fn email_parsing_never_panics_and_accepts_only_one_at(s in "\\PC{0,80}") {
            if let Ok(e) = EmailAddress::parse(&s) {
                prop_assert_eq!(e.as_str().matches('@').count(), 1);
            }
        }
    }
}
