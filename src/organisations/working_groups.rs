//! The Arbeitskreis: working groups of member organisations, who is a
//! member when, and a group's overview; the types of its meetings (which
//! are entered and read in `meetings.rs`).

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::meetings::actions;
use super::{exists, timestamp};
use crate::db::engine::{args, scalar, value, Engine, Sql};
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
    /// The version the form was filled from ([`Meeting::saved`]); saving
    /// is refused when someone saved the meeting since. `None` for a new
    /// meeting and for writes that are no form.
    #[serde(default)]
    pub version: Option<i64>,
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
    /// Its version, and who saved it last when.
    pub saved: crate::versions::Saved,
}

/// Creates a working group.
///
/// # Errors
/// [`Error::Required`] (name), [`Error::ListEntryExists`] (name taken).
pub fn create_working_group(
    store: &mut impl Engine,
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
    store.write_sql(|tx| {
        if crate::pick_lists::name_taken(tx, "working_group", name)? {
            return Err(Error::ListEntryExists);
        }
        scalar(
            tx,
            "INSERT INTO working_group (name, description, created_at) VALUES (?1, ?2, ?3)
             RETURNING id",
            args![name, description.trim(), timestamp(now)],
        )
    })
}

/// The working groups: (id, name).
///
/// # Errors
/// Only SQLite failures.
pub fn working_groups(db: &Db) -> Result<Vec<(i64, String)>> {
    working_groups_in(db.conn())
}

/// [`working_groups`] inside a read, on either engine.
///
/// # Errors
/// A failure of the engine.
pub fn working_groups_in(sql: &dyn Sql) -> Result<Vec<(i64, String)>> {
    sql.rows(
        &format!(
            "SELECT id, name FROM working_group ORDER BY {}, id",
            sql.dialect().nocase_order("name")
        ),
        &[],
    )?
    .iter()
    .map(|r| Ok((r.get(0)?, r.get(1)?)))
    .collect()
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
    working_group_page_in(db.conn(), id, today)
}

/// [`working_group_page`] inside a read, on either engine.
///
/// # Errors
/// As [`working_group_page`].
pub fn working_group_page_in(
    sql: &dyn Sql,
    id: Option<i64>,
    today: NaiveDate,
) -> Result<WorkingGroupPage> {
    let groups = working_groups_in(sql)?;
    let group = match id.or_else(|| groups.first().map(|g| g.0)) {
        Some(id) => Some(working_group_in(sql, id, today)?),
        None => None,
    };
    Ok(WorkingGroupPage { groups, group })
}

pub(super) fn group_exists(sql: &dyn Sql, id: i64) -> Result<()> {
    let found: bool = scalar(
        sql,
        "SELECT EXISTS (SELECT 1 FROM working_group WHERE id = ?1)",
        args![id],
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
pub fn join(
    store: &mut impl Engine,
    group_id: i64,
    organisation_id: i64,
    joined_on: NaiveDate,
) -> Result<()> {
    store.write_sql(|tx| {
        group_exists(tx, group_id)?;
        exists(tx, organisation_id)?;
        let member: bool = scalar(
            tx,
            "SELECT EXISTS (SELECT 1 FROM working_group_member
                            WHERE working_group_id = ?1 AND organisation_id = ?2 AND left_on IS NULL)",
            args![group_id, organisation_id],
        )?;
        if member {
            return Err(Error::AlreadyMember);
        }
        tx.run(
            "INSERT INTO working_group_member (working_group_id, organisation_id, joined_on)
             VALUES (?1, ?2, ?3)",
            args![group_id, organisation_id, joined_on],
        )?;
        Ok(())
    })
}

/// An organisation leaves a working group on a day.
///
/// # Errors
/// [`Error::NotFound`] (not a member), [`Error::DateRangeReversed`].
pub fn leave(
    store: &mut impl Engine,
    group_id: i64,
    organisation_id: i64,
    left_on: NaiveDate,
) -> Result<()> {
    store.write_sql(|tx| {
        let joined: Option<NaiveDate> = value(
            tx,
            "SELECT joined_on FROM working_group_member
             WHERE working_group_id = ?1 AND organisation_id = ?2 AND left_on IS NULL",
            args![group_id, organisation_id],
        )?;
        let Some(joined) = joined else {
            return Err(Error::NotFound {
                what: Record::Organisation,
            });
        };
        if left_on < joined {
            return Err(Error::DateRangeReversed { field: "left_on" });
        }
        tx.run(
            "UPDATE working_group_member SET left_on = ?4
             WHERE working_group_id = ?1 AND organisation_id = ?2 AND joined_on = ?3",
            args![group_id, organisation_id, joined, left_on],
        )?;
        Ok(())
    })
}

/// A working group as its screen shows it on `today`.
///
/// # Errors
/// [`Error::NotFound`].
pub fn working_group(db: &Db, id: i64, today: NaiveDate) -> Result<WorkingGroup> {
    working_group_in(db.conn(), id, today)
}

/// [`working_group`] inside a read, on either engine.
///
/// # Errors
/// As [`working_group`].
pub fn working_group_in(sql: &dyn Sql, id: i64, today: NaiveDate) -> Result<WorkingGroup> {
    let r = sql
        .row(
            "SELECT name, description FROM working_group WHERE id = ?1",
            args![id],
        )?
        .ok_or(Error::NotFound {
            what: Record::WorkingGroup,
        })?;
    let (name, description): (String, String) = (r.get(0)?, r.get(1)?);
    let dialect = sql.dialect();
    let members = sql
        .rows(
            &format!(
                "SELECT w.organisation_id, o.name, w.joined_on, w.left_on,
                        (SELECT count(*) FROM meeting AS m
                         JOIN meeting_attendance AS a ON a.meeting_id = m.id
                         WHERE m.working_group_id = w.working_group_id
                           AND a.organisation_id = w.organisation_id),
                        (SELECT count(*) FROM meeting AS m
                         WHERE m.working_group_id = w.working_group_id AND m.starts_at < ?2
                           AND substr(m.starts_at, 1, 10) >= w.joined_on
                           AND (w.left_on IS NULL OR substr(m.starts_at, 1, 10) <= w.left_on))
                 FROM working_group_member AS w JOIN organisation AS o ON o.id = w.organisation_id
                 WHERE w.working_group_id = ?1
                 ORDER BY CASE WHEN w.left_on IS NULL THEN 0 ELSE 1 END, {}, w.joined_on,
                          o.id",
                dialect.nocase_order("o.name")
            ),
            args![id, today.format("%Y-%m-%dT23:59:59").to_string()],
        )?
        .iter()
        .map(|r| {
            Ok(Member {
                organisation_id: r.get(0)?,
                organisation_name: r.get(1)?,
                joined_on: r.get(2)?,
                left_on: r.get(3)?,
                attended: r.get(4)?,
                meetings_as_member: r.get(5)?,
            })
        })
        .collect::<Result<_>>()?;
    let meetings: Vec<MeetingSummary> = sql
        .rows(
            "SELECT m.id, m.starts_at, m.place,
                    (SELECT count(*) FROM meeting_attendance WHERE meeting_id = m.id)
             FROM meeting AS m WHERE m.working_group_id = ?1 ORDER BY m.starts_at, m.id",
            args![id],
        )?
        .iter()
        .map(|r| {
            Ok(MeetingSummary {
                id: r.get(0)?,
                starts_at: parse_time(&r.get::<String>(1)?)?,
                place: r.get(2)?,
                present: r.get(3)?,
            })
        })
        .collect::<Result<_>>()?;
    let next_meeting = meetings
        .iter()
        .find(|m| m.starts_at.date() >= today)
        .cloned();
    let open_actions = actions(
        sql,
        "SELECT a.id, a.meeting_id, a.text, a.owner, a.due_on, a.done_on
         FROM action_item AS a JOIN meeting AS m ON m.id = a.meeting_id
         WHERE m.working_group_id = ?1 AND a.done_on IS NULL
         ORDER BY CASE WHEN a.due_on IS NULL THEN 1 ELSE 0 END, a.due_on, a.id",
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
