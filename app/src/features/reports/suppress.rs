//! Small numbers protected. A figure between 1 and the threshold minus one identifies people
//! ("1 participant from the marginalised groups, Montenegro, 60+"), so it is shown as "<5"
//! (primary suppression). Because tables come with totals, hiding it alone is not enough: the
//! reader could subtract. So further figures are hidden (complementary suppression) until no
//! hidden figure is determined by the visible ones and the sums that tie them together, and no
//! sum with a visible figure hides only small ones (their known bounds, 1 to threshold − 1,
//! could pin them down: 8 = 4 + 4). Zeros are shown: they describe nobody.
//!
//! The rule knows nothing about reports: it takes figures and the sums among them
//! (`total = parts…`), so every table, margin and chart uses the same protection.

use serde::{Deserialize, Serialize};

/// A figure as a report shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cell {
    Shown(i64),
    /// Below the threshold: shown as "<{threshold}".
    Small,
    /// Hidden so that a small figure cannot be worked out: shown as "–".
    Hidden,
}

impl Cell {
    pub fn shown(self) -> Option<i64> {
        match self {
            Cell::Shown(v) => Some(v),
            _ => None,
        }
    }
}

/// `total` is the sum of `parts` (indices into the figures).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sum {
    pub total: usize,
    pub parts: Vec<usize>,
}

/// Protects `values` tied by `sums` with `threshold` (values in `1..threshold` are small).
/// A threshold of 1 or less protects nothing (an admin's internal view).
pub fn protect(values: &[i64], sums: &[Sum], threshold: i64) -> Vec<Cell> {
    let mut cells: Vec<Cell> = values
        .iter()
        .map(|&v| {
            if v > 0 && v < threshold {
                Cell::Small
            } else {
                Cell::Shown(v)
            }
        })
        .collect();
    if threshold <= 1 {
        return cells;
    }
    let margins: Vec<bool> = (0..values.len())
        .map(|i| sums.iter().any(|s| s.total == i))
        .collect();
    loop {
        let hidden: Vec<bool> = cells.iter().map(|c| c.shown().is_none()).collect();
        let known = determined(&hidden, sums);
        // Which sums need one more hidden figure: those holding a determined hidden figure,
        // or whose hidden figures are all small.
        let needy: Vec<&Sum> = sums
            .iter()
            .filter(|s| {
                let members: Vec<usize> = members(s).collect();
                let hidden_here: Vec<usize> =
                    members.iter().copied().filter(|&i| hidden[i]).collect();
                let visible_here = hidden_here.len() < members.len();
                !hidden_here.is_empty()
                    && (hidden_here.iter().any(|&i| known[i])
                        || (visible_here && hidden_here.iter().all(|&i| cells[i] == Cell::Small)))
            })
            .collect();
        let Some(pick) = needy
            .iter()
            .flat_map(|s| members(s))
            .filter(|&i| !hidden[i])
            .min_by_key(|&i| (margins[i], values[i] == 0, values[i], i))
        else {
            // A determined figure whose sums are all hidden already (its value follows from a
            // combination): widen to any visible figure that shares a sum with a hidden one.
            let Some(pick) = sums
                .iter()
                .filter(|s| members(s).any(|i| hidden[i] && known[i]))
                .flat_map(members)
                .filter(|&i| !hidden[i])
                .min_by_key(|&i| (margins[i], values[i] == 0, values[i], i))
            else {
                return cells;
            };
            cells[pick] = Cell::Hidden;
            continue;
        };
        cells[pick] = Cell::Hidden;
    }
}

fn members(s: &Sum) -> impl Iterator<Item = usize> + '_ {
    std::iter::once(s.total).chain(s.parts.iter().copied())
}

/// For each figure: whether it is hidden and yet fixed by the visible figures and the sums
/// (its unit vector lies in the row space of the sums restricted to hidden figures).
pub fn determined(hidden: &[bool], sums: &[Sum]) -> Vec<bool> {
    let columns: Vec<usize> = (0..hidden.len()).filter(|&i| hidden[i]).collect();
    let index = |i: usize| columns.iter().position(|&c| c == i);
    let mut rows: Vec<Vec<Q>> = Vec::new();
    for s in sums {
        let mut row = vec![Q::ZERO; columns.len()];
        let mut any = false;
        if let Some(c) = index(s.total) {
            row[c] = row[c].add(Q::ONE);
            any = true;
        }
        for &p in &s.parts {
            if let Some(c) = index(p) {
                row[c] = row[c].sub(Q::ONE);
                any = true;
            }
        }
        if any {
            rows.push(row);
        }
    }
    let reduced = rref(rows, columns.len());
    let mut out = vec![false; hidden.len()];
    for row in &reduced {
        let nonzero: Vec<usize> = (0..row.len()).filter(|&c| !row[c].is_zero()).collect();
        if let [only] = nonzero[..] {
            out[columns[only]] = true;
        }
    }
    out
}

/// Reduced row echelon form over the rationals.
fn rref(mut rows: Vec<Vec<Q>>, width: usize) -> Vec<Vec<Q>> {
    let mut lead = 0;
    for col in 0..width {
        let Some(pivot) = (lead..rows.len()).find(|&r| !rows[r][col].is_zero()) else {
            continue;
        };
        rows.swap(lead, pivot);
        let p = rows[lead][col];
        for v in rows[lead].iter_mut() {
            *v = v.div(p);
        }
        let pivot_row = rows[lead].clone();
        for (r, row) in rows.iter_mut().enumerate() {
            if r != lead && !row[col].is_zero() {
                let f = row[col];
                for (v, p) in row.iter_mut().zip(&pivot_row) {
                    *v = v.sub(p.mul(f));
                }
            }
        }
        lead += 1;
        if lead == rows.len() {
            break;
        }
    }
    rows.truncate(lead);
    rows
}

/// A rational number, kept reduced, denominator positive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Q(i128, i128);

impl Q {
    const ZERO: Q = Q(0, 1);
    const ONE: Q = Q(1, 1);

    fn new(n: i128, d: i128) -> Q {
        let g = gcd(n.abs(), d.abs()).max(1);
        let s = if d < 0 { -1 } else { 1 };
        Q(s * n / g, s * d / g)
    }
    fn is_zero(self) -> bool {
        self.0 == 0
    }
    fn add(self, o: Q) -> Q {
        Q::new(self.0 * o.1 + o.0 * self.1, self.1 * o.1)
    }
    fn sub(self, o: Q) -> Q {
        Q::new(self.0 * o.1 - o.0 * self.1, self.1 * o.1)
    }
    fn mul(self, o: Q) -> Q {
        Q::new(self.0 * o.0, self.1 * o.1)
    }
    fn div(self, o: Q) -> Q {
        Q::new(self.0 * o.1, self.1 * o.0)
    }
}

fn gcd(a: i128, b: i128) -> i128 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// An independent check of the rule, for tests: floating-point ranks instead of the rule's
/// rational elimination.
#[cfg(test)]
pub(crate) mod check {
    use super::{Cell, Sum};

    /// An independent check (floating point, rank comparison): can hidden figure `i` be
    /// worked out from the visible ones? Only if adding its unit row leaves the rank unchanged.
    pub fn recoverable(cells: &[Cell], sums: &[Sum], i: usize) -> bool {
        let hidden: Vec<usize> = (0..cells.len())
            .filter(|&k| cells[k].shown().is_none())
            .collect();
        let col = |k: usize| hidden.iter().position(|&h| h == k);
        let mut m: Vec<Vec<f64>> = sums
            .iter()
            .map(|s| {
                let mut row = vec![0.0; hidden.len()];
                if let Some(c) = col(s.total) {
                    row[c] += 1.0;
                }
                for &p in &s.parts {
                    if let Some(c) = col(p) {
                        row[c] -= 1.0;
                    }
                }
                row
            })
            .collect();
        let before = rank(m.clone());
        let mut unit = vec![0.0; hidden.len()];
        unit[col(i).expect("hidden")] = 1.0;
        m.push(unit);
        rank(m) == before
    }

    fn rank(mut m: Vec<Vec<f64>>) -> usize {
        let width = m.first().map_or(0, Vec::len);
        let mut r = 0;
        for c in 0..width {
            let Some(p) = (r..m.len()).max_by(|&a, &b| m[a][c].abs().total_cmp(&m[b][c].abs()))
            else {
                break;
            };
            if m[p][c].abs() < 1e-9 {
                continue;
            }
            m.swap(r, p);
            let pivot = m[r].clone();
            for (k, row) in m.iter_mut().enumerate() {
                if k != r {
                    let f = row[c] / pivot[c];
                    for (v, p) in row.iter_mut().zip(&pivot) {
                        *v -= f * p;
                    }
                }
            }
            r += 1;
        }
        r
    }
}

#[cfg(test)]
mod tests {
    use super::check::recoverable;
    use super::*;
    use proptest::prelude::*;

    /// A table's figures and sums: rows × cols cells, row totals, column totals, grand total.
    fn table(values: &[Vec<i64>]) -> (Vec<i64>, Vec<Sum>) {
        let (r, c) = (values.len(), values[0].len());
        let mut v: Vec<i64> = values.iter().flatten().copied().collect();
        let row_total = |i: usize| r * c + i;
        let col_total = |j: usize| r * c + r + j;
        let grand = r * c + r + c;
        for row in values {
            v.push(row.iter().sum());
        }
        for j in 0..c {
            v.push(values.iter().map(|row| row[j]).sum());
        }
        v.push(values.iter().flatten().sum());
        let mut sums = Vec::new();
        for i in 0..r {
            sums.push(Sum {
                total: row_total(i),
                parts: (0..c).map(|j| i * c + j).collect(),
            });
        }
        for j in 0..c {
            sums.push(Sum {
                total: col_total(j),
                parts: (0..r).map(|i| i * c + j).collect(),
            });
        }
        sums.push(Sum {
            total: grand,
            parts: (0..r).map(row_total).collect(),
        });
        sums.push(Sum {
            total: grand,
            parts: (0..c).map(col_total).collect(),
        });
        (v, sums)
    }

    #[test]
    fn one_small_cell_in_a_table_with_totals_takes_companions() {
        let (v, sums) = table(&[vec![3, 20, 12], vec![15, 9, 30]]);
        let cells = protect(&v, &sums, 5);
        assert_eq!(cells[0], Cell::Small);
        // Its row and its column each need a second hidden figure.
        assert!(cells[1..3].contains(&Cell::Hidden));
        assert!(cells[3] == Cell::Hidden);
        // The grand total reveals nothing and stays.
        assert_eq!(cells[v.len() - 1], Cell::Shown(89));
        for i in 0..v.len() {
            if cells[i].shown().is_none() {
                assert!(!recoverable(&cells, &sums, i), "figure {i} of {cells:?}");
            }
        }
    }

    #[test]
    fn nothing_small_hides_nothing_and_threshold_one_protects_nothing() {
        let (v, sums) = table(&[vec![0, 20], vec![15, 9]]);
        assert!(protect(&v, &sums, 5).iter().all(|c| c.shown().is_some()));
        let (v, sums) = table(&[vec![1, 2], vec![3, 4]]);
        let cells = protect(&v, &sums, 1);
        assert_eq!(
            cells.iter().filter_map(|c| c.shown()).collect::<Vec<_>>(),
            v
        );
    }

    #[test]
    fn two_small_figures_alone_in_a_sum_get_a_companion_that_is_not_small() {
        // 4 + 4 in one row beside a large figure: the bounds 1..4 would pin 8 = 4 + 4.
        let values = vec![4, 4, 30, 38];
        let sums = vec![Sum {
            total: 3,
            parts: vec![0, 1, 2],
        }];
        let cells = protect(&values, &sums, 5);
        assert_eq!(cells[2], Cell::Hidden);
        assert_eq!(cells[3], Cell::Shown(38));
    }

    #[test]
    fn a_small_total_is_hidden_too() {
        let (v, sums) = table(&[vec![1, 2], vec![0, 0]]);
        let cells = protect(&v, &sums, 5);
        let first_row_total = 4;
        assert_eq!(cells[first_row_total], Cell::Small);
        for i in 0..v.len() {
            if cells[i].shown().is_none() {
                assert!(!recoverable(&cells, &sums, i), "{i}: {cells:?}");
            }
        }
    }

    proptest! {
        #[test]
        fn no_hidden_figure_can_be_worked_out_from_a_protected_table(
            rows in 1usize..5,
            cols in 1usize..5,
            seed in proptest::collection::vec(0i64..25, 16),
            threshold in 2i64..8,
        ) {
            let values: Vec<Vec<i64>> = (0..rows)
                .map(|i| (0..cols).map(|j| seed[i * 4 + j]).collect())
                .collect();
            let (v, sums) = table(&values);
            let cells = protect(&v, &sums, threshold);
            for i in 0..v.len() {
                match cells[i] {
                    // Visible figures are exact; every small one is hidden.
                    Cell::Shown(x) => {
                        prop_assert_eq!(x, v[i]);
                        prop_assert!(x == 0 || x >= threshold);
                    }
                    Cell::Small => prop_assert!(v[i] > 0 && v[i] < threshold),
                    Cell::Hidden => {}
                }
                if cells[i].shown().is_none() {
                    prop_assert!(!recoverable(&cells, &sums, i), "figure {} of {:?} from {:?}", i, cells, v);
                }
            }
            // No sum with a visible figure has only small ones hidden (their bounds could pin them).
            for s in &sums {
                let all: Vec<Cell> = std::iter::once(s.total).chain(s.parts.iter().copied())
                    .map(|k| cells[k]).collect();
                let hidden: Vec<Cell> = all.iter().copied().filter(|c| c.shown().is_none()).collect();
                prop_assert!(hidden.is_empty() || hidden.len() == all.len() || hidden.contains(&Cell::Hidden));
            }
        }

        #[test]
        fn the_rule_agrees_with_the_independent_check(
            hidden in proptest::collection::vec(any::<bool>(), 9),
        ) {
            let (v, sums) = table(&[vec![1, 2], vec![3, 4]]);
            let cells: Vec<Cell> = v.iter().zip(&hidden).map(|(x, h)| if *h { Cell::Hidden } else { Cell::Shown(*x) }).collect();
            let known = determined(&hidden, &sums);
            for i in 0..v.len() {
                if hidden[i] {
                    prop_assert_eq!(known[i], recoverable(&cells, &sums, i));
                }
            }
        }
    }
}
