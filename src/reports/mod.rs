//! Berichte: the figures the centre reports to its funders, for a period
//! and the same period a year before, counted only from what anonymisation
//! and erasure keep (the kind of borrower of a loan, never the borrower;
//! registrations, languages and attendance of anonymised participants;
//! organisations and their attendance counts, never contacts). Erasing a
//! person therefore changes no figure. The decisions are written down in
//! `docs/architecture.md`, section "Berichte".

mod period;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Months, NaiveDate};
use rusqlite::{params, Connection, ToSql};
use serde::Serialize;

pub use period::{Period, PeriodChoice};

use crate::events::figures::{count_status, Figures};
use crate::organisations::MUNICIPALITIES;
use crate::privacy::statistics::LEVELS;
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

/// Loans of the period: `?1 <= loaned_at < ?2`.
const LOANS: &str =
    "loan AS l JOIN copy AS c ON c.id = l.copy_id JOIN medium AS m ON m.id = c.medium_id
     WHERE l.loaned_at >= ?1 AND l.loaned_at < ?2";

/// Copies in stock at `?3`: acquired by then, not withdrawn or lost by
/// then (a withdrawn or lost copy without a day counts as gone).
const STOCK: &str = "copy AS c JOIN medium AS m ON m.id = c.medium_id
     WHERE coalesce(c.acquired_on, substr(c.created_at, 1, 10)) <= ?3
       AND NOT (c.status IN ('ausgeschieden', 'verloren') AND coalesce(c.retired_on, '') <= ?3)";

/// One row per level a medium covers (none: one row with NULL), joined as
/// `lv`, for `m`.
const LEVEL_JOIN: &str =
    "LEFT JOIN (SELECT 0 AS n UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3
                           UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6) AS lv
       ON lv.n BETWEEN coalesce(m.level_from, m.level_to) AND coalesce(m.level_to, m.level_from)";

fn level_name(n: Option<String>) -> String {
    n.and_then(|n| n.parse::<usize>().ok())
        .and_then(|i| LEVELS.get(i))
        .map(|l| (*l).to_owned())
        .unwrap_or_default()
}

fn by_level(
    conn: &Connection,
    from_where: &str,
    periods: (&Period, &Period),
    today: NaiveDate,
) -> Result<Vec<Line>> {
    let (from, filter) = from_where
        .split_once(" WHERE ")
        .unwrap_or((from_where, "1"));
    let sql = format!(
        "SELECT CAST(lv.n AS TEXT), count(*) FROM {from} {LEVEL_JOIN} WHERE {filter} GROUP BY lv.n"
    );
    let rename = |c: Counts| -> Counts {
        let mut out = Counts::new();
        for (k, v) in c {
            *out.entry(level_name(Some(k).filter(|k| !k.is_empty())))
                .or_insert(0) += v;
        }
        out
    };
    let now = rename(counts(conn, &sql, periods.0, today)?);
    let before = rename(counts(conn, &sql, periods.1, today)?);
    let mut fixed: Vec<String> = LEVELS.iter().map(|l| (*l).to_owned()).collect();
    fixed.push(String::new());
    Ok(lines(&fixed, &now, &before))
}

fn by_language(
    conn: &Connection,
    from_where: &str,
    periods: (&Period, &Period),
    today: NaiveDate,
) -> Result<Vec<Line>> {
    let (from, filter) = from_where
        .split_once(" WHERE ")
        .unwrap_or((from_where, "1"));
    let sql = format!(
        "SELECT ml.code, count(*) FROM {from}
         LEFT JOIN medium_language AS ml ON ml.medium_id = m.id AND ml.role = 'ziel'
         WHERE {filter} GROUP BY ml.code"
    );
    let lines = compare(conn, &sql, periods, today, &[])?;
    Ok(empty_last(lines))
}

/// Moves the "" group (ohne Angabe) to the end.
fn empty_last(mut lines: Vec<Line>) -> Vec<Line> {
    lines.sort_by_key(|l| l.group.is_empty());
    lines
}

fn mediathek(
    conn: &Connection,
    periods: (&Period, &Period),
    today: NaiveDate,
) -> Result<Mediathek> {
    let kinds = names(conn, "SELECT name FROM media_kind ORDER BY id")?;
    let loans = compare_one(
        conn,
        &format!("SELECT count(*) FROM {LOANS}"),
        periods,
        today,
    )?;

    // Per month: the months of the chosen period; before = a year earlier.
    let month_sql = format!("SELECT substr(l.loaned_at, 1, 7), count(*) FROM {LOANS} GROUP BY 1");
    let now = counts(conn, &month_sql, periods.0, today)?;
    let before: Counts = counts(conn, &month_sql, periods.1, today)?
        .into_iter()
        .filter_map(|(month, n)| {
            let day = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").ok()?;
            let next = day.checked_add_months(Months::new(12))?;
            Some((next.format("%Y-%m").to_string(), n))
        })
        .collect();
    let mut months = Vec::new();
    let mut month = periods.0.first.with_day(1).unwrap_or(periods.0.first);
    while month <= periods.0.last {
        months.push(month.format("%Y-%m").to_string());
        let Some(next) = month.checked_add_months(Months::new(1)) else {
            break;
        };
        month = next;
    }
    let loans_by_month = lines(&months, &now, &before);

    let loans_by_media_kind = compare(
        conn,
        &format!(
            "SELECT k.name, count(*) FROM {} GROUP BY k.name",
            LOANS.replace(
                "JOIN medium AS m ON m.id = c.medium_id",
                "JOIN medium AS m ON m.id = c.medium_id JOIN media_kind AS k ON k.id = m.kind_id"
            )
        ),
        periods,
        today,
        &kinds,
    )?;
    let loans_by_level = by_level(conn, LOANS, periods, today)?;
    let loans_by_language = by_language(conn, LOANS, periods, today)?;
    let borrower_kinds: Vec<String> = ["hauptamtlich", "ehrenamtlich", "organisation", "sonstige"]
        .iter()
        .map(|k| (*k).to_owned())
        .collect();
    let loans_by_borrower_kind = compare(
        conn,
        &format!("SELECT l.borrower_kind, count(*) FROM {LOANS} GROUP BY 1"),
        periods,
        today,
        &borrower_kinds,
    )?;

    let stock = compare_one(
        conn,
        &format!("SELECT count(*) FROM {STOCK}"),
        periods,
        today,
    )?;
    let stock_by_media_kind = compare(
        conn,
        &format!(
            "SELECT k.name, count(*) FROM {} GROUP BY k.name",
            STOCK.replace(
                "JOIN medium AS m ON m.id = c.medium_id",
                "JOIN medium AS m ON m.id = c.medium_id JOIN media_kind AS k ON k.id = m.kind_id"
            )
        ),
        periods,
        today,
        &kinds,
    )?;
    let stock_by_level = by_level(conn, STOCK, periods, today)?;
    let stock_by_language = by_language(conn, STOCK, periods, today)?;
    let acquired = compare_one(
        conn,
        "SELECT count(*) FROM copy AS c
         WHERE coalesce(c.acquired_on, substr(c.created_at, 1, 10)) BETWEEN ?1 AND ?3",
        periods,
        today,
    )?;
    let withdrawn = compare_one(
        conn,
        "SELECT count(*) FROM copy AS c
         WHERE c.status IN ('ausgeschieden', 'verloren') AND c.retired_on BETWEEN ?1 AND ?3",
        periods,
        today,
    )?;
    let most_lent = most_lent(conn, periods)?;
    let never_lent_by_media_kind = never_lent(conn, periods, today, &kinds)?;
    let overdue = Compared {
        now: overdue(conn, periods.0, today)?,
        before: overdue(conn, periods.1, today)?,
    };
    let reservations_waited_long = compare_one(
        conn,
        "SELECT count(*) FROM reservation AS r
         WHERE r.created_at >= ?1 AND r.created_at < ?2
           AND julianday(coalesce(r.ready_on, substr(r.closed_at, 1, 10), ?4))
               - julianday(substr(r.created_at, 1, 10)) > 14",
        periods,
        today,
    )?;
    Ok(Mediathek {
        loans,
        loans_by_month,
        loans_by_media_kind,
        loans_by_level,
        loans_by_language,
        loans_by_borrower_kind,
        stock,
        stock_by_media_kind,
        stock_by_level,
        stock_by_language,
        acquired,
        withdrawn,
        most_lent,
        never_lent_by_media_kind,
        overdue,
        reservations_waited_long,
    })
}

/// The 20 media lent most in the chosen period (ties by title, then
/// number), with their loans a year before.
fn most_lent(conn: &Connection, periods: (&Period, &Period)) -> Result<Vec<LentMedium>> {
    let (first, after) = bounds(periods.0);
    let (first_before, after_before) = bounds(periods.1);
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.title, k.name, count(*),
                (SELECT count(*) FROM loan AS b JOIN copy AS bc ON bc.id = b.copy_id
                 WHERE bc.medium_id = m.id AND b.loaned_at >= ?3 AND b.loaned_at < ?4)
         FROM loan AS l JOIN copy AS c ON c.id = l.copy_id JOIN medium AS m ON m.id = c.medium_id
         JOIN media_kind AS k ON k.id = m.kind_id
         WHERE l.loaned_at >= ?1 AND l.loaned_at < ?2
         GROUP BY m.id ORDER BY count(*) DESC, m.title COLLATE NOCASE, m.id LIMIT 20",
    )?;
    let list = stmt
        .query_map(params![first, after, first_before, after_before], |r| {
            Ok(LentMedium {
                medium_id: r.get(0)?,
                title: r.get(1)?,
                media_kind: r.get(2)?,
                loans: Compared {
                    now: r.get(3)?,
                    before: r.get(4)?,
                },
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(list)
}

/// Media with a copy in stock at the period's end that was acquired two
/// years before it or earlier, and no loan of any copy in those two years.
fn never_lent(
    conn: &Connection,
    periods: (&Period, &Period),
    today: NaiveDate,
    kinds: &[String],
) -> Result<Vec<Line>> {
    let window = |p: &Period| Period {
        first: p.last.checked_sub_months(Months::new(24)).unwrap_or(p.last),
        last: p.last,
    };
    // ?1 is the start of the two years (a loan from that day on counts),
    // ?3 the period's last day.
    let sql = format!(
        "SELECT k.name, count(*) FROM medium AS m JOIN media_kind AS k ON k.id = m.kind_id
         WHERE EXISTS (SELECT 1 FROM {} AND coalesce(c.acquired_on, substr(c.created_at, 1, 10)) <= ?1
                         AND c.medium_id = m.id)
           AND NOT EXISTS (SELECT 1 FROM loan AS l JOIN copy AS lc ON lc.id = l.copy_id
                           WHERE lc.medium_id = m.id AND l.loaned_at >= ?1 AND l.loaned_at < ?2)
         GROUP BY k.name",
        STOCK.replace(" JOIN medium AS m ON m.id = c.medium_id", "")
    );
    let now = counts(conn, &sql, &window(periods.0), today)?;
    let before = counts(conn, &sql, &window(periods.1), today)?;
    Ok(lines(kinds, &now, &before))
}

/// Loans due in the period, and of them those returned after the due day
/// or still out after it (on `today`).
fn overdue(conn: &Connection, p: &Period, today: NaiveDate) -> Result<Share> {
    let (part, whole): (u32, u32) = conn.query_row(
        "SELECT coalesce(sum(CASE WHEN (l.returned_at IS NOT NULL AND substr(l.returned_at, 1, 10) > l.due_on)
                                    OR (l.returned_at IS NULL AND l.due_on < ?3) THEN 1 ELSE 0 END), 0),
                count(*)
         FROM loan AS l WHERE l.due_on BETWEEN ?1 AND ?2",
        params![p.first.to_string(), p.last.to_string(), today.to_string()],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(Share::new(part, whole))
}

/// Organisations in the directory at `?3`.
const ORGANISATIONS: &str = "organisation AS o
     WHERE substr(o.created_at, 1, 10) <= ?3 AND (o.archived_on IS NULL OR o.archived_on > ?3)";

fn organisations(
    conn: &Connection,
    periods: (&Period, &Period),
    today: NaiveDate,
) -> Result<Organisations> {
    let total = compare_one(
        conn,
        &format!("SELECT count(*) FROM {ORGANISATIONS}"),
        periods,
        today,
    )?;
    let mut places: Vec<String> = MUNICIPALITIES.iter().map(|m| (*m).to_owned()).collect();
    places.push(String::new());
    let by_municipality = compare(
        conn,
        &format!("SELECT o.municipality, count(*) FROM {ORGANISATIONS} GROUP BY 1"),
        periods,
        today,
        &places,
    )?;
    let mut kinds = names(conn, "SELECT name FROM organisation_kind ORDER BY id")?;
    kinds.push(String::new());
    let by_kind = compare(
        conn,
        &format!(
            "SELECT k.name, count(*) FROM {} GROUP BY 1",
            ORGANISATIONS.replace(
                "organisation AS o",
                "organisation AS o LEFT JOIN organisation_kind AS k ON k.id = o.kind_id"
            )
        ),
        periods,
        today,
        &kinds,
    )?;
    let by_language = empty_last(compare(
        conn,
        &format!(
            "SELECT ol.code, count(*) FROM {} GROUP BY 1",
            ORGANISATIONS.replace(
                "organisation AS o",
                "organisation AS o LEFT JOIN organisation_language AS ol ON ol.organisation_id = o.id"
            )
        ),
        periods,
        today,
        &[],
    )?);
    let new = compare_one(
        conn,
        "SELECT count(*) FROM organisation AS o WHERE o.created_at >= ?1 AND o.created_at < ?2",
        periods,
        today,
    )?;
    // A project without a first day began when it was entered; one
    // without a last day still runs.
    let overlapping = "project AS p
         WHERE coalesce(p.starts_on, substr(p.created_at, 1, 10)) <= ?3
           AND (p.ends_on IS NULL OR p.ends_on >= ?1)";
    let projects = compare_one(
        conn,
        &format!("SELECT count(*) FROM {overlapping}"),
        periods,
        today,
    )?;
    let project_list = project_list(conn, overlapping, periods.0)?;
    let meetings_by_working_group = compare(
        conn,
        "SELECT g.name, count(*) FROM meeting AS m JOIN working_group AS g ON g.id = m.working_group_id
         WHERE m.starts_at >= ?1 AND m.starts_at < ?2 GROUP BY g.id",
        periods,
        today,
        &names(conn, "SELECT name FROM working_group ORDER BY name COLLATE NOCASE")?,
    )?;
    let attendance = attendance(conn, periods)?;
    Ok(Organisations {
        total,
        by_municipality,
        by_kind,
        by_language,
        new,
        projects,
        project_list,
        meetings_by_working_group,
        attendance,
    })
}

fn project_list(conn: &Connection, overlapping: &str, p: &Period) -> Result<Vec<ProjectLine>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT p.id, p.title, p.starts_on, p.ends_on, p.status FROM {overlapping}
         ORDER BY coalesce(p.starts_on, substr(p.created_at, 1, 10)), p.title COLLATE NOCASE, p.id"
    ))?;
    let (first, _) = bounds(p);
    let last = p.last.to_string();
    let mut list: Vec<ProjectLine> = stmt
        .query_map(params![first, None::<String>, last], |r| {
            Ok(ProjectLine {
                id: r.get(0)?,
                title: r.get(1)?,
                starts_on: r.get(2)?,
                ends_on: r.get(3)?,
                status: r.get(4)?,
                partners: Vec::new(),
            })
        })?
        .collect::<Result<_, _>>()?;
    let mut partners = conn.prepare_cached(
        "SELECT o.name FROM project_partner AS pp JOIN organisation AS o ON o.id = pp.organisation_id
         WHERE pp.project_id = ?1 ORDER BY o.name COLLATE NOCASE",
    )?;
    for project in &mut list {
        project.partners = partners
            .query_map([project.id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
    }
    Ok(list)
}

/// Per organisation: meetings in the period it came to (at least one
/// person) and the persons it sent, from the per-organisation summary that
/// erasing a contact leaves as it is.
fn attendance(conn: &Connection, periods: (&Period, &Period)) -> Result<Vec<AttendanceLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.id, o.name, count(*), sum(a.persons)
         FROM meeting_attendance AS a JOIN meeting AS m ON m.id = a.meeting_id
         JOIN organisation AS o ON o.id = a.organisation_id
         WHERE a.persons > 0 AND m.starts_at >= ?1 AND m.starts_at < ?2
         GROUP BY o.id",
    )?;
    let mut by_org: BTreeMap<(String, i64), AttendanceLine> = BTreeMap::new();
    for (which, p) in [(true, periods.0), (false, periods.1)] {
        let (first, after) = bounds(p);
        let rows: Vec<(i64, String, u32, u32)> = stmt
            .query_map(params![first, after], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<Result<_, _>>()?;
        for (id, name, meetings, persons) in rows {
            let line = by_org
                .entry((crate::search::fold_plain(&name), id))
                .or_insert_with(|| AttendanceLine {
                    organisation_id: id,
                    name,
                    meetings: Compared::default(),
                    persons: Compared::default(),
                });
            if which {
                line.meetings.now = meetings;
                line.persons.now = persons;
            } else {
                line.meetings.before = meetings;
                line.persons.before = persons;
            }
        }
    }
    Ok(by_org.into_values().collect())
}

/// Registrations of workshops that started in the period, counted as the
/// event page counts them, summed per group (`?1`/`?2` the period).
fn figures_by(conn: &Connection, sql: &str, p: &Period) -> Result<BTreeMap<String, Figures>> {
    let (first, after) = bounds(p);
    let mut stmt = conn.prepare_cached(sql)?;
    let rows: Vec<(Option<String>, String, bool, u32)> = stmt
        .query_map(params![first, after], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<Result<_, _>>()?;
    let mut map: BTreeMap<String, Figures> = BTreeMap::new();
    for (group, status, walk_in, n) in rows {
        count_status(
            map.entry(group.unwrap_or_default()).or_default(),
            &status,
            walk_in,
            n,
        );
    }
    for f in map.values_mut() {
        f.rate();
    }
    Ok(map)
}

fn figures_lines(
    conn: &Connection,
    sql: &str,
    periods: (&Period, &Period),
    sort_folded: bool,
) -> Result<Vec<FiguresLine>> {
    let now = figures_by(conn, sql, periods.0)?;
    let before = figures_by(conn, sql, periods.1)?;
    let groups: BTreeSet<&String> = now.keys().chain(before.keys()).collect();
    let mut list: Vec<FiguresLine> = groups
        .into_iter()
        .map(|g| FiguresLine {
            group: g.clone(),
            figures: Compared {
                now: now.get(g).copied().unwrap_or_default(),
                before: before.get(g).copied().unwrap_or_default(),
            },
        })
        .collect();
    if sort_folded {
        list.sort_by_key(|l| crate::search::fold_plain(&l.group));
    }
    list.sort_by_key(|l| l.group.is_empty());
    Ok(list)
}

fn events(conn: &Connection, periods: (&Period, &Period), today: NaiveDate) -> Result<Events> {
    let workshops = compare_one(
        conn,
        "SELECT count(*) FROM workshop AS w WHERE w.starts_at >= ?1 AND w.starts_at < ?2",
        periods,
        today,
    )?;
    let in_period = "FROM registration AS r JOIN workshop AS w ON w.id = r.workshop_id
         WHERE w.starts_at >= ?1 AND w.starts_at < ?2";
    let total = |p: &Period| -> Result<Figures> {
        Ok(figures_by(
            conn,
            &format!("SELECT '', r.status, r.walk_in, count(*) {in_period} GROUP BY 2, 3"),
            p,
        )?
        .remove("")
        .unwrap_or_default())
    };
    let figures = Compared {
        now: total(periods.0)?,
        before: total(periods.1)?,
    };
    let by_host = figures_lines(
        conn,
        &format!(
            "SELECT o.name, r.status, r.walk_in, count(*) {}
             GROUP BY o.id, 2, 3",
            in_period.replace(
                "JOIN workshop AS w ON w.id = r.workshop_id",
                "JOIN workshop AS w ON w.id = r.workshop_id
                 JOIN workshop_host AS h ON h.workshop_id = w.id
                 JOIN organisation AS o ON o.id = h.organisation_id"
            )
        ),
        periods,
        true,
    )?;
    let by_language = figures_lines(
        conn,
        &format!(
            "SELECT pl.code, r.status, r.walk_in, count(*) {}
             GROUP BY 1, 2, 3",
            in_period.replace(
                "JOIN workshop AS w ON w.id = r.workshop_id",
                "JOIN workshop AS w ON w.id = r.workshop_id
                 LEFT JOIN participant_language AS pl ON pl.participant_id = r.participant_id"
            )
        ),
        periods,
        false,
    )?;
    Ok(Events {
        workshops,
        figures,
        by_host,
        by_language,
    })
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
    Ok(Report {
        period,
        previous,
        mediathek: mediathek(conn, periods, today)?,
        organisations: organisations(conn, periods, today)?,
        events: events(conn, periods, today)?,
    })
}
