//! Erased means gone from the file: after a person is erased and
//! participants are anonymised, a byte search of the database file and its
//! write-ahead log finds none of their names, in UTF-8 or UTF-16, as typed
//! or as the search index folds them.

mod common;

use std::path::Path;

use chrono::{Duration, NaiveDate};
use common::{at_ten, consent_given};
use kiz::events::{self, EventInput, ParticipantInput, RegisterOptions, WorkshopInput};
use kiz::organisations::{self, ContactInput, OrganisationInput, RoleInput};
use kiz::people::{self, BorrowerInput, PostalAddress};
use kiz::privacy::{self, Person};
use kiz::Db;

/// The database file and its write-ahead log, as bytes.
fn file_bytes(path: &Path) -> Vec<u8> {
    let mut bytes = std::fs::read(path).unwrap();
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    if let Ok(more) = std::fs::read(std::path::PathBuf::from(wal)) {
        bytes.extend(more);
    }
    bytes
}

/// The ways a name can sit in the file: UTF-8 and UTF-16 (both byte
/// orders), as typed and folded the way the search index stores words.
fn encodings(name: &str) -> Vec<(String, Vec<u8>)> {
    let mut forms = vec![name.to_owned()];
    for word in name.split_whitespace() {
        // Lower case, and as the search index stores words: folded
        // (ı → i, ß → ss) and without diacritics.
        for folded in [word.to_lowercase(), kiz::search::fold_plain(word)] {
            if folded.chars().count() >= 4 && !forms.contains(&folded) {
                forms.push(folded);
            }
        }
    }
    let mut all = Vec::new();
    for form in forms {
        all.push((format!("{form} (UTF-8)"), form.as_bytes().to_vec()));
        let le: Vec<u8> = form.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = form.encode_utf16().flat_map(u16::to_be_bytes).collect();
        all.push((format!("{form} (UTF-16LE)"), le));
        all.push((format!("{form} (UTF-16BE)"), be));
    }
    all
}

fn holds(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn erased_and_anonymised_names_are_not_in_the_database_file_or_its_log() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kiz-desk.sqlite");
    let mut db = Db::open(&path).unwrap();

    let borrower = people::create_borrower(
        &mut db,
        &BorrowerInput {
            name: "Mohammed Tahiri".into(),
            address: PostalAddress {
                street: "Zypressenweg 17".into(),
                postal_code: "53111".into(),
                town: "Bonn".into(),
                ..PostalAddress::default()
            },
            ..BorrowerInput::default()
        },
        at_ten(2026, 1, 5),
    )
    .unwrap()
    .id;
    let kept = people::create_borrower(
        &mut db,
        &BorrowerInput {
            name: "Bleibt Gespeichert".into(),
            ..BorrowerInput::default()
        },
        at_ten(2026, 1, 5),
    )
    .unwrap()
    .id;
    let organisation = organisations::create_organisation(
        &mut db,
        &OrganisationInput {
            name: "Kurdische Gemeinschaft".into(),
            ..OrganisationInput::default()
        },
        at_ten(2026, 1, 5),
    )
    .unwrap()
    .id;
    let contact = organisations::create_contact(
        &mut db,
        &ContactInput {
            name: "Rêzan Xelîlowa".into(),
            ..ContactInput::default()
        },
        Some(&RoleInput {
            organisation_id: organisation,
            role: "Vorsitz".into(),
            started_on: None,
            ended_on: None,
        }),
        at_ten(2026, 1, 5),
    )
    .unwrap()
    .id;
    let event = events::create_event(
        &mut db,
        &EventInput {
            title: "Ausbildungsbörse".into(),
            starts_on: NaiveDate::from_ymd_opt(2026, 11, 20),
            ..EventInput::default()
        },
        at_ten(2026, 9, 1),
    )
    .unwrap();
    let workshop = events::create_workshop(
        &mut db,
        event,
        &WorkshopInput {
            title: "Pflegeberufe".into(),
            starts_at: Some(at_ten(2026, 11, 20)),
            ends_at: Some(at_ten(2026, 11, 20) + Duration::hours(1)),
            capacity: 10,
            ..WorkshopInput::default()
        },
        at_ten(2026, 9, 1),
    )
    .unwrap();
    let participants = ["Олена Коваленко", "محمد الأحمد", "Zeynep Kayaoğlu"];
    for name in participants {
        let p = events::create_participant(
            &mut db,
            &ParticipantInput {
                name: name.into(),
                consent: consent_given(2026, 10, 1),
                ..ParticipantInput::default()
            },
            at_ten(2026, 10, 1),
        )
        .unwrap();
        events::register(
            &mut db,
            workshop,
            p,
            &RegisterOptions::default(),
            at_ten(2026, 10, 1),
        )
        .unwrap();
    }

    privacy::erase(
        &mut db,
        Person::Borrower(borrower),
        &[],
        "A. Becker",
        at_ten(2026, 11, 1),
    )
    .unwrap();
    privacy::erase(
        &mut db,
        Person::Contact(contact),
        &[],
        "A. Becker",
        at_ten(2026, 11, 1),
    )
    .unwrap();
    // Ninety days after the event the participants are anonymised.
    privacy::run_automatic(&mut db, at_ten(2027, 2, 19)).unwrap();

    // The search indexes were merged: no older piece of them (holding the
    // names' words) is left to be read.
    for table in ["borrower_search", "organisation_search"] {
        assert!(
            kiz::search::segments_for_tests(&db, table).unwrap() <= 1,
            "{table} is merged into one piece after the erasure"
        );
    }

    // The app keeps its connection open: look at the files as they are.
    let bytes = file_bytes(&path);
    let kept_name = people::borrower(&db, kept).unwrap().name;
    assert!(
        holds(&bytes, kept_name.as_bytes()),
        "the search does find a name that is still stored"
    );
    for name in ["Mohammed Tahiri", "Zypressenweg 17", "Rêzan Xelîlowa"]
        .into_iter()
        .chain(participants)
    {
        for (form, needle) in encodings(name) {
            assert!(
                !holds(&bytes, &needle),
                "{form} is still readable in the database file or its log"
            );
        }
    }
}

#[test]
fn a_log_held_by_a_reader_during_an_erasure_is_emptied_once_the_reader_is_done() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kiz-desk.sqlite");
    let mut db = Db::open(&path).unwrap();
    let borrower = people::create_borrower(
        &mut db,
        &BorrowerInput {
            name: "Mohammed Tahiri".into(),
            ..BorrowerInput::default()
        },
        at_ten(2026, 1, 5),
    )
    .unwrap()
    .id;
    // A backup reading from its own connection, in one read transaction.
    let reader = rusqlite::Connection::open(&path).unwrap();
    reader.execute_batch("BEGIN").unwrap();
    let _: i64 = reader
        .query_row("SELECT count(*) FROM borrower", [], |r| r.get(0))
        .unwrap();
    privacy::erase(
        &mut db,
        Person::Borrower(borrower),
        &[],
        "A. Becker",
        at_ten(2026, 11, 1),
    )
    .unwrap();
    assert!(
        !privacy::empty_log(&db).unwrap(),
        "the log cannot be emptied while the reader holds it"
    );
    reader.execute_batch("COMMIT").unwrap();
    drop(reader);
    assert!(privacy::empty_log(&db).unwrap(), "emptied after the reader");
    let bytes = file_bytes(&path);
    for (form, needle) in encodings("Mohammed Tahiri") {
        assert!(!holds(&bytes, &needle), "{form} is still readable");
    }
}
