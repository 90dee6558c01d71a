//! Vormerkungen: a queue per medium, first come first served. When a copy
//! comes back (or is already on the shelf) it is set aside for the first in
//! the queue, who has until the pickup deadline to fetch it.

use chrono::{Days, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::rules::{self, Calendar};
use super::timestamp;
use crate::db::engine::{args, scalar, value, Engine, Sql, SqlRow, Value};
use crate::Record;
use crate::{Db, Error, Result};

/// Where a reservation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReservationStatus {
    /// In the queue.
    Wartend,
    /// A copy is set aside until the pickup deadline.
    Bereit,
    /// Picked up (lent).
    Abgeholt,
    /// Cancelled.
    Storniert,
    /// Not picked up in time.
    Abgelaufen,
}

impl ReservationStatus {
    fn code(self) -> &'static str {
        match self {
            ReservationStatus::Wartend => "wartend",
            ReservationStatus::Bereit => "bereit",
            ReservationStatus::Abgeholt => "abgeholt",
            ReservationStatus::Storniert => "storniert",
            ReservationStatus::Abgelaufen => "abgelaufen",
        }
    }

    fn from_code(code: &str) -> Self {
        match code {
            "bereit" => ReservationStatus::Bereit,
            "abgeholt" => ReservationStatus::Abgeholt,
            "storniert" => ReservationStatus::Storniert,
            "abgelaufen" => ReservationStatus::Abgelaufen,
            _ => ReservationStatus::Wartend,
        }
    }
}

/// A reservation as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reservation {
    /// The reservation's number in the database.
    pub id: i64,
    /// The medium reserved (any of its copies will do).
    pub medium_id: i64,
    /// The medium's title.
    pub title: String,
    /// Who reserved it; `None` once the borrower's data was removed.
    pub borrower_id: Option<i64>,
    /// Their name.
    pub borrower_name: Option<String>,
    /// Their Ausweisnummer.
    pub card_number: Option<String>,
    /// When it was made.
    pub created_at: NaiveDateTime,
    /// Waiting, ready for pickup, picked up, cancelled or expired.
    pub status: ReservationStatus,
    /// Place in the queue (1 = next), while waiting.
    pub position: Option<u32>,
    /// The copy set aside, once ready.
    pub barcode: Option<String>,
    /// When a copy was set aside.
    pub ready_on: Option<NaiveDate>,
    /// The last day to pick it up.
    pub pickup_by: Option<NaiveDate>,
}

/// A copy just set aside for someone: what the desk announces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReadyReservation {
    /// The reservation's number in the database.
    pub reservation_id: i64,
    /// Who reserved it; `None` once the borrower's data was removed.
    pub borrower_id: Option<i64>,
    /// Their name, for the desk to announce.
    pub borrower_name: String,
    /// Their Ausweisnummer.
    pub card_number: String,
    /// The medium's title.
    pub title: String,
    /// The Inventarnummer of the copy set aside.
    pub barcode: String,
    /// The last day to pick it up.
    pub pickup_by: NaiveDate,
}

/// Which reservations to list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ReservationFilter {
    /// Only this borrower's.
    pub borrower_id: Option<i64>,
    /// Only for this medium.
    pub medium_id: Option<i64>,
    /// One status; `None`: the active ones (waiting and ready).
    pub status: Option<ReservationStatus>,
}

const SELECT: &str = "SELECT r.id, r.medium_id, m.title, r.borrower_id, b.name, b.card_number,
        r.created_at, r.status,
        CASE WHEN r.status = 'wartend' THEN
            (SELECT count(*) FROM reservation AS q
             WHERE q.medium_id = r.medium_id AND q.status = 'wartend'
               AND (q.created_at < r.created_at OR (q.created_at = r.created_at AND q.id <= r.id)))
        END,
        c.barcode, r.ready_on, r.pickup_by
    FROM reservation AS r
    JOIN medium AS m ON m.id = r.medium_id
    LEFT JOIN borrower AS b ON b.id = r.borrower_id
    LEFT JOIN copy AS c ON c.id = r.copy_id";

fn from_row(row: &SqlRow) -> Result<Reservation> {
    Ok(Reservation {
        id: row.get(0)?,
        medium_id: row.get(1)?,
        title: row.get(2)?,
        borrower_id: row.get(3)?,
        borrower_name: row.get(4)?,
        card_number: row.get(5)?,
        created_at: row.get(6)?,
        status: ReservationStatus::from_code(&row.get::<String>(7)?),
        position: row.get(8)?,
        barcode: row.get(9)?,
        ready_on: row.get(10)?,
        pickup_by: row.get(11)?,
    })
}

/// Reservations, ready ones first (by pickup deadline), then the queues in
/// order.
///
/// # Errors
/// Only SQLite failures.
pub fn reservations(db: &Db, filter: &ReservationFilter) -> Result<Vec<Reservation>> {
    reservations_in(db.conn(), filter)
}

/// [`reservations`] inside the caller's transaction or read, on either
/// engine.
///
/// # Errors
/// A failure of the engine.
pub fn reservations_in(sql: &dyn Sql, filter: &ReservationFilter) -> Result<Vec<Reservation>> {
    let mut conditions = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    match filter.status {
        Some(status) => {
            args.push(status.code().into());
            conditions.push(format!("r.status = ?{}", args.len()));
        }
        None => conditions.push("r.status IN ('wartend', 'bereit')".into()),
    }
    if let Some(id) = filter.borrower_id {
        args.push(id.into());
        conditions.push(format!("r.borrower_id = ?{}", args.len()));
    }
    if let Some(id) = filter.medium_id {
        args.push(id.into());
        conditions.push(format!("r.medium_id = ?{}", args.len()));
    }
    // Titles in the file's order on both engines: ASCII letters without
    // case, then by code point.
    let title = sql.dialect().nocase_order("m.title");
    let text = format!(
        "{SELECT} WHERE {} ORDER BY r.status <> 'bereit', r.pickup_by IS NOT NULL, r.pickup_by,
         {title},
         r.created_at, r.id LIMIT 1000",
        conditions.join(" AND ")
    );
    sql.rows(&text, &args)?.iter().map(from_row).collect()
}

fn reservation_by_id(sql: &dyn Sql, id: i64) -> Result<Reservation> {
    sql.row(&format!("{SELECT} WHERE r.id = ?1"), args![id])?
        .as_ref()
        .map(from_row)
        .transpose()?
        .ok_or(Error::NotFound {
            what: Record::Reservation,
        })
}

/// Places a reservation on a medium. When a copy is on the shelf it is set
/// aside at once (ready for pickup).
///
/// # Errors
/// [`Error::NotFound`] (medium or borrower), [`Error::BorrowerBlocked`],
/// [`Error::MediumNotLendable`] (no copy that could ever be lent),
/// [`Error::AlreadyHasMedium`] (the borrower has a copy of it on loan),
/// [`Error::AlreadyReserved`].
pub fn reserve(
    store: &mut impl Engine,
    medium_id: i64,
    borrower_id: i64,
    now: NaiveDateTime,
) -> Result<Reservation> {
    store.write_sql(|tx| reserve_in(tx, medium_id, borrower_id, now))
}

/// [`reserve`] inside the caller's write transaction.
///
/// # Errors
/// As [`reserve`].
pub(super) fn reserve_in(
    tx: &dyn Sql,
    medium_id: i64,
    borrower_id: i64,
    now: NaiveDateTime,
) -> Result<Reservation> {
    let blocked = tx.row(
        "SELECT blocked_reason FROM borrower WHERE id = ?1",
        args![borrower_id],
    )?;
    match blocked {
        None => {
            return Err(Error::NotFound {
                what: Record::Borrower,
            })
        }
        Some(row) => {
            if let Some(reason) = row.get::<Option<String>>(0)? {
                return Err(Error::BorrowerBlocked { reason });
            }
        }
    }
    let lendable: Option<i64> = value(
        tx,
        "SELECT (SELECT count(*) FROM copy AS c WHERE c.medium_id = m.id
                 AND c.status NOT IN ('verloren', 'ausgeschieden'))
         FROM medium AS m WHERE m.id = ?1",
        args![medium_id],
    )?;
    match lendable {
        None => {
            return Err(Error::NotFound {
                what: Record::Medium,
            })
        }
        Some(0) => return Err(Error::MediumNotLendable),
        Some(_) => {}
    }
    let has_it: bool = scalar(
        tx,
        "SELECT EXISTS (SELECT 1 FROM loan AS l JOIN copy AS c ON c.id = l.copy_id
                        WHERE l.borrower_id = ?1 AND l.returned_at IS NULL AND c.medium_id = ?2)",
        args![borrower_id, medium_id],
    )?;
    if has_it {
        return Err(Error::AlreadyHasMedium);
    }
    let active: bool = scalar(
        tx,
        "SELECT EXISTS (SELECT 1 FROM reservation WHERE medium_id = ?1 AND borrower_id = ?2
                        AND status IN ('wartend', 'bereit'))",
        args![medium_id, borrower_id],
    )?;
    if active {
        return Err(Error::AlreadyReserved);
    }
    let id: i64 = scalar(
        tx,
        "INSERT INTO reservation (medium_id, borrower_id, created_at) VALUES (?1, ?2, ?3)
         RETURNING id",
        args![medium_id, borrower_id, timestamp(now)],
    )?;
    let on_shelf: Option<i64> = value(
        tx,
        "SELECT id FROM copy WHERE medium_id = ?1 AND status = 'verfuegbar'
         ORDER BY barcode LIMIT 1",
        args![medium_id],
    )?;
    if let Some(copy_id) = on_shelf {
        pass_on(tx, copy_id, medium_id, None, now.date())?;
    }
    reservation_by_id(tx, id)
}

/// Cancels a reservation; a copy set aside for it goes to the next in the
/// queue (returned) or back to the shelf.
///
/// # Errors
/// [`Error::NotFound`], [`Error::ReservationClosed`].
pub fn cancel_reservation(
    store: &mut impl Engine,
    id: i64,
    now: NaiveDateTime,
) -> Result<Option<ReadyReservation>> {
    store.write_sql(|tx| {
        let current = reservation_by_id(tx, id)?;
        if !matches!(
            current.status,
            ReservationStatus::Wartend | ReservationStatus::Bereit
        ) {
            return Err(Error::ReservationClosed);
        }
        let copy_id: Option<i64> = scalar(
            tx,
            "SELECT copy_id FROM reservation WHERE id = ?1",
            args![id],
        )?;
        close(tx, id, ReservationStatus::Storniert, now)?;
        match (current.status, copy_id) {
            (ReservationStatus::Bereit, Some(copy_id)) => {
                pass_on(tx, copy_id, current.medium_id, None, now.date())
            }
            _ => Ok(None),
        }
    })
}

/// Ends every ready reservation whose pickup deadline has passed before
/// `today`; each copy goes to the next in its queue or back to the shelf.
/// Returns the reservations that became ready through this.
///
/// # Errors
/// A failure of the engine.
pub fn expire_reservations(
    store: &mut impl Engine,
    now: NaiveDateTime,
) -> Result<Vec<ReadyReservation>> {
    let today = now.date();
    store.write_sql(|tx| {
        let expired = tx.rows(
            "SELECT id, copy_id, medium_id FROM reservation
             WHERE status = 'bereit' AND pickup_by < ?1 ORDER BY pickup_by, id",
            args![today],
        )?;
        let calendar = Calendar::load(tx)?;
        let mut ready = Vec::new();
        for row in expired {
            let (id, copy_id, medium_id) = (row.get(0)?, row.get(1)?, row.get(2)?);
            close(tx, id, ReservationStatus::Abgelaufen, now)?;
            if let Some(next) = pass_on(tx, copy_id, medium_id, Some(&calendar), today)? {
                ready.push(next);
            }
        }
        Ok(ready)
    })
}

/// The reservation list as the window shows it, never stale: the expired
/// pickups are ended first ([`expire_reservations`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReservationList {
    /// The reservations of the filter, after the expiry.
    pub rows: Vec<Reservation>,
    /// Reservations that became ready through the expiry, for staff to
    /// tell the borrowers.
    pub newly_ready: Vec<ReadyReservation>,
}

/// Ends the expired pickups ([`expire_reservations`]), then lists the
/// reservations of `filter` ([`reservations`]).
///
/// On either engine (the medium page's queue and the Vormerkungen list
/// on the shared database, too).
///
/// # Errors
/// A failure of the engine.
pub fn reservation_list(
    store: &mut impl Engine,
    filter: &ReservationFilter,
    now: NaiveDateTime,
) -> Result<ReservationList> {
    let newly_ready = expire_reservations(store, now)?;
    Ok(ReservationList {
        rows: store.read_sql(|sql| reservations_in(sql, filter))?,
        newly_ready,
    })
}

/// A borrower who is erased gives up their reservations (inside the
/// caller's transaction): waiting ones are cancelled, and a copy set aside
/// for them goes to the next in the medium's queue, or back to the shelf.
pub(crate) fn give_up_reservations(
    sql: &dyn Sql,
    borrower_id: i64,
    now: NaiveDateTime,
) -> Result<()> {
    let open = sql.rows(
        "SELECT id, status = 'bereit', copy_id, medium_id FROM reservation
         WHERE borrower_id = ?1 AND status IN ('wartend', 'bereit') ORDER BY id",
        args![borrower_id],
    )?;
    let calendar = Calendar::load(sql)?;
    for row in open {
        let id: i64 = row.get(0)?;
        close(sql, id, ReservationStatus::Storniert, now)?;
        if let (true, Some(copy_id)) = (row.get::<bool>(1)?, row.get::<Option<i64>>(2)?) {
            pass_on(sql, copy_id, row.get(3)?, Some(&calendar), now.date())?;
        }
    }
    Ok(())
}

fn close(sql: &dyn Sql, id: i64, status: ReservationStatus, now: NaiveDateTime) -> Result<()> {
    sql.run(
        "UPDATE reservation SET status = ?2, closed_at = ?3 WHERE id = ?1",
        args![id, status.code(), timestamp(now)],
    )?;
    Ok(())
}

/// The ready reservation a copy is set aside for: (id, borrower, pickup by).
pub(super) fn ready_for_copy(
    sql: &dyn Sql,
    copy_id: i64,
) -> Result<Option<(i64, Option<i64>, NaiveDate)>> {
    sql.row(
        "SELECT id, borrower_id, pickup_by FROM reservation
         WHERE copy_id = ?1 AND status = 'bereit'",
        args![copy_id],
    )?
    .map(|r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
    .transpose()
}

/// Whether anyone other than `borrower_id` waits for the medium.
pub(super) fn others_waiting(
    sql: &dyn Sql,
    medium_id: i64,
    borrower_id: Option<i64>,
) -> Result<bool> {
    scalar(
        sql,
        "SELECT EXISTS (SELECT 1 FROM reservation WHERE medium_id = ?1 AND status = 'wartend'
                        AND borrower_id IS DISTINCT FROM ?2)",
        args![medium_id, borrower_id],
    )
}

/// A checkout of `copy_id` to `borrower_id` fulfils that borrower's
/// reservation of the medium; a different copy set aside for them is
/// passed on.
pub(super) fn fulfil(
    sql: &dyn Sql,
    medium_id: i64,
    borrower_id: i64,
    copy_id: i64,
    calendar: &Calendar,
    now: NaiveDateTime,
) -> Result<()> {
    let mine = sql.row(
        "SELECT id, copy_id FROM reservation
         WHERE medium_id = ?1 AND borrower_id = ?2 AND status IN ('wartend', 'bereit')",
        args![medium_id, borrower_id],
    )?;
    if let Some(mine) = mine {
        let id: i64 = mine.get(0)?;
        let set_aside: Option<i64> = mine.get(1)?;
        close(sql, id, ReservationStatus::Abgeholt, now)?;
        if let Some(other) = set_aside.filter(|c| *c != copy_id) {
            pass_on(sql, other, medium_id, Some(calendar), now.date())?;
        }
    }
    Ok(())
}

/// Gives a copy that became free to the first in the medium's queue (set
/// aside, with a pickup deadline), or puts it back on the shelf. The
/// calendar (for the pickup deadline) is read only when someone waits and
/// the caller has none at hand.
pub(super) fn pass_on(
    sql: &dyn Sql,
    copy_id: i64,
    medium_id: i64,
    calendar: Option<&Calendar>,
    today: NaiveDate,
) -> Result<Option<ReadyReservation>> {
    let next: Option<i64> = value(
        sql,
        "SELECT id FROM reservation WHERE medium_id = ?1 AND status = 'wartend'
         ORDER BY created_at, id LIMIT 1",
        args![medium_id],
    )?;
    let Some(id) = next else {
        sql.run(
            "UPDATE copy SET status = 'verfuegbar' WHERE id = ?1",
            args![copy_id],
        )?;
        return Ok(None);
    };
    let pickup_days = rules::number_setting(sql, "pickup_days", 7)?;
    let read;
    let calendar = match calendar {
        Some(calendar) => calendar,
        None => {
            read = Calendar::load(sql)?;
            &read
        }
    };
    let pickup_by = calendar.next_open(today + Days::new(u64::from(pickup_days)));
    sql.run(
        "UPDATE reservation SET status = 'bereit', copy_id = ?2, ready_on = ?3, pickup_by = ?4
         WHERE id = ?1",
        args![id, copy_id, today, pickup_by],
    )?;
    sql.run(
        "UPDATE copy SET status = 'vorgemerkt' WHERE id = ?1",
        args![copy_id],
    )?;
    let r = sql
        .row(
            "SELECT r.id, r.borrower_id, coalesce(b.name, ''), coalesce(b.card_number, ''),
                    m.title, c.barcode, r.pickup_by
             FROM reservation AS r JOIN medium AS m ON m.id = r.medium_id
             JOIN copy AS c ON c.id = r.copy_id LEFT JOIN borrower AS b ON b.id = r.borrower_id
             WHERE r.id = ?1",
            args![id],
        )?
        .ok_or(Error::NotFound {
            what: Record::Reservation,
        })?;
    Ok(Some(ReadyReservation {
        reservation_id: r.get(0)?,
        borrower_id: r.get(1)?,
        borrower_name: r.get(2)?,
        card_number: r.get(3)?,
        title: r.get(4)?,
        barcode: r.get(5)?,
        pickup_by: r.get(6)?,
    }))
}
