//! The donor report's use cases: read a forum's facts (live, or frozen in its snapshot), count
//! and protect them, label them in the reader's language; freeze a forum's figures; the same
//! over a whole series, with people matched across its forums.

use super::build::{balance_table, cross_table, headline, lists_table, one, status_table, Labels};
use super::joint::Joint;
use super::snapshot::{decode, encode};
use super::tables::{self, Counting, Dim, Fact, ListFigures};
use super::types::{Report, ReportFilter, ReportScope};
use crate::error::{AppError, FieldError};
use crate::i18n::{format_date, Locale};
use crate::state::AppState;
use crate::store::records::ForumRecord;
use crate::store::Store;
use chrono::{DateTime, NaiveDate, Utc};

/// A forum's facts and where they came from.
pub struct ForumFacts {
    pub facts: Vec<Fact>,
    pub lists: Vec<ListFigures>,
    pub frozen_at: Option<DateTime<Utc>>,
}

/// The forum's facts from its live rows, attendance counted as `counting` says.
async fn live_facts(
    store: &dyn Store,
    forum: &ForumRecord,
    counting: &Counting,
) -> Result<(Vec<Fact>, Vec<ListFigures>), AppError> {
    let id = forum.summary.id;
    let rows = store.report_rows(id).await?;
    let check_ins = store.report_check_ins(id).await?;
    let picks = store.session_picks(id).await?;
    let facts = tables::facts(&rows, &check_ins, counting);
    let attendance = tables::list_attendance(&check_ins, counting);
    let lists = crate::features::checkin::ssr::all_lists(store, forum, Locale::En)
        .await?
        .into_iter()
        .filter(|l| !l.cancelled || attendance.contains_key(&l.key))
        .map(|l| {
            let expected = l.key.strip_prefix("session-").map(|n| {
                picks
                    .iter()
                    .find(|(s, _)| s.to_string() == n)
                    .map_or(0, |p| p.1)
            });
            ListFigures {
                attended: attendance.get(&l.key).copied().unwrap_or(0),
                key: l.key,
                expected,
            }
        })
        .collect();
    Ok((facts, lists))
}

/// The forum's facts: frozen ones when it has a snapshot (filters do not apply to them).
pub async fn forum_facts(
    store: &dyn Store,
    forum: &ForumRecord,
    counting: &Counting,
) -> Result<ForumFacts, AppError> {
    if let Some((at, cells)) = store.snapshot(forum.summary.id).await? {
        let (facts, lists) = decode(forum.summary.id.0, &cells);
        return Ok(ForumFacts {
            facts,
            lists,
            frozen_at: Some(at),
        });
    }
    let (facts, lists) = live_facts(store, forum, counting).await?;
    Ok(ForumFacts {
        facts,
        lists,
        frozen_at: None,
    })
}

/// Freezes the forum's figures as they are now (whole forum, no filter).
pub async fn freeze(
    store: &dyn Store,
    forum: &ForumRecord,
    at: DateTime<Utc>,
) -> Result<Option<usize>, AppError> {
    let (facts, lists) = live_facts(store, forum, &Counting::default()).await?;
    let cells = encode(&facts, &lists);
    if !store.save_snapshot(forum.summary.id, at, &cells).await? {
        // Erased since: the figures frozen before the erasure stay the record.
        return Ok(None);
    }
    tracing::info!(
        forum = forum.summary.id.0,
        cells = cells.len(),
        "report figures frozen"
    );
    Ok(Some(cells.len()))
}

/// Parses the filter's dates (both optional), or says which field is wrong.
fn dates(filter: &ReportFilter) -> Result<(Option<NaiveDate>, Option<NaiveDate>), AppError> {
    let parse = |field: &str, v: &str| -> Result<Option<NaiveDate>, AppError> {
        let v = v.trim();
        if v.is_empty() {
            return Ok(None);
        }
        NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| AppError::Invalid(vec![FieldError::new(field, "error.date_invalid")]))
    };
    let from = parse("from", &filter.from)?;
    let to = parse("to", &filter.to)?;
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            return Err(AppError::Invalid(vec![FieldError::new(
                "to",
                "report.to_before_from",
            )]));
        }
    }
    Ok((from, to))
}

/// The dimensions and crossings of a report's tables (the series adds "forum" in front).
const FORUM_DIMS: [Dim; 4] = [Dim::Group, Dim::Country, Dim::Gender, Dim::Age];
const CROSSES: [(Dim, Dim); 2] = [(Dim::Group, Dim::Country), (Dim::Group, Dim::Gender)];

/// Date and list filters give reports whose difference from the unfiltered one could show a
/// hidden figure (attended on other days, on other lists): with protected figures they are not
/// offered, and a request for them is refused with the reason.
fn refuse_filters_when_protected(filter: &ReportFilter, protected: bool) -> Result<(), AppError> {
    if !protected {
        return Ok(());
    }
    let field = [
        ("from", &filter.from),
        ("to", &filter.to),
        ("list", &filter.list),
    ]
    .into_iter()
    .find(|(_, v)| !v.trim().is_empty())
    .map(|(f, _)| f);
    match field {
        Some(field) => Err(AppError::Invalid(vec![FieldError::new(
            field,
            "report.filter_protected",
        )])),
        None => Ok(()),
    }
}

/// Whether the reader gets unprotected figures: an admin who asked for them.
fn threshold_for(filter: &ReportFilter, admin: bool, series_threshold: i64) -> (i64, bool) {
    if admin && filter.protect == "off" {
        (1, false)
    } else {
        (series_threshold, true)
    }
}

async fn group_labels(
    store: &dyn Store,
    series: crate::features::forums::types::SeriesId,
    locale: Locale,
) -> Result<Vec<(String, String)>, AppError> {
    Ok(
        crate::features::forums::content::stakeholder_groups(store, series, locale)
            .await?
            .into_iter()
            .map(|g| (g.id.0.to_string(), g.name))
            .collect(),
    )
}

fn period(locale: Locale, from: NaiveDate, to: NaiveDate) -> String {
    if from == to {
        format_date(locale, from)
    } else {
        format!(
            "{} – {}",
            format_date(locale, from),
            format_date(locale, to)
        )
    }
}

/// The report of one forum for a reader in `locale`.
pub async fn forum_report(
    state: &AppState,
    forum: &ForumRecord,
    filter: &ReportFilter,
    admin: bool,
    locale: Locale,
) -> Result<Report, AppError> {
    let store = state.store.as_ref();
    let (from, to) = dates(filter)?;
    let zone = crate::features::forums::time::parse_zone(&forum.summary.time_zone);
    let (start, end) = tables::day_bounds(from, to, zone);
    let all_lists = crate::features::checkin::ssr::all_lists(store, forum, locale).await?;
    let list = filter.list.trim();
    if !list.is_empty() && !all_lists.iter().any(|l| l.key == list) {
        return Err(AppError::Invalid(vec![FieldError::new(
            "list",
            "report.unknown_list",
        )]));
    }
    let counting = Counting {
        from: start,
        to: end,
        list: (!list.is_empty()).then(|| list.to_string()),
    };
    let (threshold, protected) = threshold_for(
        filter,
        admin,
        store.report_threshold(forum.series_id.0).await?,
    );
    refuse_filters_when_protected(filter, protected)?;
    let data = forum_facts(store, forum, &counting).await?;
    let mut one_forum = [forum.summary.clone()];
    crate::features::forums::content::localise_forums(store, &mut one_forum, locale).await?;
    let labels = Labels {
        locale,
        groups: group_labels(store, forum.series_id, locale).await?,
        forums: vec![(forum.summary.id.0.to_string(), one_forum[0].title.clone())],
        lists: all_lists
            .iter()
            .map(|l| (l.key.clone(), l.name.clone()))
            .collect(),
    };
    let reserved: Vec<(String, i64)> = store
        .group_quotas(forum.summary.id)
        .await?
        .into_iter()
        .map(|(g, r, _)| (g.to_string(), r))
        .collect();
    let facts = &data.facts;
    // Every table of the report is protected together: a figure hidden in one is hidden in all.
    let joint = Joint::new(
        facts,
        &|dim| labels.order(dim),
        &FORUM_DIMS,
        &CROSSES,
        threshold,
    );
    let status_group = status_table(facts, Dim::Group, &labels, &joint);
    let balance = balance_table(&status_group, &reserved, &labels);
    let mut tables_out = vec![status_group];
    for dim in [Dim::Country, Dim::Gender, Dim::Age] {
        tables_out.push(status_table(facts, dim, &labels, &joint));
    }
    tables_out.push(cross_table(
        facts,
        Dim::Group,
        Dim::Country,
        &labels,
        &joint,
    ));
    tables_out.push(cross_table(facts, Dim::Group, Dim::Gender, &labels, &joint));
    tables_out.push(lists_table(&data.lists, &labels, threshold));
    tables_out.push(balance);
    let ended = forum.summary.ends_on < crate::clock::now().with_timezone(&zone).date_naive();
    Ok(Report {
        scope: ReportScope::Forum {
            slug: forum.summary.slug.clone(),
        },
        title: one_forum[0].title.clone(),
        period: period(
            locale,
            from.unwrap_or(forum.summary.starts_on)
                .max(forum.summary.starts_on),
            to.unwrap_or(forum.summary.ends_on)
                .min(forum.summary.ends_on),
        ),
        threshold,
        protected,
        can_unprotect: admin,
        filter: filter.clone(),
        lists: labels.lists.clone(),
        forums: Vec::new(),
        frozen_at: data.frozen_at,
        frozen_forums: i64::from(data.frozen_at.is_some()),
        can_freeze: ended,
        can_configure: false,
        headline: headline(facts, &joint, locale),
        tables: tables_out,
    })
}

/// The report of a whole series (or one of its forums, as the filter says).
pub async fn series_report(
    state: &AppState,
    series: &crate::store::records::SeriesRecord,
    forums: &[ForumRecord],
    filter: &ReportFilter,
    admin: bool,
    locale: Locale,
) -> Result<Report, AppError> {
    let store = state.store.as_ref();
    let (from, to) = dates(filter)?;
    let wanted = filter.forum.trim();
    if !wanted.is_empty() && !forums.iter().any(|f| f.summary.slug == wanted) {
        return Err(AppError::Invalid(vec![FieldError::new(
            "forum",
            "report.unknown_forum",
        )]));
    }
    let (threshold, protected) =
        threshold_for(filter, admin, store.report_threshold(series.id.0).await?);
    refuse_filters_when_protected(filter, protected)?;
    let mut summaries: Vec<_> = forums.iter().map(|f| f.summary.clone()).collect();
    crate::features::forums::content::localise_forums(store, &mut summaries, locale).await?;
    // Forums in the date range (any of their days), and the one the filter names.
    let chosen: Vec<&ForumRecord> = forums
        .iter()
        .filter(|f| wanted.is_empty() || f.summary.slug == wanted)
        .filter(|f| from.is_none_or(|d| f.summary.ends_on >= d))
        .filter(|f| to.is_none_or(|d| f.summary.starts_on <= d))
        .collect();
    let mut facts = Vec::new();
    let mut per_forum: Vec<(i64, Vec<Fact>)> = Vec::new();
    let mut frozen = 0;
    let mut people: Vec<(String, i64)> = Vec::new();
    for forum in &chosen {
        let zone = crate::features::forums::time::parse_zone(&forum.summary.time_zone);
        let (start, end) = tables::day_bounds(from, to, zone);
        let counting = Counting {
            from: start,
            to: end,
            list: None,
        };
        let data = forum_facts(store, forum, &counting).await?;
        frozen += i64::from(data.frozen_at.is_some());
        per_forum.push((forum.summary.id.0, data.facts.clone()));
        facts.extend(data.facts);
        // People are matched by email while it is kept; erased registrations count once each.
        let check_ins = store.report_check_ins(forum.summary.id).await?;
        let present = tables::attendees(&check_ins, &counting);
        let emails = store.report_emails(forum.summary.id).await?;
        let id = forum.summary.id.0;
        let known: std::collections::HashSet<i64> = emails.iter().map(|e| e.0).collect();
        people.extend(
            emails
                .into_iter()
                .filter(|(r, _)| present.contains(r))
                .map(|(_, email)| (email, id)),
        );
        people.extend(
            present
                .iter()
                .filter(|r| !known.contains(r))
                .map(|r| (format!("erased:{r}"), id)),
        );
    }
    let labels = Labels {
        locale,
        groups: group_labels(store, series.id, locale).await?,
        forums: chosen
            .iter()
            .map(|f| {
                let title = summaries
                    .iter()
                    .find(|s| s.id == f.summary.id)
                    .map_or_else(|| f.summary.title.clone(), |s| s.title.clone());
                (f.summary.id.0.to_string(), title)
            })
            .collect(),
        lists: Vec::new(),
    };
    // The series' figures are sums of its forums' figures, protected so that none minus the
    // forums' shown ones gives a hidden one back (`Joint::series`).
    let order = |dim| labels.order(dim);
    let joint = Joint::series(&per_forum, &order, &FORUM_DIMS, &CROSSES, threshold);
    let mut tables_out = vec![status_table(&facts, Dim::Forum, &labels, &joint)];
    for dim in [Dim::Group, Dim::Country, Dim::Gender, Dim::Age] {
        tables_out.push(status_table(&facts, dim, &labels, &joint));
    }
    tables_out.push(cross_table(
        &facts,
        Dim::Group,
        Dim::Country,
        &labels,
        &joint,
    ));
    tables_out.push(cross_table(
        &facts,
        Dim::Group,
        Dim::Gender,
        &labels,
        &joint,
    ));
    let (distinct, returning) = tables::distinct_and_returning(&people);
    let mut top = headline(&facts, &joint, locale);
    top.push((
        locale.t("report.distinct"),
        locale.t("report.def.distinct"),
        one(distinct, threshold),
    ));
    top.push((
        locale.t("report.returning"),
        locale.t("report.def.returning"),
        one(returning, threshold),
    ));
    let first = chosen.iter().map(|f| f.summary.starts_on).min();
    let last = chosen.iter().map(|f| f.summary.ends_on).max();
    let period_text = match (first, last) {
        (Some(a), Some(b)) => period(
            locale,
            from.map_or(a, |d| d.max(a)),
            to.map_or(b, |d| d.min(b)),
        ),
        _ => locale.t("report.no_forums"),
    };
    Ok(Report {
        scope: ReportScope::Series { id: series.id.0 },
        title: series.title.clone(),
        period: period_text,
        threshold,
        protected,
        can_unprotect: admin,
        filter: filter.clone(),
        lists: Vec::new(),
        forums: forums
            .iter()
            .map(|f| {
                let title = summaries
                    .iter()
                    .find(|s| s.id == f.summary.id)
                    .map_or_else(|| f.summary.title.clone(), |s| s.title.clone());
                (f.summary.slug.clone(), title)
            })
            .collect(),
        frozen_at: None,
        frozen_forums: frozen,
        can_freeze: false,
        can_configure: false,
        headline: top,
        tables: tables_out,
    })
}
