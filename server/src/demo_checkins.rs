//! Demo attendance for forums that have already taken place: registrations, then check-ins at
//! the entry for most confirmed participants and at each session for a share of them (fewer as
//! the day goes on), so the donor report shows real breakdowns on the first run.

use app::features::checkin::store::NewCheckin;
use app::features::forums::types::{ForumId, StakeholderGroup};
use app::features::registration::types::RegistrationFilter;
use app::store::Store;
use chrono::Duration;

/// Registrations for the past forum `forum`, and their check-ins.
pub async fn seed(
    store: &dyn Store,
    forum: ForumId,
    groups: &[StakeholderGroup],
    count: usize,
    salt_prefix: &str,
) -> anyhow::Result<()> {
    crate::demo_registrations::seed(store, forum, groups, count, 8, 30, salt_prefix).await?;
    let filter = RegistrationFilter {
        status: "confirmed".into(),
        ..Default::default()
    };
    let (confirmed, _) = store.list_registrations(forum, &filter, 10_000, 0).await?;
    let sessions = store.sessions_of_forum(forum).await?;
    let Some(first) = sessions.first() else {
        return Ok(());
    };
    let doors_open = first.starts_at - Duration::minutes(45);
    for (n, person) in confirmed.iter().enumerate() {
        // About four in five came; a few never did.
        if n % 5 == 3 {
            continue;
        }
        let admit = |list: String, at| {
            let nonce = format!("demo-{salt_prefix}-{}-{list}", person.id.0);
            async move {
                store
                    .admit(&NewCheckin {
                        forum,
                        list_key: &list,
                        registration: person.id.0,
                        nonce: &nonce,
                        scanner_key: "demo",
                        scanner_name: "Demo door",
                        manual: false,
                        at,
                        full_name: &person.full_name,
                        ticket_version: 1,
                    })
                    .await
            }
        };
        let arrival = doors_open + Duration::seconds((n as i64 * 37) % 2_700);
        admit("entry".into(), arrival).await?;
        admit(format!("day-{}", first.starts_at.date_naive()), arrival).await?;
        for (s, session) in sessions.iter().enumerate() {
            // 9 in 10 at the opening, then fewer: 8, 6, 5, 4 in 10.
            let share = [9, 8, 6, 5, 4][s.min(4)];
            if (n * 7 + s * 3) % 10 < share {
                admit(
                    format!("session-{}", session.id.0),
                    session.starts_at + Duration::minutes((n as i64) % 10),
                )
                .await?;
            }
        }
    }
    Ok(())
}
