//! The organiser's registrations screen.

use super::manage::{
    load_registrations_admin, ApproveMany, ChangeRegistration, RegistrationsAdmin, SaveGroupQuota,
    SaveRegistrationSettings,
};
use super::types::{RegistrationFilter, RegistrationMode, RegistrationStatus, PAGE_SIZE};
use crate::components::notice::{refused, ErrorNotice, Loading};
use crate::components::slot::Slot;
use crate::error::AppError;
use crate::features::forums::types::{country_key, COUNTRIES};
use crate::i18n::{use_locale, Locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

fn query_string(filter: &RegistrationFilter, page: i64) -> String {
    let enc = crate::text::encode_query;
    format!(
        "q={}&status={}&group={}&country={}&sort={}&page={page}",
        enc(&filter.q),
        enc(&filter.status),
        enc(&filter.group),
        enc(&filter.country),
        enc(&filter.sort)
    )
}

#[component]
pub fn RegistrationsAdminPage(
    /// A line about the forum's personal data (the privacy feature: when it is erased).
    #[prop(optional)]
    privacy: Slot<String>,
) -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let query = use_query_map();
    let quota = ServerAction::<SaveGroupQuota>::new();
    let settings = ServerAction::<SaveRegistrationSettings>::new();
    let cancel = ServerAction::<ChangeRegistration>::new();
    let bulk = ServerAction::<ApproveMany>::new();
    let key = move || {
        let q = query.read();
        let filter = RegistrationFilter {
            q: q.get("q").unwrap_or_default(),
            status: q.get("status").unwrap_or_default(),
            group: q.get("group").unwrap_or_default(),
            country: q.get("country").unwrap_or_default(),
            sort: q.get("sort").unwrap_or_default(),
        };
        let page = q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1);
        let version = quota.version().get()
            + settings.version().get()
            + cancel.version().get()
            + bulk.version().get();
        (
            params.read().get("slug").unwrap_or_default(),
            filter,
            page,
            version,
        )
    };
    let data = Resource::new_blocking(key, |(slug, filter, page, _)| {
        load_registrations_admin(slug, filter, page)
    });
    let action_error = Signal::derive(move || {
        [
            quota.value().get(),
            settings.value().get(),
            cancel.value().get(),
        ]
        .into_iter()
        .flatten()
        .find_map(Result::err)
        .or_else(|| bulk.value().get().and_then(Result::err))
    });
    view! {
        <Title text=locale.t("registrations.title") />
        <p><A href="/organiser">{locale.t("translations.back")}</A></p>
        <Suspense fallback=Loading>
            {move || {
                let privacy = privacy.clone();
                Suspend::new(async move {
                    match data.await {
                        Err(error) => refused(error),
                        Ok(admin) => view! { <RegistrationsAdminView admin quota settings cancel bulk action_error privacy /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn RegistrationsAdminView(
    admin: RegistrationsAdmin,
    quota: ServerAction<SaveGroupQuota>,
    settings: ServerAction<SaveRegistrationSettings>,
    cancel: ServerAction<ChangeRegistration>,
    bulk: ServerAction<ApproveMany>,
    action_error: Signal<Option<AppError>>,
    privacy: Slot<String>,
) -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let filter = RegistrationFilter {
        q: query.read_untracked().get("q").unwrap_or_default(),
        status: query.read_untracked().get("status").unwrap_or_default(),
        group: query.read_untracked().get("group").unwrap_or_default(),
        country: query.read_untracked().get("country").unwrap_or_default(),
        sort: query.read_untracked().get("sort").unwrap_or_default(),
    };
    let slug = admin.forum.slug.clone();
    let (slug_quota, slug_rows, slug_settings) = (slug.clone(), slug.clone(), slug.clone());
    let base = format!("/organiser/forums/{slug}/registrations");
    let pages = (admin.total + PAGE_SIZE - 1) / PAGE_SIZE;
    let csv_href = format!(
        "/organiser/forums/{slug}/registrations.csv?{}",
        query_string(&filter, 1)
    );
    let prev =
        (admin.page > 1).then(|| format!("{base}?{}", query_string(&filter, admin.page - 1)));
    let next =
        (admin.page < pages).then(|| format!("{base}?{}", query_string(&filter, admin.page + 1)));
    let group_name = {
        let groups = admin.groups.clone();
        move |id: i64| {
            groups
                .iter()
                .find(|g| g.id.0 == id)
                .map(|g| g.name.clone())
                .unwrap_or_default()
        }
    };
    let select = |name: &'static str, current: String, options: Vec<(String, String)>| {
        let id = format!("filter-{name}");
        view! {
            <select id=id name=name>
                {options.into_iter().map(|(v, l)| { let sel = v == current; view! { <option value=v selected=sel>{l}</option> } }).collect_view()}
            </select>
        }
    };
    let statuses: Vec<(String, String)> =
        std::iter::once((String::new(), locale.t("registrations.all")))
            .chain(RegistrationStatus::ALL.iter().map(|s| {
                (
                    s.as_str().to_string(),
                    locale.t(&format!("registration.status.{}", s.as_str())),
                )
            }))
            .collect();
    let groups: Vec<(String, String)> =
        std::iter::once((String::new(), locale.t("registrations.all")))
            .chain(
                admin
                    .groups
                    .iter()
                    .map(|g| (g.id.0.to_string(), g.name.clone())),
            )
            .collect();
    let countries: Vec<(String, String)> =
        std::iter::once((String::new(), locale.t("registrations.all")))
            .chain(
                COUNTRIES
                    .iter()
                    .map(|c| (c.to_string(), locale.t(&country_key(c)))),
            )
            .collect();
    let sorts: Vec<(String, String)> = ["newest", "oldest", "name", "organisation"]
        .iter()
        .map(|s| (s.to_string(), locale.t(&format!("registrations.sort.{s}"))))
        .collect();
    let modes: Vec<(String, String)> = RegistrationMode::ALL
        .iter()
        .map(|m| {
            (
                m.as_str().to_string(),
                locale.t(&format!("registrations.mode.{}", m.as_str())),
            )
        })
        .collect();
    let current_mode = admin.mode.as_str().to_string();
    let slug_bulk = slug.clone();
    let any_pending = admin
        .rows
        .iter()
        .any(|r| r.status == RegistrationStatus::Pending);
    view! {
        <h1>{locale.tf("registrations.heading", &[("forum", &admin.forum.title)])}</h1>
        <nav class="toolbar" aria-label=locale.t("registrations.tools")>
            <a class="button button-secondary" href=format!("/organiser/forums/{slug}/registrations/new")>{locale.t("registrations.add")}</a>
            <a class="button button-secondary" href=format!("/organiser/forums/{slug}/registrations/import")>{locale.t("registrations.import")}</a>
            <a class="button button-secondary" href=format!("/organiser/forums/{slug}/messages")>{locale.t("messages.title")}</a>
            <a class="button button-secondary" href=format!("/organiser/forums/{slug}/invitations")>{locale.t("invitations.title")}</a>
            <a class="button button-secondary" href=format!("/organiser/forums/{slug}/questions")>{locale.t("questions.title")}</a>
            <a class="button button-secondary" href=format!("/organiser/forums/{slug}/checkin")>{locale.t("checkin.admin.link")}</a>
            <a class="button button-secondary" href=format!("/organiser/forums/{slug}/report")>{locale.t("report.link")}</a>
            <a class="button button-secondary" href=format!("/organiser/forums/{slug}/privacy")>{locale.t("forum_privacy.link")}</a>
        </nav>
        {use_query_map().read_untracked().get("imported").map(|n| view! { <p class="notice notice-ok" role="status">{locale.tf("import.registrations.done", &[("count", &n)])}</p> })}
        {privacy.show(slug.clone())}
        {move || action_error.get().map(|error| view! { <ErrorNotice error /> })}
        {move || bulk.value().get().and_then(Result::ok).map(|done| view! {
            <p class="notice notice-ok" role="status">{locale.tf("registrations.bulk_done", &[
                ("confirmed", &done.confirmed.to_string()),
                ("waiting", &done.waiting.to_string()),
                ("left", &done.left.to_string()),
            ])}</p>
        })}
        <section aria-labelledby="balance-heading">
            <h2 id="balance-heading">{locale.t("registrations.balance")}</h2>
            <p class="muted">{locale.tf("registrations.capacity", &[("count", &admin.forum.capacity.to_string())])}</p>
            <div class="table-wrap">
                <table>
                    <thead><tr>
                        <th scope="col">{locale.t("register.group")}</th>
                        <th scope="col">{locale.t("registration.status.confirmed")}</th>
                        <th scope="col">{locale.t("registration.status.pending")}</th>
                        <th scope="col">{locale.t("registration.status.waiting")}</th>
                        <th scope="col">{locale.t("registrations.reserved_and_cap")}</th>
                    </tr></thead>
                    <tbody>
                        {admin.balance.clone().into_iter().map(|b| {
                            let slug = slug_quota.clone();
                            let id = b.group_id.0;
                            let reserved_id = format!("reserved-{id}");
                            let cap_id = format!("cap-{id}");
                            view! {
                                <tr>
                                    <th scope="row">{b.name.clone()}</th>
                                    <td>{b.confirmed}</td>
                                    <td>{b.pending}</td>
                                    <td>{b.waiting}</td>
                                    <td>
                                        <ActionForm action=quota attr:class="quota-form">
                                            <input type="hidden" name="slug" value=slug />
                                            <input type="hidden" name="group_id" value=id.to_string() />
                                            <label for=reserved_id.clone()>{locale.t("registrations.reserved")}<span class="visually-hidden">": "{b.name.clone()}</span></label>
                                            <input id=reserved_id type="number" min="0" name="reserved" value=b.reserved.to_string() />
                                            <label for=cap_id.clone()>{locale.t("registrations.cap")}<span class="visually-hidden">": "{b.name.clone()}</span></label>
                                            <input id=cap_id type="number" min="0" name="cap" value=b.cap.map(|c| c.to_string()).unwrap_or_default() />
                                            <button type="submit" class="button button-small">{locale.t("common.save")}<span class="visually-hidden">": "{b.name.clone()}</span></button>
                                        </ActionForm>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <ActionForm action=settings attr:class="form form-wide">
                <input type="hidden" name="slug" value=slug_settings />
                <div class="field">
                    <label for="reg-mode">{locale.t("registrations.mode")}</label>
                    <select id="reg-mode" name="mode">
                        {modes.into_iter().map(|(v, l)| { let sel = v == current_mode; view! { <option value=v selected=sel>{l}</option> } }).collect_view()}
                    </select>
                </div>
                <div class="field checkbox">
                    <label for="waiting-list">
                        <input type="checkbox" id="waiting-list" name="waiting_list" checked=admin.waiting_list />
                        " "{locale.t("registrations.waiting_list")}
                    </label>
                </div>
                <div class="field">
                    <label for="confirm-minutes">{locale.t("registrations.confirm_minutes")}</label>
                    <p class="hint" id="confirm-minutes-hint">{locale.tf("registrations.confirm_hint", &[("minutes", &super::types::CONFIRM_WITHIN_DEFAULT_MINUTES.to_string())])}</p>
                    <input id="confirm-minutes" type="number" min="5" max="1440" name="confirm_minutes" inputmode="numeric"
                        value=admin.confirm_within_minutes.map(|m| m.to_string()).unwrap_or_default()
                        aria-describedby="confirm-minutes-hint confirm-minutes-error" />
                    <p class="field-error" id="confirm-minutes-error">{move || action_error.get().and_then(|e| e.field_key("confirm_minutes").map(|k| locale.t(&k)))}</p>
                </div>
                <div class="field">
                    <label for="release-at">{locale.t("registrations.release_at")}</label>
                    <p class="hint" id="release-at-hint">{locale.tf("registrations.release_hint", &[("zone", &admin.forum.time_zone)])}</p>
                    <input id="release-at" type="datetime-local" name="release_at" value=admin.release_at.clone() aria-describedby="release-at-hint" />
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="opens-at">{locale.t("registrations.opens_at")}</label>
                        <input id="opens-at" type="datetime-local" name="opens_at" value=admin.opens_at.clone() />
                    </div>
                    <div class="field">
                        <label for="closes-at">{locale.t("registrations.closes_at")}</label>
                        <input id="closes-at" type="datetime-local" name="closes_at" value=admin.closes_at.clone() />
                    </div>
                </div>
                <button type="submit" class="button">{locale.t("common.save")}</button>
            </ActionForm>
        </section>
        <section aria-labelledby="list-heading">
            <div class="section-head">
                <h2 id="list-heading">{locale.tf("registrations.list", &[("count", &admin.total.to_string())])}</h2>
                <a href=csv_href rel="external" download="">{locale.t("registrations.export")}</a>
            </div>
            <form method="get" class="filters filters-wide" aria-label=locale.t("registrations.filter")>
                <div class="field">
                    <label for="filter-q">{locale.t("registrations.search")}</label>
                    <input id="filter-q" type="search" name="q" value=filter.q.clone() />
                </div>
                <div class="field"><label for="filter-status">{locale.t("organiser.col_status")}</label>{select("status", filter.status.clone(), statuses)}</div>
                <div class="field"><label for="filter-group">{locale.t("register.group")}</label>{select("group", filter.group.clone(), groups)}</div>
                <div class="field"><label for="filter-country">{locale.t("register.country")}</label>{select("country", filter.country.clone(), countries)}</div>
                <div class="field"><label for="filter-sort">{locale.t("registrations.sort")}</label>{select("sort", filter.sort.clone(), sorts)}</div>
                <button type="submit" class="button button-secondary">{locale.t("agenda.apply_filter")}</button>
            </form>
            <div class="table-wrap">
                <table>
                    <thead><tr>
                        <th scope="col"><span class="visually-hidden">{locale.t("registrations.pick")}</span></th>
                        <th scope="col">{locale.t("register.full_name")}</th>
                        <th scope="col">{locale.t("register.organisation")}</th>
                        <th scope="col">{locale.t("register.group")}</th>
                        <th scope="col">{locale.t("register.country")}</th>
                        <th scope="col">{locale.t("organiser.col_status")}</th>
                        <th scope="col">{locale.t("organiser.col_actions")}</th>
                    </tr></thead>
                    <tbody>
                        {admin.rows.clone().into_iter().map(|r| {
                            let slug = slug_rows.clone();
                            let name = r.full_name.clone();
                            let country = if COUNTRIES.contains(&r.country.as_str()) { locale.t(&country_key(&r.country)) } else { r.country.clone() };
                            // An erased registration keeps only what the counts need: no name, no actions.
                            let erased = r.full_name.is_empty();
                            let pending = r.status == RegistrationStatus::Pending && !erased;
                            let active = !matches!(r.status, RegistrationStatus::Cancelled | RegistrationStatus::Rejected) && !erased;
                            let pick_id = format!("pick-{}", r.id.0);
                            let edit_href = format!("/organiser/forums/{slug}/registrations/{}", r.id.0);
                            let id = r.id.0.to_string();
                            let row_action = move |change: &'static str, label: String, class: &'static str| {
                                let slug = slug.clone();
                                let id = id.clone();
                                let name = name.clone();
                                view! {
                                    <ActionForm action=cancel attr:class="inline-form">
                                        <input type="hidden" name="slug" value=slug />
                                        <input type="hidden" name="registration_id" value=id />
                                        <input type="hidden" name="change" value=change />
                                        <button type="submit" class=class>{label}<span class="visually-hidden">": "{name}</span></button>
                                    </ActionForm>
                                }
                            };
                            view! {
                                <tr>
                                    <td>{pending.then(|| view! {
                                        <input type="checkbox" id=pick_id.clone() name=format!("picked[r{}]", r.id.0) form="bulk-approve" />
                                        <label for=pick_id class="visually-hidden">{locale.tf("registrations.pick_one", &[("name", &r.full_name)])}</label>
                                    })}</td>
                                    <th scope="row">{if erased {
                                        view! { <span class="muted">{locale.t("registrations.erased")}</span> }.into_any()
                                    } else {
                                        view! { <a href=edit_href>{r.full_name.clone()}</a><br /><span class="muted">{r.email.clone()}</span> }.into_any()
                                    }}</th>
                                    <td>{r.organisation.clone()}</td>
                                    <td>{group_name(r.group_id.0)}</td>
                                    <td>{country}</td>
                                    <td><StatusBadge status=r.status locale /></td>
                                    <td class="row-actions">
                                        {pending.then(|| row_action("approve", locale.t("registrations.approve"), "button button-small"))}
                                        {pending.then(|| row_action("reject", locale.t("registrations.reject"), "button button-small button-secondary"))}
                                        {active.then(|| row_action("cancel", locale.t("registrations.cancel"), "button button-small button-secondary"))}
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {any_pending.then(|| view! {
                <ActionForm action=bulk attr:id="bulk-approve" attr:class="bulk-form">
                    <input type="hidden" name="slug" value=slug_bulk />
                    <button type="submit" class="button">{locale.t("registrations.approve_selected")}</button>
                </ActionForm>
            })}
            <nav class="pager" aria-label=locale.t("registrations.pages")>
                {prev.map(|href| view! { <a href=href rel="prev">{locale.t("registrations.previous")}</a> })}
                <span>{locale.tf("registrations.page_of", &[("page", &admin.page.to_string()), ("pages", &pages.max(1).to_string())])}</span>
                {next.map(|href| view! { <a href=href rel="next">{locale.t("registrations.next")}</a> })}
            </nav>
        </section>
    }
}

#[component]
pub fn StatusBadge(status: RegistrationStatus, locale: Locale) -> impl IntoView {
    let class = status.badge();
    view! { <span class=class>{locale.t(&format!("registration.status.{}", status.as_str()))}</span> }
}
