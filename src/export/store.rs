//! Storing a workbook that was read and checked: inside the caller's one
//! transaction, the list entries, then every sheet's rows with their
//! exported ids and their languages, then the search indexes and the
//! numbering of people.

use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, ErrorCode, Transaction};

use super::lists::Entries;
use super::read::{Contents, Parsed, Table};
use super::sheets::SHEETS;
use super::spec::{Kind, Mode, Reindex};
use super::{RestoreSummary, RestoredSheet};
use crate::{catalogue, organisations, people, privacy, Error, Result};

/// Whether the database holds none of the records a workbook brings.
pub(super) fn is_empty(conn: &Connection) -> Result<bool> {
    for sheet in SHEETS.iter().filter(|s| s.mode == Mode::Records) {
        let any: bool = conn.query_row(
            &format!("SELECT EXISTS (SELECT 1 FROM {})", sheet.table),
            [],
            |r| r.get(0),
        )?;
        if any {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Stores everything the workbook holds.
pub(super) fn all(tx: &Transaction<'_>, contents: &Contents) -> Result<RestoreSummary> {
    // Sheets refer to each other in both directions (borrowers name
    // organisations, which come later in the workbook); every reference
    // was checked while reading, and SQLite checks them again at commit.
    tx.pragma_update(None, "defer_foreign_keys", true)?;
    let mut entries = Entries::of(tx)?;
    for entry in &contents.entries {
        entries.resolve(tx, entry.list, &entry.name, Some(&entry.code))?;
    }
    let mut restored = Vec::new();
    for table in &contents.tables {
        insert(tx, table, &mut entries)?;
        restored.push(RestoredSheet {
            sheet: table.sheet.name.to_owned(),
            rows: table.rows.len(),
        });
    }
    for table in &contents.tables {
        reindex(tx, table)?;
    }
    raise_sequences(tx)?;
    Ok(RestoreSummary {
        sheets: restored,
        added_list_entries: entries.added,
    })
}

fn insert(tx: &Transaction<'_>, table: &Table, entries: &mut Entries) -> Result<()> {
    let sheet = table.sheet;
    let mut stmt = tx.prepare(&sheet.insert())?;
    let id_column = sheet.id_column();
    for row in &table.rows {
        let refused = |e: rusqlite::Error| match e.sqlite_error_code() {
            Some(ErrorCode::ConstraintViolation) => Error::WorkbookRowRefused {
                sheet: sheet.name.into(),
                row: row.number,
            },
            _ => Error::from(e),
        };
        let mut values = Vec::with_capacity(row.cells.len());
        for (column, cell) in sheet.columns.iter().zip(&row.cells) {
            match (column.kind, cell) {
                (_, Parsed::Value(value)) => values.push(value.clone()),
                (Kind::PickList(list) | Kind::OptPickList(list), Parsed::Entry(Some(name))) => {
                    values.push(Value::Integer(entries.resolve(tx, list, name, None)?));
                }
                (_, Parsed::Entry(_)) => values.push(Value::Null),
                (_, Parsed::Codes(_)) => {}
            }
        }
        stmt.execute(params_from_iter(values)).map_err(refused)?;
        let owner = match id_column.map(|i| &row.cells[i]) {
            Some(Parsed::Value(Value::Integer(id))) => *id,
            _ => continue,
        };
        for (column, cell) in sheet.columns.iter().zip(&row.cells) {
            let (Kind::Languages(languages), Parsed::Codes(codes)) = (column.kind, cell) else {
                continue;
            };
            let sql = match languages.role {
                Some(_) => format!(
                    "INSERT INTO {} ({}, code, role) VALUES (?1, ?2, ?3)",
                    languages.table, languages.owner
                ),
                None => format!(
                    "INSERT INTO {} ({}, code) VALUES (?1, ?2)",
                    languages.table, languages.owner
                ),
            };
            let mut add = tx.prepare_cached(&sql)?;
            for code in codes {
                match languages.role {
                    Some(role) => add.execute(rusqlite::params![owner, code, role]),
                    None => add.execute(rusqlite::params![owner, code]),
                }
                .map_err(refused)?;
            }
        }
    }
    Ok(())
}

/// Rewrites the search rows of a sheet's records, as every change in the
/// core does.
fn reindex(tx: &Transaction<'_>, table: &Table) -> Result<()> {
    let (Some(index), Some(id_column)) = (table.sheet.reindex, table.sheet.id_column()) else {
        return Ok(());
    };
    for row in &table.rows {
        let Parsed::Value(Value::Integer(id)) = row.cells[id_column] else {
            continue;
        };
        match index {
            Reindex::Media => catalogue::reindex_medium(tx, id)?,
            Reindex::Borrowers => people::reindex(tx, id)?,
            Reindex::Organisations => organisations::reindex(tx, id)?,
        }
    }
    Ok(())
}

/// People are numbered on above every number restored and every number
/// the restored deletion log names, as after restoring a backup: a number
/// once given out is never given to someone else.
fn raise_sequences(tx: &Transaction<'_>) -> Result<()> {
    tx.execute(
        "INSERT INTO sqlite_sequence (name, seq)
         SELECT t.name, 0 FROM (SELECT 'borrower' AS name UNION ALL SELECT 'contact'
                                UNION ALL SELECT 'participant') AS t
         WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence AS s WHERE s.name = t.name)",
        [],
    )?;
    privacy::raise_sequences(tx)
}
