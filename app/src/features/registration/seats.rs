//! The balance rules, as one pure module: who gets a seat, who waits, who is promoted when a seat
//! frees. The store applies `decide` inside the transaction that writes the registration, so the
//! counts it sees are the counts it changes.
//!
//! A forum has a capacity. Each stakeholder group may have reserved seats (held for it until the
//! release time) and a cap (the most it may take). The reserved seats together never exceed the
//! capacity; the rest of the capacity is the unreserved pool. A registration gets a seat when the
//! forum is not full, its group is under its cap, and either its group still has reserved seats or
//! the pool has room. After the release time unfilled reservations join the pool.

use super::types::RegistrationStatus;
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

    /// Decides one registration of `group` and counts its seat in `taken` if it gets one, so a
    /// batch decided with `take`, one after another, gets the seats they would one by one.
    pub fn take(&self, taken: &mut Taken, group: GroupKey) -> Decision {
        let decision = self.decide(taken, group);
        if decision == Decision::Seat {
            *taken.entry(group).or_insert(0) += 1;
        }
        decision
    }

    /// The waiting registrations to promote, oldest first, given who waits (oldest first, with
    /// their group). Each promotion takes its seat before the next is considered.
    pub fn promotions<T: Copy>(&self, taken: &Taken, waiting: &[(T, GroupKey)]) -> Vec<T> {
        let mut taken = taken.clone();
        let mut promoted = Vec::new();
        for (who, group) in waiting {
            if self.take(&mut taken, *group) == Decision::Seat {
                promoted.push(*who);
            }
        }
        promoted
    }

    /// `taken` plus the places held for open invitations, within their groups' reservations.
    pub fn with_holds(&self, taken: &Taken, holds: &Taken) -> Taken {
        let mut all = taken.clone();
        for (group, held) in holds.iter().filter(|_| !self.released) {
            let mine = all.entry(*group).or_insert(0);
            *mine += (*held).min(self.quota(*group).reserved.saturating_sub(*mine));
        }
        all
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

/// An organiser's or participant's change to one registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// A pending registration asks for its seat (forums with approval).
    Approve,
    Reject,
    Cancel,
    /// Into another stakeholder group.
    Move(GroupKey),
}

/// Why a change is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The rules give no seat and the forum keeps no waiting list (approve), or the new group has
    /// no seat for a confirmed registration (move).
    NoSeat,
    /// The change does not apply to a registration in this status.
    NotAllowed,
}

impl SeatPlan {
    /// The status and group a registration has after `change`, or `None` when nothing changes.
    /// `taken` counts the confirmed seats, this registration's included when it holds one.
    pub fn transition(
        &self,
        taken: &Taken,
        waiting_list: bool,
        status: RegistrationStatus,
        group: GroupKey,
        change: Change,
    ) -> Result<Option<(RegistrationStatus, GroupKey)>, Refusal> {
        use RegistrationStatus::*;
        let ended = matches!(status, Cancelled | Rejected);
        match change {
            Change::Approve if status != Pending => Err(Refusal::NotAllowed),
            Change::Approve => match self.decide(taken, group) {
                Decision::Seat => Ok(Some((Confirmed, group))),
                Decision::NoSeat if waiting_list => Ok(Some((Waiting, group))),
                Decision::NoSeat => Err(Refusal::NoSeat),
            },
            Change::Reject if ended => Err(Refusal::NotAllowed),
            Change::Reject => Ok(Some((Rejected, group))),
            Change::Cancel if ended => Ok(None),
            Change::Cancel => Ok(Some((Cancelled, group))),
            Change::Move(to) if to == group => Ok(None),
            Change::Move(to) if status == Confirmed => {
                let mut without = taken.clone();
                without.entry(group).and_modify(|n| *n -= 1);
                match self.decide(&without, to) {
                    Decision::Seat => Ok(Some((Confirmed, to))),
                    Decision::NoSeat => Err(Refusal::NoSeat),
                }
            }
            Change::Move(to) => Ok(Some((status, to))),
        }
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
        /// A new registration; `true`: the forum asks for approval first.
        Register(GroupKey, bool),
        Approve(usize),
        Reject(usize),
        Cancel(usize),
        Move(usize, GroupKey),
        Release,
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            6 => ((0i64..4), any::<bool>()).prop_map(|(g, a)| Op::Register(g, a)),
            3 => (0usize..60).prop_map(Op::Approve),
            1 => (0usize..60).prop_map(Op::Reject),
            3 => (0usize..60).prop_map(Op::Cancel),
            2 => ((0usize..60), (0i64..4)).prop_map(|(i, g)| Op::Move(i, g)),
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
        /// No sequence of registrations, approvals, rejections, cancellations, moves (each with
        /// automatic promotion from the waiting list) and the release ever exceeds the capacity
        /// or a cap, or gives a reserved seat to another group before the release.
        #[test]
        fn no_sequence_breaks_the_balance(
            mut plan in any_plan(),
            waiting_list in any::<bool>(),
            ops in proptest::collection::vec(op(), 1..120),
        ) {
            use RegistrationStatus::*;
            // Every registration, oldest first: (status, group).
            let mut all: Vec<(RegistrationStatus, GroupKey)> = Vec::new();
            let count = |all: &[(RegistrationStatus, GroupKey)]| -> Taken {
                let mut t = Taken::new();
                for (s, g) in all {
                    if *s == Confirmed { *t.entry(*g).or_insert(0) += 1; }
                }
                t
            };
            for op in ops {
                let (who, change) = match op {
                    Op::Register(g, approval) => {
                        let status = if approval {
                            Pending
                        } else if plan.decide(&count(&all), g) == Decision::Seat {
                            Confirmed
                        } else {
                            Waiting
                        };
                        all.push((status, g));
                        (None, None)
                    }
                    Op::Release => { plan.released = true; (None, None) }
                    _ if all.is_empty() => (None, None),
                    Op::Approve(i) => (Some(i % all.len()), Some(Change::Approve)),
                    Op::Reject(i) => (Some(i % all.len()), Some(Change::Reject)),
                    Op::Cancel(i) => (Some(i % all.len()), Some(Change::Cancel)),
                    Op::Move(i, g) => (Some(i % all.len()), Some(Change::Move(g))),
                };
                if let (Some(i), Some(change)) = (who, change) {
                    let (status, group) = all[i];
                    if let Ok(Some(next)) = plan.transition(&count(&all), waiting_list, status, group, change) {
                        all[i] = next;
                    }
                }
                let waiting: Vec<(usize, GroupKey)> = all
                    .iter()
                    .enumerate()
                    .filter(|(_, (s, _))| *s == Waiting)
                    .map(|(i, (_, g))| (i, *g))
                    .collect();
                for i in plan.promotions(&count(&all), &waiting) {
                    all[i].0 = Confirmed;
                }
                let taken = count(&all);
                prop_assert!(plan.holds(&taken), "{plan:?} {all:?}");
                // Nobody waits who could have a seat.
                let waiting: Vec<(usize, GroupKey)> = all
                    .iter()
                    .enumerate()
                    .filter(|(_, (s, _))| *s == Waiting)
                    .map(|(i, (_, g))| (i, *g))
                    .collect();
                prop_assert!(plan.promotions(&taken, &waiting).is_empty());
            }
        }
    }

    /// A batch of registrations asking for seats in `groups`, decided in order with `take`.
    fn decide_in_turn(plan: &SeatPlan, taken: &mut Taken, groups: &[GroupKey]) -> Vec<Decision> {
        groups
            .iter()
            .map(|group| plan.take(taken, *group))
            .collect()
    }

    proptest! {
        /// A batch decided in turn gives the seats that the same registrations one by one would,
        /// and never breaks the balance, from any state that keeps it.
        #[test]
        fn a_batch_decided_in_turn_keeps_the_balance(
            plan in any_plan(),
            before in proptest::collection::vec(0i64..5, 0..20),
            batch in proptest::collection::vec(0i64..5, 1..60),
        ) {
            let mut taken = Taken::new();
            decide_in_turn(&plan, &mut taken, &before);
            prop_assume!(plan.holds(&taken));
            let mut one_by_one = taken.clone();
            let mut seats = 0;
            for group in &batch {
                if plan.decide(&one_by_one, *group) == Decision::Seat {
                    *one_by_one.entry(*group).or_insert(0) += 1;
                    seats += 1;
                }
            }
            let decisions = decide_in_turn(&plan, &mut taken, &batch);
            prop_assert_eq!(decisions.iter().filter(|d| **d == Decision::Seat).count(), seats);
            prop_assert_eq!(&taken, &one_by_one);
            prop_assert!(plan.holds(&taken), "{plan:?} {taken:?}");
        }
    }

    #[test]
    fn approval_seats_waits_or_refuses_by_the_same_rules() {
        use RegistrationStatus::*;
        let p = plan(2, &[]);
        let full = taken(&[(1, 2)]);
        assert_eq!(
            p.transition(&taken(&[]), false, Pending, 1, Change::Approve),
            Ok(Some((Confirmed, 1)))
        );
        assert_eq!(
            p.transition(&full, true, Pending, 1, Change::Approve),
            Ok(Some((Waiting, 1)))
        );
        assert_eq!(
            p.transition(&full, false, Pending, 1, Change::Approve),
            Err(Refusal::NoSeat)
        );
        assert_eq!(
            p.transition(&full, false, Confirmed, 1, Change::Approve),
            Err(Refusal::NotAllowed)
        );
        assert_eq!(
            p.transition(&full, false, Cancelled, 1, Change::Cancel),
            Ok(None)
        );
        assert_eq!(
            p.transition(&full, false, Rejected, 1, Change::Reject),
            Err(Refusal::NotAllowed)
        );
    }

    #[test]
    fn a_confirmed_registration_moves_only_into_a_group_with_a_seat() {
        use RegistrationStatus::*;
        let p = plan(10, &[(2, 0, Some(1))]);
        let now = taken(&[(1, 3), (2, 1)]);
        assert_eq!(
            p.transition(&now, true, Confirmed, 1, Change::Move(2)),
            Err(Refusal::NoSeat)
        );
        assert_eq!(
            p.transition(&now, true, Confirmed, 2, Change::Move(1)),
            Ok(Some((Confirmed, 1)))
        );
        assert_eq!(
            p.transition(&now, true, Waiting, 1, Change::Move(2)),
            Ok(Some((Waiting, 2)))
        );
    }
}
