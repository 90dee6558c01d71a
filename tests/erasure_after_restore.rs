//! Restoring a backup never erases a record that was not the one erased:
//! numbers of people are never handed out twice, an erasure the restored
//! file already holds is not applied again, and one it does not know is
//! applied only to the record it named (number and moment of creation).

mod common;

use std::path::Path;

use chrono::NaiveDateTime;
use common::{at, consent_given, november};
use kiz::backup::{self, Kind, Retention};
use kiz::events::{self, ParticipantInput};
use kiz::lending::{self, CheckoutRequest, ReturnRequest};
use kiz::organisations::{self, ContactInput};
use kiz::people::{self, BorrowerInput};
use kiz::privacy::{self, Person};
use kiz::Db;

/// The three kinds of person, each with a way to add one, to look one up
/// and to say how it appears in the deletion log.
#[derive(Clone, Copy, Debug)]
enum Kind3 {
    Borrower,
    Contact,
    Participant,
}

impl Kind3 {
    fn add(self, db: &mut Db, name: &str, when: NaiveDateTime) -> Person {
        match self {
            Kind3::Borrower => Person::Borrower(
                people::create_borrower(
                    db,
                    &BorrowerInput {
                        name: name.into(),
                        ..BorrowerInput::default()
                    },
                    when,
                )
                .unwrap()
                .id,
            ),
            Kind3::Contact => Person::Contact(
                organisations::create_contact(
                    db,
                    &ContactInput {
                        name: name.into(),
                        ..ContactInput::default()
                    },
                    None,
                    when,
                )
                .unwrap()
                .id,
            ),
            Kind3::Participant => Person::Participant(
                events::create_participant(
                    db,
                    &ParticipantInput {
                        name: name.into(),
                        consent: consent_given(2026, 11, 1),
                        ..ParticipantInput::default()
                    },
                    when,
                )
                .unwrap(),
            ),
        }
    }

    /// The person's name as stored, `None` when erased (a participant is
    /// erased by anonymisation).
    fn name(db: &Db, person: Person) -> Option<String> {
        match person {
            Person::Borrower(id) => people::borrower(db, id).ok().map(|b| b.name),
            Person::Contact(id) => organisations::contact(db, id).ok().map(|c| c.name),
            Person::Participant(id) => events::participant(db, id)
                .ok()
                .map(|p| p.name)
                .filter(|n| n != "Anonymisiert"),
        }
    }
}

fn id(person: Person) -> i64 {
    match person {
        Person::Borrower(id) | Person::Contact(id) | Person::Participant(id) => id,
    }
}

fn backup_of(db: &Db, folder: &Path, when: NaiveDateTime) -> std::path::PathBuf {
    backup::backup(
        db,
        folder,
        Kind::Regular,
        when,
        Retention::default(),
        &mut |_, _| {},
    )
    .unwrap()
    .path
}

const KINDS: [Kind3; 3] = [Kind3::Borrower, Kind3::Contact, Kind3::Participant];

#[test]
fn a_person_added_after_an_erasure_survives_the_restore_of_a_later_backup() {
    for kind in KINDS {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("Sicherungen");
        let mut db = Db::open(&dir.path().join("kiz-desk.sqlite")).unwrap();
        kind.add(&mut db, "Erste Person", at(november(1), 9, 0));
        let erased = kind.add(&mut db, "Mohammed Ali", at(november(1), 10, 0));
        privacy::erase(&mut db, erased, &[], "A. Becker", at(november(2), 9, 0)).unwrap();
        let newcomer = kind.add(&mut db, "Neue Person", at(november(2), 10, 0));
        assert_ne!(
            id(newcomer),
            id(erased),
            "{kind:?}: the erased person's number is never handed out again"
        );
        let later = backup_of(&db, &folder, at(november(2), 11, 0));
        backup::restore(&mut db, &later, &folder, at(november(3), 9, 0)).unwrap();
        assert_eq!(
            Kind3::name(&db, newcomer).as_deref(),
            Some("Neue Person"),
            "{kind:?}: the person added after the erasure is kept"
        );
        assert_eq!(Kind3::name(&db, erased), None, "{kind:?}: still erased");
    }
}

#[test]
fn a_backup_from_before_the_erasure_still_loses_the_erased_person() {
    for kind in KINDS {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("Sicherungen");
        let mut db = Db::open(&dir.path().join("kiz-desk.sqlite")).unwrap();
        let stays = kind.add(&mut db, "Awa Diop", at(november(1), 9, 0));
        let erased = kind.add(&mut db, "Amal Haddad", at(november(1), 10, 0));
        let older = backup_of(&db, &folder, at(november(1), 11, 0));
        privacy::erase(&mut db, erased, &[], "A. Becker", at(november(2), 9, 0)).unwrap();
        backup::restore(&mut db, &older, &folder, at(november(3), 9, 0)).unwrap();
        assert_eq!(
            Kind3::name(&db, erased),
            None,
            "{kind:?}: the erasure is applied to the restored file"
        );
        assert_eq!(Kind3::name(&db, stays).as_deref(), Some("Awa Diop"));
        let log = privacy::deletion_log(&db).unwrap();
        let entry = log
            .iter()
            .find(|e| e.rule == "erasure")
            .expect("the log came along");
        assert_eq!(entry.record_ids, [id(erased)]);
        assert_eq!(
            entry.record_created,
            ["2026-11-01T10:00:00"],
            "{kind:?}: the log says which record, by the moment it was created"
        );
        assert!(!format!("{log:?}").contains("Amal"), "no name in the log");
    }
}

#[test]
fn an_erasure_the_restored_file_already_holds_is_not_applied_again() {
    // A file whose log holds an erasure of number N and whose record N is
    // someone else (as files from before schema 9 could have, when the
    // newest record was erased and its number handed out again).
    for kind in KINDS {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("Sicherungen");
        let mut db = Db::open(&dir.path().join("kiz-desk.sqlite")).unwrap();
        let erased = kind.add(&mut db, "Mohammed Ali", at(november(1), 10, 0));
        privacy::erase(&mut db, erased, &[], "A. Becker", at(november(2), 9, 0)).unwrap();
        let later = backup_of(&db, &folder, at(november(2), 11, 0));
        {
            // In the backup, put someone else under the erased number.
            let conn = rusqlite::Connection::open(&later).unwrap();
            let sql = match erased {
                Person::Borrower(_) => {
                    "INSERT OR REPLACE INTO borrower (id, kind, name, card_number, created_at, updated_at)
                     VALUES (?1, 'ehrenamtlich', 'Andere Person', 'KI-A-999999',
                             '2026-11-02T10:00:00', '2026-11-02T10:00:00')"
                }
                Person::Contact(_) => {
                    "INSERT OR REPLACE INTO contact (id, name, created_at, updated_at)
                     VALUES (?1, 'Andere Person', '2026-11-02T10:00:00', '2026-11-02T10:00:00')"
                }
                Person::Participant(_) => {
                    "INSERT OR REPLACE INTO participant (id, name, consent_on, consent_version,
                                                         created_at, updated_at)
                     VALUES (?1, 'Andere Person', '2026-11-02', '2026-1',
                             '2026-11-02T10:00:00', '2026-11-02T10:00:00')"
                }
            };
            conn.execute(sql, [id(erased)]).unwrap();
        }
        backup::restore(&mut db, &later, &folder, at(november(3), 9, 0)).unwrap();
        assert_eq!(
            Kind3::name(&db, erased).as_deref(),
            Some("Andere Person"),
            "{kind:?}: the file's own log says the erasure took effect there"
        );
        assert_eq!(
            privacy::deletion_log(&db)
                .unwrap()
                .iter()
                .filter(|e| e.rule == "erasure")
                .count(),
            1,
            "{kind:?}: the entry is not doubled"
        );
    }
}

#[test]
fn an_erasure_sticks_even_where_the_restored_state_still_had_an_item_on_loan() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("Sicherungen");
    let mut db = Db::open(&dir.path().join("kiz-desk.sqlite")).unwrap();
    common::medium_with_copy(&mut db, "Linie 1 A2", "KI-M-000001");
    let Person::Borrower(teacher) =
        Kind3::Borrower.add(&mut db, "Amal Haddad", at(november(1), 9, 0))
    else {
        unreachable!("a borrower was added")
    };
    lending::checkout(
        &mut db,
        &CheckoutRequest {
            borrower_id: teacher,
            barcode: "KI-M-000001".into(),
            override_reason: None,
            course_end: None,
        },
        at(november(1), 10, 0),
    )
    .unwrap();
    let with_loan = backup_of(&db, &folder, at(november(1), 11, 0));
    lending::checkin(
        &mut db,
        &ReturnRequest {
            barcode: "KI-M-000001".into(),
            missing_parts: vec![],
        },
        at(november(2), 9, 0),
    )
    .unwrap();
    privacy::erase(
        &mut db,
        Person::Borrower(teacher),
        &[],
        "A. Becker",
        at(november(2), 10, 0),
    )
    .unwrap();

    // Restored twice: the first restore must not only note the entry but
    // carry it out, or the second would take it as done.
    for day in [3, 4] {
        backup::restore(&mut db, &with_loan, &folder, at(november(day), 9, 0)).unwrap();
        assert_eq!(
            Kind3::name(&db, Person::Borrower(teacher)),
            None,
            "erased, although the older state still had her loan (restore on day {day})"
        );
        let conn = rusqlite::Connection::open(dir.path().join("kiz-desk.sqlite")).unwrap();
        let mut stmt = conn
            .prepare(
                "SELECT l.borrower_id FROM loan AS l JOIN copy AS c ON c.id = l.copy_id
                 WHERE c.barcode = 'KI-M-000001' AND l.returned_at IS NULL",
            )
            .unwrap();
        let open: Vec<Option<i64>> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            open,
            [None],
            "the loan of that state stays open, without her name"
        );
    }
}

#[test]
fn numbers_given_out_after_a_backup_are_not_given_out_again_after_restoring_it() {
    for kind in KINDS {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("Sicherungen");
        let mut db = Db::open(&dir.path().join("kiz-desk.sqlite")).unwrap();
        kind.add(&mut db, "Erste Person", at(november(1), 9, 0));
        let older = backup_of(&db, &folder, at(november(1), 10, 0));
        let erased = kind.add(&mut db, "Mohammed Ali", at(november(1), 11, 0));
        privacy::erase(&mut db, erased, &[], "A. Becker", at(november(2), 9, 0)).unwrap();
        backup::restore(&mut db, &older, &folder, at(november(3), 9, 0)).unwrap();
        let newcomer = kind.add(&mut db, "Neue Person", at(november(3), 10, 0));
        assert!(
            id(newcomer) > id(erased),
            "{kind:?}: the restored file numbers above the erased person ({} after {})",
            id(newcomer),
            id(erased)
        );
    }
}

#[test]
fn an_erasure_the_restored_file_does_not_know_meets_only_the_record_it_named() {
    // The file restored was never this database's: its record with the
    // erased number is another person, created at another moment.
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("Sicherungen");
    let mut db = Db::open(&dir.path().join("kiz-desk.sqlite")).unwrap();
    let erased = Kind3::Borrower.add(&mut db, "Mohammed Ali", at(november(1), 10, 0));
    privacy::erase(&mut db, erased, &[], "A. Becker", at(november(2), 9, 0)).unwrap();

    let other_dir = tempfile::tempdir().unwrap();
    let mut other = Db::open(&other_dir.path().join("kiz-desk.sqlite")).unwrap();
    let someone = Kind3::Borrower.add(&mut other, "Mohammed Ali", at(november(1), 15, 0));
    assert_eq!(id(someone), id(erased), "the same number, another person");
    let foreign = backup_of(
        &other,
        &other_dir.path().join("Sicherungen"),
        at(november(2), 12, 0),
    );
    drop(other);

    backup::restore(&mut db, &foreign, &folder, at(november(3), 9, 0)).unwrap();
    assert_eq!(
        Kind3::name(&db, someone).as_deref(),
        Some("Mohammed Ali"),
        "a record created at another moment is not the one erased"
    );
    assert!(
        privacy::deletion_log(&db)
            .unwrap()
            .iter()
            .any(|e| e.rule == "erasure" && e.record_ids == [id(erased)]),
        "the entry is carried into the restored file's log"
    );
}
