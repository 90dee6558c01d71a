//! Demo data of the events: a multilingual Ausbildungsbörse on the last
//! Saturday of November with eight workshops hosted by the demo
//! organisations and about 150 participants with names from the
//! communities the centre serves; popular workshops have a waitlist. When
//! the demo is loaded after the fair, attendance is recorded too. The
//! workshops, communities and schools are in `data/events.toml`.

use super::data;
use crate::db::engine::{value, Engine};
use crate::events::{self, EventInput, EventKind, Host, ParticipantInput, RegisterOptions};
use crate::events::{Person, WorkshopInput};
use crate::people::Consent;
use crate::{Error, Record, Result};
use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, Weekday};

/// The last Saturday of November in `year` (a year of a valid `now`).
fn fair_day(year: i32) -> NaiveDate {
    // Every year chrono can represent has a 30 November, and the six days
    // before it lie within its range too: neither call can fail.
    let mut day = NaiveDate::from_ymd_opt(year, 11, 30).expect("30 November exists in every year");
    while day.weekday() != Weekday::Sat {
        day = day
            .pred_opt()
            .expect("a day in late November has a day before it");
    }
    day
}

/// The workshop's start on the fair day; an hour outside the day is a
/// broken `events.toml`, refused like any other broken demo file.
fn at_hour(day: NaiveDate, hour: u32) -> Result<NaiveDateTime> {
    day.and_hms_opt(hour, 0, 0).ok_or_else(|| {
        data::broken(
            "events.toml",
            format!("start hour {hour} is no hour of a day"),
        )
    })
}

fn id_by_name(store: &mut impl Engine, sql: &str, name: &str, what: Record) -> Result<i64> {
    store
        .read_sql(|s| value(s, sql, &[name.into()]))?
        .ok_or(Error::NotFound { what })
}

/// Loads the Ausbildungsbörse; returns the number of participants.
pub(super) fn load(
    store: &mut impl Engine,
    fair: &data::Fair,
    now: NaiveDateTime,
) -> Result<usize> {
    let day = fair_day(now.year());
    let project: Option<i64> = store.read_sql(|sql| {
        value(
            sql,
            "SELECT id FROM project WHERE title = 'Mehrsprachige Ausbildungsbörse'",
            &[],
        )
    })?;
    let event = events::create_event(
        store,
        &EventInput {
            kind: EventKind::Ausbildungsboerse,
            title: format!("Mehrsprachige Ausbildungsbörse {}", day.year()),
            starts_on: Some(day),
            ends_on: Some(day),
            venue: "Kreishaus Siegburg, Kaiser-Wilhelm-Platz 1".into(),
            rooms: vec!["Saal".into(), "Raum 1.01".into(), "Raum 1.02".into()],
            registration_opens_on: NaiveDate::from_ymd_opt(day.year(), 10, 1),
            registration_closes_on: day.checked_sub_days(Days::new(7)),
            description: "Migrantenorganisationen stellen Ausbildungsberufe vor – in den Sprachen \
                          der Familien. Für Schülerinnen und Schüler, junge Erwachsene und Eltern."
                .into(),
            project_id: project,
            version: None,
        },
        now,
    )?;
    let mut workshops = Vec::new();
    for demo in &fair.workshops {
        let starts = at_hour(day, demo.start_hour)?;
        let hosts = demo
            .hosts
            .iter()
            .map(|host| {
                Ok(Host {
                    organisation_id: id_by_name(
                        store,
                        "SELECT id FROM organisation WHERE name = ?1",
                        &host.organisation,
                        Record::Organisation,
                    )?,
                    role: host.role.clone(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let facilitators = demo
            .facilitators
            .iter()
            .map(|name| {
                id_by_name(
                    store,
                    "SELECT id FROM contact WHERE name = ?1",
                    name,
                    Record::Contact,
                )
            })
            .collect::<Result<Vec<_>>>()?;
        workshops.push(events::create_workshop(
            store,
            event,
            &WorkshopInput {
                title: demo.title.clone(),
                description: demo.description.clone(),
                target_group: demo.target_group.clone(),
                room: demo.room.clone(),
                starts_at: Some(starts),
                ends_at: Some(starts + chrono::Duration::minutes(90)),
                capacity: demo.capacity,
                waitlist: true,
                hosts,
                facilitators,
                languages: demo.languages.clone(),
                project_id: None,
                version: None,
            },
            now,
        )?);
    }
    let consent = Consent {
        given_on: now
            .date()
            .checked_sub_days(Days::new(20))
            .unwrap_or(now.date()),
        text_version: "2026-1".into(),
    };
    let mut seen = std::collections::HashSet::new();
    let mut count = 0;
    let registered_at = now.checked_sub_days(Days::new(14)).unwrap_or(now);
    for i in 0..170usize {
        if count == 150 {
            break;
        }
        let c = &fair.communities[i % fair.communities.len()];
        let round = i / fair.communities.len();
        let name = format!(
            "{} {}",
            c.first_names[round % c.first_names.len()],
            c.family_names[(round + round / c.first_names.len()) % c.family_names.len()]
        );
        if !seen.insert(name.clone()) {
            continue;
        }
        let choice = c.choices[round % c.choices.len()];
        let parent = fair.workshops[choice].target_group == "Eltern";
        let minor = !parent && i % 3 != 0;
        let latin_email = c.latin && i % 2 == 0;
        let participant = events::create_participant(
            store,
            &ParticipantInput {
                birth_year: Some(if parent {
                    1975 + (i % 15) as i32
                } else {
                    day.year() - 15 - (i % 6) as i32
                }),
                school: if parent {
                    String::new()
                } else {
                    fair.schools[i % fair.schools.len()].clone()
                },
                languages: c.languages.clone(),
                email: if latin_email {
                    format!("teilnahme{i:03}@example.org")
                } else {
                    String::new()
                },
                phone: if latin_email {
                    String::new()
                } else {
                    format!("0176 555{i:04}")
                },
                guardian_name: if minor {
                    format!("Erziehungsberechtigte von {name}")
                } else {
                    String::new()
                },
                guardian_contact: if minor {
                    format!("0170 444{i:04}")
                } else {
                    String::new()
                },
                name,
                age_group: String::new(),
                consent: Some(consent.clone()),
                photo_consent: i % 3 != 1,
                version: None,
            },
            now,
        )?;
        count += 1;
        let at = registered_at + chrono::Duration::minutes(i as i64 * 7);
        let late = RegisterOptions {
            after_closing: true,
        };
        events::register(store, workshops[choice], participant, &late, at)?;
        // Every fifth person also comes to a workshop in another slot.
        if i % 5 == 0 {
            let second = if fair.workshops[choice].start_hour == 14 {
                1
            } else {
                7
            };
            match events::register(store, workshops[second], participant, &late, at) {
                Ok(_) | Err(Error::SlotOverlaps { .. }) => {}
                Err(other) => return Err(other),
            }
        }
    }
    // A teacher of the Mediathek who also comes to the parents' workshop:
    // the access report finds both.
    let parent = events::create_participant(
        store,
        &ParticipantInput {
            name: "Şükrü Yılmaz".into(),
            birth_year: Some(1978),
            languages: vec!["tr".into(), "de".into()],
            consent: Some(consent.clone()),
            ..ParticipantInput::default()
        },
        now,
    )?;
    events::register(
        store,
        workshops[7],
        parent,
        &RegisterOptions {
            after_closing: true,
        },
        registered_at,
    )?;
    // A cancellation moved someone up, so staff see how that looks.
    if let Some(first) = store
        .read_sql(|sql| events::registrations_in(sql, workshops[3]))?
        .first()
    {
        events::cancel(store, first.id, registered_at + chrono::Duration::days(5))?;
    }
    if now.date() > day {
        record_attendance(store, &workshops, &fair.workshops, day, &consent)?;
    }
    Ok(count)
}

/// After the fair: most came, a few did not, one walked in.
fn record_attendance(
    store: &mut impl Engine,
    workshops: &[i64],
    demo: &[data::Workshop],
    day: NaiveDate,
    consent: &Consent,
) -> Result<()> {
    for (n, workshop) in workshops.iter().enumerate() {
        let start = at_hour(day, demo[n].start_hour)?;
        for (i, r) in store
            .read_sql(|sql| events::registrations_in(sql, *workshop))?
            .iter()
            .enumerate()
        {
            if r.status == events::RegistrationStatus::Angemeldet && i % 6 != 5 {
                events::check_in(store, r.id, false, start - chrono::Duration::minutes(5))?;
            }
        }
        if n == 0 {
            let walk_in = Person::New(Box::new(ParticipantInput {
                name: "Samira Benali".into(),
                languages: vec!["ar".into(), "fr".into()],
                consent: Some(consent.clone()),
                ..ParticipantInput::default()
            }));
            events::walk_in(store, *workshop, &walk_in, true, start)?;
        }
        events::mark_no_shows(store, *workshop)?;
    }
    Ok(())
}
