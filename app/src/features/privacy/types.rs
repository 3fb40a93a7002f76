//! What the privacy feature passes between server and pages.

use crate::features::registration::types::ConsentRecord;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// What a participant's "download my data" holds: everything about one registration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyData {
    pub forum: String,
    pub forum_slug: String,
    pub registered_at: DateTime<Utc>,
    pub status: String,
    pub full_name: String,
    pub email: String,
    pub organisation: String,
    pub position: String,
    pub country: String,
    pub stakeholder_group: String,
    pub gender: String,
    pub age_band: String,
    pub accessibility: String,
    pub dietary: String,
    pub language: String,
    pub privacy_notice_version: String,
    /// (question, answer) in the participant's language.
    pub answers: Vec<(String, String)>,
    pub consents: Vec<ConsentRecord>,
    /// (status, since), oldest first.
    pub status_history: Vec<(String, DateTime<Utc>)>,
    /// (check-in list, when).
    pub check_ins: Vec<(String, DateTime<Utc>)>,
    /// (session title, starts at).
    pub personal_agenda: Vec<(String, DateTime<Utc>)>,
    /// (subject, queued at, sent at).
    pub emails: Vec<(String, DateTime<Utc>, Option<DateTime<Utc>>)>,
    pub calendar_feed: bool,
    pub devices_remembered: i64,
}

/// What the privacy page of a forum shows its organisers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForumPrivacy {
    pub slug: String,
    pub title: String,
    pub ends_on: NaiveDate,
    pub retention_days: i64,
    pub erasure_on: NaiveDate,
    pub min_days: i64,
    pub max_days: i64,
    pub erased_at: Option<DateTime<Utc>>,
    pub read_only: bool,
    /// Admins and the series' lead organiser change teams.
    pub can_change_team: bool,
    pub team: Vec<crate::features::accounts::types::TeamMember>,
    /// Organisers who could join the team: (id, name, email).
    pub organisers: Vec<(i64, String, String)>,
    /// Admins and the forum's editors assign scanner accounts to its door.
    pub can_assign_scanners: bool,
    pub scanners: Vec<crate::features::accounts::types::ScannerAssignment>,
    /// Scanner accounts not yet assigned: (id, name, email).
    pub scanner_accounts: Vec<(i64, String, String)>,
    /// Emails to this forum's participants given up after a week: (registration, subject, when).
    #[serde(default)]
    pub failed_mail: Vec<(i64, String, DateTime<Utc>)>,
}

/// A series' country coordinators, for its privacy page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesCoordinators {
    /// Only admins change them.
    pub can_change: bool,
    pub coordinators: Vec<crate::features::accounts::types::Coordinator>,
    /// Organisers who could be one: (id, name, email).
    pub organisers: Vec<(i64, String, String)>,
    /// The series' lead organiser: (id, name, email).
    pub lead: Option<(i64, String, String)>,
}
