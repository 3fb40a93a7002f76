//! Picking sessions into one's own agenda belongs to the calendar feature (it knows the
//! participant remembered on this device and keeps the picks). The agenda page offers it when
//! the app provides a `SessionPicking` in the context (`routes.rs`), so the agenda imports
//! nothing of the features after it.

use crate::components::slot::Slot;
use crate::error::AppError;
use std::future::Future;
use std::pin::Pin;

/// The picks of the participant remembered on this device in one forum (`None`: nobody is
/// remembered, so the agenda offers no picking).
pub type PicksFuture = Pin<Box<dyn Future<Output = Result<Option<Vec<i64>>, AppError>> + Send>>;

#[derive(Clone)]
pub struct SessionPicking {
    /// Loads the picks for the forum of this slug.
    pub picks: fn(String) -> PicksFuture,
    /// The pick button of one session card: (forum slug, session id, picked now).
    pub button: Slot<(String, i64, bool)>,
}

impl SessionPicking {
    /// What the agenda page awaits once for all its session cards: nothing to pick when the
    /// app provides no picking.
    pub fn load(picking: Option<&SessionPicking>, slug: String) -> PicksFuture {
        match picking {
            Some(picking) => (picking.picks)(slug),
            None => Box::pin(async { Ok(None) }),
        }
    }
}
