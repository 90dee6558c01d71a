//! Opening files: refusals leave the file as it was; settings of the
//! connection are what the docs promise.

mod common;

use std::fs;
use std::path::Path;

use kiz::error::Param;
use kiz::{db::LATEST_VERSION, Db, Error};

fn bytes(path: &Path) -> Vec<u8> {
    fs::read(path).expect("test file readable")
}

fn make_db_with_version(path: &Path, version: i64) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(
        "CREATE TABLE future_thing (x TEXT); INSERT INTO future_thing VALUES ('keep me');",
    )
    .unwrap();
    conn.pragma_update(None, "user_version", version).unwrap();
}

#[test]
fn a_new_file_is_created_with_the_latest_schema_in_wal_mode_with_full_sync() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/folder/kiz.sqlite");
    let db = Db::open(&path).expect("a missing file and folder are created");
    assert_eq!(db.schema_version().unwrap(), LATEST_VERSION);
    drop(db);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(
        mode, "wal",
        "WAL is stored in the file header and must stay on"
    );
}

#[test]
fn every_connection_has_foreign_keys_full_synchronous_and_a_large_page_cache() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("kiz.sqlite")).unwrap();
    // The settings are per connection, so ask this connection through a
    // public function that depends on them.
    let report = kiz::db::connection_settings(&db).unwrap();
    assert!(report.foreign_keys, "foreign keys protect references");
    assert_eq!(
        report.synchronous, 2,
        "FULL (2): committed loans survive a power cut"
    );
    assert_eq!(report.journal_mode, "wal");
    assert!(
        report.busy_timeout_ms >= 1000,
        "writers wait for each other"
    );
    // SQLite's default is 2 MB; a search on 100,000 media needs its pages
    // in memory (see `kiz::db`).
    assert!(
        report.page_cache_kib >= 32 * 1024,
        "searches on a large catalogue find their pages in memory: {} KiB",
        report.page_cache_kib
    );
    assert!(
        report.secure_delete,
        "erased people are overwritten in the file, not only unlinked"
    );
}

#[test]
fn reopening_keeps_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kiz.sqlite");
    let mut db = Db::open(&path).unwrap();
    kiz::settings::set_ui_language(&mut db, "en").unwrap();
    drop(db);
    let db = Db::open(&path).unwrap();
    assert_eq!(
        kiz::settings::ui_language(&db).unwrap(),
        kiz::settings::UiLanguage::En
    );
}

#[test]
fn a_database_from_a_newer_version_is_refused_and_left_byte_for_byte_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kiz.sqlite");
    make_db_with_version(&path, LATEST_VERSION + 1);
    let before = bytes(&path);

    let err = Db::open(&path).expect_err("a newer file must be refused");
    match &err {
        Error::DatabaseTooNew {
            found,
            supported,
            path: p,
        } => {
            assert_eq!(*found, LATEST_VERSION + 1);
            assert_eq!(*supported, LATEST_VERSION);
            assert_eq!(p, &path, "the message names the file");
        }
        other => panic!("expected DatabaseTooNew, got {other:?}"),
    }
    assert_eq!(err.code(), "database_too_new");
    assert_eq!(
        err.params().get("path"),
        Some(&Param::Text(path.display().to_string())),
        "the text names the file"
    );
    assert_eq!(bytes(&path), before, "the newer file must not be touched");
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kiz.sqlite");
    let garbage: Vec<u8> = (0..8192u32).map(|i| (i * 31 % 251) as u8).collect();
    fs::write(&path, &garbage).unwrap();

    let err = Db::open(&path).expect_err("garbage is no database");
    assert_eq!(err.code(), "not_a_database", "got {err:?}");
    assert_eq!(
        bytes(&path),
        garbage,
        "the file is neither overwritten nor deleted"
    );
}

#[test]
fn a_database_with_a_damaged_schema_page_is_refused_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kiz.sqlite");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "PRAGMA journal_mode=DELETE; CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('a');",
        )
        .unwrap();
    }
    let mut data = bytes(&path);
    // Keep the 100-byte header, scribble over the rest of page 1 (the schema).
    for b in data.iter_mut().take(4096).skip(100) {
        *b = 0xA5;
    }
    fs::write(&path, &data).unwrap();

    let err = Db::open(&path).expect_err("a damaged file is refused");
    assert!(
        matches!(err.code(), "database_corrupt" | "not_a_database"),
        "got {err:?}"
    );
    assert_eq!(bytes(&path), data, "the damaged file is kept as it was");
}

#[test]
fn an_empty_file_becomes_a_new_database() {
    // A zero-byte file is what some tools leave behind when they "create" a
    // database; SQLite treats it as empty, and so do we.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kiz.sqlite");
    fs::write(&path, b"").unwrap();
    let db = Db::open(&path).unwrap();
    assert_eq!(db.schema_version().unwrap(), LATEST_VERSION);
}

#[test]
fn a_folder_that_cannot_be_created_is_reported_as_not_writable() {
    // A folder below a regular file can be created by nobody, not even root.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plain-file");
    fs::write(&file, b"x").unwrap();
    let err = Db::open(&file.join("kiz.sqlite")).expect_err("no folder below a file");
    assert_eq!(err.code(), "data_folder_not_writable", "got {err:?}");
    assert_eq!(
        err.params().get("path"),
        Some(&Param::Text(file.display().to_string())),
        "the text names the folder that cannot be made"
    );
    assert_eq!(
        fs::read(&file).unwrap(),
        b"x",
        "the file in the way is untouched"
    );
}

/// The look before the start-up check (the first screen is drawn from it
/// while the check runs): it changes nothing and tells the cases apart.
#[test]
fn the_look_before_the_check_tells_the_cases_apart_and_changes_nothing() {
    use kiz::db::Look;
    let dir = tempfile::tempdir().unwrap();

    let missing = dir.path().join("missing.sqlite");
    assert!(matches!(Db::look_before_check(&missing), Ok(Look::NoFile)));
    assert!(!missing.exists(), "looking makes no file");

    let current = dir.path().join("current.sqlite");
    {
        let mut db = Db::open(&current).unwrap();
        kiz::settings::set_ui_language(&mut db, "en").unwrap();
    }
    let before = bytes(&current);
    match Db::look_before_check(&current) {
        Ok(Look::Current(mut db)) => {
            assert_eq!(
                kiz::settings::ui_language(&db).unwrap(),
                kiz::settings::UiLanguage::En
            );
            assert!(kiz::demo::is_empty(&db).unwrap());
            assert!(
                kiz::settings::set_ui_language(&mut db, "de").is_err(),
                "nothing can be written through the look"
            );
        }
        other => panic!("expected the current file, got {other:?}"),
    }
    assert_eq!(bytes(&current), before, "the file is as it was");

    let older = dir.path().join("older.sqlite");
    make_db_with_version(&older, LATEST_VERSION - 1);
    let before = bytes(&older);
    assert!(matches!(Db::look_before_check(&older), Ok(Look::Older)));
    assert_eq!(bytes(&older), before);

    let newer = dir.path().join("newer.sqlite");
    make_db_with_version(&newer, LATEST_VERSION + 1);
    let before = bytes(&newer);
    let err = Db::look_before_check(&newer).expect_err("a newer file is refused");
    assert_eq!(err.code(), "database_too_new");
    assert_eq!(bytes(&newer), before);

    let garbage_file = dir.path().join("garbage.sqlite");
    let garbage: Vec<u8> = (0..8192u32).map(|i| (i * 31 % 251) as u8).collect();
    fs::write(&garbage_file, &garbage).unwrap();
    let err = Db::look_before_check(&garbage_file).expect_err("garbage is no database");
    assert_eq!(err.code(), "not_a_database", "got {err:?}");
    assert_eq!(bytes(&garbage_file), garbage);
}

#[test]
fn the_bundled_sqlite_has_what_the_app_uses_and_nothing_it_could_be_tricked_into() {
    // .cargo/config.toml builds SQLite without FTS3, R-trees, dbstat,
    // soundex and extension loading, among others (issue 21: a smaller
    // executable). The search tables are FTS5 and the app reads JSON: both
    // must stay.
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    conn.execute_batch("CREATE VIRTUAL TABLE t USING fts5 (title)")
        .expect("FTS5 is built in");
    let json: String = conn
        .query_row("SELECT json_object('name', 'Ayşe')", [], |row| row.get(0))
        .expect("JSON is built in");
    assert_eq!(json, r#"{"name":"Ayşe"}"#);
    // A database file cannot name a module the program does not have, nor
    // make it load code from a file.
    for (sql, what) in [
        ("CREATE VIRTUAL TABLE f USING fts3 (title)", "fts3"),
        ("CREATE VIRTUAL TABLE r USING rtree (id, x0, x1)", "rtree"),
        ("SELECT * FROM dbstat", "dbstat"),
        ("SELECT soundex('Weiß')", "soundex"),
        ("SELECT load_extension('libevil')", "load_extension"),
    ] {
        let error = conn.execute_batch(sql).expect_err(what).to_string();
        assert!(
            error.contains("no such") && error.contains(what),
            "{what}: {error}"
        );
    }
    // What cannot be seen from SQL, as SQLite reports how it was built.
    let options: Vec<String> = conn
        .prepare("PRAGMA compile_options")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for omitted in [
        "OMIT_AUTHORIZATION",
        "OMIT_DECLTYPE",
        "OMIT_DEPRECATED",
        "OMIT_LOAD_EXTENSION",
        "OMIT_PROGRESS_CALLBACK",
        "OMIT_SHARED_CACHE",
    ] {
        assert!(
            options.iter().any(|o| o == omitted),
            "{omitted}: {options:?}"
        );
    }
    for absent in ["ENABLE_STAT4", "ENABLE_COLUMN_METADATA", "ENABLE_FTS3"] {
        assert!(
            !options.iter().any(|o| o.starts_with(absent)),
            "{absent}: {options:?}"
        );
    }
    assert!(options.iter().any(|o| o == "ENABLE_FTS5"), "{options:?}");
}
