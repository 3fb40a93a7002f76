//! New registrations of one forum written in batches (PostgreSQL).
//!
//! Every registration that asks for a seat must see the seats taken before it, so the store locks
//! the forum's row while it counts and writes. Taken one at a time, that lock is held for four
//! round trips per registration, and a popular forum's registrations queue behind it. Here each
//! server keeps one writer task per forum: requests hand it their registration, it takes
//! whatever has queued meanwhile, locks the forum once, decides the seats in turn with the pure
//! rules (`SeatPlan::decide_in_turn`), writes every row, answer and email in one statement and
//! commits once. Several servers still order their batches by the same row lock.
//!
//! Registrations with an invitation are not batched (claiming the invitation may fail on its own).

use super::mail::Message;
use super::seats::{Decision, SeatPlan, Taken};
use super::store::{Outgoing, RegistrationInsert, RegistrationRecord};
use super::types::RegistrationStatus;
use super::write::record_of;
use crate::features::forums::types::ForumId;
use crate::store::{StoreError, StoreResult};
use chrono::{DateTime, Utc};
use sqlx::PgPool;
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use tokio::sync::{mpsc, oneshot};

/// The most registrations one batch writes.
const MOST: usize = 128;

/// What became of a batched registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placed {
    /// Written with this status.
    New(RegistrationStatus),
    /// No seat and no waiting list: nothing was written.
    Full,
    /// The address is registered for the forum already (nothing was written).
    Existing,
}

/// One registration waiting for its forum's writer, with its email for every status it may get.
pub struct Job {
    record: RegistrationRecord,
    privacy_version: String,
    manage_token_hash: String,
    pending: bool,
    answers: Vec<(i64, String)>,
    mails: Vec<(RegistrationStatus, Outgoing)>,
    reply: oneshot::Sender<StoreResult<Placed>>,
}

impl Job {
    /// The job for a new registration (id drawn already); `compose` writes its emails now,
    /// since the writer decides the status later on another task.
    pub fn new(
        id: i64,
        new: &RegistrationInsert<'_>,
        compose: super::store::Compose<'_>,
    ) -> (Job, oneshot::Receiver<StoreResult<Placed>>) {
        use RegistrationStatus::*;
        let statuses: &[RegistrationStatus] = if new.pending {
            &[Pending]
        } else {
            &[Confirmed, Waiting]
        };
        let mails = statuses
            .iter()
            .filter_map(|s| Some((*s, compose(&record_of(id, new, *s), Message::Registered)?)))
            .collect();
        let (reply, answer) = oneshot::channel();
        let job = Job {
            record: record_of(id, new, Pending),
            privacy_version: new.privacy_version.to_string(),
            manage_token_hash: new.manage_token_hash.clone(),
            pending: new.pending,
            answers: new.answers.to_vec(),
            mails,
            reply,
        };
        (job, answer)
    }
}

/// The writer tasks of this server, one per forum, started on a forum's first registration.
#[derive(Default)]
pub struct Batches {
    writers: Mutex<HashMap<ForumId, mpsc::UnboundedSender<Job>>>,
}

impl Batches {
    /// Hands `job` to its forum's writer and waits for the outcome.
    pub async fn place(
        &self,
        pool: &PgPool,
        job: Job,
        answer: oneshot::Receiver<StoreResult<Placed>>,
    ) -> StoreResult<Placed> {
        let forum = job.record.forum_id;
        {
            let mut writers = self.writers.lock().unwrap_or_else(|e| e.into_inner());
            let writer = writers
                .entry(forum)
                .or_insert_with(|| spawn_writer(pool.clone(), forum));
            if let Err(mpsc::error::SendError(job)) = writer.send(job) {
                // The writer ended (its runtime is shutting down): start another.
                let fresh = spawn_writer(pool.clone(), forum);
                let _ = fresh.send(job);
                *writer = fresh;
            }
        }
        answer
            .await
            .map_err(|_| StoreError::Other("the registration writer stopped".into()))?
    }
}

fn spawn_writer(pool: PgPool, forum: ForumId) -> mpsc::UnboundedSender<Job> {
    let (tx, mut rx) = mpsc::unbounded_channel::<Job>();
    tokio::spawn(async move {
        while let Some(first) = rx.recv().await {
            let mut jobs = vec![first];
            while jobs.len() < MOST {
                match rx.try_recv() {
                    Ok(job) => jobs.push(job),
                    Err(_) => break,
                }
            }
            let outcome = write_batch(&pool, forum, &jobs).await;
            for (i, job) in jobs.into_iter().enumerate() {
                let result = match &outcome {
                    Ok(placed) => Ok(placed[i]),
                    Err(StoreError::NotFound) => Err(StoreError::NotFound),
                    Err(StoreError::Conflict(key)) => Err(StoreError::Conflict(key.clone())),
                    Err(StoreError::Other(e)) => Err(StoreError::Other(e.to_string().into())),
                };
                // The request may have gone (a closed connection); its registration stands.
                let _ = job.reply.send(result);
            }
        }
    });
    tx
}

/// The statuses of a batch, in order: duplicates of an address (registered already, or earlier
/// in the batch) are `Existing`, the rest are placed in turn by the seat rules.
pub fn place_in_turn(
    plan: &SeatPlan,
    taken: &mut Taken,
    waiting_list: bool,
    requests: &[(&str, i64, bool)],
    registered: &HashSet<String>,
) -> Vec<Placed> {
    let mut seen: HashSet<&str> = HashSet::new();
    requests
        .iter()
        .map(|(email, group, pending)| {
            if registered.contains(*email) || !seen.insert(email) {
                return Placed::Existing;
            }
            if *pending {
                return Placed::New(RegistrationStatus::Pending);
            }
            match plan.decide_in_turn(taken, &[*group])[0] {
                Decision::Seat => Placed::New(RegistrationStatus::Confirmed),
                Decision::NoSeat if waiting_list => Placed::New(RegistrationStatus::Waiting),
                Decision::NoSeat => Placed::Full,
            }
        })
        .collect()
}

/// Locks the forum, places the batch and writes it in one transaction.
async fn write_batch(pool: &PgPool, forum: ForumId, jobs: &[Job]) -> StoreResult<Vec<Placed>> {
    let now = crate::store::whole_seconds(Utc::now());
    let mut tx = pool.begin().await?;
    let (plan, waiting_list, mut taken) =
        crate::store::PgStore::seat_state(&mut tx, forum, now).await?;
    let emails: Vec<&str> = jobs.iter().map(|j| j.record.email.as_str()).collect();
    let registered: Vec<(String,)> =
        // Each address is looked up by the (forum, email) key, whatever the planner knows.
        sqlx::query_as(
            "SELECT e FROM UNNEST($2::TEXT[]) AS e WHERE EXISTS \
             (SELECT 1 FROM registrations r WHERE r.forum_id = $1 AND r.email = e)",
        )
            .bind(forum)
            .bind(&emails)
            .fetch_all(&mut *tx)
            .await?;
    let registered: HashSet<String> = registered.into_iter().map(|(e,)| e).collect();
    let requests: Vec<(&str, i64, bool)> = jobs
        .iter()
        .map(|j| (j.record.email.as_str(), j.record.group_id.0, j.pending))
        .collect();
    let placed = place_in_turn(&plan, &mut taken, waiting_list, &requests, &registered);
    let written: Vec<(&Job, RegistrationStatus)> = jobs
        .iter()
        .zip(&placed)
        .filter_map(|(job, p)| match p {
            Placed::New(status) => Some((job, *status)),
            _ => None,
        })
        .collect();
    if !written.is_empty() {
        insert_all(&mut tx, forum, &written, now).await?;
    }
    tx.commit().await?;
    Ok(placed)
}

/// Every row, answer and email of a batch in one statement.
async fn insert_all(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    forum: ForumId,
    written: &[(&Job, RegistrationStatus)],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let rows = |f: fn(&RegistrationRecord) -> &str| -> Vec<&str> {
        written.iter().map(|(j, _)| f(&j.record)).collect()
    };
    let ids: Vec<i64> = written.iter().map(|(j, _)| j.record.id.0).collect();
    let groups: Vec<i64> = written.iter().map(|(j, _)| j.record.group_id.0).collect();
    let statuses: Vec<&str> = written.iter().map(|(_, s)| s.as_str()).collect();
    let consents: Vec<bool> = written
        .iter()
        .map(|(j, _)| j.record.photo_consent)
        .collect();
    let privacy: Vec<&str> = written
        .iter()
        .map(|(j, _)| j.privacy_version.as_str())
        .collect();
    let hashes: Vec<&str> = written
        .iter()
        .map(|(j, _)| j.manage_token_hash.as_str())
        .collect();
    let mut answer_regs = Vec::new();
    let mut answer_questions = Vec::new();
    let mut answer_values = Vec::new();
    for (job, _) in written {
        for (question, value) in &job.answers {
            answer_regs.push(job.record.id.0);
            answer_questions.push(*question);
            answer_values.push(value.as_str());
        }
    }
    let mails: Vec<&Outgoing> = written
        .iter()
        .filter_map(|(job, status)| job.mails.iter().find(|(s, _)| s == status).map(|(_, m)| m))
        .collect();
    sqlx::query(
        "WITH r AS (INSERT INTO registrations (id, forum_id, group_id, status, full_name, email, \
         organisation, position, country, gender, age_band, accessibility, dietary, privacy_version, \
         photo_consent, locale, manage_salt, manage_token_hash, created_at, updated_at) \
         SELECT t.id, $1, t.g, t.s, t.n, t.e, t.o, t.p, t.c, t.ge, t.ab, t.ac, t.d, t.pv, t.pc, t.l, \
         t.ms, t.mh, $2, $2 FROM UNNEST($3::BIGINT[], $4::BIGINT[], $5::TEXT[], $6::TEXT[], \
         $7::TEXT[], $8::TEXT[], $9::TEXT[], $10::TEXT[], $11::TEXT[], $12::TEXT[], $13::TEXT[], \
         $14::TEXT[], $15::TEXT[], $16::BOOLEAN[], $17::TEXT[], $18::TEXT[], $19::TEXT[]) \
         AS t(id, g, s, n, e, o, p, c, ge, ab, ac, d, pv, pc, l, ms, mh) ORDER BY t.id RETURNING id), \
         a AS (INSERT INTO answers (registration_id, question_id, value) \
         SELECT * FROM UNNEST($20::BIGINT[], $21::BIGINT[], $22::TEXT[])), \
         o AS (INSERT INTO outbox (recipient, subject, body, next_attempt_at, created_at, calendar, ticket_code) \
         SELECT t.r, t.s, t.b, $2, $2, t.c, t.k FROM UNNEST($23::TEXT[], $24::TEXT[], $25::TEXT[], \
         $26::TEXT[], $27::TEXT[]) AS t(r, s, b, c, k)) \
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
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::registration::seats::Quota;
    use RegistrationStatus::*;

    fn plan(capacity: u32, cap_of_1: Option<u32>) -> SeatPlan {
        SeatPlan {
            capacity,
            quotas: [(
                1,
                Quota {
                    reserved: 0,
                    cap: cap_of_1,
                },
            )]
            .into_iter()
            .collect(),
            released: false,
        }
    }

    #[test]
    fn a_batch_is_placed_in_turn_and_an_address_only_once() {
        let p = plan(3, Some(1));
        let mut taken = Taken::new();
        let registered: HashSet<String> = ["old@example.org".to_string()].into_iter().collect();
        let placed = place_in_turn(
            &p,
            &mut taken,
            true,
            &[
                ("a@example.org", 1, false),
                ("b@example.org", 1, false),
                ("a@example.org", 2, false),
                ("old@example.org", 2, false),
                ("c@example.org", 2, true),
                ("d@example.org", 2, false),
                ("e@example.org", 2, false),
                ("f@example.org", 2, false),
            ],
            &registered,
        );
        assert_eq!(
            placed,
            vec![
                Placed::New(Confirmed),
                Placed::New(Waiting),
                Placed::Existing,
                Placed::Existing,
                Placed::New(Pending),
                Placed::New(Confirmed),
                Placed::New(Confirmed),
                Placed::New(Waiting),
            ]
        );
        assert_eq!(taken, [(1, 1), (2, 2)].into_iter().collect());
    }

    #[test]
    fn without_a_waiting_list_a_full_forum_writes_nothing() {
        let mut taken = Taken::new();
        let placed = place_in_turn(
            &plan(1, None),
            &mut taken,
            false,
            &[("a@example.org", 2, false), ("b@example.org", 2, false)],
            &HashSet::new(),
        );
        assert_eq!(placed, vec![Placed::New(Confirmed), Placed::Full]);
    }
}
