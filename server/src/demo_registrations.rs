//! Demo registrations: a few hundred people spread over stakeholder groups and countries, with
//! reserved seats and caps, so the balance panel and the organiser's list show something real.
//! They go through the same seat rules as real registrations but get no email.

use app::features::accounts::types::EmailAddress;
use app::features::forums::types::{ForumId, StakeholderGroup};
use app::features::registration::form::NewRegistration;
use app::features::registration::store::{Outgoing, RegistrationInsert};
use app::store::Store;

const FIRST: [&str; 16] = [
    "Arta", "Besnik", "Jelena", "Marko", "Ana", "Nikola", "Amina", "Emir", "Ivana", "Luka",
    "Elira", "Dritan", "Marija", "Stefan", "Lejla", "Blerta",
];
const LAST: [&str; 16] = [
    "Hoxha",
    "Krasniqi",
    "Jovanović",
    "Petrović",
    "Kovačević",
    "Stojanovski",
    "Hadžić",
    "Begović",
    "Vujović",
    "Popović",
    "Dervishi",
    "Berisha",
    "Ilievska",
    "Nikolić",
    "Mehmedović",
    "Gashi",
];
const COUNTRIES: [&str; 7] = ["AL", "BA", "XK", "ME", "MK", "RS", "Austria"];
const ORGANISATIONS: [&str; 8] = [
    "Partners Albania",
    "Civic Initiatives",
    "Kosovar Civil Society Foundation",
    "MCIC",
    "CRNVO",
    "Center for Civic Initiatives",
    "University of Sarajevo",
    "Chamber of Commerce",
];

/// Seeds `count` registrations for `forum`, reserving `reserved` seats per group with `cap`.
pub async fn seed(
    store: &dyn Store,
    forum: ForumId,
    groups: &[StakeholderGroup],
    count: usize,
    reserved: i64,
    cap: i64,
    salt_prefix: &str,
) -> anyhow::Result<()> {
    let series = store
        .forum_by_id(forum)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no forum {forum:?}"))?
        .series_id
        .0;
    let version = store
        .notice_versions(series)
        .await?
        .first()
        .map_or(0, |v| v.0);
    let privacy_version = app::features::forums::notices::version_label(series, version);
    for g in groups {
        store
            .set_group_quota(forum, g.id, reserved, Some(cap))
            .await?;
    }
    seed_questions(store, forum).await?;
    let none = |_: &app::features::registration::store::RegistrationRecord,
                _: app::features::registration::mail::Message|
     -> Option<Outgoing> { None };
    for i in 0..count {
        // A skewed spread: civil society and youth register most, state institutions least.
        let weights = [5, 2, 2, 4, 2, 1, 1];
        let total: usize = weights.iter().sum();
        let mut pick = (i * 7 + i / 3) % total;
        let mut group = 0;
        for (g, w) in weights.iter().enumerate() {
            if pick < *w {
                group = g;
                break;
            }
            pick -= w;
        }
        let first = FIRST[i % FIRST.len()];
        let last = LAST[(i / FIRST.len() + i) % LAST.len()];
        let email = format!("{}.{}.{i}@example.org", first.to_lowercase(), i % 97);
        let new = NewRegistration {
            full_name: format!("{first} {last}"),
            email: EmailAddress::parse(&email).map_err(anyhow::Error::msg)?,
            organisation: ORGANISATIONS[i % ORGANISATIONS.len()].into(),
            position: if i % 3 == 0 {
                "Programme officer".into()
            } else {
                String::new()
            },
            country: COUNTRIES[(i * 5) % COUNTRIES.len()].into(),
            group_id: groups[group % groups.len()].id,
            gender: ["woman", "man", "undisclosed", ""][i % 4].into(),
            age_band: ["18-29", "30-44", "45-59", "60+", ""][i % 5].into(),
            accessibility: if i % 17 == 0 {
                "Step-free access".into()
            } else {
                String::new()
            },
            dietary: if i % 9 == 0 {
                "Vegetarian".into()
            } else {
                String::new()
            },
            photo_consent: i % 2 == 0,
        };
        let salt = format!("{salt_prefix}{i:08}");
        let insert = RegistrationInsert {
            forum,
            form: &new,
            locale: ["en", "sq", "sr", "mk", "bs", "cnr"][i % 6],
            privacy_version: &privacy_version,
            manage_token_hash: app::features::accounts::auth::token_hash(&format!("demo-{salt}")),
            manage_salt: salt,
            // A few arrived while the forum asked for approval and still wait for it.
            pending: i % 15 == 7,
            invitation: None,
            answers: &[],
            consents: &[],
            hold_until: None,
        };
        store.register(&insert, &none).await?;
    }
    Ok(())
}

/// Two questions of the forum's own, in every language the demo speaks.
async fn seed_questions(store: &dyn Store, forum: ForumId) -> anyhow::Result<()> {
    use app::features::registration::questions::QuestionForm;
    let texts = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    let workshop = QuestionForm {
        kind: "single".into(),
        required: Some("on".into()),
        label: texts(&[
            ("en", "Which working group will you join?"),
            ("sq", "Në cilin grup pune do të merrni pjesë?"),
            ("sr", "Kojoj radnoj grupi ćete se pridružiti?"),
            ("mk", "Во која работна група ќе учествувате?"),
            ("bs", "Kojoj radnoj grupi ćete se pridružiti?"),
            ("cnr", "Kojoj radnoj grupi ćete se pridružiti?"),
        ]),
        options: texts(&[
            ("en", "Health\nEducation\nEmployment"),
            ("sq", "Shëndetësia\nArsimi\nPunësimi"),
            ("sr", "Zdravstvo\nObrazovanje\nZapošljavanje"),
            ("mk", "Здравство\nОбразование\nВработување"),
            ("bs", "Zdravstvo\nObrazovanje\nZapošljavanje"),
            ("cnr", "Zdravstvo\nObrazovanje\nZapošljavanje"),
        ]),
    };
    let visa = QuestionForm {
        kind: "checkbox".into(),
        required: None,
        label: texts(&[
            ("en", "I need an invitation letter for a visa"),
            ("sq", "Më duhet një letër ftese për vizë"),
            ("sr", "Potrebno mi je pozivno pismo za vizu"),
            ("mk", "Ми треба писмо-покана за виза"),
            ("bs", "Potrebno mi je pozivno pismo za vizu"),
            ("cnr", "Potrebno mi je pozivno pismo za vizu"),
        ]),
        options: Default::default(),
    };
    for form in [workshop, visa] {
        let def = form
            .parse()
            .map_err(|e| anyhow::anyhow!("demo question refused: {e:?}"))?;
        store.add_question(forum, &def.to_record()).await?;
    }
    Ok(())
}
