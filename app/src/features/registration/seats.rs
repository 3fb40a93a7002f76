//! The balance rules, as one pure module: who gets a seat, who waits, who is promoted when a seat
//! frees. The store applies `decide` inside the transaction that writes the registration, so the
//! counts it sees are the counts it changes.
//!
//! A forum has a capacity. Each stakeholder group may have reserved seats (held for it until the
//! release time) and a cap (the most it may take). The reserved seats together never exceed the
//! capacity; the rest of the capacity is the unreserved pool. A registration gets a seat when the
//! forum is not full, its group is under its cap, and either its group still has reserved seats or
//! the pool has room. After the release time unfilled reservations join the pool.

use std::collections::BTreeMap;

/// Group identifier as the rules see it (the stakeholder group's id).
pub type GroupKey = i64;

/// One group's quota.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Quota {
    pub reserved: u32,
    /// `None`: no cap beyond the capacity.
    pub cap: Option<u32>,
}

/// A forum's seat plan.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SeatPlan {
    pub capacity: u32,
    pub quotas: BTreeMap<GroupKey, Quota>,
    /// True once the organiser's release time has passed.
    pub released: bool,
}

/// Confirmed seats per group.
pub type Taken = BTreeMap<GroupKey, u32>;

/// What happens to a registration asking for a seat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Seat,
    /// No seat now; joins the group's waiting list (when the forum keeps one).
    NoSeat,
}

/// Why a seat plan is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanError {
    ReservedOverCapacity,
    ReservedOverCap,
}

impl SeatPlan {
    pub fn check(&self) -> Result<(), PlanError> {
        let reserved: u64 = self.quotas.values().map(|q| u64::from(q.reserved)).sum();
        if reserved > u64::from(self.capacity) {
            return Err(PlanError::ReservedOverCapacity);
        }
        if self
            .quotas
            .values()
            .any(|q| q.cap.is_some_and(|c| c < q.reserved))
        {
            return Err(PlanError::ReservedOverCap);
        }
        Ok(())
    }

    fn quota(&self, group: GroupKey) -> Quota {
        self.quotas.get(&group).copied().unwrap_or_default()
    }

    fn reserved_total(&self) -> u32 {
        self.quotas.values().map(|q| q.reserved).sum()
    }

    /// Seats of the unreserved pool in use: every confirmed seat beyond its group's reservation.
    fn pool_used(&self, taken: &Taken) -> u32 {
        taken
            .iter()
            .map(|(g, n)| n.saturating_sub(self.quota(*g).reserved))
            .sum()
    }

    /// Whether one more registration of `group` gets a seat.
    pub fn decide(&self, taken: &Taken, group: GroupKey) -> Decision {
        let total: u32 = taken.values().sum();
        let mine = taken.get(&group).copied().unwrap_or(0);
        let quota = self.quota(group);
        if total >= self.capacity || quota.cap.is_some_and(|cap| mine >= cap) {
            return Decision::NoSeat;
        }
        if self.released || mine < quota.reserved {
            return Decision::Seat;
        }
        let pool = self.capacity.saturating_sub(self.reserved_total());
        if self.pool_used(taken) < pool {
            Decision::Seat
        } else {
            Decision::NoSeat
        }
    }

    /// The waiting registrations to promote, oldest first, given who waits (oldest first, with
    /// their group). Each promotion takes its seat before the next is considered.
    pub fn promotions<T: Copy>(&self, taken: &Taken, waiting: &[(T, GroupKey)]) -> Vec<T> {
        let mut taken = taken.clone();
        let mut promoted = Vec::new();
        for (who, group) in waiting {
            if self.decide(&taken, *group) == Decision::Seat {
                *taken.entry(*group).or_insert(0) += 1;
                promoted.push(*who);
            }
        }
        promoted
    }

    /// The invariants every state must keep (used by the property tests and debug assertions).
    pub fn holds(&self, taken: &Taken) -> bool {
        let total: u32 = taken.values().sum();
        let caps_ok = taken
            .iter()
            .all(|(g, n)| self.quota(*g).cap.is_none_or(|cap| *n <= cap));
        let pool_ok = self.released
            || self.pool_used(taken) <= self.capacity.saturating_sub(self.reserved_total());
        total <= self.capacity && caps_ok && pool_ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn plan(capacity: u32, quotas: &[(GroupKey, u32, Option<u32>)]) -> SeatPlan {
        SeatPlan {
            capacity,
            quotas: quotas
                .iter()
                .map(|(g, reserved, cap)| {
                    (
                        *g,
                        Quota {
                            reserved: *reserved,
                            cap: *cap,
                        },
                    )
                })
                .collect(),
            released: false,
        }
    }

    fn taken(pairs: &[(GroupKey, u32)]) -> Taken {
        pairs.iter().copied().collect()
    }

    #[test]
    fn reserved_seats_are_held_for_their_group_until_release() {
        // 10 seats: 3 reserved for youth (1), 2 for media (2), 5 in the pool.
        let mut p = plan(10, &[(1, 3, None), (2, 2, None)]);
        let full_pool = taken(&[(3, 5)]);
        assert_eq!(
            p.decide(&full_pool, 3),
            Decision::NoSeat,
            "pool used up by others"
        );
        assert_eq!(
            p.decide(&full_pool, 1),
            Decision::Seat,
            "youth still has reserved seats"
        );
        assert_eq!(p.decide(&taken(&[(3, 5), (1, 3)]), 1), Decision::NoSeat);
        p.released = true;
        assert_eq!(
            p.decide(&full_pool, 3),
            Decision::Seat,
            "after release the reservations are open"
        );
        assert_eq!(
            p.decide(&taken(&[(3, 10)]), 1),
            Decision::NoSeat,
            "never beyond capacity"
        );
    }

    #[test]
    fn a_cap_limits_a_group_even_with_free_seats() {
        let p = plan(100, &[(4, 0, Some(2))]);
        assert_eq!(p.decide(&taken(&[(4, 2)]), 4), Decision::NoSeat);
        assert_eq!(p.decide(&taken(&[(4, 1)]), 4), Decision::Seat);
    }

    #[test]
    fn plans_with_more_reserved_than_capacity_or_cap_are_refused() {
        assert_eq!(
            plan(5, &[(1, 3, None), (2, 3, None)]).check(),
            Err(PlanError::ReservedOverCapacity)
        );
        assert_eq!(
            plan(5, &[(1, 3, Some(2))]).check(),
            Err(PlanError::ReservedOverCap)
        );
        assert_eq!(plan(5, &[(1, 3, Some(3))]).check(), Ok(()));
    }

    #[test]
    fn promotion_takes_the_oldest_waiting_registration_the_rules_allow() {
        let p = plan(3, &[(1, 1, None)]);
        // Pool (2 seats) used by group 2; youth's reserved seat is free.
        let now = taken(&[(2, 2)]);
        let waiting = [("a", 2), ("b", 1), ("c", 1)];
        assert_eq!(
            p.promotions(&now, &waiting),
            vec!["b"],
            "a may not take youth's seat; c is too late"
        );
    }

    #[derive(Debug, Clone)]
    enum Op {
        Register(GroupKey),
        Cancel(usize),
        Release,
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            6 => (0i64..4).prop_map(Op::Register),
            3 => (0usize..50).prop_map(Op::Cancel),
            1 => Just(Op::Release),
        ]
    }

    fn any_plan() -> impl Strategy<Value = SeatPlan> {
        (
            1u32..30,
            proptest::collection::vec((0u32..8, proptest::option::of(0u32..12)), 4),
        )
            .prop_filter_map("valid plans only", |(capacity, quotas)| {
                let p = SeatPlan {
                    capacity,
                    quotas: quotas
                        .into_iter()
                        .enumerate()
                        .map(|(g, (reserved, cap))| {
                            (
                                g as GroupKey,
                                Quota {
                                    reserved,
                                    cap: cap.map(|c| c.max(reserved)),
                                },
                            )
                        })
                        .collect(),
                    released: false,
                };
                p.check().is_ok().then_some(p)
            })
    }

    proptest! {
        /// No sequence of registrations, cancellations (with automatic promotion) and the release
        /// ever exceeds the capacity or a cap, or gives a reserved seat to another group before
        /// the release.
        #[test]
        fn no_sequence_breaks_the_balance(mut plan in any_plan(), ops in proptest::collection::vec(op(), 1..120)) {
            let mut confirmed: Vec<GroupKey> = Vec::new();
            let mut waiting: Vec<(usize, GroupKey)> = Vec::new();
            let mut next_id = 0usize;
            let count = |confirmed: &[GroupKey]| -> Taken {
                let mut t = Taken::new();
                for g in confirmed { *t.entry(*g).or_insert(0) += 1; }
                t
            };
            for op in ops {
                match op {
                    Op::Register(g) => {
                        if plan.decide(&count(&confirmed), g) == Decision::Seat {
                            confirmed.push(g);
                        } else {
                            waiting.push((next_id, g));
                        }
                        next_id += 1;
                    }
                    Op::Cancel(i) if !confirmed.is_empty() => {
                        confirmed.remove(i % confirmed.len());
                    }
                    Op::Cancel(_) => {}
                    Op::Release => plan.released = true,
                }
                let promoted = plan.promotions(&count(&confirmed), &waiting);
                for id in &promoted {
                    if let Some(pos) = waiting.iter().position(|(w, _)| w == id) {
                        confirmed.push(waiting.remove(pos).1);
                    }
                }
                prop_assert!(plan.holds(&count(&confirmed)), "{plan:?} {confirmed:?}");
                // Nobody waits who could have a seat.
                prop_assert!(plan.promotions(&count(&confirmed), &waiting).is_empty());
            }
        }
    }
}
