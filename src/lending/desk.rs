//! What the desk shows: a scanned code recognised as a borrower's card or a
//! copy, and the borrower panel with loans and reservations.

use chrono::NaiveDate;
use serde::Serialize;

use super::{
    open_loan_of_copy, open_loans, reservations, rules, Loan, Reservation, ReservationFilter,
};
use crate::catalogue::{self, Copy, KitItem};
use crate::people::{self, Borrower};
use crate::{Db, Error, Result};

/// A copy as the desk sees it after a scan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CopyAtDesk {
    /// The copy.
    pub copy: Copy,
    /// Its medium's title.
    pub title: String,
    /// Its Mediengruppe's name.
    pub kind_name: String,
    /// A Medienkoffer's contents (the checklist); empty for other media.
    pub kit_items: Vec<KitItem>,
    /// The open loan, when the copy is out.
    pub loan: Option<Loan>,
}

/// What a scanned or typed code is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Scanned {
    /// An Ausweisnummer.
    Borrower {
        /// The borrower whose card it is.
        borrower: Box<Borrower>,
    },
    /// An Inventarnummer.
    Copy {
        /// The copy with that number.
        copy: Box<CopyAtDesk>,
    },
}

/// Recognises a scanned code: an Ausweisnummer or an Inventarnummer (as
/// printed, or typed in lower case).
///
/// # Errors
/// [`Error::UnknownCode`] when it is neither.
pub fn identify(db: &Db, code: &str) -> Result<Scanned> {
    let code = code.trim();
    if code.is_empty() {
        return Err(Error::Required { field: "code" });
    }
    let upper = code.to_uppercase();
    for candidate in [code, upper.as_str()] {
        match people::borrower_by_card(db, candidate) {
            Ok(borrower) => {
                return Ok(Scanned::Borrower {
                    borrower: Box::new(borrower),
                })
            }
            Err(Error::NotFound { .. }) => {}
            Err(e) => return Err(e),
        }
        match catalogue::copy_by_barcode(db, candidate) {
            Ok(copy) => {
                let medium = catalogue::medium_summary(db, copy.medium_id)?;
                let loan = open_loan_of_copy(db.conn(), copy.id)?;
                return Ok(Scanned::Copy {
                    copy: Box::new(CopyAtDesk {
                        copy,
                        title: medium.0,
                        kind_name: medium.1,
                        kit_items: medium.2,
                        loan,
                    }),
                });
            }
            Err(Error::NotFound { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    Err(Error::UnknownCode {
        code: code.to_owned(),
    })
}

/// What the desk's borrower panel shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BorrowerAtDesk {
    /// The borrower.
    pub borrower: Borrower,
    /// Open loans, the earliest due first.
    pub loans: Vec<Loan>,
    /// How many of them are overdue on the given day.
    pub overdue: u32,
    /// The borrower kind's limit.
    pub limit: u32,
    /// Reservations waiting or ready for pickup.
    pub reservations: Vec<Reservation>,
    /// The day "overdue" was judged on.
    pub today: NaiveDate,
}

/// The borrower panel at the desk.
///
/// # Errors
/// [`Error::NotFound`].
pub fn borrower_at_desk(db: &Db, borrower_id: i64, today: NaiveDate) -> Result<BorrowerAtDesk> {
    let borrower = people::borrower(db, borrower_id)?;
    let loans = open_loans(db, borrower_id)?;
    let overdue = loans.iter().filter(|l| l.due_on < today).count() as u32;
    let limit = rules::limit_for(db.conn(), borrower.kind)?;
    let reservations = reservations::reservations(
        db,
        &ReservationFilter {
            borrower_id: Some(borrower_id),
            ..ReservationFilter::default()
        },
    )?;
    Ok(BorrowerAtDesk {
        borrower,
        loans,
        overdue,
        limit,
        reservations,
        today,
    })
}
