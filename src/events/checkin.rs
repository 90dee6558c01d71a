//! The day itself: check-in by name or by the code on the confirmation,
//! walk-ins (with a warning when the workshop is full that staff may
//! override), and marking the rest as not present in one action.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::{insert_participant, registration, seats_taken, slot, ParticipantInput, Registration};
use crate::db::engine::{args, scalar, Engine, Sql};
use crate::time::timestamp;
use crate::Record;
use crate::{Db, Error, Result};

/// What the QR code on a confirmation holds: `KIZ-ANM-` and the
/// registration's number.
const CODE_PREFIX: &str = "KIZ-ANM-";

/// The check-in code of a registration, as printed (and encoded as QR) on
/// the confirmation: `KIZ-ANM-000042`.
pub fn registration_code(id: i64) -> String {
    format!("{CODE_PREFIX}{id:06}")
}

/// The registration a scanned confirmation code stands for, checked
/// against the workshop whose check-in screen is open.
///
/// # Errors
/// [`Error::UnknownRegistrationCode`] (not a registration code, or none with that
/// number), [`Error::RegistrationOtherWorkshop`].
pub fn registration_for_code(db: &Db, workshop_id: i64, code: &str) -> Result<Registration> {
    registration_for_code_in(db.conn(), workshop_id, code)
}

/// [`registration_for_code`] inside a read or write, on either engine.
///
/// # Errors
/// As [`registration_for_code`]; a failure of the engine.
pub fn registration_for_code_in(
    sql: &dyn Sql,
    workshop_id: i64,
    code: &str,
) -> Result<Registration> {
    let unknown = || Error::UnknownRegistrationCode {
        code: code.trim().to_owned(),
    };
    let id: i64 = code
        .trim()
        .to_uppercase()
        .strip_prefix(CODE_PREFIX)
        .and_then(|n| n.parse().ok())
        .ok_or_else(unknown)?;
    let found = registration(sql, id).map_err(|e| match e {
        Error::NotFound { .. } => unknown(),
        other => other,
    })?;
    if found.workshop_id != workshop_id {
        let title: String = scalar(
            sql,
            "SELECT title FROM workshop WHERE id = ?1",
            args![found.workshop_id],
        )?;
        return Err(Error::RegistrationOtherWorkshop { workshop: title });
    }
    Ok(found)
}

/// What a check-in did: the registration as it stands now, and whether the
/// person had been ticked present before (a confirmation passed on to
/// someone else, or a second scan), so the door can tell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckIn {
    /// The registration as it stands after the check-in.
    #[serde(flatten)]
    pub registration: Registration,
    /// When the earlier check-in was; `None` when this one ticked them.
    pub already_present_since: Option<NaiveDateTime>,
}

/// Ticks someone present. Someone with a seat (or marked absent by
/// mistake) is simply present; someone from the waitlist or who had
/// cancelled takes a seat, and when none is free that needs
/// `over_capacity` (staff decided). Ticking twice changes nothing and says
/// since when the person is present.
///
/// # Errors
/// [`Error::NotFound`], [`Error::CapacityExceeded`].
pub fn check_in(
    store: &mut impl Engine,
    registration_id: i64,
    over_capacity: bool,
    now: NaiveDateTime,
) -> Result<CheckIn> {
    store.write_sql(|tx| {
        let found = tx
            .row(
                "SELECT workshop_id, status, checked_in_at FROM registration WHERE id = ?1",
                args![registration_id],
            )?
            .ok_or(Error::NotFound {
                what: Record::Registration,
            })?;
        let (workshop, status, checked_in_at): (i64, String, Option<String>) =
            (found.get(0)?, found.get(1)?, found.get(2)?);
        if status == "teilgenommen" {
            // Present from before; a tick without a time (hand-edited
            // data) counts as present since now.
            return Ok(CheckIn {
                registration: registration(tx, registration_id)?,
                already_present_since: Some(
                    checked_in_at
                        .as_deref()
                        .map(crate::time::parse)
                        .transpose()?
                        .unwrap_or(now),
                ),
            });
        }
        tick_present(tx, registration_id, workshop, &status, over_capacity, now)?;
        Ok(CheckIn {
            registration: registration(tx, registration_id)?,
            already_present_since: None,
        })
    })
}

/// Ticks present the registration a scanned confirmation code stands for
/// ([`registration_for_code`], then [`check_in`]): the check-in screen of
/// `workshop_id` scans it.
///
/// # Errors
/// Those of [`registration_for_code`] and [`check_in`].
pub fn check_in_by_code(
    store: &mut impl Engine,
    workshop_id: i64,
    code: &str,
    over_capacity: bool,
    now: NaiveDateTime,
) -> Result<CheckIn> {
    let found = store.read_sql(|sql| registration_for_code_in(sql, workshop_id, code))?;
    check_in(store, found.id, over_capacity, now)
}

/// Marks a registration present: at once with a seat, else taking one
/// (see [`seat_or_override`]). Already present: nothing changes.
fn tick_present(
    tx: &dyn Sql,
    registration_id: i64,
    workshop_id: i64,
    status: &str,
    over_capacity: bool,
    now: NaiveDateTime,
) -> Result<()> {
    let reason = match status {
        "teilgenommen" => return Ok(()),
        "angemeldet" | "nicht_erschienen" => None,
        _ => seat_or_override(tx, workshop_id, over_capacity)?,
    };
    tx.run(
        "UPDATE registration SET status = 'teilgenommen', checked_in_at = ?2,
                override_reason = coalesce(?3, override_reason)
         WHERE id = ?1",
        args![registration_id, timestamp(now), reason],
    )?;
    Ok(())
}

/// Takes a tick back: the person has their seat again, not yet present.
///
/// # Errors
/// [`Error::NotFound`].
pub fn undo_check_in(store: &mut impl Engine, registration_id: i64) -> Result<Registration> {
    store.write_sql(|tx| {
        tx.run(
            "UPDATE registration SET status = 'angemeldet', checked_in_at = NULL
             WHERE id = ?1 AND status = 'teilgenommen'",
            args![registration_id],
        )?;
        registration(tx, registration_id)
    })
}

/// The reason stored when a seat is taken beyond the capacity; `None`
/// while a seat is free.
fn seat_or_override(
    tx: &dyn Sql,
    workshop_id: i64,
    over_capacity: bool,
) -> Result<Option<&'static str>> {
    let capacity = slot(tx, workshop_id)?.capacity;
    if seats_taken(tx, workshop_id)? < capacity {
        Ok(None)
    } else if over_capacity {
        Ok(Some("Kapazität überschritten (vor Ort entschieden)"))
    } else {
        Err(Error::CapacityExceeded { capacity })
    }
}

/// Who registers or walks in: someone already known, or a new person
/// (with consent, taken at the desk or the door).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Person {
    /// A participant already recorded, by number.
    Existing(i64),
    /// A new participant, recorded with the registration.
    New(Box<ParticipantInput>),
}

/// The participant a [`Person`] stands for; a new one is stored.
pub(crate) fn participant_id(tx: &dyn Sql, person: &Person, now: NaiveDateTime) -> Result<i64> {
    match person {
        Person::Existing(id) => {
            let known: bool = scalar(
                tx,
                "SELECT EXISTS (SELECT 1 FROM participant WHERE id = ?1)",
                args![*id],
            )?;
            if known {
                Ok(*id)
            } else {
                Err(Error::NotFound {
                    what: Record::Participant,
                })
            }
        }
        Person::New(input) => insert_participant(tx, input, now),
    }
}

/// Adds someone who came without registration, present at once. Counts
/// against the capacity: when the workshop is full this needs
/// `over_capacity`. A new person is stored in the same transaction.
///
/// # Errors
/// [`Error::NotFound`], [`Error::CapacityExceeded`], and those of
/// [`super::create_participant`].
pub fn walk_in(
    store: &mut impl Engine,
    workshop_id: i64,
    person: &Person,
    over_capacity: bool,
    now: NaiveDateTime,
) -> Result<Registration> {
    store.write_sql(|tx| {
        slot(tx, workshop_id)?;
        // A new person can only need a new seat: a full workshop refuses
        // them before they are stored (on the server a refused insert
        // would still use up a number).
        // What staff typed is checked first: a missing name or consent is
        // said before the question of a seat.
        let checked_first = match person {
            Person::New(input) => {
                super::participants::check_new_participant(input)?;
                Some(seat_or_override(tx, workshop_id, over_capacity)?)
            }
            Person::Existing(_) => None,
        };
        let participant = participant_id(tx, person, now)?;
        let existing = tx.row(
            "SELECT id, status FROM registration WHERE workshop_id = ?1 AND participant_id = ?2",
            args![workshop_id, participant],
        )?;
        let at = timestamp(now);
        if let Some(existing) = existing {
            let id: i64 = existing.get(0)?;
            tick_present(tx, id, workshop_id, &existing.get::<String>(1)?, over_capacity, now)?;
            return registration(tx, id);
        }
        let reason = match checked_first {
            Some(reason) => reason,
            None => seat_or_override(tx, workshop_id, over_capacity)?,
        };
        let id: i64 = scalar(
            tx,
            "INSERT INTO registration (workshop_id, participant_id, status, registered_at, queued_at,
                                       checked_in_at, walk_in, override_reason)
             VALUES (?1, ?2, 'teilgenommen', ?3, ?3, ?3, 1, ?4) RETURNING id",
            args![workshop_id, participant, &at, reason],
        )?;
        super::registrations::freeze_age_groups(tx, participant)?;
        registration(tx, id)
    })
}

/// After the workshop: everyone with a seat who was not ticked present is
/// marked "nicht erschienen". Returns how many.
///
/// # Errors
/// [`Error::NotFound`].
pub fn mark_no_shows(store: &mut impl Engine, workshop_id: i64) -> Result<usize> {
    store.write_sql(|tx| {
        slot(tx, workshop_id)?;
        let changed = tx.run(
            "UPDATE registration SET status = 'nicht_erschienen'
             WHERE workshop_id = ?1 AND status = 'angemeldet'",
            args![workshop_id],
        )?;
        Ok(usize::try_from(changed).unwrap_or(usize::MAX))
    })
}
