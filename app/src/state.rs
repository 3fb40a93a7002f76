//! Server-side application state, shared by server functions and axum handlers.

use crate::store::Store;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::path::PathBuf;
use std::sync::Arc;

/// Settings read from the environment at start-up (see docs/configuration.md).
#[derive(Debug, Clone)]
pub struct Settings {
    /// Where the SQLite file, the secret key and (without SMTP) the mail outbox live.
    pub data_dir: PathBuf,
    /// This server's own folder for uploads while they are received and checked (in the
    /// system's temporary directory; nothing stays there).
    pub upload_tmp: PathBuf,
    /// The public address, for absolute links in emails and calendars.
    pub base_url: String,
    /// The largest document an organiser may upload (`AGORA_UPLOAD_LIMIT_MB`, default 20).
    pub upload_limit_bytes: u64,
    /// What the public forms allow one client.
    pub limits: Limits,
    /// `/health` tells anonymous callers only whether the server is up (`AGORA_HEALTH=private`).
    pub private_health: bool,
    /// How long a sign-in session lasts without use.
    pub session_idle: SessionIdle,
    /// https hosts whose images announcements may show (`AGORA_IMAGE_HOSTS`); pages allow them
    /// in their `img-src`.
    pub image_hosts: Vec<String>,
    /// The least and most days a forum may keep personal data after it ends.
    pub retention: crate::features::privacy::rules::RetentionLimits,
    /// How long a server's claim on an outbox message lasts (`AGORA_OUTBOX_LEASE_SECONDS`): longer
    /// than the worst send; a message claimed by a server that died goes out after it.
    pub outbox_lease_secs: i64,
    /// How many emails of a message to registrants go out per minute (`AGORA_MESSAGES_PER_MINUTE`).
    pub messages_per_minute: i64,
}

pub use crate::features::accounts::types::SessionIdle;

/// Limits against automated use of the public forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Whose `X-Forwarded-For` names the client (`AGORA_TRUSTED_PROXIES`).
    pub trusted_proxies: crate::request::TrustedProxies,
    /// Registrations and "lost my link" requests one client address may send per hour
    /// (`AGORA_REGISTRATIONS_PER_HOUR`, default 20); per forum, half of it.
    pub registrations_per_hour: i64,
    /// Registrations one forum takes per minute from all clients together
    /// (`AGORA_FORUM_REGISTRATIONS_PER_MINUTE`, default 120): a burst spread over many addresses
    /// (or many /64s) still cannot pass it.
    pub forum_registrations_per_minute: i64,
    /// The least time between serving the registration form and receiving it
    /// (`AGORA_FORM_MIN_SECONDS`, default 3): a person takes longer, a script does not.
    pub form_min_secs: i64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            trusted_proxies: Default::default(),
            registrations_per_hour: 20,
            forum_registrations_per_minute: 120,
            form_min_secs: 3,
        }
    }
}

impl Settings {
    /// Cookies are marked `Secure` when the public address is https.
    pub fn secure_cookies(&self) -> bool {
        self.base_url.starts_with("https://")
    }
}

pub use crate::secrets::{Keyring, SecretKey};

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: Arc<dyn Store>,
    pub settings: Arc<Settings>,
    pub mailer: Arc<crate::mail::Mailer>,
    pub secret: Arc<Keyring>,
    /// Ticket keys and group names the check-in door reuses between scans.
    pub checkin: Arc<crate::features::checkin::cache::CheckinCache>,
    /// Signs the code of a registration's current ticket for the emails registration writes.
    pub ticket_code: TicketCode,
}

/// The code of a registration's current ticket, or `None` without a seat. The tickets feature
/// provides it (`tickets::ssr::code_for`) and the server puts it in the state, so registration
/// attaches tickets to its emails without importing the feature after it.
pub type TicketCode =
    fn(&Keyring, &crate::features::registration::records::RegistrationRecord) -> Option<String>;

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The state inside a server function or a server-rendered component.
pub fn app_state() -> Result<AppState, crate::error::AppError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the Leptos context");
        crate::error::AppError::Internal
    })
}
