//! A forum's frozen figures as rows of cells (table, row, column, value), and back: the facts
//! (`people`: group|country|gender|age|status × attended/absent) and the lists (key ×
//! order/expected/attended).

use super::tables::{Fact, ListFigures};

/// One frozen cell: table, row, column, value.
pub type SnapshotCell = (String, String, String, i64);

/// Facts and list figures as snapshot cells: `people` (group|country|gender|age|status ×
/// attended/absent) and `lists` (key × order/expected/attended).
pub fn encode(facts: &[Fact], lists: &[ListFigures]) -> Vec<SnapshotCell> {
    let mut cells = Vec::new();
    for f in facts {
        cells.push((
            "people".to_string(),
            format!(
                "{}|{}|{}|{}|{}",
                f.group, f.country, f.gender, f.age_band, f.status
            ),
            if f.attended { "attended" } else { "absent" }.to_string(),
            f.count,
        ));
    }
    for (n, l) in lists.iter().enumerate() {
        cells.push(("lists".into(), l.key.clone(), "order".into(), n as i64));
        cells.push(("lists".into(), l.key.clone(), "attended".into(), l.attended));
        if let Some(e) = l.expected {
            cells.push(("lists".into(), l.key.clone(), "expected".into(), e));
        }
    }
    cells
}

pub fn decode(forum: i64, cells: &[SnapshotCell]) -> (Vec<Fact>, Vec<ListFigures>) {
    let mut facts = Vec::new();
    let mut lists: Vec<ListFigures> = Vec::new();
    let mut order: Vec<(String, i64)> = Vec::new();
    for (table, row, col, value) in cells {
        match table.as_str() {
            "people" => {
                let parts: Vec<&str> = row.split('|').collect();
                if let [group, country, gender, age, status] = parts[..] {
                    facts.push(Fact {
                        forum,
                        group: group.parse().unwrap_or(0),
                        country: country.into(),
                        gender: gender.into(),
                        age_band: age.into(),
                        status: status.into(),
                        attended: col == "attended",
                        count: *value,
                    });
                }
            }
            "lists" => {
                let i = match lists.iter().position(|l| l.key == *row) {
                    Some(i) => i,
                    None => {
                        lists.push(ListFigures {
                            key: row.clone(),
                            expected: None,
                            attended: 0,
                        });
                        lists.len() - 1
                    }
                };
                match col.as_str() {
                    "expected" => lists[i].expected = Some(*value),
                    "order" => order.push((row.clone(), *value)),
                    _ => lists[i].attended = *value,
                }
            }
            _ => {}
        }
    }
    // The order the live lists had when they were frozen.
    lists.sort_by_key(|l| {
        order
            .iter()
            .find(|(k, _)| *k == l.key)
            .map_or(i64::MAX, |o| o.1)
    });
    (facts, lists)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapshot_gives_back_the_facts_it_was_made_of() {
        let facts = vec![
            Fact {
                forum: 3,
                group: 1,
                country: "ME".into(),
                gender: "woman".into(),
                age_band: "60+".into(),
                status: "confirmed".into(),
                attended: true,
                count: 2,
            },
            Fact {
                forum: 3,
                group: 2,
                country: "AL".into(),
                gender: String::new(),
                age_band: String::new(),
                status: "cancelled".into(),
                attended: false,
                count: 1,
            },
        ];
        let lists = vec![
            ListFigures {
                key: "entry".into(),
                expected: None,
                attended: 2,
            },
            ListFigures {
                key: "session-9".into(),
                expected: Some(4),
                attended: 1,
            },
        ];
        let (f, l) = decode(3, &encode(&facts, &lists));
        assert_eq!(f, facts);
        assert_eq!(l, lists);
    }
}
