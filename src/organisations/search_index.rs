//! The directory's search index: one row per organisation in
//! `organisation_search`, rewritten in the transaction of every change.

use rusqlite::{params, Connection, OptionalExtension};

use super::codes;
use crate::{languages, search, Result};

/// Rewrites the search row of one organisation (inside the caller's
/// transaction): names, offerings, languages (codes and German names),
/// places and the names of current contacts.
pub(crate) fn reindex(tx: &Connection, id: i64) -> Result<()> {
    tx.execute("DELETE FROM organisation_search WHERE rowid = ?1", [id])?;
    let row: Option<(String, String, String, String, String, String)> = tx
        .query_row(
            "SELECT name, short_name, municipality, city, street, description
             FROM organisation WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            },
        )
        .optional()?;
    let Some((name, short, municipality, city, street, notes)) = row else {
        return Ok(());
    };
    let offerings: String = tx.query_row(
        "SELECT coalesce(group_concat(k.name || ' ' || o.title || ' ' || o.target_group, ' '), '')
         FROM offering AS o JOIN offering_kind AS k ON k.id = o.kind_id
         WHERE o.organisation_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    let places: String = tx.query_row(
        "SELECT coalesce(group_concat(place, ' '), '') FROM offering WHERE organisation_id = ?1",
        [id],
        |r| r.get(0),
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
    let contacts: String = tx.query_row(
        "SELECT coalesce(group_concat(c.name, ' '), '') FROM contact_role AS r
         JOIN contact AS c ON c.id = r.contact_id WHERE r.organisation_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    tx.execute(
        "INSERT INTO organisation_search (rowid, names, offerings, languages, places, contacts)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
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
