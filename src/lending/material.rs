//! Material for a workshop (issue 23, point 5): media reserved for the day
//! of a workshop of the Ausbildungsbörse ("20 × Wortschatz Beruf
//! Arabisch–Deutsch"), shown on the workshop's page and on the medium's,
//! lent to the host organisation for the workshop and returned after it.
//!
//! What competes for the copies on the workshop's day is named with each
//! reservation: other workshops that reserved the same medium for that
//! day, copies on loan that are due only after it, and people waiting for
//! the medium (Vormerkungen); when the copies that can be lent do not
//! cover them all, the reservation says how many are short. It is a plan,
//! not a hold: nothing keeps the desk from lending a copy meanwhile, and
//! the conflicts say what the plan runs into.
//!
//! Lent, the copies form a loan set of kind `material` (the lowest
//! Inventarnummern on the shelf), due on the first open day after the
//! workshop, counted as one item against the organisation's limit and
//! counted back copy by copy like a class set.

use chrono::{Days, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::class_sets::{progress_in, ClassSetProgress};
use super::rules::{self, Calendar};
use super::{borrower_who_may_borrow, lend_in, timestamp, CopyRow, Lend, Loan, COPY_ROW_COLUMNS};
use crate::db::engine::{args, scalar, value, Engine, Sql};
use crate::{Db, Error, Record, Result};

/// The most copies of one medium a workshop may reserve.
pub const MAX_MATERIAL: u32 = 200;

/// What staff enter: how many copies of a medium for a workshop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaterialInput {
    /// The workshop.
    pub workshop_id: i64,
    /// The medium.
    pub medium_id: i64,
    /// How many copies (1 to [`MAX_MATERIAL`]).
    pub quantity: u32,
}

/// What competes for the copies on the workshop's day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MaterialConflict {
    /// Another workshop reserved the medium for the same day.
    OtherWorkshop {
        /// Its title.
        title: String,
        /// How many copies it reserved.
        quantity: u32,
    },
    /// Copies on loan that are due only after the workshop's day.
    OnLoan {
        /// How many.
        count: u32,
        /// The latest of their due dates.
        latest_due: NaiveDate,
    },
    /// People wait for the medium (Vormerkungen).
    Waiting {
        /// How many.
        count: u32,
    },
}

/// Media reserved for a workshop, as its page and the medium's page show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Material {
    /// The reservation's number.
    pub id: i64,
    /// The workshop.
    pub workshop_id: i64,
    /// Its title.
    pub workshop_title: String,
    /// Its day.
    pub day: NaiveDate,
    /// The medium.
    pub medium_id: i64,
    /// Its title.
    pub title: String,
    /// How many copies.
    pub quantity: u32,
    /// Copies of the medium that can be lent at all (not lost or retired).
    pub lendable: u32,
    /// What competes for them on that day.
    pub conflicts: Vec<MaterialConflict>,
    /// How many copies the day lacks for this reservation (0: enough).
    pub short_by: u32,
    /// Once lent: how much of it is back.
    pub lent: Option<ClassSetProgress>,
}

/// Reserves `quantity` copies of a medium for a workshop (or changes how
/// many, when the workshop has the medium already). Returns the workshop's
/// material.
///
/// # Errors
/// [`Error::OutOfRange`] (`quantity`), [`Error::NotFound`] (workshop or
/// medium), [`Error::MaterialLent`] when the reservation was lent already.
pub fn reserve_material(
    store: &mut impl Engine,
    input: &MaterialInput,
    now: NaiveDateTime,
) -> Result<Vec<Material>> {
    if input.quantity == 0 || input.quantity > MAX_MATERIAL {
        return Err(Error::OutOfRange {
            field: "quantity",
            min: 1,
            max: MAX_MATERIAL,
        });
    }
    store.write_sql(|tx| {
        let workshop: bool = scalar(
            tx,
            "SELECT EXISTS (SELECT 1 FROM workshop WHERE id = ?1)",
            args![input.workshop_id],
        )?;
        if !workshop {
            return Err(Error::NotFound {
                what: Record::Workshop,
            });
        }
        let medium: bool = scalar(
            tx,
            "SELECT EXISTS (SELECT 1 FROM medium WHERE id = ?1)",
            args![input.medium_id],
        )?;
        if !medium {
            return Err(Error::NotFound {
                what: Record::Medium,
            });
        }
        let lent: Option<Option<i64>> = value(
            tx,
            "SELECT set_id FROM workshop_material WHERE workshop_id = ?1 AND medium_id = ?2",
            args![input.workshop_id, input.medium_id],
        )?;
        match lent {
            Some(Some(_)) => return Err(Error::MaterialLent),
            Some(None) => {
                tx.run(
                    "UPDATE workshop_material SET quantity = ?3
                     WHERE workshop_id = ?1 AND medium_id = ?2",
                    args![input.workshop_id, input.medium_id, input.quantity],
                )?;
            }
            None => {
                tx.run(
                    "INSERT INTO workshop_material (workshop_id, medium_id, quantity, created_at)
                     VALUES (?1, ?2, ?3, ?4)",
                    args![
                        input.workshop_id,
                        input.medium_id,
                        input.quantity,
                        timestamp(now)
                    ],
                )?;
            }
        }
        material_of_workshop_in(tx, input.workshop_id)
    })
}

/// Takes back a reservation that was not lent.
///
/// # Errors
/// [`Error::NotFound`], [`Error::MaterialLent`].
pub fn remove_material(store: &mut impl Engine, id: i64) -> Result<()> {
    store.write_sql(|tx| {
        let lent: Option<Option<i64>> = value(
            tx,
            "SELECT set_id FROM workshop_material WHERE id = ?1",
            args![id],
        )?;
        match lent {
            None => Err(Error::NotFound {
                what: Record::WorkshopMaterial,
            }),
            Some(Some(_)) => Err(Error::MaterialLent),
            Some(None) => {
                tx.run("DELETE FROM workshop_material WHERE id = ?1", args![id])?;
                Ok(())
            }
        }
    })
}

const MATERIAL_SELECT: &str = "SELECT wm.id, wm.workshop_id, w.title, substr(w.starts_at, 1, 10),
        wm.medium_id, m.title, wm.quantity, wm.set_id,
        (SELECT count(*) FROM copy AS c WHERE c.medium_id = wm.medium_id
         AND c.status NOT IN ('verloren', 'ausgeschieden'))
     FROM workshop_material AS wm
     JOIN workshop AS w ON w.id = wm.workshop_id
     JOIN medium AS m ON m.id = wm.medium_id";

fn materials(sql: &dyn Sql, filter: &str, id: i64) -> Result<Vec<Material>> {
    let rows = sql.rows(
        &format!("{MATERIAL_SELECT} WHERE {filter} ORDER BY w.starts_at, m.title, wm.id"),
        args![id],
    )?;
    rows.iter()
        .map(|r| {
            let day: NaiveDate = r.get(3)?;
            let medium_id: i64 = r.get(4)?;
            let quantity: u32 = r.get(6)?;
            let set_id: Option<i64> = r.get(7)?;
            let lendable: u32 = r.get(8)?;
            let id: i64 = r.get(0)?;
            let (conflicts, short_by) = if set_id.is_some() {
                (Vec::new(), 0)
            } else {
                conflicts_in(sql, id, medium_id, day, quantity, lendable)?
            };
            Ok(Material {
                id,
                workshop_id: r.get(1)?,
                workshop_title: r.get(2)?,
                day,
                medium_id,
                title: r.get(5)?,
                quantity,
                lendable,
                conflicts,
                short_by,
                lent: set_id.map(|set| progress_in(sql, set)).transpose()?,
            })
        })
        .collect()
}

/// What competes with reservation `id` for the medium's copies on `day`,
/// and how many copies the day lacks for it.
fn conflicts_in(
    sql: &dyn Sql,
    id: i64,
    medium_id: i64,
    day: NaiveDate,
    quantity: u32,
    lendable: u32,
) -> Result<(Vec<MaterialConflict>, u32)> {
    let mut conflicts = Vec::new();
    let mut taken = 0_u32;
    for r in sql.rows(
        "SELECT w.title, wm.quantity FROM workshop_material AS wm
         JOIN workshop AS w ON w.id = wm.workshop_id
         WHERE wm.medium_id = ?1 AND wm.id <> ?2 AND wm.set_id IS NULL
           AND substr(w.starts_at, 1, 10) = ?3
         ORDER BY w.starts_at, wm.id",
        args![medium_id, id, day],
    )? {
        let quantity: u32 = r.get(1)?;
        taken += quantity;
        conflicts.push(MaterialConflict::OtherWorkshop {
            title: r.get(0)?,
            quantity,
        });
    }
    let out = sql.row(
        "SELECT count(*), max(l.due_on) FROM loan AS l JOIN copy AS c ON c.id = l.copy_id
         WHERE c.medium_id = ?1 AND l.returned_at IS NULL AND l.due_on >= ?2",
        args![medium_id, day],
    )?;
    if let Some(out) = out {
        let count: u32 = out.get(0)?;
        if let (true, Some(latest_due)) = (count > 0, out.get::<Option<NaiveDate>>(1)?) {
            taken += count;
            conflicts.push(MaterialConflict::OnLoan { count, latest_due });
        }
    }
    let waiting: u32 = scalar(
        sql,
        "SELECT count(*) FROM reservation WHERE medium_id = ?1 AND status IN ('wartend', 'bereit')",
        args![medium_id],
    )?;
    if waiting > 0 {
        taken += waiting;
        conflicts.push(MaterialConflict::Waiting { count: waiting });
    }
    let short_by = (quantity + taken).saturating_sub(lendable).min(quantity);
    Ok((conflicts, short_by))
}

/// A workshop's material, by title.
///
/// # Errors
/// A failure of the engine.
pub fn material_of_workshop_in(sql: &dyn Sql, workshop_id: i64) -> Result<Vec<Material>> {
    materials(sql, "wm.workshop_id = ?1", workshop_id)
}

/// [`material_of_workshop_in`] on the file.
///
/// # Errors
/// Only SQLite failures.
pub fn material_of_workshop(db: &Db, workshop_id: i64) -> Result<Vec<Material>> {
    material_of_workshop_in(db.conn(), workshop_id)
}

/// The reservations of workshops for a medium (its page in the Mediathek),
/// the earliest day first: those still to come on `today`, and lent ones
/// not yet back in full.
///
/// # Errors
/// A failure of the engine.
pub fn material_for_medium_in(
    sql: &dyn Sql,
    medium_id: i64,
    today: NaiveDate,
) -> Result<Vec<Material>> {
    Ok(materials(sql, "wm.medium_id = ?1", medium_id)?
        .into_iter()
        .filter(|m| match &m.lent {
            Some(set) => !set.complete(),
            None => m.day >= today,
        })
        .collect())
}

/// Lends reservation `id` to the workshop's host organisation (its card,
/// made now if the organisation has none): the lowest Inventarnummern on
/// the shelf, due on the first open day after the workshop.
///
/// # Errors
/// [`Error::NotFound`] (the reservation; the organisation when it does not
/// host the workshop), [`Error::MaterialLent`], [`Error::NotEnoughOnShelf`],
/// and what a checkout refuses ([`Error::BorrowerBlocked`],
/// [`Error::LoanLimitReached`], [`Error::BorrowerHasOverdue`]).
pub fn lend_material(
    store: &mut impl Engine,
    id: i64,
    organisation_id: i64,
    now: NaiveDateTime,
) -> Result<(ClassSetProgress, Vec<Loan>)> {
    store.write_sql(|tx| {
        let row = tx
            .row(
                "SELECT wm.medium_id, wm.quantity, wm.set_id, w.title, substr(w.starts_at, 1, 10),
                        EXISTS (SELECT 1 FROM workshop_host AS h
                                WHERE h.workshop_id = wm.workshop_id AND h.organisation_id = ?2),
                        m.title
                 FROM workshop_material AS wm
                 JOIN workshop AS w ON w.id = wm.workshop_id
                 JOIN medium AS m ON m.id = wm.medium_id
                 WHERE wm.id = ?1",
                args![id, organisation_id],
            )?
            .ok_or(Error::NotFound {
                what: Record::WorkshopMaterial,
            })?;
        if row.get::<Option<i64>>(2)?.is_some() {
            return Err(Error::MaterialLent);
        }
        if !row.get::<bool>(5)? {
            return Err(Error::NotFound {
                what: Record::Organisation,
            });
        }
        let medium_id: i64 = row.get(0)?;
        let quantity: u32 = row.get(1)?;
        let workshop: String = row.get(3)?;
        let day: NaiveDate = row.get(4)?;
        let title: String = row.get(6)?;
        let borrower_id = host_card(tx, organisation_id, now)?;
        let mut borrower = borrower_who_may_borrow(tx, borrower_id, now.date())?;
        let copies: Vec<CopyRow> = tx
            .rows(
                &format!(
                    "SELECT {COPY_ROW_COLUMNS}
                     FROM copy AS c JOIN medium AS m ON m.id = c.medium_id
                     WHERE c.medium_id = ?1 AND c.status = 'verfuegbar'
                     ORDER BY c.barcode LIMIT ?2"
                ),
                args![medium_id, quantity],
            )?
            .iter()
            .map(CopyRow::from_row)
            .collect::<Result<_>>()?;
        if (copies.len() as u32) < quantity {
            return Err(Error::NotEnoughOnShelf {
                wanted: quantity,
                on_shelf: copies.len() as u32,
            });
        }
        let kind_id = copies.first().map_or(0, |c| c.kind_id);
        let (limit, _) = rules::limit_and_period(tx, kind_id, borrower.row.kind)?;
        if borrower.open >= limit {
            return Err(Error::LoanLimitReached { limit });
        }
        let calendar = Calendar::load(tx)?;
        // Due the first open day after the workshop (or after today, for a
        // workshop lent for on its own day or later).
        let due = calendar.due_date(day.max(now.date()) + Days::new(1), 0);
        let set_id: i64 = scalar(
            tx,
            "INSERT INTO loan_set (kind, name, lent_at) VALUES ('material', ?1, ?2) RETURNING id",
            args![
                format!("{quantity} × {title} – {workshop}").as_str(),
                timestamp(now)
            ],
        )?;
        let lend = Lend {
            borrower_id,
            override_reason: None,
            set_id: Some(set_id),
            check_limit: false,
            course_end: None,
            due_on: Some(due),
            now,
        };
        let mut loans = Vec::with_capacity(copies.len());
        for copy in copies {
            loans.push(lend_in(tx, &lend, &mut borrower, copy, &calendar)?);
        }
        tx.run(
            "UPDATE workshop_material SET set_id = ?2 WHERE id = ?1",
            args![id, set_id],
        )?;
        Ok((progress_in(tx, set_id)?, loans))
    })
}

/// The card of the organisation `organisation_id` in the Mediathek: its
/// borrower record of kind Organisation, made now (with the next card
/// number) when it has none.
fn host_card(tx: &dyn Sql, organisation_id: i64, now: NaiveDateTime) -> Result<i64> {
    let existing: Option<i64> = value(
        tx,
        "SELECT id FROM borrower WHERE organisation_id = ?1 AND kind = 'organisation'
         ORDER BY id LIMIT 1",
        args![organisation_id],
    )?;
    if let Some(id) = existing {
        return Ok(id);
    }
    let name: String = scalar(
        tx,
        "SELECT name FROM organisation WHERE id = ?1",
        args![organisation_id],
    )?;
    let input = crate::people::BorrowerInput {
        kind: crate::people::BorrowerKind::Organisation,
        name,
        organisation_id: Some(organisation_id),
        print_language: "de".into(),
        ..crate::people::BorrowerInput::default()
    };
    crate::people::create_borrower_in(tx, &input, now)
}
