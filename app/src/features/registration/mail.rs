//! The emails registration sends, in the participant's language, each with the manage link.

use super::store::{Outgoing, RegistrationRecord};
use super::types::RegistrationStatus;
use crate::i18n::Locale;
use crate::state::SecretKey;

/// Which message to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    /// The answer to a registration (confirmed or waiting, by its status).
    Registered,
    /// The same address registered again: the link is sent again.
    Reminder,
    /// A seat became free and is now theirs.
    Promoted,
    Cancelled,
}

/// The manage link's secret: derived from the server's key and the registration's salt, so it can
/// be sent again without being stored (only its SHA-256 is).
pub fn manage_token(secret: &SecretKey, salt: &str) -> String {
    secret.derive("manage", salt)
}

/// A fresh 128-bit salt (hex).
pub fn new_salt() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Composes one email. `forum` is the forum's title in the participant's language.
pub fn compose(
    message: Message,
    record: &RegistrationRecord,
    forum: &str,
    base_url: &str,
    secret: &SecretKey,
) -> Outgoing {
    let locale = Locale::from_code(&record.locale).unwrap_or_default();
    let link = format!("{base_url}/r/{}", manage_token(secret, &record.manage_salt));
    let state = match (message, record.status) {
        (Message::Cancelled, _) | (_, RegistrationStatus::Cancelled) => "cancelled",
        (Message::Promoted, _) => "promoted",
        (_, RegistrationStatus::Confirmed) => "confirmed",
        (_, RegistrationStatus::Waiting) => "waiting",
    };
    let args = [
        ("forum", forum),
        ("name", record.full_name.as_str()),
        ("link", link.as_str()),
    ];
    let mut body = locale.tf("mail.registration.greeting", &args);
    body.push_str("\n\n");
    if message == Message::Reminder {
        body.push_str(&locale.tf("mail.registration.reminder", &args));
        body.push_str("\n\n");
    }
    body.push_str(&locale.tf(&format!("mail.registration.body.{state}"), &args));
    body.push_str("\n\n");
    body.push_str(&locale.tf("mail.registration.manage", &args));
    body.push_str("\n\n");
    body.push_str(&locale.t("mail.registration.signature"));
    body.push('\n');
    Outgoing {
        recipient: record.email.clone(),
        subject: locale.tf(&format!("mail.registration.subject.{state}"), &args),
        body,
    }
}

/// The message sent when the forum is full and keeps no waiting list (nothing was stored).
pub fn full(locale: Locale, email: &str, name: &str, forum: &str) -> Outgoing {
    let args = [("forum", forum), ("name", name)];
    Outgoing {
        recipient: email.to_string(),
        subject: locale.tf("mail.registration.subject.full", &args),
        body: format!(
            "{}\n\n{}\n\n{}\n",
            locale.tf("mail.registration.greeting", &args),
            locale.tf("mail.registration.body.full", &args),
            locale.t("mail.registration.signature")
        ),
    }
}
