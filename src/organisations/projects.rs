//! Kooperationsprojekte: projects run with one or more organisations.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::{exists, timestamp};
use crate::db::engine::{args, scalar, Engine, Sql, Value};
use crate::versions::{self, Saved, Versioned};
use crate::Record;
use crate::{Db, Error, Result};

/// Where a project stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ProjectStatus {
    /// Planned.
    #[default]
    Geplant,
    /// Running.
    Laufend,
    /// Finished.
    Abgeschlossen,
}

impl ProjectStatus {
    fn code(self) -> &'static str {
        match self {
            ProjectStatus::Geplant => "geplant",
            ProjectStatus::Laufend => "laufend",
            ProjectStatus::Abgeschlossen => "abgeschlossen",
        }
    }

    fn from_code(code: &str) -> Self {
        match code {
            "laufend" => ProjectStatus::Laufend,
            "abgeschlossen" => ProjectStatus::Abgeschlossen,
            _ => ProjectStatus::Geplant,
        }
    }
}

/// A partner organisation and its role in the project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Partner {
    /// The partner organisation.
    pub organisation_id: i64,
    /// Filled when read (ignored when saving).
    pub organisation_name: String,
    /// What it does in the project ("Gastgeber", "Sprachmittlung").
    pub role: String,
}

/// What staff enter for a project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ProjectInput {
    /// Required.
    pub title: String,
    /// What it is about.
    pub description: String,
    /// First day, if known.
    pub starts_on: Option<NaiveDate>,
    /// Last day, if known; not before the first.
    pub ends_on: Option<NaiveDate>,
    /// Where it stands.
    pub status: ProjectStatus,
    /// Responsible staff member.
    pub staff: String,
    /// Who funds it ("Landesprogramm").
    pub funding_source: String,
    /// The funding, in cents; not negative.
    pub funding_cents: Option<i64>,
    /// What came of it.
    pub outcomes: String,
    /// The partner organisations with their roles.
    pub partners: Vec<Partner>,
    /// The version the form was filled from ([`Project::saved`]); saving
    /// is refused when someone saved the project since
    /// ([`crate::Error::ChangedMeanwhile`]). `None`: no check.
    pub version: Option<i64>,
}

/// A project as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Project {
    /// The project's number in the database.
    pub id: i64,
    /// Title.
    pub title: String,
    /// What it is about.
    pub description: String,
    /// First day, if known.
    pub starts_on: Option<NaiveDate>,
    /// Last day, if known.
    pub ends_on: Option<NaiveDate>,
    /// Where it stands.
    pub status: ProjectStatus,
    /// Responsible staff member.
    pub staff: String,
    /// Who funds it.
    pub funding_source: String,
    /// The funding, in cents.
    pub funding_cents: Option<i64>,
    /// What came of it.
    pub outcomes: String,
    /// The partner organisations with their roles.
    pub partners: Vec<Partner>,
    /// The workshops linked to it, by start.
    pub workshops: Vec<ProjectWorkshop>,
    /// The events linked to it, or holding a workshop linked to it, by
    /// first day.
    pub events: Vec<ProjectEvent>,
    /// Its version, and who saved it last when.
    pub saved: Saved,
}

/// A workshop linked to a project, with its event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectWorkshop {
    /// The workshop's number in the database.
    pub id: i64,
    /// Its title.
    pub title: String,
    /// When it starts.
    pub starts_at: NaiveDateTime,
    /// The event (fair) it belongs to.
    pub event_id: i64,
    /// That event's title.
    pub event_title: String,
}

/// An event on a project's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectEvent {
    /// The event's number in the database.
    pub id: i64,
    /// Its title.
    pub title: String,
    /// First day.
    pub starts_on: NaiveDate,
    /// Last day.
    pub ends_on: NaiveDate,
    /// The event itself is linked to the project (otherwise only some of
    /// its workshops are).
    pub linked: bool,
    /// How many of its workshops are linked to the project.
    pub workshops: u32,
}

fn clean(input: &ProjectInput) -> Result<ProjectInput> {
    let mut p = input.clone();
    for text in [
        &mut p.title,
        &mut p.description,
        &mut p.staff,
        &mut p.funding_source,
        &mut p.outcomes,
    ] {
        *text = text.trim().to_owned();
    }
    if p.title.is_empty() {
        return Err(Error::Required { field: "title" });
    }
    crate::limits::check_all(&[
        ("title", &p.title, crate::limits::TITLE),
        ("description", &p.description, crate::limits::TEXT),
        ("staff", &p.staff, crate::limits::NAME),
        ("funding_source", &p.funding_source, crate::limits::NAME),
        ("outcomes", &p.outcomes, crate::limits::TEXT),
    ])?;
    for partner in &p.partners {
        crate::limits::check("partners", partner.role.trim(), crate::limits::NAME)?;
    }
    if let (Some(start), Some(end)) = (p.starts_on, p.ends_on) {
        if end < start {
            return Err(Error::DateRangeReversed { field: "ends_on" });
        }
    }
    if p.funding_cents.is_some_and(|c| c < 0) {
        return Err(Error::NegativeAmount { field: "funding" });
    }
    let mut seen = Vec::new();
    p.partners.retain(|partner| {
        let first = !seen.contains(&partner.organisation_id);
        seen.push(partner.organisation_id);
        first
    });
    Ok(p)
}

fn store(tx: &dyn Sql, id: Option<i64>, p: &ProjectInput, now: NaiveDateTime) -> Result<i64> {
    for partner in &p.partners {
        exists(tx, partner.organisation_id)?;
    }
    let fields = args![
        p.title.as_str(),
        p.description.as_str(),
        p.starts_on,
        p.ends_on,
        p.status.code(),
        p.staff.as_str(),
        p.funding_source.as_str(),
        p.funding_cents,
        p.outcomes.as_str(),
        timestamp(now)
    ];
    let id = match id {
        None => scalar(
            tx,
            "INSERT INTO project (title, description, starts_on, ends_on, status, staff,
                                  funding_source, funding_cents, outcomes, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10) RETURNING id",
            fields,
        )?,
        Some(id) => {
            let mut values = fields.to_vec();
            values.push(id.into());
            tx.run(
                "UPDATE project SET title = ?1, description = ?2, starts_on = ?3, ends_on = ?4,
                        status = ?5, staff = ?6, funding_source = ?7, funding_cents = ?8,
                        outcomes = ?9, updated_at = ?10
                 WHERE id = ?11",
                &values,
            )?;
            id
        }
    };
    tx.run(
        "DELETE FROM project_partner WHERE project_id = ?1",
        args![id],
    )?;
    for partner in &p.partners {
        tx.run(
            "INSERT INTO project_partner (project_id, organisation_id, role) VALUES (?1, ?2, ?3)",
            args![id, partner.organisation_id, partner.role.trim()],
        )?;
    }
    Ok(id)
}

/// Adds a project.
///
/// # Errors
/// [`Error::Required`] (title), [`Error::DateRangeReversed`] (ends before
/// it starts), [`Error::NegativeAmount`], [`Error::NotFound`] (partner).
pub fn create_project(
    store: &mut impl Engine,
    input: &ProjectInput,
    now: NaiveDateTime,
) -> Result<Project> {
    let p = clean(input)?;
    store.write_sql(|tx| {
        let id = self::store(tx, None, &p, now)?;
        project_in(tx, id)
    })
}

/// Changes a project, saved by workstation `by`.
///
/// # Errors
/// As [`create_project`]; [`Error::ChangedMeanwhile`] when someone saved
/// the project since the form read `input.version`.
pub fn update_project(
    store: &mut impl Engine,
    id: i64,
    input: &ProjectInput,
    now: NaiveDateTime,
    by: &str,
) -> Result<Project> {
    let p = clean(input)?;
    store.write_sql(|tx| {
        versions::claim(tx, Versioned::Project, id, input.version, by)?;
        self::store(tx, Some(id), &p, now)?;
        project_in(tx, id)
    })
}

/// One project with its partners.
///
/// # Errors
/// [`Error::NotFound`].
pub fn project(db: &Db, id: i64) -> Result<Project> {
    project_in(db.conn(), id)
}

/// [`project`] inside a read, on either engine.
///
/// # Errors
/// As [`project`].
pub fn project_in(sql: &dyn Sql, id: i64) -> Result<Project> {
    let r = sql
        .row(
            "SELECT id, title, description, starts_on, ends_on, status, staff, funding_source,
                    funding_cents, outcomes, version, coalesce(updated_at, created_at),
                    updated_by
             FROM project WHERE id = ?1",
            args![id],
        )?
        .ok_or(Error::NotFound {
            what: Record::Project,
        })?;
    let dialect = sql.dialect();
    let partners = sql
        .rows(
            &format!(
                "SELECT p.organisation_id, o.name, p.role FROM project_partner AS p
                 JOIN organisation AS o ON o.id = p.organisation_id
                 WHERE p.project_id = ?1 ORDER BY {}, o.id",
                dialect.nocase_order("o.name")
            ),
            args![id],
        )?
        .iter()
        .map(|r| {
            Ok(Partner {
                organisation_id: r.get(0)?,
                organisation_name: r.get(1)?,
                role: r.get(2)?,
            })
        })
        .collect::<Result<_>>()?;
    let workshops = sql
        .rows(
            &format!(
                "SELECT w.id, w.title, w.starts_at, e.id, e.title
                 FROM workshop AS w JOIN event AS e ON e.id = w.event_id
                 WHERE w.project_id = ?1 ORDER BY w.starts_at, {}, w.id",
                dialect.nocase_order("w.title")
            ),
            args![id],
        )?
        .iter()
        .map(|r| {
            Ok(ProjectWorkshop {
                id: r.get(0)?,
                title: r.get(1)?,
                starts_at: crate::time::parse(&r.get::<String>(2)?)?,
                event_id: r.get(3)?,
                event_title: r.get(4)?,
            })
        })
        .collect::<Result<_>>()?;
    let events = sql
        .rows(
            &format!(
                "SELECT e.id, e.title, e.starts_on, e.ends_on,
                        CASE WHEN e.project_id = ?1 THEN 1 ELSE 0 END,
                        (SELECT count(*) FROM workshop AS w
                         WHERE w.event_id = e.id AND w.project_id = ?1)
                 FROM event AS e
                 WHERE e.project_id = ?1
                    OR EXISTS (SELECT 1 FROM workshop AS w
                               WHERE w.event_id = e.id AND w.project_id = ?1)
                 ORDER BY e.starts_on, {}, e.id",
                dialect.nocase_order("e.title")
            ),
            args![id],
        )?
        .iter()
        .map(|r| {
            Ok(ProjectEvent {
                id: r.get(0)?,
                title: r.get(1)?,
                starts_on: r.get(2)?,
                ends_on: r.get(3)?,
                linked: r.get(4)?,
                workshops: r.get(5)?,
            })
        })
        .collect::<Result<_>>()?;
    Ok(Project {
        id: r.get(0)?,
        title: r.get(1)?,
        description: r.get(2)?,
        starts_on: r.get(3)?,
        ends_on: r.get(4)?,
        status: ProjectStatus::from_code(&r.get::<String>(5)?),
        staff: r.get(6)?,
        funding_source: r.get(7)?,
        funding_cents: r.get(8)?,
        outcomes: r.get(9)?,
        partners,
        workshops,
        events,
        saved: Saved {
            version: r.get(10)?,
            at: r.get(11)?,
            by: r.get(12)?,
        },
    })
}

/// Which projects to list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ProjectFilter {
    /// Only projects in this state.
    pub status: Option<ProjectStatus>,
    /// Projects with this partner.
    pub organisation_id: Option<i64>,
    /// Projects running at some time in this year.
    pub year: Option<i32>,
}

/// Projects, the newest start first.
///
/// # Errors
/// Only SQLite failures.
pub fn projects(db: &Db, filter: &ProjectFilter) -> Result<Vec<Project>> {
    projects_in(db.conn(), filter)
}

/// The order of the project lists: the newest start first, those without
/// a start last.
const NEWEST_FIRST: &str = "CASE WHEN starts_on IS NULL THEN 1 ELSE 0 END, starts_on DESC, id DESC";

/// Every project as a pick list offers it: (id, title), in the order of
/// [`projects`].
///
/// # Errors
/// A failure of the engine.
pub fn project_choices_in(sql: &dyn Sql) -> Result<Vec<(i64, String)>> {
    sql.rows(
        &format!("SELECT id, title FROM project ORDER BY {NEWEST_FIRST}"),
        &[],
    )?
    .iter()
    .map(|r| Ok((r.get(0)?, r.get(1)?)))
    .collect()
}

/// [`projects`] inside a read, on either engine.
///
/// # Errors
/// A failure of the engine.
pub fn projects_in(sql: &dyn Sql, filter: &ProjectFilter) -> Result<Vec<Project>> {
    let mut conditions = Vec::new();
    let mut values = Vec::new();
    if let Some(status) = filter.status {
        values.push(Value::from(status.code()));
        conditions.push(format!("status = ?{}", values.len()));
    }
    if let Some(organisation) = filter.organisation_id {
        values.push(Value::from(organisation));
        conditions.push(format!(
            "EXISTS (SELECT 1 FROM project_partner
                     WHERE project_id = p.id AND organisation_id = ?{})",
            values.len()
        ));
    }
    let filter_sql = if conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conditions.join(" AND "))
    };
    let ids: Vec<i64> = sql
        .rows(
            &format!("SELECT id FROM project AS p {filter_sql} ORDER BY {NEWEST_FIRST}"),
            &values,
        )?
        .iter()
        .map(|r| r.get(0))
        .collect::<Result<_>>()?;
    let mut list = Vec::new();
    for id in ids {
        let p = project_in(sql, id)?;
        if let Some(year) = filter.year {
            let starts = p.starts_on.map_or(i32::MIN, |d| d.year());
            let ends = p.ends_on.map_or(i32::MAX, |d| d.year());
            if year < starts || year > ends {
                continue;
            }
        }
        list.push(p);
    }
    Ok(list)
}
