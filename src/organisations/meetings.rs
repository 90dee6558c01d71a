//! The Arbeitskreis' meetings: scheduling them, attendance per member
//! organisation, decisions and action items, reading one in full, and who
//! is invited.

use chrono::{NaiveDate, NaiveDateTime};

use super::working_groups::{group_exists, ActionItem, Attendance, Meeting, MeetingInput};
use super::{exists, timestamp};
use crate::db::engine::{args, scalar, value, Engine, Sql};
use crate::time::parse as parse_time;
use crate::versions::{self, Versioned};
use crate::Record;
use crate::{limits, Db, Error, Result};

/// Schedules (`id` None) or changes a meeting; returns its id. A change
/// is stored as saved on workstation `by`, and only if nobody saved the
/// meeting since the form read `input.version`.
///
/// # Errors
/// [`Error::NotFound`], [`Error::Required`] (date and time),
/// [`Error::ChangedMeanwhile`] (nothing stored).
pub fn save_meeting(
    store: &mut impl Engine,
    group_id: i64,
    id: Option<i64>,
    input: &MeetingInput,
    now: NaiveDateTime,
    by: &str,
) -> Result<i64> {
    let Some(starts_at) = input.starts_at else {
        return Err(Error::Required { field: "starts_at" });
    };
    limits::check_all(&[
        ("place", input.place.trim(), limits::NAME),
        ("agenda", input.agenda.trim(), limits::TEXT),
        ("minutes", input.minutes.trim(), limits::TEXT),
    ])?;
    let starts_at = starts_at.format(crate::time::FORMAT).to_string();
    store.write_sql(|tx| {
        group_exists(tx, group_id)?;
        let fields = args![
            group_id,
            starts_at.as_str(),
            input.place.trim(),
            input.agenda.trim(),
            input.minutes.trim(),
            timestamp(now)
        ];
        match id {
            Some(id) => {
                // A meeting of another group is not found (before its
                // version is looked at).
                let group: Option<i64> = value(
                    tx,
                    "SELECT working_group_id FROM meeting WHERE id = ?1",
                    args![id],
                )?;
                if group != Some(group_id) {
                    return Err(Error::NotFound {
                        what: Record::Meeting,
                    });
                }
                versions::claim(tx, Versioned::Meeting, id, input.version, by)?;
                let mut values = fields.to_vec();
                values.push(id.into());
                let changed = tx.run(
                    "UPDATE meeting SET starts_at = ?2, place = ?3, agenda = ?4, minutes = ?5,
                            updated_at = ?6
                     WHERE id = ?7 AND working_group_id = ?1",
                    &values,
                )?;
                if changed == 0 {
                    return Err(Error::NotFound {
                        what: Record::Meeting,
                    });
                }
                Ok(id)
            }
            None => {
                let mut values = fields.to_vec();
                values.push(by.into());
                scalar(
                    tx,
                    "INSERT INTO meeting (working_group_id, starts_at, place, agenda, minutes,
                                          created_at, updated_at, updated_by)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7) RETURNING id",
                    &values,
                )
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
pub fn set_attendance(
    store: &mut impl Engine,
    meeting_id: i64,
    attendance: &[Attendance],
) -> Result<Meeting> {
    store.write_sql(|tx| {
        meeting_exists(tx, meeting_id)?;
        for table in ["meeting_attendance", "meeting_attendee"] {
            tx.run(
                &format!("DELETE FROM {table} WHERE meeting_id = ?1"),
                args![meeting_id],
            )?;
        }
        for a in attendance.iter().filter(|a| a.present) {
            exists(tx, a.organisation_id)?;
            if let Some(contact) = a.contact_id {
                let known: bool = scalar(
                    tx,
                    "SELECT EXISTS (SELECT 1 FROM contact WHERE id = ?1)",
                    args![contact],
                )?;
                if !known {
                    return Err(Error::NotFound {
                        what: Record::Contact,
                    });
                }
            }
            tx.run(
                "INSERT INTO meeting_attendance (meeting_id, organisation_id, contact_id, persons)
                 VALUES (?1, ?2, ?3, ?4)",
                args![
                    meeting_id,
                    a.organisation_id,
                    a.contact_id,
                    a.persons.max(1)
                ],
            )?;
        }
        meeting_in(tx, meeting_id)
    })
}

fn meeting_exists(sql: &dyn Sql, id: i64) -> Result<()> {
    let found: bool = scalar(
        sql,
        "SELECT EXISTS (SELECT 1 FROM meeting WHERE id = ?1)",
        args![id],
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
pub fn add_decision(store: &mut impl Engine, meeting_id: i64, text: &str) -> Result<()> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::Required { field: "decision" });
    }
    limits::check("decision", text, limits::TEXT)?;
    store.write_sql(|tx| {
        meeting_exists(tx, meeting_id)?;
        tx.run(
            "INSERT INTO meeting_decision (meeting_id, text) VALUES (?1, ?2)",
            args![meeting_id, text],
        )?;
        Ok(())
    })
}

/// Adds an action item to a meeting.
///
/// # Errors
/// [`Error::NotFound`], [`Error::Required`] (text).
pub fn add_action(
    store: &mut impl Engine,
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
    store.write_sql(|tx| {
        meeting_exists(tx, meeting_id)?;
        let id: i64 = scalar(
            tx,
            "INSERT INTO action_item (meeting_id, text, owner, due_on) VALUES (?1, ?2, ?3, ?4)
             RETURNING id",
            args![meeting_id, text, owner.trim(), due_on],
        )?;
        Ok(ActionItem {
            id,
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
pub fn set_action_done(
    store: &mut impl Engine,
    action_id: i64,
    done_on: Option<NaiveDate>,
) -> Result<()> {
    store.write_sql(|tx| {
        let changed = tx.run(
            "UPDATE action_item SET done_on = ?2 WHERE id = ?1",
            args![action_id, done_on],
        )?;
        if changed == 0 {
            return Err(Error::NotFound {
                what: Record::ActionItem,
            });
        }
        Ok(())
    })
}

pub(super) fn actions(sql: &dyn Sql, text: &str, id: i64) -> Result<Vec<ActionItem>> {
    sql.rows(text, args![id])?
        .iter()
        .map(|r| {
            Ok(ActionItem {
                id: r.get(0)?,
                meeting_id: r.get(1)?,
                text: r.get(2)?,
                owner: r.get(3)?,
                due_on: r.get(4)?,
                done_on: r.get(5)?,
            })
        })
        .collect()
}

/// One meeting with attendance (every organisation that was a member on
/// its day, present or not), decisions and actions.
///
/// # Errors
/// [`Error::NotFound`].
pub fn meeting(db: &Db, id: i64) -> Result<Meeting> {
    meeting_in(db.conn(), id)
}

/// [`meeting`] inside a read or the caller's transaction, on either engine.
///
/// # Errors
/// As [`meeting`].
pub fn meeting_in(sql: &dyn Sql, id: i64) -> Result<Meeting> {
    let r = sql
        .row(
            "SELECT m.id, m.working_group_id, g.name, m.starts_at, m.place, m.agenda, m.minutes
             FROM meeting AS m JOIN working_group AS g ON g.id = m.working_group_id
             WHERE m.id = ?1",
            args![id],
        )?
        .ok_or(Error::NotFound {
            what: Record::Meeting,
        })?;
    let working_group_id: i64 = r.get(1)?;
    let starts_at = parse_time(&r.get::<String>(3)?)?;
    let day = starts_at.date();
    let attendance = sql
        .rows(
            &format!(
                "SELECT o.id, o.name,
                        CASE WHEN a.organisation_id IS NULL THEN 0 ELSE 1 END, a.contact_id,
                        c.name, coalesce(a.persons, 0)
                 FROM organisation AS o
                 LEFT JOIN meeting_attendance AS a ON a.organisation_id = o.id AND a.meeting_id = ?1
                 LEFT JOIN contact AS c ON c.id = a.contact_id
                 WHERE a.organisation_id IS NOT NULL
                    OR EXISTS (SELECT 1 FROM working_group_member AS w
                               WHERE w.working_group_id = ?2 AND w.organisation_id = o.id
                                 AND w.joined_on <= ?3 AND (w.left_on IS NULL OR w.left_on >= ?3))
                 ORDER BY {}, o.id",
                sql.dialect().nocase_order("o.name")
            ),
            args![id, working_group_id, day],
        )?
        .iter()
        .map(|r| {
            Ok(Attendance {
                organisation_id: r.get(0)?,
                organisation_name: r.get(1)?,
                present: r.get(2)?,
                contact_id: r.get(3)?,
                contact_name: r.get(4)?,
                persons: r.get(5)?,
            })
        })
        .collect::<Result<_>>()?;
    Ok(Meeting {
        id: r.get(0)?,
        working_group_id,
        working_group_name: r.get(2)?,
        starts_at,
        place: r.get(4)?,
        agenda: r.get(5)?,
        minutes: r.get(6)?,
        attendance,
        people: super::attendees_in(sql, id)?,
        unnamed: super::unnamed_presence_in(sql, id)?,
        saved: versions::saved(sql, Versioned::Meeting, id)?,
        guest_choices: super::guest_choices_in(sql, id)?,
        decisions: sql
            .rows(
                "SELECT id, text FROM meeting_decision WHERE meeting_id = ?1 ORDER BY id",
                args![id],
            )?
            .iter()
            .map(|r| Ok((r.get(0)?, r.get(1)?)))
            .collect::<Result<_>>()?,
        actions: actions(
            sql,
            "SELECT id, meeting_id, text, owner, due_on, done_on FROM action_item
             WHERE meeting_id = ?1 ORDER BY id",
            id,
        )?,
    })
}

/// Who gets the invitation to a meeting: every organisation that is a
/// member on the meeting's day, with a current contact person's name when
/// there is one (chair first).
///
/// # Errors
/// [`Error::NotFound`].
pub fn invitation_addressees(db: &Db, meeting_id: i64) -> Result<Vec<(String, Option<String>)>> {
    invitation_addressees_in(db.conn(), meeting_id)
}

/// [`invitation_addressees`] inside a read, on either engine.
///
/// # Errors
/// As [`invitation_addressees`].
pub fn invitation_addressees_in(
    sql: &dyn Sql,
    meeting_id: i64,
) -> Result<Vec<(String, Option<String>)>> {
    let m = meeting_in(sql, meeting_id)?;
    let day = m.starts_at.date();
    // The chair first, then by start (none first, as the file sorts NULL)
    // and name.
    let person = format!(
        "SELECT c.name FROM contact_role AS r JOIN contact AS c ON c.id = r.contact_id
         WHERE r.organisation_id = ?1 AND (r.ended_on IS NULL OR r.ended_on >= ?2)
         ORDER BY CASE WHEN r.role = 'Vorsitz' THEN 0 ELSE 1 END,
                  CASE WHEN r.started_on IS NULL THEN 0 ELSE 1 END, r.started_on, {}, r.id
         LIMIT 1",
        sql.dialect().byte_order("c.name")
    );
    let mut list = Vec::new();
    for a in &m.attendance {
        let name: Option<String> = value(sql, &person, args![a.organisation_id, day])?;
        list.push((a.organisation_name.clone(), name));
    }
    Ok(list)
}
