//! The organiser's message screens: the forum's messages, the compose form (new or a draft), and
//! one message (who gets it, a preview per language, test, send or schedule, progress). And the
//! participant's list of what they received, on their own page.

use super::api::{
    load_compose, load_message, load_messages, my_messages, CancelMessage, ComposeOptions,
    DeleteMessage, MessageAdmin, SaveMessage, ScheduleMessage, TestMessage,
};
use super::types::{MessageForm, MessageState, PLACEHOLDERS};
use crate::components::form::{flashed, tagged_error};
use crate::components::notice::{refused, ErrorNotice, Loading};
use crate::error::AppError;
use crate::flash::{take_flash, Flash, FlashResource};
use crate::i18n::{use_locale, Locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

fn param(name: &str) -> String {
    use_params_map()
        .read_untracked()
        .get(name)
        .unwrap_or_default()
}

pub(crate) fn state_badge(locale: Locale, state: MessageState) -> impl IntoView {
    let class = match state {
        MessageState::Draft => "badge badge-draft",
        MessageState::Scheduled => "badge badge-pinned",
        MessageState::Sent => "badge badge-ok",
    };
    view! { <span class=class>{locale.t(&format!("messages.state.{}", state.as_str()))}</span> }
}

/// `/organiser/forums/{slug}/messages`.
#[component]
pub fn MessagesPage() -> impl IntoView {
    let locale = use_locale();
    let slug = param("slug");
    let data = Resource::new_blocking(move || slug.clone(), load_messages);
    view! {
        <Title text=locale.t("messages.title") />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => refused(e),
                    Ok(admin) => {
                        let slug = admin.forum.slug.clone();
                        view! {
                            <p><A href=format!("/organiser/forums/{slug}/registrations")>{locale.t("registrations.back")}</A></p>
                            <p class="eyebrow">{admin.forum.title.clone()}</p>
                            <h1>{locale.t("messages.title")}</h1>
                            <p>{locale.t("messages.lead")}</p>
                            <p><a class="button" href=format!("/organiser/forums/{slug}/messages/new")>{locale.t("messages.new")}</a></p>
                            {if admin.messages.is_empty() {
                                view! { <p class="empty-state muted">{locale.t("messages.none")}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="choice-list">
                                        {admin.messages.into_iter().map(|m| {
                                            let href = format!("/organiser/forums/{slug}/messages/{}", m.id);
                                            let when = if m.when.is_empty() { String::new() } else { format!(" · {}", m.when) };
                                            view! {
                                                <li>
                                                    <a href=href>{m.subject.clone()}</a>" "{state_badge(locale, m.state)}
                                                    <p class="muted small">{m.author.clone()}{when}
                                                        {(m.state == MessageState::Sent).then(|| format!(" · {}", locale.tf("messages.progress_line", &[
                                                            ("sent", &m.progress.sent.to_string()),
                                                            ("total", &m.recipients.to_string()),
                                                        ])))}
                                                    </p>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// A form value flashed back after a refusal without JavaScript, else the stored one.
pub(crate) fn kept_form(flash: Option<Flash>, stored: MessageForm) -> MessageForm {
    let Some(f) = flash.filter(|f| f.field("form").as_deref() == Some("message")) else {
        return stored;
    };
    let mut form = MessageForm::default();
    for (name, value) in &f.fields {
        let Some(inner) = name.strip_prefix("form[") else {
            continue;
        };
        let parts: Vec<&str> = inner.trim_end_matches(']').split("][").collect();
        match parts.as_slice() {
            ["attendance"] => form.attendance = value.clone(),
            ["logistics"] => form.logistics = value.clone(),
            ["fallback_locale"] => form.fallback_locale = value.clone(),
            [map, key] => {
                let target = match *map {
                    "statuses" => &mut form.statuses,
                    "groups" => &mut form.groups,
                    "countries" => &mut form.countries,
                    "locales" => &mut form.locales,
                    "subject" => &mut form.subject,
                    "body" => &mut form.body,
                    _ => continue,
                };
                target.insert(key.to_string(), value.clone());
            }
            _ => {}
        }
    }
    form
}

/// `/organiser/forums/{slug}/messages/new` and `/organiser/forums/{slug}/messages/{id}/edit`.
#[component]
pub fn ComposeMessagePage() -> impl IntoView {
    let locale = use_locale();
    let slug = param("slug");
    let id: i64 = param("id").parse().unwrap_or(0);
    let save = ServerAction::<SaveMessage>::new();
    let flash: FlashResource = Resource::new_blocking(|| (), |_| take_flash());
    let error = tagged_error(save.value(), flash, "message".into());
    let data = Resource::new_blocking(move || (slug.clone(), id), |(s, id)| load_compose(s, id));
    let title = if id == 0 {
        "messages.new"
    } else {
        "messages.edit"
    };
    view! {
        <Title text=locale.t(title) />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let flashed_form = flash.await.ok().flatten();
                match data.await {
                    Err(e) => refused(e),
                    Ok(page) => {
                        let slug = page.forum.slug.clone();
                        let form = kept_form(flashed_form, page.form);
                        view! {
                            <p><A href=format!("/organiser/forums/{slug}/messages")>{locale.t("messages.back")}</A></p>
                            <p class="eyebrow">{page.forum.title.clone()}</p>
                            <h1>{locale.t(title)}</h1>
                            {move || error.get().map(|error| view! { <ErrorNotice error /> })}
                            <ActionForm action=save attr:class="form form-wide" attr:novalidate="true">
                                <input type="hidden" name="slug" value=slug.clone() />
                                <input type="hidden" name="message_id" value=id.to_string() />
                                <AudienceFields form=form.clone() options=page.options.clone() error />
                                <TextFields form options=page.options error />
                                <button type="submit" class="button">{locale.t("messages.save")}</button>
                            </ActionForm>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

fn field_error(
    error: Signal<Option<AppError>>,
    field: &'static str,
    locale: Locale,
) -> impl IntoView {
    let id = format!("message-{field}-error");
    view! { <p class="field-error" id=id>{move || error.get().and_then(|e| e.field_key(field)).map(|k| locale.t(&k))}</p> }
}

#[component]
pub(crate) fn AudienceFields(
    form: MessageForm,
    options: ComposeOptions,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    use crate::features::forums::types::{country_key, COUNTRIES};
    let locale = use_locale();
    let statuses = ["confirmed", "waiting", "pending", "cancelled"];
    let check = |name: &'static str, key: String, label: String, on: bool| {
        let id = format!("message-{name}-{key}");
        view! {
            <label for=id.clone()>
                <input type="checkbox" id=id.clone() name=format!("form[{name}][{key}]") checked=on />
                {label}
            </label>
        }
    };
    view! {
        <h2>{locale.t("messages.audience")}</h2>
        <fieldset class="checkboxes" aria-describedby="message-statuses-error">
            <legend>{locale.t("messages.statuses")}</legend>
            {statuses.into_iter().map(|s| check("statuses", s.to_string(), locale.t(&format!("registration.status.{s}")), form.statuses.contains_key(s))).collect_view()}
        </fieldset>
        {field_error(error, "statuses", locale)}
        <fieldset class="checkboxes">
            <legend>{locale.t("messages.groups")}" "<span class="muted">{locale.t("messages.none_is_all")}</span></legend>
            {options.groups.iter().map(|(g, name)| check("groups", format!("g{g}"), name.clone(), form.groups.contains_key(&format!("g{g}")))).collect_view()}
        </fieldset>
        <fieldset class="checkboxes">
            <legend>{locale.t("messages.countries")}" "<span class="muted">{locale.t("messages.none_is_all")}</span></legend>
            {COUNTRIES.iter().map(|c| check("countries", c.to_string(), locale.t(&country_key(c)), form.countries.contains_key(*c))).collect_view()}
        </fieldset>
        <fieldset class="checkboxes">
            <legend>{locale.t("messages.locales")}" "<span class="muted">{locale.t("messages.none_is_all")}</span></legend>
            {Locale::ALL.iter().map(|l| check("locales", l.code().to_string(), l.native_name().to_string(), form.locales.contains_key(l.code()))).collect_view()}
        </fieldset>
        <div class="field">
            <label for="message-attendance">{locale.t("messages.attendance")}</label>
            <select id="message-attendance" name="form[attendance]" aria-describedby="message-attendance-error">
                <option value="" selected=form.attendance.is_empty()>{locale.t("messages.attendance_any")}</option>
                {options.lists.iter().flat_map(|(key, name)| {
                    [("in", "messages.attended"), ("out", "messages.not_attended")].map(|(way, label)| {
                        let value = format!("{way}:{key}");
                        let selected = form.attendance == value;
                        view! { <option value=value selected=selected>{locale.tf(label, &[("list", name)])}</option> }
                    })
                }).collect_view()}
            </select>
            {field_error(error, "attendance", locale)}
        </div>
        <div class="checkbox">
            <label for="message-logistics">
                <input type="checkbox" id="message-logistics" name="form[logistics]" checked=!form.logistics.is_empty() aria-describedby="message-logistics-hint" />
                {locale.t("messages.logistics")}
            </label>
            <p class="hint" id="message-logistics-hint">{locale.t("messages.logistics_hint")}</p>
        </div>
    }
}

#[component]
pub(crate) fn TextFields(
    form: MessageForm,
    options: ComposeOptions,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let locale = use_locale();
    let fallback = if form.fallback_locale.is_empty() {
        options.default_locale.clone()
    } else {
        form.fallback_locale.clone()
    };
    view! {
        <h2>{locale.t("messages.text")}</h2>
        <p class="hint">{locale.t("messages.text_hint")}</p>
        <details>
            <summary>{locale.t("messages.placeholders")}</summary>
            <dl class="facts">
                {PLACEHOLDERS.iter().map(|(ph, key)| view! { <div><dt><code>{*ph}</code></dt><dd>{locale.t(key)}</dd></div> }).collect_view()}
            </dl>
        </details>
        {field_error(error, "text", locale)}
        <div class="field">
            <label for="message-fallback">{locale.t("messages.fallback")}</label>
            <p class="hint" id="message-fallback-hint">{locale.t("messages.fallback_hint")}</p>
            <select id="message-fallback" name="form[fallback_locale]" aria-describedby="message-fallback-hint message-fallback_locale-error">
                {Locale::ALL.iter().map(|l| view! { <option value=l.code() selected=fallback == l.code()>{l.native_name()}</option> }).collect_view()}
            </select>
            {field_error(error, "fallback_locale", locale)}
        </div>
        {Locale::ALL.iter().map(|l| {
            let code = l.code();
            let subject = form.subject.get(code).cloned().unwrap_or_default();
            let body = form.body.get(code).cloned().unwrap_or_default();
            let open = code == fallback || !subject.is_empty() || !body.is_empty();
            let field = format!("text_{code}");
            let error_id = format!("message-{field}-error");
            view! {
                <details class="language-text" open=open>
                    <summary>{l.native_name()}</summary>
                    <fieldset class="language-group" lang=code>
                        <legend class="visually-hidden">{l.native_name()}</legend>
                        <div class="field">
                            <label for=format!("message-subject-{code}")>{locale.t("messages.subject")}</label>
                            <input id=format!("message-subject-{code}") type="text" maxlength="200" name=format!("form[subject][{code}]") value=subject aria-describedby=error_id.clone() />
                        </div>
                        <div class="field">
                            <label for=format!("message-body-{code}")>{locale.t("messages.body")}</label>
                            <textarea id=format!("message-body-{code}") rows="10" name=format!("form[body][{code}]") aria-describedby=error_id.clone()>{body}</textarea>
                        </div>
                        <p class="field-error" id=error_id>{move || error.get().and_then(|e| e.field_key(&field)).map(|k| locale.t(&k))}</p>
                    </fieldset>
                </details>
            }
        }).collect_view()}
    }
}

/// `/organiser/forums/{slug}/messages/{id}`.
#[component]
pub fn MessagePage() -> impl IntoView {
    let locale = use_locale();
    let slug = param("slug");
    let id: i64 = param("id").parse().unwrap_or(0);
    let tested = use_query_map().read_untracked().get("tested").is_some();
    let test = ServerAction::<TestMessage>::new();
    let schedule = ServerAction::<ScheduleMessage>::new();
    let cancel = ServerAction::<CancelMessage>::new();
    let delete = ServerAction::<DeleteMessage>::new();
    let flash: FlashResource = Resource::new_blocking(|| (), |_| take_flash());
    let schedule_error = tagged_error(schedule.value(), flash, "schedule".into());
    let data = Resource::new_blocking(
        move || {
            (
                slug.clone(),
                id,
                test.version().get() + schedule.version().get() + cancel.version().get(),
            )
        },
        |(s, id, _)| load_message(s, id),
    );
    view! {
        <Title text=locale.t("messages.message") />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let flashed_error = flash.await.ok().flatten().filter(|f| f.field("form").is_none()).map(|f| f.error);
                match data.await {
                    Err(e) => refused(e),
                    Ok(m) => {
                        let kept = flashed(flash, "schedule", "send_at").unwrap_or_default();
                        view! {
                            <p><A href=format!("/organiser/forums/{}/messages", m.forum.slug)>{locale.t("messages.back")}</A></p>
                            <p class="eyebrow">{m.forum.title.clone()}</p>
                            <h1>{m.previews.iter().find(|p| p.locale == locale.code()).or_else(|| m.previews.iter().find(|p| p.locale == m.form.fallback_locale)).map(|p| p.subject.clone()).unwrap_or_default()}</h1>
                            <p>{state_badge(locale, m.state)}" "<span class="muted">{locale.tf("messages.by", &[("author", &m.author), ("created", &m.created)])}</span></p>
                            {flashed_error.map(|error| view! { <ErrorNotice error /> })}
                            {move || [test.value().get(), cancel.value().get(), delete.value().get()].into_iter().flatten().find_map(Result::err).map(|error| view! { <ErrorNotice error /> })}
                            {(tested || test.value().get().is_some_and(|r| r.is_ok())).then(|| view! { <p class="notice notice-ok" role="status">{locale.t("messages.tested")}</p> })}
                            <MessageBody m=m.clone() />
                            <MessageActions m kept test schedule cancel delete schedule_error />
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn MessageBody(m: MessageAdmin) -> impl IntoView {
    let locale = use_locale();
    let count = m.recipients.len();
    view! {
        {(m.state == MessageState::Sent).then(|| view! {
            <section aria-labelledby="progress-heading">
                <h2 id="progress-heading">{locale.t("messages.progress")}</h2>
                <p class="muted">{locale.tf("messages.sent_at", &[("when", &m.when), ("zone", &m.zone)])}</p>
                <dl class="facts">
                    <div><dt>{locale.t("messages.delivery.sent")}</dt><dd>{m.progress.sent}</dd></div>
                    <div><dt>{locale.t("messages.delivery.pending")}</dt><dd>{m.progress.pending}</dd></div>
                    <div><dt>{locale.t("messages.delivery.failed")}</dt><dd>{m.progress.failed}</dd></div>
                    <div><dt>{locale.t("messages.delivery.removed")}</dt><dd>{m.progress.removed}</dd></div>
                </dl>
                <p><a href="" class="button button-secondary button-small">{locale.t("messages.refresh")}</a></p>
            </section>
        })}
        <section aria-labelledby="audience-heading">
            <h2 id="audience-heading">{locale.t("messages.audience")}</h2>
            <ul>{m.audience.iter().map(|line| view! { <li>{line.clone()}</li> }).collect_view()}</ul>
            <p><strong>{locale.tf("messages.count", &[("count", &count.to_string())])}</strong></p>
            <details>
                <summary>{locale.t("messages.recipients")}</summary>
                <div class="table-wrap" tabindex="0" role="region" aria-labelledby="audience-heading">
                    <table>
                        <thead><tr>
                            <th scope="col">{locale.t("register.full_name")}</th>
                            <th scope="col">{locale.t("register.email")}</th>
                            <th scope="col">{locale.t("messages.language")}</th>
                            {(m.state == MessageState::Sent).then(|| view! { <th scope="col">{locale.t("organiser.col_status")}</th> })}
                        </tr></thead>
                        <tbody>
                            {m.recipients.iter().map(|r| view! {
                                <tr>
                                    <th scope="row">{r.full_name.clone()}</th>
                                    <td>{r.email.clone()}</td>
                                    <td>{Locale::from_code(&r.locale).map(|l| l.native_name()).unwrap_or_default()}</td>
                                    {(!r.delivery.is_empty()).then(|| view! { <td>{locale.t(&format!("messages.delivery.{}", r.delivery))}</td> })}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </details>
        </section>
        <section aria-labelledby="preview-heading">
            <h2 id="preview-heading">{locale.t("messages.previews")}</h2>
            {m.previews.iter().map(|p| {
                let name = Locale::from_code(&p.locale).map(|l| l.native_name()).unwrap_or_default();
                view! {
                    <article class="card message-preview" lang=p.locale.clone()>
                        <h3>{name}" "<span class="muted small">{locale.tf("messages.readers", &[("count", &p.readers.to_string())])}</span></h3>
                        <p><strong>{p.subject.clone()}</strong></p>
                        <div class="message-text">{p.body.clone()}</div>
                    </article>
                }
            }).collect_view()}
        </section>
    }
}

#[component]
fn MessageActions(
    m: MessageAdmin,
    kept: String,
    test: ServerAction<TestMessage>,
    schedule: ServerAction<ScheduleMessage>,
    cancel: ServerAction<CancelMessage>,
    delete: ServerAction<DeleteMessage>,
    schedule_error: Signal<Option<AppError>>,
) -> impl IntoView {
    let locale = use_locale();
    let slug = StoredValue::new(m.forum.slug.clone());
    let id = m.id;
    let hidden = move || {
        view! {
            <input type="hidden" name="slug" value=slug.get_value() />
            <input type="hidden" name="message_id" value=id.to_string() />
        }
    };
    match m.state {
        MessageState::Sent => ().into_any(),
        MessageState::Scheduled => view! {
            <section aria-labelledby="send-heading">
                <h2 id="send-heading">{locale.t("messages.scheduled")}</h2>
                <p>{locale.tf("messages.goes_at", &[("when", &m.when), ("zone", &m.zone)])}</p>
                <ActionForm action=cancel attr:class="inline-form">
                    {hidden()}
                    <button type="submit" class="button button-secondary">{locale.t("messages.cancel")}</button>
                </ActionForm>
            </section>
        }.into_any(),
        MessageState::Draft => view! {
            <section aria-labelledby="send-heading">
                <h2 id="send-heading">{locale.t("messages.send_heading")}</h2>
                <div class="toolbar">
                    <a class="button button-secondary" href=format!("/organiser/forums/{}/messages/{}/edit", m.forum.slug, m.id)>{locale.t("messages.edit")}</a>
                    <ActionForm action=test attr:class="inline-form">
                        {hidden()}
                        <button type="submit" class="button button-secondary">{locale.t("messages.test")}</button>
                    </ActionForm>
                </div>
                {move || schedule_error.get().map(|error| view! { <ErrorNotice error /> })}
                <ActionForm action=schedule attr:class="form">
                    {hidden()}
                    <div class="field">
                        <label for="message-send-at">{locale.t("messages.send_at")}</label>
                        <p class="hint" id="message-send-at-hint">{locale.tf("messages.send_at_hint", &[("zone", &m.zone)])}</p>
                        <input id="message-send-at" type="datetime-local" name="send_at" value=kept aria-describedby="message-send-at-hint message-send_at-error" />
                        <p class="field-error" id="message-send_at-error">{move || schedule_error.get().and_then(|e| e.field_key("send_at")).map(|k| locale.t(&k))}</p>
                    </div>
                    <button type="submit" class="button">{locale.tf("messages.send", &[("count", &m.recipients.len().to_string())])}</button>
                </ActionForm>
                <ActionForm action=delete attr:class="inline-form message-actions-end">
                    {hidden()}
                    <button type="submit" class="button button-danger button-small">{locale.t("messages.delete")}</button>
                </ActionForm>
            </section>
        }.into_any(),
    }
}

/// The messages a participant received, loaded with their page.
pub type ReceivedResource = Resource<Result<Vec<super::types::Received>, AppError>>;

pub fn received_messages(token: String) -> ReceivedResource {
    Resource::new_blocking(move || token.clone(), my_messages)
}

/// The messages a participant received, on their own page.
#[component]
pub fn ReceivedMessages(data: ReceivedResource) -> impl IntoView {
    let locale = use_locale();
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let received = data.await.unwrap_or_default();
                (!received.is_empty()).then(|| view! {
                    <section aria-labelledby="received-heading">
                        <h2 id="received-heading">{locale.t("messages.received")}</h2>
                        <ul class="link-list">
                            {received.into_iter().map(|r| view! {
                                <li>{r.subject}" "<span class="muted small">{r.sent_at.map(|t| crate::i18n::format_date(locale, t.date_naive())).unwrap_or_default()}
                                    {(!r.delivered).then(|| format!(" · {}", locale.t("messages.delivery.pending")))}</span></li>
                            }).collect_view()}
                        </ul>
                    </section>
                })
            })}
        </Suspense>
    }
}
