//! `/reset/{token}`: setting a new password with a one-time link an admin sent (works without
//! JavaScript: a plain form, errors shown in place).

use super::reset::{check_reset_link, ResetPassword};
use crate::components::notice::ErrorNotice;
use crate::flash::{form_error, take_flash};
use crate::i18n::use_locale;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let locale = use_locale();
    let token = use_params_map()
        .read_untracked()
        .get("token")
        .unwrap_or_default();
    let action = ServerAction::<ResetPassword>::new();
    let flash = Resource::new_blocking(|| (), |_| take_flash());
    let error = form_error(action.value(), flash);
    let valid = Resource::new_blocking(
        {
            let token = token.clone();
            move || token.clone()
        },
        check_reset_link,
    );
    let password_msg = Signal::derive(move || {
        error
            .get()
            .and_then(|e| e.field_key("new_password"))
            .map(|k| locale.t(&k))
    });
    view! {
        <Title text=locale.t("reset.title") />
        <section class="narrow">
            <h1>{locale.t("reset.title")}</h1>
            <Suspense fallback=|| ()>
                {move || {
                    let token = token.clone();
                    Suspend::new(async move {
                        let _ = flash.await;
                        if !valid.await.unwrap_or(false) {
                            return view! { <p class="notice notice-warning" role="status">{locale.t("reset.link_gone")}</p> }.into_any();
                        }
                        view! {
                            <p class="muted">{locale.t("reset.lead")}</p>
                            {move || error.get().filter(|e| e.field_key("new_password").is_none()).map(|error| view! { <ErrorNotice error /> })}
                            <ActionForm action attr:class="form" attr:novalidate="true">
                                <input type="hidden" name="token" value=token.clone() />
                                <div class="field">
                                    <label for="new-password">{locale.t("account.new")}</label>
                                    <p class="hint" id="new-password-hint">{locale.t("account.new_hint")}</p>
                                    <input id="new-password" name="new_password" type="password" autocomplete="new-password" required
                                        aria-invalid=move || password_msg.get().is_some().to_string()
                                        aria-describedby="new-password-hint new-password-error" />
                                    <p class="field-error" id="new-password-error">{move || password_msg.get()}</p>
                                </div>
                                <button type="submit" class="button">{locale.t("reset.submit")}</button>
                            </ActionForm>
                        }.into_any()
                    })
                }}
            </Suspense>
        </section>
    }
}
