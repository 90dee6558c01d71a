//! Issue 19, copies: in repair, withdrawn (ausgeschieden) and back on the
//! shelf; corrected details; the copy's loan history; the numbering
//! patterns of Inventarnummern and Ausweisnummern.

mod common;
#[macro_use]
mod test_cluster;

use chrono::{NaiveDate, NaiveDateTime};
use common::{at, consent_given, day, give_back, lend};
use kiz::catalogue::{self, Copy, CopyEdit, CopyInput, CopyStatus, MediumInput, NumberingPatterns};
use kiz::db::engine::Engine;
use kiz::error::Param;
use kiz::lending::{self, CopyStatusChange, HistoryBorrower, ReservationStatus};
use kiz::people::{self, BorrowerInput, BorrowerKind};
use kiz::{Error, Record};
use test_cluster::TestStore;

/// Thursday 12 November 2026.
fn today() -> NaiveDate {
    day(2026, 11, 12)
}

fn now() -> NaiveDateTime {
    at(today(), 10, 0)
}

/// A book with copies `barcodes`; returns the medium's id.
fn book(db: &mut impl Engine, title: &str, barcodes: &[&str]) -> i64 {
    let kind = db.read_sql(|s| catalogue::media_kinds_in(s)).unwrap()[0].id;
    let m = catalogue::create_medium(
        db,
        &MediumInput {
            kind_id: kind,
            title: title.into(),
            location: "Regal 3".into(),
            ..MediumInput::default()
        },
        at(day(2026, 1, 5), 10, 0),
    )
    .unwrap();
    for code in barcodes {
        catalogue::add_copy(
            db,
            m.id,
            &CopyInput {
                barcode: (*code).into(),
                ..CopyInput::default()
            },
            at(day(2026, 1, 5), 10, 0),
        )
        .unwrap();
    }
    m.id
}

fn borrower(db: &mut impl Engine, name: &str, card: &str, history: bool) -> i64 {
    people::create_borrower(
        db,
        &BorrowerInput {
            name: name.into(),
            kind: BorrowerKind::Ehrenamtlich,
            card_number: card.into(),
            history_consent: if history {
                consent_given(2026, 1, 5)
            } else {
                None
            },
            ..BorrowerInput::default()
        },
        at(day(2026, 1, 5), 10, 0),
    )
    .unwrap()
    .id
}

fn copy(db: &mut impl Engine, barcode: &str) -> Copy {
    db.read_sql(|s| catalogue::copy_by_barcode_in(s, barcode))
        .unwrap()
}

fn set(db: &mut impl Engine, barcode: &str, change: CopyStatusChange) -> kiz::Result<Copy> {
    let id = copy(db, barcode).id;
    lending::change_copy_status(db, id, &change, now(), None, "")
}

fn withdrawn(reason: &str, on: NaiveDate) -> CopyStatusChange {
    CopyStatusChange::Ausgeschieden {
        reason: reason.into(),
        on: Some(on),
    }
}

fn a_copy_in_repair_is_refused_at_checkout_and_lendable_again_when_back_on_the_shelf(
    db: &mut TestStore,
) {
    book(db, "Menschen A1", &["M1"]);
    let anna = borrower(db, "Anna Keller", "", false);
    let repaired = set(db, "M1", CopyStatusChange::InReparatur).unwrap();
    assert_eq!(repaired.status, CopyStatus::InReparatur);
    let error = lend(db, anna, "M1", now()).unwrap_err();
    assert_eq!(error.code(), "copy_not_lendable");
    assert_eq!(
        error.params().get("variant"),
        Some(&Param::Text("in_reparatur".into())),
        "the desk says it is in repair"
    );
    let back = set(db, "M1", CopyStatusChange::Verfuegbar).unwrap();
    assert_eq!(back.status, CopyStatus::Verfuegbar);
    lend(db, anna, "M1", now()).expect("lendable again once back on the shelf");
}
on_both_engines!(a_copy_in_repair_is_refused_at_checkout_and_lendable_again_when_back_on_the_shelf);

fn a_copy_in_repair_is_not_set_aside_for_a_reservation_but_goes_to_it_when_back(
    mut db: &mut TestStore,
) {
    let m = book(db, "Schritte plus", &["S1"]);
    let ben = borrower(db, "Ben Roth", "", false);
    set(db, "S1", CopyStatusChange::InReparatur).unwrap();
    let reservation = lending::reserve(db, m, ben, now()).unwrap();
    assert_eq!(
        reservation.status,
        ReservationStatus::Wartend,
        "a copy in repair is not set aside"
    );
    assert_eq!(copy(&mut db, "S1").status, CopyStatus::InReparatur);
    let back = set(db, "S1", CopyStatusChange::Verfuegbar).unwrap();
    assert_eq!(
        back.status,
        CopyStatus::Vorgemerkt,
        "back on the shelf, it goes to the waiting reservation as a return does"
    );
}
on_both_engines!(a_copy_in_repair_is_not_set_aside_for_a_reservation_but_goes_to_it_when_back);

fn withdrawing_needs_a_reason_and_a_day_not_after_today_and_keeps_both(mut db: &mut TestStore) {
    book(db, "Tamburin", &["T1"]);
    let error = set(db, "T1", withdrawn("  ", today())).unwrap_err();
    assert_eq!((error.code(), error.field()), ("required", Some("reason")));
    let error = set(db, "T1", withdrawn("kaputt", day(2026, 11, 13))).unwrap_err();
    assert_eq!(
        (error.code(), error.field()),
        ("date_in_future", Some("retired_on"))
    );
    assert_eq!(
        copy(&mut db, "T1").status,
        CopyStatus::Verfuegbar,
        "nothing changed"
    );

    let done = set(db, "T1", withdrawn(" Wasserschaden ", day(2026, 11, 10))).unwrap();
    assert_eq!(done.status, CopyStatus::Ausgeschieden);
    assert_eq!(done.retired_on, Some(day(2026, 11, 10)));
    assert_eq!(done.retired_reason, "Wasserschaden");
}
on_both_engines!(withdrawing_needs_a_reason_and_a_day_not_after_today_and_keeps_both);

fn a_copy_on_loan_cannot_be_withdrawn_and_the_refusal_names_the_card_number(
    mut db: &mut TestStore,
) {
    book(db, "Lesekoffer", &["L1"]);
    let cem = borrower(db, "Cem Aydın", "KI-A-000042", false);
    lend(db, cem, "L1", now()).unwrap();
    let error = set(db, "L1", withdrawn("veraltet", today())).unwrap_err();
    assert!(matches!(error, Error::CopyOnLoan { .. }));
    assert_eq!(error.code(), "copy_on_loan");
    assert_eq!(
        error.params().get("card_number"),
        Some(&Param::Text("KI-A-000042".into())),
        "staff learn who has it, by card"
    );
    assert_eq!(
        error.params().get("variant"),
        None,
        "the withdrawal wording"
    );
    let error = set(db, "L1", CopyStatusChange::InReparatur).unwrap_err();
    assert_eq!(
        error.params().get("variant"),
        Some(&Param::Text("status".into())),
        "a repair of a lent copy has its own wording"
    );
    assert_eq!(
        copy(&mut db, "L1").status,
        CopyStatus::Ausgeliehen,
        "nothing changed"
    );
}
on_both_engines!(a_copy_on_loan_cannot_be_withdrawn_and_the_refusal_names_the_card_number);

fn a_withdrawal_by_mistake_is_undone_and_forgets_its_reason(db: &mut TestStore) {
    book(db, "Bildwörterbuch", &["B1"]);
    set(db, "B1", withdrawn("verloren gemeldet", today())).unwrap();
    let back = set(db, "B1", CopyStatusChange::Verfuegbar).unwrap();
    assert_eq!(back.status, CopyStatus::Verfuegbar);
    assert_eq!(back.retired_on, None);
    assert_eq!(back.retired_reason, "");
}
on_both_engines!(a_withdrawal_by_mistake_is_undone_and_forgets_its_reason);

fn a_copy_set_aside_keeps_todays_rule_and_is_neither_repaired_nor_withdrawn(
    mut db: &mut TestStore,
) {
    let m = book(db, "Zwischendurch mal", &["Z1"]);
    let dana = borrower(db, "Dana", "", false);
    lending::reserve(db, m, dana, now()).unwrap();
    for change in [CopyStatusChange::InReparatur, withdrawn("alt", today())] {
        let error = set(db, "Z1", change).unwrap_err();
        assert_eq!(error.code(), "copy_set_aside");
    }
    assert_eq!(copy(&mut db, "Z1").status, CopyStatus::Vorgemerkt);
}
on_both_engines!(a_copy_set_aside_keeps_todays_rule_and_is_neither_repaired_nor_withdrawn);

fn withdrawn_and_repaired_copies_keep_counting_in_the_statistics(mut db: &mut TestStore) {
    book(db, "Einfach gut", &["E1", "E2"]);
    let anna = borrower(db, "Anna", "", false);
    for code in ["E1", "E2"] {
        lend(db, anna, code, at(day(2026, 11, 2), 10, 0)).unwrap();
        give_back(db, code, &[], at(day(2026, 11, 9), 10, 0));
    }
    let before = db.read(|s| kiz::privacy::loan_statistics_in(s)).unwrap();
    assert_eq!(before.values().sum::<u32>(), 2);
    set(db, "E1", withdrawn("zerrissen", today())).unwrap();
    set(db, "E2", CopyStatusChange::InReparatur).unwrap();
    assert_eq!(
        db.read(|s| kiz::privacy::loan_statistics_in(s)).unwrap(),
        before,
        "the loans of withdrawn and repaired copies still count"
    );
    let medium = copy(&mut db, "E1").medium_id;
    let m = db.read(|s| catalogue::medium_in(s, medium)).unwrap();
    assert_eq!(m.copies.len(), 2, "a withdrawn copy is never deleted");
}
on_both_engines!(withdrawn_and_repaired_copies_keep_counting_in_the_statistics);

fn editing_a_copy_corrects_its_details_and_refuses_bad_input_whole(mut db: &mut TestStore) {
    book(db, "Hallo Deutsch", &["H1"]);
    let id = copy(&mut db, "H1").id;
    let edit = CopyEdit {
        condition: " Umschlag fehlt ".into(),
        price_cents: Some(1_250),
        acquired_on: Some(day(2025, 3, 1)),
        shelf: " Regal 7b ".into(),
        version: None,
    };
    let saved = catalogue::update_copy(db, id, &edit, at(today(), 9, 0), "BUERO-1").unwrap();
    assert_eq!(saved.condition, "Umschlag fehlt");
    assert_eq!(saved.price_cents, Some(1_250));
    assert_eq!(saved.acquired_on, Some(day(2025, 3, 1)));
    assert_eq!(saved.shelf, "Regal 7b");
    assert_eq!(saved.barcode, "H1", "the Inventarnummer stays");

    let negative = CopyEdit {
        price_cents: Some(-1),
        condition: "neu".into(),
        ..edit.clone()
    };
    let error =
        catalogue::update_copy(db, id, &negative, at(today(), 9, 0), "BUERO-1").unwrap_err();
    assert_eq!(
        (error.code(), error.field()),
        ("invalid_price", Some("price"))
    );
    let future = CopyEdit {
        acquired_on: Some(day(2026, 11, 13)),
        condition: "neu".into(),
        ..edit.clone()
    };
    let error = catalogue::update_copy(db, id, &future, at(today(), 9, 0), "BUERO-1").unwrap_err();
    assert_eq!(
        (error.code(), error.field()),
        ("date_in_future", Some("acquired_on"))
    );
    let long = CopyEdit {
        shelf: "x".repeat(201),
        ..edit.clone()
    };
    let error = catalogue::update_copy(db, id, &long, at(today(), 9, 0), "BUERO-1").unwrap_err();
    assert_eq!((error.code(), error.field()), ("too_long", Some("shelf")));
    assert_eq!(copy(&mut db, "H1"), saved, "a refused edit changes nothing");

    let cleared =
        catalogue::update_copy(db, id, &CopyEdit::default(), at(today(), 9, 0), "BUERO-1").unwrap();
    assert_eq!(
        (
            cleared.price_cents,
            cleared.acquired_on,
            cleared.shelf.as_str()
        ),
        (None, None, ""),
        "price and day may become unknown again, the shelf the medium's"
    );
    let error = catalogue::update_copy(db, 999, &edit, at(today(), 9, 0), "BUERO-1").unwrap_err();
    assert!(matches!(error, Error::NotFound { what: Record::Copy }));
}
on_both_engines!(editing_a_copy_corrects_its_details_and_refuses_bad_input_whole);

fn the_history_names_a_borrower_only_where_the_loan_still_links_them_and_they_agreed(
    mut db: &mut TestStore,
) {
    book(db, "Deutsch im Alltag", &["D1"]);
    let without = borrower(db, "Anna Keller", "KI-A-000001", false);
    let with = borrower(db, "Ben Roth", "KI-A-000002", true);
    let id = copy(&mut db, "D1").id;

    // 1: Anna, no history agreed: unlinked at the return.
    lend(db, without, "D1", at(day(2026, 9, 1), 10, 0)).unwrap();
    give_back(db, "D1", &[], at(day(2026, 9, 10), 10, 0));
    // 2: Ben agreed: renewed once, reminded, returned, still named.
    lend(db, with, "D1", at(day(2026, 9, 14), 10, 0)).unwrap();
    lending::renew(db, "D1", at(day(2026, 10, 1), 10, 0)).unwrap();
    lending::record_reminders(db, with, day(2026, 11, 5)).unwrap();
    give_back(db, "D1", &[], at(day(2026, 11, 6), 10, 0));
    // 3: the loan link kept 30 days: Anna's loan still links her, unshown.
    let mut rules = db.read(|s| kiz::privacy::retention_rules_in(s)).unwrap();
    rules.loan_link_days = 30;
    kiz::privacy::save_retention_rules_on(db, &rules).unwrap();
    lend(db, without, "D1", at(day(2026, 11, 9), 10, 0)).unwrap();
    give_back(db, "D1", &[], at(day(2026, 11, 10), 10, 0));
    // 4: open, with Anna: the desk shows her anyway.
    lend(db, without, "D1", now()).unwrap();

    let page = db.read(|s| lending::copy_page_in(s, id)).unwrap();
    assert_eq!(page.title, "Deutsch im Alltag");
    assert_eq!(page.medium_location, "Regal 3");
    let shown: Vec<&HistoryBorrower> = page.loans.iter().map(|l| &l.borrower).collect();
    assert_eq!(
        shown,
        [
            &HistoryBorrower::Named {
                id: without,
                name: "Anna Keller".into(),
                card_number: "KI-A-000001".into()
            },
            &HistoryBorrower::Withheld,
            &HistoryBorrower::Named {
                id: with,
                name: "Ben Roth".into(),
                card_number: "KI-A-000002".into()
            },
            &HistoryBorrower::Anonymised,
        ],
        "newest first; a name only for the open loan and the agreed history"
    );
    let ben = &page.loans[2];
    assert_eq!(ben.renewals, 1);
    assert!(ben.renewed_at.is_some());
    assert_eq!(
        ben.reminders
            .iter()
            .map(|r| (r.level, r.sent_on))
            .collect::<Vec<_>>(),
        [(1, day(2026, 11, 5))]
    );
    assert!(ben.returned_at.is_some());
    assert_eq!(page.loans[0].returned_at, None, "the open loan");
    let json = serde_json::to_string(&page).unwrap();
    assert_eq!(
        json.matches("Anna Keller").count(),
        1,
        "Anna's name appears for her open loan only: {json}"
    );
}
on_both_engines!(the_history_names_a_borrower_only_where_the_loan_still_links_them_and_they_agreed);

fn an_open_loan_names_its_borrower_without_consent_and_the_return_withholds_it(
    mut db: &mut TestStore,
) {
    book(db, "Deutsch im Alltag", &["D1"]);
    let anna = borrower(db, "Anna Keller", "KI-A-000001", false);
    let id = copy(&mut db, "D1").id;
    // Keep the link after the return, so the loan still names her.
    let mut rules = db.read(|s| kiz::privacy::retention_rules_in(s)).unwrap();
    rules.loan_link_days = 30;
    kiz::privacy::save_retention_rules_on(db, &rules).unwrap();

    lend(db, anna, "D1", at(day(2026, 11, 2), 10, 0)).unwrap();
    let open = db.read(|s| lending::copy_page_in(s, id)).unwrap();
    assert_eq!(
        open.loans[0].borrower,
        HistoryBorrower::Named {
            id: anna,
            name: "Anna Keller".into(),
            card_number: "KI-A-000001".into()
        },
        "open: staff see who has the copy, consent or not"
    );

    give_back(db, "D1", &[], at(day(2026, 11, 10), 10, 0));
    let returned = db.read(|s| lending::copy_page_in(s, id)).unwrap();
    assert_eq!(
        returned.loans[0].borrower,
        HistoryBorrower::Withheld,
        "returned without history consent: not named, though still linked"
    );
    let json = serde_json::to_string(&returned).unwrap();
    assert!(!json.contains("Anna"), "{json}");
    assert!(!json.contains("KI-A-000001"), "{json}");
}
on_both_engines!(an_open_loan_names_its_borrower_without_consent_and_the_return_withholds_it);

fn a_copy_added_with_a_shelf_stores_it_trimmed(mut db: &mut TestStore) {
    let medium = book(db, "Menschen A1", &[]);
    let id = catalogue::add_copy(
        db,
        medium,
        &CopyInput {
            barcode: "M7".into(),
            shelf: " Regal 7b ".into(),
            ..CopyInput::default()
        },
        now(),
    )
    .unwrap()
    .id;
    assert_eq!(copy(&mut db, "M7").id, id);
    assert_eq!(copy(&mut db, "M7").shelf, "Regal 7b");
    let error = catalogue::add_copy(
        db,
        medium,
        &CopyInput {
            barcode: "M8".into(),
            shelf: "x".repeat(201),
            ..CopyInput::default()
        },
        now(),
    )
    .unwrap_err();
    assert_eq!((error.code(), error.field()), ("too_long", Some("shelf")));
    assert!(
        db.read(|s| catalogue::copy_by_barcode_in(s, "M8")).is_err(),
        "refused whole"
    );
}
on_both_engines!(a_copy_added_with_a_shelf_stores_it_trimmed);

// ---- numbering patterns ----

fn patterns(copy: &str, card: &str) -> NumberingPatterns {
    NumberingPatterns {
        copy_barcode: copy.into(),
        card_number: card.into(),
    }
}

fn refusal(
    db: &mut impl Engine,
    copy: &str,
    card: &str,
) -> (String, Option<&'static str>, Option<String>) {
    let error = db
        .read_sql(|s| catalogue::preview_numbering_patterns_in(s, &patterns(copy, card)))
        .unwrap_err();
    let variant = match error.params().get("variant") {
        Some(Param::Text(v)) => Some(v.clone()),
        _ => None,
    };
    (error.code().to_owned(), error.field(), variant)
}

fn numbering_patterns_preview_the_next_numbers_and_are_stored_when_saved(db: &mut TestStore) {
    book(db, "Menschen", &["KI-M-000041"]);
    let stored = db.read(|s| catalogue::numbering_patterns_in(s)).unwrap();
    assert_eq!(
        stored,
        patterns("KI-M-######", "KI-A-######"),
        "the defaults"
    );
    let preview = db
        .read(|s| {
            catalogue::preview_numbering_patterns_in(s, &patterns(" ki-m-######", "KI-A-####"))
        })
        .unwrap();
    assert_eq!(preview.next_barcode, "KI-M-000042");
    assert_eq!(preview.next_card_number, "KI-A-0001");
    assert_eq!(
        preview.patterns,
        patterns("KI-M-######", "KI-A-####"),
        "trimmed and read in upper case, as the desk reads codes"
    );
    assert_eq!(
        db.read(|s| catalogue::numbering_patterns_in(s)).unwrap(),
        stored,
        "a preview stores nothing"
    );
    catalogue::save_numbering_patterns(db, &patterns("MED/#####", "AUS-####")).unwrap();
    assert_eq!(
        db.read(|s| catalogue::next_barcode_in(s)).unwrap(),
        "MED/00001"
    );
    assert_eq!(
        db.read(|s| people::next_card_number_in(s)).unwrap(),
        "AUS-0001"
    );
    let new = people::create_borrower(
        db,
        &BorrowerInput {
            name: "Neu".into(),
            ..BorrowerInput::default()
        },
        now(),
    )
    .unwrap();
    assert_eq!(
        new.card_number, "AUS-0001",
        "new cards follow the saved pattern"
    );
}
on_both_engines!(numbering_patterns_preview_the_next_numbers_and_are_stored_when_saved);

fn a_numbering_pattern_needs_one_counter_of_sensible_width_and_scanner_safe_characters(
    db: &mut TestStore,
) {
    let card = "KI-A-######";
    let copy_field = Some("copy_barcode_pattern");
    assert_eq!(refusal(db, "", card), ("required".into(), copy_field, None));
    for (pattern, problem) in [
        ("KI-M-", "no_counter"),
        ("KI-###-###", "several_counters"),
        ("KI M ####", "characters"),
        ("KI-Ü-####", "characters"),
        ("KI_M_####", "characters"),
        ("12-######", "no_letter"),
    ] {
        assert_eq!(
            refusal(db, pattern, card),
            (
                "invalid_numbering_pattern".into(),
                copy_field,
                Some(problem.into())
            ),
            "{pattern}"
        );
    }
    for pattern in ["KI-##", "KI-#############"] {
        let error = db
            .read(|s| catalogue::preview_numbering_patterns_in(s, &patterns(pattern, card)))
            .unwrap_err();
        assert_eq!(error.code(), "numbering_counter_width", "{pattern}");
        assert_eq!(error.params().get("min"), Some(&Param::Number(3)));
        assert_eq!(error.params().get("max"), Some(&Param::Number(12)));
    }
    assert_eq!(
        refusal(db, "KI-M-######", &format!("A{}", "-".repeat(60))).0,
        "too_long"
    );
}
on_both_engines!(
    a_numbering_pattern_needs_one_counter_of_sensible_width_and_scanner_safe_characters
);

fn card_and_copy_patterns_that_could_produce_one_code_are_refused(mut db: &mut TestStore) {
    assert_eq!(
        refusal(&mut db, "KI-######", "KI-######"),
        (
            "numbering_patterns_overlap".into(),
            Some("card_number_pattern"),
            Some("copy".into())
        )
    );
    let error = db
        .read(|s| catalogue::preview_numbering_patterns_in(s, &patterns("KI-######", "KI-9#####")))
        .unwrap_err();
    assert_eq!(
        error.params().get("example"),
        Some(&Param::Text("KI-911111".into())),
        "a code both could print"
    );
    // Workshop confirmations carry KIZ-ANM- and the registration number.
    let checkin = kiz::events::registration_code(42);
    assert!(checkin.starts_with("KIZ-ANM-"));
    assert_eq!(
        refusal(&mut db, "KIZ-ANM-######", "KI-A-######"),
        (
            "numbering_patterns_overlap".into(),
            Some("copy_barcode_pattern"),
            Some("checkin".into())
        )
    );
    db.read(|s| catalogue::preview_numbering_patterns_in(s, &patterns("KI-M-####", "KI-M-#####")))
        .expect("different lengths never meet");
    assert_eq!(
        db.read(|s| catalogue::numbering_patterns_in(s)).unwrap(),
        patterns("KI-M-######", "KI-A-######")
    );
    assert!(catalogue::save_numbering_patterns(db, &patterns("KI-######", "KI-######")).is_err());
    assert_eq!(
        db.read(|s| catalogue::numbering_patterns_in(s)).unwrap(),
        patterns("KI-M-######", "KI-A-######"),
        "a refused pattern is not stored"
    );
}
on_both_engines!(card_and_copy_patterns_that_could_produce_one_code_are_refused);

fn a_pattern_is_refused_when_a_code_in_use_fits_the_other_kind_or_the_next_number_is_taken(
    mut db: &mut TestStore,
) {
    book(db, "Alt", &["AUS-0007"]);
    borrower(db, "Eda", "MED-00003", false);
    assert_eq!(
        refusal(&mut db, "KI-M-######", "AUS-####"),
        (
            "numbering_code_taken".into(),
            Some("card_number_pattern"),
            Some("copy".into())
        ),
        "the card counter would one day print the copy's label"
    );
    assert_eq!(
        refusal(&mut db, "MED-#####", "KI-A-######"),
        (
            "numbering_code_taken".into(),
            Some("copy_barcode_pattern"),
            Some("borrower".into())
        )
    );
    // A lower-case label typed by hand is the next number in upper case.
    book(db, "Klein", &["neu-0001"]);
    let error = db
        .read(|s| catalogue::preview_numbering_patterns_in(s, &patterns("NEU-####", "KI-A-######")))
        .unwrap_err();
    assert_eq!(error.code(), "numbering_code_taken");
    assert_eq!(
        error.params().get("variant"),
        Some(&Param::Text("next_copy".into()))
    );
    assert_eq!(
        error.params().get("code"),
        Some(&Param::Text("NEU-0001".into()))
    );
    // A counter that has handed out its last number.
    book(db, "Voll", &["VOLL-999"]);
    assert_eq!(
        refusal(&mut db, "VOLL-###", "KI-A-######"),
        (
            "invalid_numbering_pattern".into(),
            Some("copy_barcode_pattern"),
            Some("full".into())
        )
    );
}
on_both_engines!(
    a_pattern_is_refused_when_a_code_in_use_fits_the_other_kind_or_the_next_number_is_taken
);

fn a_hand_entered_number_the_desk_would_take_for_the_other_kind_is_refused(db: &mut TestStore) {
    let m = book(db, "Bestand", &["4711"]);
    borrower(db, "Fatma", "AUSWEIS-1", false);
    let add = |db: &mut TestStore, code: &str| {
        catalogue::add_copy(
            db,
            m,
            &CopyInput {
                barcode: code.into(),
                ..CopyInput::default()
            },
            now(),
        )
    };
    let variant = |error: &Error| error.params().get("variant").cloned();
    let error = add(db, "ki-a-000123").unwrap_err();
    assert_eq!(
        (error.code(), error.field()),
        ("scan_code_clash", Some("barcode"))
    );
    assert_eq!(variant(&error), Some(Param::Text("card_pattern".into())));
    let error = add(db, "ausweis-1").unwrap_err();
    assert_eq!(variant(&error), Some(Param::Text("card_in_use".into())));
    add(db, "LABEL-9").expect("another scheme is fine");

    let card = |db: &mut TestStore, code: &str| {
        people::create_borrower(
            db,
            &BorrowerInput {
                name: "Gül".into(),
                card_number: code.into(),
                ..BorrowerInput::default()
            },
            now(),
        )
    };
    let error = card(db, "KI-M-000001").unwrap_err();
    assert_eq!(
        (error.code(), error.field()),
        ("scan_code_clash", Some("card_number"))
    );
    assert_eq!(variant(&error), Some(Param::Text("copy_pattern".into())));
    let error = card(db, "4711").unwrap_err();
    assert_eq!(variant(&error), Some(Param::Text("copy_in_use".into())));
    let ok = card(db, "KI-A-000777").expect("a card of the card pattern");
    let input = BorrowerInput {
        name: "Gül Demir".into(),
        card_number: ok.card_number.clone(),
        ..BorrowerInput::default()
    };
    people::update_borrower(db, ok.id, &input, now(), "PC-TEST")
        .expect("an unchanged card is kept");
}
on_both_engines!(a_hand_entered_number_the_desk_would_take_for_the_other_kind_is_refused);
