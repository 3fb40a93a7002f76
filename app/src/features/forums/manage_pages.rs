//! The organiser's forum form (create and edit) and the delete confirmation.

use super::manage::{load_forum_form, DeleteForum, ForumForm, SaveForum, REGION_ZONES};
use super::types::{country_key, COUNTRIES};
use crate::components::notice::{ErrorNotice, PageError};
use crate::error::AppError;
use crate::flash::{form_error, take_flash, Flash};
use crate::i18n::{use_locale, Locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::{use_location, use_params_map};

#[component]
pub fn NewForumPage() -> impl IntoView {
    view! { <ForumFormScreen slug=Signal::derive(|| None) /> }
}

#[component]
pub fn EditForumPage() -> impl IntoView {
    let params = use_params_map();
    view! { <ForumFormScreen slug=Signal::derive(move || params.read().get("slug")) /> }
}

#[component]
fn ForumFormScreen(slug: Signal<Option<String>>) -> impl IntoView {
    let locale = use_locale();
    let location = use_location();
    let save = ServerAction::<SaveForum>::new();
    let delete = ServerAction::<DeleteForum>::new();
    let data = Resource::new_blocking(move || slug.get(), load_forum_form);
    let flash = Resource::new_blocking(|| (), |_| take_flash());
    // A refused save wins over a refused delete, which wins over a flashed error.
    let delete_error = form_error(delete.value(), flash);
    let error = Signal::derive(move || match save.value().get() {
        Some(Err(e)) => Some(e),
        _ => delete_error.get(),
    });
    // A plain string, not a closure over the route's signals: the page's title is rendered
    // after its body, when those signals may be gone (a panic there ended the response
    // mid-body, the page that "never completed").
    let heading = if slug.get_untracked().is_some() {
        locale.t("forum_form.title_edit")
    } else {
        locale.t("forum_form.title_new")
    };
    view! {
        <Title text=heading.clone() />
        <p><A href="/organiser">{locale.t("translations.back")}</A></p>
        <h1>{heading}</h1>
        {move || error.get().map(|error| view! { <ErrorNotice error /> })}
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let flashed: Option<Flash> = flash.await.ok().flatten();
                match data.await {
                    Err(AppError::Unauthenticated) => {
                        let next = location.pathname.get_untracked();
                        view! { <Redirect path=format!("/login?next={next}") /> }.into_any()
                    }
                    Err(error) => view! { <PageError error /> }.into_any(),
                    Ok((forum_id, form, series)) => {
                        let form = merge_flash(form, flashed.as_ref());
                        let slug = form.slug.clone();
                        view! {
                            <ForumFields forum_id form series action=save error />
                            {forum_id.map(|id| view! { <DeleteSection forum_id=id slug=slug.clone() action=delete error /> })}
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// Values typed before a refused submission without JavaScript win over stored ones.
fn merge_flash(mut form: ForumForm, flash: Option<&Flash>) -> ForumForm {
    let Some(flash) = flash else { return form };
    let get = |name: &str| flash.field(&format!("form[{name}]"));
    for (name, slot) in [
        ("series_id", &mut form.series_id),
        ("slug", &mut form.slug),
        ("title", &mut form.title),
        ("description", &mut form.description),
        ("city", &mut form.city),
        ("country", &mut form.country),
        ("venue", &mut form.venue),
        ("time_zone", &mut form.time_zone),
        ("starts_on", &mut form.starts_on),
        ("ends_on", &mut form.ends_on),
        ("capacity", &mut form.capacity),
        ("default_locale", &mut form.default_locale),
    ] {
        if let Some(v) = get(name) {
            *slot = v;
        }
    }
    form
}

#[component]
fn ForumFields(
    forum_id: Option<i64>,
    form: ForumForm,
    series: Vec<super::manage::SeriesChoice>,
    action: ServerAction<SaveForum>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let locale = use_locale();
    let msg = move |field: &'static str| {
        Signal::derive(move || {
            error
                .get()
                .and_then(|e| e.field_key(field))
                .map(|k| locale.t(&k))
        })
    };
    let input =
        move |field: &'static str, kind: &'static str, value: String, hint: Option<String>| {
            let id = format!("forum-{field}");
            let name = format!("form[{field}]");
            let error_id = format!("{id}-error");
            let hint_id = format!("{id}-hint");
            let message = msg(field);
            let described = if hint.is_some() {
                format!("{hint_id} {error_id}")
            } else {
                error_id.clone()
            };
            view! {
                <div class="field">
                    <label for=id.clone()>{locale.t(&format!("forum_form.{field}"))}</label>
                    {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
                    <input id=id name=name type=kind value=value
                        aria-invalid=move || message.get().is_some().to_string()
                        aria-describedby=described />
                    <p class="field-error" id=error_id>{move || message.get()}</p>
                </div>
            }
        };
    let select = move |field: &'static str, options: Vec<(String, String)>, current: String| {
        let id = format!("forum-{field}");
        let error_id = format!("{id}-error");
        let message = msg(field);
        view! {
            <div class="field">
                <label for=id.clone()>{locale.t(&format!("forum_form.{field}"))}</label>
                <select id=id name=format!("form[{field}]") aria-describedby=error_id.clone()>
                    {options.into_iter().map(|(value, label)| {
                        let selected = value == current;
                        view! { <option value=value selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
                <p class="field-error" id=error_id>{move || message.get()}</p>
            </div>
        }
    };
    let countries: Vec<(String, String)> = COUNTRIES
        .iter()
        .map(|c| (c.to_string(), locale.t(&country_key(c))))
        .chain([("other".to_string(), locale.t("country.other"))])
        .collect();
    let mut zones: Vec<String> = REGION_ZONES.iter().map(|z| z.to_string()).collect();
    if !zones.contains(&form.time_zone) && !form.time_zone.is_empty() {
        zones.push(form.time_zone.clone());
    }
    let zones: Vec<(String, String)> = zones.into_iter().map(|z| (z.clone(), z)).collect();
    let languages: Vec<(String, String)> = Locale::ALL
        .iter()
        .map(|l| (l.code().to_string(), l.native_name().to_string()))
        .collect();
    let description_msg = msg("description");
    view! {
        <ActionForm action attr:class="form form-wide" attr:novalidate="true">
            {forum_id.map(|id| view! { <input type="hidden" name="forum_id" value=id.to_string() /> })}
            {(series.len() > 1).then(|| {
                let choices = series.iter().map(|(id, t)| (id.to_string(), t.clone())).collect();
                select("series_id", choices, form.series_id.clone())
            })}
            {(series.len() <= 1).then(|| view! { <input type="hidden" name="form[series_id]" value=form.series_id.clone() /> })}
            {input("title", "text", form.title.clone(), None)}
            {input("slug", "text", form.slug.clone(), Some(locale.t("forum_form.slug_hint")))}
            <div class="field">
                <label for="forum-description">{locale.t("forum_form.description")}</label>
                <textarea id="forum-description" name="form[description]" rows="6" aria-describedby="forum-description-error">{form.description.clone()}</textarea>
                <p class="field-error" id="forum-description-error">{move || description_msg.get()}</p>
            </div>
            <div class="field-row">
                {input("city", "text", form.city.clone(), None)}
                {select("country", countries, form.country.clone())}
            </div>
            {input("venue", "text", form.venue.clone(), None)}
            <div class="field-row">
                {input("starts_on", "date", form.starts_on.clone(), None)}
                {input("ends_on", "date", form.ends_on.clone(), None)}
            </div>
            <div class="field-row">
                {select("time_zone", zones, form.time_zone.clone())}
                {input("capacity", "number", form.capacity.clone(), None)}
            </div>
            {select("default_locale", languages, form.default_locale.clone())}
            <button type="submit" class="button" disabled=move || action.pending().get()>{locale.t("forum_form.save")}</button>
        </ActionForm>
    }
}

#[component]
fn DeleteSection(
    forum_id: i64,
    slug: String,
    action: ServerAction<DeleteForum>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let locale = use_locale();
    let message = Signal::derive(move || {
        error
            .get()
            .and_then(|e| e.field_key("confirm"))
            .map(|k| locale.t(&k))
    });
    view! {
        <section class="danger-zone" aria-labelledby="delete-heading">
            <h2 id="delete-heading">{locale.t("forum_form.delete_heading")}</h2>
            <p>{locale.tf("forum_form.delete_lead", &[("slug", &slug)])}</p>
            <ActionForm action attr:class="form">
                <input type="hidden" name="forum_id" value=forum_id.to_string() />
                <div class="field">
                    <label for="delete-confirm">{locale.t("forum_form.confirm")}</label>
                    <input id="delete-confirm" name="confirm" autocomplete="off" aria-describedby="delete-confirm-error" />
                    <p class="field-error" id="delete-confirm-error">{move || message.get()}</p>
                </div>
                <button type="submit" class="button button-danger">{locale.t("forum_form.delete")}</button>
            </ActionForm>
        </section>
    }
}
