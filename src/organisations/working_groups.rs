//! The Arbeitskreis: working groups of member organisations, who is a
//! member when, and a group's overview; the types of its meetings (which
//! are entered and read in `meetings.rs`).

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::meetings::actions;
use super::{exists, timestamp};
use crate::time::parse as parse_time;
use crate::Record;
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
    /// Person by person: who was recorded, and the members' current
    /// contacts (see [`super::attendees`]).
    pub people: Vec<super::Attendee>,
    /// Persons counted as present without names (older records per
    /// organisation, see [`super::unnamed_presence`]).
    pub unnamed: Vec<super::UnnamedPresence>,
    /// Who can be added as a guest (see [`super::guest_choices`]).
    pub guest_choices: Vec<super::GuestChoice>,
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

/// The Arbeitskreis screen: every working group (id, name) and the chosen
/// one in full.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkingGroupPage {
    /// Every working group: (id, name), by name.
    pub groups: Vec<(i64, String)>,
    /// `None` only when there is no working group yet.
    pub group: Option<WorkingGroup>,
}

/// The Arbeitskreis screen on `today`: the group `id`, or the first by
/// name when none is chosen.
///
/// # Errors
/// [`Error::NotFound`] for an `id` that is no working group.
pub fn working_group_page(db: &Db, id: Option<i64>, today: NaiveDate) -> Result<WorkingGroupPage> {
    let groups = working_groups(db)?;
    let group = match id.or_else(|| groups.first().map(|g| g.0)) {
        Some(id) => Some(working_group(db, id, today)?),
        None => None,
    };
    Ok(WorkingGroupPage { groups, group })
}

pub(super) fn group_exists(conn: &Connection, id: i64) -> Result<()> {
    let found: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM working_group WHERE id = ?1)",
        [id],
        |r| r.get(0),
    )?;
    if found {
        Ok(())
    } else {
        Err(Error::NotFound {
            what: Record::WorkingGroup,
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
                what: Record::Organisation,
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
            what: Record::WorkingGroup,
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
