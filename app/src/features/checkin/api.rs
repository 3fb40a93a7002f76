//! Server functions of the scanner pages (manual check-in, undo, live counts) and of the
//! organiser's check-in settings (group limits per list, scanner devices).

use super::types::*;
use crate::error::AppError;
use leptos::prelude::*;

/// Forums the current scanner may open: (slug, title).
#[server(endpoint = "checkin/forums")]
pub async fn load_checkin_forums() -> Result<Vec<(String, String)>, AppError> {
    use crate::features::accounts::policy::Action;
    let (state, principal) = super::ssr::current_principal().await?;
    let locale = crate::locale::request_locale();
    let store = state.store.as_ref();
    let mut forums = store.list_forums(false).await?;
    crate::features::forums::content::localise_forums(store, &mut forums, locale).await?;
    // The forums whose door counts this principal may read (scanners: their assignments).
    let mut open = Vec::new();
    for f in forums {
        if principal.may(store, Action::ReadCounts(f.id)).await.is_ok() {
            open.push((f.slug, f.title));
        }
    }
    Ok(open)
}

#[server(endpoint = "checkin/lists")]
pub async fn load_checkin_lists(slug: String) -> Result<ListsPageData, AppError> {
    use crate::features::accounts::policy::Action;
    let (state, principal) = super::ssr::current_principal().await?;
    let store = state.store.as_ref();
    let (forum, _) =
        super::ssr::scannable_forum(store, &principal, &slug, Action::ReadCounts).await?;
    let locale = crate::locale::request_locale();
    Ok(ListsPageData {
        forum_title: forum.summary.title.clone(),
        forum_slug: slug,
        lists: super::ssr::all_lists(store, &forum, locale).await?,
    })
}

#[server(endpoint = "checkin/scanner")]
pub async fn load_scanner(
    slug: String,
    list: String,
    q: String,
) -> Result<ScannerPageData, AppError> {
    use crate::features::accounts::policy::Action;
    use crate::features::registration::types::RegistrationStatus;

    let (state, principal) = super::ssr::current_principal().await?;
    let store = state.store.as_ref();
    let (forum, _) = super::ssr::scannable_forum(store, &principal, &slug, Action::Admit).await?;
    let locale = crate::locale::request_locale();
    let lists = super::ssr::all_lists(store, &forum, locale).await?;
    let current = super::lists::find(&lists, &list)
        .cloned()
        .ok_or(AppError::NotFound)?;
    let zone = crate::features::forums::time::parse_zone(&forum.summary.time_zone);
    let query = q.trim().chars().take(100).collect::<String>();
    let mut results = Vec::new();
    // At least three characters, at most 20 people: a lost phone cannot list the forum.
    if query.chars().count() >= super::types::SEARCH_MIN_CHARS {
        let groups =
            crate::features::forums::content::stakeholder_groups(store, forum.series_id, locale)
                .await?;
        let checked: std::collections::HashMap<i64, chrono::DateTime<chrono::Utc>> = store
            .checkins_on(forum.summary.id, &current.key)
            .await?
            .into_iter()
            .collect();
        for h in store.search_holders(forum.summary.id, &query, 20).await? {
            results.push(ManualResult {
                registration_id: h.id,
                group: groups
                    .iter()
                    .find(|g| g.id == h.group_id)
                    .map(|g| g.name.clone())
                    .unwrap_or_default(),
                status: RegistrationStatus::try_from(h.status.clone())
                    .unwrap_or(RegistrationStatus::Cancelled),
                checked_in_at: checked
                    .get(&h.id)
                    .map(|t| crate::i18n::format_time(t.with_timezone(&zone).time())),
                full_name: h.full_name,
                organisation: h.organisation,
                nonce: crate::features::accounts::auth::new_secret_token(),
            });
        }
    }
    let last = store
        .last_checkin(forum.summary.id, &principal.key())
        .await?
        .map(|r| super::ssr::describe(&r, &lists, zone));
    Ok(ScannerPageData {
        forum_title: forum.summary.title.clone(),
        forum_slug: slug,
        list: current,
        results,
        query,
        last,
        scanner_name: principal.name(),
        code_nonce: crate::features::accounts::auth::new_secret_token(),
    })
}

/// A check-in from one of the scanner page's forms: the scanner, its forum and list, then the
/// same verdict as a scan. A request that is not a check-in comes back as the form's message.
#[cfg(feature = "ssr")]
async fn form_check_in(
    slug: &str,
    list: &str,
    target: super::ssr::Target<'_>,
    nonce: &str,
) -> Result<(CheckinResponse, crate::i18n::Locale), AppError> {
    use crate::server::reject;
    let (state, principal) = super::ssr::current_principal()
        .await
        .map_err(|e| reject(e, &[]))?;
    let store = state.store.as_ref();
    let locale = crate::locale::request_locale();
    let (forum, _) = super::ssr::scannable_forum(
        store,
        &principal,
        slug,
        crate::features::accounts::policy::Action::Admit,
    )
    .await
    .map_err(|e| reject(e, &[]))?;
    let current = super::ssr::one_list(store, &forum, list, locale)
        .await
        .map_err(|e| reject(e, &[]))?;
    if !super::ssr::valid_nonce(nonce) {
        return Err(reject(
            AppError::BadRequest("checkin.error.nonce".into()),
            &[],
        ));
    }
    let response =
        super::ssr::check_in(&state, &principal, &forum, &current, target, nonce, locale)
            .await
            .map_err(|e| reject(e, &[]))?;
    Ok((response, locale))
}

/// The ticket-code form sent without JavaScript (a handheld scanner's code, or one typed): the
/// same verdict as a scan. An admission shows as the scanner's last check-in; any other verdict
/// comes back as the form's message (409 with the verdict and its reason), so the code never
/// travels in an address. With JavaScript the scanner sends codes to `POST /api/v1/checkin`.
#[server(endpoint = "checkin/code")]
pub async fn check_code(
    slug: String,
    list: String,
    code: String,
    nonce: String,
) -> Result<CheckinResponse, AppError> {
    use crate::server::reject;
    if code.len() > 1000 {
        return Err(reject(
            AppError::BadRequest("checkin.error.body".into()),
            &[],
        ));
    }
    let target = super::ssr::Target::Code(code.trim());
    let (response, locale) = form_check_in(&slug, &list, target, &nonce).await?;
    if response.verdict == Verdict::Admitted {
        return Ok(response);
    }
    let said = locale.t(&format!("checkin.js.{}", response.verdict.as_str()));
    let who = response.name.clone().unwrap_or_default();
    let message = [said, who, response.reason.clone()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    Err(reject(AppError::Conflict(message), &[("form", "code")]))
}

/// Checks a person in by hand (from the search), with the same rules as a scan.
#[server(endpoint = "checkin/manual")]
pub async fn manual_checkin(
    slug: String,
    list: String,
    registration_id: crate::features::registration::types::RegistrationId,
    nonce: String,
) -> Result<CheckinResponse, AppError> {
    let target = super::ssr::Target::Registration(registration_id);
    Ok(form_check_in(&slug, &list, target, &nonce).await?.0)
}

/// Removes this scanner's last check-in at the forum; answers the name of the person.
#[server(endpoint = "checkin/undo")]
pub async fn undo_checkin(slug: String) -> Result<Option<String>, AppError> {
    use crate::server::reject;
    let (state, principal) = super::ssr::current_principal()
        .await
        .map_err(|e| reject(e, &[]))?;
    let store = state.store.as_ref();
    let (forum, _) = super::ssr::scannable_forum(
        store,
        &principal,
        &slug,
        crate::features::accounts::policy::Action::Admit,
    )
    .await
    .map_err(|e| reject(e, &[]))?;
    Ok(store
        .undo_last_checkin(forum.summary.id, &principal.key())
        .await?
        .map(|r| r.full_name))
}

/// Checked in versus expected on one list, per stakeholder group and country.
#[server(endpoint = "checkin/counts")]
pub async fn load_counts(slug: String, list: String) -> Result<CountsView, AppError> {
    let (state, principal) = super::ssr::current_principal().await?;
    let store = state.store.as_ref();
    let (forum, grant) = super::ssr::scannable_forum(
        store,
        &principal,
        &slug,
        crate::features::accounts::policy::Action::ReadCounts,
    )
    .await?;
    let locale = crate::locale::request_locale();
    let current = super::ssr::one_list(store, &forum, &list, locale).await?;
    let session = match current.scope {
        ListScope::Session { session } => Some(session),
        _ => None,
    };
    let allowed = |g: &crate::features::forums::types::StakeholderGroupId| {
        current.groups.is_empty() || current.groups.contains(g)
    };
    let expected: Vec<_> = store
        .expected_breakdown(forum.summary.id, session)
        .await?
        .into_iter()
        .filter(|(g, _, _)| allowed(g))
        .collect();
    let checked = store
        .checked_in_breakdown(forum.summary.id, &current.key)
        .await?;
    let groups =
        crate::features::forums::content::stakeholder_groups(store, forum.series_id, locale)
            .await?;
    let mut by_group: Vec<_> = groups
        .iter()
        .filter(|g| allowed(&g.id))
        .map(|g| {
            super::counts::row(g.name.clone(), &checked, &expected, |(id, _, _)| {
                *id == g.id
            })
        })
        .collect();
    let mut by_country = super::counts::countries(&checked, &expected, |code| {
        crate::features::registration::pages::country_label(locale, code)
    });
    // Off the forum's team (scanners, devices, coordinators) small figures are hidden, as in
    // the report: a breakdown never shows a group or country of fewer than the threshold.
    if !grant.on_team {
        let threshold = store.report_threshold(forum.series_id.0).await?;
        super::counts::protect(&mut by_group, threshold);
        super::counts::protect(&mut by_country, threshold);
    }
    let zone = crate::features::forums::time::parse_zone(&forum.summary.time_zone);
    Ok(CountsView {
        forum_title: forum.summary.title.clone(),
        forum_slug: slug,
        total: super::counts::row(
            locale.t("checkin.counts.total"),
            &checked,
            &expected,
            |_| true,
        ),
        by_group,
        by_country,
        expected_note: locale.t(if session.is_some() {
            "checkin.counts.expected_session"
        } else {
            "checkin.counts.expected_confirmed"
        }),
        updated_at: crate::i18n::format_time(crate::clock::now().with_timezone(&zone).time()),
        issues: super::review::door_issues(
            store,
            &forum,
            std::slice::from_ref(&current),
            Some(&current.key),
            locale,
        )
        .await?,
        list: current,
    })
}

/// Marks a double entry resolved (the organiser has looked into it).
#[server(endpoint = "organiser/checkin/double-entry-resolve")]
pub async fn resolve_double_entry(slug: String, entry_id: DoubleEntryId) -> Result<(), AppError> {
    use crate::server::{internal, reject};
    let (state, forum) = crate::features::accounts::guard::organiser_forum(&slug, &[]).await?;
    let account = crate::features::accounts::auth::current_account()
        .await?
        .ok_or(AppError::Unauthenticated)?;
    state
        .store
        .resolve_double_entry(
            forum.summary.id,
            entry_id,
            &format!("account:{}", account.id.0),
            crate::clock::now(),
        )
        .await
        .map_err(|e| match e {
            crate::db::StoreError::NotFound => reject(AppError::NotFound, &[]),
            other => internal(other),
        })
}

/// The organiser's check-in page: lists with their group limits, and scanner devices.
#[server(endpoint = "organiser/checkin")]
pub async fn load_checkin_admin(slug: String) -> Result<CheckinAdminData, AppError> {
    let (state, forum) = crate::features::accounts::guard::organiser_forum(&slug, &[]).await?;
    let store = state.store.as_ref();
    let locale = crate::locale::request_locale();
    let devices = store
        .devices(forum.summary.id)
        .await?
        .into_iter()
        .map(|d| {
            let enrol_link = d.revoked_at.is_none().then(|| {
                format!(
                    "{}/checkin/device/{}",
                    state.settings.base_url,
                    state
                        .secret
                        .link_token("scanner-device", &d.salt)
                        .unwrap_or_default()
                )
            });
            DeviceView {
                id: d.id,
                created_at: d.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
                revoked: d.revoked_at.is_some(),
                enrol_qr: enrol_link.as_deref().and_then(|link| {
                    crate::features::tickets::qr::svg(
                        link,
                        &locale.tf("checkin.devices.qr_label", &[("device", &d.label)]),
                    )
                }),
                label: d.label,
                enrol_link,
            }
        })
        .collect();
    let lists = super::ssr::all_lists(store, &forum, locale).await?;
    let expiry = store
        .door_expiry(forum.summary.id)
        .await?
        .unwrap_or(super::offline_store::DoorExpiry::DEFAULT);
    Ok(CheckinAdminData {
        after_end_hours: expiry.after_end_hours,
        offline_hours: expiry.offline_hours,
        forum_title: forum.summary.title.clone(),
        forum_slug: slug,
        issues: super::review::door_issues(store, &forum, &lists, None, locale).await?,
        lists,
        groups: crate::features::forums::content::stakeholder_groups(
            store,
            forum.series_id,
            locale,
        )
        .await?,
        devices,
    })
}

/// Limits a list to the ticked stakeholder groups (`groups[g<ID>]`); none ticked: everyone.
#[server(endpoint = "organiser/checkin/groups")]
pub async fn set_list_groups(
    slug: String,
    list: String,
    #[server(default)] groups: std::collections::BTreeMap<String, String>,
) -> Result<(), AppError> {
    use crate::features::forums::types::StakeholderGroupId;
    use crate::server::reject;
    let (state, forum) = crate::features::accounts::guard::organiser_forum(&slug, &[]).await?;
    let store = state.store.as_ref();
    let locale = crate::locale::request_locale();
    let current = super::ssr::one_list(store, &forum, &list, locale)
        .await
        .map_err(|e| reject(e, &[]))?;
    let known =
        crate::features::forums::content::stakeholder_groups(store, forum.series_id, locale)
            .await?;
    let picked: Vec<StakeholderGroupId> = groups
        .keys()
        .filter_map(|k| k.strip_prefix('g')?.parse().ok())
        .map(StakeholderGroupId)
        .filter(|g| known.iter().any(|k| k.id == *g))
        .collect();
    store
        .set_list_limits(forum.summary.id, &current.key, &picked)
        .await?;
    Ok(())
}

/// A new scanner device for the forum; its enrolment link is shown on the organiser's page.
#[server(endpoint = "organiser/checkin/device")]
pub async fn create_device(slug: String, label: String) -> Result<(), AppError> {
    use crate::error::FieldError;
    use crate::server::reject;
    let (state, forum) = crate::features::accounts::guard::organiser_forum(&slug, &[]).await?;
    let label = crate::text::single_line(&label);
    if label.is_empty() || label.chars().count() > 80 {
        return Err(reject(
            AppError::Invalid(vec![FieldError::new("label", "checkin.error.device_label")]),
            &[("label", &label)],
        ));
    }
    let salt = state.secret.new_salt();
    let token = state
        .secret
        .link_token("scanner-device", &salt)
        .ok_or(AppError::Unavailable {
            retry_after_secs: 15,
        })?;
    state
        .store
        .create_device(
            forum.summary.id,
            &label,
            &salt,
            &crate::features::accounts::auth::token_hash(&token),
            crate::clock::now(),
            super::ssr::device_expiry(&forum.summary),
        )
        .await?;
    Ok(())
}

#[server(endpoint = "organiser/checkin/device-revoke")]
pub async fn revoke_device(
    slug: String,
    device_id: super::types::DeviceId,
) -> Result<(), AppError> {
    use crate::server::{internal, reject};
    let (state, forum) = crate::features::accounts::guard::organiser_forum(&slug, &[]).await?;
    state
        .store
        .revoke_device(forum.summary.id, device_id.0, crate::clock::now())
        .await
        .map_err(|e| match e {
            crate::db::StoreError::NotFound => reject(AppError::NotFound, &[]),
            other => internal(other),
        })
}
