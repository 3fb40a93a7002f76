//! `POST /organiser/forums/{slug}/invitations/import` (multipart: `file`): keeps an invitation
//! list for its check and sends the browser to the check's page. The forum's team only
//! (`EditForum`, no coordinator); a refused or unreadable upload writes nothing and says why.

use crate::error::{AppError, FieldError};
use crate::features::accounts::policy::{authorize, who_in, Action, Who};
use crate::flash::Flash;
use crate::state::AppState;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

fn refused(key: &str) -> AppError {
    AppError::Invalid(vec![FieldError::new("file", key)])
}

async fn receive(
    state: &AppState,
    slug: &str,
    headers: &HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
    kind: &str,
) -> Result<(String, i64), AppError> {
    let who = who_in(state, headers).await?;
    let Who::Account(account) = &who else {
        return Err(AppError::Unauthenticated);
    };
    let forum = state
        .store
        .forum_by_slug(slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let grant = authorize(
        state.store.as_ref(),
        &who,
        Action::EditForum(forum.summary.id),
    )
    .await?;
    if grant.country.is_some() {
        return Err(AppError::Forbidden);
    }
    let mut multipart = multipart.map_err(|_| refused("error.bad_request"))?;
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|_| refused("error.bad_request"))?
    {
        if field.name() != Some("file") || file.is_some() {
            continue;
        }
        let name = crate::text::single_line(field.file_name().unwrap_or("list"));
        let mut bytes = Vec::new();
        while let Some(chunk) = field
            .chunk()
            .await
            .map_err(|_| refused("error.bad_request"))?
        {
            bytes.extend_from_slice(&chunk);
            if bytes.len() > super::sheet::MAX_BYTES {
                return Err(refused("import.error.too_large"));
            }
        }
        file = Some((name, bytes));
    }
    let (name, bytes) = file
        .filter(|(_, b)| !b.is_empty())
        .ok_or_else(|| refused("error.file_missing"))?;
    // Read once now, so a file that is no spreadsheet is refused at once and never kept.
    super::sheet::read(&bytes).map_err(|e| refused(e.key()))?;
    let id = state
        .store
        .save_import_file(
            forum.summary.id,
            kind,
            &name.chars().take(200).collect::<String>(),
            &bytes,
            Some(account.id.0),
            crate::clock::now(),
        )
        .await?;
    Ok((forum.summary.slug, id))
}

pub async fn upload(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let back = format!("/organiser/forums/{slug}/invitations");
    answer(&state, &slug, &headers, multipart, "invitations", &back).await
}

/// `POST /organiser/forums/{slug}/registrations/import/upload`: a partner's registrations, kept
/// for their check at `/organiser/forums/{slug}/registrations/import/{id}`.
pub async fn upload_registrations(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let back = format!("/organiser/forums/{slug}/registrations/import");
    answer(&state, &slug, &headers, multipart, "registrations", &back).await
}

/// Keeps the upload and sends a browser to its check (`{back-of-kind}/import/{id}`), or back
/// with the reason; a script gets JSON.
async fn answer(
    state: &AppState,
    slug: &str,
    headers: &HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
    kind: &str,
    back: &str,
) -> Response {
    let html = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    match receive(state, slug, headers, multipart, kind).await {
        Ok((slug, id)) if html => crate::flash::see_other(
            &format!("/organiser/forums/{slug}/{kind}/import/{id}"),
            None,
        ),
        Ok((_, id)) => (
            StatusCode::CREATED,
            axum::Json(serde_json::json!({ "id": id })),
        )
            .into_response(),
        Err(AppError::Unauthenticated) if html => {
            crate::flash::see_other(&format!("/login?next={back}"), None)
        }
        Err(error) if html => {
            let flash = Flash {
                error,
                fields: vec![("form".into(), "import".into())],
            };
            crate::flash::see_other(back, Some(&flash))
        }
        Err(error) => {
            let status =
                StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::BAD_REQUEST);
            let locale = crate::locale::locale_of(headers, None);
            let key = match &error {
                AppError::Invalid(errors) => errors.first().map(|e| e.key.clone()),
                _ => None,
            }
            .unwrap_or_else(|| error.message_key().to_string());
            let body = serde_json::json!({ "error": key, "message": locale.t(&key) });
            (status, axum::Json(body)).into_response()
        }
    }
}
