//! Links that add an event to a web calendar (Google, Outlook) and calendar buttons.

use crate::i18n::use_locale;
use chrono::{DateTime, Utc};
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

/// An event as the web calendars' "add" links take it.
#[derive(Debug, Clone, PartialEq)]
pub struct WebEvent {
    pub title: String,
    pub starts: DateTime<Utc>,
    pub ends: DateTime<Utc>,
    pub details: String,
    pub location: String,
}

pub fn google(e: &WebEvent) -> String {
    let f = |t: DateTime<Utc>| t.format("%Y%m%dT%H%M%SZ").to_string();
    format!(
        "https://calendar.google.com/calendar/render?action=TEMPLATE&text={}&dates={}/{}&details={}&location={}",
        encode(&e.title),
        f(e.starts),
        f(e.ends),
        encode(&e.details),
        encode(&e.location)
    )
}

pub fn outlook(e: &WebEvent) -> String {
    let f = |t: DateTime<Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    format!(
        "https://outlook.live.com/calendar/0/deeplink/compose?path=%2Fcalendar%2Faction%2Fcompose&rru=addevent&subject={}&startdt={}&enddt={}&body={}&location={}",
        encode(&e.title),
        f(e.starts),
        f(e.ends),
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
        let e = WebEvent {
            title: "Panel: Zdravstvo & škole".into(),
            starts: Utc
                .with_ymd_and_hms(2026, 10, 25, 8, 0, 0)
                .single()
                .expect("valid"),
            ends: Utc
                .with_ymd_and_hms(2026, 10, 25, 9, 30, 0)
                .single()
                .expect("valid"),
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
    }
}
