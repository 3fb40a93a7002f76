//! Reminders before a forum: at each of its thresholds (7 days and 1 day before by default),
//! confirmed participants get the practical details, their ticket, their personal agenda and the
//! calendar invitation, and those on the waiting list their place in it. Pending registrations
//! are not reminded. A registration gets the latest threshold that has passed, once (the
//! database's key on registration and threshold decides, however many servers run the job); a
//! registration made after a threshold's time is not reminded of it.

use super::types::ReminderSettings;
use crate::error::AppError;
use crate::state::AppState;
use chrono::{DateTime, Duration, NaiveTime, Utc};

/// The most reminders a forum may have, and the furthest ahead one may go (60 days).
pub const MAX_REMINDERS: usize = 5;
pub const MAX_HOURS: i64 = 60 * 24;

/// The threshold due at `now` for a forum starting at `start`: the smallest number of hours
/// whose time has come, while the forum has not started.
pub fn due(settings: &ReminderSettings, start: DateTime<Utc>, now: DateTime<Utc>) -> Option<i64> {
    if !settings.enabled || now >= start {
        return None;
    }
    settings
        .hours
        .iter()
        .copied()
        .filter(|h| now >= start - Duration::hours(*h))
        .min()
}

/// Reads "7, 1" days and "2" hours into thresholds in hours (biggest first), or the catalogue
/// key of what is wrong.
pub fn parse(days: &str, hours: &str) -> Result<Vec<i64>, &'static str> {
    let mut all = Vec::new();
    for (text, unit) in [(days, 24), (hours, 1)] {
        for part in text.split([',', ' ', ';']).filter(|p| !p.trim().is_empty()) {
            let n: i64 = part.trim().parse().map_err(|_| "reminders.error.numbers")?;
            if n < 1 || n * unit > MAX_HOURS {
                return Err("reminders.error.range");
            }
            all.push(n * unit);
        }
    }
    all.sort_unstable_by(|a, b| b.cmp(a));
    all.dedup();
    if all.len() > MAX_REMINDERS {
        return Err("reminders.error.too_many");
    }
    Ok(all)
}

/// The stored thresholds as text ("168,24").
pub fn to_text(hours: &[i64]) -> String {
    hours
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// The stored thresholds read back.
pub fn from_text(text: &str) -> Vec<i64> {
    text.split(',')
        .filter_map(|h| h.trim().parse().ok())
        .collect()
}

/// When a forum starts: its first scheduled session, else its first day at 09:00 in its zone.
pub async fn start_of(
    state: &AppState,
    forum: &crate::store::records::ForumRecord,
) -> Result<DateTime<Utc>, AppError> {
    let sessions = state.store.sessions_of_forum(forum.summary.id).await?;
    let first = sessions
        .iter()
        .filter(|s| s.status != "cancelled")
        .map(|s| s.starts_at)
        .min();
    let zone = crate::features::forums::time::parse_zone(&forum.summary.time_zone);
    let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default();
    Ok(first
        .or_else(|| {
            crate::features::forums::time::local_to_utc(zone, forum.summary.starts_on, nine)
        })
        .unwrap_or_else(|| forum.summary.starts_on.and_time(nine).and_utc()))
}

/// Sends the reminders due now; how many were queued.
pub async fn send_due(state: &AppState, now: DateTime<Utc>) -> Result<i64, AppError> {
    let store = state.store.as_ref();
    let today = now.date_naive();
    let mut queued = 0;
    for forum in store.list_forums(true).await? {
        let soon = forum.starts_on - today <= Duration::hours(MAX_HOURS + 48);
        if forum.ends_on < today || !soon {
            continue;
        }
        let settings = store.reminder_settings(forum.id).await?.unwrap_or_default();
        let Some(record) = store.forum_by_id(forum.id).await? else {
            continue;
        };
        let start = start_of(state, &record).await?;
        let Some(hours) = due(&settings, start, now) else {
            continue;
        };
        let mailer =
            crate::features::registration::mailer::Mailer::for_record(state, &record).await?;
        let sent = store
            .send_reminders(
                forum.id,
                hours,
                start - Duration::hours(hours),
                now,
                &|r, position| Some(mailer.upcoming(r, position)),
            )
            .await?;
        if sent > 0 {
            tracing::info!(forum = forum.id.0, hours, sent, "reminders queued");
        }
        queued += sent;
    }
    Ok(queued)
}

/// Runs `send_due` every minute until the task is aborted.
pub async fn run(state: AppState) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if let Err(e) = send_due(&state, crate::clock::now()).await {
            tracing::warn!(error = ?e, "could not send the reminders");
        }
        let invitations = crate::features::registration::invitation_actions::send_due(
            &state,
            crate::clock::now(),
        );
        match invitations.await {
            Ok(0) => {}
            Ok(sent) => tracing::info!(sent, "invitation reminders queued"),
            Err(e) => tracing::warn!(error = ?e, "could not send the invitation reminders"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_latest_passed_threshold_is_due_until_the_start() {
        let start = Utc
            .with_ymd_and_hms(2027, 3, 12, 8, 0, 0)
            .single()
            .expect("t");
        let s = ReminderSettings::default();
        assert_eq!(due(&s, start, start - Duration::days(8)), None);
        assert_eq!(due(&s, start, start - Duration::days(7)), Some(168));
        assert_eq!(due(&s, start, start - Duration::hours(30)), Some(168));
        assert_eq!(due(&s, start, start - Duration::hours(24)), Some(24));
        assert_eq!(due(&s, start, start - Duration::minutes(1)), Some(24));
        assert_eq!(due(&s, start, start), None, "not once it has begun");
        let off = ReminderSettings {
            enabled: false,
            ..s
        };
        assert_eq!(due(&off, start, start - Duration::hours(1)), None);
    }

    #[test]
    fn thresholds_are_read_checked_and_sorted() {
        assert_eq!(parse("7, 1", "2"), Ok(vec![168, 24, 2]));
        assert_eq!(parse("", ""), Ok(vec![]));
        assert_eq!(parse("1", "24"), Ok(vec![24]), "the same time once");
        assert_eq!(parse("x", ""), Err("reminders.error.numbers"));
        assert_eq!(parse("61", ""), Err("reminders.error.range"));
        assert_eq!(parse("0", ""), Err("reminders.error.range"));
        assert_eq!(parse("1,2,3,4,5,6", ""), Err("reminders.error.too_many"));
        assert_eq!(from_text(&to_text(&[168, 24])), vec![168, 24]);
    }
}
