//! Workshops of an event: entering, changing and deleting them (rooms,
//! times, hosts, facilitators, languages), and reading one.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::slot;
use crate::db::engine::{args, scalar, value, Engine, Sql};
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
    /// The version of the record this form was filled from (see
    /// [`crate::versions`]); `None` for a new record, or a write that is
    /// not a form (not checked).
    pub version: Option<i64>,
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
    store: &mut impl Engine,
    event_id: i64,
    input: &WorkshopInput,
    now: NaiveDateTime,
) -> Result<i64> {
    save_workshop(store, event_id, None, input, now, "")
}

/// Changes a workshop: the same checks as [`create_workshop`] (the
/// workshop does not conflict with itself). Its capacity changes through
/// [`super::set_capacity`], which decides who waits; here it must stay as it is.
///
/// # Errors
/// As [`create_workshop`], and [`Error::NotFound`] (workshop).
pub fn update_workshop(
    store: &mut impl Engine,
    id: i64,
    input: &WorkshopInput,
    now: NaiveDateTime,
    by: &str,
) -> Result<()> {
    let event_id = store.read_sql(|sql| slot(sql, id))?.event_id;
    save_workshop(store, event_id, Some(id), input, now, by).map(|_| ())
}

/// Deletes a workshop entered by mistake; one with registrations is
/// refused (cancel the workshop's registrations instead, so people can be
/// told).
///
/// # Errors
/// [`Error::NotFound`], [`Error::WorkshopHasRegistrations`].
pub fn delete_workshop(store: &mut impl Engine, id: i64) -> Result<()> {
    store.write_sql(|tx| {
        let registrations: u32 = scalar(
            tx,
            "SELECT count(*) FROM registration WHERE workshop_id = ?1",
            args![id],
        )?;
        if registrations > 0 {
            return Err(Error::WorkshopHasRegistrations { registrations });
        }
        if tx.run("DELETE FROM workshop WHERE id = ?1", args![id])? == 0 {
            return Err(Error::NotFound {
                what: Record::Workshop,
            });
        }
        Ok(())
    })
}

fn save_workshop(
    store: &mut impl Engine,
    event_id: i64,
    id: Option<i64>,
    input: &WorkshopInput,
    now: NaiveDateTime,
    by: &str,
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
    store.write_sql(|tx| {
        let Some(days) = tx.row(
            "SELECT starts_on, ends_on FROM event WHERE id = ?1",
            args![event_id],
        )?
        else {
            return Err(Error::NotFound { what: Record::Event });
        };
        let (first, last): (NaiveDate, NaiveDate) = (days.get(0)?, days.get(1)?);
        if starts_at.date() < first || ends_at.date() > last {
            return Err(Error::OutsideEventDays { first, last });
        }
        if let Some(id) = id {
            crate::versions::claim(tx, crate::versions::Versioned::Workshop, id, input.version, by)?;
        }
        super::project_exists(tx, input.project_id)?;
        let (from, to) = (timestamp(starts_at), timestamp(ends_at));
        let this = id.unwrap_or(0);
        if id.is_some() {
            // Moving a workshop must not give anyone registered for it a
            // second workshop of the event at the same time.
            let overlap = tx
                .row(
                "SELECT count(DISTINCT r.participant_id), min(w.title)
                 FROM registration AS r
                 JOIN registration AS o ON o.participant_id = r.participant_id
                      AND o.workshop_id <> r.workshop_id
                 JOIN workshop AS w ON w.id = o.workshop_id
                 WHERE r.workshop_id = ?1 AND w.event_id = ?2
                   AND r.status IN ('angemeldet', 'warteliste', 'teilgenommen')
                   AND o.status IN ('angemeldet', 'warteliste', 'teilgenommen')
                   AND w.starts_at < ?4 AND w.ends_at > ?3",
                args![this, event_id, &from, &to],
            )?
                .ok_or(Error::NotFound { what: Record::Workshop })?;
            let (people, other): (u32, Option<String>) = (overlap.get(0)?, overlap.get(1)?);
            if let Some(workshop) = other.filter(|_| people > 0) {
                return Err(Error::NewTimeOverlapsRegistrations { people, workshop });
            }
        }
        if !room.is_empty() {
            let taken: Option<String> = value(
                tx,
                "SELECT title FROM workshop WHERE room = ?1 AND starts_at < ?3 AND ends_at > ?2
                 AND id <> ?4 ORDER BY starts_at, id LIMIT 1",
                args![room, &from, &to, this],
            )?;
            if let Some(other) = taken {
                return Err(Error::RoomTaken {
                    room: room.to_owned(),
                    workshop: other,
                });
            }
        }
        for contact in &input.facilitators {
            let busy = tx.row(
                "SELECT c.name, w.title FROM workshop_facilitator AS f
                 JOIN workshop AS w ON w.id = f.workshop_id JOIN contact AS c ON c.id = f.contact_id
                 WHERE f.contact_id = ?1 AND w.starts_at < ?3 AND w.ends_at > ?2 AND w.id <> ?4
                 ORDER BY w.starts_at, w.id LIMIT 1",
                args![*contact, &from, &to, this],
            )?;
            if let Some(busy) = busy {
                return Err(Error::FacilitatorTaken {
                    person: busy.get(0)?,
                    workshop: busy.get(1)?,
                });
            }
        }
        let values = args![
            title,
            input.description.trim(),
            input.target_group.trim(),
            room,
            &from,
            &to,
            input.waitlist,
            timestamp(now),
            input.capacity,
            event_id,
            id,
            input.project_id
        ];
        let id = match id {
            None => scalar::<i64>(
                tx,
                "INSERT INTO workshop (title, description, target_group, room, starts_at, ends_at,
                                       waitlist, created_at, updated_at, capacity, event_id,
                                       project_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10, ?11) RETURNING id",
                // Without the id (the server refuses a parameter the
                // statement does not use).
                &[&values[..10], &values[11..]].concat(),
            )?,
            Some(id) => {
                // The capacity stays: it changes through `set_capacity`.
                tx.run(
                    "UPDATE workshop SET title = ?1, description = ?2, target_group = ?3, room = ?4,
                            starts_at = ?5, ends_at = ?6, waitlist = ?7, updated_at = ?8,
                            project_id = ?10
                     WHERE id = ?9",
                    // Without the capacity and the event, which stay.
                    &[&values[..8], &values[10..]].concat(),
                )?;
                for table in ["workshop_host", "workshop_facilitator", "workshop_language"] {
                    tx.run(
                        &format!("DELETE FROM {table} WHERE workshop_id = ?1"),
                        args![id],
                    )?;
                }
                id
            }
        };
        for host in &input.hosts {
            tx.run(
                "INSERT INTO workshop_host (workshop_id, organisation_id, role) VALUES (?1, ?2, ?3)",
                args![id, host.organisation_id, host.role.trim()],
            )
            .map_err(|_| Error::NotFound {
                what: Record::Organisation,
            })?;
        }
        for contact in &input.facilitators {
            tx.run(
                "INSERT INTO workshop_facilitator (workshop_id, contact_id) VALUES (?1, ?2)",
                args![id, *contact],
            )
            .map_err(|_| Error::NotFound { what: Record::Contact })?;
        }
        for code in &codes {
            tx.run(
                "INSERT INTO workshop_language (workshop_id, code) VALUES (?1, ?2)",
                args![id, code],
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
    /// Its version, when and on which workstation it was last saved.
    pub saved: crate::versions::Saved,
}

/// One workshop.
///
/// # Errors
/// [`Error::NotFound`].
pub fn workshop(db: &Db, id: i64) -> Result<Workshop> {
    workshop_in(db.conn(), id)
}

/// [`workshop`] inside a read, on either engine.
///
/// # Errors
/// As [`workshop`]; a failure of the engine.
pub fn workshop_in(sql: &dyn Sql, id: i64) -> Result<Workshop> {
    let r = sql
        .row(
            "SELECT w.id, w.event_id, e.title, w.title, w.description, w.target_group, w.room,
                    w.starts_at, w.ends_at, w.capacity, w.waitlist, w.project_id, p.title
             FROM workshop AS w JOIN event AS e ON e.id = w.event_id
             LEFT JOIN project AS p ON p.id = w.project_id WHERE w.id = ?1",
            args![id],
        )?
        .ok_or(Error::NotFound {
            what: Record::Workshop,
        })?;
    let mut w = Workshop {
        id: r.get(0)?,
        event_id: r.get(1)?,
        event_title: r.get(2)?,
        title: r.get(3)?,
        description: r.get(4)?,
        target_group: r.get(5)?,
        room: r.get(6)?,
        starts_at: parse_time(&r.get::<String>(7)?)?,
        ends_at: parse_time(&r.get::<String>(8)?)?,
        capacity: r.get(9)?,
        waitlist: r.get(10)?,
        hosts: Vec::new(),
        host_links: Vec::new(),
        facilitator_ids: Vec::new(),
        languages: Vec::new(),
        project_id: r.get(11)?,
        project_title: r.get(12)?,
        saved: crate::versions::saved(sql, crate::versions::Versioned::Workshop, id)?,
    };
    for r in sql.rows(
        &format!(
            "SELECT o.name, h.role, o.id FROM workshop_host AS h
             JOIN organisation AS o ON o.id = h.organisation_id
             WHERE h.workshop_id = ?1 ORDER BY {}, o.id",
            sql.dialect().nocase_order("o.name")
        ),
        args![id],
    )? {
        let (name, role, organisation_id): (String, String, i64) =
            (r.get(0)?, r.get(1)?, r.get(2)?);
        w.host_links.push(Host {
            organisation_id,
            role: role.clone(),
        });
        w.hosts.push((name, role));
    }
    w.facilitator_ids = sql
        .rows(
            "SELECT contact_id FROM workshop_facilitator WHERE workshop_id = ?1 ORDER BY contact_id",
            args![id],
        )?
        .into_iter()
        .map(|r| r.get(0))
        .collect::<Result<_>>()?;
    w.languages = sql
        .rows(
            "SELECT code FROM workshop_language WHERE workshop_id = ?1 ORDER BY code",
            args![id],
        )?
        .into_iter()
        .map(|r| r.get(0))
        .collect::<Result<_>>()?;
    Ok(w)
}
