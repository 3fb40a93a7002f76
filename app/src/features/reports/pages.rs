//! The report pages: `/organiser/forums/{slug}/report` and `/organiser/series/{id}/report`.
//! Filters are a plain GET form, charts are inline SVG made on the server, every chart has its
//! table and a sentence, and the print stylesheet turns the page into an A4 report.

use super::api::{load_forum_report, load_series_report, FreezeReport, SaveReportThreshold};
use super::charts::{bar_chart, Bars};
use super::types::{cell_text, Cell, Report, ReportFilter, ReportScope, Table, THRESHOLDS};
use crate::components::notice::{refused, ErrorNotice, Loading};
use crate::error::AppError;
use crate::i18n::{format_date, use_locale, Locale};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn filter_from_query() -> ReportFilter {
    let q = use_query_map().read_untracked();
    ReportFilter {
        from: q.get("from").unwrap_or_default(),
        to: q.get("to").unwrap_or_default(),
        list: q.get("list").unwrap_or_default(),
        forum: q.get("forum").unwrap_or_default(),
        protect: q.get("protect").unwrap_or_default(),
    }
}

#[component]
pub fn ForumReportPage() -> impl IntoView {
    let locale = use_locale();
    let slug = use_params_map()
        .read_untracked()
        .get("slug")
        .unwrap_or_default();
    let filter = filter_from_query();
    let data = Resource::new_blocking(
        {
            let (slug, filter) = (slug.clone(), filter.clone());
            move || (slug.clone(), filter.clone())
        },
        |(slug, filter)| load_forum_report(slug, filter),
    );
    let back = format!("/organiser/forums/{slug}/registrations");
    view! {
        <Title text=locale.t("report.title") />
        <p class="no-print"><a href=back>{locale.t("registrations.back")}</a></p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(report) => view! { <ReportView report /> }.into_any(),
                    Err(error) => filter_refused(error, locale),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn SeriesReportPage() -> impl IntoView {
    let locale = use_locale();
    let id: i64 = use_params_map()
        .read_untracked()
        .get("id")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let filter = filter_from_query();
    let data = Resource::new_blocking(
        move || filter.clone(),
        move |filter| load_series_report(id, filter),
    );
    view! {
        <Title text=locale.t("report.series_title") />
        <p class="no-print"><a href="/organiser">{locale.t("translations.back")}</a></p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(report) => view! { <ReportView report /> }.into_any(),
                    Err(error) => filter_refused(error, locale),
                }
            })}
        </Suspense>
    }
}

/// A bad filter keeps the reader on the page with the message and a way back; anything else
/// is refused as every page refuses.
fn filter_refused(error: AppError, locale: Locale) -> AnyView {
    if matches!(error, AppError::Invalid(_)) {
        crate::components::notice::set_page_status(error.status_code());
        let message = match &error {
            AppError::Invalid(fields) => fields.first().map(|f| locale.t(&f.key)),
            _ => None,
        };
        view! {
            <h1>{locale.t("report.title")}</h1>
            <ErrorNotice error />
            {message.map(|m| view! { <p class="field-error">{m}</p> })}
            <p><a href="?">{locale.t("report.clear")}</a></p>
        }
        .into_any()
    } else {
        refused(error)
    }
}

#[component]
fn ReportView(report: Report) -> impl IntoView {
    let locale = use_locale();
    let base = match &report.scope {
        ReportScope::Forum { slug } => format!("/organiser/forums/{slug}/report"),
        ReportScope::Series { id } => format!("/organiser/series/{id}/report"),
    };
    let query = report.filter.query();
    let suffix = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    let csv = format!("{base}.csv{suffix}");
    let xlsx = format!("{base}.xlsx{suffix}");
    let heading = locale.t(match report.scope {
        ReportScope::Forum { .. } => "report.title",
        ReportScope::Series { .. } => "report.series_title",
    });
    let threshold = report.threshold;
    let frozen = report.frozen_at.map(|at| {
        locale.tf(
            "report.frozen_at",
            &[("date", &format_date(locale, at.date_naive()))],
        )
    });
    let frozen_forums = (report.frozen_forums > 0
        && matches!(report.scope, ReportScope::Series { .. }))
    .then(|| {
        locale.tf(
            "report.frozen_forums",
            &[("count", &report.frozen_forums.to_string())],
        )
    });
    let sections = report
        .tables
        .iter()
        .enumerate()
        .map(|(n, t)| view! { <TableSection table=t.clone() threshold n /> })
        .collect_view();
    let headline = report
        .headline
        .iter()
        .map(|(label, definition, cell)| {
            view! {
                <div class="figure">
                    <dt>{label.clone()}</dt>
                    <dd class="figure-value">{cell_text(*cell, threshold)}</dd>
                    <dd class="muted">{definition.clone()}</dd>
                </div>
            }
        })
        .collect_view();
    view! {
        <article class="report" aria-labelledby="report-heading">
            <header class="report-head">
                <p class="eyebrow">{report.title.clone()}</p>
                <h1 id="report-heading">{heading}</h1>
                <p class="muted">{locale.tf("report.period", &[("period", &report.period)])}</p>
                {if report.protected {
                    view! { <p class="notice" role="note">{locale.tf("report.protected_note", &[("threshold", &threshold.to_string())])}</p> }.into_any()
                } else {
                    view! { <p class="notice notice-error" role="note">{locale.t("report.unprotected_line")}</p> }.into_any()
                }}
                {frozen.map(|text| view! { <p class="notice notice-ok" role="note">{text}</p> })}
                {frozen_forums.map(|text| view! { <p class="notice" role="note">{text}</p> })}
            </header>
            <FilterForm report=report.clone() />
            <nav class="toolbar no-print" aria-label=locale.t("report.downloads")>
                <a class="button button-secondary" href=xlsx rel="external" download="">{locale.t("report.xlsx")}</a>
                <a class="button button-secondary" href=csv rel="external" download="">{locale.t("report.csv")}</a>
                <span class="muted">{locale.t("report.print_hint")}</span>
            </nav>
            <section class="report-section" aria-labelledby="headline-heading">
                <h2 id="headline-heading">{locale.t("report.headline")}</h2>
                <dl class="figures">{headline}</dl>
            </section>
            {sections}
            <ReportTools report=report.clone() />
        </article>
    }
}

#[component]
fn FilterForm(report: Report) -> impl IntoView {
    let locale = use_locale();
    let f = report.filter.clone();
    let forum_report = matches!(report.scope, ReportScope::Forum { .. });
    let lists = report
        .lists
        .iter()
        .map(|(key, name)| {
            let sel = *key == f.list;
            view! { <option value=key.clone() selected=sel>{name.clone()}</option> }
        })
        .collect_view();
    let forums = report
        .forums
        .iter()
        .map(|(slug, title)| {
            let sel = *slug == f.forum;
            view! { <option value=slug.clone() selected=sel>{title.clone()}</option> }
        })
        .collect_view();
    let unprotected = f.protect == "off";
    // Date and list filters only where nothing can be subtracted: without protection (admins).
    let dated = !report.protected || report.can_unprotect;
    if forum_report && !dated {
        return view! { <p class="muted no-print">{locale.t("report.filters_protected")}</p> }
            .into_any();
    }
    view! {
        <form method="get" class="filters filters-wide no-print" aria-label=locale.t("report.filters")>
            {dated.then(|| view! {
                <div class="field">
                    <label for="report-from">{locale.t("report.from")}</label>
                    <input id="report-from" type="date" name="from" value=f.from.clone() />
                </div>
                <div class="field">
                    <label for="report-to">{locale.t("report.to")}</label>
                    <input id="report-to" type="date" name="to" value=f.to.clone() />
                </div>
            })}
            {if forum_report { view! {
                <div class="field">
                    <label for="report-list">{locale.t("report.list")}</label>
                    <select id="report-list" name="list">
                        <option value="" selected=f.list.is_empty()>{locale.t("report.any_list")}</option>
                        {lists}
                    </select>
                </div>
            }.into_any() } else { view! {
                <div class="field">
                    <label for="report-forum">{locale.t("report.forum")}</label>
                    <select id="report-forum" name="forum">
                        <option value="" selected=f.forum.is_empty()>{locale.t("report.all_forums")}</option>
                        {forums}
                    </select>
                </div>
            }.into_any() }}
            {report.can_unprotect.then(|| view! {
                <div class="field checkbox">
                    <label for="report-protect">
                        <input type="checkbox" id="report-protect" name="protect" value="off" checked=unprotected />
                        " "{locale.t("report.unprotect")}
                    </label>
                </div>
            })}
            <button type="submit" class="button button-secondary">{locale.t("agenda.apply_filter")}</button>
        </form>
        {(!dated).then(|| view! { <p class="muted no-print">{locale.t("report.filters_protected")}</p> })}
    }.into_any()
}

/// The chart a table gets, if any: registered with attended inside it, or expected beside
/// attended per session.
fn chart_of(t: &Table, threshold: i64, locale: Locale) -> Option<String> {
    let stacked = matches!(
        t.key.as_str(),
        "status_by_group" | "status_by_country" | "status_by_forum"
    );
    if stacked {
        let totals = t.row_totals.as_ref()?;
        let last = t.cols.len().checked_sub(1)?;
        let rows: Vec<(String, Vec<Cell>)> = t
            .rows
            .iter()
            .enumerate()
            .map(|(i, label)| (label.clone(), vec![totals.1[i], t.cells[i][last]]))
            .collect();
        let series = vec![
            locale.t("report.col.registered"),
            locale.t("report.col.attended"),
        ];
        return Some(bar_chart(&Bars {
            id: &format!("chart-{}", t.key),
            title: &t.title,
            description: &locale.t("report.chart_stacked"),
            series: &series,
            rows: &rows,
            threshold,
            stacked: true,
        }));
    }
    if t.key == "sessions" {
        let rows: Vec<(String, Vec<Cell>)> = t
            .rows
            .iter()
            .zip(&t.cells)
            .filter(|(_, cells)| cells[0] != Cell::Hidden || cells[1].shown().is_some())
            // A session's list is named "day time · title": the chart shows the title.
            .map(|(label, cells)| {
                let short = label.rsplit(" · ").next().unwrap_or(label);
                (short.to_string(), vec![cells[1], cells[0]])
            })
            .collect();
        let series = vec![
            locale.t("report.col.attended"),
            locale.t("report.col.expected"),
        ];
        return Some(bar_chart(&Bars {
            id: "chart-sessions",
            title: &t.title,
            description: &locale.t("report.chart_sessions"),
            series: &series,
            rows: &rows,
            threshold,
            stacked: false,
        }));
    }
    None
}

/// A sentence that says what the chart shows, for readers who do not see it.
fn summary_of(t: &Table, threshold: i64, locale: Locale) -> Option<String> {
    let totals = t.col_totals.as_ref()?;
    let attended = totals.last().copied()?;
    let registered = t.grand?;
    Some(locale.tf(
        "report.summary_sentence",
        &[
            ("attended", &cell_text(attended, threshold)),
            ("registered", &cell_text(registered, threshold)),
        ],
    ))
}

#[component]
fn TableSection(table: Table, threshold: i64, n: usize) -> impl IntoView {
    let locale = use_locale();
    let id = format!("table-{}", table.key);
    let caption_id = format!("{id}-caption");
    let chart = chart_of(&table, threshold, locale);
    let summary = chart
        .as_ref()
        .and_then(|_| summary_of(&table, threshold, locale));
    let text = move |c: Cell| cell_text(c, threshold);
    let class_of = |c: Cell| match c {
        Cell::Shown(_) => "num",
        _ => "num protected",
    };
    let head = {
        let mut h = vec![table.row_head.clone()];
        if let Some((name, _)) = &table.row_totals {
            h.push(name.clone());
        }
        h.extend(table.cols.iter().cloned());
        h
    };
    let body = table
        .rows
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let total = table.row_totals.as_ref().map(|(_, t)| t[i]);
            view! {
                <tr>
                    <th scope="row">{label.clone()}</th>
                    {total.map(|c| view! { <td class=class_of(c)><strong>{text(c)}</strong></td> })}
                    {table.cells[i].iter().map(|c| view! { <td class=class_of(*c)>{text(*c)}</td> }).collect_view()}
                </tr>
            }
        })
        .collect_view();
    let foot = table.col_totals.clone().map(|totals| {
        let grand = table.row_totals.as_ref().map(|_| table.grand.unwrap_or(Cell::Hidden));
        view! {
            <tfoot><tr>
                <th scope="row">{locale.t("report.col.total")}</th>
                {grand.map(|c| view! { <td class=class_of(c)><strong>{text(c)}</strong></td> })}
                {totals.iter().map(|c| view! { <td class=class_of(*c)>{text(*c)}</td> }).collect_view()}
            </tr></tfoot>
        }
    });
    let heading_id = format!("{id}-heading");
    let labelled_by = heading_id.clone();
    let region_by = caption_id.clone();
    let page_break = if n > 0 {
        "report-section page-break"
    } else {
        "report-section"
    };
    view! {
        <section class=page_break aria-labelledby=labelled_by>
            <h2 id=heading_id>{table.title.clone()}</h2>
            <p class="definition">{table.definition.clone()}</p>
            {chart.map(|svg| view! { <figure class="chart-figure"><div class="chart-box" inner_html=svg></div>
                {summary.clone().map(|s| view! { <figcaption>{s}</figcaption> })}
            </figure> })}
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby=region_by>
                <table class="report-table">
                    <caption id=caption_id>{table.title.clone()}</caption>
                    <thead><tr>{head.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr></thead>
                    <tbody>{body}</tbody>
                    {foot}
                </table>
            </div>
        </section>
    }
}

/// Freezing a forum's figures, and the series' threshold.
#[component]
fn ReportTools(report: Report) -> impl IntoView {
    let locale = use_locale();
    let freeze = ServerAction::<FreezeReport>::new();
    let threshold = ServerAction::<SaveReportThreshold>::new();
    let error = Signal::derive(move || {
        freeze
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| threshold.value().get().and_then(Result::err))
    });
    let tools = match &report.scope {
        ReportScope::Forum { slug } => report.can_freeze.then(|| {
            let slug = slug.clone();
            let label = locale.t(if report.frozen_at.is_some() {
                "report.refreeze"
            } else {
                "report.freeze"
            });
            view! {
                <section class="report-section no-print" aria-labelledby="freeze-heading">
                    <h2 id="freeze-heading">{locale.t("report.freeze_heading")}</h2>
                    <p>{locale.t("report.freeze_lead")}</p>
                    <ActionForm action=freeze attr:class="form">
                        <input type="hidden" name="slug" value=slug />
                        <button type="submit" class="button">{label}</button>
                    </ActionForm>
                </section>
            }
            .into_any()
        }),
        ReportScope::Series { .. } if !report.can_configure => None,
        ReportScope::Series { id } => {
            let id = *id;
            let current = if report.protected {
                report.threshold
            } else {
                5
            };
            Some(view! {
                <section class="report-section no-print" aria-labelledby="threshold-heading">
                    <h2 id="threshold-heading">{locale.t("report.threshold_heading")}</h2>
                    <p>{locale.t("report.threshold_lead")}</p>
                    <ActionForm action=threshold attr:class="form" attr:novalidate="true">
                        <input type="hidden" name="series_id" value=id.to_string() />
                        <div class="field">
                            <label for="report-threshold">{locale.t("report.threshold")}</label>
                            <p class="hint" id="report-threshold-hint">{locale.tf("report.threshold_hint", &[("min", &THRESHOLDS.start().to_string()), ("max", &THRESHOLDS.end().to_string())])}</p>
                            <input id="report-threshold" name="threshold" type="number" inputmode="numeric"
                                min=THRESHOLDS.start().to_string() max=THRESHOLDS.end().to_string()
                                value=current.to_string() aria-describedby="report-threshold-hint" />
                        </div>
                        <button type="submit" class="button">{locale.t("common.save")}</button>
                    </ActionForm>
                </section>
            }
            .into_any())
        }
    };
    view! {
        {move || error.get().map(|error| view! { <ErrorNotice error /> })}
        {tools}
    }
}
