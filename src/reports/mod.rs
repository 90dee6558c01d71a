//! Berichte: the figures the centre reports to its funders, for a period
//! and the same period a year before, counted only from what anonymisation
//! and erasure keep (the kind of borrower of a loan, never the borrower;
//! registrations, languages and attendance of anonymised participants;
//! organisations and their attendance counts, never contacts). Erasing a
//! person therefore changes no figure. The decisions are written down in
//! `docs/architecture.md`, section "Berichte".

mod events;
mod mediathek;
mod organisations;
mod period;
pub mod small;
mod snapshot;

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rusqlite::{Connection, ToSql};
use serde::Serialize;

pub use period::{Period, PeriodChoice};
pub use snapshot::snapshot_in;

use crate::db::engine::{Engine, Sql};
use crate::events::Figures;
use crate::store::Store;
use crate::{Db, Result};

/// A figure in the period (`now`) and in the same period a year before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct Compared<T> {
    /// In the chosen period.
    pub now: T,
    /// In the same period a year before.
    pub before: T,
}

/// One row of a table of counts: the group and its count in both periods.
/// An empty `group` is "ohne Angabe" (the UI names it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    /// A month (`2026-03`), a Mediengruppe's name, a level, a language
    /// code, a kind of borrower, a municipality, …
    pub group: String,
    /// How many.
    pub count: Compared<u32>,
}

/// A share: how many of how many, and the rounded percentage (`None` when
/// there is nothing to divide by).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct Share {
    /// The part (overdue loans).
    pub part: u32,
    /// The whole (loans due).
    pub whole: u32,
    /// `part` as a share of `whole`, in per cent.
    pub percent: Option<u32>,
}

impl Share {
    fn new(part: u32, whole: u32) -> Share {
        Share {
            part,
            whole,
            percent: (whole > 0)
                .then(|| ((f64::from(part) * 100.0) / f64::from(whole)).round() as u32),
        }
    }
}

/// A medium among the most lent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LentMedium {
    /// The medium's number in the database.
    pub medium_id: i64,
    /// Its title.
    pub title: String,
    /// Its Mediengruppe.
    pub media_kind: String,
    /// Loans of any of its copies.
    pub loans: Compared<u32>,
}

/// The Mediathek's figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mediathek {
    /// Loans in the period.
    pub loans: Compared<u32>,
    /// Loans per month of the period; `before` is the same month a year
    /// before.
    pub loans_by_month: Vec<Line>,
    /// Loans per Mediengruppe (every Mediengruppe, also with none).
    pub loans_by_media_kind: Vec<Line>,
    /// Loans per Sprachniveau: a medium for A1–B1 counts for A1, A2 and B1;
    /// a medium without a level under "".
    pub loans_by_level: Vec<Line>,
    /// Loans per target language (role `ziel`): a medium with two counts
    /// for both; one without under "".
    pub loans_by_language: Vec<Line>,
    /// Loans per kind of borrower, kept on the loan after erasure.
    pub loans_by_borrower_kind: Vec<Line>,
    /// Renewals in the period (each renewal counted on its day).
    pub renewals: Compared<u32>,
    /// Renewals per month of the period (months as in `loans_by_month`).
    pub renewals_by_month: Vec<Line>,
    /// Borrowers with at least one loan in the period, per kind of
    /// borrower (each borrower once, also after erasure). Recorded by
    /// month: a period that does not start on the 1st counts from the 1st
    /// of its first month.
    pub active_borrowers_by_kind: Vec<Line>,
    /// Borrowers whose first loan ever falls in the period, per kind.
    pub new_borrowers_by_kind: Vec<Line>,
    /// Copies in stock at the period's last day.
    pub stock: Compared<u32>,
    /// Stock per Mediengruppe.
    pub stock_by_media_kind: Vec<Line>,
    /// Stock per Sprachniveau (as for loans).
    pub stock_by_level: Vec<Line>,
    /// Stock per target language (as for loans).
    pub stock_by_language: Vec<Line>,
    /// Copies acquired in the period.
    pub acquired: Compared<u32>,
    /// Copies withdrawn or lost in the period.
    pub withdrawn: Compared<u32>,
    /// The 20 media lent most in the period, most first.
    pub most_lent: Vec<LentMedium>,
    /// Media in stock for at least two years at the period's end and not
    /// lent in those two years, per Mediengruppe.
    pub never_lent_by_media_kind: Vec<Line>,
    /// Of the loans due in the period, those returned late or still out
    /// after their due day.
    pub overdue: Compared<Share>,
    /// Reservations made in the period that waited more than 14 days for
    /// a copy (or still wait, or were given up after 14 days).
    pub reservations_waited_long: Compared<u32>,
}

/// A cooperation project that overlaps the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectLine {
    /// The project's number in the database.
    pub id: i64,
    /// Its title.
    pub title: String,
    /// First day, if known.
    pub starts_on: Option<NaiveDate>,
    /// Last day, if known.
    pub ends_on: Option<NaiveDate>,
    /// geplant, laufend, abgeschlossen (as it stands today).
    pub status: String,
    /// The partner organisations' names.
    pub partners: Vec<String>,
}

/// An organisation's attendance at Arbeitskreis meetings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttendanceLine {
    /// The organisation's number in the database.
    pub organisation_id: i64,
    /// Its name.
    pub name: String,
    /// Meetings at which it was present with at least one person.
    pub meetings: Compared<u32>,
    /// The persons it sent, summed over the meetings.
    pub persons: Compared<u32>,
}

/// The directory's figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Organisations {
    /// Organisations in the directory at the period's last day (created by
    /// then, not archived by then).
    pub total: Compared<u32>,
    /// Per municipality: every entry of the list, then "" (ohne Angabe).
    pub by_municipality: Vec<Line>,
    /// Per kind (the kind's name; "" without).
    pub by_kind: Vec<Line>,
    /// Per language code (an organisation with two counts for both; ""
    /// without).
    pub by_language: Vec<Line>,
    /// Organisations entered in the period.
    pub new: Compared<u32>,
    /// New contacts in the period: organisations entered in the period
    /// (they start as "Kontakt").
    pub new_contacts: Compared<u32>,
    /// New cooperations: organisations whose status became "aktiv" in the
    /// period for the first time.
    pub new_cooperations: Compared<u32>,
    /// Organisations per cooperation status (kontakt, aktiv, ruhend) as it
    /// stood at the period's last day.
    pub by_status: Vec<Line>,
    /// Projects overlapping the period.
    pub projects: Compared<u32>,
    /// Those of the chosen period, with their partners, by start.
    pub project_list: Vec<ProjectLine>,
    /// Arbeitskreis meetings in the period, per working group.
    pub meetings_by_working_group: Vec<Line>,
    /// Attendance per organisation, by name.
    pub attendance: Vec<AttendanceLine>,
}

/// Figures of workshops grouped by something.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FiguresLine {
    /// A host organisation's name, a language code ("" for none).
    pub group: String,
    /// Registrations, attendance, no-shows, walk-ins.
    pub figures: Compared<Figures>,
}

/// The events' figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Events {
    /// Workshops that started in the period.
    pub workshops: Compared<u32>,
    /// Registrations, attendance rate, no-shows and walk-ins over them.
    pub figures: Compared<Figures>,
    /// Per host organisation (a co-hosted workshop counts for each host).
    pub by_host: Vec<FiguresLine>,
    /// Per language the participants speak (someone with two counts for
    /// both; "" for no language recorded).
    pub by_language: Vec<FiguresLine>,
    /// Per age group of the participant at registration (the groups of
    /// `events::age_group`; "" for unknown).
    pub by_age_group: Vec<FiguresLine>,
    /// Registrations on the waitlist when registration closed (unmet
    /// demand): put on the waitlist before the close and neither moved up
    /// nor cancelled before it.
    pub waitlisted_at_close: Compared<u32>,
}

/// Everything the Berichte page and the Jahresbericht show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The chosen period.
    pub period: Period,
    /// The same period a year before.
    pub previous: Period,
    /// Mediathek.
    pub mediathek: Mediathek,
    /// Organisations.
    pub organisations: Organisations,
    /// Veranstaltungen.
    pub events: Events,
}

/// Counts per group in one period.
type Counts = BTreeMap<String, u32>;

/// Both periods as SQL parameters: first day, first day after.
fn bounds(p: &Period) -> (String, String) {
    (p.first.to_string(), p.end_exclusive().to_string())
}

/// Runs `sql` (parameters `?1` first day, `?2` the day after the last,
/// `?3` the last day, `?4` today, plus `extra`) and sums its (group,
/// count) rows.
fn counts(conn: &Connection, sql: &str, p: &Period, today: NaiveDate) -> Result<Counts> {
    let (first, after) = bounds(p);
    let last = p.last.to_string();
    let today = today.to_string();
    let args: [&dyn ToSql; 4] = [&first, &after, &last, &today];
    let mut stmt = conn.prepare_cached(sql)?;
    // A query binds only the parameters it names (up to the highest).
    let used = &args[..stmt.parameter_count()];
    let rows = stmt.query_map(used, |r| {
        Ok((r.get::<_, Option<String>>(0)?, r.get::<_, u32>(1)?))
    })?;
    let mut map = Counts::new();
    for row in rows {
        let (group, n) = row?;
        *map.entry(group.unwrap_or_default()).or_insert(0) += n;
    }
    Ok(map)
}

/// `from_where` ("tables WHERE filter") with `join` added before its WHERE.
fn joined(from_where: &str, join: &str) -> String {
    match from_where.split_once(" WHERE ") {
        Some((from, filter)) => format!("{from} {join} WHERE {filter}"),
        None => format!("{from_where} {join}"),
    }
}

/// A single count (the SQL returns one row with one column).
fn count(conn: &Connection, sql: &str, p: &Period, today: NaiveDate) -> Result<u32> {
    let sql = format!("SELECT '', ({sql})");
    Ok(counts(conn, &sql, p, today)?.remove("").unwrap_or(0))
}

/// Lines for `fixed` groups (always shown, also at zero) and any other
/// group found in either period, in that order.
fn lines(fixed: &[String], now: &Counts, before: &Counts) -> Vec<Line> {
    let mut groups: Vec<String> = fixed.to_vec();
    let extra: BTreeSet<&String> = now
        .keys()
        .chain(before.keys())
        .filter(|g| !fixed.contains(g))
        .collect();
    groups.extend(extra.into_iter().cloned());
    groups
        .into_iter()
        .map(|group| Line {
            count: Compared {
                now: now.get(&group).copied().unwrap_or(0),
                before: before.get(&group).copied().unwrap_or(0),
            },
            group,
        })
        .collect()
}

/// The same query in both periods, as lines.
fn compare(
    conn: &Connection,
    sql: &str,
    periods: (&Period, &Period),
    today: NaiveDate,
    fixed: &[String],
) -> Result<Vec<Line>> {
    let now = counts(conn, sql, periods.0, today)?;
    let before = counts(conn, sql, periods.1, today)?;
    Ok(lines(fixed, &now, &before))
}

fn compare_one(
    conn: &Connection,
    sql: &str,
    periods: (&Period, &Period),
    today: NaiveDate,
) -> Result<Compared<u32>> {
    Ok(Compared {
        now: count(conn, sql, periods.0, today)?,
        before: count(conn, sql, periods.1, today)?,
    })
}

fn names(conn: &Connection, sql: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let list = stmt
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(list)
}

/// The figures of the chosen period and of the same period a year before.
/// `today` decides which open loans are overdue and how long an open
/// reservation has waited.
///
/// # Errors
/// [`crate::Error::ReportPeriodInvalid`] for a period that cannot be
/// counted; SQLite failures.
pub fn report(db: &Db, choice: &PeriodChoice, today: NaiveDate) -> Result<Report> {
    let period = choice.resolve()?;
    let previous = period.previous();
    let conn = db.conn();
    let periods = (&period, &previous);
    let (mediathek, organisations, events) = match db.path() {
        Some(path) => on_two_connections(conn, path, periods, today)?,
        None => (
            mediathek::mediathek(conn, periods, today)?,
            organisations::organisations(conn, periods, today)?,
            events::events(conn, periods, today)?,
        ),
    };
    Ok(Report {
        period,
        previous,
        mediathek,
        organisations,
        events,
    })
}

/// [`report`] inside a read on either engine: counted in a copy of the
/// tables the figures read ([`snapshot_in`]), by the same code as the
/// file's.
///
/// # Errors
/// As [`report`]; a failure of the engine.
pub fn report_in(sql: &dyn Sql, choice: &PeriodChoice, today: NaiveDate) -> Result<Report> {
    // A period that cannot be counted is refused before anything is copied.
    choice.resolve()?;
    report(&snapshot_in(sql)?, choice, today)
}

/// The figures on the database the app works on: the file counted in
/// place ([`report`]), the shared database inside one read ([`report_in`]).
///
/// # Errors
/// As [`report`]; a failure of the engine.
pub fn report_on(store: &mut Store<'_>, choice: &PeriodChoice, today: NaiveDate) -> Result<Report> {
    match store {
        Store::File(db) => report(db, choice, today),
        // Copied inside one read, counted after it: the read on the
        // server ends as soon as the rows are here.
        Store::Server(server) => {
            choice.resolve()?;
            let copy = server.read_sql(snapshot_in)?;
            report(&copy, choice, today)
        }
    }
}

/// Counts a database file on two connections at once. This one makes the
/// pass over the loans (the longest part) and hands it over, then counts
/// the overdue rate, the directory and the events; a second, read-only one
/// meanwhile reads the catalogue, renewals, long waits, the copies and the
/// loans around the pass, then groups the pass's loans by medium. Each
/// query reads a consistent state, as on one connection (every query is
/// its own read transaction there too). A database in memory (the tests)
/// has no second connection and is counted in turn; `tests/reports.rs`
/// compares the two.
fn on_two_connections(
    conn: &Connection,
    path: &std::path::Path,
    periods: (&Period, &Period),
    today: NaiveDate,
) -> Result<(Mediathek, Organisations, Events)> {
    std::thread::scope(|scope| {
        let (hand_over, handed) = std::sync::mpsc::sync_channel(1);
        let other = scope.spawn(move || -> Result<_> {
            let reader = Connection::open_with_flags(
                path,
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                    | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            // Waits for a writer's lock like the app's connection does,
            // instead of failing the report at once.
            reader.busy_timeout(crate::db::BUSY_TIMEOUT)?;
            mediathek::catalogue_figures(&reader, periods, today, || {
                // The pass ends with its result or a panic, which the
                // scope passes on; no answer means that panic.
                handed
                    .recv()
                    .unwrap_or_else(|_| panic!("the loan pass stopped without an answer"))
            })
        });
        // If the other side stopped at an error, it no longer waits.
        let _ = hand_over.send(mediathek::loan_pass(conn, periods));
        let overdue = mediathek::overdue_rates(conn, periods, today);
        let organisations = organisations::organisations(conn, periods, today);
        let events = events::events(conn, periods, today);
        // A panic on the other thread goes on here, where the shell turns
        // it into a message as any other.
        let counted = other
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        let mediathek = mediathek::assemble(conn, periods, counted, overdue?)?;
        Ok((mediathek, organisations?, events?))
    })
}
