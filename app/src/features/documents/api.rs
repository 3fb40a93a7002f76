//! Document server functions: the forum page's list and the organiser's documents screen.

use super::types::Document;
use crate::error::AppError;
use crate::features::forums::types::ForumSummary;
use leptos::prelude::*;

/// A forum, all its documents and the upload limit in megabytes (organisers).
#[server(endpoint = "organiser/documents")]
pub async fn load_documents_admin(
    slug: String,
) -> Result<(ForumSummary, Vec<Document>, u64), AppError> {
    let (state, forum, _) =
        crate::features::accounts::guard::organiser_forum_read(&slug, &[]).await?;
    let store = state.store.as_ref();
    let documents = store.documents(forum.summary.id).await?;
    let mut one = [forum.summary];
    crate::features::forums::content::localise_forums(
        store,
        &mut one,
        crate::locale::request_locale(),
    )
    .await?;
    let [summary] = one;
    Ok((
        summary,
        documents,
        state.settings.upload_limit_bytes / 1_000_000,
    ))
}

/// The documents a forum's public page lists (a draft forum's only for those who may preview).
#[server(endpoint = "documents/list")]
pub async fn load_forum_documents(slug: String) -> Result<Vec<Document>, AppError> {
    let state = crate::state::app_state()?;
    let store = state.store.as_ref();
    let forum = crate::features::forums::service::viewable_forum(store, &slug).await?;
    let mut documents = store.documents(forum.summary.id).await?;
    // Titles in the reader's language; the list names each file's own language anyway.
    let locale = crate::locale::request_locale();
    let texts = crate::features::forums::content::Texts::load(store, "document").await?;
    for d in documents.iter_mut() {
        let title = texts.get(d.id.0, "title", &d.title, &d.locale, locale);
        d.title = title.text;
        d.title_lang = Some(title.lang);
    }
    Ok(documents)
}

/// Deletes a document; its file goes too once no document uses that content.
#[server(endpoint = "documents/delete")]
pub async fn delete_document(
    slug: String,
    document_id: crate::features::documents::types::DocumentId,
) -> Result<(), AppError> {
    use crate::db::StoreError;
    use crate::server::{internal, reject};
    let (state, forum) = crate::features::accounts::guard::organiser_forum(&slug, &[]).await?;
    let store = state.store.as_ref();
    match store.delete_document(forum.summary.id, document_id).await {
        // The content goes with its last document, in the same transaction.
        Ok(_) => Ok(()),
        Err(StoreError::NotFound) => Err(reject(AppError::NotFound, &[])),
        Err(e) => Err(internal(e)),
    }
}
