//! The demo's invitations, one in every state: the follow-up meeting is by invitation only
//! (answers due in 60 days, an automatic reminder three days before) with invitees who have
//! not answered, one who registered, one who declined and the colleague she proposed; the past
//! national forum in Tirana keeps two invitations nobody answered in time (expired). Nothing is
//! emailed: the demo invites example.org addresses through the store.

use app::features::accounts::auth::token_hash;
use app::features::accounts::types::EmailAddress;
use app::features::forums::types::{ForumId, SeriesId, StakeholderGroup};
use app::features::registration::form::NewRegistration;
use app::features::registration::invitation_store::{Colleague, InvitationSettings};
use app::features::registration::store::{InvitationInsert, Outgoing, RegistrationInsert};
use app::features::registration::types::RegistrationMode;
use app::store::Store;
use chrono::{Duration, Utc};

async fn invite(
    store: &dyn Store,
    forum: ForumId,
    name: &str,
    email: &str,
    group: &StakeholderGroup,
) -> anyhow::Result<i64> {
    let salt = format!("demo-invitation-{email}");
    Ok(store
        .create_invitation(&InvitationInsert {
            forum,
            salt: &salt,
            code_hash: &token_hash(&format!("demo-invitation-code-{email}")),
            full_name: name,
            email,
            group: Some(group.id.0),
        })
        .await?)
}

/// The follow-up meeting's invitations (invited, registered, declined, proposed).
pub async fn seed_follow_up(
    store: &dyn Store,
    forum: ForumId,
    series: SeriesId,
    groups: &[StakeholderGroup],
) -> anyhow::Result<()> {
    let now = Utc::now();
    store
        .set_registration_mode(forum, RegistrationMode::Invitation)
        .await?;
    store
        .set_invitation_settings(
            forum,
            &InvitationSettings {
                answer_by: Some(now + Duration::days(60)),
                reminder_days: Some(3),
            },
        )
        .await?;
    let group = |i: usize| &groups[i % groups.len()];
    invite(
        store,
        forum,
        "Dritan Dervishi",
        "dritan.dervishi@example.org",
        group(0),
    )
    .await?;
    invite(
        store,
        forum,
        "Ivana Popović",
        "ivana.popovic@example.org",
        group(5),
    )
    .await?;
    let declined = invite(
        store,
        forum,
        "Lejla Hadžić",
        "lejla.hadzic@example.org",
        group(4),
    )
    .await?;
    let colleague_salt = "demo-invitation-colleague";
    store
        .decline_invitation(
            declined,
            "On leave that week; my colleague follows the file.",
            Some(&Colleague {
                salt: colleague_salt,
                code_hash: &token_hash("demo-invitation-code-colleague"),
                full_name: "Emir Begović",
                email: "emir.begovic@example.org",
                organisation: "Center for Civic Initiatives",
            }),
            now,
        )
        .await?;
    let registered = invite(
        store,
        forum,
        "Stefan Nikolić",
        "stefan.nikolic@example.org",
        group(1),
    )
    .await?;
    let version = store
        .notice_versions(series.0)
        .await?
        .first()
        .map_or(0, |v| v.0);
    let privacy_version = app::features::forums::notices::version_label(series.0, version);
    let new = NewRegistration {
        full_name: "Stefan Nikolić".into(),
        email: EmailAddress::parse("stefan.nikolic@example.org").map_err(anyhow::Error::msg)?,
        organisation: "University of Belgrade".into(),
        position: String::new(),
        country: "RS".into(),
        group_id: group(1).id,
        gender: String::new(),
        age_band: String::new(),
        accessibility: String::new(),
        dietary: String::new(),
        photo_consent: false,
    };
    let none = |_: &app::features::registration::store::RegistrationRecord,
                _: app::features::registration::mail::Message|
     -> Option<Outgoing> { None };
    store
        .register(
            &RegistrationInsert {
                forum,
                form: &new,
                locale: "sr",
                privacy_version: &privacy_version,
                manage_token_hash: token_hash("demo-follow-up-stefan"),
                manage_salt: "follow-up-00000001".into(),
                pending: false,
                invitation: Some(registered),
                answers: &[],
                consents: &[],
                hold_until: None,
            },
            &none,
        )
        .await?;
    Ok(())
}

/// The past forum's invitations nobody answered before its answer-by date (expired).
pub async fn seed_expired(
    store: &dyn Store,
    forum: ForumId,
    groups: &[StakeholderGroup],
    starts_on: chrono::NaiveDate,
) -> anyhow::Result<()> {
    let answer_by = (starts_on - Duration::days(10))
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc());
    store
        .set_invitation_settings(
            forum,
            &InvitationSettings {
                answer_by,
                reminder_days: None,
            },
        )
        .await?;
    invite(
        store,
        forum,
        "Marko Vujović",
        "marko.vujovic@example.org",
        &groups[2],
    )
    .await?;
    invite(
        store,
        forum,
        "Blerta Krasniqi",
        "blerta.krasniqi@example.org",
        &groups[3],
    )
    .await?;
    Ok(())
}
