//! The ticket card on the participant's page: fits a phone screen, prints alone on one A4 page.

use super::types::TicketView;
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
