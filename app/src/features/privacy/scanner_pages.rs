//! The forum's door on its privacy page: which scanner accounts are assigned to it and until
//! when. Admins and the forum's editors assign (plain HTML forms; they work without JavaScript);
//! a scanner opens only the forums it is assigned to, and only until the day given.

use super::scanners::SetScanner;
use super::types::ForumPrivacy;
use crate::components::notice::ErrorNotice;
use crate::i18n::use_locale;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn ScannerSection(
    action: ServerAction<SetScanner>,
    slug: String,
    privacy: ForumPrivacy,
) -> impl IntoView {
    let locale = use_locale();
    let today = crate::clock::now().date_naive();
    let can = privacy.can_assign_scanners;
    let rows = privacy
        .scanners
        .iter()
        .map(|s| {
            let until = crate::i18n::format_date(locale, s.until);
            let state = if s.until < today {
                locale.tf("scanners.ended", &[("date", &until)])
            } else {
                locale.tf("scanners.until_date", &[("date", &until)])
            };
            let slug = slug.clone();
            let id = s.account_id.0.to_string();
            view! {
                <tr>
                    <td>{s.display_name.clone()}<br /><span class="muted">{s.email.clone()}</span></td>
                    <td>{state}</td>
                    <td>{can.then(|| view! {
                        <ActionForm action=action attr:class="form form-inline">
                            <input type="hidden" name="slug" value=slug />
                            <input type="hidden" name="account_id" value=id />
                            <input type="hidden" name="until" value="" />
                            <button type="submit" class="button button-secondary">{locale.t("scanners.end")}</button>
                        </ActionForm>
                    })}</td>
                </tr>
            }
        })
        .collect_view();
    let choices = privacy
        .scanner_accounts
        .iter()
        .map(|(id, name, email)| {
            view! { <option value=id.to_string()>{format!("{name} ({email})")}</option> }
        })
        .collect_view();
    let default_until = privacy.ends_on.max(today).to_string();
    view! {
        <section aria-labelledby="scanners-heading">
            <h2 id="scanners-heading">{locale.t("scanners.heading")}</h2>
            <p>{locale.t("scanners.lead")}</p>
            {move || action.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
            {if privacy.scanners.is_empty() {
                view! { <p class="muted">{locale.t("scanners.none")}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" tabindex="0" role="region" aria-labelledby="scanners-heading"><table>
                        <thead><tr>
                            <th scope="col">{locale.t("scanners.account")}</th>
                            <th scope="col">{locale.t("scanners.until")}</th>
                            <th scope="col"><span class="visually-hidden">{locale.t("team.actions")}</span></th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table></div>
                }.into_any()
            }}
            {(can && !privacy.scanner_accounts.is_empty()).then(|| view! {
                <ActionForm action=action attr:class="form">
                    <input type="hidden" name="slug" value=slug.clone() />
                    <div class="field">
                        <label for="scanner-add">{locale.t("scanners.add")}</label>
                        <select id="scanner-add" name="account_id">{choices}</select>
                    </div>
                    <div class="field">
                        <label for="scanner-until">{locale.t("scanners.until")}</label>
                        <input id="scanner-until" name="until" type="date" value=default_until required=true />
                    </div>
                    <button type="submit" class="button">{locale.t("scanners.assign")}</button>
                </ActionForm>
            })}
        </section>
    }
}
