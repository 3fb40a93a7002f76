//! Registration server functions: the public form, the participant's page and cancellation.

use super::form::RegistrationForm;
use super::types::{RegisterPageData, RegistrationView};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod support {
    use crate::error::AppError;
    use crate::features::forums::content::Texts;
    use crate::features::forums::types::{ForumStatus, ForumSummary};
    use crate::i18n::Locale;
    use crate::server::internal;
    use crate::store::{ForumRecord, Store};

    /// A published forum open to the public, or 404.
    pub async fn public_forum(store: &dyn Store, slug: &str) -> Result<ForumRecord, AppError> {
        let forum = store
            .forum_by_slug(slug)
            .await
            .map_err(internal)?
            .filter(|f| f.summary.status == ForumStatus::Published)
            .ok_or(AppError::NotFound)?;
        let series = store.series(forum.series_id).await.map_err(internal)?;
        if series.is_none_or(|s| s.status != ForumStatus::Published) {
            return Err(AppError::NotFound);
        }
        Ok(forum)
    }

    /// Whether the forum's last day is still ahead (in its own zone).
    pub fn still_open(forum: &ForumSummary) -> bool {
        let zone = crate::features::forums::time::parse_zone(&forum.time_zone);
        chrono::Utc::now().with_timezone(&zone).date_naive() <= forum.ends_on
    }

    /// The forum's title in a given language.
    pub fn title_in(texts: &Texts, forum: &ForumSummary, locale: &str) -> String {
        let locale = Locale::from_code(locale).unwrap_or_default();
        texts
            .get(
                forum.id.0,
                "title",
                &forum.title,
                &forum.default_locale,
                locale,
            )
            .text
    }
}

/// The registration form's page.
#[server(endpoint = "forums/register-page")]
pub async fn load_register_page(slug: String) -> Result<RegisterPageData, AppError> {
    use crate::server::internal;
    let state = crate::state::app_state()?;
    let store = state.store.as_ref();
    let forum = support::public_forum(store, &slug).await?;
    let locale = crate::locale::request_locale();
    let series = store.series(forum.series_id).await.map_err(internal)?;
    let mut groups = store
        .stakeholder_groups(forum.series_id)
        .await
        .map_err(internal)?;
    let series_lang = series.map(|s| s.default_locale).unwrap_or_default();
    crate::features::forums::content::localise_groups(store, &mut groups, &series_lang, locale)
        .await?;
    let settings = store
        .registration_settings(forum.summary.id)
        .await
        .map_err(internal)?;
    let window = settings.window(chrono::Utc::now());
    let zone = crate::features::forums::time::parse_zone(&forum.summary.time_zone);
    let opens_on = match window {
        super::store::Window::NotYet(at) => Some(at.with_timezone(&zone).date_naive()),
        _ => None,
    };
    let mut one = [forum.summary];
    crate::features::forums::content::localise_forums(store, &mut one, locale).await?;
    let [forum] = one;
    Ok(RegisterPageData {
        open: support::still_open(&forum) && window == super::store::Window::Open,
        opens_on,
        forum,
        groups,
    })
}

/// Registers for a forum. Whatever happens (a seat, the waiting list, a full forum, an address
/// registered already), the answer is the same page: the email tells the participant, so the page
/// never reveals to a stranger whether an address is registered.
#[server(endpoint = "register")]
pub async fn register(slug: String, form: RegistrationForm) -> Result<(), AppError> {
    use super::mail::{compose, full, manage_token, new_salt, Message};
    use super::store::{Registered, RegistrationInsert};
    use super::types::PRIVACY_VERSION;
    use crate::features::accounts::auth::token_hash;
    use crate::server::{internal, reject};
    let kept: Vec<(String, String)> = [
        ("full_name", &form.full_name),
        ("email", &form.email),
        ("organisation", &form.organisation),
        ("position", &form.position),
        ("country", &form.country),
        ("country_other", &form.country_other),
        ("group_id", &form.group_id),
        ("gender", &form.gender),
        ("age_band", &form.age_band),
        ("accessibility", &form.accessibility),
        ("dietary", &form.dietary),
    ]
    .into_iter()
    .map(|(k, v)| (format!("form[{k}]"), v.clone()))
    .collect();
    let keep: Vec<(&str, &str)> = kept.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let state = crate::state::app_state()?;
    let store = state.store.as_ref();
    let forum = support::public_forum(store, &slug)
        .await
        .map_err(|e| reject(e, &keep))?;
    let settings = store
        .registration_settings(forum.summary.id)
        .await
        .map_err(internal)?;
    match settings.window(chrono::Utc::now()) {
        super::store::Window::NotYet(_) => {
            return Err(reject(
                AppError::Conflict("error.registration_not_open".into()),
                &keep,
            ))
        }
        super::store::Window::Closed => {
            return Err(reject(
                AppError::Conflict("error.registration_closed".into()),
                &keep,
            ))
        }
        super::store::Window::Open if !support::still_open(&forum.summary) => {
            return Err(reject(
                AppError::Conflict("error.registration_closed".into()),
                &keep,
            ))
        }
        super::store::Window::Open => {}
    }
    let groups: Vec<_> = store
        .stakeholder_groups(forum.series_id)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|g| g.id)
        .collect();
    let new = form
        .parse(&groups)
        .map_err(|e| reject(AppError::Invalid(e), &keep))?;
    let locale = crate::locale::request_locale();
    let salt = new_salt();
    let insert = RegistrationInsert {
        forum: forum.summary.id,
        form: &new,
        locale: locale.code(),
        privacy_version: PRIVACY_VERSION,
        manage_token_hash: token_hash(&manage_token(&state.secret, &salt)),
        manage_salt: salt,
    };
    let texts = crate::features::forums::content::Texts::load(store, "forum").await?;
    let base = state.settings.base_url.clone();
    let secret = state.secret.clone();
    let summary = forum.summary.clone();
    let write = |message: Message, record: &super::store::RegistrationRecord| {
        let title = support::title_in(&texts, &summary, &record.locale);
        compose(message, record, &title, &base, &secret)
    };
    let answer = store
        .register(&insert, &|r: &super::store::RegistrationRecord| {
            Some(write(Message::Registered, r))
        })
        .await
        .map_err(internal)?;
    match answer {
        Registered::New(id, status) => {
            tracing::info!(
                forum = forum.summary.id.0,
                registration = id.0,
                status = status.as_str(),
                "registered"
            );
        }
        Registered::Existing(record) => {
            store
                .queue_mail(&write(Message::Reminder, &record))
                .await
                .map_err(internal)?;
        }
        Registered::Full => {
            let title = forum.summary.title.clone();
            let mail = full(locale, new.email.as_str(), &new.full_name, &title);
            store.queue_mail(&mail).await.map_err(internal)?;
        }
    }
    leptos_axum::redirect(&format!("/forums/{slug}/register/sent"));
    Ok(())
}

/// The participant's registration, found by the secret of the manage link.
#[server(endpoint = "registration")]
pub async fn load_registration(token: String) -> Result<RegistrationView, AppError> {
    use crate::features::accounts::auth::token_hash;
    use crate::server::internal;
    if token.len() > 100 {
        return Err(AppError::NotFound);
    }
    let state = crate::state::app_state()?;
    let store = state.store.as_ref();
    let record = store
        .registration_by_token(&token_hash(&token))
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    let locale = crate::locale::request_locale();
    let mut forums = store.list_forums(false).await.map_err(internal)?;
    crate::features::forums::content::localise_forums(store, &mut forums, locale).await?;
    let forum = forums
        .into_iter()
        .find(|f| f.id == record.forum_id)
        .ok_or(AppError::NotFound)?;
    let series = store.first_series().await.map_err(internal)?;
    let mut groups = store
        .stakeholder_groups(
            series
                .as_ref()
                .map(|s| s.id)
                .unwrap_or(crate::features::forums::types::SeriesId(0)),
        )
        .await
        .map_err(internal)?;
    let lang = series.map(|s| s.default_locale).unwrap_or_default();
    crate::features::forums::content::localise_groups(store, &mut groups, &lang, locale).await?;
    let group = groups
        .into_iter()
        .find(|g| g.id == record.group_id)
        .map(|g| g.name)
        .unwrap_or_default();
    Ok(RegistrationView {
        forum,
        status: record.status,
        full_name: record.full_name,
        email: record.email,
        organisation: record.organisation,
        group,
    })
}

/// Cancels the participant's registration; the freed seat goes to the next person waiting.
#[server(endpoint = "registration/cancel")]
pub async fn cancel_my_registration(token: String) -> Result<(), AppError> {
    use super::mail::{compose, Message};
    use super::types::RegistrationStatus;
    use crate::features::accounts::auth::token_hash;
    use crate::server::{internal, reject};
    let state = crate::state::app_state()?;
    let store = state.store.as_ref();
    let record = store
        .registration_by_token(&token_hash(&token))
        .await
        .map_err(internal)?
        .ok_or_else(|| reject(AppError::NotFound, &[]))?;
    let texts = crate::features::forums::content::Texts::load(store, "forum").await?;
    let forums = store.list_forums(false).await.map_err(internal)?;
    let forum = forums
        .into_iter()
        .find(|f| f.id == record.forum_id)
        .ok_or(AppError::NotFound)?;
    let (base, secret) = (state.settings.base_url.clone(), state.secret.clone());
    let write = |r: &super::store::RegistrationRecord| {
        let message = if r.status == RegistrationStatus::Cancelled {
            Message::Cancelled
        } else {
            Message::Promoted
        };
        Some(compose(
            message,
            r,
            &support::title_in(&texts, &forum, &r.locale),
            &base,
            &secret,
        ))
    };
    let promoted = store
        .cancel_registration(record.id, &write)
        .await
        .map_err(internal)?;
    tracing::info!(
        registration = record.id.0,
        promoted = promoted.len(),
        "registration cancelled"
    );
    Ok(())
}
