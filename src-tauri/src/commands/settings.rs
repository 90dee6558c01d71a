//! Einstellungen: the institution's data and the UI language.

use serde::Serialize;
use tauri::State;

use super::{now, with_store, with_this_pcs_file, workstation, CommandError};
use crate::state::AppState;
use kiz::catalogue::{self, NumberingPatterns, NumberingPreview};
use kiz::db::engine::Engine;
use kiz::settings::{self, Institution};

/// The settings page's data.
#[derive(Debug, Serialize)]
pub struct SettingsView {
    /// The institution printed on every document.
    pub institution: Institution,
    /// The version of the institution's details the form sends back.
    pub institution_version: i64,
    /// "de" or "en".
    pub ui_language: String,
    /// The paper of slips and receipts: "a4", "a5", "roll_80", "roll_58".
    pub slip_format: String,
    /// The smallest count of people a printed or exported report shows
    /// as it is (smaller ones read "< 3"); 1 shows every count.
    pub report_min_count: u32,
}

#[tauri::command]
pub async fn get_settings(state: State<'_, AppState>) -> Result<SettingsView, CommandError> {
    let mut view = with_store(&state, |store| {
        store.read_sql(|sql| {
            Ok(SettingsView {
                institution: settings::institution_in(sql)?,
                institution_version: settings::institution_version_in(sql)?,
                ui_language: String::new(),
                slip_format: settings::slip_format_in(sql)?.code().into(),
                report_min_count: settings::report_min_count_in(sql)?,
            })
        })
    })
    .await?;
    // This PC's own; German when its file cannot be read (the settings
    // of the shared database still show).
    view.ui_language = with_this_pcs_file(&state, |db| settings::ui_language(db))
        .await
        .map_or("de", |language| language.code())
        .into();
    Ok(view)
}

/// What the institution's form stored, and its new version.
#[derive(Debug, Serialize)]
pub struct SavedInstitution {
    /// The details as stored (trimmed).
    pub institution: Institution,
    /// The version the form keeps for its next save.
    pub version: i64,
}

/// Saves the institution's details from the settings page, if nobody saved
/// them since the form read `version`.
#[tauri::command]
pub async fn save_institution(
    state: State<'_, AppState>,
    institution: Institution,
    version: i64,
) -> Result<SavedInstitution, CommandError> {
    with_store(&state, move |store| {
        let (institution, version) =
            settings::save_institution_form(store, &institution, version, workstation(), now())?;
        Ok(SavedInstitution {
            institution,
            version,
        })
    })
    .await
}

#[tauri::command]
pub async fn set_ui_language(
    state: State<'_, AppState>,
    language: String,
) -> Result<String, CommandError> {
    // Each PC keeps its own: on the shared database one colleague
    // switching to English must not switch every PC.
    with_this_pcs_file(&state, move |db| {
        Ok(settings::set_ui_language(db, &language)?.code().to_owned())
    })
    .await
}

#[tauri::command]
pub async fn set_slip_format(
    state: State<'_, AppState>,
    format: String,
) -> Result<String, CommandError> {
    with_store(&state, move |store| {
        Ok(settings::set_slip_format(store, &format)?.code().to_owned())
    })
    .await
}

/// Stores the smallest count a printed report shows as it is; returns it.
#[tauri::command]
pub async fn set_report_min_count(
    state: State<'_, AppState>,
    value: i64,
) -> Result<u32, CommandError> {
    with_store(&state, move |store| {
        settings::set_report_min_count(store, value)
    })
    .await
}

#[tauri::command]
pub async fn numbering_patterns(
    state: State<'_, AppState>,
) -> Result<NumberingPreview, CommandError> {
    with_store(&state, |store| store.read_sql(catalogue::numbering_in)).await
}

#[tauri::command]
pub async fn preview_numbering_patterns(
    state: State<'_, AppState>,
    patterns: NumberingPatterns,
) -> Result<NumberingPreview, CommandError> {
    with_store(&state, move |store| {
        store.read_sql(|sql| catalogue::preview_numbering_patterns_in(sql, &patterns))
    })
    .await
}

/// Saves the numbering patterns from the settings page, if nobody saved
/// them since the form read `version`.
#[tauri::command]
pub async fn save_numbering_patterns(
    state: State<'_, AppState>,
    patterns: NumberingPatterns,
    version: i64,
) -> Result<NumberingPreview, CommandError> {
    with_store(&state, move |store| {
        catalogue::save_numbering_form(store, &patterns, version, workstation(), now())
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
    with_store(&state, move |store| {
        kiz::lists::save_sort(store, &list, &sort)
    })
    .await
}
