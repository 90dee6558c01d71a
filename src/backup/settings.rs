//! Where backups go and how long they are kept, as staff set them, and
//! the note of the chosen folder outside the database for the recovery.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::Retention;
use crate::{Db, Error, Result};

/// Where backups go and how long they are kept, as staff set them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BackupSettings {
    /// The backup folder; empty means `Sicherungen` in the data folder.
    pub folder: String,
    /// How many regular backups are kept.
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
    settings_in(db.conn())
}

/// [`settings`] inside a read of the file (the access report prints
/// them; they are this PC's, so they mean nothing on the shared database).
///
/// # Errors
/// Only SQLite failures.
pub(crate) fn settings_in(sql: &dyn crate::db::engine::Sql) -> Result<BackupSettings> {
    let number = |key: &str, default: u32| -> Result<u32> {
        Ok(crate::settings::text_setting_in(sql, key)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(default))
    };
    let defaults = Retention::default();
    Ok(BackupSettings {
        folder: crate::settings::text_setting_in(sql, "backup.folder")?.unwrap_or_default(),
        retention: Retention {
            daily: number("backup.daily", defaults.daily)?,
            weekly: number("backup.weekly", defaults.weekly)?,
            monthly: number("backup.monthly", defaults.monthly)?,
        },
        safety_days: number("backup.safety_days", DEFAULT_SAFETY_DAYS)?,
    })
}

/// Stores the backup settings, and notes the chosen folder in a small file
/// in `data_dir` outside the database (for [`super::recover`], which must
/// find the backups when the database cannot be read), in the same
/// transaction: when the note cannot be written, nothing is stored. At
/// least one daily backup is kept, so the newest backup is never rotated
/// away.
///
/// # Errors
/// [`Error::OutOfRange`] (daily 1–365, weekly and monthly 0–520, safety
/// copies 1–3650 days); [`Error::Io`] when the note cannot be written.
pub fn save_settings(
    db: &mut Db,
    data_dir: &Path,
    input: &BackupSettings,
) -> Result<BackupSettings> {
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
        fs::write(data_dir.join(FOLDER_NOTE), input.folder.trim())?;
        Ok(())
    })?;
    settings(db)
}

/// The file in the data folder that remembers the chosen backup folder
/// outside the database, so that a damaged database can still be
/// recovered from it.
const FOLDER_NOTE: &str = "backup-folder.txt";

/// The folders that may hold backups of the database in `data_dir`, in
/// the order [`super::recover`] looks: the one staff chose (as
/// [`save_settings`] noted it), then [`DEFAULT_FOLDER`], which holds the
/// backups made before a folder was chosen.
pub fn recovery_folders(data_dir: &Path) -> Vec<PathBuf> {
    let mut all = Vec::new();
    if let Ok(text) = fs::read_to_string(data_dir.join(FOLDER_NOTE)) {
        if !text.trim().is_empty() {
            all.push(PathBuf::from(text.trim()));
        }
    }
    all.push(data_dir.join(DEFAULT_FOLDER));
    all
}
