//! What registration's store reads and writes: records, inserts, settings and the outcomes of a
//! change. Plain data shared by the store, the batch writer, the write path and the emails.

use super::seats::Refusal;
use super::types::{RegistrationId, RegistrationStatus};
use crate::features::forums::types::{ForumId, StakeholderGroupId};
use chrono::{DateTime, Utc};

/// An email to queue.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    pub recipient: String,
    pub subject: String,
    pub body: String,
    /// An iTIP calendar object (`METHOD:REQUEST` or `CANCEL`) sent alongside the text.
    pub calendar: Option<String>,
    /// The signed ticket code; its QR code is attached as a PNG when the mail is sent.
    pub ticket_code: Option<String>,
    /// The registration it is about (erasure removes its emails with it).
    pub registration: Option<i64>,
    /// The HTML part (`mail_html`), beside the text part.
    pub html: Option<String>,
}

/// A queued email due for delivery.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct QueuedMail {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub attempts: i64,
    pub calendar: Option<String>,
    pub ticket_code: Option<String>,
    pub html: Option<String>,
}

/// A registration with what emails about it need.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RegistrationRecord {
    pub id: RegistrationId,
    pub forum_id: ForumId,
    pub group_id: StakeholderGroupId,
    #[sqlx(try_from = "String")]
    pub status: RegistrationStatus,
    pub full_name: String,
    pub email: String,
    pub organisation: String,
    pub position: String,
    pub country: String,
    pub locale: String,
    /// Random per registration; the manage link is derived from it and the server's secret.
    pub manage_salt: String,
    pub gender: String,
    pub age_band: String,
    pub accessibility: String,
    pub dietary: String,
    pub photo_consent: bool,
    /// Raised when the organiser re-issues the ticket: older codes stop admitting.
    pub ticket_version: i64,
    /// Until when an unconfirmed registration holds its place (forums that confirm addresses
    /// first); `None` once the address is confirmed or when the forum does not ask.
    pub hold_until: Option<DateTime<Utc>>,
}

impl RegistrationRecord {
    /// Whether the participant still has to confirm their address.
    pub fn unconfirmed(&self) -> bool {
        self.hold_until.is_some()
    }
}

/// A new registration, checked, with its manage secret.
pub struct RegistrationInsert<'a> {
    pub forum: ForumId,
    pub form: &'a super::form::NewRegistration,
    pub locale: &'a str,
    pub privacy_version: &'a str,
    pub manage_salt: String,
    pub manage_token_hash: String,
    /// Wait as pending for the organiser's approval instead of taking a seat at once.
    pub pending: bool,
    /// The invitation this registration uses up (invitation-only forums).
    pub invitation: Option<i64>,
    /// Answers to the forum's own questions: (question, value).
    pub answers: &'a [(i64, String)],
    /// Optional consents given on the form (being listed, being contacted), written with the
    /// row in its transaction.
    pub consents: &'a [super::types::ConsentKind],
    /// Until when the registration holds its place unconfirmed (see `RegistrationRecord`).
    pub hold_until: Option<DateTime<Utc>>,
}

/// A personal invitation as the organiser's list shows it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct InvitationRecord {
    pub id: i64,
    pub forum_id: ForumId,
    pub salt: String,
    pub full_name: String,
    pub email: String,
    pub group_id: Option<i64>,
    pub registration_id: Option<i64>,
    /// `invited`, `declined` or `proposed` (a colleague named by someone who declined, waiting
    /// for the organisers); registered and expired are read from the rest (`invitation_states`).
    pub state: String,
    pub organisation: String,
    pub locale: String,
    pub note: String,
    pub decline_note: String,
    pub proposed_by: Option<i64>,
    pub reminders: i64,
    pub answered_at: Option<DateTime<Utc>>,
}

/// The columns of an `InvitationRecord`, in its order.
pub const INVITATION: &str = "id, forum_id, salt, full_name, email, group_id, registration_id, \
     state, organisation, locale, note, decline_note, proposed_by, reminders, answered_at";

/// A new invitation.
pub struct InvitationInsert<'a> {
    pub forum: ForumId,
    pub salt: &'a str,
    pub code_hash: &'a str,
    pub full_name: &'a str,
    pub email: &'a str,
    pub group: Option<i64>,
}

/// The details a participant (or an organiser for them) may edit; email and group stay.
pub struct DetailsUpdate<'a> {
    pub form: &'a super::form::NewRegistration,
    pub answers: &'a [(i64, String)],
}

/// A forum's registration settings.
#[derive(Debug, Clone, Default, PartialEq, sqlx::FromRow)]
pub struct RegistrationSettings {
    /// Keep a waiting list when a group has no free seat.
    pub waiting_list: bool,
    /// When unfilled reservations join the pool.
    pub reservations_release_at: Option<DateTime<Utc>>,
    pub registration_opens_at: Option<DateTime<Utc>>,
    pub registration_closes_at: Option<DateTime<Utc>>,
    /// Confirm address first: minutes a new registration holds its place until the participant
    /// confirms their address from the emailed link (`None`: the forum does not ask).
    pub confirm_within_minutes: Option<i64>,
}

impl RegistrationSettings {
    /// Whether registration is open at `now` (the forum's end is checked separately).
    pub fn window(&self, now: DateTime<Utc>) -> Window {
        match (self.registration_opens_at, self.registration_closes_at) {
            (Some(opens), _) if now < opens => Window::NotYet(opens),
            (_, Some(closes)) if now >= closes => Window::Closed,
            _ => Window::Open,
        }
    }
}

/// Where `now` falls in a registration window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    NotYet(DateTime<Utc>),
    Open,
    Closed,
}

/// What registering did.
#[derive(Debug, Clone)]
pub enum Registered {
    /// A new registration with a seat or on the waiting list.
    New(RegistrationId, RegistrationStatus),
    /// No seat and no waiting list: nothing was written.
    Full,
    /// This address is registered for this forum already (nothing new was written).
    Existing(Box<RegistrationRecord>),
    /// The invitation was used by someone else meanwhile (nothing was written).
    InvitationUsed,
    /// A registration of this address was being written at the same instant and is not
    /// readable yet (nothing was written): sending the form again gives the real answer.
    Raced,
}

/// What setting a group's quota did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuotaSaved {
    Saved,
    /// The reserved seats of all groups would exceed the forum's capacity (nothing was written).
    OverCapacity,
}

/// What a change to a registration did.
#[derive(Debug, Clone, PartialEq)]
pub enum Changed {
    /// The registration's status after the change, and who was promoted from the waiting list.
    Done(RegistrationStatus, Vec<RegistrationId>),
    /// Nothing to do (cancelling a cancelled registration, moving into its own group).
    Unchanged,
    Refused(Refusal),
}

/// What confirming an address did.
#[derive(Debug, Clone, PartialEq)]
pub enum AddressConfirmed {
    /// Confirmed now; the registration's usual email is queued.
    Confirmed,
    /// Nothing to confirm (confirmed before, or the forum does not ask).
    Already,
    /// The hold ran out before the confirmation; the registration is about to be removed.
    Expired,
}

/// What became of a batched registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placed {
    /// Written with this status.
    New(RegistrationStatus),
    /// No seat and no waiting list: nothing was written.
    Full,
    /// The address is registered for the forum already (nothing was written).
    Existing,
}
