//! The installation's clock: the database's, not this server's. Times that several servers
//! compare (the door's roster deltas, outbox leases, held seats, form stamps' age, anything
//! stored and compared later) are read here; each server measures how far its own clock is
//! from the database's (`set_database_offset`, at start and every minute) and corrects by it, so
//! a server whose clock drifts neither expires another's holds early nor steals its leases.
//! Kernel: imports nothing of the app.

use std::sync::atomic::{AtomicI64, Ordering};

/// The database's clock minus this server's, in microseconds.
static OFFSET_MICROS: AtomicI64 = AtomicI64::new(0);

/// Now by the database's clock.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now() + chrono::Duration::microseconds(OFFSET_MICROS.load(Ordering::Relaxed))
}

/// Records the database's time `database`, read between this server's `sent` and `received`
/// (the round trip's middle is taken as the moment the database read its clock).
pub fn set_database_offset(
    sent: chrono::DateTime<chrono::Utc>,
    database: chrono::DateTime<chrono::Utc>,
    received: chrono::DateTime<chrono::Utc>,
) -> chrono::Duration {
    let middle = sent + (received - sent) / 2;
    let offset = database - middle;
    OFFSET_MICROS.store(offset.num_microseconds().unwrap_or(0), Ordering::Relaxed);
    offset
}

/// The correction in use.
pub fn database_offset() -> chrono::Duration {
    chrono::Duration::microseconds(OFFSET_MICROS.load(Ordering::Relaxed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, Utc};

    #[test]
    fn now_follows_the_database_by_the_measured_offset() {
        let sent = Utc::now();
        let received = sent + Duration::milliseconds(10);
        let database = sent + Duration::milliseconds(5) + Duration::seconds(90);
        assert_eq!(
            set_database_offset(sent, database, received),
            Duration::seconds(90)
        );
        let skew = now() - Utc::now();
        assert!(
            (skew - Duration::seconds(90)).num_milliseconds().abs() < 50,
            "{skew}"
        );
        set_database_offset(sent, sent + Duration::milliseconds(5), received);
        assert_eq!(database_offset(), Duration::zero());
    }
}
