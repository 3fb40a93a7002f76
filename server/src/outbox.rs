//! The outbox worker: delivers the emails that registration changes wrote to the `outbox` table in
//! their own transaction. A failed delivery is retried with exponential backoff (30 s, 1 min, 2 min
//! … up to an hour), so an SMTP outage delays mail but loses none; a message the relay refuses
//! for good (a 5xx reply: a bounce) is recorded as refused and not tried again. Several servers may run the
//! worker: each message is claimed for a while before it is sent.

use app::mail::OutgoingMail;
use app::state::AppState;
use chrono::Duration;

const POLL: std::time::Duration = std::time::Duration::from_millis(500);
/// A claim lasts `Settings::outbox_lease_secs` (300 s by default), and is renewed just before each
/// message is sent: longer than the worst send of one message (`app::mail::SEND_TIMEOUT` for each
/// SMTP step), so a slow relay never lets another server take a message this one is sending.
const BATCH: i64 = 20;

/// The wait before attempt `attempts + 1`.
pub fn backoff(attempts: i64) -> Duration {
    let secs = 30i64.saturating_mul(1i64 << attempts.clamp(0, 7));
    Duration::seconds(secs.min(3600))
}

/// Runs until the task is aborted.
pub async fn run(state: AppState) {
    loop {
        match deliver_due(&state).await {
            Ok(0) => tokio::time::sleep(POLL).await,
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(error = %e, "outbox: could not read due messages");
                tokio::time::sleep(POLL * 4).await;
            }
        }
    }
}

/// Sends what is due now; returns how many messages were attempted.
pub async fn deliver_due(state: &AppState) -> Result<usize, app::store::StoreError> {
    let lease = state.settings.outbox_lease_secs;
    let now = app::db::whole_seconds(app::clock::now());
    let due = state.store.claim_mail(now, lease, BATCH).await?;
    let claimed_until = now + Duration::seconds(lease);
    let domain = state
        .mailer
        .from_address()
        .rsplit_once('@')
        .map(|(_, d)| d.trim_end_matches('>').to_string())
        .unwrap_or_else(|| "agora.invalid".into());
    let installation = &state.secret.root().derive("message-id", "outbox")[..10];
    for mail in &due {
        // The batch may have taken a while: renew this message's claim, or leave it to the
        // server that took it over.
        let until = app::db::whole_seconds(app::clock::now()) + Duration::seconds(lease);
        if !state
            .store
            .renew_mail_lease(mail.id, claimed_until, until)
            .await?
        {
            continue;
        }
        let outgoing = OutgoingMail {
            to: mail.recipient.clone(),
            subject: mail.subject.clone(),
            text: mail.body.clone(),
            calendar: mail.calendar.clone(),
            ticket_png: mail
                .ticket_code
                .as_deref()
                .and_then(|code| app::features::tickets::qr::png(code, 8)),
            html: mail.html.clone(),
        };
        // The same message always has the same id: sent again, it is the same message.
        let message_id = format!("<outbox-{}.{installation}@{domain}>", mail.id);
        match state.mailer.send_as(&outgoing, Some(message_id)).await {
            Ok(()) => state.store.mail_sent(mail.id, app::clock::now()).await?,
            Err(e) if e.is_permanent() => {
                tracing::warn!(message = mail.id, error = %e, "outbox: refused by the relay for good (a bounce); not retried");
                metrics::counter!("agora_mail_bounced_total").increment(1);
                state
                    .store
                    .mail_bounced(mail.id, app::clock::now(), &e.to_string())
                    .await?;
            }
            Err(e) => {
                tracing::warn!(message = mail.id, attempts = mail.attempts + 1, error = %e, "outbox: delivery failed; will retry");
                let retry = app::clock::now() + backoff(mail.attempts);
                state
                    .store
                    .mail_failed(mail.id, retry, &e.to_string())
                    .await?;
            }
        }
    }
    Ok(due.len())
}

#[cfg(test)]
mod tests {
    use super::backoff;

    #[test]
    fn retries_back_off_exponentially_up_to_an_hour() {
        assert_eq!(backoff(0).num_seconds(), 30);
        assert_eq!(backoff(1).num_seconds(), 60);
        assert_eq!(backoff(3).num_seconds(), 240);
        assert_eq!(backoff(40).num_seconds(), 3600);
    }
}
