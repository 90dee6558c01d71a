//! Sicherungen: verified backups, rotation, restore (also of older
//! versions), refusing files that are not ours, the start-up check with a
//! damaged file, and a full disk that loses nothing.

mod common;

use std::path::Path;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use common::{day, now};
use kiz::backup::{self, Kind, Retention};
use kiz::error::Param;
use kiz::file_names::is_valid_windows_file_name;
use kiz::people::{self, BorrowerInput};
use kiz::{db, Db};

fn add_borrower(db: &mut Db, name: &str) -> i64 {
    people::create_borrower(
        db,
        &BorrowerInput {
            name: name.into(),
            ..BorrowerInput::default()
        },
        now(),
    )
    .unwrap()
    .id
}

fn borrowers(db: &Db) -> i64 {
    db::count_rows_for_tests(db, "borrower").unwrap()
}

fn make(db: &Db, folder: &Path, at: NaiveDateTime) -> backup::BackupInfo {
    backup::backup(
        db,
        folder,
        Kind::Regular,
        at,
        Retention::default(),
        &mut |_, _| {},
    )
    .unwrap()
}

#[test]
fn a_backup_is_verified_named_by_its_moment_and_lists_what_it_holds() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("kiz-desk.sqlite")).unwrap();
    kiz::demo::load(&mut db, now()).unwrap();
    let folder = dir.path().join("Sicherungen");
    assert!(backup::due(&folder, now().date()), "no backup yet");
    let mut steps = Vec::new();
    let made = backup::backup(
        &db,
        &folder,
        Kind::Regular,
        now(),
        Retention::default(),
        &mut |done, all| {
            steps.push((done, all));
        },
    )
    .unwrap();
    assert_eq!(made.file_name, "KIZ-Desk_2026-11-12_093000.sqlite");
    let contents = made.contents.unwrap();
    assert_eq!(contents.schema_version, kiz::db::LATEST_VERSION);
    assert_eq!(contents.media, 60);
    assert_eq!(
        contents.participants, 151,
        "the demo's 150 and a teacher who also came"
    );
    let (done, all) = *steps.last().unwrap();
    assert!(all > 0 && done == all, "progress ends at 100 %: {steps:?}");
    assert!(!backup::due(&folder, now().date()), "one a day");
    assert!(backup::due(&folder, now().date() + Duration::days(1)));
    let names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        std::slice::from_ref(&made.file_name),
        "no .part and no WAL left: {names:?}"
    );
    // A second backup in the same second gets its own name.
    let again = make(&db, &folder, now());
    assert_ne!(again.file_name, made.file_name);
    for name in [&made.file_name, &again.file_name] {
        assert!(
            is_valid_windows_file_name(name),
            "{name} is valid on Windows"
        );
    }
    let listed: Vec<String> = backup::list(&folder)
        .unwrap()
        .into_iter()
        .map(|b| b.file_name)
        .collect();
    assert_eq!(listed, [again.file_name, made.file_name], "newest first");
}

#[test]
fn rotation_keeps_seven_days_four_weeks_and_twelve_months() {
    let start = NaiveDate::from_ymd_opt(2025, 1, 1)
        .unwrap()
        .and_hms_opt(8, 0, 0)
        .unwrap();
    // One backup every day for 500 days, two on the last day.
    let mut times: Vec<NaiveDateTime> = (0..500).map(|d| start + Duration::days(d)).collect();
    let last = *times.last().unwrap();
    times.push(last + Duration::hours(3));
    let keep = backup::kept(&times, Retention::default());
    let newest = last + Duration::hours(3);
    assert!(keep.contains(&newest), "the newest is always kept");
    assert!(
        !keep.contains(&last),
        "one per day: the earlier one of the last day goes"
    );
    let days: Vec<_> = keep
        .iter()
        .filter(|t| **t > newest - Duration::days(7))
        .collect();
    assert_eq!(days.len(), 7, "the last seven days");
    let months: std::collections::BTreeSet<_> = keep
        .iter()
        .map(|t| chrono::Datelike::month(t) + 12 * chrono::Datelike::year(t) as u32)
        .collect();
    assert_eq!(months.len(), 12, "twelve months reach back a year");
    assert!(keep.len() <= 7 + 4 + 12);
    assert!(keep.iter().all(|t| *t > newest - Duration::days(366)));

    let none = backup::kept(
        &times,
        Retention {
            daily: 2,
            weekly: 0,
            monthly: 0,
        },
    );
    assert_eq!(none.len(), 2);

    // On disk: after a new backup only what the rule keeps is left.
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("kiz-desk.sqlite")).unwrap();
    let folder = dir.path().join("Sicherungen");
    // Thursday 12 to Monday 23 November: the last seven days (17–23), and
    // of the week before them its newest (Sunday 15).
    for d in 0..12 {
        make(&db, &folder, now() + Duration::days(d));
    }
    let left: Vec<u32> = backup::list(&folder)
        .unwrap()
        .iter()
        .map(|b| chrono::Datelike::day(&b.made_at))
        .collect();
    assert_eq!(left, [23, 22, 21, 20, 19, 18, 17, 15]);
}

#[test]
fn an_unreachable_backup_folder_is_reported_and_deletes_no_good_backup() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("kiz-desk.sqlite")).unwrap();
    let folder = dir.path().join("Sicherungen");
    make(&db, &folder, now());
    // A file where the folder should be (a network drive that is gone
    // looks the same to the app).
    let blocked = dir.path().join("kein-ordner");
    std::fs::write(&blocked, b"x").unwrap();
    let err = backup::backup(
        &db,
        &blocked.join("Sicherungen"),
        Kind::Regular,
        now(),
        Retention::default(),
        &mut |_, _| {},
    )
    .unwrap_err();
    assert_eq!(err.code(), "backup_folder_unavailable");
    assert_eq!(
        err.params().get("path"),
        Some(&Param::Text(
            blocked.join("Sicherungen").display().to_string()
        )),
        "the text names the folder"
    );
    assert_eq!(
        backup::list(&folder).unwrap().len(),
        1,
        "the good one stays"
    );
}

#[test]
fn restore_swaps_in_the_backup_after_a_safety_copy_and_refuses_foreign_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kiz-desk.sqlite");
    let folder = dir.path().join("Sicherungen");
    let mut db = Db::open(&path).unwrap();
    add_borrower(&mut db, "Amal Haddad");
    let good = make(&db, &folder, now());
    add_borrower(&mut db, "Şükrü Yılmaz");
    assert_eq!(borrowers(&db), 2);

    // Not ours: random bytes, an empty SQLite file, a newer version.
    let junk = dir.path().join("urlaub.jpg");
    std::fs::write(&junk, vec![0xFFu8; 8192]).unwrap();
    let empty = dir.path().join("leer.sqlite");
    rusqlite::Connection::open(&empty)
        .unwrap()
        .execute_batch("CREATE TABLE t (x)")
        .unwrap();
    for file in [&junk, &empty] {
        let err = backup::restore(&mut db, file, &folder, now()).unwrap_err();
        assert_eq!(err.code(), "not_a_kiz_database", "{}", file.display());
    }
    let newer = dir.path().join("neuer.sqlite");
    std::fs::copy(&good.path, &newer).unwrap();
    rusqlite::Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", 999)
        .unwrap();
    assert_eq!(
        backup::restore(&mut db, &newer, &folder, now())
            .unwrap_err()
            .code(),
        "database_too_new"
    );
    assert_eq!(borrowers(&db), 2, "a refused restore changes nothing");
    assert_eq!(
        backup::list(&folder).unwrap().len(),
        1,
        "and makes no safety copy"
    );

    let safety = backup::restore(&mut db, &good.path, &folder, now() + Duration::hours(1)).unwrap();
    assert_eq!(borrowers(&db), 1, "the state of the backup");
    assert!(safety.before_restore);
    assert_eq!(
        safety.contents.unwrap().schema_version,
        kiz::db::LATEST_VERSION
    );
    let check = Db::open(&safety.path).unwrap();
    assert_eq!(
        borrowers(&check),
        2,
        "the safety copy holds the state before"
    );
    drop(check);
    drop(db);
    let reopened = Db::open(&path).unwrap();
    assert_eq!(
        borrowers(&reopened),
        1,
        "the restored file is the database now"
    );
}

#[test]
fn a_backup_from_an_older_version_is_migrated_when_restored() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kiz-desk.sqlite");
    let folder = dir.path().join("Sicherungen");
    let old = dir.path().join("alt.sqlite");
    let sql = std::fs::read_to_string("tests/fixtures/schema_v3.sql").unwrap();
    rusqlite::Connection::open(&old)
        .unwrap()
        .execute_batch(&sql)
        .unwrap();
    let mut db = Db::open(&path).unwrap();
    let version = backup::check(&old).unwrap();
    assert_eq!(version, 3);
    backup::restore(&mut db, &old, &folder, now()).unwrap();
    assert_eq!(db.schema_version().unwrap(), kiz::db::LATEST_VERSION);
    assert_eq!(borrowers(&db), 2, "the fixture's two borrowers came along");
    assert_eq!(people::borrower(&db, 1).unwrap().name, "Şükrü Yılmaz");
}

#[test]
fn a_damaged_database_is_refused_at_start_kept_and_replaced_by_the_newest_good_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kiz-desk.sqlite");
    let folder = dir.path().join("Sicherungen");
    {
        let mut db = Db::open(&path).unwrap();
        kiz::demo::load(&mut db, now()).unwrap();
        make(&db, &folder, now());
    }
    // Damage pages in the middle of the file.
    let mut bytes = std::fs::read(&path).unwrap();
    let len = bytes.len();
    assert!(len > 64 * 1024, "the demo fills many pages");
    for b in &mut bytes[len / 2..len / 2 + 8192] {
        *b = 0x5A;
    }
    std::fs::write(&path, &bytes).unwrap();
    let err = Db::open(&path).unwrap_err();
    assert_eq!(err.code(), "database_corrupt");
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "left as it was");

    // What the error page's "Wiederherstellen" runs.
    let (recovery, db) = backup::recover(&path, dir.path(), now()).unwrap();
    assert_eq!(recovery.backup.made_at, now());
    assert_eq!(
        std::fs::read(&recovery.damaged).unwrap(),
        bytes,
        "the damaged file is kept"
    );
    let damaged_name = recovery.damaged.file_name().unwrap().to_string_lossy();
    assert!(damaged_name.contains("beschaedigt"), "{damaged_name}");
    assert!(
        is_valid_windows_file_name(&damaged_name),
        "{damaged_name} is valid on Windows"
    );
    assert_eq!(borrowers(&db), 15, "the backup's data, open");
    assert_eq!(
        kiz::privacy::deletion_log_of_file(&dir.path().join("fehlt.sqlite")),
        [],
        "no file, no log"
    );

    let empty = tempfile::tempdir().unwrap();
    assert_eq!(
        backup::recover(&path, empty.path(), now())
            .map(|_| ())
            .unwrap_err()
            .code(),
        "no_good_backup"
    );
}

#[test]
fn a_full_disk_refuses_the_write_keeps_what_was_stored_and_reading_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("kiz-desk.sqlite")).unwrap();
    add_borrower(&mut db, "Amal Haddad");
    let pages = db::page_count_for_tests(&db).unwrap();
    db::set_max_page_count_for_tests(&db, pages).unwrap();
    let mut refused = None;
    for i in 0..2000 {
        match people::create_borrower(
            &mut db,
            &BorrowerInput {
                // Long, but within the 200 characters a name may have.
                name: format!("Person {i} {}", "x".repeat(180)),
                ..BorrowerInput::default()
            },
            now(),
        ) {
            Ok(_) => {}
            Err(e) => {
                refused = Some(e);
                break;
            }
        }
    }
    let err = refused.expect("the page limit is reached");
    assert_eq!((err.code(), err.field()), ("disk_full", None));
    let stored = borrowers(&db);
    assert!(stored >= 1);
    let (count, found) = people::search_borrowers(&db, "Amal", 10, 0).expect("reading goes on");
    assert_eq!((count, found[0].name.as_str()), (1, "Amal Haddad"));
    // Space again: writing works again, nothing was lost.
    db::set_max_page_count_for_tests(&db, 1_000_000).unwrap();
    add_borrower(&mut db, "Danach");
    assert_eq!(borrowers(&db), stored + 1);
}

#[test]
fn backup_settings_are_stored_and_keep_at_least_one_daily_backup() {
    let mut db = common::test_db();
    let data = tempfile::tempdir().unwrap();
    let defaults = backup::settings(&db).unwrap();
    assert_eq!(defaults.retention, Retention::default());
    assert_eq!(
        defaults.folder_in(Path::new("/daten")),
        Path::new("/daten/Sicherungen")
    );
    let saved = backup::save_settings(
        &mut db,
        data.path(),
        &backup::BackupSettings {
            folder: " /mnt/netz/kiz ".into(),
            retention: Retention {
                daily: 14,
                weekly: 8,
                monthly: 24,
            },
            ..backup::BackupSettings::default()
        },
    )
    .unwrap();
    assert_eq!(saved.folder, "/mnt/netz/kiz");
    assert_eq!(saved.retention.daily, 14);
    let err = backup::save_settings(
        &mut db,
        data.path(),
        &backup::BackupSettings {
            retention: Retention {
                daily: 0,
                weekly: 0,
                monthly: 0,
            },
            ..backup::BackupSettings::default()
        },
    )
    .unwrap_err();
    assert_eq!((err.code(), err.field()), ("out_of_range", Some("daily")));
    assert_eq!(backup::settings(&db).unwrap(), saved, "nothing changed");
}

#[test]
fn a_read_only_database_refuses_writes_with_a_clear_message_and_still_reads() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("kiz-desk.sqlite")).unwrap();
    add_borrower(&mut db, "Amal Haddad");
    db::set_read_only_for_tests(&db, true).unwrap();
    let err = people::create_borrower(
        &mut db,
        &BorrowerInput {
            name: "Neu".into(),
            ..BorrowerInput::default()
        },
        now(),
    )
    .unwrap_err();
    assert_eq!((err.code(), err.field()), ("database_read_only", None));
    assert_eq!(borrowers(&db), 1);
    db::set_read_only_for_tests(&db, false).unwrap();
    add_borrower(&mut db, "Danach");
    assert_eq!(borrowers(&db), 2);
}

#[test]
fn recovery_from_the_newest_backup_erases_again_what_the_old_file_had_erased() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kiz-desk.sqlite");
    let folder = dir.path().join("Sicherungen");
    let gone = {
        let mut db = Db::open(&path).unwrap();
        let gone = add_borrower(&mut db, "Amal Haddad");
        add_borrower(&mut db, "Awa Diop");
        make(&db, &folder, now());
        kiz::privacy::erase(
            &mut db,
            kiz::privacy::Person::Borrower(gone),
            &[],
            "A. Becker",
            now(),
        )
        .unwrap();
        gone
    };
    assert_eq!(kiz::privacy::deletion_log_of_file(&path).len(), 1);
    // The recovery reads what can be read of the old log and puts the
    // newest backup in place with the log applied to it first.
    let (recovery, db) = backup::recover(&path, dir.path(), now()).unwrap();
    let in_backup: i64 = rusqlite::Connection::open_with_flags(
        &recovery.backup.path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap()
    .query_row("SELECT count(*) FROM borrower", [], |r| r.get(0))
    .unwrap();
    assert_eq!(in_backup, 2, "the backup still holds her");
    assert_eq!(borrowers(&db), 1, "never live again, not for a moment");
    assert_eq!(people::borrower(&db, gone).unwrap_err().code(), "not_found");
}

#[test]
fn recovery_looks_in_the_chosen_folder_first_and_then_in_the_default_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kiz-desk.sqlite");
    let default = dir.path().join(backup::DEFAULT_FOLDER);
    let chosen = dir.path().join("Netzlaufwerk");
    assert_eq!(
        backup::recovery_folders(dir.path()),
        std::slice::from_ref(&default),
        "no folder chosen yet"
    );
    {
        let mut db = Db::open(&path).unwrap();
        add_borrower(&mut db, "Amal Haddad");
        make(&db, &default, now() - Duration::days(30));
        add_borrower(&mut db, "Awa Diop");
        // Saving the settings notes the folder outside the database too.
        backup::save_settings(
            &mut db,
            dir.path(),
            &backup::BackupSettings {
                folder: chosen.display().to_string(),
                ..backup::BackupSettings::default()
            },
        )
        .unwrap();
        make(&db, &chosen, now() - Duration::days(1));
    }
    assert_eq!(
        backup::recovery_folders(dir.path()),
        [chosen.clone(), default.clone()],
        "the note outside the database names the chosen folder, even when the database cannot be read"
    );

    let (recovery, db) = backup::recover(&path, dir.path(), now()).unwrap();
    assert!(recovery.backup.path.starts_with(&chosen), "{recovery:?}");
    assert_eq!(borrowers(&db), 2, "the chosen folder's newer backup");
    drop(db);

    // The network drive is gone: the default folder's backup serves.
    std::fs::rename(&chosen, dir.path().join("weg")).unwrap();
    let later = now() + Duration::minutes(5);
    let (recovery, db) = backup::recover(&path, dir.path(), later).unwrap();
    assert!(recovery.backup.path.starts_with(&default), "{recovery:?}");
    assert_eq!(borrowers(&db), 1);
}

#[test]
fn no_regular_backup_outlives_the_furthest_rule_even_after_months_without_one() {
    // Monthly backups through 2025, then the app stood unused until
    // December 2026: "the last twelve months that have one" would still
    // reach back into January 2025.
    let mut times: Vec<NaiveDateTime> = (1..=12)
        .map(|m| day(2025, m, 3).and_hms_opt(9, 0, 0).unwrap())
        .collect();
    let newest = day(2026, 12, 7).and_hms_opt(9, 0, 0).unwrap();
    times.push(newest);
    let keep = backup::kept(&times, Retention::default());
    assert_eq!(
        keep.into_iter().collect::<Vec<_>>(),
        [newest],
        "twelve months back from December 2026 start in January 2026"
    );
    let r = Retention::default();
    assert_eq!(r.first_kept_day(day(2026, 12, 7)), day(2026, 1, 1));
    assert_eq!(r.longest(), backup::Span::Months(12));
    let short = Retention {
        daily: 10,
        weekly: 2,
        monthly: 0,
    };
    assert_eq!(
        short.first_kept_day(day(2026, 11, 12)),
        day(2026, 11, 2),
        "Thursday 12th: this ISO week and the one before start on Monday 2nd"
    );
    assert_eq!(short.longest(), backup::Span::Weeks(2), "14 days > 10 days");
    let long = Retention {
        daily: 1,
        weekly: 0,
        monthly: 520,
    };
    assert_eq!(long.longest(), backup::Span::Months(520));
}

#[test]
fn the_backup_page_lists_the_folder_in_effect_and_an_unreachable_one_lists_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kiz-desk.sqlite");
    let mut db = Db::open(&path).unwrap();
    let default = dir.path().join(backup::DEFAULT_FOLDER);
    make(&db, &default, now());
    let page = backup::overview(&db, dir.path()).unwrap();
    assert_eq!(page.folder, default.display().to_string());
    assert_eq!(page.default_folder, page.folder);
    assert_eq!(page.backups.len(), 1);

    // A file where the chosen folder should be: a network drive that is gone.
    let blocked = dir.path().join("kein-ordner");
    std::fs::write(&blocked, b"x").unwrap();
    let chosen = blocked.join("Sicherungen");
    backup::save_settings(
        &mut db,
        dir.path(),
        &backup::BackupSettings {
            folder: chosen.display().to_string(),
            safety_days: 30,
            ..backup::BackupSettings::default()
        },
    )
    .unwrap();
    let page = backup::overview(&db, dir.path()).expect("the page opens all the same");
    assert_eq!(page.folder, chosen.display().to_string());
    assert_eq!(page.default_folder, default.display().to_string());
    assert!(page.backups.is_empty(), "nothing to list there");

    let plan = backup::plan(&db, dir.path(), &path).unwrap();
    assert_eq!(
        (plan.retention, plan.longest, plan.safety_days),
        (Retention::default(), Retention::default().longest(), 30),
        "as set"
    );
    assert!(plan.safety_copies.is_empty());
}

#[test]
fn safety_copies_and_damaged_files_are_removed_after_their_days_unless_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kiz-desk.sqlite");
    let folder = dir.path().join("Sicherungen");
    let db = Db::open(&path).unwrap();
    let made = now() - Duration::days(100);
    let first = backup::backup(
        &db,
        &folder,
        Kind::BeforeRestore,
        made,
        Retention::default(),
        &mut |_, _| {},
    )
    .unwrap();
    let second = backup::backup(
        &db,
        &folder,
        Kind::BeforeRestore,
        made + Duration::days(1),
        Retention::default(),
        &mut |_, _| {},
    )
    .unwrap();
    let regular = make(&db, &folder, made);
    // A damaged database the recovery set aside, with its WAL.
    let damaged = dir
        .path()
        .join("kiz-desk.beschaedigt-2026-08-20_101500.sqlite");
    std::fs::write(&damaged, b"kaputt").unwrap();
    let damaged_wal = dir
        .path()
        .join("kiz-desk.beschaedigt-2026-08-20_101500.sqlite-wal");
    std::fs::write(&damaged_wal, b"kaputt").unwrap();

    let copies = backup::safety_copies(&folder, &path, 90);
    let due: Vec<(backup::SafetyKind, Option<NaiveDate>)> =
        copies.iter().map(|c| (c.kind, c.removed_on)).collect();
    assert_eq!(
        due,
        [
            (backup::SafetyKind::BeforeRestore, Some(day(2026, 11, 2))),
            (backup::SafetyKind::BeforeRestore, Some(day(2026, 11, 3))),
            (backup::SafetyKind::Damaged, Some(day(2026, 11, 18))),
        ],
        "each is removed 90 days after it was made; regular backups are the rotation's"
    );

    // Staff keep the first on purpose.
    let kept = backup::keep_safety_copy(&folder, &path, &first.file_name, true, 90).unwrap();
    assert!(kept.kept && kept.removed_on.is_none());
    assert!(
        kept.file_name.ends_with("_behalten.sqlite") && is_valid_windows_file_name(&kept.file_name),
        "{}",
        kept.file_name
    );
    assert!(backup::list(&folder)
        .unwrap()
        .iter()
        .any(|b| b.kept && b.before_restore && b.contents.is_some()));
    assert_eq!(
        backup::keep_safety_copy(&folder, &path, &regular.file_name, true, 90)
            .unwrap_err()
            .code(),
        "not_found",
        "regular backups belong to the rotation"
    );

    let gone = backup::remove_expired_safety_copies(&folder, &path, 90, now().date());
    assert_eq!(
        gone,
        std::slice::from_ref(&second.path),
        "the second is due (3 November), the kept one stays, the damaged file is not due yet"
    );
    assert!(kept.path.exists() && regular.path.exists());
    let gone = backup::remove_expired_safety_copies(&folder, &path, 90, day(2026, 11, 18));
    assert_eq!(gone, [damaged, damaged_wal], "with its WAL");

    // Let go again: removed at the next run.
    backup::keep_safety_copy(&folder, &path, &kept.file_name, false, 90).unwrap();
    assert_eq!(
        backup::remove_expired_safety_copies(&folder, &path, 90, now().date()).len(),
        1
    );
    assert!(backup::safety_copies(&folder, &path, 90).is_empty());
    assert_eq!(
        backup::list(&folder).unwrap().len(),
        1,
        "the regular backup stays"
    );
}

#[test]
fn safety_days_are_stored_with_the_backup_settings() {
    let mut db = common::test_db();
    let data = tempfile::tempdir().unwrap();
    assert_eq!(backup::settings(&db).unwrap().safety_days, 90);
    let input = backup::BackupSettings {
        safety_days: 30,
        ..backup::BackupSettings::default()
    };
    assert_eq!(
        backup::save_settings(&mut db, data.path(), &input)
            .unwrap()
            .safety_days,
        30
    );
    let err = backup::save_settings(
        &mut db,
        data.path(),
        &backup::BackupSettings {
            safety_days: 0,
            ..backup::BackupSettings::default()
        },
    )
    .unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        ("out_of_range", Some("safety_days"))
    );
    assert_eq!(
        backup::settings(&db).unwrap().safety_days,
        30,
        "nothing changed"
    );
}

#[test]
fn a_checkout_through_the_app_connection_completes_while_a_backup_copies() {
    use kiz::lending::{self, CheckoutRequest};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kiz-desk.sqlite");
    let folder = dir.path().join("Sicherungen");
    let (borrower, barcode) = {
        // Enough pages for several steps of the copy.
        let mut memory = common::test_db();
        let borrower = add_borrower(&mut memory, "Amal Haddad");
        let kind = kiz::catalogue::media_kinds(&memory).unwrap()[0].id;
        let medium = kiz::catalogue::create_medium(
            &mut memory,
            &kiz::catalogue::MediumInput {
                kind_id: kind,
                title: "Deutsch im Alltag".into(),
                ..Default::default()
            },
            now(),
        )
        .unwrap();
        let copy =
            kiz::catalogue::add_copy(&mut memory, medium.id, &Default::default(), now()).unwrap();
        lending::generate_history_for_benchmarks(&mut memory, 60_000, day(2020, 1, 1)).unwrap();
        memory.vacuum_into(&path).unwrap();
        (borrower, copy.barcode)
    };
    let mut db = Db::open(&path).unwrap();
    let loans_before = db::count_rows_for_tests(&db, "loan").unwrap();
    let mut steps = 0;
    let mut lent = None;
    let made = backup::backup_file(
        &path,
        &folder,
        Kind::Regular,
        now(),
        Retention::default(),
        &mut |done, total| {
            steps += 1;
            if lent.is_none() && done < total {
                // The desk goes on while the copy is half done.
                lent = Some(lending::checkout(
                    &mut db,
                    &CheckoutRequest {
                        borrower_id: borrower,
                        barcode: barcode.clone(),
                        override_reason: None,
                        course_end: None,
                    },
                    now(),
                ));
            }
        },
    )
    .expect("the backup is made and passes its checks");
    assert!(steps > 1, "the copy took several steps: {steps}");
    lent.expect("the checkout ran during the copy")
        .expect("and it succeeded: the backup does not hold the app's connection");
    assert_eq!(
        made.contents.unwrap().loans,
        loans_before,
        "the backup is the snapshot of its start, without half of a later write"
    );
    assert_eq!(
        db::count_rows_for_tests(&db, "loan").unwrap(),
        loans_before + 1,
        "the loan is in the database"
    );
}

#[test]
fn an_app_left_open_past_midnight_is_due_its_next_daily_backup() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("kiz-desk.sqlite")).unwrap();
    let folder = dir.path().join("Sicherungen");
    let evening = day(2026, 11, 12).and_hms_opt(23, 58, 0).unwrap();
    make(&db, &folder, evening);
    assert!(!backup::due(&folder, evening.date()), "made today");
    let after_midnight = evening + Duration::minutes(5);
    assert!(
        backup::due(&folder, after_midnight.date()),
        "a new day needs its own backup, also without a restart"
    );
    backup::backup(
        &db,
        &folder,
        Kind::BeforeRestore,
        after_midnight,
        Retention::default(),
        &mut |_, _| {},
    )
    .unwrap();
    assert!(
        backup::due(&folder, after_midnight.date()),
        "a safety copy before a restore is no daily backup"
    );
}

#[test]
fn a_picked_file_is_described_before_it_may_replace_anything() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kiz-desk.sqlite");
    let mut db = Db::open(&path).unwrap();
    kiz::demo::load(&mut db, now()).unwrap();
    let folder = dir.path().join("Sicherungen");
    let made = make(&db, &folder, now());
    // Copied to a stick under another name.
    let stick = dir.path().join("stick-kopie.sqlite");
    std::fs::copy(&made.path, &stick).unwrap();
    let seen = backup::inspect(&stick).unwrap();
    assert_eq!(seen.file_name, "stick-kopie.sqlite");
    assert_eq!(seen.contents.unwrap().media, 60, "what it holds");
    let named = backup::inspect(&made.path).unwrap();
    assert_eq!(named.made_at, now(), "a backup's name says its moment");
    let junk = dir.path().join("urlaub.jpg");
    std::fs::write(&junk, vec![0xFFu8; 8192]).unwrap();
    assert_eq!(
        backup::inspect(&junk).unwrap_err().code(),
        "not_a_kiz_database",
        "refused before anyone is asked"
    );
}

#[test]
fn backup_settings_whose_folder_note_cannot_be_written_are_not_stored() {
    let mut db = common::test_db();
    let data = tempfile::tempdir().unwrap();
    let before = backup::settings(&db).unwrap();
    let missing = data.path().join("gibt-es-nicht");
    let err = backup::save_settings(
        &mut db,
        &missing,
        &backup::BackupSettings {
            folder: "E:\\Sicherungen".into(),
            safety_days: 30,
            ..backup::BackupSettings::default()
        },
    )
    .unwrap_err();
    assert_eq!(err.code(), "io");
    assert_eq!(
        backup::settings(&db).unwrap(),
        before,
        "the settings and the note are one step: without the note nothing is stored"
    );
    backup::save_settings(
        &mut db,
        data.path(),
        &backup::BackupSettings {
            folder: "E:\\Sicherungen".into(),
            ..backup::BackupSettings::default()
        },
    )
    .unwrap();
    assert_eq!(
        backup::recovery_folders(data.path())[0],
        std::path::PathBuf::from("E:\\Sicherungen"),
        "the note names the chosen folder first"
    );
}
