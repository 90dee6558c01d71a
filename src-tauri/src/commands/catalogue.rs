//! Medien: the catalogue screens.

use serde::Serialize;
use tauri::State;

use super::{now, with_store, workstation, CommandError};
use crate::state::AppState;
use kiz::catalogue::CatalogueStore;
use kiz::catalogue::{
    self, Copy, CopyEdit, CopyInput, MediaKind, MediaPage, MediaQuery, Medium, MediumInput,
};
use kiz::db::engine::Engine;
use kiz::languages::{self, Language};
use kiz::lending::{self, CopyPage, CopyStatusChange};

/// Pick lists for the media form and filters.
#[derive(Debug, Serialize)]
pub struct CatalogueOptions {
    pub kinds: Vec<MediaKind>,
    pub languages: Vec<Language>,
    pub next_barcode: String,
}

#[tauri::command]
pub async fn catalogue_options(
    state: State<'_, AppState>,
) -> Result<CatalogueOptions, CommandError> {
    with_store(&state, |store| {
        store.read_sql(|sql| {
            Ok(CatalogueOptions {
                kinds: catalogue::media_kinds_in(sql)?,
                languages: languages::all(),
                next_barcode: catalogue::next_barcode_in(sql)?,
            })
        })
    })
    .await
}

#[tauri::command]
pub async fn search_media(
    state: State<'_, AppState>,
    query: MediaQuery,
) -> Result<MediaPage, CommandError> {
    with_store(&state, move |store| store.search_media(&query)).await
}

/// "Passt dazu" on a medium's page: the next level of its series.
#[tauri::command]
pub async fn next_in_series(
    state: State<'_, AppState>,
    medium_id: i64,
) -> Result<Vec<catalogue::NextInSeries>, CommandError> {
    with_store(&state, move |store| {
        store.read_sql(|sql| catalogue::next_in_series_in(sql, medium_id))
    })
    .await
}

#[tauri::command]
pub async fn get_medium(state: State<'_, AppState>, id: i64) -> Result<Medium, CommandError> {
    with_store(&state, move |store| {
        store.read_sql(|sql| catalogue::medium_in(sql, id))
    })
    .await
}

#[tauri::command]
pub async fn save_medium(
    state: State<'_, AppState>,
    id: Option<i64>,
    input: MediumInput,
) -> Result<Medium, CommandError> {
    with_store(&state, move |db| match id {
        Some(id) => catalogue::update_medium(db, id, &input, now(), workstation()),
        None => catalogue::create_medium(db, &input, now()),
    })
    .await
}

#[tauri::command]
pub async fn add_media_kind(
    state: State<'_, AppState>,
    name: String,
) -> Result<MediaKind, CommandError> {
    with_store(&state, move |store| catalogue::add_media_kind(store, &name)).await
}

#[tauri::command]
pub async fn add_copy(
    state: State<'_, AppState>,
    medium_id: i64,
    input: CopyInput,
) -> Result<Copy, CommandError> {
    with_store(&state, move |db| {
        catalogue::add_copy(db, medium_id, &input, now())
    })
    .await
}

#[tauri::command]
pub async fn change_copy_status(
    state: State<'_, AppState>,
    copy_id: i64,
    change: CopyStatusChange,
    version: Option<i64>,
) -> Result<Copy, CommandError> {
    with_store(&state, move |store| {
        lending::change_copy_status(store, copy_id, &change, now(), version, workstation())
    })
    .await
}

#[tauri::command]
pub async fn update_copy(
    state: State<'_, AppState>,
    copy_id: i64,
    edit: CopyEdit,
) -> Result<Copy, CommandError> {
    with_store(&state, move |db| {
        catalogue::update_copy(db, copy_id, &edit, now(), workstation())
    })
    .await
}

#[tauri::command]
pub async fn copy_page(state: State<'_, AppState>, copy_id: i64) -> Result<CopyPage, CommandError> {
    with_store(&state, move |store| {
        store.read_sql(|sql| lending::copy_page_in(sql, copy_id))
    })
    .await
}
