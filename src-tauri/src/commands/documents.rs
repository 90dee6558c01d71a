//! Printouts: the test page, copy labels, borrower cards.

use tauri::State;

use super::{with_db, CommandError};
use crate::delivery::{deliver, Delivered, Delivery};
use crate::state::AppState;
use kiz::documents::labels::{self, LabelSheet};
use kiz::documents::{self, fonts::FallbackFonts, sample::sample_document};

#[tauri::command]
pub async fn print_test_page(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    delivery: Delivery,
) -> Result<Delivered, CommandError> {
    let today = super::today();
    let pdf = with_db(&state, move |db| {
        let institution = kiz::settings::institution(db)?;
        Ok(sample_document(
            &institution,
            today,
            FallbackFonts::system(),
        ))
    })
    .await?;
    let warnings = pdf.warnings();
    let name = documents::file_name(&["Testseite", &today.format("%Y-%m-%d").to_string()], "pdf");
    deliver(&app, state.data_dir(), pdf.bytes, name, delivery, warnings).await
}

#[tauri::command]
pub async fn print_labels(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    copy_ids: Vec<i64>,
    sheet: LabelSheet,
    start: usize,
    delivery: Delivery,
) -> Result<Delivered, CommandError> {
    let today = super::today();
    let pdf = with_db(&state, move |db| {
        let institution = kiz::settings::institution(db)?;
        let chosen = kiz::catalogue::labels_for_copies(db, &copy_ids)?;
        labels::label_sheet(&chosen, sheet, start, &institution, today)
    })
    .await?;
    let warnings = pdf.warnings();
    let name = documents::file_name(&["Etiketten", &today.format("%Y-%m-%d").to_string()], "pdf");
    deliver(&app, state.data_dir(), pdf.bytes, name, delivery, warnings).await
}

#[tauri::command]
pub async fn print_borrower_card(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    borrower_id: i64,
    delivery: Delivery,
) -> Result<Delivered, CommandError> {
    let today = super::today();
    let (pdf, card) = with_db(&state, move |db| {
        let institution = kiz::settings::institution(db)?;
        let borrower = kiz::people::borrower(db, borrower_id)?;
        let pdf =
            labels::borrower_card(&borrower.name, &borrower.card_number, &institution, today)?;
        Ok((pdf, borrower.card_number))
    })
    .await?;
    let warnings = pdf.warnings();
    let name = documents::file_name(&["Ausweis", &card], "pdf");
    deliver(&app, state.data_dir(), pdf.bytes, name, delivery, warnings).await
}
