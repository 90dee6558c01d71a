//! Media (the works): their Mediengruppen, entering, changing and deleting
//! them, their search rows, and reading one in full.

use chrono::NaiveDateTime;
use rusqlite::{params, OptionalExtension, Transaction};

use super::copies::copies_of;
use super::isbn::normalise_isbn;
use super::{Audience, KitItem, Level, MediaKind, Medium, MediumInput};
use crate::pick_lists::{self, PickList};
use crate::time::timestamp;
use crate::Record;
use crate::{languages, limits, search, Db, Error, Result};

/// Every Mediengruppe, built-in ones first.
///
/// # Errors
/// Only SQLite failures.
pub fn media_kinds(db: &Db) -> Result<Vec<MediaKind>> {
    pick_lists::entries(db, PickList::Media)
}

/// Adds a Mediengruppe (staff can extend the list).
///
/// # Errors
/// [`Error::Required`] for an empty name, [`Error::MediaKindExists`].
pub fn add_media_kind(db: &mut Db, name: &str) -> Result<MediaKind> {
    pick_lists::add(db, PickList::Media, name, Error::MediaKindExists)
}

/// The checked, trimmed form of a medium's input.
struct CleanMedium {
    input: MediumInput,
    isbn: Option<String>,
    topics: String,
}

fn clean_medium(tx: &Transaction<'_>, input: &MediumInput) -> Result<CleanMedium> {
    let mut input = input.clone();
    for text in [
        &mut input.title,
        &mut input.subtitle,
        &mut input.authors,
        &mut input.publisher,
        &mut input.isbn,
        &mut input.location,
        &mut input.description,
        &mut input.notes,
    ] {
        *text = text.trim().to_owned();
    }
    if input.title.is_empty() {
        return Err(Error::Required { field: "title" });
    }
    limits::check_all(&[
        ("title", &input.title, limits::TITLE),
        ("subtitle", &input.subtitle, limits::TITLE),
        ("authors", &input.authors, limits::TITLE),
        ("publisher", &input.publisher, limits::NAME),
        ("isbn", &input.isbn, limits::CODE),
        ("location", &input.location, limits::NAME),
        ("description", &input.description, limits::TEXT),
        ("notes", &input.notes, limits::TEXT),
    ])?;
    for topic in &input.topics {
        limits::check("topics", topic.trim(), limits::NAME)?;
    }
    for item in &input.kit_items {
        limits::check("kit_items", item.name.trim(), limits::NAME)?;
    }
    let kind_exists: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM media_kind WHERE id = ?1)",
        [input.kind_id],
        |r| r.get(0),
    )?;
    if !kind_exists {
        return Err(Error::UnknownMediaKind);
    }
    if input.year.is_some_and(|y| !(1450..=2200).contains(&y)) {
        return Err(Error::YearOutOfRange);
    }
    let isbn = (!input.isbn.is_empty())
        .then(|| normalise_isbn(&input.isbn))
        .transpose()?;
    if let (Some(from), Some(to)) = (input.level_from, input.level_to) {
        if to < from {
            return Err(Error::LevelRangeReversed);
        }
    }
    input.target_language = input
        .target_language
        .as_deref()
        .filter(|c| !c.trim().is_empty())
        .map(|c| languages::check(c, "target_language"))
        .transpose()?;
    let mut support = Vec::new();
    for code in &input.support_languages {
        let code = languages::check(code, "support_languages")?;
        if !support.contains(&code) {
            support.push(code);
        }
    }
    input.support_languages = support;
    input.topics = input
        .topics
        .iter()
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .collect();
    let topics = input.topics.join(", ");
    input.kit_items = input
        .kit_items
        .iter()
        .map(|k| KitItem {
            name: k.name.trim().to_owned(),
            quantity: k.quantity.max(1),
        })
        .filter(|k| !k.name.is_empty())
        .collect();
    Ok(CleanMedium {
        input,
        isbn,
        topics,
    })
}

fn write_medium_parts(tx: &Transaction<'_>, id: i64, clean: &CleanMedium) -> Result<()> {
    tx.execute("DELETE FROM medium_language WHERE medium_id = ?1", [id])?;
    if let Some(code) = &clean.input.target_language {
        tx.execute(
            "INSERT INTO medium_language (medium_id, code, role) VALUES (?1, ?2, 'ziel')",
            params![id, code],
        )?;
    }
    for code in &clean.input.support_languages {
        tx.execute(
            "INSERT INTO medium_language (medium_id, code, role) VALUES (?1, ?2, 'hilfe')",
            params![id, code],
        )?;
    }
    tx.execute("DELETE FROM kit_item WHERE medium_id = ?1", [id])?;
    for (position, item) in clean.input.kit_items.iter().enumerate() {
        tx.execute(
            "INSERT INTO kit_item (medium_id, position, name, quantity) VALUES (?1, ?2, ?3, ?4)",
            params![id, position as i64, item.name, item.quantity],
        )?;
    }
    reindex_medium(tx, id)
}

/// Rewrites the search row of medium `id` from the tables (title, authors,
/// ISBN and Inventarnummern, topics, description, and the filter tokens of
/// the `medium_facets` view). Called in the same transaction as every
/// change that touches them. A copy's status is not in the search row: the
/// search checks it on the rows found.
pub(crate) fn reindex_medium(tx: &Transaction<'_>, id: i64) -> Result<()> {
    tx.execute("DELETE FROM medium_search WHERE rowid = ?1", [id])?;
    let row: Option<(String, String, String, String, String, Option<String>)> = tx
        .query_row(
            "SELECT title, subtitle, authors, topics, description, isbn FROM medium WHERE id = ?1",
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
    let Some((title, subtitle, authors, topics, description, isbn)) = row else {
        return Ok(());
    };
    let barcodes: String = tx.query_row(
        "SELECT coalesce(group_concat(barcode, ' '), '') FROM copy WHERE medium_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    let codes = format!("{} {}", isbn.unwrap_or_default(), barcodes);
    tx.execute(
        "INSERT INTO medium_search (rowid, title, authors, codes, topics, description, facets)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, (SELECT facets FROM medium_facets WHERE medium_id = ?1))",
        params![
            id,
            search::fold(&format!("{title} {subtitle}")),
            search::fold(&authors),
            search::fold(&codes),
            search::fold(&topics),
            search::fold(&description)
        ],
    )?;
    Ok(())
}

/// Inserts (`id` None) or overwrites a medium's own row; returns its id.
fn store_medium(
    tx: &Transaction<'_>,
    id: Option<i64>,
    clean: &CleanMedium,
    now: NaiveDateTime,
) -> Result<i64> {
    let i = &clean.input;
    tx.execute(
        "INSERT INTO medium (id, kind_id, title, subtitle, authors, publisher, year, isbn,
                             level_from, level_to, audience, topics, location, description,
                             notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16)
         ON CONFLICT (id) DO UPDATE SET
             kind_id = excluded.kind_id, title = excluded.title, subtitle = excluded.subtitle,
             authors = excluded.authors, publisher = excluded.publisher, year = excluded.year,
             isbn = excluded.isbn, level_from = excluded.level_from, level_to = excluded.level_to,
             audience = excluded.audience, topics = excluded.topics, location = excluded.location,
             description = excluded.description, notes = excluded.notes,
             updated_at = excluded.updated_at",
        params![
            id,
            i.kind_id,
            i.title,
            i.subtitle,
            i.authors,
            i.publisher,
            i.year,
            clean.isbn,
            i.level_from.map(Level::rank),
            i.level_to.map(Level::rank),
            i.audience.code(),
            clean.topics,
            i.location,
            i.description,
            i.notes,
            timestamp(now)
        ],
    )?;
    Ok(id.unwrap_or_else(|| tx.last_insert_rowid()))
}

/// Records a new medium.
///
/// # Errors
/// [`Error::Required`] (title), [`Error::UnknownMediaKind`],
/// [`Error::InvalidIsbn`], [`Error::YearOutOfRange`],
/// [`Error::LevelRangeReversed`], [`Error::UnknownLanguageCode`].
pub fn create_medium(db: &mut Db, input: &MediumInput, now: NaiveDateTime) -> Result<Medium> {
    let id = db.write(|tx| create_medium_in(tx, input, now))?;
    medium(db, id)
}

/// [`create_medium`] inside the caller's transaction; returns the new id.
pub(crate) fn create_medium_in(
    tx: &Transaction<'_>,
    input: &MediumInput,
    now: NaiveDateTime,
) -> Result<i64> {
    let clean = clean_medium(tx, input)?;
    let id = store_medium(tx, None, &clean, now)?;
    write_medium_parts(tx, id, &clean)?;
    Ok(id)
}

/// Changes a medium.
///
/// # Errors
/// As [`create_medium`], and [`Error::NotFound`].
pub fn update_medium(
    db: &mut Db,
    id: i64,
    input: &MediumInput,
    now: NaiveDateTime,
) -> Result<Medium> {
    db.write(|tx| update_medium_in(tx, id, input, now))?;
    medium(db, id)
}

/// [`update_medium`] inside the caller's transaction.
pub(crate) fn update_medium_in(
    tx: &Transaction<'_>,
    id: i64,
    input: &MediumInput,
    now: NaiveDateTime,
) -> Result<()> {
    let exists: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM medium WHERE id = ?1)",
        [id],
        |r| r.get(0),
    )?;
    if !exists {
        return Err(Error::NotFound {
            what: Record::Medium,
        });
    }
    let clean = clean_medium(tx, input)?;
    store_medium(tx, Some(id), &clean, now)?;
    write_medium_parts(tx, id, &clean)
}

/// Deletes a medium that was recorded by mistake: only while it has no
/// copy (a copy may have loan history, and copies are never deleted).
///
/// # Errors
/// [`Error::NotFound`], [`Error::MediumHasCopies`].
pub fn delete_medium(db: &mut Db, id: i64) -> Result<()> {
    db.write(|tx| {
        let copies: i64 = tx.query_row(
            "SELECT count(*) FROM copy WHERE medium_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        if copies > 0 {
            return Err(Error::MediumHasCopies);
        }
        let deleted = tx.execute("DELETE FROM medium WHERE id = ?1", [id])?;
        if deleted == 0 {
            return Err(Error::NotFound {
                what: Record::Medium,
            });
        }
        tx.execute("DELETE FROM medium_search WHERE rowid = ?1", [id])?;
        Ok(())
    })
}

/// A medium with its copies, languages and kit contents.
///
/// # Errors
/// [`Error::NotFound`].
pub fn medium(db: &Db, id: i64) -> Result<Medium> {
    medium_in(db.conn(), id)
}

/// [`medium`] inside the caller's transaction.
pub(crate) fn medium_in(conn: &rusqlite::Connection, id: i64) -> Result<Medium> {
    let mut m = conn
        .query_row(
            "SELECT m.id, k.id, k.code, k.name, m.title, m.subtitle, m.authors, m.publisher,
                    m.year, m.isbn, m.level_from, m.level_to, m.audience, m.topics, m.location,
                    m.description, m.notes
             FROM medium m JOIN media_kind k ON k.id = m.kind_id WHERE m.id = ?1",
            [id],
            |r| {
                let topics: String = r.get(13)?;
                Ok(Medium {
                    id: r.get(0)?,
                    kind: MediaKind {
                        id: r.get(1)?,
                        code: r.get(2)?,
                        name: r.get(3)?,
                    },
                    title: r.get(4)?,
                    subtitle: r.get(5)?,
                    authors: r.get(6)?,
                    publisher: r.get(7)?,
                    year: r.get(8)?,
                    isbn: r.get(9)?,
                    level_from: r.get::<_, Option<i64>>(10)?.and_then(Level::from_rank),
                    level_to: r.get::<_, Option<i64>>(11)?.and_then(Level::from_rank),
                    audience: Audience::from_code(&r.get::<_, String>(12)?),
                    target_language: None,
                    support_languages: Vec::new(),
                    topics: topics
                        .split(", ")
                        .filter(|t| !t.is_empty())
                        .map(str::to_owned)
                        .collect(),
                    location: r.get(14)?,
                    description: r.get(15)?,
                    notes: r.get(16)?,
                    kit_items: Vec::new(),
                    copies: Vec::new(),
                })
            },
        )
        .optional()?
        .ok_or(Error::NotFound {
            what: Record::Medium,
        })?;
    let mut stmt = conn.prepare_cached(
        "SELECT code, role FROM medium_language WHERE medium_id = ?1 ORDER BY role DESC, code",
    )?;
    for row in stmt.query_map([id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })? {
        let (code, role) = row?;
        if role == "ziel" {
            m.target_language = Some(code);
        } else {
            m.support_languages.push(code);
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT name, quantity FROM kit_item WHERE medium_id = ?1 ORDER BY position",
    )?;
    m.kit_items = stmt
        .query_map([id], |r| {
            Ok(KitItem {
                name: r.get(0)?,
                quantity: r.get(1)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    m.copies = copies_of(conn, id)?;
    Ok(m)
}
