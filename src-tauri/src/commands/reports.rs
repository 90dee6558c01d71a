//! Berichte: the figures of a period and of the same period a year before.

use tauri::State;

use super::{today, with_store, CommandError};
use crate::state::AppState;
use kiz::reports::{self, PeriodChoice, Report};

/// The report for `choice`; open loans and waiting reservations are
/// judged by today's date.
#[tauri::command]
pub async fn report_figures(
    state: State<'_, AppState>,
    choice: PeriodChoice,
) -> Result<Report, CommandError> {
    with_store(&state, move |store| {
        reports::report_on(store, &choice, today())
    })
    .await
}
