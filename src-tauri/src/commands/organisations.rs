//! Organisationen: the directory.

use tauri::State;

use super::{with_store, CommandError};
use crate::state::AppState;
use kiz::db::engine::Engine;
use kiz::organisations::{self, OrganisationSummary};

#[tauri::command]
pub async fn list_organisations(
    state: State<'_, AppState>,
) -> Result<Vec<OrganisationSummary>, CommandError> {
    with_store(&state, |store| store.read_sql(organisations::list_in)).await
}
