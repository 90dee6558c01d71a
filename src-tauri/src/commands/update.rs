//! Einstellungen → Über KIZ Desk: the update's state, "Nach Updates
//! suchen" and "Jetzt aktualisieren" (see [`crate::update`]).

use tauri::State;

use super::CommandError;
use crate::update::{self, Status, Updates};

/// What the settings show about updates.
#[tauri::command]
pub fn update_status(updates: State<'_, Updates>) -> Status {
    updates.status()
}

/// Looks for an update now, then downloads and verifies it; returns the
/// state reached (the window polls [`update_status`] meanwhile).
#[tauri::command]
pub async fn update_check(app: tauri::AppHandle) -> Result<Status, CommandError> {
    update::look(&app, false).await;
    Ok(tauri::Manager::state::<Updates>(&app).status())
}

/// Backs up, closes the database and starts the installer of the verified
/// download (Windows; the app then ends). The window asks for this only
/// when no desk session is open and nothing is unsaved.
#[tauri::command]
pub async fn update_install(app: tauri::AppHandle) -> Result<(), CommandError> {
    update::install(&app).await
}
