//! The invitation emails of one forum (first letters, approved colleagues' letters and
//! reminders), each in its reader's language with the registration and decline links and the
//! forum's answer-by date.

use super::invitation_store::InvitationSettings;
use super::mail::{invitation, invitation_code, InvitationLetter};
use super::mailer::title_in;
use super::records::{InvitationRecord, Outgoing};
use crate::error::AppError;
use crate::features::forums::content::Texts;
use crate::features::forums::types::ForumSummary;
use crate::i18n::Locale;
use crate::state::AppState;
use chrono::{DateTime, NaiveDate, Utc};

pub struct InvitationMailer {
    state: AppState,
    forum: ForumSummary,
    texts: Texts,
    answer_by: Option<NaiveDate>,
}

/// The day an answer-by instant (the start of the next day in the forum's zone) falls on.
pub fn answer_by_day(at: DateTime<Utc>, zone: &str) -> NaiveDate {
    let zone = crate::features::forums::time::parse_zone(zone);
    (at - chrono::Duration::seconds(1))
        .with_timezone(&zone)
        .date_naive()
}

/// The instant an answer-by day ends in the forum's zone (when its invitations expire).
pub fn answer_by_instant(day: NaiveDate, zone: &str) -> Option<DateTime<Utc>> {
    let zone = crate::features::forums::time::parse_zone(zone);
    let next = day.succ_opt()?.and_hms_opt(0, 0, 0)?;
    next.and_local_timezone(zone)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

impl InvitationMailer {
    pub async fn new(state: &AppState, forum: &ForumSummary) -> Result<Self, AppError> {
        let store = state.store.as_ref();
        let texts = Texts::load(store, "forum").await?;
        let settings: InvitationSettings = store.invitation_settings(forum.id).await?;
        Ok(Self {
            state: state.clone(),
            forum: forum.clone(),
            texts,
            answer_by: settings
                .answer_by
                .map(|at| answer_by_day(at, &forum.time_zone)),
        })
    }

    /// The invitation's registration and decline links.
    pub fn links(&self, code: &str) -> (String, String) {
        let base = format!(
            "{}/forums/{}",
            self.state.settings.base_url, self.forum.slug
        );
        (
            format!("{base}/register?invite={code}"),
            format!("{base}/decline?invite={code}"),
        )
    }

    /// The letter for `email` (in `locale`) with the code `code`.
    pub fn letter(
        &self,
        locale: Locale,
        email: &str,
        name: &str,
        code: &str,
        reminder: bool,
    ) -> Outgoing {
        let (link, decline) = self.links(code);
        let title = title_in(&self.texts, &self.forum, locale.code());
        let answer_by = self
            .answer_by
            .map(|day| crate::i18n::format_date(locale, day));
        invitation(
            locale,
            email,
            &InvitationLetter {
                name,
                forum: &title,
                link: &link,
                code,
                decline: &decline,
                answer_by: answer_by.as_deref(),
                reminder,
            },
        )
    }

    /// The letter for a stored invitation, in its invitee's language (else `fallback`).
    pub fn letter_for(
        &self,
        invitation: &InvitationRecord,
        fallback: Locale,
        reminder: bool,
    ) -> Outgoing {
        let locale = Locale::from_code(&invitation.locale).unwrap_or(fallback);
        let code = invitation_code(&self.state.secret, &invitation.salt);
        self.letter(
            locale,
            &invitation.email,
            &invitation.full_name,
            &code,
            reminder,
        )
    }
}
