//! The lists staff extend (Mediengruppen, kinds of organisation, kinds of
//! offering): every entry in the sheet "Auswahllisten", and records refer to
//! them by name. A restore finds entries by name and adds those the
//! database lacks.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};
use rust_xlsxwriter::Workbook;

use super::write::{Cell, Formats, SheetWriter};
use crate::db::engine::Sql;
use crate::pick_lists::{code_for, PickList};
use crate::{search, Result};

/// The sheet's name.
pub(super) const SHEET: &str = "Auswahllisten";

/// The sheet's headers: which list, the entry's name, its code.
pub(super) const HEADERS: [&str; 3] = ["Liste", "Name", "Kennung"];

/// The lists and how the sheet names them.
pub(super) const LISTS: [(PickList, &str); 3] = [
    (PickList::Media, "Mediengruppen"),
    (PickList::Organisations, "Arten von Organisationen"),
    (PickList::Offerings, "Arten von Angeboten"),
];

/// Writes the sheet: each list's entries, built-in ones first.
pub(super) fn write(sql: &dyn Sql, book: &mut Workbook, formats: &Formats) -> Result<()> {
    let mut out = SheetWriter::new(book, SHEET, &HEADERS, formats)?;
    for (list, label) in LISTS {
        let rows = sql.rows(
            &format!(
                "SELECT name, code FROM {} ORDER BY builtin DESC, id",
                list.table()
            ),
            &[],
        )?;
        for row in rows {
            out.row(&[
                Cell::Text(label.to_owned()),
                Cell::Text(row.get(0)?),
                Cell::Text(row.get(1)?),
            ])?;
        }
    }
    out.finish()
}

/// The entries of the lists by name, for a restore: found by their folded
/// name (as staff see them, case aside), added when missing.
pub(super) struct Entries {
    ids: HashMap<(&'static str, String), i64>,
    /// The entries added, as "list: name".
    pub added: Vec<String>,
}

impl Entries {
    /// The entries the database holds.
    pub fn of(tx: &Connection) -> Result<Entries> {
        let mut ids = HashMap::new();
        for (list, _) in LISTS {
            let mut stmt = tx.prepare(&format!("SELECT id, name FROM {}", list.table()))?;
            let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
            for row in rows {
                let (id, name) = row?;
                ids.insert((list.table(), search::fold(&name)), id);
            }
        }
        Ok(Entries {
            ids,
            added: Vec::new(),
        })
    }

    /// The id of the entry named `name`, added to the list (with `code`, or
    /// one made from the name, made unique) if the database lacks it.
    pub fn resolve(
        &mut self,
        tx: &Connection,
        list: PickList,
        name: &str,
        code: Option<&str>,
    ) -> Result<i64> {
        let name = name.trim();
        let key = (list.table(), search::fold(name));
        if let Some(id) = self.ids.get(&key) {
            return Ok(*id);
        }
        let base = code
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map_or_else(|| code_for(name), str::to_owned);
        let mut code = base.clone();
        let mut n = 1;
        while code_taken(tx, list, &code)? {
            n += 1;
            code = format!("{base}-{n}");
        }
        tx.execute(
            &format!("INSERT INTO {} (code, name) VALUES (?1, ?2)", list.table()),
            params![code, name],
        )?;
        let id = tx.last_insert_rowid();
        self.ids.insert(key, id);
        let label = LISTS
            .iter()
            .find(|(l, _)| l.table() == list.table())
            .map_or("", |(_, label)| label);
        self.added.push(format!("{label}: {name}"));
        Ok(id)
    }
}

fn code_taken(tx: &Connection, list: PickList, code: &str) -> Result<bool> {
    Ok(tx
        .query_row(
            &format!("SELECT 1 FROM {} WHERE code = ?1", list.table()),
            [code],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}
