//! `/organiser/series/{id}/messages`: the series' lead writes one message to several forums at
//! once (a draft in each), sees each forum's audience and progress, and sends them together;
//! each forum's part opens on its own message page (preview, test, schedule, cancel).

use super::pages::{kept_form, state_badge, AudienceFields, TextFields};
use super::series_api::{load_series_messages, SaveSeriesMessage, SendSeriesMessage, SeriesSend};
use super::types::MessageState;
use crate::components::form::tagged_error;
use crate::components::notice::{refused, ErrorNotice, Loading};
use crate::flash::{take_flash, FlashResource};
use crate::i18n::use_locale;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn SeriesMessagesPage() -> impl IntoView {
    let locale = use_locale();
    let id: i64 = use_params_map()
        .read_untracked()
        .get("id")
        .and_then(|i| i.parse().ok())
        .unwrap_or(0);
    let save = ServerAction::<SaveSeriesMessage>::new();
    let send = ServerAction::<SendSeriesMessage>::new();
    let flash: FlashResource = Resource::new_blocking(|| (), |_| take_flash());
    let error = tagged_error(save.value(), flash, "message".into());
    let data = Resource::new_blocking(
        move || (id, save.version().get() + send.version().get()),
        |(id, _)| load_series_messages(id),
    );
    view! {
        <Title text=locale.t("messages.series.title") />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let flashed = flash.await.ok().flatten();
                match data.await {
                    Err(e) => refused(e),
                    Ok(admin) => {
                        let form = kept_form(flashed.clone(), admin.form.clone());
                        let forums = admin.forums.clone();
                        let ticked = move |forum: i64| flashed.as_ref().filter(|f| f.field("form").as_deref() == Some("message"))
                            .is_none_or(|f| f.field(&format!("forums[f{forum}]")).is_some());
                        view! {
                            <p><A href="/organiser/series">{locale.t("messages.series.back")}</A></p>
                            <p class="eyebrow">{admin.series_title.clone()}</p>
                            <h1>{locale.t("messages.series.title")}</h1>
                            <p>{locale.t("messages.series.lead")}</p>
                            {move || send.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
                            {admin.sends.iter().cloned().map(|s| view! { <SendCard send=s series_id=id action=send /> }).collect_view()}
                            <h2 id="series-compose">{locale.t("messages.series.compose")}</h2>
                            {move || error.get().map(|error| view! { <ErrorNotice error /> })}
                            <ActionForm action=save attr:class="form form-wide" attr:novalidate="true">
                                <input type="hidden" name="series_id" value=id.to_string() />
                                <fieldset class="checkboxes" aria-describedby="message-forums-error">
                                    <legend>{locale.t("messages.series.forums")}</legend>
                                    {forums.iter().map(|(f, title)| {
                                        let field = format!("message-forum-{f}");
                                        let label_for = field.clone();
                                        let on = ticked(*f);
                                        view! {
                                            <label for=label_for>
                                                <input type="checkbox" id=field name=format!("forums[f{f}]") checked=on />
                                                {title.clone()}
                                            </label>
                                        }
                                    }).collect_view()}
                                </fieldset>
                                <p class="field-error" id="message-forums-error">{move || error.get().and_then(|e| e.field_key("forums")).map(|k| locale.t(&k))}</p>
                                <AudienceFields form=form.clone() options=admin.options.clone() error />
                                <TextFields form options=admin.options.clone() error />
                                <button type="submit" class="button">{locale.t("messages.series.save")}</button>
                            </ActionForm>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// One series-wide message: each forum's part, and "send" while drafts remain.
#[component]
fn SendCard(
    send: SeriesSend,
    series_id: i64,
    action: ServerAction<SendSeriesMessage>,
) -> impl IntoView {
    let locale = use_locale();
    let drafts = send
        .parts
        .iter()
        .filter(|p| p.state == MessageState::Draft)
        .count();
    let heading = format!("series-message-{}", send.id);
    view! {
        <section class="card" id=heading.clone() aria-labelledby=format!("{heading}-title")>
            <h2 id=format!("{heading}-title")>{send.subject.clone()}</h2>
            <p class="muted small">{send.author_name.clone()}" · "{send.created_at.format("%Y-%m-%d %H:%M UTC").to_string()}</p>
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby=format!("{heading}-title")>
                <table>
                    <thead><tr>
                        <th scope="col">{locale.t("messages.series.forum")}</th>
                        <th scope="col">{locale.t("organiser.col_status")}</th>
                        <th scope="col">{locale.t("messages.series.recipients")}</th>
                        <th scope="col">{locale.t("messages.series.delivered")}</th>
                    </tr></thead>
                    <tbody>
                        {send.parts.iter().map(|p| view! {
                            <tr>
                                <th scope="row"><a href=format!("/organiser/forums/{}/messages/{}", p.forum_slug, p.message_id)>{p.forum_title.clone()}</a></th>
                                <td>{state_badge(locale, p.state)}</td>
                                <td>{p.recipients}</td>
                                <td>{(p.state == MessageState::Sent).then_some(p.progress.sent)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {(drafts > 0).then(|| view! {
                <ActionForm action attr:class="inline-form">
                    <input type="hidden" name="series_id" value=series_id.to_string() />
                    <input type="hidden" name="series_message_id" value=send.id.to_string() />
                    <button type="submit" class="button">{locale.tf("messages.series.send", &[("count", &drafts.to_string())])}</button>
                </ActionForm>
            })}
        </section>
    }
}
