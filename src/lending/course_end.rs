//! Due dates tied to the course (issue 23, point 4): instead of the loan
//! period, staff pick when the course ends (a date, or a term from the list
//! kept in Einstellungen → Ausleihe, "Schulhalbjahr 1" ending 31 January),
//! within the longest time ahead set for each Mediengruppe. The loan keeps
//! only its due date, so renewals, the overdue list and the reminders
//! follow it as they follow any due date.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::db::engine::{args, Sql};
use crate::{limits, Error, Result};

/// How far ahead a course end may lie for a Mediengruppe with no limit of
/// its own: half a year, about a term.
pub const DEFAULT_COURSE_DAYS: u32 = 180;

/// The longest limit staff may set: two years.
pub const MAX_COURSE_DAYS: u32 = 730;

/// A term staff pick as the course end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseTerm {
    /// "Schulhalbjahr 1", "Kurs bis 31.01.2027".
    pub name: String,
    /// Its last day: the due date of what is lent for it.
    pub ends_on: NaiveDate,
}

/// How far ahead a course end may lie for one Mediengruppe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseEndLimit {
    /// The Mediengruppe.
    pub kind_id: i64,
    /// Its name, as shown.
    #[serde(default)]
    pub kind_name: String,
    /// Days from the day of lending.
    pub max_days: u32,
}

/// The terms, the earliest end first.
pub(super) fn terms_in(sql: &dyn Sql) -> Result<Vec<CourseTerm>> {
    sql.rows(
        "SELECT name, ends_on FROM course_term ORDER BY ends_on, name",
        &[],
    )?
    .iter()
    .map(|r| {
        Ok(CourseTerm {
            name: r.get(0)?,
            ends_on: r.get(1)?,
        })
    })
    .collect()
}

/// The limit of every Mediengruppe (the default where none is set).
pub(super) fn limits_in(sql: &dyn Sql) -> Result<Vec<CourseEndLimit>> {
    sql.rows(
        "SELECT k.id, k.name, c.max_days FROM media_kind AS k
         LEFT JOIN course_end_limit AS c ON c.kind_id = k.id
         ORDER BY k.builtin DESC, k.id",
        &[],
    )?
    .iter()
    .map(|r| {
        Ok(CourseEndLimit {
            kind_id: r.get(0)?,
            kind_name: r.get(1)?,
            max_days: r.get::<Option<u32>>(2)?.unwrap_or(DEFAULT_COURSE_DAYS),
        })
    })
    .collect()
}

/// Checks the terms and limits staff entered: each term named (at most
/// [`limits::NAME`] characters) and named once; each limit from 1 to
/// [`MAX_COURSE_DAYS`] days. Returns the terms with trimmed names.
pub(super) fn check(terms: &[CourseTerm], limits: &[CourseEndLimit]) -> Result<Vec<CourseTerm>> {
    let mut clean: Vec<CourseTerm> = Vec::with_capacity(terms.len());
    for term in terms {
        let name = term.name.trim();
        if name.is_empty() {
            return Err(Error::Required {
                field: "course_terms",
            });
        }
        limits::check("course_terms", name, limits::NAME)?;
        if clean
            .iter()
            .any(|t| t.name.to_lowercase() == name.to_lowercase())
        {
            return Err(Error::CourseTermTwice {
                name: name.to_owned(),
            });
        }
        clean.push(CourseTerm {
            name: name.to_owned(),
            ends_on: term.ends_on,
        });
    }
    for limit in limits {
        if limit.max_days == 0 || limit.max_days > MAX_COURSE_DAYS {
            return Err(Error::OutOfRange {
                field: "course_max_days",
                min: 1,
                max: MAX_COURSE_DAYS,
            });
        }
    }
    Ok(clean)
}

/// Replaces the stored terms and limits (inside the settings' write).
pub(super) fn store_in(
    tx: &dyn Sql,
    terms: &[CourseTerm],
    limits: &[CourseEndLimit],
) -> Result<()> {
    tx.run("DELETE FROM course_term", &[])?;
    for term in terms {
        tx.run(
            "INSERT INTO course_term (name, ends_on) VALUES (?1, ?2)",
            args![term.name.as_str(), term.ends_on],
        )?;
    }
    for limit in limits {
        tx.run(
            "INSERT INTO course_end_limit (kind_id, max_days)
             SELECT id, ?2 FROM media_kind WHERE id = ?1
             ON CONFLICT (kind_id) DO UPDATE SET max_days = excluded.max_days",
            args![limit.kind_id, limit.max_days],
        )?;
    }
    Ok(())
}

/// Checks a course end for a copy of the Mediengruppe `kind_id` lent on
/// `today`: after today, and no later than the Mediengruppe's limit.
///
/// # Errors
/// [`Error::CourseEndOutOfRange`] with the latest day allowed.
pub(super) fn check_end(
    sql: &dyn Sql,
    kind_id: i64,
    today: NaiveDate,
    end: NaiveDate,
) -> Result<()> {
    let row = sql.row(
        "SELECT k.name, c.max_days FROM media_kind AS k
         LEFT JOIN course_end_limit AS c ON c.kind_id = k.id WHERE k.id = ?1",
        args![kind_id],
    )?;
    let (kind, days) = match row {
        Some(row) => (
            row.get::<String>(0)?,
            row.get::<Option<u32>>(1)?.unwrap_or(DEFAULT_COURSE_DAYS),
        ),
        None => (String::new(), DEFAULT_COURSE_DAYS),
    };
    let latest = today + Days::new(u64::from(days));
    if end <= today || end > latest {
        return Err(Error::CourseEndOutOfRange { kind, latest });
    }
    Ok(())
}
