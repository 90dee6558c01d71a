//! The events' figures: workshops in the period, registrations,
//! attendance, no-shows and walk-ins, counted as the event page counts
//! them (`events::figures`), in total, per host and per language.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rusqlite::{params, Connection};

use super::{bounds, compare_one, joined, Compared, Events, FiguresLine, Period};
use crate::events::figures::{count_status, Figures};
use crate::events::AGE_GROUPS;
use crate::Result;

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

pub(super) fn events(
    conn: &Connection,
    periods: (&Period, &Period),
    today: NaiveDate,
) -> Result<Events> {
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
            joined(in_period, "JOIN workshop_host AS h ON h.workshop_id = w.id JOIN organisation AS o ON o.id = h.organisation_id")
        ),
        periods,
        true,
    )?;
    let by_language = figures_lines(
        conn,
        &format!(
            "SELECT pl.code, r.status, r.walk_in, count(*) {}
             GROUP BY 1, 2, 3",
            joined(
                in_period,
                "LEFT JOIN participant_language AS pl ON pl.participant_id = r.participant_id"
            )
        ),
        periods,
        false,
    )?;
    let mut by_age_group = figures_lines(
        conn,
        &format!("SELECT r.age_group, r.status, r.walk_in, count(*) {in_period} GROUP BY 1, 2, 3"),
        periods,
        false,
    )?;
    // Every group, youngest first, also at zero; then any group staff
    // entered otherwise; unknown last.
    for group in AGE_GROUPS {
        if !by_age_group.iter().any(|l| l.group == group) {
            by_age_group.push(FiguresLine {
                group: group.to_owned(),
                figures: Compared::default(),
            });
        }
    }
    by_age_group.sort_by_key(|l| {
        (
            l.group.is_empty(),
            AGE_GROUPS
                .iter()
                .position(|g| *g == l.group)
                .unwrap_or(AGE_GROUPS.len()),
        )
    });
    // On the waitlist when registration closed (the day after the event's
    // last day of registration, else the workshop's start): put on it
    // before, and not moved up or cancelled after that and before.
    let waitlisted_at_close = compare_one(
        conn,
        "SELECT count(*) FROM registration AS r JOIN workshop AS w ON w.id = r.workshop_id
         JOIN event AS e ON e.id = w.event_id
         WHERE w.starts_at >= ?1 AND w.starts_at < ?2
           AND r.waitlisted_at < coalesce(date(e.registration_closes_on, '+1 day'), w.starts_at)
           AND NOT coalesce(r.moved_up_at >= r.waitlisted_at
                            AND r.moved_up_at < coalesce(date(e.registration_closes_on, '+1 day'), w.starts_at), 0)
           AND NOT coalesce(r.cancelled_at >= r.waitlisted_at
                            AND r.cancelled_at < coalesce(date(e.registration_closes_on, '+1 day'), w.starts_at), 0)",
        periods,
        today,
    )?;
    Ok(Events {
        workshops,
        figures,
        by_host,
        by_language,
        by_age_group,
        waitlisted_at_close,
    })
}
