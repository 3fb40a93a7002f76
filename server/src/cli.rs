//! Subcommands: `serve` (default), `migrate`, `create-user`, `seed-demo`, `purge-expired`,
//! `preview-emails`, `new-key-file`, `rotate-key`, `backup`, `restore`.

use crate::config::Config;
use crate::startup::Application;
use anyhow::{bail, Context};
use app::features::accounts::types::Role;

#[derive(Debug, PartialEq)]
pub enum Command {
    /// Serve the site; with `--seed-demo-if-empty`, seed the demo data into an empty database.
    Serve {
        seed_demo_if_empty: bool,
        /// `--no-migrate`: refuse to start while migrations are pending instead of running them.
        no_migrate: bool,
    },
    Migrate,
    CreateUser {
        email: String,
        role: Role,
        name: Option<String>,
    },
    SeedDemo,
    /// Erase what retention says is due; with `--dry-run`, only print it.
    PurgeExpired {
        dry_run: bool,
    },
    /// Write every kind of email in every language to `.eml` files in `to`.
    PreviewEmails {
        to: std::path::PathBuf,
    },
    /// Write a new random key file for `AGORA_SECRET_KEY_FILE` (mode 0600) at `path`.
    NewKeyFile {
        path: std::path::PathBuf,
    },
    /// Add a key to the installation's ring that signs `signs_in_minutes` from now; what the
    /// keys before it signed verifies for `old_valid_days` more.
    RotateKey {
        old_valid_days: u32,
        signs_in_minutes: u32,
    },
    /// Write one archive of the database to `to` (and the key to `to.key`) while servers run.
    Backup {
        to: std::path::PathBuf,
    },
    /// Restore an archive into an empty database and data directory.
    Restore {
        from: std::path::PathBuf,
        key: Option<std::path::PathBuf>,
    },
}

/// A new key signs no sooner than this: every server reads the ring every 15 seconds and each
/// door that syncs meanwhile gets the new public key, so nothing signed with it is refused.
pub const MIN_SIGNS_IN_MINUTES: u32 = 1;

const USAGE: &str = "usage: server [serve [--seed-demo-if-empty] [--no-migrate] | migrate | \
    create-user --email E --role admin|organiser|scanner [--name N] | seed-demo | \
    purge-expired [--dry-run] | preview-emails --to DIR | new-key-file PATH | \
    rotate-key [--old-valid-days N (90)] [--signs-in-minutes M (10)] | backup --to FILE | \
    restore --from FILE [--key KEYFILE]]";

impl Command {
    pub fn parse(mut args: impl Iterator<Item = String>) -> anyhow::Result<Self> {
        let Some(first) = args.next() else {
            return Ok(Command::Serve {
                seed_demo_if_empty: false,
                no_migrate: false,
            });
        };
        let rest: Vec<String> = args.collect();
        let flag = |name: &str| -> Option<String> {
            rest.iter()
                .position(|a| a == name)
                .and_then(|i| rest.get(i + 1).cloned())
        };
        Ok(match first.as_str() {
            "serve" => Command::Serve {
                seed_demo_if_empty: rest.iter().any(|a| a == "--seed-demo-if-empty"),
                no_migrate: rest.iter().any(|a| a == "--no-migrate"),
            },
            "migrate" => Command::Migrate,
            "seed-demo" => Command::SeedDemo,
            "purge-expired" => Command::PurgeExpired {
                dry_run: rest.iter().any(|a| a == "--dry-run"),
            },
            "preview-emails" => Command::PreviewEmails {
                to: flag("--to").context(USAGE)?.into(),
            },
            "create-user" => {
                let email = flag("--email").context(USAGE)?;
                let role = flag("--role")
                    .context(USAGE)?
                    .parse::<Role>()
                    .map_err(anyhow::Error::msg)?;
                Command::CreateUser {
                    email,
                    role,
                    name: flag("--name"),
                }
            }
            "new-key-file" => Command::NewKeyFile {
                path: rest.first().context(USAGE)?.into(),
            },
            "rotate-key" => {
                let number = |name: &str, default: u32, range: std::ops::RangeInclusive<u32>| {
                    let value = match flag(name) {
                        Some(v) => v.parse::<u32>().ok().context(USAGE)?,
                        None => default,
                    };
                    if !range.contains(&value) {
                        bail!(
                            "{name} must be between {} and {}",
                            range.start(),
                            range.end()
                        );
                    }
                    Ok(value)
                };
                let old_valid_days = number("--old-valid-days", 90, 1..=3650)?;
                let signs_in_minutes =
                    number("--signs-in-minutes", 10, MIN_SIGNS_IN_MINUTES..=7 * 24 * 60)?;
                if u64::from(signs_in_minutes) >= u64::from(old_valid_days) * 24 * 60 {
                    bail!("the old keys must still verify when the new one starts signing");
                }
                Command::RotateKey {
                    old_valid_days,
                    signs_in_minutes,
                }
            }
            "backup" => Command::Backup {
                to: flag("--to").context(USAGE)?.into(),
            },
            "restore" => Command::Restore {
                from: flag("--from").context(USAGE)?.into(),
                key: flag("--key").map(Into::into),
            },
            "-h" | "--help" | "help" => bail!("{USAGE}"),
            other => bail!("unknown command {other:?}\n{USAGE}"),
        })
    }
}

pub async fn run(command: Command) -> anyhow::Result<()> {
    if let Command::NewKeyFile { path } = &command {
        crate::config::new_key_file(path)?;
        println!(
            "Wrote a new key to {}. Copy it (mode 0600) to every server and set \
             AGORA_SECRET_KEY_FILE to its path.",
            path.display()
        );
        return Ok(());
    }
    let config = Config::from_env()?;
    match command {
        Command::Serve {
            seed_demo_if_empty,
            no_migrate,
        } => {
            let mut config = config;
            config.run_migrations = !no_migrate;
            if seed_demo_if_empty {
                let store = app::store::open(&config.database_url).await?;
                if store.is_empty().await? {
                    crate::demo::seed(store.as_ref()).await?;
                    println!("Seeded the demo forums.");
                }
            }
            let application = Application::build(config.clone()).await?;
            println!(
                "Agora is running at {} (database: {})",
                config.base_url,
                application.state.store.backend().as_str()
            );
            // The demo's shared password is printed only where the demo was asked for and its
            // accounts exist; a production server prints no credentials.
            if seed_demo_if_empty
                && application
                    .state
                    .store
                    .account_by_email(crate::demo::ORGANISER_EMAIL)
                    .await?
                    .is_some()
            {
                println!(
                    "Demo organiser: {} / {}",
                    crate::demo::ORGANISER_EMAIL,
                    crate::demo::DEMO_PASSWORD
                );
            }
            application.run_until_stopped().await?;
        }
        Command::Migrate => {
            app::store::open(&config.database_url).await?;
            println!("Migrations are up to date.");
        }
        Command::PurgeExpired { dry_run } => {
            let application = Application::build(config).await?;
            // Not while a server runs retention (a dry run changes nothing and needs no turn).
            let _turn = if dry_run {
                None
            } else {
                Some(
                    application
                        .state
                        .store
                        .job_turn("retention")
                        .await?
                        .context(
                        "retention is running on another server now; try again in a few minutes",
                    )?,
                )
            };
            let report = app::features::privacy::service::purge_expired(
                &application.state,
                app::clock::now(),
                dry_run,
            )
            .await
            .map_err(|e| anyhow::anyhow!("purge failed: {e}"))?;
            if dry_run {
                println!("Dry run: nothing was changed. Due now:");
            }
            println!("{report}");
        }
        Command::NewKeyFile { .. } => unreachable!("handled before the configuration is read"),
        Command::Backup { to } => {
            println!("{}", crate::backup::backup(&config, &to).await?);
        }
        Command::Restore { from, key } => {
            println!(
                "{}",
                crate::backup::restore(&config, &from, key.as_deref()).await?
            );
        }
        Command::RotateKey {
            old_valid_days,
            signs_in_minutes,
        } => {
            let store = app::store::open(&config.database_url).await?;
            let root = app::state::SecretKey::new(crate::config::load_secret_key(&config)?);
            crate::startup::same_key_as_the_installation(store.as_ref(), &root).await?;
            let now = app::clock::now();
            let signs_from = now + chrono::Duration::minutes(i64::from(signs_in_minutes));
            let old_until = now + chrono::Duration::days(i64::from(old_valid_days));
            let salt = app::features::accounts::auth::new_secret_token();
            let id = store.add_signing_key(&salt, signs_from, old_until).await?;
            println!(
                "Added key {id}: it signs tickets, links and form stamps from {} UTC. What the \
                 earlier keys signed is accepted until {} UTC. Running servers pick the key up \
                 by themselves; doors that go offline should sync once after it is added.",
                signs_from.format("%Y-%m-%d %H:%M"),
                old_until.format("%Y-%m-%d %H:%M")
            );
        }
        Command::PreviewEmails { to } => {
            let application = Application::build(config).await?;
            let written = crate::preview::write_all(&application.state, &to).await?;
            println!("Wrote {} emails to {}", written.len(), to.display());
        }
        Command::SeedDemo => {
            let store = app::store::open(&config.database_url).await?;
            if !store.is_empty().await? {
                bail!("the database already holds data; seed-demo only fills an empty one");
            }
            crate::demo::seed(store.as_ref()).await?;
            println!("Seeded the demo forums.");
        }
        Command::CreateUser { email, role, name } => {
            let password = match std::env::var("AGORA_PASSWORD") {
                Ok(p) if !p.is_empty() => p,
                _ => rpassword::prompt_password("Password: ")?,
            };
            let store = app::store::open(&config.database_url).await?;
            let display_name = name.unwrap_or_else(|| email.clone());
            let valid = app::features::accounts::validate::parse_new_account(
                &email,
                &display_name,
                &password,
                role.as_str(),
            )
            .map_err(|errors| {
                let fields: Vec<String> = errors
                    .iter()
                    .map(|e| format!("{}: {}", e.field, e.key))
                    .collect();
                anyhow::anyhow!("invalid account: {}", fields.join(", "))
            })?;
            let new = app::features::accounts::validate::hash_new_account(valid)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            store.create_account(&new).await?;
            println!("Created {role} account {email}.");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> anyhow::Result<Command> {
        Command::parse(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn subcommands_parse() {
        assert_eq!(
            parse(&[]).ok(),
            Some(Command::Serve {
                seed_demo_if_empty: false,
                no_migrate: false,
            })
        );
        assert_eq!(
            parse(&["serve", "--no-migrate"]).ok(),
            Some(Command::Serve {
                seed_demo_if_empty: false,
                no_migrate: true,
            })
        );
        assert_eq!(
            parse(&["new-key-file", "/etc/agora/key"]).ok(),
            Some(Command::NewKeyFile {
                path: "/etc/agora/key".into()
            })
        );
        assert!(parse(&["new-key-file"]).is_err());
        assert_eq!(
            parse(&["rotate-key"]).ok(),
            Some(Command::RotateKey {
                old_valid_days: 90,
                signs_in_minutes: 10
            })
        );
        assert_eq!(
            parse(&[
                "rotate-key",
                "--old-valid-days",
                "7",
                "--signs-in-minutes",
                "1"
            ])
            .ok(),
            Some(Command::RotateKey {
                old_valid_days: 7,
                signs_in_minutes: 1
            })
        );
        assert!(parse(&["rotate-key", "--signs-in-minutes", "0"]).is_err());
        assert_eq!(
            parse(&["backup", "--to", "/b/a.zip"]).ok(),
            Some(Command::Backup {
                to: "/b/a.zip".into()
            })
        );
        assert_eq!(
            parse(&["restore", "--from", "/b/a.zip"]).ok(),
            Some(Command::Restore {
                from: "/b/a.zip".into(),
                key: None
            })
        );
        assert!(parse(&["backup"]).is_err());
        assert!(parse(&["rotate-key", "--old-valid-days", "x"]).is_err());
        assert!(parse(&[
            "rotate-key",
            "--old-valid-days",
            "1",
            "--signs-in-minutes",
            "1440"
        ])
        .is_err());
        assert_eq!(
            parse(&["serve", "--seed-demo-if-empty"]).ok(),
            Some(Command::Serve {
                seed_demo_if_empty: true,
                no_migrate: false,
            })
        );
        assert_eq!(
            parse(&["create-user", "--email", "a@b.org", "--role", "scanner"]).ok(),
            Some(Command::CreateUser {
                email: "a@b.org".into(),
                role: Role::Scanner,
                name: None
            })
        );
        assert!(parse(&["create-user", "--email", "a@b.org", "--role", "root"]).is_err());
        assert_eq!(
            parse(&["purge-expired", "--dry-run"]).ok(),
            Some(Command::PurgeExpired { dry_run: true })
        );
        assert_eq!(
            parse(&["purge-expired"]).ok(),
            Some(Command::PurgeExpired { dry_run: false })
        );
        assert_eq!(
            parse(&["preview-emails", "--to", "/tmp/mails"]).ok(),
            Some(Command::PreviewEmails {
                to: "/tmp/mails".into()
            })
        );
        assert!(parse(&["preview-emails"]).is_err());
        assert!(parse(&["frobnicate"]).is_err());
    }
}
