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

use serde::Serialize;

use super::Person;
use crate::db::engine::{args, value, Dialect, Sql};
use crate::search::{edit_distance, fold_plain};
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
fn describe(sql: &dyn Sql, person: Person, relation: Relation) -> Result<RelatedRecord> {
    let id = person.id();
    let not_found = || Error::NotFound {
        what: person.record_kind(),
    };
    let (name, created, mut context): (String, String, Vec<String>) = match person {
        Person::Borrower(_) => {
            let r = sql
                .row(
                    "SELECT b.name, b.created_at, b.card_number, o.name FROM borrower AS b
                     LEFT JOIN organisation AS o ON o.id = b.organisation_id WHERE b.id = ?1",
                    args![id],
                )?
                .ok_or_else(not_found)?;
            let organisation: Option<String> = r.get(3)?;
            (
                r.get(0)?,
                r.get(1)?,
                std::iter::once(r.get(2)?).chain(organisation).collect(),
            )
        }
        Person::Contact(_) => {
            let r = sql
                .row(
                    "SELECT name, created_at FROM contact WHERE id = ?1",
                    args![id],
                )?
                .ok_or_else(not_found)?;
            (r.get(0)?, r.get(1)?, Vec::new())
        }
        Person::Participant(_) => {
            let r = sql
                .row(
                    "SELECT name, created_at, school FROM participant
                     WHERE id = ?1 AND anonymised_on IS NULL",
                    args![id],
                )?
                .ok_or_else(not_found)?;
            let school: String = r.get(2)?;
            (
                r.get(0)?,
                r.get(1)?,
                std::iter::once(school)
                    .filter(|s| !s.trim().is_empty())
                    .collect(),
            )
        }
    };
    // Names in byte order on both engines (the file's default).
    let binary = match sql.dialect() {
        Dialect::Sqlite => "",
        Dialect::Postgres => " COLLATE \"C\"",
    };
    let more = match person {
        Person::Borrower(_) => None,
        Person::Contact(_) => Some(format!(
            "SELECT o.name || CASE WHEN r.role <> '' THEN ' (' || r.role || ')' ELSE '' END
             FROM contact_role AS r JOIN organisation AS o ON o.id = r.organisation_id
             WHERE r.contact_id = ?1 ORDER BY r.ended_on IS NOT NULL, o.name{binary}, r.id"
        )),
        Person::Participant(_) => Some(
            "SELECT e.title || ': ' || w.title FROM registration AS r
             JOIN workshop AS w ON w.id = r.workshop_id JOIN event AS e ON e.id = w.event_id
             WHERE r.participant_id = ?1 ORDER BY w.starts_at, r.id"
                .to_owned(),
        ),
    };
    if let Some(text) = more {
        let listed = sql
            .rows(&text, args![id])?
            .into_iter()
            .map(|r| r.get::<String>(0))
            .collect::<Result<Vec<_>>>()?;
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
pub(crate) fn name_of(sql: &dyn Sql, person: Person) -> Result<String> {
    let text = match person {
        Person::Borrower(_) => "SELECT name FROM borrower WHERE id = ?1",
        Person::Contact(_) => "SELECT name FROM contact WHERE id = ?1",
        Person::Participant(_) => "SELECT name FROM participant WHERE id = ?1",
    };
    value(sql, text, args![person.id()])?.ok_or(Error::NotFound {
        what: person.record_kind(),
    })
}

/// The records linked to `person` by id, inside a transaction or a read,
/// on either engine.
pub(crate) fn linked_in(sql: &dyn Sql, person: Person) -> Result<Vec<RelatedRecord>> {
    name_of(sql, person)?;
    let others: Vec<Person> = match person {
        Person::Borrower(id) => sql
            .rows(
                "SELECT id FROM contact WHERE borrower_id = ?1 ORDER BY id",
                args![id],
            )?
            .into_iter()
            .map(|r| r.get(0).map(Person::Contact))
            .collect::<Result<_>>()?,
        Person::Contact(id) => value::<Option<i64>>(
            sql,
            "SELECT borrower_id FROM contact WHERE id = ?1",
            args![id],
        )?
        .flatten()
        .map(Person::Borrower)
        .into_iter()
        .collect(),
        // No record links to a participant.
        Person::Participant(_) => Vec::new(),
    };
    others
        .into_iter()
        .map(|p| describe(sql, p, Relation::Linked))
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

/// [`linked_records`] inside a read, on either engine.
///
/// # Errors
/// As [`linked_records`]; a failure of the engine.
pub fn linked_records_in(sql: &dyn Sql, person: Person) -> Result<Vec<RelatedRecord>> {
    linked_in(sql, person)
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

/// [`access_report_candidates`] inside a read, on either engine.
///
/// # Errors
/// As [`access_report_candidates`]; a failure of the engine.
pub fn access_report_candidates_in(sql: &dyn Sql, person: Person) -> Result<Vec<RelatedRecord>> {
    candidates_in(sql, person)
}

pub(crate) fn candidates_in(sql: &dyn Sql, person: Person) -> Result<Vec<RelatedRecord>> {
    let name = name_of(sql, person)?;
    let mut own: Vec<Person> = vec![person];
    own.extend(linked_in(sql, person)?.into_iter().map(|r| r.person));
    let mut found = Vec::new();
    for (text, make) in [
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
        for row in sql.rows(text, &[])? {
            let (id, other): (i64, String) = (row.get(0)?, row.get(1)?);
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
        .map(|(relation, p)| describe(sql, p, relation))
        .collect::<Result<Vec<_>>>()?;
    // The record's number last: equal names keep one order on both engines.
    list.sort_by_cached_key(|r| {
        (
            r.relation,
            kind_rank(r.person),
            fold_plain(&r.name),
            r.person.id(),
        )
    });
    Ok(list)
}

fn kind_rank(person: Person) -> u8 {
    match person {
        Person::Borrower(_) => 0,
        Person::Contact(_) => 1,
        Person::Participant(_) => 2,
    }
}
