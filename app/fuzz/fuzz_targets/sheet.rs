//! Any uploaded spreadsheet bytes: reading never panics, every cell read is one line without a
//! control character or a formula start, and planning the rows (as invitations and as a
//! partner's registrations) never panics.
#![no_main]

use app::features::registration::{import, partner, sheet};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(rows) = sheet::read(data) else {
        return;
    };
    assert!(rows.len() <= sheet::MAX_ROWS + 1);
    for cell in rows.iter().flatten() {
        assert!(!cell.chars().any(char::is_control), "a control character: {cell:?}");
        assert!(!cell.starts_with(['=', '+', '-', '@']), "a formula start: {cell:?}");
    }
    let groups = [(7, vec!["Youth".to_string(), "Të rinjtë".to_string()])];
    let known = import::Known {
        groups: &groups,
        invited: &["old@example.org".into()],
        registered: &["seat@example.org".into()],
        default_locale: "en",
    };
    if let Ok(plan) = import::plan(&rows, &known) {
        assert_eq!(plan.len(), rows.len() - 1);
        let _ = partner::as_registrations(plan);
    }
});
