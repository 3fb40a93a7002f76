//! The offline door's JSON API (plain axum routes beside `POST /api/v1/checkin`).
//!
//! `GET /api/v1/checkin/roster?list_id=…[&since=…]`: what a scanner needs to decide at this
//! list by itself: the public key, the list's rules, each registration's ticket version, status,
//! name, organisation and group (nothing else about them), and the admissions known so far.
//! With `since` (the `cursor` of the previous answer) only what changed meanwhile. 401 without
//! credentials or for a revoked device (the scanner then wipes what it kept), 403 for a device of
//! another forum, 404 for an unknown list.
//!
//! `POST /api/v1/checkin/offline`: the scans a door decided itself while offline, each with its
//! nonce and the time it was scanned; each is recorded once (a retry of a nonce changes
//! nothing), a second admission of one ticket on one list becomes a double entry, and one that
//! arrives after its ticket was cancelled or re-issued is recorded and flagged.

use super::http::{app_error, error};
use super::offline_store::{OfflineOutcome, OfflineScan};
use super::ssr::{principal_in, valid_nonce, Principal};
use crate::error::AppError;
use crate::features::checkin::types::CheckinList;
use crate::i18n::Locale;
use crate::state::AppState;
use crate::store::records::ForumRecord;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Seconds a delta reaches back before its cursor: writes of other servers whose clocks run a
/// little behind, or whose transaction committed a moment late, are sent again rather than lost.
const OVERLAP_SECS: i64 = 30;
/// The most scans one upload may carry (a phone sends its queue in batches).
pub const MAX_SCANS: usize = 200;

#[derive(Deserialize)]
pub struct RosterQuery {
    pub list_id: String,
    /// The `cursor` of the previous answer (unix seconds); absent: everything.
    pub since: Option<i64>,
}

/// A ticket as the door keeps it: `[registration, version, status, group, name, organisation]`,
/// with status `c` confirmed, `x` cancelled, `r` rejected, `w` no seat yet (waiting, pending,
/// or an address not yet confirmed). Names travel only for confirmed and cancelled tickets.
type RosterTicket = (i64, i64, &'static str, i64, String, String);

#[derive(Serialize)]
pub struct Roster {
    pub forum: i64,
    pub list_id: String,
    pub list_name: String,
    /// Stakeholder groups the list admits (empty: all).
    pub groups: Vec<i64>,
    /// The session of a session's list (none for the entry and the days).
    pub session: Option<i64>,
    /// A cancelled session's list admits nobody.
    pub cancelled: bool,
    pub group_names: std::collections::BTreeMap<i64, String>,
    /// The key that signs tickets now.
    pub public_key: String,
    /// Every key that verifies tickets now, by key id (a code names its key's id).
    pub public_keys: std::collections::BTreeMap<String, String>,
    /// After this moment (by default 12 hours after the forum's last day) the scanner wipes
    /// what it kept.
    pub wipe_after: DateTime<Utc>,
    /// The scanner also wipes it after this many hours without contact with the server.
    pub stale_after_hours: i32,
    /// Pass as `since` next time.
    pub cursor: i64,
    /// Whether this answer holds everything (else only changes since `since`).
    pub full: bool,
    pub tickets: Vec<RosterTicket>,
    /// `[registration, scanned at (unix ms), by this scanner]`.
    pub admissions: Vec<(i64, i64, bool)>,
    /// This scanner's key, which its queued scans carry.
    pub scanner: String,
}

fn no_store(mut response: Response) -> Response {
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    response
}

/// The principal, the forum and the list of a scanner request, or the response refusing it.
async fn scanner_list(
    state: &AppState,
    headers: &HeaderMap,
    list_id: &str,
    locale: Locale,
) -> Result<(Principal, ForumRecord, CheckinList), Response> {
    let principal = principal_in(state, headers)
        .await
        .map_err(|e| app_error(e, locale))?;
    let (forum, list) = super::http::scanner_list(state, &principal, list_id, locale).await?;
    Ok((principal, forum, list))
}

fn status_code(status: &str, held: bool) -> &'static str {
    match status {
        "confirmed" if !held => "c",
        "cancelled" => "x",
        "rejected" => "r",
        _ => "w",
    }
}

/// When the phone's copy of a list goes by itself: `after_end_hours` (12 unless the forum's
/// organisers chose fewer) after the end of the forum's last day, in the forum's time zone (a
/// day later if the zone cannot be read).
pub fn wipe_after(forum: &ForumRecord, after_end_hours: i32, now: DateTime<Utc>) -> DateTime<Utc> {
    let zone = crate::features::forums::time::parse_zone(&forum.summary.time_zone);
    forum
        .summary
        .ends_on
        .succ_opt()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .and_then(|d| crate::features::forums::time::local_to_utc(zone, d.date(), d.time()))
        .map(|midnight| midnight + Duration::hours(i64::from(after_end_hours)))
        .unwrap_or(now + Duration::days(1))
}

/// `GET /api/v1/checkin/roster`.
pub async fn roster(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
    Query(query): Query<RosterQuery>,
) -> Response {
    let locale = crate::locale::locale_of(&headers, uri.query());
    let (principal, forum, list) =
        match scanner_list(&state, &headers, &query.list_id, locale).await {
            Ok(found) => found,
            Err(refusal) => return refusal,
        };
    match build_roster(&state, &principal, &forum, &list, query.since, locale).await {
        Ok(roster) => no_store(Json(roster).into_response()),
        Err(e) => app_error(e, locale),
    }
}

async fn build_roster(
    state: &AppState,
    principal: &Principal,
    forum: &ForumRecord,
    list: &CheckinList,
    since: Option<i64>,
    locale: Locale,
) -> Result<Roster, AppError> {
    let store = state.store.as_ref();
    let now = crate::clock::now();
    let since = since
        .and_then(|s| DateTime::<Utc>::from_timestamp(s - OVERLAP_SECS, 0))
        .filter(|s| *s <= now);
    let rows = store.roster_rows(forum.summary.id, since).await?;
    let admissions = store
        .admissions_since(forum.summary.id, &list.key, since)
        .await?;
    let groups = state.checkin.groups(store, forum.series_id, locale).await?;
    let me = principal.key();
    let expiry = store
        .door_expiry(forum.summary.id)
        .await?
        .unwrap_or(super::offline_store::DoorExpiry::DEFAULT);
    let wipe_after = wipe_after(forum, expiry.after_end_hours, now);
    Ok(Roster {
        forum: forum.summary.id.0,
        list_id: list.id.clone(),
        list_name: list.name.clone(),
        groups: list.groups.iter().map(|g| g.0).collect(),
        session: match list.scope {
            super::types::ListScope::Session { session } => Some(session),
            _ => None,
        },
        cancelled: list.cancelled,
        group_names: groups.into_iter().map(|g| (g.id.0, g.name)).collect(),
        public_key: crate::features::tickets::ssr::public_key_text(&state.secret),
        public_keys: crate::features::tickets::ssr::public_keys(&state.secret),
        wipe_after,
        stale_after_hours: expiry.offline_hours,
        cursor: now.timestamp(),
        full: since.is_none(),
        tickets: rows
            .into_iter()
            .map(|r| {
                let status = status_code(&r.status, r.held);
                // Names only of those this list may admit: another group's ticket is still
                // recognised (and refused as not on this list), without their name.
                let on_list = list.groups.is_empty() || list.groups.contains(&r.group_id);
                let named = on_list && matches!(status, "c" | "x");
                (
                    r.id,
                    r.ticket_version,
                    status,
                    r.group_id.0,
                    if named { r.full_name } else { String::new() },
                    if named { r.organisation } else { String::new() },
                )
            })
            .collect(),
        admissions: admissions
            .into_iter()
            .map(|a| {
                (
                    a.registration_id,
                    a.created_at.timestamp_millis(),
                    a.scanner_key == me,
                )
            })
            .collect(),
        scanner: me,
    })
}

#[derive(Deserialize)]
pub struct OfflineUpload {
    pub list_id: String,
    pub scans: Vec<QueuedScan>,
}

#[derive(Deserialize)]
pub struct QueuedScan {
    pub code: String,
    pub nonce: String,
    /// When the door scanned it (unix ms, the phone's clock).
    pub scanned_at: i64,
}

#[derive(Serialize)]
pub struct UploadResult {
    pub nonce: String,
    /// `recorded`, `flagged`, `double_entry`, `duplicate` or `invalid`.
    pub outcome: &'static str,
}

/// `POST /api/v1/checkin/offline`.
pub async fn upload(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let locale = crate::locale::locale_of(&headers, uri.query());
    let Ok(upload) = serde_json::from_slice::<OfflineUpload>(&body) else {
        return error(StatusCode::BAD_REQUEST, locale.t("checkin.error.body"));
    };
    if upload.scans.len() > MAX_SCANS
        || upload
            .scans
            .iter()
            .any(|s| !valid_nonce(&s.nonce) || s.code.len() > 1000)
    {
        return error(StatusCode::BAD_REQUEST, locale.t("checkin.error.body"));
    }
    let (principal, forum, list) =
        match scanner_list(&state, &headers, &upload.list_id, locale).await {
            Ok(found) => found,
            Err(refusal) => return refusal,
        };
    let mut results = Vec::with_capacity(upload.scans.len());
    for scan in &upload.scans {
        match record(&state, &principal, &forum, &list, scan).await {
            Ok(outcome) => results.push(UploadResult {
                nonce: scan.nonce.clone(),
                outcome,
            }),
            Err(e) => return app_error(e, locale),
        }
    }
    tracing::info!(
        forum = forum.summary.id.0,
        list = %list.key,
        scans = results.len(),
        "offline scans received"
    );
    no_store(Json(serde_json::json!({ "results": results })).into_response())
}

async fn record(
    state: &AppState,
    principal: &Principal,
    forum: &ForumRecord,
    list: &CheckinList,
    scan: &QueuedScan,
) -> Result<&'static str, AppError> {
    let Ok(claims) = state
        .checkin
        .verify(&state.secret, state.store.as_ref(), &scan.code)
        .await
    else {
        return Ok("invalid");
    };
    if claims.forum != forum.summary.id.0 {
        return Ok("invalid");
    }
    let now = crate::clock::now();
    // A phone's clock may be off: a scan is never later than its arrival, nor older than a month.
    let scanned_at = DateTime::<Utc>::from_timestamp_millis(scan.scanned_at)
        .unwrap_or(now)
        .clamp(now - Duration::days(30), now);
    let outcome = state
        .store
        .record_offline(&OfflineScan {
            forum: forum.summary.id,
            list_key: &list.key,
            registration: claims.registration,
            ticket_version: claims.version,
            nonce: &scan.nonce,
            scanner_key: &principal.key(),
            scanner_name: &principal.name(),
            scanned_at,
            now,
        })
        .await;
    if matches!(outcome, Ok(OfflineOutcome::Recorded { .. })) {
        metrics::counter!("agora_checkins_total", "way" => "offline").increment(1);
    }
    Ok(match outcome {
        Ok(OfflineOutcome::Recorded { flag: None }) => "recorded",
        Ok(OfflineOutcome::Recorded { flag: Some(_) }) => "flagged",
        Ok(OfflineOutcome::DoubleEntry) => "double_entry",
        Ok(OfflineOutcome::Duplicate) => "duplicate",
        Err(crate::db::StoreError::NotFound) => "invalid",
        Err(e) => return Err(crate::server::internal(e)),
    })
}
