//! `GET /organiser/forums/{slug}/invitations.csv?state=…`: the invitation list (all, or one
//! state) as CSV for the forum's team (`ReadForum`, no country coordinator: invitations name
//! people of every country). Codes and links stay in Agora: each is a personal key.

use super::csv::{line, BOM};
use super::export::{authorised_export, csv_file};
use super::invitation_states::InvitationState;
use crate::error::AppError;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub struct StateFilter {
    #[serde(default)]
    pub state: String,
}

pub async fn invitations_csv(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(filter): Query<StateFilter>,
    headers: HeaderMap,
    extensions: axum::http::Extensions,
) -> Response {
    let chosen = InvitationState::parse(filter.state.trim());
    let authorised = authorised_export(&state, &slug, &headers, &extensions, |_| {
        format!("invitations.csv state={}", filter.state.trim())
    })
    .await;
    let (locale, forum, scope) = match authorised {
        Ok(found) => found,
        Err(refused) => return refused,
    };
    let refuse = |e: AppError| {
        let status = StatusCode::from_u16(e.status_code()).unwrap_or(StatusCode::BAD_REQUEST);
        (status, locale.t(e.message_key())).into_response()
    };
    if scope.country.is_some() {
        return refuse(AppError::Forbidden);
    }
    let store = state.store.as_ref();
    let listed = async {
        let groups = super::api::support::groups(store, forum.series_id, locale).await?;
        let settings = store.invitation_settings(forum.summary.id).await?;
        super::invitations::rows(&state, &forum.summary, &groups, settings.answer_by).await
    };
    let rows = match listed.await {
        Ok(rows) => rows,
        Err(e) => return refuse(e),
    };
    let mut csv = String::from(BOM);
    let head: Vec<String> = [
        "register.full_name",
        "register.email",
        "register.organisation",
        "register.group",
        "organiser.col_status",
        "invitations.decline_note",
        "invitations.proposed_by_column",
        "invitations.reminders_column",
    ]
    .iter()
    .map(|k| locale.t(k))
    .collect();
    csv.push_str(&line(&head.iter().map(String::as_str).collect::<Vec<_>>()));
    for r in rows.iter().filter(|r| chosen.is_none_or(|s| r.state == s)) {
        let status = locale.t(&r.state.label_key());
        let reminders = r.reminders.to_string();
        csv.push_str(&line(&[
            &r.full_name,
            &r.email,
            &r.organisation,
            &r.group,
            &status,
            &r.decline_note,
            r.proposed_by.as_deref().unwrap_or_default(),
            &reminders,
        ]));
    }
    csv_file(&format!("invitations-{}.csv", forum.summary.slug), csv)
}
