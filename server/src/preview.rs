//! `server preview-emails --to DIR`: every kind of email in every language, written as `.eml`
//! files (`<kind>.<language>.eml`) exactly as they would be sent, so organisers and translators
//! can read them in a mail program. It uses the first forum in the database for names and
//! dates and a made-up participant; nothing is sent or stored.

use app::features::registration::mail::Message;
use app::features::registration::records::{Outgoing, RegistrationRecord};
use app::features::registration::types::{RegistrationId, RegistrationStatus};
use app::i18n::Locale;
use app::state::AppState;
use std::path::{Path, PathBuf};

/// One written email.
#[derive(Debug, Clone)]
pub struct Preview {
    pub file: PathBuf,
    pub kind: String,
    pub lang: String,
    pub ticket_code: Option<String>,
}

/// The registration emails: (file name, message, status, unconfirmed).
const KINDS: [(&str, Message, RegistrationStatus, bool); 12] = [
    (
        "confirmed",
        Message::Registered,
        RegistrationStatus::Confirmed,
        false,
    ),
    (
        "unconfirmed",
        Message::Registered,
        RegistrationStatus::Confirmed,
        true,
    ),
    (
        "waiting",
        Message::Registered,
        RegistrationStatus::Waiting,
        false,
    ),
    (
        "pending",
        Message::Registered,
        RegistrationStatus::Pending,
        false,
    ),
    (
        "reminder",
        Message::Reminder,
        RegistrationStatus::Confirmed,
        false,
    ),
    (
        "promoted",
        Message::Promoted,
        RegistrationStatus::Confirmed,
        false,
    ),
    (
        "approved",
        Message::Approved,
        RegistrationStatus::Confirmed,
        false,
    ),
    (
        "approved-waiting",
        Message::Approved,
        RegistrationStatus::Waiting,
        false,
    ),
    (
        "rejected",
        Message::Rejected,
        RegistrationStatus::Rejected,
        false,
    ),
    (
        "cancelled",
        Message::Cancelled,
        RegistrationStatus::Cancelled,
        false,
    ),
    (
        "ticket-reissued",
        Message::TicketReissued,
        RegistrationStatus::Confirmed,
        false,
    ),
    (
        "new-link",
        Message::NewLink,
        RegistrationStatus::Confirmed,
        false,
    ),
];

/// Writes every kind of email in every language under `dir`.
pub async fn write_all(state: &AppState, dir: &Path) -> anyhow::Result<Vec<Preview>> {
    let store = state.store.as_ref();
    let forum = store
        .list_forums(false)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| anyhow::anyhow!("no forum in the database: run `server seed-demo` first"))?;
    let record = store
        .forum_by_slug(&forum.slug)
        .await?
        .ok_or_else(|| anyhow::anyhow!("forum {} vanished", forum.slug))?;
    let group = store
        .stakeholder_groups(record.series_id)
        .await?
        .first()
        .map(|g| g.id)
        .ok_or_else(|| anyhow::anyhow!("the series has no stakeholder group"))?;
    let mailer = app::features::registration::mailer::Mailer::for_record(state, &record)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    tokio::fs::create_dir_all(dir).await?;
    let base = &state.settings.base_url;
    let mut written = Vec::new();
    for locale in Locale::ALL {
        let lang = locale.code();
        let person = RegistrationRecord {
            id: RegistrationId(1),
            forum_id: forum.id,
            group_id: group,
            status: RegistrationStatus::Confirmed,
            full_name: "Ana Hoxha".into(),
            email: "ana.hoxha@example.org".into(),
            organisation: "Partners Albania".into(),
            position: String::new(),
            country: "AL".into(),
            locale: lang.into(),
            manage_salt: "preview".into(),
            gender: String::new(),
            age_band: String::new(),
            accessibility: String::new(),
            dietary: String::new(),
            photo_consent: false,
            ticket_version: 1,
            hold_until: None,
        };
        let mut mails: Vec<(String, Outgoing)> = Vec::new();
        for (kind, message, status, unconfirmed) in KINDS {
            let person = RegistrationRecord {
                status,
                hold_until: unconfirmed.then(|| chrono::Utc::now() + chrono::Duration::minutes(30)),
                ..person.clone()
            };
            if let Some(mail) = mailer.write(&person, message) {
                mails.push((kind.to_string(), mail));
            }
        }
        let title = mailer.title(lang);
        mails.push((
            "full".into(),
            app::features::registration::mail::full(
                locale,
                &person.email,
                &person.full_name,
                &title,
            ),
        ));
        mails.push((
            "invitation".into(),
            app::features::registration::mail::invitation(
                locale,
                &person.email,
                &app::features::registration::mail::InvitationLetter {
                    name: &person.full_name,
                    forum: &title,
                    link: &format!("{base}/forums/{}/register?invite=PREVIEW", forum.slug),
                    code: "ABCDE-FGHIJ-KLMNO-PQRST-UVWXYZ",
                    decline: &format!("{base}/forums/{}/decline?invite=PREVIEW", forum.slug),
                    answer_by: Some(&app::i18n::format_date(locale, forum.starts_on)),
                    reminder: false,
                },
            ),
        ));
        mails.push((
            "retention".into(),
            app::features::privacy::service::retention_mail(
                locale,
                "organiser@example.org".into(),
                &title,
                &app::i18n::format_date(locale, forum.ends_on + chrono::Duration::days(180)),
                120,
                &format!("{base}/organiser/forums/{}/privacy", forum.slug),
            ),
        ));
        let mut outgoing: Vec<(String, app::mail::OutgoingMail, Option<String>)> = mails
            .into_iter()
            .map(|(kind, m)| {
                let code = m.ticket_code.clone();
                let mail = app::mail::OutgoingMail {
                    to: m.recipient,
                    subject: m.subject,
                    text: m.body,
                    calendar: m.calendar,
                    ticket_png: m
                        .ticket_code
                        .as_deref()
                        .and_then(|code| app::features::tickets::qr::png(code, 8)),
                    html: m.html,
                };
                (kind, mail, code)
            })
            .collect();
        outgoing.push((
            "test".into(),
            app::features::accounts::api::test_mail(locale, "admin@example.org", "Admin", base),
            None,
        ));
        for (kind, mail, code) in outgoing {
            let bytes = state
                .mailer
                .format(&mail)
                .map_err(|e| anyhow::anyhow!("{kind}: {e}"))?;
            let file = dir.join(format!("{kind}.{lang}.eml"));
            tokio::fs::write(&file, bytes).await?;
            written.push(Preview {
                file,
                kind,
                lang: lang.to_string(),
                ticket_code: code,
            });
        }
    }
    Ok(written)
}
