//! Class sets (Klassensätze, issue 23 point 3): N copies of one medium lent
//! at once from the shelf, counted back copy by copy (here in two visits),
//! the missing copies named by their Inventarnummern; the set counts as one
//! item against the loan limit; two desks asking for more than the shelf
//! holds between them at once.

mod common;
#[macro_use]
mod test_cluster;

use std::sync::{Arc, Barrier};

use common::{at, borrower, give_back, lend, media_kind_on, november};
use kiz::catalogue::{self, CopyInput, MediumInput};
use kiz::db::engine::Engine;
use kiz::lending::{self, ClassSetCheckout};
use kiz::people::{self, BorrowerKind};
use kiz::Error;
use test_cluster::TestStore;

/// "Schritte plus Neu 2" with copies S-01 … S-`copies`.
fn shelf(db: &mut impl Engine, copies: u32) {
    let kind_id = media_kind_on(db, "buch");
    let medium = catalogue::create_medium(
        db,
        &MediumInput {
            kind_id,
            title: "Schritte plus Neu 2".into(),
            ..MediumInput::default()
        },
        at(november(1), 9, 0),
    )
    .unwrap();
    for i in 1..=copies {
        catalogue::add_copy(
            db,
            medium.id,
            &CopyInput {
                barcode: format!("S-{i:02}"),
                ..CopyInput::default()
            },
            at(november(1), 9, 0),
        )
        .unwrap();
    }
}

fn class_set(borrower_id: i64, barcode: &str, count: u32) -> ClassSetCheckout {
    ClassSetCheckout {
        borrower_id,
        barcode: barcode.into(),
        count,
        override_reason: None,
        course_end: None,
    }
}

fn a_class_set_is_lent_at_once_and_counted_back_in_two_visits(db: &mut TestStore) {
    shelf(db, 14);
    let other = borrower(db, "Николай Петров", BorrowerKind::Ehrenamtlich);
    lend(db, other, "S-03", november(10)).unwrap();
    let ayse = borrower(db, "Ayşe Yılmaz", BorrowerKind::Hauptamtlich);
    let now = at(november(12), 10, 0);
    let lending::ClassSetLent { set, loans } =
        lending::lend_class_set(db, &class_set(ayse, "s-05", 12), now).expect("lent");
    assert_eq!(set.name, "12 × Schritte plus Neu 2");
    let lent: Vec<&str> = loans.iter().map(|l| l.barcode.as_str()).collect();
    assert_eq!(
        lent,
        vec![
            "S-05", "S-01", "S-02", "S-04", "S-06", "S-07", "S-08", "S-09", "S-10", "S-11", "S-12",
            "S-13"
        ],
        "the copy in hand first, then the lowest on the shelf; S-03 is out"
    );
    assert!(loans
        .iter()
        .all(|l| l.set_id == Some(set.set_id) && l.due_on == loans[0].due_on));
    assert_eq!((set.total, set.returned, set.missing.len()), (12, 0, 12));
    // Twelve copies, one item against the limit (10 for a Hauptamtliche).
    let panel = db
        .read(|s| lending::borrower_at_desk_in(s, ayse, november(12)))
        .unwrap();
    assert_eq!((panel.loans.len(), panel.counted), (12, 1));
    lend(db, ayse, "S-14", now).unwrap();
    let panel = db
        .read(|s| lending::borrower_at_desk_in(s, ayse, november(12)))
        .unwrap();
    assert_eq!((panel.loans.len(), panel.counted), (13, 2));

    // First visit: seven copies, in any order; each return says how much
    // of the set is back and which copies are still out.
    let first = ["S-13", "S-01", "S-07", "S-05", "S-10", "S-02", "S-08"];
    let mut progress = None;
    for (i, barcode) in first.iter().enumerate() {
        let receipt = give_back(db, barcode, &[], at(november(20), 10, i as u32));
        let set = receipt.class_set.expect("a copy of a class set");
        assert_eq!(set.returned, i as u32 + 1);
        progress = Some(set);
    }
    let progress = progress.unwrap();
    assert!(!progress.complete());
    assert_eq!(
        progress.missing,
        vec!["S-04", "S-06", "S-09", "S-11", "S-12"],
        "the copies still out, by Inventarnummer"
    );
    // A copy lent on its own says nothing of a set.
    assert!(give_back(db, "S-14", &[], at(november(20), 11, 0))
        .class_set
        .is_none());
    // Second visit, a week later: the rest; the set is complete.
    for barcode in ["S-12", "S-04", "S-11", "S-09"] {
        give_back(db, barcode, &[], at(november(27), 10, 0));
    }
    let last = give_back(db, "S-06", &[], at(november(27), 10, 5))
        .class_set
        .unwrap();
    assert!(last.complete(), "{last:?}");
    assert_eq!((last.total, last.returned), (12, 12));
    assert!(db
        .read(|s| lending::open_loans_in(s, ayse))
        .unwrap()
        .is_empty());
}
on_both_engines!(a_class_set_is_lent_at_once_and_counted_back_in_two_visits);

fn a_class_set_the_shelf_cannot_give_or_the_rules_refuse_lends_nothing(db: &mut TestStore) {
    shelf(db, 14);
    let ayse = borrower(db, "Ayşe Yılmaz", BorrowerKind::Hauptamtlich);
    let now = at(november(12), 10, 0);
    lend(db, ayse, "S-01", now).unwrap();
    let refused = lending::lend_class_set(db, &class_set(ayse, "S-02", 14), now);
    assert!(
        matches!(
            refused,
            Err(Error::NotEnoughOnShelf {
                wanted: 14,
                on_shelf: 13
            })
        ),
        "{refused:?}"
    );
    for count in [0, 1, 51] {
        let refused = lending::lend_class_set(db, &class_set(ayse, "S-02", count), now);
        assert!(
            matches!(
                refused,
                Err(Error::OutOfRange {
                    field: "count",
                    min: 2,
                    max: 50
                })
            ),
            "{count}: {refused:?}"
        );
    }
    let unknown = lending::lend_class_set(db, &class_set(ayse, "X-99", 2), now);
    assert!(
        matches!(unknown, Err(Error::UnknownBarcode { .. })),
        "{unknown:?}"
    );
    let blocked = borrower(db, "Gesperrt", BorrowerKind::Hauptamtlich);
    people::set_blocked(db, blocked, Some("Ausweis verloren"), now, None, "").unwrap();
    let refused = lending::lend_class_set(db, &class_set(blocked, "S-02", 2), now);
    assert!(
        matches!(refused, Err(Error::BorrowerBlocked { .. })),
        "{refused:?}"
    );
    // At the limit, the set is refused as one more item.
    db.execute("UPDATE loan_limit SET max_items = 1 WHERE borrower_kind = 'hauptamtlich'");
    let refused = lending::lend_class_set(db, &class_set(ayse, "S-02", 2), now);
    assert!(
        matches!(refused, Err(Error::LoanLimitReached { limit: 1 })),
        "{refused:?}"
    );
    assert_eq!(db.count("loan"), 1, "nothing lent but the single copy");
    assert_eq!(db.count("loan_set"), 0);
}
on_both_engines!(a_class_set_the_shelf_cannot_give_or_the_rules_refuse_lends_nothing);

/// Two desks ask for a class set of eight from a shelf of fourteen at the
/// same moment, ten times over: one lends its eight, the other is told six
/// are on the shelf and lends nothing; then the first brings them back.
fn two_desks_asking_for_more_than_the_shelf_holds<E: Engine + Send + 'static>(
    mut first: E,
    second: E,
) {
    shelf(&mut first, 14);
    let a = borrower(&mut first, "Desk A", BorrowerKind::Hauptamtlich);
    let b = borrower(&mut first, "Desk B", BorrowerKind::Hauptamtlich);
    let rounds = 10_u32;
    let start = Arc::new(Barrier::new(2));
    let desks: Vec<_> = [(first, a), (second, b)]
        .into_iter()
        .map(|(mut store, borrower_id)| {
            let start = Arc::clone(&start);
            std::thread::spawn(move || {
                let mut outcomes = Vec::new();
                for round in 0..rounds {
                    let now = at(november(12), 9, round);
                    start.wait();
                    let outcome = lending::lend_class_set(
                        &mut store,
                        &class_set(borrower_id, "S-01", 8),
                        now,
                    );
                    start.wait();
                    if let Ok(lending::ClassSetLent { loans, .. }) = &outcome {
                        for loan in loans {
                            let back = lending::checkin(
                                &mut store,
                                &lending::ReturnRequest {
                                    barcode: loan.barcode.clone(),
                                    missing_parts: Vec::new(),
                                },
                                now,
                            );
                            assert!(back.is_ok(), "{back:?}");
                        }
                    }
                    outcomes.push(outcome.map(|lent| lent.set.total));
                }
                (store, outcomes)
            })
        })
        .collect();
    let mut results: Vec<(E, Vec<_>)> = desks
        .into_iter()
        .map(|d| d.join().expect("a desk ran"))
        .collect();
    for round in 0..rounds as usize {
        let pair = [&results[0].1[round], &results[1].1[round]];
        let lent: Vec<_> = pair.iter().filter_map(|r| r.as_ref().ok()).collect();
        assert_eq!(lent, vec![&8], "round {round}: {pair:?}");
        assert!(
            pair.iter().any(|r| matches!(
                r,
                Err(Error::NotEnoughOnShelf {
                    wanted: 8,
                    on_shelf: 6
                })
            )),
            "round {round}: {pair:?}"
        );
    }
    let store = &mut results[0].0;
    let count = |store: &mut E, sql: &str| -> i64 {
        store
            .read_sql(|s| kiz::db::engine::scalar(s, sql, &[]))
            .unwrap()
    };
    assert_eq!(
        count(store, "SELECT count(*) FROM loan"),
        8 * i64::from(rounds)
    );
    assert_eq!(
        count(store, "SELECT count(*) FROM loan_set"),
        i64::from(rounds)
    );
}

#[test]
fn two_desks_asking_for_more_than_the_shelf_holds_on_the_file() {
    let (_dir, first, second) = TestStore::two_desks_on_a_file();
    two_desks_asking_for_more_than_the_shelf_holds(first, second);
}

#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn two_desks_asking_for_more_than_the_shelf_holds_on_the_server() {
    let (first, second) = TestStore::two_desks("kiz_t_class_sets_two_desks");
    two_desks_asking_for_more_than_the_shelf_holds(first, second);
}

fn the_slip_prints_a_class_sets_copies_under_its_name(db: &mut TestStore) {
    shelf(db, 4);
    let ayse = borrower(db, "Ayşe Yılmaz", BorrowerKind::Hauptamtlich);
    let now = at(november(12), 10, 0);
    let lent = lending::lend_class_set(db, &class_set(ayse, "S-02", 3), now).unwrap();
    let slip = db
        .read(|s| {
            kiz::documents::render_in(
                s,
                &kiz::documents::DocumentRequest::LoanSlip {
                    borrower_id: ayse,
                    loan_ids: lent.loans.iter().map(|l| l.id).collect(),
                },
                &common::printing_at(now),
            )
        })
        .unwrap();
    let text = common::poppler("pdftotext", &["-layout"], &slip.bytes);
    let lines: Vec<&str> = text.lines().collect();
    let heading = lines
        .iter()
        .position(|l| l.contains("Klassensatz: 3 × Schritte plus Neu"))
        .unwrap_or_else(|| panic!("the set's name on the slip:\n{text}"));
    for barcode in ["S-01", "S-02", "S-03"] {
        let row = lines
            .iter()
            .position(|l| l.contains(barcode) && l.contains("– Schritte plus Neu 2"))
            .unwrap_or_else(|| panic!("{barcode} as a copy of the set:\n{text}"));
        assert!(row > heading, "{barcode} under the set:\n{text}");
    }
    assert!(!text.contains("Kurspaket"), "{text}");
    // The calendar code names the set's title once, with its copies.
    let entry = kiz::documents::calendar::due_date_entry(
        &kiz::settings::Institution {
            name: "KI".into(),
            ..Default::default()
        },
        &lent.loans,
        &kiz::documents::calendar::CalendarWords {
            summary: "Medien zurückbringen".into(),
            opening_hours: "Öffnungszeiten".into(),
            more: "weitere".into(),
        },
        now.and_utc(),
    )
    .expect("an entry")
    .replace("\r\n ", "");
    assert!(entry.contains("– 3 × Schritte plus Neu 2"), "{entry}");
    assert_eq!(entry.matches("Schritte plus Neu 2").count(), 1, "{entry}");
}
on_both_engines!(
    the_slip_prints_a_class_sets_copies_under_its_name,
    ignore_on_windows = "needs poppler's pdftotext, a Linux program"
);
