//! Double entries and flagged offline admissions as organisers see them: on a list's counts page
//! and, with the button that marks a double entry resolved, on the check-in admin page.

use super::api::ResolveDoubleEntry;
use super::types::DoorIssue;
use crate::i18n::use_locale;
use leptos::prelude::*;

/// The issues, or nothing when there are none. With `resolve`, unresolved double entries get a
/// "mark resolved" button (a plain form: it works without JavaScript).
#[component]
pub fn DoorIssues(
    issues: Vec<DoorIssue>,
    slug: String,
    #[prop(optional)] resolve: Option<ServerAction<ResolveDoubleEntry>>,
) -> impl IntoView {
    let locale = use_locale();
    (!issues.is_empty()).then(|| view! {
        <section class="door-issues" aria-labelledby="door-issues-heading">
            <h2 id="door-issues-heading">{locale.t("checkin.review.heading")}</h2>
            <p>{locale.t("checkin.review.lead")}</p>
            <ul class="issue-list">
                {issues.into_iter().map(|i| {
                    let slug = slug.clone();
                    let double = i.kind == "double_entry";
                    let label = locale.t(&format!("checkin.review.kind.{}", i.kind));
                    view! {
                        <li class="issue" data-kind=i.kind.clone()>
                            <p><strong>{i.full_name.clone()}</strong>" · "{label}" · "<span class="muted">{i.list_name.clone()}</span>
                                {i.resolved.then(|| view! { " "<span class="badge badge-ok">{locale.t("checkin.review.resolved")}</span> })}
                            </p>
                            <p class="muted">{i.first.clone()}{i.second.clone().map(|s| view! { <br />{s} })}</p>
                            {resolve.filter(|_| double && !i.resolved).map(|action| view! {
                                <ActionForm action>
                                    <input type="hidden" name="slug" value=slug />
                                    <input type="hidden" name="entry_id" value=i.id.to_string() />
                                    <button type="submit" class="button button-secondary button-small">
                                        {locale.t("checkin.review.resolve")}
                                        <span class="visually-hidden">": "{i.full_name.clone()}</span>
                                    </button>
                                </ActionForm>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    })
}
