//! One report's tables protected together. The same figure appears in several tables: the
//! confirmed registrations of a group are a cell of the status table by group, the attended of
//! a country are a cell of the status table by country and a total of every crossing by
//! country, the report's totals are totals of every table. Protected table by table, a figure
//! hidden in one could be shown in another, or a companion hidden here be shown there. So every
//! figure gets a name (what it counts), the tables' sums are joined over the named figures, and
//! the rule of `suppress.rs` runs once over all of them: a figure hidden anywhere is hidden
//! everywhere it appears, and no hidden figure follows from what any table of the report shows.

use super::suppress::{protect, Cell, Sum};
use super::tables::{cross_grid, status_grid, Dim, Fact, Grid, Protected};
use std::collections::HashMap;

fn dim_name(dim: Dim) -> &'static str {
    match dim {
        Dim::Forum => "forum",
        Dim::Group => "group",
        Dim::Country => "country",
        Dim::Gender => "gender",
        Dim::Age => "age",
    }
}

/// The names of a status grid's figures, in the order `Grid::figures` gives them.
pub fn status_keys(grid: &Grid, dim: Dim) -> Vec<String> {
    let d = dim_name(dim);
    let mut keys = Vec::new();
    for row in &grid.rows {
        for col in &grid.cols {
            keys.push(format!("{d}={row}|{col}"));
        }
    }
    for row in &grid.rows {
        keys.push(format!("{d}={row}|registered"));
    }
    for col in &grid.cols {
        keys.push(format!("*|{col}"));
    }
    keys.push("*|registered".to_string());
    keys
}

/// The names of a crossing's figures (attendees by `a` and `b`); its margins are the attended
/// figures of the status tables, its grand total the report's attendees.
pub fn cross_keys(grid: &Grid, a: Dim, b: Dim) -> Vec<String> {
    let (da, db) = (dim_name(a), dim_name(b));
    let mut keys = Vec::new();
    for row in &grid.rows {
        for col in &grid.cols {
            let (x, y) = (format!("{da}={row}"), format!("{db}={col}"));
            let (first, second) = if da <= db { (x, y) } else { (y, x) };
            keys.push(format!("{first}&{second}|attended"));
        }
    }
    for row in &grid.rows {
        keys.push(format!("{da}={row}|attended"));
    }
    for col in &grid.cols {
        keys.push(format!("{db}={col}|attended"));
    }
    keys.push("*|attended".to_string());
    keys
}

/// One system of figures from several tables: a name that occurs in several tables is one
/// figure; every table's sums are kept, over the joined figures. Answers the figures, the sums
/// and each figure's name.
pub fn join(parts: &[(Vec<i64>, Vec<Sum>, Vec<String>)]) -> (Vec<i64>, Vec<Sum>, Vec<String>) {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut values = Vec::new();
    let mut sums = Vec::new();
    for (v, local_sums, keys) in parts {
        let global: Vec<usize> = keys
            .iter()
            .zip(v)
            .map(|(k, &value)| {
                *index.entry(k.as_str()).or_insert_with(|| {
                    values.push(value);
                    values.len() - 1
                })
            })
            .collect();
        for s in local_sums {
            sums.push(Sum {
                total: global[s.total],
                parts: s.parts.iter().map(|&p| global[p]).collect(),
            });
        }
    }
    let mut names = vec![String::new(); values.len()];
    for (k, i) in index {
        names[i] = k.to_string();
    }
    (values, sums, names)
}

/// Protects named figures together (see `join`): the cell of every name.
pub fn protect_jointly(
    parts: &[(Vec<i64>, Vec<Sum>, Vec<String>)],
    threshold: i64,
) -> HashMap<String, Cell> {
    let (values, sums, names) = join(parts);
    let cells = protect(&values, &sums, threshold);
    names.into_iter().zip(cells).collect()
}

/// The protected figures of one report.
pub struct Joint {
    pub threshold: i64,
    cells: HashMap<String, Cell>,
}

impl Joint {
    /// Protects together the status tables of `dims` and the crossings `crosses` of `facts`;
    /// `order(dim)` is the rows' order, as the tables show them.
    pub fn new(
        facts: &[Fact],
        order: &dyn Fn(Dim) -> Vec<String>,
        dims: &[Dim],
        crosses: &[(Dim, Dim)],
        threshold: i64,
    ) -> Self {
        let parts = Self::parts(facts, order, dims, crosses);
        Joint {
            threshold,
            cells: protect_jointly(&parts, threshold),
        }
    }

    /// A series report over `forums` (each forum's id and facts): its tables are those of a
    /// forum report with "forum" in front, and every series figure is the sum of the same figure
    /// of each forum (a row of the table by forum is that forum's total). Built from the forums'
    /// protected figures: a series figure is shown only when every forum figure it adds up is
    /// shown in that forum's report, so the series report tells nothing the forums' reports do
    /// not, and nothing is subtracted from one to find what another hides.
    pub fn series(
        forums: &[(i64, Vec<Fact>)],
        order: &dyn Fn(Dim) -> Vec<String>,
        forum_dims: &[Dim],
        crosses: &[(Dim, Dim)],
        threshold: i64,
    ) -> Self {
        let joints: Vec<(String, Joint)> = forums
            .iter()
            .map(|(id, f)| {
                (
                    id.to_string(),
                    Joint::new(f, order, forum_dims, crosses, threshold),
                )
            })
            .collect();
        let hidden_in_a_forum = |name: &str| {
            if let Some(rest) = name.strip_prefix("forum=") {
                let (id, column) = rest.split_once('|').unwrap_or((rest, ""));
                return joints
                    .iter()
                    .find(|(f, _)| f == id)
                    .is_some_and(|(_, j)| j.hides(&format!("*|{column}")));
            }
            joints.iter().any(|(_, j)| j.hides(name))
        };
        let facts: Vec<Fact> = forums.iter().flat_map(|(_, f)| f.iter().cloned()).collect();
        let mut dims = vec![Dim::Forum];
        dims.extend_from_slice(forum_dims);
        let (values, _, names) = join(&Self::parts(&facts, order, &dims, crosses));
        let cells = names
            .into_iter()
            .zip(values)
            .map(|(name, value)| {
                let cell = match alone(value, threshold) {
                    Cell::Shown(_) if threshold > 1 && hidden_in_a_forum(&name) => Cell::Hidden,
                    cell => cell,
                };
                (name, cell)
            })
            .collect();
        Joint { threshold, cells }
    }

    /// Whether the figure named `key` is not shown.
    pub fn hides(&self, key: &str) -> bool {
        self.cell(key).is_some_and(|c| c.shown().is_none())
    }

    /// Each table's figures, sums and names.
    pub fn parts(
        facts: &[Fact],
        order: &dyn Fn(Dim) -> Vec<String>,
        dims: &[Dim],
        crosses: &[(Dim, Dim)],
    ) -> Vec<(Vec<i64>, Vec<Sum>, Vec<String>)> {
        let mut parts = Vec::new();
        for &dim in dims {
            let grid = status_grid(facts, dim, &order(dim));
            let (v, sums) = grid.figures();
            parts.push((v, sums, status_keys(&grid, dim)));
        }
        for &(a, b) in crosses {
            let grid = cross_grid(facts, (a, &order(a)), (b, &order(b)));
            let (v, sums) = grid.figures();
            parts.push((v, sums, cross_keys(&grid, a, b)));
        }
        parts
    }

    /// A grid's figures as the joint protection left them (a figure it does not know is
    /// protected on its own, as `one` would).
    pub fn protected(&self, grid: &Grid, keys: &[String]) -> Protected {
        let (v, _) = grid.figures();
        let cells = keys
            .iter()
            .zip(v)
            .map(|(k, value)| self.cell(k).unwrap_or_else(|| alone(value, self.threshold)))
            .collect();
        grid.layout(cells)
    }

    /// The figure named `key`, if the report holds it.
    pub fn cell(&self, key: &str) -> Option<Cell> {
        self.cells.get(key).copied()
    }

    /// The report's total of a status column (`confirmed`, `attended`...) or `registered`.
    pub fn total(&self, column: &str, value: i64) -> Cell {
        self.cell(&format!("*|{column}"))
            .unwrap_or_else(|| alone(value, self.threshold))
    }
}

fn alone(value: i64, threshold: i64) -> Cell {
    if value > 0 && value < threshold {
        Cell::Small
    } else {
        Cell::Shown(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::reports::suppress::check::recoverable;
    use proptest::prelude::*;

    const GROUPS: [&str; 3] = ["1", "2", "3"];
    const COUNTRIES: [&str; 3] = ["AL", "RS", "MK"];
    const GENDERS: [&str; 2] = ["woman", "man"];
    const STATUS: [&str; 3] = ["confirmed", "waiting", "cancelled"];

    fn order(dim: Dim) -> Vec<String> {
        let v: &[&str] = match dim {
            Dim::Group => &GROUPS,
            Dim::Country => &COUNTRIES,
            Dim::Gender => &GENDERS,
            _ => &[],
        };
        v.iter().map(|s| s.to_string()).collect()
    }

    fn facts(seed: &[(usize, usize, usize, usize, bool)]) -> Vec<Fact> {
        seed.iter()
            .map(|&(g, c, s, st, attended)| Fact {
                forum: 1,
                group: GROUPS[g].parse().expect("id"),
                country: COUNTRIES[c].to_string(),
                gender: GENDERS[s].to_string(),
                age_band: String::new(),
                status: STATUS[st].to_string(),
                attended: attended && st == 0,
                count: 1,
            })
            .collect()
    }

    const DIMS: [Dim; 3] = [Dim::Group, Dim::Country, Dim::Gender];
    const CROSSES: [(Dim, Dim); 2] = [(Dim::Group, Dim::Country), (Dim::Group, Dim::Gender)];
    /// The pair test's reports: fewer tables, so the independent check stays quick.
    const PAIR_DIMS: [Dim; 2] = [Dim::Group, Dim::Country];
    const PAIR_CROSSES: [(Dim, Dim); 1] = [(Dim::Group, Dim::Country)];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, max_shrink_iters: 64, ..ProptestConfig::default() })]
        #[test]
        fn no_figure_hidden_in_one_table_is_shown_or_derivable_from_the_others(
            seed in proptest::collection::vec((0usize..3, 0usize..3, 0usize..2, 0usize..3, any::<bool>()), 0..40),
            threshold in 2i64..6,
        ) {
            let facts = facts(&seed);
            let parts = Joint::parts(&facts, &order, &DIMS, &CROSSES);
            let joint = Joint::new(&facts, &order, &DIMS, &CROSSES, threshold);
            // One figure, one cell: every table shows a name's figure the same way.
            let mut seen: HashMap<String, Cell> = HashMap::new();
            for &dim in &DIMS {
                let grid = status_grid(&facts, dim, &order(dim));
                let keys = status_keys(&grid, dim);
                let p = joint.protected(&grid, &keys);
                let (v, _) = grid.figures();
                let flat: Vec<Cell> = p.cells.iter().flatten().copied()
                    .chain(p.row_totals.into_iter().flatten())
                    .chain(p.col_totals.into_iter().flatten())
                    .chain(p.grand)
                    .collect();
                for ((k, cell), value) in keys.iter().zip(&flat).zip(&v) {
                    if let Cell::Shown(x) = cell { prop_assert_eq!(*x, *value); }
                    if let Some(before) = seen.insert(k.clone(), *cell) {
                        prop_assert_eq!(before, *cell, "{} differs between tables", k);
                    }
                }
            }
            // Over the whole report (every table's sums together), no hidden figure follows
            // from the shown ones, by an independent check.
            let (values, sums, names) = join(&parts);
            let cells: Vec<Cell> = names.iter().map(|n| joint.cell(n).expect("named")).collect();
            for i in 0..values.len() {
                match cells[i] {
                    Cell::Shown(x) => prop_assert!(x == 0 || x >= threshold),
                    _ => prop_assert!(!recoverable(&cells, &sums, i), "{} of {:?}", names[i], values),
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 12, max_shrink_iters: 32, ..ProptestConfig::default() })]
        /// Every report one reader can get (each forum's, the series') and the sums that tie
        /// them (a series figure is the sum of its forums'): no hidden figure of any of them
        /// follows from what all of them show, by an independent check.
        #[test]
        fn no_pair_of_reports_gives_a_hidden_figure_back(
            seed in proptest::collection::vec((1i64..3, 0usize..3, 0usize..3, 0usize..2, 0usize..3, any::<bool>()), 0..20),
            threshold in 2i64..6,
        ) {
            let mut per_forum: Vec<(i64, Vec<Fact>)> = (1..3).map(|id| (id, Vec::new())).collect();
            for &(forum, g, c, s, st, att) in &seed {
                let mut fact = facts(&[(g, c, s, st, att)]).remove(0);
                fact.forum = forum;
                per_forum[(forum - 1) as usize].1.push(fact);
            }
            let all: Vec<Fact> = per_forum.iter().flat_map(|(_, f)| f.clone()).collect();
            let forum_order = |dim: Dim| if dim == Dim::Forum { vec!["1".into(), "2".into()] } else { order(dim) };
            let series = Joint::series(&per_forum, &forum_order, &PAIR_DIMS, &PAIR_CROSSES, threshold);
            let mut parts = Vec::new();
            let mut cells_of: Vec<(String, Joint)> = Vec::new();
            for (id, f) in &per_forum {
                let prefix = format!("f{id}:");
                for (v, sums, keys) in Joint::parts(f, &order, &PAIR_DIMS, &PAIR_CROSSES) {
                    parts.push((v, sums, keys.iter().map(|k| format!("{prefix}{k}")).collect::<Vec<_>>()));
                }
                cells_of.push((prefix, Joint::new(f, &order, &PAIR_DIMS, &PAIR_CROSSES, threshold)));
            }
            let mut series_dims = vec![Dim::Forum];
            series_dims.extend(PAIR_DIMS);
            for (v, sums, keys) in Joint::parts(&all, &forum_order, &series_dims, &PAIR_CROSSES) {
                parts.push((v, sums, keys.iter().map(|k| format!("s:{k}")).collect::<Vec<_>>()));
            }
            let (values, mut sums, names) = join(&parts);
            let at = |n: &str| names.iter().position(|x| x == n);
            // The ties between the reports.
            for (i, name) in names.iter().enumerate() {
                let Some(key) = name.strip_prefix("s:") else { continue };
                let members: Vec<usize> = match key.strip_prefix("forum=") {
                    Some(rest) => {
                        let (id, column) = rest.split_once('|').expect("column");
                        at(&format!("f{id}:*|{column}")).into_iter().collect()
                    }
                    None => (1..3).filter_map(|id| at(&format!("f{id}:{key}"))).collect(),
                };
                let total: i64 = members.iter().map(|&m| values[m]).sum();
                prop_assert_eq!(total, values[i], "{} is the sum of its forums'", name);
                sums.push(Sum { total: i, parts: members });
            }
            let cells: Vec<Cell> = names.iter().map(|n| match n.strip_prefix("s:") {
                Some(key) => series.cell(key).expect("series figure"),
                None => {
                    let (prefix, joint) = cells_of.iter().find(|(p, _)| n.starts_with(p.as_str())).expect("forum");
                    joint.cell(&n[prefix.len()..]).expect("forum figure")
                }
            }).collect();
            for i in 0..values.len() {
                if cells[i].shown().is_none() {
                    prop_assert!(!recoverable(&cells, &sums, i), "{} can be worked out", names[i]);
                }
            }
        }
    }

    #[test]
    fn a_figure_shared_by_two_tables_is_protected_once_for_both() {
        // Two attendees from Serbia in group 1, twenty elsewhere: the country's attended figure
        // (2) is a cell of the status table by country and a margin of the crossing.
        let mut seed = vec![(0, 1, 0, 0, true), (0, 1, 1, 0, true)];
        seed.extend((0..20).map(|i| (i % 3, 0, i % 2, 0, true)));
        let facts = facts(&seed);
        let joint = Joint::new(&facts, &order, &DIMS, &CROSSES, 5);
        assert_eq!(joint.cell("country=RS|attended"), Some(Cell::Small));
        let cross = cross_grid(
            &facts,
            (Dim::Group, &order(Dim::Group)),
            (Dim::Country, &order(Dim::Country)),
        );
        let p = joint.protected(&cross, &cross_keys(&cross, Dim::Group, Dim::Country));
        let rs = order(Dim::Country)
            .iter()
            .position(|c| c == "RS")
            .expect("RS");
        assert_eq!(
            p.col_totals.expect("margins")[rs],
            Cell::Small,
            "the same figure, the same cell"
        );
    }
}
