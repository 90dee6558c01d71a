//! Class sets (Klassensätze, issue 23 point 3): N copies of one medium
//! lent at once ("12 × Schritte plus Neu 2"), taken back copy by copy,
//! the set complete when every copy is back.
//!
//! The copies are the one scanned (when it is on the shelf) and then the
//! lowest Inventarnummern on the shelf; the desk lists them, so that staff
//! hand out those. The set is a loan set of kind `klassensatz`; its loans
//! are ordinary loans (each returned, renewed or reminded on its own). A
//! class set counts as one item against the loan limit: the limit keeps a
//! person from taking many titles, and a teacher's class set is one title
//! for one course (counted copy by copy, a set of 12 would pass any
//! teacher's limit of 10).

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::rules::{self, Calendar};
use super::{
    borrower_who_may_borrow, copy_row, lend_in, override_reason, timestamp, CopyRow, Lend, Loan,
    SetKind, COPY_ROW_COLUMNS,
};
use crate::db::engine::{args, scalar, Engine, Sql};
use crate::{Error, Result};

/// The most copies one class set may have.
pub const MAX_CLASS_SET: u32 = 50;

/// A class set as staff ask for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ClassSetCheckout {
    /// Who borrows.
    pub borrower_id: i64,
    /// The Inventarnummer of one copy of the medium (the one in hand).
    pub barcode: String,
    /// How many copies (2 to [`MAX_CLASS_SET`]).
    pub count: u32,
    /// Why staff lend although the borrower has overdue items; stored.
    pub override_reason: Option<String>,
    /// Due when the course ends rather than after the loan period.
    pub course_end: Option<NaiveDate>,
}

/// How much of a class set is back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassSetProgress {
    /// The set.
    pub set_id: i64,
    /// "12 × Schritte plus Neu 2".
    pub name: String,
    /// A class set, or a workshop's material.
    pub kind: SetKind,
    /// Copies lent in the set.
    pub total: u32,
    /// Of those, back (or declared lost).
    pub returned: u32,
    /// The Inventarnummern still out.
    pub missing: Vec<String>,
}

/// A class set just lent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassSetLent {
    /// The set (nothing back yet).
    pub set: ClassSetProgress,
    /// Its loans: the copy scanned first, then by Inventarnummer.
    pub loans: Vec<Loan>,
}

impl ClassSetProgress {
    /// Whether every copy is back.
    pub fn complete(&self) -> bool {
        self.missing.is_empty()
    }
}

/// Lends `count` copies of the scanned copy's medium to the borrower in one
/// write transaction, each by the rules of a single checkout, the set
/// counted as one item against the limit.
///
/// # Errors
/// [`Error::OutOfRange`] (`count`), [`Error::UnknownBarcode`],
/// [`Error::NotFound`], [`Error::BorrowerBlocked`],
/// [`Error::NotEnoughOnShelf`] with how many are there (nothing lent),
/// [`Error::LoanLimitReached`], [`Error::BorrowerHasOverdue`].
pub fn lend_class_set(
    store: &mut impl Engine,
    request: &ClassSetCheckout,
    now: NaiveDateTime,
) -> Result<ClassSetLent> {
    if request.count < 2 || request.count > MAX_CLASS_SET {
        return Err(Error::OutOfRange {
            field: "count",
            min: 2,
            max: MAX_CLASS_SET,
        });
    }
    let override_reason = override_reason(request.override_reason.as_deref())?;
    store.write_sql(|tx| {
        let mut borrower = borrower_who_may_borrow(tx, request.borrower_id, now.date())?;
        // As printed, or typed in lower case (as the desk's scans).
        let scanned = match copy_row(tx, &request.barcode) {
            Err(Error::UnknownBarcode { barcode }) => copy_row(tx, &request.barcode.to_uppercase())
                .map_err(|_| Error::UnknownBarcode { barcode })?,
            other => other?,
        };
        let copies = copies_on_shelf(tx, &scanned, request.count)?;
        if (copies.len() as u32) < request.count {
            return Err(Error::NotEnoughOnShelf {
                wanted: request.count,
                on_shelf: copies.len() as u32,
            });
        }
        let (limit, _) = rules::limit_and_period(tx, scanned.kind_id, borrower.row.kind)?;
        if borrower.open >= limit {
            return Err(Error::LoanLimitReached { limit });
        }
        let title: String = scalar(
            tx,
            "SELECT title FROM medium WHERE id = ?1",
            args![scanned.medium_id],
        )?;
        let name = format!("{} × {title}", request.count);
        let set_id: i64 = scalar(
            tx,
            "INSERT INTO loan_set (kind, name, lent_at) VALUES ('klassensatz', ?1, ?2)
             RETURNING id",
            args![name.as_str(), timestamp(now)],
        )?;
        let lend = Lend {
            borrower_id: request.borrower_id,
            override_reason: override_reason.as_deref(),
            set_id: Some(set_id),
            check_limit: false,
            course_end: request.course_end,
            due_on: None,
            now,
        };
        let calendar = Calendar::load(tx)?;
        let mut loans = Vec::with_capacity(copies.len());
        for copy in copies {
            loans.push(lend_in(tx, &lend, &mut borrower, copy, &calendar)?);
        }
        Ok(ClassSetLent {
            set: progress_in(tx, set_id)?,
            loans,
        })
    })
}

/// The copies a class set takes: the scanned one if it is on the shelf,
/// then the lowest Inventarnummern on the shelf, `count` at the most.
fn copies_on_shelf(sql: &dyn Sql, scanned: &CopyRow, count: u32) -> Result<Vec<CopyRow>> {
    sql.rows(
        &format!(
            "SELECT {COPY_ROW_COLUMNS}
             FROM copy AS c JOIN medium AS m ON m.id = c.medium_id
             WHERE c.medium_id = ?1 AND c.status = 'verfuegbar'
             ORDER BY CASE WHEN c.id = ?2 THEN 0 ELSE 1 END, c.barcode
             LIMIT ?3"
        ),
        args![scanned.medium_id, scanned.id, count],
    )?
    .iter()
    .map(CopyRow::from_row)
    .collect()
}

/// How much of the class set `set_id` is back.
///
/// # Errors
/// A failure of the engine.
pub(super) fn progress_in(sql: &dyn Sql, set_id: i64) -> Result<ClassSetProgress> {
    let (name, kind) = sql
        .row(
            "SELECT name, kind FROM loan_set WHERE id = ?1",
            args![set_id],
        )?
        .map(|row| Ok::<_, Error>((row.get::<String>(0)?, row.get::<String>(1)?)))
        .transpose()?
        .unwrap_or_default();
    let rows = sql.rows(
        "SELECT c.barcode, l.returned_at IS NULL
         FROM loan AS l JOIN copy AS c ON c.id = l.copy_id
         WHERE l.set_id = ?1 ORDER BY c.barcode",
        args![set_id],
    )?;
    let mut missing = Vec::new();
    for row in &rows {
        if row.get::<bool>(1)? {
            missing.push(row.get::<String>(0)?);
        }
    }
    let total = rows.len() as u32;
    Ok(ClassSetProgress {
        set_id,
        name,
        kind: SetKind::from_code(&kind),
        total,
        returned: total - missing.len() as u32,
        missing,
    })
}
