//! The Arbeitskreis: working groups of member organisations, their
//! meetings with attendance per member organisation, minutes, decisions and
//! action items.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{exists, timestamp};
use crate::time::parse as parse_time;
use crate::{limits, Db, Error, Result};

/// A member organisation of a working group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Member {
    /// The organisation's number in the database.
    pub organisation_id: i64,
    /// Its name.
    pub organisation_name: String,
    /// When it joined.
    pub joined_on: NaiveDate,
    /// When it left, if it did.
    pub left_on: Option<NaiveDate>,
    /// Meetings attended of those held while a member.
    pub attended: u32,
    /// Meetings held while it was a member.
    pub meetings_as_member: u32,
}

/// A meeting in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeetingSummary {
    /// The meeting's number in the database.
    pub id: i64,
    /// When it starts.
    pub starts_at: NaiveDateTime,
    /// Where.
    pub place: String,
    /// Member organisations that came.
    pub present: u32,
}

/// An action item with the date of its meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionItem {
    /// The action's number in the database.
    pub id: i64,
    /// The meeting that agreed it.
    pub meeting_id: i64,
    /// What is to be done.
    pub text: String,
    /// Who does it.
    pub owner: String,
    /// By when, if agreed.
    pub due_on: Option<NaiveDate>,
    /// When it was done; `None` while open.
    pub done_on: Option<NaiveDate>,
}

/// A working group with members, meetings and open actions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkingGroup {
    /// The working group's number in the database.
    pub id: i64,
    /// Name ("Arbeitskreis Migrantenorganisationen").
    pub name: String,
    /// What it is for.
    pub description: String,
    /// Member organisations, current and former.
    pub members: Vec<Member>,
    /// Oldest first.
    pub meetings: Vec<MeetingSummary>,
    /// The first meeting on or after the given day.
    pub next_meeting: Option<MeetingSummary>,
    /// Actions not done yet, from all its meetings.
    pub open_actions: Vec<ActionItem>,
}

/// Attendance of one member organisation at a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Attendance {
    /// The member organisation.
    pub organisation_id: i64,
    /// Filled when read.
    pub organisation_name: String,
    /// Whether someone came from it.
    pub present: bool,
    /// The person who came, when known (and not deleted since).
    pub contact_id: Option<i64>,
    /// Filled when read.
    pub contact_name: Option<String>,
    /// How many people came from the organisation.
    pub persons: u32,
}

/// What staff enter for a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct MeetingInput {
    /// When it starts; required.
    pub starts_at: Option<NaiveDateTime>,
    /// Where.
    pub place: String,
    /// The agenda, one item a line.
    pub agenda: String,
    /// The minutes.
    pub minutes: String,
}

/// A meeting with everything recorded for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Meeting {
    /// The meeting's number in the database.
    pub id: i64,
    /// The working group it belongs to.
    pub working_group_id: i64,
    /// That group's name.
    pub working_group_name: String,
    /// When it starts.
    pub starts_at: NaiveDateTime,
    /// Where.
    pub place: String,
    /// The agenda.
    pub agenda: String,
    /// The minutes.
    pub minutes: String,
    /// One row per organisation that was a member on the meeting's day.
    pub attendance: Vec<Attendance>,
    /// Decisions, each with its number in the database.
    pub decisions: Vec<(i64, String)>,
    /// Actions agreed at it.
    pub actions: Vec<ActionItem>,
}

/// Creates a working group.
///
/// # Errors
/// [`Error::Required`] (name), [`Error::ListEntryExists`] (name taken).
pub fn create_working_group(
    db: &mut Db,
    name: &str,
    description: &str,
    now: NaiveDateTime,
) -> Result<i64> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::Required { field: "name" });
    }
    limits::check_all(&[
        ("name", name, limits::NAME),
        ("description", description.trim(), limits::TEXT),
    ])?;
    db.write(|tx| {
        let taken: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM working_group WHERE lower(name) = lower(?1))",
            [name],
            |r| r.get(0),
        )?;
        if taken {
            return Err(Error::ListEntryExists);
        }
        tx.execute(
            "INSERT INTO working_group (name, description, created_at) VALUES (?1, ?2, ?3)",
            params![name, description.trim(), timestamp(now)],
        )?;
        Ok(tx.last_insert_rowid())
    })
}

/// The working groups: (id, name).
///
/// # Errors
/// Only SQLite failures.
pub fn working_groups(db: &Db) -> Result<Vec<(i64, String)>> {
    let mut stmt = db
        .conn()
        .prepare_cached("SELECT id, name FROM working_group ORDER BY name COLLATE NOCASE")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn group_exists(conn: &Connection, id: i64) -> Result<()> {
    let found: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM working_group WHERE id = ?1)",
        [id],
        |r| r.get(0),
    )?;
    if found {
        Ok(())
    } else {
        Err(Error::NotFound {
            what: "working_group",
        })
    }
}

/// An organisation joins a working group on a day.
///
/// # Errors
/// [`Error::NotFound`], [`Error::AlreadyMember`].
pub fn join(db: &mut Db, group_id: i64, organisation_id: i64, joined_on: NaiveDate) -> Result<()> {
    db.write(|tx| {
        group_exists(tx, group_id)?;
        exists(tx, organisation_id)?;
        let member: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM working_group_member
                            WHERE working_group_id = ?1 AND organisation_id = ?2 AND left_on IS NULL)",
            params![group_id, organisation_id],
            |r| r.get(0),
        )?;
        if member {
            return Err(Error::AlreadyMember);
        }
        tx.execute(
            "INSERT INTO working_group_member (working_group_id, organisation_id, joined_on)
             VALUES (?1, ?2, ?3)",
            params![group_id, organisation_id, joined_on],
        )?;
        Ok(())
    })
}

/// An organisation leaves a working group on a day.
///
/// # Errors
/// [`Error::NotFound`] (not a member), [`Error::DateRangeReversed`].
pub fn leave(db: &mut Db, group_id: i64, organisation_id: i64, left_on: NaiveDate) -> Result<()> {
    db.write(|tx| {
        let joined: Option<NaiveDate> = tx
            .query_row(
                "SELECT joined_on FROM working_group_member
                 WHERE working_group_id = ?1 AND organisation_id = ?2 AND left_on IS NULL",
                params![group_id, organisation_id],
                |r| r.get(0),
            )
            .optional()?;
        let Some(joined) = joined else {
            return Err(Error::NotFound {
                what: "organisation",
            });
        };
        if left_on < joined {
            return Err(Error::DateRangeReversed { field: "left_on" });
        }
        tx.execute(
            "UPDATE working_group_member SET left_on = ?4
             WHERE working_group_id = ?1 AND organisation_id = ?2 AND joined_on = ?3",
            params![group_id, organisation_id, joined, left_on],
        )?;
        Ok(())
    })
}

/// Schedules (`id` None) or changes a meeting; returns its id.
///
/// # Errors
/// [`Error::NotFound`], [`Error::Required`] (date and time).
pub fn save_meeting(
    db: &mut Db,
    group_id: i64,
    id: Option<i64>,
    input: &MeetingInput,
    now: NaiveDateTime,
) -> Result<i64> {
    let Some(starts_at) = input.starts_at else {
        return Err(Error::Required { field: "starts_at" });
    };
    limits::check_all(&[
        ("place", input.place.trim(), limits::NAME),
        ("agenda", input.agenda.trim(), limits::TEXT),
        ("minutes", input.minutes.trim(), limits::TEXT),
    ])?;
    db.write(|tx| {
        group_exists(tx, group_id)?;
        match id {
            Some(id) => {
                let changed = tx.execute(
                    "UPDATE meeting SET starts_at = ?3, place = ?4, agenda = ?5, minutes = ?6,
                            updated_at = ?7
                     WHERE id = ?1 AND working_group_id = ?2",
                    params![
                        id,
                        group_id,
                        starts_at.format(crate::time::FORMAT).to_string(),
                        input.place.trim(),
                        input.agenda.trim(),
                        input.minutes.trim(),
                        timestamp(now)
                    ],
                )?;
                if changed == 0 {
                    return Err(Error::NotFound { what: "meeting" });
                }
                Ok(id)
            }
            None => {
                tx.execute(
                    "INSERT INTO meeting (working_group_id, starts_at, place, agenda, minutes,
                                          created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                    params![
                        group_id,
                        starts_at.format(crate::time::FORMAT).to_string(),
                        input.place.trim(),
                        input.agenda.trim(),
                        input.minutes.trim(),
                        timestamp(now)
                    ],
                )?;
                Ok(tx.last_insert_rowid())
            }
        }
    })
}

/// Records who came: one entry per member organisation (absent ones are
/// stored as absent). Replaces what was recorded before.
///
/// # Errors
/// [`Error::NotFound`] (meeting, organisation, contact).
pub fn set_attendance(db: &mut Db, meeting_id: i64, attendance: &[Attendance]) -> Result<Meeting> {
    db.write(|tx| {
        meeting_exists(tx, meeting_id)?;
        tx.execute(
            "DELETE FROM meeting_attendance WHERE meeting_id = ?1",
            [meeting_id],
        )?;
        for a in attendance.iter().filter(|a| a.present) {
            exists(tx, a.organisation_id)?;
            if let Some(contact) = a.contact_id {
                let known: bool = tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM contact WHERE id = ?1)",
                    [contact],
                    |r| r.get(0),
                )?;
                if !known {
                    return Err(Error::NotFound { what: "contact" });
                }
            }
            tx.execute(
                "INSERT INTO meeting_attendance (meeting_id, organisation_id, contact_id, persons)
                 VALUES (?1, ?2, ?3, ?4)",
                params![
                    meeting_id,
                    a.organisation_id,
                    a.contact_id,
                    a.persons.max(1)
                ],
            )?;
        }
        Ok(())
    })?;
    meeting(db, meeting_id)
}

fn meeting_exists(conn: &Connection, id: i64) -> Result<()> {
    let found: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM meeting WHERE id = ?1)",
        [id],
        |r| r.get(0),
    )?;
    if found {
        Ok(())
    } else {
        Err(Error::NotFound { what: "meeting" })
    }
}

/// Records a decision of a meeting.
///
/// # Errors
/// [`Error::NotFound`], [`Error::Required`].
pub fn add_decision(db: &mut Db, meeting_id: i64, text: &str) -> Result<()> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::Required { field: "decision" });
    }
    limits::check("decision", text, limits::TEXT)?;
    db.write(|tx| {
        meeting_exists(tx, meeting_id)?;
        tx.execute(
            "INSERT INTO meeting_decision (meeting_id, text) VALUES (?1, ?2)",
            params![meeting_id, text],
        )?;
        Ok(())
    })
}

/// Adds an action item to a meeting.
///
/// # Errors
/// [`Error::NotFound`], [`Error::Required`] (text).
pub fn add_action(
    db: &mut Db,
    meeting_id: i64,
    text: &str,
    owner: &str,
    due_on: Option<NaiveDate>,
) -> Result<ActionItem> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::Required { field: "action" });
    }
    limits::check_all(&[
        ("action", text, limits::TEXT),
        ("owner", owner.trim(), limits::NAME),
    ])?;
    db.write(|tx| {
        meeting_exists(tx, meeting_id)?;
        tx.execute(
            "INSERT INTO action_item (meeting_id, text, owner, due_on) VALUES (?1, ?2, ?3, ?4)",
            params![meeting_id, text, owner.trim(), due_on],
        )?;
        Ok(ActionItem {
            id: tx.last_insert_rowid(),
            meeting_id,
            text: text.to_owned(),
            owner: owner.trim().to_owned(),
            due_on,
            done_on: None,
        })
    })
}

/// Marks an action item done on a day, or open again (`None`).
///
/// # Errors
/// [`Error::NotFound`].
pub fn set_action_done(db: &mut Db, action_id: i64, done_on: Option<NaiveDate>) -> Result<()> {
    db.write(|tx| {
        let changed = tx.execute(
            "UPDATE action_item SET done_on = ?2 WHERE id = ?1",
            params![action_id, done_on],
        )?;
        if changed == 0 {
            return Err(Error::NotFound {
                what: "action_item",
            });
        }
        Ok(())
    })
}

fn actions(conn: &Connection, sql: &str, id: i64) -> Result<Vec<ActionItem>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([id], |r| {
        Ok(ActionItem {
            id: r.get(0)?,
            meeting_id: r.get(1)?,
            text: r.get(2)?,
            owner: r.get(3)?,
            due_on: r.get(4)?,
            done_on: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One meeting with attendance (every organisation that was a member on
/// its day, present or not), decisions and actions.
///
/// # Errors
/// [`Error::NotFound`].
pub fn meeting(db: &Db, id: i64) -> Result<Meeting> {
    let conn = db.conn();
    let mut m = conn
        .query_row(
            "SELECT m.id, m.working_group_id, g.name, m.starts_at, m.place, m.agenda, m.minutes
             FROM meeting AS m JOIN working_group AS g ON g.id = m.working_group_id
             WHERE m.id = ?1",
            [id],
            |r| {
                Ok(Meeting {
                    id: r.get(0)?,
                    working_group_id: r.get(1)?,
                    working_group_name: r.get(2)?,
                    starts_at: parse_time(&r.get::<_, String>(3)?)?,
                    place: r.get(4)?,
                    agenda: r.get(5)?,
                    minutes: r.get(6)?,
                    attendance: Vec::new(),
                    decisions: Vec::new(),
                    actions: Vec::new(),
                })
            },
        )
        .optional()?
        .ok_or(Error::NotFound { what: "meeting" })?;
    let day = m.starts_at.date();
    let mut stmt = conn.prepare_cached(
        "SELECT o.id, o.name, a.organisation_id IS NOT NULL, a.contact_id, c.name,
                coalesce(a.persons, 0)
         FROM organisation AS o
         LEFT JOIN meeting_attendance AS a ON a.organisation_id = o.id AND a.meeting_id = ?1
         LEFT JOIN contact AS c ON c.id = a.contact_id
         WHERE a.organisation_id IS NOT NULL
            OR EXISTS (SELECT 1 FROM working_group_member AS w
                       WHERE w.working_group_id = ?2 AND w.organisation_id = o.id
                         AND w.joined_on <= ?3 AND (w.left_on IS NULL OR w.left_on >= ?3))
         ORDER BY o.name COLLATE NOCASE",
    )?;
    m.attendance = stmt
        .query_map(params![id, m.working_group_id, day], |r| {
            Ok(Attendance {
                organisation_id: r.get(0)?,
                organisation_name: r.get(1)?,
                present: r.get(2)?,
                contact_id: r.get(3)?,
                contact_name: r.get(4)?,
                persons: r.get(5)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, text FROM meeting_decision WHERE meeting_id = ?1 ORDER BY id",
    )?;
    m.decisions = stmt
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    m.actions = actions(
        conn,
        "SELECT id, meeting_id, text, owner, due_on, done_on FROM action_item
         WHERE meeting_id = ?1 ORDER BY id",
        id,
    )?;
    Ok(m)
}

/// A working group as its screen shows it on `today`.
///
/// # Errors
/// [`Error::NotFound`].
pub fn working_group(db: &Db, id: i64, today: NaiveDate) -> Result<WorkingGroup> {
    let conn = db.conn();
    let (name, description): (String, String) = conn
        .query_row(
            "SELECT name, description FROM working_group WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or(Error::NotFound {
            what: "working_group",
        })?;
    let mut stmt = conn.prepare_cached(
        "SELECT w.organisation_id, o.name, w.joined_on, w.left_on,
                (SELECT count(*) FROM meeting AS m JOIN meeting_attendance AS a ON a.meeting_id = m.id
                 WHERE m.working_group_id = w.working_group_id AND a.organisation_id = w.organisation_id),
                (SELECT count(*) FROM meeting AS m
                 WHERE m.working_group_id = w.working_group_id AND m.starts_at < ?2
                   AND substr(m.starts_at, 1, 10) >= w.joined_on
                   AND (w.left_on IS NULL OR substr(m.starts_at, 1, 10) <= w.left_on))
         FROM working_group_member AS w JOIN organisation AS o ON o.id = w.organisation_id
         WHERE w.working_group_id = ?1
         ORDER BY w.left_on IS NOT NULL, o.name COLLATE NOCASE",
    )?;
    let members = stmt
        .query_map(
            params![id, today.format("%Y-%m-%dT23:59:59").to_string()],
            |r| {
                Ok(Member {
                    organisation_id: r.get(0)?,
                    organisation_name: r.get(1)?,
                    joined_on: r.get(2)?,
                    left_on: r.get(3)?,
                    attended: r.get(4)?,
                    meetings_as_member: r.get(5)?,
                })
            },
        )?
        .collect::<Result<_, _>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.starts_at, m.place,
                (SELECT count(*) FROM meeting_attendance WHERE meeting_id = m.id)
         FROM meeting AS m WHERE m.working_group_id = ?1 ORDER BY m.starts_at",
    )?;
    let meetings: Vec<MeetingSummary> = stmt
        .query_map([id], |r| {
            Ok(MeetingSummary {
                id: r.get(0)?,
                starts_at: parse_time(&r.get::<_, String>(1)?)?,
                place: r.get(2)?,
                present: r.get(3)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    let next_meeting = meetings
        .iter()
        .find(|m| m.starts_at.date() >= today)
        .cloned();
    let open_actions = actions(
        conn,
        "SELECT a.id, a.meeting_id, a.text, a.owner, a.due_on, a.done_on
         FROM action_item AS a JOIN meeting AS m ON m.id = a.meeting_id
         WHERE m.working_group_id = ?1 AND a.done_on IS NULL
         ORDER BY a.due_on IS NULL, a.due_on, a.id",
        id,
    )?;
    Ok(WorkingGroup {
        id,
        name,
        description,
        members,
        meetings,
        next_meeting,
        open_actions,
    })
}

/// Who gets the invitation to a meeting: every organisation that is a
/// member on the meeting's day, with a current contact person's name when
/// there is one (chair first).
///
/// # Errors
/// [`Error::NotFound`].
pub fn invitation_addressees(db: &Db, meeting_id: i64) -> Result<Vec<(String, Option<String>)>> {
    let m = meeting(db, meeting_id)?;
    let day = m.starts_at.date();
    let conn = db.conn();
    let mut person = conn.prepare_cached(
        "SELECT c.name FROM contact_role AS r JOIN contact AS c ON c.id = r.contact_id
         WHERE r.organisation_id = ?1 AND (r.ended_on IS NULL OR r.ended_on >= ?2)
         ORDER BY r.role <> 'Vorsitz', r.started_on, c.name LIMIT 1",
    )?;
    let mut list = Vec::new();
    for a in &m.attendance {
        let name: Option<String> = person
            .query_row(params![a.organisation_id, day], |r| r.get(0))
            .optional()?;
        list.push((a.organisation_name.clone(), name));
    }
    Ok(list)
}
