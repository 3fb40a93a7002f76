//! The check-in lists of a forum, derived from its dates and its agenda each time they are read,
//! so they follow sessions that are added, moved or cancelled: the entry list, one list per day,
//! one per session. Keys are stable (`entry`, `day-2026-05-12`, `session-42`); an organiser may
//! limit any list to some stakeholder groups.

use super::types::{CheckinList, ListScope};
use crate::features::forums::types::StakeholderGroupId;
use crate::i18n::{format_date, format_time, Locale};
use chrono::NaiveDate;

/// A session as the lists need it: id, title, local day and start, cancelled.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionSlot {
    pub id: i64,
    pub title: String,
    pub day: NaiveDate,
    pub starts: chrono::NaiveTime,
    pub cancelled: bool,
}

pub fn entry_key() -> String {
    "entry".to_string()
}

pub fn day_key(day: NaiveDate) -> String {
    format!("day-{day}")
}

pub fn session_key(session: i64) -> String {
    format!("session-{session}")
}

/// All lists of a forum that runs from `first` to `last`, in order: entry, days, sessions by time.
pub fn lists_of(
    forum: i64,
    first: NaiveDate,
    last: NaiveDate,
    sessions: &[SessionSlot],
    limits: &[(String, StakeholderGroupId)],
    locale: Locale,
) -> Vec<CheckinList> {
    let groups_of = |key: &str| -> Vec<StakeholderGroupId> {
        limits
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, g)| *g)
            .collect()
    };
    let id = |key: &str| format!("{forum}:{key}");
    let mut lists = vec![CheckinList {
        id: id("entry"),
        key: entry_key(),
        name: locale.t("checkin.list.entry"),
        scope: ListScope::Entry,
        groups: groups_of("entry"),
        cancelled: false,
    }];
    let days: Vec<NaiveDate> = first
        .iter_days()
        .take_while(|d| *d <= last)
        .take(31)
        .collect();
    for (n, day) in days.iter().enumerate() {
        let key = day_key(*day);
        lists.push(CheckinList {
            name: locale.tf(
                "checkin.list.day",
                &[
                    ("n", &(n + 1).to_string()),
                    ("date", &format_date(locale, *day)),
                ],
            ),
            groups: groups_of(&key),
            id: id(&key),
            key,
            scope: ListScope::Day { day: *day },
            cancelled: false,
        });
    }
    let mut sorted: Vec<&SessionSlot> = sessions.iter().collect();
    sorted.sort_by_key(|s| (s.day, s.starts, s.id));
    for s in sorted {
        let key = session_key(s.id);
        lists.push(CheckinList {
            name: format!(
                "{} {} · {}",
                format_date(locale, s.day),
                format_time(s.starts),
                s.title
            ),
            groups: groups_of(&key),
            id: id(&key),
            key,
            scope: ListScope::Session { session: s.id },
            cancelled: s.cancelled,
        });
    }
    lists
}

/// `3:entry` → (forum 3, `entry`).
pub fn parse_list_id(id: &str) -> Option<(i64, &str)> {
    let (forum, key) = id.split_once(':')?;
    let forum = forum.parse().ok().filter(|f| *f > 0)?;
    (!key.is_empty() && key.len() <= 40).then_some((forum, key))
}

/// The list with `key`, if the forum has it.
pub fn find<'a>(lists: &'a [CheckinList], key: &str) -> Option<&'a CheckinList> {
    lists.iter().find(|l| l.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveTime;

    fn date(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 3, d).expect("valid")
    }

    fn slot(id: i64, day: u32, hour: u32, cancelled: bool) -> SessionSlot {
        SessionSlot {
            id,
            title: format!("S{id}"),
            day: date(day),
            starts: NaiveTime::from_hms_opt(hour, 0, 0).expect("valid"),
            cancelled,
        }
    }

    #[test]
    fn a_two_day_forum_has_entry_days_and_sessions_in_time_order() {
        let sessions = [
            slot(7, 13, 9, false),
            slot(5, 12, 14, true),
            slot(6, 12, 9, false),
        ];
        let lists = lists_of(1, date(12), date(13), &sessions, &[], Locale::En);
        let keys: Vec<&str> = lists.iter().map(|l| l.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "entry",
                "day-2027-03-12",
                "day-2027-03-13",
                "session-6",
                "session-5",
                "session-7"
            ]
        );
        assert!(find(&lists, "session-5").is_some_and(|l| l.cancelled));
        assert!(
            find(&lists, "session-9").is_none(),
            "a deleted session has no list"
        );
        assert_eq!(lists[0].id, "1:entry");
        assert_eq!(
            parse_list_id("1:day-2027-03-12"),
            Some((1, "day-2027-03-12"))
        );
        assert_eq!(parse_list_id("entry"), None);
        assert_eq!(parse_list_id("x:entry"), None);
    }

    #[test]
    fn group_limits_attach_to_their_list_only() {
        let limits = vec![("session-6".to_string(), StakeholderGroupId(3))];
        let lists = lists_of(
            1,
            date(12),
            date(12),
            &[slot(6, 12, 9, false)],
            &limits,
            Locale::En,
        );
        assert_eq!(
            find(&lists, "session-6").map(|l| l.groups.clone()),
            Some(vec![StakeholderGroupId(3)])
        );
        assert_eq!(find(&lists, "entry").map(|l| l.groups.len()), Some(0));
    }
}
