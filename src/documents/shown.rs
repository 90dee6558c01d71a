//! A table as the window shows it, printed or saved for Excel: the import
//! report. Its words (title, counts, column titles, the notes per row) come
//! from the window in the language staff work in, so the file says exactly
//! what the screen said.

use serde::Deserialize;

use super::export::{self, Cell, Sheet};
use super::layout::{Column, PrintSetup, Printout, Table};
use super::Pdf;
use crate::Result;

/// A table the window words: a title, a line under it, column titles and
/// the rows as shown.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ShownTable {
    /// The title ("Bericht des Imports: Inventar.csv").
    pub title: String,
    /// The line under the title (the counts).
    pub lead: String,
    /// The column titles.
    pub columns: Vec<String>,
    /// The rows, one text per column.
    pub rows: Vec<Vec<String>>,
}

/// Relative widths: narrow first columns (row, action), the last one (the
/// note) widest.
fn widths(count: usize) -> Vec<f32> {
    (0..count)
        .map(|i| match (i, count) {
            (_, 1) => 1.0,
            (i, n) if i + 1 == n => 5.0,
            (0, _) => 0.8,
            (1, _) => 1.4,
            _ => 2.6,
        })
        .collect()
}

/// The table as a PDF with the institution's head on every page.
pub fn pdf(setup: PrintSetup, shown: &ShownTable) -> Pdf {
    let mut doc = Printout::new(setup);
    doc.heading(&shown.title, 1);
    doc.paragraph(&shown.lead);
    let table = Table {
        columns: shown
            .columns
            .iter()
            .zip(widths(shown.columns.len()))
            .map(|(title, width)| Column::new(title.clone(), width))
            .collect(),
        rows: shown.rows.clone(),
        min_row_height: 0.0,
    };
    doc.table(&table);
    doc.finish()
}

/// The table as an XLSX sheet; cells holding a whole number (the row
/// numbers) are numbers.
///
/// # Errors
/// [`crate::Error::DocumentFailed`] when the workbook cannot be written.
pub fn xlsx(sheet_name: &str, shown: &ShownTable) -> Result<Vec<u8>> {
    let rows = shown
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|cell| match cell.parse::<u32>() {
                    Ok(n) => Cell::Number(f64::from(n)),
                    Err(_) => Cell::Text(cell.clone()),
                })
                .collect()
        })
        .collect();
    export::xlsx(&Sheet {
        name: sheet_name.to_owned(),
        columns: shown.columns.clone(),
        rows,
    })
}
