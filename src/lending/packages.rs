//! Course packages (Kurspakete): the media a course needs, how many of each,
//! lent at the desk in one step by scanning the package card's code
//! (issue 23, point 1).
//!
//! A package names media, not copies: at lending, the lowest Inventarnummern
//! on the shelf are taken (a copy set aside for this borrower first). When a
//! part has fewer copies on the shelf than the package asks for, the desk is
//! told which part and how many (nothing is lent); staff then lend the rest,
//! or lend the rest and reserve what is missing. The loans of one package
//! checkout form a loan set under the package's name, which the slip prints
//! as a group.
//!
//! The whole checkout is one write transaction that reads the shelf inside
//! it: two desks lending the last copy of a part lend it once, and the other
//! desk is told the part is missing (with nothing changed when it asked).

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::reservations::reserve_in;
use super::rules::Calendar;
use super::{
    borrower_who_may_borrow, lend_in, override_reason, timestamp, CopyRow, Lend, Loan,
    COPY_ROW_COLUMNS,
};
use crate::db::engine::{args, scalar, Engine, Sql, SqlRow};
use crate::{limits, Db, Error, Record, Result};

/// The most copies of one medium a package may ask for.
pub const MAX_QUANTITY: u32 = 50;

/// The most parts a package may have.
pub const MAX_PARTS: usize = 30;

/// A course package with its parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoursePackage {
    /// Its number in the database.
    pub id: i64,
    /// The code printed on the package card ("KP-0001").
    pub code: String,
    /// "Linie 1 A2".
    pub name: String,
    /// A note for staff.
    pub note: String,
    /// The parts, in the order staff gave them.
    pub parts: Vec<PackagePart>,
}

/// One medium of a package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackagePart {
    /// The medium.
    pub medium_id: i64,
    /// Its title.
    pub title: String,
    /// Its Mediengruppe's name.
    pub kind_name: String,
    /// How many copies the package lends.
    pub quantity: u32,
    /// How many copies are on the shelf now.
    pub on_shelf: u32,
}

/// What staff enter for a package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PackageInput {
    /// The package's name, unique.
    pub name: String,
    /// A note for staff.
    pub note: String,
    /// The media and how many of each.
    pub parts: Vec<PartInput>,
}

/// One part as entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartInput {
    /// The medium.
    pub medium_id: i64,
    /// How many copies (1 to [`MAX_QUANTITY`]).
    pub quantity: u32,
}

const PACKAGE_COLUMNS: &str = "id, code, name, note";

fn package_from_row(sql: &dyn Sql, row: &SqlRow) -> Result<CoursePackage> {
    let id: i64 = row.get(0)?;
    Ok(CoursePackage {
        id,
        code: row.get(1)?,
        name: row.get(2)?,
        note: row.get(3)?,
        parts: parts_of(sql, id)?,
    })
}

fn parts_of(sql: &dyn Sql, package_id: i64) -> Result<Vec<PackagePart>> {
    sql.rows(
        "SELECT p.medium_id, m.title, k.name, p.quantity,
                (SELECT count(*) FROM copy AS c
                 WHERE c.medium_id = p.medium_id AND c.status = 'verfuegbar')
         FROM course_package_part AS p
         JOIN medium AS m ON m.id = p.medium_id
         JOIN media_kind AS k ON k.id = m.kind_id
         WHERE p.package_id = ?1
         ORDER BY p.position, p.medium_id",
        args![package_id],
    )?
    .iter()
    .map(|row| {
        Ok(PackagePart {
            medium_id: row.get(0)?,
            title: row.get(1)?,
            kind_name: row.get(2)?,
            quantity: row.get(3)?,
            on_shelf: row.get(4)?,
        })
    })
    .collect()
}

/// Every package, by name.
///
/// # Errors
/// Only SQLite failures.
pub fn packages(db: &Db) -> Result<Vec<CoursePackage>> {
    packages_in(db.conn())
}

/// [`packages`] inside a read, on either engine.
///
/// # Errors
/// A failure of the engine.
pub fn packages_in(sql: &dyn Sql) -> Result<Vec<CoursePackage>> {
    sql.rows(
        &format!(
            "SELECT {PACKAGE_COLUMNS} FROM course_package ORDER BY {}, id",
            sql.dialect().nocase_order("name")
        ),
        &[],
    )?
    .iter()
    .map(|row| package_from_row(sql, row))
    .collect()
}

/// One package.
///
/// # Errors
/// [`Error::NotFound`].
pub fn package_in(sql: &dyn Sql, id: i64) -> Result<CoursePackage> {
    let row = sql
        .row(
            &format!("SELECT {PACKAGE_COLUMNS} FROM course_package WHERE id = ?1"),
            args![id],
        )?
        .ok_or(Error::NotFound {
            what: Record::CoursePackage,
        })?;
    package_from_row(sql, &row)
}

/// The package whose card carries `code` (as printed, or typed in lower
/// case), if any.
///
/// # Errors
/// A failure of the engine.
pub fn package_by_code_in(sql: &dyn Sql, code: &str) -> Result<Option<CoursePackage>> {
    let code = code.trim().to_uppercase();
    let row = sql.row(
        &format!("SELECT {PACKAGE_COLUMNS} FROM course_package WHERE code = ?1"),
        args![code.as_str()],
    )?;
    row.map(|row| package_from_row(sql, &row)).transpose()
}

/// Checks and tidies what staff entered: a name, at least one part, each
/// medium once (a medium entered twice counts its quantities together),
/// each quantity from 1 to [`MAX_QUANTITY`].
fn clean(input: &PackageInput) -> Result<PackageInput> {
    let name = input.name.trim().to_owned();
    let note = input.note.trim().to_owned();
    if name.is_empty() {
        return Err(Error::Required { field: "name" });
    }
    limits::check_all(&[("name", &name, limits::NAME), ("note", &note, limits::TEXT)])?;
    let mut parts: Vec<PartInput> = Vec::new();
    for part in &input.parts {
        if part.quantity == 0 || part.quantity > MAX_QUANTITY {
            return Err(Error::OutOfRange {
                field: "quantity",
                min: 1,
                max: MAX_QUANTITY,
            });
        }
        match parts.iter_mut().find(|p| p.medium_id == part.medium_id) {
            Some(same) => {
                same.quantity = (same.quantity + part.quantity).min(MAX_QUANTITY);
            }
            None => parts.push(part.clone()),
        }
    }
    if parts.is_empty() {
        return Err(Error::Required { field: "parts" });
    }
    if parts.len() > MAX_PARTS {
        return Err(Error::OutOfRange {
            field: "parts",
            min: 1,
            max: MAX_PARTS as u32,
        });
    }
    Ok(PackageInput { name, note, parts })
}

/// Creates a package (`id` `None`) or replaces one's name, note and parts;
/// a new package gets the code "KP-" and its number.
///
/// # Errors
/// [`Error::Required`] (name, parts), [`Error::TooLong`],
/// [`Error::OutOfRange`] (quantity, parts), [`Error::PackageNameTaken`],
/// [`Error::NotFound`] (the package, or a medium of a part).
pub fn save_package(
    store: &mut impl Engine,
    id: Option<i64>,
    input: &PackageInput,
    now: NaiveDateTime,
) -> Result<CoursePackage> {
    let input = clean(input)?;
    store.write_sql(|tx| {
        // Compared in Rust: SQLite's lower() folds only A to Z, the
        // server's the whole alphabet ("Übungen" and "ÜBUNGEN").
        let wanted = input.name.to_lowercase();
        let taken = tx
            .rows("SELECT id, name FROM course_package", &[])?
            .iter()
            .map(|row| Ok((row.get::<i64>(0)?, row.get::<String>(1)?)))
            .collect::<Result<Vec<_>>>()?
            .into_iter()
            .any(|(other, name)| Some(other) != id && name.to_lowercase() == wanted);
        if taken {
            return Err(Error::PackageNameTaken {
                name: input.name.clone(),
            });
        }
        // Checked before anything is written: a refused package takes no
        // number (the server's counter does not give a number back).
        for part in &input.parts {
            let exists: bool = scalar(
                tx,
                "SELECT EXISTS (SELECT 1 FROM medium WHERE id = ?1)",
                args![part.medium_id],
            )?;
            if !exists {
                return Err(Error::NotFound {
                    what: Record::Medium,
                });
            }
        }
        let id = match id {
            Some(id) => {
                let changed = tx.run(
                    "UPDATE course_package SET name = ?2, note = ?3 WHERE id = ?1",
                    args![id, input.name.as_str(), input.note.as_str()],
                )?;
                if changed == 0 {
                    return Err(Error::NotFound {
                        what: Record::CoursePackage,
                    });
                }
                tx.run(
                    "DELETE FROM course_package_part WHERE package_id = ?1",
                    args![id],
                )?;
                id
            }
            None => {
                // The code follows the number, known after the insert; the
                // write transaction keeps the placeholder to this one row.
                let id: i64 = scalar(
                    tx,
                    "INSERT INTO course_package (code, name, note, created_at)
                     VALUES ('KP-NEU', ?1, ?2, ?3) RETURNING id",
                    args![input.name.as_str(), input.note.as_str(), timestamp(now)],
                )?;
                tx.run(
                    "UPDATE course_package SET code = ?2 WHERE id = ?1",
                    args![id, format!("KP-{id:04}")],
                )?;
                id
            }
        };
        for (position, part) in input.parts.iter().enumerate() {
            tx.run(
                "INSERT INTO course_package_part (package_id, medium_id, position, quantity)
                 VALUES (?1, ?2, ?3, ?4)",
                args![id, part.medium_id, position as i64, part.quantity],
            )?;
        }
        package_in(tx, id)
    })
}

/// Deletes a package. Loans lent with it keep its name (their set's).
///
/// # Errors
/// [`Error::NotFound`].
pub fn delete_package(store: &mut impl Engine, id: i64) -> Result<()> {
    store.write_sql(|tx| {
        if tx.run("DELETE FROM course_package WHERE id = ?1", args![id])? == 0 {
            return Err(Error::NotFound {
                what: Record::CoursePackage,
            });
        }
        Ok(())
    })
}

/// What the desk does when a part is not on the shelf in the number the
/// package asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WhenMissing {
    /// Lend nothing and say what is missing (the desk's first scan).
    #[default]
    Ask,
    /// Lend what is there.
    LendRest,
    /// Lend what is there and reserve each missing medium for the borrower.
    LendRestAndReserve,
}

/// A package checkout as staff ask for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PackageCheckout {
    /// Who borrows.
    pub borrower_id: i64,
    /// The package.
    pub package_id: i64,
    /// What to do about missing parts.
    pub when_missing: WhenMissing,
    /// Why staff lend although the borrower has overdue items; stored.
    pub override_reason: Option<String>,
    /// Due when the course ends rather than after each part's loan period.
    pub course_end: Option<NaiveDate>,
}

/// A part the shelf cannot give in full.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissingPart {
    /// The medium.
    pub medium_id: i64,
    /// Its title.
    pub title: String,
    /// How many copies the package asks for.
    pub wanted: u32,
    /// How many were on the shelf (and lent, unless the desk was asked).
    pub on_shelf: u32,
    /// Whether a reservation for the borrower now waits for it.
    pub reserved: bool,
}

/// What a package checkout did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum PackageOutcome {
    /// Parts are missing and the desk was asked first: nothing changed.
    Incomplete {
        /// The package.
        package: CoursePackage,
        /// What the shelf lacks.
        missing: Vec<MissingPart>,
    },
    /// Lent (everything, or what was there).
    Lent {
        /// The package.
        package: CoursePackage,
        /// The loans, in the package's order of parts.
        loans: Vec<Loan>,
        /// What the shelf lacked (empty when complete).
        missing: Vec<MissingPart>,
    },
}

/// The copies of a medium that a checkout for `borrower_id` may take: set
/// aside for this borrower first, then on the shelf by Inventarnummer.
fn copies_to_take(
    sql: &dyn Sql,
    medium_id: i64,
    borrower_id: i64,
    wanted: u32,
) -> Result<Vec<CopyRow>> {
    sql.rows(
        &format!(
            "SELECT {COPY_ROW_COLUMNS}
         FROM copy AS c JOIN medium AS m ON m.id = c.medium_id
         WHERE c.medium_id = ?1
           AND (c.status = 'verfuegbar'
                OR (c.status = 'vorgemerkt' AND EXISTS (
                        SELECT 1 FROM reservation AS r
                        WHERE r.copy_id = c.id AND r.status = 'bereit' AND r.borrower_id = ?2)))
         ORDER BY CASE c.status WHEN 'vorgemerkt' THEN 0 ELSE 1 END, c.barcode
         LIMIT ?3"
        ),
        args![medium_id, borrower_id, wanted],
    )?
    .iter()
    .map(CopyRow::from_row)
    .collect()
}

/// Lends a package to a borrower in one write transaction: for each part
/// as many copies as it asks for, by the rules of a single checkout (the
/// limit counts every copy; overdue items need the override reason).
///
/// # Errors
/// [`Error::NotFound`] (borrower or package), [`Error::BorrowerBlocked`],
/// [`Error::Required`] (`parts`: a package whose media were all deleted),
/// [`Error::LoanLimitReached`], [`Error::BorrowerHasOverdue`], and what
/// a reservation of a missing part refuses other than "already reserved",
/// "already has it" and "never lendable" (those leave the part unreserved).
pub fn lend_package(
    store: &mut impl Engine,
    request: &PackageCheckout,
    now: NaiveDateTime,
) -> Result<PackageOutcome> {
    let override_reason = override_reason(request.override_reason.as_deref())?;
    store.write_sql(|tx| {
        let mut borrower = borrower_who_may_borrow(tx, request.borrower_id, now.date())?;
        let package = package_in(tx, request.package_id)?;
        if package.parts.is_empty() {
            return Err(Error::Required { field: "parts" });
        }
        let mut taken: Vec<Vec<CopyRow>> = Vec::with_capacity(package.parts.len());
        let mut missing = Vec::new();
        for part in &package.parts {
            let copies = copies_to_take(tx, part.medium_id, request.borrower_id, part.quantity)?;
            if (copies.len() as u32) < part.quantity {
                missing.push(MissingPart {
                    medium_id: part.medium_id,
                    title: part.title.clone(),
                    wanted: part.quantity,
                    on_shelf: copies.len() as u32,
                    reserved: false,
                });
            }
            taken.push(copies);
        }
        if !missing.is_empty() && request.when_missing == WhenMissing::Ask {
            return Ok(PackageOutcome::Incomplete { package, missing });
        }
        let count: usize = taken.iter().map(Vec::len).sum();
        let set_id: Option<i64> = if count > 0 {
            Some(scalar(
                tx,
                "INSERT INTO loan_set (kind, name, package_id, lent_at)
                 VALUES ('paket', ?1, ?2, ?3) RETURNING id",
                args![package.name.as_str(), package.id, timestamp(now)],
            )?)
        } else {
            None
        };
        let lend = Lend {
            borrower_id: request.borrower_id,
            override_reason: override_reason.as_deref(),
            set_id,
            check_limit: true,
            course_end: request.course_end,
            due_on: None,
            now,
        };
        let calendar = Calendar::load(tx)?;
        let mut loans = Vec::with_capacity(count);
        for copy in taken.into_iter().flatten() {
            loans.push(lend_in(tx, &lend, &mut borrower, copy, &calendar)?);
        }
        if request.when_missing == WhenMissing::LendRestAndReserve {
            for part in &mut missing {
                part.reserved = match reserve_in(tx, part.medium_id, request.borrower_id, now) {
                    Ok(_) | Err(Error::AlreadyReserved) => true,
                    Err(Error::AlreadyHasMedium | Error::MediumNotLendable) => false,
                    Err(other) => return Err(other),
                };
            }
        }
        Ok(PackageOutcome::Lent {
            package,
            loans,
            missing,
        })
    })
}
