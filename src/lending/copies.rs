//! A copy's own page: its status changes (in repair, withdrawn, back on the
//! shelf) and its loan history. Here rather than in the catalogue because
//! a copy back on the shelf goes to the next reservation, and the history
//! is made of loans and reminders.
//!
//! Status rules (issue 19):
//!
//! - a copy on loan keeps its status until it is returned (the refusal
//!   names the borrower's Ausweisnummer); a copy set aside for a
//!   reservation too, as before: the reservation points at it;
//! - "in Reparatur" is not lent (checkout refuses it) and not set aside for
//!   reservations; "ausgeschieden" (withdrawn) needs a reason and a day not
//!   after today;
//! - "verfügbar" again (after a repair, a withdrawal by mistake, or a lost
//!   copy found) clears the withdrawal's day and reason and gives the copy
//!   to the first waiting reservation, as a return does;
//! - withdrawn and repaired copies keep their loans, so the statistics
//!   count them as before.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::{parse_timestamp, reservations, Outcome};
use crate::catalogue::{self, Copy, CopyStatus};
use crate::db::engine::{args, value, Engine, Sql};
use crate::time::timestamp;
use crate::versions::{self, Versioned};
use crate::{limits, Db, Error, Record, Result};

/// What staff set a copy to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum CopyStatusChange {
    /// Back on the shelf (verfügbar).
    Verfuegbar,
    /// Being repaired.
    InReparatur,
    /// Withdrawn (ausgeschieden).
    Ausgeschieden {
        /// Why ("beschädigt", "veraltete Auflage"); required.
        reason: String,
        /// The day it was withdrawn; not after today; `None`: today.
        #[serde(default)]
        on: Option<NaiveDate>,
    },
}

/// Sets a copy in repair, withdraws it, or puts it back on the shelf, in
/// one transaction. Back on the shelf, it goes to the first waiting
/// reservation of its medium (then its status is `vorgemerkt`).
///
/// # Errors
/// [`Error::NotFound`], [`Error::CopyOnLoan`] (with the borrower's
/// Ausweisnummer), [`Error::CopySetAside`], [`Error::Required`] (reason),
/// [`Error::TooLong`], [`Error::DateInFuture`] (withdrawn after `now`),
/// [`Error::ChangedMeanwhile`] when the copy was saved since the page read
/// `version` (a change from the page claims the copy's version like its
/// details do; `None` for a change not made from a page).
pub fn change_copy_status(
    store: &mut impl Engine,
    copy_id: i64,
    change: &CopyStatusChange,
    now: NaiveDateTime,
    version: Option<i64>,
    by: &str,
) -> Result<Copy> {
    let today = now.date();
    if let CopyStatusChange::Ausgeschieden { reason, on } = change {
        if reason.trim().is_empty() {
            return Err(Error::Required { field: "reason" });
        }
        limits::check("reason", reason.trim(), limits::NAME)?;
        if on.is_some_and(|day| day > today) {
            return Err(Error::DateInFuture {
                field: "retired_on",
            });
        }
    }
    store.write_sql(|tx| {
        let current = catalogue::copy_in(tx, copy_id)?;
        match current.status {
            CopyStatus::Ausgeliehen => {
                return Err(Error::CopyOnLoan {
                    card_number: card_of_open_loan(tx, copy_id)?,
                    withdrawing: matches!(change, CopyStatusChange::Ausgeschieden { .. }),
                })
            }
            // The reservation points at it; cancelling the reservation (or
            // lending it) frees it first.
            CopyStatus::Vorgemerkt => return Err(Error::CopySetAside),
            _ => {}
        }
        versions::claim(tx, Versioned::Copy, copy_id, version, by)?;
        tx.run(
            "UPDATE copy SET updated_at = ?2 WHERE id = ?1",
            args![copy_id, timestamp(now)],
        )?;
        match change {
            CopyStatusChange::Verfuegbar => {
                tx.run(
                    "UPDATE copy SET retired_on = NULL, retired_reason = '' WHERE id = ?1",
                    args![copy_id],
                )?;
                reservations::pass_on(tx, copy_id, current.medium_id, None, today)?;
            }
            CopyStatusChange::InReparatur => {
                tx.run(
                    "UPDATE copy SET status = 'in_reparatur', retired_on = NULL,
                                     retired_reason = ''
                     WHERE id = ?1",
                    args![copy_id],
                )?;
            }
            CopyStatusChange::Ausgeschieden { reason, on } => {
                tx.run(
                    "UPDATE copy SET status = 'ausgeschieden', retired_on = ?2, retired_reason = ?3
                     WHERE id = ?1",
                    args![copy_id, on.unwrap_or(today), reason.trim()],
                )?;
            }
        }
        catalogue::copy_in(tx, copy_id)
    })
}

fn card_of_open_loan(sql: &dyn Sql, copy_id: i64) -> Result<Option<String>> {
    value(
        sql,
        "SELECT b.card_number FROM loan AS l JOIN borrower AS b ON b.id = l.borrower_id
         WHERE l.copy_id = ?1 AND l.returned_at IS NULL",
        args![copy_id],
    )
}

/// Who had a copy, as its history may show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "shown", rename_all = "snake_case")]
pub enum HistoryBorrower {
    /// Named: the loan is open, or the borrower agreed to a loan history
    /// and the loan still names them.
    Named {
        /// The borrower's number.
        id: i64,
        /// Their name.
        name: String,
        /// Their Ausweisnummer.
        card_number: String,
    },
    /// The loan still names someone (the retention rules have not yet
    /// removed the link, or something was missing at the return), but they
    /// did not agree to a history: not shown.
    Withheld,
    /// The retention rules removed the link (or the person was erased).
    Anonymised,
}

/// A reminder sent for a loan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryReminder {
    /// 1, 2 or 3.
    pub level: u32,
    /// When it was sent.
    pub sent_on: NaiveDate,
}

/// One loan of a copy's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryLoan {
    /// The loan's number.
    pub id: i64,
    /// When it was lent.
    pub loaned_at: NaiveDateTime,
    /// When it is (or was last) due.
    pub due_on: NaiveDate,
    /// How often it was renewed.
    pub renewals: u32,
    /// The last renewal.
    pub renewed_at: Option<NaiveDateTime>,
    /// When it came back or was declared lost; `None` while open.
    pub returned_at: Option<NaiveDateTime>,
    /// How it ended.
    pub outcome: Option<Outcome>,
    /// Kit parts missing at the return.
    pub missing_parts: String,
    /// Reminders sent, by level.
    pub reminders: Vec<HistoryReminder>,
    /// Who had it, where the privacy rules allow naming them.
    pub borrower: HistoryBorrower,
}

/// A copy's page: the copy, its medium and its loans.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CopyPage {
    /// The copy.
    pub copy: Copy,
    /// Its medium's title.
    pub title: String,
    /// Its Mediengruppe's name.
    pub kind_name: String,
    /// The medium's shelf (where the copy stands when it has none of its own).
    pub medium_location: String,
    /// Its loans, the newest first.
    pub loans: Vec<HistoryLoan>,
}

/// A copy with its loan history (see [`HistoryBorrower`] for whom it names).
///
/// # Errors
/// [`Error::NotFound`].
pub fn copy_page(db: &Db, copy_id: i64) -> Result<CopyPage> {
    copy_page_in(db.conn(), copy_id)
}

/// [`copy_page`] inside a read, on either engine.
///
/// # Errors
/// As [`copy_page`].
pub fn copy_page_in(sql: &dyn Sql, copy_id: i64) -> Result<CopyPage> {
    let copy = catalogue::copy_in(sql, copy_id)?;
    let r = sql
        .row(
            "SELECT m.title, k.name, m.location FROM medium AS m
             JOIN media_kind AS k ON k.id = m.kind_id WHERE m.id = ?1",
            args![copy.medium_id],
        )?
        .ok_or(Error::NotFound {
            what: Record::Medium,
        })?;
    let (title, kind_name, medium_location) = (r.get(0)?, r.get(1)?, r.get(2)?);
    let mut loans = Vec::new();
    for r in sql.rows(
        "SELECT l.id, l.loaned_at, l.due_on, l.renewals, l.renewed_at, l.returned_at,
                l.outcome, l.missing_parts, b.id, b.name, b.card_number,
                CASE WHEN b.id IS NULL THEN NULL
                     WHEN b.history_consent_on IS NULL THEN 0 ELSE 1 END
         FROM loan AS l LEFT JOIN borrower AS b ON b.id = l.borrower_id
         WHERE l.copy_id = ?1 ORDER BY l.loaned_at DESC, l.id DESC",
        args![copy_id],
    )? {
        let returned: Option<String> = r.get(5)?;
        let borrower_id: Option<i64> = r.get(8)?;
        let agreed: Option<bool> = r.get(11)?;
        // An OPEN loan names its borrower even without history consent, on
        // purpose: staff must see who has the copy now, and the desk (the
        // borrower's open loans, the refusal to withdraw) shows it anyway.
        // Once returned, only a borrower who agreed to a loan history is
        // named; the others are withheld until the retention rules unlink
        // them (tests/copies.rs checks both ways).
        let borrower = match (borrower_id, agreed) {
            (None, _) => HistoryBorrower::Anonymised,
            (Some(id), Some(agreed)) if agreed || returned.is_none() => HistoryBorrower::Named {
                id,
                name: r.get(9)?,
                card_number: r.get(10)?,
            },
            (Some(_), _) => HistoryBorrower::Withheld,
        };
        let id: i64 = r.get(0)?;
        loans.push(HistoryLoan {
            id,
            loaned_at: parse_timestamp(&r.get::<String>(1)?)?,
            due_on: r.get(2)?,
            renewals: r.get(3)?,
            renewed_at: r
                .get::<Option<String>>(4)?
                .as_deref()
                .map(parse_timestamp)
                .transpose()?,
            returned_at: returned.as_deref().map(parse_timestamp).transpose()?,
            outcome: r
                .get::<Option<String>>(6)?
                .as_deref()
                .map(Outcome::from_code),
            missing_parts: r.get(7)?,
            reminders: sql
                .rows(
                    "SELECT level, sent_on FROM reminder WHERE loan_id = ?1 ORDER BY level",
                    args![id],
                )?
                .iter()
                .map(|r| {
                    Ok(HistoryReminder {
                        level: r.get(0)?,
                        sent_on: r.get(1)?,
                    })
                })
                .collect::<Result<_>>()?,
            borrower,
        });
    }
    Ok(CopyPage {
        copy,
        title,
        kind_name,
        medium_location,
        loans,
    })
}
