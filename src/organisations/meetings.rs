//! The Arbeitskreis' meetings: scheduling them, attendance per member
//! organisation, decisions and action items, reading one in full, and who
//! is invited.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension};

use super::working_groups::{group_exists, ActionItem, Attendance, Meeting, MeetingInput};
use super::{exists, timestamp};
use crate::time::parse as parse_time;
use crate::Record;
use crate::{limits, Db, Error, Result};

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
                    return Err(Error::NotFound {
                        what: Record::Meeting,
                    });
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

/// Records who came per organisation only (how many persons, one of them
/// by name): one entry per member organisation (absent ones are stored as
/// absent). Replaces what was recorded before, persons included; the
/// window records persons through [`super::set_attendees`].
///
/// # Errors
/// [`Error::NotFound`] (meeting, organisation, contact).
pub fn set_attendance(db: &mut Db, meeting_id: i64, attendance: &[Attendance]) -> Result<Meeting> {
    db.write(|tx| {
        meeting_exists(tx, meeting_id)?;
        for table in ["meeting_attendance", "meeting_attendee"] {
            tx.execute(
                &format!("DELETE FROM {table} WHERE meeting_id = ?1"),
                [meeting_id],
            )?;
        }
        for a in attendance.iter().filter(|a| a.present) {
            exists(tx, a.organisation_id)?;
            if let Some(contact) = a.contact_id {
                let known: bool = tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM contact WHERE id = ?1)",
                    [contact],
                    |r| r.get(0),
                )?;
                if !known {
                    return Err(Error::NotFound {
                        what: Record::Contact,
                    });
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
        Err(Error::NotFound {
            what: Record::Meeting,
        })
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
                what: Record::ActionItem,
            });
        }
        Ok(())
    })
}

pub(super) fn actions(conn: &Connection, sql: &str, id: i64) -> Result<Vec<ActionItem>> {
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
                    people: Vec::new(),
                    unnamed: Vec::new(),
                    guest_choices: Vec::new(),
                    decisions: Vec::new(),
                    actions: Vec::new(),
                })
            },
        )
        .optional()?
        .ok_or(Error::NotFound {
            what: Record::Meeting,
        })?;
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
    m.people = super::attendees(db, id)?;
    m.unnamed = super::unnamed_presence(db, id)?;
    m.guest_choices = super::guest_choices(db, id)?;
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
