//! The figures of an event: per workshop (seats, waitlist, cancelled,
//! present, no-shows, walk-ins), summed per host organisation (a co-hosted
//! workshop counts for each host) and for the whole event.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::db::engine::{args, Sql};
use crate::search::fold_plain;
use crate::time::parse as parse_time;
use crate::{languages, Db, Result};

/// How a workshop (or a host, or the whole event) is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct Figures {
    /// Seats taken: registered, present or not present.
    pub registered: u32,
    /// Waiting for a seat.
    pub waitlisted: u32,
    /// Cancelled.
    pub cancelled: u32,
    /// Checked in.
    pub present: u32,
    /// Registered but did not come.
    pub no_show: u32,
    /// Of those present, how many came without registration.
    pub walk_ins: u32,
    /// Present as a share of the seats taken, in per cent; `None` until
    /// check-in began.
    pub attendance_rate: Option<u32>,
}

impl Figures {
    pub(crate) fn add(&mut self, other: &Figures) {
        self.registered += other.registered;
        self.waitlisted += other.waitlisted;
        self.cancelled += other.cancelled;
        self.present += other.present;
        self.no_show += other.no_show;
        self.walk_ins += other.walk_ins;
        self.rate();
    }

    pub(crate) fn rate(&mut self) {
        self.attendance_rate =
            (self.present + self.no_show > 0 && self.registered > 0).then(|| {
                ((f64::from(self.present) * 100.0) / f64::from(self.registered)).round() as u32
            });
    }
}

/// A workshop as the event page and the programme show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkshopSummary {
    /// The workshop's number in the database.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Who it is for ("Schüler/innen", "Eltern").
    pub target_group: String,
    /// Room.
    pub room: String,
    /// Start.
    pub starts_at: NaiveDateTime,
    /// End.
    pub ends_at: NaiveDateTime,
    /// Seats.
    pub capacity: u32,
    /// Whether people can wait for a seat when it is full.
    pub waitlist: bool,
    /// Names of the host organisations.
    pub hosts: Vec<String>,
    /// German names of the languages spoken.
    pub languages: Vec<String>,
    /// How it is doing.
    pub figures: Figures,
}

pub(crate) fn count_status(figures: &mut Figures, status: &str, walk_in: bool, n: u32) {
    match status {
        "angemeldet" => figures.registered += n,
        "teilgenommen" => {
            figures.registered += n;
            figures.present += n;
            if walk_in {
                figures.walk_ins += n;
            }
        }
        "nicht_erschienen" => {
            figures.registered += n;
            figures.no_show += n;
        }
        "warteliste" => figures.waitlisted += n,
        _ => figures.cancelled += n,
    }
}

/// The workshops of an event by start time and room, with their figures.
///
/// # Errors
/// Only SQLite failures.
pub fn workshops(db: &Db, event_id: i64) -> Result<Vec<WorkshopSummary>> {
    workshops_in(db.conn(), event_id)
}

/// [`workshops`] inside a read, on either engine.
///
/// # Errors
/// A failure of the engine.
pub fn workshops_in(sql: &dyn Sql, event_id: i64) -> Result<Vec<WorkshopSummary>> {
    let dialect = sql.dialect();
    let rows = sql.rows(
        &format!(
            "SELECT id, title, target_group, room, starts_at, ends_at, capacity, waitlist
             FROM workshop WHERE event_id = ?1 ORDER BY starts_at, {}, id",
            dialect.nocase_order("room")
        ),
        args![event_id],
    )?;
    let hosts = format!(
        "SELECT o.name FROM workshop_host AS h JOIN organisation AS o ON o.id = h.organisation_id
         WHERE h.workshop_id = ?1 ORDER BY {}, o.id",
        dialect.nocase_order("o.name")
    );
    let mut list = Vec::with_capacity(rows.len());
    for r in rows {
        let id: i64 = r.get(0)?;
        let mut w = WorkshopSummary {
            id,
            title: r.get(1)?,
            target_group: r.get(2)?,
            room: r.get(3)?,
            starts_at: parse_time(&r.get::<String>(4)?)?,
            ends_at: parse_time(&r.get::<String>(5)?)?,
            capacity: r.get(6)?,
            waitlist: r.get(7)?,
            hosts: Vec::new(),
            languages: Vec::new(),
            figures: Figures::default(),
        };
        w.hosts = sql
            .rows(&hosts, args![id])?
            .into_iter()
            .map(|r| r.get(0))
            .collect::<Result<_>>()?;
        w.languages = sql
            .rows(
                "SELECT code FROM workshop_language WHERE workshop_id = ?1 ORDER BY code",
                args![id],
            )?
            .into_iter()
            .map(|r| Ok(languages::name(&r.get::<String>(0)?).to_owned()))
            .collect::<Result<_>>()?;
        for c in sql.rows(
            "SELECT status, walk_in, count(*) FROM registration WHERE workshop_id = ?1
             GROUP BY status, walk_in",
            args![id],
        )? {
            count_status(&mut w.figures, &c.get::<String>(0)?, c.get(1)?, c.get(2)?);
        }
        w.figures.rate();
        list.push(w);
    }
    Ok(list)
}

/// A host organisation's figures over the workshops it (co-)hosts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HostFigures {
    /// The organisation's number in the database.
    pub organisation_id: i64,
    /// The organisation's name.
    pub name: String,
    /// How many workshops it (co-)hosts.
    pub workshops: u32,
    /// The figures over those workshops.
    pub figures: Figures,
}

/// The figures of an event: in total and per host organisation (the
/// per-workshop figures come with [`workshops`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventFigures {
    /// The figures over all workshops.
    pub total: Figures,
    /// Per host organisation, by name.
    pub hosts: Vec<HostFigures>,
}

/// Registrations, waitlist and attendance of an event, in total and per
/// host organisation.
///
/// # Errors
/// Only SQLite failures.
pub fn figures(db: &Db, event_id: i64) -> Result<EventFigures> {
    figures_in(db.conn(), event_id)
}

/// [`figures`] inside a read, on either engine.
///
/// # Errors
/// A failure of the engine.
pub fn figures_in(sql: &dyn Sql, event_id: i64) -> Result<EventFigures> {
    let list = workshops_in(sql, event_id)?;
    let mut total = Figures::default();
    for w in &list {
        total.add(&w.figures);
    }
    let links = sql
        .rows(
            "SELECT h.workshop_id, o.id, o.name FROM workshop_host AS h
             JOIN organisation AS o ON o.id = h.organisation_id JOIN workshop AS w ON w.id = h.workshop_id
             WHERE w.event_id = ?1",
            args![event_id],
        )?
        .into_iter()
        .map(|r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .collect::<Result<Vec<(i64, i64, String)>>>()?;
    let mut by_host: BTreeMap<(String, i64), HostFigures> = BTreeMap::new();
    for (workshop_id, organisation_id, name) in links {
        let Some(w) = list.iter().find(|w| w.id == workshop_id) else {
            continue;
        };
        let entry = by_host
            .entry((fold_plain(&name), organisation_id))
            .or_insert_with(|| HostFigures {
                organisation_id,
                name,
                workshops: 0,
                figures: Figures::default(),
            });
        entry.workshops += 1;
        entry.figures.add(&w.figures);
    }
    Ok(EventFigures {
        total,
        hosts: by_host.into_values().collect(),
    })
}
