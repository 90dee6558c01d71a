//! The dry run and the import itself: every row goes through the same core
//! functions a form calls, inside one transaction, each row in a savepoint
//! of its own so that a refused row leaves nothing behind. The dry run is
//! the same run, rolled back at the end: what it reports is exactly what
//! the import will do.

use std::collections::{BTreeMap, HashMap};
use std::panic::{catch_unwind, AssertUnwindSafe};

use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use super::rows::{self, Cells, Columns};
use super::{Sheet, Target};
use crate::catalogue::{self, CopyInput, Medium, MediumInput};
use crate::error::Param;
use crate::events::{self, RegisterOptions};
use crate::organisations::{self, ContactInput, OfferingInput, Organisation, RoleInput};
use crate::people::{self, Borrower, BorrowerInput, Consent};
use crate::pick_lists::{self, Entry, PickList};
use crate::search::{edit_distance, fold_plain};
use crate::{Db, Error, Result};

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
/// nothing.
///
/// # Errors
/// [`Error::ImportColumnMissing`] when no column holds the title (media)
/// or the name; [`Error::NotFound`] for a workshop that is not there;
/// [`Error::ImportRowFailed`]; storage failures.
pub fn check(db: &mut Db, sheet: &Sheet, options: &Options, now: NaiveDateTime) -> Result<Report> {
    run(db, sheet, options, now, false, &mut |_, _| true)
}

/// Imports the rows of `sheet` in one transaction: all valid rows, or
/// (`valid_rows_only` false) nothing unless every row is valid. `progress`
/// is told the rows done and the total before each row; when it returns
/// false the import stops and nothing is stored.
///
/// # Errors
/// As [`check`], and [`Error::ImportCancelled`].
pub fn import(
    db: &mut Db,
    sheet: &Sheet,
    options: &Options,
    now: NaiveDateTime,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<Report> {
    run(db, sheet, options, now, true, progress)
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
    /// refused (its savepoint is rolled back and SQLite hands the same
    /// numbers out again).
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
    &Transaction<'_>,
    &Cells<'_>,
    usize,
    &Options,
    &Lists,
    &mut Seen,
    NaiveDateTime,
) -> Result<RowResult>;

fn run(
    db: &mut Db,
    sheet: &Sheet,
    options: &Options,
    now: NaiveDateTime,
    store: bool,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<Report> {
    run_with(db, sheet, options, now, store, progress, one_row)
}

fn run_with(
    db: &mut Db,
    sheet: &Sheet,
    options: &Options,
    now: NaiveDateTime,
    store: bool,
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
    let lists = Lists {
        media_kinds: pick_lists::entries(db, PickList::Media)?,
        organisation_kinds: pick_lists::entries(db, PickList::Organisations)?,
        offering_kinds: pick_lists::entries(db, PickList::Offerings)?,
        organisation_names: organisations::list(db)?
            .into_iter()
            .map(|o| (fold_plain(&o.name), o.id))
            .collect(),
    };
    db.write_if(|tx| {
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
                columns: &columns,
                cells: &row.cells,
            };
            tx.execute_batch("SAVEPOINT import_row")?;
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                step(tx, &cells, row.number, options, &lists, &mut seen, now)
            }))
            .map_err(|_| Error::ImportRowFailed { row: row.number })?;
            let mut result = match outcome {
                Ok(result) => {
                    tx.execute_batch("RELEASE import_row")?;
                    seen.keep_row();
                    result
                }
                Err(error) if is_refusal(&error) => {
                    tx.execute_batch("ROLLBACK TO import_row; RELEASE import_row")?;
                    seen.forget_row();
                    refused(&cells, row.number, options.target, &columns, sheet, error)
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
        let keep = store && (options.valid_rows_only || refused == 0);
        let report = Report {
            created: count(Action::Create),
            updated: count(Action::Update),
            skipped: count(Action::Skip),
            refused,
            stored: keep,
            rows: results,
        };
        Ok((report, keep))
    })
}

/// Whether an error refuses one row (the row's data) rather than the whole
/// import (the disk, the database).
fn is_refusal(error: &Error) -> bool {
    !matches!(
        error,
        Error::Sqlite(_)
            | Error::Io(_)
            | Error::DiskFull
            | Error::DatabaseReadOnly
            | Error::DatabaseLocked { .. }
            | Error::DatabaseCorrupt { .. }
    )
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
    fn load(&mut self, tx: &Transaction<'_>, target: Target) -> Result<()> {
        match target {
            Target::Borrowers => {
                let mut stmt = tx.prepare("SELECT id, name FROM borrower")?;
                let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get(1)?)))?;
                for row in rows {
                    let (id, name): (i64, String) = row?;
                    self.borrower_names.entry(fold_plain(&name)).or_insert(id);
                }
            }
            Target::Organisations => {
                let mut stmt = tx.prepare("SELECT id, name FROM organisation")?;
                let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get(1)?)))?;
                for row in rows {
                    let (id, name): (i64, String) = row?;
                    self.organisation_names.push((fold_plain(&name), id));
                }
            }
            Target::Participants => {
                let mut stmt = tx.prepare(
                    "SELECT id, name, birth_year FROM participant WHERE anonymised_on IS NULL",
                )?;
                let rows = stmt.query_map([], |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get(2)?))
                })?;
                for row in rows {
                    let (id, name, year) = row?;
                    self.participant_keys
                        .entry((fold_plain(&name), year))
                        .or_insert(id);
                }
            }
            Target::Media => {}
        }
        Ok(())
    }
}

fn one_row(
    tx: &Transaction<'_>,
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
        Target::Media => media_row(tx, cells, options, lists, seen, now, &mut result)?,
        Target::Borrowers => borrower_row(tx, cells, options, lists, seen, now, &mut result)?,
        Target::Organisations => {
            organisation_row(tx, cells, options, lists, seen, now, &mut result)?;
        }
        Target::Participants => participant_row(tx, cells, options, seen, now, &mut result)?,
    }
    Ok(result)
}

/// Notes that the row duplicates record `id` (created by the row in
/// `created`, or stored before) and what staff chose for it; true when the
/// record is to be updated.
fn treat_duplicate(
    result: &mut RowResult,
    created: &HashMap<i64, usize>,
    (id, label, by): (i64, String, &'static str),
    choice: OnDuplicate,
) -> bool {
    result.duplicate = Some(Duplicate {
        row: created.get(&id).copied(),
        label,
        by,
    });
    result.action = match choice {
        OnDuplicate::Skip => Action::Skip,
        OnDuplicate::Update => Action::Update,
    };
    choice == OnDuplicate::Update
}

fn media_row(
    tx: &Transaction<'_>,
    cells: &Cells<'_>,
    options: &Options,
    lists: &Lists,
    seen: &mut Seen,
    now: NaiveDateTime,
    result: &mut RowResult,
) -> Result<()> {
    let (input, copy) = rows::medium(cells, &lists.media_kinds, options.media_kind_id)?;
    let isbn = match input.isbn.as_str() {
        "" => None,
        typed => Some(catalogue::normalise_isbn(typed)?),
    };
    result.values = medium_values(&input, &copy, isbn.as_deref(), &lists.media_kinds);
    let by_barcode: Option<i64> = match copy.barcode.as_str() {
        "" => None,
        code => tx
            .query_row(
                "SELECT medium_id FROM copy WHERE barcode = ?1",
                [code],
                |r| r.get(0),
            )
            .optional()?,
    };
    let by_isbn: Option<i64> = match &isbn {
        None => None,
        Some(isbn) => tx
            .query_row(
                "SELECT id FROM medium WHERE isbn = ?1 ORDER BY id LIMIT 1",
                [isbn],
                |r| r.get(0),
            )
            .optional()?,
    };
    // A further copy: of a medium an earlier row of this file created, or
    // (with a new Inventarnummer) of one stored before.
    if let (None, Some(id)) = (by_barcode, by_isbn) {
        let first = seen.media.get(&id).copied();
        if first.is_some() || !copy.barcode.is_empty() {
            if first.is_none() {
                let existing = catalogue::medium_in(tx, id)?;
                if options.on_duplicate == OnDuplicate::Update {
                    let mut merged = medium_input(&existing);
                    rows::merge_medium(&mut merged, &input, cells);
                    catalogue::update_medium_in(tx, id, &merged, now)?;
                    result.action = Action::Update;
                }
                result.copy_of_stored = Some(existing.title);
            }
            catalogue::add_copy_in(tx, id, &copy, now)?;
            result.copy_of_row = first;
            return Ok(());
        }
    }
    let found = by_barcode
        .map(|id| (id, "barcode"))
        .or(by_isbn.map(|id| (id, "isbn")));
    let Some((id, by)) = found else {
        let id = catalogue::create_medium_in(tx, &input, now)?;
        catalogue::add_copy_in(tx, id, &copy, now)?;
        seen.add_medium(id, result.row);
        return Ok(());
    };
    let existing = catalogue::medium_in(tx, id)?;
    if !treat_duplicate(
        result,
        &seen.media,
        (id, existing.title.clone(), by),
        options.on_duplicate,
    ) {
        return Ok(());
    }
    let mut merged = medium_input(&existing);
    rows::merge_medium(&mut merged, &input, cells);
    catalogue::update_medium_in(tx, id, &merged, now)
}

fn medium_values(
    m: &MediumInput,
    copy: &CopyInput,
    isbn: Option<&str>,
    kinds: &[Entry],
) -> Vec<(&'static str, String)> {
    let levels = match (m.level_from, m.level_to) {
        (Some(from), Some(to)) if from == to => from.label().to_owned(),
        (Some(from), Some(to)) => format!("{}–{}", from.label(), to.label()),
        _ => String::new(),
    };
    let languages = m
        .target_language
        .iter()
        .chain(&m.support_languages)
        .map(|code| crate::languages::name(code).to_owned())
        .collect::<Vec<_>>()
        .join(", ");
    let kind = kinds
        .iter()
        .find(|k| k.id == m.kind_id)
        .map(|k| k.name.clone())
        .unwrap_or_default();
    vec![
        ("title", m.title.clone()),
        ("authors", m.authors.clone()),
        ("publisher", m.publisher.clone()),
        ("isbn", isbn.unwrap_or_default().to_owned()),
        ("year", m.year.map(|y| y.to_string()).unwrap_or_default()),
        ("levels", levels),
        ("languages", languages),
        ("media_kind", kind),
        ("barcode", copy.barcode.clone()),
        (
            "acquired_on",
            copy.acquired_on
                .map(|d| d.format("%d.%m.%Y").to_string())
                .unwrap_or_default(),
        ),
        (
            "price",
            copy.price_cents
                .map(|c| format!("{},{:02} €", c / 100, c % 100))
                .unwrap_or_default(),
        ),
    ]
}

/// The form input that stores `m` as it is.
fn medium_input(m: &Medium) -> MediumInput {
    MediumInput {
        kind_id: m.kind.id,
        title: m.title.clone(),
        subtitle: m.subtitle.clone(),
        authors: m.authors.clone(),
        publisher: m.publisher.clone(),
        year: m.year,
        isbn: m.isbn.clone().unwrap_or_default(),
        level_from: m.level_from,
        level_to: m.level_to,
        audience: m.audience,
        target_language: m.target_language.clone(),
        support_languages: m.support_languages.clone(),
        topics: m.topics.clone(),
        location: m.location.clone(),
        description: m.description.clone(),
        notes: m.notes.clone(),
        kit_items: m.kit_items.clone(),
    }
}

fn borrower_row(
    tx: &Transaction<'_>,
    cells: &Cells<'_>,
    options: &Options,
    lists: &Lists,
    seen: &mut Seen,
    now: NaiveDateTime,
    result: &mut RowResult,
) -> Result<()> {
    let input = rows::borrower(cells, &lists.organisation_names)?;
    result.values = vec![
        ("name", input.name.clone()),
        ("email", input.email.clone()),
        ("phone", input.phone.clone()),
        ("card_number", input.card_number.clone()),
    ];
    let by_card: Option<i64> = match input.card_number.as_str() {
        "" => None,
        card => tx
            .query_row(
                "SELECT id FROM borrower WHERE card_number = ?1",
                [card],
                |r| r.get(0),
            )
            .optional()?,
    };
    // By name only when the row gives no Ausweisnummer: two people of one
    // name with cards of their own are two people.
    let found = by_card.map(|id| (id, "card_number")).or_else(|| {
        input
            .card_number
            .is_empty()
            .then(|| seen.borrower_names.get(&fold_plain(&input.name)))
            .flatten()
            .map(|&id| (id, "name"))
    });
    let Some((id, by)) = found else {
        let id = people::create_borrower_in(tx, &input, now)?;
        seen.add_borrower(id, result.row, fold_plain(&input.name));
        return Ok(());
    };
    let existing = people::borrower_in(tx, id)?;
    if !treat_duplicate(
        result,
        &seen.borrowers,
        (id, existing.name.clone(), by),
        options.on_duplicate,
    ) {
        return Ok(());
    }
    let mut merged = borrower_input(&existing);
    rows::merge_borrower(&mut merged, &input, cells);
    people::update_borrower_in(tx, id, &merged, now)
}

fn borrower_input(b: &Borrower) -> BorrowerInput {
    BorrowerInput {
        kind: b.kind,
        name: b.name.clone(),
        organisation_id: b.organisation_id,
        email: b.email.clone(),
        phone: b.phone.clone(),
        print_language: b.print_language.clone(),
        card_number: b.card_number.clone(),
        note: b.note.clone(),
        history_consent: b.history_consent.clone(),
        email_consent: b.email_consent.clone(),
    }
}

/// An organisation whose name is the same as `name` but for small spelling
/// differences (one letter in a short name, two in a longer one), and with
/// the same numbers ("Kita Bonn 1" is not "Kita Bonn 12").
fn similar_organisation(names: &[(String, i64)], name: &str) -> Option<i64> {
    let allowed = if name.chars().count() <= 8 { 1 } else { 2 };
    let digits = |text: &str| -> String { text.chars().filter(char::is_ascii_digit).collect() };
    names
        .iter()
        .filter(|(known, _)| digits(known) == digits(name))
        .map(|(known, id)| (edit_distance(known, name), *id))
        .filter(|(d, _)| *d <= allowed)
        .min()
        .map(|(_, id)| id)
}

fn organisation_row(
    tx: &Transaction<'_>,
    cells: &Cells<'_>,
    options: &Options,
    lists: &Lists,
    seen: &mut Seen,
    now: NaiveDateTime,
    result: &mut RowResult,
) -> Result<()> {
    let (input, contact, offerings) = rows::organisation(cells, &lists.organisation_kinds)?;
    result.values = vec![
        ("name", input.name.clone()),
        ("municipality", input.municipality.clone()),
        ("email", input.email.clone()),
        ("contact", contact.clone()),
        ("offerings", offerings.join("; ")),
    ];
    let folded = fold_plain(&input.name);
    let id = match similar_organisation(&seen.organisation_names, &folded) {
        None => {
            let id = organisations::create_organisation_in(tx, &input, now)?;
            seen.add_organisation(id, result.row, folded);
            id
        }
        Some(id) => {
            let existing = organisations::organisation_in(tx, id)?;
            if !treat_duplicate(
                result,
                &seen.organisations,
                (id, existing.name.clone(), "name"),
                options.on_duplicate,
            ) {
                return Ok(());
            }
            let mut merged = organisation_input(&existing);
            rows::merge_organisation(&mut merged, &input, cells);
            organisations::update_organisation_in(tx, id, &merged, now)?;
            id
        }
    };
    if !contact.is_empty() {
        let known: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM contact AS c JOIN contact_role AS r
                            ON r.contact_id = c.id
                            WHERE r.organisation_id = ?1 AND c.name = ?2)",
            rusqlite::params![id, contact],
            |r| r.get(0),
        )?;
        if !known {
            let person = ContactInput {
                name: contact,
                ..ContactInput::default()
            };
            let role = RoleInput {
                organisation_id: id,
                role: "Ansprechperson".into(),
                ..RoleInput::default()
            };
            organisations::save_contact_in(tx, None, &person, Some(&role), now)?;
        }
    }
    for title in offerings {
        let known: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM offering WHERE organisation_id = ?1 AND title = ?2)",
            rusqlite::params![id, title],
            |r| r.get(0),
        )?;
        if known {
            continue;
        }
        // The kind the title names ("Sprachkurs Arabisch" is a
        // Sprachkurs), else the list's last entry ("Sonstiges").
        let folded = fold_plain(&title);
        let kind = lists
            .offering_kinds
            .iter()
            .find(|k| folded.contains(&fold_plain(&k.name)))
            .or(lists.offering_kinds.last())
            .map(|k| k.id)
            .unwrap_or_default();
        let offering = OfferingInput {
            kind_id: kind,
            title,
            active: true,
            ..OfferingInput::default()
        };
        organisations::save_offering_in(tx, id, None, &offering, now)?;
    }
    Ok(())
}

fn organisation_input(o: &Organisation) -> organisations::OrganisationInput {
    organisations::OrganisationInput {
        name: o.name.clone(),
        short_name: o.short_name.clone(),
        kind_id: o.kind.as_ref().map(|k| k.id),
        register_number: o.register_number.clone(),
        languages: o.languages.clone(),
        municipality: o.municipality.clone(),
        street: o.street.clone(),
        postal_code: o.postal_code.clone(),
        city: o.city.clone(),
        has_rooms: o.has_rooms,
        rooms_description: o.rooms_description.clone(),
        website: o.website.clone(),
        email: o.email.clone(),
        phone: o.phone.clone(),
        status: o.status,
        notes: o.notes.clone(),
    }
}

fn participant_row(
    tx: &Transaction<'_>,
    cells: &Cells<'_>,
    options: &Options,
    seen: &mut Seen,
    now: NaiveDateTime,
    result: &mut RowResult,
) -> Result<()> {
    let mut input = rows::participant(cells)?;
    input.consent.clone_from(&options.consent);
    result.values = vec![
        ("name", input.name.clone()),
        (
            "birth_year",
            input.birth_year.map(|y| y.to_string()).unwrap_or_default(),
        ),
        ("school", input.school.clone()),
        ("email", input.email.clone()),
    ];
    let workshop = options.workshop_id.unwrap_or_default();
    let key = (fold_plain(&input.name), input.birth_year);
    let id = match seen.participant_keys.get(&key) {
        None => {
            let id = events::insert_participant(tx, &input, now)?;
            seen.add_participant(id, result.row, key);
            id
        }
        Some(&id) => {
            // A person already known is not stored again but registered
            // for this workshop, whatever staff chose for duplicates (their
            // own data stays: it may be newer than an old list).
            result.duplicate = Some(Duplicate {
                row: seen.participants.get(&id).copied(),
                label: input.name.clone(),
                by: "name",
            });
            let registered: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM registration WHERE workshop_id = ?1
                                AND participant_id = ?2 AND status <> 'abgesagt')",
                [workshop, id],
                |r| r.get(0),
            )?;
            if registered {
                result.action = Action::Skip;
                return Ok(());
            }
            result.action = Action::Update;
            id
        }
    };
    // A list of a past workshop is taken over after registration closed.
    let register = RegisterOptions {
        after_closing: true,
    };
    events::register_in(tx, workshop, id, &register, now)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The real step, but a fault at row 3.
    fn faulty_at_row_3(
        tx: &Transaction<'_>,
        cells: &Cells<'_>,
        row: usize,
        options: &Options,
        lists: &Lists,
        seen: &mut Seen,
        now: NaiveDateTime,
    ) -> Result<RowResult> {
        assert_ne!(row, 3, "a fault in the row step");
        one_row(tx, cells, row, options, lists, seen, now)
    }

    #[test]
    fn a_panic_in_a_row_becomes_an_error_naming_the_row_and_nothing_is_stored() {
        let mut db = Db::open_in_memory().unwrap();
        let kind = pick_lists::entries(&db, PickList::Media).unwrap()[0].id;
        let sheet = crate::import::read("Titel\nErstes\nZweites\nDrittes\n".as_bytes())
            .unwrap()
            .remove(0);
        let options = Options {
            mapping: vec![Some("title".into())],
            media_kind_id: Some(kind),
            ..Options::default()
        };
        let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 12)
            .and_then(|d| d.and_hms_opt(9, 30, 0))
            .unwrap();
        let error = run_with(
            &mut db,
            &sheet,
            &options,
            now,
            true,
            &mut |_, _| true,
            faulty_at_row_3,
        )
        .unwrap_err();
        assert_eq!(error.code(), "import_row_failed");
        assert_eq!(error.params().get("row"), Some(&Param::Number(3)));
        let media: i64 = db
            .conn()
            .query_row("SELECT count(*) FROM medium", [], |r| r.get(0))
            .unwrap();
        assert_eq!(media, 0, "the row before the fault is not stored either");
    }
}
