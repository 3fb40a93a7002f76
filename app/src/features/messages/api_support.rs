//! What the messages' server functions share: times in the forum's zone, the compose options,
//! the form a stored message fills, and one message's page (audience, previews, progress).

use super::types::{ComposeOptions, MessageAdmin, MessageForm, Preview, RecipientLine};
use super::types::{MessageRecord, MessageState};
use crate::error::AppError;
use crate::features::forums::types::ForumSummary;
use crate::i18n::Locale;
use crate::state::AppState;
use crate::store::records::ForumRecord;
use crate::store::Store;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// `2027-03-12 09:30` in the forum's zone, or nothing.
pub fn local(at: Option<DateTime<Utc>>, zone: Tz) -> String {
    at.map(|t| t.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

pub async fn localised(
    store: &dyn Store,
    forum: ForumSummary,
    locale: Locale,
) -> Result<ForumSummary, AppError> {
    let mut one = [forum];
    crate::features::forums::content::localise_forums(store, &mut one, locale).await?;
    let [forum] = one;
    Ok(forum)
}

pub async fn options(
    state: &AppState,
    forum: &ForumRecord,
    locale: Locale,
) -> Result<ComposeOptions, AppError> {
    let store = state.store.as_ref();
    let groups =
        crate::features::forums::content::stakeholder_groups(store, forum.series_id, locale)
            .await?
            .into_iter()
            .map(|g| (g.id.0, g.name))
            .collect();
    let lists = crate::features::checkin::ssr::all_lists(store, forum, locale)
        .await?
        .into_iter()
        .map(|l| (l.key, l.name))
        .collect();
    Ok(ComposeOptions {
        groups,
        lists,
        default_locale: forum.summary.default_locale.clone(),
    })
}

/// The compose form as a stored message fills it.
pub fn form_of(m: &MessageRecord) -> MessageForm {
    let on = |k: String| (k, "on".to_string());
    let a = &m.audience;
    MessageForm {
        statuses: a
            .statuses
            .iter()
            .map(|s| on(s.as_str().to_string()))
            .collect(),
        groups: a.groups.iter().map(|g| on(format!("g{g}"))).collect(),
        countries: a.countries.iter().cloned().map(on).collect(),
        locales: a.locales.iter().cloned().map(on).collect(),
        attendance: a
            .attendance
            .as_ref()
            .map(|(list, yes)| format!("{}:{list}", if *yes { "in" } else { "out" }))
            .unwrap_or_default(),
        logistics: if a.logistics {
            "on".into()
        } else {
            String::new()
        },
        fallback_locale: m.fallback_locale.clone(),
        subject: m
            .texts
            .iter()
            .map(|(k, t)| (k.clone(), t.subject.clone()))
            .collect(),
        body: m
            .texts
            .iter()
            .map(|(k, t)| (k.clone(), t.body.clone()))
            .collect(),
    }
}

/// The form's fields as a plain form posts them, to show again after a refusal.
pub fn keep(form: &MessageForm) -> Vec<(String, String)> {
    let mut keep = vec![("form".to_string(), "message".to_string())];
    let mut map = |name: &str, values: &std::collections::BTreeMap<String, String>| {
        for (k, v) in values {
            keep.push((format!("form[{name}][{k}]"), v.clone()));
        }
    };
    map("statuses", &form.statuses);
    map("groups", &form.groups);
    map("countries", &form.countries);
    map("locales", &form.locales);
    map("subject", &form.subject);
    map("body", &form.body);
    keep.push(("form[attendance]".into(), form.attendance.clone()));
    keep.push(("form[logistics]".into(), form.logistics.clone()));
    keep.push(("form[fallback_locale]".into(), form.fallback_locale.clone()));
    keep
}

/// The filter in words, in the reader's language.
fn describe(m: &MessageRecord, options: &ComposeOptions, locale: Locale) -> Vec<String> {
    use crate::features::forums::types::country_key;
    let a = &m.audience;
    let list = |items: Vec<String>| {
        if items.is_empty() {
            locale.t("messages.any")
        } else {
            items.join(", ")
        }
    };
    let statuses = a
        .statuses
        .iter()
        .map(|s| locale.t(&format!("registration.status.{}", s.as_str())))
        .collect();
    let groups = options
        .groups
        .iter()
        .filter(|(id, _)| a.groups.contains(id))
        .map(|(_, name)| name.clone())
        .collect();
    let countries = a
        .countries
        .iter()
        .map(|c| locale.t(&country_key(c)))
        .collect();
    let locales = a
        .locales
        .iter()
        .filter_map(|l| Locale::from_code(l))
        .map(|l| l.native_name().to_string())
        .collect();
    let mut lines = vec![
        format!("{}: {}", locale.t("messages.statuses"), list(statuses)),
        format!("{}: {}", locale.t("messages.groups"), list(groups)),
        format!("{}: {}", locale.t("messages.countries"), list(countries)),
        format!("{}: {}", locale.t("messages.locales"), list(locales)),
    ];
    if let Some((key, yes)) = &a.attendance {
        let name = options
            .lists
            .iter()
            .find(|(k, _)| k == key)
            .map_or(key.clone(), |(_, n)| n.clone());
        let way = if *yes {
            "messages.attended"
        } else {
            "messages.not_attended"
        };
        lines.push(locale.tf(way, &[("list", &name)]));
    }
    lines.push(locale.t(if a.logistics {
        "messages.logistics_yes"
    } else {
        "messages.logistics_no"
    }));
    lines
}

pub async fn message_admin(
    state: &AppState,
    forum: ForumRecord,
    m: MessageRecord,
    locale: Locale,
) -> Result<MessageAdmin, AppError> {
    let store = state.store.as_ref();
    let zone = crate::features::forums::time::parse_zone(&forum.summary.time_zone);
    let options = options(state, &forum, locale).await?;
    let (recipients, readers): (Vec<RecipientLine>, Vec<String>) = if m.state == MessageState::Sent
    {
        let sent = store.sent_to(m.id).await?;
        let readers = sent.iter().map(|s| s.locale.clone()).collect();
        let lines = sent
            .into_iter()
            .map(|s| RecipientLine {
                full_name: s.full_name,
                email: s.email,
                locale: s.locale,
                delivery: if s.sent {
                    "sent"
                } else if s.failed {
                    "failed"
                } else {
                    "pending"
                }
                .into(),
            })
            .collect();
        (lines, readers)
    } else {
        let everyone = store.addressees(forum.summary.id).await?;
        let chosen: Vec<_> = everyone
            .into_iter()
            .filter(|a| super::rules::matches(&m.audience, &a.candidate))
            .collect();
        let readers = chosen.iter().map(|a| a.candidate.locale.clone()).collect();
        let lines = chosen
            .into_iter()
            .map(|a| RecipientLine {
                full_name: a.full_name,
                email: a.email,
                locale: a.candidate.locale,
                delivery: String::new(),
            })
            .collect();
        (lines, readers)
    };
    let writer = super::service::Writer::new(state, &forum).await?;
    let author = crate::features::accounts::auth::current_account().await?;
    let name = author.map(|a| a.display_name).unwrap_or_default();
    let previews = m
        .texts
        .iter()
        .map(|(code, text)| {
            let l = Locale::from_code(code).unwrap_or_default();
            let mail = writer.sample(l, text, &name, "");
            Preview {
                locale: code.clone(),
                subject: mail.subject,
                body: mail.body,
                readers: readers
                    .iter()
                    .filter(|r| m.text_for(r).map(|(w, _)| w) == Some(code.as_str()))
                    .count(),
            }
        })
        .collect();
    let progress = store.message_progress(&m).await?;
    Ok(MessageAdmin {
        id: m.id,
        state: m.state,
        author: m.author_name.clone(),
        created: local(Some(m.created_at), zone),
        when: local(m.sent_at.or(m.send_at), zone),
        audience: describe(&m, &options, locale),
        recipients,
        previews,
        progress,
        form: form_of(&m),
        options,
        zone: forum.summary.time_zone.clone(),
        forum: localised(store, forum.summary, locale).await?,
    })
}
