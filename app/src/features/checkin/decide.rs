//! How the door decides, before anything is written: a pure function of the verified code, the
//! registration it names and the list. Only `Admit` reaches the store, whose unique keys then
//! decide between "admitted" and "already checked in" atomically.

use super::types::{CheckinList, Verdict};
use crate::features::forums::types::StakeholderGroupId;
use crate::features::registration::types::RegistrationStatus;
use crate::features::tickets::code::{CodeError, TicketClaims};

/// The registration a ticket names, as the door needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketHolder {
    pub registration: i64,
    pub forum: i64,
    pub group: StakeholderGroupId,
    pub status: RegistrationStatus,
    pub ticket_version: i64,
}

/// The outcome before the store is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precheck {
    /// Refused with this verdict and the catalogue key of its reason.
    Refuse(Verdict, &'static str),
    /// Try to admit this registration.
    Admit(i64),
}

/// The first step: a code that does not verify is invalid, whatever it claims.
pub fn claims_or_refuse(
    verified: Result<TicketClaims, CodeError>,
) -> Result<TicketClaims, Precheck> {
    verified.map_err(|e| match e {
        CodeError::Malformed => Precheck::Refuse(Verdict::Invalid, "checkin.reason.unreadable"),
        CodeError::BadSignature => Precheck::Refuse(Verdict::Invalid, "checkin.reason.forged"),
    })
}

/// The second step, once the registration the claims name has been read (if it exists).
pub fn precheck(
    claims: TicketClaims,
    forum: i64,
    holder: Option<&TicketHolder>,
    list: &CheckinList,
) -> Precheck {
    use Precheck::Refuse;
    if claims.forum != forum {
        return Refuse(Verdict::NotOnList, "checkin.reason.other_forum");
    }
    let Some(holder) = holder.filter(|h| h.forum == claims.forum) else {
        return Refuse(Verdict::Invalid, "checkin.reason.unknown");
    };
    if holder.ticket_version != claims.version {
        return Refuse(Verdict::Invalid, "checkin.reason.reissued");
    }
    match holder.status {
        RegistrationStatus::Confirmed => {}
        RegistrationStatus::Cancelled => {
            return Refuse(Verdict::Cancelled, "checkin.reason.cancelled")
        }
        RegistrationStatus::Rejected => {
            return Refuse(Verdict::Cancelled, "checkin.reason.rejected")
        }
        RegistrationStatus::Waiting | RegistrationStatus::Pending => {
            return Refuse(Verdict::NotOnList, "checkin.reason.no_seat")
        }
    }
    if list.cancelled {
        return Refuse(Verdict::NotOnList, "checkin.reason.session_cancelled");
    }
    if !list.groups.is_empty() && !list.groups.contains(&holder.group) {
        return Refuse(Verdict::NotOnList, "checkin.reason.group");
    }
    Precheck::Admit(holder.registration)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::checkin::types::ListScope;

    fn claims() -> TicketClaims {
        TicketClaims {
            forum: 1,
            registration: 10,
            version: 2,
        }
    }

    fn holder(status: RegistrationStatus) -> TicketHolder {
        TicketHolder {
            registration: 10,
            forum: 1,
            group: StakeholderGroupId(4),
            status,
            ticket_version: 2,
        }
    }

    fn list(groups: Vec<StakeholderGroupId>, cancelled: bool) -> CheckinList {
        CheckinList {
            id: "1:entry".into(),
            key: "entry".into(),
            name: "Entry".into(),
            scope: ListScope::Entry,
            groups,
            cancelled,
        }
    }

    fn verdict(p: Precheck) -> Option<Verdict> {
        match p {
            Precheck::Refuse(v, _) => Some(v),
            Precheck::Admit(_) => None,
        }
    }

    #[test]
    fn a_confirmed_holder_of_the_current_ticket_may_enter() {
        let h = holder(RegistrationStatus::Confirmed);
        assert_eq!(
            precheck(claims(), 1, Some(&h), &list(vec![], false)),
            Precheck::Admit(10)
        );
    }

    #[test]
    fn every_refusal_has_its_verdict() {
        let open = list(vec![], false);
        let confirmed = holder(RegistrationStatus::Confirmed);
        assert_eq!(
            verdict(precheck(claims(), 2, Some(&confirmed), &open)),
            Some(Verdict::NotOnList)
        );
        assert_eq!(
            verdict(precheck(claims(), 1, None, &open)),
            Some(Verdict::Invalid)
        );
        let old = TicketClaims {
            version: 1,
            ..claims()
        };
        assert_eq!(
            verdict(precheck(old, 1, Some(&confirmed), &open)),
            Some(Verdict::Invalid)
        );
        let cancelled = holder(RegistrationStatus::Cancelled);
        assert_eq!(
            verdict(precheck(claims(), 1, Some(&cancelled), &open)),
            Some(Verdict::Cancelled)
        );
        let waiting = holder(RegistrationStatus::Waiting);
        assert_eq!(
            verdict(precheck(claims(), 1, Some(&waiting), &open)),
            Some(Verdict::NotOnList)
        );
        let other_groups = list(vec![StakeholderGroupId(5)], false);
        assert_eq!(
            verdict(precheck(claims(), 1, Some(&confirmed), &other_groups)),
            Some(Verdict::NotOnList)
        );
        let own_group = list(vec![StakeholderGroupId(4)], false);
        assert_eq!(
            precheck(claims(), 1, Some(&confirmed), &own_group),
            Precheck::Admit(10)
        );
        assert_eq!(
            verdict(precheck(claims(), 1, Some(&confirmed), &list(vec![], true))),
            Some(Verdict::NotOnList)
        );
    }

    #[test]
    fn unverifiable_codes_are_invalid() {
        assert_eq!(
            claims_or_refuse(Err(CodeError::BadSignature)),
            Err(Precheck::Refuse(Verdict::Invalid, "checkin.reason.forged"))
        );
    }
}
