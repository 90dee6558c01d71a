//! The directory of migrant organisations (the first slice: name, place,
//! description; offerings, contacts and projects come with later schema
//! versions).

use chrono::NaiveDateTime;
use rusqlite::{params, Transaction};
use serde::Serialize;

use crate::{Db, Result};

/// One organisation as the directory list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrganisationSummary {
    /// Internal id.
    pub id: i64,
    /// Full name.
    pub name: String,
    /// Municipality of the Rhein-Sieg-Kreis (or Bonn).
    pub municipality: String,
    /// What the organisation does, in a few sentences.
    pub description: String,
}

/// Every organisation, sorted by name (German collation is applied by the UI).
///
/// # Errors
/// Only SQLite failures.
pub fn list(db: &Db) -> Result<Vec<OrganisationSummary>> {
    let mut stmt = db.conn().prepare_cached(
        "SELECT id, name, municipality, description FROM organisation
         ORDER BY name COLLATE NOCASE, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(OrganisationSummary {
            id: r.get(0)?,
            name: r.get(1)?,
            municipality: r.get(2)?,
            description: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Number of organisations in the directory.
///
/// # Errors
/// Only SQLite failures.
pub fn count(db: &Db) -> Result<i64> {
    Ok(db
        .conn()
        .query_row("SELECT count(*) FROM organisation", [], |r| r.get(0))?)
}

/// Inserts an organisation inside the caller's transaction.
pub(crate) fn insert(
    tx: &Transaction<'_>,
    name: &str,
    municipality: &str,
    description: &str,
    now: NaiveDateTime,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO organisation (name, municipality, description, created_at)
         VALUES (?1, ?2, ?3, ?4)",
        params![
            name,
            municipality,
            description,
            now.format("%Y-%m-%dT%H:%M:%S").to_string()
        ],
    )?;
    Ok(tx.last_insert_rowid())
}
