//! The waitlist: cancelling moves the first waiting up, staff move someone
//! up by hand, and a changed capacity moves people up or back.

use chrono::NaiveDateTime;

use super::{registration, seats_taken, slot, MovedUp, Registration};
use crate::db::engine::{args, Engine, Sql};
use crate::time::timestamp;
use crate::Record;
use crate::{Error, Result};

/// Fills free seats from the waitlist, first come first served.
pub(crate) fn fill_from_waitlist(
    sql: &dyn Sql,
    workshop_id: i64,
    now: NaiveDateTime,
) -> Result<Vec<MovedUp>> {
    let s = slot(sql, workshop_id)?;
    let mut moved = Vec::new();
    while seats_taken(sql, workshop_id)? < s.capacity {
        let Some(next) = sql.row(
            "SELECT r.id, p.name, w.title FROM registration AS r
             JOIN participant AS p ON p.id = r.participant_id JOIN workshop AS w ON w.id = r.workshop_id
             WHERE r.workshop_id = ?1 AND r.status = 'warteliste'
             ORDER BY r.queued_at, r.id LIMIT 1",
            args![workshop_id],
        )?
        else {
            break;
        };
        let id: i64 = next.get(0)?;
        sql.run(
            "UPDATE registration SET status = 'angemeldet', moved_up_at = ?2 WHERE id = ?1",
            args![id, timestamp(now)],
        )?;
        moved.push(MovedUp {
            registration_id: id,
            participant_name: next.get(1)?,
            workshop_title: next.get(2)?,
        });
    }
    Ok(moved)
}

/// Cancels a registration; a seat it freed goes to the first on the
/// waitlist, who is returned so staff can tell them.
///
/// # Errors
/// [`Error::NotFound`], [`Error::ParticipantAnonymised`] (nobody asked for
/// it and nobody could be told).
pub fn cancel(
    store: &mut impl Engine,
    registration_id: i64,
    now: NaiveDateTime,
) -> Result<Vec<MovedUp>> {
    store.write_sql(|tx| {
        let found = tx
            .row(
                "SELECT r.workshop_id, p.anonymised_on IS NOT NULL
                 FROM registration AS r JOIN participant AS p ON p.id = r.participant_id
                 WHERE r.id = ?1",
                args![registration_id],
            )?
            .ok_or(Error::NotFound {
                what: Record::Registration,
            })?;
        let (workshop, anonymised): (i64, bool) = (found.get(0)?, found.get(1)?);
        if anonymised {
            return Err(Error::ParticipantAnonymised);
        }
        tx.run(
            "UPDATE registration SET status = 'abgesagt', cancelled_at = ?2 WHERE id = ?1",
            args![registration_id, timestamp(now)],
        )?;
        fill_from_waitlist(tx, workshop, now)
    })
}

/// Moves someone from the waitlist up by hand (even past others, and even
/// when it takes the workshop over its capacity: staff decide).
///
/// # Errors
/// [`Error::NotFound`], [`Error::NotOnWaitlist`].
pub fn move_up(
    store: &mut impl Engine,
    registration_id: i64,
    now: NaiveDateTime,
) -> Result<Registration> {
    store.write_sql(|tx| {
        let changed = tx.run(
            "UPDATE registration SET status = 'angemeldet', moved_up_at = ?2
             WHERE id = ?1 AND status = 'warteliste'",
            args![registration_id, timestamp(now)],
        )?;
        if changed == 0 {
            registration(tx, registration_id)?;
            return Err(Error::NotOnWaitlist);
        }
        registration(tx, registration_id)
    })
}

/// Changes a workshop's capacity. A larger capacity moves people up from
/// the waitlist; a capacity below the number registered needs the explicit
/// list of registrations that go to the waitlist (they keep their
/// registration time, so they are served first).
///
/// # Errors
/// [`Error::NotFound`], [`Error::CapacityBelowRegistered`] (too few chosen
/// for the waitlist), [`Error::ChangedMeanwhile`] when the workshop was
/// saved since the page read `version` (the seats claim the workshop's
/// version like its form does; `None` when not changed from a page).
pub fn set_capacity(
    store: &mut impl Engine,
    workshop_id: i64,
    capacity: u32,
    to_waitlist: &[i64],
    now: NaiveDateTime,
    version: Option<i64>,
    by: &str,
) -> Result<Vec<MovedUp>> {
    store.write_sql(|tx| {
        crate::versions::claim(
            tx,
            crate::versions::Versioned::Workshop,
            workshop_id,
            version,
            by,
        )?;
        // Moved back before registration closed, they wait from now; after
        // it, the waitlist at the close stays as it stood.
        let closes_at = slot(tx, workshop_id)?.closes_at();
        let at = timestamp(now);
        let waiting_from = (at < closes_at).then_some(&at);
        let taken = seats_taken(tx, workshop_id)?;
        if taken > capacity {
            let excess = (taken - capacity) as usize;
            if to_waitlist.len() < excess {
                return Err(Error::CapacityBelowRegistered {
                    registered: taken,
                    capacity,
                });
            }
            for id in to_waitlist {
                let changed = tx.run(
                    "UPDATE registration SET status = 'warteliste',
                            waitlisted_at = coalesce(?3, waitlisted_at)
                     WHERE id = ?1 AND workshop_id = ?2 AND status = 'angemeldet'",
                    args![*id, workshop_id, waiting_from],
                )?;
                if changed == 0 {
                    return Err(Error::NotFound {
                        what: Record::Registration,
                    });
                }
            }
        }
        tx.run(
            "UPDATE workshop SET capacity = ?2, updated_at = ?3 WHERE id = ?1",
            args![workshop_id, capacity, timestamp(now)],
        )?;
        fill_from_waitlist(tx, workshop_id, now)
    })
}
