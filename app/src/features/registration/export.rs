//! `GET /organiser/forums/{slug}/registrations.csv`: the filtered list as CSV (organisers).

use super::csv::{line, BOM};
use super::types::RegistrationFilter;
use crate::features::accounts::access_log::AccessAction;
use crate::features::accounts::guard;
use crate::features::accounts::policy::account_in;
use crate::i18n::Locale;
use crate::state::AppState;
use crate::store::records::ForumRecord;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

const MAX_ROWS: i64 = 100_000;

/// A forum's export, authorised and logged: the account must read the forum (`ReadForum`),
/// and the export is in the access log with `detail(scope)` before anything is read. The
/// answer is the refusal, in the user's language, otherwise.
pub(crate) async fn authorised_export(
    state: &AppState,
    slug: &str,
    headers: &HeaderMap,
    extensions: &axum::http::Extensions,
    detail: impl FnOnce(&guard::ForumScope) -> String,
) -> Result<(Locale, ForumRecord, guard::ForumScope), Response> {
    let locale = crate::locale::locale_of(headers, None);
    let refuse = |e: crate::error::AppError| {
        let status = StatusCode::from_u16(e.status_code()).unwrap_or(StatusCode::BAD_REQUEST);
        (status, locale.t(e.message_key())).into_response()
    };
    let account = account_in(state, headers).await.map_err(refuse)?;
    let forum = match state.store.forum_by_slug(slug).await {
        Ok(Some(f)) => f,
        Ok(None) => return Err(refuse(crate::error::AppError::NotFound)),
        Err(e) => return Err(refuse(crate::server::internal(e))),
    };
    let scope = guard::forum_scope(state, account, forum.summary.id)
        .await
        .map_err(refuse)?;
    let detail = detail(&scope);
    let address = crate::request::client_address(
        extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip()),
        headers,
        &state.settings.limits.trusted_proxies,
    );
    guard::log_access(
        state,
        Some(&scope.account),
        AccessAction::Export,
        Some(forum.summary.id),
        None,
        &detail,
        address,
    )
    .await
    .map_err(refuse)?;
    Ok((locale, forum, scope))
}

/// A CSV file to download, never cached.
pub(crate) fn csv_file(name: &str, csv: String) -> Response {
    let disposition = format!("attachment; filename=\"{name}\"");
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        csv,
    )
        .into_response()
}

pub async fn registrations_csv(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(filter): Query<RegistrationFilter>,
    headers: HeaderMap,
    extensions: axum::http::Extensions,
) -> Response {
    let mut filter = filter;
    let authorised = authorised_export(&state, &slug, &headers, &extensions, |scope| {
        if let Some(country) = &scope.country {
            filter.country = country.clone();
        }
        format!(
            "registrations.csv status={} group={} country={}",
            filter.status, filter.group, filter.country
        )
    })
    .await;
    let (locale, forum, _) = match authorised {
        Ok(found) => found,
        Err(refused) => return refused,
    };
    let refuse = |e: crate::error::AppError| {
        let status = StatusCode::from_u16(e.status_code()).unwrap_or(StatusCode::BAD_REQUEST);
        (status, locale.t(e.message_key())).into_response()
    };
    let store = state.store.as_ref();
    let groups = match store.stakeholder_groups(forum.series_id).await {
        Ok(g) => g,
        Err(e) => return refuse(crate::server::internal(e)),
    };
    let rows = match store
        .list_registrations(forum.summary.id, &filter, MAX_ROWS, 0)
        .await
    {
        Ok((rows, _)) => rows,
        Err(e) => return refuse(crate::server::internal(e)),
    };
    let questions = match super::api::support::question_defs(store, forum.summary.id).await {
        Ok(q) => q,
        Err(e) => return refuse(e),
    };
    let mut answers: std::collections::HashMap<(i64, i64), String> = Default::default();
    if !questions.is_empty() {
        match store.forum_answers(forum.summary.id).await {
            Ok(all) => answers.extend(all.into_iter().map(|(r, q, v)| ((r, q), v))),
            Err(e) => return refuse(crate::server::internal(e)),
        }
    }
    let mut csv = String::from(BOM);
    let head: Vec<String> = [
        "register.full_name",
        "register.email",
        "register.organisation",
        "register.position",
        "register.country",
        "register.group",
        "organiser.col_status",
        "register.accessibility",
        "register.dietary",
        "registrations.registered_at",
    ]
    .iter()
    .map(|k| locale.t(k))
    .chain(
        questions
            .iter()
            .map(|q| super::questions::pick(&q.label, locale)),
    )
    .collect();
    csv.push_str(&line(&head.iter().map(String::as_str).collect::<Vec<_>>()));
    for r in rows {
        let group = groups
            .iter()
            .find(|g| g.id == r.group_id)
            .map(|g| g.name.clone())
            .unwrap_or_default();
        let status = locale.t(&format!("registration.status.{}", r.status.as_str()));
        let at = r.created_at.format("%Y-%m-%d %H:%M UTC").to_string();
        let replies: Vec<String> = questions
            .iter()
            .map(|q| {
                answers
                    .get(&(r.id.0, q.id))
                    .map(|v| q.answer_text(v, locale))
                    .unwrap_or_default()
            })
            .collect();
        let mut cells: Vec<&str> = vec![
            &r.full_name,
            &r.email,
            &r.organisation,
            &r.position,
            &r.country,
            &group,
            &status,
            &r.accessibility,
            &r.dietary,
            &at,
        ];
        cells.extend(replies.iter().map(String::as_str));
        csv.push_str(&line(&cells));
    }
    csv_file(&format!("registrations-{}.csv", forum.summary.slug), csv)
}
