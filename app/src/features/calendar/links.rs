//! Links that add an event to a web calendar (Google, Outlook) and calendar buttons.

use crate::i18n::use_locale;
use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;

fn encode(v: &str) -> String {
    v.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// When a web-calendar event happens.
#[derive(Debug, Clone, PartialEq)]
pub enum WebWhen {
    Timed(DateTime<Utc>, DateTime<Utc>),
    /// Whole days, the last one included.
    Days(NaiveDate, NaiveDate),
}

/// An event as the web calendars' "add" links take it.
#[derive(Debug, Clone, PartialEq)]
pub struct WebEvent {
    pub title: String,
    pub when: WebWhen,
    pub details: String,
    pub location: String,
}

pub fn google(e: &WebEvent) -> String {
    let dates = match e.when {
        WebWhen::Timed(a, b) => format!(
            "{}/{}",
            a.format("%Y%m%dT%H%M%SZ"),
            b.format("%Y%m%dT%H%M%SZ")
        ),
        // Google takes the day after the last as the end of an all-day event.
        WebWhen::Days(a, b) => format!(
            "{}/{}",
            a.format("%Y%m%d"),
            b.succ_opt().unwrap_or(b).format("%Y%m%d")
        ),
    };
    format!(
        "https://calendar.google.com/calendar/render?action=TEMPLATE&text={}&dates={dates}&details={}&location={}",
        encode(&e.title),
        encode(&e.details),
        encode(&e.location)
    )
}

pub fn outlook(e: &WebEvent) -> String {
    let (start, end, all_day) = match e.when {
        WebWhen::Timed(a, b) => (
            a.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            b.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            "",
        ),
        WebWhen::Days(a, b) => (
            a.format("%Y-%m-%d").to_string(),
            b.succ_opt().unwrap_or(b).format("%Y-%m-%d").to_string(),
            "&allday=true",
        ),
    };
    format!(
        "https://outlook.live.com/calendar/0/deeplink/compose?path=%2Fcalendar%2Faction%2Fcompose&rru=addevent&subject={}&startdt={start}&enddt={end}{all_day}&body={}&location={}",
        encode(&e.title),
        encode(&e.details),
        encode(&e.location)
    )
}

/// `webcal://` for an absolute http(s) address, so calendar apps subscribe instead of importing.
pub fn webcal(url: &str) -> String {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    format!("webcal://{rest}")
}

/// Download, subscribe and (for one event) Google and Outlook buttons.
#[component]
pub fn CalendarButtons(
    /// The .ics address, absolute.
    ics: String,
    /// Offer a subscription (a feed that follows changes).
    #[prop(optional)]
    subscribe: bool,
    #[prop(optional)] event: Option<WebEvent>,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <div class="calendar-buttons" role="group" aria-label=locale.t("calendar.add")>
            <a class="button button-secondary button-small" href=ics.clone() rel="external" download="">{locale.t("calendar.download")}</a>
            {subscribe.then(|| view! { <a class="button button-secondary button-small" href=webcal(&ics) rel="external">{locale.t("calendar.subscribe")}</a> })}
            {event.map(|e| view! {
                <a class="button button-secondary button-small" href=google(&e) rel="external noopener" target="_blank">{locale.t("calendar.google")}<span class="visually-hidden">" "{locale.t("common.new_window")}</span></a>
                <a class="button button-secondary button-small" href=outlook(&e) rel="external noopener" target="_blank">{locale.t("calendar.outlook")}<span class="visually-hidden">" "{locale.t("common.new_window")}</span></a>
            })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn web_calendar_links_carry_utc_times_and_encoded_text() {
        let at = |h: u32, m: u32| {
            Utc.with_ymd_and_hms(2026, 10, 25, h, m, 0)
                .single()
                .expect("valid")
        };
        let e = WebEvent {
            title: "Panel: Zdravstvo & škole".into(),
            when: WebWhen::Timed(at(8, 0), at(9, 30)),
            details: "x".into(),
            location: "Skopje".into(),
        };
        let g = google(&e);
        assert!(g.contains("dates=20261025T080000Z/20261025T093000Z"), "{g}");
        assert!(
            g.contains("text=Panel%3A%20Zdravstvo%20%26%20%C5%A1kole"),
            "{g}"
        );
        assert!(outlook(&e).contains("startdt=2026-10-25T08:00:00Z"));
        assert_eq!(
            webcal("https://agora.example/forums/a/agenda.ics"),
            "webcal://agora.example/forums/a/agenda.ics"
        );
        let days = WebEvent {
            when: WebWhen::Days(
                NaiveDate::from_ymd_opt(2027, 2, 13).expect("date"),
                NaiveDate::from_ymd_opt(2027, 2, 14).expect("date"),
            ),
            ..e
        };
        assert!(
            google(&days).contains("dates=20270213/20270215"),
            "the end is exclusive"
        );
        assert!(outlook(&days).contains("startdt=2027-02-13&enddt=2027-02-15&allday=true"));
    }
}
