//! Demo data for a first look and for training: the institution, the three
//! migrant organisations named in the Rhein-Sieg-Kreis article of December
//! 2017, about 60 media of every Mediengruppe and level with their copies,
//! and 15 borrowers with names from the communities the centre serves.
//! The demo Ausbildungsbörse with its workshops and participants is in
//! [`events`]. The records themselves are data files in `src/demo/data/`
//! (read by `data.rs`); the code here enters them through the same core
//! functions staff use, and adds what depends on the day of loading (loans,
//! meetings, projects).

mod data;
mod events;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::catalogue::{self, CopyInput, MediumInput};
use crate::db::engine::{args, Engine, Sql};
use crate::lending;
use crate::organisations::{self, OrganisationInput};
use crate::people::{self, BorrowerInput, Consent};
use crate::settings::{self, Institution};
use crate::Record;
use crate::{Db, Error, Result};

/// What [`load`] put into the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemoSummary {
    /// Organisations added.
    pub organisations: usize,
    /// Media added.
    pub media: usize,
    /// Copies added.
    pub copies: usize,
    /// Borrowers added.
    pub borrowers: usize,
    /// Participants of the demo Ausbildungsbörse.
    pub participants: usize,
}

/// Whether the database holds no data of its own yet (a fresh file).
///
/// # Errors
/// Only SQLite failures.
pub fn is_empty(db: &Db) -> Result<bool> {
    is_empty_in(db.conn())
}

/// [`is_empty`] on either engine. A database the demo was once loaded
/// into (or is being loaded into, on another PC of a shared database)
/// is not empty either, even before its first record is stored.
///
/// # Errors
/// A failure of the engine.
pub fn is_empty_in(sql: &dyn Sql) -> Result<bool> {
    let has_any: bool = crate::db::engine::scalar(
        sql,
        &format!("SELECT {HOLDS_RECORDS} OR EXISTS (SELECT 1 FROM app_setting WHERE key = ?1)"),
        args![DEMO_LOADED],
    )?;
    Ok(!has_any)
}

/// True when the database holds a record of its own.
const HOLDS_RECORDS: &str = "(EXISTS (SELECT 1 FROM organisation) OR EXISTS (SELECT 1 FROM medium)
     OR EXISTS (SELECT 1 FROM borrower) OR EXISTS (SELECT 1 FROM event)
     OR EXISTS (SELECT 1 FROM participant))";

/// The setting that records when the demo was loaded; written first, in
/// the same write that finds the database empty.
const DEMO_LOADED: &str = "demo_loaded_at";

/// Loads the demo data: the institution, then each organisation, contact,
/// medium with its copies, borrower, loan and the fair through the same
/// core functions staff use (so demo records obey every rule), each in its
/// own transaction. On either engine: this PC's file, or a shared database
/// set up for training (`tests/demo.rs` loads both and compares them).
///
/// # Errors
/// [`Error::DemoNeedsEmptyDatabase`] when the database already holds
/// organisations, media or borrowers: demo records never mix with real ones.
/// [`Error::Io`] when a data file in `src/demo/data/` does not read (a
/// test reads them all, so a build never ships one). Any error of the core
/// functions, should a demo record break a rule.
pub fn load(store: &mut impl Engine, now: NaiveDateTime) -> Result<DemoSummary> {
    if !store.read_sql(is_empty_in)? {
        return Err(Error::DemoNeedsEmptyDatabase);
    }
    // Every file is read before anything is stored: a broken one leaves
    // the database empty.
    let demo = data::read()?;
    // The demo loads in many writes; the first claims the empty database,
    // so that two PCs of a shared database loading at once (the server's
    // writes wait for each other) cannot both fill it.
    store.write_sql(|tx| {
        if !is_empty_in(tx)? {
            return Err(Error::DemoNeedsEmptyDatabase);
        }
        settings::put_setting_in(tx, DEMO_LOADED, &crate::time::timestamp(now))
    })?;
    let loaded = load_records(store, demo, now);
    if loaded.is_err() {
        // Stopped before its first record (the server gone, say): the
        // claim is taken back, so that the demo can be loaded once the
        // cause is gone. Stopped later, the records stored so far keep
        // the database from counting as empty anyway. If even this fails,
        // the first error is the one to report.
        let _ = store.write_sql(|tx| {
            tx.run(
                &format!("DELETE FROM app_setting WHERE key = ?1 AND NOT {HOLDS_RECORDS}"),
                args![DEMO_LOADED],
            )
        });
    }
    loaded
}

/// Everything of the demo after the claim, in the order [`load`] names.
fn load_records(
    store: &mut impl Engine,
    demo: data::Demo,
    now: NaiveDateTime,
) -> Result<DemoSummary> {
    settings::save_institution(
        store,
        &Institution {
            name: "Kommunales Integrationszentrum Rhein-Sieg-Kreis".into(),
            department: "Mediathek und Migrantenorganisationen".into(),
            street: "Kaiser-Wilhelm-Platz 1".into(),
            postal_code: "53721".into(),
            city: "Siegburg".into(),
            phone: "02241 13-0".into(),
            email: "integration@rhein-sieg-kreis.example".into(),
            website: "www.rhein-sieg-kreis.de".into(),
            opening_hours: "Mo–Do 9–16 Uhr, Fr 9–12 Uhr".into(),
        },
    )?;
    let organisation_count = load_organisations(store, &demo.organisations, now)?;
    load_cooperation(store, demo.contacts, now)?;
    let (media, copies) = load_media(store, &demo.media, now)?;
    load_packages(store, now)?;
    let borrowers = load_borrowers(store, &demo.borrowers, now)?;
    load_loans(store, now)?;
    let participants = events::load(store, &demo.fair, now)?;
    Ok(DemoSummary {
        organisations: organisation_count,
        media,
        copies,
        borrowers,
        participants,
    })
}

fn load_media(
    store: &mut impl Engine,
    media: &[data::Medium],
    now: NaiveDateTime,
) -> Result<(usize, usize)> {
    let kinds = store.read_sql(catalogue::media_kinds_in)?;
    let mut copies = 0;
    for demo in media {
        let kind_id = kinds
            .iter()
            .find(|k| k.code == demo.kind)
            .map(|k| k.id)
            .ok_or(Error::UnknownMediaKind)?;
        let input = MediumInput {
            kind_id,
            title: demo.title.clone(),
            authors: demo.authors.clone(),
            publisher: demo.publisher.clone(),
            year: Some(demo.year),
            level_from: demo.level_from,
            level_to: demo.level_to,
            audience: demo.audience,
            target_language: Some(demo.target_language.clone()),
            support_languages: demo.support_languages.clone(),
            topics: demo.topics.clone(),
            location: format!(
                "Regal {}",
                demo.kind.chars().next().unwrap_or('X').to_ascii_uppercase()
            ),
            kit_items: demo.kit.clone(),
            ..MediumInput::default()
        };
        let medium = catalogue::create_medium(store, &input, now)?;
        for _ in 0..demo.copies {
            catalogue::add_copy(store, medium.id, &CopyInput::default(), now)?;
            copies += 1;
        }
    }
    Ok((media.len(), copies))
}

/// Two course packages of demo media (issue 23): what a course of each
/// needs, to scan at the desk from their cards (KP-0001, KP-0002).
const PACKAGES: &[(&str, &[&str])] = &[
    (
        "Schritte plus Neu 1 – Kurspaket A1",
        &[
            "Schritte plus Neu 1 – Kursbuch und Arbeitsbuch",
            "Schritte plus Neu 1 – Audio-CDs zum Kursbuch",
            "Leichte Lektüre A1 – Ein Tag in Siegburg",
            "Wortschatz-Memo Alltag",
        ],
    ),
    (
        "Alphabetisierung – Einstieg",
        &[
            "Alpha plus – Basiskurs Alphabetisierung",
            "Buchstaben-Puzzle Alpha",
        ],
    ),
];

fn load_packages(store: &mut impl Engine, now: NaiveDateTime) -> Result<()> {
    for (name, titles) in PACKAGES {
        let parts = store.read_sql(|sql| {
            titles
                .iter()
                .map(|title| {
                    let medium_id = crate::db::engine::value::<i64>(
                        sql,
                        "SELECT id FROM medium WHERE title = ?1",
                        &[(*title).into()],
                    )?
                    .ok_or(Error::NotFound {
                        what: crate::Record::Medium,
                    })?;
                    Ok(lending::PartInput {
                        medium_id,
                        quantity: 1,
                    })
                })
                .collect::<Result<Vec<_>>>()
        })?;
        let input = lending::PackageInput {
            name: (*name).into(),
            note: String::new(),
            parts,
        };
        lending::save_package(store, None, &input, now)?;
    }
    Ok(())
}

fn load_borrowers(
    store: &mut impl Engine,
    borrowers: &[data::Borrower],
    now: NaiveDateTime,
) -> Result<usize> {
    let organisations = store.read_sql(organisations::list_in)?;
    for (i, demo) in borrowers.iter().enumerate() {
        let organisation_id = organisations
            .iter()
            .find(|o| o.name == demo.name)
            .map(|o| o.id);
        let consent = (i % 3 == 0).then(|| Consent {
            given_on: now.date(),
            text_version: "2026-1".into(),
        });
        let input = BorrowerInput {
            kind: demo.kind,
            name: demo.name.clone(),
            organisation_id,
            email: demo.email.clone(),
            print_language: demo.print_language.clone(),
            history_consent: consent.clone(),
            email_consent: if demo.email.is_empty() { None } else { consent },
            ..BorrowerInput::default()
        };
        people::create_borrower(store, &input, now)?;
    }
    Ok(borrowers.len())
}

/// A few loans so the desk, the overdue list and the reservations are not
/// empty: current and overdue loans (one with a first reminder) and a
/// reservation. They use the highest Inventarnummern, so the first copies
/// of every medium stay on the shelf for training.
fn load_loans(store: &mut impl Engine, now: NaiveDateTime) -> Result<()> {
    let (barcodes, borrowers) = store.read_sql(|sql| {
        // In byte order on both engines: the same copies are lent whatever
        // the server database's collation.
        let order = sql.dialect().byte_order("barcode");
        let barcodes = sql
            .rows(
                &format!("SELECT barcode FROM copy ORDER BY {order} DESC LIMIT 8"),
                &[],
            )?
            .iter()
            .map(|r| r.get::<String>(0))
            .collect::<Result<Vec<_>>>()?;
        let borrowers = sql
            .rows("SELECT id FROM borrower ORDER BY id", &[])?
            .iter()
            .map(|r| r.get::<i64>(0))
            .collect::<Result<Vec<_>>>()?;
        Ok((barcodes, borrowers))
    })?;
    if barcodes.len() < 6 || borrowers.len() < 6 {
        return Ok(());
    }
    let days_ago = |d: u64| now - chrono::Days::new(d);
    // (borrower index, copy index, lent how many days ago)
    let plan = [
        (1, 0, 60),
        (1, 1, 9),
        (2, 2, 12),
        (2, 3, 3),
        (3, 4, 45),
        (4, 5, 20),
    ];
    for (who, copy, ago) in plan {
        lending::checkout(
            store,
            &lending::CheckoutRequest {
                borrower_id: borrowers[who],
                barcode: barcodes[copy].clone(),
                override_reason: Some("Demodaten".into()),
                course_end: None,
            },
            days_ago(ago),
        )?;
    }
    // The 60-day loan got its first reminder yesterday.
    lending::record_reminders(store, borrowers[1], days_ago(1).date())?;
    // Someone waits for what borrower 3 has.
    let medium_id: i64 = store.read_sql(|sql| {
        crate::db::engine::scalar(
            sql,
            "SELECT medium_id FROM copy WHERE barcode = ?1",
            &[barcodes[4].as_str().into()],
        )
    })?;
    lending::reserve(store, medium_id, borrowers[5], days_ago(2))?;
    Ok(())
}

fn load_organisations(
    store: &mut impl Engine,
    all: &[data::Organisation],
    now: NaiveDateTime,
) -> Result<usize> {
    let kinds = store.read_sql(organisations::organisation_kinds_in)?;
    let offering_kinds = store.read_sql(organisations::offering_kinds_in)?;
    let id_of = |list: &[crate::pick_lists::Entry], code: &str| {
        list.iter()
            .find(|k| k.code == code)
            .map(|k| k.id)
            .ok_or(Error::UnknownOrganisationKind)
    };
    for demo in all {
        let o = organisations::create_organisation(
            store,
            &OrganisationInput {
                name: demo.name.clone(),
                short_name: demo.short_name.clone(),
                kind_id: Some(id_of(&kinds, &demo.kind)?),
                languages: demo.languages.clone(),
                municipality: demo.municipality.clone(),
                has_rooms: !demo.rooms.is_empty(),
                rooms_description: demo.rooms.clone(),
                status: demo.status,
                notes: demo.notes.clone(),
                ..OrganisationInput::default()
            },
            now,
        )?;
        for count in &demo.members {
            organisations::add_member_count(store, o.id, count)?;
        }
        for offering in &demo.offerings {
            organisations::save_offering(
                store,
                o.id,
                None,
                &organisations::OfferingInput {
                    kind_id: id_of(&offering_kinds, &offering.kind)?,
                    title: offering.title.clone(),
                    target_group: offering.target_group.clone(),
                    languages: offering.languages.clone(),
                    schedule: offering.schedule.clone(),
                    place: offering.place.clone(),
                    active: true,
                    version: None,
                },
                now,
                "",
            )?;
        }
    }
    Ok(all.len())
}

/// Contacts (from `data/contacts.toml`), two projects and the Arbeitskreis
/// with two past meetings and an upcoming one. The projects and the
/// Arbeitskreis stay written here: there are few of them, their dates are
/// counted from `now`, and they refer to what was loaded before (the
/// chairs attend the first meeting), which the calls say more plainly than
/// a data file would.
fn load_cooperation(
    store: &mut impl Engine,
    contacts: Vec<data::Contact>,
    now: NaiveDateTime,
) -> Result<()> {
    let all = store.read_sql(organisations::list_in)?;
    let id = |name: &str| {
        all.iter()
            .find(|o| o.name == name)
            .map(|o| o.id)
            .ok_or(Error::NotFound {
                what: Record::Organisation,
            })
    };
    let kbv = id("Kultur- und Bildungsverein Siegburg")?;
    let mkv = id("Marokkanischer Kulturverein Sankt Augustin")?;
    let kurds = id("Kurdische Gemeinschaft Rhein-Sieg/Bonn")?;
    let women = id("Afrikanischer Frauenverein Rhein-Sieg")?;
    let parents = id("Türkisch-Deutscher Elternverein Troisdorf")?;
    let today = now.date();
    let consent = Some(Consent {
        given_on: today,
        text_version: "2026-1".into(),
    });
    let mut chairs = Vec::new();
    for demo in contacts {
        let organisation = id(&demo.organisation)?;
        let c = organisations::create_contact(
            store,
            &organisations::ContactInput {
                name: demo.name,
                email: demo.email,
                phone: demo.phone,
                languages: demo.languages,
                consent: consent.clone(),
                ..organisations::ContactInput::default()
            },
            Some(&organisations::RoleInput {
                organisation_id: organisation,
                role: demo.role.clone(),
                started_on: Some(today - chrono::Days::new(700)),
                ended_on: None,
            }),
            now,
        )?;
        if demo.role == "Vorsitz" {
            chairs.push((organisation, c.id));
        }
    }
    let partner = |organisation_id: i64, role: &str| organisations::Partner {
        organisation_id,
        role: role.into(),
        ..organisations::Partner::default()
    };
    organisations::create_project(
        store,
        &organisations::ProjectInput {
            title: "Mehrsprachige Ausbildungsbörse".into(),
            description: "Workshops von Migrantenorganisationen für Jugendliche und Eltern.".into(),
            starts_on: Some(today - chrono::Days::new(200)),
            ends_on: Some(today + chrono::Days::new(30)),
            status: organisations::ProjectStatus::Laufend,
            staff: "Team Bildung".into(),
            funding_source: "Landesprogramm".into(),
            funding_cents: Some(1_200_000),
            partners: vec![
                partner(kbv, "Workshop Bewerbung"),
                partner(kurds, "Workshop Elterninformation"),
                partner(mkv, "Sprachmittlung"),
            ],
            ..organisations::ProjectInput::default()
        },
        now,
    )?;
    organisations::create_project(
        store,
        &organisations::ProjectInput {
            title: "Elterncafés in Troisdorf".into(),
            starts_on: Some(today - chrono::Days::new(500)),
            ends_on: Some(today - chrono::Days::new(120)),
            status: organisations::ProjectStatus::Abgeschlossen,
            staff: "Team Elternarbeit".into(),
            outcomes: "Zwölf Treffen mit zusammen rund 150 Eltern.".into(),
            partners: vec![partner(parents, "Gastgeber"), partner(women, "Moderation")],
            ..organisations::ProjectInput::default()
        },
        now,
    )?;
    let group = organisations::create_working_group(
        store,
        "Arbeitskreis Migrantenorganisationen",
        "Plant und begleitet Kooperationsprojekte gemeinsam mit den Organisationen.",
        now,
    )?;
    for member in [kbv, mkv, kurds, women] {
        organisations::join(store, group, member, today - chrono::Days::new(365))?;
    }
    let at_six = |day: NaiveDate| day.and_hms_opt(18, 0, 0).unwrap_or(now);
    let first = organisations::save_meeting(
        store,
        group,
        None,
        &organisations::MeetingInput {
            starts_at: Some(at_six(today - chrono::Days::new(90))),
            place: "Kreishaus Siegburg, Raum 1.12".into(),
            agenda: "Ausbildungsbörse: Ideen für Workshops\nTermine".into(),
            minutes: "Drei Organisationen wollen Workshops anbieten.".into(),
            version: None,
        },
        now,
        "",
    )?;
    // The first meeting person by person; the second (below) per
    // organisation, as recorded before persons were.
    organisations::set_attendees(
        store,
        first,
        &chairs
            .iter()
            .map(
                |(organisation_id, contact_id)| organisations::AttendeeInput {
                    organisation_id: *organisation_id,
                    contact_id: *contact_id,
                    status: organisations::AttendanceStatus::Anwesend,
                },
            )
            .collect::<Vec<_>>(),
        now,
        None,
        "",
    )?;
    organisations::add_decision(
        store,
        first,
        "Jede Organisation plant höchstens zwei Workshops.",
    )?;
    let second = organisations::save_meeting(
        store,
        group,
        None,
        &organisations::MeetingInput {
            starts_at: Some(at_six(today - chrono::Days::new(30))),
            place: "Kultur- und Bildungsverein Siegburg".into(),
            agenda: "Räume und Zeiten der Workshops".into(),
            minutes: "Raumplan abgestimmt.".into(),
            version: None,
        },
        now,
        "",
    )?;
    organisations::set_attendance(
        store,
        second,
        &[kbv, women]
            .iter()
            .map(|organisation_id| organisations::Attendance {
                organisation_id: *organisation_id,
                present: true,
                persons: 2,
                ..organisations::Attendance::default()
            })
            .collect::<Vec<_>>(),
    )?;
    organisations::add_action(
        store,
        second,
        "Plakate in fünf Sprachen drucken",
        "Team Bildung",
        Some(today + chrono::Days::new(7)),
    )?;
    organisations::add_action(
        store,
        second,
        "Dolmetschende für den Elternworkshop anfragen",
        "Marokkanischer Kulturverein",
        Some(today + chrono::Days::new(10)),
    )?;
    organisations::save_meeting(
        store,
        group,
        None,
        &organisations::MeetingInput {
            starts_at: Some(at_six(today + chrono::Days::new(14))),
            place: "Kreishaus Siegburg, Raum 1.12".into(),
            agenda: "Rückblick Ausbildungsbörse\nPlanung des nächsten Jahres".into(),
            ..organisations::MeetingInput::default()
        },
        now,
        "",
    )?;
    Ok(())
}
