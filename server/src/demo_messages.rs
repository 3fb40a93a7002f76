//! The demo's messages on the regional forum: one sent to the seat holders (its emails recorded
//! as delivered, so the demo mails nobody) and one scheduled for the day before the forum.

use app::features::messages::store::MessageWrite;
use app::features::messages::types::{Audience, MessageState, MessageText};
use app::features::registration::types::RegistrationStatus;
use app::ids::ForumId;
use app::store::Store;
use chrono::{Duration, NaiveDate, Utc};
use std::collections::BTreeMap;

fn texts(pairs: &[(&str, &str, &str)]) -> BTreeMap<String, MessageText> {
    pairs
        .iter()
        .map(|(locale, subject, body)| {
            let text = MessageText {
                subject: subject.to_string(),
                body: body.to_string(),
            };
            (locale.to_string(), text)
        })
        .collect()
}

pub async fn seed(
    store: &dyn Store,
    forum: ForumId,
    title: &str,
    starts_on: NaiveDate,
) -> anyhow::Result<()> {
    let author = store
        .account_by_email(crate::demo::ORGANISER_EMAIL)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the demo organiser is missing"))?;
    let seats = Audience {
        statuses: vec![RegistrationStatus::Confirmed],
        logistics: true,
        ..Audience::default()
    };
    let sent = texts(&[
        ("en", "{forum}: the venue has changed", "Dear {name},\n\nThe forum moves to the conference hall of the Palace of Congresses, same dates: {dates}.\n\n{ticket}\n\nYour programme: {agenda}"),
        ("sq", "{forum}: vendi ka ndryshuar", "I nderuar {name},\n\nForumi zhvendoset në sallën e konferencave të Pallatit të Kongreseve, me të njëjtat data: {dates}.\n\n{ticket}\n\nProgrami juaj: {agenda}"),
        ("sr", "{forum}: promena mesta", "Poštovani {name},\n\nForum se seli u konferencijsku salu Palate kongresa, istih datuma: {dates}.\n\n{ticket}\n\nVaš program: {agenda}"),
    ]);
    let write = |texts| MessageWrite {
        forum,
        author: Some(author.id.0),
        author_name: &author.display_name,
        audience: &seats,
        texts,
        fallback_locale: "en",
    };
    let now = Utc::now();
    let id = store.create_message(&write(&sent), now).await?;
    store
        .move_message(
            forum,
            id,
            &[MessageState::Draft],
            MessageState::Scheduled,
            Some(now),
            now,
        )
        .await?;
    let compose = |m: &app::features::messages::types::MessageRecord,
                   r: &app::features::registration::records::RegistrationRecord| {
        let (_, text) = m.text_for(&r.locale)?;
        let values = app::features::messages::rules::Values {
            forum: title.to_string(),
            ..Default::default()
        };
        Some(app::features::registration::records::Outgoing {
            recipient: r.email.clone(),
            subject: app::features::messages::rules::fill(&text.subject, &values),
            body: String::new(),
            calendar: None,
            ticket_code: None,
            registration: Some(r.id.0),
            html: None,
        })
    };
    store.send_message(id, now, 0, &compose).await?;
    for to in store.sent_to(id).await? {
        if let Some(outbox) = to.outbox_id {
            store.mail_sent(outbox, now).await?;
        }
    }
    let reminder = texts(&[
        ("en", "{forum}: bring an ID", "Dear {name},\n\nThe venue asks every visitor for an identity document at the entrance. {ticket}"),
        ("mk", "{forum}: донесете лична карта", "Почитувани {name},\n\nМестото бара документ за идентификација од секој посетител на влезот. {ticket}"),
    ]);
    let id = store.create_message(&write(&reminder), now).await?;
    let at = (starts_on - Duration::days(1))
        .and_hms_opt(9, 0, 0)
        .map(|t| t.and_utc());
    store
        .move_message(
            forum,
            id,
            &[MessageState::Draft],
            MessageState::Scheduled,
            at,
            now,
        )
        .await?;
    Ok(())
}
