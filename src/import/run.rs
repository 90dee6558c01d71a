//! The dry run and the import itself: every row goes through the same core
//! functions a form calls, inside one transaction, each row in a savepoint
//! of its own so that a refused row leaves nothing behind. The dry run is
//! the same run, rolled back at the end: what it reports is exactly what
//! the import will do.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

mod targets;

use super::rows::{Cells, Columns};
use super::{Sheet, Target};
use crate::db::engine::{Engine, Sql};
use crate::error::Param;
use crate::events;
use crate::organisations;
use crate::people::Consent;
use crate::pick_lists::{self, Entry, PickList};
use crate::search::fold_plain;
use crate::{Error, Result};

/// How many rows of the result carry the values as they will be stored
/// (the wizard's preview).
pub const PREVIEW_ROWS: usize = 20;

/// What a row that matches a record already there (in the database, or an
/// earlier row of the file) does.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnDuplicate {
    /// The row is left out.
    #[default]
    Skip,
    /// The record is updated with the row's non-empty cells.
    Update,
}

/// What staff chose in the wizard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Options {
    /// What the rows are.
    pub target: Target,
    /// For each column of the sheet, the field it fills (`None`: left out).
    pub mapping: Vec<Option<String>>,
    /// Store the valid rows although others are refused; when false,
    /// nothing is stored unless every row is valid.
    pub valid_rows_only: bool,
    /// What duplicates do.
    pub on_duplicate: OnDuplicate,
    /// Media: the Mediengruppe of rows that name none.
    pub media_kind_id: Option<i64>,
    /// Participants: the workshop they are registered for.
    pub workshop_id: Option<i64>,
    /// Participants: the consent given on the paper forms staff hold.
    pub consent: Option<Consent>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            target: Target::Media,
            mapping: Vec::new(),
            valid_rows_only: true,
            on_duplicate: OnDuplicate::Skip,
            media_kind_id: None,
            workshop_id: None,
            consent: None,
        }
    }
}

/// What happens to a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// A new record (for media: a new medium, or a further copy of one an
    /// earlier row created).
    Create,
    /// An existing record is updated (duplicate, staff chose "update").
    Update,
    /// Left out (duplicate, staff chose "skip").
    Skip,
    /// Refused: see the row's problem.
    Refuse,
}

/// The record a duplicate row matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Duplicate {
    /// The earlier row of the file it matches; `None`: a record that was
    /// in the database before.
    pub row: Option<usize>,
    /// The record's title or name.
    pub label: String,
    /// What matched: `isbn`, `barcode`, `card_number`, `name`.
    pub by: &'static str,
}

/// Why a row was refused: the core's error as the UI receives it, and the
/// header of the column it concerns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    /// The error's code.
    pub code: &'static str,
    /// The field it concerns.
    pub field: Option<&'static str>,
    /// Its parameters.
    pub params: BTreeMap<&'static str, Param>,
    /// The header of the column that holds the field, when one does.
    pub column: Option<String>,
}

/// What happens (or happened) to one row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowResult {
    /// The row as the file counts it.
    pub row: usize,
    /// What happens to it.
    pub action: Action,
    /// Title or name of the record.
    pub label: String,
    /// For media: the row adds a copy to the medium an earlier row created.
    pub copy_of_row: Option<usize>,
    /// For media: the row adds a copy (a new Inventarnummer) to this medium
    /// stored before.
    pub copy_of_stored: Option<String>,
    /// The record it duplicates, if any.
    pub duplicate: Option<Duplicate>,
    /// Why it is refused.
    pub problem: Option<Problem>,
    /// The first [`PREVIEW_ROWS`] rows: the fields as they will be stored.
    pub values: Vec<(&'static str, String)>,
}

/// The result of a dry run or an import.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Row by row, in the file's order.
    pub rows: Vec<RowResult>,
    /// Rows that create a record.
    pub created: usize,
    /// Rows that update one.
    pub updated: usize,
    /// Rows left out.
    pub skipped: usize,
    /// Rows refused.
    pub refused: usize,
    /// Whether anything was stored (false for a dry run, and for an import
    /// of "all or nothing" with a refused row).
    pub stored: bool,
}

/// Checks every row of `sheet` as the import would store it, and stores
/// nothing. On either engine: this PC's file or the shared database.
///
/// # Errors
/// [`Error::ImportColumnMissing`] when no column holds the title (media)
/// or the name; [`Error::NotFound`] for a workshop that is not there;
/// [`Error::ImportRowFailed`]; storage failures.
pub fn check(
    store: &mut impl Engine,
    sheet: &Sheet,
    options: &Options,
    now: NaiveDateTime,
) -> Result<Report> {
    run(store, sheet, options, now, false, &mut |_, _| true)
}

/// Imports the rows of `sheet` in one transaction: all valid rows, or
/// (`valid_rows_only` false) nothing unless every row is valid. `progress`
/// is told the rows done and the total before each row; when it returns
/// false the import stops and nothing is stored.
///
/// # Errors
/// As [`check`], and [`Error::ImportCancelled`].
pub fn import(
    store: &mut impl Engine,
    sheet: &Sheet,
    options: &Options,
    now: NaiveDateTime,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<Report> {
    run(store, sheet, options, now, true, progress)
}

/// The pick lists and names the rows are matched against, read once.
struct Lists {
    media_kinds: Vec<Entry>,
    organisation_kinds: Vec<Entry>,
    offering_kinds: Vec<Entry>,
    organisation_names: HashMap<String, i64>,
}

/// What the run has created so far: record ids with the row that created
/// them, and the names for matching duplicates.
#[derive(Default)]
struct Seen {
    media: HashMap<i64, usize>,
    borrowers: HashMap<i64, usize>,
    /// Borrowers by folded name: id.
    borrower_names: HashMap<String, i64>,
    organisations: HashMap<i64, usize>,
    /// Organisations: folded name and id.
    organisation_names: Vec<(String, i64)>,
    participants: HashMap<i64, usize>,
    /// Participants by folded name and birth year: id.
    participant_keys: HashMap<(String, Option<i32>), i64>,
    /// What the current row added, forgotten again when the row is
    /// refused (its savepoint is rolled back; SQLite hands the same
    /// numbers out again, PostgreSQL's sequences do not go back).
    added: Vec<Added>,
}

/// One thing a row added to [`Seen`].
enum Added {
    Medium(i64),
    /// The borrower, its folded name, and the id that name stood for before.
    Borrower(i64, String, Option<i64>),
    Organisation(i64),
    Participant(i64, (String, Option<i32>)),
}

impl Seen {
    fn add_medium(&mut self, id: i64, row: usize) {
        self.media.insert(id, row);
        self.added.push(Added::Medium(id));
    }

    fn add_borrower(&mut self, id: i64, row: usize, name: String) {
        self.borrowers.insert(id, row);
        let before = self.borrower_names.insert(name.clone(), id);
        self.added.push(Added::Borrower(id, name, before));
    }

    fn add_organisation(&mut self, id: i64, row: usize, folded: String) {
        self.organisations.insert(id, row);
        self.organisation_names.push((folded, id));
        self.added.push(Added::Organisation(id));
    }

    fn add_participant(&mut self, id: i64, row: usize, key: (String, Option<i32>)) {
        self.participants.insert(id, row);
        self.participant_keys.insert(key.clone(), id);
        self.added.push(Added::Participant(id, key));
    }

    /// The row was stored: what it added stays.
    fn keep_row(&mut self) {
        self.added.clear();
    }

    /// The row was refused: what it added is forgotten.
    fn forget_row(&mut self) {
        for added in self.added.drain(..) {
            match added {
                Added::Medium(id) => {
                    self.media.remove(&id);
                }
                Added::Borrower(id, name, before) => {
                    self.borrowers.remove(&id);
                    match before {
                        Some(other) => self.borrower_names.insert(name, other),
                        None => self.borrower_names.remove(&name),
                    };
                }
                Added::Organisation(id) => {
                    self.organisations.remove(&id);
                    self.organisation_names.retain(|(_, known)| *known != id);
                }
                Added::Participant(id, key) => {
                    self.participants.remove(&id);
                    self.participant_keys.remove(&key);
                }
            }
        }
    }
}

/// What one row does, inside its savepoint (a parameter so that a test can
/// give one that panics).
type RowStep = fn(
    &dyn Sql,
    &Cells<'_>,
    usize,
    &Options,
    &Lists,
    &mut Seen,
    NaiveDateTime,
) -> Result<RowResult>;

fn run(
    store: &mut impl Engine,
    sheet: &Sheet,
    options: &Options,
    now: NaiveDateTime,
    commit: bool,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<Report> {
    run_with(store, sheet, options, now, commit, progress, one_row)
}

fn run_with(
    engine: &mut impl Engine,
    sheet: &Sheet,
    options: &Options,
    now: NaiveDateTime,
    commit: bool,
    progress: &mut dyn FnMut(usize, usize) -> bool,
    step: RowStep,
) -> Result<Report> {
    let columns = Columns::new(&options.mapping);
    let required: &[&'static str] = match options.target {
        Target::Media => &["title"],
        _ => &["name", "last_name"],
    };
    if !required.iter().any(|f| columns.has(f)) {
        return Err(Error::ImportColumnMissing { field: required[0] });
    }
    // One transaction on either engine; the dry run (and an import of
    // "all or nothing" with a refused row) rolls back to a savepoint
    // around everything, so the transaction ends having stored nothing.
    engine.write_sql(|tx| {
        tx.run("SAVEPOINT import_all", &[])?;
        let (report, keep) = rows_in(tx, sheet, options, &columns, now, commit, progress, step)?;
        if !keep {
            tx.run("ROLLBACK TO SAVEPOINT import_all", &[])?;
        }
        tx.run("RELEASE SAVEPOINT import_all", &[])?;
        Ok(report)
    })
}

/// The rows of [`run_with`] inside its transaction; the report, and
/// whether to keep what the rows stored.
#[allow(clippy::too_many_arguments)]
fn rows_in(
    tx: &dyn Sql,
    sheet: &Sheet,
    options: &Options,
    columns: &Columns,
    now: NaiveDateTime,
    commit: bool,
    progress: &mut dyn FnMut(usize, usize) -> bool,
    step: RowStep,
) -> Result<(Report, bool)> {
    let lists = Lists {
        media_kinds: pick_lists::entries_in(tx, PickList::Media)?,
        organisation_kinds: pick_lists::entries_in(tx, PickList::Organisations)?,
        offering_kinds: pick_lists::entries_in(tx, PickList::Offerings)?,
        organisation_names: organisations::list_in(tx)?
            .into_iter()
            .map(|o| (fold_plain(&o.name), o.id))
            .collect(),
    };
    if options.target == Target::Participants {
        let workshop = options.workshop_id.unwrap_or_default();
        events::slot(tx, workshop)?;
    }
    let mut seen = Seen::default();
    seen.load(tx, options.target)?;
    let mut results = Vec::with_capacity(sheet.rows.len());
    let total = sheet.rows.len();
    for (index, row) in sheet.rows.iter().enumerate() {
        if !progress(index, total) {
            return Err(Error::ImportCancelled);
        }
        let cells = Cells {
            columns,
            cells: &row.cells,
        };
        tx.run("SAVEPOINT import_row", &[])?;
        let outcome =
            super::catch(|| step(tx, &cells, row.number, options, &lists, &mut seen, now))
                .map_err(|_| Error::ImportRowFailed { row: row.number })?;
        let mut result = match outcome {
            Ok(result) => {
                tx.run("RELEASE SAVEPOINT import_row", &[])?;
                seen.keep_row();
                result
            }
            Err(error) if is_refusal(&error) => {
                tx.run("ROLLBACK TO SAVEPOINT import_row", &[])?;
                tx.run("RELEASE SAVEPOINT import_row", &[])?;
                seen.forget_row();
                refused(&cells, row.number, options.target, columns, sheet, error)
            }
            Err(error) => return Err(error),
        };
        if index >= PREVIEW_ROWS {
            result.values.clear();
        }
        results.push(result);
    }
    progress(total, total);
    let count = |a: Action| results.iter().filter(|r| r.action == a).count();
    let refused = count(Action::Refuse);
    let keep = commit && (options.valid_rows_only || refused == 0);
    let report = Report {
        created: count(Action::Create),
        updated: count(Action::Update),
        skipped: count(Action::Skip),
        refused,
        stored: keep,
        rows: results,
    };
    Ok((report, keep))
}

/// Whether an error refuses one row (the row's data) rather than the whole
/// import (the disk, the database, the server).
fn is_refusal(error: &Error) -> bool {
    !error.kind().is_storage_failure()
}

/// The field of the import's mapping that holds a form field the core
/// names in an error.
fn import_field(target: Target, field: &str) -> &str {
    match (target, field) {
        (_, "location") => "shelf",
        (_, "level_from" | "level_to") => "levels",
        (_, "target_language" | "support_languages") => "languages",
        (_, "price_cents") => "price",
        (Target::Media, "kind" | "kind_id") => "media_kind",
        (Target::Organisations, "kind") => "organisation_kind",
        (Target::Borrowers, "kind") => "borrower_kind",
        (Target::Borrowers | Target::Participants, "name") => "name",
        _ => field,
    }
}

fn refused(
    cells: &Cells<'_>,
    row: usize,
    target: Target,
    columns: &Columns,
    sheet: &Sheet,
    error: Error,
) -> RowResult {
    let column = error.field().and_then(|field| {
        let field = import_field(target, field);
        let candidates: &[&str] = if field == "name" {
            &["name", "last_name", "first_name"]
        } else {
            &[field]
        };
        candidates
            .iter()
            .find_map(|f| columns.column(f))
            .and_then(|c| sheet.headers.get(c).cloned())
    });
    RowResult {
        row,
        action: Action::Refuse,
        label: label(cells, target),
        copy_of_row: None,
        copy_of_stored: None,
        duplicate: None,
        problem: Some(Problem {
            code: error.code(),
            field: error.field(),
            params: error.params(),
            column,
        }),
        values: Vec::new(),
    }
}

fn label(cells: &Cells<'_>, target: Target) -> String {
    match target {
        Target::Media => cells.text("title"),
        Target::Organisations => cells.text("name"),
        Target::Borrowers | Target::Participants => cells.person_name(),
    }
}

impl Seen {
    /// The names already in the database, for matching duplicates.
    fn load(&mut self, tx: &dyn Sql, target: Target) -> Result<()> {
        match target {
            Target::Borrowers => {
                for row in tx.rows("SELECT id, name FROM borrower", &[])? {
                    let name: String = row.get(1)?;
                    self.borrower_names
                        .entry(fold_plain(&name))
                        .or_insert(row.get(0)?);
                }
            }
            Target::Organisations => {
                for row in tx.rows("SELECT id, name FROM organisation", &[])? {
                    let name: String = row.get(1)?;
                    self.organisation_names
                        .push((fold_plain(&name), row.get(0)?));
                }
            }
            Target::Participants => {
                for row in tx.rows(
                    "SELECT id, name, birth_year FROM participant WHERE anonymised_on IS NULL",
                    &[],
                )? {
                    let name: String = row.get(1)?;
                    self.participant_keys
                        .entry((fold_plain(&name), row.get(2)?))
                        .or_insert(row.get(0)?);
                }
            }
            Target::Media => {}
        }
        Ok(())
    }
}

fn one_row(
    tx: &dyn Sql,
    cells: &Cells<'_>,
    row: usize,
    options: &Options,
    lists: &Lists,
    seen: &mut Seen,
    now: NaiveDateTime,
) -> Result<RowResult> {
    let mut result = RowResult {
        row,
        action: Action::Create,
        label: label(cells, options.target),
        copy_of_row: None,
        copy_of_stored: None,
        duplicate: None,
        problem: None,
        values: Vec::new(),
    };
    match options.target {
        Target::Media => targets::media_row(tx, cells, options, lists, seen, now, &mut result)?,
        Target::Borrowers => {
            targets::borrower_row(tx, cells, options, lists, seen, now, &mut result)?;
        }
        Target::Organisations => {
            targets::organisation_row(tx, cells, options, lists, seen, now, &mut result)?;
        }
        Target::Participants => {
            targets::participant_row(tx, cells, options, seen, now, &mut result)?;
        }
    }
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Db;

    /// The real step, but a fault at row 3.
    fn faulty_at_row_3(
        tx: &dyn Sql,
        cells: &Cells<'_>,
        row: usize,
        options: &Options,
        lists: &Lists,
        seen: &mut Seen,
        now: NaiveDateTime,
    ) -> Result<RowResult> {
        assert!(crate::import::catching_panic(), "a row runs inside catch");
        assert_ne!(row, 3, "a fault in the row step");
        one_row(tx, cells, row, options, lists, seen, now)
    }

    /// The real step, but the server lost at row 3 (after rows 1 and 2
    /// stored their media).
    fn server_lost_at_row_3(
        tx: &dyn Sql,
        cells: &Cells<'_>,
        row: usize,
        options: &Options,
        lists: &Lists,
        seen: &mut Seen,
        now: NaiveDateTime,
    ) -> Result<RowResult> {
        if row == 3 {
            return Err(Error::ServerUnreachable {
                server: "kiz-db.example".into(),
            });
        }
        one_row(tx, cells, row, options, lists, seen, now)
    }

    /// Imports three titles, "nur gültige Zeilen", through `step`; the
    /// error it ends with and how many media are stored afterwards.
    fn three_titles_through(step: RowStep) -> (Error, i64) {
        let mut db = Db::open_in_memory().unwrap();
        let kind = pick_lists::entries(&db, PickList::Media).unwrap()[0].id;
        let sheet = crate::import::read("Titel\nErstes\nZweites\nDrittes\n".as_bytes())
            .unwrap()
            .remove(0);
        let options = Options {
            mapping: vec![Some("title".into())],
            media_kind_id: Some(kind),
            valid_rows_only: true,
            ..Options::default()
        };
        let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 12)
            .and_then(|d| d.and_hms_opt(9, 30, 0))
            .unwrap();
        let error =
            run_with(&mut db, &sheet, &options, now, true, &mut |_, _| true, step).unwrap_err();
        let media = db
            .conn()
            .query_row("SELECT count(*) FROM medium", [], |r| r.get(0))
            .unwrap();
        (error, media)
    }

    #[test]
    fn a_storage_failure_in_a_row_stops_the_import_with_nothing_stored() {
        // Even with "nur gültige Zeilen", a lost server is no refused row:
        // the import stops and the two rows before it are not kept.
        let (error, media) = three_titles_through(server_lost_at_row_3);
        assert_eq!(error.code(), "server_unreachable");
        assert_eq!(media, 0);
    }

    #[test]
    fn a_panic_in_a_row_becomes_an_error_naming_the_row_and_nothing_is_stored() {
        let (error, media) = three_titles_through(faulty_at_row_3);
        assert_eq!(error.code(), "import_row_failed");
        assert_eq!(error.params().get("row"), Some(&Param::Number(3)));
        assert_eq!(media, 0, "the rows before the fault are not stored either");
        assert!(
            !crate::import::catching_panic(),
            "outside the import a panic is the app's to report"
        );
    }
}
