//! Registrations imported from a partner's list (paper forms, their own sheets), planned before
//! anything is written: the invitation import's plan read for registrations (a stakeholder
//! group is required; an address that was only invited is new here), and where each new row
//! would go by the seat rules as they stand now, in file order, as if each registered in turn.

use super::import::{Outcome, Planned};
use super::seats::{Decision, SeatPlan, Taken};
use serde::{Deserialize, Serialize};

/// Where a new row goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Placement {
    Seat,
    Waiting,
    /// No seat, and the forum keeps no waiting list: the import cannot run.
    NoSeat,
}

/// The plan of a list read as registrations.
pub fn as_registrations(rows: Vec<Planned>) -> Vec<Planned> {
    rows.into_iter()
        .map(|mut r| {
            if r.outcome == Outcome::AlreadyInvited {
                r.outcome = Outcome::New;
            }
            if r.group.is_none() && !matches!(r.outcome, Outcome::Wrong(..)) {
                r.outcome = Outcome::Wrong("group".into(), "import.error.group_required".into());
            }
            r
        })
        .collect()
}

/// Where each new row would go (`None` for the others), each taking its seat before the next.
pub fn predict(
    plan: &SeatPlan,
    taken: &Taken,
    waiting_list: bool,
    rows: &[Planned],
) -> Vec<Option<Placement>> {
    let mut taken = taken.clone();
    rows.iter()
        .map(|r| {
            let group = r.group.filter(|_| r.outcome == Outcome::New)?;
            Some(match plan.take(&mut taken, group) {
                Decision::Seat => Placement::Seat,
                Decision::NoSeat if waiting_list => Placement::Waiting,
                Decision::NoSeat => Placement::NoSeat,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::registration::seats::Quota;

    fn row(line: usize, group: Option<i64>, outcome: Outcome) -> Planned {
        Planned {
            line,
            full_name: format!("Person {line}"),
            email: format!("p{line}@example.org"),
            organisation: String::new(),
            group,
            locale: "en".into(),
            note: String::new(),
            country: String::new(),
            outcome,
        }
    }

    #[test]
    fn a_group_is_required_and_an_invitee_is_new() {
        let rows = as_registrations(vec![
            row(2, None, Outcome::New),
            row(3, Some(1), Outcome::AlreadyInvited),
            row(4, Some(1), Outcome::AlreadyRegistered),
        ]);
        let outcomes: Vec<Outcome> = rows.into_iter().map(|r| r.outcome).collect();
        assert_eq!(
            outcomes,
            [
                Outcome::Wrong("group".into(), "import.error.group_required".into()),
                Outcome::New,
                Outcome::AlreadyRegistered,
            ]
        );
    }

    #[test]
    fn rows_take_seats_in_turn_by_the_rules() {
        // Three seats: youth (1) has two reserved and may take two; media (2) shares the pool.
        let plan = SeatPlan {
            capacity: 3,
            quotas: [(
                1,
                Quota {
                    reserved: 2,
                    cap: Some(2),
                },
            )]
            .into(),
            released: false,
        };
        let taken: Taken = [(2, 1)].into();
        let rows = vec![
            row(2, Some(1), Outcome::New),
            row(3, Some(1), Outcome::New),
            row(4, Some(1), Outcome::New),
            row(5, Some(2), Outcome::AlreadyRegistered),
            row(6, Some(2), Outcome::New),
        ];
        use Placement::*;
        assert_eq!(
            predict(&plan, &taken, true, &rows),
            [Some(Seat), Some(Seat), Some(Waiting), None, Some(Waiting)]
        );
        assert_eq!(predict(&plan, &taken, false, &rows)[2], Some(NoSeat));
    }
}
