//! The regional forum's demo agenda: two days, three rooms, parallel panels and workshops, three
//! tracks and the people who chair, moderate and speak.

use app::features::agenda::rules::{PersonInput, RoomInput, TrackInput};
use app::features::agenda::types::{PersonId, RoomId, TrackId};
use app::features::forums::types::{ForumId, StakeholderGroup};
use app::store::{NewSession, Store};
use chrono::{Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

const ROOMS: [(&str, i64, &str); 3] = [
    (
        "Plenary hall",
        250,
        "Step-free entrance, induction loop, reserved seats at the front",
    ),
    (
        "Room Drina",
        70,
        "Step-free access by the lift next to reception",
    ),
    (
        "Room Ohrid",
        45,
        "Ground floor, step-free; quiet room next door",
    ),
];

const TRACKS: [(&str, &str); 3] = [
    ("Social impact", "#2f6b8f"),
    ("Economy and work", "#8a5a00"),
    ("Governance and rights", "#6b3f8f"),
];

/// (name, title, affiliation, group key, country, bio)
const PEOPLE: [(&str, &str, &str, &str, &str, &str); 10] = [
    (
        "Arta Hoxha",
        "Executive Director",
        "Partners Albania for Change and Development",
        "csos",
        "AL",
        "Leads the regional assessment of Covid-19's effects on civil society.",
    ),
    (
        "Milan Jovanović",
        "Programme Director",
        "Civic Initiatives",
        "csos",
        "RS",
        "Works on civic space and public participation in Serbia.",
    ),
    (
        "Jana Stojanovska",
        "Researcher",
        "Ss. Cyril and Methodius University",
        "academia",
        "MK",
        "Studies social protection during crises.",
    ),
    (
        "Driton Berisha",
        "Director",
        "Kosovar Civil Society Foundation",
        "csos",
        "XK",
        "Supports grassroots organisations across Kosovo.",
    ),
    (
        "Ivana Vujović",
        "Policy Analyst",
        "CRNVO",
        "csos",
        "ME",
        "Follows public finance and the social dialogue in Montenegro.",
    ),
    (
        "Amir Hadžić",
        "Head of Research",
        "Center for Civic Initiatives",
        "csos",
        "BA",
        "Monitors how governments kept their Covid-19 promises.",
    ),
    (
        "Elona Dervishi",
        "Founder",
        "Youth Voice Tirana",
        "youth",
        "AL",
        "Organises young people around employment and digital rights.",
    ),
    (
        "Nikola Petrović",
        "Economist",
        "Chamber of Commerce of Serbia",
        "private",
        "RS",
        "Advises small businesses on recovery programmes.",
    ),
    (
        "Besa Krasniqi",
        "Journalist",
        "Kallxo.com",
        "media",
        "XK",
        "Reports on public procurement during the pandemic.",
    ),
    (
        "Marija Ilievska",
        "State Secretary",
        "Ministry of Social Policy",
        "state",
        "MK",
        "Responsible for social protection reform.",
    ),
];

/// (day, start, end, room index or none, track index or none, kind, title, [(person, role)])
type Slot = (
    i64,
    (u32, u32),
    (u32, u32),
    Option<usize>,
    Option<usize>,
    &'static str,
    &'static str,
    &'static [(usize, &'static str)],
);

const PROGRAMME: [Slot; 17] = [
    (
        0,
        (9, 0),
        (9, 30),
        None,
        None,
        "networking",
        "Registration and coffee",
        &[],
    ),
    (
        0,
        (9, 30),
        (10, 30),
        Some(0),
        None,
        "plenary",
        "Opening: what the Covid-19 crisis taught the region",
        &[(0, "chair"), (9, "speaker"), (1, "speaker")],
    ),
    (
        0,
        (10, 45),
        (12, 15),
        Some(0),
        Some(0),
        "panel",
        "Panel: social protection for vulnerable groups",
        &[(2, "moderator"), (9, "speaker"), (3, "speaker")],
    ),
    (
        0,
        (10, 45),
        (12, 15),
        Some(1),
        Some(1),
        "panel",
        "Panel: small businesses and workers after the lockdowns",
        &[(7, "speaker"), (4, "moderator")],
    ),
    (
        0,
        (10, 45),
        (12, 15),
        Some(2),
        Some(2),
        "panel",
        "Panel: transparency of emergency spending",
        &[(8, "speaker"), (5, "moderator")],
    ),
    (0, (12, 15), (13, 15), None, None, "break", "Lunch", &[]),
    (
        0,
        (13, 15),
        (14, 45),
        Some(1),
        Some(0),
        "workshop",
        "Workshop: youth employment and skills",
        &[(6, "moderator")],
    ),
    (
        0,
        (13, 15),
        (14, 45),
        Some(2),
        Some(2),
        "workshop",
        "Workshop: keeping civic space open in emergencies",
        &[(1, "moderator"), (3, "speaker")],
    ),
    (
        0,
        (15, 0),
        (16, 0),
        Some(0),
        None,
        "plenary",
        "Plenary: reports from the panels",
        &[(0, "chair")],
    ),
    (
        1,
        (9, 30),
        (11, 0),
        Some(0),
        Some(0),
        "panel",
        "Panel: health and care workers",
        &[(2, "moderator")],
    ),
    (
        1,
        (9, 30),
        (11, 0),
        Some(1),
        Some(1),
        "panel",
        "Panel: the informal economy",
        &[(7, "speaker"), (6, "speaker")],
    ),
    (
        1,
        (9, 30),
        (11, 0),
        Some(2),
        Some(2),
        "panel",
        "Panel: media freedom during the pandemic",
        &[(8, "moderator"), (4, "speaker")],
    ),
    (
        1,
        (11, 0),
        (11, 30),
        None,
        None,
        "break",
        "Coffee break",
        &[],
    ),
    (
        1,
        (11, 30),
        (13, 0),
        Some(1),
        Some(0),
        "workshop",
        "Workshop: drafting the social recommendations",
        &[(5, "moderator")],
    ),
    (
        1,
        (11, 30),
        (13, 0),
        Some(2),
        Some(2),
        "workshop",
        "Workshop: drafting the governance recommendations",
        &[(1, "moderator")],
    ),
    (1, (13, 0), (14, 0), None, None, "break", "Lunch", &[]),
    (
        1,
        (14, 0),
        (15, 30),
        Some(0),
        None,
        "plenary",
        "Closing plenary: adopting the regional recommendations",
        &[(0, "chair"), (9, "speaker")],
    ),
];

pub async fn seed(
    store: &dyn Store,
    forum: ForumId,
    zone: Tz,
    first_day: NaiveDate,
    groups: &[StakeholderGroup],
) -> anyhow::Result<()> {
    let mut rooms: Vec<RoomId> = Vec::new();
    for (name, capacity, access) in ROOMS {
        let room = RoomInput {
            name: name.into(),
            capacity: Some(capacity),
            accessibility: access.into(),
        };
        rooms.push(store.save_room(forum, None, &room).await?);
    }
    let mut tracks: Vec<TrackId> = Vec::new();
    for (name, colour) in TRACKS {
        let track = TrackInput {
            name: name.into(),
            colour: colour.into(),
        };
        tracks.push(store.save_track(forum, None, &track).await?);
    }
    let mut people: Vec<PersonId> = Vec::new();
    for (name, title, affiliation, group, country, bio) in PEOPLE {
        let person = PersonInput {
            name: name.into(),
            affiliation: affiliation.into(),
            title: title.into(),
            group_id: groups.iter().find(|g| g.key == group).map(|g| g.id),
            country: country.into(),
            bio: bio.into(),
        };
        people.push(store.save_person(forum, None, &person).await?);
    }
    for (day, start, end, room, track, kind, title, cast) in PROGRAMME {
        let date = first_day + Duration::days(day);
        let at = |(h, m): (u32, u32)| {
            NaiveTime::from_hms_opt(h, m, 0)
                .and_then(|t| zone.from_local_datetime(&date.and_time(t)).earliest())
                .map(|t| t.with_timezone(&Utc))
                .ok_or_else(|| anyhow::anyhow!("no such local time"))
        };
        let session = store
            .save_session(
                None,
                &NewSession {
                    forum_id: forum,
                    title: title.into(),
                    description: String::new(),
                    kind: kind.into(),
                    starts_at: at(start)?,
                    ends_at: at(end)?,
                    room_id: room.map(|i| rooms[i]),
                    track_id: track.map(|i| tracks[i]),
                    language: "en".into(),
                    interpretation: if kind == "plenary" {
                        vec!["sq".into(), "sr".into(), "mk".into()]
                    } else {
                        Vec::new()
                    },
                },
            )
            .await?
            .map_err(|taken| {
                anyhow::anyhow!("the demo agenda double-books a room with {}", taken.by)
            })?;
        for (person, role) in cast {
            store
                .assign_person(forum, session, people[*person], role)
                .await?;
        }
    }
    Ok(())
}
