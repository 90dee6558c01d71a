//! Lists staff can extend (Mediengruppen, kinds of organisation, kinds of
//! offering): built-in entries with a stable code, plus entries staff add
//! by name. One implementation for all of them.

use serde::Serialize;

use crate::db::engine::{args, scalar, Engine, Sql};
use crate::{search, Db, Error, Result};

/// One entry of an extendable list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// The entry's number in the database.
    pub id: i64,
    /// Stable code ("verein"), or one made from a staff-added name.
    pub code: String,
    /// As shown.
    pub name: String,
}

/// The lists, each a table with `id, code, name, builtin`.
#[derive(Debug, Clone, Copy)]
pub(crate) enum PickList {
    /// Mediengruppen.
    Media,
    /// Kinds of organisation.
    Organisations,
    /// Kinds of offering.
    Offerings,
}

impl PickList {
    /// The table that holds the list.
    pub(crate) fn table(self) -> &'static str {
        match self {
            PickList::Media => "media_kind",
            PickList::Organisations => "organisation_kind",
            PickList::Offerings => "offering_kind",
        }
    }

    fn field(self) -> &'static str {
        match self {
            PickList::Media => "kind",
            PickList::Organisations => "organisation_kind",
            PickList::Offerings => "offering_kind",
        }
    }
}

/// Every entry, built-in ones first.
pub(crate) fn entries(db: &Db, list: PickList) -> Result<Vec<Entry>> {
    entries_in(db.conn(), list)
}

/// [`entries`] on either engine.
pub(crate) fn entries_in(sql: &dyn Sql, list: PickList) -> Result<Vec<Entry>> {
    sql.rows(
        &format!(
            "SELECT id, code, name FROM {} ORDER BY builtin DESC, id",
            list.table()
        ),
        &[],
    )?
    .into_iter()
    .map(|r| {
        Ok(Entry {
            id: r.get(0)?,
            code: r.get(1)?,
            name: r.get(2)?,
        })
    })
    .collect()
}

/// Adds an entry by name, on either engine. `exists` is the error for a
/// name (or code) that is taken already (refused before anything is
/// inserted, so the server hands out no number for it).
pub(crate) fn add(
    store: &mut impl Engine,
    list: PickList,
    name: &str,
    exists: Error,
) -> Result<Entry> {
    let name = name.trim().to_owned();
    if name.is_empty() {
        return Err(Error::Required {
            field: list.field(),
        });
    }
    crate::limits::check(list.field(), &name, crate::limits::NAME)?;
    let code = code_for(&name);
    let table = list.table();
    // The write may run again after a deadlock on the server; the error is
    // handed out once.
    let mut exists = Some(exists);
    store.write_sql(|tx| {
        let code_taken: bool = scalar(
            tx,
            &format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE code = ?1)"),
            args![code.as_str()],
        )?;
        if code_taken || name_taken(tx, table, &name)? {
            return Err(exists.take().unwrap_or(Error::ListEntryExists));
        }
        let id: i64 = scalar(
            tx,
            &format!("INSERT INTO {table} (code, name) VALUES (?1, ?2) RETURNING id"),
            args![code.as_str(), name.as_str()],
        )?;
        Ok(Entry {
            id,
            code: code.clone(),
            name: name.clone(),
        })
    })
}

/// Whether `table` has an entry named `name` in any case. Compared in
/// Rust, with Unicode's lower case: SQLite's `lower()` folds only ASCII
/// letters and PostgreSQL's all, so the SQL would answer differently on
/// the two engines for "Çay" and "çay". The lists are short.
pub(crate) fn name_taken(sql: &dyn Sql, table: &str, name: &str) -> Result<bool> {
    let wanted = name.to_lowercase();
    Ok(sql
        .rows(&format!("SELECT name FROM {table}"), &[])?
        .iter()
        .map(|row| row.get::<String>(0))
        .collect::<Result<Vec<_>>>()?
        .iter()
        .any(|stored| stored.to_lowercase() == wanted))
}

/// The code of an entry staff add by name: folded, with a `-` for every
/// character that is no letter or digit ("Comic & Manga" → `comic---manga`).
pub(crate) fn code_for(name: &str) -> String {
    search::fold(name).replace(|c: char| !c.is_alphanumeric(), "-")
}

/// Whether `id` is an entry of the list.
pub(crate) fn exists(sql: &dyn Sql, list: PickList, id: i64) -> Result<bool> {
    scalar(
        sql,
        &format!(
            "SELECT EXISTS (SELECT 1 FROM {} WHERE id = ?1)",
            list.table()
        ),
        args![id],
    )
}
