//! Sicherungen: verified copies of the database, their rotation, and
//! restoring one.
//!
//! A backup is made through SQLite's online backup API from a read-only
//! connection of its own, inside one read transaction: in WAL mode that is
//! a consistent snapshot of the file, and the desk's writes go on beside
//! it (the file is never copied behind SQLite's back). The copy is written
//! under a temporary name, synced, checked with `integrity_check` and
//! `foreign_key_check`, and only then renamed into place. Rotation runs
//! after a good backup only: a failed backup never deletes a good one.
//!
//! Safety copies made before a restore and damaged database files kept by
//! the recovery have their own limit ([`BackupSettings::safety_days`]):
//! [`remove_expired_safety_copies`] deletes them after it unless staff keep
//! one on purpose (`…_behalten.sqlite`).

mod pages;
mod restore;
mod rotation;
mod safety;
mod settings;

pub use pages::{overview, plan, BackupOverview, BackupPlan};
pub use restore::{check, inspect, recover, restore, restore_newest, Recovery};
use rotation::{contents, info, named, scan};
pub use rotation::{due, kept, list, rotate};
pub use safety::{
    keep_safety_copy, remove_expired_safety_copies, safety_copies, SafetyCopy, SafetyKind,
};
pub(crate) use settings::settings_in;
pub use settings::{
    recovery_folders, save_settings, settings, BackupSettings, DEFAULT_FOLDER, DEFAULT_SAFETY_DAYS,
};

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};

use crate::file_names::file_name;
use crate::Record;
use crate::{Db, Error, Result};

/// Every regular backup's file name starts with this; the rest is the
/// moment it was made (`KIZ-Desk_2026-11-26_093000.sqlite`).
const PREFIX: &str = "KIZ-Desk_";
/// The safety copy made before a restore; not rotated, removed after
/// [`BackupSettings::safety_days`] unless kept.
const BEFORE_RESTORE: &str = "KIZ-Desk-vor-Wiederherstellung_";
/// A damaged database kept by the recovery: `kiz-desk.beschaedigt-<moment>.sqlite`.
const DAMAGED: &str = ".beschaedigt-";
/// Ends the name of a safety copy or damaged file that staff keep on
/// purpose: it is never removed by age.
const KEPT: &str = "_behalten";
const EXTENSION: &str = "sqlite";
const STAMP: &str = "%Y-%m-%d_%H%M%S";
/// Pages copied per step: small enough to report progress on a large file.
const PAGES_PER_STEP: i32 = 512;

/// How many backups to keep: the newest of each of the last `daily` days,
/// `weekly` ISO weeks and `monthly` months that have one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Retention {
    /// Days back whose newest backup is kept (at least the newest day's).
    pub daily: u32,
    /// ISO weeks back whose newest backup is kept.
    pub weekly: u32,
    /// Months back whose newest backup is kept.
    pub monthly: u32,
}

impl Default for Retention {
    fn default() -> Self {
        Retention {
            daily: 7,
            weekly: 4,
            monthly: 12,
        }
    }
}

/// The longest time a regular backup is kept, in the unit of the rule
/// that reaches furthest back (12 months, 4 weeks, 7 days).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "unit", content = "count")]
pub enum Span {
    /// So many days.
    Days(u32),
    /// So many weeks.
    Weeks(u32),
    /// So many months.
    Months(u32),
}

impl Retention {
    /// The first day whose backups are still kept when the newest backup
    /// was made on `newest`: the start of the oldest day, ISO week or month
    /// that the rules name. Everything made before it is deleted, even when
    /// fewer days, weeks or months than the rules allow have a backup (an
    /// app not used for a year keeps no backup from before that year).
    pub fn first_kept_day(&self, newest: NaiveDate) -> NaiveDate {
        let days = newest - chrono::Days::new(u64::from(self.daily.max(1) - 1));
        let weeks = (self.weekly > 0).then(|| {
            let monday =
                newest - chrono::Days::new(u64::from(newest.weekday().num_days_from_monday()));
            monday - chrono::Days::new(7 * u64::from(self.weekly - 1))
        });
        let months = (self.monthly > 0)
            .then(|| newest.with_day(1).unwrap_or(newest) - chrono::Months::new(self.monthly - 1));
        [Some(days), weeks, months]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(newest)
    }

    /// The longest time a backup is kept, for the Datenschutz page.
    pub fn longest(&self) -> Span {
        let reach = |span: Span| -> i64 {
            match span {
                Span::Days(n) => i64::from(n),
                Span::Weeks(n) => 7 * i64::from(n),
                Span::Months(n) => 31 * i64::from(n),
            }
        };
        [
            Span::Days(self.daily.max(1)),
            Span::Weeks(self.weekly),
            Span::Months(self.monthly),
        ]
        .into_iter()
        .max_by_key(|s| reach(*s))
        .unwrap_or(Span::Days(1))
    }
}

/// Why a backup is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Daily at start-up or "Jetzt sichern": rotated.
    Regular,
    /// The state just before a restore: not rotated; removed after the
    /// safety copies' days unless staff keep it.
    BeforeRestore,
}

/// A backup file and what is in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupInfo {
    /// Where the file is.
    pub path: PathBuf,
    /// Its file name, as the list shows it.
    pub file_name: String,
    /// When it was made (from its name).
    pub made_at: NaiveDateTime,
    /// Its size in bytes.
    pub size: u64,
    /// Made before a restore (not rotated; removed after
    /// [`BackupSettings::safety_days`] unless kept).
    pub before_restore: bool,
    /// A safety copy staff keep on purpose (`…_behalten.sqlite`).
    pub kept: bool,
    /// The counts inside; `None` when the file cannot be read.
    pub contents: Option<Contents>,
}

/// How much a backup holds, so staff recognise the right one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Contents {
    /// The schema version the file has.
    pub schema_version: i64,
    /// How many media it holds.
    pub media: i64,
    /// How many loans, open and closed.
    pub loans: i64,
    /// How many participants of events.
    pub participants: i64,
}

fn unavailable(folder: &Path) -> Error {
    Error::BackupFolderUnavailable {
        path: folder.to_path_buf(),
    }
}

/// Makes a verified backup of `db` in `folder` and then rotates the
/// regular backups there by `retention`. `progress` gets (pages copied,
/// pages in all) after every step. The copy is read through a connection
/// of its own (see [`backup_file`]); `db` is only asked for its file.
///
/// # Errors
/// Those of [`backup_file`], and [`Error::NotFound`] for a database that
/// lives in memory.
pub fn backup(
    db: &Db,
    folder: &Path,
    kind: Kind,
    now: NaiveDateTime,
    retention: Retention,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<BackupInfo> {
    let database = db.path().ok_or(Error::NotFound {
        what: Record::Database,
    })?;
    backup_file(database, folder, kind, now, retention, progress)
}

/// Makes a verified backup of the database file at `database` in `folder`
/// and then rotates the regular backups there by `retention`. `progress`
/// gets (pages copied, pages in all) after every step.
///
/// The copy is read through a read-only connection of its own, inside one
/// read transaction: in WAL mode that is a snapshot of the moment the
/// backup starts, the app's connection can go on writing meanwhile (its
/// commits land in the WAL, which the snapshot does not see), and the
/// backup is never restarted by them. So the caller must not hold the
/// app's connection while this runs.
///
/// # Errors
/// [`Error::BackupFolderUnavailable`] (missing and not creatable, not
/// writable, full), [`Error::BackupFailed`] (the database could not be
/// read, or the copy did not pass its checks). Nothing is deleted then.
pub fn backup_file(
    database: &Path,
    folder: &Path,
    kind: Kind,
    now: NaiveDateTime,
    retention: Retention,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<BackupInfo> {
    fs::create_dir_all(folder).map_err(|_| unavailable(folder))?;
    let prefix = match kind {
        Kind::Regular => PREFIX,
        Kind::BeforeRestore => BEFORE_RESTORE,
    };
    let stamp = now.format(STAMP).to_string();
    let mut name = file_name(&[&format!("{prefix}{stamp}")], EXTENSION);
    let mut n = 1;
    while folder.join(&name).exists() {
        n += 1;
        name = file_name(&[&format!("{prefix}{stamp}-{n}")], EXTENSION);
    }
    let target = folder.join(&name);
    let part = folder.join(format!("{name}.part"));
    let written = write_copy(database, &part, progress).and_then(|()| verify(&part));
    if let Err(e) = written {
        let _ = fs::remove_file(&part);
        return Err(e);
    }
    fs::rename(&part, &target).map_err(|_| unavailable(folder))?;
    sync_folder(folder);
    if kind == Kind::Regular {
        rotate(folder, retention)?;
    }
    info(&target).ok_or_else(|| Error::BackupFailed {
        reason: "nach dem Schreiben nicht lesbar".into(),
    })
}

/// Copies the database file page by page into a new file at `part`, from
/// one read transaction of a connection of its own, and syncs the copy.
fn write_copy(database: &Path, part: &Path, progress: &mut dyn FnMut(u64, u64)) -> Result<()> {
    let folder = part.parent().unwrap_or(Path::new("."));
    let unreadable = |e: rusqlite::Error| Error::BackupFailed {
        reason: e.to_string(),
    };
    let source = Connection::open_with_flags(
        database,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(unreadable)?;
    source
        .busy_timeout(std::time::Duration::from_secs(5))
        .map_err(unreadable)?;
    // The read transaction starts with the first read and holds the
    // snapshot until COMMIT: every step copies pages of that one moment.
    // The backup API uses an open read transaction of its source instead of
    // taking a new one per step, so writes of other connections neither
    // show up half nor make it start over.
    source
        .execute_batch("BEGIN DEFERRED; SELECT count(*) FROM sqlite_master;")
        .map_err(unreadable)?;
    let mut target = Connection::open(part).map_err(|_| unavailable(folder))?;
    {
        let copy = Backup::new(&source, &mut target).map_err(|e| copy_error(e, folder))?;
        loop {
            let step = copy
                .step(PAGES_PER_STEP)
                .map_err(|e| copy_error(e, folder))?;
            let p = copy.progress();
            let total = u64::try_from(p.pagecount).unwrap_or(0);
            let left = u64::try_from(p.remaining).unwrap_or(0);
            progress(total.saturating_sub(left), total);
            match step {
                StepResult::Done => break,
                // The target is busy (it is new and ours, so hardly ever):
                // wait a moment and retry.
                _ => std::thread::sleep(std::time::Duration::from_millis(20)),
            }
        }
    }
    source.execute_batch("COMMIT").map_err(unreadable)?;
    drop(source);
    // A backup is one file: no WAL beside it.
    target
        .pragma_update(None, "journal_mode", "DELETE")
        .map_err(|e| copy_error(e, folder))?;
    target.close().map_err(|(_, e)| copy_error(e, folder))?;
    sync_file(part).map_err(|_| unavailable(folder))?;
    Ok(())
}

/// A full disk or a vanished network drive is the folder's problem, not
/// the database's.
fn copy_error(e: rusqlite::Error, folder: &Path) -> Error {
    use rusqlite::ErrorCode;
    match e.sqlite_error_code() {
        Some(
            ErrorCode::DiskFull
            | ErrorCode::CannotOpen
            | ErrorCode::ReadOnly
            | ErrorCode::SystemIoFailure
            | ErrorCode::PermissionDenied,
        ) => unavailable(folder),
        _ => Error::BackupFailed {
            reason: e.to_string(),
        },
    }
}

/// Writes a file's contents through to the disk. The file is opened for
/// writing: Windows refuses to flush a handle without write access
/// (`FlushFileBuffers` needs `GENERIC_WRITE`), so a file opened only for
/// reading fails there with "access denied".
fn sync_file(path: &Path) -> std::io::Result<()> {
    fs::OpenOptions::new().write(true).open(path)?.sync_all()
}

fn sync_folder(folder: &Path) {
    // Makes the rename durable on Linux; Windows cannot open folders as
    // files and syncs the rename itself.
    if let Ok(dir) = File::open(folder) {
        let _ = dir.sync_all();
    }
}

/// Checks a copy: integrity and foreign keys.
fn verify(path: &Path) -> Result<()> {
    let failed = |reason: String| Error::BackupFailed { reason };
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| failed(e.to_string()))?;
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| failed(e.to_string()))?;
    if integrity != "ok" {
        return Err(failed(format!("integrity_check: {integrity}")));
    }
    let broken: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .map_err(|e| failed(e.to_string()))?;
    if broken > 0 {
        return Err(failed(format!("foreign_key_check: {broken}")));
    }
    Ok(())
}
