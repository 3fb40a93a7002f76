//! Configuration from the environment, with defaults that work on a laptop.

use anyhow::Context;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    pub database_url: String,
    pub site_addr: SocketAddr,
    pub site_root: String,
    pub base_url: String,
    /// SMTP relay; `None` writes mail to `<data dir>/outbox/`.
    pub smtp: Option<app::mail::SmtpSettings>,
    pub mail_from: String,
    /// Largest document upload in bytes (`AGORA_UPLOAD_LIMIT_MB`, default 20).
    pub upload_limit_bytes: u64,
}

impl Config {
    pub fn from_env() -> anyhow::Result<Self> {
        let data_dir = PathBuf::from(env_or("AGORA_DATA_DIR", "data"));
        let database_url = std::env::var("DATABASE_URL")
            .ok()
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| sqlite_url(&data_dir));
        let site_addr: SocketAddr = env_or("LEPTOS_SITE_ADDR", "127.0.0.1:3000")
            .parse()
            .context("LEPTOS_SITE_ADDR must be host:port, e.g. 127.0.0.1:3000")?;
        let base_url = std::env::var("AGORA_BASE_URL")
            .ok()
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| format!("http://{site_addr}"))
            .trim_end_matches('/')
            .to_string();
        let smtp = match std::env::var("AGORA_SMTP_HOST")
            .ok()
            .filter(|h| !h.is_empty())
        {
            None => None,
            Some(host) => Some(app::mail::SmtpSettings {
                host,
                port: env_or("AGORA_SMTP_PORT", "587")
                    .parse()
                    .context("AGORA_SMTP_PORT must be a port number")?,
                username: std::env::var("AGORA_SMTP_USERNAME")
                    .ok()
                    .filter(|v| !v.is_empty()),
                password: std::env::var("AGORA_SMTP_PASSWORD")
                    .ok()
                    .filter(|v| !v.is_empty()),
                security: env_or("AGORA_SMTP_SECURITY", "starttls"),
            }),
        };
        let upload_limit_mb: u64 = env_or("AGORA_UPLOAD_LIMIT_MB", "20")
            .parse()
            .ok()
            .filter(|mb| (1..=500).contains(mb))
            .context("AGORA_UPLOAD_LIMIT_MB must be a whole number of megabytes from 1 to 500")?;
        Ok(Self {
            upload_limit_bytes: upload_limit_mb * 1_000_000,
            data_dir,
            database_url,
            site_addr,
            site_root: env_or("LEPTOS_SITE_ROOT", "target/site"),
            base_url,
            smtp,
            mail_from: env_or("AGORA_MAIL_FROM", "Agora <no-reply@agora.example>"),
        })
    }
}

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name)
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| default.to_string())
}

/// The default database: `agora.db` in the data directory, created when missing.
pub fn sqlite_url(data_dir: &Path) -> String {
    format!("sqlite://{}", data_dir.join("agora.db").display())
}

/// Reads the 32-byte secret key from the data directory, creating it (mode 0600) on first run.
/// Tickets are signed with a key derived from it.
pub fn load_or_create_secret_key(data_dir: &Path) -> anyhow::Result<[u8; 32]> {
    use std::io::Write;
    let path = data_dir.join("secret.key");
    if let Ok(bytes) = std::fs::read(&path) {
        return bytes
            .try_into()
            .map_err(|_| anyhow::anyhow!("{} must hold exactly 32 bytes", path.display()));
    }
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("creating the data directory {}", data_dir.display()))?;
    let mut key = [0u8; 32];
    getrandom(&mut key)?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(&path)
        .with_context(|| format!("creating {}", path.display()))?;
    file.write_all(&key)?;
    tracing::info!(path = %path.display(), "created a new secret key");
    Ok(key)
}

fn getrandom(buf: &mut [u8]) -> anyhow::Result<()> {
    use std::io::Read;
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(buf))
        .context("reading /dev/urandom")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_secret_key_is_created_once_with_private_permissions() {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = load_or_create_secret_key(dir.path()).expect("created");
        let second = load_or_create_secret_key(dir.path()).expect("read back");
        assert_eq!(first, second);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("secret.key"))
                .expect("exists")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
