//! What the organiser's agenda screens share: the forum in the address, the actions of the
//! agenda page, and the edit-and-delete pair of a row.

use super::manage::*;
use crate::error::AppError;
use crate::i18n::{use_locale, Locale};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

pub(super) fn slug_param() -> Signal<String> {
    let params = use_params_map();
    Signal::derive(move || params.read().get("slug").unwrap_or_default())
}

#[derive(Clone, Copy)]
pub(super) struct AgendaActions {
    pub(super) room: ServerAction<SaveRoom>,
    pub(super) room_delete: ServerAction<DeleteRoom>,
    pub(super) track: ServerAction<SaveTrack>,
    pub(super) track_delete: ServerAction<DeleteTrack>,
    pub(super) person: ServerAction<SavePerson>,
    pub(super) person_delete: ServerAction<DeletePerson>,
    pub(super) cancel: ServerAction<SetSessionCancelled>,
}

impl AgendaActions {
    pub(super) fn new() -> Self {
        Self {
            room: ServerAction::new(),
            room_delete: ServerAction::new(),
            track: ServerAction::new(),
            track_delete: ServerAction::new(),
            person: ServerAction::new(),
            person_delete: ServerAction::new(),
            cancel: ServerAction::new(),
        }
    }
    pub(super) fn version(&self) -> usize {
        self.room.version().get()
            + self.room_delete.version().get()
            + self.track.version().get()
            + self.track_delete.version().get()
            + self.person.version().get()
            + self.person_delete.version().get()
            + self.cancel.version().get()
    }
    /// An error of an action that has no form of its own (deletes, cancel).
    pub(super) fn row_error(&self) -> Option<AppError> {
        [
            self.room_delete.value().get().and_then(Result::err),
            self.track_delete.value().get().and_then(Result::err),
            self.person_delete.value().get().and_then(Result::err),
            self.cancel.value().get().and_then(Result::err),
        ]
        .into_iter()
        .flatten()
        .next()
    }
}

/// The row's edit form inside a disclosure, and its delete form.
#[component]
pub(super) fn ItemActions(
    name: String,
    edit: AnyView,
    delete: AnyView,
    #[prop(optional)] open: bool,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <details class="item-edit" open=open>
            <summary>{locale.t("organiser.edit")}<span class="visually-hidden">": "{name}</span></summary>
            {edit}
        </details>
        {delete}
    }
}

/// The inside of a row's delete form.
pub(super) fn delete_fields(
    locale: Locale,
    slug: String,
    id_name: &'static str,
    id: i64,
    name: String,
) -> AnyView {
    view! {
        <input type="hidden" name="slug" value=slug />
        <input type="hidden" name=id_name value=id.to_string() />
        <button type="submit" class="button button-small button-danger">
            {locale.t("common.delete")}<span class="visually-hidden">": "{name}</span>
        </button>
    }
    .into_any()
}
