//! The participant's registration form, parsed into a checked `NewRegistration` before any I/O.

use super::types::{AGE_BANDS, GENDERS};
use crate::error::FieldError;
use crate::features::accounts::types::EmailAddress;
use crate::features::forums::types::{StakeholderGroupId, COUNTRIES};
use crate::text::{line_field, text_field};
use serde::{Deserialize, Serialize};

/// The form as submitted (all text, as browsers send it; unchecked boxes are absent).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RegistrationForm {
    pub full_name: String,
    pub email: String,
    pub organisation: String,
    pub position: String,
    pub country: String,
    #[serde(default)]
    pub country_other: String,
    pub group_id: String,
    #[serde(default)]
    pub gender: String,
    #[serde(default)]
    pub age_band: String,
    #[serde(default)]
    pub accessibility: String,
    #[serde(default)]
    pub dietary: String,
    pub privacy: Option<String>,
    pub photo_consent: Option<String>,
    /// Optional consents asked only at registration (then managed on the participant's page).
    #[serde(default)]
    pub listed_consent: Option<String>,
    #[serde(default)]
    pub contact_consent: Option<String>,
    /// Answers to the forum's own questions (see `questions.rs`).
    #[serde(default)]
    pub answers: std::collections::BTreeMap<String, String>,
    /// A personal invitation's code (invitation-only forums), from the link or typed.
    #[serde(default)]
    pub invitation: String,
    /// A field people never see (moved off screen by the style sheet, skipped by the keyboard,
    /// hidden from screen readers); scripts that fill every field fill it.
    #[serde(default)]
    pub website: String,
    /// When the server served the form, signed (see `registration::service::form_stamp`).
    #[serde(default)]
    pub issued: String,
}

/// A registration that passed every check.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRegistration {
    pub full_name: String,
    pub email: EmailAddress,
    pub organisation: String,
    pub position: String,
    /// An ISO code of the region, or the text typed for "other".
    pub country: String,
    pub group_id: StakeholderGroupId,
    pub gender: String,
    pub age_band: String,
    pub accessibility: String,
    pub dietary: String,
    pub photo_consent: bool,
}

fn choice(errors: &mut Vec<FieldError>, field: &str, value: &str, allowed: &[&str]) -> String {
    let value = value.trim();
    if value.is_empty() || allowed.contains(&value) {
        value.to_string()
    } else {
        errors.push(FieldError::new(field, "error.invalid"));
        String::new()
    }
}

impl RegistrationForm {
    /// Checks the form; `groups` are the series' stakeholder groups.
    pub fn parse(&self, groups: &[StakeholderGroupId]) -> Result<NewRegistration, Vec<FieldError>> {
        let mut errors = Vec::new();
        let full_name = line_field(&mut errors, "full_name", &self.full_name, 200, true);
        let email = match EmailAddress::parse(&self.email) {
            Ok(e) => Some(e),
            Err(key) => {
                errors.push(FieldError::new("email", key));
                None
            }
        };
        let organisation = line_field(&mut errors, "organisation", &self.organisation, 200, true);
        let position = line_field(&mut errors, "position", &self.position, 200, false);
        let country = match self.country.trim() {
            "" => {
                errors.push(FieldError::new("country", "error.required"));
                String::new()
            }
            "other" => line_field(&mut errors, "country_other", &self.country_other, 100, true),
            code if COUNTRIES.contains(&code) => code.to_string(),
            _ => {
                errors.push(FieldError::new("country", "error.invalid"));
                String::new()
            }
        };
        let group_id = match self.group_id.trim().parse::<i64>() {
            Ok(id) if groups.contains(&StakeholderGroupId(id)) => Some(StakeholderGroupId(id)),
            _ if self.group_id.trim().is_empty() => {
                errors.push(FieldError::new("group_id", "error.required"));
                None
            }
            _ => {
                errors.push(FieldError::new("group_id", "error.invalid"));
                None
            }
        };
        let gender = choice(&mut errors, "gender", &self.gender, &GENDERS);
        let age_band = choice(&mut errors, "age_band", &self.age_band, &AGE_BANDS);
        let accessibility = text_field(
            &mut errors,
            "accessibility",
            &self.accessibility,
            1_000,
            false,
        );
        let dietary = line_field(&mut errors, "dietary", &self.dietary, 500, false);
        if self.privacy.is_none() {
            errors.push(FieldError::new("privacy", "error.privacy_required"));
        }
        match (email, group_id) {
            (Some(email), Some(group_id)) if errors.is_empty() => Ok(NewRegistration {
                full_name,
                email,
                organisation,
                position,
                country,
                group_id,
                gender,
                age_band,
                accessibility,
                dietary,
                photo_consent: self.photo_consent.is_some(),
            }),
            _ => Err(errors),
        }
    }
}

impl RegistrationForm {
    /// Checks the form and the answers to the forum's own questions together, so every problem
    /// is reported at once.
    #[allow(clippy::type_complexity)]
    pub fn parse_with_answers(
        &self,
        groups: &[StakeholderGroupId],
        questions: &[super::questions::Question],
    ) -> Result<(NewRegistration, Vec<(i64, String)>), Vec<FieldError>> {
        match (
            self.parse(groups),
            super::questions::parse_answers(questions, &self.answers),
        ) {
            (Ok(new), Ok(answers)) => Ok((new, answers)),
            (parsed, answers) => Err(parsed
                .err()
                .unwrap_or_default()
                .into_iter()
                .chain(answers.err().unwrap_or_default())
                .collect()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> RegistrationForm {
        RegistrationForm {
            full_name: "Arta Hoxha".into(),
            email: " Arta@Example.org ".into(),
            organisation: "Partners Albania".into(),
            country: "AL".into(),
            group_id: "3".into(),
            privacy: Some("on".into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_valid_form_parses_with_a_normalised_address() {
        let r = valid().parse(&[StakeholderGroupId(3)]).expect("valid");
        assert_eq!(r.email.as_str(), "arta@example.org");
        assert!(!r.photo_consent);
    }

    #[test]
    fn every_problem_is_named_by_its_field() {
        let bad = RegistrationForm {
            full_name: "".into(),
            email: "not-an-address".into(),
            country: "other".into(),
            group_id: "9".into(),
            age_band: "12-17".into(),
            privacy: None,
            ..valid()
        };
        let fields: Vec<String> = bad
            .parse(&[StakeholderGroupId(3)])
            .expect_err("invalid")
            .into_iter()
            .map(|e| format!("{}:{}", e.field, e.key))
            .collect();
        assert_eq!(
            fields,
            vec![
                "full_name:error.required",
                "email:error.email_invalid",
                "country_other:error.required",
                "group_id:error.invalid",
                "age_band:error.invalid",
                "privacy:error.privacy_required",
            ]
        );
    }
}
