//! Background jobs (the outbox, hold expiry, retention, the key ring) run supervised: a job that
//! panics is logged, counted and started again after a pause that doubles up to a minute, so one
//! bad row never silently stops the mail or the retention of a server nobody watches. The counts
//! are on `/health` (for admins where `AGORA_HEALTH=private`).

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Mutex;
use std::time::Duration;

static RESTARTS: Mutex<BTreeMap<&'static str, u64>> = Mutex::new(BTreeMap::new());

/// How many times each supervised job was restarted after a panic since this server started.
pub fn restarts() -> BTreeMap<&'static str, u64> {
    RESTARTS.lock().map(|r| r.clone()).unwrap_or_default()
}

/// Aborts the job when its supervisor is aborted (at shutdown).
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Runs `job()` until it returns, starting it again whenever it panics.
pub fn spawn<F, Fut>(name: &'static str, job: F) -> tokio::task::JoinHandle<()>
where
    F: Fn() -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    if let Ok(mut r) = RESTARTS.lock() {
        r.entry(name).or_insert(0);
    }
    tokio::spawn(async move {
        let mut pause = Duration::from_secs(1);
        loop {
            let mut running = AbortOnDrop(tokio::spawn(job()));
            match (&mut running.0).await {
                Err(e) if e.is_panic() => {
                    if let Ok(mut r) = RESTARTS.lock() {
                        *r.entry(name).or_insert(0) += 1;
                    }
                    tracing::error!(
                        job = name,
                        restart_in_seconds = pause.as_secs(),
                        "a background job panicked; it starts again"
                    );
                    tokio::time::sleep(pause).await;
                    pause = (pause * 2).min(Duration::from_secs(60));
                }
                _ => return,
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Arc;

    #[tokio::test]
    async fn a_panicking_job_is_counted_and_started_again_and_stops_with_its_supervisor() {
        let runs = Arc::new(AtomicU32::new(0));
        let alive = Arc::new(());
        let (counted, held) = (runs.clone(), alive.clone());
        let supervisor = spawn("test-job", move || {
            let (runs, held) = (counted.clone(), held.clone());
            async move {
                let _held = held;
                if runs.fetch_add(1, Ordering::SeqCst) < 2 {
                    panic!("a bad row");
                }
                std::future::pending::<()>().await;
            }
        });
        // Restarted after 1 s, then after 2 s.
        tokio::time::sleep(Duration::from_millis(3_500)).await;
        assert_eq!(runs.load(Ordering::SeqCst), 3, "two panics, then it runs");
        assert_eq!(restarts().get("test-job"), Some(&2));
        assert_eq!(
            Arc::strong_count(&alive),
            3,
            "the running job holds its copy"
        );
        supervisor.abort();
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(
            Arc::strong_count(&alive),
            1,
            "the job stopped with its supervisor"
        );
    }
}
