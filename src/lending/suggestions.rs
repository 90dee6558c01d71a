//! Suggestions at the desk: media on the shelf that fit what a teacher
//! teaches, as the teacher's profile says or as judged from the teacher's
//! own loans (issue 23, point 2).
//!
//! Suggestions are for teachers (paid and volunteer borrowers, not
//! organisations or others). What a teacher teaches is read from the media
//! they borrowed: the target language they borrowed most, and the level of
//! their latest loan in it (the upper end of a medium's range: an A1–A2
//! book is used in an A2 course). Suggested are media of that target
//! language whose range takes in that level, with a copy on the shelf,
//! that no loan still linked to this teacher names; the most recently
//! catalogued first. Only loans still linked to the person count: a loan
//! the retention rules have unlinked (`borrower_id` gone) is no longer the
//! teacher's and is never used. What staff record on the borrower's form
//! (the target language taught, the level) comes first; what it leaves
//! open is taken from the loans as above.

use serde::Serialize;

use crate::catalogue::Level;
use crate::db::engine::{args, Sql};
use crate::Result;

/// How many media are suggested at most.
pub const SUGGESTED: usize = 5;

/// What a teacher's loans say they teach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Teaching {
    /// The target language's code ("de").
    pub target_language: String,
    /// Its name as the catalogue shows it ("Deutsch").
    pub language_name: String,
    /// The level of the latest loan in that language, or the profile's.
    pub level: Level,
    /// Whether the teacher's profile (the borrower form) named the
    /// language or the level, rather than the loans alone.
    pub from_profile: bool,
}

/// One suggested medium.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// The medium.
    pub medium_id: i64,
    /// Its title.
    pub title: String,
    /// Its level range (either end may be open).
    pub level_from: Option<Level>,
    /// The range's upper end.
    pub level_to: Option<Level>,
    /// Copies on the shelf now.
    pub on_shelf: u32,
    /// Where on the shelf (Standort), as catalogued; may be empty.
    pub location: String,
}

/// The suggestions for one borrower.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestions {
    /// What the loans say; `None` when no loan names a language and level.
    pub teaching: Option<Teaching>,
    /// At most [`SUGGESTED`], newest media first.
    pub media: Vec<Suggestion>,
}

/// The suggestions for `borrower_id` (see the module's text), on either
/// engine. A borrower whose profile and loans name no language and level
/// gets none.
///
/// # Errors
/// A failure of the engine.
pub fn suggestions_in(sql: &dyn Sql, borrower_id: i64) -> Result<Suggestions> {
    // Teachers, paid or volunteer: an organisation or another borrower
    // borrows for something else than a course.
    let borrower = sql.row(
        "SELECT kind, teaching_language, teaching_level FROM borrower WHERE id = ?1",
        args![borrower_id],
    )?;
    let teaching = match borrower {
        Some(row)
            if matches!(
                row.get::<String>(0)?.as_str(),
                "hauptamtlich" | "ehrenamtlich"
            ) =>
        {
            let profile = (
                row.get::<Option<String>>(1)?,
                row.get::<Option<i64>>(2)?.and_then(Level::from_rank),
            );
            teaching_in(sql, borrower_id, profile)?
        }
        _ => None,
    };
    let Some(teaching) = teaching else {
        return Ok(Suggestions {
            teaching: None,
            media: Vec::new(),
        });
    };
    let rows = sql.rows(
        "SELECT m.id, m.title, m.level_from, m.level_to,
                (SELECT count(*) FROM copy c
                 WHERE c.medium_id = m.id AND c.status = 'verfuegbar'),
                m.location
         FROM medium m
         WHERE EXISTS (SELECT 1 FROM medium_language ml
                       WHERE ml.medium_id = m.id AND ml.role = 'ziel' AND ml.code = ?2)
           AND (m.level_from IS NOT NULL OR m.level_to IS NOT NULL)
           AND coalesce(m.level_from, 0) <= ?3 AND coalesce(m.level_to, 6) >= ?3
           AND EXISTS (SELECT 1 FROM copy c
                       WHERE c.medium_id = m.id AND c.status = 'verfuegbar')
           AND NOT EXISTS (SELECT 1 FROM loan l JOIN copy c ON c.id = l.copy_id
                           WHERE c.medium_id = m.id AND l.borrower_id = ?1)
         ORDER BY m.id DESC
         LIMIT ?4",
        args![
            borrower_id,
            &teaching.target_language,
            teaching.level.rank(),
            SUGGESTED as i64
        ],
    )?;
    let media = rows
        .iter()
        .map(|r| {
            Ok(Suggestion {
                medium_id: r.get(0)?,
                title: r.get(1)?,
                level_from: r.get::<Option<i64>>(2)?.and_then(Level::from_rank),
                level_to: r.get::<Option<i64>>(3)?.and_then(Level::from_rank),
                on_shelf: u32::try_from(r.get::<i64>(4)?).unwrap_or(u32::MAX),
                location: r.get(5)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Suggestions {
        teaching: Some(teaching),
        media,
    })
}

/// What the borrower teaches: the profile's language and level where staff
/// recorded them; what is missing from the linked loans: the target
/// language they name most (on a tie, the one of the latest loan), or the
/// profile's language, and the level of the latest loan in it.
fn teaching_in(
    sql: &dyn Sql,
    borrower_id: i64,
    (profile_language, profile_level): (Option<String>, Option<Level>),
) -> Result<Option<Teaching>> {
    let from_profile = profile_language.is_some() || profile_level.is_some();
    if let (Some(code), Some(level)) = (&profile_language, profile_level) {
        return Ok(Some(Teaching {
            language_name: crate::languages::name(code).to_owned(),
            target_language: code.clone(),
            level,
            from_profile,
        }));
    }
    let rows = sql.rows(
        "SELECT ml.code, coalesce(m.level_to, m.level_from)
         FROM loan l
         JOIN copy c ON c.id = l.copy_id
         JOIN medium m ON m.id = c.medium_id
         JOIN medium_language ml ON ml.medium_id = m.id AND ml.role = 'ziel'
         WHERE l.borrower_id = ?1 AND coalesce(m.level_to, m.level_from) IS NOT NULL
         ORDER BY l.loaned_at DESC, l.id DESC",
        args![borrower_id],
    )?;
    // (language, level of its latest loan, how many loans), latest first.
    let mut languages: Vec<(String, i64, usize)> = Vec::new();
    for r in &rows {
        let code: String = r.get(0)?;
        if profile_language
            .as_ref()
            .is_some_and(|taught| *taught != code)
        {
            continue;
        }
        let level: i64 = r.get(1)?;
        match languages.iter_mut().find(|(c, _, _)| *c == code) {
            Some(entry) => entry.2 += 1,
            None => languages.push((code, level, 1)),
        }
    }
    // The first of the most borrowed: `max_by_key` would take the last.
    let most = languages.iter().map(|(_, _, n)| *n).max().unwrap_or(0);
    Ok(languages
        .into_iter()
        .find(|(_, _, n)| *n == most)
        .and_then(|(code, level, _)| {
            profile_level
                .or_else(|| Level::from_rank(level))
                .map(|level| Teaching {
                    language_name: crate::languages::name(&code).to_owned(),
                    target_language: code,
                    level,
                    from_profile,
                })
        }))
}
