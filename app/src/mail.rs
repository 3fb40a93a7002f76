//! Outgoing mail. With SMTP configured (`AGORA_SMTP_HOST` and friends) messages go through lettre;
//! without it they are written as `.eml` files under `<data dir>/outbox/` and logged (address and
//! subject only), so a laptop demo loses nothing and needs no mail server.

use lettre::message::{header::ContentType, Mailbox, Message};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use std::path::PathBuf;

/// SMTP settings read from the environment.
#[derive(Debug, Clone)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub username: Option<String>,
    pub password: Option<String>,
    /// `none` (plain, for local relays and tests), `starttls` (default) or `tls`.
    pub security: String,
}

#[derive(Clone)]
pub enum Mailer {
    Outbox { dir: PathBuf, from: Mailbox },
    Smtp { transport: AsyncSmtpTransport<Tokio1Executor>, from: Mailbox },
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("invalid address: {0}")]
    Address(String),
    #[error("could not build the message: {0}")]
    Build(#[from] lettre::error::Error),
    #[error("SMTP: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
    #[error("writing to the outbox: {0}")]
    Io(#[from] std::io::Error),
}

/// An email to send, in the recipient's language already.
pub struct OutgoingMail {
    pub to: String,
    pub subject: String,
    pub text: String,
}

impl Mailer {
    pub fn new(smtp: Option<SmtpSettings>, from: &str, data_dir: PathBuf) -> Result<Self, MailError> {
        let from: Mailbox = from.parse().map_err(|_| MailError::Address(from.to_string()))?;
        let Some(s) = smtp else {
            return Ok(Mailer::Outbox { dir: data_dir.join("outbox"), from });
        };
        let builder = match s.security.as_str() {
            "none" => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&s.host),
            "tls" => AsyncSmtpTransport::<Tokio1Executor>::relay(&s.host)?,
            _ => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&s.host)?,
        };
        let mut builder = builder.port(s.port);
        if let (Some(user), Some(pass)) = (s.username, s.password) {
            builder = builder.credentials(Credentials::new(user, pass));
        }
        Ok(Mailer::Smtp { transport: builder.build(), from })
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Mailer::Outbox { .. } => "outbox",
            Mailer::Smtp { .. } => "smtp",
        }
    }

    pub async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError> {
        let to: Mailbox = mail.to.parse().map_err(|_| MailError::Address(mail.to.clone()))?;
        let from = match self {
            Mailer::Outbox { from, .. } | Mailer::Smtp { from, .. } => from.clone(),
        };
        let message = Message::builder()
            .from(from)
            .to(to)
            .subject(mail.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(mail.text.clone())?;
        match self {
            Mailer::Outbox { dir, .. } => {
                tokio::fs::create_dir_all(dir).await?;
                let name = format!(
                    "{}-{}.eml",
                    chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ"),
                    &crate::features::accounts::auth::new_secret_token()[..8]
                );
                tokio::fs::write(dir.join(&name), message.formatted()).await?;
                tracing::info!(file = %name, subject = %mail.subject, "mail written to the outbox");
            }
            Mailer::Smtp { transport, .. } => {
                transport.send(message).await?;
                tracing::info!(subject = %mail.subject, "mail sent over SMTP");
            }
        }
        Ok(())
    }
}
