//! The directory's search index: one row per organisation in
//! `organisation_search`, rewritten in the transaction of every change.

use crate::db::engine::{args, scalar, Dialect, Sql};

use super::codes;
use crate::{languages, search, Result};

/// Rewrites the search row of one organisation (inside the caller's
/// transaction): names, offerings, languages (codes and German names),
/// places and the names of current contacts.
pub(crate) fn reindex(tx: &dyn Sql, id: i64) -> Result<()> {
    // The file's full-text table only: the shared database has none.
    if tx.dialect() == Dialect::Postgres {
        return Ok(());
    }
    tx.run(
        "DELETE FROM organisation_search WHERE rowid = ?1",
        args![id],
    )?;
    let Some(row) = tx.row(
        "SELECT name, short_name, municipality, city, street, description
         FROM organisation WHERE id = ?1",
        args![id],
    )?
    else {
        return Ok(());
    };
    let (name, short, municipality, city, street, notes): (
        String,
        String,
        String,
        String,
        String,
        String,
    ) = (
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
    );
    let offerings: String = scalar(
        tx,
        "SELECT coalesce(group_concat(k.name || ' ' || o.title || ' ' || o.target_group, ' '), '')
         FROM offering AS o JOIN offering_kind AS k ON k.id = o.kind_id
         WHERE o.organisation_id = ?1",
        args![id],
    )?;
    let places: String = scalar(
        tx,
        "SELECT coalesce(group_concat(place, ' '), '') FROM offering WHERE organisation_id = ?1",
        args![id],
    )?;
    let language_codes = codes(
        tx,
        "SELECT code FROM organisation_language WHERE organisation_id = ?1
         UNION SELECT l.code FROM offering_language AS l JOIN offering AS o ON o.id = l.offering_id
               WHERE o.organisation_id = ?1",
        id,
    )?;
    let languages: Vec<String> = language_codes
        .iter()
        .map(|c| format!("{c} {}", languages::name(c)))
        .collect();
    let contacts: String = scalar(
        tx,
        "SELECT coalesce(group_concat(c.name, ' '), '') FROM contact_role AS r
         JOIN contact AS c ON c.id = r.contact_id WHERE r.organisation_id = ?1",
        args![id],
    )?;
    tx.run(
        "INSERT INTO organisation_search (rowid, names, offerings, languages, places, contacts)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        args![
            id,
            search::fold(&format!("{name} {short} {notes}")),
            search::fold(&offerings),
            search::fold(&languages.join(" ")),
            search::fold(&format!("{municipality} {city} {street} {places}")),
            search::fold(&contacts)
        ],
    )?;
    Ok(())
}
