//! The check of an imported invitation list (`/organiser/forums/{slug}/invitations/import/{id}`):
//! what each row will do, and the button that imports them all (shown only when no row is
//! wrong). And the upload form on the invitations page.

use super::import::Outcome;
use super::import_api::{load_import, RunImport};
use crate::components::notice::{refused, ErrorNotice, Loading};
use crate::i18n::{use_locale, Locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// The upload form (multipart, a plain post that works without JavaScript).
#[component]
pub fn ImportForm(slug: String, flash: crate::flash::FlashResource) -> impl IntoView {
    let locale = use_locale();
    let error = flash
        .get_untracked()
        .and_then(|f| f.ok().flatten())
        .filter(|f| f.field("form").as_deref() == Some("import"))
        .map(|f| f.error);
    view! {
        <section aria-labelledby="import-heading">
            <h2 id="import-heading">{locale.t("import.title")}</h2>
            <p>{locale.t("import.lead")}</p>
            {error.map(|error| view! { <ErrorNotice error /> })}
            <form class="form" method="post" enctype="multipart/form-data" action=format!("/organiser/forums/{slug}/invitations/import")>
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

#[component]
pub fn ImportCheckPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let slug = params.read_untracked().get("slug").unwrap_or_default();
    let id: i64 = params
        .read_untracked()
        .get("id")
        .and_then(|i| i.parse().ok())
        .unwrap_or(0);
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
                        let (new, wrong) = (check.new_rows(), check.wrong_rows());
                        let group = |id: Option<i64>| id.and_then(|g| check.groups.iter().find(|(x, _)| *x == g)).map(|(_, n)| n.clone()).unwrap_or_default();
                        view! {
                            <p><A href=format!("/organiser/forums/{slug}/invitations")>{locale.t("import.back")}</A></p>
                            <h1 id="import-check-heading">{locale.t("import.check_title")}</h1>
                            <p class="muted">{check.file_name.clone()}</p>
                            {move || run.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
                            {check.error.clone().map(|key| view! { <p class="notice notice-error" role="alert">{locale.t(&key)}</p> })}
                            {check.error.is_none().then(|| view! {
                                <p>{locale.tf("import.summary", &[("rows", &check.rows.len().to_string()), ("new", &new.to_string()), ("wrong", &wrong.to_string())])}</p>
                                {if wrong > 0 {
                                    view! { <p class="notice notice-warning" role="status">{locale.t("import.fix_first")}</p> }.into_any()
                                } else if new == 0 {
                                    view! { <p class="notice" role="status">{locale.t("import.nothing_new")}</p> }.into_any()
                                } else {
                                    view! {
                                        <ActionForm action=run attr:class="form">
                                            <input type="hidden" name="slug" value=slug.clone() />
                                            <input type="hidden" name="import_id" value=id.to_string() />
                                            <button type="submit" class="button">{locale.tf("import.run", &[("count", &new.to_string())])}</button>
                                        </ActionForm>
                                    }.into_any()
                                }}
                                <div class="table-wrap" tabindex="0" role="region" aria-labelledby="import-check-heading">
                                    <table>
                                        <thead><tr>
                                            <th scope="col">{locale.t("import.line")}</th>
                                            <th scope="col">{locale.t("register.full_name")}</th>
                                            <th scope="col">{locale.t("register.email")}</th>
                                            <th scope="col">{locale.t("register.group")}</th>
                                            <th scope="col">{locale.t("messages.language")}</th>
                                            <th scope="col">{locale.t("import.outcome")}</th>
                                        </tr></thead>
                                        <tbody>
                                            {check.rows.iter().map(|r| {
                                                let (text, class) = outcome_text(locale, &r.outcome);
                                                view! {
                                                    <tr>
                                                        <td>{r.line}</td>
                                                        <th scope="row">{r.full_name.clone()}</th>
                                                        <td>{r.email.clone()}</td>
                                                        <td>{group(r.group)}</td>
                                                        <td>{Locale::from_code(&r.locale).map(|l| l.native_name()).unwrap_or_default()}</td>
                                                        <td><span class=class>{text}</span></td>
                                                    </tr>
                                                }
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            })}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
