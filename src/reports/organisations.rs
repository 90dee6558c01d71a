//! The directory's figures: organisations by municipality, kind and
//! language, new ones, projects with their partners, Arbeitskreis meetings
//! and attendance.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection};

use super::mediathek::empty_last;
use super::{
    bounds, compare, compare_one, joined, names, AttendanceLine, Compared, Organisations, Period,
    ProjectLine,
};
use crate::organisations::MUNICIPALITIES;
use crate::Result;

/// Organisations in the directory at `?3`.
const ORGANISATIONS: &str = "organisation AS o
     WHERE substr(o.created_at, 1, 10) <= ?3 AND (o.archived_on IS NULL OR o.archived_on > ?3)";

pub(super) fn organisations(
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
            joined(
                ORGANISATIONS,
                "LEFT JOIN organisation_kind AS k ON k.id = o.kind_id"
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
            joined(
                ORGANISATIONS,
                "LEFT JOIN organisation_language AS ol ON ol.organisation_id = o.id"
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
    // Every organisation is entered as a contact (or with the status
    // staff chose): a new contact is an organisation entered in the period.
    let new_contacts = new;
    let new_cooperations = compare_one(
        conn,
        "SELECT count(*) FROM (SELECT min(s.changed_on) AS first_active
                               FROM organisation_status_change AS s WHERE s.status = 'aktiv'
                               GROUP BY s.organisation_id)
         WHERE first_active BETWEEN ?1 AND ?3",
        periods,
        today,
    )?;
    let statuses: Vec<String> = ["kontakt", "aktiv", "ruhend"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let by_status = empty_last(compare(
        conn,
        &format!(
            "SELECT (SELECT s.status FROM organisation_status_change AS s
                     WHERE s.organisation_id = o.id AND s.changed_on <= ?3
                     ORDER BY s.changed_on DESC, s.id DESC LIMIT 1),
                    count(*)
             FROM {ORGANISATIONS} GROUP BY 1"
        ),
        periods,
        today,
        &statuses,
    )?);
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
        new_contacts,
        new_cooperations,
        by_status,
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
