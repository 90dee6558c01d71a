//! The counts the reports show, computed only from what anonymisation
//! keeps: loans by Mediengruppe, Sprachniveau, kind of borrower and month;
//! participants by workshop, age group and language; and both as the rows
//! of the Berichte page ([`statistics`]).

use std::collections::BTreeMap;

use chrono::Datelike;
use serde::Serialize;

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
    let mut stmt = db.conn().prepare_cached(
        "SELECT k.name, m.level_from, m.level_to, l.borrower_kind, substr(l.loaned_at, 1, 7), count(*)
         FROM loan AS l JOIN copy AS c ON c.id = l.copy_id JOIN medium AS m ON m.id = c.medium_id
         JOIN media_kind AS k ON k.id = m.kind_id
         GROUP BY 1, 2, 3, 4, 5",
    )?;
    let level = |i: Option<u32>| i.and_then(|i| LEVELS.get(i as usize)).copied();
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<u32>>(1)?,
            r.get::<_, Option<u32>>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, u32>(5)?,
        ))
    })?;
    let mut counts = BTreeMap::new();
    for row in rows {
        let (media_kind, from, to, borrower_kind, month, n) = row?;
        let level = match (level(from), level(to)) {
            (Some(a), Some(b)) if a == b => a.to_owned(),
            (Some(a), Some(b)) => format!("{a}–{b}"),
            (Some(a), None) | (None, Some(a)) => a.to_owned(),
            (None, None) => String::new(),
        };
        *counts
            .entry(LoanKey {
                media_kind,
                level,
                borrower_kind,
                month,
            })
            .or_insert(0) += n;
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
    let conn = db.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT r.workshop_id, p.id, p.birth_year, p.age_group, w.starts_at, r.status
         FROM registration AS r JOIN participant AS p ON p.id = r.participant_id
         JOIN workshop AS w ON w.id = r.workshop_id",
    )?;
    let rows: Vec<(i64, i64, Option<i32>, String, String, String)> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?
        .collect::<Result<_, _>>()?;
    let mut languages = conn.prepare_cached(
        "SELECT code FROM participant_language WHERE participant_id = ?1 ORDER BY code",
    )?;
    let mut counts = BTreeMap::new();
    for (workshop_id, participant, birth_year, group, starts_at, status) in rows {
        let year = crate::time::parse(&starts_at).map_or(0, |t| t.year());
        let age_group = if group.trim().is_empty() {
            age_group(birth_year, year)
        } else {
            group
        };
        let mut codes: Vec<String> = languages
            .query_map([participant], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        if codes.is_empty() {
            codes.push("–".into());
        }
        for language in codes {
            *counts
                .entry(ParticipantKey {
                    workshop_id,
                    age_group: age_group.clone(),
                    language,
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
    let loans = loan_statistics(db)?
        .into_iter()
        .map(|(k, count)| CountRow {
            group: vec![k.month, k.media_kind, k.level, k.borrower_kind],
            count,
        })
        .collect();
    let mut stmt = db.conn().prepare_cached("SELECT id, title FROM workshop")?;
    let titles: BTreeMap<i64, String> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let participants = participant_statistics(db)?
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
