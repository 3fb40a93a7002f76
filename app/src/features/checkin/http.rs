//! The scanner JSON API and the device enrolment link (plain axum routes).
//!
//! `POST /api/v1/checkin` answers every scan with 200 and a verdict; only requests that are not
//! scans get another status: 400 for a malformed body, 401 without credentials, 403 for a device
//! of another forum, 404 for an unknown list, 409 when a nonce is reused for another scan.

use super::ssr::{check_in, principal_in, valid_nonce, Principal, Target, DEVICE_COOKIE};
use super::types::CheckinList;
use super::types::CheckinRequest;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::server::internal;
use crate::state::AppState;
use crate::store::records::ForumRecord;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;

/// The largest body a scan needs (a code is about 120 characters).
const MAX_BODY: usize = 4096;

pub(crate) fn error(status: StatusCode, message: String) -> Response {
    let mut response = (status, Json(serde_json::json!({ "error": message }))).into_response();
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    response
}

pub(crate) fn app_error(err: AppError, locale: Locale) -> Response {
    let status =
        StatusCode::from_u16(err.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let message = match &err {
        AppError::Conflict(message) => message.clone(),
        other => locale.t(other.message_key()),
    };
    error(status, message)
}

/// `POST /api/v1/checkin`.
pub async fn checkin(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let locale = crate::locale::locale_of(&headers, uri.query());
    let principal = match principal_in(&state, &headers).await {
        Ok(p) => p,
        Err(e) => return app_error(e, locale),
    };
    if body.len() > MAX_BODY {
        return error(
            StatusCode::PAYLOAD_TOO_LARGE,
            locale.t("checkin.error.body"),
        );
    }
    let request: CheckinRequest = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(_) => return error(StatusCode::BAD_REQUEST, locale.t("checkin.error.body")),
    };
    if !valid_nonce(&request.nonce) {
        return error(StatusCode::BAD_REQUEST, locale.t("checkin.error.nonce"));
    }
    if request.code.len() > 1000 {
        return error(StatusCode::BAD_REQUEST, locale.t("checkin.error.body"));
    }
    let (forum, list) = match scanner_list(&state, &principal, &request.list_id, locale).await {
        Ok(found) => found,
        Err(refusal) => return refusal,
    };
    match check_in(
        &state,
        &principal,
        &forum,
        &list,
        Target::Code(&request.code),
        &request.nonce,
        locale,
    )
    .await
    {
        Ok(verdict) => {
            let mut response = Json(verdict).into_response();
            response.headers_mut().insert(
                header::CACHE_CONTROL,
                header::HeaderValue::from_static("no-store"),
            );
            response
        }
        Err(e) => app_error(e, locale),
    }
}

/// The forum and the list a scanner request names, if this principal may scan there, or the
/// response refusing it (400 for a malformed list id, 403 for another forum's device, 404 for an
/// unknown list).
pub(crate) async fn scanner_list(
    state: &AppState,
    principal: &Principal,
    list_id: &str,
    locale: Locale,
) -> Result<(ForumRecord, CheckinList), Response> {
    let Some((forum_id, key)) = super::lists::parse_list_id(list_id) else {
        return Err(error(
            StatusCode::BAD_REQUEST,
            locale.t("checkin.error.list"),
        ));
    };
    let store = state.store.as_ref();
    let forum = super::ssr::forum_by_id(store, forum_id)
        .await
        .map_err(|e| app_error(e, locale))?;
    principal
        .may(
            store,
            crate::features::accounts::policy::Action::Admit(forum.summary.id),
        )
        .await
        .map_err(|e| app_error(e, locale))?;
    match super::ssr::one_list(store, &forum, key, locale).await {
        Ok(list) => Ok((forum, list)),
        Err(AppError::NotFound) => {
            Err(error(StatusCode::NOT_FOUND, locale.t("checkin.error.list")))
        }
        Err(e) => Err(app_error(e, locale)),
    }
}

/// `GET /api/v1/checkin/public-key`: what an offline scanner needs to verify codes itself.
pub async fn public_key(State(state): State<AppState>) -> Response {
    Json(serde_json::json!({
        "algorithm": "Ed25519",
        "format": "AG1: + base45(format byte (1, or 2 followed by the key id), forum, registration, ticket version as LEB128 varints, 64-byte signature)",
        "public_key": crate::features::tickets::ssr::public_key_text(&state.secret),
        "public_keys": crate::features::tickets::ssr::public_keys(&state.secret),
        "encoding": "base64url",
    }))
    .into_response()
}

/// `GET /checkin/device/{token}`: the link an organiser hands to a volunteer's phone. It keeps
/// the token in an HttpOnly cookie and opens the forum's scanner.
pub async fn enrol_device(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let locale = crate::locale::locale_of(&headers, None);
    let device = match state
        .store
        .device_by_token(
            &crate::features::accounts::auth::token_hash(&token),
            crate::clock::now(),
        )
        .await
    {
        Ok(Some(d)) => d,
        Ok(None) => {
            return (StatusCode::NOT_FOUND, locale.t("checkin.error.device")).into_response()
        }
        Err(e) => {
            let _ = internal(e);
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let slug = match state.store.forum_by_id(device.forum_id).await {
        Ok(Some(forum)) => forum.summary.slug,
        _ => return (StatusCode::NOT_FOUND, locale.t("checkin.error.device")).into_response(),
    };
    // Over https the server layer sends it as `__Host-agora_device` with `Secure`.
    let cookie = format!(
        "{DEVICE_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}",
        60 * 60 * 24 * 14
    );
    let mut response = Redirect::to(&format!("/checkin/{slug}")).into_response();
    if let Ok(v) = header::HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response.headers_mut().insert(
        header::REFERRER_POLICY,
        header::HeaderValue::from_static("no-referrer"),
    );
    response
}
