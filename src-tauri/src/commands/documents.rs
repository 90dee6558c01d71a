//! Printouts that are not tied to one domain: the test page.

use tauri::State;

use super::{with_db, CommandError};
use crate::delivery::{deliver, Delivered, Delivery};
use crate::state::AppState;
use kiz::documents::{self, fonts::FallbackFonts, sample::sample_document};

#[tauri::command]
pub async fn print_test_page(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    delivery: Delivery,
) -> Result<Delivered, CommandError> {
    let today = chrono::Local::now().date_naive();
    let pdf = with_db(&state, move |db| {
        let institution = kiz::settings::institution(db)?;
        Ok(sample_document(
            &institution,
            today,
            FallbackFonts::system(),
        ))
    })
    .await?;
    let warnings = pdf.missing.iter().map(|m| m.message()).collect();
    let name = documents::file_name(&["Testseite", &today.format("%Y-%m-%d").to_string()], "pdf");
    deliver(&app, state.data_dir(), pdf.bytes, name, delivery, warnings).await
}
