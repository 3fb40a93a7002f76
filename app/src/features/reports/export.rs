//! The report as files: `GET /organiser/forums/{slug}/report.csv|.xlsx` and
//! `/organiser/series/{id}/report.csv|.xlsx`, with the page's filters, the page's protected
//! figures, labels in the reader's language, and on the first line whether small numbers are
//! protected. Every download is in the access log.

use super::api::{report_for, Which};
use super::types::{cell_text, Cell, Report, ReportFilter, Table};
use crate::features::accounts::access_log::AccessAction;
use crate::features::accounts::guard;
use crate::features::registration::csv::{line, BOM};
use crate::i18n::Locale;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Csv,
    Xlsx,
}

pub async fn forum_csv(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(filter): Query<ReportFilter>,
    headers: HeaderMap,
    extensions: axum::http::Extensions,
) -> Response {
    file(
        state,
        headers,
        extensions,
        Which::Forum(slug),
        filter,
        Kind::Csv,
    )
    .await
}

pub async fn forum_xlsx(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(filter): Query<ReportFilter>,
    headers: HeaderMap,
    extensions: axum::http::Extensions,
) -> Response {
    file(
        state,
        headers,
        extensions,
        Which::Forum(slug),
        filter,
        Kind::Xlsx,
    )
    .await
}

pub async fn series_csv(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(filter): Query<ReportFilter>,
    headers: HeaderMap,
    extensions: axum::http::Extensions,
) -> Response {
    file(
        state,
        headers,
        extensions,
        Which::Series(id),
        filter,
        Kind::Csv,
    )
    .await
}

pub async fn series_xlsx(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(filter): Query<ReportFilter>,
    headers: HeaderMap,
    extensions: axum::http::Extensions,
) -> Response {
    file(
        state,
        headers,
        extensions,
        Which::Series(id),
        filter,
        Kind::Xlsx,
    )
    .await
}

async fn file(
    state: AppState,
    headers: HeaderMap,
    extensions: axum::http::Extensions,
    which: Which,
    filter: ReportFilter,
    kind: Kind,
) -> Response {
    let locale = crate::locale::locale_of(&headers, None);
    let refuse = |e: crate::error::AppError| {
        let status = StatusCode::from_u16(e.status_code()).unwrap_or(StatusCode::BAD_REQUEST);
        let key = match &e {
            crate::error::AppError::Invalid(fields) if !fields.is_empty() => fields[0].key.clone(),
            other => other.message_key().to_string(),
        };
        (status, locale.t(&key)).into_response()
    };
    use crate::features::accounts::policy::{authorize, who_in, Action, Who};
    let who = match who_in(&state, &headers).await {
        Ok(who) => who,
        Err(e) => return refuse(e),
    };
    if let Err(e) = authorize(state.store.as_ref(), &who, Action::UseOrganiserScreens).await {
        return refuse(e);
    }
    let Who::Account(account) = who else {
        return refuse(crate::error::AppError::Unauthenticated);
    };
    let report = match report_for(&state, account.clone(), &which, &filter, locale).await {
        Ok(r) => r,
        Err(e) => return refuse(e),
    };
    let (forum, name) = match &which {
        Which::Forum(slug) => (
            state
                .store
                .forum_by_slug(slug)
                .await
                .ok()
                .flatten()
                .map(|f| f.summary.id),
            format!("report-{slug}"),
        ),
        Which::Series(id) => (None, format!("report-series-{id}")),
    };
    let ext = match kind {
        Kind::Csv => "csv",
        Kind::Xlsx => "xlsx",
    };
    let detail = format!(
        "report.{ext} {} protect={} {}",
        match &which {
            Which::Forum(slug) => format!("forum={slug}"),
            Which::Series(id) => format!("series={id}"),
        },
        if report.protected { "on" } else { "off" },
        filter.query()
    );
    let address = crate::request::client_address(
        extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip()),
        &headers,
        &state.settings.limits.trusted_proxies,
    );
    if let Err(e) = guard::log_access(
        &state,
        Some(&account),
        AccessAction::Export,
        forum,
        None,
        detail.trim(),
        address,
    )
    .await
    {
        return refuse(e);
    }
    let (body, content_type) = match kind {
        Kind::Csv => (csv(&report, locale).into_bytes(), "text/csv; charset=utf-8"),
        Kind::Xlsx => match xlsx(&report, locale) {
            Ok(bytes) => (
                bytes,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            Err(e) => {
                tracing::error!(error = %e, "report workbook failed");
                return refuse(crate::error::AppError::Internal);
            }
        },
    };
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}.{ext}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

/// The first line of every export: whether small numbers are protected.
pub fn protection_line(report: &Report, locale: Locale) -> String {
    if report.protected {
        locale.tf(
            "report.protected_line",
            &[("threshold", &report.threshold.to_string())],
        )
    } else {
        locale.t("report.unprotected_line")
    }
}

/// A table's lines as text: header, rows, totals (the page's figures).
pub fn table_lines(t: &Table, threshold: i64, locale: Locale) -> Vec<Vec<String>> {
    let text = |c: Cell| cell_text(c, threshold);
    let mut head = vec![t.row_head.clone()];
    if let Some((name, _)) = &t.row_totals {
        head.push(name.clone());
    }
    head.extend(t.cols.iter().cloned());
    let mut out = vec![head];
    for (i, label) in t.rows.iter().enumerate() {
        let mut row = vec![label.clone()];
        if let Some((_, totals)) = &t.row_totals {
            row.push(text(totals[i]));
        }
        row.extend(t.cells[i].iter().map(|c| text(*c)));
        out.push(row);
    }
    if let Some(totals) = &t.col_totals {
        let mut row = vec![locale.t("report.col.total")];
        if t.row_totals.is_some() {
            row.push(t.grand.map(text).unwrap_or_default());
        }
        row.extend(totals.iter().map(|c| text(*c)));
        out.push(row);
    }
    out
}

pub fn csv(report: &Report, locale: Locale) -> String {
    let mut out = String::from(BOM);
    let push = |out: &mut String, cells: &[String]| {
        out.push_str(&line(&cells.iter().map(String::as_str).collect::<Vec<_>>()));
    };
    push(&mut out, &[protection_line(report, locale)]);
    push(&mut out, &[report.title.clone(), report.period.clone()]);
    push(&mut out, &[]);
    for (label, definition, cell) in &report.headline {
        push(
            &mut out,
            &[
                label.clone(),
                cell_text(*cell, report.threshold),
                definition.clone(),
            ],
        );
    }
    for t in &report.tables {
        push(&mut out, &[]);
        push(&mut out, std::slice::from_ref(&t.title));
        push(&mut out, std::slice::from_ref(&t.definition));
        for row in table_lines(t, report.threshold, locale) {
            push(&mut out, &row);
        }
    }
    out
}

/// A worksheet name: at most 31 characters, none of `[]:*?/\`, unique in the workbook.
fn sheet_name(title: &str, n: usize) -> String {
    let clean: String = title
        .chars()
        .filter(|c| !"[]:*?/\\'".contains(*c))
        .collect();
    let prefix = format!("{n}. ");
    let room = 31 - prefix.chars().count();
    format!("{prefix}{}", clean.chars().take(room).collect::<String>())
}

pub fn xlsx(report: &Report, locale: Locale) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook};
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    let head = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDCE6F1))
        .set_border(FormatBorder::Thin)
        .set_text_wrap();
    let warn = Format::new()
        .set_bold()
        .set_font_color(Color::RGB(0x9C0006));
    let number = Format::new().set_border(FormatBorder::Thin);
    let protected = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(rust_xlsxwriter::FormatAlign::Right)
        .set_italic();
    {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(&locale.t("report.summary"), 1))?;
        let line = protection_line(report, locale);
        sheet.write_string_with_format(
            0,
            0,
            &line,
            if report.protected { &bold } else { &warn },
        )?;
        sheet.write_string_with_format(1, 0, &report.title, &title)?;
        sheet.write_string(2, 0, &report.period)?;
        sheet.write_string_with_format(4, 0, locale.t("report.figure"), &head)?;
        sheet.write_string_with_format(4, 1, locale.t("report.value"), &head)?;
        sheet.write_string_with_format(4, 2, locale.t("report.definition"), &head)?;
        for (i, (label, definition, cell)) in report.headline.iter().enumerate() {
            let r = 5 + i as u32;
            sheet.write_string(r, 0, label)?;
            match cell {
                Cell::Shown(v) => sheet.write_number_with_format(r, 1, *v as f64, &number)?,
                other => sheet.write_string_with_format(
                    r,
                    1,
                    cell_text(*other, report.threshold),
                    &protected,
                )?,
            };
            sheet.write_string(r, 2, definition)?;
        }
        sheet.set_column_width(0, 32)?;
        sheet.set_column_width(1, 12)?;
        sheet.set_column_width(2, 80)?;
        sheet.set_freeze_panes(5, 0)?;
    }
    for (n, t) in report.tables.iter().enumerate() {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(&t.title, n + 2))?;
        sheet.write_string_with_format(0, 0, &t.title, &title)?;
        sheet.write_string(1, 0, &t.definition)?;
        let lines = table_lines(t, report.threshold, locale);
        // Figures by position, so numbers are written as numbers.
        let figures = figures_of(t);
        for (i, row) in lines.iter().enumerate() {
            let r = 3 + i as u32;
            for (j, text) in row.iter().enumerate() {
                let c = j as u16;
                if i == 0 {
                    sheet.write_string_with_format(r, c, text, &head)?;
                } else if j == 0 {
                    sheet.write_string_with_format(r, c, text, &bold)?;
                } else {
                    match figures.get(i - 1).and_then(|f| f.get(j - 1)).copied() {
                        Some(Cell::Shown(v)) => {
                            sheet.write_number_with_format(r, c, v as f64, &number)?;
                        }
                        _ => {
                            sheet.write_string_with_format(r, c, text, &protected)?;
                        }
                    }
                }
            }
        }
        sheet.set_column_width(0, 34)?;
        for j in 1..lines.first().map_or(1, Vec::len) {
            sheet.set_column_width(j as u16, 14)?;
        }
        sheet.set_freeze_panes(4, 1)?;
    }
    book.save_to_buffer()
}

/// The figures of each line of `table_lines` (without the label), in the same order.
fn figures_of(t: &Table) -> Vec<Vec<Cell>> {
    let mut out = Vec::new();
    for (i, cells) in t.cells.iter().enumerate() {
        let mut row = Vec::new();
        if let Some((_, totals)) = &t.row_totals {
            row.push(totals[i]);
        }
        row.extend(cells.iter().copied());
        out.push(row);
    }
    if let Some(totals) = &t.col_totals {
        let mut row = Vec::new();
        if t.row_totals.is_some() {
            row.push(t.grand.unwrap_or(Cell::Hidden));
        }
        row.extend(totals.iter().copied());
        out.push(row);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_fit_excel() {
        let name = sheet_name(
            "Attended: group × country [all]/a very long title indeed",
            3,
        );
        assert!(name.chars().count() <= 31, "{name}");
        assert!(!name.contains(':') && !name.contains('[') && !name.contains('/'));
        assert!(name.starts_with("3. "));
    }
}
