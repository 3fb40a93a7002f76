//! The ticket card (fits a phone screen, prints alone on one A4 page) and the sections that show
//! it: on the participant's page, and on the organiser's page of one registration with the
//! re-issue button.

use super::api::{load_my_ticket, load_ticket_admin, ReissueTicket};
use super::types::TicketView;
use crate::components::notice::{ErrorNotice, Loading};
use crate::error::AppError;
use crate::features::registration::types::RegistrationId;
use crate::i18n::use_locale;
use leptos::prelude::*;

#[component]
pub fn TicketCard(ticket: TicketView) -> impl IntoView {
    let locale = use_locale();
    view! {
        <section class="ticket" aria-labelledby="ticket-heading">
            <h2 id="ticket-heading">{locale.t("ticket.heading")}</h2>
            <div class="ticket-body">
                <div class="ticket-qr" inner_html=ticket.svg></div>
                <dl class="ticket-facts">
                    <div><dt>{locale.t("ticket.name")}</dt><dd class="ticket-name">{ticket.full_name}</dd></div>
                    <div><dt>{locale.t("ticket.organisation")}</dt><dd>{ticket.organisation}</dd></div>
                    <div><dt>{locale.t("ticket.group")}</dt><dd>{ticket.group}</dd></div>
                    <div><dt>{locale.t("ticket.forum")}</dt><dd>{ticket.forum_title}</dd></div>
                    <div><dt>{locale.t("ticket.dates")}</dt><dd>{ticket.dates}</dd></div>
                    <div><dt>{locale.t("ticket.venue")}</dt><dd>{ticket.venue}</dd></div>
                    <div><dt>{locale.t("ticket.reference")}</dt><dd><code>{ticket.reference}</code></dd></div>
                </dl>
            </div>
            <p class="ticket-hint no-print">{locale.t("ticket.hint")}</p>
            <button type="button" class="button button-secondary no-print" data-print="true">
                {locale.t("ticket.print")}
            </button>
        </section>
    }
}

/// A ticket to show (`None`: no seat). Made where the page is composed, never inside a
/// `Suspense` (leptos-rs/leptos#4866), and read by one section.
pub type TicketResource = Resource<Result<Option<TicketView>, AppError>>;

/// The participant's ticket behind the manage link's `token`.
pub fn my_ticket(token: String) -> TicketResource {
    Resource::new_blocking(move || token.clone(), load_my_ticket)
}

/// The participant's ticket on `/r/{token}` (nothing without a seat).
#[component]
pub fn TicketSection(ticket: TicketResource) -> impl IntoView {
    let data = ticket;
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(ticket) => ticket.map(|ticket| view! { <TicketCard ticket /> }).into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// One registration's ticket for the organiser and the action that re-issues it (which
/// reloads it).
#[derive(Clone, Copy)]
pub struct AdminTicket {
    data: TicketResource,
    reissue: ServerAction<ReissueTicket>,
}

impl AdminTicket {
    pub fn new(slug: String, registration_id: RegistrationId) -> Self {
        let reissue = ServerAction::<ReissueTicket>::new();
        let data = Resource::new_blocking(
            move || (slug.clone(), reissue.version().get()),
            move |(slug, _)| load_ticket_admin(slug, registration_id),
        );
        AdminTicket { data, reissue }
    }
}

/// One registration's ticket for the organiser, with the button that re-issues it.
#[component]
pub fn AdminTicketSection(
    ticket: AdminTicket,
    slug: String,
    registration_id: RegistrationId,
) -> impl IntoView {
    let locale = use_locale();
    let AdminTicket { data, reissue } = ticket;
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new({
                let slug = slug.clone();
                async move {
                    match data.await {
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                        Ok(None) => ().into_any(),
                        Ok(Some(ticket)) => view! {
                            <TicketCard ticket />
                            <section aria-labelledby="reissue-heading" class="no-print">
                                <h2 id="reissue-heading">{locale.t("ticket.reissue")}</h2>
                                <p class="hint">{locale.t("ticket.reissue_lead")}</p>
                                {move || matches!(reissue.value().get(), Some(Ok(()))).then(|| view! { <p class="notice notice-ok" role="status">{locale.t("ticket.reissued")}</p> })}
                                {move || reissue.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
                                <ActionForm action=reissue attr:class="form">
                                    <input type="hidden" name="slug" value=slug />
                                    <input type="hidden" name="registration_id" value=registration_id.0.to_string() />
                                    <button type="submit" class="button button-secondary">{locale.t("ticket.reissue")}</button>
                                </ActionForm>
                            </section>
                        }.into_any(),
                    }
                }
            })}
        </Suspense>
    }
}
