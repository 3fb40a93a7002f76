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
}
