//! Configuration from the environment, with defaults that work on a laptop.

use anyhow::Context;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// Its `Debug` shows the database URL without its password (SMTP's `Debug` hides its own).
#[derive(Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    /// `AGORA_SECRET_KEY_FILE`: the key every server of the installation shares (32 bytes,
    /// mode 0600); unset, `secret.key` in the data directory.
    pub secret_key_file: Option<PathBuf>,
    pub database_url: String,
    pub site_addr: SocketAddr,
    pub site_root: String,
    pub base_url: String,
    /// SMTP relay; `None` writes mail to `<data dir>/outbox/`.
    pub smtp: Option<app::mail::SmtpSettings>,
    pub mail_from: String,
    /// Largest document upload in bytes (`AGORA_UPLOAD_LIMIT_MB`, default 20).
    pub upload_limit_bytes: u64,
    /// Limits of the public forms (trusted proxies, registrations per address, form timing).
    pub limits: app::state::Limits,
    /// `AGORA_HEALTH=private`: `/health` shows the version and backend only to admins.
    pub private_health: bool,
    /// Idle time after which sign-in sessions end.
    pub session_idle: app::state::SessionIdle,
    /// https hosts whose images announcements may show (`AGORA_IMAGE_HOSTS`).
    pub image_hosts: Vec<String>,
    /// The least and most days a forum may keep personal data after it ends.
    pub retention: app::features::privacy::rules::RetentionLimits,
    /// `AGORA_REQUEST_DEADLINE_SECONDS` (default 30): past it a request is answered 503.
    pub request_deadline: std::time::Duration,
    /// `AGORA_METRICS_ADDR`: where `/metrics` listens (off when unset).
    pub metrics_addr: Option<SocketAddr>,
    /// `AGORA_OUTBOX_LEASE_SECONDS` (default 300, at least 5): how long a server's claim on an
    /// outbox message lasts.
    pub outbox_lease_secs: i64,
    /// `AGORA_MESSAGES_PER_MINUTE`: the steady rate of a message to registrants (120).
    pub messages_per_minute: i64,
    /// Whether the server runs pending migrations at start-up (`serve --no-migrate`: no, it
    /// refuses to start while any is pending).
    pub run_migrations: bool,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("data_dir", &self.data_dir)
            .field("secret_key_file", &self.secret_key_file)
            .field("database_url", &redacted_url(&self.database_url))
            .field("site_addr", &self.site_addr)
            .field("site_root", &self.site_root)
            .field("base_url", &self.base_url)
            .field("smtp", &self.smtp)
            .field("mail_from", &self.mail_from)
            .field("upload_limit_bytes", &self.upload_limit_bytes)
            .field("limits", &self.limits)
            .field("private_health", &self.private_health)
            .field("session_idle", &self.session_idle)
            .field("image_hosts", &self.image_hosts)
            .field("retention", &self.retention)
            .field("request_deadline", &self.request_deadline)
            .field("run_migrations", &self.run_migrations)
            .field("metrics_addr", &self.metrics_addr)
            .field("outbox_lease_secs", &self.outbox_lease_secs)
            .field("messages_per_minute", &self.messages_per_minute)
            .finish()
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:[redacted]@host/db`.
pub fn redacted_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let Some((credentials, host)) = rest.rsplit_once('@') else {
        return url.to_string();
    };
    match credentials.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:[redacted]@{host}"),
        None => url.to_string(),
    }
}

impl Config {
    pub fn from_env() -> anyhow::Result<Self> {
        let data_dir = PathBuf::from(env_or("AGORA_DATA_DIR", "data"));
        let secret_key_file = std::env::var("AGORA_SECRET_KEY_FILE")
            .ok()
            .filter(|v| !v.is_empty())
            .map(PathBuf::from);
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
        let trusted_proxies =
            app::request::TrustedProxies::parse(&env_or("AGORA_TRUSTED_PROXIES", "")).map_err(
                |entry| {
                    anyhow::anyhow!(
                        "AGORA_TRUSTED_PROXIES: {entry:?} is not an IP address or CIDR block \
                     (write e.g. 10.0.0.0/8, 127.0.0.1)"
                    )
                },
            )?;
        let registrations_per_hour: i64 = env_or("AGORA_REGISTRATIONS_PER_HOUR", "20")
            .parse()
            .ok()
            .filter(|n| (1..=1_000_000).contains(n))
            .context("AGORA_REGISTRATIONS_PER_HOUR must be a whole number from 1 to 1000000")?;
        let forum_registrations_per_minute: i64 =
            env_or("AGORA_FORUM_REGISTRATIONS_PER_MINUTE", "120")
                .parse()
                .ok()
                .filter(|n| (1..=1_000_000).contains(n))
                .context(
                    "AGORA_FORUM_REGISTRATIONS_PER_MINUTE must be a whole number from 1 to 1000000",
                )?;
        let form_min_secs: i64 = env_or("AGORA_FORM_MIN_SECONDS", "3")
            .parse()
            .ok()
            .filter(|n| (0..=600).contains(n))
            .context("AGORA_FORM_MIN_SECONDS must be a whole number of seconds from 0 to 600")?;
        let private_health = match env_or("AGORA_HEALTH", "public").as_str() {
            "public" => false,
            "private" => true,
            other => anyhow::bail!("AGORA_HEALTH must be public or private, not {other:?}"),
        };
        let minutes = |name: &str, default: &str| -> anyhow::Result<i64> {
            env_or(name, default)
                .parse::<i64>()
                .ok()
                .filter(|m| (1..=60 * 24 * 30).contains(m))
                .map(|m| m * 60)
                .with_context(|| {
                    format!("{name} must be a whole number of minutes from 1 to 43200")
                })
        };
        let session_idle = app::state::SessionIdle {
            other_secs: minutes("AGORA_SESSION_IDLE_MINUTES", "480")?,
            admin_secs: minutes("AGORA_ADMIN_IDLE_MINUTES", "60")?,
        };
        let image_hosts = parse_hosts(&env_or("AGORA_IMAGE_HOSTS", "")).map_err(|entry| {
            anyhow::anyhow!(
                "AGORA_IMAGE_HOSTS: {entry:?} is not a host name (write e.g. media.example.org, \
                 without https:// or a path)"
            )
        })?;
        let days = |name: &str, default: &str| -> anyhow::Result<i64> {
            env_or(name, default)
                .parse::<i64>()
                .ok()
                .filter(|d| (1..=3650).contains(d))
                .with_context(|| format!("{name} must be a whole number of days from 1 to 3650"))
        };
        let retention = app::features::privacy::rules::RetentionLimits {
            min_days: days("AGORA_RETENTION_MIN_DAYS", "30")?,
            max_days: days("AGORA_RETENTION_MAX_DAYS", "730")?,
        };
        if retention.min_days > retention.max_days {
            anyhow::bail!("AGORA_RETENTION_MIN_DAYS must not be above AGORA_RETENTION_MAX_DAYS");
        }
        let request_deadline: u64 = env_or("AGORA_REQUEST_DEADLINE_SECONDS", "30")
            .parse()
            .ok()
            .filter(|n| (1..=600).contains(n))
            .context(
                "AGORA_REQUEST_DEADLINE_SECONDS must be a whole number of seconds from 1 to 600",
            )?;
        let metrics_addr = match std::env::var("AGORA_METRICS_ADDR") {
            Ok(addr) if !addr.trim().is_empty() => Some(addr.trim().parse().context(
                "AGORA_METRICS_ADDR must be an address and port, such as 127.0.0.1:9464",
            )?),
            _ => None,
        };
        let outbox_lease_secs: i64 = env_or("AGORA_OUTBOX_LEASE_SECONDS", "300")
            .parse()
            .ok()
            .filter(|n| (5..=86_400).contains(n))
            .context(
                "AGORA_OUTBOX_LEASE_SECONDS must be a whole number of seconds from 5 to 86400",
            )?;
        let messages_per_minute: i64 = env_or("AGORA_MESSAGES_PER_MINUTE", "120")
            .parse()
            .ok()
            .filter(|n| (1..=6_000).contains(n))
            .context("AGORA_MESSAGES_PER_MINUTE must be a whole number from 1 to 6000")?;
        Ok(Self {
            metrics_addr,
            outbox_lease_secs,
            messages_per_minute,
            run_migrations: true,
            request_deadline: std::time::Duration::from_secs(request_deadline),
            secret_key_file,
            retention,
            image_hosts,
            session_idle,
            private_health,
            limits: app::state::Limits {
                trusted_proxies,
                registrations_per_hour,
                forum_registrations_per_minute,
                form_min_secs,
            },
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

/// The server's secret key: from `AGORA_SECRET_KEY_FILE` when set (it must exist, hold 32 bytes
/// and be readable by its owner only), else from the data directory.
pub fn load_secret_key(config: &Config) -> anyhow::Result<[u8; 32]> {
    let Some(path) = &config.secret_key_file else {
        return load_or_create_secret_key(&config.data_dir);
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .with_context(|| {
                format!(
                    "AGORA_SECRET_KEY_FILE: cannot read {} (create it once with \
                     `server new-key-file {}` and copy it to every server)",
                    path.display(),
                    path.display()
                )
            })?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            anyhow::bail!(
                "AGORA_SECRET_KEY_FILE: {} may be read by others (mode {:o}); `chmod 600` it",
                path.display(),
                mode & 0o777
            );
        }
    }
    let bytes = std::fs::read(path)
        .with_context(|| format!("AGORA_SECRET_KEY_FILE: cannot read {}", path.display()))?;
    bytes.try_into().map_err(|_| {
        anyhow::anyhow!(
            "AGORA_SECRET_KEY_FILE: {} must hold exactly 32 bytes",
            path.display()
        )
    })
}

/// Writes a new random 32-byte key file (mode 0600) at `path` and returns the key; refuses to
/// overwrite one.
pub fn new_key_file(path: &Path) -> anyhow::Result<[u8; 32]> {
    let mut key = [0u8; 32];
    getrandom(&mut key)?;
    write_key_file(path, &key)?;
    Ok(key)
}

/// Writes `key` to a new file at `path`, readable by its owner only; refuses to overwrite one.
pub fn write_key_file(path: &Path, key: &[u8; 32]) -> anyhow::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("creating {} (it must not exist yet)", path.display()))?;
    file.write_all(key)?;
    Ok(())
}

/// Reads the 32-byte secret key from the data directory, creating it (mode 0600) on first run.
/// Tickets are signed with a key derived from it.
pub fn load_or_create_secret_key(data_dir: &Path) -> anyhow::Result<[u8; 32]> {
    let path = data_dir.join("secret.key");
    if let Ok(bytes) = std::fs::read(&path) {
        return bytes
            .try_into()
            .map_err(|_| anyhow::anyhow!("{} must hold exactly 32 bytes", path.display()));
    }
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("creating the data directory {}", data_dir.display()))?;
    let key = new_key_file(&path)?;
    tracing::info!(path = %path.display(), "created a new secret key");
    Ok(key)
}

fn getrandom(buf: &mut [u8]) -> anyhow::Result<()> {
    use std::io::Read;
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(buf))
        .context("reading /dev/urandom")
}

/// Comma-separated host names (letters, digits, dots, hyphens; an optional port): the refused
/// entry otherwise.
pub fn parse_hosts(list: &str) -> Result<Vec<String>, String> {
    list.split(',')
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .map(|h| {
            let (name, port) = h.split_once(':').unwrap_or((h, ""));
            let name_ok = !name.is_empty()
                && name.contains('.')
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
            let port_ok = port.is_empty() || port.parse::<u16>().is_ok();
            if name_ok && port_ok {
                Ok(h.to_ascii_lowercase())
            } else {
                Err(h.to_string())
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_hosts_are_plain_host_names() {
        assert_eq!(
            parse_hosts(" media.example.org, CDN.Example.net:8443 ,"),
            Ok(vec![
                "media.example.org".to_string(),
                "cdn.example.net:8443".to_string()
            ])
        );
        assert_eq!(parse_hosts(""), Ok(vec![]));
        for bad in [
            "https://media.example.org",
            "media.example.org/x",
            "*.example.org",
            "localhost",
            "a.b:99999",
            "a b.org",
        ] {
            assert_eq!(parse_hosts(bad), Err(bad.to_string()), "{bad}");
        }
    }

    #[test]
    fn a_shared_key_file_must_exist_hold_32_bytes_and_be_private() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("shared.key");
        let mut config = Config::from_env().expect("defaults");
        config.data_dir = dir.path().join("data");
        config.secret_key_file = Some(path.clone());
        let missing = load_secret_key(&config).expect_err("no file yet");
        assert!(
            format!("{missing:#}").contains("AGORA_SECRET_KEY_FILE"),
            "{missing:#}"
        );
        new_key_file(&path).expect("written");
        assert!(
            new_key_file(&path).is_err(),
            "an existing key is never overwritten"
        );
        let key = load_secret_key(&config).expect("read");
        assert_eq!(std::fs::read(&path).expect("file"), key.to_vec());
        assert!(
            !config.data_dir.join("secret.key").exists(),
            "the data directory holds no key"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
            let open = load_secret_key(&config).expect_err("readable by others");
            assert!(format!("{open:#}").contains("chmod 600"), "{open:#}");
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        }
        std::fs::write(&path, b"short").expect("write");
        assert!(format!("{:#}", load_secret_key(&config).expect_err("short")).contains("32 bytes"));
    }

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

#[cfg(test)]
mod debug_tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_a_password() {
        let config = Config {
            data_dir: "data".into(),
            secret_key_file: None,
            request_deadline: std::time::Duration::from_secs(30),
            metrics_addr: None,
            outbox_lease_secs: 300,
            messages_per_minute: 120,
            run_migrations: true,
            database_url: "postgres://agora:db-secret@db.internal/agora".into(),
            site_addr: "127.0.0.1:3000".parse().expect("addr"),
            site_root: "target/site".into(),
            base_url: "https://agora.example".into(),
            smtp: Some(app::mail::SmtpSettings {
                host: "smtp.example".into(),
                port: 587,
                username: Some("agora".into()),
                password: Some("smtp-secret".into()),
                security: "starttls".into(),
            }),
            mail_from: "Agora <a@agora.example>".into(),
            upload_limit_bytes: 1,
            limits: Default::default(),
            private_health: false,
            session_idle: Default::default(),
            image_hosts: Vec::new(),
            retention: Default::default(),
        };
        let shown = format!("{config:?}");
        assert!(
            !shown.contains("db-secret") && !shown.contains("smtp-secret"),
            "{shown}"
        );
        assert!(
            shown.contains("postgres://agora:[redacted]@db.internal/agora"),
            "{shown}"
        );
        assert_eq!(
            redacted_url("sqlite://data/agora.db"),
            "sqlite://data/agora.db"
        );
    }
}
