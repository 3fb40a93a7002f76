//! The forum page's document list and the organiser's documents screen (upload, delete).

use super::api::{load_documents_admin, load_forum_documents, DeleteDocument};
use super::types::{human_size, Document, DOCUMENT_KINDS};
use crate::components::content::language_name;
use crate::components::notice::{refused, ErrorNotice, Loading};
use crate::error::AppError;
use crate::flash::{form_error, take_flash, Flash, FlashResource};
use crate::i18n::{use_locale, Locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// The documents of a forum's public page. Made where the page is composed, never inside a
/// `Suspense` (leptos-rs/leptos#4866), and read by one `DocumentsSection`.
pub type DocumentsResource = Resource<Result<Vec<Document>, AppError>>;

pub fn forum_documents(slug: String) -> DocumentsResource {
    Resource::new_blocking(move || slug.clone(), load_forum_documents)
}

/// The list of `documents` (see `forum_documents`) of the forum at `slug`.
#[component]
pub fn DocumentsSection(documents: DocumentsResource, slug: String) -> impl IntoView {
    let data = documents;
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new({
                let slug = slug.clone();
                async move {
                    match data.await {
                        Ok(documents) => view! { <DocumentList slug documents /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                }
            })}
        </Suspense>
    }
}

/// Documents as the public forum page lists them.
#[component]
pub fn DocumentList(slug: String, documents: Vec<Document>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <section aria-labelledby="documents-heading">
            <h2 id="documents-heading">{locale.t("documents.heading")}</h2>
            {if documents.is_empty() {
                view! { <p class="muted">{locale.t("documents.none")}</p> }.into_any()
            } else {
                view! {
                    <ul class="document-list">
                        {documents.into_iter().map(|d| view! { <DocumentItem slug=slug.clone() d /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn DocumentItem(slug: String, d: Document) -> impl IntoView {
    let locale = use_locale();
    let ext = d
        .file_name
        .rsplit('.')
        .next()
        .unwrap_or_default()
        .to_uppercase();
    view! {
        <li class="document">
            <a href=format!("/forums/{slug}/documents/{}", d.id.0) rel="external" download=d.file_name.clone() lang=d.title_lang.clone().unwrap_or_else(|| d.locale.clone())>{d.title.clone()}</a>
            <span class="muted">
                " · "{locale.t(&format!("document.kind.{}", d.kind))}
                " · "{language_name(locale, &d.locale)}
                " · "{ext}", "{human_size(d.size_bytes)}
            </span>
        </li>
    }
}

#[component]
pub fn DocumentsAdminPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let delete = ServerAction::<DeleteDocument>::new();
    let flash: FlashResource = Resource::new_blocking(|| (), |_| take_flash());
    let data = Resource::new_blocking(
        move || (slug(), delete.version().get()),
        |(s, _)| load_documents_admin(s),
    );
    let error = form_error(delete.value(), flash);
    view! {
        <Title text=locale.t("documents_admin.title") />
        <p><A href="/organiser">{locale.t("translations.back")}</A></p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let flashed: Option<Flash> = flash.await.ok().flatten();
                match data.await {
                    Err(error) => refused(error),
                    Ok((forum, documents, limit_mb)) => {
                        let kept = |name: &str| flashed.as_ref().and_then(|f| f.field(name)).unwrap_or_default();
                        let file_error = move || error.get().and_then(|e| e.field_key("file")).map(|k| locale.t(&k));
                        let title_error = move || error.get().and_then(|e| e.field_key("title")).map(|k| locale.t(&k));
                        let kind_now = kept("kind");
                        let locale_now = { let l = kept("locale"); if l.is_empty() { forum.default_locale.clone() } else { l } };
                        let slug = forum.slug.clone();
                        view! {
                            <h1>{locale.tf("documents_admin.heading", &[("forum", &forum.title)])}</h1>
                            {move || error.get().map(|error| view! { <ErrorNotice error /> })}
                            <form method="post" enctype="multipart/form-data" action=format!("/organiser/forums/{slug}/documents/upload") class="form" novalidate>
                                <div class="field">
                                    <label for="document-title">{locale.t("documents_admin.field_title")}</label>
                                    <input id="document-title" name="title" type="text" required value=kept("title") aria-describedby="document-title-error" />
                                    <p class="field-error" id="document-title-error">{title_error}</p>
                                </div>
                                <div class="field-row">
                                    <div class="field">
                                        <label for="document-kind">{locale.t("documents_admin.field_kind")}</label>
                                        <select id="document-kind" name="kind">
                                            {DOCUMENT_KINDS.iter().map(|k| view! { <option value=*k selected=kind_now == *k>{locale.t(&format!("document.kind.{k}"))}</option> }).collect_view()}
                                        </select>
                                    </div>
                                    <div class="field">
                                        <label for="document-locale">{locale.t("documents_admin.field_language")}</label>
                                        <select id="document-locale" name="locale">
                                            {Locale::ALL.iter().map(|l| view! { <option value=l.code() selected=locale_now == l.code()>{language_name(locale, l.code())}</option> }).collect_view()}
                                        </select>
                                    </div>
                                </div>
                                <div class="field">
                                    <label for="document-file">{locale.t("documents_admin.field_file")}</label>
                                    <p class="hint" id="document-file-hint">{locale.tf("documents_admin.file_hint", &[("mb", &limit_mb.to_string())])}</p>
                                    <input id="document-file" name="file" type="file" required
                                        accept=".pdf,.docx,.xlsx,.odt,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
                                        aria-describedby="document-file-hint document-file-error" />
                                    <p class="field-error" id="document-file-error">{file_error}</p>
                                </div>
                                <button type="submit" class="button">{locale.t("documents_admin.upload")}</button>
                            </form>
                            <h2>{locale.t("documents.heading")}</h2>
                            {if documents.is_empty() {
                                view! { <p class="muted">{locale.t("documents.none")}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="item-list">
                                        {documents.into_iter().map(|d| { let slug = slug.clone(); let item_slug = slug.clone(); let title = d.title.clone(); view! {
                                            <li>
                                                <ul class="document-list"><DocumentItem slug=item_slug d=d.clone() /></ul>
                                                <ActionForm action=delete attr:class="inline-form">
                                                    <input type="hidden" name="slug" value=slug />
                                                    <input type="hidden" name="document_id" value=d.id.0.to_string() />
                                                    <button type="submit" class="button button-small button-danger">
                                                        {locale.t("common.delete")}<span class="visually-hidden">": "{title}</span>
                                                    </button>
                                                </ActionForm>
                                            </li>
                                        }}).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
