//! Messages to registrants as the pages and the store share them: who a message goes to (the
//! audience filter), its text per language, its state and its progress.

use crate::features::forums::types::ForumSummary;
use crate::features::registration::types::RegistrationStatus;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Who a message goes to, among one forum's registrations that are not erased. Empty lists
/// mean "any"; `statuses` is never empty once checked (see `service::check`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Audience {
    pub statuses: Vec<RegistrationStatus>,
    /// Stakeholder group ids.
    pub groups: Vec<i64>,
    /// Country codes as the form stores them (or the text typed for "other").
    pub countries: Vec<String>,
    /// The participants' languages (locale codes).
    pub locales: Vec<String>,
    /// A check-in list (`entry`, `day-2027-03-12`, `session-4`) and whether the message goes to
    /// those checked in on it (`true`) or those not (`false`).
    pub attendance: Option<(String, bool)>,
    /// About the forum's logistics (venue, times, tickets): goes to everyone the filter names.
    /// Anything else goes only to those who consented to be contacted.
    pub logistics: bool,
}

/// One registration as the audience filter sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub registration: i64,
    pub status: RegistrationStatus,
    pub group: i64,
    pub country: String,
    pub locale: String,
    /// The check-in lists it was admitted on.
    pub lists: Vec<String>,
    /// Consented to be contacted (given and not withdrawn).
    pub contact: bool,
}

/// A message's subject and body in one language (the body is plain text with placeholders).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageText {
    pub subject: String,
    pub body: String,
}

/// Where a message is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MessageState {
    /// Being written: nothing goes.
    Draft,
    /// Goes at `send_at` (at once when that has come).
    Scheduled,
    /// Handed to the outbox: one email per recipient, going out at a steady rate.
    Sent,
}

impl MessageState {
    pub fn as_str(self) -> &'static str {
        match self {
            MessageState::Draft => "draft",
            MessageState::Scheduled => "scheduled",
            MessageState::Sent => "sent",
        }
    }
}

impl TryFrom<String> for MessageState {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Ok(match value.as_str() {
            "draft" => MessageState::Draft,
            "scheduled" => MessageState::Scheduled,
            "sent" => MessageState::Sent,
            other => return Err(format!("unknown message state {other:?}")),
        })
    }
}

/// How far a sent message's emails are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub sent: i64,
    pub pending: i64,
    /// Given up on, or refused by the relay (a bounce).
    pub failed: i64,
    /// Removed with the participant's data (erased since).
    pub removed: i64,
}

/// A message as the store keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageRecord {
    pub id: i64,
    pub forum_id: i64,
    pub author_name: String,
    pub audience: Audience,
    /// By locale code.
    pub texts: BTreeMap<String, MessageText>,
    pub fallback_locale: String,
    pub state: MessageState,
    pub send_at: Option<DateTime<Utc>>,
    pub sent_at: Option<DateTime<Utc>>,
    pub recipients: i64,
    pub created_at: DateTime<Utc>,
}

impl MessageRecord {
    /// The text a participant writing in `locale` gets: theirs when written, else the fallback.
    pub fn text_for(&self, locale: &str) -> Option<(&str, &MessageText)> {
        let written = |code: &str| {
            self.texts
                .get_key_value(code)
                .filter(|(_, t)| !t.subject.trim().is_empty() && !t.body.trim().is_empty())
                .map(|(k, t)| (k.as_str(), t))
        };
        written(locale).or_else(|| written(&self.fallback_locale))
    }
}

/// A message a participant received, for their own page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Received {
    pub subject: String,
    pub sent_at: Option<DateTime<Utc>>,
    pub delivered: bool,
}

/// The compose form as posted (`form[...]`): checkboxes arrive as maps of what was ticked.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MessageForm {
    #[serde(default)]
    pub statuses: BTreeMap<String, String>,
    #[serde(default)]
    pub groups: BTreeMap<String, String>,
    #[serde(default)]
    pub countries: BTreeMap<String, String>,
    #[serde(default)]
    pub locales: BTreeMap<String, String>,
    /// `""` (anyone), `in:<list>` or `out:<list>`.
    #[serde(default)]
    pub attendance: String,
    #[serde(default)]
    pub logistics: String,
    #[serde(default)]
    pub fallback_locale: String,
    #[serde(default)]
    pub subject: BTreeMap<String, String>,
    #[serde(default)]
    pub body: BTreeMap<String, String>,
}

/// The placeholders a message may use, with the catalogue key that explains each.
pub const PLACEHOLDERS: [(&str, &str); 7] = [
    ("{name}", "messages.ph.name"),
    ("{forum}", "messages.ph.forum"),
    ("{dates}", "messages.ph.dates"),
    ("{venue}", "messages.ph.venue"),
    ("{link}", "messages.ph.link"),
    ("{ticket}", "messages.ph.ticket"),
    ("{agenda}", "messages.ph.agenda"),
];

/// The longest subject and body accepted (characters).
pub const SUBJECT_MAX: usize = 200;
pub const BODY_MAX: usize = 20_000;

/// What the compose form offers to choose from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ComposeOptions {
    /// (id, name) of the series' stakeholder groups.
    pub groups: Vec<(i64, String)>,
    /// (key, name) of the forum's check-in lists.
    pub lists: Vec<(String, String)>,
    /// The forum's default language (its text is open first).
    pub default_locale: String,
}

/// One message in the forum's list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageLine {
    pub id: i64,
    pub subject: String,
    pub state: MessageState,
    pub author: String,
    /// When it goes or went, in the forum's zone.
    pub when: String,
    pub recipients: i64,
    pub progress: Progress,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessagesAdmin {
    pub forum: ForumSummary,
    pub messages: Vec<MessageLine>,
}

/// A message in one language as it will read, with sample values in the placeholders.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Preview {
    pub locale: String,
    pub subject: String,
    pub body: String,
    /// Recipients writing in this language.
    pub readers: usize,
}

/// One person the message goes (or went) to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecipientLine {
    pub full_name: String,
    pub email: String,
    pub locale: String,
    /// `sent`, `pending`, `failed`, or `` before sending.
    pub delivery: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageAdmin {
    pub forum: ForumSummary,
    pub id: i64,
    pub state: MessageState,
    pub author: String,
    pub created: String,
    pub when: String,
    /// The filter in words, one line per part.
    pub audience: Vec<String>,
    pub recipients: Vec<RecipientLine>,
    pub previews: Vec<Preview>,
    pub progress: Progress,
    /// What the edit form starts from.
    pub form: MessageForm,
    pub options: ComposeOptions,
    /// The forum's zone, shown beside the scheduling field.
    pub zone: String,
}

/// The compose form's page: the options, and the draft it edits (`message_id` 0: a new one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComposePage {
    pub forum: ForumSummary,
    pub options: ComposeOptions,
    pub form: MessageForm,
}

/// A forum's reminders before it starts: on or off, and how many hours before the start each
/// goes (biggest first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderSettings {
    pub enabled: bool,
    pub hours: Vec<i64>,
}

impl Default for ReminderSettings {
    /// Seven days and one day before, on.
    fn default() -> Self {
        ReminderSettings {
            enabled: true,
            hours: vec![168, 24],
        }
    }
}

/// The reminders part of a forum's edit page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RemindersAdmin {
    pub settings: ReminderSettings,
    /// The forum's start in its zone (first session, else its first day at 09:00).
    pub starts: String,
    /// How many reminders went so far.
    pub sent: i64,
}
