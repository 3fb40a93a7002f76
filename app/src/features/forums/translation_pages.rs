//! The organiser's translation screens.

use super::translation_sources::load_translations;
use super::translations::{SaveTranslations, SetForumLanguage, TranslationSheet};
use crate::components::content::language_name;
use crate::components::notice::{ErrorNotice, PageError};
use crate::error::AppError;
use crate::flash::{form_error, take_flash};
use crate::i18n::{use_locale, Locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::{use_location, use_params_map, use_query_map};

#[component]
pub fn SeriesTranslationsPage() -> impl IntoView {
    // `/organiser/translations/series` is the series the public pages show; `.../series/{id}`
    // names one.
    let params = use_params_map();
    let scope = Signal::derive(move || match params.read().get("id") {
        Some(id) => format!("series-{id}"),
        None => "series".to_string(),
    });
    view! { <TranslationsScreen scope /> }
}

#[component]
pub fn ForumTranslationsPage() -> impl IntoView {
    let params = use_params_map();
    let scope = Signal::derive(move || params.read().get("slug").unwrap_or_default());
    view! { <TranslationsScreen scope /> }
}

#[component]
fn TranslationsScreen(scope: Signal<String>) -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let location = use_location();
    let save = ServerAction::<SaveTranslations>::new();
    let set_language = ServerAction::<SetForumLanguage>::new();
    let target = move || query.read().get("to");
    let page = Resource::new_blocking(
        move || {
            (
                scope.get(),
                target(),
                save.version().get(),
                set_language.version().get(),
            )
        },
        |(scope, target, _, _)| load_translations(scope, target),
    );
    let saved = move || matches!(save.value().get(), Some(Ok(())));
    // Without JavaScript a refused save comes back as a flash.
    let flash = Resource::new_blocking(|| (), |_| take_flash());
    let save_error = form_error(save.value(), flash);
    let error = move || match set_language.value().get() {
        Some(Err(e)) => Some(e),
        _ => save_error.get(),
    };
    view! {
        <Title text=locale.t("translations.title") />
        <p><A href="/organiser">{locale.t("translations.back")}</A></p>
        <h1>{locale.t("translations.title")}</h1>
        <p class="muted">{locale.t("translations.lead")}</p>
        {move || saved().then(|| view! { <p class="notice notice-ok" role="status">{locale.t("translations.saved")}</p> })}
        {move || error().map(|error| view! { <ErrorNotice error /> })}
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let _ = flash.await;
                match page.await {
                    Err(AppError::Unauthenticated) => {
                        let next = location.pathname.get_untracked();
                        view! { <Redirect path=format!("/login?next={next}") /> }.into_any()
                    }
                    Err(error) => view! { <PageError error /> }.into_any(),
                    Ok(p) => {
                        let path = location.pathname.get_untracked();
                        let base = language_name(locale, &p.base_lang);
                        let target = p.target.clone();
                        let missing = p.missing.clone();
                        let tabs = Locale::ALL
                            .into_iter()
                            .filter(|l| l.code() != p.base_lang)
                            .map(|l| {
                                let current = (l.code() == target).then_some("page");
                                let count = missing
                                    .iter()
                                    .find(|m| m.locale == l.code() && m.missing > 0)
                                    .map(|m| {
                                        let n = m.missing.to_string();
                                        let label = locale.tf("translations.missing_short", &[("count", &n)]);
                                        view! { " " <span class="badge">{label}</span> }
                                    });
                                view! {
                                    <li><a href=format!("{path}?to={}", l.code()) aria-current=current>{l.native_name()}{count}</a></li>
                                }
                            })
                            .collect_view();
                        let mut sections: Vec<(String, Vec<TranslationSheet>)> = Vec::new();
                        for sheet in p.sheets {
                            match sections.last_mut() {
                                Some((kind, list)) if *kind == sheet.entity => list.push(sheet),
                                _ => sections.push((sheet.entity.clone(), vec![sheet])),
                            }
                        }
                        let sections = sections
                            .into_iter()
                            .map(|(kind, sheets)| {
                                let heading = locale.t(&format!("translations.kind.{kind}"));
                                view! {
                                    <section class="translation-kind" aria-label=heading.clone()>
                                        <h2>{heading.clone()}</h2>
                                        {sheets.into_iter().map(|sheet| view! { <SheetForm sheet target=target.clone() action=save /> }).collect_view()}
                                    </section>
                                }
                            })
                            .collect_view();
                        view! {
                            <h2 class="subtitle">{p.title.clone()}</h2>
                            <p>{locale.tf("translations.base_language", &[("language", &base)])}</p>
                            {p.forum_id.map(|id| view! { <LanguageForm forum_id=id current=p.base_lang.clone() action=set_language /> })}
                            <nav class="tabs" aria-label=locale.t("translations.into")>
                                <ul>{tabs}</ul>
                            </nav>
                            {sections}
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn LanguageForm(
    forum_id: i64,
    current: String,
    action: ServerAction<SetForumLanguage>,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <ActionForm action attr:class="form form-inline">
            <input type="hidden" name="forum_id" value=forum_id.to_string() />
            <div class="field">
                <label for="default-language">{locale.t("translations.default_language")}</label>
                <select id="default-language" name="locale">
                    {Locale::ALL.into_iter().map(|l| view! {
                        <option value=l.code() selected=l.code() == current>{l.native_name()}</option>
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button button-small">{locale.t("translations.set_language")}</button>
        </ActionForm>
    }
}

#[component]
fn SheetForm(
    sheet: TranslationSheet,
    target: String,
    action: ServerAction<SaveTranslations>,
) -> impl IntoView {
    let locale = use_locale();
    let target_name = Locale::from_code(&target)
        .map(|l| l.native_name())
        .unwrap_or_default();
    let prefix = format!("{}-{}", sheet.entity, sheet.entity_id);
    let base_lang = sheet.base_lang.clone();
    let fields = sheet
        .fields
        .into_iter()
        .map(|f| {
            let id = format!("{prefix}-{}", f.field);
            let label = locale.tf(
                &format!("translations.field.{}", f.field),
                &[("language", target_name)],
            );
            let original_id = format!("{id}-original");
            let input = if f.multiline {
                view! { <textarea id=id.clone() name=f.field.clone() lang=target.clone() rows="6" aria-describedby=original_id.clone()>{f.value.clone()}</textarea> }.into_any()
            } else {
                view! { <input id=id.clone() name=f.field.clone() lang=target.clone() value=f.value.clone() aria-describedby=original_id.clone() /> }.into_any()
            };
            view! {
                <div class="field">
                    <label for=id>{label}</label>
                    {input}
                    <p class="original" id=original_id>{locale.t("translations.original")}": "<span lang=base_lang.clone()>{f.base.clone()}</span></p>
                </div>
            }
        })
        .collect_view();
    view! {
        <section class="card sheet">
            <h3>{sheet.heading.clone()}</h3>
            <ActionForm action attr:class="form">
                <input type="hidden" name="entity" value=sheet.entity.clone() />
                <input type="hidden" name="entity_id" value=sheet.entity_id.to_string() />
                <input type="hidden" name="locale" value=target.clone() />
                {fields}
                <button type="submit" class="button">{locale.t("translations.save")}</button>
            </ActionForm>
        </section>
    }
}
