//! Server-side application state, shared by server functions and axum handlers.

use crate::store::Store;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::path::PathBuf;
use std::sync::Arc;

/// Settings read from the environment at start-up (see the README's configuration section).
#[derive(Debug, Clone)]
pub struct Settings {
    /// Where the SQLite file, the secret key, the mail outbox and uploads live.
    pub data_dir: PathBuf,
    /// The public address, for absolute links in emails and calendars.
    pub base_url: String,
    /// The largest document an organiser may upload (`AGORA_UPLOAD_LIMIT_MB`, default 20).
    pub upload_limit_bytes: u64,
}

impl Settings {
    /// Cookies are marked `Secure` when the public address is https.
    pub fn secure_cookies(&self) -> bool {
        self.base_url.starts_with("https://")
    }
}

pub use crate::secrets::SecretKey;

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: Arc<dyn Store>,
    pub settings: Arc<Settings>,
    pub mailer: Arc<crate::mail::Mailer>,
    pub secret: Arc<SecretKey>,
    /// Ticket keys and group names the check-in door reuses between scans.
    pub checkin: Arc<crate::features::checkin::cache::CheckinCache>,
}

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
