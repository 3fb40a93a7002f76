//! Shared registration types.

use crate::features::forums::types::{ForumId, StakeholderGroupId};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
pub struct RegistrationId(pub i64);

/// Where a registration stands. The catalogue has `registration.status.<status>` for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RegistrationStatus {
    Confirmed,
    Waiting,
    Cancelled,
}

impl RegistrationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RegistrationStatus::Confirmed => "confirmed",
            RegistrationStatus::Waiting => "waiting",
            RegistrationStatus::Cancelled => "cancelled",
        }
    }
}

impl TryFrom<String> for RegistrationStatus {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        match value.as_str() {
            "confirmed" => Ok(RegistrationStatus::Confirmed),
            "waiting" => Ok(RegistrationStatus::Waiting),
            "cancelled" => Ok(RegistrationStatus::Cancelled),
            other => Err(format!("unknown registration status {other:?}")),
        }
    }
}

/// Age bands offered (optional); 18–29 counts as youth.
pub const AGE_BANDS: [&str; 5] = ["18-29", "30-44", "45-59", "60+", "undisclosed"];
/// Gender options (optional).
pub const GENDERS: [&str; 4] = ["woman", "man", "other", "undisclosed"];
/// The privacy notice participants agree to; stored with each registration.
pub const PRIVACY_VERSION: &str = "2026-11";

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
    pub waiting: i64,
}

/// Rows per page of the organiser's list.
pub const PAGE_SIZE: i64 = 50;
