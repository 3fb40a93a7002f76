//! The forum's own questions on the registration form: organiser-defined, translatable, of five
//! kinds, required or optional. Answers arrive as `form[answers][q<ID>]` (and, for multiple
//! choice, one box per option: `form[answers][q<ID>_<N>]`) and are checked here before any I/O.

use crate::error::FieldError;
use crate::i18n::Locale;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The kinds of question an organiser can ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuestionKind {
    Short,
    Long,
    Single,
    Multiple,
    Checkbox,
}

impl QuestionKind {
    pub const ALL: [QuestionKind; 5] = [
        QuestionKind::Short,
        QuestionKind::Long,
        QuestionKind::Single,
        QuestionKind::Multiple,
        QuestionKind::Checkbox,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            QuestionKind::Short => "short",
            QuestionKind::Long => "long",
            QuestionKind::Single => "single",
            QuestionKind::Multiple => "multiple",
            QuestionKind::Checkbox => "checkbox",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == value)
    }

    pub fn has_options(self) -> bool {
        matches!(self, QuestionKind::Single | QuestionKind::Multiple)
    }
}

/// Text in several languages: language code to text.
pub type Translated = BTreeMap<String, String>;

/// The languages an organiser writes questions in (Serbian Cyrillic is transliterated from the
/// Latin text).
pub fn authored_locales() -> impl Iterator<Item = Locale> {
    Locale::ALL.into_iter().filter(|l| *l != Locale::SrCyrl)
}

/// The text for `locale`, else English, else any.
pub fn pick(texts: &Translated, locale: Locale) -> String {
    if locale == Locale::SrCyrl {
        if let Some(latin) = texts.get("sr").filter(|t| !t.is_empty()) {
            return crate::i18n::translit::latin_to_cyrillic(latin);
        }
    }
    texts
        .get(locale.code())
        .filter(|t| !t.is_empty())
        .or_else(|| texts.get("en").filter(|t| !t.is_empty()))
        .or_else(|| texts.values().find(|t| !t.is_empty()))
        .cloned()
        .unwrap_or_default()
}

/// A question with every translation (the organiser's view and storage).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionDef {
    pub id: i64,
    pub kind: QuestionKind,
    pub required: bool,
    pub label: Translated,
    pub options: Vec<Translated>,
}

/// A question in one language, as the form shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: i64,
    pub kind: QuestionKind,
    pub required: bool,
    pub label: String,
    pub options: Vec<String>,
}

impl QuestionDef {
    pub fn localised(&self, locale: Locale) -> Question {
        Question {
            id: self.id,
            kind: self.kind,
            required: self.required,
            label: pick(&self.label, locale),
            options: self.options.iter().map(|o| pick(o, locale)).collect(),
        }
    }

    /// An answer as a person reads it (choices by their text in `locale`).
    pub fn answer_text(&self, value: &str, locale: Locale) -> String {
        match self.kind {
            QuestionKind::Single | QuestionKind::Multiple => value
                .split(',')
                .filter_map(|n| n.parse::<usize>().ok())
                .filter_map(|n| self.options.get(n))
                .map(|o| pick(o, locale))
                .collect::<Vec<_>>()
                .join("; "),
            QuestionKind::Checkbox if value == "1" => locale.t("common.yes"),
            QuestionKind::Checkbox => locale.t("common.no"),
            _ => value.to_string(),
        }
    }
}

/// The field name of a question's answer (errors are reported under it).
pub fn field_of(id: i64) -> String {
    format!("q{id}")
}

/// Stored answers as the form submits them, to fill in an edit form.
pub fn form_values(questions: &[Question], stored: &[(i64, String)]) -> BTreeMap<String, String> {
    let mut values = BTreeMap::new();
    for (id, value) in stored {
        let Some(q) = questions.iter().find(|q| q.id == *id) else {
            continue;
        };
        let field = field_of(*id);
        match q.kind {
            QuestionKind::Multiple => {
                for n in value.split(',') {
                    values.insert(format!("{field}_{n}"), "on".to_string());
                }
            }
            QuestionKind::Checkbox => {
                values.insert(field, "on".to_string());
            }
            _ => {
                values.insert(field, value.clone());
            }
        }
    }
    values
}

/// Checks the submitted answers against the questions: (question, stored value) for each answer
/// given, or every problem by its field.
pub fn parse_answers(
    questions: &[Question],
    submitted: &BTreeMap<String, String>,
) -> Result<Vec<(i64, String)>, Vec<FieldError>> {
    let mut answers = Vec::new();
    let mut errors = Vec::new();
    if submitted.len() > 500 {
        return Err(vec![FieldError::new("answers", "error.invalid")]);
    }
    for q in questions {
        let field = field_of(q.id);
        let raw = submitted.get(&field).map(|v| v.trim()).unwrap_or("");
        let value = match q.kind {
            QuestionKind::Short | QuestionKind::Long => {
                let limit = if q.kind == QuestionKind::Short {
                    300
                } else {
                    3_000
                };
                // A short answer stays on one line; a long one keeps only its line breaks.
                let text = if q.kind == QuestionKind::Short {
                    crate::text::single_line(raw)
                } else {
                    crate::text::multi_line(raw)
                };
                if text.chars().count() > limit {
                    errors.push(FieldError::new(&field, "error.too_long"));
                    continue;
                }
                text
            }
            QuestionKind::Single => match raw.parse::<usize>() {
                Ok(n) if n < q.options.len() => n.to_string(),
                _ if raw.is_empty() => String::new(),
                _ => {
                    errors.push(FieldError::new(&field, "error.invalid"));
                    continue;
                }
            },
            QuestionKind::Multiple => (0..q.options.len())
                .filter(|n| submitted.contains_key(&format!("{field}_{n}")))
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join(","),
            QuestionKind::Checkbox if raw.is_empty() => String::new(),
            QuestionKind::Checkbox => "1".to_string(),
        };
        if value.is_empty() {
            if q.required {
                errors.push(FieldError::new(&field, "error.required"));
            }
            continue;
        }
        answers.push((q.id, value));
    }
    if errors.is_empty() {
        Ok(answers)
    } else {
        Err(errors)
    }
}

/// An organiser's new question as typed: a label per language and, for choices, one option per
/// line per language (lines correspond across languages; English or the first language given is
/// the reference).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct QuestionForm {
    pub kind: String,
    pub required: Option<String>,
    #[serde(default)]
    pub label: BTreeMap<String, String>,
    #[serde(default)]
    pub options: BTreeMap<String, String>,
}

impl QuestionForm {
    pub fn parse(&self) -> Result<QuestionDef, Vec<FieldError>> {
        let mut errors = Vec::new();
        let kind = QuestionKind::parse(self.kind.trim());
        if kind.is_none() {
            errors.push(FieldError::new("kind", "error.invalid"));
        }
        let label: Translated = authored_locales()
            .filter_map(|l| {
                let text = crate::text::single_line(self.label.get(l.code())?);
                (!text.is_empty()).then(|| (l.code().to_string(), text))
            })
            .collect();
        if label.is_empty() {
            errors.push(FieldError::new("label_en", "error.required"));
        }
        if label.values().any(|t| t.chars().count() > 300) {
            errors.push(FieldError::new("label_en", "error.too_long"));
        }
        let lines: BTreeMap<&str, Vec<String>> = authored_locales()
            .filter_map(|l| {
                let text = self.options.get(l.code())?;
                let lines: Vec<String> = text
                    .lines()
                    .map(crate::text::single_line)
                    .filter(|s| !s.is_empty())
                    .collect();
                (!lines.is_empty()).then_some((l.code(), lines))
            })
            .collect();
        let reference = lines.get("en").or_else(|| lines.values().next());
        let count = reference.map_or(0, Vec::len);
        let mut options = Vec::new();
        if kind.is_some_and(QuestionKind::has_options) {
            if count < 2 {
                errors.push(FieldError::new("options_en", "error.options_needed"));
            } else if count > 50 || lines.values().flatten().any(|o| o.chars().count() > 200) {
                errors.push(FieldError::new("options_en", "error.too_long"));
            } else if lines.values().any(|l| l.len() != count) {
                errors.push(FieldError::new("options_en", "error.options_mismatch"));
            }
            options = (0..count)
                .map(|n| {
                    lines
                        .iter()
                        .filter_map(|(code, l)| Some((code.to_string(), l.get(n)?.clone())))
                        .collect()
                })
                .collect();
        }
        match kind {
            Some(kind) if errors.is_empty() => Ok(QuestionDef {
                id: 0,
                kind,
                required: self.required.is_some(),
                label,
                options,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(feature = "ssr")]
/// A forum question as stored (label and options are JSON).
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct QuestionRecord {
    pub id: i64,
    pub kind: String,
    pub required: bool,
    pub position: i64,
    pub label: String,
    pub options: String,
}

#[cfg(feature = "ssr")]
impl QuestionDef {
    pub fn from_record(r: &QuestionRecord) -> Option<QuestionDef> {
        Some(QuestionDef {
            id: r.id,
            kind: QuestionKind::parse(&r.kind)?,
            required: r.required,
            label: serde_json::from_str(&r.label).ok()?,
            options: serde_json::from_str(&r.options).ok()?,
        })
    }

    pub fn to_record(&self) -> QuestionRecord {
        QuestionRecord {
            id: self.id,
            kind: self.kind.as_str().to_string(),
            required: self.required,
            position: 0,
            label: serde_json::to_string(&self.label).unwrap_or_else(|_| "{}".into()),
            options: serde_json::to_string(&self.options).unwrap_or_else(|_| "[]".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(id: i64, kind: QuestionKind, required: bool, options: &[&str]) -> Question {
        Question {
            id,
            kind,
            required,
            label: format!("Q{id}"),
            options: options.iter().map(|o| o.to_string()).collect(),
        }
    }

    fn answers(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn every_kind_is_stored_in_its_form() {
        let qs = [
            q(1, QuestionKind::Short, true, &[]),
            q(2, QuestionKind::Long, false, &[]),
            q(3, QuestionKind::Single, true, &["a", "b"]),
            q(4, QuestionKind::Multiple, false, &["x", "y", "z"]),
            q(5, QuestionKind::Checkbox, true, &[]),
        ];
        let got = parse_answers(
            &qs,
            &answers(&[
                ("q1", " Skopje "),
                ("q3", "1"),
                ("q4_0", "on"),
                ("q4_2", "on"),
                ("q5", "on"),
            ]),
        )
        .expect("valid");
        assert_eq!(
            got,
            vec![
                (1, "Skopje".to_string()),
                (3, "1".to_string()),
                (4, "0,2".to_string()),
                (5, "1".to_string())
            ]
        );
    }

    #[test]
    fn missing_required_and_foreign_choices_are_named_by_field() {
        let qs = [
            q(1, QuestionKind::Short, true, &[]),
            q(3, QuestionKind::Single, false, &["a", "b"]),
            q(5, QuestionKind::Checkbox, true, &[]),
        ];
        let errors = parse_answers(&qs, &answers(&[("q3", "7")])).expect_err("invalid");
        let fields: Vec<String> = errors
            .iter()
            .map(|e| format!("{}:{}", e.field, e.key))
            .collect();
        assert_eq!(
            fields,
            vec!["q1:error.required", "q3:error.invalid", "q5:error.required"]
        );
    }

    #[test]
    fn options_must_correspond_across_languages() {
        let mut form = QuestionForm {
            kind: "single".into(),
            label: [
                ("en".to_string(), "Workshop".to_string()),
                ("sq".to_string(), "Punëtoria".to_string()),
            ]
            .into(),
            options: [
                ("en".to_string(), "Health\nEducation".to_string()),
                ("sq".to_string(), "Shëndetësia".to_string()),
            ]
            .into(),
            ..Default::default()
        };
        let errors = form.parse().expect_err("mismatch");
        assert_eq!(errors[0].key, "error.options_mismatch");
        form.options
            .insert("sq".into(), "Shëndetësia\nArsimi".into());
        let def = form.parse().expect("valid");
        assert_eq!(def.options.len(), 2);
        assert_eq!(pick(&def.options[1], Locale::Sq), "Arsimi");
        assert_eq!(
            pick(&def.options[1], Locale::Mk),
            "Education",
            "falls back to English"
        );
    }
}
