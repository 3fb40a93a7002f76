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
        Joint {
            threshold,
            cells: protect_jointly(&Self::parts(facts, order, dims, crosses), threshold),
        }
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

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
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
