//! The reminders section of a forum's edit page (composed into it by `routes.rs`).

use super::reminders_api::{load_reminders, SaveReminders};
use super::types::RemindersAdmin;
use crate::components::form::{flashed, tagged_error};
use crate::components::notice::ErrorNotice;
use crate::error::AppError;
use crate::flash::{take_flash, FlashResource};
use crate::i18n::use_locale;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

pub type RemindersResource = Resource<Result<RemindersAdmin, AppError>>;

pub fn reminders_of(slug: String) -> RemindersResource {
    Resource::new_blocking(move || slug.clone(), load_reminders)
}

/// Days and hours as the form shows them: whole days as days, the rest as hours.
fn split(hours: &[i64]) -> (String, String) {
    let join = |v: Vec<i64>| v.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
    let days = hours
        .iter()
        .filter(|h| *h % 24 == 0)
        .map(|h| h / 24)
        .collect();
    let rest = hours.iter().filter(|h| *h % 24 != 0).copied().collect();
    (join(days), join(rest))
}

#[component]
pub fn RemindersSection(slug: String, data: RemindersResource) -> impl IntoView {
    let locale = use_locale();
    let save = ServerAction::<SaveReminders>::new();
    let flash: FlashResource = Resource::new_blocking(|| (), |_| take_flash());
    let error = tagged_error(save.value(), flash, "reminders".into());
    let saved = use_query_map().read_untracked().get("reminders").is_some();
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let slug = slug.clone();
                Suspend::new(async move {
                    let _ = flash.await;
                    data.await.ok().map(|r| {
                        let (days, hours) = split(&r.settings.hours);
                        let days = flashed(flash, "reminders", "days").unwrap_or(days);
                        let hours = flashed(flash, "reminders", "hours").unwrap_or(hours);
                        view! {
                            <section id="reminders" aria-labelledby="reminders-heading">
                                <h2 id="reminders-heading">{locale.t("reminders.title")}</h2>
                                <p>{locale.tf("reminders.lead", &[("starts", &r.starts)])}</p>
                                <p class="muted">{locale.tf("reminders.sent", &[("count", &r.sent.to_string())])}</p>
                                {(saved || save.value().get().is_some_and(|v| v.is_ok())).then(|| view! {
                                    <p class="notice notice-ok" role="status">{locale.t("reminders.saved")}</p>
                                })}
                                {move || error.get().map(|error| view! { <ErrorNotice error /> })}
                                <ActionForm action=save attr:class="form" attr:novalidate="true">
                                    <input type="hidden" name="slug" value=slug />
                                    <div class="checkbox">
                                        <label for="reminders-enabled">
                                            <input type="checkbox" id="reminders-enabled" name="enabled" value="on" checked=r.settings.enabled />
                                            {locale.t("reminders.enabled")}
                                        </label>
                                    </div>
                                    <div class="field-row">
                                        <div class="field">
                                            <label for="reminders-days">{locale.t("reminders.days")}</label>
                                            <input id="reminders-days" name="days" type="text" inputmode="numeric" value=days aria-describedby="reminders-hint reminders-days-error" />
                                        </div>
                                        <div class="field">
                                            <label for="reminders-hours">{locale.t("reminders.hours")}</label>
                                            <input id="reminders-hours" name="hours" type="text" inputmode="numeric" value=hours aria-describedby="reminders-hint reminders-days-error" />
                                        </div>
                                    </div>
                                    <p class="hint" id="reminders-hint">{locale.t("reminders.hint")}</p>
                                    <p class="field-error" id="reminders-days-error">{move || error.get().and_then(|e| e.field_key("days")).map(|k| locale.t(&k))}</p>
                                    <button type="submit" class="button">{locale.t("reminders.save")}</button>
                                </ActionForm>
                            </section>
                        }
                    })
                })
            }}
        </Suspense>
    }
}
