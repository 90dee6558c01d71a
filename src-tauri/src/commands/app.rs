//! Start-up status and demo data.

use serde::Serialize;
use tauri::State;

use super::{with_db, CommandError};
use crate::state::AppState;

/// Everything the window needs to decide what to show on start.
#[derive(Debug, Serialize)]
pub struct AppStatus {
    /// Why the database could not be opened; the window shows the error page.
    pub error: Option<CommandError>,
    /// The data folder in use.
    pub data_dir: String,
    /// The database file.
    pub database_file: String,
    /// The folder of the log files.
    pub log_dir: String,
    /// The data folder is on a network drive (warn: WAL needs a local disk).
    pub data_dir_on_network: bool,
    /// "de" or "en".
    pub ui_language: String,
    /// The schema version of the open file.
    pub schema_version: Option<i64>,
    /// The app's version.
    pub app_version: String,
    /// The database holds nothing yet: offer demo data.
    pub empty: bool,
    /// Why the last backup failed (a banner until the next good one).
    pub backup_warning: Option<CommandError>,
}

#[tauri::command]
pub async fn app_status(
    state: State<'_, AppState>,
    app: tauri::AppHandle,
) -> Result<AppStatus, CommandError> {
    let mut status = AppStatus {
        error: state.open_error(),
        data_dir: state.data_dir().display().to_string(),
        database_file: state.database_file().display().to_string(),
        log_dir: state.log_dir().display().to_string(),
        data_dir_on_network: state.on_network(),
        ui_language: "de".into(),
        schema_version: None,
        app_version: app.package_info().version.to_string(),
        empty: false,
        backup_warning: state.backup_warning(),
    };
    if status.error.is_none() {
        let (language, version, empty) = with_db(&state, |db| {
            Ok((
                kiz::settings::ui_language(db)?,
                db.schema_version()?,
                kiz::demo::is_empty(db)?,
            ))
        })
        .await?;
        status.ui_language = language.code().into();
        status.schema_version = Some(version);
        status.empty = empty;
    }
    Ok(status)
}

#[tauri::command]
pub async fn load_demo_data(
    state: State<'_, AppState>,
) -> Result<kiz::demo::DemoSummary, CommandError> {
    let now = super::now();
    with_db(&state, move |db| kiz::demo::load(db, now)).await
}
