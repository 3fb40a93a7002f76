//! The privacy pages: the notice (`/privacy`, each version at `/privacy/{series}/{version}`), the
//! participant's own data (`/r/{token}/data`) and erasure (`/r/{token}/erase`), the forum's
//! privacy and team page for organisers, the notice's editing page and the access log. Every
//! form is a plain HTML form (it works without JavaScript).

use super::api::{
    load_forum_privacy, load_my_data, load_notice, load_notice_texts, EraseMyRegistration,
    PublishNotice, SaveRetention, SetTeamMember,
};
use super::mail_pages::FailedMailSection;
use super::scanner_pages::ScannerSection;
use super::scanners::SetScanner;
use crate::components::form::field_message;
use crate::components::notice::{refused, ErrorNotice, Loading, OutcomePage, PageError};
use crate::flash::{form_error, take_flash, FlashResource};
use crate::i18n::{use_locale, Locale};
use chrono::{DateTime, Utc};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

fn param(name: &str) -> String {
    use_params_map()
        .read_untracked()
        .get(name)
        .unwrap_or_default()
}

/// A time as a participant reads it: the date in their language and the time, in UTC.
fn when(locale: Locale, at: DateTime<Utc>) -> String {
    format!(
        "{} {} UTC",
        crate::i18n::format_date(locale, at.date_naive()),
        at.format("%H:%M")
    )
}

/// The privacy notice, newest version or the one the address names.
#[component]
pub fn PrivacyNoticePage() -> impl IntoView {
    let locale = use_locale();
    let series = param("series").parse::<i64>().ok();
    let version = param("version").parse::<i64>().ok();
    let notice = Resource::new_blocking(move || (series, version), |(s, v)| load_notice(s, v));
    view! {
        <Title text=locale.t("privacy.title") />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match notice.await {
                    Err(error) => view! { <h1>{locale.t("privacy.title")}</h1><PageError error /> }.into_any(),
                    Ok(n) => {
                        let current = n.version;
                        let series_id = n.series_id;
                        let versions = n.versions.iter().map(|(v, at)| {
                            let label = locale.tf("privacy.version_of", &[("version", &v.to_string()), ("date", &crate::i18n::format_date(locale, at.date_naive()))]);
                            let here = *v == current;
                            view! {
                                <li>{if here {
                                    view! { <span aria-current="page">{label}</span> }.into_any()
                                } else {
                                    view! { <a href=format!("/privacy/{series_id}/{v}")>{label}</a> }.into_any()
                                }}</li>
                            }
                        }).collect_view();
                        view! {
                            <p class="eyebrow">{n.series_title.clone()}</p>
                            <h1>{locale.t("privacy.title")}</h1>
                            <p class="muted">{locale.tf("privacy.version_of", &[("version", &current.to_string()), ("date", &crate::i18n::format_date(locale, n.published_at.date_naive()))])}</p>
                            {n.fallback.then(|| view! { <p class="notice" role="status">{locale.t("privacy.fallback")}</p> })}
                            <article class="prose" lang=n.lang.clone() inner_html=n.html.clone()></article>
                            {(!n.versions.is_empty()).then(|| view! {
                                <section aria-labelledby="versions-heading">
                                    <h2 id="versions-heading">{locale.t("privacy.versions")}</h2>
                                    <ul class="plain-list">{versions}</ul>
                                </section>
                            })}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// Everything Agora holds about one registration, readable, with the JSON download.
#[component]
pub fn MyDataPage() -> impl IntoView {
    let locale = use_locale();
    let token = param("token");
    let data = Resource::new_blocking(
        {
            let token = token.clone();
            move || token.clone()
        },
        load_my_data,
    );
    view! {
        <Title text=locale.t("my_data.title") />
        <Meta name="robots" content="noindex" />
        <Meta name="referrer" content="same-origin" />
        <Suspense fallback=Loading>
            {move || Suspend::new({
                let token = token.clone();
                async move {
                match data.await {
                    Err(error) => view! { <h1>{locale.t("my_data.title")}</h1><PageError error /> }.into_any(),
                    Ok(d) => {
                        let row = |label: &str, value: String| view! { <div><dt>{locale.t(label)}</dt><dd>{value}</dd></div> };
                        let dash = |v: &str| if v.is_empty() { "—".to_string() } else { v.to_string() };
                        let answers = d.answers.iter().map(|(q, a)| view! { <div><dt>{q.clone()}</dt><dd>{dash(a)}</dd></div> }).collect_view();
                        let consents = d.consents.iter().map(|c| {
                            let state = match c.withdrawn_at {
                                Some(w) => locale.tf("my_data.consent_withdrawn", &[("given", &when(locale, c.given_at)), ("withdrawn", &when(locale, w))]),
                                None => locale.tf("my_data.consent_given", &[("given", &when(locale, c.given_at))]),
                            };
                            view! { <li><strong>{locale.t(c.kind.label_key())}</strong>" — "{state}</li> }
                        }).collect_view();
                        let history = d.status_history.iter().map(|(s, at)| view! {
                            <tr><td>{locale.t(&format!("registration.status.{s}"))}</td><td>{when(locale, *at)}</td></tr>
                        }).collect_view();
                        let checkins = d.check_ins.iter().map(|(list, at)| view! {
                            <tr><td>{list.clone()}</td><td>{when(locale, *at)}</td></tr>
                        }).collect_view();
                        let picks = d.personal_agenda.iter().map(|(title, at)| view! {
                            <tr><td>{title.clone()}</td><td>{when(locale, *at)}</td></tr>
                        }).collect_view();
                        let emails = d.emails.iter().map(|(subject, queued, sent)| view! {
                            <tr><td>{subject.clone()}</td><td>{when(locale, *queued)}</td><td>{sent.map(|s| when(locale, s)).unwrap_or_else(|| locale.t("my_data.not_sent"))}</td></tr>
                        }).collect_view();
                        view! {
                            <p class="eyebrow">{d.forum.clone()}</p>
                            <h1>{locale.t("my_data.title")}</h1>
                            <p>{locale.t("my_data.lead")}</p>
                            <p><a class="button" href=format!("/r/{token}/data.json") download="">{locale.t("your_data.download")}</a></p>
                            <h2>{locale.t("my_data.details")}</h2>
                            <dl class="facts">
                                {row("register.full_name", d.full_name.clone())}
                                {row("register.email", d.email.clone())}
                                {row("register.organisation", dash(&d.organisation))}
                                {row("register.position", dash(&d.position))}
                                {row("register.country", dash(&d.country))}
                                {row("register.group", d.stakeholder_group.clone())}
                                {row("register.gender", dash(&d.gender))}
                                {row("register.age_band", dash(&d.age_band))}
                                {row("register.accessibility", dash(&d.accessibility))}
                                {row("register.dietary", dash(&d.dietary))}
                                {row("my_data.language", d.language.clone())}
                                {row("my_data.registered_at", when(locale, d.registered_at))}
                                {row("my_data.status", locale.t(&format!("registration.status.{}", d.status)))}
                                {row("my_data.notice_version", d.privacy_notice_version.clone())}
                                {row("my_data.calendar_feed", locale.t(if d.calendar_feed { "common.yes" } else { "common.no" }))}
                                {row("my_data.devices", d.devices_remembered.to_string())}
                                {answers}
                            </dl>
                            <h2>{locale.t("my_data.consents")}</h2>
                            {if d.consents.is_empty() { view! { <p class="muted">{locale.t("my_data.none")}</p> }.into_any() } else { view! { <ul>{consents}</ul> }.into_any() }}
                            <h2>{locale.t("my_data.history")}</h2>
                            <div class="table-wrap" tabindex="0" role="region" aria-label=locale.t("my_data.history")><table><thead><tr><th scope="col">{locale.t("my_data.status")}</th><th scope="col">{locale.t("my_data.since")}</th></tr></thead><tbody>{history}</tbody></table></div>
                            <h2>{locale.t("my_data.check_ins")}</h2>
                            {if d.check_ins.is_empty() { view! { <p class="muted">{locale.t("my_data.none")}</p> }.into_any() } else { view! {
                                <div class="table-wrap" tabindex="0" role="region" aria-label=locale.t("my_data.check_ins")><table><thead><tr><th scope="col">{locale.t("my_data.list")}</th><th scope="col">{locale.t("my_data.when")}</th></tr></thead><tbody>{checkins}</tbody></table></div>
                            }.into_any() }}
                            <h2>{locale.t("my_data.agenda")}</h2>
                            {if d.personal_agenda.is_empty() { view! { <p class="muted">{locale.t("my_data.none")}</p> }.into_any() } else { view! {
                                <div class="table-wrap" tabindex="0" role="region" aria-label=locale.t("my_data.agenda")><table><thead><tr><th scope="col">{locale.t("my_data.session")}</th><th scope="col">{locale.t("my_data.when")}</th></tr></thead><tbody>{picks}</tbody></table></div>
                            }.into_any() }}
                            <h2>{locale.t("my_data.emails")}</h2>
                            {if d.emails.is_empty() { view! { <p class="muted">{locale.t("my_data.none")}</p> }.into_any() } else { view! {
                                <div class="table-wrap" tabindex="0" role="region" aria-label=locale.t("my_data.emails")><table><thead><tr><th scope="col">{locale.t("my_data.subject")}</th><th scope="col">{locale.t("my_data.queued")}</th><th scope="col">{locale.t("my_data.sent")}</th></tr></thead><tbody>{emails}</tbody></table></div>
                            }.into_any() }}
                            <p><a href=format!("/r/{token}")>{locale.t("my_data.back")}</a></p>
                        }.into_any()
                    }
                }
            }})}
        </Suspense>
    }
}

/// "Erase my registration", after saying what it does and asking to confirm.
#[component]
pub fn ErasePage() -> impl IntoView {
    let locale = use_locale();
    let token = param("token");
    let action = ServerAction::<EraseMyRegistration>::new();
    let flash: FlashResource = Resource::new_blocking(|| (), |_| take_flash());
    let error = form_error(action.value(), flash);
    let msg = field_message(error, "confirm");
    // The page only opens for a link that works.
    let data = Resource::new_blocking(
        {
            let token = token.clone();
            move || token.clone()
        },
        load_my_data,
    );
    view! {
        <Title text=locale.t("erase.title") />
        <Meta name="robots" content="noindex" />
        <Meta name="referrer" content="same-origin" />
        <h1>{locale.t("erase.title")}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new({
                let token = token.clone();
                async move {
                let _ = flash.await;
                match data.await {
                    Err(error) => view! { <PageError error /> }.into_any(),
                    Ok(d) => {
                        let (form_token, back) = (token.clone(), format!("/r/{token}"));
                        view! {
                        <p class="eyebrow">{d.forum.clone()}</p>
                        <p>{locale.t("erase.lead")}</p>
                        <ul>
                            <li>{locale.t("erase.removed")}</li>
                            <li>{locale.t("erase.kept")}</li>
                            <li>{locale.t("erase.seat")}</li>
                            <li>{locale.t("erase.link")}</li>
                        </ul>
                        <p><a href=format!("/r/{token}/data")>{locale.t("erase.keep_copy")}</a></p>
                        {move || error.get().filter(|e| e.field_key("confirm").is_none()).map(|error| view! { <ErrorNotice error /> })}
                        <section class="danger-zone" aria-labelledby="erase-heading">
                            <h2 id="erase-heading">{locale.t("erase.heading")}</h2>
                            <ActionForm action attr:class="form" attr:novalidate="true">
                                <input type="hidden" name="token" value=form_token />
                                <div class="field checkbox">
                                    <label for="erase-confirm">
                                        <input type="checkbox" id="erase-confirm" name="confirm" value="yes" required aria-describedby="erase-confirm-error" />
                                        " "{locale.t("erase.confirm")}
                                    </label>
                                    <p class="field-error" id="erase-confirm-error">{move || msg.get()}</p>
                                </div>
                                <button type="submit" class="button button-danger" disabled=move || action.pending().get()>{locale.t("erase.submit")}</button>
                            </ActionForm>
                        </section>
                        <p><a href=back>{locale.t("my_data.back")}</a></p>
                    }.into_any()
                    }
                }
            }})}
        </Suspense>
    }
}

/// After erasure: nothing of the registration is left to show.
#[component]
pub fn ErasedPage() -> impl IntoView {
    view! { <OutcomePage title="erased.title" body="erased.body" noindex=true /> }
}

/// The forum's privacy page for its organisers: when its personal data is erased, the
/// retention period, and who is on its team.
#[component]
pub fn ForumPrivacyPage() -> impl IntoView {
    let locale = use_locale();
    let slug = param("slug");
    let retention = ServerAction::<SaveRetention>::new();
    let team = ServerAction::<SetTeamMember>::new();
    let scanners = ServerAction::<SetScanner>::new();
    let flash: FlashResource = Resource::new_blocking(|| (), |_| take_flash());
    let error = form_error(retention.value(), flash);
    let days_msg = field_message(error, "days");
    let data = Resource::new_blocking(
        {
            let slug = slug.clone();
            move || {
                (
                    slug.clone(),
                    retention.version().get() + team.version().get() + scanners.version().get(),
                )
            }
        },
        |(slug, _)| load_forum_privacy(slug),
    );
    view! {
        <Title text=locale.t("forum_privacy.title") />
        <p><A href=format!("/organiser/forums/{slug}/registrations")>{locale.t("registrations.back")}</A></p>
        <h1>{locale.t("forum_privacy.title")}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let _ = flash.await;
                match data.await {
                    Err(e) => refused(e),
                    Ok(p) => {
                        let erasure = crate::i18n::format_date(locale, p.erasure_on);
                        let slug = p.slug.clone();
                        let (slug_retention, slug_add) = (slug.clone(), slug.clone());
                        let members = p.team.iter().map(|m| {
                            let slug = slug.clone();
                            let access = locale.t(if m.read_only { "team.read_only" } else { "team.manages" });
                            let other = if m.read_only { "manage" } else { "read" };
                            let other_label = locale.t(if m.read_only { "team.make_manager" } else { "team.make_reader" });
                            let id = m.account_id.0;
                            let (slug_a, slug_b) = (slug.clone(), slug.clone());
                            view! {
                                <tr>
                                    <td>{m.display_name.clone()}<br /><span class="muted">{m.email.clone()}</span></td>
                                    <td>{access}</td>
                                    <td>{p.can_change_team.then(|| view! {
                                        <div class="actions">
                                            <ActionForm action=team attr:class="form form-inline">
                                                <input type="hidden" name="slug" value=slug_a.clone() />
                                                <input type="hidden" name="account_id" value=id.to_string() />
                                                <input type="hidden" name="access" value=other />
                                                <button type="submit" class="button button-secondary">{other_label.clone()}</button>
                                            </ActionForm>
                                            <ActionForm action=team attr:class="form form-inline">
                                                <input type="hidden" name="slug" value=slug_b.clone() />
                                                <input type="hidden" name="account_id" value=id.to_string() />
                                                <input type="hidden" name="access" value="remove" />
                                                <button type="submit" class="button button-secondary">{locale.t("team.remove")}</button>
                                            </ActionForm>
                                        </div>
                                    })}</td>
                                </tr>
                            }
                        }).collect_view();
                        let choices = p.organisers.iter().map(|(id, name, email)| view! {
                            <option value=id.to_string()>{format!("{name} ({email})")}</option>
                        }).collect_view();
                        view! {
                            <p class="eyebrow">{p.title.clone()}</p>
                            {match p.erased_at {
                                Some(at) => view! { <p class="notice" role="status">{locale.tf("forum_privacy.erased", &[("date", &crate::i18n::format_date(locale, at.date_naive()))])}</p> }.into_any(),
                                None => view! { <p class="notice notice-action" role="status">{locale.tf("forum_privacy.erasure_on", &[("date", &erasure), ("days", &p.retention_days.to_string())])}</p> }.into_any(),
                            }}
                            <section aria-labelledby="retention-heading">
                                <h2 id="retention-heading">{locale.t("forum_privacy.retention")}</h2>
                                <p>{locale.t("forum_privacy.retention_lead")}</p>
                                {move || error.get().filter(|e| e.field_key("days").is_none()).map(|error| view! { <ErrorNotice error /> })}
                                {(!p.read_only).then(|| view! {
                                    <ActionForm action=retention attr:class="form" attr:novalidate="true">
                                        <input type="hidden" name="slug" value=slug_retention.clone() />
                                        <div class="field">
                                            <label for="retention-days">{locale.t("forum_privacy.days")}</label>
                                            <p class="hint" id="retention-days-hint">{locale.tf("forum_privacy.days_hint", &[("min", &p.min_days.to_string()), ("max", &p.max_days.to_string())])}</p>
                                            <input id="retention-days" name="days" type="number" inputmode="numeric" min=p.min_days max=p.max_days value=p.retention_days.to_string()
                                                aria-describedby="retention-days-hint retention-days-error" aria-invalid=move || days_msg.get().is_some().to_string() />
                                            <p class="field-error" id="retention-days-error">{move || days_msg.get()}</p>
                                        </div>
                                        <button type="submit" class="button">{locale.t("forum_privacy.save")}</button>
                                    </ActionForm>
                                })}
                            </section>
                            <section aria-labelledby="team-heading">
                                <h2 id="team-heading">{locale.t("team.heading")}</h2>
                                <p>{locale.t("team.lead")}</p>
                                {move || team.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
                                {if p.team.is_empty() { view! { <p class="muted">{locale.t("team.empty")}</p> }.into_any() } else { view! {
                                    <div class="table-wrap"><table>
                                        <thead><tr><th scope="col">{locale.t("team.member")}</th><th scope="col">{locale.t("team.access")}</th><th scope="col"><span class="visually-hidden">{locale.t("team.actions")}</span></th></tr></thead>
                                        <tbody>{members}</tbody>
                                    </table></div>
                                }.into_any() }}
                                {(p.can_change_team && !p.organisers.is_empty()).then(|| view! {
                                    <ActionForm action=team attr:class="form">
                                        <input type="hidden" name="slug" value=slug_add.clone() />
                                        <div class="field">
                                            <label for="team-add">{locale.t("team.add")}</label>
                                            <select id="team-add" name="account_id">{choices}</select>
                                        </div>
                                        <div class="field">
                                            <label for="team-access">{locale.t("team.access")}</label>
                                            <select id="team-access" name="access">
                                                <option value="manage">{locale.t("team.manages")}</option>
                                                <option value="read">{locale.t("team.read_only")}</option>
                                            </select>
                                        </div>
                                        <button type="submit" class="button">{locale.t("team.add_button")}</button>
                                    </ActionForm>
                                })}
                            </section>
                            <ScannerSection action=scanners slug=slug.clone() privacy=p.clone() />
                            <FailedMailSection slug=slug.clone() failed=p.failed_mail.clone() />
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// Writing a new version of the series' privacy notice, one text per language.
#[component]
pub fn NoticeEditPage() -> impl IntoView {
    let locale = use_locale();
    let series = param("id").parse::<i64>().unwrap_or(0);
    let publish = ServerAction::<PublishNotice>::new();
    let flash: FlashResource = Resource::new_blocking(|| (), |_| take_flash());
    let error = form_error(publish.value(), flash);
    let texts = Resource::new_blocking(move || series, load_notice_texts);
    view! {
        <Title text=locale.t("notice_edit.title") />
        <p><A href="/organiser/series">{locale.t("notice_edit.back")}</A></p>
        <h1>{locale.t("notice_edit.title")}</h1>
        <p>{locale.t("notice_edit.lead")}</p>
        <p><a href=format!("/privacy?series={series}")>{locale.t("notice_edit.current")}</a></p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let _ = flash.await;
                match texts.await {
                    Err(e) => refused(e),
                    Ok(texts) => {
                        let fields = Locale::ALL.iter().filter(|l| **l != Locale::SrCyrl).map(|l| {
                            let code = l.code();
                            let id = format!("notice-{code}");
                            view! {
                                <div class="field">
                                    <label for=id.clone()>{l.native_name()}</label>
                                    <textarea id=id name=format!("texts[{code}]") rows="12" lang=code>{texts.get(code).cloned().unwrap_or_default()}</textarea>
                                </div>
                            }
                        }).collect_view();
                        view! {
                            {move || error.get().map(|error| view! { <ErrorNotice error /> })}
                            <ActionForm action=publish attr:class="form form-wide">
                                <input type="hidden" name="series_id" value=series.to_string() />
                                <p class="hint">{locale.t("notice_edit.markdown")}</p>
                                {fields}
                                <button type="submit" class="button">{locale.t("notice_edit.publish")}</button>
                            </ActionForm>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
        <super::admin_pages::Coordinators series />
    }
}

/// The forum's privacy figures, made by the composed registrations page outside its `Suspense`.
pub fn forum_privacy(slug: String) -> ForumPrivacyResource {
    Resource::new_blocking(move || slug.clone(), load_forum_privacy)
}

pub type ForumPrivacyResource =
    Resource<Result<super::types::ForumPrivacy, crate::error::AppError>>;

/// One line for the registrations page: when this forum's personal data will be (or was) erased.
#[component]
pub fn ErasureLine(data: ForumPrivacyResource, slug: String) -> impl IntoView {
    let locale = use_locale();
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let slug = slug.clone();
                Suspend::new(async move {
                    let Ok(p) = data.await else { return ().into_any() };
                    let text = match p.erased_at {
                        Some(at) => locale.tf("forum_privacy.erased", &[("date", &crate::i18n::format_date(locale, at.date_naive()))]),
                        None => locale.tf("forum_privacy.erasure_on", &[
                            ("date", &crate::i18n::format_date(locale, p.erasure_on)),
                            ("days", &p.retention_days.to_string()),
                        ]),
                    };
                    view! {
                        <p class="notice" role="status">{text}" "
                            <a href=format!("/organiser/forums/{slug}/privacy")>{locale.t("forum_privacy.link")}</a>
                        </p>
                    }.into_any()
                })
            }}
        </Suspense>
    }
}
