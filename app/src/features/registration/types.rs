//! Shared registration types.

use crate::features::forums::types::{ForumId, StakeholderGroupId};
use serde::{Deserialize, Serialize};

crate::ids::id_type!(InvitationId);
crate::ids::id_type!(QuestionId);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
pub struct RegistrationId(pub i64);

/// Where a registration stands. The catalogue has `registration.status.<status>` for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RegistrationStatus {
    /// Waiting for the organiser's approval (forums with approval).
    Pending,
    Confirmed,
    Waiting,
    Cancelled,
    Rejected,
}

impl RegistrationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RegistrationStatus::Pending => "pending",
            RegistrationStatus::Confirmed => "confirmed",
            RegistrationStatus::Waiting => "waiting",
            RegistrationStatus::Cancelled => "cancelled",
            RegistrationStatus::Rejected => "rejected",
        }
    }

    /// Every status, in the order lists show them.
    pub const ALL: [RegistrationStatus; 5] = [
        RegistrationStatus::Pending,
        RegistrationStatus::Confirmed,
        RegistrationStatus::Waiting,
        RegistrationStatus::Cancelled,
        RegistrationStatus::Rejected,
    ];

    /// The badge class lists and pages show it with.
    pub fn badge(self) -> &'static str {
        match self {
            RegistrationStatus::Confirmed => "badge badge-ok",
            RegistrationStatus::Pending | RegistrationStatus::Waiting => "badge badge-draft",
            RegistrationStatus::Cancelled | RegistrationStatus::Rejected => "badge badge-cancelled",
        }
    }
}

/// How a forum takes registrations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RegistrationMode {
    /// Anyone may register; the seat rules decide at once.
    #[default]
    Open,
    /// Registrations wait as pending until an organiser approves them.
    Approval,
    /// Only with a personal invitation (link or code) from the organisers.
    Invitation,
}

impl RegistrationMode {
    pub const ALL: [RegistrationMode; 3] = [
        RegistrationMode::Open,
        RegistrationMode::Approval,
        RegistrationMode::Invitation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RegistrationMode::Open => "open",
            RegistrationMode::Approval => "approval",
            RegistrationMode::Invitation => "invitation",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == value)
    }
}

impl TryFrom<String> for RegistrationStatus {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        RegistrationStatus::ALL
            .into_iter()
            .find(|s| s.as_str() == value)
            .ok_or_else(|| format!("unknown registration status {value:?}"))
    }
}

/// Age bands offered (optional); 18–29 counts as youth.
pub const AGE_BANDS: [&str; 5] = ["18-29", "30-44", "45-59", "60+", "undisclosed"];
/// Gender options (optional).
pub const GENDERS: [&str; 4] = ["woman", "man", "other", "undisclosed"];

/// A registration as the participant's own page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Registration {
    pub id: RegistrationId,
    pub forum_id: ForumId,
    pub group_id: StakeholderGroupId,
    #[cfg_attr(feature = "ssr", sqlx(try_from = "String"))]
    pub status: RegistrationStatus,
    pub full_name: String,
    pub email: String,
    pub organisation: String,
    pub position: String,
    pub country: String,
    pub locale: String,
}

/// What the registration form page needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegisterPageData {
    pub forum: crate::features::forums::types::ForumSummary,
    pub groups: Vec<crate::features::forums::types::StakeholderGroup>,
    /// Whether registration is open now.
    pub open: bool,
    /// When it is not open yet: the day it opens (in the forum's zone).
    pub opens_on: Option<chrono::NaiveDate>,
    pub mode: RegistrationMode,
    /// The forum's own questions, in the visitor's language.
    pub questions: Vec<super::questions::Question>,
    /// The personal invitation the link carried, when it is valid and unused.
    pub invitation: Option<InvitationView>,
    /// The catalogue key of what is wrong with the link's invitation, if anything.
    pub invitation_problem: Option<String>,
    /// When this form was served, signed by the server (`form[issued]`).
    pub issued: String,
    /// The privacy notice the form asks people to agree to (its version's stable address).
    pub privacy_url: String,
}

/// A personal invitation as the registration form uses it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvitationView {
    pub code: String,
    pub full_name: String,
    pub email: String,
    /// The stakeholder group the organisers invited the person into, if they chose one.
    pub group_id: Option<StakeholderGroupId>,
}

/// The participant's own view of their registration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegistrationView {
    pub forum: crate::features::forums::types::ForumSummary,
    pub status: RegistrationStatus,
    pub full_name: String,
    pub email: String,
    pub organisation: String,
    pub group: String,
    pub position: String,
    pub country: String,
    pub gender: String,
    pub age_band: String,
    pub accessibility: String,
    pub dietary: String,
    pub photo_consent: bool,
    pub questions: Vec<super::questions::Question>,
    /// The answers as the form submits them (`q<ID>`, `q<ID>_<N>`), to fill in the edit form.
    pub answers: std::collections::BTreeMap<String, String>,
    /// Confirm address first: until when the place is held unconfirmed (`None`: confirmed).
    pub hold_until: Option<chrono::DateTime<chrono::Utc>>,
}

/// The organiser's list filters (query parameters of the registrations screen and CSV export).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RegistrationFilter {
    /// Part of a name, email address or organisation.
    #[serde(default)]
    pub q: String,
    /// `confirmed`, `waiting`, `cancelled` or empty for all.
    #[serde(default)]
    pub status: String,
    /// A stakeholder group's id, or empty.
    #[serde(default)]
    pub group: String,
    /// A country code (or the text typed for "other"), or empty.
    #[serde(default)]
    pub country: String,
    /// `newest` (default), `oldest`, `name` or `organisation`.
    #[serde(default)]
    pub sort: String,
}

/// One row of the organiser's list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct RegistrationRow {
    pub id: RegistrationId,
    pub full_name: String,
    pub email: String,
    pub organisation: String,
    pub position: String,
    pub country: String,
    pub group_id: StakeholderGroupId,
    #[cfg_attr(feature = "ssr", sqlx(try_from = "String"))]
    pub status: RegistrationStatus,
    pub accessibility: String,
    pub dietary: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// One stakeholder group's line of the balance panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupBalance {
    pub group_id: StakeholderGroupId,
    pub name: String,
    pub reserved: i64,
    pub cap: Option<i64>,
    pub confirmed: i64,
    pub pending: i64,
    pub waiting: i64,
}

/// Rows per page of the organiser's list.
pub const PAGE_SIZE: i64 = 50;

/// How often one address may ask for its links: `LOST_LINK_MAX` times per window.
pub const LOST_LINK_MAX: i64 = 3;
pub const LOST_LINK_WINDOW_SECS: i64 = 3_600;

/// The cookie that lets the agenda page know a participant who opened their own page on this
/// device (it holds the manage link's secret: HttpOnly, this site only).
pub const PARTICIPANT_COOKIE: &str = "agora_participant";

/// Confirm address first: how long a new registration holds its place by default, and the
/// range an organiser may choose (minutes).
pub const CONFIRM_WITHIN_DEFAULT_MINUTES: i64 = 30;
pub const CONFIRM_WITHIN_RANGE: std::ops::RangeInclusive<i64> = 5..=1440;

/// An optional consent a participant may give and withdraw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConsentKind {
    /// Photos and videos of me may be published.
    Photo,
    /// I may be named in the forum's list of participants.
    Listed,
    /// I may be contacted about future forums of the series.
    Contact,
}

impl ConsentKind {
    pub const ALL: [ConsentKind; 3] = [
        ConsentKind::Photo,
        ConsentKind::Listed,
        ConsentKind::Contact,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ConsentKind::Photo => "photo",
            ConsentKind::Listed => "listed",
            ConsentKind::Contact => "contact",
        }
    }

    /// The catalogue key of the sentence the participant agrees to.
    pub fn label_key(self) -> &'static str {
        match self {
            ConsentKind::Photo => "consent.photo",
            ConsentKind::Listed => "consent.listed",
            ConsentKind::Contact => "consent.contact",
        }
    }
}

impl std::str::FromStr for ConsentKind {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Self::ALL.into_iter().find(|k| k.as_str() == s).ok_or(())
    }
}

impl TryFrom<String> for ConsentKind {
    type Error = String;
    fn try_from(value: String) -> Result<Self, String> {
        value.parse().map_err(|_| value)
    }
}

/// One consent as stored: when given and, if so, when withdrawn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ConsentRecord {
    #[cfg_attr(feature = "ssr", sqlx(try_from = "String"))]
    pub kind: ConsentKind,
    pub given_at: chrono::DateTime<chrono::Utc>,
    pub withdrawn_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl ConsentRecord {
    pub fn active(&self) -> bool {
        self.withdrawn_at.is_none()
    }
}
