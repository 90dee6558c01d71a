//! Lending rules: loan periods and the opening calendar, checkout refusals,
//! the race of two desks, return, renewal, reservations, reminders.

mod common;
#[macro_use]
mod test_cluster;

use chrono::NaiveDate;
use common::{at, at_ten, borrower, day, give_back, lend, media_kind_on};
use kiz::catalogue::{self, CopyInput, CopyStatus, KitItem, MediumInput};
use kiz::db::engine::Engine;
use kiz::error::Param;
use kiz::lending::{
    self, CheckoutRequest, ClosingPeriod, OverdueFilter, ReservationFilter, ReservationStatus,
    ReturnRequest, Scanned,
};
use kiz::people::{self, BorrowerKind};
use kiz::{Db, Error};
use test_cluster::TestStore;

/// Thursday 12 November 2026, the day most tests run on.
fn thursday() -> NaiveDate {
    day(2026, 11, 12)
}

/// A medium of the given Mediengruppe with copies `barcodes`.
fn medium(db: &mut impl Engine, code: &str, title: &str, barcodes: &[&str]) -> i64 {
    let input = MediumInput {
        kind_id: media_kind_on(db, code),
        title: title.into(),
        kit_items: if code == "medienkoffer" {
            vec![
                KitItem {
                    name: "Bildkarten".into(),
                    quantity: 40,
                },
                KitItem {
                    name: "Spielanleitung".into(),
                    quantity: 1,
                },
            ]
        } else {
            vec![]
        },
        ..MediumInput::default()
    };
    let m = catalogue::create_medium(db, &input, at_ten(2026, 1, 5)).unwrap();
    for code in barcodes {
        catalogue::add_copy(
            db,
            m.id,
            &CopyInput {
                barcode: (*code).into(),
                ..CopyInput::default()
            },
            at_ten(2026, 1, 5),
        )
        .unwrap();
    }
    m.id
}

fn status(db: &mut impl Engine, barcode: &str) -> CopyStatus {
    db.read_sql(|s| catalogue::copy_by_barcode_in(s, barcode))
        .unwrap()
        .status
}

fn open_weekends(db: &mut impl Engine) {
    let mut settings = db.read_sql(|s| lending::lending_settings_in(s)).unwrap();
    settings.closed_weekdays.clear();
    lending::save_lending_settings(db, &settings, "BUERO-1", common::at_ten(2026, 11, 12)).unwrap();
}

fn loan_periods_follow_the_mediengruppe_defaults(db: &mut TestStore) {
    open_weekends(db);
    let anna = borrower(db, "Anna Keller", BorrowerKind::Ehrenamtlich);
    let cases = [
        ("buch", "B1", 28),
        ("lehrwerk", "L1", 28),
        ("spiel", "S1", 14),
        ("video", "V1", 7),
        ("audio", "A1", 14),
        ("medienkoffer", "K1", 42),
    ];
    for (code, barcode, days) in cases {
        medium(db, code, &format!("Ein {code}"), &[barcode]);
        let loan = lend(db, anna, barcode, thursday()).unwrap();
        assert_eq!(
            (loan.due_on - thursday()).num_days(),
            days,
            "{code} is lent for {days} days by default"
        );
        assert_eq!(loan.max_renewals, 2, "two renewals by default");
    }
}
on_both_engines!(loan_periods_follow_the_mediengruppe_defaults);

fn a_due_date_on_a_closed_day_moves_to_the_next_open_day(db: &mut TestStore) {
    let anna = borrower(db, "Anna Keller", BorrowerKind::Ehrenamtlich);
    medium(db, "spiel", "Memory", &["S1", "S2"]);
    // 14 days after Sunday 6 December is Sunday 20 December: closed
    // weekends move it to Monday 21.
    let loan = lend(db, anna, "S1", day(2026, 12, 6)).unwrap();
    assert_eq!(
        loan.due_on,
        day(2026, 12, 21),
        "Saturday and Sunday are closed by default"
    );

    // Christmas closing from 21 December to 1 January: the next open day
    // after that is Monday 4 January 2027 (2 and 3 January are a weekend).
    let mut settings = db.read(|s| lending::lending_settings_in(s)).unwrap();
    settings.closing_periods.push(ClosingPeriod {
        first_day: day(2026, 12, 21),
        last_day: day(2027, 1, 1),
        reason: "Weihnachten".into(),
    });
    lending::save_lending_settings(db, &settings, "BUERO-1", common::at_ten(2026, 11, 12)).unwrap();
    let loan = lend(db, anna, "S2", day(2026, 12, 6)).unwrap();
    assert_eq!(
        loan.due_on,
        day(2027, 1, 4),
        "a loan over the holidays ends after them"
    );
}
on_both_engines!(a_due_date_on_a_closed_day_moves_to_the_next_open_day);

fn loan_rules_per_kind_of_borrower_and_limits_are_editable(mut db: &mut TestStore) {
    open_weekends(db);
    let book = media_kind_on(db, "buch");
    let mut settings = db.read(|s| lending::lending_settings_in(s)).unwrap();
    assert_eq!(
        settings.rules.len(),
        7 * 4,
        "a rule per Mediengruppe and kind of borrower"
    );
    for rule in &mut settings.rules {
        if rule.kind_id == book && rule.borrower_kind == BorrowerKind::Hauptamtlich {
            rule.period_days = 56;
        }
    }
    for limit in &mut settings.limits {
        if limit.borrower_kind == BorrowerKind::Ehrenamtlich {
            limit.max_items = 2;
        }
    }
    lending::save_lending_settings(db, &settings, "BUERO-1", common::at_ten(2026, 11, 12)).unwrap();
    let paid = borrower(db, "Petra Hauptamt", BorrowerKind::Hauptamtlich);
    let volunteer = borrower(db, "Veli Ehrenamt", BorrowerKind::Ehrenamtlich);
    medium(db, "buch", "Buch", &["B1", "B2", "B3", "B4"]);
    assert_eq!(
        lend(db, paid, "B1", thursday()).unwrap().due_on,
        day(2027, 1, 7)
    );
    assert_eq!(
        lend(db, volunteer, "B2", thursday()).unwrap().due_on,
        day(2026, 12, 10)
    );
    lend(db, volunteer, "B3", thursday()).unwrap();
    let refused = lend(db, volunteer, "B4", thursday()).unwrap_err();
    assert!(
        matches!(refused, Error::LoanLimitReached { limit: 2 }),
        "the volunteer limit of 2 holds: {refused:?}"
    );
    assert_eq!(
        status(&mut db, "B4"),
        CopyStatus::Verfuegbar,
        "nothing changed"
    );
}
on_both_engines!(loan_rules_per_kind_of_borrower_and_limits_are_editable);

fn a_mediengruppe_added_later_lends_with_the_default_rule(db: &mut TestStore) {
    open_weekends(db);
    let kit = catalogue::add_media_kind(db, "Tonies").unwrap();
    let m = catalogue::create_medium(
        db,
        &MediumInput {
            kind_id: kit.id,
            title: "Hörfigur".into(),
            ..MediumInput::default()
        },
        at(thursday(), 10, 0),
    )
    .unwrap();
    catalogue::add_copy(
        db,
        m.id,
        &CopyInput {
            barcode: "T1".into(),
            ..CopyInput::default()
        },
        at(thursday(), 10, 0),
    )
    .unwrap();
    let anna = borrower(db, "Anna", BorrowerKind::Sonstige);
    let loan = lend(db, anna, "T1", thursday()).unwrap();
    assert_eq!((loan.due_on - thursday()).num_days(), 28, "default period");
    let settings = db.read(|s| lending::lending_settings_in(s)).unwrap();
    assert!(
        settings.rules.iter().any(|r| r.kind_id == kit.id),
        "the new group shows in the settings"
    );
}
on_both_engines!(a_mediengruppe_added_later_lends_with_the_default_rule);

fn bad_lending_settings_are_refused_and_nothing_changes(db: &mut TestStore) {
    let before = db.read(|s| lending::lending_settings_in(s)).unwrap();
    let mut all_closed = before.clone();
    all_closed.closed_weekdays = vec![1, 2, 3, 4, 5, 6, 7];
    assert_eq!(
        lending::save_lending_settings(db, &all_closed, "BUERO-1", common::at_ten(2026, 11, 12))
            .unwrap_err()
            .code(),
        "all_weekdays_closed"
    );
    let mut zero = before.clone();
    zero.rules[0].period_days = 0;
    let error = lending::save_lending_settings(db, &zero, "BUERO-1", common::at_ten(2026, 11, 12))
        .unwrap_err();
    assert_eq!(
        (error.code(), error.field()),
        ("out_of_range", Some("period_days"))
    );
    let mut reversed = before.clone();
    reversed.closing_periods.push(ClosingPeriod {
        first_day: day(2027, 1, 10),
        last_day: day(2027, 1, 2),
        reason: String::new(),
    });
    assert_eq!(
        lending::save_lending_settings(db, &reversed, "BUERO-1", common::at_ten(2026, 11, 12))
            .unwrap_err()
            .code(),
        "closing_period_invalid"
    );
    assert_eq!(
        db.read(|s| lending::lending_settings_in(s)).unwrap(),
        before,
        "nothing stored"
    );
}
on_both_engines!(bad_lending_settings_are_refused_and_nothing_changes);

fn checkout_refuses_a_copy_on_loan_and_says_until_when(db: &mut TestStore) {
    open_weekends(db);
    let anna = borrower(db, "Anna", BorrowerKind::Ehrenamtlich);
    let ben = borrower(db, "Ben", BorrowerKind::Ehrenamtlich);
    medium(db, "buch", "Buch", &["B1"]);
    lend(db, anna, "B1", thursday()).unwrap();
    let error = lend(db, ben, "B1", thursday()).unwrap_err();
    assert!(
        matches!(error, Error::CopyAlreadyOnLoan { due_on: Some(d), to_this_borrower: false, .. } if d == day(2026, 12, 10)),
        "{error:?}"
    );
    assert_eq!(
        error.params().get("due"),
        Some(&Param::Date(day(2026, 12, 10))),
        "the text names the due date"
    );
    let again = lend(db, anna, "B1", thursday()).unwrap_err();
    assert!(
        matches!(
            again,
            Error::CopyAlreadyOnLoan {
                to_this_borrower: true,
                ..
            }
        ),
        "scanning one's own copy twice says so"
    );
    assert_eq!(
        db.read(|s| lending::open_loans_in(s, ben)).unwrap().len(),
        0
    );
}
on_both_engines!(checkout_refuses_a_copy_on_loan_and_says_until_when);

fn checkout_of_a_copy_on_loan_names_another_copy_on_the_shelf_and_asks_for_the_return_only_of_ones_own(
    db: &mut TestStore,
) {
    open_weekends(db);
    let anna = borrower(db, "Anna", BorrowerKind::Ehrenamtlich);
    let ben = borrower(db, "Ben", BorrowerKind::Ehrenamtlich);
    medium(db, "buch", "Buch", &["KI-M-000042", "KI-M-000043"]);
    medium(db, "buch", "Einzelstück", &["KI-M-000050"]);
    lend(db, anna, "KI-M-000042", thursday()).unwrap();
    lend(db, anna, "KI-M-000050", thursday()).unwrap();

    // Someone else has the scanned copy; its sibling is on the shelf.
    let error = lend(db, ben, "KI-M-000042", thursday()).unwrap_err();
    match &error {
        Error::CopyAlreadyOnLoan {
            barcode,
            to_this_borrower,
            on_shelf,
            ..
        } => {
            assert_eq!(barcode, "KI-M-000042", "the refusal names the scanned copy");
            assert!(!to_this_borrower, "Anna has it, not Ben");
            assert_eq!(
                on_shelf.as_deref(),
                Some("KI-M-000043"),
                "the other copy of the medium is on the shelf and can go instead"
            );
        }
        other => panic!("expected copy_already_on_loan, got {other:?}"),
    }
    assert_eq!(
        error.params(),
        std::collections::BTreeMap::from([
            ("variant", Param::Text("other_on_shelf".into())),
            ("barcode", Param::Text("KI-M-000042".into())),
            ("due", Param::Date(day(2026, 12, 10))),
            ("other", Param::Text("KI-M-000043".into())),
        ]),
        "the wording for someone else's copy (Ben cannot book the return of \
         Anna's loan), the copies and the due date"
    );

    // No other copy: the message says so, and still asks for no return.
    let single = lend(db, ben, "KI-M-000050", thursday()).unwrap_err();
    assert!(
        matches!(&single, Error::CopyAlreadyOnLoan { on_shelf: None, .. }),
        "{single:?}"
    );
    assert_eq!(
        single.params().get("variant"),
        Some(&Param::Text("none_on_shelf".into())),
        "the wording that says no other copy is on the shelf"
    );

    // A copy set aside for a reservation is not on the shelf.
    let carla = borrower(db, "Carla", BorrowerKind::Ehrenamtlich);
    let m = db
        .read(|s| catalogue::copy_by_barcode_in(s, "KI-M-000043"))
        .unwrap()
        .medium_id;
    lending::reserve(db, m, carla, at(thursday(), 10, 0)).unwrap();
    assert!(
        matches!(
            lend(db, ben, "KI-M-000042", thursday()).unwrap_err(),
            Error::CopyAlreadyOnLoan { on_shelf: None, .. }
        ),
        "KI-M-000043 now waits for Carla"
    );

    // The borrower at the desk has it: renew, or book the return first.
    let own = lend(db, anna, "KI-M-000042", thursday()).unwrap_err();
    assert!(
        matches!(
            &own,
            Error::CopyAlreadyOnLoan {
                to_this_borrower: true,
                ..
            }
        ),
        "{own:?}"
    );
    assert_eq!(
        (own.params().get("variant"), own.params().get("due")),
        (
            Some(&Param::Text("own".into())),
            Some(&Param::Date(day(2026, 12, 10)))
        ),
        "only the borrower who has it gets the wording that asks to book the return"
    );
}
on_both_engines!(checkout_of_a_copy_on_loan_names_another_copy_on_the_shelf_and_asks_for_the_return_only_of_ones_own);

fn checkout_refuses_unknown_codes_blocked_borrowers_and_copies_in_repair(mut db: &mut TestStore) {
    let anna = borrower(db, "Anna", BorrowerKind::Ehrenamtlich);
    let m = medium(db, "buch", "Buch", &["B1", "B2"]);
    let error = lend(db, anna, "X-404", thursday()).unwrap_err();
    assert_eq!(error.code(), "unknown_barcode");
    let copy = db.read(|s| catalogue::medium_in(s, m)).unwrap().copies[1].id;
    kiz::db::set_copy_status_for_tests(db, copy, "in_reparatur").unwrap();
    let error = lend(db, anna, "B2", thursday()).unwrap_err();
    assert_eq!(error.code(), "copy_not_lendable");
    assert_eq!(
        error.params().get("variant"),
        Some(&Param::Text("in_reparatur".into())),
        "the wording for a copy in repair"
    );
    people::set_blocked(
        db,
        anna,
        Some("Ausweis verloren gemeldet"),
        at(thursday(), 10, 0),
        None,
        "",
    )
    .unwrap();
    let error = lend(db, anna, "B1", thursday()).unwrap_err();
    assert_eq!(error.code(), "borrower_blocked");
    assert_eq!(
        error.params().get("reason"),
        Some(&Param::Text("Ausweis verloren gemeldet".into())),
        "the reason is shown"
    );
    assert_eq!(status(&mut db, "B1"), CopyStatus::Verfuegbar);
}
on_both_engines!(checkout_refuses_unknown_codes_blocked_borrowers_and_copies_in_repair);

fn overdue_items_block_checkout_unless_staff_give_a_reason_which_is_stored(db: &mut TestStore) {
    open_weekends(db);
    let anna = borrower(db, "Anna", BorrowerKind::Ehrenamtlich);
    medium(db, "video", "Film", &["V1"]);
    medium(db, "buch", "Buch", &["B1"]);
    lend(db, anna, "V1", day(2026, 11, 1)).unwrap(); // due 8 November
    let error = lend(db, anna, "B1", thursday()).unwrap_err();
    assert!(
        matches!(error, Error::BorrowerHasOverdue { count: 1 }),
        "{error:?}"
    );
    let blank = lending::checkout(
        db,
        &CheckoutRequest {
            borrower_id: anna,
            barcode: "B1".into(),
            override_reason: Some("  ".into()),
            course_end: None,
        },
        at(thursday(), 10, 0),
    );
    assert_eq!(
        blank.unwrap_err().code(),
        "borrower_has_overdue",
        "a blank reason is no reason"
    );
    let loan = lending::checkout(
        db,
        &CheckoutRequest {
            borrower_id: anna,
            barcode: "B1".into(),
            override_reason: Some("Film kommt morgen zurück".into()),
            course_end: None,
        },
        at(thursday(), 10, 0),
    )
    .unwrap();
    assert_eq!(
        loan.override_reason.as_deref(),
        Some("Film kommt morgen zurück")
    );
}
on_both_engines!(overdue_items_block_checkout_unless_staff_give_a_reason_which_is_stored);

#[test]
fn two_desks_lending_one_copy_at_once_never_make_two_loans() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kiz.sqlite");
    let (anna, ben) = {
        let mut db = Db::open(&path).unwrap();
        medium(&mut db, "buch", "Buch", &["B1"]);
        (
            borrower(&mut db, "Anna", BorrowerKind::Ehrenamtlich),
            borrower(&mut db, "Ben", BorrowerKind::Hauptamtlich),
        )
    };
    for round in 0..20 {
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
        let results: Vec<kiz::Result<lending::Loan>> = std::thread::scope(|s| {
            let handles: Vec<_> = [anna, ben]
                .into_iter()
                .map(|who| {
                    let barrier = barrier.clone();
                    let path = path.clone();
                    s.spawn(move || {
                        let mut db = Db::open(&path).unwrap();
                        barrier.wait();
                        lend(&mut db, who, "B1", thursday())
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let won = results.iter().filter(|r| r.is_ok()).count();
        assert_eq!(
            won, 1,
            "round {round}: exactly one desk lends the copy: {results:?}"
        );
        let lost = results.iter().find_map(|r| r.as_ref().err()).unwrap();
        assert_eq!(lost.code(), "copy_already_on_loan");
        let mut db = Db::open(&path).unwrap();
        give_back(&mut db, "B1", &[], thursday());
    }
}

#[test]
fn the_schema_itself_refuses_a_second_open_loan_of_a_copy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kiz.sqlite");
    {
        let mut db = Db::open(&path).unwrap();
        medium(&mut db, "buch", "Buch", &["B1"]);
        let anna = borrower(&mut db, "Anna", BorrowerKind::Ehrenamtlich);
        lend(&mut db, anna, "B1", thursday()).unwrap();
    }
    let conn = rusqlite::Connection::open(&path).unwrap();
    let second = conn.execute(
        "INSERT INTO loan (copy_id, borrower_id, borrower_kind, loaned_at, due_on)
         SELECT copy_id, borrower_id, borrower_kind, loaned_at, due_on FROM loan",
        [],
    );
    let refused = second.expect_err("the unique index on open loans holds even for raw SQL");
    assert!(
        refused.to_string().contains("UNIQUE constraint failed"),
        "refused by the unique index, not for another reason: {refused}"
    );
    let closed = conn.execute(
        "INSERT INTO loan (copy_id, borrower_id, borrower_kind, loaned_at, due_on, returned_at, outcome)
         SELECT copy_id, borrower_id, borrower_kind, loaned_at, due_on, loaned_at, 'zurueckgegeben' FROM loan",
        [],
    );
    assert_eq!(
        closed.expect("closed loans (the history) are many per copy"),
        1,
        "one closed loan added"
    );
}

fn a_return_closes_the_loan_and_counts_the_days_overdue(mut db: &mut TestStore) {
    open_weekends(db);
    let anna = borrower(db, "Anna Keller", BorrowerKind::Ehrenamtlich);
    medium(db, "video", "Film", &["V1"]);
    lend(db, anna, "V1", day(2026, 11, 1)).unwrap(); // due 8 November
    let receipt = give_back(db, "V1", &[], thursday());
    assert_eq!(receipt.days_overdue, 4, "8 to 12 November");
    assert_eq!(receipt.borrower_name.as_deref(), Some("Anna Keller"));
    assert_eq!(receipt.loan.returned_at, Some(at(thursday(), 10, 0)));
    assert!(receipt.reserved_for.is_none());
    assert_eq!(status(&mut db, "V1"), CopyStatus::Verfuegbar);
    let again = lending::checkin(
        db,
        &ReturnRequest {
            barcode: "V1".into(),
            missing_parts: vec![],
        },
        at(thursday(), 10, 0),
    );
    assert_eq!(again.unwrap_err().code(), "copy_not_on_loan");
    let copy = db
        .read(|s| catalogue::copy_by_barcode_in(s, "V1"))
        .unwrap()
        .id;
    let history = db.read(|s| lending::copy_history_in(s, copy, 10)).unwrap();
    assert_eq!(history.len(), 1, "the loan stays as the copy's history");
}
on_both_engines!(a_return_closes_the_loan_and_counts_the_days_overdue);

fn missing_kit_parts_are_recorded_on_the_loan_and_the_copy_and_cleared_when_complete(
    db: &mut TestStore,
) {
    let anna = borrower(db, "Anna", BorrowerKind::Ehrenamtlich);
    medium(db, "medienkoffer", "Koffer Küche", &["K1"]);
    lend(db, anna, "K1", thursday()).unwrap();
    let receipt = lending::checkin(
        db,
        &ReturnRequest {
            barcode: "K1".into(),
            missing_parts: vec!["Spielanleitung".into()],
        },
        at(thursday(), 10, 0),
    )
    .unwrap();
    assert_eq!(receipt.loan.missing_parts, "Spielanleitung");
    assert_eq!(
        db.read(|s| catalogue::copy_by_barcode_in(s, "K1"))
            .unwrap()
            .missing_parts,
        "Spielanleitung"
    );
    lend(db, anna, "K1", thursday()).unwrap();
    give_back(db, "K1", &[], thursday());
    assert_eq!(
        db.read(|s| catalogue::copy_by_barcode_in(s, "K1"))
            .unwrap()
            .missing_parts,
        "",
        "a complete return clears the note"
    );
}
on_both_engines!(missing_kit_parts_are_recorded_on_the_loan_and_the_copy_and_cleared_when_complete);

fn a_returned_copy_of_a_reserved_medium_is_set_aside_for_the_first_in_the_queue(
    mut db: &mut TestStore,
) {
    open_weekends(db);
    let anna = borrower(db, "Anna", BorrowerKind::Ehrenamtlich);
    let ben = borrower(db, "Ben", BorrowerKind::Ehrenamtlich);
    let cem = borrower(db, "Cem", BorrowerKind::Ehrenamtlich);
    let m = medium(db, "buch", "Buch", &["B1"]);
    lend(db, anna, "B1", thursday()).unwrap();
    let first = lending::reserve(db, m, ben, at(thursday(), 10, 0)).unwrap();
    let second = lending::reserve(db, m, cem, at_ten(2026, 11, 13)).unwrap();
    assert_eq!(
        (first.position, second.position),
        (Some(1), Some(2)),
        "first come, first served"
    );
    let receipt = give_back(db, "B1", &[], day(2026, 11, 20));
    let ready = receipt
        .reserved_for
        .expect("the return announces the reservation");
    assert_eq!(ready.borrower_id, Some(ben));
    assert_eq!(ready.pickup_by, day(2026, 11, 27), "7 days to pick it up");
    assert_eq!(status(&mut db, "B1"), CopyStatus::Vorgemerkt);
    let error = lend(db, cem, "B1", day(2026, 11, 21)).unwrap_err();
    assert_eq!(error.code(), "copy_reserved_for_other");
    let queue = db
        .read(|s| {
            lending::reservations_in(
                s,
                &ReservationFilter {
                    medium_id: Some(m),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    assert_eq!(queue[1].position, Some(1), "Cem moved up to first place");
    lend(db, ben, "B1", day(2026, 11, 21)).unwrap();
    let done = db
        .read(|s| {
            lending::reservations_in(
                s,
                &ReservationFilter {
                    borrower_id: Some(ben),
                    status: Some(ReservationStatus::Abgeholt),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    assert_eq!(done.len(), 1, "Ben's reservation is picked up");
}
on_both_engines!(a_returned_copy_of_a_reserved_medium_is_set_aside_for_the_first_in_the_queue);

/// Anna returned "B1" on 20 November; it is set aside for Ben until 27
/// November, and Cem waits behind him. Returns the database, Ben and Cem.
fn ready_for_ben_then_cem(mut db: &mut TestStore) -> (i64, i64) {
    open_weekends(&mut db);
    let anna = borrower(&mut db, "Anna", BorrowerKind::Ehrenamtlich);
    let ben = borrower(&mut db, "Ben", BorrowerKind::Ehrenamtlich);
    let cem = borrower(&mut db, "Cem", BorrowerKind::Ehrenamtlich);
    let m = medium(&mut db, "buch", "Buch", &["B1"]);
    lend(&mut db, anna, "B1", thursday()).unwrap();
    lending::reserve(&mut db, m, ben, at(thursday(), 10, 0)).unwrap();
    lending::reserve(&mut db, m, cem, at(thursday(), 10, 0)).unwrap();
    give_back(&mut db, "B1", &[], day(2026, 11, 20)); // ready for Ben until 27 November
    (ben, cem)
}

fn an_uncollected_copy_goes_to_the_next_in_line_then_back_to_the_shelf(db: &mut TestStore) {
    let (ben, cem) = ready_for_ben_then_cem(db);
    assert!(
        lending::expire_reservations(db, at_ten(2026, 11, 27))
            .unwrap()
            .is_empty(),
        "the deadline day still counts"
    );
    let next = lending::expire_reservations(db, at_ten(2026, 11, 28)).unwrap();
    assert_eq!(next.len(), 1);
    assert_eq!(next[0].borrower_id, Some(cem), "Cem is next");
    assert_eq!(next[0].pickup_by, day(2026, 12, 5));
    let expired = db
        .read(|s| {
            lending::reservations_in(
                s,
                &ReservationFilter {
                    borrower_id: Some(ben),
                    status: Some(ReservationStatus::Abgelaufen),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    assert_eq!(expired.len(), 1);
    lending::expire_reservations(db, at_ten(2026, 12, 6)).unwrap();
    assert_eq!(
        status(db, "B1"),
        CopyStatus::Verfuegbar,
        "no one left: back on the shelf"
    );
}
on_both_engines!(an_uncollected_copy_goes_to_the_next_in_line_then_back_to_the_shelf);

fn the_reservation_list_ends_expired_pickups_before_it_lists(db: &mut TestStore) {
    let (ben, cem) = ready_for_ben_then_cem(db);
    let active = ReservationFilter::default();

    let on_time = lending::reservation_list(db, &active, at_ten(2026, 11, 27)).unwrap();
    assert!(
        on_time.newly_ready.is_empty(),
        "the deadline day still counts"
    );
    assert_eq!(on_time.rows.len(), 2);
    assert_eq!(
        (on_time.rows[0].borrower_id, on_time.rows[0].status),
        (Some(ben), ReservationStatus::Bereit),
        "Ben's copy waits for him, ready ones first"
    );

    let late = lending::reservation_list(db, &active, at_ten(2026, 11, 28)).unwrap();
    assert_eq!(late.newly_ready.len(), 1);
    assert_eq!(late.newly_ready[0].borrower_id, Some(cem), "Cem is next");
    let listed: Vec<(Option<i64>, ReservationStatus)> = late
        .rows
        .iter()
        .map(|r| (r.borrower_id, r.status))
        .collect();
    assert_eq!(
        listed,
        [(Some(cem), ReservationStatus::Bereit)],
        "Ben's expired pickup is off the list it was ended for"
    );
}
on_both_engines!(the_reservation_list_ends_expired_pickups_before_it_lists);

fn cancelling_a_ready_reservation_passes_the_copy_on_and_a_reservation_of_a_shelved_copy_is_ready_at_once(
    db: &mut TestStore,
) {
    open_weekends(db);
    let ben = borrower(db, "Ben", BorrowerKind::Ehrenamtlich);
    let cem = borrower(db, "Cem", BorrowerKind::Ehrenamtlich);
    let m = medium(db, "buch", "Buch", &["B1"]);
    let ready = lending::reserve(db, m, ben, at(thursday(), 10, 0)).unwrap();
    assert_eq!(
        ready.status,
        ReservationStatus::Bereit,
        "a copy on the shelf is set aside at once"
    );
    assert_eq!(ready.barcode.as_deref(), Some("B1"));
    let waiting = lending::reserve(db, m, cem, at(thursday(), 10, 0)).unwrap();
    assert_eq!(waiting.status, ReservationStatus::Wartend);
    assert_eq!(
        lending::reserve(db, m, cem, at(thursday(), 10, 0))
            .unwrap_err()
            .code(),
        "already_reserved"
    );
    let passed = lending::cancel_reservation(db, ready.id, at(thursday(), 10, 0)).unwrap();
    assert_eq!(passed.map(|r| r.borrower_id), Some(Some(cem)));
    assert_eq!(
        lending::cancel_reservation(db, ready.id, at(thursday(), 10, 0))
            .unwrap_err()
            .code(),
        "reservation_closed"
    );
    let cem_reservation = db
        .read(|s| {
            lending::reservations_in(
                s,
                &ReservationFilter {
                    borrower_id: Some(cem),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    lending::cancel_reservation(db, cem_reservation[0].id, at(thursday(), 10, 0)).unwrap();
    assert_eq!(status(db, "B1"), CopyStatus::Verfuegbar);
}
on_both_engines!(cancelling_a_ready_reservation_passes_the_copy_on_and_a_reservation_of_a_shelved_copy_is_ready_at_once);

fn a_copy_set_aside_for_a_reservation_is_not_retired(mut db: &mut TestStore) {
    let ben = borrower(db, "Ben", BorrowerKind::Ehrenamtlich);
    let m = medium(db, "buch", "Buch", &["B1"]);
    lending::reserve(db, m, ben, at(thursday(), 10, 0)).unwrap();
    let copy = db.read(|s| catalogue::copy_by_barcode_in(s, "B1")).unwrap();
    let error = lending::change_copy_status(
        db,
        copy.id,
        &lending::CopyStatusChange::Ausgeschieden {
            reason: "veraltet".into(),
            on: None,
        },
        at(thursday(), 10, 0),
        None,
        "",
    )
    .unwrap_err();
    assert_eq!(error.code(), "copy_set_aside");
    assert_eq!(error.field(), None);
    assert_eq!(
        status(&mut db, "B1"),
        CopyStatus::Vorgemerkt,
        "nothing changed"
    );
}
on_both_engines!(a_copy_set_aside_for_a_reservation_is_not_retired);

fn reservations_are_refused_for_media_the_borrower_has_and_media_without_lendable_copies(
    db: &mut TestStore,
) {
    let anna = borrower(db, "Anna", BorrowerKind::Ehrenamtlich);
    let m = medium(db, "buch", "Buch", &["B1"]);
    let none = medium(db, "buch", "Ohne Exemplar", &[]);
    lend(db, anna, "B1", thursday()).unwrap();
    assert_eq!(
        lending::reserve(db, m, anna, at(thursday(), 10, 0))
            .unwrap_err()
            .code(),
        "already_has_medium"
    );
    assert_eq!(
        lending::reserve(db, none, anna, at(thursday(), 10, 0))
            .unwrap_err()
            .code(),
        "medium_not_lendable"
    );
}
on_both_engines!(
    reservations_are_refused_for_media_the_borrower_has_and_media_without_lendable_copies
);

fn each_renewal_is_recorded_with_its_moment_and_a_refused_one_is_not(db: &mut TestStore) {
    open_weekends(db);
    let anna = borrower(db, "Anna", BorrowerKind::Ehrenamtlich);
    medium(db, "spiel", "Spiel", &["S1"]);
    let loan = lend(db, anna, "S1", day(2026, 11, 1)).unwrap();
    lending::renew(db, "S1", at_ten(2026, 11, 1)).unwrap_err();
    lending::renew(db, "S1", at(thursday(), 10, 0)).unwrap();
    lending::renew(db, "S1", at_ten(2026, 11, 20)).unwrap();
    lending::renew(db, "S1", at_ten(2026, 12, 1)).unwrap_err();
    // The loan keeps only its last renewal; the Berichte count both.
    let renewals: Vec<(i64, String)> = db
        .rows(
            "SELECT loan_id, renewed_at FROM loan_renewal ORDER BY id",
            &[],
        )
        .iter()
        .map(|r| (r.get(0).unwrap(), r.get(1).unwrap()))
        .collect();
    assert_eq!(
        renewals,
        [
            (loan.id, "2026-11-12T10:00:00".to_owned()),
            (loan.id, "2026-11-20T10:00:00".to_owned())
        ],
        "two renewals make two rows; the refused ones none"
    );
}
on_both_engines!(each_renewal_is_recorded_with_its_moment_and_a_refused_one_is_not);

fn a_loan_records_the_month_of_its_borrowers_previous_loan_also_after_the_link_goes(
    db: &mut TestStore,
) {
    open_weekends(db);
    let anna = borrower(db, "Anna", BorrowerKind::Ehrenamtlich);
    let ben = borrower(db, "Ben", BorrowerKind::Hauptamtlich);
    medium(db, "buch", "Buch", &["B1", "B2", "B3"]);
    lend(db, anna, "B1", day(2026, 9, 30)).unwrap();
    give_back(db, "B1", &[], day(2026, 10, 5));
    lend(db, anna, "B2", day(2026, 10, 7)).unwrap();
    lend(db, anna, "B3", day(2026, 11, 2)).unwrap();
    give_back(db, "B3", &[], day(2026, 11, 3));
    lend(db, ben, "B3", day(2026, 11, 4)).unwrap();
    let previous: Vec<(String, Option<i64>, String)> = db
        .rows(
            "SELECT loaned_at, borrower_id, previous_loan_month FROM loan ORDER BY id",
            &[],
        )
        .iter()
        .map(|l| {
            let loaned_at: String = l.get(0).unwrap();
            (
                loaned_at[..10].to_owned(),
                l.get(1).unwrap(),
                l.get(2).unwrap(),
            )
        })
        .collect();
    // The returned loans no longer name Anna; their months stay.
    assert_eq!(
        previous,
        [
            ("2026-09-30".to_owned(), None, "-".to_owned()),
            ("2026-10-07".to_owned(), Some(anna), "2026-09".to_owned()),
            ("2026-11-02".to_owned(), None, "2026-10".to_owned()),
            ("2026-11-04".to_owned(), Some(ben), "-".to_owned()),
        ],
        "a first loan ever records '-', every later one its previous loan's month"
    );
}
on_both_engines!(a_loan_records_the_month_of_its_borrowers_previous_loan_also_after_the_link_goes);

fn renewal_counts_from_today_and_never_shortens_a_loan(db: &mut TestStore) {
    open_weekends(db);
    let anna = borrower(db, "Anna", BorrowerKind::Ehrenamtlich);
    medium(db, "spiel", "Spiel", &["S1"]);
    lend(db, anna, "S1", day(2026, 11, 1)).unwrap(); // due 15 November
    let same_day = lending::renew(db, "S1", at_ten(2026, 11, 1)).unwrap_err();
    assert_eq!(
        same_day.code(),
        "renewal_not_needed",
        "a renewal that gains nothing is not counted"
    );
    let renewed = lending::renew(db, "S1", at(thursday(), 10, 0)).unwrap();
    assert_eq!(renewed.due_on, day(2026, 11, 26), "12 November + 14 days");
    assert_eq!(renewed.renewals, 1);
    let renewed = lending::renew(db, "S1", at_ten(2026, 11, 20)).unwrap();
    assert_eq!((renewed.due_on, renewed.renewals), (day(2026, 12, 4), 2));
    let error = lending::renew(db, "S1", at_ten(2026, 12, 1)).unwrap_err();
    assert!(
        matches!(error, Error::RenewalLimitReached { max: 2 }),
        "{error:?}"
    );
}
on_both_engines!(renewal_counts_from_today_and_never_shortens_a_loan);

fn renewal_is_refused_when_overdue_beyond_the_grace_or_while_another_teacher_has_reserved(
    db: &mut TestStore,
) {
    open_weekends(db);
    let anna = borrower(db, "Anna", BorrowerKind::Ehrenamtlich);
    let ben = borrower(db, "Ben", BorrowerKind::Ehrenamtlich);
    medium(db, "video", "Film", &["V1"]);
    let m = medium(db, "buch", "Buch", &["B1"]);
    lend(db, anna, "V1", day(2026, 11, 1)).unwrap(); // due 8 November
    let late = lending::renew(db, "V1", at_ten(2026, 11, 16)).unwrap_err();
    assert!(
        matches!(late, Error::RenewalTooLate { days_overdue: 8 }),
        "grace is 7 days: {late:?}"
    );
    let within = lending::renew(db, "V1", at_ten(2026, 11, 15)).unwrap();
    assert_eq!(
        within.due_on,
        day(2026, 11, 22),
        "7 days overdue is still within the grace"
    );
    lend(db, anna, "B1", thursday()).unwrap();
    lending::reserve(db, m, ben, at(thursday(), 10, 0)).unwrap();
    let blocked = lending::renew(db, "B1", at_ten(2026, 12, 1)).unwrap_err();
    assert_eq!(blocked.code(), "renewal_blocked_by_reservation");
}
on_both_engines!(
    renewal_is_refused_when_overdue_beyond_the_grace_or_while_another_teacher_has_reserved
);

fn reminder_levels_follow_the_intervals_and_are_never_recorded_twice(db: &mut TestStore) {
    open_weekends(db);
    let anna = borrower(db, "Anna", BorrowerKind::Ehrenamtlich);
    medium(db, "video", "Film", &["V1"]);
    medium(db, "buch", "Buch", &["B1"]);
    lend(db, anna, "V1", day(2026, 11, 1)).unwrap(); // due 8 November
    lend(db, anna, "B1", day(2026, 11, 1)).unwrap(); // due 29 November
    let list = db
        .read(|s| lending::overdue_loans_in(s, day(2026, 11, 14), &OverdueFilter::default()))
        .unwrap();
    assert_eq!(list.len(), 1, "only the film is overdue");
    assert_eq!(
        (list[0].days_overdue, list[0].reminder_due),
        (6, false),
        "the 1st reminder waits 7 days"
    );
    assert_eq!(
        lending::record_reminders(db, anna, day(2026, 11, 14))
            .unwrap_err()
            .code(),
        "no_reminder_due"
    );

    let letter = lending::record_reminders(db, anna, day(2026, 11, 15)).unwrap();
    assert_eq!((letter.level, letter.items.len()), (1, 1));
    assert_eq!(
        lending::record_reminders(db, anna, day(2026, 11, 15))
            .unwrap_err()
            .code(),
        "no_reminder_due",
        "the same reminder is not recorded twice"
    );
    let list = db
        .read(|s| lending::overdue_loans_in(s, day(2026, 11, 28), &OverdueFilter::default()))
        .unwrap();
    assert_eq!(
        (list[0].last_level, list[0].next_level, list[0].next_due_on),
        (1, Some(2), Some(day(2026, 11, 29)))
    );
    assert_eq!(
        lending::record_reminders(db, anna, day(2026, 11, 28))
            .unwrap_err()
            .code(),
        "no_reminder_due",
        "14 days after the 1st"
    );
    assert_eq!(
        lending::record_reminders(db, anna, day(2026, 11, 29))
            .unwrap()
            .level,
        2
    );
    let third = lending::record_reminders(db, anna, day(2026, 12, 13)).unwrap();
    assert_eq!(third.level, 3);
    let levels: Vec<(String, u8)> = third
        .items
        .iter()
        .map(|i| (i.loan.title.clone(), i.level))
        .collect();
    assert_eq!(
        levels,
        [("Film".to_string(), 3), ("Buch".to_string(), 1)],
        "the book, due 29 November, is due for its 1st reminder since 6 December: one letter holds both"
    );
    let list = db
        .read(|s| lending::overdue_loans_in(s, day(2027, 3, 1), &OverdueFilter::default()))
        .unwrap();
    assert_eq!(list[0].next_level, None, "no fourth level");
    let reprint = db
        .read(|s| lending::reminder_letter_in(s, anna, day(2026, 11, 15)))
        .unwrap();
    assert_eq!(
        reprint.items[0].loan.title, "Film",
        "a sent letter can be printed again"
    );
}
on_both_engines!(reminder_levels_follow_the_intervals_and_are_never_recorded_twice);

fn the_overdue_list_filters_by_text_days_kind_and_due_reminders(db: &mut TestStore) {
    open_weekends(db);
    let anna = borrower(db, "Anna Şahin", BorrowerKind::Ehrenamtlich);
    let ben = borrower(db, "Ben Weiß", BorrowerKind::Hauptamtlich);
    medium(db, "video", "Film", &["V1", "V2"]);
    lend(db, anna, "V1", day(2026, 11, 1)).unwrap(); // due 8 November
    lend(db, ben, "V2", day(2026, 11, 4)).unwrap(); // due 11 November
    let today = day(2026, 11, 16);
    let mut by = |f: OverdueFilter| -> Vec<String> {
        db.read(|s| lending::overdue_loans_in(s, today, &f))
            .unwrap()
            .into_iter()
            .map(|o| o.borrower_name)
            .collect()
    };
    assert_eq!(
        by(OverdueFilter::default()),
        ["Anna Şahin", "Ben Weiß"],
        "longest overdue first"
    );
    assert_eq!(
        by(OverdueFilter {
            text: "sahin".into(),
            ..Default::default()
        }),
        ["Anna Şahin"]
    );
    assert_eq!(
        by(OverdueFilter {
            min_days: 6,
            ..Default::default()
        }),
        ["Anna Şahin"]
    );
    assert_eq!(
        by(OverdueFilter {
            borrower_kind: Some(BorrowerKind::Hauptamtlich),
            ..Default::default()
        }),
        ["Ben Weiß"]
    );
    assert_eq!(
        by(OverdueFilter {
            reminder_due_only: true,
            ..Default::default()
        }),
        ["Anna Şahin"]
    );
}
on_both_engines!(the_overdue_list_filters_by_text_days_kind_and_due_reminders);

fn a_lost_copy_closes_the_loan_and_leaves_the_shelf(mut db: &mut TestStore) {
    let anna = borrower(db, "Anna", BorrowerKind::Ehrenamtlich);
    medium(db, "buch", "Buch", &["B1"]);
    let loan = lend(db, anna, "B1", thursday()).unwrap();
    let lost = lending::mark_lost(db, loan.id, at_ten(2026, 12, 20)).unwrap();
    assert_eq!(lost.outcome, Some(lending::Outcome::Verloren));
    assert_eq!(status(&mut db, "B1"), CopyStatus::Verloren);
    assert!(db
        .read(|s| lending::open_loans_in(s, anna))
        .unwrap()
        .is_empty());
    assert_eq!(
        lending::mark_lost(db, loan.id, at_ten(2026, 12, 20))
            .unwrap_err()
            .code(),
        "loan_closed"
    );
}
on_both_engines!(a_lost_copy_closes_the_loan_and_leaves_the_shelf);

fn a_scan_is_recognised_as_card_or_copy_and_an_unknown_code_is_named(db: &mut TestStore) {
    let anna = borrower(db, "Anna", BorrowerKind::Ehrenamtlich);
    medium(db, "medienkoffer", "Koffer", &["KI-M-000777"]);
    let card = db
        .read(|s| people::borrower_in(s, anna))
        .unwrap()
        .card_number;
    assert!(
        matches!(db.read(|s| lending::identify_in(s, &card)).unwrap(), Scanned::Borrower { borrower } if borrower.id == anna)
    );
    match db.read(|s| lending::identify_in(s, "ki-m-000777")).unwrap() {
        Scanned::Copy { copy } => {
            assert_eq!(copy.title, "Koffer", "a code typed in lower case is found");
            assert_eq!(
                copy.kit_items.len(),
                2,
                "the kit's checklist comes with the scan"
            );
            assert!(copy.loan.is_none());
        }
        other => panic!("expected a copy: {other:?}"),
    }
    let error = db.read(|s| lending::identify_in(s, "4711")).unwrap_err();
    assert_eq!(error.code(), "unknown_code");
    assert_eq!(
        error.params().get("code"),
        Some(&Param::Text("4711".into())),
        "the text names what was scanned"
    );
}
on_both_engines!(a_scan_is_recognised_as_card_or_copy_and_an_unknown_code_is_named);

fn the_borrower_panel_shows_open_loans_overdue_count_and_ready_reservations(db: &mut TestStore) {
    open_weekends(db);
    let anna = borrower(db, "Anna", BorrowerKind::Ehrenamtlich);
    medium(db, "video", "Film", &["V1"]);
    let book = medium(db, "buch", "Buch", &["B1"]);
    lend(db, anna, "V1", day(2026, 11, 1)).unwrap();
    lending::reserve(db, book, anna, at(thursday(), 10, 0)).unwrap();
    let panel = db
        .read(|s| lending::borrower_at_desk_in(s, anna, thursday()))
        .unwrap();
    assert_eq!((panel.loans.len(), panel.overdue, panel.limit), (1, 1, 10));
    assert_eq!(panel.reservations[0].status, ReservationStatus::Bereit);
}
on_both_engines!(the_borrower_panel_shows_open_loans_overdue_count_and_ready_reservations);

/// The desk's one step per scan: a card selects its borrower with the
/// panel; a copy is lent, taken back or renewed as the mode and the
/// selected borrower say, by the same rules as the single commands; a
/// refusal comes back with the copy and changes nothing; a Medienkoffer
/// that is out is handed back for its list to be checked first.
fn one_scan_is_recognised_and_carried_out_in_one_step(db: &mut TestStore) {
    use lending::{DeskMode, DeskOutcome, DeskRequest, Done};
    let anna = borrower(db, "Anna", BorrowerKind::Ehrenamtlich);
    let ben = borrower(db, "Ben", BorrowerKind::Hauptamtlich);
    medium(db, "buch", "Linie 1 A1", &["L1", "L2"]);
    medium(db, "medienkoffer", "Koffer", &["K1"]);
    let now = at(thursday(), 10, 0);
    let scan = |db: &mut TestStore, code: &str, mode: DeskMode, borrower_id: Option<i64>| {
        let request = DeskRequest {
            code: code.into(),
            mode,
            borrower_id,
            course_end: None,
        };
        lending::act(db, &request, now)
    };

    // A card: the borrower with the panel.
    let card = db
        .read(|s| people::borrower_in(s, anna))
        .unwrap()
        .card_number;
    match scan(db, &card, DeskMode::Return, None).unwrap() {
        DeskOutcome::Borrower(panel) => {
            assert_eq!(panel.borrower.id, anna);
            assert!(panel.loans.is_empty());
        }
        other => panic!("expected the borrower: {other:?}"),
    }

    // A copy with Anna selected: lent to her, the panel shows the loan.
    match scan(db, "l1", DeskMode::Checkout, Some(anna)).unwrap() {
        DeskOutcome::Copy {
            copy,
            done: Ok(Done::Lent(loan)),
            panel: Some(panel),
        } => {
            assert_eq!(copy.copy.barcode, "L1");
            assert_eq!(loan.borrower_id, Some(anna));
            assert_eq!(
                panel.loans.iter().map(|l| l.id).collect::<Vec<_>>(),
                [loan.id]
            );
        }
        other => panic!("expected a loan: {other:?}"),
    }

    // The same copy scanned for Ben: refused with the copy, nothing changed.
    match scan(db, "L1", DeskMode::Checkout, Some(ben)).unwrap() {
        DeskOutcome::Copy {
            copy,
            done: Err(error),
            panel: None,
        } => {
            assert_eq!(error.code(), "copy_already_on_loan");
            assert_eq!(copy.loan.map(|l| l.borrower_id), Some(Some(anna)));
        }
        other => panic!("expected a refusal: {other:?}"),
    }
    assert!(db
        .read(|s| lending::open_loans_in(s, ben))
        .unwrap()
        .is_empty());
    assert_eq!(
        db.read(|s| lending::open_loans_in(s, anna)).unwrap().len(),
        1
    );

    // F4, shortly before the due date: renewed, whoever has it.
    let renewal = DeskRequest {
        code: "L1".into(),
        mode: DeskMode::Renew,
        borrower_id: None,
        course_end: None,
    };
    match lending::act(db, &renewal, at(day(2026, 12, 8), 10, 0)).unwrap() {
        DeskOutcome::Copy {
            done: Ok(Done::Renewed(loan)),
            panel: None,
            ..
        } => assert_eq!(loan.renewals, 1),
        other => panic!("expected a renewal: {other:?}"),
    }

    // Nobody selected: taken back, not lent.
    match scan(db, "L1", DeskMode::Checkout, None).unwrap() {
        DeskOutcome::Copy {
            done: Ok(Done::Returned(receipt)),
            panel: None,
            ..
        } => assert_eq!(receipt.borrower_id, Some(anna)),
        other => panic!("expected a return: {other:?}"),
    }
    assert!(db
        .read(|s| lending::open_loans_in(s, anna))
        .unwrap()
        .is_empty());

    // F3 with Ben selected: a copy on the shelf cannot be taken back.
    match scan(db, "L2", DeskMode::Return, Some(ben)).unwrap() {
        DeskOutcome::Copy {
            done: Err(error), ..
        } => assert_eq!(error.code(), "copy_not_on_loan"),
        other => panic!("expected a refusal: {other:?}"),
    }

    // A Medienkoffer out with Ben: its list is checked first, nothing done.
    lend(db, ben, "K1", thursday()).unwrap();
    match scan(db, "K1", DeskMode::Return, None).unwrap() {
        DeskOutcome::KitToCheck(copy) => assert_eq!(copy.kit_items.len(), 2),
        other => panic!("expected the kit's check: {other:?}"),
    }
    assert_eq!(
        db.read(|s| lending::open_loans_in(s, ben)).unwrap().len(),
        1
    );

    // A code that is no card and no copy.
    assert_eq!(
        scan(db, "4711", DeskMode::Checkout, Some(anna))
            .unwrap_err()
            .code(),
        "unknown_code"
    );
}
on_both_engines!(one_scan_is_recognised_and_carried_out_in_one_step);
