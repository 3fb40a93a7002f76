//! The check of an imported list, invitations (`/organiser/forums/{slug}/invitations/import/{id}`)
//! or a partner's registrations (`/organiser/forums/{slug}/registrations/import/{id}`): what each
//! row will do (and, for registrations, where it sits by the seat rules), and the button that
//! imports them all, shown only when every row can go. And the upload form both use.

use super::import::Outcome;
use super::import_api::{load_import, ImportCheck, RunImport};
use super::partner::Placement;
use super::partner_api::{load_registration_import, RunRegistrationImport};
use crate::components::notice::{refused, ErrorNotice, Loading};
use crate::i18n::{use_locale, Locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// The upload form (multipart, a plain post that works without JavaScript) to `action`.
#[component]
pub fn ImportForm(
    action: String,
    lead: &'static str,
    flash: crate::flash::FlashResource,
) -> impl IntoView {
    let locale = use_locale();
    let error = flash
        .get_untracked()
        .and_then(|f| f.ok().flatten())
        .filter(|f| f.field("form").as_deref() == Some("import"))
        .map(|f| f.error);
    view! {
        <section aria-labelledby="import-heading">
            <h2 id="import-heading">{locale.t("import.title")}</h2>
            <p>{locale.t(lead)}</p>
            {error.map(|error| view! { <ErrorNotice error /> })}
            <form class="form" method="post" enctype="multipart/form-data" action=action>
                <div class="field">
                    <label for="import-file">{locale.t("import.file")}</label>
                    <p class="hint" id="import-file-hint">{locale.t("import.file_hint")}</p>
                    <input id="import-file" name="file" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" aria-describedby="import-file-hint" required />
                </div>
                <button type="submit" class="button button-secondary">{locale.t("import.check")}</button>
            </form>
        </section>
    }
}

fn outcome_text(locale: Locale, o: &Outcome) -> (String, &'static str) {
    match o {
        Outcome::New => (locale.t("import.outcome.new"), "badge badge-ok"),
        Outcome::AlreadyInvited => (locale.t("import.outcome.invited"), "badge"),
        Outcome::AlreadyRegistered => (locale.t("import.outcome.registered"), "badge"),
        Outcome::Repeat(line) => (
            locale.tf("import.outcome.repeat", &[("line", &line.to_string())]),
            "badge",
        ),
        Outcome::Wrong(column, key) => (
            format!(
                "{}: {}",
                locale.t(&format!("import.column.{column}")),
                locale.t(key)
            ),
            "badge badge-cancelled",
        ),
    }
}

fn placement_text(locale: Locale, p: Option<Placement>) -> Option<(String, &'static str)> {
    p.map(|p| match p {
        Placement::Seat => (locale.t("import.placement.seat"), "badge badge-ok"),
        Placement::Waiting => (locale.t("import.placement.waiting"), "badge badge-draft"),
        Placement::NoSeat => (
            locale.t("import.placement.no_seat"),
            "badge badge-cancelled",
        ),
    })
}

fn ids() -> (String, i64) {
    let params = use_params_map();
    let slug = params.read_untracked().get("slug").unwrap_or_default();
    let id = params
        .read_untracked()
        .get("id")
        .and_then(|i| i.parse().ok())
        .unwrap_or(0);
    (slug, id)
}

/// `/organiser/forums/{slug}/invitations/import/{id}`.
#[component]
pub fn ImportCheckPage() -> impl IntoView {
    let locale = use_locale();
    let (slug, id) = ids();
    let run = ServerAction::<RunImport>::new();
    let data = Resource::new_blocking(move || (slug.clone(), id), |(s, id)| load_import(s, id));
    view! {
        <Title text=locale.t("import.check_title") />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => refused(e),
                    Ok(check) => {
                        let slug = check.forum.slug.clone();
                        let back = format!("/organiser/forums/{slug}/invitations");
                        let new = check.new_rows();
                        let form = view! {
                            <ActionForm action=run attr:class="form">
                                <input type="hidden" name="slug" value=slug.clone() />
                                <input type="hidden" name="import_id" value=id.to_string() />
                                <button type="submit" class="button">{locale.tf("import.run", &[("count", &new.to_string())])}</button>
                            </ActionForm>
                        }.into_any();
                        let error = Signal::derive(move || run.value().get().and_then(Result::err));
                        view! { <CheckView check back form error /> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// `/organiser/forums/{slug}/registrations/import/{id}`.
#[component]
pub fn RegistrationImportCheckPage() -> impl IntoView {
    let locale = use_locale();
    let (slug, id) = ids();
    let run = ServerAction::<RunRegistrationImport>::new();
    let data = Resource::new_blocking(
        move || (slug.clone(), id),
        |(s, id)| load_registration_import(s, id),
    );
    view! {
        <Title text=locale.t("import.check_title") />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => refused(e),
                    Ok(check) => {
                        let slug = check.forum.slug.clone();
                        let back = format!("/organiser/forums/{slug}/registrations/import");
                        let new = check.new_rows();
                        let no_seat = check.placements.contains(&Some(Placement::NoSeat));
                        let form = if no_seat {
                            view! { <p class="notice notice-warning" role="status">{locale.t("import.error.no_seat")}</p> }.into_any()
                        } else {
                            view! {
                                <ActionForm action=run attr:class="form">
                                    <input type="hidden" name="slug" value=slug.clone() />
                                    <input type="hidden" name="import_id" value=id.to_string() />
                                    <div class="field checkbox">
                                        <label for="import-agreed"><input type="checkbox" id="import-agreed" name="agreed" required />" "{locale.t("import.agreed")}</label>
                                    </div>
                                    <div class="field checkbox">
                                        <label for="import-confirm"><input type="checkbox" id="import-confirm" name="confirm" checked />" "{locale.t("import.confirm")}</label>
                                    </div>
                                    <button type="submit" class="button">{locale.tf("import.run_registrations", &[("count", &new.to_string())])}</button>
                                </ActionForm>
                            }.into_any()
                        };
                        let error = Signal::derive(move || run.value().get().and_then(Result::err));
                        view! { <CheckView check back form error registrations=true /> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The check's summary and table; `form` runs the import when every row can go.
#[component]
fn CheckView(
    check: ImportCheck,
    /// A partner's registrations (with where each row sits), not invitations.
    #[prop(optional)]
    registrations: bool,
    back: String,
    form: AnyView,
    error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let locale = use_locale();
    let (new, wrong) = (check.new_rows(), check.wrong_rows());
    let seats = registrations;
    let group = |id: Option<i64>| {
        id.and_then(|g| check.groups.iter().find(|(x, _)| *x == g))
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    };
    let action = if wrong > 0 {
        view! { <p class="notice notice-warning" role="status">{locale.t("import.fix_first")}</p> }
            .into_any()
    } else if new == 0 {
        view! { <p class="notice" role="status">{locale.t("import.nothing_new")}</p> }.into_any()
    } else {
        form
    };
    let rows = check.rows.iter().enumerate().map(|(i, r)| {
        let (text, class) = match &r.outcome {
            Outcome::New if seats => (locale.t("import.outcome.new_registration"), "badge badge-ok"),
            other => outcome_text(locale, other),
        };
        let seat = placement_text(locale, check.placements.get(i).copied().flatten());
        view! {
            <tr>
                <td>{r.line}</td>
                <th scope="row">{r.full_name.clone()}</th>
                <td>{r.email.clone()}</td>
                <td>{group(r.group)}</td>
                <td>{Locale::from_code(&r.locale).map(|l| l.native_name()).unwrap_or_default()}</td>
                <td><span class=class>{text}</span></td>
                {seats.then(|| view! { <td>{seat.map(|(t, c)| view! { <span class=c>{t}</span> })}</td> })}
            </tr>
        }
    }).collect_view();
    view! {
        <p><A href=back>{locale.t(if seats { "import.registrations.back" } else { "import.back" })}</A></p>
        <h1 id="import-check-heading">{locale.t("import.check_title")}</h1>
        <p class="muted">{check.file_name.clone()}</p>
        {move || error.get().map(|error| view! { <ErrorNotice error /> })}
        {check.error.clone().map(|key| view! { <p class="notice notice-error" role="alert">{locale.t(&key)}</p> })}
        {check.error.is_none().then(|| view! {
            <p>{locale.tf("import.summary", &[("rows", &check.rows.len().to_string()), ("new", &new.to_string()), ("wrong", &wrong.to_string())])}</p>
            {action}
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="import-check-heading">
                <table>
                    <thead><tr>
                        <th scope="col">{locale.t("import.line")}</th>
                        <th scope="col">{locale.t("register.full_name")}</th>
                        <th scope="col">{locale.t("register.email")}</th>
                        <th scope="col">{locale.t("register.group")}</th>
                        <th scope="col">{locale.t("messages.language")}</th>
                        <th scope="col">{locale.t("import.outcome")}</th>
                        {seats.then(|| view! { <th scope="col">{locale.t("import.placement")}</th> })}
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        })}
    }
}
