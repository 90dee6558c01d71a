//! The backups in a folder: what their names say, listing them, whether
//! one is due, and the rotation that keeps some per day, week and month.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OpenFlags};

use super::{
    unavailable, BackupInfo, Contents, Retention, BEFORE_RESTORE, EXTENSION, KEPT, PREFIX, STAMP,
};
use crate::Result;

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
pub(super) fn contents(path: &Path) -> Option<Contents> {
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

pub(super) fn info(path: &Path) -> Option<BackupInfo> {
    let mut found = named(path)?;
    found.contents = contents(path);
    Some(found)
}

/// What a backup's name and size say, without opening it (`contents` is
/// `None`): enough for rotation, the daily check and the safety copies,
/// which run every few minutes and must not read every backup on a
/// network drive each time.
pub(super) fn named(path: &Path) -> Option<BackupInfo> {
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
/// [`crate::Error::BackupFolderUnavailable`] when the folder exists but cannot be
/// read.
pub fn list(folder: &Path) -> Result<Vec<BackupInfo>> {
    scan(folder, info)
}

/// The backups in `folder`, each read by `read`, newest first.
pub(super) fn scan(
    folder: &Path,
    read: fn(&Path) -> Option<BackupInfo>,
) -> Result<Vec<BackupInfo>> {
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
/// [`crate::Error::BackupFolderUnavailable`].
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
