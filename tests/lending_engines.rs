//! The Mediathek on both engines: lending, reservations, reminders, the
//! desk's scans, Ausleihende and cataloguing. The same rules, written once
//! above `kiz::db::engine`, run on the file (SQLite) and on the shared
//! database (PostgreSQL) from the same data, and the races of several desks
//! on the server.
//!
//! Each scenario is a generic function run once per engine: the file as
//! the fixture built it, and a new server database the fixture was moved
//! onto (`test_cluster::Cluster::moved`).

mod common;
mod test_cluster;

use std::sync::{Arc, Barrier};
use std::time::Duration;

use chrono::{Days, NaiveDate, NaiveDateTime};
use common::{at, at_ten, borrower, day, media_kind, test_db};
use kiz::catalogue::{
    self, CatalogueStore, CopyEdit, CopyInput, KitItem, Level, MediaQuery, MediumInput,
};
use kiz::db::engine::{scalar, Engine, Value};
use kiz::db::server::{Changes, Server, ServerSettings};
use kiz::db::LATEST_VERSION;
use kiz::documents::{self, DocumentRequest};
use kiz::lending::{
    self, CheckoutRequest, DeskMode, DeskOutcome, DeskRequest, Done, ReservationFilter,
    ReservationStatus, ReturnRequest,
};
use kiz::people::{self, BorrowerInput, BorrowerKind, Consent, PostalAddress};
use kiz::privacy;
use kiz::store::Store;
use kiz::{Db, Error};
use test_cluster::cluster;

/// Thursday 12 November 2026.
fn thursday() -> NaiveDate {
    day(2026, 11, 12)
}

/// What the fixture made, the same on both engines.
#[derive(Clone, Copy)]
struct Ids {
    ayse: i64,
    nikolai: i64,
    /// The due date a book lent to a Hauptamtliche on [`thursday`] gets.
    due: NaiveDate,
}

/// The shelf: "Linie 1 A2" (copies E-1, E-2), "Schritte plus Neu 2" (E-3,
/// lent to Ayşe on 2 November, with Nikolai waiting for it), and
/// "Wortschatz Beruf" (W-01 … W-20) for the races.
fn file() -> (Db, Ids) {
    let mut db = test_db();
    let book = media_kind(&db, "buch");
    let medium = |db: &mut Db, title: &str, barcodes: &[String]| {
        let m = catalogue::create_medium(
            db,
            &MediumInput {
                kind_id: book,
                title: title.into(),
                ..MediumInput::default()
            },
            at_ten(2026, 1, 5),
        )
        .expect("a medium");
        for barcode in barcodes {
            catalogue::add_copy(
                db,
                m.id,
                &CopyInput {
                    barcode: barcode.clone(),
                    ..CopyInput::default()
                },
                at_ten(2026, 1, 5),
            )
            .expect("a copy");
        }
        m.id
    };
    medium(&mut db, "Linie 1 A2", &["E-1".into(), "E-2".into()]);
    let schritte = medium(&mut db, "Schritte plus Neu 2", &["E-3".into()]);
    let shelf: Vec<String> = (1..=20).map(|i| format!("W-{i:02}")).collect();
    medium(&mut db, "Wortschatz Beruf", &shelf);
    let ayse = borrower(&mut db, "Ayşe Yılmaz", BorrowerKind::Hauptamtlich);
    let nikolai = borrower(&mut db, "Николай Петров", BorrowerKind::Ehrenamtlich);
    for i in 1..=4 {
        borrower(&mut db, &format!("Desk {i}"), BorrowerKind::Hauptamtlich);
    }
    lending::checkout(
        &mut db,
        &CheckoutRequest {
            borrower_id: ayse,
            barcode: "E-3".into(),
            override_reason: None,
            course_end: None,
        },
        at_ten(2026, 11, 2),
    )
    .expect("E-3 lent");
    lending::reserve(&mut db, schritte, nikolai, at_ten(2026, 11, 3)).expect("reserved");
    let due = lending::due_date_for(&db, book, BorrowerKind::Hauptamtlich, thursday())
        .expect("a due date");
    (db, Ids { ayse, nikolai, due })
}

fn connect(settings: &ServerSettings) -> Server {
    Server::connect(settings, &cluster().password).expect("connects")
}

fn lend(
    store: &mut impl Engine,
    borrower_id: i64,
    barcode: &str,
    now: NaiveDateTime,
) -> kiz::Result<lending::Loan> {
    lending::checkout(
        store,
        &CheckoutRequest {
            borrower_id,
            barcode: barcode.into(),
            override_reason: None,
            course_end: None,
        },
        now,
    )
}

fn give_back(
    store: &mut impl Engine,
    barcode: &str,
    now: NaiveDateTime,
) -> kiz::Result<lending::ReturnReceipt> {
    lending::checkin(
        store,
        &ReturnRequest {
            barcode: barcode.into(),
            missing_parts: vec![],
        },
        now,
    )
}

fn copy_status(store: &mut impl Engine, barcode: &str) -> String {
    store
        .read_sql(|sql| {
            scalar(
                sql,
                "SELECT status FROM copy WHERE barcode = ?1",
                &[Value::from(barcode)],
            )
        })
        .expect("the copy's status")
}

fn count(store: &mut impl Engine, text: &str) -> i64 {
    store
        .read_sql(|sql| scalar(sql, text, &[]))
        .expect("counted")
}

/// Lending, the refusals, a renewal and returns, with a reservation
/// passed on: what the desk does all day.
fn a_day_at_the_desk(store: &mut impl Engine, ids: Ids) {
    let ten = at(thursday(), 10, 0);
    let loan = lend(store, ids.ayse, " E-1 ", ten).expect("lent");
    assert_eq!(
        (
            loan.barcode.as_str(),
            loan.borrower_id,
            loan.due_on,
            loan.renewals
        ),
        ("E-1", Some(ids.ayse), ids.due, 0)
    );
    assert_eq!(loan.title, "Linie 1 A2");
    assert_eq!(copy_status(store, "E-1"), "ausgeliehen");

    // The same copy again, for someone else: its due date and the other
    // copy on the shelf are named; nothing is stored.
    match lend(store, ids.nikolai, "E-1", ten) {
        Err(Error::CopyAlreadyOnLoan {
            barcode,
            due_on,
            to_this_borrower,
            on_shelf,
        }) => {
            assert_eq!(barcode, "E-1");
            assert_eq!(due_on, Some(ids.due));
            assert!(!to_this_borrower);
            assert_eq!(on_shelf.as_deref(), Some("E-2"));
        }
        other => panic!("expected CopyAlreadyOnLoan, got {other:?}"),
    }
    assert!(matches!(
        lend(store, ids.ayse, "X-404", ten),
        Err(Error::UnknownBarcode { barcode }) if barcode == "X-404"
    ));
    assert!(matches!(
        lend(store, ids.ayse, "  ", ten),
        Err(Error::Required { field: "barcode" })
    ));
    assert!(matches!(
        lend(store, 999_999, "E-2", ten),
        Err(Error::NotFound { .. })
    ));
    assert_eq!(
        count(store, "SELECT count(*) FROM loan WHERE returned_at IS NULL"),
        2
    );

    // Renewing on the day of the loan gains nothing; three weeks later it
    // counts from that day.
    assert!(matches!(
        lending::renew(store, "E-1", ten),
        Err(Error::RenewalNotNeeded { due_on }) if due_on == ids.due
    ));
    let later = ten + Days::new(21);
    let renewed = lending::renew(store, "E-1", later).expect("renewed");
    assert_eq!(renewed.renewals, 1);
    assert!(renewed.due_on > ids.due, "{:?}", renewed.due_on);
    assert_eq!(count(store, "SELECT count(*) FROM loan_renewal"), 1);

    // E-3 comes back and is set aside for Nikolai, who waits for it: Ayşe
    // cannot take it again, Nikolai can.
    let receipt = give_back(store, "E-3", ten).expect("returned");
    assert_eq!(receipt.borrower_name.as_deref(), Some("Ayşe Yılmaz"));
    assert_eq!(receipt.days_overdue, 0);
    let ready = receipt.reserved_for.expect("set aside for the reservation");
    assert_eq!(ready.borrower_id, Some(ids.nikolai));
    assert_eq!(ready.barcode, "E-3");
    assert_eq!(copy_status(store, "E-3"), "vorgemerkt");
    assert!(matches!(
        lend(store, ids.ayse, "E-3", ten),
        Err(Error::CopyReservedForOther { .. })
    ));
    lend(store, ids.nikolai, "E-3", ten).expect("picked up");
    assert_eq!(
        count(
            store,
            "SELECT count(*) FROM reservation WHERE status = 'abgeholt'"
        ),
        1
    );

    // The return ends the loan's link to the borrower (no history agreed).
    let receipt = give_back(store, "E-1", later + Days::new(1)).expect("returned");
    assert_eq!(receipt.borrower_id, Some(ids.ayse));
    assert_eq!(receipt.loan.borrower_id, None);
    assert!(receipt.loan.returned_at.is_some());
    assert_eq!(copy_status(store, "E-1"), "verfuegbar");
    assert!(matches!(
        give_back(store, "E-1", later),
        Err(Error::CopyNotOnLoan { .. })
    ));

    // A copy that does not come back is recorded as lost, once.
    let loan = lend(store, ids.ayse, "E-2", later).expect("lent");
    let lost = lending::mark_lost(store, loan.id, later + Days::new(60)).expect("lost");
    assert_eq!(lost.outcome, Some(lending::Outcome::Verloren));
    assert_eq!(copy_status(store, "E-2"), "verloren");
    assert!(matches!(
        lending::mark_lost(store, loan.id, later + Days::new(61)),
        Err(Error::LoanClosed)
    ));
}

#[test]
fn a_day_at_the_desk_goes_the_same_on_the_file() {
    let (mut file, ids) = file();
    a_day_at_the_desk(&mut file, ids);
}

#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn a_day_at_the_desk_goes_the_same_on_the_server() {
    let (file, ids) = file();
    let (mut server, _) = cluster().moved(&file, "kiz_t_lending_day");
    a_day_at_the_desk(&mut server, ids);
}

/// The store the app hands the core for one command (the file or the
/// server) runs the same day at the desk as the engine itself; on the
/// server it refuses the areas that work on the file only, and names the
/// schema version of either.
#[test]
fn the_apps_store_runs_the_desk_on_the_file() {
    let (mut file, ids) = file();
    let mut store = Store::File(&mut file);
    assert_eq!(store.schema_version().expect("version"), LATEST_VERSION);
    assert!(store.file().is_ok(), "the file's own areas run on the file");
    a_day_at_the_desk(&mut store, ids);
}

#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn the_apps_store_runs_the_desk_on_the_server_and_refuses_the_file_only_areas() {
    let (file, ids) = file();
    let (mut server, _) = cluster().moved(&file, "kiz_t_lending_store");
    let mut store = Store::Server(&mut server);
    assert_eq!(store.schema_version().expect("version"), LATEST_VERSION);
    assert!(matches!(store.file(), Err(Error::FileOnly)));
    a_day_at_the_desk(&mut store, ids);
}

fn id_of(store: &mut impl Engine, sql: &str, name: &str) -> i64 {
    store
        .read_sql(|q| scalar(q, sql, &[Value::from(name)]))
        .expect("an id")
}

/// What a checkout reads of the rules in one statement each (the calendar
/// with its closing periods; the limit with the loan period), and the
/// renewal's own reads: a new Mediengruppe with no rule of its own lends
/// for the default period; a due date on a weekend and then in a closing
/// period moves past both; the borrower kind's limit refuses the next
/// loan; a renewal follows the same calendar. Returns the due dates.
fn the_rules_at_checkout(store: &mut impl Engine) -> Vec<NaiveDate> {
    let kind = catalogue::add_media_kind(store, "Brettspiel").expect("a new Mediengruppe");
    let medium = catalogue::create_medium(
        store,
        &MediumInput {
            kind_id: kind.id,
            title: "Stadt, Land, Beruf".into(),
            ..MediumInput::default()
        },
        at_ten(2026, 1, 5),
    )
    .expect("a medium");
    for barcode in ["G-1", "G-2"] {
        catalogue::add_copy(
            store,
            medium.id,
            &CopyInput {
                barcode: barcode.into(),
                ..CopyInput::default()
            },
            at_ten(2026, 1, 5),
        )
        .expect("a copy");
    }
    store
        .write_sql(|tx| {
            tx.run(
                "INSERT INTO app_setting (key, value) VALUES ('default_loan_days', '10')
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                &[],
            )?;
            tx.run(
                "INSERT INTO loan_limit (borrower_kind, max_items) VALUES ('ehrenamtlich', 1)
                 ON CONFLICT (borrower_kind) DO UPDATE SET max_items = excluded.max_items",
                &[],
            )?;
            tx.run(
                "INSERT INTO closing_period (first_day, last_day, reason)
                 VALUES (?1, ?2, 'Fortbildung')",
                &[
                    Value::from(day(2026, 11, 23)),
                    Value::from(day(2026, 11, 24)),
                ],
            )
        })
        .expect("rules set");
    let nikolai = id_of(
        store,
        "SELECT id FROM borrower WHERE name = ?1",
        "Николай Петров",
    );
    // Thursday 12 November + 10 days is Sunday 22 November (weekends are
    // closed); Monday 23 and Tuesday 24 are the closing period.
    let loan = lend(store, nikolai, "G-1", at(thursday(), 10, 0)).expect("lent");
    assert_eq!(
        loan.due_on,
        day(2026, 11, 25),
        "past the weekend and the closing"
    );
    let refused = lend(store, nikolai, "G-2", at(thursday(), 10, 5)).expect_err("the limit");
    assert!(
        matches!(refused, Error::LoanLimitReached { limit: 1 }),
        "{refused:?}"
    );
    // Renewed on Friday 20 November: 10 days is Monday 30 November.
    let renewed = lending::renew(store, "G-1", at(day(2026, 11, 20), 9, 0)).expect("renewed");
    assert_eq!(renewed.due_on, day(2026, 11, 30));
    vec![loan.due_on, renewed.due_on]
}

#[test]
fn the_rules_at_checkout_hold_on_the_file() {
    let (mut file, _) = file();
    the_rules_at_checkout(&mut file);
}

#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn the_rules_at_checkout_hold_the_same_on_the_server() {
    let (file, _) = file();
    let (mut server, _) = cluster().moved(&file, "kiz_t_lending_rules");
    let mut copy_of_file = file;
    assert_eq!(
        the_rules_at_checkout(&mut server),
        the_rules_at_checkout(&mut copy_of_file)
    );
}

/// The queue of a medium: refusals, a copy set aside at the return, a
/// pickup that lapses and passes the copy on, a cancellation that puts it
/// back on the shelf, and a reservation of a medium on the shelf that is
/// ready at once.
fn a_queue_for_one_copy(store: &mut impl Engine, ids: Ids) {
    let medium =
        |store: &mut _, title| id_of(store, "SELECT id FROM medium WHERE title = ?1", title);
    let schritte = medium(store, "Schritte plus Neu 2");
    let linie = medium(store, "Linie 1 A2");
    let desk = id_of(store, "SELECT id FROM borrower WHERE name = ?1", "Desk 1");
    let ten = at(thursday(), 10, 0);
    assert!(matches!(
        lending::reserve(store, schritte, ids.nikolai, ten),
        Err(Error::AlreadyReserved)
    ));
    assert!(matches!(
        lending::reserve(store, schritte, ids.ayse, ten),
        Err(Error::AlreadyHasMedium)
    ));
    assert!(matches!(
        lending::reserve(store, 999_999, ids.ayse, ten),
        Err(Error::NotFound { .. })
    ));
    let second = lending::reserve(store, schritte, desk, ten).expect("queued");
    assert_eq!(second.status, ReservationStatus::Wartend);

    let ready = give_back(store, "E-3", ten)
        .expect("returned")
        .reserved_for
        .expect("set aside");
    assert_eq!(ready.borrower_id, Some(ids.nikolai));
    assert!(lending::expire_reservations(store, ten)
        .expect("nothing lapsed")
        .is_empty());
    // Nikolai does not come: after the pickup day the copy goes to the
    // next in the queue.
    // The list the window shows ends the lapsed pickup first.
    let late = at(ready.pickup_by + Days::new(1), 9, 0);
    let queue = ReservationFilter {
        medium_id: Some(schritte),
        ..ReservationFilter::default()
    };
    let list = lending::reservation_list(store, &queue, late).expect("lapsed");
    assert_eq!(
        list.rows
            .iter()
            .map(|r| (r.id, r.status))
            .collect::<Vec<_>>(),
        [(second.id, ReservationStatus::Bereit)],
        "the queue as the medium page shows it"
    );
    let passed = list.newly_ready;
    assert_eq!(passed.len(), 1, "{passed:?}");
    assert_eq!(
        (passed[0].reservation_id, passed[0].barcode.as_str()),
        (second.id, "E-3")
    );
    assert_eq!(copy_status(store, "E-3"), "vorgemerkt");
    // The desk cancels: nobody else waits, so the copy is back on the shelf.
    assert_eq!(
        lending::cancel_reservation(store, second.id, late).expect("cancelled"),
        None
    );
    assert_eq!(copy_status(store, "E-3"), "verfuegbar");
    assert!(matches!(
        lending::cancel_reservation(store, second.id, late),
        Err(Error::ReservationClosed)
    ));
    // A medium with a copy on the shelf is set aside at once.
    let at_once = lending::reserve(store, linie, ids.nikolai, late).expect("reserved");
    assert_eq!(at_once.status, ReservationStatus::Bereit);
    assert_eq!(at_once.barcode.as_deref(), Some("E-1"));
    assert_eq!(copy_status(store, "E-1"), "vorgemerkt");
}

#[test]
fn a_queue_for_one_copy_goes_the_same_on_the_file() {
    let (mut file, ids) = file();
    a_queue_for_one_copy(&mut file, ids);
}

#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn a_queue_for_one_copy_goes_the_same_on_the_server() {
    let (file, ids) = file();
    let (mut server, _) = cluster().moved(&file, "kiz_t_lending_queue");
    a_queue_for_one_copy(&mut server, ids);
}

/// A copy's own page: repair, withdrawal and back on the shelf, with the
/// refusals, and its history; what each step answered.
fn a_copy_is_repaired_withdrawn_and_back(store: &mut impl Engine) -> Vec<String> {
    let copy_id =
        |store: &mut _, barcode| id_of(store, "SELECT id FROM copy WHERE barcode = ?1", barcode);
    let linie = id_of(
        store,
        "SELECT id FROM medium WHERE title = ?1",
        "Linie 1 A2",
    );
    let desks: Vec<i64> = ["Desk 1", "Desk 2"]
        .iter()
        .map(|name| id_of(store, "SELECT id FROM borrower WHERE name = ?1", name))
        .collect();
    let (e1, e2, e3) = (
        copy_id(store, "E-1"),
        copy_id(store, "E-2"),
        copy_id(store, "E-3"),
    );
    let ten = at(thursday(), 10, 0);
    let withdraw = |reason: &str, on| lending::CopyStatusChange::Ausgeschieden {
        reason: reason.into(),
        on,
    };
    let mut told = Vec::new();
    let on_loan = lending::change_copy_status(
        store,
        e3,
        &lending::CopyStatusChange::InReparatur,
        ten,
        None,
        "",
    );
    match on_loan {
        Err(Error::CopyOnLoan {
            card_number,
            withdrawing,
        }) => {
            assert!(card_number.is_some(), "the borrower's card is named");
            assert!(!withdrawing);
        }
        other => panic!("a copy on loan keeps its status: {other:?}"),
    }
    let repaired = lending::change_copy_status(
        store,
        e2,
        &lending::CopyStatusChange::InReparatur,
        ten,
        None,
        "",
    )
    .expect("in repair");
    told.push(format!("{repaired:?}"));
    assert!(matches!(
        lending::change_copy_status(store, e2, &withdraw("  ", None), ten, None, ""),
        Err(Error::Required { field: "reason" })
    ));
    assert!(matches!(
        lending::change_copy_status(
            store,
            e2,
            &withdraw("beschädigt", Some(day(2026, 11, 13))),
            ten,
            None,
            ""
        ),
        Err(Error::DateInFuture { .. })
    ));
    let withdrawn = lending::change_copy_status(
        store,
        e2,
        &withdraw("beschädigt", Some(day(2026, 11, 11))),
        ten,
        None,
        "",
    )
    .expect("withdrawn");
    assert_eq!(copy_status(store, "E-2"), "ausgeschieden");
    told.push(format!("{withdrawn:?}"));
    // E-3 comes back and is set aside for Nikolai: not changed by hand.
    give_back(store, "E-3", ten).expect("returned");
    assert!(matches!(
        lending::change_copy_status(
            store,
            e3,
            &lending::CopyStatusChange::InReparatur,
            ten,
            None,
            ""
        ),
        Err(Error::CopySetAside)
    ));
    // Two desks wait for "Linie 1 A2": the first gets E-1, the second
    // E-2 once it is found again.
    lending::reserve(store, linie, desks[0], ten).expect("reserved");
    lending::reserve(store, linie, desks[1], ten).expect("queued");
    assert_eq!(copy_status(store, "E-1"), "vorgemerkt");
    let found = lending::change_copy_status(
        store,
        e2,
        &lending::CopyStatusChange::Verfuegbar,
        ten,
        None,
        "",
    )
    .expect("found again");
    assert_eq!(
        copy_status(store, "E-2"),
        "vorgemerkt",
        "given to the next in the queue"
    );
    told.push(format!("{found:?}"));
    assert!(matches!(
        lending::change_copy_status(
            store,
            999_999,
            &lending::CopyStatusChange::Verfuegbar,
            ten,
            None,
            ""
        ),
        Err(Error::NotFound { .. })
    ));
    for copy in [e1, e2, e3] {
        told.push(format!(
            "{:?}",
            store
                .read_sql(|sql| lending::copy_page_in(sql, copy))
                .expect("the copy's page")
        ));
    }
    told
}

#[test]
fn a_copy_is_repaired_withdrawn_and_back_on_the_file() {
    let (mut file, _) = file();
    let told = a_copy_is_repaired_withdrawn_and_back(&mut file);
    assert!(told.iter().any(|t| t.contains("beschädigt")));
}

#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn a_copy_is_repaired_withdrawn_and_back_the_same_on_the_server() {
    let (mut file, _) = file();
    let (mut server, _) = cluster().moved(&file, "kiz_t_lending_copy_page");
    let on_file = a_copy_is_repaired_withdrawn_and_back(&mut file);
    let on_server = a_copy_is_repaired_withdrawn_and_back(&mut server);
    assert_eq!(on_server, on_file);
}

/// An open loan that came in behind the rules' back (IT's script, a hand
/// edit): the copy still says "verfuegbar", and the unique index on open
/// loans refuses the second loan, named as "already lent".
fn the_index_on_open_loans_says_already_lent(store: &mut impl Engine, ids: Ids) {
    store
        .write_sql(|sql| {
            sql.run(
                "INSERT INTO loan (copy_id, borrower_id, borrower_kind, loaned_at, due_on)
                 SELECT id, ?1, 'ehrenamtlich', '2026-11-10T09:00:00', '2026-12-08'
                 FROM copy WHERE barcode = 'E-2'",
                &[Value::from(ids.nikolai)],
            )
        })
        .expect("an open loan written past the rules");
    assert_eq!(copy_status(store, "E-2"), "verfuegbar");
    match lend(store, ids.ayse, "E-2", at(thursday(), 10, 0)) {
        Err(Error::CopyAlreadyOnLoan {
            barcode, due_on, ..
        }) => {
            assert_eq!(barcode, "E-2");
            assert_eq!(due_on, None);
        }
        other => panic!("expected CopyAlreadyOnLoan, got {other:?}"),
    }
    assert_eq!(
        count(
            store,
            "SELECT count(*) FROM loan AS l JOIN copy AS c ON c.id = l.copy_id
             WHERE c.barcode = 'E-2'"
        ),
        1,
        "the refused loan stored nothing"
    );
}

#[test]
fn the_file_names_a_violated_index_on_open_loans_as_already_lent() {
    let (mut file, ids) = file();
    the_index_on_open_loans_says_already_lent(&mut file, ids);
}

#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn the_server_names_a_violated_index_on_open_loans_as_already_lent() {
    let (file, ids) = file();
    let (mut server, _) = cluster().moved(&file, "kiz_t_lending_unique");
    the_index_on_open_loans_says_already_lent(&mut server, ids);
}

/// Two desks scan the same copy at the same moment, twenty times over:
/// each time one lends it and the other is told it is lent, with its due
/// date (the second waited for the first's write, then read its loan).
#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn two_desks_lending_the_same_copy_at_once_lend_it_once() {
    let (file, ids) = file();
    let (_, settings) = cluster().moved(&file, "kiz_t_lending_two_desks");
    let rounds = 20;
    let start = Arc::new(Barrier::new(2));
    // Connected before the threads start, and nothing in a thread panics:
    // a desk that stopped early would leave the other waiting at the
    // barrier for ever.
    let desks: Vec<_> = [ids.ayse, ids.nikolai]
        .into_iter()
        .map(|borrower| {
            let mut server = connect(&settings);
            let start = Arc::clone(&start);
            std::thread::spawn(move || {
                let mut outcomes = Vec::new();
                for round in 0..rounds {
                    let now = at(thursday(), 9, round);
                    start.wait();
                    outcomes.push(lend(&mut server, borrower, "E-2", now));
                    // Both have tried; the one who has it gives it back.
                    start.wait();
                    if outcomes.last().is_some_and(Result::is_ok) {
                        if let Err(e) = give_back(&mut server, "E-2", now) {
                            outcomes.push(Err(e));
                        }
                    }
                }
                outcomes
            })
        })
        .collect();
    let outcomes: Vec<Vec<_>> = desks
        .into_iter()
        .map(|d| d.join().expect("a desk ran"))
        .collect();
    for (round, (first, second)) in outcomes[0].iter().zip(&outcomes[1]).enumerate() {
        let results = [first, second];
        let lent = results.iter().filter(|r| r.is_ok()).count();
        assert_eq!(lent, 1, "round {round}: {results:?}");
        let refused = results
            .iter()
            .find_map(|r| r.as_ref().err())
            .expect("one refused");
        assert!(
            matches!(
                refused,
                Error::CopyAlreadyOnLoan {
                    due_on: Some(_),
                    ..
                }
            ),
            "round {round}: {refused:?}"
        );
    }
    // No return failed (a failed one is an extra entry).
    assert_eq!(
        (outcomes[0].len(), outcomes[1].len()),
        (20, 20),
        "{outcomes:?}"
    );
    let mut server = connect(&settings);
    assert_eq!(
        count(
            &mut server,
            "SELECT count(*) FROM loan AS l JOIN copy AS c ON c.id = l.copy_id
             WHERE c.barcode = 'E-2'"
        ),
        i64::from(rounds),
        "one loan per round, none lost"
    );
}

/// Eight PCs lend and take back copies of one shelf of twenty, each in
/// its own order, all at once: every loan a desk was told of is stored
/// (none lost, none stored for a refusal), and each copy is "ausgeliehen"
/// exactly when it has an open loan. That no copy has two open loans at
/// once the unique index keeps (tested above).
#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn eight_desks_lending_from_one_shelf_at_once_lose_no_loan() {
    let (file, _) = file();
    let (mut server, settings) = cluster().moved(&file, "kiz_t_lending_eight_desks");
    // The fixture's four desks and four more.
    for i in 5..=8 {
        borrower(
            &mut server,
            &format!("Desk {i}"),
            BorrowerKind::Hauptamtlich,
        );
    }
    let desks: Vec<i64> = server
        .read_sql(|sql| {
            sql.rows(
                "SELECT id FROM borrower WHERE name LIKE 'Desk %' ORDER BY id",
                &[],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect()
        })
        .expect("the desks' borrowers");
    let start = Arc::new(Barrier::new(desks.len()));
    let threads: Vec<_> = desks
        .iter()
        .enumerate()
        .map(|(desk, &borrower)| {
            let mut server = connect(&settings);
            let start = Arc::clone(&start);
            std::thread::spawn(move || {
                let mut lent = 0_i64;
                let mut held: Vec<String> = Vec::new();
                start.wait();
                for step in 0..60_usize {
                    let now = at(thursday(), 9, 0);
                    // Each desk walks the shelf with its own stride; a desk
                    // holding three copies takes the oldest back first.
                    if held.len() == 3 {
                        let barcode = held.remove(0);
                        give_back(&mut server, &barcode, now)?;
                    }
                    // Strides prime to 20: each desk comes by every copy.
                    let stride = [3, 7, 11, 13, 17, 19, 1, 9][desk];
                    let barcode = format!("W-{:02}", (step * stride + desk) % 20 + 1);
                    match lend(&mut server, borrower, &barcode, now) {
                        Ok(_) => {
                            lent += 1;
                            held.push(barcode);
                        }
                        Err(Error::CopyAlreadyOnLoan { .. }) => {}
                        Err(other) => return Err(other),
                    }
                }
                Ok(lent)
            })
        })
        .collect();
    let lent: i64 = threads
        .into_iter()
        .map(|t| t.join().expect("a desk ran").expect("no desk failed"))
        .sum();
    assert!(lent > 0);
    let mut on_shelf = |sql: &str| count(&mut server, sql);
    assert_eq!(
        on_shelf(
            "SELECT count(*) FROM loan AS l JOIN copy AS c ON c.id = l.copy_id
             WHERE c.barcode LIKE 'W-%'"
        ),
        lent,
        "every loan the desks were told of is stored"
    );
    assert_eq!(
        on_shelf(
            "SELECT count(*) FROM copy AS c WHERE c.barcode LIKE 'W-%'
             AND (c.status = 'ausgeliehen') <> EXISTS (
                 SELECT 1 FROM loan AS l WHERE l.copy_id = c.id AND l.returned_at IS NULL)"
        ),
        0,
        "a copy is 'ausgeliehen' exactly when it has an open loan"
    );
}

fn borrower_named(store: &mut impl Engine, id: i64) -> people::Borrower {
    store
        .read_sql(|sql| people::borrower_in(sql, id))
        .expect("the borrower")
}

/// Ausleihende: a new card numbered by the pattern, the refusals that keep
/// the desk's codes apart, a change, a block that stops lending, and the
/// reminders of an overdue loan recorded once.
fn borrowers_and_their_reminders(store: &mut impl Engine, ids: Ids) {
    let ten = at(thursday(), 10, 0);
    let count_borrowers = |store: &mut _| count(store, "SELECT count(*) FROM borrower");
    let before = count_borrowers(store);
    let input = BorrowerInput {
        kind: BorrowerKind::Ehrenamtlich,
        name: "  Leïla Benali-Ünal ".into(),
        email: "leila@example.org".into(),
        print_language: "AR".into(),
        history_consent: Some(Consent {
            given_on: thursday(),
            text_version: "2026-1".into(),
        }),
        address: PostalAddress {
            street: "Kaiserstraße 1".into(),
            postal_code: "53721".into(),
            town: "Siegburg".into(),
            ..PostalAddress::default()
        },
        ..BorrowerInput::default()
    };
    let leila = people::create_borrower(store, &input, ten).expect("recorded");
    assert_eq!(leila.name, "Leïla Benali-Ünal");
    assert_eq!(
        leila.card_number, "KI-A-000007",
        "the next number after six"
    );
    assert_eq!(leila.print_language, "ar");
    assert_eq!(leila.history_consent, input.history_consent);
    assert_eq!(leila.address.town, "Siegburg");
    assert_eq!(borrower_named(store, leila.id), leila);

    // Refused, and nothing stored: a card in use, a copy's label, a code
    // the copy pattern could print, no name, an unknown organisation.
    let with_card = |card: &str| BorrowerInput {
        card_number: card.into(),
        ..input.clone()
    };
    assert!(matches!(
        people::create_borrower(store, &with_card("KI-A-000001"), ten),
        Err(Error::DuplicateCardNumber { card_number }) if card_number == "KI-A-000001"
    ));
    assert!(matches!(
        people::create_borrower(store, &with_card("e-1"), ten),
        Err(Error::ScanCodeClash { in_use: true, .. })
    ));
    assert!(matches!(
        people::create_borrower(store, &with_card("KI-M-000777"), ten),
        Err(Error::ScanCodeClash { in_use: false, .. })
    ));
    let nameless = BorrowerInput {
        name: " ".into(),
        ..input.clone()
    };
    assert!(matches!(
        people::create_borrower(store, &nameless, ten),
        Err(Error::Required { field: "name" })
    ));
    let of_nowhere = BorrowerInput {
        kind: BorrowerKind::Organisation,
        organisation_id: Some(999_999),
        ..input.clone()
    };
    assert!(matches!(
        people::create_borrower(store, &of_nowhere, ten),
        Err(Error::NotFound { .. })
    ));
    assert_eq!(count_borrowers(store), before + 1);

    // A change keeps the card when none is typed; another's card is refused.
    let changed = BorrowerInput {
        name: "Leïla Benali".into(),
        ..input.clone()
    };
    let leila =
        people::update_borrower(store, leila.id, &changed, ten, "PC-TEST").expect("changed");
    assert_eq!(
        (leila.name.as_str(), leila.card_number.as_str()),
        ("Leïla Benali", "KI-A-000007")
    );
    assert!(matches!(
        people::update_borrower(store, leila.id, &with_card("KI-A-000002"), ten, "PC-TEST"),
        Err(Error::DuplicateCardNumber { .. })
    ));
    assert!(matches!(
        people::update_borrower(store, 999_999, &changed, ten, "PC-TEST"),
        Err(Error::NotFound { .. })
    ));
    assert_eq!(borrower_named(store, leila.id), leila);

    // Blocked: the desk refuses her, with the reason; lifted, it lends.
    assert!(matches!(
        people::set_blocked(store, leila.id, Some("  "), ten, None, ""),
        Err(Error::Required {
            field: "blocked_reason"
        })
    ));
    let blocked = people::set_blocked(store, leila.id, Some("Ausweis verloren"), ten, None, "")
        .expect("blocked");
    assert_eq!(blocked.blocked_reason.as_deref(), Some("Ausweis verloren"));
    assert!(matches!(
        lend(store, leila.id, "E-1", ten),
        Err(Error::BorrowerBlocked { reason }) if reason == "Ausweis verloren"
    ));
    people::set_blocked(store, leila.id, None, ten, None, "").expect("lifted");
    // Two PCs show her page from one version: the desk blocks her, the
    // office's lifting from the older page is refused naming the desk, and
    // the block stays.
    let shown = borrower_named(store, leila.id).saved.version;
    let blocked = people::set_blocked(
        store,
        leila.id,
        Some("Karte defekt"),
        at(thursday(), 11, 0),
        Some(shown),
        "THEKE-1",
    )
    .expect("blocked from the page");
    assert_eq!(blocked.saved.version, shown + 1);
    match people::set_blocked(
        store,
        leila.id,
        None,
        at(thursday(), 11, 5),
        Some(shown),
        "BUERO-1",
    ) {
        Err(Error::ChangedMeanwhile { by, what, at: when }) => assert_eq!(
            (by.as_str(), what, when),
            ("THEKE-1", kiz::Record::Borrower, at(thursday(), 11, 0))
        ),
        other => panic!("a block set meanwhile is not lifted unseen: {other:?}"),
    }
    assert_eq!(
        borrower_named(store, leila.id).blocked_reason.as_deref(),
        Some("Karte defekt"),
        "the refused change stored nothing"
    );
    people::set_blocked(
        store,
        leila.id,
        None,
        ten,
        Some(blocked.saved.version),
        "BUERO-1",
    )
    .expect("lifted from the page read again");
    lend(store, leila.id, "E-1", ten).expect("lent after the block");

    // Ayşe's E-3 (lent 2 November) is long overdue by mid-January: the
    // first reminder is recorded once, with the title and the label.
    let january = day(2027, 1, 15);
    let letter = lending::record_reminders(store, ids.ayse, january).expect("a letter");
    assert_eq!(letter.borrower.id, ids.ayse);
    assert_eq!(letter.level, 1);
    assert_eq!(
        letter
            .items
            .iter()
            .map(|i| (i.barcode.as_str(), i.title.as_str(), i.level))
            .collect::<Vec<_>>(),
        [("E-3", "Schritte plus Neu 2", 1)]
    );
    assert!(matches!(
        lending::record_reminders(store, ids.ayse, january),
        Err(Error::NoReminderDue)
    ));
    assert!(matches!(
        lending::record_reminders(store, 999_999, january),
        Err(Error::NotFound { .. })
    ));
    assert_eq!(count(store, "SELECT count(*) FROM reminder"), 1);
}

#[test]
fn borrowers_and_their_reminders_go_the_same_on_the_file() {
    let (mut file, ids) = file();
    borrowers_and_their_reminders(&mut file, ids);
}

#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn borrowers_and_their_reminders_go_the_same_on_the_server() {
    let (file, ids) = file();
    let (mut server, _) = cluster().moved(&file, "kiz_t_lending_people");
    borrowers_and_their_reminders(&mut server, ids);
}

/// The desk scan by scan ([`lending::act`]): a card opens the panel with
/// the loans and the reservation; copies are lent (with the borrower's
/// panel after it), refused, renewed and taken back; an unknown code is
/// named.
fn the_desk_scan_by_scan(store: &mut impl Engine, ids: Ids) {
    let ten = at(thursday(), 10, 0);
    let scan = |store: &mut _, code: &str, mode, borrower_id, now| {
        lending::act(
            store,
            &DeskRequest {
                code: code.into(),
                mode,
                borrower_id,
                course_end: None,
            },
            now,
        )
    };
    let nikolai = borrower_named(store, ids.nikolai);
    match scan(
        store,
        &nikolai.card_number.to_lowercase(),
        DeskMode::Checkout,
        None,
        ten,
    )
    .expect("a card")
    {
        DeskOutcome::Borrower(panel) => {
            assert_eq!(panel.borrower.name, "Николай Петров");
            assert!(panel.loans.is_empty());
            assert_eq!(
                panel
                    .reservations
                    .iter()
                    .map(|r| (r.title.as_str(), r.status))
                    .collect::<Vec<_>>(),
                [("Schritte plus Neu 2", ReservationStatus::Wartend)]
            );
            assert_eq!(panel.today, thursday());
        }
        other => panic!("expected Nikolai's panel: {other:?}"),
    }
    let ayse = borrower_named(store, ids.ayse);
    match scan(store, &ayse.card_number, DeskMode::Checkout, None, ten).expect("a card") {
        DeskOutcome::Borrower(panel) => {
            assert_eq!(
                panel
                    .loans
                    .iter()
                    .map(|l| l.barcode.as_str())
                    .collect::<Vec<_>>(),
                ["E-3"]
            );
            assert_eq!(panel.overdue, 0);
        }
        other => panic!("expected Ayşe's panel: {other:?}"),
    }

    // Lent to Nikolai (typed in lower case), with his panel after it.
    match scan(store, "e-1", DeskMode::Checkout, Some(ids.nikolai), ten).expect("a copy") {
        DeskOutcome::Copy {
            copy,
            done: Ok(Done::Lent(loan)),
            panel: Some(panel),
        } => {
            assert_eq!(
                (copy.title.as_str(), copy.copy.barcode.as_str()),
                ("Linie 1 A2", "E-1")
            );
            assert_eq!(loan.borrower_id, Some(ids.nikolai));
            assert_eq!(
                panel.loans.iter().map(|l| l.id).collect::<Vec<_>>(),
                [loan.id]
            );
        }
        other => panic!("expected a loan: {other:?}"),
    }
    // The same copy for Ayşe: refused with the copy as it stands.
    match scan(store, "E-1", DeskMode::Checkout, Some(ids.ayse), ten).expect("a copy") {
        DeskOutcome::Copy {
            copy,
            done: Err(error),
            panel: None,
        } => {
            assert_eq!(error.code(), "copy_already_on_loan");
            assert_eq!(copy.loan.and_then(|l| l.borrower_id), Some(ids.nikolai));
        }
        other => panic!("expected a refusal: {other:?}"),
    }
    // F4 three weeks later: renewed; F3: taken back, nobody selected.
    match scan(store, "E-1", DeskMode::Renew, None, ten + Days::new(21)).expect("a copy") {
        DeskOutcome::Copy {
            done: Ok(Done::Renewed(loan)),
            ..
        } => assert_eq!(loan.renewals, 1),
        other => panic!("expected a renewal: {other:?}"),
    }
    match scan(store, "E-1", DeskMode::Return, None, ten + Days::new(22)).expect("a copy") {
        DeskOutcome::Copy {
            done: Ok(Done::Returned(receipt)),
            panel: None,
            ..
        } => assert_eq!(receipt.borrower_id, Some(ids.nikolai)),
        other => panic!("expected a return: {other:?}"),
    }
    assert_eq!(copy_status(store, "E-1"), "verfuegbar");
    assert!(matches!(
        scan(store, "X-404", DeskMode::Checkout, Some(ids.ayse), ten),
        Err(Error::UnknownCode { code }) if code == "X-404"
    ));
    assert!(matches!(
        scan(store, " ", DeskMode::Checkout, None, ten),
        Err(Error::Required { field: "code" })
    ));
    assert_eq!(
        count(store, "SELECT count(*) FROM loan WHERE returned_at IS NULL"),
        1,
        "Ayşe's E-3 only"
    );
}

#[test]
fn the_desk_scan_by_scan_goes_the_same_on_the_file() {
    let (mut file, ids) = file();
    the_desk_scan_by_scan(&mut file, ids);
}

#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn the_desk_scan_by_scan_goes_the_same_on_the_server() {
    let (file, ids) = file();
    let (mut server, _) = cluster().moved(&file, "kiz_t_lending_desk");
    the_desk_scan_by_scan(&mut server, ids);
}

/// The titles a typed search finds, on either engine.
fn found(store: &mut impl CatalogueStore, typed: &str) -> Vec<String> {
    store
        .search_media(&MediaQuery {
            text: typed.into(),
            limit: 50,
            ..MediaQuery::default()
        })
        .expect("searched")
        .rows
        .into_iter()
        .map(|r| r.title)
        .collect()
}

/// Cataloguing: a medium with its languages, kit and topics, found by
/// its words, its ISBN and a new copy's label at once; the refusals; a
/// change that the search follows; a copy corrected; a medium deleted
/// only without copies.
fn cataloguing<S: Engine + CatalogueStore>(store: &mut S) {
    let ten = at(thursday(), 10, 0);
    let kit_kind = id_of(
        store,
        "SELECT id FROM media_kind WHERE code = ?1",
        "medienkoffer",
    );
    let input = MediumInput {
        kind_id: kit_kind,
        title: " Çocuk kitabı ".into(),
        subtitle: "Türkçe öğreniyorum".into(),
        authors: "Gül Şahin".into(),
        isbn: "978-3-19-001234-3".into(),
        level_from: Some(Level::A1),
        level_to: Some(Level::A2),
        target_language: Some("tr".into()),
        support_languages: vec!["de".into(), "ar".into(), "de".into()],
        topics: vec![" Familie ".into(), String::new(), "Alltag".into()],
        kit_items: vec![KitItem {
            name: "Bildkarten".into(),
            quantity: 0,
        }],
        ..MediumInput::default()
    };
    let medium = catalogue::create_medium(store, &input, ten).expect("recorded");
    assert_eq!(medium.title, "Çocuk kitabı");
    assert_eq!(medium.isbn.as_deref(), Some("9783190012343"));
    assert_eq!(medium.target_language.as_deref(), Some("tr"));
    assert_eq!(medium.support_languages, ["ar", "de"]);
    assert_eq!(medium.topics, ["Familie", "Alltag"]);
    assert_eq!(
        medium
            .kit_items
            .iter()
            .map(|k| (k.name.as_str(), k.quantity))
            .collect::<Vec<_>>(),
        [("Bildkarten", 1)]
    );
    assert_eq!(found(store, "cocuk ogren"), ["Çocuk kitabı"]);
    assert_eq!(found(store, "9783190012343"), ["Çocuk kitabı"]);

    // A copy without a label takes the pattern's first number, and the
    // search finds the medium by it at once.
    let copy = catalogue::add_copy(store, medium.id, &CopyInput::default(), ten).expect("a copy");
    assert_eq!(copy.barcode, "KI-M-000001");
    assert_eq!(found(store, "KI-M-000001"), ["Çocuk kitabı"]);
    let labelled = |barcode: &str| CopyInput {
        barcode: barcode.into(),
        ..CopyInput::default()
    };
    assert!(matches!(
        catalogue::add_copy(store, medium.id, &labelled("E-1"), ten),
        Err(Error::DuplicateBarcode { barcode }) if barcode == "E-1"
    ));
    assert!(matches!(
        catalogue::add_copy(store, medium.id, &labelled("KI-A-000001"), ten),
        Err(Error::ScanCodeClash { in_use: true, .. })
    ));
    assert!(matches!(
        catalogue::add_copy(store, 999_999, &labelled("N-1"), ten),
        Err(Error::NotFound { .. })
    ));
    let refused = |store: &mut S, input: MediumInput| {
        catalogue::create_medium(store, &input, ten).map(|m| m.id)
    };
    assert!(matches!(
        refused(
            store,
            MediumInput {
                title: "  ".into(),
                ..input.clone()
            }
        ),
        Err(Error::Required { field: "title" })
    ));
    assert!(matches!(
        refused(
            store,
            MediumInput {
                kind_id: 999_999,
                ..input.clone()
            }
        ),
        Err(Error::UnknownMediaKind)
    ));
    assert_eq!(count(store, "SELECT count(*) FROM medium"), 4);
    assert_eq!(count(store, "SELECT count(*) FROM copy"), 24);

    // Changed: the search follows the new title and forgets the old one.
    let changed = MediumInput {
        title: "Oyun zamanı".into(),
        subtitle: String::new(),
        ..input.clone()
    };
    let medium =
        catalogue::update_medium(store, medium.id, &changed, ten, "PC-TEST").expect("changed");
    assert_eq!(medium.title, "Oyun zamanı");
    assert_eq!(medium.copies.len(), 1);
    assert_eq!(found(store, "oyun"), ["Oyun zamanı"]);
    assert!(found(store, "cocuk").is_empty());
    assert!(matches!(
        catalogue::update_medium(store, 999_999, &changed, ten, "PC-TEST"),
        Err(Error::NotFound { .. })
    ));

    // A copy corrected; a negative price refused.
    let edit = CopyEdit {
        shelf: "Regal 3".into(),
        price_cents: Some(1_990),
        ..CopyEdit::default()
    };
    let copy = catalogue::update_copy(store, copy.id, &edit, at(thursday(), 9, 0), "BUERO-1")
        .expect("corrected");
    assert_eq!(
        (copy.shelf.as_str(), copy.price_cents),
        ("Regal 3", Some(1_990))
    );
    assert!(matches!(
        catalogue::update_copy(
            store,
            copy.id,
            &CopyEdit {
                price_cents: Some(-1),
                ..edit.clone()
            },
            at(thursday(), 9, 0),
            "BUERO-1"
        ),
        Err(Error::InvalidPrice)
    ));
    // Two PCs have the copy's details open from the same version: the
    // first save is stored, the second is refused naming the first PC
    // and stores nothing.
    assert_eq!(copy.saved.by, "BUERO-1");
    let from = |condition: &str| CopyEdit {
        condition: condition.into(),
        version: Some(copy.saved.version),
        ..edit.clone()
    };
    let first = catalogue::update_copy(
        store,
        copy.id,
        &from("Ecke geknickt"),
        at(thursday(), 10, 0),
        "THEKE-1",
    )
    .expect("the first save");
    assert_eq!(first.saved.version, copy.saved.version + 1);
    match catalogue::update_copy(
        store,
        copy.id,
        &from("wie neu"),
        at(thursday(), 10, 5),
        "BUERO-1",
    ) {
        Err(Error::ChangedMeanwhile { by, what, at: when }) => {
            assert_eq!(
                (by.as_str(), what, when),
                ("THEKE-1", kiz::Record::Copy, at(thursday(), 10, 0))
            );
        }
        other => panic!("details saved meanwhile are not overwritten: {other:?}"),
    }
    // The status from the same older page: refused too (the status claims
    // the copy's version like its details), the copy stays on the shelf.
    match lending::change_copy_status(
        store,
        copy.id,
        &lending::CopyStatusChange::InReparatur,
        at(thursday(), 10, 6),
        Some(copy.saved.version),
        "BUERO-1",
    ) {
        Err(Error::ChangedMeanwhile { by, what, .. }) => {
            assert_eq!((by.as_str(), what), ("THEKE-1", kiz::Record::Copy));
        }
        other => panic!("a copy saved meanwhile keeps its status: {other:?}"),
    }
    let stored = store
        .read_sql(|sql| catalogue::medium_in(sql, medium.id))
        .expect("read")
        .copies
        .into_iter()
        .find(|c| c.id == copy.id)
        .expect("the copy");
    assert_eq!(
        (
            stored.condition.as_str(),
            stored.status,
            stored.saved.version
        ),
        (
            "Ecke geknickt",
            kiz::catalogue::CopyStatus::Verfuegbar,
            first.saved.version
        ),
        "the refused save and status change stored nothing"
    );
    let repaired = lending::change_copy_status(
        store,
        copy.id,
        &lending::CopyStatusChange::InReparatur,
        at(thursday(), 10, 7),
        Some(first.saved.version),
        "BUERO-1",
    )
    .expect("from the page read again");
    assert_eq!(
        (
            repaired.status,
            repaired.saved.version,
            repaired.saved.by.as_str()
        ),
        (
            kiz::catalogue::CopyStatus::InReparatur,
            first.saved.version + 1,
            "BUERO-1"
        )
    );
    assert_eq!(repaired.saved.at, at(thursday(), 10, 7));

    // Deleted only without copies; then gone from the search as well.
    assert!(matches!(
        catalogue::delete_medium(store, medium.id),
        Err(Error::MediumHasCopies)
    ));
    let mistake = catalogue::create_medium(
        store,
        &MediumInput {
            title: "Versehen".into(),
            ..input.clone()
        },
        ten,
    )
    .expect("recorded");
    assert_eq!(found(store, "versehen"), ["Versehen"]);
    catalogue::delete_medium(store, mistake.id).expect("deleted");
    assert!(found(store, "versehen").is_empty());
    assert!(matches!(
        catalogue::delete_medium(store, mistake.id),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn cataloguing_goes_the_same_on_the_file() {
    let (mut file, _) = file();
    cataloguing(&mut file);
}

#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn cataloguing_goes_the_same_on_the_server() {
    let (file, _) = file();
    let (mut server, _) = cluster().moved(&file, "kiz_t_lending_catalogue");
    cataloguing(&mut server);
}

/// Waits until the listener was told of every table in `tables` (the
/// notices of one commit may come in more than one read); fails after
/// half a minute without them.
fn told(office: &mut Changes, tables: &[&str]) {
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..30 {
        if tables.iter().all(|t| seen.contains(*t)) {
            return;
        }
        seen.extend(office.wait(Duration::from_secs(1)).expect("listening"));
    }
    panic!("told {seen:?}, not all of {tables:?}");
}

#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn a_checkout_at_the_desk_is_told_to_the_office() {
    let (file, ids) = file();
    let (mut desk, settings) = cluster().moved(&file, "kiz_t_lending_live");
    let mut office = Changes::listen(&settings, &cluster().password).expect("listens");
    let ten = at(thursday(), 10, 0);
    let short = Duration::from_millis(300);

    // A read and a refused checkout (rolled back) tell nothing.
    assert_eq!(copy_status(&mut desk, "E-1"), "verfuegbar");
    assert!(matches!(
        lend(&mut desk, ids.ayse, "X-404", ten),
        Err(Error::UnknownBarcode { .. })
    ));
    assert!(office.wait(short).expect("listening").is_empty());

    // The checkout tells the office that loans and copies changed; the
    // office reads the copy as lent.
    lend(&mut desk, ids.ayse, "E-1", ten).expect("lent");
    told(&mut office, &["loan", "copy"]);
    let mut office_reads = connect(&settings);
    assert_eq!(copy_status(&mut office_reads, "E-1"), "ausgeliehen");

    // A medium recorded on another PC is told as well.
    let book = id_of(
        &mut desk,
        "SELECT id FROM media_kind WHERE code = ?1",
        "buch",
    );
    catalogue::create_medium(
        &mut desk,
        &MediumInput {
            kind_id: book,
            title: "Berufe A-Z".into(),
            ..MediumInput::default()
        },
        ten,
    )
    .expect("recorded");
    told(&mut office, &["medium"]);

    // Every table but the version table tells its changes (a step that
    // adds a table must add the trigger too).
    let silent: Option<String> = desk
        .read_sql(|sql| {
            scalar(
                sql,
                "SELECT string_agg(t.tablename, ', ') FROM pg_tables AS t
                 WHERE t.schemaname = current_schema() AND t.tablename <> 'kiz_schema'
                   AND NOT EXISTS (SELECT 1 FROM pg_trigger AS g
                                   WHERE g.tgrelid = format('%I', t.tablename)::regclass
                                     AND g.tgname = 'kiz_change')",
                &[],
            )
        })
        .expect("read");
    assert_eq!(silent, None, "tables without the trigger");
    let tables = count(
        &mut desk,
        "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()",
    );
    assert!(tables > 30, "{tables} tables");

    // The server ends the office's connection: the wait says so.
    cluster()
        .admin("postgres")
        .execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE datname = 'kiz_t_lending_live' AND query = 'LISTEN kiz_change'",
            &[],
        )
        .expect("ended");
    assert!(matches!(
        office.wait(Duration::from_secs(30)),
        Err(Error::ServerUnreachable { .. })
    ));
}

/// The desk's printouts are the same from either engine: the loan slip
/// and the return receipt of the same loans, printed from the file and
/// from the server the file was moved onto, say the same (and the file's
/// own `render` prints what `render_in` prints).
#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn the_desk_prints_the_same_slips_from_the_file_and_from_the_server() {
    let (mut file, ids) = file();
    let ten = at(thursday(), 10, 0);
    let lent = [
        lend(&mut file, ids.nikolai, "E-1", ten).expect("lent"),
        lend(&mut file, ids.nikolai, "W-01", ten).expect("lent"),
    ];
    let returned = give_back(&mut file, "W-01", ten).expect("returned");
    let (mut server, _) = cluster().moved(&file, "kiz_t_lending_slips");
    let context = common::printing_at(ten);
    let text = |pdf: &[u8]| common::poppler("pdftotext", &["-layout"], pdf);
    let requests = [
        DocumentRequest::LoanSlip {
            borrower_id: ids.nikolai,
            loan_ids: lent.iter().map(|l| l.id).collect(),
        },
        DocumentRequest::ReturnReceipt {
            borrower_id: ids.nikolai,
            loan_ids: vec![returned.loan.id],
        },
        DocumentRequest::BorrowerCard {
            borrower_id: ids.nikolai,
        },
    ];
    for request in &requests {
        let from_file = file
            .read_sql(|sql| documents::render_in(sql, request, &context))
            .expect("printed from the file");
        let from_server = server
            .read_sql(|sql| documents::render_in(sql, request, &context))
            .expect("printed from the server");
        let by_render = documents::render(&file, request, &context).expect("printed");
        assert_eq!(from_file.file_name, from_server.file_name);
        assert_eq!(by_render.file_name, from_file.file_name);
        let shown = text(&from_server.bytes);
        assert_eq!(text(&from_file.bytes), shown, "{request:?}");
        assert_eq!(text(&by_render.bytes), shown, "{request:?}");
        assert!(shown.contains("Николай Петров"), "{shown}");
    }
    let slip = text(
        &server
            .read_sql(|sql| documents::render_in(sql, &requests[0], &context))
            .expect("the slip")
            .bytes,
    );
    assert!(
        slip.contains("Linie 1 A2") && slip.contains("Wortschatz Beruf"),
        "the slip lists both items: {slip}"
    );
}

/// The Mahnliste weeks later, on either engine: the overdue loans in each
/// sort, a reminder recorded with its letter, and the copy of the letter
/// printed again; what each step answered (the letters as text).
fn the_mahnliste(store: &mut impl Engine, ids: Ids) -> Vec<String> {
    let later = at(day(2027, 1, 20), 10, 0);
    let context = common::printing_at(later);
    let text = |pdf: &[u8]| common::poppler("pdftotext", &["-layout"], pdf);
    lend(store, ids.nikolai, "E-1", at(thursday(), 10, 0)).expect("lent");
    lend(store, ids.nikolai, "W-02", at(thursday(), 10, 0)).expect("lent");
    let mut told = Vec::new();
    for sort in [
        "borrower:asc",
        "title:desc",
        "due_on:asc",
        "days:desc",
        "level:asc",
    ] {
        let page = store
            .read_sql(|sql| {
                lending::overdue_page_in(
                    sql,
                    later.date(),
                    &lending::OverdueFilter::default(),
                    Some(sort),
                    kiz::lists::Paging {
                        limit: 50,
                        offset: 0,
                    },
                )
            })
            .expect("the Mahnliste");
        assert_eq!(page.total, 3, "E-3, E-1 and W-02 are overdue");
        told.push(format!("{page:?}"));
    }
    let sent = documents::remind(store, ids.nikolai, &context).expect("a reminder");
    assert_eq!(sent.items, 2);
    let letter = text(&sent.letter.bytes);
    assert!(letter.contains("Николай Петров"), "{letter}");
    told.push(format!("{} {} {letter}", sent.level, sent.letter.file_name));
    assert!(matches!(
        documents::remind(store, ids.nikolai, &context),
        Err(Error::NoReminderDue)
    ));
    let copy = store
        .read_sql(|sql| {
            documents::render_in(
                sql,
                &DocumentRequest::ReminderCopy {
                    borrower_id: ids.nikolai,
                    sent_on: later.date(),
                },
                &context,
            )
        })
        .expect("the copy of the letter");
    told.push(format!("{} {}", copy.file_name, text(&copy.bytes)));
    let after = store
        .read_sql(|sql| {
            lending::overdue_loans_in(sql, later.date(), &lending::OverdueFilter::default())
        })
        .expect("the list");
    told.push(format!("{after:?}"));
    told
}

#[test]
#[cfg_attr(windows, ignore = "needs poppler's pdftotext, a Linux program")]
fn the_mahnliste_on_the_file() {
    let (mut file, ids) = file();
    let told = the_mahnliste(&mut file, ids);
    assert!(told.iter().any(|t| t.contains("Zweitschrift")));
}

#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn the_mahnliste_goes_the_same_on_the_server() {
    let (mut file, ids) = file();
    let (mut server, _) = cluster().moved(&file, "kiz_t_lending_mahnliste");
    let on_file = the_mahnliste(&mut file, ids);
    let on_server = the_mahnliste(&mut server, ids);
    for (f, s) in on_file.iter().zip(&on_server) {
        assert_eq!(s, f);
    }
    assert_eq!(on_server.len(), on_file.len());
}

/// The retention rules that run at every start, on either engine: a
/// returned loan of a borrower who did not agree to keep the history stops
/// naming them (with its reminders), one log line says how many, and a
/// second run finds nothing more due.
fn retention_at_start(store: &mut impl Engine) {
    // Returned loans name their borrower for 30 days (0, the default,
    // unlinks them at the return itself).
    store
        .write_sql(|sql| {
            sql.run(
                "INSERT INTO app_setting (key, value) VALUES ('privacy.loan_link_days', '30')
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                &[],
            )
        })
        .expect("set");
    let ten = at(thursday(), 10, 0);
    give_back(store, "E-3", ten).expect("returned");
    let linked = |store: &mut _| {
        count(
            store,
            "SELECT count(*) FROM loan AS l JOIN borrower AS b ON b.id = l.borrower_id
             WHERE l.returned_at IS NOT NULL AND l.missing_parts = ''
               AND l.outcome = 'zurueckgegeben' AND b.history_consent_on IS NULL",
        )
    };
    let due = linked(store);
    assert!(due >= 1, "the loan just returned is due");
    let early =
        privacy::run_automatic_on(store, at(thursday() + Days::new(29), 11, 0)).expect("ran");
    assert_eq!(
        early,
        [
            (privacy::Rule::LoanLink, 0),
            (privacy::Rule::Participant, 0)
        ],
        "not due before 30 days"
    );
    assert_eq!(linked(store), due);
    let done =
        privacy::run_automatic_on(store, at(thursday() + Days::new(30), 11, 0)).expect("ran");
    assert_eq!(
        done,
        [
            (privacy::Rule::LoanLink, usize::try_from(due).unwrap()),
            (privacy::Rule::Participant, 0)
        ]
    );
    assert_eq!(linked(store), 0, "no returned loan names its borrower");
    assert_eq!(
        count(
            store,
            "SELECT count(*) FROM loan AS l JOIN copy AS c ON c.id = l.copy_id
             WHERE c.barcode = 'E-3' AND l.borrower_id IS NULL"
        ),
        1
    );
    assert_eq!(
        count(
            store,
            "SELECT CAST(sum(records) AS BIGINT) FROM deletion_log WHERE rule = 'loan_link_after_return'"
        ),
        due,
        "logged with the number of records"
    );
    let again =
        privacy::run_automatic_on(store, at(thursday() + Days::new(30), 12, 0)).expect("ran again");
    assert_eq!(
        again,
        [
            (privacy::Rule::LoanLink, 0),
            (privacy::Rule::Participant, 0)
        ]
    );
}

#[test]
fn the_retention_rules_at_start_go_the_same_on_the_file() {
    let (mut file, _) = file();
    retention_at_start(&mut file);
}

#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn the_retention_rules_at_start_go_the_same_on_the_server() {
    let (file, _) = file();
    let (mut server, _) = cluster().moved(&file, "kiz_t_lending_retention");
    retention_at_start(&mut server);
}

/// The Datenschutz page reads the same from the file and from the server
/// the file was moved onto: the rules, the calendar (with the proposals
/// that need two names), the deletion log and the consent texts.
#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn the_datenschutz_page_reads_the_same_from_the_file_and_from_the_server() {
    let (mut file, _) = file();
    retention_at_start(&mut file);
    let (mut server, _) = cluster().moved(&file, "kiz_t_lending_privacy");
    // Two years on, the borrowers without loans are proposed for deletion.
    let later = thursday() + Days::new(730);
    let on_file = file
        .read_sql(|sql| privacy::overview_in(sql, later))
        .expect("read from the file");
    let on_server = server
        .read_sql(|sql| privacy::overview_in(sql, later))
        .expect("read from the server");
    assert_eq!(on_file, on_server);
    assert!(
        on_file
            .calendar
            .iter()
            .any(|i| i.rule == privacy::Rule::InactiveBorrower),
        "{:?}",
        on_file.calendar
    );
    assert_eq!(on_file.log[0].rule, "loan_link_after_return");
    assert!(!on_file.consent_texts.is_empty());
    assert_eq!(on_file, privacy::overview(&file, later).expect("overview"));
}
