//! `/organiser/forums/{slug}/invitations`: the forum's invitations with who answered (filter
//! by state, export), the answer-by date and reminders, approving proposed colleagues, and
//! the forms that create invitations by hand or from a spreadsheet.

use super::admin_pages::slug_param;
use super::invitation_actions::{ApproveColleague, RemindInvitations, SaveInvitationSettings};
use super::invitation_states::InvitationState;
use super::invitations::{load_invitations, CreateInvitations, DeleteInvitation, InvitationsAdmin};
use crate::components::form::{flashed, tagged_error};
use crate::components::notice::{refused, ErrorNotice, Loading};
use crate::flash::{take_flash, FlashResource};
use crate::i18n::{use_locale, Locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// `/organiser/forums/{slug}/invitations`.
#[component]
pub fn InvitationsPage() -> impl IntoView {
    let locale = use_locale();
    let create = ServerAction::<CreateInvitations>::new();
    let delete = ServerAction::<DeleteInvitation>::new();
    let approve = ServerAction::<ApproveColleague>::new();
    let settings = ServerAction::<SaveInvitationSettings>::new();
    let remind = ServerAction::<RemindInvitations>::new();
    let flash: FlashResource = Resource::new_blocking(|| (), |_| take_flash());
    let error = tagged_error(create.value(), flash, "invite".into());
    let slug = slug_param();
    let query = leptos_router::hooks::use_query_map().read_untracked();
    let imported = query.get("imported");
    let reminded = query.get("reminded");
    let chosen = query.get("state").filter(|s| !s.is_empty());
    let data = Resource::new_blocking(
        {
            let slug = slug.clone();
            move || {
                (
                    slug.clone(),
                    chosen.clone(),
                    create.version().get()
                        + delete.version().get()
                        + approve.version().get()
                        + settings.version().get()
                        + remind.version().get(),
                )
            }
        },
        |(slug, state, _)| load_invitations(slug, state),
    );
    view! {
        <Title text=locale.t("invitations.title") />
        <p><A href=format!("/organiser/forums/{slug}/registrations")>{locale.t("registrations.back")}</A></p>
        <h1>{locale.t("invitations.title")}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new({
                let slug = slug.clone();
                let (imported, reminded) = (imported.clone(), reminded.clone());
                async move {
                let _ = flash.await;
                match data.await {
                    Err(e) => refused(e),
                    Ok(admin) => {
                        let slug_import = slug.clone();
                        let kept = move |name: &str| flashed(flash, "invite", name).unwrap_or_default();
                        let groups: Vec<(String, String)> = std::iter::once((String::new(), locale.t("invitations.any_group")))
                            .chain(admin.groups.iter().map(|g| (g.id.0.to_string(), g.name.clone())))
                            .collect();
                        let slug_rows = slug.clone();
                        view! {
                            {(!admin.invitation_only).then(|| view! { <p class="notice notice-warning" role="status">{locale.t("invitations.not_only")}</p> })}
                            <p>{locale.t("invitations.lead")}</p>
                            {imported.map(|n| view! { <p class="notice notice-ok" role="status">{locale.tf("import.done", &[("count", &n)])}</p> })}
                            {move || error.get().map(|error| view! { <ErrorNotice error /> })}
                            {reminded.map(|n| view! { <p class="notice notice-ok" role="status">{locale.tf("invitations.reminded", &[("count", &n)])}</p> })}
                            {move || delete.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
                            {move || approve.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
                            <Answers admin=admin.clone() slug=slug.clone() settings remind flash />
                            <ActionForm action=create attr:class="form form-wide" attr:novalidate="true">
                                <input type="hidden" name="slug" value=slug.clone() />
                                <div class="field-row">
                                    <div class="field">
                                        <label for="invite-name">{locale.t("register.full_name")}" "<span class="muted">{locale.t("register.optional")}</span></label>
                                        <input id="invite-name" name="full_name" type="text" value=kept("full_name") />
                                    </div>
                                    <div class="field">
                                        <label for="invite-email">{locale.t("register.email")}" "<span class="muted">{locale.t("register.optional")}</span></label>
                                        <p class="hint" id="invite-email-hint">{locale.t("invitations.email_hint")}</p>
                                        <input id="invite-email" name="email" type="email" value=kept("email") aria-describedby="invite-email-hint invite-email-error" />
                                        <p class="field-error" id="invite-email-error">{move || error.get().and_then(|e| e.field_key("email")).map(|k| locale.t(&k))}</p>
                                    </div>
                                </div>
                                <div class="field-row">
                                    <div class="field">
                                        <label for="invite-group">{locale.t("register.group")}</label>
                                        <select id="invite-group" name="group_id">
                                            {groups.into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
                                        </select>
                                    </div>
                                    <div class="field">
                                        <label for="invite-count">{locale.t("invitations.count")}</label>
                                        <input id="invite-count" name="count" type="number" min="1" max="200" value={let c = kept("count"); if c.is_empty() { "1".to_string() } else { c }} aria-describedby="invite-count-error" />
                                        <p class="field-error" id="invite-count-error">{move || error.get().and_then(|e| e.field_key("count")).map(|k| locale.t(&k))}</p>
                                    </div>
                                </div>
                                <button type="submit" class="button">{locale.t("invitations.create")}</button>
                            </ActionForm>
                            <super::import_pages::ImportForm action=format!("/organiser/forums/{slug_import}/invitations/import") lead="import.lead" flash />
                            <InvitationList admin slug=slug_rows delete approve />
                        }.into_any()
                    }
                }
            }})}
        </Suspense>
    }
}

/// The answer-by date, the automatic reminder and the reminder by hand.
#[component]
fn Answers(
    admin: InvitationsAdmin,
    slug: String,
    settings: ServerAction<SaveInvitationSettings>,
    remind: ServerAction<RemindInvitations>,
    flash: FlashResource,
) -> impl IntoView {
    let locale = use_locale();
    let error = tagged_error(settings.value(), flash, "answers".into());
    let kept = move |name: &str, stored: String| flashed(flash, "answers", name).unwrap_or(stored);
    let answer_by = kept(
        "answer_by",
        admin.answer_by.map(|d| d.to_string()).unwrap_or_default(),
    );
    let days = kept(
        "reminder_days",
        admin
            .reminder_days
            .map(|d| d.to_string())
            .unwrap_or_default(),
    );
    let slug_remind = slug.clone();
    let field_error = move |field: &'static str| {
        move || {
            error
                .get()
                .and_then(|e| e.field_key(field))
                .map(|k| locale.t(&k))
        }
    };
    view! {
        <section aria-labelledby="answers-heading" class="card">
            <h2 id="answers-heading">{locale.t("invitations.answers")}</h2>
            <p class="hint">{locale.t("invitations.answers_hint")}</p>
            {move || error.get().filter(|e| e.field_key("answer_by").is_none() && e.field_key("reminder_days").is_none()).map(|error| view! { <ErrorNotice error /> })}
            <ActionForm action=settings attr:class="form form-wide" attr:novalidate="true">
                <input type="hidden" name="slug" value=slug.clone() />
                <div class="field-row">
                    <div class="field">
                        <label for="answer-by">{locale.t("invitations.answer_by")}</label>
                        <input id="answer-by" name="answer_by" type="date" value=answer_by aria-describedby="answer-by-error" />
                        <p class="field-error" id="answer-by-error">{field_error("answer_by")}</p>
                    </div>
                    <div class="field">
                        <label for="reminder-days">{locale.t("invitations.reminder_days")}</label>
                        <p class="hint" id="reminder-days-hint">{locale.t("invitations.reminder_days_hint")}</p>
                        <input id="reminder-days" name="reminder_days" type="number" min="1" max="60" value=days aria-describedby="reminder-days-hint reminder-days-error" />
                        <p class="field-error" id="reminder-days-error">{field_error("reminder_days")}</p>
                    </div>
                </div>
                <button type="submit" class="button button-secondary">{locale.t("invitations.save_answers")}</button>
            </ActionForm>
            <ActionForm action=remind attr:class="inline-form">
                <input type="hidden" name="slug" value=slug_remind />
                <button type="submit" class="button" disabled=admin.unanswered == 0>
                    {locale.tf("invitations.remind", &[("count", &admin.unanswered.to_string())])}
                </button>
            </ActionForm>
        </section>
    }
}

fn state_badge(locale: Locale, state: InvitationState) -> impl IntoView {
    let class = match state {
        InvitationState::Registered => "badge badge-ok",
        InvitationState::Declined | InvitationState::Expired => "badge badge-cancelled",
        InvitationState::Proposed => "badge badge-draft",
        InvitationState::Invited => "badge",
    };
    view! { <span class=class>{locale.t(&state.label_key())}</span> }
}

/// The list, filtered by state, with its export.
#[component]
fn InvitationList(
    admin: InvitationsAdmin,
    slug: String,
    delete: ServerAction<DeleteInvitation>,
    approve: ServerAction<ApproveColleague>,
) -> impl IntoView {
    let locale = use_locale();
    let chosen = admin.state.map(|s| s.as_str()).unwrap_or_default();
    let csv = format!("/organiser/forums/{slug}/invitations.csv?state={chosen}");
    let options: Vec<(String, String)> =
        std::iter::once((String::new(), locale.t("invitations.state.all")))
            .chain(admin.counts.iter().map(|(s, n)| {
                (
                    s.as_str().to_string(),
                    format!("{} ({n})", locale.t(&s.label_key())),
                )
            }))
            .collect();
    view! {
        <section aria-labelledby="invitations-list-heading">
            <div class="section-head">
                <h2 id="invitations-list-heading">{locale.tf("invitations.list", &[("count", &admin.rows.len().to_string())])}</h2>
                <a href=csv rel="external" download="">{locale.t("registrations.export")}</a>
            </div>
            <form method="get" class="filters" aria-label=locale.t("invitations.filter")>
                <div class="field">
                    <label for="filter-state">{locale.t("organiser.col_status")}</label>
                    <select id="filter-state" name="state">
                        {options.into_iter().map(|(v, l)| { let selected = v == chosen; view! { <option value=v selected=selected>{l}</option> } }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button button-secondary">{locale.t("agenda.apply_filter")}</button>
            </form>
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="invitations-list-heading">
                <table>
                    <thead><tr>
                        <th scope="col">{locale.t("invitations.for")}</th>
                        <th scope="col">{locale.t("register.group")}</th>
                        <th scope="col">{locale.t("invitations.code")}</th>
                        <th scope="col">{locale.t("organiser.col_status")}</th>
                        <th scope="col">{locale.t("organiser.col_actions")}</th>
                    </tr></thead>
                    <tbody>
                        {admin.rows.into_iter().map(|i| {
                            let who = if i.full_name.is_empty() && i.email.is_empty() { locale.t("invitations.anyone") } else { format!("{} {}", i.full_name, i.email).trim().to_string() };
                            let (id, id_b) = (i.id.to_string(), i.id.to_string());
                            let (slug_a, slug_b) = (slug.clone(), slug.clone());
                            view! {
                                <tr>
                                    <th scope="row">{who.clone()}{(!i.organisation.is_empty()).then(|| view! { <br /><span class="muted small">{i.organisation.clone()}</span> })}</th>
                                    <td>{i.group.clone()}</td>
                                    <td><code class="code">{i.code.clone()}</code><br /><a href=i.link.clone() class="muted small">{locale.t("invitations.link")}</a></td>
                                    <td>
                                        {state_badge(locale, i.state)}
                                        {i.proposed_by.clone().map(|by| view! { <br /><span class="small">{locale.tf("invitations.proposed_by", &[("name", &by)])}</span> })}
                                        {(!i.decline_note.is_empty()).then(|| view! { <br /><q class="small">{i.decline_note.clone()}</q> })}
                                        {(i.reminders > 0).then(|| view! { <br /><span class="muted small">{locale.tf("invitations.reminders", &[("count", &i.reminders.to_string())])}</span> })}
                                    </td>
                                    <td>
                                        {(i.state == InvitationState::Proposed).then(|| view! {
                                            <ActionForm action=approve attr:class="inline-form">
                                                <input type="hidden" name="slug" value=slug_a />
                                                <input type="hidden" name="invitation_id" value=id />
                                                <button type="submit" class="button button-small">{locale.t("invitations.approve")}<span class="visually-hidden">": "{who.clone()}</span></button>
                                            </ActionForm>
                                        })}
                                        {(i.state != InvitationState::Registered).then(|| view! {
                                            <ActionForm action=delete attr:class="inline-form">
                                                <input type="hidden" name="slug" value=slug_b />
                                                <input type="hidden" name="invitation_id" value=id_b />
                                                <button type="submit" class="button button-small button-secondary">{locale.t("invitations.withdraw")}<span class="visually-hidden">": "{i.code.clone()}</span></button>
                                            </ActionForm>
                                        })}
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
