//! Any body posted to the registration form: it decodes or is refused, and a decoded form is
//! checked against the groups and the forum's own questions (each kind) without a panic.
#![no_main]

use app::features::forums::types::StakeholderGroupId;
use app::features::registration::form::RegistrationForm;
use app::features::registration::questions::{Question, QuestionKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(form) = serde_urlencoded::from_bytes::<RegistrationForm>(data) else {
        return;
    };
    let groups = [StakeholderGroupId(1), StakeholderGroupId(2)];
    let questions: Vec<Question> = [
        QuestionKind::Short,
        QuestionKind::Long,
        QuestionKind::Single,
        QuestionKind::Multiple,
        QuestionKind::Checkbox,
    ]
    .into_iter()
    .enumerate()
    .map(|(i, kind)| Question {
        id: i as i64 + 1,
        kind,
        required: i % 2 == 0,
        label: format!("q{i}"),
        options: vec!["Da".into(), "Jo".into(), "Можеби".into()],
    })
    .collect();
    if let Ok((new, answers)) = form.parse_with_answers(&groups, &questions) {
        assert!(!new.full_name.trim().is_empty());
        assert!(answers.iter().all(|(id, _)| (1..=5).contains(id)));
    }
});
