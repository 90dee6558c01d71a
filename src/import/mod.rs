//! Reading the lists the centre already keeps (Excel, LibreOffice and CSV
//! files) so that they can be taken over instead of typed again.
//!
//! This is the reading layer of the import: [`read`] turns a file into
//! sheets of text cells with the header row found (also below a title
//! block), [`mapping`] guesses which column holds which field from the
//! headers, and [`values`] reads the cells the way the forms read what staff
//! type (dates, numbers, levels, languages, municipalities). [`check`] is
//! the dry run and [`import`] stores: both send every row through the core
//! functions the forms call, in one transaction (see `run.rs`).
//!
//! Messy files are normal: CSV in UTF-8 (with or without BOM) or
//! Windows-1252, with `;`, `,` or tab between fields, quoted fields with line
//! breaks, empty lines and trailing empty columns; workbooks with merged
//! title cells. A file that is no table, an empty file or one larger than
//! [`MAX_FILE_MB`] is refused with its own error and nothing is read.

mod guard;
pub mod mapping;
mod read;
mod rows;
mod run;
mod saved;
pub mod values;

pub use mapping::{guess, Target};
pub use read::{read, read_path, ImportRow, Sheet, MAX_FILE_MB};
pub use run::{
    check, import, Action, Duplicate, OnDuplicate, Options, Problem, Report, RowResult,
    PREVIEW_ROWS,
};
pub use saved::{save_mapping, saved_mapping};

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};

thread_local! {
    /// How deep this thread is inside [`catch`].
    static CATCHING: Cell<u32> = const { Cell::new(0) };
}

/// Runs `f` and catches a panic inside it, for the two places where the
/// import turns a panic into its own error: calamine on a damaged workbook,
/// and a fault in one row. While `f` runs, [`catching_panic`] is true on
/// this thread.
fn catch<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    CATCHING.with(|depth| depth.set(depth.get() + 1));
    let result = catch_unwind(AssertUnwindSafe(f));
    CATCHING.with(|depth| depth.set(depth.get() - 1));
    result
}

/// Whether a panic on this thread now would be caught by the import and
/// become its own error ("keine Tabelle", "Zeile … ließ sich nicht
/// verarbeiten"): the app's panic hook then only logs it, instead of
/// telling staff that the program failed.
pub fn catching_panic() -> bool {
    CATCHING.with(|depth| depth.get() > 0)
}
