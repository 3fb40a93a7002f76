//! Registration server functions: the public form, the participant's page (details, editing,
//! cancellation) and the "lost my link" form.

use super::form::RegistrationForm;
use super::types::{RegisterPageData, RegistrationView};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
pub(crate) use super::service as support;

/// The registration form's page; `invite` is the code of a personal invitation link, if any.
#[server(endpoint = "forums/register-page")]
pub async fn load_register_page(
    slug: String,
    invite: String,
) -> Result<RegisterPageData, AppError> {
    use super::types::{InvitationView, RegistrationMode};
    use crate::features::forums::types::StakeholderGroupId;

    let state = crate::state::app_state()?;
    let store = state.store.as_ref();
    let forum = support::public_forum(store, &slug).await?;
    let locale = crate::locale::request_locale();
    let id = forum.summary.id;
    let groups = support::groups(store, forum.series_id, locale).await?;
    let settings = store.registration_settings(id).await?;
    let mode = store.registration_mode(id).await?;
    let window = settings.window(crate::clock::now());
    let zone = crate::features::forums::time::parse_zone(&forum.summary.time_zone);
    let opens_on = match window {
        super::store::Window::NotYet(at) => Some(at.with_timezone(&zone).date_naive()),
        _ => None,
    };
    let (invitation, invitation_problem) = match mode {
        RegistrationMode::Invitation => match support::invitation(&state, id, &invite).await {
            Ok(Some(found)) => (
                Some(InvitationView {
                    code: super::mail::normalise_code(&invite).unwrap_or_default(),
                    full_name: found.full_name,
                    email: found.email,
                    group_id: found.group_id.map(StakeholderGroupId),
                }),
                None,
            ),
            Ok(None) => (None, None),
            Err(key) => (None, Some(key.to_string())),
        },
        _ => (None, None),
    };
    let questions = support::questions(store, id, locale).await?;
    let notice =
        crate::features::forums::service::current_notice_label(&state, forum.series_id.0).await?;
    let privacy_url = format!("/privacy/{notice}");
    let mut one = [forum.summary];
    crate::features::forums::content::localise_forums(store, &mut one, locale).await?;
    let [forum] = one;
    Ok(RegisterPageData {
        open: support::still_open(&forum) && window == super::store::Window::Open,
        opens_on,
        forum,
        groups,
        mode,
        questions,
        invitation,
        invitation_problem,
        issued: support::form_stamp(&state.secret, crate::clock::now()),
        privacy_url,
    })
}

/// The fields a refused form keeps (so nothing typed is lost), as `form[<name>]` pairs.
#[cfg(feature = "ssr")]
fn kept_fields(form: &RegistrationForm) -> Vec<(String, String)> {
    let plain = [
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
        ("invitation", &form.invitation),
    ]
    .into_iter()
    .map(|(k, v)| (format!("form[{k}]"), v.chars().take(1_000).collect()));
    // Answers are kept too, within the flash cookie's means.
    let answers = form
        .answers
        .iter()
        .take(40)
        .map(|(k, v)| (format!("form[answers][{k}]"), v.chars().take(300).collect()));
    let consents = [
        ("listed_consent", &form.listed_consent),
        ("contact_consent", &form.contact_consent),
    ]
    .into_iter()
    .filter(|(_, v)| v.is_some())
    .map(|(k, _)| (format!("form[{k}]"), "on".to_string()));
    plain.chain(answers).chain(consents).collect()
}

/// Registers for a forum. Whatever happens (a seat, the waiting list, pending approval, a full
/// forum, an address registered already), the answer is the same page: the email tells the
/// participant, so the page never reveals to a stranger whether an address is registered.
#[server(endpoint = "register")]
pub async fn register(slug: String, form: RegistrationForm) -> Result<(), AppError> {
    use super::consents::ConsentKind;
    use super::mail::full;
    use super::store::Registered;
    use super::types::RegistrationMode;
    use crate::error::FieldError;
    use crate::server::reject;
    let kept = kept_fields(&form);
    let keep: Vec<(&str, &str)> = kept.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let state = crate::state::app_state()?;
    let store = state.store.as_ref();
    let forum = support::public_forum(store, &slug)
        .await
        .map_err(|e| reject(e, &keep))?;
    let id = forum.summary.id;
    let settings = store.registration_settings(id).await?;
    // Every answer is the same page; forums that confirm addresses first say for how long.
    let sent = match settings.confirm_within_minutes {
        Some(minutes) => format!("/forums/{slug}/register/sent?confirm={minutes}"),
        None => format!("/forums/{slug}/register/sent"),
    };
    // A script filling the hidden field, or posting faster than anyone reads, is answered as
    // everyone is and nothing is written.
    if !support::looks_human(
        &state.secret,
        &form,
        state.settings.limits.form_min_secs,
        crate::clock::now(),
    ) {
        tracing::info!(
            forum = id.0,
            "registration turned away: hidden field or too fast"
        );
        leptos_axum::redirect(&sent);
        return Ok(());
    }
    support::client_allowance(&state, "register", Some(id))
        .await
        .map_err(|e| reject(e, &keep))?;
    let closed = |key: &str| Err(reject(AppError::Conflict(key.into()), &keep));
    match settings.window(crate::clock::now()) {
        super::store::Window::NotYet(_) => return closed("error.registration_not_open"),
        super::store::Window::Closed => return closed("error.registration_closed"),
        super::store::Window::Open if !support::still_open(&forum.summary) => {
            return closed("error.registration_closed")
        }
        super::store::Window::Open => {}
    }
    let mode = store.registration_mode(id).await?;
    let locale = crate::locale::request_locale();
    let mut form = form;
    let invitation = match mode {
        RegistrationMode::Invitation => {
            let found = support::invitation(&state, id, &form.invitation)
                .await
                .and_then(|i| i.ok_or("error.invitation_required"))
                .map_err(|key| {
                    reject(
                        AppError::Invalid(vec![FieldError::new("invitation", key)]),
                        &keep,
                    )
                })?;
            // An invitation into a group places the person there.
            if let Some(group) = found.group_id {
                form.group_id = group.to_string();
            }
            Some(found)
        }
        _ => None,
    };
    let groups = support::group_ids(store, forum.series_id).await?;
    let questions = support::questions(store, id, locale).await?;
    let (new, answers) = form
        .parse_with_answers(&groups, &questions)
        .map_err(|errors| reject(AppError::Invalid(errors), &keep))?;
    // An invitation the organiser addressed to someone is theirs alone.
    if let Some(found) = &invitation {
        let invited = found.email.trim();
        if !invited.is_empty() && !invited.eq_ignore_ascii_case(new.email.as_str()) {
            return Err(reject(
                AppError::Invalid(vec![FieldError::new(
                    "email",
                    "error.invitation_other_address",
                )]),
                &keep,
            ));
        }
    }
    let invitation = invitation.map(|found| found.id);
    let privacy_version =
        crate::features::forums::service::current_notice_label(&state, forum.series_id.0).await?;
    let consents: Vec<ConsentKind> = [
        (ConsentKind::Listed, form.listed_consent.is_some()),
        (ConsentKind::Contact, form.contact_consent.is_some()),
    ]
    .into_iter()
    .filter_map(|(kind, given)| given.then_some(kind))
    .collect();
    let (answer, mailer) = support::register(
        &state,
        &forum,
        support::Registration {
            form: &new,
            answers: &answers,
            consents: &consents,
            locale,
            privacy_version: &privacy_version,
            pending: mode == RegistrationMode::Approval,
            invitation,
            confirm_within_minutes: settings.confirm_within_minutes,
        },
    )
    .await
    // A busy or full database keeps the form and says so, with or without JavaScript.
    .map_err(|e| reject(e, &keep))?;
    match answer {
        Registered::New(reg, status) => {
            tracing::info!(
                forum = id.0,
                registration = reg.0,
                status = status.as_str(),
                "registered"
            );
        }
        // Submitting the form again must not flood someone's inbox: these emails share the
        // per-address allowance of "lost my link", and past it the page answers the same.
        Registered::Existing(record) => {
            if let Some(mail) = mailer.write(&record, super::mail::Message::Reminder) {
                if support::may_mail_again(&state, &record.email).await? {
                    store.queue_mail(&mail).await?;
                }
            }
        }
        Registered::Full => {
            if support::may_mail_again(&state, new.email.as_str()).await? {
                let title = mailer.title(locale.code());
                let mail = full(locale, new.email.as_str(), &new.full_name, &title);
                store.queue_mail(&mail).await?;
            }
        }
        Registered::InvitationUsed => {
            return Err(reject(
                AppError::Invalid(vec![FieldError::new("invitation", "error.invitation_used")]),
                &keep,
            ));
        }
        Registered::Raced => return Err(reject(AppError::Conflict("error.retry".into()), &keep)),
    }
    leptos_axum::redirect(&sent);
    Ok(())
}

/// The participant's registration, found by the secret of the manage link.
#[server(endpoint = "registration")]
pub async fn load_registration(token: String) -> Result<RegistrationView, AppError> {
    let state = crate::state::app_state()?;
    let store = state.store.as_ref();
    let record = support::by_token(store, &token).await?;
    let locale = crate::locale::request_locale();
    let view = view_of(store, record.clone(), locale).await?;
    support::remember_participant(&state, &record, view.forum.ends_on).await?;
    Ok(view)
}

/// A registration as its page shows it, in `locale`.
#[cfg(feature = "ssr")]
pub(crate) async fn view_of(
    store: &dyn crate::store::Store,
    record: super::store::RegistrationRecord,
    locale: crate::i18n::Locale,
) -> Result<RegistrationView, AppError> {
    let (forum, group) = support::forum_and_group(store, &record, locale).await?;
    let questions = support::questions(store, record.forum_id, locale).await?;
    let stored = store.answers(record.id).await?;
    let answers = super::questions::form_values(&questions, &stored);
    Ok(RegistrationView {
        forum,
        status: record.status,
        full_name: record.full_name,
        email: record.email,
        organisation: record.organisation,
        group,
        position: record.position,
        country: record.country,
        gender: record.gender,
        age_band: record.age_band,
        accessibility: record.accessibility,
        dietary: record.dietary,
        photo_consent: record.photo_consent,
        questions,
        answers,
        hold_until: record.hold_until,
    })
}

/// Saves the details a participant edits on their page (not the address or the group, which
/// decide the seat: the organisers change those).
#[server(endpoint = "registration/edit")]
pub async fn update_my_registration(token: String, form: RegistrationForm) -> Result<(), AppError> {
    let state = crate::state::app_state()?;
    let record = support::by_token(state.store.as_ref(), &token)
        .await
        .map_err(|e| crate::server::reject(e, &[]))?;
    save_details(&state, &record, form).await?;
    leptos_axum::redirect(&format!("/r/{token}?saved=1"));
    Ok(())
}

/// Checks and saves edited details of `record` (shared with the organiser's edit).
#[cfg(feature = "ssr")]
pub(crate) async fn save_details(
    state: &crate::state::AppState,
    record: &super::store::RegistrationRecord,
    form: RegistrationForm,
) -> Result<(), AppError> {
    use super::store::DetailsUpdate;
    use crate::server::{internal, reject};
    let mut kept = kept_fields(&form);
    kept.push(("form".into(), "details".into()));
    let keep: Vec<(&str, &str)> = kept.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    if matches!(
        record.status,
        super::types::RegistrationStatus::Cancelled | super::types::RegistrationStatus::Rejected
    ) {
        return Err(reject(
            AppError::Conflict("error.registration_ended".into()),
            &keep,
        ));
    }
    let locale = crate::locale::request_locale();
    let form = RegistrationForm {
        email: record.email.clone(),
        group_id: record.group_id.0.to_string(),
        privacy: Some("kept".into()),
        ..form
    };
    let questions = support::questions(state.store.as_ref(), record.forum_id, locale).await?;
    let (new, answers) = form
        .parse_with_answers(&[record.group_id], &questions)
        .map_err(|errors| reject(AppError::Invalid(errors), &keep))?;
    state
        .store
        .update_details(
            record.id,
            &DetailsUpdate {
                form: &new,
                answers: &answers,
            },
        )
        .await
        .map_err(internal)
}

/// Cancels the participant's registration; the freed seat goes to the next person waiting.
#[server(endpoint = "registration/cancel")]
pub async fn cancel_my_registration(token: String) -> Result<(), AppError> {
    use super::seats::Change;
    let state = crate::state::app_state()?;
    let store = state.store.as_ref();
    let (record, mailer) = support::participant(&state, &token).await?;
    let changed = store
        .change_registration(record.id, Change::Cancel, &|r, m| mailer.write(r, m))
        .await?;
    tracing::info!(
        registration = record.id.0,
        ?changed,
        "registration cancelled"
    );
    Ok(())
}

/// "Lost my link": emails the manage link of every registration of the address again. The
/// answer is the same whether or not the address is registered; each address may ask a few
/// times an hour (counted in the database, so every server shares the count).
#[server(endpoint = "registration/lost")]
pub async fn request_link(email: String) -> Result<(), AppError> {
    use crate::error::FieldError;
    use crate::features::accounts::types::EmailAddress;
    use crate::server::reject;
    let keep = [("form[email]", email.as_str())];
    let address = EmailAddress::parse(&email).map_err(|key| {
        reject(
            AppError::Invalid(vec![FieldError::new("email", key)]),
            &keep,
        )
    })?;
    let state = crate::state::app_state()?;
    let store = state.store.as_ref();
    support::client_allowance(&state, "lost-link", None)
        .await
        .map_err(|e| reject(e, &keep))?;
    if !support::may_mail_again(&state, address.as_str()).await? {
        return Err(reject(
            AppError::RateLimited {
                retry_after_secs: LOST_LINK_WINDOW_SECS as u64,
            },
            &keep,
        ));
    }
    let records = store.registrations_by_email(address.as_str()).await?;
    let forums = store.list_forums(false).await?;
    for record in records {
        let Some(forum) = forums.iter().find(|f| f.id == record.forum_id) else {
            continue;
        };
        let mailer = support::Mailer::new(&state, forum).await?;
        if let Some(mail) = mailer.write(&record, super::mail::Message::Reminder) {
            store.queue_mail(&mail).await?;
        }
    }
    leptos_axum::redirect("/registration/lost/sent");
    Ok(())
}

pub use super::types::{LOST_LINK_MAX, LOST_LINK_WINDOW_SECS};
