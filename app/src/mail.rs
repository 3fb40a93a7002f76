//! Outgoing mail. With SMTP configured (`AGORA_SMTP_HOST` and friends) messages go through lettre;
//! without it they are written as `.eml` files under `<data dir>/outbox/` and logged (address and
//! subject only), so a laptop demo loses nothing and needs no mail server.

use lettre::message::{header::ContentType, Mailbox, Message};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

/// The longest one SMTP step (connect, TLS, a command, the message) may take.
pub const SEND_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);
use std::path::PathBuf;

/// SMTP settings read from the environment. Its `Debug` never shows the password.
#[derive(Clone)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub username: Option<String>,
    pub password: Option<String>,
    /// `none` (plain, for local relays and tests), `starttls` (default) or `tls`.
    pub security: String,
}

impl std::fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "[redacted]"))
            .field("security", &self.security)
            .finish()
    }
}

#[derive(Clone)]
pub enum Mailer {
    Outbox {
        dir: PathBuf,
        from: Mailbox,
    },
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        from: Mailbox,
    },
}

impl MailError {
    /// Whether sending again can never succeed: the relay refused the message or its recipient
    /// for good (an SMTP 5xx reply: a bounce), or the address is not one.
    pub fn is_permanent(&self) -> bool {
        match self {
            MailError::Address(_) => true,
            MailError::Smtp(e) => e.is_permanent(),
            MailError::Build(_) | MailError::Io(_) => false,
        }
    }
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
    /// An iTIP calendar object, sent as a `text/calendar; method=…` alternative to the text so
    /// mail clients offer to add (or remove) the event.
    pub calendar: Option<String>,
    /// The ticket's QR code, attached as `ticket.png` (and inline in the HTML part).
    pub ticket_png: Option<Vec<u8>>,
    /// The HTML part (`mail_html::render`), sent as the richer alternative to the text.
    pub html: Option<String>,
}

impl Mailer {
    pub fn new(
        smtp: Option<SmtpSettings>,
        from: &str,
        data_dir: PathBuf,
    ) -> Result<Self, MailError> {
        let from: Mailbox = from
            .parse()
            .map_err(|_| MailError::Address(from.to_string()))?;
        let Some(s) = smtp else {
            return Ok(Mailer::Outbox {
                dir: data_dir.join("outbox"),
                from,
            });
        };
        let builder = match s.security.as_str() {
            "none" => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&s.host),
            "tls" => AsyncSmtpTransport::<Tokio1Executor>::relay(&s.host)?,
            _ => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&s.host)?,
        };
        // Bounded: connecting, the TLS handshake and each command wait at most SEND_TIMEOUT (the
        // outbox's lease is longer than one message's worst case), and one connection is kept
        // and reused for the messages that follow.
        let mut builder = builder
            .port(s.port)
            .timeout(Some(SEND_TIMEOUT))
            .pool_config(
                lettre::transport::smtp::PoolConfig::new()
                    .max_size(1)
                    .idle_timeout(std::time::Duration::from_secs(30)),
            );
        if let (Some(user), Some(pass)) = (s.username, s.password) {
            builder = builder.credentials(Credentials::new(user, pass));
        }
        Ok(Mailer::Smtp {
            transport: builder.build(),
            from,
        })
    }

    /// The sender's address (the ORGANIZER of emailed invitations).
    pub fn from_address(&self) -> String {
        match self {
            Mailer::Outbox { from, .. } | Mailer::Smtp { from, .. } => from.email.to_string(),
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Mailer::Outbox { .. } => "outbox",
            Mailer::Smtp { .. } => "smtp",
        }
    }

    /// The message as it would be sent (RFC 5322 bytes), for previews.
    pub fn format(&self, mail: &OutgoingMail) -> Result<Vec<u8>, MailError> {
        let to: Mailbox = mail
            .to
            .parse()
            .map_err(|_| MailError::Address(mail.to.clone()))?;
        let from = match self {
            Mailer::Outbox { from, .. } | Mailer::Smtp { from, .. } => from.clone(),
        };
        Ok(message_of(from, to, mail)?.formatted())
    }

    pub async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError> {
        self.send_as(mail, None).await
    }

    /// Sends with the given `Message-ID` (`<…@…>`), so a message sent twice (a server killed
    /// between the relay's "queued" and recording it) is one message to the recipient's client.
    pub async fn send_as(
        &self,
        mail: &OutgoingMail,
        message_id: Option<String>,
    ) -> Result<(), MailError> {
        let to: Mailbox = mail
            .to
            .parse()
            .map_err(|_| MailError::Address(mail.to.clone()))?;
        let from = match self {
            Mailer::Outbox { from, .. } | Mailer::Smtp { from, .. } => from.clone(),
        };
        let message = message_with_id(from, to, mail, message_id)?;
        match self {
            Mailer::Outbox { dir, .. } => {
                tokio::fs::create_dir_all(dir).await?;
                let name = format!(
                    "{}-{}.eml",
                    crate::clock::now().format("%Y%m%dT%H%M%S%.3fZ"),
                    &crate::secrets::new_secret_token()[..8]
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

/// The whole message from `from` to `to`, as it is sent or written to the outbox.
pub fn message_of(from: Mailbox, to: Mailbox, mail: &OutgoingMail) -> Result<Message, MailError> {
    message_with_id(from, to, mail, None)
}

fn message_with_id(
    from: Mailbox,
    to: Mailbox,
    mail: &OutgoingMail,
    message_id: Option<String>,
) -> Result<Message, MailError> {
    let builder = Message::builder()
        .message_id(message_id)
        .from(from)
        .to(to)
        .subject(mail.subject.clone());
    build_body(builder, mail)
}

/// Text alone; or `multipart/alternative` of the text, the HTML (`multipart/related` with the
/// ticket's QR code inline) and the iTIP invitation; with the ticket's QR code attached too.
fn build_body(
    builder: lettre::message::MessageBuilder,
    mail: &OutgoingMail,
) -> Result<Message, MailError> {
    use lettre::message::{Attachment, MultiPart, SinglePart};
    let png_type =
        ContentType::parse("image/png").map_err(|e| MailError::Address(e.to_string()))?;
    let alternative = if mail.calendar.is_none() && mail.html.is_none() {
        None
    } else {
        let mut alt = MultiPart::alternative().singlepart(SinglePart::plain(mail.text.clone()));
        if let Some(html) = &mail.html {
            let page = SinglePart::html(html.clone());
            alt = alt.multipart(match &mail.ticket_png {
                Some(png) if html.contains(&format!("cid:{}", crate::mail_html::TICKET_CID)) => {
                    MultiPart::related().singlepart(page).singlepart(
                        Attachment::new_inline(crate::mail_html::TICKET_CID.to_string())
                            .body(png.clone(), png_type.clone()),
                    )
                }
                _ => MultiPart::related().singlepart(page),
            });
        }
        if let Some(ics) = &mail.calendar {
            let method = ics
                .lines()
                .find_map(|l| l.strip_prefix("METHOD:"))
                .unwrap_or("PUBLISH")
                .trim()
                .to_string();
            let calendar_type =
                ContentType::parse(&format!("text/calendar; charset=utf-8; method={method}"))
                    .map_err(|e| MailError::Address(e.to_string()))?;
            alt = alt.singlepart(
                SinglePart::builder()
                    .header(calendar_type)
                    .header(lettre::message::header::ContentTransferEncoding::Base64)
                    .body(ics.clone()),
            );
        }
        Some(alt)
    };
    let Some(png) = &mail.ticket_png else {
        return Ok(match alternative {
            None => builder
                .header(ContentType::TEXT_PLAIN)
                .body(mail.text.clone())?,
            Some(alt) => builder.multipart(alt)?,
        });
    };
    let attachment = Attachment::new("ticket.png".to_string()).body(png.clone(), png_type);
    let mixed = match alternative {
        None => MultiPart::mixed().singlepart(SinglePart::plain(mail.text.clone())),
        Some(alt) => MultiPart::mixed().multipart(alt),
    };
    Ok(builder.multipart(mixed.singlepart(attachment))?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    use tokio::net::TcpListener;

    /// A minimal SMTP server that accepts one message and returns what it received.
    async fn smtp_listener() -> (u16, tokio::task::JoinHandle<String>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let handle = tokio::spawn(async move {
            let (socket, _) = listener.accept().await.expect("accept");
            let (read, mut write) = socket.into_split();
            let mut lines = BufReader::new(read).lines();
            let mut received = String::new();
            let mut in_data = false;
            write.write_all(b"220 test ESMTP\r\n").await.expect("greet");
            while let Ok(Some(line)) = lines.next_line().await {
                if in_data {
                    if line == "." {
                        in_data = false;
                        write.write_all(b"250 OK queued\r\n").await.expect("queued");
                    } else {
                        received.push_str(&line);
                        received.push('\n');
                    }
                    continue;
                }
                let upper = line.to_ascii_uppercase();
                let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                    b"250 test\r\n"
                } else if upper.starts_with("DATA") {
                    in_data = true;
                    b"354 go ahead\r\n"
                } else if upper.starts_with("QUIT") {
                    write.write_all(b"221 bye\r\n").await.expect("bye");
                    break;
                } else {
                    b"250 OK\r\n"
                };
                write.write_all(reply).await.expect("reply");
            }
            received
        });
        (port, handle)
    }

    #[tokio::test]
    async fn mail_is_delivered_over_smtp_when_configured() {
        let (port, server) = smtp_listener().await;
        let settings = SmtpSettings {
            host: "127.0.0.1".into(),
            port,
            username: None,
            password: None,
            security: "none".into(),
        };
        let dir = std::env::temp_dir();
        let mailer =
            Mailer::new(Some(settings), "Agora <no-reply@agora.example>", dir).expect("mailer");
        assert_eq!(mailer.kind(), "smtp");
        mailer
            .send(&OutgoingMail {
                to: "ana@example.org".into(),
                subject: "Forumi: konfirmim".into(),
                text: "Mirë se vini në Tiranë, Ëngjëll!".into(),
                calendar: None,
                ticket_png: None,
                html: None,
            })
            .await
            .expect("sent");
        let received = server.await.expect("server");
        assert!(received.contains("To: ana@example.org"), "{received}");
        assert!(received.contains("Subject:"), "{received}");
    }

    #[tokio::test]
    async fn without_smtp_mail_is_written_to_the_outbox() {
        let dir = std::env::temp_dir().join(format!(
            "agora-outbox-test-{}",
            crate::secrets::new_secret_token()
        ));
        let mailer =
            Mailer::new(None, "Agora <no-reply@agora.example>", dir.clone()).expect("mailer");
        mailer
            .send(&OutgoingMail {
                to: "ana@example.org".into(),
                subject: "Test".into(),
                text: "Македонија".into(),
                calendar: None,
                ticket_png: None,
                html: None,
            })
            .await
            .expect("written");
        let files: Vec<_> = std::fs::read_dir(dir.join("outbox"))
            .expect("outbox")
            .filter_map(Result::ok)
            .collect();
        assert_eq!(files.len(), 1);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn a_bad_sender_address_is_refused() {
        assert!(Mailer::new(None, "not an address", std::env::temp_dir()).is_err());
    }
}
