//! The privacy pages for admins: the access log and a series' country coordinators.

use super::api::load_access_log;
use crate::components::notice::{refused, ErrorNotice, Loading};
use crate::i18n::use_locale;
use chrono::{DateTime, Utc};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

fn when(locale: crate::i18n::Locale, at: DateTime<Utc>) -> String {
    format!(
        "{} {} UTC",
        crate::i18n::format_date(locale, at.date_naive()),
        at.format("%H:%M")
    )
}

/// The access log for admins: who exported, viewed or erased personal data, and team changes.
#[component]
pub fn AccessLogPage() -> impl IntoView {
    let locale = use_locale();
    let page = leptos_router::hooks::use_query_map()
        .read_untracked()
        .get("page")
        .and_then(|p| p.parse::<i64>().ok())
        .unwrap_or(1);
    let log = Resource::new_blocking(move || page, load_access_log);
    view! {
        <Title text=locale.t("access_log.title") />
        <h1>{locale.t("access_log.title")}</h1>
        <p>{locale.t("access_log.lead")}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match log.await {
                    Err(e) => refused(e),
                    Ok((rows, total)) => {
                        let more = total > page * 50;
                        let body = rows.into_iter().map(|r| view! {
                            <tr>
                                <td>{when(locale, r.at)}</td>
                                <td>{r.actor}</td>
                                <td>{locale.t(r.action.label_key())}</td>
                                <td>{r.forum_id.map(|f| f.to_string()).unwrap_or_default()}</td>
                                <td>{r.registration_id.map(|f| f.to_string()).unwrap_or_default()}</td>
                                <td>{r.detail}</td>
                                <td>{r.address}</td>
                            </tr>
                        }).collect_view();
                        view! {
                            <div class="table-wrap" tabindex="0" role="region" aria-label=locale.t("access_log.title")><table>
                                <caption class="visually-hidden">{locale.t("access_log.title")}</caption>
                                <thead><tr>
                                    <th scope="col">{locale.t("access_log.when")}</th>
                                    <th scope="col">{locale.t("access_log.who")}</th>
                                    <th scope="col">{locale.t("access_log.what")}</th>
                                    <th scope="col">{locale.t("access_log.forum")}</th>
                                    <th scope="col">{locale.t("access_log.registration")}</th>
                                    <th scope="col">{locale.t("access_log.detail")}</th>
                                    <th scope="col">{locale.t("access_log.address")}</th>
                                </tr></thead>
                                <tbody>{body}</tbody>
                            </table></div>
                            <p class="muted">{locale.tf("access_log.total", &[("count", &total.to_string())])}</p>
                            {(page > 1).then(|| view! { <a href=format!("/admin/access-log?page={}", page - 1)>{locale.t("access_log.newer")}</a> })}
                            " "
                            {more.then(|| view! { <a href=format!("/admin/access-log?page={}", page + 1)>{locale.t("access_log.older")}</a> })}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The series' country coordinators: each reads the registrations of their country in every
/// forum of the series (admins change them).
#[component]
pub fn Coordinators(series: i64) -> impl IntoView {
    use super::api::{load_coordinators, SetCoordinator, SetSeriesLead};
    use crate::features::forums::types::{country_key, COUNTRIES};
    let locale = use_locale();
    let action = ServerAction::<SetCoordinator>::new();
    let lead_action = ServerAction::<SetSeriesLead>::new();
    let data = Resource::new_blocking(
        move || (series, action.version().get() + lead_action.version().get()),
        |(s, _)| load_coordinators(s),
    );
    view! {
        <section aria-labelledby="series-lead-heading">
            <h2 id="series-lead-heading">{locale.t("series_lead.heading")}</h2>
            <p>{locale.t("series_lead.lead")}</p>
            {move || lead_action.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => refused(e),
                        Ok(c) => {
                            let current = c.lead.clone();
                            let now = match &current {
                                Some((_, name, email)) => locale.tf("series_lead.current", &[("name", &format!("{name} ({email})"))]),
                                None => locale.t("series_lead.none"),
                            };
                            let chosen = current.as_ref().map(|l| l.0);
                            let people = c.organisers.iter().map(|(id, name, email)| {
                                let sel = Some(*id) == chosen;
                                view! { <option value=id.to_string() selected=sel>{format!("{name} ({email})")}</option> }
                            }).collect_view();
                            view! {
                                <p class="muted">{now}</p>
                                {c.can_change.then(|| view! {
                                    <ActionForm action=lead_action attr:class="form">
                                        <input type="hidden" name="series_id" value=series.to_string() />
                                        <div class="field">
                                            <label for="series-lead">{locale.t("series_lead.choose")}</label>
                                            <select id="series-lead" name="account_id">
                                                <option value="" selected=chosen.is_none()>{locale.t("series_lead.nobody")}</option>
                                                {people}
                                            </select>
                                        </div>
                                        <button type="submit" class="button">{locale.t("series_lead.save")}</button>
                                    </ActionForm>
                                })}
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
        <section aria-labelledby="coordinators-heading">
            <h2 id="coordinators-heading">{locale.t("coordinators.heading")}</h2>
            <p>{locale.t("coordinators.lead")}</p>
            {move || action.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => refused(e),
                        Ok(c) => {
                            let rows = c.coordinators.iter().map(|m| {
                                let id = m.account_id.0.to_string();
                                view! {
                                    <tr>
                                        <td>{m.display_name.clone()}<br /><span class="muted">{m.email.clone()}</span></td>
                                        <td>{locale.t(&country_key(&m.country))}</td>
                                        <td>{c.can_change.then(|| view! {
                                            <ActionForm action attr:class="form form-inline">
                                                <input type="hidden" name="series_id" value=series.to_string() />
                                                <input type="hidden" name="account_id" value=id />
                                                <input type="hidden" name="country" value="" />
                                                <button type="submit" class="button button-secondary">{locale.t("team.remove")}</button>
                                            </ActionForm>
                                        })}</td>
                                    </tr>
                                }
                            }).collect_view();
                            let people = c.organisers.iter().map(|(id, name, email)| view! {
                                <option value=id.to_string()>{format!("{name} ({email})")}</option>
                            }).collect_view();
                            let countries = COUNTRIES.iter().map(|code| view! {
                                <option value=*code>{locale.t(&country_key(code))}</option>
                            }).collect_view();
                            view! {
                                {if c.coordinators.is_empty() { view! { <p class="muted">{locale.t("coordinators.empty")}</p> }.into_any() } else { view! {
                                    <div class="table-wrap"><table>
                                        <thead><tr><th scope="col">{locale.t("team.member")}</th><th scope="col">{locale.t("register.country")}</th><th scope="col"><span class="visually-hidden">{locale.t("team.actions")}</span></th></tr></thead>
                                        <tbody>{rows}</tbody>
                                    </table></div>
                                }.into_any() }}
                                {(c.can_change && !c.organisers.is_empty()).then(|| view! {
                                    <ActionForm action attr:class="form">
                                        <input type="hidden" name="series_id" value=series.to_string() />
                                        <div class="field">
                                            <label for="coordinator-account">{locale.t("coordinators.add")}</label>
                                            <select id="coordinator-account" name="account_id">{people}</select>
                                        </div>
                                        <div class="field">
                                            <label for="coordinator-country">{locale.t("register.country")}</label>
                                            <select id="coordinator-country" name="country">{countries}</select>
                                        </div>
                                        <button type="submit" class="button">{locale.t("coordinators.add_button")}</button>
                                    </ActionForm>
                                })}
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}
