//! Due dates tied to the course (issue 23, point 4): a loan, a course
//! package or a class set due when the course ends (a date, or a term kept
//! in the lending settings) instead of after the loan period, within the
//! longest time ahead set per Mediengruppe; the overdue list and the
//! reminders follow that date.

mod common;
#[macro_use]
mod test_cluster;

use chrono::{Days, NaiveDate};
use common::{at, borrower, day, item, media_kind_on, november};
use kiz::lending::{
    self, ClassSetCheckout, CourseTerm, OverdueFilter, PackageCheckout, PackageInput, PartInput,
    WhenMissing,
};
use kiz::people::BorrowerKind;
use kiz::Error;
use test_cluster::TestStore;

fn settings(db: &mut TestStore) -> lending::LendingSettings {
    db.read(lending::lending_settings_in).unwrap()
}

/// Saves the terms and a limit of `days` for the Mediengruppe `kind`.
fn save_terms(
    db: &mut TestStore,
    terms: &[(&str, NaiveDate)],
    kind: &str,
    days: u32,
) -> kiz::Result<lending::LendingSettings> {
    let kind_id = media_kind_on(db, kind);
    let mut input = settings(db);
    input.course_terms = terms
        .iter()
        .map(|(name, ends_on)| CourseTerm {
            name: (*name).into(),
            ends_on: *ends_on,
        })
        .collect();
    for limit in &mut input.course_end_limits {
        if limit.kind_id == kind_id {
            limit.max_days = days;
        }
    }
    lending::save_lending_settings(db, &input, "THEKE-1", at(november(2), 9, 0))
}

/// Lends `barcode` on Thursday 12 November, due at `end` if given.
fn lend_until(
    db: &mut TestStore,
    borrower_id: i64,
    barcode: &str,
    end: Option<NaiveDate>,
) -> kiz::Result<lending::Loan> {
    common::lend_until(db, borrower_id, barcode, None, end, at(november(12), 10, 0))
}

fn a_loan_is_due_when_the_course_ends_and_reminded_from_then(db: &mut TestStore) {
    // Friday 29 January 2027 ends the term; the Mediathek is closed on
    // weekends here, so Sunday 31 January is a closed day.
    let mut input = settings(db);
    input.closed_weekdays = vec![6, 7];
    lending::save_lending_settings(db, &input, "THEKE-1", at(november(1), 9, 0)).unwrap();
    let stored = save_terms(
        db,
        &[
            ("  Schulhalbjahr 1 ", day(2027, 1, 29)),
            ("Kurs bis 31.01.2027", day(2027, 1, 31)),
        ],
        "buch",
        120,
    )
    .unwrap();
    let names: Vec<(&str, NaiveDate)> = stored
        .course_terms
        .iter()
        .map(|t| (t.name.as_str(), t.ends_on))
        .collect();
    assert_eq!(
        names,
        vec![
            ("Schulhalbjahr 1", day(2027, 1, 29)),
            ("Kurs bis 31.01.2027", day(2027, 1, 31))
        ],
        "trimmed, the earliest end first"
    );
    item(db, "buch", "Schritte plus Neu 2", "B-1");
    item(db, "buch", "Linie 1 A2", "B-2");
    item(db, "buch", "Menschen A1", "B-3");
    let ayse = borrower(db, "Ayşe Yılmaz", BorrowerKind::Hauptamtlich);
    let term = lend_until(db, ayse, "B-1", Some(day(2027, 1, 29))).unwrap();
    assert_eq!(term.due_on, day(2027, 1, 29), "due when the term ends");
    // A course end on a Sunday: due on the next open day.
    let sunday = lend_until(db, ayse, "B-2", Some(day(2027, 1, 31))).unwrap();
    assert_eq!(sunday.due_on, day(2027, 2, 1));
    // Without a course end: the loan period, as before.
    let plain = lend_until(db, ayse, "B-3", None).unwrap();
    assert!(plain.due_on < day(2026, 12, 31), "{:?}", plain.due_on);

    // The overdue list and the reminders follow the course end: nothing
    // on the day it ends, overdue the day after, the first reminder due
    // seven days later (the default interval).
    let overdue = |db: &mut TestStore, on: NaiveDate| -> Vec<(String, bool, Option<NaiveDate>)> {
        db.read(|s| lending::overdue_loans_in(s, on, &OverdueFilter::default()))
            .unwrap()
            .into_iter()
            .filter(|o| o.loan.barcode == "B-1")
            .map(|o| (o.loan.barcode, o.reminder_due, o.next_due_on))
            .collect()
    };
    assert!(overdue(db, day(2027, 1, 29)).is_empty());
    assert_eq!(
        overdue(db, day(2027, 1, 30)),
        vec![("B-1".into(), false, Some(day(2027, 2, 5)))]
    );
    assert_eq!(
        overdue(db, day(2027, 2, 5)),
        vec![("B-1".into(), true, Some(day(2027, 2, 5)))]
    );
}
on_both_engines!(a_loan_is_due_when_the_course_ends_and_reminded_from_then);

fn a_course_end_beyond_the_mediengruppes_limit_lends_nothing(db: &mut TestStore) {
    // Open every day, so that each course end is the due date itself.
    let mut input = settings(db);
    input.closed_weekdays = Vec::new();
    lending::save_lending_settings(db, &input, "THEKE-1", at(november(1), 9, 0)).unwrap();
    save_terms(db, &[], "spiel", 30).unwrap();
    item(db, "spiel", "Wortschatz-Domino", "S-1");
    item(db, "buch", "Linie 1 A2", "B-1");
    let ayse = borrower(db, "Ayşe Yılmaz", BorrowerKind::Hauptamtlich);
    let today = november(12);
    let latest = today + Days::new(30);
    for end in [today, today - Days::new(1), latest + Days::new(1)] {
        let refused = lend_until(db, ayse, "S-1", Some(end));
        assert!(
            matches!(&refused, Err(Error::CourseEndOutOfRange { kind, latest: l })
                if kind == "Spiel" && *l == latest),
            "{end}: {refused:?}"
        );
    }
    assert_eq!(db.count("loan"), 0, "nothing lent");
    // The book's limit is the default half year: the same end is fine.
    let book = lend_until(db, ayse, "B-1", Some(latest + Days::new(1))).unwrap();
    assert_eq!(book.due_on, latest + Days::new(1));
    let game = lend_until(db, ayse, "S-1", Some(latest)).unwrap();
    assert_eq!(game.due_on, latest, "the last day allowed");

    // A package with the game and a second book: refused as a whole when
    // the end is too far for the game; all due then when it is not.
    lending::checkin(
        db,
        &lending::ReturnRequest {
            barcode: "S-1".into(),
            missing_parts: Vec::new(),
        },
        at(today, 11, 0),
    )
    .unwrap();
    let other = item(db, "buch", "Menschen A1", "B-2");
    let game_id = db
        .read(|s| {
            kiz::db::engine::scalar(s, "SELECT medium_id FROM copy WHERE barcode = 'S-1'", &[])
        })
        .unwrap();
    let package = lending::save_package(
        db,
        None,
        &PackageInput {
            name: "Kurs".into(),
            note: String::new(),
            parts: vec![
                PartInput {
                    medium_id: other,
                    quantity: 1,
                },
                PartInput {
                    medium_id: game_id,
                    quantity: 1,
                },
            ],
        },
        at(today, 9, 0),
    )
    .unwrap();
    let mehmet = borrower(db, "Mehmet Kaya", BorrowerKind::Hauptamtlich);
    let request = |end| PackageCheckout {
        borrower_id: mehmet,
        package_id: package.id,
        when_missing: WhenMissing::Ask,
        override_reason: None,
        course_end: Some(end),
    };
    let refused = lending::lend_package(db, &request(latest + Days::new(1)), at(today, 12, 0));
    assert!(
        matches!(refused, Err(Error::CourseEndOutOfRange { .. })),
        "{refused:?}"
    );
    assert_eq!(db.count("loan"), 2, "nothing of the package lent");
    let lent = lending::lend_package(db, &request(latest), at(today, 12, 0)).unwrap();
    let lending::PackageOutcome::Lent { loans, .. } = lent else {
        panic!("lent: {lent:?}");
    };
    assert!(loans.iter().all(|l| l.due_on == latest), "{loans:?}");

    // A class set until the course end.
    item(db, "buch", "Klassensatz", "K-1");
    let medium: i64 = db
        .read(|s| {
            kiz::db::engine::scalar(s, "SELECT medium_id FROM copy WHERE barcode = 'K-1'", &[])
        })
        .unwrap();
    for i in 2..=3 {
        kiz::catalogue::add_copy(
            db,
            medium,
            &kiz::catalogue::CopyInput {
                barcode: format!("K-{i}"),
                ..Default::default()
            },
            at(today, 9, 0),
        )
        .unwrap();
    }
    let set = lending::lend_class_set(
        db,
        &ClassSetCheckout {
            borrower_id: mehmet,
            barcode: "K-1".into(),
            count: 3,
            override_reason: None,
            course_end: Some(day(2027, 1, 29)),
        },
        at(today, 12, 30),
    )
    .unwrap();
    assert!(set.loans.iter().all(|l| l.due_on == day(2027, 1, 29)));
}
on_both_engines!(a_course_end_beyond_the_mediengruppes_limit_lends_nothing);

fn terms_and_limits_are_checked_before_anything_is_stored(db: &mut TestStore) {
    save_terms(db, &[("Schulhalbjahr 1", day(2027, 1, 29))], "buch", 200).unwrap();
    let before = settings(db);
    let empty = save_terms(db, &[(" ", day(2027, 1, 29))], "buch", 100);
    assert!(
        matches!(
            empty,
            Err(Error::Required {
                field: "course_terms"
            })
        ),
        "{empty:?}"
    );
    let twice = save_terms(
        db,
        &[
            ("Schulhalbjahr 1", day(2027, 1, 29)),
            ("schulhalbjahr 1", day(2027, 7, 9)),
        ],
        "buch",
        100,
    );
    assert!(
        matches!(&twice, Err(Error::CourseTermTwice { name }) if name == "schulhalbjahr 1"),
        "{twice:?}"
    );
    for days in [0, 731] {
        let refused = save_terms(db, &[], "buch", days);
        assert!(
            matches!(
                refused,
                Err(Error::OutOfRange {
                    field: "course_max_days",
                    min: 1,
                    max: 730
                })
            ),
            "{days}: {refused:?}"
        );
    }
    let after = settings(db);
    assert_eq!(after.course_terms, before.course_terms, "nothing stored");
    assert_eq!(after.course_end_limits, before.course_end_limits);
    let book = media_kind_on(db, "buch");
    let limit = after
        .course_end_limits
        .iter()
        .find(|l| l.kind_id == book)
        .unwrap();
    assert_eq!((limit.kind_name.as_str(), limit.max_days), ("Buch", 200));
    assert!(
        after
            .course_end_limits
            .iter()
            .filter(|l| l.kind_id != book)
            .all(|l| l.max_days == lending::DEFAULT_COURSE_DAYS),
        "the others keep the default"
    );
}
on_both_engines!(terms_and_limits_are_checked_before_anything_is_stored);
