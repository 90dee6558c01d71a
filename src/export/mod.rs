//! "Alle Daten exportieren": everything the centre keeps in KIZ Desk as one
//! XLSX workbook, and the way back into an empty database.
//!
//! The export is the user's way out (no data is locked in) and, read back
//! by [`restore`], the proof that it is complete: a database exported,
//! restored into an empty one and exported again gives the same workbook
//! (`tests/export.rs`).
//!
//! # The workbook
//!
//! One sheet per kind of record, each mirroring one table row for row, with
//! German headers in row 1 (bold, frozen, with an auto-filter):
//!
//! | sheet | holds |
//! |---|---|
//! | Medien | the catalogue's media (Mediengruppe by name, levels as "A1" … "C2", target and support languages) |
//! | Kofferinhalt | what a Medienkoffer holds: medium, position, part, quantity |
//! | Exemplare | copies with Inventarnummer, status, price in euros |
//! | Ausleihende | borrowers, with the block reason ("Gesperrt wegen": filled means blocked), consents and postal address |
//! | Ausleihen | every loan, open and returned; "Ausleihende-ID" is empty where the retention rules removed the link to the borrower (the loan stays for the copy's history and the statistics, with the kind of borrower) |
//! | Verlängerungen | every renewal of a loan, with its moment (before version 11 only a loan's last one) |
//! | Vormerkungen, Mahnungen | reservations and the reminders sent per loan (with the title, Inventarnummer and due date the letter named, and to whom it went) |
//! | Organisationen | the directory (kind by name, languages) |
//! | Statusverlauf | an organisation's cooperation status since a day (before version 11: today's status since its entry) |
//! | Mitgliederzahlen, Verlauf Organisationen | member counts as stated, the dated timeline (with the day a note was corrected) |
//! | Angebote | offerings (kind by name, languages) |
//! | Ansprechpersonen, Rollen | contacts (with the borrower they are, if any) and their roles at organisations |
//! | Projekte, Projektpartner | cooperation projects and their partner organisations |
//! | Arbeitskreise, Mitglieder Arbeitskreise | working groups and who belongs to them when |
//! | Treffen, Teilnahme Treffen, Anwesenheit Personen, Beschlüsse, Aufgaben | meetings, attendance per organisation and person by person, decisions, action items |
//! | Veranstaltungen, Workshops | events and their workshops (capacity, waitlist, languages) |
//! | Workshop-Träger, Workshop-Leitung | host organisations and facilitating contacts of workshops |
//! | Teilnehmende, Anmeldungen | participants (anonymised ones as they are stored) and their registrations with status, waitlist moments and check-in |
//! | Einwilligungstexte | the consent texts people agreed to, per purpose, version and language |
//! | Löschprotokoll | the deletion log (numbers and kinds of erased records, never names) |
//! | Auswahllisten | every entry of the lists staff extend: Mediengruppen, kinds of organisation, kinds of offering |
//!
//! How the cells read:
//!
//! - **Ids**: the first column "ID" is the record's number in the database;
//!   a column "Medium-ID", "Organisation-ID", … names a row of that sheet.
//!   Sheets of links without a number of their own (Kofferinhalt,
//!   Projektpartner, …) consist of such references.
//! - **Dates** are Excel dates shown `dd.mm.yyyy`; moments (loaned,
//!   registered, created, changed) are Excel dates with the time to the
//!   second. Creation and change moments are exported and restored as they
//!   were.
//! - **Numbers** are numbers; prices and funding are euros with two
//!   decimals; yes/no fields are Excel's WAHR/FALSCH.
//! - **Languages** (of media, organisations, offerings, contacts,
//!   workshops, participants) are ISO 639-1 codes in one cell, in
//!   alphabetical order, separated by ", " (`ar, de, tr`).
//! - **Other multi-valued fields** are written as the app stores them: a
//!   medium's topics separated by ", ", an event's rooms one per line in
//!   the cell. A kit's contents have their own sheet (Kofferinhalt).
//! - **Choices** (status, kind of borrower, audience, …) are written as the
//!   app's own codes (`verfuegbar`, `hauptamtlich`, `warteliste`), which are
//!   German words; list entries (Mediengruppe, kind of organisation or
//!   offering) by their name.
//! - Text is always written as text, never run as a formula.
//!
//! # Left out
//!
//! - **Settings** (`institution`, `app_setting` with the saved filters of
//!   the directory, the retention rules and the paper of slips and
//!   receipts, `loan_rule`, `loan_limit`, `closing_period`, `course_term`,
//!   `course_end_limit`): they configure
//!   the installation rather than record anything; a new installation sets
//!   them in Einstellungen, and a backup carries them.
//! - The numbers of list entries and whether an entry is built in: records
//!   name entries by name, and a restore finds them by name (built-in
//!   entries come with every database). The numbers of consent texts
//!   (found by purpose, version and language) and of deletion log rows
//!   (appended, numbered anew).
//! - **Search indexes** (`medium_search`, `borrower_search`,
//!   `organisation_search`, the view `medium_facets`): they are made from
//!   the records; [`restore`] rebuilds them.
//! - SQLite's own `sqlite_sequence`: [`restore`] sets it as restoring a
//!   backup does (above every number restored or named in the deletion log).
//!
//! A workbook holds at most 1,048,575 rows per sheet (Excel's limit); a
//! table larger than that is refused with [`Error::DocumentFailed`].

mod lists;
mod read;
mod sheets;
mod spec;
mod store;
mod write;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::catalogue::Level;
use crate::db::engine::Sql;
use crate::documents::{DocumentKind, Rendered};
use crate::{Db, Error, Result};

/// The Sprachniveaus by rank, as stored in `level_from` and `level_to`.
const LEVELS: [Level; 7] = Level::ALL;

/// What [`restore`] stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RestoreSummary {
    /// The rows restored per sheet, in the order of the workbook.
    pub sheets: Vec<RestoredSheet>,
    /// The list entries (Mediengruppen, kinds of organisation or offering)
    /// the database did not have and the restore added, as "list: name".
    pub added_list_entries: Vec<String>,
}

/// How many rows of one sheet were restored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RestoredSheet {
    /// The sheet's name ("Medien").
    pub sheet: String,
    /// Its rows.
    pub rows: usize,
}

impl RestoreSummary {
    /// The rows restored from the sheet named `sheet` (0 for a sheet the
    /// workbook does not have).
    pub fn rows(&self, sheet: &str) -> usize {
        self.sheets
            .iter()
            .find(|s| s.sheet == sheet)
            .map_or(0, |s| s.rows)
    }
}

/// Everything the database holds as one XLSX workbook (see the module
/// documentation for its sheets and columns).
///
/// # Errors
/// [`Error::DocumentFailed`] when the workbook cannot be written (a table
/// longer than a sheet can be); SQLite failures.
pub fn workbook(db: &Db) -> Result<Vec<u8>> {
    write::workbook(db.conn())
}

/// [`workbook`] inside a read, on either engine: on the shared database
/// the full export is what the backup page offers to keep in a folder of
/// this PC (the server itself is backed up by IT).
///
/// # Errors
/// As [`workbook`]; a failure of the engine.
pub fn workbook_in(sql: &dyn Sql) -> Result<Vec<u8>> {
    write::workbook(sql)
}

/// Every stored column the workbook carries, as (table, column): the
/// columns of every sheet that mirrors a table, the tables of language
/// codes behind the language cells, and the name and code of every list
/// entry. What is not here is left out on purpose (see the module
/// documentation); `tests/export.rs` holds every column of the schema
/// against this list.
pub fn exported_columns() -> Vec<(&'static str, &'static str)> {
    let mut columns = Vec::new();
    for sheet in sheets::SHEETS {
        for column in sheet.columns {
            match column.kind {
                spec::Kind::Languages(l) => {
                    columns.push((l.table, l.owner));
                    columns.push((l.table, "code"));
                    if l.role.is_some() {
                        columns.push((l.table, "role"));
                    }
                }
                _ => columns.push((sheet.table, column.source)),
            }
        }
    }
    for (list, _) in lists::LISTS {
        columns.push((list.table(), "name"));
        columns.push((list.table(), "code"));
    }
    columns.sort_unstable();
    columns.dedup();
    columns
}

/// [`workbook`] as a file to save or open, named for the day
/// (`KIZ-Desk_alle-Daten_2026-11-12.xlsx`).
///
/// # Errors
/// As [`workbook`].
pub fn all_data(db: &Db, today: NaiveDate) -> Result<Rendered> {
    all_data_in(db.conn(), today)
}

/// [`all_data`] inside a read, on either engine.
///
/// # Errors
/// As [`workbook_in`].
pub fn all_data_in(sql: &dyn Sql, today: NaiveDate) -> Result<Rendered> {
    let day = today.format("%Y-%m-%d").to_string();
    Ok(Rendered::file(
        workbook_in(sql)?,
        DocumentKind::AllData.file_name(&[&day], "xlsx"),
    ))
}

/// Reads a workbook made by [`workbook`] into an empty database, in one
/// transaction: every record with its number, the list entries it names
/// (found by name, added when missing), the search indexes rebuilt, the
/// numbering of people raised as after restoring a backup. `now` stands in
/// for a creation or change moment left empty (a row typed into the
/// workbook by hand).
///
/// The whole workbook is read and checked before anything is stored, so a
/// broken one stores nothing.
///
/// # Errors
/// [`Error::RestoreNeedsEmptyDatabase`] when the database holds records
/// already (list entries and consent texts do not count);
/// [`Error::ImportNotATable`] for a file that is no workbook;
/// [`Error::WorkbookSheetMissing`], [`Error::WorkbookColumnMissing`],
/// [`Error::WorkbookCellInvalid`] (a cell empty where a value is needed, or
/// not what its column holds), [`Error::WorkbookReferenceMissing`] (an id
/// that the sheet it refers to lacks), [`Error::WorkbookRowRefused`] (a
/// number used twice, or a row that breaks a rule of the database);
/// SQLite failures.
pub fn restore(db: &mut Db, bytes: &[u8], now: NaiveDateTime) -> Result<RestoreSummary> {
    // Refused before the workbook is read, and checked again inside the
    // transaction that stores it.
    if !store::is_empty(db.conn())? {
        return Err(Error::RestoreNeedsEmptyDatabase);
    }
    let contents = read::contents(bytes, now)?;
    db.write(|tx| {
        if !store::is_empty(tx)? {
            return Err(Error::RestoreNeedsEmptyDatabase);
        }
        store::all(tx, &contents)
    })
}

/// A moment as the tables store it (`2026-11-12T09:30:00`; a space for
/// the `T` and fractions of a second are read too).
fn stored_moment(text: &str) -> Option<NaiveDateTime> {
    ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
}
