//! The door's truth after the fact, for organisers: double entries (one ticket admitted twice
//! on one list by doors that were offline) and offline admissions that arrived after their
//! ticket was cancelled or re-issued.

use super::types::{CheckinList, DoorIssue};
use crate::error::AppError;
use crate::i18n::{format_time, Locale};
use crate::store::records::ForumRecord;
use crate::store::Store;

/// The forum's door issues, unresolved first; `list` narrows them to one list.
pub async fn door_issues(
    store: &dyn Store,
    forum: &ForumRecord,
    lists: &[CheckinList],
    list: Option<&str>,
    locale: Locale,
) -> Result<Vec<DoorIssue>, AppError> {
    let zone = crate::features::forums::time::parse_zone(&forum.summary.time_zone);
    let at = |t: chrono::DateTime<chrono::Utc>| {
        let local = t.with_timezone(&zone);
        format!("{} {}", local.format("%Y-%m-%d"), format_time(local.time()))
    };
    let list_name = |key: &str| {
        lists
            .iter()
            .find(|l| l.key == key)
            .map_or_else(|| key.to_string(), |l| l.name.clone())
    };
    let by =
        |who: &str, when| locale.tf("checkin.review.by", &[("device", who), ("time", &at(when))]);
    let mut issues: Vec<DoorIssue> = store
        .double_entries(forum.summary.id)
        .await?
        .into_iter()
        .map(|d| DoorIssue {
            id: d.id,
            kind: "double_entry".into(),
            list_name: list_name(&d.list_key),
            list_key: d.list_key,
            full_name: d.full_name,
            first: by(&d.first_scanner, d.first_at),
            second: Some(by(&d.second_scanner, d.second_at)),
            resolved: d.resolved_at.is_some(),
        })
        .collect();
    issues.extend(
        store
            .flagged_admissions(forum.summary.id)
            .await?
            .into_iter()
            .map(|f| DoorIssue {
                id: f.id,
                kind: f.flag,
                list_name: list_name(&f.list_key),
                list_key: f.list_key,
                full_name: f.full_name,
                first: by(&f.scanner_name, f.created_at),
                second: None,
                resolved: false,
            }),
    );
    issues.retain(|i| list.is_none_or(|l| i.list_key == l));
    issues.sort_by_key(|i| i.resolved);
    Ok(issues)
}
