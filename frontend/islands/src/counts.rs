//! The live counts of a check-in list: checked in versus expected in total, per stakeholder
//! group and per country, fetched again every five seconds. Without JavaScript the same
//! figures are the page as the server rendered it, and reloading refreshes them.

use crate::net::post_form;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// How often the figures are fetched again.
pub const REFRESH: Duration = Duration::from_secs(5);

/// One line of a counts table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountRow {
    pub label: String,
    pub checked_in: i64,
    pub expected: i64,
    /// Below the small-number threshold for a reader off the forum's team: no figures.
    #[serde(default)]
    pub hidden: bool,
}

impl CountRow {
    /// Checked in as a whole percentage of expected, at most 100.
    pub fn percent(&self) -> i64 {
        if self.expected <= 0 {
            0
        } else {
            (self.checked_in * 100 / self.expected).clamp(0, 100)
        }
    }
}

/// The figures of one list, as the server's `load_counts` answers them (extra fields in its
/// answer are ignored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveCountsData {
    pub total: CountRow,
    pub by_group: Vec<CountRow>,
    pub by_country: Vec<CountRow>,
    /// What "expected" means for this list, translated.
    pub expected_note: String,
    /// When the figures were read, formatted for the page.
    pub updated_at: String,
}

/// The words of the counts, translated by the server. `of` holds `{checked}` and `{expected}`,
/// `updated` holds `{time}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountsTexts {
    pub heading: String,
    pub of: String,
    pub updated: String,
    pub by_group: String,
    pub by_country: String,
    pub checked_in: String,
    pub expected: String,
    /// Shown instead of a hidden row's figures.
    #[serde(default)]
    pub hidden: String,
}

impl CountsTexts {
    pub fn total_line(&self, total: &CountRow) -> String {
        self.of
            .replace("{checked}", &total.checked_in.to_string())
            .replace("{expected}", &total.expected.to_string())
    }

    pub fn updated_line(&self, time: &str) -> String {
        self.updated.replace("{time}", time)
    }
}

/// `endpoint`, `slug` and `list` name the server function that gives fresh figures.
#[island]
pub fn LiveCounts(
    endpoint: String,
    slug: String,
    list: String,
    initial: LiveCountsData,
    texts: CountsTexts,
) -> impl IntoView {
    let data = RwSignal::new(initial);
    Effect::new(move |_| {
        let (endpoint, slug, list) = (endpoint.clone(), slug.clone(), list.clone());
        let refresh = move || {
            let (endpoint, slug, list) = (endpoint.clone(), slug.clone(), list.clone());
            spawn_local(async move {
                let fields = [("slug", slug.as_str()), ("list", list.as_str())];
                // A missed refresh keeps the figures shown; the next one tries again.
                if let Ok(body) = post_form(&endpoint, &fields).await {
                    if let Ok(fresh) = serde_json::from_str::<LiveCountsData>(&body) {
                        data.set(fresh);
                    }
                }
            });
        };
        if let Ok(handle) = set_interval_with_handle(refresh, REFRESH) {
            on_cleanup(move || handle.clear());
        }
    });
    move || {
        let d = data.get();
        let percent = d.total.percent();
        view! {
            <section class="counts-total" aria-labelledby="counts-heading">
                <h2 id="counts-heading" class="visually-hidden">{texts.heading.clone()}</h2>
                <p class="big-count" aria-live="polite">{texts.total_line(&d.total)}</p>
                <div class="meter" role="img" aria-label=format!("{percent}%")>
                    <span style=format!("width: {percent}%")></span>
                </div>
                <p class="muted">{d.expected_note.clone()}" "{texts.updated_line(&d.updated_at)}</p>
            </section>
            <CountsTable caption=texts.by_group.clone() rows=d.by_group texts=texts.clone() />
            <CountsTable caption=texts.by_country.clone() rows=d.by_country texts=texts.clone() />
        }
    }
}

#[component]
fn CountsTable(caption: String, rows: Vec<CountRow>, texts: CountsTexts) -> impl IntoView {
    let region = caption.clone();
    view! {
        // Focusable, so a keyboard can scroll a wide table on a narrow phone.
        <div class="table-wrap" tabindex="0" role="region" aria-label=region>
            <table class="counts-table">
                <caption>{caption}</caption>
                <thead><tr>
                    <th scope="col"></th>
                    <th scope="col" class="num">{texts.checked_in}</th>
                    <th scope="col" class="num">{texts.expected}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| if r.hidden {
                        view! {
                            <tr>
                                <th scope="row">{r.label}</th>
                                <td class="num muted" colspan="2">{texts.hidden.clone()}</td>
                            </tr>
                        }.into_any()
                    } else {
                        view! {
                            <tr>
                                <th scope="row">{r.label}</th>
                                <td class="num">{r.checked_in}</td>
                                <td class="num">{r.expected}</td>
                            </tr>
                        }.into_any()
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(checked_in: i64, expected: i64) -> CountRow {
        CountRow {
            label: "Media".into(),
            checked_in,
            expected,
            hidden: false,
        }
    }

    #[test]
    fn percent_is_whole_and_capped() {
        assert_eq!(row(1, 3).percent(), 33);
        assert_eq!(row(5, 4).percent(), 100);
        assert_eq!(row(2, 0).percent(), 0);
    }

    #[test]
    fn the_server_answer_is_read_with_its_extra_fields() {
        let body = r#"{"forum_title":"F","list":{"key":"entry"},"total":{"label":"Total","checked_in":2,"expected":9},
            "by_group":[],"by_country":[{"label":"Kosovo","checked_in":1,"expected":3}],
            "expected_note":"Expected: confirmed.","updated_at":"10:05"}"#;
        let data: LiveCountsData = serde_json::from_str(body).expect("reads");
        assert_eq!(
            data.total,
            CountRow {
                label: "Total".into(),
                checked_in: 2,
                expected: 9,
                hidden: false
            }
        );
        assert_eq!(data.by_country.len(), 1);
    }

    #[test]
    fn templates_are_filled() {
        let texts = CountsTexts {
            heading: String::new(),
            of: "{checked} of {expected} checked in".into(),
            updated: "Updated at {time}.".into(),
            by_group: String::new(),
            by_country: String::new(),
            checked_in: String::new(),
            expected: String::new(),
            hidden: String::new(),
        };
        assert_eq!(texts.total_line(&row(3, 7)), "3 of 7 checked in");
        assert_eq!(texts.updated_line("09:41"), "Updated at 09:41.");
    }
}
