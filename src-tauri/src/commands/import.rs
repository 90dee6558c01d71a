//! Daten importieren and Alle Daten exportieren. The wizard's steps: each
//! command reads the file
//! again from its path (a file of 10,000 rows reads in well under a
//! second), so no half-finished import lives in the shell between steps.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use serde::Serialize;
use tauri::State;

use super::{now, print, today, with_store, CommandError};
use crate::delivery::{deliver, Delivered, Delivery};
use crate::state::AppState;
use kiz::db::engine::Engine;
use kiz::documents::{DocumentRequest, ExportFormat, ShownTable};
use kiz::import::{self, Options, Report, Sheet, Target};

/// The rows done and the total of the import running now, for the
/// progress bar; and whether staff asked to cancel it.
static DONE: AtomicUsize = AtomicUsize::new(0);
static TOTAL: AtomicUsize = AtomicUsize::new(0);
static CANCEL: AtomicBool = AtomicBool::new(false);

/// A sheet of the chosen file, without its rows.
#[derive(Debug, Serialize)]
pub struct SheetInfo {
    /// The sheet's name; empty for CSV.
    pub name: String,
    /// The row that holds the headers.
    pub header_row: usize,
    /// The column headers.
    pub headers: Vec<String>,
    /// How many rows of data it has.
    pub rows: usize,
}

/// The file staff chose.
#[derive(Debug, Serialize)]
pub struct PickedFile {
    /// Where it is, for the next steps.
    pub path: String,
    /// Its name, to show.
    pub file_name: String,
    /// Its sheets that hold a table.
    pub sheets: Vec<SheetInfo>,
}

/// The fields of a target and the first mapping for a sheet's headers.
#[derive(Debug, Serialize)]
pub struct MappingProposal {
    /// The fields a column can be mapped to.
    pub fields: Vec<&'static str>,
    /// For each column, the field it fills.
    pub mapping: Vec<Option<String>>,
    /// Whether the mapping is one staff saved for files of this shape.
    pub saved: bool,
}

/// Progress of the running import.
#[derive(Debug, Serialize)]
pub struct Progress {
    /// Rows done.
    pub done: usize,
    /// Rows in all.
    pub total: usize,
}

fn read_sheet(path: &str, sheet: usize) -> kiz::Result<Sheet> {
    let mut sheets = import::read_path(&PathBuf::from(path))?;
    if sheet < sheets.len() {
        Ok(sheets.swap_remove(sheet))
    } else {
        Err(kiz::Error::ImportNotATable)
    }
}

/// Lets staff pick a file in the native dialog and says which sheets it
/// holds; `None` when the dialog is cancelled.
///
/// In debug builds `KIZ_TEST_IMPORT_FILE` stands in for the native dialog,
/// which WebDriver cannot drive.
#[tauri::command]
pub async fn import_pick_file() -> Result<Option<PickedFile>, CommandError> {
    let test_pick = std::env::var_os("KIZ_TEST_IMPORT_FILE")
        .filter(|_| cfg!(debug_assertions))
        .map(PathBuf::from);
    let picked = match test_pick {
        Some(path) => Some(path),
        None => rfd::AsyncFileDialog::new()
            .add_filter(
                "Excel, LibreOffice, CSV",
                &["xlsx", "xls", "ods", "csv", "txt"],
            )
            .pick_file()
            .await
            .map(|file| file.path().to_path_buf()),
    };
    let Some(path) = picked else {
        return Ok(None);
    };
    let sheets = crate::commands::on_blocking_thread({
        let path = path.clone();
        move || import::read_path(&path)
    })
    .await??;
    Ok(Some(PickedFile {
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        path: path.to_string_lossy().into_owned(),
        sheets: sheets
            .into_iter()
            .map(|s| SheetInfo {
                name: s.name,
                header_row: s.header_row,
                rows: s.rows.len(),
                headers: s.headers,
            })
            .collect(),
    }))
}

/// The mapping saved for files of this shape, or the guess from the
/// headers.
#[tauri::command]
pub async fn import_mapping(
    state: State<'_, AppState>,
    target: Target,
    headers: Vec<String>,
) -> Result<MappingProposal, CommandError> {
    with_store(&state, move |store| {
        let fields = import::mapping::fields(target)
            .iter()
            .map(|f| f.key)
            .collect();
        let saved = store.read_sql(|sql| import::saved_mapping(sql, target, &headers))?;
        Ok(match saved {
            Some(mapping) => MappingProposal {
                fields,
                mapping,
                saved: true,
            },
            None => MappingProposal {
                fields,
                mapping: import::guess(target, &headers)
                    .into_iter()
                    .map(|f| f.map(str::to_owned))
                    .collect(),
                saved: false,
            },
        })
    })
    .await
}

/// The dry run: what each row would do; nothing is stored.
#[tauri::command]
pub async fn import_check(
    state: State<'_, AppState>,
    path: String,
    sheet: usize,
    options: Options,
) -> Result<Report, CommandError> {
    with_store(&state, move |store| {
        let sheet = read_sheet(&path, sheet)?;
        import::check(store, &sheet, &options, now())
    })
    .await
}

/// Imports in one transaction, saving the mapping for the next file of
/// this shape when asked. [`import_progress`] follows it;
/// [`import_cancel`] stops it with nothing stored.
#[tauri::command]
pub async fn import_run(
    state: State<'_, AppState>,
    path: String,
    sheet: usize,
    options: Options,
    save_mapping: bool,
) -> Result<Report, CommandError> {
    CANCEL.store(false, Ordering::SeqCst);
    DONE.store(0, Ordering::SeqCst);
    TOTAL.store(0, Ordering::SeqCst);
    with_store(&state, move |store| {
        let sheet = read_sheet(&path, sheet)?;
        let report = import::import(store, &sheet, &options, now(), &mut |done, total| {
            DONE.store(done, Ordering::SeqCst);
            TOTAL.store(total, Ordering::SeqCst);
            !CANCEL.load(Ordering::SeqCst)
        })?;
        // The rows are stored by now: a mapping that could not be saved
        // (the server gone a moment later) must not make the import look
        // failed; the wizard proposes the columns by name next time.
        if save_mapping {
            if let Err(error) =
                import::save_mapping(store, options.target, &sheet.headers, &options.mapping)
            {
                log::warn!("import mapping not saved: {error}");
            }
        }
        Ok(report)
    })
    .await
}

/// How far the running import is.
#[tauri::command]
pub fn import_progress() -> Progress {
    Progress {
        done: DONE.load(Ordering::SeqCst),
        total: TOTAL.load(Ordering::SeqCst),
    }
}

/// Asks the running import to stop; it then stores nothing.
#[tauri::command]
pub fn import_cancel() {
    CANCEL.store(true, Ordering::SeqCst);
}

/// "Alle Daten exportieren": every record in one XLSX workbook, saved
/// where staff choose or opened. On the shared database it is read from
/// the server, and saved in a folder of this PC.
#[tauri::command]
pub async fn export_all_data(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    delivery: Delivery,
) -> Result<Delivered, CommandError> {
    let file = with_store(&state, |store| {
        store.read_sql(|sql| kiz::export::all_data_in(sql, today()))
    })
    .await?;
    deliver(&app, state.data_dir(), file, delivery).await
}

/// The import's report as the window showed it, as PDF or XLSX.
#[tauri::command]
pub async fn import_report(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    shown: ShownTable,
    format: ExportFormat,
    delivery: Delivery,
) -> Result<Delivered, CommandError> {
    let request = DocumentRequest::ImportReport { shown, format };
    print(&app, &state, request, delivery).await
}
