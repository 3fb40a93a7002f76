//! `/checkin/{slug}/{list}/counts`: checked in versus expected, refreshed every five seconds
//! once the page is interactive (and by reloading without JavaScript).

use super::api::load_counts;
use super::types::{CountRow, CountsView};
use crate::components::notice::{refused, Loading};
use crate::i18n::use_locale;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

const REFRESH_MS: u64 = 5000;

#[component]
pub fn CountsPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let key = move || {
        let p = params.read();
        (
            p.get("slug").unwrap_or_default(),
            p.get("list").unwrap_or_default(),
        )
    };
    let tick = RwSignal::new(0u64);
    let data = Resource::new(
        move || (key(), tick.get()),
        |((slug, list), _)| load_counts(slug, list),
    );
    Effect::new(move |_| {
        if let Ok(handle) = set_interval_with_handle(
            move || tick.update(|t| *t += 1),
            std::time::Duration::from_millis(REFRESH_MS),
        ) {
            on_cleanup(move || handle.clear());
        }
    });
    view! {
        <Title text=locale.t("checkin.counts.title") />
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => refused(e),
                    Ok(v) => view! { <Counts view=v /> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn percent(row: &CountRow) -> i64 {
    if row.expected <= 0 {
        0
    } else {
        (row.checked_in * 100 / row.expected).min(100)
    }
}

#[component]
fn Counts(view: CountsView) -> impl IntoView {
    let locale = use_locale();
    let scanner = format!("/checkin/{}/{}", view.forum_slug, view.list.key);
    let total = view.total.clone();
    let table = move |caption: String, rows: Vec<CountRow>| {
        let region = caption.clone();
        view! {
            // Focusable, so a keyboard can scroll a wide table on a narrow phone.
            <div class="table-wrap" tabindex="0" role="region" aria-label=region>
                <table class="counts-table">
                    <caption>{caption}</caption>
                    <thead><tr>
                        <th scope="col"></th>
                        <th scope="col" class="num">{locale.t("checkin.counts.checked_in")}</th>
                        <th scope="col" class="num">{locale.t("checkin.counts.expected")}</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|r| view! {
                            <tr>
                                <th scope="row">{r.label}</th>
                                <td class="num">{r.checked_in}</td>
                                <td class="num">{r.expected}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
    };
    view! {
        <p class="eyebrow">{view.forum_title.clone()}</p>
        <h1>{view.list.name.clone()}</h1>
        <p class="toolbar"><a href=scanner rel="external">{locale.t("checkin.back_to_scanner")}</a></p>
        <section class="counts-total" aria-labelledby="counts-heading">
            <h2 id="counts-heading" class="visually-hidden">{locale.t("checkin.counts.title")}</h2>
            <p class="big-count" aria-live="polite">
                {locale.tf("checkin.counts.of", &[("checked", &total.checked_in.to_string()), ("expected", &total.expected.to_string())])}
            </p>
            <div class="meter" role="img" aria-label=format!("{}%", percent(&total))>
                <span style=format!("width: {}%", percent(&total))></span>
            </div>
            <p class="muted">{view.expected_note.clone()}" "{locale.tf("checkin.counts.updated", &[("time", &view.updated_at)])}</p>
        </section>
        {table(locale.t("checkin.counts.by_group"), view.by_group.clone())}
        {table(locale.t("checkin.counts.by_country"), view.by_country.clone())}
    }
}
