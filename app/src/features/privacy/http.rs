//! `GET /r/{token}/data.json`: the participant's own data as a JSON file to keep.

use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

pub async fn my_data_json(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let locale = crate::locale::locale_of(&headers, None);
    match super::service::my_data(&state, &token, locale).await {
        Ok(data) => match serde_json::to_string_pretty(&data) {
            Ok(json) => (
                [
                    (
                        header::CONTENT_TYPE,
                        "application/json; charset=utf-8".to_string(),
                    ),
                    (
                        header::CONTENT_DISPOSITION,
                        format!(
                            "attachment; filename=\"agora-{}-my-data.json\"",
                            data.forum_slug
                        ),
                    ),
                    (header::CACHE_CONTROL, "no-store".to_string()),
                    (header::REFERRER_POLICY, "no-referrer".to_string()),
                ],
                json,
            )
                .into_response(),
            Err(e) => {
                let e = crate::server::internal(e);
                (StatusCode::INTERNAL_SERVER_ERROR, locale.t(e.message_key())).into_response()
            }
        },
        Err(e) => {
            let status = StatusCode::from_u16(e.status_code()).unwrap_or(StatusCode::NOT_FOUND);
            (
                status,
                [(header::CACHE_CONTROL, "no-store")],
                locale.t(e.message_key()),
            )
                .into_response()
        }
    }
}
