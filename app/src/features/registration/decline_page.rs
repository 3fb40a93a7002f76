//! `/forums/{slug}/decline?invite=…`: the invitee says they cannot come, optionally with a note
//! and a colleague to invite instead. A plain HTML form: it works without JavaScript.

use super::decline::{load_decline_page, DeclineInvitation};
use super::invitation_states::InvitationState;
use crate::components::form::{Control, Field};
use crate::components::notice::{ErrorNotice, Loading};
use crate::flash::{form_error, take_flash, FlashResource};
use crate::i18n::{format_date, use_locale};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn DeclinePage() -> impl IntoView {
    let locale = use_locale();
    let action = ServerAction::<DeclineInvitation>::new();
    let flash: FlashResource = Resource::new_blocking(|| (), |_| take_flash());
    let error = form_error(action.value(), flash);
    let slug = use_params_map()
        .read_untracked()
        .get("slug")
        .unwrap_or_default();
    let invite = use_query_map()
        .read_untracked()
        .get("invite")
        .unwrap_or_default();
    let data = Resource::new_blocking(
        {
            let (slug, invite) = (slug.clone(), invite.clone());
            move || (slug.clone(), invite.clone(), action.version().get())
        },
        |(slug, invite, _)| load_decline_page(slug, invite),
    );
    view! {
        <Title text=locale.t("decline.title") />
        <Meta name="robots" content="noindex" />
        <Meta name="referrer" content="same-origin" />
        <Suspense fallback=Loading>
            {move || Suspend::new({
                let (slug, invite) = (slug.clone(), invite.clone());
                async move {
                let flashed = flash.await.ok().flatten();
                match data.await {
                    Err(error) => view! { <h1>{locale.t("decline.title")}</h1><ErrorNotice error /> }.into_any(),
                    Ok(page) => {
                        let kept = move |name: &str| flashed.as_ref().and_then(|f| f.field(&format!("form[{name}]"))).unwrap_or_default();
                        let register = format!("/forums/{slug}/register?invite={}", crate::text::encode_query(&invite));
                        let home = format!("/forums/{slug}");
                        let answer_by = page.answer_by.map(|d| locale.tf("decline.answer_by", &[("date", &format_date(locale, d))]));
                        let body = match page.state {
                            None => view! { <p class="notice notice-warning" role="status">{locale.t("error.invitation_invalid")}</p> }.into_any(),
                            Some(InvitationState::Declined) => view! {
                                <p class="notice notice-ok" role="status">{locale.t("decline.done")}</p>
                                {page.colleague.clone().map(|name| view! { <p>{locale.tf("decline.colleague_passed", &[("name", &name)])}</p> })}
                            }.into_any(),
                            Some(InvitationState::Registered) => view! { <p class="notice" role="status">{locale.t("decline.registered")}</p> }.into_any(),
                            Some(InvitationState::Expired) => view! { <p class="notice notice-warning" role="status">{locale.t("error.invitation_expired")}</p> }.into_any(),
                            Some(_) => view! {
                                <p>{locale.t("decline.lead")}</p>
                                {answer_by.clone().map(|text| view! { <p class="muted">{text}</p> })}
                                <p><a href=register.clone()>{locale.t("decline.can_come")}</a></p>
                                {move || error.get().map(|error| view! { <ErrorNotice error /> })}
                                <ActionForm action attr:class="form form-wide" attr:novalidate="true">
                                    <input type="hidden" name="slug" value=slug.clone() />
                                    <input type="hidden" name="invite" value=invite.clone() />
                                    <Field id="decline-note".into() field="note" label=locale.t("decline.note") hint=locale.t("decline.note_hint") value=kept("note") control=Control::TextArea(3) error />
                                    <fieldset class="questions">
                                        <legend>{locale.t("decline.colleague")}</legend>
                                        <p class="hint">{locale.t("decline.colleague_hint")}</p>
                                        <Field id="decline-colleague-name".into() field="colleague_name" label=locale.t("register.full_name") value=kept("colleague_name") control=Control::Input("text") error />
                                        <Field id="decline-colleague-email".into() field="colleague_email" label=locale.t("register.email") value=kept("colleague_email") control=Control::Input("email") error />
                                        <Field id="decline-colleague-organisation".into() field="colleague_organisation" label=locale.t("register.organisation") value=kept("colleague_organisation") control=Control::Input("text") error />
                                    </fieldset>
                                    <button type="submit" class="button" disabled=move || action.pending().get()>{locale.t("decline.submit")}</button>
                                </ActionForm>
                            }.into_any(),
                        };
                        view! {
                            <p><A href=home>{page.forum.title.clone()}</A></p>
                            <h1>{locale.t("decline.title")}</h1>
                            {(!page.full_name.is_empty()).then(|| view! { <p>{locale.tf("mail.registration.greeting", &[("name", &page.full_name)])}</p> })}
                            {body}
                        }.into_any()
                    }
                }
            }})}
        </Suspense>
    }
}
