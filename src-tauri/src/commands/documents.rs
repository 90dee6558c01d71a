//! Printouts: the test page, copy labels, borrower cards, the
//! Jahresbericht.

use tauri::State;

use super::{print, CommandError};
use crate::delivery::{Delivered, Delivery};
use crate::state::AppState;
use kiz::documents::labels::LabelSheet;
use kiz::documents::DocumentRequest;
use kiz::reports::PeriodChoice;

#[tauri::command]
pub async fn print_test_page(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    delivery: Delivery,
) -> Result<Delivered, CommandError> {
    print(&app, &state, DocumentRequest::TestPage, delivery).await
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
    let request = DocumentRequest::Labels {
        copy_ids,
        sheet,
        start,
    };
    print(&app, &state, request, delivery).await
}

/// Package cards of course packages, on a label sheet (issue 23).
#[tauri::command]
pub async fn print_package_cards(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    package_ids: Vec<i64>,
    sheet: LabelSheet,
    start: usize,
    delivery: Delivery,
) -> Result<Delivered, CommandError> {
    let request = DocumentRequest::PackageCards {
        package_ids,
        sheet,
        start,
    };
    print(&app, &state, request, delivery).await
}

#[tauri::command]
pub async fn print_borrower_card(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    borrower_id: i64,
    delivery: Delivery,
) -> Result<Delivered, CommandError> {
    let request = DocumentRequest::BorrowerCard { borrower_id };
    print(&app, &state, request, delivery).await
}

/// The Jahresbericht of a period as PDF, or as XLSX workbook when `xlsx`.
#[tauri::command]
pub async fn print_annual_report(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    choice: PeriodChoice,
    xlsx: bool,
    delivery: Delivery,
) -> Result<Delivered, CommandError> {
    let request = DocumentRequest::AnnualReport { choice, xlsx };
    print(&app, &state, request, delivery).await
}
