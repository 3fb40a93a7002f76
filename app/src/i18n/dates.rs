//! Locale-aware date and time formatting. Conversion into the forum's time zone happens on the
//! server; these functions only spell out a local date or time with the catalogue's words.

use super::Locale;
use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};

fn month_name(locale: Locale, month: u32) -> String {
    locale.t(&format!("month.{month}"))
}

fn weekday_name(locale: Locale, date: NaiveDate) -> String {
    locale.t(&format!("weekday.{}", date.weekday().number_from_monday()))
}

/// "Thursday, 12 March 2027" in the locale's words and order.
pub fn format_date(locale: Locale, date: NaiveDate) -> String {
    locale.tf(
        "date.long",
        &[
            ("weekday", &weekday_name(locale, date)),
            ("day", &date.day().to_string()),
            ("month", &month_name(locale, date.month())),
            ("year", &date.year().to_string()),
        ],
    )
}

/// "12–13 March 2027", or two full dates when the months differ.
pub fn format_date_range(locale: Locale, start: NaiveDate, end: NaiveDate) -> String {
    if start == end {
        return format_date(locale, start);
    }
    if start.year() == end.year() && start.month() == end.month() {
        return locale.tf(
            "date.range_same_month",
            &[
                ("start", &start.day().to_string()),
                ("end", &end.day().to_string()),
                ("month", &month_name(locale, start.month())),
                ("year", &start.year().to_string()),
            ],
        );
    }
    format!(
        "{} – {}",
        format_date(locale, start),
        format_date(locale, end)
    )
}

/// 24-hour "14:30", as used throughout the region.
pub fn format_time(time: NaiveTime) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_use_the_locales_words() {
        let d = NaiveDate::from_ymd_opt(2027, 3, 12).expect("valid date");
        assert!(format_date(Locale::En, d).contains("March"));
        assert!(format_date(Locale::Sq, d).contains("mars"));
        assert!(format_date(Locale::Mk, d).contains("март"));
        assert!(format_date(Locale::SrCyrl, d).contains("март"));
        let e = NaiveDate::from_ymd_opt(2027, 3, 13).expect("valid date");
        assert!(format_date_range(Locale::En, d, e).starts_with("12"));
    }
}
