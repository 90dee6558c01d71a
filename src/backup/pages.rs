//! What the backup page and the Datenschutz page show of the backups: the
//! folder in effect with its backups, and the plan as set with the safety
//! copies and damaged files.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{
    list, safety_copies, settings, BackupInfo, BackupSettings, Retention, SafetyCopy, Span,
    DEFAULT_FOLDER,
};
use crate::{Db, Result};

/// The backup page: the settings, the folder in effect and the backups in
/// it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupOverview {
    /// The settings as stored.
    pub settings: BackupSettings,
    /// The folder in effect.
    pub folder: String,
    /// The folder used when none is chosen.
    pub default_folder: String,
    /// The backups in the folder in effect, newest first; none when the
    /// folder cannot be reached (the failed backup's warning says why).
    pub backups: Vec<BackupInfo>,
}

/// What the backup page shows for the database in `data_dir`.
///
/// # Errors
/// Only SQLite failures (an unreachable folder lists no backups).
pub fn overview(db: &Db, data_dir: &Path) -> Result<BackupOverview> {
    let settings = settings(db)?;
    let folder = settings.folder_in(data_dir);
    Ok(BackupOverview {
        folder: folder.display().to_string(),
        default_folder: data_dir.join(DEFAULT_FOLDER).display().to_string(),
        backups: list(&folder).unwrap_or_default(),
        settings,
    })
}

/// How long backups and safety copies are kept, and when each safety copy
/// or damaged file goes: for the Datenschutz page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupPlan {
    /// How many backups are kept.
    pub retention: Retention,
    /// The longest a regular backup is kept.
    pub longest: Span,
    /// Days after which safety copies and damaged files go.
    pub safety_days: u32,
    /// The safety copies and damaged files there are, each with its day.
    pub safety_copies: Vec<SafetyCopy>,
    /// The folder the backups go to, as set (or the default one).
    pub folder: PathBuf,
}

/// The backup plan as set for the database file `database` in `data_dir`,
/// with its safety copies and damaged files.
///
/// # Errors
/// Only SQLite failures.
pub fn plan(db: &Db, data_dir: &Path, database: &Path) -> Result<BackupPlan> {
    let settings = settings(db)?;
    let folder = settings.folder_in(data_dir);
    Ok(BackupPlan {
        retention: settings.retention,
        longest: settings.retention.longest(),
        safety_days: settings.safety_days,
        safety_copies: safety_copies(&folder, database, settings.safety_days),
        folder,
    })
}
