//! Organisationen: the directory.

use tauri::State;

use super::{with_db, CommandError};
use crate::state::AppState;
use kiz::organisations::{self, OrganisationSummary};

#[tauri::command]
pub async fn list_organisations(
    state: State<'_, AppState>,
) -> Result<Vec<OrganisationSummary>, CommandError> {
    with_db(&state, |db| organisations::list(db)).await
}
