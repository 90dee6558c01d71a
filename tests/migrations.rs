//! Every schema version's frozen fixture upgrades to the latest schema with
//! its data intact, and the result equals a fresh database.

mod common;

use std::path::PathBuf;

use kiz::db::LATEST_VERSION;
use kiz::Db;

fn fixture(version: i64) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/schema_v{version}.sql"))
}

/// `sqlite_master` as comparable rows, ignoring the order of creation.
fn schema_of(path: &std::path::Path) -> Vec<(String, String, String, Option<String>)> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn there_is_a_frozen_fixture_for_every_schema_version() {
    for version in 1..=LATEST_VERSION {
        assert!(
            fixture(version).exists(),
            "schema version {version} needs tests/fixtures/schema_v{version}.sql"
        );
    }
}

#[test]
fn every_fixture_upgrades_to_the_fresh_schema_and_keeps_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let fresh_path = dir.path().join("fresh.sqlite");
    drop(Db::open(&fresh_path).unwrap());
    let fresh = schema_of(&fresh_path);

    for version in 1..=LATEST_VERSION {
        let path = dir.path().join(format!("v{version}.sqlite"));
        let sql = std::fs::read_to_string(fixture(version)).unwrap();
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.execute_batch(&sql).unwrap();
            let v: i64 = conn
                .pragma_query_value(None, "user_version", |r| r.get(0))
                .unwrap();
            assert_eq!(v, version, "fixture v{version} declares its version");
        }
        let db = Db::open(&path).expect("every older version upgrades");
        assert_eq!(db.schema_version().unwrap(), LATEST_VERSION);

        let institution = kiz::settings::institution(&db).unwrap();
        assert_eq!(
            institution.name, "KI Fixture v1",
            "institution kept (from v{version})"
        );
        assert_eq!(
            kiz::settings::ui_language(&db).unwrap(),
            kiz::settings::UiLanguage::En,
            "settings kept (from v{version})"
        );
        let names: Vec<String> = kiz::organisations::search_organisations(
            &db,
            &kiz::organisations::DirectoryQuery {
                include_archived: true,
                ..Default::default()
            },
        )
        .unwrap()
        .rows
        .into_iter()
        .map(|o| o.name)
        .collect();
        assert!(
            names.contains(&"Türkisch-Deutscher Elternverein Şahin".to_string()),
            "organisations kept (from v{version}): {names:?}"
        );
        let found = kiz::organisations::search_organisations(
            &db,
            &kiz::organisations::DirectoryQuery {
                text: "sahin".into(),
                include_archived: true,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(
            found.total, 1,
            "the directory search finds Şahin by sahin (from v{version})"
        );
        if version >= 2 {
            // Every medium has a version since v12: 1 for what was stored
            // before, what a form saved after.
            let first = kiz::catalogue::medium(&db, 1).unwrap();
            let expected = if version >= 12 {
                (3, "BUERO-2")
            } else {
                (1, "")
            };
            assert_eq!(
                (first.saved.version, first.saved.by.as_str()),
                expected,
                "the medium's version (from v{version})"
            );
            // The media search, rebuilt with its filters in v7 and with
            // the level-and-language pairs in v8, finds the fixture's media
            // by text and by filter.
            let titles = |query: kiz::catalogue::MediaQuery| -> Vec<String> {
                kiz::catalogue::search_media(&db, &query)
                    .unwrap()
                    .rows
                    .into_iter()
                    .map(|r| r.title)
                    .collect()
            };
            assert_eq!(
                titles(kiz::catalogue::MediaQuery {
                    text: "kursbu".into(),
                    ..Default::default()
                }),
                ["Schritte plus Neu 1"],
                "text search (from v{version})"
            );
            assert_eq!(
                titles(kiz::catalogue::MediaQuery {
                    language: Some("ar".into()),
                    level: Some(kiz::catalogue::Level::A1),
                    ..Default::default()
                }),
                ["Schritte plus Neu 1"],
                "filters (from v{version})"
            );
            assert_eq!(
                titles(kiz::catalogue::MediaQuery {
                    language: Some("ar".into()),
                    ..Default::default()
                }),
                ["Schritte plus Neu 1"],
                "language alone (from v{version})"
            );
            assert_eq!(
                titles(kiz::catalogue::MediaQuery {
                    language: Some("ar".into()),
                    level: Some(kiz::catalogue::Level::C2),
                    ..Default::default()
                }),
                Vec::<String>::new(),
                "a level outside the range (from v{version})"
            );
            assert_eq!(
                titles(kiz::catalogue::MediaQuery {
                    audience: Some(kiz::catalogue::Audience::Kinder),
                    ..Default::default()
                }),
                ["Medienkoffer Wortschatz Küche"],
                "audience (from v{version})"
            );
            let found = kiz::people::search_borrowers(&db, "sukru", 50, 0).unwrap();
            assert_eq!(found.0, 1, "borrower search (from v{version})");
        }
        if version >= 5 {
            // Events, workshops and participants have a version since
            // v13 (the fixture's event and workshop 1, participant 1).
            let event = kiz::events::event(&db, 1).unwrap();
            let workshop = kiz::events::workshop(&db, 1).unwrap();
            let participant = kiz::events::participant(&db, 1).unwrap();
            let saved = [event.saved, workshop.saved, participant.saved].map(|s| (s.version, s.by));
            let expected = if version >= 13 {
                [(2, "BUERO-2"), (4, "LAPTOP-BOERSE"), (2, "LAPTOP-BOERSE")]
            } else {
                [(1, ""); 3]
            }
            .map(|(v, by)| (v, by.to_owned()));
            assert_eq!(
                saved, expected,
                "the versions of Veranstaltungen (from v{version})"
            );
        }
        // What organisation 1 lets the public site show, since v19; before,
        // nothing (every organisation starts unpublished).
        let shown = kiz::publish::publication(&db, 1).unwrap();
        let texts: Vec<&str> = shown.texts.iter().map(|t| t.language.as_str()).collect();
        if version >= 19 {
            assert!(shown.published, "published (from v{version})");
            assert_eq!(
                shown.fields,
                [
                    kiz::publish::PublicField::Municipality,
                    kiz::publish::PublicField::Languages
                ]
            );
            assert_eq!(texts, ["de", "ar"]);
        } else {
            assert!(!shown.published && shown.fields.is_empty() && texts.is_empty());
        }
        if version >= 4 {
            // Offerings, contacts and projects have a version since v14
            // (the fixture's offering, contact and project 1).
            let offering = kiz::organisations::organisation(&db, 1)
                .unwrap()
                .offerings
                .into_iter()
                .find(|o| o.id == 1)
                .expect("the fixture's offering");
            let contact = kiz::organisations::contact(&db, 1).unwrap();
            let project = kiz::organisations::project(&db, 1).unwrap();
            let saved = [offering.saved, contact.saved, project.saved].map(|s| (s.version, s.by));
            let expected = if version >= 14 {
                [(3, "BUERO-2"), (2, "BUERO-1"), (2, "BUERO-2")]
            } else {
                [(1, ""); 3]
            }
            .map(|(v, by)| (v, by.to_owned()));
            assert_eq!(
                saved, expected,
                "the versions of the directory's forms (from v{version})"
            );
            // A timeline note has one since v16 (the fixture's note 1).
            let note = kiz::organisations::organisation(&db, 1)
                .unwrap()
                .timeline
                .into_iter()
                .find(|n| n.id == 1)
                .expect("the fixture's note")
                .saved;
            let expected = if version >= 16 {
                (2, "BUERO-1")
            } else {
                (1, "")
            };
            assert_eq!(
                (note.version, note.by.as_str()),
                expected,
                "the version of a timeline note (from v{version})"
            );
            // The minutes of the fixture's meeting 1 have one since v15.
            let meeting = kiz::organisations::meeting(&db, 1).unwrap().saved;
            let expected = if version >= 15 {
                (2, "BUERO-2")
            } else {
                (1, "")
            };
            assert_eq!(
                (meeting.version, meeting.by.as_str()),
                expected,
                "the version of the minutes (from v{version})"
            );
        }
        if version >= 2 {
            // A copy's details have one since v15 (the fixture's copy 1).
            let copy = kiz::catalogue::copy(&db, 1).unwrap().saved;
            let expected = if version >= 15 {
                (3, "THEKE-1")
            } else {
                (1, "")
            };
            assert_eq!(
                (copy.version, copy.by.as_str()),
                expected,
                "the version of a copy's details (from v{version})"
            );
        }
        if version >= 3 {
            let loans = kiz::lending::open_loans(&db, 1).unwrap();
            assert_eq!(loans.len(), 1, "open loan kept (from v{version})");
            assert_eq!(
                loans[0].override_reason.as_deref(),
                Some("Buch kommt morgen zurück")
            );
            // Since v18 a loan may belong to a course package's set.
            let expected = (version >= 18).then(|| "Sprachkurs A1".to_string());
            assert_eq!(
                loans[0].set_name, expected,
                "the loan's set (from v{version})"
            );
            let packages = kiz::lending::packages(&db).unwrap();
            let names: Vec<(String, usize)> = packages
                .iter()
                .map(|p| (p.code.clone(), p.parts.len()))
                .collect();
            let expected = if version >= 18 {
                vec![("KP-0001".to_string(), 2)]
            } else {
                Vec::new()
            };
            assert_eq!(names, expected, "course packages (from v{version})");
            // The terms a course end is picked from, since v18.
            let terms: Vec<String> = kiz::lending::lending_settings(&db)
                .unwrap()
                .course_terms
                .into_iter()
                .map(|t| format!("{} {}", t.name, t.ends_on))
                .collect();
            let expected: Vec<String> = if version >= 18 {
                vec!["Schulhalbjahr 1 2027-01-31".into()]
            } else {
                Vec::new()
            };
            assert_eq!(terms, expected, "course terms (from v{version})");
            // What a teacher teaches, since v18 (the fixture's borrower 1).
            let taught = kiz::people::borrower(&db, 1).unwrap();
            let expected = (version >= 18).then_some(("de", kiz::catalogue::Level::A2));
            assert_eq!(
                taught
                    .teaching_language
                    .as_deref()
                    .zip(taught.teaching_level),
                expected,
                "the teaching profile (from v{version})"
            );
            // Media reserved for a workshop, since v18 (the fixture's workshop 1).
            let material: Vec<u32> = kiz::lending::material_of_workshop(&db, 1)
                .unwrap()
                .into_iter()
                .map(|m| m.quantity)
                .collect();
            let expected = if version >= 18 { vec![2] } else { Vec::new() };
            assert_eq!(material, expected, "workshop material (from v{version})");
            let ready = kiz::lending::reservations(&db, &Default::default()).unwrap();
            assert_eq!(ready.len(), 2, "reservations kept (from v{version})");
        }
        if version >= 10 {
            // What schema 10 added keeps its data through the upgrade.
            let copy = kiz::catalogue::copy(&db, 1).unwrap();
            assert_eq!(copy.shelf, "Regal 3", "a copy's shelf (from v{version})");
            let retired = kiz::catalogue::copy(&db, 2).unwrap();
            assert_eq!(retired.retired_reason, "Wasserschaden");
            let borrower = kiz::people::borrower(&db, 1).unwrap();
            assert_eq!(borrower.address.street, "Kaiserstraße 12");
            let day = chrono::NaiveDate::from_ymd_opt(2026, 4, 6).unwrap();
            let letter = kiz::lending::reminder_letter(&db, 1, day).unwrap();
            assert_eq!(letter.items[0].title, "Schritte plus Neu 1");
            assert_eq!(
                kiz::settings::slip_format(&db).unwrap(),
                kiz::settings::SlipFormat::A5
            );
            let workshop = kiz::events::workshop(&db, 1).unwrap();
            assert_eq!(workshop.project_id, Some(1), "a workshop's project");
        }
        {
            // What the Berichte count (schema 11): filled in from older
            // files as far as their rows allow, kept from newer ones.
            let conn = rusqlite::Connection::open(&path).unwrap();
            let rows = |sql: &str| -> Vec<String> {
                let mut stmt = conn.prepare(sql).unwrap();
                stmt.query_map([], |r| r.get(0))
                    .unwrap()
                    .collect::<Result<_, _>>()
                    .unwrap()
            };
            if version >= 3 {
                let renewals =
                    rows("SELECT renewed_at FROM loan_renewal WHERE loan_id = 1 ORDER BY id");
                let expected: &[&str] = if version >= 11 {
                    &["2026-03-01T10:00:00", "2026-03-05T10:00:00"]
                } else {
                    &["2026-03-01T10:00:00"]
                };
                assert_eq!(renewals, expected, "renewals (from v{version})");
                let previous =
                    rows("SELECT coalesce(previous_loan_month, 'unknown') FROM loan ORDER BY id");
                let expected = if version >= 11 { "2026-02" } else { "unknown" };
                assert_eq!(
                    previous[1], expected,
                    "previous loan month (from v{version})"
                );
            }
            if version >= 4 {
                let changes = rows(
                    "SELECT organisation_id || ' ' || status || ' ' || changed_on
                     FROM organisation_status_change ORDER BY id",
                );
                assert_eq!(changes.len(), if version >= 11 { 3 } else { 2 });
                assert!(
                    changes[1].starts_with("2 ") && changes[1].ends_with(" 2018-01-05"),
                    "one row per organisation, on the day it was entered (from v{version}): {changes:?}"
                );
            }
            if version >= 5 {
                let registrations = rows(
                    "SELECT age_group || ' ' || coalesce(waitlisted_at, '-') FROM registration ORDER BY id",
                );
                assert_eq!(
                    registrations[..2],
                    ["15–17 -", "Eltern 2026-10-02T10:00:00"],
                    "age group and time on the waitlist (from v{version})"
                );
            }
        }
        drop(db);
        assert_eq!(
            schema_of(&path),
            fresh,
            "v{version} upgraded equals a fresh schema"
        );
    }
}

#[test]
fn opening_twice_does_not_migrate_twice() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kiz.sqlite");
    drop(Db::open(&path).unwrap());
    let db = Db::open(&path).expect("second open of an up-to-date file");
    assert_eq!(db.schema_version().unwrap(), LATEST_VERSION);
}

#[test]
fn upgrading_keeps_every_number_and_never_hands_out_an_erased_one_again() {
    let dir = tempfile::tempdir().unwrap();
    let now = chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    // Borrowers exist from v2, contacts from v4, participants from v5.
    for version in 2..=LATEST_VERSION {
        let path = dir.path().join(format!("ids-v{version}.sqlite"));
        let sql = std::fs::read_to_string(fixture(version)).unwrap();
        let names = |conn: &rusqlite::Connection, table: &str| -> Vec<(i64, String)> {
            let since = match table {
                "borrower" => 2,
                "contact" => 4,
                _ => 5,
            };
            if version < since {
                return Vec::new();
            }
            let mut stmt = conn
                .prepare(&format!("SELECT id, name FROM {table} ORDER BY id"))
                .unwrap();
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        };
        let before: Vec<Vec<(i64, String)>> = {
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.execute_batch(&sql).unwrap();
            ["borrower", "contact", "participant"]
                .iter()
                .map(|t| names(&conn, t))
                .collect()
        };
        let mut db = Db::open(&path).unwrap();
        drop(db);
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            for (table, rows) in ["borrower", "contact", "participant"].iter().zip(&before) {
                assert_eq!(
                    &names(&conn, table),
                    rows,
                    "every {table} keeps its number (from v{version})"
                );
            }
        }
        db = Db::open(&path).unwrap();
        // Fixtures from v6 on have erased borrower 7 (above every borrower
        // left); v9's also erased contact 2.
        let borrower = kiz::people::create_borrower(
            &mut db,
            &kiz::people::BorrowerInput {
                name: "Neu Nach Dem Upgrade".into(),
                ..Default::default()
            },
            now,
        )
        .unwrap();
        let highest_borrower = before[0].iter().map(|r| r.0).max().unwrap_or(0);
        let erased_borrower = if version >= 6 { 7 } else { 0 };
        assert!(
            borrower.id > highest_borrower.max(erased_borrower),
            "a new borrower gets a number never used (from v{version}): {}",
            borrower.id
        );
        let contact = kiz::organisations::create_contact(
            &mut db,
            &kiz::organisations::ContactInput {
                name: "Neue Ansprechperson".into(),
                ..Default::default()
            },
            None,
            now,
        )
        .unwrap();
        let highest_contact = before[1].iter().map(|r| r.0).max().unwrap_or(0);
        let erased_contact = if version >= 9 { 2 } else { 0 };
        assert!(
            contact.id > highest_contact.max(erased_contact),
            "a new contact gets a number never used (from v{version}): {}",
            contact.id
        );
    }
}
