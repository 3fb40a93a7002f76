//! The pure rules of messages: who a filter names, and how a text's placeholders are filled for
//! one participant. No I/O; the store and the service call these.

use super::types::{Audience, Candidate};

/// Whether `c` is in the audience.
pub fn matches(audience: &Audience, c: &Candidate) -> bool {
    let any_or = |list: &[String], value: &str| list.is_empty() || list.iter().any(|v| v == value);
    audience.statuses.contains(&c.status)
        && (audience.groups.is_empty() || audience.groups.contains(&c.group))
        && any_or(&audience.countries, &c.country)
        && any_or(&audience.locales, &c.locale)
        && audience
            .attendance
            .as_ref()
            .is_none_or(|(list, attended)| c.lists.iter().any(|l| l == list) == *attended)
        && (audience.logistics || c.contact)
}

/// The registrations of `candidates` in the audience, in the order given.
pub fn select<'a>(audience: &Audience, candidates: &'a [Candidate]) -> Vec<&'a Candidate> {
    candidates.iter().filter(|c| matches(audience, c)).collect()
}

/// What the placeholders stand for, for one participant (already in their language).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Values {
    pub name: String,
    pub forum: String,
    pub dates: String,
    pub venue: String,
    pub link: String,
    /// The line about the ticket (empty when the participant has none).
    pub ticket: String,
    pub agenda: String,
}

/// `text` with every placeholder replaced, in one pass (a value that itself looks like a
/// placeholder stays as it is). Unknown `{words}` stay as typed.
pub fn fill(text: &str, v: &Values) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        let value = after.find('}').and_then(|close| {
            let value = match &after[1..close] {
                "name" => &v.name,
                "forum" => &v.forum,
                "dates" => &v.dates,
                "venue" => &v.venue,
                "link" => &v.link,
                "ticket" => &v.ticket,
                "agenda" => &v.agenda,
                _ => return None,
            };
            Some((value, close))
        });
        match value {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether the text uses `{ticket}` (then the email carries the ticket's QR code).
pub fn wants_ticket(text: &str) -> bool {
    text.contains("{ticket}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::registration::types::RegistrationStatus::{self, *};
    use proptest::prelude::*;

    fn candidate(
        status: RegistrationStatus,
        group: i64,
        lists: &[&str],
        contact: bool,
    ) -> Candidate {
        Candidate {
            registration: 1,
            status,
            group,
            country: "AL".into(),
            locale: "sq".into(),
            lists: lists.iter().map(|s| s.to_string()).collect(),
            contact,
        }
    }

    #[test]
    fn each_part_of_the_filter_narrows_the_audience() {
        let mut a = Audience {
            statuses: vec![Confirmed],
            logistics: true,
            ..Audience::default()
        };
        let c = candidate(Confirmed, 2, &["entry"], false);
        assert!(matches(&a, &c));
        assert!(!matches(&a, &candidate(Waiting, 2, &[], false)));
        a.groups = vec![3];
        assert!(!matches(&a, &c));
        a.groups = vec![2, 3];
        a.countries = vec!["RS".into()];
        assert!(!matches(&a, &c));
        a.countries = vec!["AL".into()];
        a.locales = vec!["en".into()];
        assert!(!matches(&a, &c));
        a.locales = vec!["sq".into()];
        a.attendance = Some(("entry".into(), false));
        assert!(!matches(&a, &c), "checked in: not among those who were not");
        a.attendance = Some(("entry".into(), true));
        assert!(matches(&a, &c));
        a.logistics = false;
        assert!(!matches(&a, &c), "no consent to be contacted");
        assert!(matches(&a, &candidate(Confirmed, 2, &["entry"], true)));
        a.statuses.clear();
        assert!(!matches(&a, &c), "no status: nobody");
    }

    #[test]
    fn placeholders_are_filled_once_and_unknown_ones_stay() {
        let v = Values {
            name: "Ana {forum}".into(),
            forum: "Forum".into(),
            link: "https://a.example/r/x".into(),
            ..Values::default()
        };
        assert_eq!(
            fill("Dear {name}, {forum}: {link} {unknown} {", &v),
            "Dear Ana {forum}, Forum: https://a.example/r/x {unknown} {"
        );
        assert!(wants_ticket("Your ticket: {ticket}"));
        assert!(!wants_ticket("No ticket"));
    }

    proptest! {
        #[test]
        fn filling_never_panics_and_keeps_text_without_placeholders(text in ".{0,200}") {
            let v = Values::default();
            let out = fill(&text, &v);
            if !text.contains('{') {
                prop_assert_eq!(out, text);
            }
        }
    }
}
