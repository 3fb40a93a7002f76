//! `/organiser/forums/{slug}/checkin`: the forum's check-in lists with their stakeholder-group
//! limits, and the scanner devices volunteers' phones use.

use super::api::*;
use super::expiry::SetDoorExpiry;
use super::types::CheckinAdminData;
use crate::components::form::{Control, Field};
use crate::components::notice::{refused, ErrorNotice, Loading};
use crate::flash::{take_flash, FlashResource};
use crate::i18n::use_locale;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn CheckinAdminPage() -> impl IntoView {
    let locale = use_locale();
    let slug = use_params_map()
        .read_untracked()
        .get("slug")
        .unwrap_or_default();
    let groups_action = ServerAction::<SetListGroups>::new();
    let create = ServerAction::<CreateDevice>::new();
    let revoke = ServerAction::<RevokeDevice>::new();
    let resolve = ServerAction::<ResolveDoubleEntry>::new();
    let expiry = ServerAction::<SetDoorExpiry>::new();
    let flash = Resource::new_blocking(|| (), |_| take_flash());
    let data = Resource::new_blocking(
        {
            let slug = slug.clone();
            move || {
                (
                    slug.clone(),
                    groups_action.version().get()
                        + create.version().get()
                        + revoke.version().get()
                        + resolve.version().get()
                        + expiry.version().get(),
                )
            }
        },
        |(slug, _)| load_checkin_admin(slug),
    );
    view! {
        <Title text=locale.t("checkin.admin.title") />
        <p><A href=format!("/organiser/forums/{slug}/registrations")>{locale.t("registrations.back")}</A></p>
        <h1>{locale.t("checkin.admin.title")}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let _ = flash.await;
                match data.await {
                    Err(e) => refused(e),
                    Ok(d) => view! { <Admin data=d groups_action create revoke resolve expiry flash /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Admin(
    data: CheckinAdminData,
    groups_action: ServerAction<SetListGroups>,
    create: ServerAction<CreateDevice>,
    revoke: ServerAction<RevokeDevice>,
    resolve: ServerAction<ResolveDoubleEntry>,
    expiry: ServerAction<SetDoorExpiry>,
    flash: FlashResource,
) -> impl IntoView {
    let locale = use_locale();
    // Without JavaScript a refused form comes back as a flash naming the form's fields.
    let expiry_error = Signal::derive(move || {
        if let Some(Err(e)) = expiry.value().get() {
            return Some(e);
        }
        flash
            .get()
            .and_then(|f| f.ok().flatten())
            .filter(|f| f.field("form[offline_hours]").is_some())
            .map(|f| f.error)
    });
    // What was typed before a refusal without JavaScript, rather than what is stored.
    let typed = move |name: &str| {
        flash
            .get_untracked()
            .and_then(|f| f.ok().flatten())
            .and_then(|f| f.field(name))
    };
    let slug = data.forum_slug.clone();
    let scanner = format!("/checkin/{slug}");
    let groups = data.groups.clone();
    let (slug_form, slug_devices, slug_expiry) = (slug.clone(), slug.clone(), slug.clone());
    view! {
        <p class="eyebrow">{data.forum_title.clone()}</p>
        <p>{locale.t("checkin.admin.lead")}</p>
        <p><A href=scanner attr:class="button">{locale.t("checkin.open_scanner")}</A></p>
        {move || resolve.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
        <super::issues_pages::DoorIssues issues=data.issues.clone() slug=slug.clone() resolve />
        <section aria-labelledby="devices-heading">
            <h2 id="devices-heading">{locale.t("checkin.devices.heading")}</h2>
            <p>{locale.t("checkin.devices.lead")}</p>
            {move || create.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
            {move || revoke.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
            <ActionForm action=create attr:class="form">
                <input type="hidden" name="slug" value=slug_form />
                <div class="field">
                    <label for="device-label">{locale.t("checkin.devices.label")}</label>
                    <input id="device-label" name="label" type="text" maxlength="80" required="" />
                </div>
                <button type="submit" class="button">{locale.t("checkin.devices.create")}</button>
            </ActionForm>
            <ul class="device-list">
                {data.devices.into_iter().rev().map({ let slug = slug_devices; move |d| {
                    let slug = slug.clone();
                    view! {
                        <li class="device">
                            <p><strong>{d.label.clone()}</strong>" · "<span class="muted">{d.created_at.clone()}</span>
                                {d.revoked.then(|| view! { " " <span class="badge badge-cancelled">{locale.t("checkin.devices.revoked")}</span> })}
                            </p>
                            {d.enrol_link.clone().map(|link| view! {
                                <details>
                                    <summary>{locale.t("checkin.devices.show_link")}</summary>
                                    <div class="device-enrol">
                                        <div class="device-qr" inner_html=d.enrol_qr.clone().unwrap_or_default()></div>
                                        <p><label for=format!("enrol-{}", d.id)>{locale.t("checkin.devices.link")}</label>
                                        <input id=format!("enrol-{}", d.id) type="text" readonly="" value=link /></p>
                                    </div>
                                </details>
                                <ActionForm action=revoke>
                                    <input type="hidden" name="slug" value=slug />
                                    <input type="hidden" name="device_id" value=d.id.to_string() />
                                    <button type="submit" class="button button-danger">
                                        {locale.t("checkin.devices.revoke")}
                                        <span class="visually-hidden">": "{d.label.clone()}</span>
                                    </button>
                                </ActionForm>
                            })}
                        </li>
                    }
                }}).collect_view()}
            </ul>
        </section>
        <section aria-labelledby="expiry-heading">
            <h2 id="expiry-heading">{locale.t("checkin.expiry.heading")}</h2>
            <p>{locale.t("checkin.expiry.lead")}</p>
            {move || expiry_error.get().map(|error| view! { <ErrorNotice error /> })}
            <ActionForm action=expiry attr:class="form" attr:novalidate="true">
                <input type="hidden" name="slug" value=slug_expiry />
                <div class="field-row">
                    <Field id="expiry-after-end".into() field="after_end_hours" label=locale.t("checkin.expiry.after_end") hint=locale.t("checkin.expiry.after_end_hint") value=typed("form[after_end_hours]").unwrap_or_else(|| data.after_end_hours.to_string()) control=Control::Input("number") error=expiry_error required=true />
                    <Field id="expiry-offline".into() field="offline_hours" label=locale.t("checkin.expiry.offline") hint=locale.t("checkin.expiry.offline_hint") value=typed("form[offline_hours]").unwrap_or_else(|| data.offline_hours.to_string()) control=Control::Input("number") error=expiry_error required=true />
                </div>
                <button type="submit" class="button button-secondary">{locale.t("checkin.admin.save")}</button>
            </ActionForm>
        </section>
        <section aria-labelledby="lists-heading">
            <h2 id="lists-heading">{locale.t("checkin.admin.lists")}</h2>
            <p>{locale.t("checkin.admin.lists_lead")}</p>
            {move || groups_action.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
            <ul class="list-settings">
                {data.lists.into_iter().map(|l| {
                    let slug = slug.clone();
                    let groups = groups.clone();
                    let counts = format!("/checkin/{}/{}/counts", slug, l.key);
                    let summary = if l.groups.is_empty() {
                        locale.t("checkin.admin.everyone")
                    } else {
                        groups.iter().filter(|g| l.groups.contains(&g.id)).map(|g| g.name.clone()).collect::<Vec<_>>().join(", ")
                    };
                    view! {
                        <li>
                            <p><strong>{l.name.clone()}</strong>" · "{summary}" · "<A href=counts>{locale.t("checkin.counts.link")}</A></p>
                            <details>
                                <summary>{locale.t("checkin.admin.limit")}<span class="visually-hidden">": "{l.name.clone()}</span></summary>
                                <ActionForm action=groups_action attr:class="form">
                                    <input type="hidden" name="slug" value=slug />
                                    <input type="hidden" name="list" value=l.key.clone() />
                                    <fieldset class="language-group">
                                        <legend>{locale.t("checkin.admin.groups_legend")}</legend>
                                        {groups.into_iter().map(|g| view! {
                                            <label class="choice">
                                                <input type="checkbox" name=format!("groups[g{}]", g.id.0) checked=l.groups.contains(&g.id) />
                                                {g.name}
                                            </label>
                                        }).collect_view()}
                                    </fieldset>
                                    <button type="submit" class="button button-secondary">{locale.t("checkin.admin.save")}</button>
                                </ActionForm>
                            </details>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
