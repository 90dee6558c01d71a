//! Demo data of the events: a multilingual Ausbildungsbörse on the last
//! Saturday of November with eight workshops hosted by the demo
//! organisations and about 150 participants with names from the
//! communities the centre serves; popular workshops have a waitlist. When
//! the demo is loaded after the fair, attendance is recorded too.

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, Weekday};
use rusqlite::OptionalExtension;

use crate::events::{self, EventInput, EventKind, Host, ParticipantInput, RegisterOptions};
use crate::events::{Person, WorkshopInput};
use crate::people::Consent;
use crate::Record;
use crate::{Db, Error, Result};

/// (title, description, target group, room, start hour, capacity, hosts,
/// facilitators, languages)
type DemoWorkshop = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    u32,
    u32,
    &'static [(&'static str, &'static str)],
    &'static [&'static str],
    &'static [&'static str],
);

const WORKSHOPS: &[DemoWorkshop] = &[
    (
        "Bewerbung schreiben – auf Deutsch und Arabisch",
        "Lebenslauf und Anschreiben Schritt für Schritt, mit Beispielen aus echten Bewerbungen.",
        "Schüler/innen",
        "Raum 1.01",
        10,
        16,
        &[
            ("Syrischer Kulturverein Hennef", "Durchführung"),
            (
                "Marokkanischer Kulturverein Sankt Augustin",
                "Sprachmittlung",
            ),
        ],
        &["Nadia El Amrani"],
        &["de", "ar"],
    ),
    (
        "Pflegeberufe kennenlernen",
        "Pflegefachkräfte aus der Community berichten von Ausbildung und Alltag im Beruf.",
        "junge Erwachsene",
        "Raum 1.02",
        10,
        20,
        &[("Afrikanischer Frauenverein Rhein-Sieg", "Durchführung")],
        &["Awa Diop"],
        &["de", "fr"],
    ),
    (
        "Ausbildung im Handwerk – Infos für Eltern auf Türkisch und Kurdisch",
        "Wie die duale Ausbildung funktioniert, was sie kostet und wie Eltern ihr Kind begleiten.",
        "Eltern",
        "Saal",
        12,
        40,
        &[
            ("Türkisch-Deutscher Elternverein Troisdorf", "Durchführung"),
            ("Kurdische Gemeinschaft Rhein-Sieg/Bonn", "Sprachmittlung"),
        ],
        &["Hêvî Şêxmûs"],
        &["tr", "ku", "de"],
    ),
    (
        "Vorstellungsgespräch üben",
        "Typische Fragen, Rollenspiele und Rückmeldung in kleiner Gruppe.",
        "Schüler/innen",
        "Raum 1.01",
        12,
        14,
        &[("Kultur- und Bildungsverein Siegburg", "Durchführung")],
        &["Emre Kaya"],
        &["de", "tr"],
    ),
    (
        "Anerkennung ausländischer Abschlüsse",
        "Welche Stelle zuständig ist, welche Unterlagen gebraucht werden und was es kostet.",
        "junge Erwachsene",
        "Raum 1.02",
        12,
        20,
        &[
            ("Russischsprachiges Kulturzentrum Lohmar", "Durchführung"),
            ("Ukrainische Initiative Rheinbach", "Sprachmittlung"),
        ],
        &[],
        &["de", "ru", "uk"],
    ),
    (
        "Ausbildung oder Studium – was passt zu mir?",
        "Ein Überblick über Ausbildung, duales Studium und Studium mit Berichten von Azubis.",
        "Schüler/innen",
        "Raum 1.01",
        14,
        15,
        &[("Eritreische Gemeinde Sankt Augustin", "Durchführung")],
        &[],
        &["de", "ti"],
    ),
    (
        "Berufe im Büro und Handel",
        "Kaufmännische Ausbildungsberufe mit Besuch von Ausbildern aus dem Einzelhandel.",
        "junge Erwachsene",
        "Raum 1.02",
        14,
        18,
        &[("Afghanischer Verein Bonn/Rhein-Sieg", "Durchführung")],
        &[],
        &["de", "fa"],
    ),
    (
        "Elternabend: Wie unterstütze ich mein Kind bei der Berufswahl?",
        "Gespräch mit Berufsberatung und Eltern, deren Kinder schon in Ausbildung sind.",
        "Eltern",
        "Saal",
        14,
        30,
        &[
            ("Marokkanischer Kulturverein Sankt Augustin", "Durchführung"),
            ("DITIB Moscheegemeinde Niederkassel", "Räume und Einladung"),
        ],
        &["Rêzan Xelîl"],
        &["de", "ar", "tr", "fr"],
    ),
];

/// A community: first names, family names, languages, the workshops its
/// members choose (indices into [`WORKSHOPS`]), and whether names get an
/// e-mail address (Latin script) or a phone number.
struct Community {
    first: &'static [&'static str],
    last: &'static [&'static str],
    languages: &'static [&'static str],
    choices: &'static [usize],
    latin: bool,
}

const COMMUNITIES: &[Community] = &[
    Community {
        first: &[
            "Ahmad", "Lina", "Omar", "Rania", "Yousef", "Hiba", "Karim", "Nour",
        ],
        last: &["Al-Hassan", "Haddad", "Khalil", "Darwish", "Mansour"],
        languages: &["ar", "de"],
        choices: &[0, 7, 3, 0],
        latin: true,
    },
    Community {
        first: &["محمد", "سارة", "علي", "ريم", "خالد", "ليلى"],
        last: &["الأحمد", "حداد", "خليل", "منصور"],
        languages: &["ar"],
        choices: &[0, 7, 6],
        latin: false,
    },
    Community {
        first: &[
            "Elif", "Mehmet", "Zeynep", "Emre", "Ayşe", "Burak", "Şeyma", "Oğuz",
        ],
        last: &["Yılmaz", "Demir", "Çelik", "Öztürk", "Şahin"],
        languages: &["tr", "de"],
        choices: &[2, 3, 7, 3],
        latin: true,
    },
    Community {
        first: &["Rojda", "Berfîn", "Azad", "Dilan", "Şêrko", "Zîlan"],
        last: &["Xelîl", "Amed", "Botan", "Ehmed"],
        languages: &["ku", "tr", "de"],
        choices: &[2, 3, 0],
        latin: true,
    },
    Community {
        first: &["Наталья", "Дмитрий", "Ирина", "Алексей", "Юлия", "Сергей"],
        last: &["Соколова", "Кузнецова", "Морозова", "Волкова"],
        languages: &["ru", "de"],
        choices: &[4, 1, 4],
        latin: false,
    },
    Community {
        first: &["Awa", "Moussa", "Fatou", "Ibrahima", "Aminata", "Chloé"],
        last: &["Diallo", "Traoré", "Ndiaye", "Camara"],
        languages: &["fr", "de"],
        choices: &[1, 7, 5],
        latin: true,
    },
    Community {
        first: &[
            "Yonas", "Selam", "Filmon", "Helen", "Senait", "Olena", "Andrii", "Maksym",
        ],
        last: &["Tesfaye", "Haile", "Kovalenko", "Shevchenko", "Bondarenko"],
        languages: &["ti", "uk", "de"],
        choices: &[5, 1, 4],
        latin: true,
    },
    Community {
        first: &[
            "Farid", "Zahra", "Mustafa", "Parisa", "Lukas", "Anna", "Jonas", "Marie",
        ],
        last: &["Ahmadi", "Rahimi", "Karimi", "Müller", "Becker"],
        languages: &["fa", "de"],
        choices: &[6, 0, 6, 3],
        latin: true,
    },
];

const SCHOOLS: &[&str] = &[
    "Gesamtschule Siegburg",
    "Realschule Troisdorf",
    "Berufskolleg Hennef",
    "Gymnasium Sankt Augustin",
    "Hauptschule Lohmar",
    "",
];

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

/// The workshop's start on the fair day, at `hour` o'clock.
fn at_hour(day: NaiveDate, hour: u32) -> NaiveDateTime {
    // The hours come from the constant table above, all within 0..24.
    day.and_hms_opt(hour, 0, 0)
        .expect("the demo's workshop hours lie within the day")
}

/// The demo organisation of that name.
fn organisation_id(db: &Db, name: &str) -> Result<i64> {
    db.conn()
        .query_row("SELECT id FROM organisation WHERE name = ?1", [name], |r| {
            r.get(0)
        })
        .optional()?
        .ok_or(Error::NotFound {
            what: Record::Organisation,
        })
}

/// The demo contact of that name.
fn contact_id(db: &Db, name: &str) -> Result<i64> {
    db.conn()
        .query_row("SELECT id FROM contact WHERE name = ?1", [name], |r| {
            r.get(0)
        })
        .optional()?
        .ok_or(Error::NotFound {
            what: Record::Contact,
        })
}

/// Loads the Ausbildungsbörse; returns the number of participants.
pub(super) fn load(db: &mut Db, now: NaiveDateTime) -> Result<usize> {
    let day = fair_day(now.year());
    let project = db
        .conn()
        .query_row(
            "SELECT id FROM project WHERE title = 'Mehrsprachige Ausbildungsbörse'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let event = events::create_event(
        db,
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
        },
        now,
    )?;
    let mut workshops = Vec::new();
    for (title, description, target, room, hour, capacity, hosts, facilitators, languages) in
        WORKSHOPS
    {
        let starts = at_hour(day, *hour);
        let hosts = hosts
            .iter()
            .map(|(name, role)| {
                Ok(Host {
                    organisation_id: organisation_id(db, name)?,
                    role: (*role).into(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let facilitators = facilitators
            .iter()
            .map(|name| contact_id(db, name))
            .collect::<Result<Vec<_>>>()?;
        workshops.push(events::create_workshop(
            db,
            event,
            &WorkshopInput {
                title: (*title).into(),
                description: (*description).into(),
                target_group: (*target).into(),
                room: (*room).into(),
                starts_at: Some(starts),
                ends_at: Some(starts + chrono::Duration::minutes(90)),
                capacity: *capacity,
                waitlist: true,
                hosts,
                facilitators,
                languages: languages.iter().map(|l| (*l).to_owned()).collect(),
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
        let c = &COMMUNITIES[i % COMMUNITIES.len()];
        let round = i / COMMUNITIES.len();
        let name = format!(
            "{} {}",
            c.first[round % c.first.len()],
            c.last[(round + round / c.first.len()) % c.last.len()]
        );
        if !seen.insert(name.clone()) {
            continue;
        }
        let choice = c.choices[round % c.choices.len()];
        let parent = WORKSHOPS[choice].2 == "Eltern";
        let minor = !parent && i % 3 != 0;
        let latin_email = c.latin && i % 2 == 0;
        let participant = events::create_participant(
            db,
            &ParticipantInput {
                birth_year: Some(if parent {
                    1975 + (i % 15) as i32
                } else {
                    day.year() - 15 - (i % 6) as i32
                }),
                school: if parent {
                    String::new()
                } else {
                    SCHOOLS[i % SCHOOLS.len()].into()
                },
                languages: c.languages.iter().map(|l| (*l).to_owned()).collect(),
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
            },
            now,
        )?;
        count += 1;
        let at = registered_at + chrono::Duration::minutes(i as i64 * 7);
        let late = RegisterOptions {
            after_closing: true,
        };
        events::register(db, workshops[choice], participant, &late, at)?;
        // Every fifth person also comes to a workshop in another slot.
        if i % 5 == 0 {
            let second = if WORKSHOPS[choice].4 == 14 { 1 } else { 7 };
            match events::register(db, workshops[second], participant, &late, at) {
                Ok(_) | Err(Error::SlotOverlaps { .. }) => {}
                Err(other) => return Err(other),
            }
        }
    }
    // A teacher of the Mediathek who also comes to the parents' workshop:
    // the access report finds both.
    let parent = events::create_participant(
        db,
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
        db,
        workshops[7],
        parent,
        &RegisterOptions {
            after_closing: true,
        },
        registered_at,
    )?;
    // A cancellation moved someone up, so staff see how that looks.
    if let Some(first) = events::registrations(db, workshops[3])?.first() {
        events::cancel(db, first.id, registered_at + chrono::Duration::days(5))?;
    }
    if now.date() > day {
        record_attendance(db, &workshops, day, &consent)?;
    }
    Ok(count)
}

/// After the fair: most came, a few did not, one walked in.
fn record_attendance(
    db: &mut Db,
    workshops: &[i64],
    day: NaiveDate,
    consent: &Consent,
) -> Result<()> {
    for (n, workshop) in workshops.iter().enumerate() {
        let start = at_hour(day, WORKSHOPS[n].4);
        for (i, r) in events::registrations(db, *workshop)?.iter().enumerate() {
            if r.status == events::RegistrationStatus::Angemeldet && i % 6 != 5 {
                events::check_in(db, r.id, false, start - chrono::Duration::minutes(5))?;
            }
        }
        if n == 0 {
            let walk_in = Person::New(Box::new(ParticipantInput {
                name: "Samira Benali".into(),
                languages: vec!["ar".into(), "fr".into()],
                consent: Some(consent.clone()),
                ..ParticipantInput::default()
            }));
            events::walk_in(db, *workshop, &walk_in, true, start)?;
        }
        events::mark_no_shows(db, *workshop)?;
    }
    Ok(())
}
