use serde::{Deserialize, Serialize};

/// A ticket as the participant's page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketView {
    /// The QR code as inline SVG markup (rendered on the server from the signed code).
    pub svg: String,
    /// A short reference to read out at the desk: registration and ticket version.
    pub reference: String,
    pub full_name: String,
    pub organisation: String,
    pub group: String,
    pub forum_title: String,
    pub dates: String,
    pub venue: String,
}
