//! An invitation's state as people see it, read from what is stored: registered once the link
//! was used, declined or proposed as answered, expired when the forum's answer-by date has
//! passed without an answer, else invited (and then its place is held in its group's
//! reservation).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum InvitationState {
    /// Sent, not answered, still in time.
    Invited,
    Registered,
    Declined,
    /// Not answered by the forum's answer-by date.
    Expired,
    /// A colleague named by someone who declined: waits for the organisers' approval.
    Proposed,
}

impl InvitationState {
    pub const ALL: [InvitationState; 5] = [
        Self::Invited,
        Self::Registered,
        Self::Declined,
        Self::Expired,
        Self::Proposed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Invited => "invited",
            Self::Registered => "registered",
            Self::Declined => "declined",
            Self::Expired => "expired",
            Self::Proposed => "proposed",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// The translation key of the state's name.
    pub fn label_key(self) -> String {
        format!("invitations.state.{}", self.as_str())
    }

    /// Whether the invitee has not answered and still may (reminders go to these).
    pub fn open(self) -> bool {
        self == Self::Invited
    }
}

/// The state of an invitation whose stored state is `stored` (`invited`, `declined` or
/// `proposed`), used for a registration or not, when the forum's answer-by date is `answer_by`.
pub fn state_of(
    stored: &str,
    registered: bool,
    answer_by: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> InvitationState {
    if registered {
        return InvitationState::Registered;
    }
    match stored {
        "declined" => InvitationState::Declined,
        "proposed" => InvitationState::Proposed,
        _ if answer_by.is_some_and(|by| by <= now) => InvitationState::Expired,
        _ => InvitationState::Invited,
    }
}

/// Whether an automatic reminder is due for an open invitation: `days` before the answer-by
/// date has come and the date has not passed.
pub fn reminder_due(answer_by: DateTime<Utc>, days: i64, now: DateTime<Utc>) -> bool {
    now < answer_by && now >= answer_by - chrono::Duration::days(days)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 3, day, 12, 0, 0)
            .single()
            .expect("a valid time")
    }

    #[test]
    fn registration_wins_then_the_answer_then_the_date() {
        use InvitationState::*;
        assert_eq!(state_of("invited", true, Some(at(1)), at(5)), Registered);
        assert_eq!(state_of("declined", false, Some(at(9)), at(5)), Declined);
        assert_eq!(state_of("declined", false, Some(at(1)), at(5)), Declined);
        assert_eq!(state_of("proposed", false, None, at(5)), Proposed);
        assert_eq!(state_of("invited", false, Some(at(5)), at(5)), Expired);
        assert_eq!(state_of("invited", false, Some(at(6)), at(5)), Invited);
        assert_eq!(state_of("invited", false, None, at(5)), Invited);
    }

    #[test]
    fn states_read_back_from_their_names() {
        for s in InvitationState::ALL {
            assert_eq!(InvitationState::parse(s.as_str()), Some(s));
        }
        assert_eq!(InvitationState::parse("maybe"), None);
    }

    #[test]
    fn a_reminder_is_due_from_n_days_before_until_the_date() {
        assert!(!reminder_due(at(10), 3, at(6)));
        assert!(reminder_due(at(10), 3, at(7)));
        assert!(reminder_due(at(10), 3, at(9)));
        assert!(!reminder_due(at(10), 3, at(10)));
        assert!(!reminder_due(at(10), 0, at(9)));
    }
}

#[cfg(test)]
mod hold_tests {
    use crate::features::registration::seats::{Decision, Quota, SeatPlan};

    #[test]
    fn open_invitations_hold_places_only_within_their_groups_reservation() {
        let mut plan = SeatPlan {
            capacity: 4,
            quotas: [(
                1,
                Quota {
                    reserved: 3,
                    cap: None,
                },
            )]
            .into(),
            released: false,
        };
        let taken = [(1, 1)].into();
        // Five open invitations in group 1 hold the two reserved places left; group 2 has no
        // reservation, so its invitations hold nothing.
        let holds = [(1, 5), (2, 4)].into();
        let all = plan.with_holds(&taken, &holds);
        assert_eq!(all.get(&1), Some(&3));
        assert_eq!(all.get(&2).copied().unwrap_or(0), 0);
        // Someone of group 1 without an invitation now needs the pool (one seat), and after it
        // the forum is full for everyone but the invitees.
        let mut after = all.clone();
        assert_eq!(plan.take(&mut after, 1), Decision::Seat);
        assert_eq!(plan.decide(&after, 2), Decision::NoSeat);
        assert!(plan.holds(&all));
        // Once the reservations are released, invitations hold nothing.
        plan.released = true;
        assert_eq!(plan.with_holds(&taken, &holds), taken);
    }
}
