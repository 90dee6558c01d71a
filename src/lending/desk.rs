//! What the desk shows: a scanned code recognised as a borrower's card or a
//! copy, the borrower panel with loans and reservations, and one scan
//! carried out in one step ([`act`]).

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::{
    checkin, checkout, lend_package, open_loan_of_copy, open_loans_in, package_by_code_in, renew,
    reservations, rules, CheckoutRequest, CoursePackage, Loan, PackageCheckout, PackageOutcome,
    Reservation, ReservationFilter, ReturnReceipt, ReturnRequest, SetKind, WhenMissing,
};
use crate::catalogue::{self, Copy, KitItem};
use crate::db::engine::{Engine, Sql};
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
    /// A course package's card.
    Package {
        /// The package with that code.
        package: Box<CoursePackage>,
    },
}

/// Recognises a scanned code: an Ausweisnummer or an Inventarnummer (as
/// printed, or typed in lower case).
///
/// # Errors
/// [`Error::UnknownCode`] when it is neither.
pub fn identify(db: &Db, code: &str) -> Result<Scanned> {
    identify_in(db.conn(), code)
}

/// [`identify`] on either engine.
///
/// # Errors
/// As [`identify`].
pub fn identify_in(sql: &dyn Sql, code: &str) -> Result<Scanned> {
    let code = code.trim();
    if code.is_empty() {
        return Err(Error::Required { field: "code" });
    }
    let upper = code.to_uppercase();
    for candidate in [code, upper.as_str()] {
        match people::borrower_by_card_in(sql, candidate) {
            Ok(borrower) => {
                return Ok(Scanned::Borrower {
                    borrower: Box::new(borrower),
                })
            }
            Err(Error::NotFound { .. }) => {}
            Err(e) => return Err(e),
        }
        match catalogue::copy_by_barcode_in(sql, candidate) {
            Ok(copy) => {
                let medium = catalogue::medium_summary(sql, copy.medium_id)?;
                let loan = open_loan_of_copy(sql, copy.id)?;
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
    // A package's code after the cards and copies: their numbers are the
    // ones a scan meets most.
    if let Some(package) = package_by_code_in(sql, code)? {
        return Ok(Scanned::Package {
            package: Box::new(package),
        });
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
    /// The open loans as the limit counts them (a class set as one).
    pub counted: u32,
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
    borrower_at_desk_in(db.conn(), borrower_id, today)
}

/// [`borrower_at_desk`] on either engine.
///
/// # Errors
/// [`Error::NotFound`]; a failure of the engine.
pub fn borrower_at_desk_in(
    sql: &dyn Sql,
    borrower_id: i64,
    today: NaiveDate,
) -> Result<BorrowerAtDesk> {
    let borrower = people::borrower_in(sql, borrower_id)?;
    let loans = open_loans_in(sql, borrower_id)?;
    let overdue = loans.iter().filter(|l| l.due_on < today).count() as u32;
    let mut class_sets: Vec<i64> = loans
        .iter()
        .filter(|l| l.set_kind.is_some_and(SetKind::counted_as_one))
        .filter_map(|l| l.set_id)
        .collect();
    class_sets.sort_unstable();
    class_sets.dedup();
    let in_sets = loans
        .iter()
        .filter(|l| l.set_kind.is_some_and(SetKind::counted_as_one))
        .count();
    let counted = (loans.len() - in_sets + class_sets.len()) as u32;
    let limit = rules::limit_for(sql, borrower.kind)?;
    let reservations = reservations::reservations_in(
        sql,
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
        counted,
        reservations,
        today,
    })
}

/// What the desk is set to do with a scanned copy (F2, F3, F4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeskMode {
    /// Lend to the selected borrower (returns when nobody is selected).
    Checkout,
    /// Take back.
    Return,
    /// Renew, whoever has it.
    Renew,
}

/// One scan at the desk.
#[derive(Debug, Clone, Deserialize)]
pub struct DeskRequest {
    /// The scanned or typed code.
    pub code: String,
    /// What the desk is set to.
    pub mode: DeskMode,
    /// The borrower whose session is open, if any.
    pub borrower_id: Option<i64>,
    /// The course end staff picked for this borrower's loans, if any.
    #[serde(default)]
    pub course_end: Option<NaiveDate>,
}

/// What was done with a scanned copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Done {
    /// Lent to the selected borrower.
    Lent(Loan),
    /// Taken back.
    Returned(Box<ReturnReceipt>),
    /// Renewed.
    Renewed(Loan),
}

/// What one scan did.
// Made once per scan and handed on at once: the size of the refusal in the
// copy's variant costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum DeskOutcome {
    /// A borrower's card: the borrower's panel.
    Borrower(Box<BorrowerAtDesk>),
    /// A Medienkoffer that is out: its contents list is checked with staff
    /// before it is taken back (then with [`checkin`]).
    KitToCheck(Box<CopyAtDesk>),
    /// A course package's card, what lending it did (or why it refused,
    /// or which parts are missing: nothing was lent then), and the
    /// borrower's panel after it (when something was lent).
    Package {
        /// The package as scanned.
        package: Box<CoursePackage>,
        /// What lending the package did, or the refusal.
        done: Result<PackageOutcome>,
        /// The borrower's panel after the loans.
        panel: Option<Box<BorrowerAtDesk>>,
    },
    /// A copy, what the desk's mode did with it or why it refused, and the
    /// selected borrower's panel after it (when something was done).
    Copy {
        /// The copy as it was scanned.
        copy: Box<CopyAtDesk>,
        /// What was done, or the refusal (nothing changed then).
        done: Result<Done>,
        /// The selected borrower's panel after the change (`None` without
        /// a borrower, after a refusal, or when it could not be read).
        panel: Option<Box<BorrowerAtDesk>>,
    },
}

/// Carries out one scan in one step, so that the desk needs one round trip
/// per scan: a card selects its borrower (with the panel); a copy is renewed
/// in [`DeskMode::Renew`], taken back in [`DeskMode::Return`] or when nobody
/// is selected, and otherwise lent to the selected borrower, each by the
/// same rules as [`renew`], [`checkin`] and [`checkout`]. A refusal of the
/// copy comes back with the copy, for the desk's row; nothing is changed
/// then.
///
/// On either engine: the code is recognised in one read, the change is
/// one write transaction of its own rule, and the panel is read after it.
///
/// # Errors
/// [`Error::UnknownCode`] and [`Error::Required`] for a code that is no
/// card and no copy; storage errors.
pub fn act(
    store: &mut impl Engine,
    request: &DeskRequest,
    now: NaiveDateTime,
) -> Result<DeskOutcome> {
    let today = now.date();
    // A card's panel is read in the same read as the card.
    enum Read {
        Card(Box<BorrowerAtDesk>),
        Copy(Box<CopyAtDesk>),
        Package(Box<CoursePackage>),
    }
    let read = store.read_sql(|sql| {
        Ok(match identify_in(sql, &request.code)? {
            Scanned::Borrower { borrower } => {
                Read::Card(Box::new(borrower_at_desk_in(sql, borrower.id, today)?))
            }
            Scanned::Copy { copy } => Read::Copy(copy),
            Scanned::Package { package } => Read::Package(package),
        })
    })?;
    let copy = match read {
        Read::Card(panel) => return Ok(DeskOutcome::Borrower(panel)),
        Read::Copy(copy) => copy,
        Read::Package(package) => {
            let Some(borrower_id) = request
                .borrower_id
                .filter(|_| request.mode == DeskMode::Checkout)
            else {
                return Err(Error::PackageNeedsBorrower);
            };
            let checkout = PackageCheckout {
                borrower_id,
                package_id: package.id,
                when_missing: WhenMissing::Ask,
                override_reason: None,
                course_end: request.course_end,
            };
            let done = lend_package(store, &checkout, now);
            let panel = match &done {
                Ok(PackageOutcome::Lent { .. }) => store
                    .read_sql(|sql| borrower_at_desk_in(sql, borrower_id, today))
                    .ok()
                    .map(Box::new),
                _ => None,
            };
            return Ok(DeskOutcome::Package {
                package,
                done,
                panel,
            });
        }
    };
    let barcode = copy.copy.barcode.clone();
    let done = match (request.mode, request.borrower_id) {
        (DeskMode::Renew, _) => renew(store, &barcode, now).map(Done::Renewed),
        (DeskMode::Return, _) | (DeskMode::Checkout, None) => {
            if !copy.kit_items.is_empty() && copy.loan.is_some() {
                return Ok(DeskOutcome::KitToCheck(copy));
            }
            let request = ReturnRequest {
                barcode,
                missing_parts: Vec::new(),
            };
            checkin(store, &request, now).map(|r| Done::Returned(Box::new(r)))
        }
        (DeskMode::Checkout, Some(borrower_id)) => {
            let request = CheckoutRequest {
                borrower_id,
                barcode,
                override_reason: None,
                course_end: request.course_end,
            };
            checkout(store, &request, now).map(Done::Lent)
        }
    };
    // What was done stays done: a panel that cannot be read now is read
    // again by the desk, never reported as the scan's failure.
    let panel = match (request.borrower_id, &done) {
        (Some(id), Ok(_)) => store
            .read_sql(|sql| borrower_at_desk_in(sql, id, today))
            .ok()
            .map(Box::new),
        _ => None,
    };
    Ok(DeskOutcome::Copy { copy, done, panel })
}
