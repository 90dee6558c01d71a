//! Course packages (Kurspakete, issue 23 point 1): defined by staff, lent
//! at the desk in one step by the package card's code, missing parts named
//! with nothing lent until staff choose to lend the rest (and perhaps
//! reserve what is missing), the slip grouping the parts under the
//! package's name, and two desks lending the last copy of a part at once.

mod common;
#[macro_use]
mod test_cluster;

use std::sync::{Arc, Barrier};

use chrono::NaiveDateTime;
use common::{
    at, borrower, give_back, lend, letters, media_kind_on, november, poppler, printing_at,
};
use kiz::catalogue::{self, CopyInput, MediumInput};
use kiz::db::engine::Engine;
use kiz::documents::{self, DocumentRequest};
use kiz::lending::{
    self, DeskMode, DeskOutcome, DeskRequest, MissingPart, PackageCheckout, PackageInput,
    PackageOutcome, PartInput, ReservationFilter, ReservationStatus, WhenMissing,
};
use kiz::people::BorrowerKind;
use kiz::{Error, Record};
use test_cluster::TestStore;

/// A medium of `kind` with copies `barcodes`.
fn medium(db: &mut impl Engine, kind: &str, title: &str, barcodes: &[&str]) -> i64 {
    let kind_id = media_kind_on(db, kind);
    let medium = catalogue::create_medium(
        db,
        &MediumInput {
            kind_id,
            title: title.into(),
            ..MediumInput::default()
        },
        at(november(1), 9, 0),
    )
    .unwrap();
    for barcode in barcodes {
        catalogue::add_copy(
            db,
            medium.id,
            &CopyInput {
                barcode: (*barcode).into(),
                ..CopyInput::default()
            },
            at(november(1), 9, 0),
        )
        .unwrap();
    }
    medium.id
}

/// The media of "Linie 1 A2": Kursbuch (K-1, K-2), Arbeitsbuch (A-1, A-2,
/// A-3), Audio-CD (C-1), Spiel (S-1); and the package asking for one
/// Kursbuch, two Arbeitsbücher, the CD and the game.
struct Shelf {
    package: i64,
    kursbuch: i64,
    audio: i64,
}

fn shelf(db: &mut impl Engine) -> Shelf {
    let kursbuch = medium(db, "buch", "Linie 1 A2 – Kursbuch", &["K-1", "K-2"]);
    let arbeitsbuch = medium(
        db,
        "buch",
        "Linie 1 A2 – Arbeitsbuch",
        &["A-3", "A-1", "A-2"],
    );
    let audio = medium(db, "audio", "Linie 1 A2 – Audio-CD", &["C-1"]);
    let spiel = medium(db, "spiel", "Wortschatz-Domino A2", &["S-1"]);
    let part = |medium_id, quantity| PartInput {
        medium_id,
        quantity,
    };
    let package = lending::save_package(
        db,
        None,
        &PackageInput {
            name: "  Linie 1 A2 ".into(),
            note: "Abendkurs".into(),
            parts: vec![
                part(kursbuch, 1),
                part(arbeitsbuch, 2),
                part(audio, 1),
                part(spiel, 1),
            ],
        },
        at(november(2), 9, 0),
    )
    .unwrap();
    Shelf {
        package: package.id,
        kursbuch,
        audio,
    }
}

fn checkout(package_id: i64, borrower_id: i64, when_missing: WhenMissing) -> PackageCheckout {
    PackageCheckout {
        borrower_id,
        package_id,
        when_missing,
        override_reason: None,
        course_end: None,
    }
}

fn open_barcodes(db: &mut TestStore, borrower_id: i64) -> Vec<String> {
    let mut barcodes: Vec<String> = db
        .read(|s| lending::open_loans_in(s, borrower_id))
        .unwrap()
        .into_iter()
        .map(|l| l.barcode)
        .collect();
    barcodes.sort();
    barcodes
}

fn a_package_is_lent_in_one_step_by_its_card_and_its_loans_form_one_set(db: &mut TestStore) {
    let shelf = shelf(db);
    let package = db.read(|s| lending::package_in(s, shelf.package)).unwrap();
    assert_eq!(
        package.code, "KP-0001",
        "the card's code follows the number"
    );
    assert_eq!(package.name, "Linie 1 A2", "the name is trimmed");
    let parts: Vec<(u32, u32)> = package
        .parts
        .iter()
        .map(|p| (p.quantity, p.on_shelf))
        .collect();
    assert_eq!(parts, vec![(1, 2), (2, 3), (1, 1), (1, 1)]);
    let ayse = borrower(db, "Ayşe Yılmaz", BorrowerKind::Hauptamtlich);
    let now = at(november(12), 10, 0);
    // The card scanned at the desk, in lower case as a keyboard may type
    // it, after the borrower's card.
    let outcome = lending::act(
        db,
        &DeskRequest {
            code: "kp-0001".into(),
            mode: DeskMode::Checkout,
            borrower_id: Some(ayse),
            course_end: None,
        },
        now,
    )
    .unwrap();
    let DeskOutcome::Package {
        done: Ok(PackageOutcome::Lent { loans, missing, .. }),
        panel: Some(panel),
        ..
    } = outcome
    else {
        panic!("the package is lent: {outcome:?}");
    };
    assert!(missing.is_empty());
    let lent: Vec<&str> = loans.iter().map(|l| l.barcode.as_str()).collect();
    assert_eq!(
        lent,
        vec!["K-1", "A-1", "A-2", "C-1", "S-1"],
        "the parts in the package's order, the lowest Inventarnummern"
    );
    assert!(loans
        .iter()
        .all(|l| l.set_name.as_deref() == Some("Linie 1 A2") && l.set_id == loans[0].set_id));
    assert_eq!(panel.loans.len(), 5, "the panel shows the five loans");
    // Each part is lent by the rules of a single checkout: the Kursbuch
    // is due when the second one, lent alone at the same moment, is.
    let colleague = borrower(db, "Mehmet Kaya", BorrowerKind::Hauptamtlich);
    let alone = lend(db, colleague, "K-2", now).unwrap();
    assert_eq!(loans[0].due_on, alone.due_on);
    assert_eq!(loans[0].borrower_id, Some(ayse));
    // What is on the shelf now: one Arbeitsbuch.
    let package = db.read(|s| lending::package_in(s, shelf.package)).unwrap();
    let on_shelf: Vec<u32> = package.parts.iter().map(|p| p.on_shelf).collect();
    assert_eq!(on_shelf, vec![0, 1, 0, 0]);
    // The copies come back one by one, like any loan.
    give_back(db, "C-1", &[], at(november(20), 10, 0));
    assert_eq!(open_barcodes(db, ayse), vec!["A-1", "A-2", "K-1", "S-1"]);
}
on_both_engines!(a_package_is_lent_in_one_step_by_its_card_and_its_loans_form_one_set);

fn a_missing_part_is_named_and_nothing_lent_until_staff_choose(db: &mut TestStore) {
    let shelf = shelf(db);
    let other = borrower(db, "Николай Петров", BorrowerKind::Ehrenamtlich);
    lend(db, other, "C-1", november(10)).unwrap();
    let ayse = borrower(db, "Ayşe Yılmaz", BorrowerKind::Hauptamtlich);
    let loans_before = db.count("loan");
    let now = at(november(12), 10, 0);
    let asked =
        lending::lend_package(db, &checkout(shelf.package, ayse, WhenMissing::Ask), now).unwrap();
    let PackageOutcome::Incomplete { missing, .. } = asked else {
        panic!("the desk is asked first: {asked:?}");
    };
    assert_eq!(
        missing,
        vec![MissingPart {
            medium_id: shelf.audio,
            title: "Linie 1 A2 – Audio-CD".into(),
            wanted: 1,
            on_shelf: 0,
            reserved: false,
        }]
    );
    assert_eq!(db.count("loan"), loans_before, "nothing lent when asked");
    assert_eq!(db.count("loan_set"), 0);
    // Staff lend the rest.
    let rest = lending::lend_package(
        db,
        &checkout(shelf.package, ayse, WhenMissing::LendRest),
        now,
    )
    .unwrap();
    let PackageOutcome::Lent { loans, missing, .. } = rest else {
        panic!("the rest is lent: {rest:?}");
    };
    assert_eq!(loans.len(), 4);
    assert_eq!(missing.len(), 1);
    assert!(!missing[0].reserved);
    assert_eq!(open_barcodes(db, ayse), vec!["A-1", "A-2", "K-1", "S-1"]);
    let reservations = |db: &mut TestStore, borrower_id| {
        db.read(|s| {
            lending::reservations_in(
                s,
                &ReservationFilter {
                    borrower_id: Some(borrower_id),
                    ..ReservationFilter::default()
                },
            )
        })
        .unwrap()
    };
    assert!(reservations(db, ayse).is_empty(), "nothing reserved");
    // Another teacher: the rest lent and the missing parts reserved. Only
    // the second Kursbuch and one Arbeitsbuch are left: two parts missing
    // in part or whole; the CD and the game are reserved, the Arbeitsbuch
    // is not (she now has one, and one reservation per medium is what a
    // person may hold).
    let mehmet = borrower(db, "Mehmet Kaya", BorrowerKind::Hauptamtlich);
    let reserved = lending::lend_package(
        db,
        &checkout(shelf.package, mehmet, WhenMissing::LendRestAndReserve),
        now,
    )
    .unwrap();
    let PackageOutcome::Lent { loans, missing, .. } = reserved else {
        panic!("the rest is lent: {reserved:?}");
    };
    let lent: Vec<&str> = loans.iter().map(|l| l.barcode.as_str()).collect();
    assert_eq!(lent, vec!["K-2", "A-3"]);
    let states: Vec<(u32, u32, bool)> = missing
        .iter()
        .map(|m| (m.wanted, m.on_shelf, m.reserved))
        .collect();
    assert_eq!(
        states,
        vec![(2, 1, false), (1, 0, true), (1, 0, true)],
        "{missing:?}"
    );
    let waiting: Vec<(i64, ReservationStatus)> = reservations(db, mehmet)
        .into_iter()
        .map(|r| (r.medium_id, r.status))
        .collect();
    assert_eq!(waiting.len(), 2);
    assert!(waiting.contains(&(shelf.audio, ReservationStatus::Wartend)));
    // The CD comes back: it is set aside for Mehmet.
    let back = give_back(db, "C-1", &[], at(november(13), 10, 0));
    assert!(back.reserved_for.is_some(), "{back:?}");
}
on_both_engines!(a_missing_part_is_named_and_nothing_lent_until_staff_choose);

fn the_rules_of_a_single_checkout_hold_for_every_part(db: &mut TestStore) {
    let shelf = shelf(db);
    let now = at(november(12), 10, 0);
    // A volunteer may borrow up to the limit of her kind: set it to 4, one
    // below the package's five copies: refused as a whole.
    db.execute("INSERT INTO loan_limit (borrower_kind, max_items) VALUES ('ehrenamtlich', 4) ON CONFLICT (borrower_kind) DO UPDATE SET max_items = 4");
    let amal = borrower(db, "أمل حداد", BorrowerKind::Ehrenamtlich);
    let refused = lending::lend_package(db, &checkout(shelf.package, amal, WhenMissing::Ask), now);
    assert!(
        matches!(refused, Err(Error::LoanLimitReached { limit: 4 })),
        "{refused:?}"
    );
    assert_eq!(db.count("loan"), 0, "nothing of it lent");
    assert_eq!(db.count("loan_set"), 0);
    // Overdue items need the reason, as at a single checkout.
    let ayse = borrower(db, "Ayşe Yılmaz", BorrowerKind::Hauptamtlich);
    let kind_id = media_kind_on(db, "buch");
    let extra = catalogue::create_medium(
        db,
        &MediumInput {
            kind_id,
            title: "Alt".into(),
            ..MediumInput::default()
        },
        at(november(1), 9, 0),
    )
    .unwrap();
    catalogue::add_copy(
        db,
        extra.id,
        &CopyInput {
            barcode: "X-1".into(),
            ..CopyInput::default()
        },
        at(november(1), 9, 0),
    )
    .unwrap();
    lend(db, ayse, "X-1", at(november(1).pred_opt().unwrap(), 10, 0)).unwrap();
    let later = at(november(1) + chrono::Days::new(60), 10, 0);
    let refused =
        lending::lend_package(db, &checkout(shelf.package, ayse, WhenMissing::Ask), later);
    assert!(
        matches!(refused, Err(Error::BorrowerHasOverdue { count: 1 })),
        "{refused:?}"
    );
    let mut with_reason = checkout(shelf.package, ayse, WhenMissing::Ask);
    with_reason.override_reason = Some("Kurs beginnt heute".into());
    let lent = lending::lend_package(db, &with_reason, later).unwrap();
    assert!(
        matches!(lent, PackageOutcome::Lent { ref loans, .. } if loans.len() == 5
        && loans.iter().all(|l| l.override_reason.as_deref() == Some("Kurs beginnt heute")))
    );
    // A blocked card lends nothing.
    let blocked = borrower(db, "Gesperrt", BorrowerKind::Hauptamtlich);
    kiz::people::set_blocked(db, blocked, Some("Ausweis verloren"), now, None, "").unwrap();
    let refused = lending::lend_package(
        db,
        &checkout(shelf.package, blocked, WhenMissing::LendRest),
        now,
    );
    assert!(
        matches!(refused, Err(Error::BorrowerBlocked { .. })),
        "{refused:?}"
    );
    // The card scanned with nobody selected, or in the return mode: the
    // desk says how a package is lent, and nothing changes.
    for (mode, borrower_id) in [
        (DeskMode::Checkout, None),
        (DeskMode::Return, Some(ayse)),
        (DeskMode::Renew, Some(ayse)),
    ] {
        let answer = lending::act(
            db,
            &DeskRequest {
                code: "KP-0001".into(),
                mode,
                borrower_id,
                course_end: None,
            },
            now,
        );
        assert!(
            matches!(answer, Err(Error::PackageNeedsBorrower)),
            "{mode:?}: {answer:?}"
        );
    }
}
on_both_engines!(the_rules_of_a_single_checkout_hold_for_every_part);

/// What a refusal must be.
type Expected = fn(&Error) -> bool;

fn staff_define_packages_and_bad_input_changes_nothing(db: &mut TestStore) {
    let shelf = shelf(db);
    let input = |name: &str, parts: Vec<PartInput>| PackageInput {
        name: name.into(),
        note: String::new(),
        parts,
    };
    let part = |medium_id, quantity| PartInput {
        medium_id,
        quantity,
    };
    let when = at(november(3), 9, 0);
    let cases: Vec<(PackageInput, Expected)> = vec![
        (input(" ", vec![part(shelf.kursbuch, 1)]), |e| {
            matches!(e, Error::Required { field: "name" })
        }),
        (input("Leer", Vec::new()), |e| {
            matches!(e, Error::Required { field: "parts" })
        }),
        (input("Null", vec![part(shelf.kursbuch, 0)]), |e| {
            matches!(
                e,
                Error::OutOfRange {
                    field: "quantity",
                    min: 1,
                    max: 50
                }
            )
        }),
        (input("Zu viele", vec![part(shelf.kursbuch, 51)]), |e| {
            matches!(
                e,
                Error::OutOfRange {
                    field: "quantity",
                    ..
                }
            )
        }),
        (
            input("LINIE 1 a2", vec![part(shelf.kursbuch, 1)]),
            |e| matches!(e, Error::PackageNameTaken { name } if name == "LINIE 1 a2"),
        ),
        // Beyond A to Z the same on both engines.
        (
            input("ÜBUNGEN", vec![part(shelf.kursbuch, 1)]),
            |e| matches!(e, Error::PackageNameTaken { name } if name == "ÜBUNGEN"),
        ),
        (input("Unbekannt", vec![part(99_999, 1)]), |e| {
            matches!(
                e,
                Error::NotFound {
                    what: Record::Medium
                }
            )
        }),
    ];
    lending::save_package(
        db,
        None,
        &input("Übungen", vec![part(shelf.audio, 1)]),
        when,
    )
    .unwrap();
    for (bad, expected) in cases {
        let refused = lending::save_package(db, None, &bad, when);
        assert!(
            refused.as_ref().is_err_and(expected),
            "{:?}: {refused:?}",
            bad.name
        );
    }
    assert_eq!(db.count("course_package"), 2, "nothing stored");
    assert_eq!(db.count("course_package_part"), 5);
    // A second package: the next code; a medium entered twice counts once
    // with both quantities.
    let second = lending::save_package(
        db,
        None,
        &input(
            "Klassensatz Kursbuch",
            vec![part(shelf.kursbuch, 1), part(shelf.kursbuch, 1)],
        ),
        when,
    )
    .unwrap();
    assert_eq!(second.code, "KP-0003");
    assert_eq!(second.parts.len(), 1);
    assert_eq!(second.parts[0].quantity, 2);
    // Changed: name and parts replaced, the code kept.
    let changed = lending::save_package(
        db,
        Some(second.id),
        &input("Kursbuch doppelt", vec![part(shelf.audio, 1)]),
        when,
    )
    .unwrap();
    assert_eq!(
        (
            changed.code.as_str(),
            changed.name.as_str(),
            changed.parts.len()
        ),
        ("KP-0003", "Kursbuch doppelt", 1)
    );
    // Lent, then deleted: the loans keep the package's name.
    let ayse = borrower(db, "Ayşe Yılmaz", BorrowerKind::Hauptamtlich);
    lending::lend_package(
        db,
        &checkout(shelf.package, ayse, WhenMissing::Ask),
        at(november(12), 10, 0),
    )
    .unwrap();
    lending::delete_package(db, shelf.package).unwrap();
    let names: Vec<Option<String>> = db
        .read(|s| lending::open_loans_in(s, ayse))
        .unwrap()
        .into_iter()
        .map(|l| l.set_name)
        .collect();
    assert_eq!(names.len(), 5);
    assert!(names.iter().all(|n| n.as_deref() == Some("Linie 1 A2")));
    assert!(matches!(
        lending::delete_package(db, shelf.package),
        Err(Error::NotFound {
            what: Record::CoursePackage
        })
    ));
    let listed: Vec<String> = db
        .read(lending::packages_in)
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(listed, vec!["Kursbuch doppelt", "Übungen"]);
    // The newest deleted: its code is not given to the next package, whose
    // card the old one would then lend.
    lending::delete_package(db, second.id).unwrap();
    let next =
        lending::save_package(db, None, &input("Neu", vec![part(shelf.audio, 1)]), when).unwrap();
    assert_eq!(next.code, "KP-0004");
    // A copy or a card cannot take a package's code: the desk reads cards
    // and copies first, and the package card would no longer lend it.
    let copy = catalogue::add_copy(
        db,
        shelf.audio,
        &CopyInput {
            barcode: "kp-0004".into(),
            ..CopyInput::default()
        },
        when,
    );
    assert!(
        matches!(
            copy,
            Err(Error::ScanCodeClash {
                other: Record::CoursePackage,
                in_use: true,
                ..
            })
        ),
        "{copy:?}"
    );
    let card = kiz::people::create_borrower(
        db,
        &kiz::people::BorrowerInput {
            name: "Karte".into(),
            card_number: "KP-0004".into(),
            ..kiz::people::BorrowerInput::default()
        },
        when,
    );
    assert!(
        matches!(
            card,
            Err(Error::ScanCodeClash {
                other: Record::CoursePackage,
                ..
            })
        ),
        "{card:?}"
    );
}
on_both_engines!(staff_define_packages_and_bad_input_changes_nothing);

fn the_slip_prints_the_packages_parts_under_its_name(db: &mut TestStore) {
    let shelf = shelf(db);
    let single = medium(db, "buch", "Deutsch im Alltag", &["D-1"]);
    let _ = single;
    let ayse = borrower(db, "Ayşe Yılmaz", BorrowerKind::Hauptamtlich);
    let now = at(november(12), 10, 0);
    let first = lend(db, ayse, "D-1", now).unwrap();
    let PackageOutcome::Lent { loans, .. } =
        lending::lend_package(db, &checkout(shelf.package, ayse, WhenMissing::Ask), now).unwrap()
    else {
        panic!("lent");
    };
    let mut ids = vec![first.id];
    ids.extend(loans.iter().map(|l| l.id));
    let slip = db
        .read(|s| {
            documents::render_in(
                s,
                &DocumentRequest::LoanSlip {
                    borrower_id: ayse,
                    loan_ids: ids.clone(),
                },
                &printing_at(now),
            )
        })
        .unwrap();
    let text = poppler("pdftotext", &["-layout"], &slip.bytes);
    let lines: Vec<String> = text.lines().map(letters).collect();
    let find = |needle: &str| {
        lines
            .iter()
            .position(|l| l.contains(&letters(needle)))
            .unwrap_or_else(|| panic!("{needle:?} on the slip:\n{text}"))
    };
    let heading = find("Kurspaket: Linie 1 A2");
    let single_row = find("Deutsch im Alltag");
    assert!(
        single_row < heading,
        "the single loan stands on its own:\n{text}"
    );
    for part in [
        "– Linie 1 A2 – Kursbuch",
        "– Linie 1 A2 – Arbeitsbuch",
        "– Linie 1 A2 – Audio-CD",
        "– Wortschatz-Domino A2",
    ] {
        assert!(find(part) > heading, "{part} under the package:\n{text}");
    }
    // The package card: its code as a barcode and its name.
    let cards = db
        .read(|s| {
            documents::render_in(
                s,
                &DocumentRequest::PackageCards {
                    package_ids: vec![shelf.package],
                    sheet: documents::labels::LabelSheet::ThreeByEight,
                    start: 1,
                },
                &printing_at(now),
            )
        })
        .unwrap();
    assert_eq!(common::code128_codes(&cards.bytes, 1, 300), vec!["KP-0001"]);
    let card_text = letters(&poppler("pdftotext", &[], &cards.bytes));
    assert!(
        card_text.contains(&letters("Kurspaket: Linie 1 A2")),
        "{card_text}"
    );
}
on_both_engines!(
    the_slip_prints_the_packages_parts_under_its_name,
    ignore_on_windows = "needs poppler's pdftotext and zbar, Linux programs"
);

/// Two desks lend the same package at the same moment while one part has
/// a single copy left, twenty times over: one desk lends the whole package
/// and the other is told that part is missing, with nothing lent for it;
/// then the first gives everything back.
fn two_desks_lending_the_last_copy_of_a_part<E: Engine + Send + 'static>(mut first: E, second: E) {
    let shelf = shelf(&mut first);
    let desk_a = borrower(&mut first, "Desk A", BorrowerKind::Hauptamtlich);
    let desk_b = borrower(&mut first, "Desk B", BorrowerKind::Hauptamtlich);
    let rounds = 20_u32;
    let start = Arc::new(Barrier::new(2));
    let desks: Vec<_> = [(first, desk_a), (second, desk_b)]
        .into_iter()
        .map(|(mut store, borrower_id)| {
            let start = Arc::clone(&start);
            let package = shelf.package;
            std::thread::spawn(move || {
                let mut outcomes = Vec::new();
                for round in 0..rounds {
                    let now: NaiveDateTime = at(november(12), 9, round);
                    start.wait();
                    let outcome = lending::lend_package(
                        &mut store,
                        &checkout(package, borrower_id, WhenMissing::Ask),
                        now,
                    );
                    start.wait();
                    if let Ok(PackageOutcome::Lent { loans, .. }) = &outcome {
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
                    outcomes.push(outcome.map(|o| match o {
                        PackageOutcome::Lent { loans, .. } => (true, loans.len(), Vec::new()),
                        PackageOutcome::Incomplete { missing, .. } => (
                            false,
                            0,
                            missing.into_iter().map(|m| m.title).collect::<Vec<_>>(),
                        ),
                    }));
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
        let lent: Vec<_> = pair
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .filter(|r| r.0)
            .collect();
        assert_eq!(lent.len(), 1, "round {round}: {pair:?}");
        assert_eq!(lent[0].1, 5, "round {round}: the whole package");
        let told: Vec<_> = pair
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .filter(|r| !r.0)
            .collect();
        assert_eq!(told.len(), 1, "round {round}: {pair:?}");
        assert_eq!(
            told[0].2,
            vec![
                "Linie 1 A2 – Arbeitsbuch",
                "Linie 1 A2 – Audio-CD",
                "Wortschatz-Domino A2"
            ],
            "round {round}: the parts the first desk took the last copies of"
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
        5 * i64::from(rounds)
    );
    assert_eq!(
        count(store, "SELECT count(*) FROM loan_set"),
        i64::from(rounds)
    );
    assert_eq!(
        count(store, "SELECT count(*) FROM loan WHERE returned_at IS NULL"),
        0
    );
}

#[test]
fn two_desks_lending_the_last_copy_of_a_part_on_the_file() {
    let (_dir, first, second) = TestStore::two_desks_on_a_file();
    two_desks_lending_the_last_copy_of_a_part(first, second);
}

#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn two_desks_lending_the_last_copy_of_a_part_on_the_server() {
    let (first, second) = TestStore::two_desks("kiz_t_packages_two_desks");
    two_desks_lending_the_last_copy_of_a_part(first, second);
}
