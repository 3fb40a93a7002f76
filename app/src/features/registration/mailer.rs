//! The registration emails of one forum, each in its recipient's language: the text (`mail`),
//! the forum as an iTIP invitation while the person has a seat, and the ticket's code.

use crate::error::AppError;
use crate::features::forums::content::Texts;
use crate::features::forums::types::ForumSummary;
use crate::features::registration::store::RegistrationRecord;
use crate::i18n::Locale;
use crate::store::records::ForumRecord;

/// The forum's title in a given language.
pub fn title_in(texts: &Texts, forum: &ForumSummary, locale: &str) -> String {
    let locale = Locale::from_code(locale).unwrap_or_default();
    texts
        .get(
            forum.id.0,
            "title",
            &forum.title,
            &forum.default_locale,
            locale,
        )
        .text
}

/// Writes the registration emails of one forum: each in its recipient's language.
pub struct Mailer {
    texts: Texts,
    forum: ForumSummary,
    base: String,
    secret: std::sync::Arc<crate::state::Keyring>,
    ticket_code: crate::state::TicketCode,
    /// What the forum's calendar event is made of (its base description, its SEQUENCE and last
    /// change), for emailed invitations in each recipient's language.
    invite: Option<(String, (i64, chrono::DateTime<chrono::Utc>))>,
    organizer: String,
}

impl Mailer {
    pub async fn new(
        state: &crate::state::AppState,
        forum: &ForumSummary,
    ) -> Result<Mailer, AppError> {
        let store = state.store.as_ref();
        match store.forum_by_slug(&forum.slug).await? {
            Some(record) => Self::for_record(state, &record).await,
            None => Self::with_invite(state, forum, None).await,
        }
    }

    /// The mailer for a forum whose record the caller holds already.
    pub async fn for_record(
        state: &crate::state::AppState,
        record: &ForumRecord,
    ) -> Result<Mailer, AppError> {
        let store = state.store.as_ref();
        let revision = store.forum_ics_meta(record.summary.id).await?;
        let invite = Some((record.description.clone(), revision));
        Self::with_invite(state, &record.summary, invite).await
    }

    async fn with_invite(
        state: &crate::state::AppState,
        forum: &ForumSummary,
        invite: Option<(String, (i64, chrono::DateTime<chrono::Utc>))>,
    ) -> Result<Mailer, AppError> {
        let store = state.store.as_ref();
        Ok(Mailer {
            texts: Texts::load(store, "forum").await?,
            forum: forum.clone(),
            base: state.settings.base_url.clone(),
            secret: state.secret.clone(),
            ticket_code: state.ticket_code,
            invite,
            organizer: state.mailer.from_address(),
        })
    }

    pub fn title(&self, locale: &str) -> String {
        title_in(&self.texts, &self.forum, locale)
    }

    pub fn write(
        &self,
        record: &RegistrationRecord,
        message: crate::features::registration::mail::Message,
    ) -> Option<crate::features::registration::store::Outgoing> {
        let title = self.title(&record.locale);
        let mut mail = crate::features::registration::mail::compose(
            message,
            record,
            &title,
            &self.base,
            &self.secret,
        );
        let locale = Locale::from_code(&record.locale).unwrap_or_default();
        let line = self.dates_line(locale);
        // Until the address is confirmed the email carries the link alone: no ticket, no
        // invitation into anyone's calendar.
        if record.unconfirmed() {
            let button = locale.t("mail.button.confirm");
            crate::features::registration::mail::add_html(
                &mut mail,
                locale,
                Some((&title, &line)),
                Some(button),
                None,
            );
            return Some(mail);
        }
        mail.calendar = self.invitation(record, message, &title);
        if !matches!(
            message,
            crate::features::registration::mail::Message::Cancelled
                | crate::features::registration::mail::Message::Rejected
        ) {
            mail.ticket_code = (self.ticket_code)(&self.secret, record);
        }
        let ticket = mail.ticket_code.clone();
        crate::features::registration::mail::add_html(
            &mut mail,
            locale,
            Some((&title, &line)),
            Some(locale.t("mail.button.manage")),
            ticket.as_deref(),
        );
        Some(mail)
    }

    /// The reminder before the forum: with a seat, the practical details, the ticket, the
    /// personal agenda and the calendar invitation; on the waiting list (`position` in its
    /// group's), the place and what happens next.
    pub fn upcoming(
        &self,
        record: &RegistrationRecord,
        position: i64,
    ) -> crate::features::registration::store::Outgoing {
        use crate::features::registration::types::RegistrationStatus;
        use crate::text::single_line;
        let locale = Locale::from_code(&record.locale).unwrap_or_default();
        let title = single_line(&self.title(&record.locale));
        let f = &self.forum;
        let token =
            crate::features::registration::mail::manage_token(&self.secret, &record.manage_salt);
        let link = format!("{}/r/{token}", self.base);
        let agenda = format!("{link}#my-agenda");
        let dates = crate::i18n::format_date_range(locale, f.starts_on, f.ends_on);
        let venue = [f.venue.as_str(), f.city.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        let (name, position) = (single_line(&record.full_name), position.to_string());
        let args = [
            ("forum", title.as_str()),
            ("name", name.as_str()),
            ("dates", dates.as_str()),
            ("venue", venue.as_str()),
            ("link", link.as_str()),
            ("agenda", agenda.as_str()),
            ("position", position.as_str()),
        ];
        let waiting = record.status == RegistrationStatus::Waiting;
        let mut body = locale.tf("mail.registration.greeting", &args);
        body.push_str("\n\n");
        body.push_str(&locale.tf(
            if waiting {
                "mail.upcoming.waiting"
            } else {
                "mail.upcoming.confirmed"
            },
            &args,
        ));
        body.push_str("\n\n");
        if !waiting {
            body.push_str(&locale.t("mail.registration.ticket"));
            body.push_str("\n\n");
        }
        body.push_str(&locale.tf("mail.registration.manage", &args));
        body.push_str("\n\n");
        body.push_str(&locale.t("mail.registration.signature"));
        body.push('\n');
        let subject = if waiting {
            "mail.upcoming.subject_waiting"
        } else {
            "mail.upcoming.subject"
        };
        let mut mail = crate::features::registration::store::Outgoing {
            recipient: record.email.clone(),
            subject: single_line(&locale.tf(subject, &args)),
            body,
            calendar: None,
            ticket_code: None,
            registration: Some(record.id.0),
            html: None,
        };
        if !waiting {
            mail.calendar = self.invitation(
                record,
                crate::features::registration::mail::Message::Registered,
                &title,
            );
            mail.ticket_code = (self.ticket_code)(&self.secret, record);
        }
        let ticket = mail.ticket_code.clone();
        let line = self.dates_line(locale);
        crate::features::registration::mail::add_html(
            &mut mail,
            locale,
            Some((&title, &line)),
            Some(locale.t("mail.button.manage")),
            ticket.as_deref(),
        );
        mail
    }

    /// The forum's dates and place, for the top of an email: "12 – 13 March 2027 · Tirana".
    fn dates_line(&self, locale: Locale) -> String {
        use crate::i18n::format_date;
        let f = &self.forum;
        let dates = if f.starts_on == f.ends_on {
            format_date(locale, f.starts_on)
        } else {
            format!(
                "{} – {}",
                format_date(locale, f.starts_on),
                format_date(locale, f.ends_on)
            )
        };
        format!("{dates} · {}", f.city)
    }

    /// The forum as an iTIP object: `REQUEST` while the person has a seat, `CANCEL` (same
    /// UID) when the registration ends; nothing for pending or waiting registrations.
    fn invitation(
        &self,
        record: &RegistrationRecord,
        message: crate::features::registration::mail::Message,
        title: &str,
    ) -> Option<String> {
        use crate::features::registration::mail::Message;
        use crate::features::registration::types::RegistrationStatus;
        let method = match (message, record.status) {
            (Message::Cancelled | Message::Rejected, _)
            | (_, RegistrationStatus::Cancelled | RegistrationStatus::Rejected) => "CANCEL",
            (_, RegistrationStatus::Confirmed) => "REQUEST",
            _ => return None,
        };
        let (description, revision) = self.invite.clone()?;
        let locale = Locale::from_code(&record.locale).unwrap_or_default();
        let f = &self.forum;
        let description = self
            .texts
            .get(
                f.id.0,
                "description",
                &description,
                &f.default_locale,
                locale,
            )
            .text;
        let mut forum = f.clone();
        forum.title = title.to_string();
        let mut event = crate::features::calendar::ics::forum_event(
            &forum,
            &description,
            revision,
            &self.base,
            locale,
        );
        event.cancelled = method == "CANCEL";
        event.organizer = Some(self.organizer.clone());
        event.attendee = Some((record.email.clone(), record.full_name.clone()));
        Some(crate::features::calendar::ics::render(
            &crate::features::calendar::ics::IcsCalendar {
                name: title.to_string(),
                zone: self.forum.time_zone.clone(),
                method: Some(method),
                events: vec![event],
            },
        ))
    }
}
