//! The emails registration sends, in the participant's language, each with the manage link.

use super::records::{Outgoing, RegistrationRecord};
use super::types::RegistrationStatus;
use crate::i18n::Locale;
use crate::secrets::Keyring;
use crate::text::single_line;

/// Builds the email about a registration (`None`: send none, as for demo data).
pub type Compose<'a> = &'a (dyn Fn(&RegistrationRecord, Message) -> Option<Outgoing> + Send + Sync);

/// Which message to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    /// The answer to a registration (confirmed or waiting, by its status).
    Registered,
    /// The same address registered again: the link is sent again.
    Reminder,
    /// A seat became free and is now theirs.
    Promoted,
    /// The organiser approved a pending registration (a seat, or the waiting list).
    Approved,
    Rejected,
    Cancelled,
    /// The organiser re-issued the ticket: the new one is attached, the old code is refused.
    TicketReissued,
    /// The participant asked for a new manage link: this is it, the old one no longer works.
    NewLink,
}

/// The manage link's secret: derived from the key its salt names and the salt, so it can be sent
/// again without being stored (only its SHA-256 is). It carries the key's id after a rotation.
/// Empty (a link that opens nothing) only if this server has not yet loaded a key another server
/// made moments ago, which `server rotate-key`'s delay before a key signs rules out.
pub fn manage_token(secret: &Keyring, salt: &str) -> String {
    secret.link_token("manage", salt).unwrap_or_else(|| {
        tracing::error!("a manage link names a key this server has not loaded");
        String::new()
    })
}

/// Composes one email. `forum` is the forum's title in the participant's language.
pub fn compose(
    message: Message,
    record: &RegistrationRecord,
    forum: &str,
    base_url: &str,
    secret: &Keyring,
) -> Outgoing {
    let locale = Locale::from_code(&record.locale).unwrap_or_default();
    let link = format!("{base_url}/r/{}", manage_token(secret, &record.manage_salt));
    let state = match (message, record.status) {
        (Message::Cancelled, _) | (_, RegistrationStatus::Cancelled) => "cancelled",
        (Message::Rejected, _) | (_, RegistrationStatus::Rejected) => "rejected",
        // Confirm address first: until then the email asks for that and nothing else.
        _ if record.unconfirmed() => "unconfirmed",
        (Message::Promoted, _) => "promoted",
        (Message::Approved, RegistrationStatus::Confirmed) => "approved",
        (_, RegistrationStatus::Pending) => "pending",
        (_, RegistrationStatus::Confirmed) => "confirmed",
        (_, RegistrationStatus::Waiting) => "waiting",
    };
    // Whatever was stored, a name or title never adds a line to a message or its subject.
    let (forum, name) = (single_line(forum), single_line(&record.full_name));
    let minutes = record
        .hold_until
        .map(|until| ((until - crate::clock::now()).num_seconds().max(0) + 59) / 60)
        .unwrap_or(0)
        .to_string();
    let args = [
        ("forum", forum.as_str()),
        ("name", name.as_str()),
        ("link", link.as_str()),
        ("minutes", minutes.as_str()),
    ];
    let mut body = locale.tf("mail.registration.greeting", &args);
    body.push_str("\n\n");
    if message == Message::Reminder {
        body.push_str(&locale.tf("mail.registration.reminder", &args));
        body.push_str("\n\n");
    }
    if message == Message::TicketReissued {
        body.push_str(&locale.tf("mail.registration.ticket_reissued", &args));
        body.push_str("\n\n");
    }
    if message == Message::NewLink {
        body.push_str(&locale.tf("mail.registration.new_link", &args));
        body.push_str("\n\n");
    }
    body.push_str(&locale.tf(&format!("mail.registration.body.{state}"), &args));
    body.push_str("\n\n");
    if matches!(state, "confirmed" | "approved" | "promoted") {
        body.push_str(&locale.t("mail.registration.ticket"));
        body.push_str("\n\n");
    }
    body.push_str(&locale.tf("mail.registration.manage", &args));
    body.push_str("\n\n");
    body.push_str(&locale.t("mail.registration.signature"));
    body.push('\n');
    Outgoing {
        recipient: record.email.clone(),
        subject: single_line(&if message == Message::TicketReissued {
            locale.tf("mail.registration.subject.ticket_reissued", &args)
        } else if message == Message::NewLink {
            locale.tf("mail.registration.subject.new_link", &args)
        } else {
            locale.tf(&format!("mail.registration.subject.{state}"), &args)
        }),
        body,
        calendar: None,
        ticket_code: None,
        registration: Some(record.id.0),
        html: None,
    }
}

/// Gives `mail` its HTML part: the forum at the top (name, and a line of dates and place), the
/// text's paragraphs, one button for the first address in the text (labelled `button`), and the
/// ticket's QR code inline with its code under it.
pub fn add_html(
    mail: &mut Outgoing,
    locale: Locale,
    forum: Option<(&str, &str)>,
    button: Option<String>,
    ticket: Option<&str>,
) {
    use crate::mail_html::{first_link, render, HtmlMail, Ticket, TICKET_CID};
    let link = first_link(&mail.body).map(str::to_string);
    let (alt, caption) = (locale.t("mail.ticket_alt"), locale.t("mail.ticket_caption"));
    let html = render(&HtmlMail {
        lang: locale.code(),
        subject: &mail.subject,
        forum,
        text: &mail.body,
        button: match (&button, &link) {
            (Some(label), Some(href)) => Some((label.as_str(), href.as_str())),
            _ => None,
        },
        ticket: ticket.map(|code| Ticket {
            content_id: TICKET_CID,
            code,
            alt: &alt,
            caption: &caption,
        }),
    });
    mail.html = Some(html);
}

/// The message sent when the forum is full and keeps no waiting list (nothing was stored).
pub fn full(locale: Locale, email: &str, name: &str, forum: &str) -> Outgoing {
    let (forum, name) = (single_line(forum), single_line(name));
    let args = [("forum", forum.as_str()), ("name", name.as_str())];
    let mut mail = Outgoing {
        recipient: email.to_string(),
        subject: single_line(&locale.tf("mail.registration.subject.full", &args)),
        body: format!(
            "{}\n\n{}\n\n{}\n",
            locale.tf("mail.registration.greeting", &args),
            locale.tf("mail.registration.body.full", &args),
            locale.t("mail.registration.signature")
        ),
        calendar: None,
        ticket_code: None,
        registration: None,
        html: None,
    };
    add_html(&mut mail, locale, Some((&forum, "")), None, None);
    mail
}

/// What a personal invitation (or its reminder) says.
pub struct InvitationLetter<'a> {
    pub name: &'a str,
    pub forum: &'a str,
    /// The registration link, and the code to type for those who copy it.
    pub link: &'a str,
    pub code: &'a str,
    /// The page where the invitee says they cannot come (and may propose a colleague).
    pub decline: &'a str,
    /// The forum's answer-by date, formatted, when it has one.
    pub answer_by: Option<&'a str>,
    pub reminder: bool,
}

/// A personal invitation to register, with its link, the answer-by date and the way to decline.
pub fn invitation(locale: Locale, email: &str, letter: &InvitationLetter<'_>) -> Outgoing {
    let (forum, name) = (single_line(letter.forum), single_line(letter.name));
    let args = [
        ("forum", forum.as_str()),
        ("name", name.as_str()),
        ("link", letter.link),
        ("code", letter.code),
        ("date", letter.answer_by.unwrap_or_default()),
    ];
    let (subject, lead) = if letter.reminder {
        (
            "mail.invitation.reminder_subject",
            "mail.invitation.reminder_body",
        )
    } else {
        ("mail.invitation.subject", "mail.invitation.body")
    };
    let mut body = vec![
        locale.tf("mail.registration.greeting", &args),
        locale.tf(lead, &args),
    ];
    if letter.answer_by.is_some() {
        body.push(locale.tf("mail.invitation.answer_by", &args));
    }
    body.push(locale.tf("mail.invitation.decline", &[("link", letter.decline)]));
    body.push(locale.t("mail.registration.signature"));
    let mut mail = Outgoing {
        recipient: email.to_string(),
        subject: single_line(&locale.tf(subject, &args)),
        body: format!("{}\n", body.join("\n\n")),
        calendar: None,
        ticket_code: None,
        registration: None,
        html: None,
    };
    add_html(
        &mut mail,
        locale,
        Some((&forum, "")),
        Some(locale.t("mail.button.register")),
        None,
    );
    mail
}

/// An invitation's code: 128 bits derived from the server's key and the invitation's salt (so
/// the organiser's list can show the link again without the code being stored), in base32 groups
/// that survive being read out or typed: `ABCDE-FGHIJ-KLMNO-PQRST-UVWXYZ`.
pub fn invitation_code(secret: &Keyring, salt: &str) -> String {
    use base64::Engine;
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let Some(key) = secret.key_for_salt(salt) else {
        tracing::error!("an invitation names a key this server has not loaded");
        return String::new();
    };
    let mac = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(key.derive("invitation", salt))
        .unwrap_or_default();
    let mut bits: u32 = 0;
    let mut held = 0;
    let mut code = String::new();
    for byte in mac.iter().take(16) {
        bits = (bits << 8) | u32::from(*byte);
        held += 8;
        while held >= 5 {
            held -= 5;
            code.push(char::from(ALPHABET[((bits >> held) & 31) as usize]));
        }
    }
    if held > 0 {
        code.push(char::from(ALPHABET[((bits << (5 - held)) & 31) as usize]));
    }
    grouped(&code)
}

/// `ABCDE-FGHIJ-KLMNO-PQRST-UVWXYZ`: four groups of five and the last six.
fn grouped(plain: &str) -> String {
    [0..5, 5..10, 10..15, 15..20, 20..plain.len()]
        .into_iter()
        .filter_map(|r| plain.get(r))
        .collect::<Vec<_>>()
        .join("-")
}

/// A code as typed (any case, with or without dashes or spaces) in the form `invitation_code`
/// gives, or `None` when it cannot be one.
pub fn normalise_code(typed: &str) -> Option<String> {
    let plain: String = typed
        .chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let valid = plain.len() == 26
        && plain
            .chars()
            .all(|c| c.is_ascii_uppercase() || ('2'..='7').contains(&c));
    valid.then(|| grouped(&plain))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invitation_codes_are_128_bits_in_typable_groups_and_survive_retyping() {
        let key = Keyring::new(crate::secrets::SecretKey::new([7u8; 32]));
        let code = invitation_code(&key, "salt-a");
        assert_eq!(code.len(), 26 + 4);
        assert_eq!(code.rsplit('-').next().map(str::len), Some(6));
        assert_ne!(code, invitation_code(&key, "salt-b"));
        let typed = code.to_lowercase().replace('-', " ");
        assert_eq!(normalise_code(&typed).as_deref(), Some(code.as_str()));
        assert_eq!(normalise_code("ABC"), None);
        assert_eq!(
            normalise_code("11111-11111-11111-11111-111111"),
            None,
            "1 is not base32"
        );
    }
}
