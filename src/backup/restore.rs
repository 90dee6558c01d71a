//! Restoring: checking a file before it may replace the database, the
//! replacement itself (with a safety copy and the deletion log applied
//! again), and the newest good backup after a damaged start.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use rusqlite::{Connection, OpenFlags};

use serde::Serialize;

use super::{
    backup, contents, info, list, recovery_folders, sync_file, sync_folder, verify, BackupInfo,
    Kind, Retention, DAMAGED, EXTENSION, STAMP,
};
use crate::db::LATEST_VERSION;
use crate::file_names::file_name;
use crate::Record;
use crate::{Db, Error, Result};

/// Checks a file before it may replace the database: a SQLite file that
/// KIZ Desk wrote, intact, and not from a newer version. Returns its
/// schema version.
///
/// # Errors
/// [`Error::NotAKizDatabase`], [`Error::DatabaseTooNew`],
/// [`Error::BackupFailed`] (damaged).
pub fn check(path: &Path) -> Result<i64> {
    let not_ours = || Error::NotAKizDatabase {
        path: path.to_path_buf(),
    };
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|_| not_ours())?;
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'
             AND name IN ('institution', 'app_setting')",
            [],
            |r| r.get(0),
        )
        .map_err(|_| not_ours())?;
    if tables < 2 {
        return Err(not_ours());
    }
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|_| not_ours())?;
    if version > LATEST_VERSION {
        return Err(Error::DatabaseTooNew {
            found: version,
            supported: LATEST_VERSION,
            path: path.to_path_buf(),
        });
    }
    drop(conn);
    verify(path)?;
    Ok(version)
}

/// What a file staff picked to restore holds, so that they can be asked
/// before it replaces anything: checked like [`check`] first, then its
/// moment (from a backup's name, else the file's last change) and counts.
///
/// # Errors
/// Those of [`check`].
pub fn inspect(path: &Path) -> Result<BackupInfo> {
    check(path)?;
    if let Some(found) = info(path) {
        return Ok(found);
    }
    let metadata = fs::metadata(path)?;
    let modified = metadata
        .modified()
        .map(|t| chrono::DateTime::<chrono::Local>::from(t).naive_local())
        .unwrap_or_default();
    Ok(BackupInfo {
        path: path.to_path_buf(),
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        made_at: modified,
        size: metadata.len(),
        before_restore: false,
        kept: false,
        contents: contents(path),
    })
}

/// Replaces the database with the backup at `source`: checks it, makes a
/// safety backup of the current state in `folder`, prepares a copy of the
/// backup beside the database (migrating an older version, carrying the
/// current deletion log into it and applying the erasures it lacks and the
/// retention rules), then swaps the files and opens the restored one. On
/// any failure before the swap nothing changes; the current state stays in
/// the safety backup.
///
/// # Errors
/// Those of [`check`] and [`backup`], and [`Error::Io`] when the swap
/// fails (the previous database is then opened again).
pub fn restore(
    db: &mut Db,
    source: &Path,
    folder: &Path,
    now: NaiveDateTime,
) -> Result<BackupInfo> {
    check(source)?;
    let Some(path) = db.path().map(Path::to_path_buf) else {
        return Err(Error::NotFound {
            what: Record::Database,
        });
    };
    // What was deleted since the backup must stay deleted.
    let log_before = crate::privacy::deletion_log(db)?;
    let safety = backup(
        db,
        folder,
        Kind::BeforeRestore,
        now,
        Retention::default(),
        &mut |_, _| {},
    )?;
    // Bring the copy next to the database first and make it what the window
    // may show there: an older schema is migrated and every erasure since
    // is applied again before the swap, so a failure leaves the current
    // database in place and no erased person is ever live again.
    let incoming = path.with_extension("wiederherstellung.part");
    remove_with_sides(&incoming);
    fs::copy(source, &incoming)?;
    sync_file(&incoming)?;
    if let Err(e) = prepare(&incoming, &log_before, now) {
        remove_with_sides(&incoming);
        return Err(e);
    }
    replace_file(db, &path, &incoming)?;
    Ok(safety)
}

/// Opens a file that is to replace the database (migrating it), applies
/// the erasures of `log_before` that it lacks and the retention rules,
/// and closes it again, which writes its log into the file.
fn prepare(file: &Path, log_before: &[crate::privacy::LogEntry], now: NaiveDateTime) -> Result<()> {
    let mut db = Db::open(file)?;
    crate::privacy::reapply(&mut db, log_before, now)?;
    Ok(())
}

/// Removes a file with its `-wal` and `-shm` (what is left of a failed
/// attempt).
fn remove_with_sides(file: &Path) {
    let _ = fs::remove_file(file);
    for suffix in ["-wal", "-shm"] {
        let mut side = file.as_os_str().to_owned();
        side.push(suffix);
        let _ = fs::remove_file(PathBuf::from(side));
    }
}

/// Closes `db`, moves `incoming` over its file and opens that. When the
/// move fails the old file is opened again.
fn replace_file(db: &mut Db, path: &Path, incoming: &Path) -> Result<()> {
    // Closing the only connection checkpoints the WAL into the file and
    // removes it, so nothing of the old state lingers beside the new file.
    drop(std::mem::replace(db, Db::open_in_memory()?));
    for suffix in ["-wal", "-shm"] {
        let mut side = path.as_os_str().to_owned();
        side.push(suffix);
        let _ = fs::remove_file(PathBuf::from(side));
    }
    let moved = fs::rename(incoming, path);
    if let Some(folder) = path.parent() {
        sync_folder(folder);
    }
    *db = Db::open(path)?;
    moved?;
    Ok(())
}

/// For a database that fails its start-up check: keeps the damaged file
/// beside it under a new name (removed after the safety copies' days
/// unless staff keep it) and puts the newest backup that passes [`check`]
/// in its place, after applying to it the erasures of `erased` (the
/// damaged file's deletion log, as far as it could be read) that it lacks.
/// Returns the backup used and where the damaged file went.
///
/// # Errors
/// [`Error::NoGoodBackup`] when no backup passes; [`Error::Io`]; SQLite
/// failures while preparing the copy (the damaged file then stays where it
/// is).
pub fn restore_newest(
    database: &Path,
    folder: &Path,
    erased: &[crate::privacy::LogEntry],
    now: NaiveDateTime,
) -> Result<(BackupInfo, PathBuf)> {
    let good = list(folder)?
        .into_iter()
        .find(|b| check(&b.path).is_ok())
        .ok_or(Error::NoGoodBackup)?;
    let incoming = database.with_extension("wiederherstellung.part");
    remove_with_sides(&incoming);
    fs::copy(&good.path, &incoming)?;
    if let Err(e) = prepare(&incoming, erased, now) {
        remove_with_sides(&incoming);
        return Err(e);
    }
    let stem = database
        .file_stem()
        .map_or_else(|| "kiz-desk".into(), |s| s.to_string_lossy().into_owned());
    let damaged = database.with_file_name(file_name(
        &[&format!("{stem}{DAMAGED}{}", now.format(STAMP))],
        EXTENSION,
    ));
    fs::rename(database, &damaged)?;
    for suffix in ["-wal", "-shm"] {
        let mut side = database.as_os_str().to_owned();
        side.push(suffix);
        let side = PathBuf::from(side);
        if side.exists() {
            let mut kept = damaged.as_os_str().to_owned();
            kept.push(suffix);
            fs::rename(&side, PathBuf::from(kept))?;
        }
    }
    fs::rename(&incoming, database)?;
    sync_file(database)?;
    if let Some(parent) = database.parent() {
        sync_folder(parent);
    }
    Ok((good, damaged))
}

/// What [`recover`] did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recovery {
    /// The backup now in place of the database.
    pub backup: BackupInfo,
    /// Where the damaged file was kept.
    pub damaged: PathBuf,
}

/// Recovers a database that failed its start-up check: reads the damaged
/// file's deletion log as far as it can (what was erased before the damage
/// must stay erased), then goes through [`recovery_folders`] in order and
/// puts the newest good backup of the first folder that has one in the
/// database's place with [`restore_newest`] (keeping the damaged file
/// beside it), and opens it.
///
/// # Errors
/// The error of the last folder tried, [`Error::NoGoodBackup`] when none
/// holds a backup that passes [`check`]; those of [`Db::open`] for the
/// restored file.
pub fn recover(database: &Path, data_dir: &Path, now: NaiveDateTime) -> Result<(Recovery, Db)> {
    let erased = crate::deletion_log::deletion_log_of_file(database);
    let mut last = Error::NoGoodBackup;
    for folder in recovery_folders(data_dir) {
        match restore_newest(database, &folder, &erased, now) {
            Ok((backup, damaged)) => {
                let db = Db::open(database)?;
                return Ok((Recovery { backup, damaged }, db));
            }
            Err(e) => last = e,
        }
    }
    Err(last)
}
