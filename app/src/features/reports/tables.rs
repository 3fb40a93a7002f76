//! The report's arithmetic, without I/O: anonymous facts (how many registrations share a forum,
//! group, country, gender, age band, status and attendance) become count tables, and count
//! tables become protected ones. The same facts come from the live rows or from a forum's
//! frozen snapshot.

use super::suppress::{protect, Cell, Sum};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::{BTreeMap, HashSet};

/// How many registrations share these attributes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fact {
    pub forum: i64,
    pub group: i64,
    pub country: String,
    pub gender: String,
    pub age_band: String,
    pub status: String,
    pub attended: bool,
    pub count: i64,
}

/// One check-in list's figures: its key, expected (picks, sessions only) and attended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListFigures {
    pub key: String,
    pub expected: Option<i64>,
    pub attended: i64,
}

/// One registration as the report reads it (no name, no email: those never enter a report).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub id: i64,
    pub forum: i64,
    pub group: i64,
    pub country: String,
    pub gender: String,
    pub age_band: String,
    pub status: String,
}

/// One check-in: registration, list, when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckIn {
    pub registration: i64,
    pub list: String,
    pub at: DateTime<Utc>,
}

/// Which check-ins count as attending: those in `[from, to)` and, when set, on `list`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counting {
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub list: Option<String>,
}

impl Counting {
    pub fn counts(&self, c: &CheckIn) -> bool {
        self.from.is_none_or(|f| c.at >= f)
            && self.to.is_none_or(|t| c.at < t)
            && self.list.as_ref().is_none_or(|l| *l == c.list)
    }
}

/// The registrations who attended (checked in at least once, as `counting` says).
pub fn attendees(check_ins: &[CheckIn], counting: &Counting) -> HashSet<i64> {
    check_ins
        .iter()
        .filter(|c| counting.counts(c))
        .map(|c| c.registration)
        .collect()
}

/// Facts from rows and check-ins.
pub fn facts(rows: &[Row], check_ins: &[CheckIn], counting: &Counting) -> Vec<Fact> {
    let present = attendees(check_ins, counting);
    let mut counts: BTreeMap<Fact, i64> = BTreeMap::new();
    for r in rows {
        let key = Fact {
            forum: r.forum,
            group: r.group,
            country: r.country.clone(),
            gender: r.gender.clone(),
            age_band: r.age_band.clone(),
            status: r.status.clone(),
            attended: present.contains(&r.id),
            count: 0,
        };
        *counts.entry(key).or_default() += 1;
    }
    counts
        .into_iter()
        .map(|(mut f, n)| {
            f.count = n;
            f
        })
        .collect()
}

/// Attended per list: distinct registrations checked in on each list within the dates.
pub fn list_attendance(check_ins: &[CheckIn], counting: &Counting) -> BTreeMap<String, i64> {
    let mut seen: HashSet<(&str, i64)> = HashSet::new();
    let mut out: BTreeMap<String, i64> = BTreeMap::new();
    let dates = Counting {
        list: None,
        ..counting.clone()
    };
    for c in check_ins.iter().filter(|c| dates.counts(c)) {
        if seen.insert((c.list.as_str(), c.registration)) {
            *out.entry(c.list.clone()).or_default() += 1;
        }
    }
    out
}

/// A dimension of the facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dim {
    Forum,
    Group,
    Country,
    Gender,
    Age,
}

impl Dim {
    pub fn key(self, f: &Fact) -> String {
        match self {
            Dim::Forum => f.forum.to_string(),
            Dim::Group => f.group.to_string(),
            Dim::Country => f.country.clone(),
            Dim::Gender => f.gender.clone(),
            Dim::Age => f.age_band.clone(),
        }
    }
}

/// The status columns: they partition the registrations, so they add up to "registered".
pub const STATUSES: [&str; 5] = ["confirmed", "waiting", "pending", "cancelled", "rejected"];

/// A table of counts and which of its lines add up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    pub rows: Vec<String>,
    pub cols: Vec<String>,
    pub values: Vec<Vec<i64>>,
    /// The first `n` columns add up to a row total.
    pub row_total_of: Option<usize>,
    /// Columns add up to column totals.
    pub col_totals: bool,
}

/// The row keys: `order` first, then any other key the facts hold.
fn row_keys(facts: &[Fact], dim: Dim, order: &[String]) -> Vec<String> {
    let mut keys: Vec<String> = order.to_vec();
    for f in facts {
        let k = dim.key(f);
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    keys
}

/// Registrations by status and attended, per value of `dim`.
pub fn status_grid(facts: &[Fact], dim: Dim, order: &[String]) -> Grid {
    let rows = row_keys(facts, dim, order);
    let mut cols: Vec<String> = STATUSES.iter().map(|s| s.to_string()).collect();
    cols.push("attended".into());
    let mut values = vec![vec![0; cols.len()]; rows.len()];
    for f in facts {
        let r = rows.iter().position(|k| *k == dim.key(f)).unwrap_or(0);
        if let Some(c) = STATUSES.iter().position(|s| *s == f.status) {
            values[r][c] += f.count;
        }
        if f.attended {
            values[r][STATUSES.len()] += f.count;
        }
    }
    Grid {
        rows,
        cols,
        values,
        row_total_of: Some(STATUSES.len()),
        col_totals: true,
    }
}

/// Attendees crossed by two dimensions.
pub fn cross_grid(facts: &[Fact], a: (Dim, &[String]), b: (Dim, &[String])) -> Grid {
    let present: Vec<Fact> = facts.iter().filter(|f| f.attended).cloned().collect();
    let rows = row_keys(&present, a.0, a.1);
    let cols = row_keys(&present, b.0, b.1);
    let mut values = vec![vec![0; cols.len()]; rows.len()];
    for f in &present {
        let r = rows.iter().position(|k| *k == a.0.key(f)).unwrap_or(0);
        let c = cols.iter().position(|k| *k == b.0.key(f)).unwrap_or(0);
        values[r][c] += f.count;
    }
    let width = cols.len();
    Grid {
        rows,
        cols,
        values,
        row_total_of: Some(width),
        col_totals: true,
    }
}

/// Expected and attended per list (lists overlap: nothing adds up).
pub fn lists_grid(lists: &[ListFigures]) -> Grid {
    Grid {
        rows: lists.iter().map(|l| l.key.clone()).collect(),
        cols: vec!["expected".into(), "attended".into()],
        values: lists
            .iter()
            .map(|l| vec![l.expected.unwrap_or(0), l.attended])
            .collect(),
        row_total_of: None,
        col_totals: false,
    }
}

/// A grid's figures after protection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Protected {
    pub cells: Vec<Vec<Cell>>,
    pub row_totals: Option<Vec<Cell>>,
    pub col_totals: Option<Vec<Cell>>,
    pub grand: Option<Cell>,
}

impl Grid {
    /// The figures in one list (cells row by row, row totals, column totals, grand total)
    /// and the sums that tie them.
    pub fn figures(&self) -> (Vec<i64>, Vec<Sum>) {
        let (r, c) = (self.rows.len(), self.cols.len());
        let mut v: Vec<i64> = self.values.iter().flatten().copied().collect();
        let mut sums = Vec::new();
        let cell = |i: usize, j: usize| i * c + j;
        let row_total = self.row_total_of.map(|n| {
            let start = v.len();
            for row in &self.values {
                v.push(row[..n].iter().sum());
            }
            for i in 0..r {
                sums.push(Sum {
                    total: start + i,
                    parts: (0..n).map(|j| cell(i, j)).collect(),
                });
            }
            start
        });
        let col_total = self.col_totals.then(|| {
            let start = v.len();
            for j in 0..c {
                v.push(self.values.iter().map(|row| row[j]).sum());
                sums.push(Sum {
                    total: start + j,
                    parts: (0..r).map(|i| cell(i, j)).collect(),
                });
            }
            start
        });
        if let (Some(rt), Some(ct), Some(n)) = (row_total, col_total, self.row_total_of) {
            let grand = v.len();
            v.push(
                self.values
                    .iter()
                    .map(|row| row[..n].iter().sum::<i64>())
                    .sum(),
            );
            sums.push(Sum {
                total: grand,
                parts: (0..r).map(|i| rt + i).collect(),
            });
            sums.push(Sum {
                total: grand,
                parts: (0..n).map(|j| ct + j).collect(),
            });
        }
        (v, sums)
    }

    /// Protects the grid alone with `threshold` (1 or less: nothing hidden).
    pub fn protect(&self, threshold: i64) -> Protected {
        let (v, sums) = self.figures();
        self.layout(protect(&v, &sums, threshold))
    }

    /// Lays out protected figures in the order `figures` gives them.
    pub fn layout(&self, cells: Vec<Cell>) -> Protected {
        let (r, c) = (self.rows.len(), self.cols.len());
        let mut at = r * c;
        let mut take = |n: usize| {
            let out = cells[at..at + n].to_vec();
            at += n;
            out
        };
        let grid_cells: Vec<Vec<Cell>> =
            (0..r).map(|i| cells[i * c..(i + 1) * c].to_vec()).collect();
        let row_totals = self.row_total_of.map(|_| take(r));
        let col_totals = self.col_totals.then(|| take(c));
        let grand = (self.row_total_of.is_some() && self.col_totals).then(|| take(1)[0]);
        Protected {
            cells: grid_cells,
            row_totals,
            col_totals,
            grand,
        }
    }
}

/// Series figures over the registrations of several forums: distinct people who attended
/// (matched by normalised email) and those who attended more than one forum.
pub fn distinct_and_returning(attended: &[(String, i64)]) -> (i64, i64) {
    let mut forums: BTreeMap<String, HashSet<i64>> = BTreeMap::new();
    for (email, forum) in attended {
        forums
            .entry(normalise_email(email))
            .or_default()
            .insert(*forum);
    }
    let returning = forums.values().filter(|f| f.len() > 1).count() as i64;
    (forums.len() as i64, returning)
}

pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// `[from, to]` local days as UTC instants `[start of from, start of the day after to)` in `zone`.
pub fn day_bounds(
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    zone: chrono_tz::Tz,
) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
    use chrono::TimeZone;
    let start = |d: NaiveDate| {
        zone.from_local_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default())
            .earliest()
            .map(|t| t.with_timezone(&Utc))
    };
    (
        from.and_then(start),
        to.and_then(|d| d.succ_opt()).and_then(start),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, group: i64, country: &str, gender: &str, status: &str) -> Row {
        Row {
            id,
            forum: 1,
            group,
            country: country.into(),
            gender: gender.into(),
            age_band: "18-29".into(),
            status: status.into(),
        }
    }

    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        use chrono::TimeZone;
        Utc.with_ymd_and_hms(2027, 3, day, hour, 0, 0)
            .single()
            .expect("time")
    }

    #[test]
    fn facts_count_attendance_once_per_person_within_the_dates_and_list() {
        let rows = vec![
            row(1, 10, "RS", "woman", "confirmed"),
            row(2, 10, "RS", "woman", "confirmed"),
            row(3, 11, "AL", "man", "waiting"),
        ];
        let check_ins = vec![
            CheckIn {
                registration: 1,
                list: "entry".into(),
                at: at(12, 9),
            },
            CheckIn {
                registration: 1,
                list: "session-4".into(),
                at: at(12, 10),
            },
            CheckIn {
                registration: 2,
                list: "entry".into(),
                at: at(13, 9),
            },
        ];
        let all = facts(&rows, &check_ins, &Counting::default());
        let attended: i64 = all.iter().filter(|f| f.attended).map(|f| f.count).sum();
        assert_eq!(attended, 2);
        let first_day = Counting {
            from: Some(at(12, 0)),
            to: Some(at(13, 0)),
            list: None,
        };
        let day: i64 = facts(&rows, &check_ins, &first_day)
            .iter()
            .filter(|f| f.attended)
            .map(|f| f.count)
            .sum();
        assert_eq!(day, 1);
        let session = Counting {
            list: Some("session-4".into()),
            ..Default::default()
        };
        assert_eq!(attendees(&check_ins, &session).len(), 1);
        let lists = list_attendance(&check_ins, &Counting::default());
        assert_eq!(lists.get("entry"), Some(&2));
        assert_eq!(lists.get("session-4"), Some(&1));
    }

    #[test]
    fn a_status_grid_adds_up_and_keeps_its_row_order() {
        let rows: Vec<Row> = (0..7)
            .map(|i| {
                row(
                    i,
                    if i < 5 { 10 } else { 11 },
                    "RS",
                    "man",
                    if i == 6 { "cancelled" } else { "confirmed" },
                )
            })
            .collect();
        let check_ins: Vec<CheckIn> = (0..4)
            .map(|i| CheckIn {
                registration: i,
                list: "entry".into(),
                at: at(12, 9),
            })
            .collect();
        let f = facts(&rows, &check_ins, &Counting::default());
        let grid = status_grid(&f, Dim::Group, &["11".into(), "10".into(), "12".into()]);
        assert_eq!(grid.rows, vec!["11", "10", "12"]);
        assert_eq!(grid.values[1], vec![5, 0, 0, 0, 0, 4]);
        assert_eq!(grid.values[0], vec![1, 0, 0, 1, 0, 0]);
        let (v, sums) = grid.figures();
        for s in &sums {
            assert_eq!(v[s.total], s.parts.iter().map(|&p| v[p]).sum::<i64>());
        }
        let p = grid.protect(5);
        assert_eq!(p.cells[0][0], Cell::Small);
        assert_eq!(p.row_totals.as_ref().map(|t| t[0]), Some(Cell::Small));
        assert_eq!(p.grand, Some(Cell::Shown(7)));
        // What is shown is exact.
        for (i, row) in p.cells.iter().enumerate() {
            for (j, c) in row.iter().enumerate() {
                if let Cell::Shown(v) = c {
                    assert_eq!(*v, grid.values[i][j]);
                }
            }
        }
    }

    #[test]
    fn people_are_matched_across_forums_by_normalised_email() {
        let attended = vec![
            ("Ana@Example.org ".to_string(), 1),
            ("ana@example.org".to_string(), 2),
            ("ana@example.org".to_string(), 2),
            ("ben@example.org".to_string(), 1),
        ];
        assert_eq!(distinct_and_returning(&attended), (2, 1));
    }

    #[test]
    fn day_bounds_are_local_midnights() {
        let zone: chrono_tz::Tz = "Europe/Belgrade".parse().expect("zone");
        let d = NaiveDate::from_ymd_opt(2027, 3, 12);
        let (from, to) = day_bounds(d, d, zone);
        assert_eq!(from, Some(at(11, 23)));
        assert_eq!(to, Some(at(12, 23)));
    }
}
