//! Who came to an Arbeitskreis meeting, person by person (members' contacts
//! and guests from any organisation, present or excused), and the
//! attendance of each organisation over a year.
//!
//! `meeting_attendee` holds the persons; `meeting_attendance` stays the
//! summary per organisation (present when at least one of its people
//! came), rewritten from the persons in the same transaction.
//!
//! Older records: before schema 10 attendance was recorded per
//! organisation only (present, how many persons, at most one of them by
//! name). Those rows are not converted into persons (the persons are
//! unknown, and one name for several persons would invent the rest);
//! the summary row stays the record of them. A summary that counts more
//! persons than are recorded by name present is such an older record
//! (a summary written from persons always equals their count). Saving
//! persons never loses it: the organisation stays present, and its count
//! is at least the older count (a lower bound: the persons ticked now may
//! be the ones recorded without names then). Only when at least as many
//! persons of it are ticked present as the older record counted do the
//! names replace it (from then on the summary follows the persons).
//! The one person an older record names (its `contact_id`, while she still
//! has a role at the organisation) is known to have come: she is listed
//! as present ([`attendees`]) and counts among the names, so a save of the
//! list keeps her next to the others of her organisation ticked now, and
//! only unticking her removes her (the older count stays as before).
//! [`unnamed_presence`] lists the persons counted without names, so the
//! meeting's page shows them next to the contacts.
//! The erasure of a contact sets the person's link to NULL: the row keeps
//! its organisation and status, so the counts stay, and no name.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::db::engine::{args, scalar, Engine, Sql};
use crate::time::{parse as parse_time, timestamp};
use crate::versions::{self, Versioned};
use crate::Record;
use crate::{Db, Error, Result};

/// What was recorded for one person at a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum AttendanceStatus {
    /// Came ("anwesend").
    Anwesend,
    /// Sent apologies ("entschuldigt").
    Entschuldigt,
    /// Did not come and sent no apologies; not stored.
    #[default]
    NichtErschienen,
}

impl AttendanceStatus {
    fn code(self) -> Option<&'static str> {
        match self {
            AttendanceStatus::Anwesend => Some("anwesend"),
            AttendanceStatus::Entschuldigt => Some("entschuldigt"),
            AttendanceStatus::NichtErschienen => None,
        }
    }

    fn from_code(code: Option<&str>) -> Self {
        match code {
            Some("anwesend") => AttendanceStatus::Anwesend,
            Some("entschuldigt") => AttendanceStatus::Entschuldigt,
            _ => AttendanceStatus::NichtErschienen,
        }
    }
}

/// One person on a meeting's attendance list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attendee {
    /// The contact; `None` once the person was erased.
    pub contact_id: Option<i64>,
    /// The contact's name; `None` once the person was erased.
    pub contact_name: Option<String>,
    /// The organisation the person came for.
    pub organisation_id: i64,
    /// Its name.
    pub organisation_name: String,
    /// The organisation was no member of the working group on the
    /// meeting's day.
    pub guest: bool,
    /// What was recorded.
    pub status: AttendanceStatus,
}

/// A person who can be added to a meeting as a guest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GuestChoice {
    /// The contact.
    pub contact_id: i64,
    /// The contact's name.
    pub contact_name: String,
    /// An organisation the contact has a role at (not ended before the
    /// meeting's day), which was no member then.
    pub organisation_id: i64,
    /// Its name.
    pub organisation_name: String,
}

/// What staff record for one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct AttendeeInput {
    /// The contact.
    pub contact_id: i64,
    /// The organisation the person came for; the contact has (or had) a
    /// role there.
    pub organisation_id: i64,
    /// Present, excused, or neither.
    pub status: AttendanceStatus,
}

/// One organisation's attendance over a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrganisationYear {
    /// The organisation.
    pub organisation_id: i64,
    /// Its name.
    pub organisation_name: String,
    /// A member of the working group at some time in the year (otherwise
    /// it came as a guest).
    pub member: bool,
    /// Meetings held in the year at which at least one of its people came.
    pub attended: u32,
    /// Meetings held in the year at which nobody of it came but someone
    /// sent apologies.
    pub excused: u32,
}

/// A working group's attendance over a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttendanceYear {
    /// The year shown.
    pub year: i32,
    /// The years that can be chosen: every year with a meeting, and the
    /// current one; the newest first.
    pub years: Vec<i32>,
    /// Meetings held in the year (up to and including today).
    pub held: u32,
    /// Members in the year and organisations that came as guests, by name.
    pub organisations: Vec<OrganisationYear>,
}

/// The meeting's working group and day.
fn meeting_day(sql: &dyn Sql, meeting_id: i64) -> Result<(i64, NaiveDate)> {
    let r = sql
        .row(
            "SELECT working_group_id, starts_at FROM meeting WHERE id = ?1",
            args![meeting_id],
        )?
        .ok_or(Error::NotFound {
            what: Record::Meeting,
        })?;
    Ok((r.get(0)?, parse_time(&r.get::<String>(1)?)?.date()))
}

/// The organisations that were members of `group` on `day`.
fn members_on(sql: &dyn Sql, group: i64, day: NaiveDate) -> Result<BTreeSet<i64>> {
    sql.rows(
        "SELECT organisation_id FROM working_group_member
         WHERE working_group_id = ?1 AND joined_on <= ?2 AND (left_on IS NULL OR left_on >= ?2)",
        args![group, day],
    )?
    .iter()
    .map(|r| r.get(0))
    .collect()
}

/// The persons older records at meeting `?1` name who are recorded by name
/// nowhere at that meeting and still have a role (ended or not) at the
/// organisation: `(contact_id, organisation_id)`. Such a person came (the
/// older record says so); she is listed and counted as present by name.
const OLDER_NAMED: &str = "SELECT a.contact_id, a.organisation_id FROM meeting_attendance AS a
     WHERE a.meeting_id = ?1 AND a.contact_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM meeting_attendee AS x
                       WHERE x.meeting_id = ?1 AND x.contact_id = a.contact_id)
       AND EXISTS (SELECT 1 FROM contact_role AS r
                   WHERE r.contact_id = a.contact_id AND r.organisation_id = a.organisation_id)";

/// [`attendees`] inside a read or the caller's transaction, on either
/// engine.
///
/// # Errors
/// As [`attendees`].
pub fn attendees_in(sql: &dyn Sql, meeting_id: i64) -> Result<Vec<Attendee>> {
    let (group, day) = meeting_day(sql, meeting_id)?;
    let members = members_on(sql, group, day)?;
    // What was recorded, then the contacts of the member organisations
    // nobody recorded anything for: every role not ended before the
    // meeting's day. Its start is not asked: a contact entered after the
    // meeting (the role starting on the day of entry) must still be
    // listed when staff record that meeting afterwards.
    // The person an older record names (and nobody recorded by name) is
    // listed as present, from that record.
    let mut list: Vec<Attendee> = sql
        .rows(
            &format!(
                "WITH older_named AS ({OLDER_NAMED})
                 SELECT a.contact_id, c.name, a.organisation_id, o.name, a.status
                 FROM meeting_attendee AS a JOIN organisation AS o ON o.id = a.organisation_id
                 LEFT JOIN contact AS c ON c.id = a.contact_id
                 WHERE a.meeting_id = ?1
                 UNION
                 SELECT n.contact_id, c.name, n.organisation_id, o.name, 'anwesend'
                 FROM older_named AS n JOIN contact AS c ON c.id = n.contact_id
                 JOIN organisation AS o ON o.id = n.organisation_id
                 UNION
                 SELECT r.contact_id, c.name, r.organisation_id, o.name, NULL
                 FROM contact_role AS r JOIN contact AS c ON c.id = r.contact_id
                 JOIN organisation AS o ON o.id = r.organisation_id
                 JOIN working_group_member AS w ON w.organisation_id = r.organisation_id
                      AND w.working_group_id = ?2 AND w.joined_on <= ?3
                      AND (w.left_on IS NULL OR w.left_on >= ?3)
                 WHERE (r.ended_on IS NULL OR r.ended_on >= ?3)
                   AND NOT EXISTS (SELECT 1 FROM meeting_attendee AS x
                                   WHERE x.meeting_id = ?1 AND x.contact_id = r.contact_id)
                   AND r.contact_id NOT IN (SELECT contact_id FROM older_named)"
            ),
            args![meeting_id, group, day],
        )?
        .iter()
        .map(|r| {
            let organisation_id: i64 = r.get(2)?;
            Ok(Attendee {
                contact_id: r.get(0)?,
                contact_name: r.get(1)?,
                organisation_id,
                organisation_name: r.get(3)?,
                guest: !members.contains(&organisation_id),
                status: AttendanceStatus::from_code(r.get::<Option<String>>(4)?.as_deref()),
            })
        })
        .collect::<Result<_>>()?;
    // Both engines hand the union out in their own order: the ids last
    // make it one.
    let key = |a: &Attendee| {
        (
            a.guest,
            a.organisation_name.to_lowercase(),
            a.contact_name.is_none(),
            a.contact_name.as_deref().map(str::to_lowercase),
            a.organisation_id,
            a.contact_id,
            a.status.code(),
        )
    };
    list.sort_by_key(key);
    Ok(list)
}

/// A meeting's attendance list: every person recorded (guests included,
/// erased persons without a name), the person an older per-organisation
/// record names as present, then the current contacts of the
/// organisations that were members on the meeting's day, as not come.
///
/// # Errors
/// [`Error::NotFound`] (meeting).
pub fn attendees(db: &Db, meeting_id: i64) -> Result<Vec<Attendee>> {
    attendees_in(db.conn(), meeting_id)
}

/// The people who can be added to a meeting as guests: the contacts of
/// every organisation that was no member on the meeting's day (roles not
/// ended before that day), by organisation and name.
///
/// # Errors
/// [`Error::NotFound`] (meeting).
pub fn guest_choices(db: &Db, meeting_id: i64) -> Result<Vec<GuestChoice>> {
    guest_choices_in(db.conn(), meeting_id)
}

/// [`guest_choices`] inside a read, on either engine.
///
/// # Errors
/// As [`guest_choices`].
pub fn guest_choices_in(sql: &dyn Sql, meeting_id: i64) -> Result<Vec<GuestChoice>> {
    let (group, day) = meeting_day(sql, meeting_id)?;
    let members = members_on(sql, group, day)?;
    let dialect = sql.dialect();
    let mut list = Vec::new();
    for r in sql.rows(
        &format!(
            "SELECT contact_id, contact_name, organisation_id, organisation_name FROM (
                 SELECT DISTINCT r.contact_id, c.name AS contact_name, r.organisation_id,
                        o.name AS organisation_name
                 FROM contact_role AS r JOIN contact AS c ON c.id = r.contact_id
                 JOIN organisation AS o ON o.id = r.organisation_id
                 WHERE r.ended_on IS NULL OR r.ended_on >= ?1) AS g
             ORDER BY {}, {}, organisation_id, contact_id",
            dialect.nocase_order("organisation_name"),
            dialect.nocase_order("contact_name")
        ),
        args![day],
    )? {
        let choice = GuestChoice {
            contact_id: r.get(0)?,
            contact_name: r.get(1)?,
            organisation_id: r.get(2)?,
            organisation_name: r.get(3)?,
        };
        if !members.contains(&choice.organisation_id) {
            list.push(choice);
        }
    }
    Ok(list)
}

/// Records who came to a meeting, person by person, in one transaction:
/// replaces what was recorded for persons before (erased persons' rows
/// stay) and rewrites the organisations' summary from it, keeping an
/// older per-organisation record (see the module's documentation). The
/// list is every person: one not given did not come, also the person an
/// older record names (listed as present, so a save of the whole list
/// keeps her unless she was unticked). A person given twice counts once
/// (the first entry).
///
/// # Errors
/// [`Error::NotFound`] (meeting); [`Error::ContactNotAtOrganisation`]
/// when a contact has no role at the organisation given;
/// [`Error::ChangedMeanwhile`] when the meeting was saved since the page
/// read `version` (the list claims the meeting's version, as the minutes
/// do, since it replaces the whole list; `None` when not saved from a
/// page).
pub fn set_attendees(
    store: &mut impl Engine,
    meeting_id: i64,
    people: &[AttendeeInput],
    now: NaiveDateTime,
    version: Option<i64>,
    by: &str,
) -> Result<Vec<Attendee>> {
    store.write_sql(|tx| {
        meeting_day(tx, meeting_id)?;
        versions::claim(tx, Versioned::Meeting, meeting_id, version, by)?;
        tx.run(
            "UPDATE meeting SET updated_at = ?2 WHERE id = ?1",
            args![meeting_id, timestamp(now)],
        )?;
        let mut touched = organisations_with_persons(tx, meeting_id)?;
        // The older records (persons counted without names) before the
        // persons change: organisation -> (persons, the person named).
        let older = older_records(tx, meeting_id)?;
        // An older record's named person may be unticked with nobody of
        // her organisation recorded by name before or after.
        touched.extend(older.keys());
        tx.run(
            "DELETE FROM meeting_attendee WHERE meeting_id = ?1 AND contact_id IS NOT NULL",
            args![meeting_id],
        )?;
        let mut seen = BTreeSet::new();
        for person in people {
            let Some(status) = person.status.code() else {
                continue;
            };
            if !seen.insert(person.contact_id) {
                continue;
            }
            let belongs: bool = scalar(
                tx,
                "SELECT EXISTS (SELECT 1 FROM contact_role
                                WHERE contact_id = ?1 AND organisation_id = ?2)",
                args![person.contact_id, person.organisation_id],
            )?;
            if !belongs {
                return Err(Error::ContactNotAtOrganisation);
            }
            tx.run(
                "INSERT INTO meeting_attendee (meeting_id, organisation_id, contact_id, status)
                 VALUES (?1, ?2, ?3, ?4)",
                args![
                    meeting_id,
                    person.organisation_id,
                    person.contact_id,
                    status
                ],
            )?;
        }
        touched.extend(organisations_with_persons(tx, meeting_id)?);
        for &organisation in &touched {
            let r = tx
                .row(
                    "SELECT count(*), min(contact_id) FROM meeting_attendee
                     WHERE meeting_id = ?1 AND organisation_id = ?2 AND status = 'anwesend'",
                    args![meeting_id, organisation],
                )?
                .ok_or(Error::NotFound {
                    what: Record::Meeting,
                })?;
            let (present, first): (u32, Option<i64>) = (r.get(0)?, r.get(1)?);
            // An older record stays, with its count as the lower bound,
            // until the names cover it; its named person stays named while
            // she is ticked present (she was listed so), and only then.
            let (persons, contact) = match older.get(&organisation) {
                Some(&(recorded, named)) if recorded > present => {
                    let named = match named {
                        Some(contact) if present_at(tx, meeting_id, organisation, contact)? => {
                            Some(contact)
                        }
                        _ => None,
                    };
                    (recorded, named.or(first))
                }
                _ => (present, first),
            };
            tx.run(
                "DELETE FROM meeting_attendance WHERE meeting_id = ?1 AND organisation_id = ?2",
                args![meeting_id, organisation],
            )?;
            if persons > 0 {
                tx.run(
                    "INSERT INTO meeting_attendance (meeting_id, organisation_id, contact_id, persons)
                     VALUES (?1, ?2, ?3, ?4)",
                    args![meeting_id, organisation, contact, persons],
                )?;
            }
        }
        attendees_in(tx, meeting_id)
    })
}

/// Persons an organisation's summary counts at a meeting beyond those
/// recorded by name as present: an older record per organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnnamedPresence {
    /// The organisation.
    pub organisation_id: i64,
    /// Its name.
    pub organisation_name: String,
    /// How many persons the summary counts in all.
    pub recorded: u32,
    /// How many of them are not recorded by name.
    pub unnamed: u32,
    /// The person the older record named, if any (and not erased).
    pub contact_id: Option<i64>,
}

/// The older records at a meeting (summaries that count more persons than
/// are recorded by name present): organisation -> (persons counted, the
/// person named).
fn older_records(
    sql: &dyn Sql,
    meeting_id: i64,
) -> Result<std::collections::BTreeMap<i64, (u32, Option<i64>)>> {
    sql.rows(
        "SELECT a.organisation_id, a.persons, a.contact_id FROM meeting_attendance AS a
         WHERE a.meeting_id = ?1
           AND a.persons > (SELECT count(*) FROM meeting_attendee AS x
                            WHERE x.meeting_id = a.meeting_id
                              AND x.organisation_id = a.organisation_id
                              AND x.status = 'anwesend')",
        args![meeting_id],
    )?
    .iter()
    .map(|r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))
    .collect()
}

/// Whether `contact` is recorded by name as present for `organisation`.
fn present_at(sql: &dyn Sql, meeting_id: i64, organisation: i64, contact: i64) -> Result<bool> {
    scalar(
        sql,
        "SELECT EXISTS (SELECT 1 FROM meeting_attendee
                        WHERE meeting_id = ?1 AND organisation_id = ?2 AND contact_id = ?3
                          AND status = 'anwesend')",
        args![meeting_id, organisation, contact],
    )
}

/// [`unnamed_presence`] inside a read, on either engine.
///
/// # Errors
/// As [`unnamed_presence`].
pub fn unnamed_presence_in(sql: &dyn Sql, meeting_id: i64) -> Result<Vec<UnnamedPresence>> {
    meeting_day(sql, meeting_id)?;
    // Named: the persons recorded present, and the person the older
    // record names where she is listed as present from it.
    sql.rows(
        &format!(
            "WITH older_named AS ({OLDER_NAMED}),
             counted AS (
                 SELECT a.organisation_id, o.name, a.persons, a.contact_id,
                        (SELECT count(*) FROM meeting_attendee AS x
                         WHERE x.meeting_id = a.meeting_id
                           AND x.organisation_id = a.organisation_id
                           AND x.status = 'anwesend')
                        + (SELECT count(*) FROM older_named AS n
                           WHERE n.contact_id = a.contact_id
                             AND n.organisation_id = a.organisation_id)
                          AS named
                 FROM meeting_attendance AS a JOIN organisation AS o ON o.id = a.organisation_id
                 WHERE a.meeting_id = ?1)
             SELECT organisation_id, name, persons, contact_id, named FROM counted
             WHERE persons > named
             ORDER BY {}, organisation_id",
            sql.dialect().nocase_order("name")
        ),
        args![meeting_id],
    )?
    .iter()
    .map(|r| {
        let recorded: u32 = r.get(2)?;
        let named: u32 = r.get(4)?;
        Ok(UnnamedPresence {
            organisation_id: r.get(0)?,
            organisation_name: r.get(1)?,
            recorded,
            unnamed: recorded - named,
            contact_id: r.get(3)?,
        })
    })
    .collect()
}

/// The organisations whose presence at a meeting counts persons not
/// recorded by name (an older record per organisation), by name.
///
/// # Errors
/// [`Error::NotFound`] (meeting).
pub fn unnamed_presence(db: &Db, meeting_id: i64) -> Result<Vec<UnnamedPresence>> {
    unnamed_presence_in(db.conn(), meeting_id)
}

fn organisations_with_persons(sql: &dyn Sql, meeting_id: i64) -> Result<BTreeSet<i64>> {
    sql.rows(
        "SELECT DISTINCT organisation_id FROM meeting_attendee WHERE meeting_id = ?1",
        args![meeting_id],
    )?
    .iter()
    .map(|r| r.get(0))
    .collect()
}

/// The attendance of each organisation at a working group's meetings held
/// in `year` (up to and including `today`): an organisation counts as
/// present at a meeting when at least one of its people came.
///
/// # Errors
/// [`Error::NotFound`] (working group).
pub fn attendance_year(
    db: &Db,
    group_id: i64,
    year: i32,
    today: NaiveDate,
) -> Result<AttendanceYear> {
    attendance_year_in(db.conn(), group_id, year, today)
}

/// [`attendance_year`] inside a read, on either engine.
///
/// # Errors
/// As [`attendance_year`].
pub fn attendance_year_in(
    sql: &dyn Sql,
    group_id: i64,
    year: i32,
    today: NaiveDate,
) -> Result<AttendanceYear> {
    super::working_groups::group_exists(sql, group_id)?;
    let first = format!("{year:04}-01-01");
    let last = format!("{year:04}-12-31");
    let until = today.format("%Y-%m-%d").to_string();
    let span = args![group_id, first.as_str(), last.as_str(), until.as_str()];
    let held: u32 = scalar(
        sql,
        "SELECT count(*) FROM meeting WHERE working_group_id = ?1
         AND substr(starts_at, 1, 10) BETWEEN ?2 AND ?3 AND substr(starts_at, 1, 10) <= ?4",
        span,
    )?;
    let organisations = sql
        .rows(
            &format!(
                "WITH held AS (
                     SELECT id FROM meeting WHERE working_group_id = ?1
                     AND substr(starts_at, 1, 10) BETWEEN ?2 AND ?3
                     AND substr(starts_at, 1, 10) <= ?4),
                 present AS (
                     SELECT a.meeting_id, a.organisation_id FROM meeting_attendance AS a
                     WHERE a.meeting_id IN (SELECT id FROM held)),
                 excused AS (
                     SELECT DISTINCT x.meeting_id, x.organisation_id FROM meeting_attendee AS x
                     WHERE x.meeting_id IN (SELECT id FROM held) AND x.status = 'entschuldigt'
                       AND NOT EXISTS (SELECT 1 FROM present AS p
                                       WHERE p.meeting_id = x.meeting_id
                                         AND p.organisation_id = x.organisation_id)),
                 members AS (
                     SELECT DISTINCT organisation_id FROM working_group_member
                     WHERE working_group_id = ?1 AND joined_on <= ?3
                       AND (left_on IS NULL OR left_on >= ?2)),
                 shown AS (
                     SELECT organisation_id FROM members
                     UNION SELECT organisation_id FROM present
                     UNION SELECT organisation_id FROM excused)
                 SELECT s.organisation_id, o.name,
                        CASE WHEN s.organisation_id IN (SELECT organisation_id FROM members)
                             THEN 1 ELSE 0 END,
                        (SELECT count(*) FROM present AS p
                         WHERE p.organisation_id = s.organisation_id),
                        (SELECT count(*) FROM excused AS e
                         WHERE e.organisation_id = s.organisation_id)
                 FROM shown AS s JOIN organisation AS o ON o.id = s.organisation_id
                 ORDER BY {}, s.organisation_id",
                sql.dialect().nocase_order("o.name")
            ),
            span,
        )?
        .iter()
        .map(|r| {
            Ok(OrganisationYear {
                organisation_id: r.get(0)?,
                organisation_name: r.get(1)?,
                member: r.get(2)?,
                attended: r.get(3)?,
                excused: r.get(4)?,
            })
        })
        .collect::<Result<_>>()?;
    let mut years: Vec<i32> = sql
        .rows(
            "SELECT DISTINCT CAST(substr(starts_at, 1, 4) AS INTEGER) FROM meeting
             WHERE working_group_id = ?1",
            args![group_id],
        )?
        .iter()
        .map(|r| r.get(0))
        .collect::<Result<_>>()?;
    years.extend([today.year(), year]);
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    Ok(AttendanceYear {
        year,
        years,
        held,
        organisations,
    })
}
