//! Sign-in page and the admin's account management.

use super::api::{
    list_accounts, whoami, ChangePassword, CreateAccount, LogIn, SendTestEmail, SetAccountDisabled,
};
use super::types::Role;
use crate::components::notice::{ErrorNotice, PageError};
use crate::error::AppError;
use crate::flash::{flashed_field, form_error, take_flash};
use crate::i18n::use_locale;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let locale = use_locale();
    let action = ServerAction::<LogIn>::new();
    let flash = Resource::new_blocking(|| (), |_| take_flash());
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let error = form_error(action.value(), flash);
    let field_msg = move |field: &'static str| field_message(error, locale, field);
    let email_msg = field_msg("email");
    let password_msg = field_msg("password");
    view! {
        <Title text=locale.t("login.title") />
        <section class="narrow">
            <h1>{locale.t("login.title")}</h1>
            <p class="muted">{locale.t("login.lead")}</p>
            {move || (query.read().get("reset").as_deref() == Some("1")).then(|| view! {
                <p class="notice" role="status">{locale.t("reset.done")}</p>
            })}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let _ = flash.await;
                    view! {
                        {move || error.get().map(|error| view! { <ErrorNotice error /> })}
                        <ActionForm action attr:class="form" attr:novalidate="true">
                            <input type="hidden" name="next" value=next />
                            <div class="field">
                                <label for="email">{locale.t("login.email")}</label>
                                <input id="email" name="email" type="email" autocomplete="username" required
                                    value=flashed_field(flash, "email")
                                    aria-invalid=move || email_msg.get().is_some().to_string()
                                    aria-describedby="email-error" />
                                <p class="field-error" id="email-error">{move || email_msg.get()}</p>
                            </div>
                            <div class="field">
                                <label for="password">{locale.t("login.password")}</label>
                                <input id="password" name="password" type="password" autocomplete="current-password" required
                                    aria-invalid=move || password_msg.get().is_some().to_string()
                                    aria-describedby="password-error" />
                                <p class="field-error" id="password-error">{move || password_msg.get()}</p>
                            </div>
                            <button type="submit" class="button" disabled=move || action.pending().get()>
                                {locale.t("login.submit")}
                            </button>
                        </ActionForm>
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn AccountsPage() -> impl IntoView {
    let locale = use_locale();
    let create = ServerAction::<CreateAccount>::new();
    let disable = ServerAction::<SetAccountDisabled>::new();
    let reset = ServerAction::<super::reset::SendResetLink>::new();
    let accounts = Resource::new_blocking(
        move || create.version().get() + disable.version().get(),
        |_| async move { Ok::<_, AppError>((list_accounts().await?, whoami().await?)) },
    );
    let flash = Resource::new_blocking(|| (), |_| take_flash());
    let error = form_error(create.value(), flash);
    let created = move || matches!(create.value().get(), Some(Ok(())));
    let field_msg = move |field: &'static str| field_message(error, locale, field);
    view! {
        <Title text=locale.t("accounts.title") />
        <h1>{locale.t("accounts.title")}</h1>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let _ = flash.await;
                match accounts.await {
                    Err(AppError::Unauthenticated) => view! { <Redirect path="/login?next=/admin/accounts" /> }.into_any(),
                    Err(error) => view! { <PageError error /> }.into_any(),
                    Ok((list, me)) => view! {
                        <div class="table-wrap">
                            <table>
                                <caption>{locale.t("accounts.caption")}</caption>
                                <thead><tr>
                                    <th scope="col">{locale.t("accounts.name")}</th>
                                    <th scope="col">{locale.t("login.email")}</th>
                                    <th scope="col">{locale.t("accounts.role")}</th>
                                    <th scope="col">{locale.t("accounts.access")}</th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|a| {
                                        let own = me.as_ref().is_some_and(|m| m.id == a.id);
                                        let (label, next) = if a.disabled {
                                            ("accounts.enable", "false")
                                        } else {
                                            ("accounts.disable", "true")
                                        };
                                        let action_label = locale.tf(label, &[("name", a.display_name.as_str())]);
                                        view! {
                                            <tr>
                                                <th scope="row">{a.display_name.clone()}</th>
                                                <td>{a.email}</td>
                                                <td>{locale.t(a.role.label_key())}</td>
                                                <td>
                                                    {a.disabled.then(|| view! { <span class="badge">{locale.t("accounts.disabled")}</span>" " })}
                                                    {(!own).then(|| view! {
                                                        <ActionForm action=disable attr:class="inline-form">
                                                            <input type="hidden" name="account_id" value=a.id.0.to_string() />
                                                            <input type="hidden" name="disabled" value=next />
                                                            <button type="submit" class="button button-small button-secondary" aria-label=action_label.clone()>
                                                                {locale.t(if a.disabled { "accounts.enable_short" } else { "accounts.disable_short" })}
                                                            </button>
                                                        </ActionForm>
                                                    })}
                                                    {(!a.disabled).then(|| view! {
                                                        <ActionForm action=reset attr:class="inline-form">
                                                            <input type="hidden" name="account_id" value=a.id.0.to_string() />
                                                            <button type="submit" class="button button-small button-secondary"
                                                                aria-label=locale.tf("accounts.reset_for", &[("name", a.display_name.as_str())])>
                                                                {locale.t("accounts.reset_short")}
                                                            </button>
                                                        </ActionForm>
                                                    })}
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        {move || match reset.value().get() {
                            Some(Ok(())) => Some(view! { <p class="notice" role="status">{locale.t("accounts.reset_sent")}</p> }.into_any()),
                            Some(Err(error)) => Some(view! { <ErrorNotice error /> }.into_any()),
                            None => None,
                        }}
                        <TestEmail />
                        <h2>{locale.t("accounts.create")}</h2>
                        {move || created().then(|| view! { <p class="notice notice-ok" role="status">{locale.t("accounts.created")}</p> })}
                        {move || error.get().map(|error| view! { <ErrorNotice error /> })}
                        <ActionForm action=create attr:class="form" attr:novalidate="true">
                            <AccountField name="display_name" label=locale.t("accounts.name") kind="text" autocomplete="name" msg=field_msg("display_name") value=flashed_field(flash, "display_name") />
                            <AccountField name="email" label=locale.t("login.email") kind="email" autocomplete="off" msg=field_msg("email") value=flashed_field(flash, "email") />
                            <AccountField name="password" label=locale.t("accounts.password") kind="password" autocomplete="new-password" msg=field_msg("password") value=String::new() />
                            <div class="field">
                                <label for="role">{locale.t("accounts.role")}</label>
                                <select id="role" name="role">
                                    {Role::ALL.into_iter().map(|r| view! {
                                        <option value=r.as_str() selected=flashed_field(flash, "role") == r.as_str()>{locale.t(r.label_key())}</option>
                                    }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="expires_on">{locale.t("accounts.expires_on")}" "<span class="muted">{locale.t("register.optional")}</span></label>
                                <p class="hint" id="expires_on-hint">{locale.t("accounts.expires_hint")}</p>
                                <input id="expires_on" name="expires_on" type="date" value=flashed_field(flash, "expires_on")
                                    aria-invalid=move || field_msg("expires_on").get().is_some().to_string()
                                    aria-describedby="expires_on-hint expires_on-error" />
                                <p class="field-error" id="expires_on-error">{move || field_msg("expires_on").get()}</p>
                            </div>
                            <button type="submit" class="button">{locale.t("accounts.submit")}</button>
                        </ActionForm>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The message of `error` about one field, in the reader's language.
fn field_message(
    error: Signal<Option<AppError>>,
    locale: crate::i18n::Locale,
    field: &'static str,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        error
            .get()
            .and_then(|e| e.field_key(field))
            .map(|k| locale.t(&k))
    })
}

#[component]
fn AccountField(
    name: &'static str,
    label: String,
    kind: &'static str,
    autocomplete: &'static str,
    msg: Signal<Option<String>>,
    value: String,
) -> impl IntoView {
    let error_id = format!("{name}-error");
    view! {
        <div class="field">
            <label for=name>{label}</label>
            <input id=name name=name type=kind autocomplete=autocomplete value=value
                aria-invalid=move || msg.get().is_some().to_string()
                aria-describedby=error_id.clone() />
            <p class="field-error" id=error_id>{move || msg.get()}</p>
        </div>
    }
}

/// A button that mails the admin, to check that delivery works.
#[component]
fn TestEmail() -> impl IntoView {
    let locale = use_locale();
    let action = ServerAction::<SendTestEmail>::new();
    view! {
        <section aria-labelledby="mail-heading" class="card">
            <h2 id="mail-heading" class="card-title">{locale.t("accounts.mail_heading")}</h2>
            <p class="muted">{locale.t("accounts.mail_lead")}</p>
            {move || match action.value().get() {
                Some(Ok(())) => Some(view! { <p class="notice notice-ok" role="status">{locale.t("accounts.mail_sent")}</p> }.into_any()),
                Some(Err(error)) => Some(view! { <ErrorNotice error /> }.into_any()),
                None => None,
            }}
            <ActionForm action attr:class="inline-form">
                <button type="submit" class="button button-small">{locale.t("accounts.mail_button")}</button>
            </ActionForm>
        </section>
    }
}

/// The signed-in person's own account: changing their password.
#[component]
pub fn AccountPage() -> impl IntoView {
    let locale = use_locale();
    let action = ServerAction::<ChangePassword>::new();
    let flash = Resource::new_blocking(|| (), |_| take_flash());
    let me = Resource::new_blocking(|| (), |_| whoami());
    let query = use_query_map();
    let changed = move || {
        query.read().get("changed").is_some() || matches!(action.value().get(), Some(Ok(())))
    };
    let error = form_error(action.value(), flash);
    let field_msg = move |field: &'static str| field_message(error, locale, field);
    view! {
        <Title text=locale.t("account.title") />
        <section class="narrow">
            <h1>{locale.t("account.title")}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let _ = flash.await;
                    match me.await {
                        Ok(Some(me)) => view! {
                            <p class="muted">{locale.tf("account.lead", &[("email", me.email.as_str())])}</p>
                            <h2>{locale.t("account.password_heading")}</h2>
                            {move || changed().then(|| view! { <p class="notice notice-ok" role="status">{locale.t("account.password_changed")}</p> })}
                            {move || error.get().map(|error| view! { <ErrorNotice error /> })}
                            <ActionForm action attr:class="form" attr:novalidate="true">
                                <input type="text" name="username" autocomplete="username" value=me.email.clone() hidden />
                                <AccountField name="current" label=locale.t("account.current") kind="password" autocomplete="current-password" msg=field_msg("current") value=String::new() />
                                <AccountField name="new_password" label=locale.t("account.new") kind="password" autocomplete="new-password" msg=field_msg("new_password") value=String::new() />
                                <p class="muted">{locale.t("account.new_hint")}</p>
                                <button type="submit" class="button">{locale.t("account.submit")}</button>
                            </ActionForm>
                        }.into_any(),
                        Ok(None) | Err(AppError::Unauthenticated) => view! { <Redirect path="/login?next=/account" /> }.into_any(),
                        Err(error) => view! { <PageError error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
