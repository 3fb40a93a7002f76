//! The document endpoints that are not pages: the multipart upload and the download.
//!
//! A browser form (no JavaScript needed) is answered with a redirect back to the documents screen,
//! carrying any refusal in the flash cookie; other clients get the status and a JSON message.

use super::sniff::download_name;
use super::storage::{self, ReceiveError};
use super::store::NewDocument;
use super::types::{DocumentId, DOCUMENT_KINDS};
use crate::error::{AppError, FieldError};
use crate::features::accounts::policy::{authorize, who_in, Action, Who};
use crate::features::forums::types::{ForumId, ForumStatus};
use crate::flash::Flash;
use crate::i18n::Locale;
use crate::server::internal;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// Why an upload was refused, with the HTTP status that says so.
struct Refusal {
    status: StatusCode,
    error: AppError,
}

impl From<AppError> for Refusal {
    fn from(error: AppError) -> Self {
        let status = StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::BAD_REQUEST);
        Refusal { status, error }
    }
}

fn field_refusal(status: StatusCode, field: &str, key: &str) -> Refusal {
    Refusal {
        status,
        error: AppError::Invalid(vec![FieldError::new(field, key)]),
    }
}

/// The text fields of the upload form.
#[derive(Default)]
struct UploadFields {
    title: String,
    locale: String,
    kind: String,
}

impl UploadFields {
    fn check(&self) -> Result<(), Refusal> {
        let mut errors = Vec::new();
        let title = self.title.trim();
        if title.is_empty() {
            errors.push(FieldError::new("title", "error.required"));
        } else if title.chars().count() > 200 {
            errors.push(FieldError::new("title", "error.too_long"));
        }
        if Locale::from_code(&self.locale).is_none() {
            errors.push(FieldError::new("locale", "error.invalid"));
        }
        if !DOCUMENT_KINDS.contains(&self.kind.as_str()) {
            errors.push(FieldError::new("kind", "error.invalid"));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(errors).into())
        }
    }
}

fn wants_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

/// `POST /organiser/forums/{slug}/documents` (multipart: title, locale, kind, file).
pub async fn upload(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let back = format!("/organiser/forums/{slug}/documents");
    let mut fields = UploadFields::default();
    let result = receive_upload(&state, &slug, &headers, multipart, &mut fields).await;
    let html = wants_html(&headers);
    match result {
        Ok(_) if html => crate::flash::see_other(&back, None),
        Ok(id) => (
            StatusCode::CREATED,
            axum::Json(serde_json::json!({ "id": id.0 })),
        )
            .into_response(),
        Err(refusal) if html => {
            if refusal.error == AppError::Unauthenticated {
                return crate::flash::see_other(&format!("/login?next={back}"), None);
            }
            let flash = Flash {
                error: refusal.error,
                fields: vec![
                    ("title".into(), fields.title),
                    ("locale".into(), fields.locale),
                    ("kind".into(), fields.kind),
                ],
            };
            crate::flash::see_other(&back, Some(&flash))
        }
        Err(refusal) => {
            let locale = crate::locale::locale_of(&headers, None);
            let key = match &refusal.error {
                AppError::Invalid(errors) => errors.first().map(|e| e.key.clone()),
                _ => None,
            }
            .unwrap_or_else(|| refusal.error.message_key().to_string());
            let body = serde_json::json!({ "error": key, "message": locale.t(&key) });
            (refusal.status, axum::Json(body)).into_response()
        }
    }
}

async fn receive_upload(
    state: &AppState,
    slug: &str,
    headers: &HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
    fields: &mut UploadFields,
) -> Result<DocumentId, Refusal> {
    let who = who_in(state, headers).await?;
    if matches!(who, Who::Anonymous) {
        return Err(AppError::Unauthenticated.into());
    }
    let forum = state
        .store
        .forum_by_slug(slug)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    authorize(
        state.store.as_ref(),
        &who,
        Action::EditForum(forum.summary.id),
    )
    .await?;
    let mut multipart = multipart
        .map_err(|_| field_refusal(StatusCode::BAD_REQUEST, "file", "error.bad_request"))?;
    let dir = state.settings.upload_tmp.clone();
    let limit = state.settings.upload_limit_bytes;
    let mut received = None;
    let malformed = |_| field_refusal(StatusCode::BAD_REQUEST, "file", "error.bad_request");
    while let Some(field) = multipart.next_field().await.map_err(malformed)? {
        let name = field.name().unwrap_or_default().to_string();
        match name.as_str() {
            "file" => {
                if received.is_some() {
                    return Err(field_refusal(
                        StatusCode::BAD_REQUEST,
                        "file",
                        "error.bad_request",
                    ));
                }
                match storage::receive(&dir, field, limit).await {
                    Ok(r) => received = Some(r),
                    Err(ReceiveError::TooLarge) => {
                        return Err(field_refusal(
                            StatusCode::PAYLOAD_TOO_LARGE,
                            "file",
                            "error.file_too_large",
                        ))
                    }
                    Err(ReceiveError::Empty) => {
                        return Err(field_refusal(
                            StatusCode::UNPROCESSABLE_ENTITY,
                            "file",
                            "error.file_missing",
                        ))
                    }
                    Err(ReceiveError::Cut) => {
                        return Err(field_refusal(
                            StatusCode::BAD_REQUEST,
                            "file",
                            "error.bad_request",
                        ))
                    }
                    Err(ReceiveError::Io(e)) => return Err(internal(e).into()),
                }
            }
            "title" | "locale" | "kind" => {
                let value = field.text().await.map_err(malformed)?;
                if value.len() > 2_000 {
                    return Err(field_refusal(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        &name,
                        "error.too_long",
                    ));
                }
                match name.as_str() {
                    "title" => fields.title = value,
                    "locale" => fields.locale = value,
                    _ => fields.kind = value,
                }
            }
            _ => {}
        }
    }
    fields.check()?;
    let received = received.ok_or_else(|| {
        field_refusal(
            StatusCode::UNPROCESSABLE_ENTITY,
            "file",
            "error.file_missing",
        )
    })?;
    let file_type = storage::identify(&received)
        .await
        .map_err(internal)?
        .ok_or_else(|| {
            field_refusal(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "file",
                "error.file_type",
            )
        })?;
    let record = NewDocument {
        forum_id: forum.summary.id,
        title: fields.title.trim().to_string(),
        locale: fields.locale.clone(),
        kind: fields.kind.clone(),
        file_name: download_name(fields.title.trim(), file_type.extension()),
        content_type: file_type.content_type().to_string(),
        size_bytes: received.size as i64,
        sha256: received.sha256.clone(),
    };
    match storage::keep(state.store.as_ref(), &received, &record).await {
        Ok(id) => {
            tracing::info!(
                forum = forum.summary.id.0,
                document = id.0,
                "document uploaded"
            );
            Ok(id)
        }
        // The temporary file goes when `received` is dropped, whatever the outcome.
        Err(e) => Err(AppError::from(e).into()),
    }
}

/// `GET /forums/{slug}/documents/{id}`: the file, with its type and a download name. Documents of
/// a draft forum are only served to organisers.
pub async fn download(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    match find_document(&state, &slug, &id, &headers).await {
        Ok(response) => response,
        Err(error) => {
            let locale = crate::locale::locale_of(&headers, None);
            let status = StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::NOT_FOUND);
            (status, locale.t(error.message_key())).into_response()
        }
    }
}

async fn find_document(
    state: &AppState,
    slug: &str,
    id: &str,
    headers: &HeaderMap,
) -> Result<Response, AppError> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let forum = state
        .store
        .forum_by_slug(slug)
        .await?
        .ok_or(AppError::NotFound)?;
    // A draft forum's documents: only for those who may open the forum's screens.
    if forum.summary.status != ForumStatus::Published {
        let who = who_in(state, headers).await?;
        let store = state.store.as_ref();
        if authorize(store, &who, Action::ReadForum(forum.summary.id))
            .await
            .is_err()
        {
            return Err(AppError::NotFound);
        }
    }
    let doc = state
        .store
        .document(ForumId(forum.summary.id.0), DocumentId(id))
        .await?
        .ok_or(AppError::NotFound)?;
    let etag = format!("\"{}\"", doc.sha256);
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        == Some(etag.as_str())
    {
        return Ok(StatusCode::NOT_MODIFIED.into_response());
    }
    // Read from the database a chunk at a time, as the client takes it.
    let store = state.store.clone();
    let sha256 = doc.sha256.clone();
    let chunks = futures_util::stream::unfold(Some(0i64), move |next| {
        let (store, sha256) = (store.clone(), sha256.clone());
        async move {
            let seq = next?;
            match store.content_chunk(&sha256, seq).await {
                Ok(Some(bytes)) => Some((Ok(bytes::Bytes::from(bytes)), Some(seq + 1))),
                Ok(None) => None,
                Err(e) => Some((Err(std::io::Error::other(e.to_string())), None)),
            }
        }
    });
    let body = Body::from_stream(chunks);
    let ascii: String = doc
        .file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        percent_encode(&doc.file_name)
    );
    let mut response = Response::new(body);
    let h = response.headers_mut();
    let mut set = |name: header::HeaderName, value: &str| {
        if let Ok(v) = HeaderValue::from_str(value) {
            h.insert(name, v);
        }
    };
    set(header::CONTENT_TYPE, &doc.content_type);
    set(header::CONTENT_LENGTH, &doc.size_bytes.to_string());
    set(header::CONTENT_DISPOSITION, &disposition);
    set(header::ETAG, &etag);
    // A document of a forum not yet published is for signed-in organisers only: no shared
    // cache may keep it.
    let cache = if forum.summary.status == ForumStatus::Published {
        "public, max-age=3600"
    } else {
        "private, no-store"
    };
    set(header::CACHE_CONTROL, cache);
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    Ok(response)
}

/// RFC 5987 percent-encoding of a UTF-8 file name.
fn percent_encode(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::percent_encode;

    #[test]
    fn file_names_are_percent_encoded_byte_by_byte() {
        assert_eq!(percent_encode("Ë a.pdf"), "%C3%8B%20a.pdf");
    }
}
