//! A minimal SMTP relay for tests.

use std::sync::Arc;

/// A minimal SMTP server for tests: accepts any number of connections and keeps every message it
/// receives (headers and body as sent). Recipients whose address contains `bounce` are refused
/// for good (550), those containing `busy` for now (451).
pub struct SmtpListener {
    pub port: u16,
    pub received: Arc<std::sync::Mutex<Vec<String>>>,
    /// How many connections were opened to it.
    pub connections: Arc<std::sync::atomic::AtomicUsize>,
}

impl SmtpListener {
    pub async fn start() -> Self {
        Self::start_slow(std::time::Duration::ZERO).await
    }

    /// A relay that takes `delay` to accept each message.
    pub async fn start_slow(delay: std::time::Duration) -> Self {
        use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind smtp");
        let port = listener.local_addr().expect("addr").port();
        let received = Arc::new(std::sync::Mutex::new(Vec::new()));
        let connections = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let (store, opened) = (received.clone(), connections.clone());
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                opened.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let store = store.clone();
                tokio::spawn(async move {
                    let (read, mut write) = socket.into_split();
                    let mut lines = BufReader::new(read).lines();
                    if write.write_all(b"220 test ESMTP\r\n").await.is_err() {
                        return;
                    }
                    let (mut in_data, mut message) = (false, String::new());
                    while let Ok(Some(line)) = lines.next_line().await {
                        if in_data {
                            if line == "." {
                                in_data = false;
                                tokio::time::sleep(delay).await;
                                store
                                    .lock()
                                    .expect("lock")
                                    .push(std::mem::take(&mut message));
                                let _ = write.write_all(b"250 queued\r\n").await;
                            } else {
                                message.push_str(&line);
                                message.push('\n');
                            }
                            continue;
                        }
                        let upper = line.to_ascii_uppercase();
                        let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO")
                        {
                            b"250 test\r\n"
                        } else if upper.starts_with("DATA") {
                            in_data = true;
                            b"354 go ahead\r\n"
                        } else if upper.starts_with("RCPT") && upper.contains("BOUNCE") {
                            // A mailbox that does not exist: refused for good.
                            b"550 5.1.1 no such mailbox\r\n"
                        } else if upper.starts_with("RCPT") && upper.contains("BUSY") {
                            // A mailbox that cannot take mail now: try later.
                            b"451 4.2.1 mailbox busy, try later\r\n"
                        } else if upper.starts_with("QUIT") {
                            let _ = write.write_all(b"221 bye\r\n").await;
                            break;
                        } else {
                            b"250 OK\r\n"
                        };
                        if write.write_all(reply).await.is_err() {
                            break;
                        }
                    }
                });
            }
        });
        Self {
            port,
            received,
            connections,
        }
    }

    pub fn settings(port: u16) -> app::mail::SmtpSettings {
        app::mail::SmtpSettings {
            host: "127.0.0.1".into(),
            port,
            username: None,
            password: None,
            security: "none".into(),
        }
    }

    /// Waits (up to 15 s) for a message containing `needle`, with soft line breaks undone.
    pub async fn wait_for(&self, needle: &str) -> String {
        for _ in 0..150 {
            let found = self
                .received
                .lock()
                .expect("lock")
                .iter()
                .map(|m| m.replace("=\n", "").replace("=3D", "="))
                .find(|m| m.contains(needle));
            if let Some(m) = found {
                return m;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("no SMTP message containing {needle:?}");
    }
}
