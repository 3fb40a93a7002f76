//! The organiser's series list and series form.

use super::series::{
    load_series_form, organiser_series, DeleteSeries, SaveSeries, SeriesForm, SetSeriesStatus,
};
use super::types::ForumStatus;
use crate::components::form::{Control, Field};
use crate::components::notice::{refused, ErrorNotice, Loading};
use crate::flash::{form_error, take_flash, Flash, FlashResource};
use crate::i18n::{use_locale, Locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn SeriesAdminPage() -> impl IntoView {
    let locale = use_locale();
    let status = ServerAction::<SetSeriesStatus>::new();
    let list = Resource::new_blocking(move || status.version().get(), |_| organiser_series());
    view! {
        <Title text=locale.t("series_admin.title") />
        <p><A href="/organiser">{locale.t("translations.back")}</A></p>
        <h1>{locale.t("series_admin.title")}</h1>
        <p class="actions"><A href="/organiser/series/new" attr:class="button">{locale.t("series_admin.new")}</A></p>
        {move || status.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match list.await {
                    Err(error) => refused(error),
                    Ok(items) => view! {
                        <div class="table-wrap">
                            <table>
                                <thead><tr>
                                    <th scope="col">{locale.t("series_admin.col_series")}</th>
                                    <th scope="col">{locale.t("organiser.col_status")}</th>
                                    <th scope="col">{locale.t("organiser.col_actions")}</th>
                                </tr></thead>
                                <tbody>
                                    {items.into_iter().map(|s| {
                                        let published = s.status == ForumStatus::Published;
                                        let (t1, t2, t3, t4, t5, t6) = (s.title.clone(), s.title.clone(), s.title.clone(), s.title.clone(), s.title.clone(), s.title.clone());
                                        let (next, label) = if published { ("draft", locale.t("organiser.unpublish")) } else { ("published", locale.t("organiser.publish")) };
                                        view! {
                                            <tr>
                                                <th scope="row">{s.title.clone()}</th>
                                                <td><span class=if published { "badge badge-ok" } else { "badge badge-draft" }>{locale.t(&format!("status.{}", s.status.as_str()))}</span></td>
                                                <td>
                                                    <ActionForm action=status attr:class="inline-form">
                                                        <input type="hidden" name="series_id" value=s.id.0.to_string() />
                                                        <input type="hidden" name="status" value=next />
                                                        <button type="submit" class="button button-small">{label.clone()}<span class="visually-hidden">": "{t1}</span></button>
                                                    </ActionForm>
                                                    " "
                                                    <A href=format!("/organiser/series/{}/edit", s.id.0) attr:class="button-link">
                                                        {locale.t("organiser.edit")}<span class="visually-hidden">": "{t2}</span>
                                                    </A>
                                                    " "
                                                    <A href=format!("/organiser/series/{}/privacy", s.id.0) attr:class="button-link">
                                                        {locale.t("notice_edit.link")}<span class="visually-hidden">": "{t3}</span>
                                                    </A>
                                                    " "
                                                    <a href=format!("/organiser/series/{}/report", s.id.0) class="button-link">
                                                        {locale.t("report.link")}<span class="visually-hidden">": "{t4}</span>
                                                    </a>
                                                    " "
                                                    <a href=format!("/organiser/series/{}/messages", s.id.0) class="button-link">
                                                        {locale.t("messages.title")}<span class="visually-hidden">": "{t6}</span>
                                                    </a>
                                                    " "
                                                    <A href=format!("/organiser/translations/series/{}", s.id.0) attr:class="button-link">
                                                        {locale.t("announcements_admin.translate")}<span class="visually-hidden">": "{t5}</span>
                                                    </A>
                                                </td>
                                            </tr>
                                        }
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
pub fn SeriesFormPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let id = Signal::derive(move || {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i64>().ok())
            .map(super::types::SeriesId)
    });
    let save = ServerAction::<SaveSeries>::new();
    let delete = ServerAction::<DeleteSeries>::new();
    let flash: FlashResource = Resource::new_blocking(|| (), |_| take_flash());
    let data = Resource::new_blocking(move || id.get(), load_series_form);
    let delete_error = form_error(delete.value(), flash);
    let error = Signal::derive(move || match save.value().get() {
        Some(Err(e)) => Some(e),
        _ => delete_error.get(),
    });
    // A plain string, not a closure over the route's signals: the page's title is rendered
    // after its body, when those signals may be gone (a panic there ended the response
    // mid-body, the page that "never completed").
    let heading = if id.get_untracked().is_some() {
        locale.t("series_admin.edit")
    } else {
        locale.t("series_admin.new")
    };
    view! {
        <Title text=heading.clone() />
        <p><A href="/organiser/series">{locale.t("series_admin.back")}</A></p>
        <h1>{heading}</h1>
        {move || error.get().map(|error| view! { <ErrorNotice error /> })}
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let flashed: Option<Flash> = flash.await.ok().flatten();
                match data.await {
                    Err(error) => refused(error),
                    Ok((id, form)) => {
                        let get = |name: &str, stored: String| flashed.as_ref().and_then(|f| f.field(&format!("form[{name}]"))).unwrap_or(stored);
                        let form = SeriesForm {
                            slug: get("slug", form.slug),
                            title: get("title", form.title),
                            description: get("description", form.description),
                            default_locale: get("default_locale", form.default_locale),
                        };
                        let languages: Vec<(String, String)> = Locale::ALL.iter().map(|l| (l.code().to_string(), l.native_name().to_string())).collect();
                        let confirm_msg = move || error.get().and_then(|e| e.field_key("confirm")).map(|k| locale.t(&k));
                        let slug = form.slug.clone();
                        view! {
                            <ActionForm action=save attr:class="form form-wide" attr:novalidate="true">
                                {id.map(|id| view! { <input type="hidden" name="series_id" value=id.to_string() /> })}
                                <Field id="series-title".into() field="title" label=locale.t("series_admin.field_title") value=form.title.clone() control=Control::Input("text") error required=true />
                                <Field id="series-slug".into() field="slug" label=locale.t("forum_form.slug") hint=locale.t("forum_form.slug_hint") value=form.slug.clone() control=Control::Input("text") error required=true />
                                <Field id="series-description".into() field="description" label=locale.t("forum_form.description") value=form.description.clone() control=Control::TextArea(5) error />
                                <Field id="series-locale".into() field="default_locale" label=locale.t("forum_form.default_locale") value=form.default_locale.clone() control=Control::Select(languages) error />
                                <button type="submit" class="button">{locale.t("common.save")}</button>
                            </ActionForm>
                            {id.map(|id| view! {
                                <section class="danger-zone" aria-labelledby="delete-heading">
                                    <h2 id="delete-heading">{locale.t("series_admin.delete_heading")}</h2>
                                    <p>{locale.tf("series_admin.delete_lead", &[("slug", &slug)])}</p>
                                    <ActionForm action=delete attr:class="form">
                                        <input type="hidden" name="series_id" value=id.to_string() />
                                        <div class="field">
                                            <label for="series-confirm">{locale.t("forum_form.confirm")}</label>
                                            <input id="series-confirm" name="confirm" autocomplete="off" aria-describedby="series-confirm-error" />
                                            <p class="field-error" id="series-confirm-error">{confirm_msg}</p>
                                        </div>
                                        <button type="submit" class="button button-danger">{locale.t("series_admin.delete")}</button>
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
