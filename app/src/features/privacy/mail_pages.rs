//! The emails a forum's participants never got: given up after a week of failed delivery
//! (scrubbed like delivered mail), listed on the forum's privacy page so its team can reach
//! those people another way.

use crate::i18n::use_locale;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn FailedMailSection(slug: String, failed: Vec<(i64, String, DateTime<Utc>)>) -> impl IntoView {
    let locale = use_locale();
    (!failed.is_empty()).then(|| {
        let rows = failed
            .into_iter()
            .map(|(registration, subject, at)| {
                let href = format!("/organiser/forums/{slug}/registrations/{registration}");
                view! {
                    <tr>
                        <td>{subject}</td>
                        <td>{crate::i18n::format_date(locale, at.date_naive())}</td>
                        <td><A href=href>{locale.t("forum_privacy.failed_open")}</A></td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section aria-labelledby="failed-mail-heading">
                <h2 id="failed-mail-heading">{locale.t("forum_privacy.failed_heading")}</h2>
                <p>{locale.t("forum_privacy.failed_lead")}</p>
                <div class="table-wrap" tabindex="0" role="region" aria-labelledby="failed-mail-heading"><table>
                    <thead><tr>
                        <th scope="col">{locale.t("forum_privacy.failed_subject")}</th>
                        <th scope="col">{locale.t("forum_privacy.failed_when")}</th>
                        <th scope="col"><span class="visually-hidden">{locale.t("team.actions")}</span></th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table></div>
            </section>
        }
    })
}
