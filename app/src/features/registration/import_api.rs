//! Importing an invitation list: the kept file's check (row by row, nothing written) and the
//! import (every new row, or nothing). The forum's team (`EditForum`), as the invitations page.

use super::import::{Outcome, Planned};
use crate::error::AppError;
use crate::features::forums::types::ForumSummary;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The check of one kept file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportCheck {
    pub forum: ForumSummary,
    pub file_name: String,
    pub rows: Vec<Planned>,
    /// (id, name) of the series' groups, for the table.
    pub groups: Vec<(i64, String)>,
    /// Why the file as a whole cannot be read (a catalogue key), when it cannot.
    pub error: Option<String>,
    /// Registrations only: where each row would sit by the seat rules (`None`: not written).
    #[serde(default)]
    pub placements: Vec<Option<super::partner::Placement>>,
}

impl ImportCheck {
    pub fn new_rows(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| r.outcome == Outcome::New)
            .count()
    }
    pub fn wrong_rows(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| matches!(r.outcome, Outcome::Wrong(..)))
            .count()
    }
}

/// A kept file, checked, with what its import needs.
#[cfg(feature = "ssr")]
pub(crate) struct Checked {
    pub state: crate::state::AppState,
    pub forum: crate::store::records::ForumRecord,
    pub import_id: i64,
    /// The account checking it (recorded on imported registrations).
    pub account: i64,
    pub checked: ImportCheck,
}

/// Checks kept file `import_id` of `kind` (`invitations` or `registrations`) row by row.
#[cfg(feature = "ssr")]
pub(crate) async fn check(slug: &str, import_id: i64, kind: &str) -> Result<Checked, AppError> {
    let (state, forum, scope) =
        crate::features::accounts::guard::organiser_forum_read(slug, &[]).await?;
    scope.writable()?;
    if scope.country.is_some() {
        return Err(AppError::Forbidden);
    }
    let store = state.store.as_ref();
    let (file_name, bytes) = store
        .import_file(forum.summary.id, kind, import_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let locale = crate::locale::request_locale();
    let series_groups = store.stakeholder_groups(forum.series_id).await?;
    let mut named: Vec<(i64, Vec<String>)> = series_groups
        .iter()
        .map(|g| (g.id.0, vec![g.name.clone(), g.key.clone()]))
        .collect();
    for l in crate::i18n::Locale::ALL {
        let local =
            crate::features::forums::content::stakeholder_groups(store, forum.series_id, l).await?;
        for g in local {
            if let Some((_, names)) = named.iter_mut().find(|(id, _)| *id == g.id.0) {
                names.push(g.name);
            }
        }
    }
    let groups =
        crate::features::forums::content::stakeholder_groups(store, forum.series_id, locale)
            .await?
            .into_iter()
            .map(|g| (g.id.0, g.name))
            .collect();
    let (invited, registered) = store.known_addresses(forum.summary.id).await?;
    let known = super::import::Known {
        groups: &named,
        invited: &invited,
        registered: &registered,
        default_locale: &forum.summary.default_locale,
    };
    let planned = super::sheet::read(&bytes)
        .map_err(|e| e.key())
        .and_then(|rows| super::import::plan(&rows, &known));
    let (mut rows, error) = match planned {
        Ok(rows) => (rows, None),
        Err(key) => (Vec::new(), Some(key.to_string())),
    };
    let mut placements = Vec::new();
    if kind == "registrations" {
        rows = super::partner::as_registrations(rows);
        let (plan, waiting_list, taken) = store.seat_preview(forum.summary.id).await?;
        placements = super::partner::predict(&plan, &taken, waiting_list, &rows);
    }
    let summary = forum.summary.clone();
    Ok(Checked {
        state,
        forum,
        import_id,
        account: scope.account.id.0,
        checked: ImportCheck {
            forum: summary,
            file_name,
            rows,
            groups,
            error,
            placements,
        },
    })
}

#[server(endpoint = "organiser/invitation-import")]
pub async fn load_import(slug: String, import_id: i64) -> Result<ImportCheck, AppError> {
    Ok(check(&slug, import_id, "invitations").await?.checked)
}

/// Imports the checked file: an invitation for each new row, emailed in its language.
#[server(endpoint = "invitations/import")]
pub async fn run_import(slug: String, import_id: i64) -> Result<(), AppError> {
    use super::import_store::ImportedInvitation;
    use super::mail::invitation_code;
    use crate::server::reject;
    let Checked {
        state,
        forum,
        import_id: id,
        checked,
        ..
    } = check(&slug, import_id, "invitations")
        .await
        .map_err(|e| reject(e, &[]))?;
    if let Some(key) = checked.error {
        return Err(reject(AppError::Conflict(key), &[]));
    }
    if checked.wrong_rows() > 0 {
        return Err(reject(
            AppError::Conflict("import.error.wrong_rows".into()),
            &[],
        ));
    }
    let mailer = super::invitation_mail::InvitationMailer::new(&state, &forum.summary).await?;
    let rows: Vec<ImportedInvitation> = checked
        .rows
        .into_iter()
        .filter(|r| r.outcome == Outcome::New)
        .map(|r| {
            let salt = state.secret.new_salt();
            let code = invitation_code(&state.secret, &salt);
            let locale = crate::i18n::Locale::from_code(&r.locale).unwrap_or_default();
            let mail = mailer.letter(locale, &r.email, &r.full_name, &code, false);
            ImportedInvitation {
                code_hash: crate::features::accounts::auth::token_hash(&code),
                salt,
                full_name: r.full_name,
                email: r.email,
                organisation: r.organisation,
                group: r.group,
                locale: r.locale,
                note: r.note,
                mail: Some(mail),
            }
        })
        .collect();
    let count = rows.len();
    if !state
        .store
        .import_invitations(forum.summary.id, id, &rows, crate::clock::now())
        .await?
    {
        return Err(reject(AppError::Conflict("import.error.done".into()), &[]));
    }
    tracing::info!(forum = forum.summary.id.0, count, "invitations imported");
    leptos_axum::redirect(&format!(
        "/organiser/forums/{}/invitations?imported={count}",
        forum.summary.slug
    ));
    Ok(())
}
