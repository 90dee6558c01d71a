//! Lending at the desk (Theke): checkout, return, renewal, reservations
//! (Vormerkungen), overdue loans and reminders (Mahnungen).
//!
//! Every use case is one write transaction that reads the state it decides
//! on inside the transaction, so two desks never lend one copy twice; the
//! schema backs this with a unique index on open loans. Checkout, return
//! and renewal are written once on [`crate::db::engine`] and run on either
//! engine: on the file the transaction is `BEGIN IMMEDIATE`, on the shared
//! database it holds the server's write lock (`Server::write`), so a second
//! desk waits for the first and then reads its loan.
//!
//! Renewal counts from the day of renewal, never shortening the loan: the
//! new due date is the later of the old one and "today + loan period"
//! (moved to the next open day). Counting from the old due date would let a
//! teacher who renews early keep a book twice as long as the rules mean;
//! counting from today gives everyone the same period after their last
//! visit, which is how staff explain it at the desk.
//!
//! Why this file holds a little over 600 lines: checkout, return and
//! renewal share the loan row (its columns as macros), the copy and borrower
//! rows read inside their transactions and the counters of open and overdue
//! loans; split apart, those private helpers would all have to be widened to
//! the whole module. Rules, reservations, reminders and the desk's answers
//! are already files of their own.

// The columns and joins of a [`Loan`] row, as macros so that queries can add
// columns of their own in between (`concat!` takes only literals).
macro_rules! loan_columns {
    () => {
        "l.id, l.copy_id, c.barcode, m.id, m.title, k.name,
        l.borrower_id, l.borrower_kind, l.loaned_at, l.due_on, l.renewals,
        l.returned_at, l.outcome, l.override_reason, l.missing_parts,
        coalesce(r.max_renewals,
                 (SELECT CAST(value AS INTEGER) FROM app_setting WHERE key = 'default_max_renewals'),
                 2),
        l.set_id, ls.name, ls.kind"
    };
}
macro_rules! loan_from {
    () => {
        "FROM loan AS l
    JOIN copy AS c ON c.id = l.copy_id
    JOIN medium AS m ON m.id = c.medium_id
    JOIN media_kind AS k ON k.id = m.kind_id
    LEFT JOIN loan_rule AS r ON r.kind_id = m.kind_id AND r.borrower_kind = l.borrower_kind
    LEFT JOIN loan_set AS ls ON ls.id = l.set_id"
    };
}

mod class_sets;
mod copies;
mod course_end;
mod desk;
mod material;
mod packages;
mod reminders;
mod reservations;
mod rules;
mod suggestions;

pub use class_sets::{
    lend_class_set, ClassSetCheckout, ClassSetLent, ClassSetProgress, MAX_CLASS_SET,
};
pub use copies::{
    change_copy_status, copy_page, copy_page_in, CopyPage, CopyStatusChange, HistoryBorrower,
    HistoryLoan, HistoryReminder,
};
pub use course_end::{CourseEndLimit, CourseTerm, DEFAULT_COURSE_DAYS, MAX_COURSE_DAYS};
pub use desk::{
    act, borrower_at_desk, borrower_at_desk_in, identify, identify_in, BorrowerAtDesk, CopyAtDesk,
    DeskMode, DeskOutcome, DeskRequest, Done, Scanned,
};
pub use material::{
    lend_material, material_for_medium_in, material_of_workshop, material_of_workshop_in,
    remove_material, reserve_material, Material, MaterialConflict, MaterialInput, MAX_MATERIAL,
};
pub use packages::{
    delete_package, lend_package, package_by_code_in, package_in, packages, packages_in,
    save_package, CoursePackage, MissingPart, PackageCheckout, PackageInput, PackageOutcome,
    PackagePart, PartInput, WhenMissing, MAX_PARTS, MAX_QUANTITY,
};
pub use reminders::{
    mark_lost, overdue_loans, overdue_loans_in, overdue_page, overdue_page_in, record_reminders,
    reminder_letter, reminder_letter_in, sent_reminders, sent_reminders_of, OverdueFilter,
    OverdueLoan, ReminderItem, ReminderLetter, SentReminder,
};
pub use reservations::{
    cancel_reservation, expire_reservations, reservation_list, reservations, reservations_in,
    reserve, ReadyReservation, Reservation, ReservationFilter, ReservationList, ReservationStatus,
};
pub use rules::{
    due_date_for, lending_settings, lending_settings_in, save_lending_settings, unlink_at_return,
    unlink_reminders, ClosingPeriod, LendingSettings, LoanLimit, LoanRule,
};
pub use suggestions::{suggestions_in, Suggestion, Suggestions, Teaching, SUGGESTED};

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Transaction};
use serde::{Deserialize, Serialize};

use crate::db::engine::{args, scalar, value, violates, Engine, Sql, SqlRow, UniqueIndex, Value};
use crate::people::BorrowerKind;
pub(crate) use crate::time::{parse as parse_timestamp, timestamp};
use crate::Record;
use crate::{Db, Error, Result};
pub(crate) use reminders::sent_reminders_in;
pub(crate) use reservations::give_up_reservations;
use rules::Calendar;

/// How a loan ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Brought back.
    Zurueckgegeben,
    /// Declared lost; the copy is retired as verloren.
    Verloren,
}

impl Outcome {
    fn from_code(code: &str) -> Outcome {
        if code == "verloren" {
            Outcome::Verloren
        } else {
            Outcome::Zurueckgegeben
        }
    }
}

/// A loan, open or closed, with what the desk shows of its copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Loan {
    /// The loan's number in the database.
    pub id: i64,
    /// The copy lent.
    pub copy_id: i64,
    /// The copy's Inventarnummer.
    pub barcode: String,
    /// The copy's medium.
    pub medium_id: i64,
    /// The medium's title.
    pub title: String,
    /// Mediengruppe as shown ("Buch").
    pub kind_name: String,
    /// `None` once the privacy rules removed the link to the person.
    pub borrower_id: Option<i64>,
    /// Kept for statistics when the link is removed.
    pub borrower_kind: BorrowerKind,
    /// When it was lent.
    pub loaned_at: NaiveDateTime,
    /// When it is due (moved on by renewals).
    pub due_on: NaiveDate,
    /// How often it was renewed.
    pub renewals: u32,
    /// The rule's maximum for this loan.
    pub max_renewals: u32,
    /// When it came back or was declared lost; `None` while open.
    pub returned_at: Option<NaiveDateTime>,
    /// How it ended; `None` while open.
    pub outcome: Option<Outcome>,
    /// Why staff lent despite overdue items.
    pub override_reason: Option<String>,
    /// Kit parts missing at return ("Spielanleitung; Würfel").
    pub missing_parts: String,
    /// The set it was lent in (a course package or a class set), if any.
    pub set_id: Option<i64>,
    /// That set's name as it was lent ("Linie 1 A2").
    pub set_name: Option<String>,
    /// What kind of set.
    pub set_kind: Option<SetKind>,
}

/// The kinds of loans lent together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SetKind {
    /// The parts of a course package.
    Paket,
    /// Copies of one medium lent as a class set: they count as one item
    /// against the loan limit.
    Klassensatz,
    /// Copies of one medium lent to a workshop's host organisation: one
    /// item against the limit, as a class set.
    Material,
}

impl SetKind {
    fn from_code(code: &str) -> SetKind {
        match code {
            "klassensatz" => SetKind::Klassensatz,
            "material" => SetKind::Material,
            _ => SetKind::Paket,
        }
    }

    /// Whether its copies count as one item and come back as one set
    /// (a class set, a workshop's material).
    pub fn counted_as_one(self) -> bool {
        matches!(self, SetKind::Klassensatz | SetKind::Material)
    }
}

impl Loan {
    /// Days past the due date on `day` (0 when not overdue).
    pub fn days_overdue(&self, day: NaiveDate) -> i64 {
        (day - self.due_on).num_days().max(0)
    }
}

const LOAN_SELECT: &str = concat!("SELECT ", loan_columns!(), " ", loan_from!());

/// How many columns [`loan_columns!`] names: a query's own columns after
/// them start at this index.
const LOAN_COLUMN_COUNT: usize = 19;

/// The unique index on open loans (both engines' schemas): no copy is on
/// loan twice at once.
const ONE_OPEN_LOAN_PER_COPY: UniqueIndex = UniqueIndex {
    columns: "loan.copy_id",
    name: "loan_one_open_per_copy",
};

/// A [`Loan`] from the columns of [`loan_columns!`] (from column 0).
fn loan_from_row(row: &SqlRow) -> Result<Loan> {
    let outcome: Option<String> = row.get(12)?;
    Ok(Loan {
        id: row.get(0)?,
        copy_id: row.get(1)?,
        barcode: row.get(2)?,
        medium_id: row.get(3)?,
        title: row.get(4)?,
        kind_name: row.get(5)?,
        borrower_id: row.get(6)?,
        borrower_kind: BorrowerKind::from_code(&row.get::<String>(7)?),
        loaned_at: row.get(8)?,
        due_on: row.get(9)?,
        renewals: row.get(10)?,
        max_renewals: row.get(15)?,
        returned_at: row.get(11)?,
        outcome: outcome.as_deref().map(Outcome::from_code),
        override_reason: row.get(13)?,
        missing_parts: row.get(14)?,
        set_id: row.get(16)?,
        set_name: row.get(17)?,
        set_kind: row
            .get::<Option<String>>(18)?
            .as_deref()
            .map(SetKind::from_code),
    })
}

fn loans(sql: &dyn Sql, text: &str, params: &[Value]) -> Result<Vec<Loan>> {
    sql.rows(text, params)?.iter().map(loan_from_row).collect()
}

pub(crate) fn loan_by_id(sql: &dyn Sql, id: i64) -> Result<Loan> {
    sql.row(&format!("{LOAN_SELECT} WHERE l.id = ?1"), args![id])?
        .as_ref()
        .map(loan_from_row)
        .transpose()?
        .ok_or(Error::NotFound { what: Record::Loan })
}

fn open_loan_of_copy(sql: &dyn Sql, copy_id: i64) -> Result<Option<Loan>> {
    sql.row(
        &format!("{LOAN_SELECT} WHERE l.copy_id = ?1 AND l.returned_at IS NULL"),
        args![copy_id],
    )?
    .as_ref()
    .map(loan_from_row)
    .transpose()
}

/// A borrower's open loans, the earliest due first.
///
/// # Errors
/// Only SQLite failures.
pub fn open_loans(db: &Db, borrower_id: i64) -> Result<Vec<Loan>> {
    open_loans_in(db.conn(), borrower_id)
}

/// [`open_loans`] inside the caller's transaction or read, on either engine.
///
/// # Errors
/// A failure of the engine.
pub fn open_loans_in(sql: &dyn Sql, borrower_id: i64) -> Result<Vec<Loan>> {
    loans(
        sql,
        &format!(
            "{LOAN_SELECT} WHERE l.borrower_id = ?1 AND l.returned_at IS NULL
             ORDER BY l.due_on, l.id"
        ),
        args![borrower_id],
    )
}

/// A copy's loans, the newest first (its history).
///
/// # Errors
/// Only SQLite failures.
pub fn copy_history(db: &Db, copy_id: i64, limit: u32) -> Result<Vec<Loan>> {
    copy_history_in(db.conn(), copy_id, limit)
}

/// [`copy_history`] inside a read, on either engine.
///
/// # Errors
/// A failure of the engine.
pub fn copy_history_in(sql: &dyn Sql, copy_id: i64, limit: u32) -> Result<Vec<Loan>> {
    loans(
        sql,
        &format!(
            "{LOAN_SELECT} WHERE l.copy_id = ?1 ORDER BY l.loaned_at DESC, l.id DESC LIMIT ?2"
        ),
        args![copy_id, limit.max(1)],
    )
}

/// What staff ask for at checkout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct CheckoutRequest {
    /// Who borrows.
    pub borrower_id: i64,
    /// The scanned Inventarnummer.
    pub barcode: String,
    /// Why staff lend although the borrower has overdue items; stored.
    pub override_reason: Option<String>,
    /// Due when the course ends (this day, or the next open one) rather
    /// than after the loan period.
    pub course_end: Option<NaiveDate>,
}

struct CopyRow {
    id: i64,
    /// The Inventarnummer as stored.
    barcode: String,
    medium_id: i64,
    kind_id: i64,
    status: String,
    /// Whether the medium is a kit (its parts are checked at a return).
    is_kit: bool,
}

fn copy_row(sql: &dyn Sql, barcode: &str) -> Result<CopyRow> {
    let code = barcode.trim();
    if code.is_empty() {
        return Err(Error::Required { field: "barcode" });
    }
    let row = sql
        .row(
            &format!(
                "SELECT {COPY_ROW_COLUMNS}
                 FROM copy AS c JOIN medium AS m ON m.id = c.medium_id WHERE c.barcode = ?1"
            ),
            args![code],
        )?
        .ok_or_else(|| Error::UnknownBarcode {
            barcode: code.to_owned(),
        })?;
    CopyRow::from_row(&row)
}

/// The columns a [`CopyRow`] is read from, in its order.
const COPY_ROW_COLUMNS: &str = "c.id, c.barcode, c.medium_id, m.kind_id, c.status,
    EXISTS (SELECT 1 FROM kit_item AS k WHERE k.medium_id = c.medium_id)";

impl CopyRow {
    /// From the columns of [`COPY_ROW_COLUMNS`] (from column 0).
    fn from_row(row: &SqlRow) -> Result<CopyRow> {
        Ok(CopyRow {
            id: row.get(0)?,
            barcode: row.get(1)?,
            medium_id: row.get(2)?,
            kind_id: row.get(3)?,
            status: row.get(4)?,
            is_kit: row.get(5)?,
        })
    }
}

/// An override reason as staff typed it: trimmed, `None` when empty,
/// refused when too long.
fn override_reason(typed: Option<&str>) -> Result<Option<String>> {
    let reason = typed
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_owned);
    if let Some(reason) = &reason {
        crate::limits::check("override_reason", reason, crate::limits::TEXT)?;
    }
    Ok(reason)
}

/// Another copy of the medium that is on the shelf (the lowest
/// Inventarnummer), to hand out instead of one that is on loan.
fn other_copy_on_shelf(sql: &dyn Sql, medium_id: i64, copy_id: i64) -> Result<Option<String>> {
    value(
        sql,
        "SELECT barcode FROM copy WHERE medium_id = ?1 AND id <> ?2 AND status = 'verfuegbar'
         ORDER BY barcode LIMIT 1",
        args![medium_id, copy_id],
    )
}

struct BorrowerRow {
    kind: BorrowerKind,
    blocked_reason: Option<String>,
}

fn borrower_row(sql: &dyn Sql, id: i64) -> Result<BorrowerRow> {
    let row = sql
        .row(
            "SELECT kind, blocked_reason FROM borrower WHERE id = ?1",
            args![id],
        )?
        .ok_or(Error::NotFound {
            what: Record::Borrower,
        })?;
    Ok(BorrowerRow {
        kind: BorrowerKind::from_code(&row.get::<String>(0)?),
        blocked_reason: row.get(1)?,
    })
}

/// What a checkout reads about the borrower, in one statement (on the
/// shared database each statement is a round trip to the server).
struct BorrowerAtCheckout {
    row: BorrowerRow,
    /// Loans not yet returned, a class set counted as one.
    open: u32,
    /// Of those, the ones due before today.
    overdue: u32,
    /// The month of the borrower's previous loan (`YYYY-MM`), or `-` when
    /// they never borrowed: what a new loan records as
    /// `previous_loan_month`, so that the Berichte count active and new
    /// borrowers without the borrower. Read before this loan updates it.
    previous_loan_month: String,
}

/// [`borrower_at_checkout`], refused with [`Error::BorrowerBlocked`] when
/// staff blocked the card.
fn borrower_who_may_borrow(sql: &dyn Sql, id: i64, today: NaiveDate) -> Result<BorrowerAtCheckout> {
    let borrower = borrower_at_checkout(sql, id, today)?;
    match &borrower.row.blocked_reason {
        Some(reason) => Err(Error::BorrowerBlocked {
            reason: reason.clone(),
        }),
        None => Ok(borrower),
    }
}

fn borrower_at_checkout(sql: &dyn Sql, id: i64, today: NaiveDate) -> Result<BorrowerAtCheckout> {
    let row = sql
        .row(
            "SELECT b.kind, b.blocked_reason, b.last_loan_on,
                    (SELECT count(DISTINCT CASE WHEN s.kind IN ('klassensatz', 'material')
                                                THEN -s.id ELSE l.id END)
                     FROM loan AS l LEFT JOIN loan_set AS s ON s.id = l.set_id
                     WHERE l.borrower_id = b.id AND l.returned_at IS NULL),
                    (SELECT count(*) FROM loan AS l
                     WHERE l.borrower_id = b.id AND l.returned_at IS NULL AND l.due_on < ?2)
             FROM borrower AS b WHERE b.id = ?1",
            args![id, today],
        )?
        .ok_or(Error::NotFound {
            what: Record::Borrower,
        })?;
    let last: Option<String> = row.get(2)?;
    Ok(BorrowerAtCheckout {
        row: BorrowerRow {
            kind: BorrowerKind::from_code(&row.get::<String>(0)?),
            blocked_reason: row.get(1)?,
        },
        open: row.get(3)?,
        overdue: row.get(4)?,
        previous_loan_month: last
            .as_deref()
            .and_then(|day| day.get(..7))
            .unwrap_or("-")
            .to_owned(),
    })
}

fn set_copy_status(sql: &dyn Sql, copy_id: i64, status: &str) -> Result<()> {
    sql.run(
        "UPDATE copy SET status = ?2 WHERE id = ?1",
        args![copy_id, status],
    )?;
    Ok(())
}

/// Lends a copy to a borrower.
///
/// # Errors
/// - [`Error::NotFound`] when the borrower does not exist;
/// - [`Error::BorrowerBlocked`] with the reason staff recorded;
/// - [`Error::UnknownBarcode`] for a code that is no copy;
/// - [`Error::CopyAlreadyOnLoan`] with the due date, whether the borrower at
///   the desk has it, and another copy of the medium on the shelf if any;
/// - [`Error::CopyReservedForOther`] when the copy waits for someone else;
/// - [`Error::CopyNotLendable`] for a copy in repair, lost or retired;
/// - [`Error::LoanLimitReached`] at the borrower kind's maximum;
/// - [`Error::BorrowerHasOverdue`] while the borrower has overdue items and
///   no override reason is given.
pub fn checkout(
    store: &mut impl Engine,
    request: &CheckoutRequest,
    now: NaiveDateTime,
) -> Result<Loan> {
    let today = now.date();
    let override_reason = override_reason(request.override_reason.as_deref())?;
    store.write_sql(|tx| {
        let mut borrower = borrower_who_may_borrow(tx, request.borrower_id, today)?;
        let copy = copy_row(tx, &request.barcode)?;
        let calendar = Calendar::load(tx)?;
        let lend = Lend {
            borrower_id: request.borrower_id,
            override_reason: override_reason.as_deref(),
            set_id: None,
            check_limit: true,
            course_end: request.course_end,
            due_on: None,
            now,
        };
        lend_in(tx, &lend, &mut borrower, copy, &calendar)
    })
}

/// Who borrows, when, and in which set: what [`lend_in`] needs besides the
/// copy.
struct Lend<'a> {
    borrower_id: i64,
    /// Trimmed and not empty.
    override_reason: Option<&'a str>,
    set_id: Option<i64>,
    /// Whether the loan limit is checked for this copy (a class set checks
    /// it once, for the set).
    check_limit: bool,
    /// Due when the course ends rather than after the loan period.
    course_end: Option<NaiveDate>,
    /// Due on this day, whatever the rules say (a workshop's material,
    /// back the day after it).
    due_on: Option<NaiveDate>,
    now: NaiveDateTime,
}

/// Lends one copy inside the caller's write transaction by the rules of
/// [`checkout`] (the borrower's blocking is checked by the caller, once);
/// `borrower` counts the new loan, so that a caller lending several copies
/// in one step applies the limit to all of them.
fn lend_in(
    tx: &dyn Sql,
    lend: &Lend,
    borrower: &mut BorrowerAtCheckout,
    copy: CopyRow,
    calendar: &Calendar,
) -> Result<Loan> {
    let today = lend.now.date();
    match copy.status.as_str() {
        "verfuegbar" => {}
        "ausgeliehen" => {
            let loan = open_loan_of_copy(tx, copy.id)?;
            return Err(Error::CopyAlreadyOnLoan {
                barcode: copy.barcode,
                due_on: loan.as_ref().map(|l| l.due_on),
                to_this_borrower: loan.and_then(|l| l.borrower_id) == Some(lend.borrower_id),
                on_shelf: other_copy_on_shelf(tx, copy.medium_id, copy.id)?,
            });
        }
        "vorgemerkt" => {
            let ready = reservations::ready_for_copy(tx, copy.id)?;
            match ready {
                Some((_, borrower_id, _)) if borrower_id == Some(lend.borrower_id) => {}
                Some((_, _, pickup_by)) => return Err(Error::CopyReservedForOther { pickup_by }),
                // Set aside with no reservation behind it (hand-edited
                // data): treat it as on the shelf.
                None => {}
            }
        }
        other => {
            return Err(Error::CopyNotLendable {
                status: other.to_owned(),
            })
        }
    }
    let (limit, period) = rules::limit_and_period(tx, copy.kind_id, borrower.row.kind)?;
    if lend.check_limit && borrower.open >= limit {
        return Err(Error::LoanLimitReached { limit });
    }
    let overdue = borrower.overdue;
    if overdue > 0 && lend.override_reason.is_none() {
        return Err(Error::BorrowerHasOverdue { count: overdue });
    }
    let due_on = match (lend.due_on, lend.course_end) {
        (Some(due), _) => due,
        (None, None) => calendar.due_date(today, period),
        (None, Some(end)) => {
            course_end::check_end(tx, copy.kind_id, today, end)?;
            calendar.due_date(end, 0)
        }
    };
    let inserted = scalar::<i64>(
        tx,
        "INSERT INTO loan (copy_id, borrower_id, borrower_kind, loaned_at, due_on, override_reason,
                           previous_loan_month, set_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         RETURNING id",
        args![
            copy.id,
            lend.borrower_id,
            borrower.row.kind.code(),
            timestamp(lend.now),
            due_on,
            if overdue > 0 {
                lend.override_reason
            } else {
                None
            },
            &borrower.previous_loan_month,
            lend.set_id
        ],
    );
    let loan_id = match inserted {
        // The unique index on open loans: never two at once (a loan
        // written past the rules' lock, a hand edit).
        Err(e) if violates(&e, ONE_OPEN_LOAN_PER_COPY) => {
            return Err(Error::CopyAlreadyOnLoan {
                barcode: copy.barcode,
                due_on: None,
                to_this_borrower: false,
                on_shelf: None,
            })
        }
        other => other?,
    };
    tx.run(
        "UPDATE borrower SET last_loan_on = ?2 WHERE id = ?1",
        args![lend.borrower_id, today],
    )?;
    set_copy_status(tx, copy.id, "ausgeliehen")?;
    reservations::fulfil(
        tx,
        copy.medium_id,
        lend.borrower_id,
        copy.id,
        calendar,
        lend.now,
    )?;
    borrower.open += 1;
    borrower.previous_loan_month = today.format("%Y-%m").to_string();
    loan_by_id(tx, loan_id)
}

/// What staff record at a return.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ReturnRequest {
    /// The scanned Inventarnummer.
    pub barcode: String,
    /// For a Medienkoffer: the parts of its contents list not given back.
    pub missing_parts: Vec<String>,
}

/// What the desk shows after a return.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReturnReceipt {
    /// The closed loan.
    pub loan: Loan,
    /// Who returned it, for the return receipt: kept here because the
    /// loan itself stops naming the borrower at the return (privacy).
    pub borrower_id: Option<i64>,
    /// Who had it (for the receipt); `None` when the link was removed.
    pub borrower_name: Option<String>,
    /// 0 when returned in time.
    pub days_overdue: i64,
    /// Someone reserved the medium: the copy is now set aside for them.
    pub reserved_for: Option<ReadyReservation>,
    /// For a copy of a class set: how much of the set is back.
    pub class_set: Option<ClassSetProgress>,
}

/// Takes a copy back.
///
/// # Errors
/// [`Error::UnknownBarcode`], [`Error::CopyNotOnLoan`].
pub fn checkin(
    store: &mut impl Engine,
    request: &ReturnRequest,
    now: NaiveDateTime,
) -> Result<ReturnReceipt> {
    let today = now.date();
    let missing: Vec<String> = request
        .missing_parts
        .iter()
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect();
    let missing = missing.join("; ");
    crate::limits::check("missing_parts", &missing, crate::limits::TEXT)?;
    store.write_sql(|tx| {
        let copy = copy_row(tx, &request.barcode)?;
        let Some(loan) = open_loan_of_copy(tx, copy.id)? else {
            return Err(Error::CopyNotOnLoan {
                barcode: request.barcode.trim().to_owned(),
            });
        };
        tx.run(
            "UPDATE loan SET returned_at = ?2, outcome = 'zurueckgegeben', missing_parts = ?3
             WHERE id = ?1",
            args![loan.id, timestamp(now), &missing],
        )?;
        if copy.is_kit || !missing.is_empty() {
            // The copy carries what is missing now; a complete return clears it.
            tx.run(
                "UPDATE copy SET missing_parts = ?2 WHERE id = ?1",
                args![copy.id, &missing],
            )?;
        }
        let reserved_for = reservations::pass_on(tx, copy.id, copy.medium_id, None, today)?;
        let borrower_name: Option<String> = match loan.borrower_id {
            Some(id) => value(tx, "SELECT name FROM borrower WHERE id = ?1", args![id])?,
            None => None,
        };
        let days_overdue = loan.days_overdue(today);
        // Privacy: the loan stops naming the borrower now, unless the rules
        // keep it (history agreed, something missing, a later deadline).
        unlink_at_return(tx, loan.id)?;
        let class_set = match (loan.set_id, loan.set_kind) {
            (Some(set), Some(kind)) if kind.counted_as_one() => {
                Some(class_sets::progress_in(tx, set)?)
            }
            _ => None,
        };
        Ok(ReturnReceipt {
            loan: loan_by_id(tx, loan.id)?,
            borrower_id: loan.borrower_id,
            borrower_name,
            days_overdue,
            reserved_for,
            class_set,
        })
    })
}

/// Extends a loan: see the module documentation for how the new due date is
/// counted.
///
/// # Errors
/// [`Error::UnknownBarcode`], [`Error::CopyNotOnLoan`],
/// [`Error::BorrowerBlocked`], [`Error::RenewalLimitReached`],
/// [`Error::RenewalTooLate`] (overdue beyond the grace),
/// [`Error::RenewalBlockedByReservation`], [`Error::RenewalNotNeeded`]
/// (the loan already runs at least that long).
pub fn renew(store: &mut impl Engine, barcode: &str, now: NaiveDateTime) -> Result<Loan> {
    let today = now.date();
    store.write_sql(|tx| {
        let copy = copy_row(tx, barcode)?;
        let Some(loan) = open_loan_of_copy(tx, copy.id)? else {
            return Err(Error::CopyNotOnLoan {
                barcode: barcode.trim().to_owned(),
            });
        };
        if let Some(id) = loan.borrower_id {
            if let Some(reason) = borrower_row(tx, id)?.blocked_reason {
                return Err(Error::BorrowerBlocked { reason });
            }
        }
        if loan.renewals >= loan.max_renewals {
            return Err(Error::RenewalLimitReached {
                max: loan.max_renewals,
            });
        }
        let grace_days = rules::number_setting(tx, "renewal_grace_days", 7)?;
        let overdue = loan.days_overdue(today);
        if overdue > i64::from(grace_days) {
            return Err(Error::RenewalTooLate {
                days_overdue: overdue,
            });
        }
        if reservations::others_waiting(tx, copy.medium_id, loan.borrower_id)? {
            return Err(Error::RenewalBlockedByReservation);
        }
        let (period, _) = rules::rule_for(tx, copy.kind_id, loan.borrower_kind)?;
        let calendar = Calendar::load(tx)?;
        let due_on = calendar.due_date(today, period).max(loan.due_on);
        if due_on == loan.due_on {
            return Err(Error::RenewalNotNeeded {
                due_on: loan.due_on,
            });
        }
        tx.run(
            "UPDATE loan SET due_on = ?2, renewals = renewals + 1, renewed_at = ?3 WHERE id = ?1",
            args![loan.id, due_on, timestamp(now)],
        )?;
        tx.run(
            "INSERT INTO loan_renewal (loan_id, renewed_at) VALUES (?1, ?2)",
            args![loan.id, timestamp(now)],
        )?;
        loan_by_id(tx, loan.id)
    })
}

/// Loans by id (for a slip of this session's items), in the order given.
///
/// # Errors
/// [`Error::NotFound`] for an unknown id.
pub fn loans_by_id(db: &Db, ids: &[i64]) -> Result<Vec<Loan>> {
    loans_by_id_in(db.conn(), ids)
}

/// [`loans_by_id`] inside a read, on either engine.
///
/// # Errors
/// A failure of the engine.
pub fn loans_by_id_in(sql: &dyn Sql, ids: &[i64]) -> Result<Vec<Loan>> {
    ids.iter().map(|id| loan_by_id(sql, *id)).collect()
}

#[doc(hidden)]
/// Benchmarks only: `count` closed historical loans spread over the copies
/// and borrowers that exist, in one transaction, fast. Every fifth loan was
/// renewed once, after two weeks. Each loan records the month of its
/// borrower's previous loan, as a checkout does, and each borrower the day
/// of their last loan.
pub fn generate_history_for_benchmarks(
    db: &mut Db,
    count: u32,
    first_day: NaiveDate,
) -> Result<()> {
    db.write(|tx| {
        let copies: Vec<i64> = collect_ids(tx, "SELECT id FROM copy ORDER BY id")?;
        let borrowers: Vec<(i64, String)> = {
            let mut stmt = tx.prepare("SELECT id, kind FROM borrower ORDER BY id")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        if copies.is_empty() || borrowers.is_empty() {
            return Ok(());
        }
        let mut insert = tx.prepare(
            "INSERT INTO loan (copy_id, borrower_id, borrower_kind, loaned_at, due_on, renewals,
                               renewed_at, returned_at, outcome)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'zurueckgegeben')",
        )?;
        let mut renewal =
            tx.prepare("INSERT INTO loan_renewal (loan_id, renewed_at) VALUES (?1, ?2)")?;
        for i in 0..count as usize {
            let copy = copies[(i * 7919) % copies.len()];
            let (borrower, kind) = &borrowers[(i * 104_729) % borrowers.len()];
            let start = first_day + chrono::Days::new((i % 1500) as u64);
            let loaned = start.and_hms_opt(10, 0, 0).unwrap_or_default();
            let renewed = (i % 5 == 0)
                .then(|| (start + chrono::Days::new(14)).and_hms_opt(10, 0, 0))
                .flatten();
            let due = start + chrono::Days::new(if renewed.is_some() { 42 } else { 28 });
            let back = (start + chrono::Days::new(20)).and_hms_opt(11, 0, 0).unwrap_or_default();
            insert.execute(params![
                copy,
                borrower,
                kind,
                timestamp(loaned),
                due,
                u32::from(renewed.is_some()),
                renewed.map(timestamp),
                timestamp(back)
            ])?;
            if let Some(renewed) = renewed {
                renewal.execute(params![tx.last_insert_rowid(), timestamp(renewed)])?;
            }
        }
        // The loans were made out of order: each one's previous loan is the
        // borrower's loan just before it in time.
        tx.execute_batch(
            "WITH ordered AS (
                 SELECT id, lag(substr(loaned_at, 1, 7), 1, '-')
                            OVER (PARTITION BY borrower_id ORDER BY loaned_at, id) AS previous
                 FROM loan WHERE borrower_id IS NOT NULL)
             UPDATE loan SET previous_loan_month = ordered.previous
             FROM ordered WHERE ordered.id = loan.id;
             UPDATE borrower SET last_loan_on =
                 (SELECT substr(max(loaned_at), 1, 10) FROM loan WHERE loan.borrower_id = borrower.id)
             WHERE EXISTS (SELECT 1 FROM loan WHERE loan.borrower_id = borrower.id);",
        )?;
        Ok(())
    })
}

fn collect_ids(tx: &Transaction<'_>, sql: &str) -> Result<Vec<i64>> {
    let mut stmt = tx.prepare(sql)?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::{LOAN_COLUMN_COUNT, LOAN_SELECT};

    /// The queries that add columns after a loan's read them from
    /// [`LOAN_COLUMN_COUNT`] on: it must be the number the macro names.
    #[test]
    fn the_loan_columns_are_counted_right() {
        let db = crate::Db::open_in_memory().expect("a new database");
        let statement = db.conn().prepare(LOAN_SELECT).expect("the query reads");
        assert_eq!(statement.column_count(), LOAN_COLUMN_COUNT);
    }
}
