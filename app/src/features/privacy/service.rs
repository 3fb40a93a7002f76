//! The privacy use cases: a participant's own data and its erasure, and the retention job that
//! erases a forum's personal data when its period ends, warns its organisers a week before,
//! scrubs delivered emails and drops access-log lines older than a year.

use super::rules::{
    erasure_due, erasure_on, warning_due, DELIVERED_BODY_HOURS, RATE_EVENT_HOURS, UNSENT_MAIL_DAYS,
};
use super::store::Erased;
use super::types::MyData;
use crate::error::AppError;
use crate::features::accounts::access_log::{AccessAction, ACCESS_LOG_DAYS};
use crate::features::registration::service as registration;
use crate::features::registration::store::{Outgoing, RegistrationRecord};
use crate::i18n::Locale;
use crate::state::AppState;
use chrono::{DateTime, Utc};

/// Everything Agora holds about the registration behind `token`, in `locale`.
pub async fn my_data(state: &AppState, token: &str, locale: Locale) -> Result<MyData, AppError> {
    let (record, _) = registration::participant(state, token).await?;
    let data = collect(state, &record, locale).await?;
    crate::features::accounts::guard::log_access(
        state,
        None,
        AccessAction::OwnDataDownload,
        Some(record.forum_id),
        Some(record.id.0),
        "",
        None,
    )
    .await?;
    Ok(data)
}

async fn collect(
    state: &AppState,
    record: &RegistrationRecord,
    locale: Locale,
) -> Result<MyData, AppError> {
    let store = state.store.as_ref();
    let (forum, group) = registration::forum_and_group(store, record, locale).await?;
    let history = store.own_history(record.id).await?;
    let questions = registration::question_defs(store, record.forum_id).await?;
    let answers = store
        .answers(record.id)
        .await?
        .into_iter()
        .filter_map(|(question, value)| {
            let def = questions.iter().find(|q| q.id == question)?;
            Some((def.localised(locale).label, def.answer_text(&value, locale)))
        })
        .collect();
    Ok(MyData {
        forum: forum.title,
        forum_slug: forum.slug,
        registered_at: history.registered_at.unwrap_or_else(Utc::now),
        status: record.status.as_str().to_string(),
        full_name: record.full_name.clone(),
        email: record.email.clone(),
        organisation: record.organisation.clone(),
        position: record.position.clone(),
        country: record.country.clone(),
        stakeholder_group: group,
        gender: record.gender.clone(),
        age_band: record.age_band.clone(),
        accessibility: record.accessibility.clone(),
        dietary: record.dietary.clone(),
        language: record.locale.clone(),
        privacy_notice_version: history.privacy_version,
        answers,
        consents: store.consents(record.id).await?,
        status_history: history.status,
        check_ins: history.check_ins,
        personal_agenda: history.picks,
        emails: history.emails,
        calendar_feed: history.calendar_feed,
        devices_remembered: history.devices,
    })
}

/// Erases the registration behind `token` (see `store::PrivacyStore::erase_registration`).
pub async fn erase_mine(state: &AppState, token: &str) -> Result<Erased, AppError> {
    let (record, mailer) = registration::participant(state, token).await?;
    let forum = state
        .store
        .forum_by_id(record.forum_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let release = registration::still_open(&forum.summary);
    let me = record.id;
    // The person who leaves gets no email (their address is what is being erased); whoever
    // takes the freed seat gets theirs.
    let erased = state
        .store
        .erase_registration(me, release, crate::clock::now(), &|r, m| {
            (r.id != me).then(|| mailer.write(r, m)).flatten()
        })
        .await?;
    registration::forget_this_device(state.store.as_ref()).await?;
    crate::features::accounts::guard::log_access(
        state,
        None,
        AccessAction::Erasure,
        Some(record.forum_id),
        Some(me.0),
        if release {
            "participant, seat released"
        } else {
            "participant"
        },
        None,
    )
    .await?;
    Ok(erased)
}

/// One forum the retention job looked at.
#[derive(Debug, Clone, PartialEq)]
pub struct ForumDue {
    pub slug: String,
    pub title: String,
    pub erasure_on: chrono::NaiveDate,
    /// Registrations whose personal data is (or would be) erased.
    pub registrations: i64,
}

/// What one run of the retention job did (or, dry, would do).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PurgeReport {
    pub erased: Vec<ForumDue>,
    pub warned: Vec<ForumDue>,
    pub emails_scrubbed: i64,
    pub log_lines_dropped: i64,
}

impl std::fmt::Display for PurgeReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for due in &self.erased {
            writeln!(
                f,
                "erase  {} ({}): {} registrations, due {}",
                due.slug, due.title, due.registrations, due.erasure_on
            )?;
        }
        for due in &self.warned {
            writeln!(
                f,
                "warn   {} ({}): erasure on {}, {} registrations",
                due.slug, due.title, due.erasure_on, due.registrations
            )?;
        }
        writeln!(f, "emails whose body is erased: {}", self.emails_scrubbed)?;
        write!(
            f,
            "access-log lines older than a year: {}",
            self.log_lines_dropped
        )
    }
}

/// The keyed hash that replaces a delivered email's address (the same address, the same hash).
pub fn recipient_hash(state: &AppState, address: &str) -> String {
    state
        .secret
        .root()
        .derive("outbox-recipient", &address.trim().to_lowercase())
}

/// One run of the retention job at `now`; with `dry_run`, only says what it would do.
pub async fn purge_expired(
    state: &AppState,
    now: DateTime<Utc>,
    dry_run: bool,
) -> Result<PurgeReport, AppError> {
    let store = state.store.as_ref();
    let today = now.date_naive();
    let mut report = PurgeReport::default();
    for row in store.retention_rows().await? {
        let due = ForumDue {
            slug: row.slug.clone(),
            title: row.title.clone(),
            erasure_on: erasure_on(row.ends_on, row.retention_days),
            registrations: row.live,
        };
        if erasure_due(row.ends_on, row.retention_days, today) {
            if !dry_run {
                // The donor report's figures are frozen first (unless they already are), so
                // erasing picks and emails does not change a report already sent.
                if store.snapshot(row.id).await?.is_none() {
                    if let Some(forum) = store.forum_by_id(row.id).await? {
                        crate::features::reports::service::freeze(store, &forum, now).await?;
                    }
                }
                let erased = store.erase_forum(row.id, now).await?;
                tracing::info!(forum = row.id.0, erased, "retention: personal data erased");
                crate::features::accounts::guard::log_access(
                    state,
                    None,
                    AccessAction::Erasure,
                    Some(row.id),
                    None,
                    &format!("retention: {erased} registrations"),
                    None,
                )
                .await?;
            }
            report.erased.push(due);
        } else if row.warned_at.is_none() && warning_due(row.ends_on, row.retention_days, today) {
            if !dry_run {
                warn_organisers(state, &row, due.erasure_on).await?;
                store.mark_retention_warned(row.id, now).await?;
            }
            report.warned.push(due);
        }
    }
    let delivered_before = now - chrono::Duration::hours(DELIVERED_BODY_HOURS);
    let log_before = now - chrono::Duration::days(ACCESS_LOG_DAYS);
    if dry_run {
        report.emails_scrubbed = store.delivered_mail_due(delivered_before).await?;
    } else {
        let hash = |address: &str| recipient_hash(state, address);
        report.emails_scrubbed = store.scrub_delivered_mail(delivered_before, &hash).await? as i64;
        report.log_lines_dropped = store.purge_access_log(log_before).await? as i64;
    }
    Ok(report)
}

/// What the hourly job forgets besides personal data (each step safe to repeat, on any
/// server): rate-limit uses past a day, expired sign-in sessions, mail undelivered for a week
/// (given up: scrubbed, not retried, listed for the forum's organisers) and the outbox's `.eml`
/// files past the delivered-mail window.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Housekeeping {
    pub emails_given_up: i64,
    pub rate_events_dropped: i64,
    pub sessions_dropped: i64,
    pub outbox_files_dropped: i64,
}

pub async fn housekeeping(state: &AppState, now: DateTime<Utc>) -> Result<Housekeeping, AppError> {
    let store = state.store.as_ref();
    let hash = |address: &str| recipient_hash(state, address);
    let unsent_before = now - chrono::Duration::days(UNSENT_MAIL_DAYS);
    let emails_given_up = store.give_up_unsent_mail(unsent_before, now, &hash).await? as i64;
    let events_before = now - chrono::Duration::hours(RATE_EVENT_HOURS);
    let (events, sessions) = store.prune_limits_and_sessions(events_before, now).await?;
    let delivered_before = now - chrono::Duration::hours(DELIVERED_BODY_HOURS);
    let files = prune_outbox_files(&state.settings.data_dir.join("outbox"), delivered_before).await;
    Ok(Housekeeping {
        emails_given_up,
        rate_events_dropped: events as i64,
        sessions_dropped: sessions as i64,
        outbox_files_dropped: files as i64,
    })
}

/// Deletes the `.eml` files the file transport wrote (no SMTP) once they are older than the
/// delivered-mail window: they hold whole messages, links and tickets included.
async fn prune_outbox_files(dir: &std::path::Path, before: DateTime<Utc>) -> usize {
    let Ok(mut entries) = tokio::fs::read_dir(dir).await else {
        return 0;
    };
    let before = std::time::SystemTime::from(before);
    let mut dropped = 0;
    while let Ok(Some(entry)) = entries.next_entry().await {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("eml") {
            continue;
        }
        let old = entry
            .metadata()
            .await
            .and_then(|m| m.modified())
            .is_ok_and(|modified| modified < before);
        if old && tokio::fs::remove_file(&path).await.is_ok() {
            dropped += 1;
        }
    }
    dropped
}

/// Tells the forum's team (or, with no team, the admins) a week before the erasure.
async fn warn_organisers(
    state: &AppState,
    row: &super::store::RetentionRow,
    on: chrono::NaiveDate,
) -> Result<(), AppError> {
    use crate::features::accounts::types::Role;
    let store = state.store.as_ref();
    let mut to: Vec<String> = store
        .forum_team(row.id)
        .await?
        .into_iter()
        .filter(|m| !m.read_only)
        .map(|m| m.email)
        .collect();
    if to.is_empty() {
        to = store
            .list_accounts()
            .await?
            .into_iter()
            .filter(|a| a.role == Role::Admin && !a.disabled)
            .map(|a| a.email)
            .collect();
    }
    let forum = store.forum_by_id(row.id).await?.ok_or(AppError::NotFound)?;
    let locale = Locale::from_code(&forum.summary.default_locale).unwrap_or_default();
    let date = crate::i18n::format_date(locale, on);
    let link = format!(
        "{}/organiser/forums/{}/privacy",
        state.settings.base_url, row.slug
    );
    let title = row.title.replace(['\r', '\n'], " ");
    for recipient in to {
        let mail = retention_mail(locale, recipient, &title, &date, row.live, &link);
        store.queue_mail(&mail).await?;
    }
    Ok(())
}

/// The email that tells a forum's team when its personal data will be erased.
pub fn retention_mail(
    locale: Locale,
    recipient: String,
    title: &str,
    date: &str,
    count: i64,
    link: &str,
) -> Outgoing {
    let count = count.to_string();
    let args = [
        ("forum", title),
        ("date", date),
        ("count", count.as_str()),
        ("link", link),
    ];
    let mut mail = Outgoing {
        recipient,
        subject: locale.tf("mail.retention.subject", &args),
        body: format!(
            "{}\n\n{}\n",
            locale.tf("mail.retention.body", &args),
            locale.t("mail.registration.signature")
        ),
        calendar: None,
        ticket_code: None,
        registration: None,
        html: None,
    };
    crate::features::registration::mail::add_html(
        &mut mail,
        locale,
        Some((title, date)),
        Some(locale.t("mail.button.retention")),
        None,
    );
    mail
}

/// The retention job: once an hour on every server (each step is safe to repeat).
pub async fn run_retention(state: AppState) {
    loop {
        match retention_once(&state, crate::clock::now()).await {
            Ok(None) => tracing::debug!("retention is running on another server"),
            Ok(Some((report, done))) => {
                if !report.erased.is_empty() || report.emails_scrubbed > 0 {
                    tracing::info!(
                        forums = report.erased.len(),
                        emails = report.emails_scrubbed,
                        "retention ran"
                    );
                }
                if done != Housekeeping::default() {
                    tracing::info!(?done, "housekeeping ran");
                }
            }
            Err(error) => tracing::error!(%error, "retention failed"),
        }
        tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
    }
}

/// One run of retention and the daily prune, by one server at a time: `None` when another
/// server holds the job's turn (it is doing the same now).
pub async fn retention_once(
    state: &AppState,
    now: DateTime<Utc>,
) -> Result<Option<(PurgeReport, Housekeeping)>, AppError> {
    let Some(_turn) = state.store.job_turn("retention").await? else {
        return Ok(None);
    };
    let report = purge_expired(state, now, false).await?;
    let done = housekeeping(state, now).await?;
    Ok(Some((report, done)))
}

/// A series' privacy notice in `locale` (see `api::load_notice`). A series that has published
/// none shows the built-in notice from the catalogue as version 0.
pub async fn notice(
    state: &AppState,
    series: Option<i64>,
    version: Option<i64>,
    locale: Locale,
) -> Result<crate::features::forums::notices::Notice, AppError> {
    use crate::features::forums::types::SeriesId;
    let store = state.store.as_ref();
    let series = match series {
        Some(id) => store.series(SeriesId(id)).await?,
        None => store.first_series().await?,
    }
    .ok_or(AppError::NotFound)?;
    let versions = store.notice_versions(series.id.0).await?;
    let stored = match version {
        Some(0) => None,
        _ => store.notice(series.id.0, version).await?,
    };
    if version.is_some_and(|v| v != 0) && stored.is_none() {
        return Err(AppError::NotFound);
    }
    let (number, html, lang, fallback, published_at) = match stored {
        Some((number, body, at)) => {
            let texts: std::collections::BTreeMap<String, String> =
                serde_json::from_str(&body).unwrap_or_default();
            let (lang, text) = texts
                .get(locale.code())
                .map(|t| (locale.code().to_string(), t.clone()))
                .or_else(|| {
                    texts
                        .get(&series.default_locale)
                        .map(|t| (series.default_locale.clone(), t.clone()))
                })
                .or_else(|| texts.iter().next().map(|(l, t)| (l.clone(), t.clone())))
                .unwrap_or_default();
            let fallback = lang != locale.code();
            let html = crate::features::announcements::markdown::to_safe_html(&text, &[]);
            (number, html, lang, fallback, at)
        }
        None => (
            0,
            builtin_notice(locale),
            locale.code().to_string(),
            false,
            builtin_date(),
        ),
    };
    let title = crate::features::forums::content::Texts::load(store, "series")
        .await?
        .get(
            series.id.0,
            "title",
            &series.title,
            &series.default_locale,
            locale,
        )
        .text;
    Ok(crate::features::forums::notices::Notice {
        series_id: series.id.0,
        series_title: title,
        version: number,
        published_at,
        html,
        lang,
        fallback,
        versions,
    })
}

/// When the built-in notice's text was written.
fn builtin_date() -> DateTime<Utc> {
    chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 12, 2, 0, 0, 0)
        .single()
        .unwrap_or_default()
}

/// The built-in notice as Markdown: what Agora itself does with personal data, in `locale`
/// (the demo publishes it as its series' first version).
pub fn builtin_markdown(locale: Locale) -> String {
    [
        "privacy.builtin.who",
        "privacy.builtin.what",
        "privacy.builtin.why",
        "privacy.builtin.who_sees",
        "privacy.builtin.how_long",
        "privacy.builtin.rights",
    ]
    .iter()
    .map(|key| locale.t(key))
    .collect::<Vec<_>>()
    .join("\n\n")
}

fn builtin_notice(locale: Locale) -> String {
    crate::features::announcements::markdown::to_safe_html(&builtin_markdown(locale), &[])
}
