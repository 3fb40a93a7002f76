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

/// The server's 32-byte secret (from `secret.key`). Never printed.
#[derive(Clone)]
pub struct SecretKey([u8; 32]);

impl SecretKey {
    pub fn new(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// A keyed digest (HMAC-SHA256, URL-safe base64) of `input` for one `purpose`: secrets the
    /// server can recompute (manage links) without storing them.
    pub fn derive(&self, purpose: &str, input: &str) -> String {
        use base64::Engine;
        use hmac::Mac;
        let mut mac = <hmac::Hmac<sha2::Sha256> as hmac::Mac>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(purpose.as_bytes());
        mac.update(b"\0");
        mac.update(input.as_bytes());
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }
}

impl SecretKey {
    /// 32 bytes for one `purpose` (HMAC-SHA256 of the purpose): seeds of keys that must stay the
    /// same across restarts and servers, such as the ticket signing key.
    pub fn derive_bytes(&self, purpose: &str) -> [u8; 32] {
        use hmac::Mac;
        let mut mac = <hmac::Hmac<sha2::Sha256> as hmac::Mac>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(purpose.as_bytes());
        mac.finalize().into_bytes().into()
    }
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(..)")
    }
}

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: Arc<dyn Store>,
    pub settings: Arc<Settings>,
    pub mailer: Arc<crate::mail::Mailer>,
    pub secret: Arc<SecretKey>,
    /// Ticket keys and group names the check-in door reuses between scans.
    pub checkin: Arc<crate::features::checkin::ssr::CheckinCache>,
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
