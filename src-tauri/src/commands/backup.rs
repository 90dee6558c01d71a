//! Sicherungen: the automatic daily backup, "Jetzt sichern", the list of
//! backups, restoring one (also from a file staff pick), and recovering a
//! database that failed its start-up check.

use std::path::{Path, PathBuf};

use serde::Serialize;
use tauri::{Emitter, Manager, State};

use super::{now, today, with_db, CommandError};
use crate::state::AppState;
use kiz::backup::{self, BackupInfo, BackupSettings, Kind};
use kiz::Db;

/// Event with the progress of a backup: `{ done, total }` in pages.
const EVENT_PROGRESS: &str = "kiz://backup-progress";
/// Event after the automatic backup at start: `{ ok, message }`.
const EVENT_DONE: &str = "kiz://backup-done";
/// A copy of the chosen backup folder outside the database, so that a
/// damaged database can still be recovered from it.
const FOLDER_NOTE: &str = "backup-folder.txt";

#[derive(Debug, Clone, Serialize)]
struct Progress {
    done: u64,
    total: u64,
}

/// The backup page.
#[derive(Debug, Serialize)]
pub struct BackupOverview {
    pub settings: BackupSettings,
    /// The folder in effect.
    pub folder: String,
    /// The folder used when none is chosen.
    pub default_folder: String,
    pub backups: Vec<BackupInfo>,
    /// Why the last backup failed.
    pub warning: Option<String>,
}

/// The folders that may hold backups, the chosen one first.
fn folders(data_dir: &Path) -> Vec<PathBuf> {
    let mut all = Vec::new();
    if let Ok(text) = std::fs::read_to_string(data_dir.join(FOLDER_NOTE)) {
        if !text.trim().is_empty() {
            all.push(PathBuf::from(text.trim()));
        }
    }
    all.push(data_dir.join(backup::DEFAULT_FOLDER));
    all
}

fn overview(db: &Db, state_dir: &Path, warning: Option<String>) -> kiz::Result<BackupOverview> {
    let settings = backup::settings(db)?;
    let folder = settings.folder_in(state_dir);
    // An unreachable folder lists nothing; the warning says why.
    let backups = backup::list(&folder).unwrap_or_default();
    Ok(BackupOverview {
        folder: folder.display().to_string(),
        default_folder: state_dir.join(backup::DEFAULT_FOLDER).display().to_string(),
        settings,
        backups,
        warning,
    })
}

#[tauri::command]
pub async fn backup_overview(state: State<'_, AppState>) -> Result<BackupOverview, CommandError> {
    let dir = state.data_dir().to_path_buf();
    let warning = state.backup_warning();
    with_db(&state, move |db| overview(db, &dir, warning)).await
}

#[tauri::command]
pub async fn save_backup_settings(
    state: State<'_, AppState>,
    input: BackupSettings,
) -> Result<BackupOverview, CommandError> {
    let dir = state.data_dir().to_path_buf();
    let warning = state.backup_warning();
    with_db(&state, move |db| {
        let saved = backup::save_settings(db, &input)?;
        std::fs::write(dir.join(FOLDER_NOTE), &saved.folder)?;
        overview(db, &dir, warning)
    })
    .await
}

/// Makes a backup now, reporting progress to the window, and records the
/// outcome for the banner.
fn make_backup(app: &tauri::AppHandle, db: &Db, data_dir: &Path) -> kiz::Result<BackupInfo> {
    let settings = backup::settings(db)?;
    let folder = settings.folder_in(data_dir);
    backup::backup(
        db,
        &folder,
        Kind::Regular,
        now(),
        settings.retention,
        &mut |done, total| {
            let _ = app.emit(EVENT_PROGRESS, Progress { done, total });
        },
    )
}

#[tauri::command]
pub async fn backup_now(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> Result<BackupInfo, CommandError> {
    let dir = state.data_dir().to_path_buf();
    let handle = app.clone();
    let outcome = with_db(&state, move |db| make_backup(&handle, db, &dir)).await;
    state.set_backup_warning(outcome.as_ref().err().map(|e| e.message.clone()));
    outcome
}

/// At start, in the background: today's backup unless there is one.
pub fn daily_backup(app: &tauri::AppHandle) {
    let state = app.state::<AppState>();
    let Ok(db) = state.db() else {
        return;
    };
    let mut db = db.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let folder = backup::settings(&db)
        .map(|s| s.folder_in(state.data_dir()))
        .unwrap_or_else(|_| state.data_dir().join(backup::DEFAULT_FOLDER));
    if !backup::due(&folder, today()) {
        return;
    }
    match make_backup(app, &db, state.data_dir()) {
        Ok(made) => {
            log::info!("daily backup made: {} bytes", made.size);
            state.set_backup_warning(None);
            // Once a day, right after a good backup: merge the search
            // indexes, which every edit adds a piece to. Nothing is lost if
            // it fails; the searches only stay a little slower.
            match kiz::search::tidy_indexes(&mut db) {
                Ok(()) => log::info!("search indexes tidied"),
                Err(error) => log::warn!("tidying the search indexes failed: {}", error.code()),
            }
            let _ = app.emit(
                EVENT_DONE,
                serde_json::json!({ "ok": true, "message": null }),
            );
        }
        Err(error) => {
            log::error!("daily backup failed: {}", error.code());
            state.set_backup_warning(Some(error.message()));
            let _ = app.emit(
                EVENT_DONE,
                serde_json::json!({ "ok": false, "message": error.message() }),
            );
        }
    }
}

#[tauri::command]
pub async fn restore_backup(
    state: State<'_, AppState>,
    path: String,
) -> Result<BackupInfo, CommandError> {
    let dir = state.data_dir().to_path_buf();
    with_db(&state, move |db| {
        let folder = backup::settings(db)?.folder_in(&dir);
        let safety = backup::restore(db, Path::new(&path), &folder, now())?;
        log::info!("backup restored; safety copy made first");
        Ok(safety)
    })
    .await
}

/// Restores a file staff pick (from a USB stick, say); `None` when the
/// dialog is cancelled.
#[tauri::command]
pub async fn restore_backup_from_file(
    state: State<'_, AppState>,
) -> Result<Option<BackupInfo>, CommandError> {
    let picked = rfd::AsyncFileDialog::new()
        .set_title("Sicherung auswählen")
        .add_filter("KIZ-Desk-Sicherung", &["sqlite", "db"])
        .pick_file()
        .await;
    let Some(file) = picked else {
        return Ok(None);
    };
    restore_backup(state, file.path().display().to_string())
        .await
        .map(Some)
}

/// What the recovery did.
#[derive(Debug, Serialize)]
pub struct Recovery {
    pub backup: BackupInfo,
    /// Where the damaged file was kept.
    pub damaged: String,
}

/// For a database that failed its start-up check: keeps the damaged file,
/// puts the newest good backup in its place and opens it.
#[tauri::command]
pub async fn recover_database(state: State<'_, AppState>) -> Result<Recovery, CommandError> {
    if state.open_error().is_none() {
        return Err(kiz::Error::NotFound { what: "damage" }.into());
    }
    let file = state.database_file().to_path_buf();
    let folders = folders(state.data_dir());
    let (recovery, db) = tauri::async_runtime::spawn_blocking(move || {
        // What was erased before the damage must stay erased: the log of
        // the damaged file, as far as it can still be read.
        let erased = kiz::privacy::deletion_log_of_file(&file);
        let mut last = kiz::Error::NoGoodBackup;
        for folder in folders {
            match backup::restore_newest(&file, &folder, now()) {
                Ok((backup, damaged)) => {
                    let mut db = Db::open(&file)?;
                    kiz::privacy::reapply(&mut db, &erased, now())?;
                    let recovery = Recovery {
                        backup,
                        damaged: damaged.display().to_string(),
                    };
                    return Ok((recovery, db));
                }
                Err(e) => last = e,
            }
        }
        Err(last)
    })
    .await
    .map_err(|_| CommandError::internal())?
    .map_err(CommandError::from)?;
    log::info!("database recovered from the newest good backup");
    state.set_db(db);
    Ok(recovery)
}
