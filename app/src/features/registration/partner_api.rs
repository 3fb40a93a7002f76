//! Importing registrations collected by a partner: the kept file's check (each row's outcome and
//! where it would sit by the seat rules, nothing written) and the import (every new row through
//! the seat rules in one transaction, or nothing), recorded with the organiser who ran it. Each
//! imported participant gets the usual confirmation unless the organiser unticks it. The
//! forum's team (`EditForum`, no country coordinator), as the invitation import.

use super::import_api::ImportCheck;
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "organiser/registration-import")]
pub async fn load_registration_import(
    slug: String,
    import_id: i64,
) -> Result<ImportCheck, AppError> {
    Ok(super::import_api::check(&slug, import_id, "registrations")
        .await?
        .checked)
}

/// Imports the checked file. `agreed` must be ticked: the partner collected each person's
/// agreement to the privacy notice. `confirm` ticked sends each one the usual confirmation.
#[server(endpoint = "registrations/import")]
pub async fn run_registration_import(
    slug: String,
    import_id: i64,
    agreed: Option<String>,
    confirm: Option<String>,
) -> Result<(), AppError> {
    use super::form::NewRegistration;
    use super::import::Outcome;
    use super::partner_store::{ImportRefusal, PartnerRow};
    use super::records::RegistrationInsert;
    use crate::error::FieldError;
    use crate::features::accounts::types::EmailAddress;
    use crate::features::forums::types::StakeholderGroupId;
    use crate::server::reject;
    let super::import_api::Checked {
        state,
        forum,
        import_id: id,
        account,
        checked,
    } = super::import_api::check(&slug, import_id, "registrations")
        .await
        .map_err(|e| reject(e, &[]))?;
    if agreed.is_none() {
        return Err(reject(
            AppError::Invalid(vec![FieldError::new("agreed", "import.error.agreed")]),
            &[],
        ));
    }
    if let Some(key) = checked.error {
        return Err(reject(AppError::Conflict(key), &[]));
    }
    if checked.wrong_rows() > 0 {
        return Err(reject(
            AppError::Conflict("import.error.wrong_rows".into()),
            &[],
        ));
    }
    let mut forms = Vec::new();
    for r in checked.rows.iter().filter(|r| r.outcome == Outcome::New) {
        let Some(group) = r.group else { continue };
        let email = EmailAddress::parse(&r.email)
            .map_err(|_| reject(AppError::Conflict("import.error.wrong_rows".into()), &[]))?;
        let country = if r.country.is_empty() {
            forum.summary.country.clone()
        } else {
            r.country.clone()
        };
        let new = NewRegistration {
            full_name: r.full_name.clone(),
            email,
            organisation: r.organisation.clone(),
            position: String::new(),
            country,
            group_id: StakeholderGroupId(group),
            gender: String::new(),
            age_band: String::new(),
            accessibility: String::new(),
            dietary: String::new(),
            photo_consent: false,
        };
        forms.push((r.line, r.locale.clone(), new));
    }
    let rows: Vec<PartnerRow<'_>> = forms
        .iter()
        .map(|(line, locale, new)| {
            let salt = state.secret.new_salt();
            let token = super::mail::manage_token(&state.secret, &salt);
            PartnerRow {
                line: *line,
                insert: RegistrationInsert {
                    forum: forum.summary.id,
                    form: new,
                    locale,
                    privacy_version: "imported-by-organiser",
                    manage_token_hash: crate::secrets::token_hash(&token),
                    manage_salt: salt,
                    pending: false,
                    invitation: None,
                    answers: &[],
                    consents: &[],
                    hold_until: None,
                },
            }
        })
        .collect();
    let mailer = super::mailer::Mailer::for_record(&state, &forum).await?;
    let silent = |_: &super::records::RegistrationRecord, _: super::mail::Message| None;
    let tell = |r: &super::records::RegistrationRecord, m: super::mail::Message| mailer.write(r, m);
    let compose: super::mail::Compose<'_> = if confirm.is_some() { &tell } else { &silent };
    let written = state
        .store
        .import_registrations(
            forum.summary.id,
            id,
            &rows,
            Some(account),
            crate::clock::now(),
            compose,
        )
        .await?;
    let refusal = |key: &str| Err(reject(AppError::Conflict(key.into()), &[]));
    match written {
        Ok(placed) => {
            tracing::info!(
                forum = forum.summary.id.0,
                count = placed.len(),
                "registrations imported"
            );
            leptos_axum::redirect(&format!(
                "/organiser/forums/{}/registrations?imported={}",
                forum.summary.slug,
                placed.len()
            ));
            Ok(())
        }
        Err(ImportRefusal::Done) => refusal("import.error.done"),
        Err(ImportRefusal::Full(_)) => refusal("import.error.no_seat"),
        Err(ImportRefusal::Registered(_)) => refusal("import.error.registered_meanwhile"),
    }
}

/// What the upload page shows: the groups a list may name and whether the forum keeps a
/// waiting list.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RegistrationImportPageData {
    pub groups: Vec<String>,
    pub waiting_list: bool,
}

#[server(endpoint = "organiser/registration-import-page")]
pub async fn load_registration_import_page(
    slug: String,
) -> Result<RegistrationImportPageData, AppError> {
    let (state, forum, scope) =
        crate::features::accounts::guard::organiser_forum_read(&slug, &[]).await?;
    scope.writable()?;
    if scope.country.is_some() {
        return Err(AppError::Forbidden);
    }
    let store = state.store.as_ref();
    let locale = crate::locale::request_locale();
    let groups = super::api::support::groups(store, forum.series_id, locale)
        .await?
        .into_iter()
        .map(|g| g.name)
        .collect();
    let settings = store.registration_settings(forum.summary.id).await?;
    Ok(RegistrationImportPageData {
        groups,
        waiting_list: settings.waiting_list,
    })
}
