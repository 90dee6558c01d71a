//! Copies (the things on the shelf) and their Inventarnummern: adding,
//! numbering, finding by barcode and correcting their details. Status
//! changes (in repair, withdrawn, back on the shelf) are the lending
//! module's, because a copy back on the shelf goes to the next reservation.

use chrono::NaiveDateTime;

use super::media::reindex_medium;
use super::{Copy, CopyEdit, CopyInput, CopyStatus, KitItem};
use crate::db::engine::{args, scalar, Dialect, Engine, Sql, SqlRow, Value};
use crate::time::timestamp;
use crate::versions::{self, Saved, Versioned};
use crate::Record;
use crate::{limits, Db, Error, Result};

fn copy_from_row(r: &SqlRow) -> Result<Copy> {
    Ok(Copy {
        id: r.get(0)?,
        medium_id: r.get(1)?,
        barcode: r.get(2)?,
        condition: r.get(3)?,
        acquired_on: r.get(4)?,
        price_cents: r.get(5)?,
        status: CopyStatus::from_code(&r.get::<String>(6)?),
        retired_on: r.get(7)?,
        missing_parts: r.get(8)?,
        shelf: r.get(9)?,
        retired_reason: r.get(10)?,
        saved: Saved {
            version: r.get(11)?,
            at: r.get(12)?,
            by: r.get(13)?,
        },
    })
}

const COPY_COLUMNS: &str = "id, medium_id, barcode, condition, acquired_on, price_cents, status,
     retired_on, missing_parts, shelf, retired_reason, version,
     coalesce(updated_at, created_at), updated_by";

/// The copy the query finds, if any.
fn one_copy(sql: &dyn Sql, text: &str, params: &[Value]) -> Result<Copy> {
    sql.row(text, params)?
        .as_ref()
        .map(copy_from_row)
        .transpose()?
        .ok_or(Error::NotFound { what: Record::Copy })
}

pub(super) fn copies_of(sql: &dyn Sql, medium_id: i64) -> Result<Vec<Copy>> {
    // By the label's bytes on both engines (the file's BINARY).
    let order = match sql.dialect() {
        Dialect::Sqlite => "barcode",
        Dialect::Postgres => "barcode COLLATE \"C\"",
    };
    sql.rows(
        &format!("SELECT {COPY_COLUMNS} FROM copy WHERE medium_id = ?1 ORDER BY {order}"),
        args![medium_id],
    )?
    .iter()
    .map(copy_from_row)
    .collect()
}

/// Title, Mediengruppe name and kit contents of a medium: what the desk
/// shows after a scan, without loading the whole record. On either engine.
pub(crate) fn medium_summary(sql: &dyn Sql, id: i64) -> Result<(String, String, Vec<KitItem>)> {
    let row = sql
        .row(
            "SELECT m.title, k.name FROM medium AS m JOIN media_kind AS k ON k.id = m.kind_id
             WHERE m.id = ?1",
            args![id],
        )?
        .ok_or(Error::NotFound {
            what: Record::Medium,
        })?;
    Ok((row.get(0)?, row.get(1)?, kit_items(sql, id)?))
}

/// A Medienkoffer's contents, in their order; empty for other media.
pub(super) fn kit_items(sql: &dyn Sql, medium_id: i64) -> Result<Vec<KitItem>> {
    sql.rows(
        "SELECT name, quantity FROM kit_item WHERE medium_id = ?1 ORDER BY position",
        args![medium_id],
    )?
    .iter()
    .map(|r| {
        Ok(KitItem {
            name: r.get(0)?,
            quantity: r.get(1)?,
        })
    })
    .collect()
}

/// A copy by its Inventarnummer (as scanned).
///
/// # Errors
/// [`Error::NotFound`].
pub fn copy_by_barcode(db: &Db, barcode: &str) -> Result<Copy> {
    copy_by_barcode_in(db.conn(), barcode)
}

/// [`copy_by_barcode`] inside the caller's transaction or read, on either
/// engine.
///
/// # Errors
/// [`Error::NotFound`].
pub fn copy_by_barcode_in(sql: &dyn Sql, barcode: &str) -> Result<Copy> {
    one_copy(
        sql,
        &format!("SELECT {COPY_COLUMNS} FROM copy WHERE barcode = ?1"),
        args![barcode.trim()],
    )
}

/// The next free number in a pattern whose `#` run is the counter
/// (`KI-M-######` → `KI-M-000124` after `KI-M-000123`). Numbers of another
/// form (scanned labels of another scheme) do not count. Zero-padded
/// numbers of one width sort like their values, so on the file the highest
/// is one seek at the end of the column's unique index, however many
/// copies there are. On the server the regular expression reads the whole
/// column (a few milliseconds for 100,000 copies, once per copy or card
/// added): its index follows the database's collation, not byte order.
pub(crate) fn next_number(
    sql: &dyn Sql,
    pattern: &str,
    table: &str,
    column: &str,
) -> Result<String> {
    let width = pattern.chars().filter(|c| *c == '#').count().max(1);
    let (prefix, rest) = pattern.split_once('#').unwrap_or((pattern, ""));
    let suffix = rest.trim_start_matches('#');
    let highest: Option<String> = match sql.dialect() {
        Dialect::Sqlite => {
            let glob_escape = |text: &str| -> String {
                text.chars()
                    .map(|c| match c {
                        '*' | '?' | '[' | ']' => format!("[{c}]"),
                        c => c.to_string(),
                    })
                    .collect()
            };
            let glob = format!(
                "{}{}{}",
                glob_escape(prefix),
                "[0-9]".repeat(width),
                glob_escape(suffix)
            );
            scalar(
                sql,
                &format!(
                    "SELECT max({column}) FROM {table}
                     WHERE {column} >= ?1 AND {column} < ?2 AND {column} GLOB ?3"
                ),
                args![prefix, format!("{prefix}\u{10FFFF}"), glob],
            )?
        }
        // The same numbers by a regular expression; compared byte by byte
        // (`COLLATE "C"`, as the file's BINARY) whatever the database's
        // collation, so the highest is the same number.
        Dialect::Postgres => {
            let regex_escape = |text: &str| -> String {
                text.chars()
                    .map(|c| {
                        if c.is_ascii_punctuation() {
                            format!("\\{c}")
                        } else {
                            c.to_string()
                        }
                    })
                    .collect()
            };
            let regex = format!(
                "^{}[0-9]{{{width}}}{}$",
                regex_escape(prefix),
                regex_escape(suffix)
            );
            scalar(
                sql,
                &format!("SELECT max({column} COLLATE \"C\") FROM {table} WHERE {column} ~ ?1"),
                args![regex],
            )?
        }
    };
    let last = highest
        .as_deref()
        .and_then(|v| v.strip_prefix(prefix))
        .and_then(|rest| rest.strip_suffix(suffix))
        .and_then(|digits| digits.parse::<u64>().ok())
        .unwrap_or(0);
    Ok(format!("{prefix}{:0width$}{suffix}", last + 1))
}

/// The Inventarnummer the app proposes for the next copy.
///
/// # Errors
/// Only SQLite failures.
pub fn next_barcode(db: &Db) -> Result<String> {
    next_barcode_in(db.conn())
}

/// [`next_barcode`] on either engine.
///
/// # Errors
/// A failure of the engine.
pub fn next_barcode_in(sql: &dyn Sql) -> Result<String> {
    let pattern = super::numbering::numbering_patterns_in(sql)?.copy_barcode;
    next_number(sql, &pattern, "copy", "barcode")
}

/// Adds a copy to a medium; an empty barcode takes the proposed number.
///
/// # Errors
/// [`Error::NotFound`] (medium), [`Error::DuplicateBarcode`],
/// [`Error::InvalidPrice`].
pub fn add_copy(
    store: &mut impl Engine,
    medium_id: i64,
    input: &CopyInput,
    now: NaiveDateTime,
) -> Result<Copy> {
    store.write_sql(|sql| {
        let id = add_copy_in(sql, medium_id, input, now)?;
        copy_in(sql, id)
    })
}

/// [`add_copy`] inside the caller's transaction; returns the new copy's id.
pub(crate) fn add_copy_in(
    tx: &dyn Sql,
    medium_id: i64,
    input: &CopyInput,
    now: NaiveDateTime,
) -> Result<i64> {
    if input.price_cents.is_some_and(|p| p < 0) {
        return Err(Error::InvalidPrice);
    }
    limits::check_all(&[
        ("barcode", input.barcode.trim(), limits::CODE),
        ("condition", input.condition.trim(), limits::NAME),
        ("shelf", input.shelf.trim(), limits::NAME),
    ])?;
    let pattern = super::numbering::numbering_patterns_in(tx)?.copy_barcode;
    let exists: bool = scalar(
        tx,
        "SELECT EXISTS (SELECT 1 FROM medium WHERE id = ?1)",
        args![medium_id],
    )?;
    if !exists {
        return Err(Error::NotFound {
            what: Record::Medium,
        });
    }
    let barcode = match input.barcode.trim() {
        "" => next_number(tx, &pattern, "copy", "barcode")?,
        scanned => {
            super::numbering::check_scannable(tx, scanned, Record::Copy)?;
            scanned.to_owned()
        }
    };
    let taken: bool = scalar(
        tx,
        "SELECT EXISTS (SELECT 1 FROM copy WHERE barcode = ?1)",
        args![&barcode],
    )?;
    if taken {
        return Err(Error::DuplicateBarcode { barcode });
    }
    let id: i64 = scalar(
        tx,
        "INSERT INTO copy (medium_id, barcode, condition, acquired_on, price_cents, shelf,
                           created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         RETURNING id",
        args![
            medium_id,
            &barcode,
            input.condition.trim(),
            input.acquired_on,
            input.price_cents,
            input.shelf.trim(),
            timestamp(now)
        ],
    )?;
    reindex_medium(tx, medium_id)?;
    Ok(id)
}

/// A copy by its number in the database.
///
/// # Errors
/// [`Error::NotFound`].
pub fn copy(db: &Db, id: i64) -> Result<Copy> {
    copy_in(db.conn(), id)
}

pub(crate) fn copy_in(sql: &dyn Sql, id: i64) -> Result<Copy> {
    one_copy(
        sql,
        &format!("SELECT {COPY_COLUMNS} FROM copy WHERE id = ?1"),
        args![id],
    )
}

/// Corrects a copy's details after it was added: condition, price,
/// acquisition day and shelf, in one transaction, as saved on workstation
/// `by` at `now`, and only if nobody saved them since the form read
/// `edit.version`. The Inventarnummer and the status are not changed here.
///
/// # Errors
/// [`Error::NotFound`], [`Error::InvalidPrice`] (negative),
/// [`Error::DateInFuture`] (acquired after today), [`Error::TooLong`],
/// [`Error::ChangedMeanwhile`]. Nothing is stored when any field is
/// refused.
pub fn update_copy(
    store: &mut impl Engine,
    copy_id: i64,
    edit: &CopyEdit,
    now: NaiveDateTime,
    by: &str,
) -> Result<Copy> {
    let today = now.date();
    if edit.price_cents.is_some_and(|p| p < 0) {
        return Err(Error::InvalidPrice);
    }
    if edit.acquired_on.is_some_and(|d| d > today) {
        return Err(Error::DateInFuture {
            field: "acquired_on",
        });
    }
    let condition = edit.condition.trim();
    let shelf = edit.shelf.trim();
    limits::check_all(&[
        ("condition", condition, limits::NAME),
        ("shelf", shelf, limits::NAME),
    ])?;
    store.write_sql(|tx| {
        versions::claim(tx, Versioned::Copy, copy_id, edit.version, by)?;
        tx.run(
            "UPDATE copy SET condition = ?2, price_cents = ?3, acquired_on = ?4, shelf = ?5,
                             updated_at = ?6
             WHERE id = ?1",
            args![
                copy_id,
                condition,
                edit.price_cents,
                edit.acquired_on,
                shelf,
                timestamp(now)
            ],
        )?;
        copy_in(tx, copy_id)
    })
}
