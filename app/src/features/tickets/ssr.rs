//! Issuing tickets on the server: the signing key comes from the server's secret key file, so
//! every app server behind the load balancer signs and verifies alike.

use super::code::TicketClaims;
use super::types::TicketView;
use crate::features::forums::types::ForumSummary;
use crate::features::registration::store::RegistrationRecord;
use crate::features::registration::types::RegistrationStatus;
use crate::i18n::{format_date_range, Locale};
use crate::secrets::SecretKey;

pub use super::code::keys;

/// The public key as scanners fetch it (URL-safe base64 of the 32 bytes).
pub fn public_key_text(secret: &SecretKey) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(keys(secret).public_key().as_bytes())
}

/// The code of a registration's current ticket, or `None` without a seat.
pub fn code_for(secret: &SecretKey, record: &RegistrationRecord) -> Option<String> {
    (record.status == RegistrationStatus::Confirmed).then(|| {
        keys(secret).sign(TicketClaims {
            forum: record.forum_id.0,
            registration: record.id.0,
            version: record.ticket_version,
        })
    })
}

pub fn reference(record: &RegistrationRecord) -> String {
    format!("{}-{}", record.id.0, record.ticket_version)
}

/// What the participant's page shows, in `locale`; `None` without a seat.
pub fn view(
    secret: &SecretKey,
    record: &RegistrationRecord,
    forum: &ForumSummary,
    group: &str,
    locale: Locale,
) -> Option<TicketView> {
    let code = code_for(secret, record)?;
    let svg = super::qr::svg(&code, &locale.t("ticket.qr_label"))?;
    Some(TicketView {
        svg,
        reference: reference(record),
        full_name: record.full_name.clone(),
        organisation: record.organisation.clone(),
        group: group.to_string(),
        forum_title: forum.title.clone(),
        dates: format_date_range(locale, forum.starts_on, forum.ends_on),
        venue: [forum.venue.as_str(), forum.city.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", "),
    })
}
