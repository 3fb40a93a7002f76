//! A slot: a part of one feature's page that a later feature fills in, so the page shows (say)
//! the ticket without importing the tickets feature. The page hands the slot what it knows (a
//! token, an id) and shows what comes back; an unfilled slot shows nothing. `routes.rs`
//! composes the pages.

use leptos::prelude::*;
use std::sync::Arc;

pub struct Slot<T>(Arc<dyn Fn(T) -> AnyView + Send + Sync>);

impl<T> Slot<T> {
    pub fn new<V: IntoView + 'static>(fill: impl Fn(T) -> V + Send + Sync + 'static) -> Self {
        Slot(Arc::new(move |value| fill(value).into_view().into_any()))
    }

    pub fn show(&self, value: T) -> AnyView {
        (self.0)(value)
    }
}

impl<T> Clone for Slot<T> {
    fn clone(&self) -> Self {
        Slot(self.0.clone())
    }
}

impl<T> Default for Slot<T> {
    fn default() -> Self {
        Slot(Arc::new(|_| ().into_any()))
    }
}
