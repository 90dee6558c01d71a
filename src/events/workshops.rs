//! Workshops of an event: entering, changing and deleting them (rooms,
//! times, hosts, facilitators, languages), and reading one.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::slot;
use crate::time::{parse as parse_time, timestamp};
use crate::Record;
use crate::{languages, limits, Db, Error, Result};

/// A host organisation and its role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Host {
    /// The organisation's number in the database.
    pub organisation_id: i64,
    /// What it does in the workshop ("Durchführung", "Sprachmittlung").
    pub role: String,
}

/// What staff enter for a workshop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct WorkshopInput {
    /// Required.
    pub title: String,
    /// What it is about.
    pub description: String,
    /// Who it is for ("Schüler/innen", "Eltern").
    pub target_group: String,
    /// One of the event's rooms; two workshops never share one at a time.
    pub room: String,
    /// Start, on one of the event's days; required.
    pub starts_at: Option<NaiveDateTime>,
    /// End, after the start; required.
    pub ends_at: Option<NaiveDateTime>,
    /// Seats.
    pub capacity: u32,
    /// Whether people can wait for a seat when it is full.
    pub waitlist: bool,
    /// The organisations that hold it.
    pub hosts: Vec<Host>,
    /// Contacts who lead the workshop.
    pub facilitators: Vec<i64>,
    /// Languages spoken (ISO 639-1).
    pub languages: Vec<String>,
    /// The cooperation project it belongs to, if any.
    pub project_id: Option<i64>,
}

/// Adds a workshop to an event. A room or a facilitator already booked in
/// an overlapping slot (of any event) is refused with the conflict named.
///
/// # Errors
/// [`Error::Required`] (title, times), [`Error::DateRangeReversed`] (ends
/// before it starts), [`Error::RoomTaken`], [`Error::FacilitatorTaken`],
/// [`Error::NotFound`] (event, organisation, contact, project),
/// [`Error::UnknownLanguageCode`].
pub fn create_workshop(
    db: &mut Db,
    event_id: i64,
    input: &WorkshopInput,
    now: NaiveDateTime,
) -> Result<i64> {
    save_workshop(db, event_id, None, input, now)
}

/// Changes a workshop: the same checks as [`create_workshop`] (the
/// workshop does not conflict with itself). Its capacity changes through
/// [`super::set_capacity`], which decides who waits; here it must stay as it is.
///
/// # Errors
/// As [`create_workshop`], and [`Error::NotFound`] (workshop).
pub fn update_workshop(
    db: &mut Db,
    id: i64,
    input: &WorkshopInput,
    now: NaiveDateTime,
) -> Result<()> {
    let event_id = slot(db.conn(), id)?.event_id;
    save_workshop(db, event_id, Some(id), input, now).map(|_| ())
}

/// Deletes a workshop entered by mistake; one with registrations is
/// refused (cancel the workshop's registrations instead, so people can be
/// told).
///
/// # Errors
/// [`Error::NotFound`], [`Error::WorkshopHasRegistrations`].
pub fn delete_workshop(db: &mut Db, id: i64) -> Result<()> {
    db.write(|tx| {
        let registrations: u32 = tx.query_row(
            "SELECT count(*) FROM registration WHERE workshop_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        if registrations > 0 {
            return Err(Error::WorkshopHasRegistrations { registrations });
        }
        if tx.execute("DELETE FROM workshop WHERE id = ?1", [id])? == 0 {
            return Err(Error::NotFound {
                what: Record::Workshop,
            });
        }
        Ok(())
    })
}

fn save_workshop(
    db: &mut Db,
    event_id: i64,
    id: Option<i64>,
    input: &WorkshopInput,
    now: NaiveDateTime,
) -> Result<i64> {
    let title = input.title.trim();
    if title.is_empty() {
        return Err(Error::Required { field: "title" });
    }
    limits::check_all(&[
        ("title", title, limits::TITLE),
        ("description", input.description.trim(), limits::TEXT),
        ("target_group", input.target_group.trim(), limits::NAME),
        ("room", input.room.trim(), limits::NAME),
    ])?;
    for host in &input.hosts {
        limits::check("hosts", host.role.trim(), limits::NAME)?;
    }
    let (Some(starts_at), Some(ends_at)) = (input.starts_at, input.ends_at) else {
        return Err(Error::Required { field: "starts_at" });
    };
    if ends_at <= starts_at {
        return Err(Error::DateRangeReversed { field: "ends_at" });
    }
    let mut codes = Vec::new();
    for code in &input.languages {
        let code = languages::check(code, "languages")?;
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    let room = input.room.trim();
    db.write(|tx| {
        let days: Option<(NaiveDate, NaiveDate)> = tx
            .query_row(
                "SELECT starts_on, ends_on FROM event WHERE id = ?1",
                [event_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((first, last)) = days else {
            return Err(Error::NotFound { what: Record::Event });
        };
        if starts_at.date() < first || ends_at.date() > last {
            return Err(Error::OutsideEventDays { first, last });
        }
        super::project_exists(tx, input.project_id)?;
        let (from, to) = (timestamp(starts_at), timestamp(ends_at));
        let this = id.unwrap_or(0);
        if id.is_some() {
            // Moving a workshop must not give anyone registered for it a
            // second workshop of the event at the same time.
            let (people, other): (u32, Option<String>) = tx.query_row(
                "SELECT count(DISTINCT r.participant_id), min(w.title)
                 FROM registration AS r
                 JOIN registration AS o ON o.participant_id = r.participant_id
                      AND o.workshop_id <> r.workshop_id
                 JOIN workshop AS w ON w.id = o.workshop_id
                 WHERE r.workshop_id = ?1 AND w.event_id = ?2
                   AND r.status IN ('angemeldet', 'warteliste', 'teilgenommen')
                   AND o.status IN ('angemeldet', 'warteliste', 'teilgenommen')
                   AND w.starts_at < ?4 AND w.ends_at > ?3",
                params![this, event_id, from, to],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            if let Some(workshop) = other.filter(|_| people > 0) {
                return Err(Error::NewTimeOverlapsRegistrations { people, workshop });
            }
        }
        if !room.is_empty() {
            let taken: Option<String> = tx
                .query_row(
                    "SELECT title FROM workshop WHERE room = ?1 AND starts_at < ?3 AND ends_at > ?2
                     AND id <> ?4 LIMIT 1",
                    params![room, from, to, this],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(other) = taken {
                return Err(Error::RoomTaken {
                    room: room.to_owned(),
                    workshop: other,
                });
            }
        }
        for contact in &input.facilitators {
            let busy: Option<(String, String)> = tx
                .query_row(
                    "SELECT c.name, w.title FROM workshop_facilitator AS f
                     JOIN workshop AS w ON w.id = f.workshop_id JOIN contact AS c ON c.id = f.contact_id
                     WHERE f.contact_id = ?1 AND w.starts_at < ?3 AND w.ends_at > ?2 AND w.id <> ?4
                     LIMIT 1",
                    params![contact, from, to, this],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            if let Some((person, other)) = busy {
                return Err(Error::FacilitatorTaken {
                    person,
                    workshop: other,
                });
            }
        }
        let values = params![
            title,
            input.description.trim(),
            input.target_group.trim(),
            room,
            from,
            to,
            input.waitlist,
            timestamp(now),
            input.capacity,
            event_id,
            id,
            input.project_id
        ];
        let id = match id {
            None => {
                tx.execute(
                    "INSERT INTO workshop (title, description, target_group, room, starts_at, ends_at,
                                           waitlist, created_at, updated_at, capacity, event_id,
                                           project_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10, ?12)",
                    values, // ?11, the id, is not used here
                )?;
                tx.last_insert_rowid()
            }
            Some(id) => {
                // The capacity stays: it changes through `set_capacity`.
                tx.execute(
                    "UPDATE workshop SET title = ?1, description = ?2, target_group = ?3, room = ?4,
                            starts_at = ?5, ends_at = ?6, waitlist = ?7, updated_at = ?8,
                            project_id = ?12
                     WHERE id = ?11",
                    values,
                )?;
                for table in ["workshop_host", "workshop_facilitator", "workshop_language"] {
                    tx.execute(&format!("DELETE FROM {table} WHERE workshop_id = ?1"), [id])?;
                }
                id
            }
        };
        for host in &input.hosts {
            tx.execute(
                "INSERT INTO workshop_host (workshop_id, organisation_id, role) VALUES (?1, ?2, ?3)",
                params![id, host.organisation_id, host.role.trim()],
            )
            .map_err(|_| Error::NotFound {
                what: Record::Organisation,
            })?;
        }
        for contact in &input.facilitators {
            tx.execute(
                "INSERT INTO workshop_facilitator (workshop_id, contact_id) VALUES (?1, ?2)",
                params![id, contact],
            )
            .map_err(|_| Error::NotFound { what: Record::Contact })?;
        }
        for code in &codes {
            tx.execute(
                "INSERT INTO workshop_language (workshop_id, code) VALUES (?1, ?2)",
                params![id, code],
            )?;
        }
        Ok(id)
    })
}

/// A workshop as its pages and printouts show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Workshop {
    /// The workshop's number in the database.
    pub id: i64,
    /// The event it belongs to.
    pub event_id: i64,
    /// That event's title.
    pub event_title: String,
    /// Title.
    pub title: String,
    /// What it is about.
    pub description: String,
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
    /// Host organisations with their role.
    pub hosts: Vec<(String, String)>,
    /// The same as stored (organisation and role), for the edit form.
    pub host_links: Vec<Host>,
    /// Contacts who lead the workshop.
    pub facilitator_ids: Vec<i64>,
    /// Language codes.
    pub languages: Vec<String>,
    /// The cooperation project it belongs to, if any.
    pub project_id: Option<i64>,
    /// That project's title.
    pub project_title: Option<String>,
}

/// One workshop.
///
/// # Errors
/// [`Error::NotFound`].
pub fn workshop(db: &Db, id: i64) -> Result<Workshop> {
    let conn = db.conn();
    let mut w = conn
        .query_row(
            "SELECT w.id, w.event_id, e.title, w.title, w.description, w.target_group, w.room,
                    w.starts_at, w.ends_at, w.capacity, w.waitlist, w.project_id, p.title
             FROM workshop AS w JOIN event AS e ON e.id = w.event_id
             LEFT JOIN project AS p ON p.id = w.project_id WHERE w.id = ?1",
            [id],
            |r| {
                Ok(Workshop {
                    id: r.get(0)?,
                    event_id: r.get(1)?,
                    event_title: r.get(2)?,
                    title: r.get(3)?,
                    description: r.get(4)?,
                    target_group: r.get(5)?,
                    room: r.get(6)?,
                    starts_at: parse_time(&r.get::<_, String>(7)?)?,
                    ends_at: parse_time(&r.get::<_, String>(8)?)?,
                    capacity: r.get(9)?,
                    waitlist: r.get(10)?,
                    hosts: Vec::new(),
                    host_links: Vec::new(),
                    facilitator_ids: Vec::new(),
                    languages: Vec::new(),
                    project_id: r.get(11)?,
                    project_title: r.get(12)?,
                })
            },
        )
        .optional()?
        .ok_or(Error::NotFound {
            what: Record::Workshop,
        })?;
    let mut stmt = conn.prepare_cached(
        "SELECT o.name, h.role, o.id FROM workshop_host AS h
         JOIN organisation AS o ON o.id = h.organisation_id
         WHERE h.workshop_id = ?1 ORDER BY o.name COLLATE NOCASE",
    )?;
    let rows: Vec<(String, String, i64)> = stmt
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    for (name, role, organisation_id) in rows {
        w.host_links.push(Host {
            organisation_id,
            role: role.clone(),
        });
        w.hosts.push((name, role));
    }
    let mut stmt = conn.prepare_cached(
        "SELECT contact_id FROM workshop_facilitator WHERE workshop_id = ?1 ORDER BY contact_id",
    )?;
    w.facilitator_ids = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT code FROM workshop_language WHERE workshop_id = ?1 ORDER BY code",
    )?;
    w.languages = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(w)
}
