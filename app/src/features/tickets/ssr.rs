//! Issuing tickets on the server: the signing key comes from the installation's key ring (the key
//! file and the keys `server rotate-key` added), so every app server behind the load balancer
//! signs and verifies alike.

use super::code::TicketClaims;
use super::types::TicketView;
use crate::features::forums::types::ForumSummary;
use crate::features::registration::store::RegistrationRecord;
use crate::features::registration::types::RegistrationStatus;
use crate::i18n::{format_date_range, Locale};
use crate::secrets::Keyring;

pub use super::code::keys;

/// The signing key's public half as scanners fetch it (URL-safe base64 of the 32 bytes).
pub fn public_key_text(secret: &Keyring) -> String {
    key_text(&keys(&secret.signing()))
}

/// Every public key that verifies tickets now (and any announced to sign soon), by key id: what
/// the offline door checks codes with.
pub fn public_keys(secret: &Keyring) -> std::collections::BTreeMap<String, String> {
    secret
        .verifying()
        .iter()
        .map(|k| (k.id.to_string(), key_text(&keys(k))))
        .collect()
}

fn key_text(keys: &super::code::TicketKeys) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(keys.public_key().as_bytes())
}

/// The code of a registration's current ticket, or `None` without a seat.
pub fn code_for(secret: &Keyring, record: &RegistrationRecord) -> Option<String> {
    (record.status == RegistrationStatus::Confirmed).then(|| {
        keys(&secret.signing()).sign(TicketClaims {
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
    secret: &Keyring,
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
