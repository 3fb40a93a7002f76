//! Server functions for signing in and out and for managing accounts.

use super::types::AccountView;
use crate::error::AppError;
use leptos::prelude::*;

/// The signed-in account, if any.
#[server(endpoint = "me")]
pub async fn whoami() -> Result<Option<AccountView>, AppError> {
    super::auth::current_account().await
}

/// Where an account lands after signing in.
pub fn home_of(role: super::types::Role) -> &'static str {
    match role {
        super::types::Role::Admin | super::types::Role::Organiser => "/organiser",
        super::types::Role::Scanner => "/checkin",
    }
}

/// A local path to return to after signing in; anything else is ignored. Accepted: one `/`
/// followed by a character other than a slash or a backslash (or `/` alone), with no backslash,
/// no space and no control character anywhere: browsers drop tabs and line breaks inside a URL
/// and read a backslash as a slash, so "slash, tab, slash, evil.example" would leave the site.
pub fn safe_next(next: Option<&str>) -> Option<&str> {
    next.filter(|n| {
        let mut chars = n.chars();
        chars.next() == Some('/')
            && !matches!(chars.next(), Some('/') | Some('\\'))
            && n.len() <= 2_000
            && !n
                .chars()
                .any(|c| c == '\\' || c.is_control() || c.is_whitespace())
    })
}

/// Signs in with email and password. Failed attempts per address are rate limited.
#[server(endpoint = "login")]
pub async fn log_in(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use super::auth::*;
    use super::types::EmailAddress;
    use crate::error::FieldError;
    use crate::server::reject;

    let state = crate::state::app_state()?;
    let keep = [("email", email.as_str())];
    let mut problems = Vec::new();
    let address = match EmailAddress::parse(&email) {
        Ok(a) => Some(a),
        Err(key) => {
            problems.push(FieldError::new("email", key));
            None
        }
    };
    if password.is_empty() {
        problems.push(FieldError::new("password", "error.password_required"));
    } else if password.len() > 1024 {
        problems.push(FieldError::new("password", "error.too_long"));
    }
    let Some(address) = address.filter(|_| problems.is_empty()) else {
        return Err(reject(AppError::Invalid(problems), &keep));
    };

    // Throttled by client address, never by account: a stranger's guesses cannot lock the
    // door staff out of their own phones. Each attempt is counted before the password is
    // checked, in one transaction, so parallel guesses cannot slip under the limit.
    let client = crate::request::current_limit_key(&state.settings.limits.trusted_proxies);
    let key = format!("sign-in:{client}");
    let turn = state.store.begin_sign_in(&key, crate::clock::now()).await?;
    let attempt = match turn {
        crate::store::limits::SignInTurn::Go(id) => id,
        crate::store::limits::SignInTurn::Wait(secs) => {
            set_retry_after(secs);
            return Err(reject(
                AppError::RateLimited {
                    retry_after_secs: secs,
                },
                &keep,
            ));
        }
    };
    let record = state.store.account_by_email(address.as_str()).await?;
    let stored_hash = record
        .as_ref()
        .map(|r| r.password_hash.clone())
        .unwrap_or_else(|| dummy_hash().to_string());
    let Some(verified) =
        with_hashing_slot(move || verify_password(&password, &stored_hash)).await?
    else {
        state.store.forgive_sign_in(attempt).await?;
        set_retry_after(5);
        return Err(reject(
            AppError::RateLimited {
                retry_after_secs: 5,
            },
            &keep,
        ));
    };
    let account = match record {
        Some(r) if verified => AccountView {
            id: r.id,
            email: r.email,
            display_name: r.display_name,
            role: r.role,
            disabled: false,
        },
        _ => {
            state
                .store
                .fail_sign_in(attempt, crate::clock::now())
                .await?;
            tracing::info!("failed sign-in");
            metrics::counter!("agora_failed_sign_ins_total").increment(1);
            return Err(reject(AppError::InvalidCredentials, &keep));
        }
    };
    state.store.forgive_sign_in(attempt).await?;
    start_session(&state, &account).await?;
    tracing::info!(account = account.id.0, "signed in");
    let target = safe_next(next.as_deref()).unwrap_or(home_of(account.role));
    leptos_axum::redirect(target);
    Ok(())
}

/// Signs out and returns to the home page.
#[server(endpoint = "logout")]
pub async fn log_out() -> Result<(), AppError> {
    let state = crate::state::app_state()?;
    super::auth::end_session(&state).await?;
    leptos_axum::redirect("/");
    Ok(())
}

/// All accounts (admins only).
#[server(endpoint = "accounts/list")]
pub async fn list_accounts() -> Result<Vec<AccountView>, AppError> {
    use crate::server::internal;
    super::policy::allow(super::policy::Action::ManageAccounts).await?;
    let state = crate::state::app_state()?;
    state.store.list_accounts().await.map_err(internal)
}

/// Creates an account (admins only).
#[server(endpoint = "accounts/create")]
pub async fn create_account(
    email: String,
    display_name: String,
    password: String,
    role: String,
    #[server(default)] expires_on: String,
) -> Result<(), AppError> {
    use super::access_log::AccessAction;
    use crate::server::{internal, reject};
    let keep = [
        ("email", email.as_str()),
        ("display_name", display_name.as_str()),
        ("role", role.as_str()),
        ("expires_on", expires_on.as_str()),
    ];
    let (admin, _) =
        super::policy::allow_form(super::policy::Action::ManageAccounts, &keep).await?;
    let new = super::validate::parse_new_account(&email, &display_name, &password, &role)
        .map_err(|e| reject(AppError::Invalid(e), &keep))?;
    let expires = super::validate::parse_expiry(&expires_on)
        .map_err(|e| reject(AppError::Invalid(vec![e]), &keep))?;
    let state = crate::state::app_state()?;
    let new = super::validate::hash_new_account(new).await?;
    match state.store.create_account(&new).await {
        Ok(id) => {
            if expires.is_some() {
                state.store.set_account_expiry(id, expires).await?;
            }
            let detail = format!(
                "account {} created as {}{}",
                id.0,
                new.role.as_str(),
                expires.map(|e| format!(", ends {e}")).unwrap_or_default()
            );
            super::guard::log_access(
                &state,
                Some(&admin),
                AccessAction::RoleChange,
                None,
                None,
                &detail,
                super::guard::request_address(&state),
            )
            .await?;
            tracing::info!(account = id.0, "account created");
            Ok(())
        }
        Err(crate::db::StoreError::Duplicate(_)) => Err(reject(
            AppError::Invalid(vec![crate::error::FieldError::new(
                "email",
                "error.email_taken",
            )]),
            &keep,
        )),
        Err(e) => Err(internal(e)),
    }
}

/// Disables an account (every session of it ends at once; it cannot sign in) or enables it
/// again (admins only; never one's own).
#[server(endpoint = "accounts/disable")]
pub async fn set_account_disabled(
    account_id: super::types::AccountId,
    disabled: bool,
) -> Result<(), AppError> {
    use crate::server::reject;
    let (admin, _) = super::policy::allow_form(super::policy::Action::ManageAccounts, &[]).await?;
    if admin.id == account_id {
        return Err(reject(
            AppError::Conflict("error.cannot_disable_self".into()),
            &[],
        ));
    }
    let state = crate::state::app_state()?;
    state
        .store
        .set_account_disabled(account_id, disabled)
        .await
        .map_err(|e| reject(e.into(), &[]))?;
    super::guard::log_access(
        &state,
        Some(&admin),
        super::access_log::AccessAction::RoleChange,
        None,
        None,
        &format!(
            "account {} {}",
            account_id.0,
            if disabled { "disabled" } else { "enabled" }
        ),
        super::guard::request_address(&state),
    )
    .await?;
    tracing::info!(
        account = account_id.0,
        disabled,
        "account disabled or enabled"
    );
    leptos_axum::redirect("/admin/accounts");
    Ok(())
}

/// Changes the signed-in account's own password, given the current one; every other session of
/// the account ends (a stolen cookie stops working).
#[server(endpoint = "account/password")]
pub async fn change_password(current: String, new_password: String) -> Result<(), AppError> {
    use super::auth::{
        current_account, hash_password, session_token, verify_password, with_hashing_slot,
    };
    use crate::error::FieldError;
    use crate::server::reject;
    let me = current_account()
        .await?
        .ok_or(AppError::Unauthenticated)
        .map_err(|e| reject(e, &[]))?;
    let state = crate::state::app_state()?;
    if let Some(key) = super::validate::new_password_problem(&new_password) {
        return Err(reject(
            AppError::Invalid(vec![FieldError::new("new_password", key)]),
            &[],
        ));
    }
    let stored = state
        .store
        .password_hash(me.id)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let busy = || {
        reject(
            AppError::RateLimited {
                retry_after_secs: 5,
            },
            &[],
        )
    };
    let right = with_hashing_slot(move || verify_password(&current, &stored))
        .await?
        .ok_or_else(busy)?;
    if !right {
        return Err(reject(
            AppError::Invalid(vec![FieldError::new(
                "current",
                "error.current_password_wrong",
            )]),
            &[],
        ));
    }
    let hash = with_hashing_slot(move || hash_password(&new_password))
        .await?
        .ok_or_else(busy)?
        .map_err(crate::server::internal)?;
    let keep = session_token()
        .map(|t| crate::secrets::token_hash(&t))
        .unwrap_or_default();
    state.store.set_password(me.id, &hash, &keep).await?;
    tracing::info!(account = me.id.0, "password changed");
    leptos_axum::redirect("/account?changed=1");
    Ok(())
}

/// Sends a test email to the signed-in admin, in their language, to check mail delivery.
#[server(endpoint = "accounts/test-email")]
pub async fn send_test_email() -> Result<(), AppError> {
    use crate::server::internal;
    let (me, _) = super::policy::allow_form(super::policy::Action::ManageAccounts, &[]).await?;
    let state = crate::state::app_state()?;
    let locale = crate::locale::request_locale();
    let mail = test_mail(
        locale,
        &me.email,
        &me.display_name,
        &state.settings.base_url,
    );
    state.mailer.send(&mail).await.map_err(internal)?;
    Ok(())
}

/// The test email an admin sends to check mail delivery (text and HTML).
#[cfg(feature = "ssr")]
pub fn test_mail(
    locale: crate::i18n::Locale,
    to: &str,
    name: &str,
    url: &str,
) -> crate::mail::OutgoingMail {
    let subject = locale.t("mail.test_subject");
    let text = locale.tf("mail.test_body", &[("name", name), ("url", url)]);
    account_mail(locale, to, subject, text)
}

/// An email to an account about the account (text and its plain HTML part).
#[cfg(feature = "ssr")]
pub fn account_mail(
    locale: crate::i18n::Locale,
    to: &str,
    subject: String,
    text: String,
) -> crate::mail::OutgoingMail {
    let html = crate::mail_html::render(&crate::mail_html::HtmlMail {
        lang: locale.code(),
        subject: &subject,
        text: &text,
        ..Default::default()
    });
    crate::mail::OutgoingMail {
        to: to.to_string(),
        subject,
        text,
        calendar: None,
        ticket_png: None,
        html: Some(html),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(safe_next(Some("/organiser")), Some("/organiser"));
        assert_eq!(safe_next(Some("//evil.example")), None);
        assert_eq!(safe_next(Some("https://evil.example")), None);
        assert_eq!(safe_next(Some("/\\evil")), None);
        assert_eq!(safe_next(None), None);
        assert_eq!(safe_next(Some("/")), Some("/"));
        assert_eq!(
            safe_next(Some("/forums/tirana?lang=sq#agenda")),
            Some("/forums/tirana?lang=sq#agenda")
        );
        for bypass in [
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "\\/evil.example",
            "/\\/evil.example",
            "/ /evil.example",
            " //evil.example",
            "/\u{0}/evil.example",
            "/\u{b}/evil.example",
            "/\u{85}/evil.example",
            "/\u{3000}/evil.example",
            "///evil.example",
            "evil.example",
            "javascript:alert(1)",
            "",
        ] {
            assert_eq!(safe_next(Some(bypass)), None, "{bypass:?}");
        }
    }
}
