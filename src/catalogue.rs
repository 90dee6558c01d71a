//! The Mediathek's catalogue: media (the works), their copies (the things on
//! the shelf, each with an Inventarnummer), Mediengruppen, and search.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::pick_lists::{self, PickList};
use crate::time::timestamp;
use crate::Record;
use crate::{languages, limits, search, settings, Db, Error, Result};

/// A Sprachniveau of the Common European Framework, plus Alpha (literacy).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Literacy (Alphabetisierung).
    Alpha,
    /// GER A1.
    A1,
    /// GER A2.
    A2,
    /// GER B1.
    B1,
    /// GER B2.
    B2,
    /// GER C1.
    C1,
    /// GER C2.
    C2,
}

impl Level {
    const ALL: [Level; 7] = [
        Level::Alpha,
        Level::A1,
        Level::A2,
        Level::B1,
        Level::B2,
        Level::C1,
        Level::C2,
    ];

    fn rank(self) -> i64 {
        self as i64
    }

    fn from_rank(rank: i64) -> Option<Level> {
        usize::try_from(rank)
            .ok()
            .and_then(|r| Self::ALL.get(r))
            .copied()
    }

    /// As printed: "Alpha", "A1" … "C2".
    pub fn label(self) -> &'static str {
        ["Alpha", "A1", "A2", "B1", "B2", "C1", "C2"][self as usize]
    }
}

/// Zielgruppe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    /// Kinder.
    Kinder,
    /// Jugendliche.
    Jugendliche,
    /// Erwachsene.
    Erwachsene,
    /// Alle Altersgruppen.
    #[default]
    Alle,
}

impl Audience {
    fn code(self) -> &'static str {
        match self {
            Audience::Kinder => "kinder",
            Audience::Jugendliche => "jugendliche",
            Audience::Erwachsene => "erwachsene",
            Audience::Alle => "alle",
        }
    }

    fn from_code(code: &str) -> Audience {
        match code {
            "kinder" => Audience::Kinder,
            "jugendliche" => Audience::Jugendliche,
            "erwachsene" => Audience::Erwachsene,
            _ => Audience::Alle,
        }
    }
}

/// Where a copy is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CopyStatus {
    /// On the shelf.
    Verfuegbar,
    /// On loan.
    Ausgeliehen,
    /// Set aside for a reservation.
    Vorgemerkt,
    /// Being repaired.
    InReparatur,
    /// Lost.
    Verloren,
    /// Retired; kept for the loan history.
    Ausgeschieden,
}

impl CopyStatus {
    pub(crate) fn code(self) -> &'static str {
        match self {
            CopyStatus::Verfuegbar => "verfuegbar",
            CopyStatus::Ausgeliehen => "ausgeliehen",
            CopyStatus::Vorgemerkt => "vorgemerkt",
            CopyStatus::InReparatur => "in_reparatur",
            CopyStatus::Verloren => "verloren",
            CopyStatus::Ausgeschieden => "ausgeschieden",
        }
    }

    pub(crate) fn from_code(code: &str) -> CopyStatus {
        match code {
            "ausgeliehen" => CopyStatus::Ausgeliehen,
            "vorgemerkt" => CopyStatus::Vorgemerkt,
            "in_reparatur" => CopyStatus::InReparatur,
            "verloren" => CopyStatus::Verloren,
            "ausgeschieden" => CopyStatus::Ausgeschieden,
            _ => CopyStatus::Verfuegbar,
        }
    }
}

/// A Mediengruppe.
pub type MediaKind = crate::pick_lists::Entry;

/// One line of a Medienkoffer's contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KitItem {
    /// What it is ("Bildkarten Obst").
    pub name: String,
    /// How many.
    pub quantity: i64,
}

/// What staff enter for a medium.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct MediumInput {
    /// Mediengruppe.
    pub kind_id: i64,
    /// Required.
    pub title: String,
    pub subtitle: String,
    /// Authors as printed ("Niebisch, Daniela; Penning-Hiemstra, Sylvette").
    pub authors: String,
    pub publisher: String,
    pub year: Option<i32>,
    /// ISBN-10, ISBN-13 or EAN with or without hyphens; stored as 13 digits.
    pub isbn: String,
    pub level_from: Option<Level>,
    pub level_to: Option<Level>,
    pub audience: Audience,
    /// The language learnt with it (ISO 639-1).
    pub target_language: Option<String>,
    /// Languages of explanations, glossaries, instructions.
    pub support_languages: Vec<String>,
    /// Free tags.
    pub topics: Vec<String>,
    /// Shelf.
    pub location: String,
    pub description: String,
    pub notes: String,
    /// Contents, for a Medienkoffer.
    pub kit_items: Vec<KitItem>,
}

/// A medium with its copies.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Medium {
    pub id: i64,
    pub kind: MediaKind,
    pub title: String,
    pub subtitle: String,
    pub authors: String,
    pub publisher: String,
    pub year: Option<i32>,
    /// 13 digits, or `None`.
    pub isbn: Option<String>,
    pub level_from: Option<Level>,
    pub level_to: Option<Level>,
    pub audience: Audience,
    pub target_language: Option<String>,
    pub support_languages: Vec<String>,
    pub topics: Vec<String>,
    pub location: String,
    pub description: String,
    pub notes: String,
    pub kit_items: Vec<KitItem>,
    pub copies: Vec<Copy>,
}

/// One copy on the shelf.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Copy {
    pub id: i64,
    pub medium_id: i64,
    /// The Inventarnummer.
    pub barcode: String,
    pub condition: String,
    pub acquired_on: Option<NaiveDate>,
    pub price_cents: Option<i64>,
    pub status: CopyStatus,
    pub retired_on: Option<NaiveDate>,
    /// Parts of a Medienkoffer missing since the last return.
    pub missing_parts: String,
}

/// What staff enter for a new copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct CopyInput {
    /// A scanned or typed Inventarnummer; empty: the next free number.
    pub barcode: String,
    pub condition: String,
    pub acquired_on: Option<NaiveDate>,
    pub price_cents: Option<i64>,
}

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

/// Normalises an ISBN-10, ISBN-13, EAN-13 or UPC-A (12 digits) to 13 digits,
/// checking the check digit. Hyphens and spaces are ignored.
///
/// # Errors
/// [`Error::InvalidIsbn`].
pub fn normalise_isbn(text: &str) -> Result<String> {
    let clean: String = text
        .chars()
        .filter(|c| !matches!(c, '-' | ' ' | '\u{2010}' | '\u{2011}'))
        .collect::<String>()
        .to_uppercase();
    let digits: Vec<u32> = clean.chars().filter_map(|c| c.to_digit(10)).collect();
    match clean.len() {
        10 => {
            let (body, check) = clean.split_at(9);
            if digits.len() < 9 || !body.chars().all(|c| c.is_ascii_digit()) {
                return Err(Error::InvalidIsbn);
            }
            let check_value = match check {
                "X" => 10,
                d => d.parse::<u32>().map_err(|_| Error::InvalidIsbn)?,
            };
            let sum: u32 = digits[..9]
                .iter()
                .enumerate()
                .map(|(i, d)| (10 - i as u32) * d)
                .sum::<u32>()
                + check_value;
            if !sum.is_multiple_of(11) {
                return Err(Error::InvalidIsbn);
            }
            let mut isbn13: Vec<u32> = vec![9, 7, 8];
            isbn13.extend(&digits[..9]);
            isbn13.push(ean_check_digit(&isbn13));
            Ok(isbn13
                .iter()
                .map(|d| char::from_digit(*d, 10).unwrap_or('0'))
                .collect())
        }
        12 | 13 if digits.len() == clean.len() => {
            let mut all = digits;
            if all.len() == 12 {
                all.insert(0, 0);
            }
            let check = all[12];
            if ean_check_digit(&all[..12]) != check {
                return Err(Error::InvalidIsbn);
            }
            Ok(all
                .iter()
                .map(|d| char::from_digit(*d, 10).unwrap_or('0'))
                .collect())
        }
        _ => Err(Error::InvalidIsbn),
    }
}

fn ean_check_digit(first_twelve: &[u32]) -> u32 {
    let sum: u32 = first_twelve
        .iter()
        .enumerate()
        .map(|(i, d)| if i % 2 == 0 { *d } else { d * 3 })
        .sum();
    (10 - sum % 10) % 10
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
    let id = db.write(|tx| {
        let clean = clean_medium(tx, input)?;
        let id = store_medium(tx, None, &clean, now)?;
        write_medium_parts(tx, id, &clean)?;
        Ok(id)
    })?;
    medium(db, id)
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
    db.write(|tx| {
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
    })?;
    medium(db, id)
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
    let conn = db.conn();
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
    m.copies = copies_of(db, id)?;
    Ok(m)
}

fn copy_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Copy> {
    Ok(Copy {
        id: r.get(0)?,
        medium_id: r.get(1)?,
        barcode: r.get(2)?,
        condition: r.get(3)?,
        acquired_on: r.get(4)?,
        price_cents: r.get(5)?,
        status: CopyStatus::from_code(&r.get::<_, String>(6)?),
        retired_on: r.get(7)?,
        missing_parts: r.get(8)?,
    })
}

const COPY_COLUMNS: &str =
    "id, medium_id, barcode, condition, acquired_on, price_cents, status, retired_on, missing_parts";

fn copies_of(db: &Db, medium_id: i64) -> Result<Vec<Copy>> {
    let mut stmt = db.conn().prepare_cached(&format!(
        "SELECT {COPY_COLUMNS} FROM copy WHERE medium_id = ?1 ORDER BY barcode"
    ))?;
    let rows = stmt.query_map([medium_id], copy_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Title, Mediengruppe name and kit contents of a medium: what the desk
/// shows after a scan, without loading the whole record.
pub(crate) fn medium_summary(db: &Db, id: i64) -> Result<(String, String, Vec<KitItem>)> {
    let (title, kind): (String, String) = db
        .conn()
        .query_row(
            "SELECT m.title, k.name FROM medium AS m JOIN media_kind AS k ON k.id = m.kind_id
             WHERE m.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or(Error::NotFound {
            what: Record::Medium,
        })?;
    let mut stmt = db.conn().prepare_cached(
        "SELECT name, quantity FROM kit_item WHERE medium_id = ?1 ORDER BY position",
    )?;
    let kit = stmt
        .query_map([id], |r| {
            Ok(KitItem {
                name: r.get(0)?,
                quantity: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok((title, kind, kit))
}

/// A copy by its Inventarnummer (as scanned).
///
/// # Errors
/// [`Error::NotFound`].
pub fn copy_by_barcode(db: &Db, barcode: &str) -> Result<Copy> {
    db.conn()
        .query_row(
            &format!("SELECT {COPY_COLUMNS} FROM copy WHERE barcode = ?1"),
            [barcode.trim()],
            copy_from_row,
        )
        .optional()?
        .ok_or(Error::NotFound { what: Record::Copy })
}

/// The next free number in a pattern whose `#` run is the counter
/// (`KI-M-######` → `KI-M-000124` after `KI-M-000123`). Numbers of another
/// form (scanned labels of another scheme) do not count. Zero-padded
/// numbers of one width sort like their values, so the highest is one seek
/// at the end of the column's unique index, however many copies there are.
pub(crate) fn next_number(
    conn: &rusqlite::Connection,
    pattern: &str,
    table: &str,
    column: &str,
) -> Result<String> {
    let width = pattern.chars().filter(|c| *c == '#').count().max(1);
    let (prefix, rest) = pattern.split_once('#').unwrap_or((pattern, ""));
    let suffix = rest.trim_start_matches('#');
    let glob_escape = |text: &str| -> String {
        text.chars()
            .map(|c| match c {
                '*' | '?' | '[' | ']' => format!("[{c}]"),
                c => c.to_string(),
            })
            .collect()
    };
    let glob = format!(
        "{}{}{}",
        glob_escape(prefix),
        "[0-9]".repeat(width),
        glob_escape(suffix)
    );
    let highest: Option<String> = conn.query_row(
        &format!(
            "SELECT max({column}) FROM {table}
             WHERE {column} >= ?1 AND {column} < ?2 AND {column} GLOB ?3"
        ),
        params![prefix, format!("{prefix}\u{10FFFF}"), glob],
        |r| r.get(0),
    )?;
    let last = highest
        .as_deref()
        .and_then(|v| v.strip_prefix(prefix))
        .and_then(|rest| rest.strip_suffix(suffix))
        .and_then(|digits| digits.parse::<u64>().ok())
        .unwrap_or(0);
    Ok(format!("{prefix}{:0width$}{suffix}", last + 1))
}

/// The Inventarnummer the app proposes for the next copy.
///
/// # Errors
/// Only SQLite failures.
pub fn next_barcode(db: &Db) -> Result<String> {
    let pattern =
        settings::text_setting(db, "copy_barcode_pattern")?.unwrap_or_else(|| "KI-M-######".into());
    next_number(db.conn(), &pattern, "copy", "barcode")
}

/// Adds a copy to a medium; an empty barcode takes the proposed number.
///
/// # Errors
/// [`Error::NotFound`] (medium), [`Error::DuplicateBarcode`],
/// [`Error::InvalidPrice`].
pub fn add_copy(
    db: &mut Db,
    medium_id: i64,
    input: &CopyInput,
    now: NaiveDateTime,
) -> Result<Copy> {
    if input.price_cents.is_some_and(|p| p < 0) {
        return Err(Error::InvalidPrice);
    }
    limits::check_all(&[
        ("barcode", input.barcode.trim(), limits::CODE),
        ("condition", input.condition.trim(), limits::NAME),
    ])?;
    let pattern =
        settings::text_setting(db, "copy_barcode_pattern")?.unwrap_or_else(|| "KI-M-######".into());
    let id = db.write(|tx| {
        let exists: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM medium WHERE id = ?1)",
            [medium_id],
            |r| r.get(0),
        )?;
        if !exists {
            return Err(Error::NotFound {
                what: Record::Medium,
            });
        }
        let barcode = match input.barcode.trim() {
            "" => next_number(tx, &pattern, "copy", "barcode")?,
            scanned => scanned.to_owned(),
        };
        let taken: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM copy WHERE barcode = ?1)",
            [&barcode],
            |r| r.get(0),
        )?;
        if taken {
            return Err(Error::DuplicateBarcode { barcode });
        }
        tx.execute(
            "INSERT INTO copy (medium_id, barcode, condition, acquired_on, price_cents, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                medium_id,
                barcode,
                input.condition.trim(),
                input.acquired_on,
                input.price_cents,
                timestamp(now)
            ],
        )?;
        let id = tx.last_insert_rowid();
        reindex_medium(tx, medium_id)?;
        Ok(id)
    })?;
    copy(db, id)
}

fn copy(db: &Db, id: i64) -> Result<Copy> {
    db.conn()
        .query_row(
            &format!("SELECT {COPY_COLUMNS} FROM copy WHERE id = ?1"),
            [id],
            copy_from_row,
        )
        .optional()?
        .ok_or(Error::NotFound { what: Record::Copy })
}

/// Retires a copy ("ausgeschieden"). Copies are never deleted: their loan
/// history stays.
///
/// # Errors
/// [`Error::NotFound`], [`Error::CopyOnLoan`].
pub fn retire_copy(db: &mut Db, copy_id: i64, today: NaiveDate) -> Result<Copy> {
    db.write(|tx| {
        let status: Option<String> = tx
            .query_row("SELECT status FROM copy WHERE id = ?1", [copy_id], |r| {
                r.get(0)
            })
            .optional()?;
        match status.as_deref().map(CopyStatus::from_code) {
            None => Err(Error::NotFound { what: Record::Copy }),
            Some(CopyStatus::Ausgeliehen) => Err(Error::CopyOnLoan),
            // Set aside for a reservation: retiring it would leave the
            // reservation pointing at a copy that is gone.
            Some(CopyStatus::Vorgemerkt) => Err(Error::CopySetAside),
            Some(_) => {
                tx.execute(
                    "UPDATE copy SET status = ?3, retired_on = ?2 WHERE id = ?1",
                    params![copy_id, today, CopyStatus::Ausgeschieden.code()],
                )?;
                Ok(())
            }
        }
    })?;
    copy(db, copy_id)
}

/// Filters and paging for the media list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct MediaQuery {
    /// What was typed: words matched as prefixes in title, authors, ISBN,
    /// Inventarnummern, topics and description, diacritics ignored.
    pub text: String,
    pub kind_id: Option<i64>,
    /// Media whose level range includes this level.
    pub level: Option<Level>,
    /// Target or support language.
    pub language: Option<String>,
    pub audience: Option<Audience>,
    /// Only media with a copy on the shelf.
    pub available_only: bool,
    /// Page size (default 50, at most 500).
    pub limit: u32,
    pub offset: u32,
}

/// One line of the media list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MediumRow {
    pub id: i64,
    pub title: String,
    pub subtitle: String,
    pub authors: String,
    pub kind: String,
    /// "A1–B1", "Alpha", or "".
    pub levels: String,
    /// German names of the target and support languages.
    pub languages: Vec<String>,
    pub copies: i64,
    pub available: i64,
}

/// A page of the media list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MediaPage {
    /// All matches, not only this page; with `more`, a lower bound.
    pub total: i64,
    pub rows: Vec<MediumRow>,
    /// More than [`SORTED_HITS`] hits: `total` is that number, they were
    /// not counted further and come newest first (the window says "mehr
    /// als 1.000 … die neuesten zuerst" and asks for more words or filters).
    pub more: bool,
}

fn level_range(from: Option<Level>, to: Option<Level>) -> String {
    match (from, to) {
        (Some(a), Some(b)) if a == b => a.label().into(),
        (Some(a), Some(b)) => format!("{}–{}", a.label(), b.label()),
        (Some(a), None) => format!("ab {}", a.label()),
        (None, Some(b)) => format!("bis {}", b.label()),
        (None, None) => String::new(),
    }
}

/// The medium whose copy has exactly this Inventarnummer, or whose ISBN
/// is this one.
fn exact_code_match(db: &Db, text: &str) -> Result<Option<i64>> {
    if text.is_empty() || text.contains(char::is_whitespace) {
        return Ok(None);
    }
    let by_copy: Option<i64> = db
        .conn()
        .query_row(
            "SELECT medium_id FROM copy WHERE barcode = ?1",
            [text],
            |r| r.get(0),
        )
        .optional()?;
    if by_copy.is_some() {
        return Ok(by_copy);
    }
    let Ok(isbn) = normalise_isbn(text) else {
        return Ok(None);
    };
    Ok(db
        .conn()
        .query_row(
            "SELECT id FROM medium WHERE isbn = ?1 LIMIT 1",
            [isbn],
            |r| r.get(0),
        )
        .optional()?)
}

/// Up to this many hits, a search is counted and sorted by title. Beyond
/// it, the words and filters are too unspecific to read the list: the page
/// says "more than" this number, the newest media come first (the search
/// table gives them in that order, so a page costs the same whatever the
/// number of hits), and the window asks for more words or filters.
pub const SORTED_HITS: i64 = 1_000;

/// Ids as a JSON array of numbers, for `json_each`.
fn json_ids(ids: &[i64]) -> String {
    format!(
        "[{}]",
        ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
    )
}

/// The filter tokens (see `v007_search.sql` and `v008_search_pairs.sql`)
/// a query asks for: the filters that leave few media (Mediengruppe,
/// level, language), which narrow the full-text query. A level and a
/// language together are one token, whose list holds only the media that
/// have both.
fn filter_tokens(query: &MediaQuery) -> Vec<String> {
    let token = |name: String| format!("\"{}{name}\"", search::FILTER_MARK);
    let mut tokens = Vec::new();
    if let Some(kind) = query.kind_id {
        tokens.push(token(format!("kind{kind}")));
    }
    let language = query
        .language
        .as_deref()
        .map(|l| {
            l.chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase()
        })
        .filter(|code| !code.is_empty());
    match (query.level, language) {
        (Some(level), Some(code)) => tokens.push(token(format!("lvl{}{code}", level.rank()))),
        (Some(level), None) => tokens.push(token(format!("lvl{}", level.rank()))),
        (None, Some(code)) => tokens.push(token(format!("lang{code}"))),
        (None, None) => {}
    }
    tokens
}

/// SQL conditions for the filters most media pass (audience, on the
/// shelf), on the medium whose id is the SQL expression `id`: checked on
/// the rows found, not intersected. Each is one seek, and "on the shelf"
/// reads only the index `copy_on_shelf`, so a search that asks for neither
/// never reads the medium rows of its hits. Text of constants only, no
/// parameters.
fn broad_filters(query: &MediaQuery, id: &str) -> String {
    let mut sql = String::new();
    if let Some(audience) = query.audience {
        // A medium for everyone suits every audience.
        sql.push_str(&format!(
            " AND (SELECT a.audience FROM medium AS a WHERE a.id = {id}) IN ('{}', 'alle')",
            audience.code()
        ));
    }
    if query.available_only {
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM copy AS c WHERE c.medium_id = {id} AND c.status = 'verfuegbar')"
        ));
    }
    sql
}

/// Searches the catalogue. Typed words (as prefixes, diacritics ignored)
/// and the narrowing filters (see [`filter_tokens`]) are one full-text
/// query; audience and "on the shelf" are checked on the rows it finds
/// (or, without words and token filters, on the media, newest first). The hits are read once, newest
/// first, and only up to one more than [`SORTED_HITS`]: up to that number
/// they are counted and sorted by title, beyond it they stay newest first
/// and are not counted further. Only the page's rows are read. Without
/// words or filters the whole catalogue is listed by title. A scanned or
/// typed Inventarnummer or ISBN finds its medium directly.
///
/// # Errors
/// Only SQLite failures.
pub fn search_media(db: &Db, query: &MediaQuery) -> Result<MediaPage> {
    let conn = db.conn();
    let limit = i64::from(if query.limit == 0 {
        50
    } else {
        query.limit.min(500)
    });
    let offset = i64::from(query.offset);
    let exact = exact_code_match(db, query.text.trim())?;
    let typed = if exact.is_none() {
        search::prefix_query(&query.text)
    } else {
        None
    };
    let tokens = filter_tokens(query);
    let broad = broad_filters(query, "s.rowid");
    let narrow = tokens.join(" AND ");
    let matching = typed
        .into_iter()
        .chain(tokens.iter().cloned())
        .collect::<Vec<_>>()
        .join(" AND ");
    let collect = |sql: &str, args: &[&dyn rusqlite::ToSql]| -> Result<Vec<i64>> {
        let mut stmt = conn.prepare_cached(sql)?;
        let ids = stmt.query_map(args, |r| r.get(0))?;
        Ok(ids.collect::<rusqlite::Result<_>>()?)
    };
    let (total, ids, more): (i64, Vec<i64>, bool) = if let Some(id) = exact {
        // The scanned medium, if it passes the filters.
        let hit: bool = if narrow.is_empty() {
            conn.query_row(
                &format!(
                    "SELECT EXISTS (SELECT 1 FROM medium AS m WHERE m.id = ?1{})",
                    broad_filters(query, "m.id")
                ),
                [id],
                |r| r.get(0),
            )?
        } else {
            conn.query_row(
                &format!(
                    "SELECT EXISTS (SELECT 1 FROM medium_search AS s
                     WHERE s.medium_search MATCH ?2 AND s.rowid = ?1{broad})"
                ),
                params![id, narrow],
                |r| r.get(0),
            )?
        };
        let ids = if hit && offset == 0 { vec![id] } else { vec![] };
        (i64::from(hit), ids, false)
    } else if matching.is_empty() && broad.is_empty() {
        (
            conn.query_row("SELECT count(*) FROM medium", [], |r| r.get(0))?,
            collect(
                "SELECT id FROM medium ORDER BY title COLLATE NOCASE, id LIMIT ?1 OFFSET ?2",
                &[&limit, &offset],
            )?,
            false,
        )
    } else {
        // The hits in the order of their ids (`order` is "ASC" or "DESC"),
        // from `offset` on, at most `limit`.
        let hits = |order: &str, limit: i64, offset: i64| -> Result<Vec<i64>> {
            if matching.is_empty() {
                collect(
                    &format!(
                        "SELECT m.id FROM medium AS m WHERE 1{}
                         ORDER BY m.id {order} LIMIT ?1 OFFSET ?2",
                        broad_filters(query, "m.id")
                    ),
                    &[&limit, &offset],
                )
            } else if broad.is_empty() {
                collect(
                    &format!(
                        "SELECT rowid FROM medium_search WHERE medium_search MATCH ?1
                         ORDER BY rowid {order} LIMIT ?2 OFFSET ?3"
                    ),
                    &[&matching, &limit, &offset],
                )
            } else {
                collect(
                    &format!(
                        "SELECT s.rowid FROM medium_search AS s
                         WHERE s.medium_search MATCH ?1{broad}
                         ORDER BY s.rowid {order} LIMIT ?2 OFFSET ?3"
                    ),
                    &[&matching, &limit, &offset],
                )
            }
        };
        // First, whether there are more hits than can be sorted: one pass
        // that stops after one more. It reads the full-text lists forwards,
        // which costs about half of reading them backwards (measured), and
        // gives the same hits whenever they are few enough to be sorted.
        // A count of every hit would cost more than the page.
        let first = hits("ASC", SORTED_HITS + 1, 0)?;
        if first.len() as i64 <= SORTED_HITS {
            let hits = json_ids(&first);
            let ids = collect(
                "SELECT m.id FROM json_each(?1) AS hit JOIN medium AS m ON m.id = hit.value
                 ORDER BY m.title COLLATE NOCASE, m.id LIMIT ?2 OFFSET ?3",
                &[&hits, &limit, &offset],
            )?;
            (first.len() as i64, ids, false)
        } else {
            // Too many to sort: the newest first, only as far as the page.
            (SORTED_HITS, hits("DESC", limit, offset)?, true)
        }
    };
    // The page's rows in one statement, in the order of `ids`.
    let mut page = conn.prepare_cached(
        "SELECT m.id, m.title, m.subtitle, m.authors, k.name, m.level_from, m.level_to,
                (SELECT group_concat(role || ':' || code, ',') FROM medium_language
                    WHERE medium_id = m.id),
                (SELECT count(*) FROM copy c WHERE c.medium_id = m.id AND c.status <> 'ausgeschieden'),
                (SELECT count(*) FROM copy c WHERE c.medium_id = m.id AND c.status = 'verfuegbar')
         FROM json_each(?1) AS hit JOIN medium m ON m.id = hit.value
              JOIN media_kind k ON k.id = m.kind_id
         ORDER BY hit.key",
    )?;
    let rows = page
        .query_map([json_ids(&ids)], |r| {
            // "ziel:de,hilfe:ar": the target language first, then the
            // support languages by code (sorted here: an ORDER BY in the
            // subquery costs a temporary table on every row).
            let languages: Option<String> = r.get(7)?;
            let mut languages: Vec<(&str, &str)> = languages
                .as_deref()
                .unwrap_or_default()
                .split(',')
                .filter_map(|pair| pair.split_once(':'))
                .collect();
            languages.sort_by(|a, b| b.0.cmp(a.0).then(a.1.cmp(b.1)));
            Ok(MediumRow {
                id: r.get(0)?,
                title: r.get(1)?,
                subtitle: r.get(2)?,
                authors: r.get(3)?,
                kind: r.get(4)?,
                levels: level_range(
                    r.get::<_, Option<i64>>(5)?.and_then(Level::from_rank),
                    r.get::<_, Option<i64>>(6)?.and_then(Level::from_rank),
                ),
                languages: languages
                    .iter()
                    .map(|(_, code)| languages::name(code).to_owned())
                    .collect(),
                copies: r.get(8)?,
                available: r.get(9)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(MediaPage { total, rows, more })
}

/// Labels for the given copies (Inventarnummer and title), in the order
/// given; retired copies are left out.
///
/// # Errors
/// [`Error::NotFound`] for an id that is no copy.
pub fn labels_for_copies(
    db: &Db,
    copy_ids: &[i64],
) -> Result<Vec<crate::documents::labels::Label>> {
    let mut stmt = db.conn().prepare_cached(
        "SELECT c.barcode, m.title, c.status FROM copy c JOIN medium m ON m.id = c.medium_id
         WHERE c.id = ?1",
    )?;
    let mut labels = Vec::with_capacity(copy_ids.len());
    for id in copy_ids {
        let (code, caption, status): (String, String, String) = stmt
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?
            .ok_or(Error::NotFound { what: Record::Copy })?;
        if CopyStatus::from_code(&status) != CopyStatus::Ausgeschieden {
            labels.push(crate::documents::labels::Label { code, caption });
        }
    }
    Ok(labels)
}
