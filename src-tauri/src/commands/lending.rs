//! Theke: checkout, return, renewal, reservations, overdue loans and
//! reminders, and the desk's printouts.

use serde::Serialize;
use tauri::State;

use super::{now, print, print_context, today, with_store, workstation, CommandError};
use crate::delivery::{deliver, Delivered, Delivery};
use crate::state::AppState;
use kiz::db::engine::Engine;
use kiz::documents::{self, slips, DocumentRequest};
use kiz::lending::{
    self, BorrowerAtDesk, CheckoutRequest, LendingSettings, Loan, OverdueFilter, OverdueLoan,
    ReadyReservation, Reservation, ReservationFilter, ReservationList, ReturnReceipt,
    ReturnRequest, Scanned, SentReminder,
};
use kiz::lists::{Page, Paging};

#[tauri::command]
pub async fn desk_scan(state: State<'_, AppState>, code: String) -> Result<Scanned, CommandError> {
    with_store(&state, move |store| {
        store.read_sql(|sql| lending::identify_in(sql, &code))
    })
    .await
}

/// What one scan at the desk did, as the window reads it.
#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DeskAnswer {
    /// A card: the borrower's panel.
    Borrower { panel: Box<BorrowerAtDesk> },
    /// A Medienkoffer to take back: its list is checked first.
    KitToCheck { copy: Box<lending::CopyAtDesk> },
    /// Lent to the selected borrower.
    Lent {
        copy: Box<lending::CopyAtDesk>,
        loan: Loan,
        panel: Option<Box<BorrowerAtDesk>>,
    },
    /// Taken back.
    Returned {
        copy: Box<lending::CopyAtDesk>,
        receipt: Box<ReturnReceipt>,
        panel: Option<Box<BorrowerAtDesk>>,
    },
    /// Renewed.
    Renewed {
        copy: Box<lending::CopyAtDesk>,
        loan: Loan,
        panel: Option<Box<BorrowerAtDesk>>,
    },
    /// A course package's card: what lending it did (or which parts are
    /// missing, with nothing lent).
    Package {
        outcome: lending::PackageOutcome,
        panel: Option<Box<BorrowerAtDesk>>,
    },
    /// A course package that could not be lent: why; nothing changed.
    PackageRefused {
        package: Box<lending::CoursePackage>,
        error: CommandError,
    },
    /// Refused in the desk's mode: why, for the copy's row; nothing changed.
    Refused {
        copy: Box<lending::CopyAtDesk>,
        error: CommandError,
    },
}

/// One scan, recognised and carried out in one step (one round trip per
/// scan): see [`lending::act`].
#[tauri::command]
pub async fn desk_act(
    state: State<'_, AppState>,
    request: lending::DeskRequest,
) -> Result<DeskAnswer, CommandError> {
    let outcome = with_store(&state, move |db| lending::act(db, &request, now())).await?;
    Ok(match outcome {
        lending::DeskOutcome::Borrower(panel) => DeskAnswer::Borrower { panel },
        lending::DeskOutcome::KitToCheck(copy) => DeskAnswer::KitToCheck { copy },
        lending::DeskOutcome::Package {
            package,
            done,
            panel,
        } => match done {
            Ok(outcome) => DeskAnswer::Package { outcome, panel },
            Err(error) => DeskAnswer::PackageRefused {
                package,
                error: CommandError::from(error),
            },
        },
        lending::DeskOutcome::Copy { copy, done, panel } => match done {
            Ok(lending::Done::Lent(loan)) => DeskAnswer::Lent { copy, loan, panel },
            Ok(lending::Done::Returned(receipt)) => DeskAnswer::Returned {
                copy,
                receipt,
                panel,
            },
            Ok(lending::Done::Renewed(loan)) => DeskAnswer::Renewed { copy, loan, panel },
            Err(error) => DeskAnswer::Refused {
                copy,
                error: CommandError::from(error),
            },
        },
    })
}

#[tauri::command]
pub async fn borrower_at_desk(
    state: State<'_, AppState>,
    borrower_id: i64,
) -> Result<BorrowerAtDesk, CommandError> {
    with_store(&state, move |store| {
        store.read_sql(|sql| lending::borrower_at_desk_in(sql, borrower_id, today()))
    })
    .await
}

/// Media on the shelf that fit what the borrower teaches (issue 23): read
/// when the desk shows a borrower, apart from the scan's own answer.
#[tauri::command]
pub async fn borrower_suggestions(
    state: State<'_, AppState>,
    borrower_id: i64,
) -> Result<lending::Suggestions, CommandError> {
    with_store(&state, move |store| {
        store.read_sql(|sql| lending::suggestions_in(sql, borrower_id))
    })
    .await
}

/// Every course package, with how many copies of each part are on the
/// shelf.
#[tauri::command]
pub async fn course_packages(
    state: State<'_, AppState>,
) -> Result<Vec<lending::CoursePackage>, CommandError> {
    with_store(&state, move |store| store.read_sql(lending::packages_in)).await
}

/// Creates (`id` absent) or changes a course package.
#[tauri::command]
pub async fn save_course_package(
    state: State<'_, AppState>,
    id: Option<i64>,
    input: lending::PackageInput,
) -> Result<lending::CoursePackage, CommandError> {
    with_store(&state, move |store| {
        lending::save_package(store, id, &input, now())
    })
    .await
}

#[tauri::command]
pub async fn delete_course_package(
    state: State<'_, AppState>,
    id: i64,
) -> Result<(), CommandError> {
    with_store(&state, move |store| lending::delete_package(store, id)).await
}

/// Lends a course package as staff chose after the desk said what is
/// missing (the scan itself goes through [`desk_act`]).
#[tauri::command]
pub async fn lend_package(
    state: State<'_, AppState>,
    request: lending::PackageCheckout,
) -> Result<lending::PackageOutcome, CommandError> {
    with_store(&state, move |store| {
        lending::lend_package(store, &request, now())
    })
    .await
}

/// The media reserved for a workshop, with what competes for them.
#[tauri::command]
pub async fn workshop_material(
    state: State<'_, AppState>,
    workshop_id: i64,
) -> Result<Vec<lending::Material>, CommandError> {
    with_store(&state, move |store| {
        store.read_sql(|sql| lending::material_of_workshop_in(sql, workshop_id))
    })
    .await
}

/// The workshops a medium is reserved for (its page in the Mediathek).
#[tauri::command]
pub async fn medium_material(
    state: State<'_, AppState>,
    medium_id: i64,
) -> Result<Vec<lending::Material>, CommandError> {
    with_store(&state, move |store| {
        store.read_sql(|sql| lending::material_for_medium_in(sql, medium_id, today()))
    })
    .await
}

/// Reserves copies of a medium for a workshop (or changes how many).
#[tauri::command]
pub async fn reserve_workshop_material(
    state: State<'_, AppState>,
    input: lending::MaterialInput,
) -> Result<Vec<lending::Material>, CommandError> {
    with_store(&state, move |store| {
        lending::reserve_material(store, &input, now())
    })
    .await
}

#[tauri::command]
pub async fn remove_workshop_material(
    state: State<'_, AppState>,
    id: i64,
) -> Result<(), CommandError> {
    with_store(&state, move |store| lending::remove_material(store, id)).await
}

/// Lends a workshop's reserved material to its host organisation.
#[tauri::command]
pub async fn lend_workshop_material(
    state: State<'_, AppState>,
    id: i64,
    organisation_id: i64,
) -> Result<lending::ClassSetLent, CommandError> {
    with_store(&state, move |store| {
        lending::lend_material(store, id, organisation_id, now())
            .map(|(set, loans)| lending::ClassSetLent { set, loans })
    })
    .await
}

/// Lends a class set: `count` copies of the scanned copy's medium.
#[tauri::command]
pub async fn lend_class_set(
    state: State<'_, AppState>,
    request: lending::ClassSetCheckout,
) -> Result<lending::ClassSetLent, CommandError> {
    with_store(&state, move |store| {
        lending::lend_class_set(store, &request, now())
    })
    .await
}

#[tauri::command]
pub async fn checkout(
    state: State<'_, AppState>,
    request: CheckoutRequest,
) -> Result<Loan, CommandError> {
    with_store(&state, move |db| lending::checkout(db, &request, now())).await
}

#[tauri::command]
pub async fn checkin(
    state: State<'_, AppState>,
    request: ReturnRequest,
) -> Result<ReturnReceipt, CommandError> {
    with_store(&state, move |db| lending::checkin(db, &request, now())).await
}

#[tauri::command]
pub async fn renew(state: State<'_, AppState>, barcode: String) -> Result<Loan, CommandError> {
    with_store(&state, move |db| lending::renew(db, &barcode, now())).await
}

#[tauri::command]
pub async fn mark_lost(state: State<'_, AppState>, loan_id: i64) -> Result<Loan, CommandError> {
    with_store(&state, move |db| lending::mark_lost(db, loan_id, now())).await
}

#[tauri::command]
pub async fn reserve(
    state: State<'_, AppState>,
    medium_id: i64,
    borrower_id: i64,
) -> Result<Reservation, CommandError> {
    with_store(&state, move |db| {
        lending::reserve(db, medium_id, borrower_id, now())
    })
    .await
}

#[tauri::command]
pub async fn cancel_reservation(
    state: State<'_, AppState>,
    id: i64,
) -> Result<Option<ReadyReservation>, CommandError> {
    with_store(&state, move |db| lending::cancel_reservation(db, id, now())).await
}

/// The reservation list; expired pickups are ended first, so the list is
/// never stale.
#[tauri::command]
pub async fn list_reservations(
    state: State<'_, AppState>,
    filter: ReservationFilter,
) -> Result<ReservationList, CommandError> {
    with_store(&state, move |store| {
        lending::reservation_list(store, &filter, now())
    })
    .await
}

#[tauri::command]
pub async fn overdue_loans(
    state: State<'_, AppState>,
    filter: OverdueFilter,
) -> Result<Vec<OverdueLoan>, CommandError> {
    with_store(&state, move |store| {
        store.read_sql(|sql| lending::overdue_loans_in(sql, today(), &filter))
    })
    .await
}

/// A page of the overdue list in `sort` (`None`: the sort kept for the list).
#[tauri::command]
pub async fn overdue_page(
    state: State<'_, AppState>,
    filter: OverdueFilter,
    sort: Option<String>,
    paging: Paging,
) -> Result<Page<OverdueLoan>, CommandError> {
    with_store(&state, move |store| {
        store.read_sql(|sql| {
            lending::overdue_page_in(sql, today(), &filter, sort.as_deref(), paging)
        })
    })
    .await
}

/// A recorded reminder: the letter as delivered, and the e-mail draft when
/// the borrower has an address.
#[derive(Debug, Serialize)]
pub struct ReminderSent {
    pub level: u8,
    pub items: usize,
    pub delivered: Delivered,
    /// Whether the reminder may go out by e-mail too.
    pub email: kiz::people::EmailReminders,
    /// The draft, only when e-mail is allowed.
    pub mail: Option<slips::MailDraft>,
}

#[tauri::command]
pub async fn send_reminder(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    borrower_id: i64,
    delivery: Delivery,
) -> Result<ReminderSent, CommandError> {
    let reminder = with_store(&state, move |store| {
        documents::remind(store, borrower_id, &print_context())
    })
    .await?;
    let delivered = deliver(&app, state.data_dir(), reminder.letter, delivery).await?;
    Ok(ReminderSent {
        level: reminder.level,
        items: reminder.items,
        delivered,
        email: reminder.email,
        mail: reminder.mail,
    })
}

/// The reminder letters sent to a borrower, the latest first.
#[tauri::command]
pub async fn sent_reminders(
    state: State<'_, AppState>,
    borrower_id: i64,
) -> Result<Vec<SentReminder>, CommandError> {
    with_store(&state, move |store| {
        store.read_sql(|sql| lending::sent_reminders_of(sql, borrower_id))
    })
    .await
}

/// A reminder letter sent before, printed again as a Zweitschrift.
#[tauri::command]
pub async fn print_reminder_copy(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    borrower_id: i64,
    sent_on: chrono::NaiveDate,
    delivery: Delivery,
) -> Result<Delivered, CommandError> {
    let request = DocumentRequest::ReminderCopy {
        borrower_id,
        sent_on,
    };
    print(&app, &state, request, delivery).await
}

/// Opens the user's mail program with a prepared message.
#[tauri::command]
pub async fn open_mail(draft: slips::MailDraft) -> Result<(), CommandError> {
    let url = draft.mailto_url();
    tauri_plugin_opener::open_url(url, None::<&str>).map_err(|error| {
        log::warn!("no mail program opened: {error}");
        CommandError::no_mail_program()
    })
}

#[tauri::command]
pub async fn print_loan_slip(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    borrower_id: i64,
    loan_ids: Vec<i64>,
    delivery: Delivery,
) -> Result<Delivered, CommandError> {
    let request = DocumentRequest::LoanSlip {
        borrower_id,
        loan_ids,
    };
    print(&app, &state, request, delivery).await
}

#[tauri::command]
pub async fn print_return_receipt(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    borrower_id: i64,
    loan_ids: Vec<i64>,
    delivery: Delivery,
) -> Result<Delivered, CommandError> {
    let request = DocumentRequest::ReturnReceipt {
        borrower_id,
        loan_ids,
    };
    print(&app, &state, request, delivery).await
}

#[tauri::command]
pub async fn get_lending_settings(
    state: State<'_, AppState>,
) -> Result<LendingSettings, CommandError> {
    with_store(&state, |store| store.read_sql(lending::lending_settings_in)).await
}

#[tauri::command]
pub async fn save_lending_settings(
    state: State<'_, AppState>,
    settings: LendingSettings,
) -> Result<LendingSettings, CommandError> {
    with_store(&state, move |store| {
        lending::save_lending_settings(store, &settings, workstation(), now())
    })
    .await
}
