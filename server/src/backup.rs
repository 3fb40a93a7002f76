//! `server backup --to FILE` and `server restore --from FILE`: one zip archive with the
//! database and a manifest, taken while the server runs. SQLite is copied with `VACUUM INTO`
//! (a consistent snapshot that concurrent writers do not disturb); PostgreSQL with `pg_dump`'s
//! custom format (one snapshot too). Documents live in the database, so they are in it. The key
//! goes to `FILE.key` beside the archive, to be kept somewhere else: whoever holds both can
//! sign tickets.

use crate::config::Config;
use anyhow::{bail, Context};
use serde::{Deserialize, Serialize};
use sqlx::Connection;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The archive's layout version.
const FORMAT: u32 = 1;
const MANIFEST: &str = "manifest.json";
const SQLITE_ENTRY: &str = "agora.db";
const POSTGRES_ENTRY: &str = "database.dump";

#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    format: u32,
    /// `sqlite` or `postgres`: a backup restores into the same kind of database.
    backend: String,
    created_at: chrono::DateTime<chrono::Utc>,
    /// The version of Agora that wrote it (a newer one migrates it on restore).
    version: String,
    /// The installation key's fingerprint (an HMAC of a fixed label, never the key).
    key_fingerprint: String,
}

fn backend_of(url: &str) -> &'static str {
    if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        "postgres"
    } else {
        "sqlite"
    }
}

/// The SQLite file a `sqlite:` URL names.
fn sqlite_path(url: &str) -> PathBuf {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    PathBuf::from(rest.split('?').next().unwrap_or(rest))
}

/// The key file that goes with an archive.
pub fn key_path_for(archive: &Path) -> PathBuf {
    let mut name = archive.as_os_str().to_owned();
    name.push(".key");
    PathBuf::from(name)
}

fn fingerprint(key: [u8; 32]) -> String {
    app::state::SecretKey::new(key).derive("installation-key-fingerprint", "agora")
}

/// Writes the archive at `to` (never over an existing file) and the key beside it.
pub async fn backup(config: &Config, to: &Path) -> anyhow::Result<String> {
    if to.exists() {
        bail!(
            "{} exists already; back up to a new name (for example with the date in it)",
            to.display()
        );
    }
    let store = app::store::open_with(&config.database_url, false).await?;
    let key = crate::config::load_secret_key(config)?;
    crate::startup::same_key_as_the_installation(store.as_ref(), &app::state::SecretKey::new(key))
        .await?;
    store.close().await;
    let backend = backend_of(&config.database_url);
    let dir = to
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let copy = tempfile::Builder::new()
        .prefix(".agora-backup-")
        .tempfile_in(dir)
        .context("a temporary file beside the backup")?
        .into_temp_path();
    let entry = if backend == "sqlite" {
        // VACUUM INTO wants a file that does not exist yet.
        std::fs::remove_file(&copy).ok();
        let mut db = sqlx::SqliteConnection::connect(&config.database_url).await?;
        let target = copy.to_str().context("a backup path in UTF-8")?;
        sqlx::query(&format!("VACUUM INTO '{}'", target.replace('\'', "''")))
            .execute(&mut db)
            .await
            .context("copying the SQLite database")?;
        db.close().await?;
        SQLITE_ENTRY
    } else {
        let out = std::process::Command::new("pg_dump")
            .arg("--format=custom")
            .arg("--no-owner")
            .arg("--no-privileges")
            .arg(format!("--file={}", copy.display()))
            .arg(format!("--dbname={}", config.database_url))
            .output()
            .map_err(|e| {
                anyhow::anyhow!(
                    "PostgreSQL backups use pg_dump, which could not run ({e}): install the \
                     PostgreSQL client tools of your server's version (Debian: \
                     postgresql-client) and try again"
                )
            })?;
        if !out.status.success() {
            bail!(
                "pg_dump failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        POSTGRES_ENTRY
    };
    let manifest = Manifest {
        format: FORMAT,
        backend: backend.into(),
        created_at: app::clock::now(),
        version: env!("CARGO_PKG_VERSION").into(),
        key_fingerprint: fingerprint(key),
    };
    let partial = tempfile::Builder::new()
        .prefix(".agora-backup-")
        .tempfile_in(dir)?;
    {
        let mut zip = zip::ZipWriter::new(partial.as_file());
        let deflated = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        zip.start_file(MANIFEST, deflated)?;
        zip.write_all(&serde_json::to_vec_pretty(&manifest)?)?;
        // pg_dump's custom format is compressed already.
        let method = if backend == "sqlite" {
            deflated
        } else {
            deflated.compression_method(zip::CompressionMethod::Stored)
        };
        zip.start_file(entry, method)?;
        std::io::copy(&mut std::fs::File::open(&copy)?, &mut zip)?;
        zip.finish()?;
    }
    partial.as_file().sync_all()?;
    partial
        .persist_noclobber(to)
        .map_err(|e| anyhow::anyhow!("writing {}: {}", to.display(), e.error))?;
    let key_file = key_path_for(to);
    match std::fs::read(&key_file) {
        Ok(existing) if existing == key => {}
        Ok(_) => bail!(
            "{} holds another key; move it away and back up again",
            key_file.display()
        ),
        Err(_) => crate::config::write_key_file(&key_file, &key)?,
    }
    Ok(format!(
        "Backed up the {backend} database to {} and the key to {}.\nKeep the key file apart \
         from the backup (another disk, a password manager): with both, anyone can sign \
         tickets; without the key, the backup's tickets, links and sign-ins cannot be checked.",
        to.display(),
        key_file.display()
    ))
}

/// Restores `from` (with its key, `key` or `FROM.key`) into the configured database, which
/// must be empty, and the configured key file.
pub async fn restore(config: &Config, from: &Path, key: Option<&Path>) -> anyhow::Result<String> {
    let file = std::fs::File::open(from).with_context(|| format!("opening {}", from.display()))?;
    let mut zip = zip::ZipArchive::new(file).context("not an Agora backup (not a zip archive)")?;
    let manifest: Manifest = {
        let mut text = String::new();
        zip.by_name(MANIFEST)
            .context("not an Agora backup (no manifest)")?
            .read_to_string(&mut text)?;
        serde_json::from_str(&text).context("not an Agora backup (a bad manifest)")?
    };
    if manifest.format != FORMAT {
        bail!(
            "a backup of format {} is not one this version reads",
            manifest.format
        );
    }
    let backend = backend_of(&config.database_url);
    if manifest.backend != backend {
        bail!(
            "this is a backup of a {} installation; DATABASE_URL names a {backend} one",
            manifest.backend
        );
    }
    let key_file = key
        .map(Path::to_path_buf)
        .unwrap_or_else(|| key_path_for(from));
    let key: [u8; 32] = std::fs::read(&key_file)
        .with_context(|| format!("reading the backup's key {}", key_file.display()))?
        .try_into()
        .map_err(|_| anyhow::anyhow!("{} must hold exactly 32 bytes", key_file.display()))?;
    if !app::secrets::same_secret(&fingerprint(key), &manifest.key_fingerprint) {
        bail!(
            "{} is not the key this backup was taken with",
            key_file.display()
        );
    }
    let target_key = config
        .secret_key_file
        .clone()
        .unwrap_or_else(|| config.data_dir.join("secret.key"));
    if let Ok(existing) = std::fs::read(&target_key) {
        if existing != key {
            bail!(
                "{} holds another key; restore into an empty data directory or point \
                 AGORA_SECRET_KEY_FILE at a new path",
                target_key.display()
            );
        }
    }
    if backend == "sqlite" {
        let path = sqlite_path(&config.database_url);
        if std::fs::metadata(&path).is_ok_and(|m| m.len() > 0) {
            bail!(
                "{} exists: restore into an empty data directory (nothing was changed)",
                path.display()
            );
        }
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let mut partial = tempfile::Builder::new()
            .prefix(".agora-restore-")
            .tempfile_in(dir)?;
        std::io::copy(
            &mut zip
                .by_name(SQLITE_ENTRY)
                .context("the backup holds no database")?,
            partial.as_file_mut(),
        )?;
        partial.as_file().sync_all()?;
        partial
            .persist_noclobber(&path)
            .map_err(|e| anyhow::anyhow!("writing {}: {}", path.display(), e.error))?;
    } else {
        let mut db = sqlx::PgConnection::connect(&config.database_url).await?;
        let (tables,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM pg_catalog.pg_tables WHERE schemaname = 'public'")
                .fetch_one(&mut db)
                .await?;
        db.close().await?;
        if tables > 0 {
            bail!("the database DATABASE_URL names is not empty: restore into a new one (nothing was changed)");
        }
        let mut dump = tempfile::NamedTempFile::new()?;
        std::io::copy(
            &mut zip
                .by_name(POSTGRES_ENTRY)
                .context("the backup holds no database")?,
            dump.as_file_mut(),
        )?;
        let out = std::process::Command::new("pg_restore")
            .args(["--no-owner", "--no-privileges", "--exit-on-error"])
            .arg(format!("--dbname={}", config.database_url))
            .arg(dump.path())
            .output()
            .map_err(|e| {
                anyhow::anyhow!(
                    "PostgreSQL restores use pg_restore, which could not run ({e}): install \
                     the PostgreSQL client tools (Debian: postgresql-client)"
                )
            })?;
        if !out.status.success() {
            bail!(
                "pg_restore failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
    }
    if std::fs::metadata(&target_key).is_err() {
        if let Some(dir) = target_key.parent() {
            std::fs::create_dir_all(dir)?;
        }
        crate::config::write_key_file(&target_key, &key)?;
    }
    // A backup from an older version gets this version's migrations.
    let store = app::store::open(&config.database_url).await?;
    store.close().await;
    let registrations = count_registrations(&config.database_url).await?;
    Ok(format!(
        "Restored the backup of {} ({} registrations) and its key to {}.",
        manifest.created_at.format("%Y-%m-%d %H:%M UTC"),
        registrations,
        target_key.display()
    ))
}

async fn count_registrations(url: &str) -> anyhow::Result<i64> {
    const SQL: &str = "SELECT COUNT(*) FROM registrations";
    let (n,): (i64,) = if backend_of(url) == "sqlite" {
        let mut db = sqlx::SqliteConnection::connect(url).await?;
        sqlx::query_as(SQL).fetch_one(&mut db).await?
    } else {
        let mut db = sqlx::PgConnection::connect(url).await?;
        sqlx::query_as(SQL).fetch_one(&mut db).await?
    };
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_their_backend_and_file() {
        assert_eq!(backend_of("postgres://u@h/db"), "postgres");
        assert_eq!(backend_of("sqlite:///var/agora/agora.db"), "sqlite");
        assert_eq!(
            sqlite_path("sqlite:///var/agora/agora.db?mode=rwc"),
            PathBuf::from("/var/agora/agora.db")
        );
        assert_eq!(
            sqlite_path("sqlite:data/agora.db"),
            PathBuf::from("data/agora.db")
        );
        assert_eq!(
            key_path_for(Path::new("/b/agora.zip")),
            PathBuf::from("/b/agora.zip.key")
        );
    }
}
