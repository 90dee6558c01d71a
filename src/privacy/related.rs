//! The other records of a person: those the app links to them by id (a
//! borrower who is also an organisation's contact, `contact.borrower_id`),
//! and records elsewhere with the same or a similar name, which may or may
//! not be the same person. Linked records belong to the person; the others
//! are only candidates that staff confirm one by one.
//!
//! "Similar" (decided here, as the issue left it open): after folding
//! (lower case, no diacritics, `ı` → `i`, `ß` → `ss`) and splitting into
//! words, the names have the same words in another order ("Ali Mohammed" ~
//! "Mohammed Ali", "Yılmaz, Şükrü" ~ "Şükrü Yılmaz"), or differ in one
//! letter (added, missing or changed: "Mohamed Ali" ~ "Mohammed Ali") when
//! both names have at least five letters, so that short names such as "Li"
//! and "Lu" are not offered.

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::Person;
use crate::search::{edit_distance, fold_plain};
use crate::Record;
use crate::{Db, Error, Result};

/// Why a record is shown next to a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// Linked by id (a contact who is also a borrower).
    Linked,
    /// The same name after folding.
    SameName,
    /// The same words in another order, or one letter apart.
    SimilarName,
}

/// Another record of (possibly) the same person, with what staff need to
/// decide: its kind and number (`person`), its name, when it was created
/// and where it belongs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RelatedRecord {
    /// Its kind and number.
    pub person: Person,
    /// The name recorded there.
    pub name: String,
    /// How it was found: the same name, a similar one, or a link.
    pub relation: Relation,
    /// The day the record was created (`YYYY-MM-DD`).
    pub created_on: String,
    /// Where it belongs: a borrower's card number (and organisation), a
    /// contact's organisations with role, a participant's workshops as
    /// "Event: Workshop" (and school).
    pub context: Vec<String>,
}

fn words(name: &str) -> Vec<String> {
    fold_plain(name)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// How the name `b` relates to the name `a`: the same, similar (see the
/// module's rule), or not at all.
pub fn name_relation(a: &str, b: &str) -> Option<Relation> {
    let (wa, wb) = (words(a), words(b));
    if wa.is_empty() || wb.is_empty() {
        return None;
    }
    if wa == wb {
        return Some(Relation::SameName);
    }
    let (mut sa, mut sb) = (wa.clone(), wb.clone());
    sa.sort();
    sb.sort();
    if sa == sb {
        return Some(Relation::SimilarName);
    }
    let letters = |w: &[String]| w.iter().map(|x| x.chars().count()).sum::<usize>();
    if letters(&wa) < 5 || letters(&wb) < 5 {
        return None;
    }
    let near = edit_distance(&wa.join(" "), &wb.join(" ")) <= 1
        || edit_distance(&sa.join(" "), &sb.join(" ")) <= 1;
    near.then_some(Relation::SimilarName)
}

fn day(text: &str) -> String {
    text.get(..10).unwrap_or(text).to_owned()
}

/// The record as staff see it in a list of related records.
fn describe(conn: &Connection, person: Person, relation: Relation) -> Result<RelatedRecord> {
    let id = person.id();
    let (name, created, mut context): (String, String, Vec<String>) = match person {
        Person::Borrower(_) => conn
            .query_row(
                "SELECT b.name, b.created_at, b.card_number, o.name FROM borrower AS b
                 LEFT JOIN organisation AS o ON o.id = b.organisation_id WHERE b.id = ?1",
                [id],
                |r| {
                    let organisation: Option<String> = r.get(3)?;
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        std::iter::once(r.get(2)?).chain(organisation).collect(),
                    ))
                },
            )
            .optional()?
            .ok_or(Error::NotFound {
                what: Record::Borrower,
            })?,
        Person::Contact(_) => conn
            .query_row(
                "SELECT name, created_at FROM contact WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, Vec::new())),
            )
            .optional()?
            .ok_or(Error::NotFound {
                what: Record::Contact,
            })?,
        Person::Participant(_) => conn
            .query_row(
                "SELECT name, created_at, school FROM participant
                 WHERE id = ?1 AND anonymised_on IS NULL",
                [id],
                |r| {
                    let school: String = r.get(2)?;
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        std::iter::once(school)
                            .filter(|s| !s.trim().is_empty())
                            .collect(),
                    ))
                },
            )
            .optional()?
            .ok_or(Error::NotFound {
                what: Record::Participant,
            })?,
    };
    let more = match person {
        Person::Borrower(_) => None,
        Person::Contact(_) => Some(
            "SELECT o.name || CASE WHEN r.role <> '' THEN ' (' || r.role || ')' ELSE '' END
             FROM contact_role AS r JOIN organisation AS o ON o.id = r.organisation_id
             WHERE r.contact_id = ?1 ORDER BY r.ended_on IS NOT NULL, o.name",
        ),
        Person::Participant(_) => Some(
            "SELECT e.title || ': ' || w.title FROM registration AS r
             JOIN workshop AS w ON w.id = r.workshop_id JOIN event AS e ON e.id = w.event_id
             WHERE r.participant_id = ?1 ORDER BY w.starts_at",
        ),
    };
    if let Some(sql) = more {
        let mut stmt = conn.prepare_cached(sql)?;
        let rows = stmt.query_map([id], |r| r.get::<_, String>(0))?;
        let listed: Vec<String> = rows.collect::<Result<_, _>>()?;
        // Where it belongs first, the school after.
        context.splice(0..0, listed);
    }
    Ok(RelatedRecord {
        person,
        name,
        relation,
        created_on: day(&created),
        context,
    })
}

/// The name of a person's record.
pub(crate) fn name_of(conn: &Connection, person: Person) -> Result<String> {
    let sql = match person {
        Person::Borrower(_) => "SELECT name FROM borrower WHERE id = ?1",
        Person::Contact(_) => "SELECT name FROM contact WHERE id = ?1",
        Person::Participant(_) => "SELECT name FROM participant WHERE id = ?1",
    };
    conn.query_row(sql, [person.id()], |r| r.get(0))
        .optional()?
        .ok_or(Error::NotFound {
            what: person.record_kind(),
        })
}

/// The records linked to `person` by id, inside a transaction or not.
pub(crate) fn linked_in(conn: &Connection, person: Person) -> Result<Vec<RelatedRecord>> {
    name_of(conn, person)?;
    let others: Vec<Person> = match person {
        Person::Borrower(id) => {
            let mut stmt =
                conn.prepare_cached("SELECT id FROM contact WHERE borrower_id = ?1 ORDER BY id")?;
            let rows = stmt.query_map([id], |r| r.get(0))?;
            rows.map(|r| r.map(Person::Contact))
                .collect::<Result<_, _>>()?
        }
        Person::Contact(id) => conn
            .query_row(
                "SELECT borrower_id FROM contact WHERE id = ?1 AND borrower_id IS NOT NULL",
                [id],
                |r| r.get(0),
            )
            .optional()?
            .map(Person::Borrower)
            .into_iter()
            .collect(),
        // No record links to a participant.
        Person::Participant(_) => Vec::new(),
    };
    others
        .into_iter()
        .map(|p| describe(conn, p, Relation::Linked))
        .collect()
}

/// The records the app links to `person` by id: for a borrower the contact
/// that names them, for a contact its borrower. A participant has none.
/// They belong in the person's access report without asking, and staff can
/// erase them together with the person.
///
/// # Errors
/// [`Error::NotFound`].
pub fn linked_records(db: &Db, person: Person) -> Result<Vec<RelatedRecord>> {
    linked_in(db.conn(), person)
}

/// Records with the same or a similar name (see the module) that are not
/// the person's own or linked ones: possibly the same person, for staff to
/// confirm before they go into the access report. Same names first, then
/// by kind and name. Anonymised participants have no name any more and are
/// never offered.
///
/// # Errors
/// [`Error::NotFound`].
pub fn access_report_candidates(db: &Db, person: Person) -> Result<Vec<RelatedRecord>> {
    candidates_in(db.conn(), person)
}

pub(crate) fn candidates_in(conn: &Connection, person: Person) -> Result<Vec<RelatedRecord>> {
    let name = name_of(conn, person)?;
    let mut own: Vec<Person> = vec![person];
    own.extend(linked_in(conn, person)?.into_iter().map(|r| r.person));
    let mut found = Vec::new();
    for (sql, make) in [
        (
            "SELECT id, name FROM borrower",
            Person::Borrower as fn(i64) -> Person,
        ),
        ("SELECT id, name FROM contact", Person::Contact),
        (
            "SELECT id, name FROM participant WHERE anonymised_on IS NULL",
            Person::Participant,
        ),
    ] {
        let mut stmt = conn.prepare_cached(sql)?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (id, other) = row?;
            let candidate = make(id);
            if own.contains(&candidate) {
                continue;
            }
            if let Some(relation) = name_relation(&name, &other) {
                found.push((relation, candidate));
            }
        }
    }
    let mut list = found
        .into_iter()
        .map(|(relation, p)| describe(conn, p, relation))
        .collect::<Result<Vec<_>>>()?;
    list.sort_by_cached_key(|r| (r.relation, kind_rank(r.person), fold_plain(&r.name)));
    Ok(list)
}

fn kind_rank(person: Person) -> u8 {
    match person {
        Person::Borrower(_) => 0,
        Person::Contact(_) => 1,
        Person::Participant(_) => 2,
    }
}
