//! Safety copies: the copy made before a restore and the damaged files
//! the recovery keeps, their own time limit, and keeping one on purpose.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::{named, scan, sync_folder, DAMAGED, EXTENSION, KEPT, STAMP};
use crate::file_names;
use crate::Record;
use crate::{Error, Result};

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
    /// Where the file is.
    pub path: PathBuf,
    /// Its file name, as the list shows it.
    pub file_name: String,
    /// A copy from before a restore or a damaged database.
    pub kind: SafetyKind,
    /// When it was made or set aside (from its name).
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
    let renamed = copy
        .path
        .with_file_name(file_names::file_name(&[&new_stem], EXTENSION));
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
