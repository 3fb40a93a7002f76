//! Live counts: checked in versus expected, summed from per-(group, country) breakdowns.

use super::store::Breakdown;
use super::types::CountRow;
use crate::features::forums::types::StakeholderGroupId;

type Cell = (StakeholderGroupId, String, i64);

/// One row: the sums of the cells that `keep` selects.
pub fn row(
    label: String,
    checked: &Breakdown,
    expected: &Breakdown,
    keep: impl Fn(&Cell) -> bool,
) -> CountRow {
    let sum = |cells: &Breakdown| cells.iter().filter(|c| keep(c)).map(|c| c.2).sum();
    CountRow {
        label,
        checked_in: sum(checked),
        expected: sum(expected),
        hidden: false,
    }
}

/// One row per country that is expected or checked in, most expected first.
pub fn countries(
    checked: &Breakdown,
    expected: &Breakdown,
    label: impl Fn(&str) -> String,
) -> Vec<CountRow> {
    let mut codes: Vec<&str> = checked
        .iter()
        .chain(expected)
        .map(|c| c.1.as_str())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    let mut rows: Vec<CountRow> = codes
        .into_iter()
        .map(|code| row(label(code), checked, expected, |c| c.1 == code))
        .collect();
    rows.sort_by(|a, b| b.expected.cmp(&a.expected).then(a.label.cmp(&b.label)));
    rows
}

/// Hides the rows of one breakdown whose figures are below `threshold` (but not zero), and, when
/// only one row would be hidden, the smallest other row with it: the total minus the shown rows
/// must not give a hidden row back.
pub fn protect(rows: &mut [CountRow], threshold: i64) {
    let small = |r: &CountRow| {
        (r.checked_in > 0 && r.checked_in < threshold) || (r.expected > 0 && r.expected < threshold)
    };
    for r in rows.iter_mut() {
        if small(r) {
            r.hidden = true;
        }
    }
    if rows.iter().filter(|r| r.hidden).count() == 1 {
        if let Some(next) = rows
            .iter_mut()
            .filter(|r| !r.hidden && (r.expected > 0 || r.checked_in > 0))
            .min_by_key(|r| (r.expected, r.checked_in))
        {
            next.hidden = true;
        }
    }
    for r in rows.iter_mut().filter(|r| r.hidden) {
        r.checked_in = 0;
        r.expected = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(g: i64, country: &str, n: i64) -> Cell {
        (StakeholderGroupId(g), country.to_string(), n)
    }

    #[test]
    fn rows_sum_their_cells() {
        let expected = vec![cell(1, "AL", 5), cell(1, "RS", 2), cell(2, "AL", 3)];
        let checked = vec![cell(1, "AL", 4), cell(2, "XK", 1)];
        let g1 = row("CSOs".into(), &checked, &expected, |c| {
            c.0 == StakeholderGroupId(1)
        });
        assert_eq!((g1.checked_in, g1.expected), (4, 7));
        let by_country = countries(&checked, &expected, str::to_string);
        let summary: Vec<(String, i64, i64)> = by_country
            .into_iter()
            .map(|r| (r.label, r.checked_in, r.expected))
            .collect();
        assert_eq!(
            summary,
            [
                ("AL".to_string(), 4, 8),
                ("RS".to_string(), 0, 2),
                ("XK".to_string(), 1, 0)
            ]
        );
    }

    #[test]
    fn small_rows_are_hidden_and_never_alone() {
        let r = |label: &str, checked_in, expected| CountRow {
            label: label.into(),
            checked_in,
            expected,
            hidden: false,
        };
        let mut rows = vec![r("a", 10, 12), r("b", 2, 3), r("c", 7, 9), r("d", 0, 0)];
        protect(&mut rows, 5);
        let hidden: Vec<&str> = rows
            .iter()
            .filter(|r| r.hidden)
            .map(|r| r.label.as_str())
            .collect();
        assert_eq!(hidden, vec!["b", "c"]);
        assert!(rows
            .iter()
            .filter(|r| r.hidden)
            .all(|r| r.checked_in == 0 && r.expected == 0));
        let mut big = vec![r("a", 10, 12), r("b", 6, 8)];
        protect(&mut big, 5);
        assert!(big.iter().all(|r| !r.hidden));
    }
}
