//! An invitation list read from a spreadsheet, planned row by row before anything is written:
//! each row is new, already invited, already registered, a repeat of an earlier row, or wrong
//! (with the column and the reason). The import then writes the new rows in one transaction, or
//! nothing when any row is wrong. Pure: the caller gives what the forum already has.

use crate::features::accounts::types::EmailAddress;
use crate::i18n::Locale;
use serde::{Deserialize, Serialize};

/// The headings each column may have (English and the six languages' words).
pub const NAME: &[&str] = &[
    "name",
    "full name",
    "emri",
    "ime",
    "име",
    "ime i prezime",
    "име и презиме",
    "emri dhe mbiemri",
];
pub const EMAIL: &[&str] = &[
    "email",
    "e-mail",
    "email address",
    "adresa",
    "е-пошта",
    "e-posta",
    "email adresa",
];
pub const ORGANISATION: &[&str] = &[
    "organisation",
    "organization",
    "organizata",
    "organizacija",
    "организација",
];
pub const GROUP: &[&str] = &["group", "stakeholder group", "grupi", "grupa", "група"];
pub const LANGUAGE: &[&str] = &["language", "gjuha", "jezik", "јазик"];
pub const NOTE: &[&str] = &["note", "shënim", "napomena", "белешка", "bilješka"];
pub const COUNTRY: &[&str] = &["country", "shteti", "država", "држава", "zemlja"];

/// What becomes of one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    New,
    AlreadyInvited,
    AlreadyRegistered,
    /// The same address as an earlier row (its line).
    Repeat(usize),
    /// The column's heading and the catalogue key of the reason.
    Wrong(String, String),
}

/// One row of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Planned {
    /// The line in the file (the heading is line 1).
    pub line: usize,
    pub full_name: String,
    pub email: String,
    pub organisation: String,
    pub group: Option<i64>,
    pub locale: String,
    pub note: String,
    /// The country as written (registrations only; the forum's country when empty).
    pub country: String,
    pub outcome: Outcome,
}

/// What the forum has already, for the plan.
pub struct Known<'a> {
    /// Stakeholder groups: id and every name they go by (their name in each language).
    pub groups: &'a [(i64, Vec<String>)],
    pub invited: &'a [String],
    pub registered: &'a [String],
    pub default_locale: &'a str,
}

/// Plans the rows (heading first) of a file; `Err` names the missing column's heading.
pub fn plan(rows: &[Vec<String>], known: &Known) -> Result<Vec<Planned>, &'static str> {
    let heading = rows.first().map(Vec::as_slice).unwrap_or_default();
    let cols = super::sheet::columns(
        heading,
        &[NAME, EMAIL, ORGANISATION, GROUP, LANGUAGE, NOTE, COUNTRY],
    );
    let (Some(name_col), Some(email_col)) = (cols[0], cols[1]) else {
        return Err("import.error.columns");
    };
    let cell = |row: &[String], col: Option<usize>| {
        col.and_then(|c| row.get(c)).cloned().unwrap_or_default()
    };
    let lower = |s: &str| s.to_lowercase();
    let mut seen: Vec<(String, usize)> = Vec::new();
    let mut out = Vec::new();
    for (i, row) in rows.iter().enumerate().skip(1) {
        let line = i + 1;
        let full_name = cell(row, Some(name_col));
        let typed = cell(row, Some(email_col));
        let organisation = cell(row, cols[2]);
        let group_text = cell(row, cols[3]);
        let language = cell(row, cols[4]);
        let note = cell(row, cols[5]);
        let country = cell(row, cols[6]);
        let mut wrong = None;
        if full_name.is_empty() || full_name.chars().count() > 200 {
            wrong = Some(("name", "import.error.name"));
        }
        let email = match EmailAddress::parse(&typed) {
            Ok(a) => a.as_str().to_string(),
            Err(_) => {
                wrong = wrong.or(Some(("email", "import.error.email")));
                typed.clone()
            }
        };
        let group = match group_text.as_str() {
            "" => None,
            g => {
                let found = known.groups.iter().find(|(id, names)| {
                    id.to_string() == g || names.iter().any(|n| lower(n) == lower(g))
                });
                if found.is_none() {
                    wrong = wrong.or(Some(("group", "import.error.group")));
                }
                found.map(|(id, _)| *id)
            }
        };
        let locale = match language.as_str() {
            "" => known.default_locale.to_string(),
            l => match Locale::from_code(l).or_else(|| {
                Locale::ALL
                    .into_iter()
                    .find(|x| lower(x.native_name()) == lower(l))
            }) {
                Some(x) => x.code().to_string(),
                None => {
                    wrong = wrong.or(Some(("language", "import.error.language")));
                    l.to_string()
                }
            },
        };
        if organisation.chars().count() > 200 || note.chars().count() > 1000 {
            wrong = wrong.or(Some(("note", "error.too_long")));
        }
        if country.chars().count() > 100 {
            wrong = wrong.or(Some(("country", "error.too_long")));
        }
        let outcome = if let Some((column, key)) = wrong {
            Outcome::Wrong(column.into(), key.into())
        } else if let Some((_, first)) = seen.iter().find(|(e, _)| *e == email) {
            Outcome::Repeat(*first)
        } else if known.registered.iter().any(|r| lower(r) == email) {
            Outcome::AlreadyRegistered
        } else if known.invited.iter().any(|r| lower(r) == email) {
            Outcome::AlreadyInvited
        } else {
            Outcome::New
        };
        if !matches!(outcome, Outcome::Wrong(..)) && !seen.iter().any(|(e, _)| *e == email) {
            seen.push((email.clone(), line));
        }
        out.push(Planned {
            line,
            full_name,
            email,
            organisation,
            group,
            locale,
            note,
            country,
            outcome,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(lines: &[&[&str]]) -> Vec<Vec<String>> {
        lines
            .iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    #[test]
    fn each_row_is_new_known_repeated_or_wrong_with_its_column() {
        let groups = [(7, vec!["Youth".to_string(), "Të rinjtë".to_string()])];
        let known = Known {
            groups: &groups,
            invited: &["old@example.org".into()],
            registered: &["seat@example.org".into()],
            default_locale: "en",
        };
        let file = rows(&[
            &["Email", "Name", "Group", "Language"],
            &["arta@example.org", "Arta", "të rinjtë", "sq"],
            &["OLD@example.org", "Old", "", ""],
            &["seat@example.org", "Seat", "7", "Македонски"],
            &["arta@example.org", "Arta again", "", ""],
            &["not-an-address", "X", "", ""],
            &["ok@example.org", "Ok", "Nobody", ""],
            &["lang@example.org", "L", "", "Klingon"],
        ]);
        let plan = plan(&file, &known).expect("plan");
        let outcomes: Vec<Outcome> = plan.iter().map(|p| p.outcome.clone()).collect();
        assert_eq!(
            outcomes,
            [
                Outcome::New,
                Outcome::AlreadyInvited,
                Outcome::AlreadyRegistered,
                Outcome::Repeat(2),
                Outcome::Wrong("email".into(), "import.error.email".into()),
                Outcome::Wrong("group".into(), "import.error.group".into()),
                Outcome::Wrong("language".into(), "import.error.language".into()),
            ]
        );
        assert_eq!((plan[0].group, plan[0].locale.as_str()), (Some(7), "sq"));
        assert_eq!(plan[2].locale, "mk");
        assert_eq!(
            plan[1].locale, "en",
            "the forum's language when none is given"
        );
    }

    #[test]
    fn a_file_without_a_name_or_email_column_is_refused() {
        let known = Known {
            groups: &[],
            invited: &[],
            registered: &[],
            default_locale: "en",
        };
        assert_eq!(
            plan(&rows(&[&["Email"], &["a@example.org"]]), &known),
            Err("import.error.columns")
        );
    }
}
