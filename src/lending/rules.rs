//! Loan rules and the opening calendar, as set in Einstellungen → Ausleihe.

use super::course_end::{self, CourseEndLimit, CourseTerm};
use std::collections::HashMap;

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::db::engine::{args, scalar, value, Engine, Sql};
use crate::error::Record;
use crate::people::BorrowerKind;
use crate::settings::put_setting_in;
use crate::{Db, Error, Result};

/// Loan period and renewals for one Mediengruppe and kind of borrower.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoanRule {
    /// The Mediengruppe.
    pub kind_id: i64,
    /// Its name, for the settings table (ignored when saving).
    #[serde(default)]
    pub kind_name: String,
    /// The kind of borrower.
    pub borrower_kind: BorrowerKind,
    /// Days from checkout (or renewal) to the due date.
    pub period_days: u32,
    /// How often a loan may be renewed.
    pub max_renewals: u32,
}

/// How many items one kind of borrower may have at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoanLimit {
    /// The kind of borrower.
    pub borrower_kind: BorrowerKind,
    /// How many items at once.
    pub max_items: u32,
}

/// Days the Mediathek is closed, first and last day included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosingPeriod {
    /// The first day closed.
    pub first_day: NaiveDate,
    /// The last day closed; not before the first.
    pub last_day: NaiveDate,
    /// "Weihnachtsferien", shown in the settings only.
    #[serde(default)]
    pub reason: String,
}

/// Everything staff set for lending.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LendingSettings {
    /// One row per Mediengruppe × kind of borrower.
    pub rules: Vec<LoanRule>,
    /// One row per kind of borrower.
    pub limits: Vec<LoanLimit>,
    /// ISO weekday numbers the Mediathek is closed (1 Monday … 7 Sunday).
    pub closed_weekdays: Vec<u8>,
    /// Holidays and vacation.
    pub closing_periods: Vec<ClosingPeriod>,
    /// A loan overdue by more than this many days is not renewed.
    pub renewal_grace_days: u32,
    /// Days a reserved copy waits for pickup.
    pub pickup_days: u32,
    /// Days overdue before the 1st reminder, then days after the 1st before
    /// the 2nd, and after the 2nd before the 3rd.
    pub reminder_days: [u32; 3],
    /// Print the loan slip after every checkout session without asking.
    pub auto_print_slip: bool,
    /// Raised by one at every save (0 before the first): the version the
    /// form read, sent back when it saves, so that of two PCs saving the
    /// rules they read, the second is refused (the shared database).
    #[serde(default)]
    pub version: i64,
    /// The workstation that saved them last; empty when not known.
    #[serde(default)]
    pub saved_by: String,
    /// When they were saved last; `None` before the first save.
    #[serde(default)]
    pub saved_at: Option<NaiveDateTime>,
    /// The terms staff pick as a course end (issue 23), the earliest first.
    #[serde(default)]
    pub course_terms: Vec<CourseTerm>,
    /// How far ahead a course end may lie, per Mediengruppe.
    #[serde(default)]
    pub course_end_limits: Vec<CourseEndLimit>,
}

/// The prefix of the settings keys of [`LendingSettings`]'s version, its
/// workstation and its moment (`crate::versions::claim_settings`), read
/// with the other settings in one statement.
const VERSIONS: &str = "lending";
const VERSION_KEY: &str = "lending_version";
const SAVED_BY_KEY: &str = "lending_saved_by";
const SAVED_AT_KEY: &str = "lending_saved_at";

/// Longest closing period accepted: half a year. It keeps the search for
/// the next open day short and catches a mistyped year.
const MAX_CLOSING_DAYS: i64 = 183;

pub(crate) const BORROWER_KINDS: [BorrowerKind; 4] = [
    BorrowerKind::Hauptamtlich,
    BorrowerKind::Ehrenamtlich,
    BorrowerKind::Organisation,
    BorrowerKind::Sonstige,
];

pub(crate) fn number_setting(sql: &dyn Sql, key: &str, default: u32) -> Result<u32> {
    let value: Option<String> = value(
        sql,
        "SELECT value FROM app_setting WHERE key = ?1",
        args![key],
    )?;
    Ok(value.and_then(|v| v.parse().ok()).unwrap_or(default))
}

/// The lending settings.
///
/// # Errors
/// Only SQLite failures.
pub fn lending_settings(db: &Db) -> Result<LendingSettings> {
    lending_settings_in(db.conn())
}

/// [`lending_settings`] on either engine.
///
/// # Errors
/// A failure of the engine.
pub fn lending_settings_in(sql: &dyn Sql) -> Result<LendingSettings> {
    // Every setting in one statement, and every limit in another: the
    // calendar is read at each checkout and return, and on the shared
    // database each statement is a round trip to the server.
    let stored: HashMap<String, Option<String>> = sql
        .rows(
            "SELECT key, value FROM app_setting WHERE key IN (
                 'default_loan_days', 'default_max_renewals', 'closed_weekdays',
                 'renewal_grace_days', 'pickup_days', 'reminder_days_1', 'reminder_days_2',
                 'reminder_days_3', 'auto_print_slip', 'lending_version', 'lending_saved_by',
                 'lending_saved_at')",
            &[],
        )?
        .iter()
        .map(|r| Ok((r.get(0)?, r.get(1)?)))
        .collect::<Result<_>>()?;
    let number = |key: &str, default: u32| {
        stored
            .get(key)
            .and_then(|v| v.as_deref())
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let default_days = number("default_loan_days", 28);
    let default_renewals = number("default_max_renewals", 2);
    let rules = sql
        .rows(
            "SELECT k.id, k.name, b.kind, r.period_days, r.max_renewals
             FROM media_kind AS k
             CROSS JOIN (SELECT 'hauptamtlich' AS kind, 1 AS pos UNION ALL
                         SELECT 'ehrenamtlich', 2 UNION ALL SELECT 'organisation', 3 UNION ALL
                         SELECT 'sonstige', 4) AS b
             LEFT JOIN loan_rule AS r ON r.kind_id = k.id AND r.borrower_kind = b.kind
             ORDER BY k.builtin DESC, k.id, b.pos",
            &[],
        )?
        .iter()
        .map(|r| {
            Ok(LoanRule {
                kind_id: r.get(0)?,
                kind_name: r.get(1)?,
                borrower_kind: BorrowerKind::from_code(&r.get::<String>(2)?),
                period_days: r.get::<Option<u32>>(3)?.unwrap_or(default_days),
                max_renewals: r.get::<Option<u32>>(4)?.unwrap_or(default_renewals),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let stored_limits: HashMap<String, u32> = sql
        .rows("SELECT borrower_kind, max_items FROM loan_limit", &[])?
        .iter()
        .map(|r| Ok((r.get(0)?, r.get(1)?)))
        .collect::<Result<_>>()?;
    let limits = BORROWER_KINDS
        .into_iter()
        .map(|kind| LoanLimit {
            borrower_kind: kind,
            max_items: stored_limits
                .get(kind.code())
                .copied()
                .unwrap_or(DEFAULT_LIMIT),
        })
        .collect();
    let closed = stored.get("closed_weekdays").cloned().flatten();
    let closed_weekdays = closed_weekdays(closed.as_deref());
    let closing_periods = closing_periods(sql)?;
    Ok(LendingSettings {
        rules,
        limits,
        closed_weekdays,
        closing_periods,
        renewal_grace_days: number("renewal_grace_days", 7),
        pickup_days: number("pickup_days", 7),
        reminder_days: [
            number("reminder_days_1", 7),
            number("reminder_days_2", 14),
            number("reminder_days_3", 14),
        ],
        auto_print_slip: number("auto_print_slip", 0) == 1,
        version: stored
            .get(VERSION_KEY)
            .and_then(|v| v.as_deref())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0),
        saved_by: stored
            .get(SAVED_BY_KEY)
            .cloned()
            .flatten()
            .unwrap_or_default(),
        saved_at: stored
            .get(SAVED_AT_KEY)
            .and_then(|v| v.as_deref())
            .and_then(|v| crate::time::parse(v).ok()),
        course_terms: course_end::terms_in(sql)?,
        course_end_limits: course_end::limits_in(sql)?,
    })
}

fn in_range(value: u32, min: u32, max: u32, field: &'static str) -> Result<()> {
    if value < min || value > max {
        return Err(Error::OutOfRange { field, min, max });
    }
    Ok(())
}

/// Checks and stores the lending settings; returns them as stored.
///
/// # Errors
/// [`Error::OutOfRange`] for a number outside its range (the field names
/// the row: `period_days_3_ehrenamtlich`), [`Error::AllWeekdaysClosed`],
/// [`Error::ClosingPeriodInvalid`], [`Error::UnknownMediaKind`]. Nothing is
/// stored when anything is refused.
pub fn save_lending_settings(
    store: &mut impl Engine,
    input: &LendingSettings,
    by: &str,
    now: NaiveDateTime,
) -> Result<LendingSettings> {
    for rule in &input.rules {
        in_range(rule.period_days, 1, 365, "period_days")?;
        in_range(rule.max_renewals, 0, 20, "max_renewals")?;
    }
    for limit in &input.limits {
        in_range(limit.max_items, 1, 500, "max_items")?;
    }
    let mut closed: Vec<u8> = input.closed_weekdays.clone();
    closed.sort_unstable();
    closed.dedup();
    if closed.iter().any(|d| !(1..=7).contains(d)) {
        return Err(Error::OutOfRange {
            field: "closed_weekdays",
            min: 1,
            max: 7,
        });
    }
    if closed.len() == 7 {
        return Err(Error::AllWeekdaysClosed);
    }
    for period in &input.closing_periods {
        crate::limits::check("closing_periods", period.reason.trim(), crate::limits::NAME)?;
        let length = (period.last_day - period.first_day).num_days();
        if !(0..MAX_CLOSING_DAYS).contains(&length) {
            return Err(Error::ClosingPeriodInvalid {
                first_day: period.first_day,
            });
        }
    }
    let terms = course_end::check(&input.course_terms, &input.course_end_limits)?;
    in_range(input.renewal_grace_days, 0, 365, "renewal_grace_days")?;
    in_range(input.pickup_days, 1, 60, "pickup_days")?;
    for (i, days) in input.reminder_days.iter().enumerate() {
        in_range(
            *days,
            1,
            365,
            ["reminder_days_1", "reminder_days_2", "reminder_days_3"][i],
        )?;
    }
    store.write_sql(|tx| {
        // Claimed before anything is written: refused when another PC
        // saved the rules since this form read them.
        crate::versions::claim_settings(
            tx,
            VERSIONS,
            Record::LendingSettings,
            input.version,
            by,
            now,
        )?;
        for rule in &input.rules {
            let known: bool = scalar(
                tx,
                "SELECT EXISTS (SELECT 1 FROM media_kind WHERE id = ?1)",
                args![rule.kind_id],
            )?;
            if !known {
                return Err(Error::UnknownMediaKind);
            }
            tx.run(
                "INSERT INTO loan_rule (kind_id, borrower_kind, period_days, max_renewals)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (kind_id, borrower_kind) DO UPDATE SET
                     period_days = excluded.period_days, max_renewals = excluded.max_renewals",
                args![
                    rule.kind_id,
                    rule.borrower_kind.code(),
                    rule.period_days,
                    rule.max_renewals
                ],
            )?;
        }
        for limit in &input.limits {
            tx.run(
                "INSERT INTO loan_limit (borrower_kind, max_items) VALUES (?1, ?2)
                 ON CONFLICT (borrower_kind) DO UPDATE SET max_items = excluded.max_items",
                args![limit.borrower_kind.code(), limit.max_items],
            )?;
        }
        let weekdays: Vec<String> = closed.iter().map(u8::to_string).collect();
        put_setting_in(tx, "closed_weekdays", &weekdays.join(","))?;
        tx.run("DELETE FROM closing_period", &[])?;
        for period in &input.closing_periods {
            tx.run(
                "INSERT INTO closing_period (first_day, last_day, reason) VALUES (?1, ?2, ?3)",
                args![period.first_day, period.last_day, period.reason.trim()],
            )?;
        }
        put_setting_in(
            tx,
            "renewal_grace_days",
            &input.renewal_grace_days.to_string(),
        )?;
        put_setting_in(tx, "pickup_days", &input.pickup_days.to_string())?;
        for (i, days) in input.reminder_days.iter().enumerate() {
            put_setting_in(tx, &format!("reminder_days_{}", i + 1), &days.to_string())?;
        }
        put_setting_in(
            tx,
            "auto_print_slip",
            if input.auto_print_slip { "1" } else { "0" },
        )?;
        course_end::store_in(tx, &terms, &input.course_end_limits)?;
        lending_settings_in(tx)
    })
}

/// The weekdays (1 = Monday) the stored setting names as closed.
fn closed_weekdays(stored: Option<&str>) -> Vec<u8> {
    stored
        .unwrap_or_default()
        .split(',')
        .filter_map(|d| d.trim().parse::<u8>().ok())
        .filter(|d| (1..=7).contains(d))
        .collect()
}

/// The closing periods, the earliest first.
fn closing_periods(sql: &dyn Sql) -> Result<Vec<ClosingPeriod>> {
    sql.rows(
        "SELECT first_day, last_day, reason FROM closing_period ORDER BY first_day",
        &[],
    )?
    .iter()
    .map(|r| {
        Ok(ClosingPeriod {
            first_day: r.get(0)?,
            last_day: r.get(1)?,
            reason: r.get(2)?,
        })
    })
    .collect()
}

/// The days the Mediathek is open.
#[derive(Debug, Clone)]
pub(crate) struct Calendar {
    closed_weekdays: [bool; 7],
    periods: Vec<(NaiveDate, NaiveDate)>,
}

impl Calendar {
    /// Reads only what the calendar needs, in one statement (every
    /// setting would be four, and on the shared database each statement is
    /// a round trip to the server): the closed weekdays on every row, next
    /// to each closing period (one row with no period when there is none).
    pub(crate) fn load(sql: &dyn Sql) -> Result<Calendar> {
        let rows = sql.rows(
            "SELECT (SELECT value FROM app_setting WHERE key = 'closed_weekdays'),
                    p.first_day, p.last_day
             FROM (SELECT 1 AS one) AS o LEFT JOIN closing_period AS p ON 1 = 1",
            &[],
        )?;
        let closed: Option<String> = match rows.first() {
            Some(row) => row.get(0)?,
            None => None,
        };
        let mut periods = Vec::new();
        for row in &rows {
            if let (Some(first), Some(last)) = (
                row.get::<Option<NaiveDate>>(1)?,
                row.get::<Option<NaiveDate>>(2)?,
            ) {
                periods.push((first, last));
            }
        }
        Ok(Calendar::from_parts(
            &closed_weekdays(closed.as_deref()),
            periods.into_iter(),
        ))
    }

    fn from_parts(
        closed: &[u8],
        periods: impl Iterator<Item = (NaiveDate, NaiveDate)>,
    ) -> Calendar {
        let mut closed_weekdays = [false; 7];
        for d in closed {
            if let Some(slot) = closed_weekdays.get_mut(usize::from(d.saturating_sub(1))) {
                *slot = true;
            }
        }
        Calendar {
            closed_weekdays,
            periods: periods.collect(),
        }
    }

    /// Whether the Mediathek is open on `day`.
    pub(crate) fn is_open(&self, day: NaiveDate) -> bool {
        let weekday = day.weekday().number_from_monday() as usize - 1;
        !self.closed_weekdays[weekday]
            && !self
                .periods
                .iter()
                .any(|(first, last)| *first <= day && day <= *last)
    }

    /// `day` itself when the Mediathek is open then, else the next open day.
    /// Settings keep one weekday open and periods under half a year, so the
    /// search ends; the bound only guards against a hand-edited database.
    pub(crate) fn next_open(&self, day: NaiveDate) -> NaiveDate {
        let mut candidate = day;
        for _ in 0..400 {
            if self.is_open(candidate) {
                return candidate;
            }
            candidate = candidate + Days::new(1);
        }
        day
    }

    /// The due date of a loan starting (or renewed) on `from`.
    pub(crate) fn due_date(&self, from: NaiveDate, period_days: u32) -> NaiveDate {
        self.next_open(from + Days::new(u64::from(period_days)))
    }
}

/// The loan period and renewals for a Mediengruppe and kind of borrower.
pub(crate) fn rule_for(
    sql: &dyn Sql,
    kind_id: i64,
    borrower_kind: BorrowerKind,
) -> Result<(u32, u32)> {
    let row = sql.row(
        "SELECT period_days, max_renewals FROM loan_rule
         WHERE kind_id = ?1 AND borrower_kind = ?2",
        args![kind_id, borrower_kind.code()],
    )?;
    match row {
        Some(rule) => Ok((rule.get(0)?, rule.get(1)?)),
        None => Ok((
            number_setting(sql, "default_loan_days", 28)?,
            number_setting(sql, "default_max_renewals", 2)?,
        )),
    }
}

/// What a checkout needs from the rules, in one statement: the borrower
/// kind's limit ([`limit_for`]) and the loan period ([`rule_for`]).
pub(crate) fn limit_and_period(
    sql: &dyn Sql,
    kind_id: i64,
    borrower_kind: BorrowerKind,
) -> Result<(u32, u32)> {
    // A SELECT without FROM gives exactly one row.
    let Some(row) = sql.row(
        "SELECT (SELECT max_items FROM loan_limit WHERE borrower_kind = ?2),
                (SELECT period_days FROM loan_rule WHERE kind_id = ?1 AND borrower_kind = ?2),
                (SELECT value FROM app_setting WHERE key = 'default_loan_days')",
        args![kind_id, borrower_kind.code()],
    )?
    else {
        return Ok((
            limit_for(sql, borrower_kind)?,
            rule_for(sql, kind_id, borrower_kind)?.0,
        ));
    };
    let default_days = row
        .get::<Option<String>>(2)?
        .and_then(|v| v.parse().ok())
        .unwrap_or(28);
    Ok((
        row.get::<Option<u32>>(0)?.unwrap_or(DEFAULT_LIMIT),
        row.get::<Option<u32>>(1)?.unwrap_or(default_days),
    ))
}

pub(crate) fn limit_for(sql: &dyn Sql, borrower_kind: BorrowerKind) -> Result<u32> {
    Ok(value(
        sql,
        "SELECT max_items FROM loan_limit WHERE borrower_kind = ?1",
        args![borrower_kind.code()],
    )?
    .unwrap_or(DEFAULT_LIMIT))
}

/// The most items a kind of borrower may hold when no limit is set.
const DEFAULT_LIMIT: u32 = 10;

/// The due date a checkout on `today` would get, for the desk's preview and
/// the tests.
///
/// # Errors
/// Only SQLite failures.
pub fn due_date_for(
    db: &Db,
    kind_id: i64,
    borrower_kind: BorrowerKind,
    today: NaiveDate,
) -> Result<NaiveDate> {
    let (days, _) = rule_for(db.conn(), kind_id, borrower_kind)?;
    Ok(Calendar::load(db.conn())?.due_date(today, days))
}

/// At a return (inside its transaction): when the rules say "at return",
/// the loan stops naming the borrower, unless the borrower agreed to keep a
/// history or something is recorded as missing.
///
/// This is the privacy rule [`crate::privacy::Rule::LoanLink`] at its
/// shortest; it lives here, with the return that applies it, so that
/// lending does not depend on the privacy module (which reads loans).
/// Later deadlines are applied by [`crate::privacy::run_automatic`].
///
/// # Errors
/// A failure of the engine.
pub fn unlink_at_return(tx: &dyn Sql, loan_id: i64) -> Result<()> {
    if number_setting(tx, "privacy.loan_link_days", 0)? > 0 {
        return Ok(());
    }
    tx.run(
        "UPDATE loan SET borrower_id = NULL
         WHERE id = ?1 AND outcome = 'zurueckgegeben' AND missing_parts = ''
           AND borrower_id IN (SELECT id FROM borrower WHERE history_consent_on IS NULL)",
        args![loan_id],
    )?;
    unlink_reminders(tx, loan_id)
}

/// A reminder names its borrower only as long as its loan does: once the
/// loan stops naming the borrower (at the return, or later under the
/// retention rules), the letters sent about it do too, so that no list of
/// what someone borrowed outlives the loan's own link. Such a reminder is
/// no longer on the borrower's page and no longer in a Zweitschrift.
///
/// # Errors
/// A failure of the engine.
pub fn unlink_reminders(tx: &dyn Sql, loan_id: i64) -> Result<()> {
    tx.run(
        "UPDATE reminder SET borrower_id = NULL
         WHERE loan_id = ?1 AND (SELECT borrower_id FROM loan WHERE id = ?1) IS NULL",
        args![loan_id],
    )?;
    Ok(())
}
