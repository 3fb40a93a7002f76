//! New registrations of one forum written in batches (PostgreSQL).
//!
//! Every registration that asks for a seat must see the seats taken before it, so the store locks
//! the forum's row while it counts and writes. Taken one at a time, that lock is held for four
//! round trips per registration, and a popular forum's registrations queue behind it. Here each
//! server keeps one writer task per forum: requests hand it their registration, it takes
//! whatever has queued meanwhile, locks the forum once, decides the seats in turn with the pure
//! rules (`SeatPlan::take`, one registration after another), writes every row, answer and email
//! in one statement (`write::insert_pg`) and commits once. Several servers still order their
//! batches by the same row lock.
//!
//! Registrations with an invitation are not batched (claiming the invitation may fail on its own).

use super::mail::Message;
use super::records::{Outgoing, Placed, RegistrationInsert, RegistrationRecord};
use super::seats::{Decision, SeatPlan, Taken};
use super::types::RegistrationStatus;
use super::write::{insert_pg, record_of, NewRow};
use crate::db::{StoreError, StoreResult};
use crate::features::forums::types::ForumId;
use sqlx::PgPool;
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use tokio::sync::{mpsc, oneshot};

/// The most registrations one batch writes.
const MOST: usize = 128;
/// The most registrations that may wait for one forum's writer on this server; past it a
/// request is answered "busy, try again" (503) at once rather than queue without end.
const QUEUE: usize = 2_000;
/// How long a request waits for its batch to be written before it is answered "busy".
const ANSWER_WITHIN: std::time::Duration = std::time::Duration::from_secs(20);

/// One registration waiting for its forum's writer, with its email for every status it may get.
pub struct Job {
    record: RegistrationRecord,
    privacy_version: String,
    manage_token_hash: String,
    pending: bool,
    answers: Vec<(i64, String)>,
    consents: Vec<super::types::ConsentKind>,
    mails: Vec<(RegistrationStatus, Outgoing)>,
    reply: oneshot::Sender<StoreResult<Placed>>,
}

impl Job {
    /// The job for a new registration (id drawn already); `compose` writes its emails now,
    /// since the writer decides the status later on another task.
    pub fn new(
        id: i64,
        new: &RegistrationInsert<'_>,
        compose: super::mail::Compose<'_>,
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
            consents: new.consents.to_vec(),
            mails,
            reply,
        };
        (job, answer)
    }
}

/// The writer tasks of this server, one per forum, started on a forum's first registration.
#[derive(Default)]
pub struct Batches {
    writers: Mutex<HashMap<ForumId, mpsc::Sender<Job>>>,
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
            match writer.try_send(job) {
                Ok(()) => {}
                Err(mpsc::error::TrySendError::Full(_)) => {
                    return Err(StoreError::Busy(
                        "the forum's registration queue is full".into(),
                    ));
                }
                Err(mpsc::error::TrySendError::Closed(job)) => {
                    // The writer ended (its runtime is shutting down): start another.
                    let fresh = spawn_writer(pool.clone(), forum);
                    let _ = fresh.try_send(job);
                    *writer = fresh;
                }
            }
        }
        match tokio::time::timeout(ANSWER_WITHIN, answer).await {
            Ok(answer) => {
                answer.map_err(|_| StoreError::Other("the registration writer stopped".into()))?
            }
            // The batch may still be written; the person is told to try again, and a retry of
            // the same address finds the registration (answered as existing, link resent).
            Err(_) => Err(StoreError::Busy(
                "no answer from the registration writer in time".into(),
            )),
        }
    }
}

fn spawn_writer(pool: PgPool, forum: ForumId) -> mpsc::Sender<Job> {
    let (tx, mut rx) = mpsc::channel::<Job>(QUEUE);
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
            let faulty = matches!(
                outcome,
                Err(StoreError::Other(_) | StoreError::Duplicate(_))
            );
            if faulty && jobs.len() > 1 {
                // One bad row fails only its own registration: write each alone.
                for job in jobs {
                    let alone = write_batch(&pool, forum, std::slice::from_ref(&job)).await;
                    let _ = job.reply.send(alone.map(|placed| placed[0]));
                }
                continue;
            }
            for (i, job) in jobs.into_iter().enumerate() {
                let result = match &outcome {
                    Ok(placed) => Ok(placed[i]),
                    Err(e) => Err(copy_of(e)),
                };
                // The request may have gone (a closed connection); its registration stands.
                let _ = job.reply.send(result);
            }
        }
    });
    tx
}

/// The same error for another waiting request (the boxed cause as its text).
fn copy_of(e: &StoreError) -> StoreError {
    match e {
        StoreError::NotFound => StoreError::NotFound,
        StoreError::Duplicate(message) => StoreError::Duplicate(message.clone()),
        StoreError::Busy(why) => StoreError::Busy(why.clone()),
        StoreError::Full(why) => StoreError::Full(why.clone()),
        StoreError::BadText(why) => StoreError::BadText(why.clone()),
        StoreError::Other(e) => StoreError::Other(e.to_string().into()),
    }
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
            match plan.take(taken, *group) {
                Decision::Seat => Placed::New(RegistrationStatus::Confirmed),
                Decision::NoSeat if waiting_list => Placed::New(RegistrationStatus::Waiting),
                Decision::NoSeat => Placed::Full,
            }
        })
        .collect()
}

/// Locks the forum, places the batch and writes it in one transaction.
async fn write_batch(pool: &PgPool, forum: ForumId, jobs: &[Job]) -> StoreResult<Vec<Placed>> {
    let now = crate::db::whole_seconds(crate::clock::now());
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
    let rows: Vec<NewRow<'_>> = jobs
        .iter()
        .zip(&placed)
        .filter_map(|(job, p)| match p {
            Placed::New(status) => Some(NewRow {
                record: &job.record,
                status: *status,
                privacy_version: &job.privacy_version,
                manage_token_hash: &job.manage_token_hash,
                answers: &job.answers,
                consents: &job.consents,
                mail: job.mails.iter().find(|(s, _)| s == status).map(|(_, m)| m),
            }),
            _ => None,
        })
        .collect();
    if !rows.is_empty() {
        insert_pg(&mut tx, forum, &rows, now).await?;
    }
    tx.commit().await?;
    Ok(placed)
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
