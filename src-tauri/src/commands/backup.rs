//! Sicherungen: the automatic daily backup, "Jetzt sichern", the list of
//! backups, restoring one (also from a file staff pick), safety copies and
//! their limit, and recovering a database that failed its start-up check.

use std::path::{Path, PathBuf};

use serde::Serialize;
use tauri::{Manager, State};

use super::{now, today, with_db, CommandError};
use crate::shell_events::{tell, BACKUP_DONE, BACKUP_PROGRESS};
use crate::state::AppState;
use kiz::backup::{self, BackupInfo, BackupSettings, Kind, Recovery, SafetyCopy};
use kiz::Db;
use kiz::Record;

#[derive(Debug, Clone, Serialize)]
struct Progress {
    done: u64,
    total: u64,
}

/// The backup page, with why the last backup failed.
#[derive(Debug, Serialize)]
pub struct BackupPage {
    #[serde(flatten)]
    pub overview: backup::BackupOverview,
    /// Why the last backup failed.
    pub warning: Option<CommandError>,
}

fn page(db: &Db, data_dir: &Path, warning: Option<CommandError>) -> kiz::Result<BackupPage> {
    Ok(BackupPage {
        overview: backup::overview(db, data_dir)?,
        warning,
    })
}

#[tauri::command]
pub async fn backup_overview(state: State<'_, AppState>) -> Result<BackupPage, CommandError> {
    if let Some(shared) = state.shared() {
        return Err(CommandError::backups_by_it(shared.settings()));
    }
    let dir = state.data_dir().to_path_buf();
    let warning = state.backup_warning();
    with_db(&state, move |db| page(db, &dir, warning)).await
}

#[tauri::command]
pub async fn save_backup_settings(
    state: State<'_, AppState>,
    input: BackupSettings,
) -> Result<BackupPage, CommandError> {
    let dir = state.data_dir().to_path_buf();
    let warning = state.backup_warning();
    with_db(&state, move |db| {
        backup::save_settings(db, &dir, &input)?;
        page(db, &dir, warning)
    })
    .await
}

/// How often the app looks whether the day's backup is still due, so that
/// an app left open past midnight makes the next day's backup too.
const CHECK_EVERY: std::time::Duration = std::time::Duration::from_secs(5 * 60);

/// What a backup needs from the database: the settings and the file. The
/// database is held only while these are read.
fn settings_and_file(state: &AppState) -> kiz::Result<(BackupSettings, PathBuf)> {
    let db = state.db().map_err(|_| kiz::Error::NotFound {
        what: Record::Database,
    })?;
    let db = db.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let settings = backup::settings(&db)?;
    let file = db
        .path()
        .map(Path::to_path_buf)
        .ok_or(kiz::Error::NotFound {
            what: Record::Database,
        })?;
    Ok((settings, file))
}

/// Makes a backup now, reporting its progress to `progress` (done, total
/// pages), then removes the safety copies whose time is up. Call with the
/// backup lock held; the database stays free for the desk while the copy
/// runs.
pub(crate) fn make_backup(
    state: &AppState,
    progress: &mut dyn FnMut(u64, u64),
) -> kiz::Result<BackupInfo> {
    let (settings, file) = settings_and_file(state)?;
    let folder = settings.folder_in(state.data_dir());
    let made = backup::backup_file(
        &file,
        &folder,
        Kind::Regular,
        now(),
        settings.retention,
        progress,
    )?;
    remove_expired(&settings, state.data_dir(), &file);
    // An erasure while the copy ran could not empty the write-ahead log
    // (the copy was reading it); it is emptied now.
    if let Ok(db) = state.db() {
        let db = db.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        match kiz::privacy::empty_log(&db) {
            Ok(_) => {}
            Err(error) => log::warn!("write-ahead log not emptied: {}", error.code()),
        }
    }
    Ok(made)
}

/// Deletes safety copies and damaged files older than their limit.
fn remove_expired(settings: &BackupSettings, data_dir: &Path, file: &Path) {
    let removed = backup::remove_expired_safety_copies(
        &settings.folder_in(data_dir),
        file,
        settings.safety_days,
        today(),
    );
    if !removed.is_empty() {
        log::info!("{} expired safety files removed", removed.len());
    }
}

#[tauri::command]
pub async fn backup_now(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> Result<BackupInfo, CommandError> {
    refuse_on_server(&state)?;
    let handle = app.clone();
    let outcome = crate::commands::on_blocking_thread(move || {
        let state = handle.state::<AppState>();
        let lock = state.backup_lock();
        let _running = lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // Only this backup's progress is shown (the bar under "Jetzt
        // sichern"); the daily one and the one before an update tell
        // nothing while they run, so the page is not sent a message per
        // 512 pages that nobody shows.
        make_backup(&state, &mut |done, total| {
            tell(&handle, BACKUP_PROGRESS, Progress { done, total });
        })
        .map_err(CommandError::from)
    })
    .await?;
    state.set_backup_warning(outcome.as_ref().err().cloned());
    outcome
}

/// In the background from start to the end: the day's backup when none
/// was made that day, looked for at start and then every few minutes, so
/// an app left open for a week still makes one a day.
///
/// `KIZ_BACKUP_CHECK_SECONDS` shortens the interval for the end-to-end
/// test in debug builds.
pub fn daily_backups(app: &tauri::AppHandle) {
    let every = std::env::var("KIZ_BACKUP_CHECK_SECONDS")
        .ok()
        .filter(|_| cfg!(debug_assertions))
        .and_then(|v| v.parse().ok())
        .map_or(CHECK_EVERY, std::time::Duration::from_secs);
    loop {
        daily_backup(app);
        std::thread::sleep(every);
    }
}

/// Today's backup unless there is one; expired safety copies go first.
/// Not on a PC that works on the shared database: its file no longer
/// changes, and the server is backed up by IT (`docs/server-it.md`).
fn daily_backup(app: &tauri::AppHandle) {
    let state = app.state::<AppState>();
    if state.shared().is_some() {
        log::info!("no daily backup: this PC works on the shared database, which IT backs up");
        return;
    }
    let lock = state.backup_lock();
    let _running = lock
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let Ok((settings, file)) = settings_and_file(&state) else {
        return;
    };
    remove_expired(&settings, state.data_dir(), &file);
    if !backup::due(&settings.folder_in(state.data_dir()), today()) {
        return;
    }
    match make_backup(&state, &mut |_, _| {}) {
        Ok(made) => {
            log::info!("daily backup made: {} bytes", made.size);
            state.set_backup_warning(None);
            // Once a day, right after a good backup: merge the search
            // indexes, which every edit adds a piece to. Nothing is lost if
            // it fails; the searches only stay a little slower.
            if let Ok(db) = state.db() {
                let mut db = db.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                match kiz::search::tidy_indexes(&mut db) {
                    Ok(()) => log::info!("search indexes tidied"),
                    Err(error) => {
                        log::warn!("tidying the search indexes failed: {}", error.code());
                    }
                }
            }
            // `{ ok, error }`: the error as a `CommandError`, null when ok.
            tell(
                app,
                BACKUP_DONE,
                serde_json::json!({ "ok": true, "error": null }),
            );
        }
        Err(error) => {
            log::error!("daily backup failed: {}", error.code());
            let error = CommandError::from(error);
            state.set_backup_warning(Some(error.clone()));
            tell(
                app,
                BACKUP_DONE,
                serde_json::json!({ "ok": false, "error": error }),
            );
        }
    }
}

/// A backup or a restore is of the file: refused while this PC works on
/// the shared database (the file is only the copy of the moment it moved).
fn refuse_on_server(state: &AppState) -> Result<(), CommandError> {
    match state.shared() {
        Some(_) => Err(kiz::Error::FileOnly.into()),
        None => Ok(()),
    }
}

/// Replaces the data with the backup at `path`, after a safety copy. The
/// window asks first, naming the backup's moment and what it holds.
#[tauri::command]
pub async fn restore_backup(
    state: State<'_, AppState>,
    path: String,
) -> Result<BackupInfo, CommandError> {
    refuse_on_server(&state)?;
    let dir = state.data_dir().to_path_buf();
    let slot = state.db_slot();
    let lock = state.backup_lock();
    crate::commands::on_blocking_thread(move || {
        let db = slot.get()?;
        // No backup runs while the file is swapped.
        let _running = lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut db = db.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let folder = backup::settings(&db)?.folder_in(&dir);
        let safety = backup::restore(&mut db, Path::new(&path), &folder, now())?;
        log::info!("backup restored; safety copy made first");
        Ok::<_, CommandError>(safety)
    })
    .await?
}

/// Lets staff pick a backup file (from a USB stick, say) and says what it
/// holds; nothing is restored yet: the window asks first and then calls
/// [`restore_backup`]. `None` when the dialog is cancelled; a file that is
/// not a KIZ Desk backup is refused here.
///
/// In debug builds `KIZ_TEST_PICK_FILE` stands in for the native dialog,
/// which WebDriver cannot drive.
#[tauri::command]
pub async fn pick_backup_file() -> Result<Option<BackupInfo>, CommandError> {
    let test_pick = std::env::var_os("KIZ_TEST_PICK_FILE")
        .filter(|_| cfg!(debug_assertions))
        .map(PathBuf::from);
    let picked = match test_pick {
        Some(path) => Some(path),
        // The system's open dialog with its own title in the system's
        // language; the filter names only the program and the file kinds.
        None => rfd::AsyncFileDialog::new()
            .add_filter("KIZ Desk (.sqlite, .db)", &["sqlite", "db"])
            .pick_file()
            .await
            .map(|file| file.path().to_path_buf()),
    };
    let Some(path) = picked else {
        return Ok(None);
    };
    crate::commands::on_blocking_thread(move || backup::inspect(&path))
        .await?
        .map(Some)
        .map_err(CommandError::from)
}

#[tauri::command]
pub async fn backup_plan(state: State<'_, AppState>) -> Result<backup::BackupPlan, CommandError> {
    let dir = state.data_dir().to_path_buf();
    let file = state.database_file().to_path_buf();
    with_db(&state, move |db| backup::plan(db, &dir, &file)).await
}

/// Keeps a safety copy or damaged file on purpose, or lets it go after its
/// days again.
#[tauri::command]
pub async fn keep_safety_copy(
    state: State<'_, AppState>,
    file_name: String,
    keep: bool,
) -> Result<SafetyCopy, CommandError> {
    let dir = state.data_dir().to_path_buf();
    let file = state.database_file().to_path_buf();
    with_db(&state, move |db| {
        let settings = backup::settings(db)?;
        backup::keep_safety_copy(
            &settings.folder_in(&dir),
            &file,
            &file_name,
            keep,
            settings.safety_days,
        )
    })
    .await
}

/// For a database that failed its start-up check: keeps the damaged file,
/// puts the newest good backup in its place and opens it.
#[tauri::command]
pub async fn recover_database(state: State<'_, AppState>) -> Result<Recovery, CommandError> {
    if state.open_error().is_none() {
        return Err(kiz::Error::NotFound {
            what: Record::DamagedDatabase,
        }
        .into());
    }
    let file = state.database_file().to_path_buf();
    let dir = state.data_dir().to_path_buf();
    let (recovery, db) =
        crate::commands::on_blocking_thread(move || backup::recover(&file, &dir, now()))
            .await?
            .map_err(CommandError::from)?;
    log::info!("database recovered from the newest good backup");
    state.set_db(db);
    Ok(recovery)
}
