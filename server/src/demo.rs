//! Demo data: the series of the seed, its seven stakeholder groups, six national forums and a
//! regional one with a few sessions each, and three accounts. Dates are relative to today so the
//! demo always has upcoming forums (and one past one).

use crate::demo_translations as tr;
use app::features::accounts::types::{EmailAddress, Role};
use app::features::forums::types::{ForumId, ForumStatus, SeriesId};
use app::store::{NewAccount, NewForum, NewSeries, NewSession, Store};
use chrono::{Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

pub const ADMIN_EMAIL: &str = "admin@agora.example";
pub const ORGANISER_EMAIL: &str = "organiser@agora.example";
pub const SCANNER_EMAIL: &str = "scanner@agora.example";
/// The series' lead organiser: manages every forum of the series and names their teams.
pub const LEAD_EMAIL: &str = "lead@agora.example";
/// The Belgrade forum's own team: sees and changes that forum only.
pub const BELGRADE_TEAM_EMAIL: &str = "belgrade.team@agora.example";
/// The series' country coordinator for North Macedonia: reads that country's registrations.
pub const COORDINATOR_EMAIL: &str = "coordinator.mk@agora.example";
/// The forum the demo scanner is assigned to.
pub const SCANNER_FORUM: &str = "regional-forum";
/// Printed by `make run`; only ever used for the demo accounts.
pub const DEMO_PASSWORD: &str = "agora-demo-2026";

pub const GROUPS: [(&str, &str); 7] = [
    ("csos", "Civil-society organisations"),
    ("academia", "Academia"),
    ("private", "Private sector"),
    ("youth", "Youth"),
    ("marginalised", "Marginalised groups"),
    ("media", "Media"),
    ("state", "State institutions"),
];

struct DemoForum {
    slug: &'static str,
    title: &'static str,
    city: &'static str,
    country: &'static str,
    venue: &'static str,
    zone: &'static str,
    /// Days from today to the first day.
    offset_days: i64,
    days: i64,
    capacity: i64,
    status: ForumStatus,
}

const FORUMS: [DemoForum; 8] = [
    DemoForum {
        slug: "tirana",
        title: "National Forum Albania",
        city: "Tirana",
        country: "AL",
        venue: "Tirana International Hotel, Skanderbeg Square 8",
        zone: "Europe/Tirane",
        offset_days: -45,
        days: 1,
        capacity: 120,
        status: ForumStatus::Published,
    },
    DemoForum {
        slug: "belgrade",
        title: "National Forum Serbia",
        city: "Belgrade",
        country: "RS",
        venue: "Sava Centar, Milentija Popovića 9",
        zone: "Europe/Belgrade",
        offset_days: 18,
        days: 1,
        capacity: 120,
        status: ForumStatus::Published,
    },
    DemoForum {
        slug: "pristina",
        title: "National Forum Kosovo",
        city: "Pristina",
        country: "XK",
        venue: "Hotel Sirius, Agim Ramadani St. 15",
        zone: "Europe/Belgrade",
        offset_days: 25,
        days: 1,
        capacity: 100,
        status: ForumStatus::Published,
    },
    DemoForum {
        slug: "skopje",
        title: "National Forum North Macedonia",
        city: "Skopje",
        country: "MK",
        venue: "Hotel Continental, Aleksandar Makedonski Blvd.",
        zone: "Europe/Skopje",
        offset_days: 32,
        days: 1,
        capacity: 110,
        status: ForumStatus::Published,
    },
    DemoForum {
        slug: "podgorica",
        title: "National Forum Montenegro",
        city: "Podgorica",
        country: "ME",
        venue: "Hotel Podgorica, Svetlane Kane Radević 1",
        zone: "Europe/Podgorica",
        offset_days: 39,
        days: 1,
        capacity: 90,
        status: ForumStatus::Published,
    },
    DemoForum {
        slug: "sarajevo",
        title: "National Forum Bosnia and Herzegovina",
        city: "Sarajevo",
        country: "BA",
        venue: "Hotel Europe, Vladislava Skarića 5",
        zone: "Europe/Sarajevo",
        offset_days: 46,
        days: 1,
        capacity: 110,
        status: ForumStatus::Published,
    },
    DemoForum {
        slug: "regional-forum",
        title: "Regional Forum: Responsible Policies in Times of Crisis",
        city: "Tirana",
        country: "AL",
        venue: "Tirana International Hotel, Skanderbeg Square 8",
        zone: "Europe/Tirane",
        offset_days: 74,
        days: 2,
        capacity: 250,
        status: ForumStatus::Published,
    },
    DemoForum {
        slug: "regional-follow-up",
        title: "Regional Follow-up Meeting",
        city: "Skopje",
        country: "MK",
        venue: "MCIC, Nikola Parapunov 41a",
        zone: "Europe/Skopje",
        offset_days: 130,
        days: 1,
        capacity: 60,
        status: ForumStatus::Draft,
    },
];

/// (title, kind, start, end) of a demo session; times are local (hour, minute).
type PlannedSession = (&'static str, &'static str, (u32, u32), (u32, u32));

const DAY_PLAN: [PlannedSession; 5] = [
    (
        "Opening: what the Covid-19 crisis taught us",
        "plenary",
        (9, 30),
        (10, 30),
    ),
    (
        "Panel: social and economic impact on vulnerable groups",
        "panel",
        (10, 45),
        (12, 15),
    ),
    ("Lunch", "break", (12, 15), (13, 15)),
    (
        "Workshop: from findings to policy recommendations",
        "workshop",
        (13, 15),
        (14, 45),
    ),
    (
        "Closing: agreeing the recommendations",
        "plenary",
        (15, 0),
        (16, 0),
    ),
];

const SERIES_DESCRIPTION: &str = "A regional initiative led by Partners Albania for Change and \
Development with Civic Initiatives (Serbia), the Kosovar Civil Society Foundation, MCIC (North \
Macedonia), CRNVO (Montenegro) and the Center for Civic Initiatives (Bosnia and Herzegovina). It \
assesses how the Covid-19 crisis hit the region socially and economically, shares good practice \
and turns it into policy recommendations.";

fn forum_description(city: &str) -> String {
    format!(
        "The forum in {city} brings together civil-society organisations, academia, the private \
         sector, youth and marginalised groups, the media and state institutions to discuss the \
         findings of the assessment “Covid-19 and Civil Society” and agree on recommendations \
         and actions.\n\nParticipation is free. Seats are balanced across stakeholder groups; \
         interpretation is provided."
    )
}

/// Seeds the demo with a few hundred registrations for the regional forum.
pub async fn seed(store: &dyn Store) -> anyhow::Result<()> {
    seed_with(store, DEMO_REGISTRATIONS).await
}

/// How many registrations the demo gives the regional forum.
pub const DEMO_REGISTRATIONS: usize = 260;

/// Seeds the demo with `registrations` registrations for the regional forum (tests use none, to
/// stay quick; they create the registrations they check).
pub async fn seed_with(store: &dyn Store, registrations: usize) -> anyhow::Result<()> {
    // One hash for the demo password (hashing is slow on purpose; the accounts are demo ones).
    let hash = app::features::accounts::auth::hash_password(DEMO_PASSWORD)
        .map_err(|e| anyhow::anyhow!("hashing: {e}"))?;
    for (email, name, role) in [
        (ADMIN_EMAIL, "Agora Admin", Role::Admin),
        (ORGANISER_EMAIL, "Elira Organiser", Role::Organiser),
        (SCANNER_EMAIL, "Door Steward", Role::Scanner),
        (LEAD_EMAIL, "Arben Lead", Role::Organiser),
        (BELGRADE_TEAM_EMAIL, "Milica Belgrade Team", Role::Organiser),
        (COORDINATOR_EMAIL, "Ana Coordinator", Role::Organiser),
    ] {
        let hash = hash.clone();
        store
            .create_account(&NewAccount {
                email: EmailAddress::parse(email).map_err(anyhow::Error::msg)?,
                display_name: name.to_string(),
                password_hash: hash,
                role,
            })
            .await?;
    }
    let series = store
        .create_series(&NewSeries {
            slug: "fostering-regional-cooperation".into(),
            title: "Fostering regional cooperation and responsible policies in times of crisis"
                .into(),
            description: SERIES_DESCRIPTION.into(),
            default_locale: "en".into(),
            status: ForumStatus::Published,
        })
        .await?;
    for (locale, title, description) in tr::SERIES {
        let values = [
            ("title".into(), title.into()),
            ("description".into(), description.into()),
        ];
        store
            .set_translations("series", series.0, locale, &values)
            .await?;
    }
    // The series' privacy notice, version 1: the built-in text in every language.
    let texts: std::collections::BTreeMap<&str, String> = app::i18n::Locale::ALL
        .iter()
        .map(|l| {
            (
                l.code(),
                app::features::privacy::service::builtin_markdown(*l),
            )
        })
        .collect();
    store
        .publish_notice(series.0, &serde_json::to_string(&texts)?, Utc::now())
        .await?;
    for (position, (key, name)) in GROUPS.iter().enumerate() {
        let id = store
            .create_stakeholder_group(series, key, name, position as i64)
            .await?;
        let names = tr::GROUPS.iter().find(|(k, _)| k == key).map(|(_, n)| n);
        for (locale, name) in names.into_iter().flatten() {
            store
                .set_translations("group", id.0, locale, &[("name".into(), name.to_string())])
                .await?;
        }
    }
    let today = Utc::now().date_naive();
    let mut seeded = Vec::new();
    for forum in &FORUMS {
        let id = seed_forum(store, series, forum, today, registrations).await?;
        seeded.push((id, forum.slug, forum.title.to_string()));
    }
    seed_places(store, series, &seeded, today).await?;
    crate::demo_content::seed(store, series, &seeded).await?;
    crate::demo_content_translations::seed(store).await?;
    store.refresh_statistics().await?;
    Ok(())
}

/// Who holds which place: the demo organiser is on every forum's team (the regional team), the
/// Belgrade team on Belgrade's only, the lead leads the series, a coordinator reads North
/// Macedonia's registrations, and the scanner is assigned to the regional forum's door.
async fn seed_places(
    store: &dyn Store,
    series: SeriesId,
    seeded: &[(ForumId, &str, String)],
    today: NaiveDate,
) -> anyhow::Result<()> {
    let account = |email: &'static str| async move {
        store
            .account_by_email(email)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo account {email} missing"))
    };
    let organiser = account(ORGANISER_EMAIL).await?;
    for (id, _, _) in seeded {
        store
            .set_team_member(*id, organiser.id, Some(false))
            .await?;
    }
    let forum = |slug: &'static str| {
        seeded
            .iter()
            .find(|(_, s, _)| *s == slug)
            .map(|(id, _, _)| *id)
            .ok_or_else(|| anyhow::anyhow!("demo forum {slug} missing"))
    };
    let team = account(BELGRADE_TEAM_EMAIL).await?;
    store
        .set_team_member(forum("belgrade")?, team.id, Some(false))
        .await?;
    store
        .set_series_lead(series.0, Some(account(LEAD_EMAIL).await?.id))
        .await?;
    store
        .set_coordinator(series.0, account(COORDINATOR_EMAIL).await?.id, Some("MK"))
        .await?;
    let door = forum(SCANNER_FORUM)?;
    let ends_on = store
        .forum_by_id(door)
        .await?
        .map(|f| f.summary.ends_on)
        .unwrap_or(today);
    store
        .set_forum_scanner(
            door,
            account(SCANNER_EMAIL).await?.id,
            Some(ends_on.max(today + Duration::days(30))),
        )
        .await?;
    Ok(())
}

/// Titles in every language; the regional forum's description too.
async fn seed_forum_translations(
    store: &dyn Store,
    id: ForumId,
    f: &DemoForum,
) -> anyhow::Result<()> {
    if f.slug == "regional-forum" {
        for (locale, title, description) in tr::REGIONAL {
            let values = [
                ("title".into(), title.into()),
                ("description".into(), description.into()),
            ];
            store
                .set_translations("forum", id.0, locale, &values)
                .await?;
        }
        return Ok(());
    }
    if !f.slug.starts_with("regional") {
        let names = tr::COUNTRY_NAMES
            .iter()
            .find(|(c, _)| *c == f.country)
            .map(|(_, n)| n);
        for (locale, country) in names.into_iter().flatten() {
            if *locale == base_locale(f) {
                continue;
            }
            let title = tr::national_title(locale, country);
            store
                .set_translations("forum", id.0, locale, &[("title".into(), title)])
                .await?;
        }
    }
    Ok(())
}

fn base_locale(f: &DemoForum) -> &'static str {
    if f.slug == "tirana" {
        "sq"
    } else {
        "en"
    }
}

async fn seed_forum(
    store: &dyn Store,
    series: SeriesId,
    f: &DemoForum,
    today: NaiveDate,
    registrations: usize,
) -> anyhow::Result<ForumId> {
    let starts_on = today + Duration::days(f.offset_days);
    let ends_on = starts_on + Duration::days(f.days - 1);
    let id = store
        .create_forum(&NewForum {
            series_id: series,
            status: f.status,
            details: app::features::forums::types::ForumDetails {
                slug: f.slug.into(),
                title: if base_locale(f) == "sq" {
                    tr::national_title("sq", "Shqipëri")
                } else {
                    f.title.into()
                },
                description: if base_locale(f) == "sq" {
                    tr::TIRANA_DESCRIPTION_SQ.into()
                } else {
                    forum_description(f.city)
                },
                city: f.city.into(),
                country: f.country.into(),
                venue: f.venue.into(),
                time_zone: f.zone.into(),
                starts_on,
                ends_on,
                capacity: f.capacity,
                default_locale: base_locale(f).into(),
            },
        })
        .await?;
    seed_forum_translations(store, id, f).await?;
    let zone: Tz = f.zone.parse().map_err(|e| anyhow::anyhow!("{e}"))?;
    if f.slug == "regional-forum" {
        let groups = store.stakeholder_groups(series).await?;
        crate::demo_agenda::seed(store, id, zone, starts_on, &groups).await?;
        crate::demo_registrations::seed(store, id, &groups, registrations, 20, 45, "regional")
            .await?;
        crate::demo_messages::seed(store, id, f.title, starts_on).await?;
        return Ok(id);
    }

    for day in 0..f.days {
        let date = starts_on + Duration::days(day);
        for (title, kind, start, end) in DAY_PLAN {
            let at = |(h, m): (u32, u32)| {
                NaiveTime::from_hms_opt(h, m, 0)
                    .and_then(|t| zone.from_local_datetime(&date.and_time(t)).earliest())
                    .map(|t| t.with_timezone(&Utc))
                    .ok_or_else(|| anyhow::anyhow!("no such local time"))
            };
            let session = NewSession {
                forum_id: id,
                title: title.into(),
                description: String::new(),
                kind: kind.into(),
                starts_at: at(start)?,
                ends_at: at(end)?,
                room_id: None,
                track_id: None,
                language: base_locale(f).into(),
                interpretation: Vec::new(),
            };
            store.save_session(None, &session).await?.map_err(|taken| {
                anyhow::anyhow!("the demo agenda double-books a room with {}", taken.by)
            })?;
        }
    }
    if ends_on < today && registrations > 0 {
        let groups = store.stakeholder_groups(series).await?;
        crate::demo_checkins::seed(store, id, &groups, registrations.min(90), f.slug).await?;
    }
    let groups = store.stakeholder_groups(series).await?;
    match f.slug {
        "regional-follow-up" => {
            crate::demo_invitations::seed_follow_up(store, id, series, &groups).await?
        }
        "tirana" => crate::demo_invitations::seed_expired(store, id, &groups, starts_on).await?,
        _ => {}
    }
    Ok(id)
}
