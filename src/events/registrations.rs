//! Registrations for workshops: registering (seats counted inside the
//! transaction), reading them, and the participant list of a workshop.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::{checkin, Person, Workshop};
use crate::db::engine::{args, scalar, value, Engine, Sql};
use crate::lists::{Page, Paging, ParticipantColumn, Sort};
use crate::time::{parse as parse_time, timestamp};
use crate::Record;
use crate::{languages, Db, Error, Result};

/// Where a registration stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationStatus {
    /// Has a seat.
    Angemeldet,
    /// Waits for a seat.
    Warteliste,
    /// Cancelled.
    Abgesagt,
    /// Came (checked in).
    Teilgenommen,
    /// Had a seat but did not come.
    NichtErschienen,
}

impl RegistrationStatus {
    pub(crate) fn from_code(code: &str) -> Self {
        match code {
            "warteliste" => RegistrationStatus::Warteliste,
            "abgesagt" => RegistrationStatus::Abgesagt,
            "teilgenommen" => RegistrationStatus::Teilgenommen,
            "nicht_erschienen" => RegistrationStatus::NichtErschienen,
            _ => RegistrationStatus::Angemeldet,
        }
    }
}

/// A registration as a workshop's list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Registration {
    /// The registration's number in the database.
    pub id: i64,
    /// The workshop registered for.
    pub workshop_id: i64,
    /// Who registered.
    pub participant_id: i64,
    /// Their name.
    pub participant_name: String,
    /// Where it stands.
    pub status: RegistrationStatus,
    /// Place on the waitlist (1 = next), while waiting.
    pub waitlist_position: Option<u32>,
    /// When it moved up from the waitlist to a seat.
    pub moved_up_at: Option<NaiveDateTime>,
    /// When the person was checked in.
    pub checked_in_at: Option<NaiveDateTime>,
    /// Came without registration.
    pub walk_in: bool,
    /// The check-in code on the confirmation (`KIZ-ANM-000042`).
    pub code: String,
    /// School or organisation, to tell two people of the same name apart.
    pub school: String,
    /// The person was anonymised: nobody to confirm to or to cancel for.
    pub anonymised: bool,
}

/// Someone who moved up from the waitlist: staff tell them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MovedUp {
    /// The registration that got the seat.
    pub registration_id: i64,
    /// Whom to tell.
    pub participant_name: String,
    /// The workshop they now have a seat in.
    pub workshop_title: String,
}

/// What a registration may override.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct RegisterOptions {
    /// Register although registration has closed (staff decided).
    pub after_closing: bool,
}

pub(crate) struct WorkshopSlot {
    pub(crate) capacity: u32,
    waitlist: bool,
    starts_at: String,
    ends_at: String,
    pub(crate) event_id: i64,
    closes_on: Option<NaiveDate>,
}

pub(crate) fn slot(sql: &dyn Sql, workshop_id: i64) -> Result<WorkshopSlot> {
    let r = sql
        .row(
            "SELECT w.capacity, w.waitlist, w.starts_at, w.ends_at, w.event_id,
                    e.registration_closes_on
             FROM workshop AS w JOIN event AS e ON e.id = w.event_id WHERE w.id = ?1",
            args![workshop_id],
        )?
        .ok_or(Error::NotFound {
            what: Record::Workshop,
        })?;
    Ok(WorkshopSlot {
        capacity: r.get(0)?,
        waitlist: r.get(1)?,
        starts_at: r.get(2)?,
        ends_at: r.get(3)?,
        event_id: r.get(4)?,
        closes_on: r.get(5)?,
    })
}

impl WorkshopSlot {
    /// When registration closed, as a stored moment compares with it: the
    /// day after the event's last day of registration, else the workshop's
    /// start.
    pub(crate) fn closes_at(&self) -> String {
        self.closes_on
            .and_then(|day| day.succ_opt())
            .map_or_else(|| self.starts_at.clone(), |day| day.to_string())
    }
}

/// Sets the age group every registration of a participant keeps (see
/// `events::registration_age_group`), from the participant as
/// they stand; an anonymised participant's registrations keep theirs.
pub(crate) fn freeze_age_groups(sql: &dyn Sql, participant_id: i64) -> Result<()> {
    let Some(person) = sql.row(
        "SELECT age_group, birth_year FROM participant WHERE id = ?1 AND anonymised_on IS NULL",
        args![participant_id],
    )?
    else {
        return Ok(());
    };
    let (entered, birth_year): (String, Option<i32>) = (person.get(0)?, person.get(1)?);
    let registrations = sql.rows(
        "SELECT r.id, w.starts_at FROM registration AS r JOIN workshop AS w ON w.id = r.workshop_id
         WHERE r.participant_id = ?1",
        args![participant_id],
    )?;
    for row in registrations {
        let (id, starts_at): (i64, String) = (row.get(0)?, row.get(1)?);
        let year = starts_at.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0);
        sql.run(
            "UPDATE registration SET age_group = ?2 WHERE id = ?1",
            args![
                id,
                super::registration_age_group(&entered, birth_year, year)
            ],
        )?;
    }
    Ok(())
}

pub(crate) fn seats_taken(sql: &dyn Sql, workshop_id: i64) -> Result<u32> {
    scalar(
        sql,
        "SELECT count(*) FROM registration WHERE workshop_id = ?1
         AND status IN ('angemeldet', 'teilgenommen')",
        args![workshop_id],
    )
}

/// Registers a participant for a workshop: a seat while there is one, else
/// the waitlist (in order of registration).
///
/// # Errors
/// [`Error::NotFound`], [`Error::AlreadyRegistered`],
/// [`Error::RegistrationClosed`] (unless `options.after_closing`),
/// [`Error::SlotOverlaps`] (the person has an overlapping workshop),
/// [`Error::WorkshopFull`] (full and no waitlist).
pub fn register(
    store: &mut impl Engine,
    workshop_id: i64,
    participant_id: i64,
    options: &RegisterOptions,
    now: NaiveDateTime,
) -> Result<Registration> {
    store.write_sql(|sql| {
        let id = register_in(sql, workshop_id, participant_id, options, now)?;
        registration(sql, id)
    })
}

/// Registers someone already known or a new person (stored in the same
/// transaction, so a refused registration stores nobody).
///
/// # Errors
/// Those of [`register`] and of [`super::create_participant`].
pub fn register_person(
    store: &mut impl Engine,
    workshop_id: i64,
    person: &Person,
    options: &RegisterOptions,
    now: NaiveDateTime,
) -> Result<Registration> {
    store.write_sql(|sql| {
        let participant = checkin::participant_id(sql, person, now)?;
        let id = register_in(sql, workshop_id, participant, options, now)?;
        registration(sql, id)
    })
}

pub(crate) fn register_in(
    tx: &dyn Sql,
    workshop_id: i64,
    participant_id: i64,
    options: &RegisterOptions,
    now: NaiveDateTime,
) -> Result<i64> {
    {
        let s = slot(tx, workshop_id)?;
        let known: bool = scalar(
            tx,
            "SELECT EXISTS (SELECT 1 FROM participant WHERE id = ?1)",
            args![participant_id],
        )?;
        if !known {
            return Err(Error::NotFound {
                what: Record::Participant,
            });
        }
        let existing: Option<(i64, String, Episode)> = tx
            .row(
                "SELECT id, status, waitlisted_at, moved_up_at, cancelled_at FROM registration
                 WHERE workshop_id = ?1 AND participant_id = ?2",
                args![workshop_id, participant_id],
            )?
            .map(|r| -> Result<_> {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    Episode {
                        waitlisted_at: r.get(2)?,
                        moved_up_at: r.get(3)?,
                        cancelled_at: r.get(4)?,
                    },
                ))
            })
            .transpose()?;
        if existing
            .as_ref()
            .is_some_and(|(_, status, _)| status != "abgesagt")
        {
            return Err(Error::AlreadyRegistered);
        }
        if s.closes_on.is_some_and(|close| now.date() > close) && !options.after_closing {
            return Err(Error::RegistrationClosed);
        }
        let overlap: Option<String> = value(
            tx,
            "SELECT w.title FROM registration AS r JOIN workshop AS w ON w.id = r.workshop_id
             WHERE r.participant_id = ?1 AND r.workshop_id <> ?2 AND w.event_id = ?3
               AND r.status IN ('angemeldet', 'warteliste', 'teilgenommen')
               AND w.starts_at < ?5 AND w.ends_at > ?4 LIMIT 1",
            args![
                participant_id,
                workshop_id,
                s.event_id,
                &s.starts_at,
                &s.ends_at
            ],
        )?;
        if let Some(other) = overlap {
            return Err(Error::SlotOverlaps { workshop: other });
        }
        let status = if seats_taken(tx, workshop_id)? < s.capacity {
            "angemeldet"
        } else if s.waitlist {
            "warteliste"
        } else {
            return Err(Error::WorkshopFull);
        };
        let at = timestamp(now);
        let waiting = status == "warteliste";
        let id = match existing {
            Some((id, _, old)) => {
                let waitlisted_at = old.after_registering_again(&s.closes_at(), &at, waiting);
                tx.run(
                    "UPDATE registration SET status = ?2, registered_at = ?3, queued_at = ?3,
                            moved_up_at = NULL, cancelled_at = NULL, checked_in_at = NULL,
                            waitlisted_at = ?4
                     WHERE id = ?1",
                    args![id, status, &at, waitlisted_at],
                )?;
                id
            }
            None => scalar(
                tx,
                "INSERT INTO registration (workshop_id, participant_id, status, registered_at,
                                           queued_at, waitlisted_at)
                 VALUES (?1, ?2, ?3, ?4, ?4, ?5)
                 RETURNING id",
                args![
                    workshop_id,
                    participant_id,
                    status,
                    &at,
                    waiting.then_some(&at)
                ],
            )?,
        };
        freeze_age_groups(tx, participant_id)?;
        Ok(id)
    }
}

/// A registration's time on the waitlist, as stored: when it went on and
/// when it left it (moved up or cancelled).
struct Episode {
    waitlisted_at: Option<String>,
    moved_up_at: Option<String>,
    cancelled_at: Option<String>,
}

impl Episode {
    /// Whether the registration waited on the waitlist at `closes_at`:
    /// on it before, and not moved up or cancelled after going on it and
    /// before (the rule the Berichte count with, in SQL).
    fn waiting_at(&self, closes_at: &str) -> bool {
        let Some(on) = self.waitlisted_at.as_deref() else {
            return false;
        };
        let left_before = |left: &Option<String>| {
            left.as_deref()
                .is_some_and(|left| left >= on && left < closes_at)
        };
        on < closes_at && !left_before(&self.moved_up_at) && !left_before(&self.cancelled_at)
    }

    /// `waitlisted_at` after someone cancelled registers again at `at`
    /// (`waiting`: onto the waitlist). Re-registering clears the times the
    /// registration moved up and was cancelled, so after the close the
    /// waitlist at the close is kept as it stood: a registration that
    /// waited then keeps its time, any other gets one after the close (or
    /// none). Before the close, the time it first went on stays while it
    /// waits again; with a seat it has none.
    fn after_registering_again(&self, closes_at: &str, at: &str, waiting: bool) -> Option<String> {
        if at >= closes_at && self.waiting_at(closes_at) {
            self.waitlisted_at.clone()
        } else if !waiting {
            None
        } else if at < closes_at {
            Some(self.waitlisted_at.clone().unwrap_or_else(|| at.to_owned()))
        } else {
            Some(at.to_owned())
        }
    }
}

pub(crate) fn registration(sql: &dyn Sql, id: i64) -> Result<Registration> {
    let r = sql
        .row(
            "SELECT r.id, r.workshop_id, r.participant_id, p.name, r.status,
                CASE WHEN r.status = 'warteliste' THEN
                    (SELECT count(*) FROM registration AS q WHERE q.workshop_id = r.workshop_id
                     AND q.status = 'warteliste'
                     AND (q.queued_at < r.queued_at OR (q.queued_at = r.queued_at AND q.id <= r.id)))
                END,
                r.moved_up_at, r.checked_in_at, r.walk_in, p.school, p.anonymised_on IS NOT NULL
         FROM registration AS r JOIN participant AS p ON p.id = r.participant_id WHERE r.id = ?1",
            args![id],
        )?
        .ok_or(Error::NotFound {
            what: Record::Registration,
        })?;
    let moved: Option<String> = r.get(6)?;
    let checked_in: Option<String> = r.get(7)?;
    Ok(Registration {
        checked_in_at: checked_in.as_deref().map(parse_time).transpose()?,
        walk_in: r.get(8)?,
        code: checkin::registration_code(r.get(0)?),
        school: r.get(9)?,
        anonymised: r.get(10)?,
        id: r.get(0)?,
        workshop_id: r.get(1)?,
        participant_id: r.get(2)?,
        participant_name: r.get(3)?,
        status: RegistrationStatus::from_code(&r.get::<String>(4)?),
        waitlist_position: r.get(5)?,
        moved_up_at: moved.as_deref().map(parse_time).transpose()?,
    })
}

/// A workshop's registrations: seats first (by name), then the waitlist in
/// order, then cancellations.
///
/// # Errors
/// Only SQLite failures.
pub fn registrations(db: &Db, workshop_id: i64) -> Result<Vec<Registration>> {
    registrations_in(db.conn(), workshop_id)
}

/// [`registrations`] inside a read, on either engine.
///
/// # Errors
/// A failure of the engine.
pub fn registrations_in(sql: &dyn Sql, workshop_id: i64) -> Result<Vec<Registration>> {
    registration_ids(sql, workshop_id, &Sort::default_for_list())?
        .into_iter()
        .map(|id| registration(sql, id))
        .collect()
}

/// A workshop's registrations as its page lists them: sorted by `sort`
/// (`name:asc`; `None`: the sort kept for the list), one page with the
/// total. `status:asc` is the workshop's own order: seats, the waitlist
/// in its order, cancellations.
///
/// # Errors
/// [`Error::UnknownSortKey`] for a sort the list does not have; SQLite
/// failures.
pub fn registration_page(
    db: &Db,
    workshop_id: i64,
    sort: Option<&str>,
    paging: Paging,
) -> Result<Page<Registration>> {
    registration_page_in(db.conn(), workshop_id, sort, paging)
}

/// [`registration_page`] inside a read, on either engine.
///
/// # Errors
/// As [`registration_page`]; a failure of the engine.
pub fn registration_page_in(
    sql: &dyn Sql,
    workshop_id: i64,
    sort: Option<&str>,
    paging: Paging,
) -> Result<Page<Registration>> {
    let sort = Sort::<ParticipantColumn>::chosen_in(sql, sort)?;
    let ids = registration_ids(sql, workshop_id, &sort)?;
    let total = i64::try_from(ids.len()).unwrap_or(i64::MAX);
    let from = usize::try_from(paging.offset).unwrap_or(usize::MAX);
    let count = usize::try_from(paging.limit()).unwrap_or(usize::MAX);
    Ok(Page {
        total,
        rows: ids
            .into_iter()
            .skip(from)
            .take(count)
            .map(|id| registration(sql, id))
            .collect::<Result<_>>()?,
        sort: sort.code(),
    })
}

/// The ids of a workshop's registrations in the order of `sort`: the
/// column in the sort's direction (names and schools folded, `ä` with `a`,
/// by [`crate::folding::sort_key`]; the status as the workshop orders it:
/// seats, the waitlist in its order, cancellations), then the name
/// ascending, then the id. Sorted here rather than in SQL, so that both
/// engines list the same order (a workshop has a few hundred at most).
fn registration_ids(
    sql: &dyn Sql,
    workshop_id: i64,
    sort: &Sort<ParticipantColumn>,
) -> Result<Vec<i64>> {
    struct Listed {
        id: i64,
        name: String,
        school: String,
        rank: u8,
        queued: Option<(String, i64)>,
    }
    let mut listed = Vec::new();
    for r in sql.rows(
        "SELECT r.id, p.name, p.school, r.status, r.queued_at
         FROM registration AS r JOIN participant AS p ON p.id = r.participant_id
         WHERE r.workshop_id = ?1",
        args![workshop_id],
    )? {
        let id: i64 = r.get(0)?;
        let status: String = r.get(3)?;
        let (rank, queued) = match status.as_str() {
            "warteliste" => (1, Some((r.get::<String>(4)?, id))),
            "abgesagt" => (2, None),
            _ => (0, None),
        };
        listed.push(Listed {
            id,
            name: crate::folding::sort_key(&r.get::<String>(1)?),
            school: crate::folding::sort_key(&r.get::<String>(2)?),
            rank,
            queued,
        });
    }
    listed.sort_by(|a, b| {
        sort.compare(
            match sort.column {
                ParticipantColumn::Name => a.name.cmp(&b.name),
                ParticipantColumn::School => a.school.cmp(&b.school),
                ParticipantColumn::Status => (a.rank, &a.queued).cmp(&(b.rank, &b.queued)),
                ParticipantColumn::Code => a.id.cmp(&b.id),
            },
            || a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)),
        )
    });
    Ok(listed.into_iter().map(|l| l.id).collect())
}

/// A workshop with its participant list.
pub type WorkshopList = (Workshop, Vec<ListEntry>);

/// A person on a participant list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListEntry {
    /// The registration's number in the database.
    pub registration_id: i64,
    /// Name.
    pub name: String,
    /// School or organisation.
    pub school: String,
    /// German names of the languages.
    pub languages: Vec<String>,
    /// Age in the event's year (from the year of birth), else the age group.
    pub age: String,
    /// E-mail and phone, or the guardian's contact for minors.
    pub contact: String,
    /// Where the registration stands.
    pub status: RegistrationStatus,
}

/// Everyone with a seat (registered or present), sorted by name as German
/// readers expect (diacritics ignored).
///
/// # Errors
/// [`Error::NotFound`].
pub fn participant_list(db: &Db, workshop_id: i64) -> Result<Vec<ListEntry>> {
    participant_list_in(db.conn(), workshop_id)
}

/// [`participant_list`] inside a read, on either engine.
///
/// # Errors
/// As [`participant_list`]; a failure of the engine.
pub fn participant_list_in(sql: &dyn Sql, workshop_id: i64) -> Result<Vec<ListEntry>> {
    let w = super::workshop_in(sql, workshop_id)?;
    let year = chrono::Datelike::year(&w.starts_at.date());
    let mut list = Vec::new();
    for r in sql.rows(
        "SELECT r.id, p.id, p.name, p.school, p.birth_year, p.age_group, p.email, p.phone,
                p.guardian_contact, r.status
         FROM registration AS r JOIN participant AS p ON p.id = r.participant_id
         WHERE r.workshop_id = ?1 AND r.status IN ('angemeldet', 'teilgenommen', 'nicht_erschienen')
         ORDER BY r.id",
        args![workshop_id],
    )? {
        let participant: i64 = r.get(1)?;
        let codes: Vec<String> = sql
            .rows(
                "SELECT code FROM participant_language WHERE participant_id = ?1 ORDER BY code",
                args![participant],
            )?
            .into_iter()
            .map(|c| c.get(0))
            .collect::<Result<_>>()?;
        let (email, phone, guardian): (String, String, String) = (r.get(6)?, r.get(7)?, r.get(8)?);
        let contact = [email.as_str(), phone.as_str()]
            .iter()
            .filter(|c| !c.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        let birth_year: Option<i32> = r.get(4)?;
        list.push(ListEntry {
            registration_id: r.get(0)?,
            name: r.get(2)?,
            school: r.get(3)?,
            languages: codes
                .iter()
                .map(|c| languages::name(c).to_owned())
                .collect(),
            age: birth_year.map_or(r.get::<String>(5)?, |y| (year - y).to_string()),
            contact: if contact.is_empty() {
                guardian
            } else {
                contact
            },
            status: RegistrationStatus::from_code(&r.get::<String>(9)?),
        });
    }
    list.sort_by_cached_key(|e| crate::search::fold_plain(&e.name));
    Ok(list)
}
