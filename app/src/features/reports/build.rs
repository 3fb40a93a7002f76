//! The report's tables in the reader's language: count grids protected and labelled (group
//! names, countries, genders, age bands, lists), the balance of groups, the headline figures.

use super::joint::{cross_keys, status_keys, Joint};
use super::tables::{self, Dim, Fact, ListFigures, Protected, STATUSES};
use super::types::{Cell, Table};
use crate::features::forums::types::{country_key, COUNTRIES};
use crate::features::registration::types::{AGE_BANDS, GENDERS};
use crate::i18n::Locale;

/// Labels of the dimensions, in the reader's language.
pub struct Labels {
    pub locale: Locale,
    pub groups: Vec<(String, String)>,
    pub forums: Vec<(String, String)>,
    pub lists: Vec<(String, String)>,
}

impl Labels {
    pub fn order(&self, dim: Dim) -> Vec<String> {
        match dim {
            Dim::Group => self.groups.iter().map(|g| g.0.clone()).collect(),
            Dim::Forum => self.forums.iter().map(|g| g.0.clone()).collect(),
            Dim::Country => COUNTRIES.iter().map(|c| c.to_string()).collect(),
            Dim::Gender => GENDERS.iter().map(|c| c.to_string()).collect(),
            Dim::Age => AGE_BANDS.iter().map(|c| c.to_string()).collect(),
        }
    }

    fn label(&self, dim: Dim, key: &str) -> String {
        let l = self.locale;
        let find = |v: &[(String, String)]| v.iter().find(|(k, _)| k == key).map(|x| x.1.clone());
        match dim {
            Dim::Group => find(&self.groups).unwrap_or_else(|| key.to_string()),
            Dim::Forum => find(&self.forums).unwrap_or_else(|| key.to_string()),
            Dim::Country if COUNTRIES.contains(&key) => l.t(&country_key(key)),
            Dim::Country => l.t("country.other"),
            Dim::Gender if GENDERS.contains(&key) => l.t(&format!("register.gender.{key}")),
            Dim::Age if AGE_BANDS.contains(&key) => l.t(&format!("register.age.{key}")),
            Dim::Gender | Dim::Age => l.t("report.not_given"),
        }
    }

    fn list(&self, key: &str) -> String {
        self.lists
            .iter()
            .find(|(k, _)| k == key)
            .map(|x| x.1.clone())
            .unwrap_or_else(|| key.to_string())
    }

    fn dim_name(&self, dim: Dim) -> String {
        self.locale.t(match dim {
            Dim::Group => "register.group",
            Dim::Forum => "report.forum",
            Dim::Country => "register.country",
            Dim::Gender => "report.gender",
            Dim::Age => "report.age",
        })
    }

    fn dim_key(dim: Dim) -> &'static str {
        match dim {
            Dim::Group => "group",
            Dim::Forum => "forum",
            Dim::Country => "country",
            Dim::Gender => "gender",
            Dim::Age => "age",
        }
    }
}

/// What a table says about itself: key, title, definition, the rows' heading.
struct Meta {
    key: String,
    title: String,
    definition: String,
    row_head: String,
}

/// A labelled table from a grid's protected figures.
fn labelled(
    p: Protected,
    meta: Meta,
    rows: Vec<String>,
    cols: Vec<String>,
    locale: Locale,
) -> Table {
    Table {
        key: meta.key,
        title: meta.title,
        definition: meta.definition,
        row_head: meta.row_head,
        rows,
        cols,
        cells: p.cells,
        row_totals: p.row_totals.map(|t| (locale.t("report.col.registered"), t)),
        col_totals: p.col_totals,
        grand: p.grand,
    }
}

/// The status table by `dim`, its figures protected with the report's others (`joint`).
pub fn status_table(facts: &[Fact], dim: Dim, labels: &Labels, joint: &Joint) -> Table {
    let l = labels.locale;
    let grid = tables::status_grid(facts, dim, &labels.order(dim));
    let protected = joint.protected(&grid, &status_keys(&grid, dim));
    let rows = grid.rows.iter().map(|k| labels.label(dim, k)).collect();
    let cols = grid
        .cols
        .iter()
        .map(|c| l.t(&format!("report.col.{c}")))
        .collect();
    labelled(
        protected,
        Meta {
            key: format!("status_by_{}", Labels::dim_key(dim)),
            title: l.tf("report.status_by", &[("dimension", &labels.dim_name(dim))]),
            definition: l.t("report.def.status"),
            row_head: labels.dim_name(dim),
        },
        rows,
        cols,
        l,
    )
}

/// Attendees crossed by `a` and `b`, protected with the report's other tables (`joint`).
pub fn cross_table(facts: &[Fact], a: Dim, b: Dim, labels: &Labels, joint: &Joint) -> Table {
    let l = labels.locale;
    let (oa, ob) = (labels.order(a), labels.order(b));
    let grid = tables::cross_grid(facts, (a, &oa), (b, &ob));
    let protected = joint.protected(&grid, &cross_keys(&grid, a, b));
    let rows = grid.rows.iter().map(|k| labels.label(a, k)).collect();
    let cols = grid.cols.iter().map(|k| labels.label(b, k)).collect();
    let mut t = labelled(
        protected,
        Meta {
            key: format!("attended_{}_{}", Labels::dim_key(a), Labels::dim_key(b)),
            title: l.tf(
                "report.attended_by",
                &[("a", &labels.dim_name(a)), ("b", &labels.dim_name(b))],
            ),
            definition: l.t("report.def.attended"),
            row_head: labels.dim_name(a),
        },
        rows,
        cols,
        l,
    );
    t.row_totals = t.row_totals.map(|(_, v)| (l.t("report.col.total"), v));
    t
}

pub fn lists_table(lists: &[ListFigures], labels: &Labels, threshold: i64) -> Table {
    let l = labels.locale;
    let grid = tables::lists_grid(lists);
    let rows = grid.rows.iter().map(|k| labels.list(k)).collect();
    let mut t = labelled(
        grid.protect(threshold),
        Meta {
            key: "sessions".into(),
            title: l.t("report.sessions"),
            definition: l.t("report.def.sessions"),
            row_head: l.t("report.list"),
        },
        rows,
        vec![l.t("report.col.expected"), l.t("report.col.attended")],
        l,
    );
    // Entry and day lists have no picks: their "expected" is not a figure.
    for (i, list) in lists.iter().enumerate() {
        if list.expected.is_none() {
            t.cells[i][0] = Cell::Hidden;
        }
    }
    t
}

/// Balance: reserved seats per group beside confirmed and attended (protected as in the
/// status table, from which they are copied).
pub fn balance_table(status: &Table, reserved: &[(String, i64)], labels: &Labels) -> Table {
    let l = labels.locale;
    let order = labels.order(Dim::Group);
    let cells = status
        .cells
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let seats = order
                .get(i)
                .and_then(|k| reserved.iter().find(|(g, _)| g == k))
                .map_or(0, |r| r.1);
            vec![Cell::Shown(seats), row[0], row[STATUSES.len()]]
        })
        .collect();
    Table {
        key: "balance".into(),
        title: l.t("report.balance"),
        definition: l.t("report.def.balance"),
        row_head: l.t("register.group"),
        rows: status.rows.clone(),
        cols: vec![
            l.t("report.col.reserved"),
            l.t("report.col.confirmed"),
            l.t("report.col.attended"),
        ],
        cells,
        row_totals: None,
        col_totals: None,
        grand: None,
    }
}

pub fn one(value: i64, threshold: i64) -> Cell {
    if value > 0 && value < threshold {
        Cell::Small
    } else {
        Cell::Shown(value)
    }
}

/// The report's totals, as its tables show them (`joint`).
pub fn headline(facts: &[Fact], joint: &Joint, locale: Locale) -> Vec<(String, String, Cell)> {
    let sum = |p: &dyn Fn(&Fact) -> bool| facts.iter().filter(|f| p(f)).map(|f| f.count).sum();
    let registered: i64 = sum(&|_| true);
    let confirmed: i64 = sum(&|f| f.status == "confirmed");
    let attended: i64 = sum(&|f| f.attended);
    vec![
        (
            locale.t("report.col.registered"),
            locale.t("report.def.registered"),
            joint.total("registered", registered),
        ),
        (
            locale.t("report.col.confirmed"),
            locale.t("report.def.confirmed"),
            joint.total("confirmed", confirmed),
        ),
        (
            locale.t("report.col.attended"),
            locale.t("report.def.attended"),
            joint.total("attended", attended),
        ),
    ]
}
