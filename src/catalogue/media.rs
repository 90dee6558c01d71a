//! Media (the works): their Mediengruppen, entering, changing and deleting
//! them, their search rows, and reading one in full.

use chrono::NaiveDateTime;

use super::copies::copies_of;
use super::isbn::normalise_isbn;
use super::{Audience, KitItem, Level, MediaKind, Medium, MediumInput};
use crate::db::engine::{args, scalar, Dialect, Engine, Sql};
use crate::pick_lists::{self, PickList};
use crate::time::timestamp;
use crate::versions::{self, Saved, Versioned};
use crate::Record;
use crate::{languages, limits, search, Db, Error, Result};

/// Every Mediengruppe, built-in ones first.
///
/// # Errors
/// Only SQLite failures.
pub fn media_kinds(db: &Db) -> Result<Vec<MediaKind>> {
    media_kinds_in(db.conn())
}

/// [`media_kinds`] on either engine.
///
/// # Errors
/// A failure of the engine.
pub fn media_kinds_in(sql: &dyn Sql) -> Result<Vec<MediaKind>> {
    pick_lists::entries_in(sql, PickList::Media)
}

/// Adds a Mediengruppe (staff can extend the list).
///
/// # Errors
/// [`Error::Required`] for an empty name, [`Error::MediaKindExists`].
pub fn add_media_kind(store: &mut impl Engine, name: &str) -> Result<MediaKind> {
    pick_lists::add(store, PickList::Media, name, Error::MediaKindExists)
}

/// The checked, trimmed form of a medium's input.
struct CleanMedium {
    input: MediumInput,
    isbn: Option<String>,
    topics: String,
}

fn clean_medium(tx: &dyn Sql, input: &MediumInput) -> Result<CleanMedium> {
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
    let kind_exists: bool = scalar(
        tx,
        "SELECT EXISTS (SELECT 1 FROM media_kind WHERE id = ?1)",
        args![input.kind_id],
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

fn write_medium_parts(tx: &dyn Sql, id: i64, clean: &CleanMedium) -> Result<()> {
    tx.run(
        "DELETE FROM medium_language WHERE medium_id = ?1",
        args![id],
    )?;
    if let Some(code) = &clean.input.target_language {
        tx.run(
            "INSERT INTO medium_language (medium_id, code, role) VALUES (?1, ?2, 'ziel')",
            args![id, code],
        )?;
    }
    for code in &clean.input.support_languages {
        tx.run(
            "INSERT INTO medium_language (medium_id, code, role) VALUES (?1, ?2, 'hilfe')",
            args![id, code],
        )?;
    }
    tx.run("DELETE FROM kit_item WHERE medium_id = ?1", args![id])?;
    for (position, item) in clean.input.kit_items.iter().enumerate() {
        tx.run(
            "INSERT INTO kit_item (medium_id, position, name, quantity) VALUES (?1, ?2, ?3, ?4)",
            args![id, position as i64, &item.name, item.quantity],
        )?;
    }
    reindex_medium(tx, id)
}

/// Rewrites the search row of medium `id` from the tables (title, authors,
/// ISBN and Inventarnummern, topics, description, and the filter tokens of
/// the `medium_facets` view). Called in the same transaction as every
/// change that touches them. A copy's status is not in the search row: the
/// search checks it on the rows found. On the server, its own search table
/// (`db::server::reindex_medium`).
pub(crate) fn reindex_medium(tx: &dyn Sql, id: i64) -> Result<()> {
    if tx.dialect() == Dialect::Postgres {
        return crate::db::server::reindex_medium(tx, id);
    }
    tx.run("DELETE FROM medium_search WHERE rowid = ?1", args![id])?;
    let Some(row) = tx.row(
        "SELECT title, subtitle, authors, topics, description, isbn FROM medium WHERE id = ?1",
        args![id],
    )?
    else {
        return Ok(());
    };
    let text = |i: usize| row.get::<String>(i);
    let isbn: Option<String> = row.get(5)?;
    let barcodes: String = scalar(
        tx,
        "SELECT coalesce(group_concat(barcode, ' '), '') FROM copy WHERE medium_id = ?1",
        args![id],
    )?;
    let codes = format!("{} {}", isbn.unwrap_or_default(), barcodes);
    tx.run(
        "INSERT INTO medium_search (rowid, title, authors, codes, topics, description, facets)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, (SELECT facets FROM medium_facets WHERE medium_id = ?1))",
        args![
            id,
            search::fold(&format!("{} {}", text(0)?, text(1)?)),
            search::fold(&text(2)?),
            search::fold(&codes),
            search::fold(&text(3)?),
            search::fold(&text(4)?)
        ],
    )?;
    Ok(())
}

/// Inserts (`id` None) or overwrites a medium's own row; returns its id.
fn store_medium(
    tx: &dyn Sql,
    id: Option<i64>,
    clean: &CleanMedium,
    now: NaiveDateTime,
) -> Result<i64> {
    let i = &clean.input;
    let mut values = args![
        i.kind_id,
        &i.title,
        &i.subtitle,
        &i.authors,
        &i.publisher,
        i.year,
        clean.isbn.as_deref(),
        i.level_from.map(Level::rank),
        i.level_to.map(Level::rank),
        i.audience.code(),
        &clean.topics,
        &i.location,
        &i.description,
        &i.notes,
        timestamp(now)
    ]
    .to_vec();
    let Some(id) = id else {
        return scalar(
            tx,
            "INSERT INTO medium (kind_id, title, subtitle, authors, publisher, year, isbn,
                                 level_from, level_to, audience, topics, location, description,
                                 notes, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)
             RETURNING id",
            &values,
        );
    };
    values.push(id.into());
    tx.run(
        "UPDATE medium SET
             kind_id = ?1, title = ?2, subtitle = ?3, authors = ?4, publisher = ?5, year = ?6,
             isbn = ?7, level_from = ?8, level_to = ?9, audience = ?10, topics = ?11,
             location = ?12, description = ?13, notes = ?14, updated_at = ?15
         WHERE id = ?16",
        &values,
    )?;
    Ok(id)
}

/// Records a new medium.
///
/// # Errors
/// [`Error::Required`] (title), [`Error::UnknownMediaKind`],
/// [`Error::InvalidIsbn`], [`Error::YearOutOfRange`],
/// [`Error::LevelRangeReversed`], [`Error::UnknownLanguageCode`].
pub fn create_medium(
    store: &mut impl Engine,
    input: &MediumInput,
    now: NaiveDateTime,
) -> Result<Medium> {
    store.write_sql(|sql| {
        let id = create_medium_in(sql, input, now)?;
        medium_in(sql, id)
    })
}

/// [`create_medium`] inside the caller's transaction; returns the new id.
pub(crate) fn create_medium_in(
    tx: &dyn Sql,
    input: &MediumInput,
    now: NaiveDateTime,
) -> Result<i64> {
    let clean = clean_medium(tx, input)?;
    let id = store_medium(tx, None, &clean, now)?;
    write_medium_parts(tx, id, &clean)?;
    Ok(id)
}

/// Changes a medium, saved by workstation `by`.
///
/// # Errors
/// As [`create_medium`], [`Error::NotFound`], and
/// [`Error::ChangedMeanwhile`] when someone saved it since the form read
/// `input.version`.
pub fn update_medium(
    store: &mut impl Engine,
    id: i64,
    input: &MediumInput,
    now: NaiveDateTime,
    by: &str,
) -> Result<Medium> {
    store.write_sql(|sql| {
        update_medium_in(sql, id, input, now, by)?;
        medium_in(sql, id)
    })
}

/// [`update_medium`] inside the caller's transaction; `by` names the
/// workstation that saves.
///
/// # Errors
/// As [`update_medium`], and [`Error::ChangedMeanwhile`] when
/// `input.version` is not the stored one.
pub(crate) fn update_medium_in(
    tx: &dyn Sql,
    id: i64,
    input: &MediumInput,
    now: NaiveDateTime,
    by: &str,
) -> Result<()> {
    versions::claim(tx, Versioned::Medium, id, input.version, by)?;
    let clean = clean_medium(tx, input)?;
    store_medium(tx, Some(id), &clean, now)?;
    write_medium_parts(tx, id, &clean)
}

/// Deletes a medium that was recorded by mistake: only while it has no
/// copy (a copy may have loan history, and copies are never deleted).
///
/// # Errors
/// [`Error::NotFound`], [`Error::MediumHasCopies`].
pub fn delete_medium(store: &mut impl Engine, id: i64) -> Result<()> {
    store.write_sql(|tx| {
        let copies: i64 = scalar(
            tx,
            "SELECT count(*) FROM copy WHERE medium_id = ?1",
            args![id],
        )?;
        if copies > 0 {
            return Err(Error::MediumHasCopies);
        }
        // The server's search row goes with the medium (ON DELETE CASCADE);
        // the file's full-text row is removed by hand.
        if tx.dialect() == Dialect::Sqlite {
            tx.run("DELETE FROM medium_search WHERE rowid = ?1", args![id])?;
        }
        let deleted = tx.run("DELETE FROM medium WHERE id = ?1", args![id])?;
        if deleted == 0 {
            return Err(Error::NotFound {
                what: Record::Medium,
            });
        }
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

/// [`medium`] inside the caller's transaction or read, on either engine.
///
/// # Errors
/// [`Error::NotFound`].
pub fn medium_in(sql: &dyn Sql, id: i64) -> Result<Medium> {
    let r = sql
        .row(
            "SELECT m.id, k.id, k.code, k.name, m.title, m.subtitle, m.authors, m.publisher,
                    m.year, m.isbn, m.level_from, m.level_to, m.audience, m.topics, m.location,
                    m.description, m.notes, m.version, m.updated_at, m.updated_by
             FROM medium m JOIN media_kind k ON k.id = m.kind_id WHERE m.id = ?1",
            args![id],
        )?
        .ok_or(Error::NotFound {
            what: Record::Medium,
        })?;
    let topics: String = r.get(13)?;
    let mut m = Medium {
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
        level_from: r.get::<Option<i64>>(10)?.and_then(Level::from_rank),
        level_to: r.get::<Option<i64>>(11)?.and_then(Level::from_rank),
        audience: Audience::from_code(&r.get::<String>(12)?),
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
        saved: Saved {
            version: r.get(17)?,
            at: r.get(18)?,
            by: r.get(19)?,
        },
    };
    for row in sql.rows(
        "SELECT code, role FROM medium_language WHERE medium_id = ?1 ORDER BY role DESC, code",
        args![id],
    )? {
        let code: String = row.get(0)?;
        if row.get::<String>(1)? == "ziel" {
            m.target_language = Some(code);
        } else {
            m.support_languages.push(code);
        }
    }
    m.kit_items = super::copies::kit_items(sql, id)?;
    m.copies = copies_of(sql, id)?;
    Ok(m)
}
