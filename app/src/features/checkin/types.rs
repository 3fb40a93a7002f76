//! Check-in types shared by the server, the scanner page and the JSON API.

use crate::features::forums::types::StakeholderGroupId;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

crate::ids::id_type!(DeviceId);
crate::ids::id_type!(DoubleEntryId);

/// The fewest characters a manual search at the door looks for (at most 20 people come back).
pub const SEARCH_MIN_CHARS: usize = 3;

/// What the door says about one scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Admitted,
    AlreadyCheckedIn,
    Invalid,
    Cancelled,
    NotOnList,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Admitted => "admitted",
            Verdict::AlreadyCheckedIn => "already_checked_in",
            Verdict::Invalid => "invalid",
            Verdict::Cancelled => "cancelled",
            Verdict::NotOnList => "not_on_list",
        }
    }
}

/// The body of `POST /api/v1/checkin`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckinRequest {
    /// The text of the scanned QR code.
    pub code: String,
    /// The check-in list (`entry`, `day-2026-05-12`, `session-42`).
    pub list_id: String,
    /// The client's id of this scan: a retry with the same nonce never admits twice.
    pub nonce: String,
}

/// The answer to one scan or manual check-in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckinResponse {
    pub verdict: Verdict,
    /// Why, in the scanner's language (empty when admitted).
    pub reason: String,
    pub name: Option<String>,
    pub organisation: Option<String>,
    pub group: Option<String>,
    /// When this ticket was first admitted on this list.
    pub first_admitted_at: Option<DateTime<Utc>>,
    /// The same, as a time of day in the forum's zone.
    pub first_admitted_local: Option<String>,
    /// The scanner (person or device) that admitted it first.
    pub admitted_by: Option<String>,
    /// The list's name, in the scanner's language.
    pub list_name: String,
}

/// Which part of a forum a check-in list covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ListScope {
    Entry,
    Day { day: NaiveDate },
    Session { session: i64 },
}

/// One check-in list, derived from the forum's dates and agenda.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckinList {
    /// Unique across forums, as the API takes it: `<forum id>:<key>`.
    pub id: String,
    /// Unique within the forum: `entry`, `day-2026-05-12`, `session-42`.
    pub key: String,
    pub name: String,
    pub scope: ListScope,
    /// Empty: every stakeholder group; otherwise only these.
    pub groups: Vec<StakeholderGroupId>,
    /// A cancelled session's list admits nobody (its past check-ins stay).
    pub cancelled: bool,
}

/// One line of a counts table (shared with the live-counts island).
pub use islands::CountRow;

/// The live counts of one list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CountsView {
    pub forum_title: String,
    pub forum_slug: String,
    pub list: CheckinList,
    pub total: CountRow,
    pub by_group: Vec<CountRow>,
    pub by_country: Vec<CountRow>,
    /// What "expected" means for this list (confirmed seats, or those who picked the session).
    pub expected_note: String,
    pub updated_at: String,
    /// Double entries and flagged offline admissions on this list.
    pub issues: Vec<DoorIssue>,
}

/// Something the door did that an organiser should look at, found once offline scans synced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DoorIssue {
    pub id: i64,
    /// `double_entry`, or why an offline admission is flagged (`cancelled`, `rejected`,
    /// `no_seat`, `reissued`).
    pub kind: String,
    pub list_key: String,
    pub list_name: String,
    pub full_name: String,
    /// Who admitted them and when; for a double entry, the admission that counts.
    pub first: String,
    /// A double entry's second admission.
    pub second: Option<String>,
    pub resolved: bool,
}

/// A person found by the manual search, with their check-in on the list if any.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManualResult {
    pub registration_id: i64,
    pub full_name: String,
    pub organisation: String,
    pub group: String,
    pub status: crate::features::registration::types::RegistrationStatus,
    pub checked_in_at: Option<String>,
    /// A fresh scan id for this result's check-in button (a resubmitted form admits once).
    pub nonce: String,
}

/// What the scanner page needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScannerPageData {
    pub forum_title: String,
    pub forum_slug: String,
    pub list: CheckinList,
    pub results: Vec<ManualResult>,
    pub query: String,
    /// The last check-in this scanner made on this forum: (name, list name, local time).
    pub last: Option<(String, String, String)>,
    pub scanner_name: String,
    /// The nonce of the ticket-code form when it is sent without JavaScript.
    pub code_nonce: String,
}

/// The scanner's choice of forum and list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListsPageData {
    pub forum_title: String,
    pub forum_slug: String,
    pub lists: Vec<CheckinList>,
}

/// A scanner device as the organiser's page lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeviceView {
    pub id: i64,
    pub label: String,
    pub created_at: String,
    pub revoked: bool,
    /// The link that enrols a phone as this device (shown to organisers only; none once revoked).
    pub enrol_link: Option<String>,
    /// The enrolment link as a QR code (inline SVG), for a phone to scan.
    pub enrol_qr: Option<String>,
}

/// The organiser's check-in settings page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckinAdminData {
    pub forum_title: String,
    pub forum_slug: String,
    pub lists: Vec<CheckinList>,
    pub groups: Vec<crate::features::forums::types::StakeholderGroup>,
    pub devices: Vec<DeviceView>,
    pub issues: Vec<DoorIssue>,
    /// Phones wipe the offline copy this many hours after the forum's last day ends...
    pub after_end_hours: i32,
    /// ...and after this many hours without contact with the server.
    pub offline_hours: i32,
}
