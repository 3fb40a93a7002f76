//! The organiser's announcement list and form.

use super::manage::{
    load_announcement_form, organiser_announcements, AnnouncementForm, DeleteAnnouncement,
    ForumChoice, SaveAnnouncement,
};
use crate::components::content::language_name;
use crate::components::form::{Control, Field};
use crate::components::notice::{refused, ErrorNotice, Loading};
use crate::error::AppError;
use crate::flash::{take_flash, Flash, FlashResource};
use crate::i18n::{format_date, use_locale, Locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn AnnouncementsAdminPage() -> impl IntoView {
    let locale = use_locale();
    let list = Resource::new_blocking(|| (), |_| organiser_announcements());
    view! {
        <Title text=locale.t("announcements_admin.title") />
        <p><A href="/organiser">{locale.t("translations.back")}</A></p>
        <h1>{locale.t("announcements_admin.title")}</h1>
        <p class="actions"><A href="/organiser/announcements/new" attr:class="button">{locale.t("announcements_admin.new")}</A></p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match list.await {
                    Err(error) => refused(error),
                    Ok(items) if items.is_empty() => view! { <p class="muted">{locale.t("announcements.none")}</p> }.into_any(),
                    Ok(items) => view! {
                        <div class="table-wrap">
                            <table>
                                <thead><tr>
                                    <th scope="col">{locale.t("announcements_admin.col_title")}</th>
                                    <th scope="col">{locale.t("announcements_admin.col_where")}</th>
                                    <th scope="col">{locale.t("announcements_admin.col_date")}</th>
                                    <th scope="col">{locale.t("organiser.col_status")}</th>
                                    <th scope="col"><span class="visually-hidden">{locale.t("announcements_admin.translate")}</span></th>
                                </tr></thead>
                                <tbody>
                                    {items.into_iter().map(|a| view! {
                                        <tr>
                                            <th scope="row"><A href=format!("/organiser/announcements/{}/edit", a.id.0)>{a.title.clone()}</A>
                                                {a.pinned.then(|| view! { " "<span class="badge badge-pinned">{locale.t("announcements.pinned")}</span> })}</th>
                                            <td>{a.forum_title.clone().unwrap_or_else(|| locale.t("announcements.series_wide"))}</td>
                                            <td>{format_date(locale, a.published_on)}</td>
                                            <td><span class=if a.draft { "badge badge-draft" } else { "badge badge-ok" }>
                                                {locale.t(if a.draft { "status.draft" } else { "status.published" })}</span></td>
                                            // Translated on the screen of its forum, or the series' for series-wide posts.
                                            <td><a href=a.forum_slug.clone().map_or_else(|| "/organiser/translations/series".to_string(), |s| format!("/organiser/translations/forums/{s}"))>{locale.t("announcements_admin.translate")}</a></td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn AnnouncementFormPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let id = Signal::derive(move || {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i64>().ok())
            .map(crate::features::announcements::types::AnnouncementId)
    });
    let save = ServerAction::<SaveAnnouncement>::new();
    let delete = ServerAction::<DeleteAnnouncement>::new();
    let flash: FlashResource = Resource::new_blocking(|| (), |_| take_flash());
    let data = Resource::new_blocking(move || id.get(), load_announcement_form);
    let error = crate::flash::form_error(save.value(), flash);
    // A plain string, not a closure over the route's signals: the page's title is rendered
    // after its body, when those signals may be gone (a panic there ended the response
    // mid-body, the page that "never completed").
    let heading = if id.get_untracked().is_some() {
        locale.t("announcements_admin.edit")
    } else {
        locale.t("announcements_admin.new")
    };
    view! {
        <Title text=heading.clone() />
        <p><A href="/organiser/announcements">{locale.t("announcements_admin.back")}</A></p>
        <h1>{heading}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let flashed: Option<Flash> = flash.await.ok().flatten();
                match data.await {
                    Err(error) => refused(error),
                    Ok((id, form, forums)) => {
                        let form = merge_flash(form, flashed.as_ref());
                        view! {
                            {move || error.get().map(|error| view! { <ErrorNotice error /> })}
                            <AnnouncementFields id form forums action=save error />
                            {id.map(|id| view! {
                                <section class="danger-zone" aria-labelledby="delete-heading">
                                    <h2 id="delete-heading">{locale.t("announcements_admin.delete_heading")}</h2>
                                    {move || delete.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
                                    <ActionForm action=delete attr:class="form">
                                        <input type="hidden" name="announcement_id" value=id.to_string() />
                                        <button type="submit" class="button button-danger">{locale.t("announcements_admin.delete")}</button>
                                    </ActionForm>
                                </section>
                            })}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// Values typed before a refused submission without JavaScript win over stored ones.
fn merge_flash(mut form: AnnouncementForm, flash: Option<&Flash>) -> AnnouncementForm {
    let Some(flash) = flash else { return form };
    if flash.field("form[title]").is_none() {
        return form;
    }
    let get = |name: &str| flash.field(&format!("form[{name}]")).unwrap_or_default();
    form = AnnouncementForm {
        forum_id: get("forum_id"),
        title: get("title"),
        body: get("body"),
        locale: get("locale"),
        status: get("status"),
        published_at: get("published_at"),
        pinned: flash.field("form[pinned]"),
    };
    form
}

#[component]
fn AnnouncementFields(
    id: Option<i64>,
    form: AnnouncementForm,
    forums: Vec<ForumChoice>,
    action: ServerAction<SaveAnnouncement>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let locale = use_locale();
    let places: Vec<(String, String)> = forums;
    let languages: Vec<(String, String)> = Locale::ALL
        .iter()
        .map(|l| (l.code().to_string(), language_name(locale, l.code())))
        .collect();
    let statuses = vec![
        ("draft".to_string(), locale.t("status.draft")),
        ("published".to_string(), locale.t("status.published")),
    ];
    view! {
        <ActionForm action attr:class="form form-wide" attr:novalidate="true">
            {id.map(|id| view! { <input type="hidden" name="announcement_id" value=id.to_string() /> })}
            <Field id="announcement-title".into() field="title" label=locale.t("announcements_admin.field_title") value=form.title.clone() control=Control::Input("text") error required=true />
            <Field id="announcement-forum".into() field="forum_id" label=locale.t("announcements_admin.field_where") value=form.forum_id.clone() control=Control::Select(places) error />
            <Field id="announcement-body".into() field="body" label=locale.t("announcements_admin.field_body") hint=locale.t("announcements_admin.body_hint") value=form.body.clone() control=Control::TextArea(10) error required=true />
            <div class="field-row field-row-3">
                <Field id="announcement-locale".into() field="locale" label=locale.t("announcements_admin.field_language") value=form.locale.clone() control=Control::Select(languages) error />
                <Field id="announcement-status".into() field="status" label=locale.t("organiser.col_status") value=form.status.clone() control=Control::Select(statuses) error />
                <Field id="announcement-published".into() field="published_at" label=locale.t("announcements_admin.field_published_at") hint=locale.t("announcements_admin.published_at_hint") value=form.published_at.clone() control=Control::Input("datetime-local") error />
            </div>
            <div class="field checkbox">
                <label for="announcement-pinned">
                    <input type="checkbox" id="announcement-pinned" name="form[pinned]" checked=form.pinned.is_some() />
                    " "{locale.t("announcements_admin.field_pinned")}
                </label>
            </div>
            <button type="submit" class="button" disabled=move || action.pending().get()>{locale.t("common.save")}</button>
        </ActionForm>
    }
}
