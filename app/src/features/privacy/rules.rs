//! When a forum's personal data is erased, and when its organisers hear of it first.

use chrono::{Days, NaiveDate};

/// Retention a forum has unless its organisers choose another.
pub const DEFAULT_RETENTION_DAYS: i64 = 180;
/// Days before the erasure that the organisers are told.
pub const WARN_DAYS_BEFORE: i64 = 7;
/// Delivered emails keep their body this long (for a bounce to be looked at), then only
/// subject, recipient hash, status and dates stay.
pub const DELIVERED_BODY_HOURS: i64 = 24;
/// Mail not delivered after this many days is given up (scrubbed, marked failed).
pub const UNSENT_MAIL_DAYS: i64 = 7;
/// Rate-limit uses are forgotten after a day (the longest window is an hour).
pub const RATE_EVENT_HOURS: i64 = 24;

/// The limits an installation puts on a forum's retention (`AGORA_RETENTION_MIN_DAYS`,
/// `AGORA_RETENTION_MAX_DAYS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetentionLimits {
    pub min_days: i64,
    pub max_days: i64,
}

impl Default for RetentionLimits {
    fn default() -> Self {
        Self {
            min_days: 30,
            max_days: 730,
        }
    }
}

impl RetentionLimits {
    pub fn allows(&self, days: i64) -> bool {
        (self.min_days..=self.max_days).contains(&days)
    }
}

/// The first day on which the forum's personal data is erased: `days` after its last day.
pub fn erasure_on(ends_on: NaiveDate, days: i64) -> NaiveDate {
    ends_on
        .checked_add_days(Days::new(days.max(0) as u64))
        .unwrap_or(NaiveDate::MAX)
}

/// Whether the erasure is due on `today`.
pub fn erasure_due(ends_on: NaiveDate, days: i64, today: NaiveDate) -> bool {
    today >= erasure_on(ends_on, days)
}

/// Whether the organisers should be told on `today` (within the last week before erasure).
pub fn warning_due(ends_on: NaiveDate, days: i64, today: NaiveDate) -> bool {
    let on = erasure_on(ends_on, days);
    let from = on
        .checked_sub_days(Days::new(WARN_DAYS_BEFORE as u64))
        .unwrap_or(NaiveDate::MIN);
    today >= from && today < on
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    #[test]
    fn erasure_is_the_retention_after_the_last_day() {
        assert_eq!(erasure_on(day("2026-10-31"), 180), day("2027-04-29"));
        assert!(!erasure_due(day("2026-10-31"), 180, day("2027-04-28")));
        assert!(erasure_due(day("2026-10-31"), 180, day("2027-04-29")));
        assert!(warning_due(day("2026-10-31"), 180, day("2027-04-22")));
        assert!(!warning_due(day("2026-10-31"), 180, day("2027-04-21")));
        assert!(!warning_due(day("2026-10-31"), 180, day("2027-04-29")));
    }

    #[test]
    fn limits_bound_the_choice() {
        let limits = RetentionLimits::default();
        assert!(limits.allows(DEFAULT_RETENTION_DAYS));
        assert!(!limits.allows(29));
        assert!(!limits.allows(731));
    }

    proptest! {
        #[test]
        fn a_warning_always_comes_before_the_erasure(offset in 0u64..2000, days in 0i64..800) {
            let ends = day("2026-01-01");
            let today = ends.checked_add_days(Days::new(offset)).expect("day");
            prop_assert!(!(warning_due(ends, days, today) && erasure_due(ends, days, today)));
            if erasure_due(ends, days, today) {
                prop_assert!(today >= ends);
            }
        }
    }
}
