//! Writing a new registration with its answers and its email, inside the transaction that holds
//! the forum's lock. Each backend does it in as few round trips as it can, because every round
//! trip under the lock delays every other registration of the forum:
//! - PostgreSQL: the id is drawn from the sequence before the lock, the email is composed in
//!   memory, and the registrations, their answers and their outbox rows are one statement
//!   (`insert_pg`), for one registration or a batch of them (`batch.rs`).
//! - SQLite (in-process, no round trips): the row, then the answers and the email with the
//!   store's shared helpers.
//!
//! `Ok(None)` means the address registered meanwhile (the unique index refused the insert).

use super::mail::Compose;
use super::mail::Message;
use super::records::{Outgoing, RegistrationInsert, RegistrationRecord};
use super::types::{RegistrationId, RegistrationStatus};
use crate::db::{whole_seconds, StoreError, StoreResult};
use crate::features::forums::types::ForumId;
use chrono::{DateTime, Utc};

/// The record a new registration will have (what its emails need).
pub(crate) fn record_of(
    id: i64,
    new: &RegistrationInsert<'_>,
    status: RegistrationStatus,
) -> RegistrationRecord {
    let f = new.form;
    RegistrationRecord {
        id: RegistrationId(id),
        forum_id: new.forum,
        group_id: f.group_id,
        status,
        full_name: f.full_name.clone(),
        email: f.email.as_str().to_string(),
        organisation: f.organisation.clone(),
        position: f.position.clone(),
        country: f.country.clone(),
        locale: new.locale.to_string(),
        manage_salt: new.manage_salt.clone(),
        gender: f.gender.clone(),
        age_band: f.age_band.clone(),
        accessibility: f.accessibility.clone(),
        dietary: f.dietary.clone(),
        photo_consent: f.photo_consent,
        ticket_version: 1,
        hold_until: new.hold_until,
    }
}

fn unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(e) if e.is_unique_violation())
}

/// A registration id for the next insert, drawn before the forum is locked.
pub async fn next_id_pg(pool: &sqlx::PgPool) -> StoreResult<i64> {
    let (id,): (i64,) =
        sqlx::query_as("SELECT nextval(pg_get_serial_sequence('registrations', 'id'))")
            .fetch_one(pool)
            .await?;
    Ok(id)
}

pub async fn write_pg(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    id: i64,
    new: &RegistrationInsert<'_>,
    status: RegistrationStatus,
    now: DateTime<Utc>,
    compose: Compose<'_>,
) -> StoreResult<Option<RegistrationRecord>> {
    let record = record_of(id, new, status);
    let mail = compose(&record, Message::Registered);
    let row = NewRow {
        record: &record,
        status,
        privacy_version: new.privacy_version,
        manage_token_hash: &new.manage_token_hash,
        answers: new.answers,
        consents: new.consents,
        mail: mail.as_ref(),
    };
    match insert_pg(tx, new.forum, &[row], now).await {
        Ok(()) => Ok(Some(record)),
        Err(e) if unique_violation(&e) => Ok(None),
        Err(e) => Err(StoreError::from(e)),
    }
}

/// A new registration as PostgreSQL writes it: its row, answers and email.
pub struct NewRow<'a> {
    /// Everything but the status (the id drawn already).
    pub record: &'a RegistrationRecord,
    pub status: RegistrationStatus,
    pub privacy_version: &'a str,
    pub manage_token_hash: &'a str,
    pub answers: &'a [(i64, String)],
    pub consents: &'a [super::types::ConsentKind],
    pub mail: Option<&'a Outgoing>,
}

/// Every row, answer and email of one or more new registrations of `forum` in one statement.
pub async fn insert_pg(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    forum: ForumId,
    written: &[NewRow<'_>],
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let rows = |f: fn(&RegistrationRecord) -> &str| -> Vec<&str> {
        written.iter().map(|w| f(w.record)).collect()
    };
    let ids: Vec<i64> = written.iter().map(|w| w.record.id.0).collect();
    let groups: Vec<i64> = written.iter().map(|w| w.record.group_id.0).collect();
    let statuses: Vec<&str> = written.iter().map(|w| w.status.as_str()).collect();
    let consents: Vec<bool> = written.iter().map(|w| w.record.photo_consent).collect();
    let privacy: Vec<&str> = written.iter().map(|w| w.privacy_version).collect();
    let hashes: Vec<&str> = written.iter().map(|w| w.manage_token_hash).collect();
    let holds: Vec<Option<DateTime<Utc>>> = written.iter().map(|w| w.record.hold_until).collect();
    let mut answer_regs = Vec::new();
    let mut answer_questions = Vec::new();
    let mut answer_values = Vec::new();
    for w in written {
        for (question, value) in w.answers {
            answer_regs.push(w.record.id.0);
            answer_questions.push(*question);
            answer_values.push(value.as_str());
        }
    }
    let (mut consent_regs, mut consent_kinds) = (Vec::new(), Vec::new());
    for w in written {
        for kind in w.consents {
            consent_regs.push(w.record.id.0);
            consent_kinds.push(kind.as_str());
        }
    }
    let mails: Vec<&Outgoing> = written.iter().filter_map(|w| w.mail).collect();
    sqlx::query(
        "WITH r AS (INSERT INTO registrations (id, forum_id, group_id, status, full_name, email, \
         organisation, position, country, gender, age_band, accessibility, dietary, privacy_version, \
         photo_consent, locale, manage_salt, manage_token_hash, hold_until, created_at, updated_at) \
         SELECT t.id, $1, t.g, t.s, t.n, t.e, t.o, t.p, t.c, t.ge, t.ab, t.ac, t.d, t.pv, t.pc, t.l, \
         t.ms, t.mh, t.h, $2, $2 FROM UNNEST($3::BIGINT[], $4::BIGINT[], $5::TEXT[], $6::TEXT[], \
         $7::TEXT[], $8::TEXT[], $9::TEXT[], $10::TEXT[], $11::TEXT[], $12::TEXT[], $13::TEXT[], \
         $14::TEXT[], $15::TEXT[], $16::BOOLEAN[], $17::TEXT[], $18::TEXT[], $19::TEXT[], \
         $28::TIMESTAMPTZ[]) \
         AS t(id, g, s, n, e, o, p, c, ge, ab, ac, d, pv, pc, l, ms, mh, h) ORDER BY t.id RETURNING id), \
         a AS (INSERT INTO answers (registration_id, question_id, value) \
         SELECT * FROM UNNEST($20::BIGINT[], $21::BIGINT[], $22::TEXT[])), \
         o AS (INSERT INTO outbox (recipient, subject, body, next_attempt_at, created_at, calendar, ticket_code, \
         registration_id, html) SELECT t.r, t.s, t.b, $2, $2, t.c, t.k, t.i, t.h FROM UNNEST($23::TEXT[], $24::TEXT[], \
         $25::TEXT[], $26::TEXT[], $27::TEXT[], $29::BIGINT[], $32::TEXT[]) AS t(r, s, b, c, k, i, h)), \
         k AS (INSERT INTO consents (registration_id, kind, given_at) \
         SELECT t.r, t.k, $2 FROM UNNEST($30::BIGINT[], $31::TEXT[]) AS t(r, k)) \
         SELECT COUNT(*) FROM r",
    )
    .bind(forum)
    .bind(now)
    .bind(&ids)
    .bind(&groups)
    .bind(&statuses)
    .bind(rows(|r| r.full_name.as_str()))
    .bind(rows(|r| r.email.as_str()))
    .bind(rows(|r| r.organisation.as_str()))
    .bind(rows(|r| r.position.as_str()))
    .bind(rows(|r| r.country.as_str()))
    .bind(rows(|r| r.gender.as_str()))
    .bind(rows(|r| r.age_band.as_str()))
    .bind(rows(|r| r.accessibility.as_str()))
    .bind(rows(|r| r.dietary.as_str()))
    .bind(&privacy)
    .bind(&consents)
    .bind(rows(|r| r.locale.as_str()))
    .bind(rows(|r| r.manage_salt.as_str()))
    .bind(&hashes)
    .bind(&answer_regs)
    .bind(&answer_questions)
    .bind(&answer_values)
    .bind(mails.iter().map(|m| m.recipient.as_str()).collect::<Vec<_>>())
    .bind(mails.iter().map(|m| m.subject.as_str()).collect::<Vec<_>>())
    .bind(mails.iter().map(|m| m.body.as_str()).collect::<Vec<_>>())
    .bind(mails.iter().map(|m| m.calendar.as_deref()).collect::<Vec<_>>())
    .bind(mails.iter().map(|m| m.ticket_code.as_deref()).collect::<Vec<_>>())
    .bind(&holds)
    .bind(mails.iter().map(|m| m.registration).collect::<Vec<_>>())
    .bind(&consent_regs)
    .bind(&consent_kinds)
    .bind(mails.iter().map(|m| m.html.as_deref()).collect::<Vec<_>>())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The registration row alone; the SQLite store then adds the answers and the email with the
/// helpers every write path uses.
pub async fn insert_sqlite(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    new: &RegistrationInsert<'_>,
    status: RegistrationStatus,
    now: DateTime<Utc>,
) -> StoreResult<Option<RegistrationRecord>> {
    let f = new.form;
    let inserted: Result<(i64,), sqlx::Error> = sqlx::query_as(
        "INSERT INTO registrations (forum_id, group_id, status, full_name, email, organisation, \
         position, country, gender, age_band, accessibility, dietary, privacy_version, \
         photo_consent, locale, manage_salt, manage_token_hash, hold_until, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $19, $18, $18) \
         RETURNING id",
    )
    .bind(new.forum)
    .bind(f.group_id)
    .bind(status.as_str())
    .bind(&f.full_name)
    .bind(f.email.as_str())
    .bind(&f.organisation)
    .bind(&f.position)
    .bind(&f.country)
    .bind(&f.gender)
    .bind(&f.age_band)
    .bind(&f.accessibility)
    .bind(&f.dietary)
    .bind(new.privacy_version)
    .bind(f.photo_consent)
    .bind(new.locale)
    .bind(&new.manage_salt)
    .bind(&new.manage_token_hash)
    .bind(whole_seconds(now))
    .bind(new.hold_until.map(whole_seconds))
    .fetch_one(&mut **tx)
    .await;
    let id = match inserted {
        Ok((id,)) => id,
        Err(e) if unique_violation(&e) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    Ok(Some(record_of(id, new, status)))
}
