//! Einstellungen: the institution's data and the UI language.

use serde::Serialize;
use tauri::State;

use super::{with_db, CommandError};
use crate::state::AppState;
use kiz::settings::{self, Institution};

/// The settings page's data.
#[derive(Debug, Serialize)]
pub struct SettingsView {
    /// The institution printed on every document.
    pub institution: Institution,
    /// "de" or "en".
    pub ui_language: String,
}

#[tauri::command]
pub async fn get_settings(state: State<'_, AppState>) -> Result<SettingsView, CommandError> {
    with_db(&state, |db| {
        Ok(SettingsView {
            institution: settings::institution(db)?,
            ui_language: settings::ui_language(db)?.code().into(),
        })
    })
    .await
}

#[tauri::command]
pub async fn save_institution(
    state: State<'_, AppState>,
    institution: Institution,
) -> Result<Institution, CommandError> {
    with_db(&state, move |db| {
        settings::save_institution(db, &institution)
    })
    .await
}

#[tauri::command]
pub async fn set_ui_language(
    state: State<'_, AppState>,
    language: String,
) -> Result<String, CommandError> {
    with_db(&state, move |db| {
        Ok(settings::set_ui_language(db, &language)?.code().to_owned())
    })
    .await
}

/// Keeps the sort staff chose for a list (`borrowers`, `name:desc`) and
/// returns it as stored.
#[tauri::command]
pub async fn save_list_sort(
    state: State<'_, AppState>,
    list: String,
    sort: String,
) -> Result<String, CommandError> {
    with_db(&state, move |db| kiz::lists::save_sort(db, &list, &sort)).await
}
