//! Writing a new registration with its answers and its email, inside the transaction that holds
//! the forum's lock. Each backend does it in as few round trips as it can, because every round
//! trip under the lock delays every other registration of the forum:
//! - PostgreSQL: the id is drawn from the sequence before the lock, the email is composed in
//!   memory, and the registration, its answers and the outbox row are one statement.
//! - SQLite (in-process, no round trips): the row, then the answers and the email with the
//!   store's shared helpers.
//!
//! `Ok(None)` means the address registered meanwhile (the unique index refused the insert).

use super::mail::Message;
use super::store::{Compose, RegistrationInsert, RegistrationRecord};
use super::types::{RegistrationId, RegistrationStatus};
use crate::store::{whole_seconds, StoreError, StoreResult};
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
    let (questions, values): (Vec<i64>, Vec<String>) = new.answers.iter().cloned().unzip();
    let f = new.form;
    let written = sqlx::query(
        "WITH r AS (INSERT INTO registrations (id, forum_id, group_id, status, full_name, email, \
         organisation, position, country, gender, age_band, accessibility, dietary, privacy_version, \
         photo_consent, locale, manage_salt, manage_token_hash, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19) \
         RETURNING id), \
         a AS (INSERT INTO answers (registration_id, question_id, value) \
         SELECT $1, q, v FROM UNNEST($20::BIGINT[], $21::TEXT[]) AS t(q, v)), \
         o AS (INSERT INTO outbox (recipient, subject, body, next_attempt_at, created_at, calendar, ticket_code) \
         SELECT $22, $23, $24, $19, $19, $25, $26 WHERE $27) \
         SELECT id FROM r",
    )
    .bind(id)
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
    .bind(&questions)
    .bind(&values)
    .bind(mail.as_ref().map(|m| m.recipient.clone()).unwrap_or_default())
    .bind(mail.as_ref().map(|m| m.subject.clone()).unwrap_or_default())
    .bind(mail.as_ref().map(|m| m.body.clone()).unwrap_or_default())
    .bind(mail.as_ref().and_then(|m| m.calendar.clone()))
    .bind(mail.as_ref().and_then(|m| m.ticket_code.clone()))
    .bind(mail.is_some())
    .execute(&mut **tx)
    .await;
    match written {
        Ok(_) => Ok(Some(record)),
        Err(e) if unique_violation(&e) => Ok(None),
        Err(e) => Err(StoreError::from(e)),
    }
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
         photo_consent, locale, manage_salt, manage_token_hash, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18) \
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
    .fetch_one(&mut **tx)
    .await;
    let id = match inserted {
        Ok((id,)) => id,
        Err(e) if unique_violation(&e) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    Ok(Some(record_of(id, new, status)))
}
