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

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};

use crate::db::LATEST_VERSION;
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
    pub daily: u32,
    pub weekly: u32,
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
    Days(u32),
    Weeks(u32),
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
    pub path: PathBuf,
    pub file_name: String,
    pub made_at: NaiveDateTime,
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
    pub schema_version: i64,
    pub media: i64,
    pub loans: i64,
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
    let mut name = format!("{prefix}{stamp}.{EXTENSION}");
    let mut n = 1;
    while folder.join(&name).exists() {
        n += 1;
        name = format!("{prefix}{stamp}-{n}.{EXTENSION}");
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
    File::open(part)
        .and_then(|f| f.sync_all())
        .map_err(|_| unavailable(folder))?;
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

/// When a file name says its backup was made, whether it was made before
/// a restore, and whether staff keep it on purpose.
fn made_at(name: &str) -> Option<(NaiveDateTime, bool, bool)> {
    let (rest, before_restore) = if let Some(rest) = name.strip_prefix(BEFORE_RESTORE) {
        (rest, true)
    } else {
        (name.strip_prefix(PREFIX)?, false)
    };
    let stem = rest.strip_suffix(&format!(".{EXTENSION}"))?;
    let kept = before_restore && stem.ends_with(KEPT);
    let stamp = stem.get(..17)?;
    NaiveDateTime::parse_from_str(stamp, STAMP)
        .ok()
        .map(|t| (t, before_restore, kept))
}

/// The number a second backup within the same second gets (`…-2.sqlite`);
/// 1 for the first.
fn sequence(name: &str) -> u32 {
    name.strip_suffix(&format!(".{EXTENSION}"))
        .map(|stem| stem.strip_suffix(KEPT).unwrap_or(stem))
        .and_then(|stem| stem.rsplit_once('-'))
        .and_then(|(_, n)| n.parse().ok())
        .filter(|n| *n < 1000)
        .unwrap_or(1)
}

/// What a backup file holds, read without changing it.
fn contents(path: &Path) -> Option<Contents> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
    let count = |table: &str| -> i64 {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap_or(0)
    };
    Some(Contents {
        schema_version: conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .ok()?,
        media: count("medium"),
        loans: count("loan"),
        participants: count("participant"),
    })
}

fn info(path: &Path) -> Option<BackupInfo> {
    let mut found = named(path)?;
    found.contents = contents(path);
    Some(found)
}

/// What a backup's name and size say, without opening it (`contents` is
/// `None`): enough for rotation, the daily check and the safety copies,
/// which run every few minutes and must not read every backup on a
/// network drive each time.
fn named(path: &Path) -> Option<BackupInfo> {
    let file_name = path.file_name()?.to_string_lossy().into_owned();
    let (made_at, before_restore, kept) = made_at(&file_name)?;
    Some(BackupInfo {
        size: fs::metadata(path).ok()?.len(),
        contents: None,
        path: path.to_path_buf(),
        file_name,
        made_at,
        before_restore,
        kept,
    })
}

/// The backups in `folder`, newest first; an unreachable folder has none.
///
/// # Errors
/// [`Error::BackupFolderUnavailable`] when the folder exists but cannot be
/// read.
pub fn list(folder: &Path) -> Result<Vec<BackupInfo>> {
    scan(folder, info)
}

/// The backups in `folder`, each read by `read`, newest first.
fn scan(folder: &Path, read: fn(&Path) -> Option<BackupInfo>) -> Result<Vec<BackupInfo>> {
    if !folder.exists() {
        return Ok(Vec::new());
    }
    let mut found: Vec<BackupInfo> = fs::read_dir(folder)
        .map_err(|_| unavailable(folder))?
        .flatten()
        .filter_map(|e| read(&e.path()))
        .collect();
    found.sort_by_key(|b| std::cmp::Reverse((b.made_at, sequence(&b.file_name))));
    Ok(found)
}

/// Whether today still needs its automatic backup: none made today yet.
pub fn due(folder: &Path, today: NaiveDate) -> bool {
    scan(folder, named).map_or(true, |all| {
        !all.iter()
            .any(|b| !b.before_restore && b.made_at.date() >= today)
    })
}

/// Which regular backups `retention` keeps, of backups made at `times`
/// (any order): the newest of each day, ISO week and month, for the most
/// recent `daily` days, `weekly` weeks and `monthly` months that have one,
/// and none made before [`Retention::first_kept_day`] of the newest (so a
/// backup is never older than the furthest rule reaches).
pub fn kept(times: &[NaiveDateTime], retention: Retention) -> BTreeSet<NaiveDateTime> {
    let mut newest_first = times.to_vec();
    newest_first.sort_by(|a, b| b.cmp(a));
    if let Some(newest) = newest_first.first() {
        let first = retention.first_kept_day(newest.date());
        newest_first.retain(|t| t.date() >= first);
    }
    let mut keep = BTreeSet::new();
    let mut pick = |key: &dyn Fn(&NaiveDateTime) -> (i32, u32), limit: u32| {
        let mut seen = BTreeSet::new();
        for t in &newest_first {
            if seen.len() as u32 >= limit {
                break;
            }
            if seen.insert(key(t)) {
                keep.insert(*t);
            }
        }
    };
    pick(&|t| (t.year(), t.ordinal()), retention.daily);
    pick(
        &|t| {
            let w = t.iso_week();
            (w.year(), w.week())
        },
        retention.weekly,
    );
    pick(&|t| (t.year(), t.month()), retention.monthly);
    keep
}

/// Deletes the regular backups that `retention` does not keep. Returns
/// what was deleted.
///
/// # Errors
/// [`Error::BackupFolderUnavailable`].
pub fn rotate(folder: &Path, retention: Retention) -> Result<Vec<PathBuf>> {
    let regular: Vec<BackupInfo> = scan(folder, named)?
        .into_iter()
        .filter(|b| !b.before_restore)
        .collect();
    let times: Vec<NaiveDateTime> = regular.iter().map(|b| b.made_at).collect();
    let keep = kept(&times, retention);
    let mut deleted = Vec::new();
    for b in regular {
        if !keep.contains(&b.made_at) && fs::remove_file(&b.path).is_ok() {
            deleted.push(b.path);
        }
    }
    Ok(deleted)
}

/// What a file kept for safety is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SafetyKind {
    /// The state just before a restore, in the backup folder.
    BeforeRestore,
    /// A database that failed its start-up check, kept beside the database
    /// by the recovery (with its `-wal` and `-shm` if it had them).
    Damaged,
}

/// A safety copy or damaged file and when it will be removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SafetyCopy {
    pub path: PathBuf,
    pub file_name: String,
    pub kind: SafetyKind,
    pub made_at: NaiveDateTime,
    /// Staff keep it on purpose: never removed by age.
    pub kept: bool,
    /// The day it is removed (at the first start or backup from then on);
    /// `None` when kept.
    pub removed_on: Option<NaiveDate>,
}

/// The damaged files the recovery kept beside `database`
/// (`kiz-desk.beschaedigt-<moment>[_behalten].sqlite`), with when each was
/// set aside and whether it is kept.
fn damaged_files(database: &Path) -> Vec<(PathBuf, String, NaiveDateTime, bool)> {
    let Some(dir) = database.parent() else {
        return Vec::new();
    };
    let stem = database
        .file_stem()
        .map_or_else(|| "kiz-desk".into(), |s| s.to_string_lossy().into_owned());
    let prefix = format!("{stem}{DAMAGED}");
    let Ok(entries) = fs::read_dir(if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    }) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let stem = name
                .strip_prefix(&prefix)?
                .strip_suffix(&format!(".{EXTENSION}"))?;
            let at = NaiveDateTime::parse_from_str(stem.get(..17)?, STAMP).ok()?;
            let kept = stem.ends_with(KEPT);
            Some((e.path(), name, at, kept))
        })
        .collect()
}

/// The safety copies before restores in `folder` and the damaged files
/// beside `database`, oldest first, each with the day it will be removed
/// after `safety_days` days.
pub fn safety_copies(folder: &Path, database: &Path, safety_days: u32) -> Vec<SafetyCopy> {
    let removed_on = |at: NaiveDateTime, kept: bool| {
        (!kept).then(|| at.date() + chrono::Days::new(u64::from(safety_days)))
    };
    let mut all: Vec<SafetyCopy> = scan(folder, named)
        .unwrap_or_default()
        .into_iter()
        .filter(|b| b.before_restore)
        .map(|b| SafetyCopy {
            removed_on: removed_on(b.made_at, b.kept),
            path: b.path,
            file_name: b.file_name,
            kind: SafetyKind::BeforeRestore,
            made_at: b.made_at,
            kept: b.kept,
        })
        .collect();
    all.extend(
        damaged_files(database)
            .into_iter()
            .map(|(path, file_name, made_at, kept)| SafetyCopy {
                removed_on: removed_on(made_at, kept),
                path,
                file_name,
                kind: SafetyKind::Damaged,
                made_at,
                kept,
            }),
    );
    all.sort_by(|a, b| (a.made_at, &a.file_name).cmp(&(b.made_at, &b.file_name)));
    all
}

/// The files beside a damaged database that belong to it.
fn with_sidecars(path: &Path) -> [PathBuf; 3] {
    let side = |suffix: &str| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    [path.to_path_buf(), side("-wal"), side("-shm")]
}

/// Deletes the safety copies and damaged files (see [`safety_copies`])
/// whose day of removal is `today` or earlier, except those staff keep.
/// Returns what was deleted. Runs after every regular backup and at start.
pub fn remove_expired_safety_copies(
    folder: &Path,
    database: &Path,
    safety_days: u32,
    today: NaiveDate,
) -> Vec<PathBuf> {
    let mut deleted = Vec::new();
    for copy in safety_copies(folder, database, safety_days) {
        if copy.removed_on.is_some_and(|day| day <= today) {
            for file in with_sidecars(&copy.path) {
                if fs::remove_file(&file).is_ok() {
                    deleted.push(file);
                }
            }
        }
    }
    deleted
}

/// Keeps the safety copy or damaged file called `file_name` on purpose
/// (`keep`), or lets it be removed after `safety_days` again: renames it
/// (and a damaged file's `-wal` and `-shm`) to end in `_behalten` or not.
/// Returns it as it is now.
///
/// # Errors
/// [`Error::NotFound`] when no safety copy or damaged file has that name;
/// [`Error::Io`] when it cannot be renamed.
pub fn keep_safety_copy(
    folder: &Path,
    database: &Path,
    file_name: &str,
    keep: bool,
    safety_days: u32,
) -> Result<SafetyCopy> {
    let not_found = || Error::NotFound {
        what: Record::SafetyCopy,
    };
    let copy = safety_copies(folder, database, safety_days)
        .into_iter()
        .find(|c| c.file_name == file_name)
        .ok_or_else(not_found)?;
    if copy.kept == keep {
        return Ok(copy);
    }
    let ending = format!(".{EXTENSION}");
    let stem = file_name.strip_suffix(&ending).unwrap_or(file_name);
    let new_stem = if keep {
        format!("{stem}{KEPT}")
    } else {
        stem.strip_suffix(KEPT).unwrap_or(stem).to_string()
    };
    let renamed = copy.path.with_file_name(format!("{new_stem}{ending}"));
    for (from, to) in with_sidecars(&copy.path)
        .into_iter()
        .zip(with_sidecars(&renamed))
    {
        if from.exists() {
            fs::rename(&from, &to)?;
        }
    }
    if let Some(dir) = renamed.parent() {
        sync_folder(dir);
    }
    safety_copies(folder, database, safety_days)
        .into_iter()
        .find(|c| c.path == renamed)
        .ok_or_else(not_found)
}

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
    File::open(&incoming)?.sync_all()?;
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
    let damaged =
        database.with_file_name(format!("{stem}.beschaedigt-{}.sqlite", now.format(STAMP)));
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
    File::open(database)?.sync_all()?;
    if let Some(parent) = database.parent() {
        sync_folder(parent);
    }
    Ok((good, damaged))
}

/// Where backups go and how long they are kept, as staff set them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BackupSettings {
    /// The backup folder; empty means `Sicherungen` in the data folder.
    pub folder: String,
    pub retention: Retention,
    /// Days after which safety copies before a restore and damaged
    /// database files are removed, unless staff keep one.
    pub safety_days: u32,
}

/// Safety copies and damaged files are removed after this many days
/// unless staff set another figure.
pub const DEFAULT_SAFETY_DAYS: u32 = 90;

impl Default for BackupSettings {
    fn default() -> Self {
        BackupSettings {
            folder: String::new(),
            retention: Retention::default(),
            safety_days: DEFAULT_SAFETY_DAYS,
        }
    }
}

/// The folder in the data folder that holds backups unless staff chose
/// another one.
pub const DEFAULT_FOLDER: &str = "Sicherungen";

impl BackupSettings {
    /// The folder in effect for a data folder.
    pub fn folder_in(&self, data_dir: &Path) -> PathBuf {
        if self.folder.trim().is_empty() {
            data_dir.join(DEFAULT_FOLDER)
        } else {
            PathBuf::from(self.folder.trim())
        }
    }
}

/// The stored backup settings (defaults when none are stored).
///
/// # Errors
/// Only SQLite failures.
pub fn settings(db: &Db) -> Result<BackupSettings> {
    let number = |key: &str, default: u32| -> Result<u32> {
        Ok(crate::settings::text_setting(db, key)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(default))
    };
    let defaults = Retention::default();
    Ok(BackupSettings {
        folder: crate::settings::text_setting(db, "backup.folder")?.unwrap_or_default(),
        retention: Retention {
            daily: number("backup.daily", defaults.daily)?,
            weekly: number("backup.weekly", defaults.weekly)?,
            monthly: number("backup.monthly", defaults.monthly)?,
        },
        safety_days: number("backup.safety_days", DEFAULT_SAFETY_DAYS)?,
    })
}

/// Stores the backup settings. At least one daily backup is kept, so the
/// newest backup is never rotated away.
///
/// # Errors
/// [`Error::OutOfRange`] (daily 1–365, weekly and monthly 0–520, safety
/// copies 1–3650 days).
pub fn save_settings(db: &mut Db, input: &BackupSettings) -> Result<BackupSettings> {
    let r = input.retention;
    if !(1..=365).contains(&r.daily) {
        return Err(Error::OutOfRange {
            field: "daily",
            min: 1,
            max: 365,
        });
    }
    for (field, value) in [("weekly", r.weekly), ("monthly", r.monthly)] {
        if value > 520 {
            return Err(Error::OutOfRange {
                field,
                min: 0,
                max: 520,
            });
        }
    }
    if !(1..=3650).contains(&input.safety_days) {
        return Err(Error::OutOfRange {
            field: "safety_days",
            min: 1,
            max: 3650,
        });
    }
    db.write(|tx| {
        crate::settings::put_setting(tx, "backup.folder", input.folder.trim())?;
        crate::settings::put_setting(tx, "backup.daily", &r.daily.to_string())?;
        crate::settings::put_setting(tx, "backup.weekly", &r.weekly.to_string())?;
        crate::settings::put_setting(tx, "backup.monthly", &r.monthly.to_string())?;
        crate::settings::put_setting(tx, "backup.safety_days", &input.safety_days.to_string())?;
        Ok(())
    })?;
    settings(db)
}
