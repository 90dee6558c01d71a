//! The counts the reports show, computed only from what anonymisation
//! keeps: loans by Mediengruppe, Sprachniveau, kind of borrower and month;
//! participants by workshop, age group and language; and both as the rows
//! of the Berichte page ([`statistics`]).

use std::collections::BTreeMap;

use chrono::Datelike;
use serde::Serialize;

use crate::db::engine::Sql;
use crate::events::age_group;
use crate::{Db, Result};

pub(crate) const LEVELS: [&str; 7] = ["Alpha", "A1", "A2", "B1", "B2", "C1", "C2"];

/// A group of loans.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct LoanKey {
    /// The Mediengruppe's name.
    pub media_kind: String,
    /// "A1–B1", or empty for media without a level (the page says so in
    /// the user's language).
    pub level: String,
    /// The kind of borrower.
    pub borrower_kind: String,
    /// "2026-11".
    pub month: String,
}

/// Loans counted by Mediengruppe, Sprachniveau, kind of borrower and month.
///
/// # Errors
/// Only SQLite failures.
pub fn loan_statistics(db: &Db) -> Result<BTreeMap<LoanKey, u32>> {
    loan_statistics_in(db.conn())
}

/// [`loan_statistics`] on either engine.
///
/// # Errors
/// A failure of the engine.
pub fn loan_statistics_in(sql: &dyn Sql) -> Result<BTreeMap<LoanKey, u32>> {
    let rows = sql.rows(
        "SELECT k.name, m.level_from, m.level_to, l.borrower_kind, substr(l.loaned_at, 1, 7), count(*)
         FROM loan AS l JOIN copy AS c ON c.id = l.copy_id JOIN medium AS m ON m.id = c.medium_id
         JOIN media_kind AS k ON k.id = m.kind_id
         GROUP BY 1, 2, 3, 4, 5",
        &[],
    )?;
    let level = |i: Option<u32>| i.and_then(|i| LEVELS.get(i as usize)).copied();
    let mut counts = BTreeMap::new();
    for row in rows {
        let from: Option<u32> = row.get(1)?;
        let to: Option<u32> = row.get(2)?;
        let level = match (level(from), level(to)) {
            (Some(a), Some(b)) if a == b => a.to_owned(),
            (Some(a), Some(b)) => format!("{a}–{b}"),
            (Some(a), None) | (None, Some(a)) => a.to_owned(),
            (None, None) => String::new(),
        };
        // The key is the same group on both engines, whatever order (or
        // collation) each one groups in: the map orders them alike.
        *counts
            .entry(LoanKey {
                media_kind: row.get(0)?,
                level,
                borrower_kind: row.get(3)?,
                month: row.get(4)?,
            })
            .or_insert(0) += row.get::<u32>(5)?;
    }
    Ok(counts)
}

/// A group of participants.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ParticipantKey {
    /// The workshop.
    pub workshop_id: i64,
    /// The age group, kept after anonymisation.
    pub age_group: String,
    /// A language code; "–" for someone without a language recorded.
    pub language: String,
    /// teilgenommen, nicht_erschienen, …
    pub status: String,
}

/// Registrations counted by workshop, age group, language and attendance
/// (a person with two languages counts once for each).
///
/// # Errors
/// Only SQLite failures.
pub fn participant_statistics(db: &Db) -> Result<BTreeMap<ParticipantKey, u32>> {
    participant_statistics_in(db.conn())
}

/// [`participant_statistics`] on either engine: two statements, the
/// registrations and every participant's languages, however many people
/// registered.
///
/// # Errors
/// A failure of the engine.
pub fn participant_statistics_in(sql: &dyn Sql) -> Result<BTreeMap<ParticipantKey, u32>> {
    let rows = sql.rows(
        "SELECT r.workshop_id, p.id, p.birth_year, p.age_group, w.starts_at, r.status
         FROM registration AS r JOIN participant AS p ON p.id = r.participant_id
         JOIN workshop AS w ON w.id = r.workshop_id",
        &[],
    )?;
    let mut languages: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for row in sql.rows("SELECT participant_id, code FROM participant_language", &[])? {
        languages.entry(row.get(0)?).or_default().push(row.get(1)?);
    }
    let none = vec!["–".to_owned()];
    let mut counts = BTreeMap::new();
    for row in rows {
        let participant: i64 = row.get(1)?;
        let birth_year: Option<i32> = row.get(2)?;
        let group: String = row.get(3)?;
        let starts_at: String = row.get(4)?;
        let status: String = row.get(5)?;
        let year = crate::time::parse(&starts_at).map_or(0, |t| t.year());
        let age_group = if group.trim().is_empty() {
            age_group(birth_year, year)
        } else {
            group
        };
        let codes = languages.get(&participant).unwrap_or(&none);
        for language in codes {
            *counts
                .entry(ParticipantKey {
                    workshop_id: row.get(0)?,
                    age_group: age_group.clone(),
                    language: language.clone(),
                    status: status.clone(),
                })
                .or_insert(0) += 1;
        }
    }
    Ok(counts)
}

/// A row of a report: the group, column by column as the Berichte page
/// shows them, and how many.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CountRow {
    /// The group's values, one per column.
    pub group: Vec<String>,
    /// How many loans or registrations are in the group.
    pub count: u32,
}

/// The statistics of the Berichte page, from what anonymisation keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Statistics {
    /// Month, Mediengruppe, Sprachniveau, kind of borrower; in the order
    /// of [`loan_statistics`].
    pub loans: Vec<CountRow>,
    /// Workshop title, age group, language, attendance; in the order of
    /// [`participant_statistics`] (by workshop id).
    pub participants: Vec<CountRow>,
}

/// The loans and participants counted as the Berichte page shows them:
/// [`loan_statistics`] and [`participant_statistics`] as rows, each
/// workshop named by its title.
///
/// # Errors
/// Only SQLite failures.
pub fn statistics(db: &Db) -> Result<Statistics> {
    statistics_in(db.conn())
}

/// [`statistics`] on either engine.
///
/// # Errors
/// A failure of the engine.
pub fn statistics_in(sql: &dyn Sql) -> Result<Statistics> {
    let loans = loan_statistics_in(sql)?
        .into_iter()
        .map(|(k, count)| CountRow {
            group: vec![k.month, k.media_kind, k.level, k.borrower_kind],
            count,
        })
        .collect();
    let mut titles: BTreeMap<i64, String> = BTreeMap::new();
    for row in sql.rows("SELECT id, title FROM workshop", &[])? {
        titles.insert(row.get(0)?, row.get(1)?);
    }
    let participants = participant_statistics_in(sql)?
        .into_iter()
        .map(|(k, count)| CountRow {
            // A registration always has its workshop (foreign key).
            group: vec![
                titles.get(&k.workshop_id).cloned().unwrap_or_default(),
                k.age_group,
                k.language,
                k.status,
            ],
            count,
        })
        .collect();
    Ok(Statistics {
        loans,
        participants,
    })
}
