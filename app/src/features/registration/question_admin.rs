//! The organiser's side of the forum's own questions: list, add (in every language), delete.

use super::questions::{QuestionDef, QuestionForm};
use crate::error::AppError;
use crate::features::forums::types::ForumSummary;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionsAdmin {
    pub forum: ForumSummary,
    pub questions: Vec<QuestionDef>,
}

#[server(endpoint = "organiser/questions")]
pub async fn load_questions(slug: String) -> Result<QuestionsAdmin, AppError> {
    let (state, forum) = crate::features::accounts::guard::organiser_forum(&slug, &[]).await?;
    let store = state.store.as_ref();
    let questions = super::api::support::question_defs(store, forum.summary.id).await?;
    let locale = crate::locale::request_locale();
    let mut one = [forum.summary];
    crate::features::forums::content::localise_forums(store, &mut one, locale).await?;
    let [forum] = one;
    Ok(QuestionsAdmin { forum, questions })
}

/// The most questions a forum may ask (the form stays answerable on a phone).
pub const MAX_QUESTIONS: usize = 30;

#[server(endpoint = "questions/add")]
pub async fn add_question(slug: String, form: QuestionForm) -> Result<(), AppError> {
    use crate::server::reject;
    let mut kept: Vec<(String, String)> = vec![
        ("form".into(), "question".into()),
        ("form[kind]".into(), form.kind.clone()),
    ];
    for (code, text) in &form.label {
        kept.push((
            format!("form[label][{code}]"),
            text.chars().take(300).collect(),
        ));
    }
    for (code, text) in &form.options {
        kept.push((
            format!("form[options][{code}]"),
            text.chars().take(600).collect(),
        ));
    }
    let keep: Vec<(&str, &str)> = kept.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (state, forum) = crate::features::accounts::guard::organiser_forum(&slug, &[]).await?;
    let def = form
        .parse()
        .map_err(|e| reject(AppError::Invalid(e), &keep))?;
    let store = state.store.as_ref();
    let existing = store.questions(forum.summary.id).await?;
    if existing.len() >= MAX_QUESTIONS {
        return Err(reject(
            AppError::Conflict("error.too_many_questions".into()),
            &keep,
        ));
    }
    store
        .add_question(forum.summary.id, &def.to_record())
        .await?;
    Ok(())
}

/// Deletes a question and its answers.
#[server(endpoint = "questions/delete")]
pub async fn delete_question(
    slug: String,
    question_id: super::types::QuestionId,
) -> Result<(), AppError> {
    use crate::db::StoreError;
    use crate::server::{internal, reject};
    let (state, forum) = crate::features::accounts::guard::organiser_forum(&slug, &[]).await?;
    match state
        .store
        .delete_question(forum.summary.id, question_id.0)
        .await
    {
        Ok(()) => Ok(()),
        Err(StoreError::NotFound) => Err(reject(AppError::NotFound, &[])),
        Err(e) => Err(internal(e)),
    }
}
