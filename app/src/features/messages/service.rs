//! Messages' use cases: reading what an organiser wrote into an audience and texts, writing each
//! participant's email in their language (placeholders filled, the ticket and the manage link
//! theirs), and sending the scheduled messages whose time has come.

use super::rules::{fill, wants_ticket, Values};
use super::types::{Audience, MessageForm, MessageRecord, MessageText, BODY_MAX, SUBJECT_MAX};
use crate::error::{AppError, FieldError};
use crate::features::registration::records::{Outgoing, RegistrationRecord};
use crate::features::registration::types::RegistrationStatus;
use crate::i18n::Locale;
use crate::state::AppState;
use crate::store::records::ForumRecord;
use crate::text::single_line;
use std::collections::BTreeMap;

/// What the form says, checked: the audience, the texts by language, the fallback language.
pub type Checked = (Audience, BTreeMap<String, MessageText>, String);

/// Checks the form against the forum's groups and lists; errors name the field.
pub fn check(form: &MessageForm, groups: &[i64], lists: &[String]) -> Result<Checked, AppError> {
    let mut errors = Vec::new();
    let statuses: Vec<RegistrationStatus> = [
        RegistrationStatus::Confirmed,
        RegistrationStatus::Waiting,
        RegistrationStatus::Pending,
        RegistrationStatus::Cancelled,
    ]
    .into_iter()
    .filter(|s| form.statuses.contains_key(s.as_str()))
    .collect();
    if statuses.is_empty() {
        errors.push(FieldError::new("statuses", "messages.error.no_status"));
    }
    let mut group_ids = Vec::new();
    for key in form.groups.keys() {
        match key.strip_prefix('g').and_then(|g| g.parse::<i64>().ok()) {
            Some(g) if groups.contains(&g) => group_ids.push(g),
            _ => errors.push(FieldError::new("groups", "error.invalid")),
        }
    }
    let countries: Vec<String> = form.countries.keys().cloned().collect();
    if countries
        .iter()
        .any(|c| !crate::features::forums::types::COUNTRIES.contains(&c.as_str()))
    {
        errors.push(FieldError::new("countries", "error.invalid"));
    }
    let locales: Vec<String> = form.locales.keys().cloned().collect();
    if locales.iter().any(|l| Locale::from_code(l).is_none()) {
        errors.push(FieldError::new("locales", "error.invalid"));
    }
    let attendance = match form.attendance.trim() {
        "" => None,
        v => match v.split_once(':') {
            Some((way @ ("in" | "out"), list)) if lists.iter().any(|l| l == list) => {
                Some((list.to_string(), way == "in"))
            }
            _ => {
                errors.push(FieldError::new("attendance", "error.invalid"));
                None
            }
        },
    };
    let fallback = form.fallback_locale.trim().to_string();
    let mut texts = BTreeMap::new();
    for locale in Locale::ALL {
        let code = locale.code();
        let subject = form.subject.get(code).map(|s| s.trim()).unwrap_or("");
        let body = form.body.get(code).map(|s| s.trim()).unwrap_or("");
        if subject.is_empty() && body.is_empty() {
            continue;
        }
        if subject.is_empty() || body.is_empty() {
            errors.push(FieldError::new(
                &format!("text_{code}"),
                "messages.error.half_written",
            ));
        }
        if subject.chars().count() > SUBJECT_MAX || body.chars().count() > BODY_MAX {
            errors.push(FieldError::new(&format!("text_{code}"), "error.too_long"));
        }
        let text = MessageText {
            subject: single_line(subject),
            body: crate::text::multi_line(body),
        };
        texts.insert(code.to_string(), text);
    }
    if texts.is_empty() {
        errors.push(FieldError::new("text", "messages.error.no_text"));
    } else if !texts.contains_key(&fallback) {
        errors.push(FieldError::new(
            "fallback_locale",
            "messages.error.fallback",
        ));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let audience = Audience {
        statuses,
        groups: group_ids,
        countries,
        locales,
        attendance,
        logistics: !form.logistics.is_empty(),
    };
    Ok((audience, texts, fallback))
}

/// Writes one forum's messages for its participants.
pub struct Writer {
    mailer: crate::features::registration::mailer::Mailer,
    forum: crate::features::forums::types::ForumSummary,
    base: String,
    secret: std::sync::Arc<crate::secrets::Keyring>,
    ticket_code: crate::state::TicketCode,
}

impl Writer {
    pub async fn new(state: &AppState, forum: &ForumRecord) -> Result<Writer, AppError> {
        Ok(Writer {
            mailer: crate::features::registration::mailer::Mailer::for_record(state, forum).await?,
            forum: forum.summary.clone(),
            base: state.settings.base_url.clone(),
            secret: state.secret.clone(),
            ticket_code: state.ticket_code,
        })
    }

    /// The values common to everyone writing in `locale`; the personal ones are filled by the
    /// caller.
    fn common(&self, locale: Locale) -> Values {
        let f = &self.forum;
        Values {
            forum: single_line(&self.mailer.title(locale.code())),
            dates: crate::i18n::format_date_range(locale, f.starts_on, f.ends_on),
            venue: [f.venue.as_str(), f.city.as_str()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(", "),
            ..Values::default()
        }
    }

    /// The email of `message` for one registration, in its language (or the fallback's).
    pub fn compose(
        &self,
        message: &MessageRecord,
        record: &RegistrationRecord,
    ) -> Option<Outgoing> {
        let (written, text) = message.text_for(&record.locale)?;
        let locale = Locale::from_code(written).unwrap_or_default();
        let token =
            crate::features::registration::mail::manage_token(&self.secret, &record.manage_salt);
        let link = format!("{}/r/{token}", self.base);
        let ticket = (record.status == RegistrationStatus::Confirmed && !record.unconfirmed())
            .then(|| (self.ticket_code)(&self.secret, record))
            .flatten()
            .filter(|_| wants_ticket(&text.body));
        let values = Values {
            name: single_line(&record.full_name),
            agenda: format!("{link}#my-agenda"),
            ticket: if ticket.is_some() {
                locale.t("messages.ticket_line")
            } else {
                String::new()
            },
            link,
            ..self.common(locale)
        };
        Some(self.mail(
            locale,
            &record.email,
            text,
            &values,
            ticket,
            Some(record.id.0),
        ))
    }

    /// The preview and the test email: the author's name and sample links in place of a
    /// participant's.
    pub fn sample(&self, locale: Locale, text: &MessageText, name: &str, to: &str) -> Outgoing {
        let link = format!("{}/r/{}", self.base, locale.t("messages.sample_token"));
        let values = Values {
            name: single_line(name),
            agenda: format!("{link}#my-agenda"),
            ticket: if wants_ticket(&text.body) {
                locale.t("messages.ticket_line")
            } else {
                String::new()
            },
            link,
            ..self.common(locale)
        };
        self.mail(locale, to, text, &values, None, None)
    }

    fn mail(
        &self,
        locale: Locale,
        to: &str,
        text: &MessageText,
        values: &Values,
        ticket: Option<String>,
        registration: Option<i64>,
    ) -> Outgoing {
        let mut body = fill(&text.body, values);
        body.push_str("\n\n");
        body.push_str(&locale.tf(
            "messages.footer",
            &[
                ("forum", values.forum.as_str()),
                ("link", values.link.as_str()),
            ],
        ));
        body.push('\n');
        let mut mail = Outgoing {
            recipient: to.to_string(),
            subject: single_line(&fill(&text.subject, values)),
            body,
            calendar: None,
            ticket_code: ticket.clone(),
            registration,
            html: None,
        };
        let line = format!("{} · {}", values.dates, self.forum.city);
        crate::features::registration::mail::add_html(
            &mut mail,
            locale,
            Some((&values.forum, &line)),
            None,
            ticket.as_deref(),
        );
        mail
    }
}

/// Sends one due message of `forum` (nothing when another server sent it first): how many
/// emails were queued.
pub async fn send_one(
    state: &AppState,
    forum: &ForumRecord,
    id: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<i64, AppError> {
    let gap_ms = 60_000 / state.settings.messages_per_minute.max(1);
    let writer = Writer::new(state, forum).await?;
    let sent = state
        .store
        .send_message(id, now, gap_ms, &|m, r| writer.compose(m, r))
        .await?;
    if let Some(count) = sent {
        tracing::info!(
            message = id,
            recipients = count,
            "message sent to the outbox"
        );
    }
    Ok(sent.unwrap_or(0))
}

/// Sends every scheduled message whose time has come; returns how many emails were queued.
pub async fn send_due(state: &AppState) -> Result<i64, AppError> {
    let store = state.store.as_ref();
    let now = crate::clock::now();
    let mut queued = 0;
    for id in store.due_messages(now).await? {
        let Some(forum_id) = store.message_forum(id).await? else {
            continue;
        };
        let Some(forum) = store.forum_by_id(forum_id).await? else {
            continue;
        };
        queued += send_one(state, &forum, id, now).await?;
    }
    Ok(queued)
}

/// Runs `send_due` every few seconds until the task is aborted.
pub async fn run(state: AppState) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(5));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if let Err(e) = send_due(&state).await {
            tracing::warn!(error = ?e, "could not send the scheduled messages");
        }
    }
}
