//! The Mediathek's figures: loans by month, Mediengruppe, level, language
//! and kind of borrower; stock, acquisitions and withdrawals; the most and
//! the never lent media; overdue loans and long waits for a reservation.

use chrono::{Datelike, Months, NaiveDate};
use rusqlite::{params, Connection};

use super::{
    bounds, compare, compare_one, counts, joined, lines, names, Compared, Counts, LentMedium, Line,
    Mediathek, Period, Share,
};
use crate::privacy::statistics::LEVELS;
use crate::Result;

/// Loans of the period: `?1 <= loaned_at < ?2`.
const LOANS: &str =
    "loan AS l JOIN copy AS c ON c.id = l.copy_id JOIN medium AS m ON m.id = c.medium_id
     WHERE l.loaned_at >= ?1 AND l.loaned_at < ?2";

/// Copies in stock at `?3`: acquired by then, not withdrawn or lost by
/// then (a withdrawn or lost copy without a day counts as gone).
const STOCK: &str = "copy AS c JOIN medium AS m ON m.id = c.medium_id
     WHERE coalesce(c.acquired_on, substr(c.created_at, 1, 10)) <= ?3
       AND NOT (c.status IN ('ausgeschieden', 'verloren') AND coalesce(c.retired_on, '') <= ?3)";

/// The Mediengruppe of `m`, as `k`.
const KIND_JOIN: &str = "JOIN media_kind AS k ON k.id = m.kind_id";

/// One row per level a medium covers (none: one row with NULL), joined as
/// `lv`, for `m`.
const LEVEL_JOIN: &str =
    "LEFT JOIN (SELECT 0 AS n UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3
                           UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6) AS lv
       ON lv.n BETWEEN coalesce(m.level_from, m.level_to) AND coalesce(m.level_to, m.level_from)";

/// Per Sprachniveau: every level, then "" for media without one.
fn by_level(
    conn: &Connection,
    from_where: &str,
    periods: (&Period, &Period),
    today: NaiveDate,
) -> Result<Vec<Line>> {
    let names: String = LEVELS
        .iter()
        .enumerate()
        .map(|(n, level)| format!(" WHEN {n} THEN '{level}'"))
        .collect();
    let sql = format!(
        "SELECT CASE lv.n{names} END, count(*) FROM {} GROUP BY lv.n",
        joined(from_where, LEVEL_JOIN)
    );
    let mut fixed: Vec<String> = LEVELS.iter().map(|l| (*l).to_owned()).collect();
    fixed.push(String::new());
    compare(conn, &sql, periods, today, &fixed)
}

/// Per target language, then "" for media without one.
fn by_language(
    conn: &Connection,
    from_where: &str,
    periods: (&Period, &Period),
    today: NaiveDate,
) -> Result<Vec<Line>> {
    let sql = format!(
        "SELECT ml.code, count(*) FROM {} GROUP BY ml.code",
        joined(
            from_where,
            "LEFT JOIN medium_language AS ml ON ml.medium_id = m.id AND ml.role = 'ziel'"
        )
    );
    let lines = compare(conn, &sql, periods, today, &[])?;
    Ok(empty_last(lines))
}

/// Moves the "" group (ohne Angabe) to the end.
pub(super) fn empty_last(mut lines: Vec<Line>) -> Vec<Line> {
    lines.sort_by_key(|l| l.group.is_empty());
    lines
}

pub(super) fn mediathek(
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
            joined(LOANS, KIND_JOIN)
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
            joined(STOCK, KIND_JOIN)
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
        renewals: Compared::default(),
        renewals_by_month: Vec::new(),
        active_borrowers_by_kind: Vec::new(),
        new_borrowers_by_kind: Vec::new(),
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
