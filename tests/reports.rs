//! Berichte: the period rules and every figure of `reports::report` on a
//! small database built row by row with known answers, and the same report
//! after a borrower, a contact and a participant are erased and the
//! retention rules have run.

mod common;
#[macro_use]
mod test_cluster;

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use common::{at_ten, day, Stored};
use kiz::events::Figures;
use kiz::privacy::{self, Person};
use kiz::reports::{self, Compared, FiguresLine, Line, Period, PeriodChoice, Report};
use kiz::{Db, Error};
use test_cluster::TestStore;

fn c(now: u32, before: u32) -> Compared<u32> {
    Compared { now, before }
}

fn period(first: (i32, u32, u32), last: (i32, u32, u32)) -> Period {
    Period {
        first: day(first.0, first.1, first.2),
        last: day(last.0, last.1, last.2),
    }
}

fn resolve(choice: PeriodChoice) -> Period {
    choice.resolve().expect("a valid period")
}

fn refusal(choice: PeriodChoice) -> &'static str {
    match choice.resolve() {
        Err(Error::ReportPeriodInvalid { problem }) => problem,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn periods_resolve_to_first_and_last_day() {
    assert_eq!(
        resolve(PeriodChoice::Year { year: 2025 }),
        period((2025, 1, 1), (2025, 12, 31))
    );
    assert_eq!(
        resolve(PeriodChoice::Quarter {
            year: 2024,
            quarter: 1
        }),
        period((2024, 1, 1), (2024, 3, 31))
    );
    assert_eq!(
        resolve(PeriodChoice::Quarter {
            year: 2025,
            quarter: 4
        }),
        period((2025, 10, 1), (2025, 12, 31))
    );
    // The first school half-year crosses the change of year.
    assert_eq!(
        resolve(PeriodChoice::SchoolHalf {
            school_year: 2025,
            half: 1
        }),
        period((2025, 8, 1), (2026, 1, 31))
    );
    assert_eq!(
        resolve(PeriodChoice::SchoolHalf {
            school_year: 2025,
            half: 2
        }),
        period((2026, 2, 1), (2026, 7, 31))
    );
    assert_eq!(
        resolve(PeriodChoice::Range {
            from: day(2025, 3, 15),
            to: day(2025, 3, 15)
        }),
        period((2025, 3, 15), (2025, 3, 15))
    );
}

#[test]
fn the_period_a_year_before() {
    let half = resolve(PeriodChoice::SchoolHalf {
        school_year: 2025,
        half: 1,
    });
    assert_eq!(half.previous(), period((2024, 8, 1), (2025, 1, 31)));
    // Q1 of a leap year and of the year after keep 31 March.
    let q1 = resolve(PeriodChoice::Quarter {
        year: 2025,
        quarter: 1,
    });
    assert_eq!(q1.previous(), period((2024, 1, 1), (2024, 3, 31)));
    // 29 February becomes 28 February.
    let leap = resolve(PeriodChoice::Range {
        from: day(2024, 2, 29),
        to: day(2024, 3, 10),
    });
    assert_eq!(leap.previous(), period((2023, 2, 28), (2023, 3, 10)));
    let ends_on_leap_day = resolve(PeriodChoice::Range {
        from: day(2024, 2, 1),
        to: day(2024, 2, 29),
    });
    assert_eq!(
        ends_on_leap_day.previous(),
        period((2023, 2, 1), (2023, 2, 28))
    );
    // February's end compares with February's end: the leap day is in.
    let february = resolve(PeriodChoice::Range {
        from: day(2025, 2, 1),
        to: day(2025, 2, 28),
    });
    assert_eq!(february.previous(), period((2024, 2, 1), (2024, 2, 29)));
}

#[test]
fn bad_periods_are_refused() {
    assert_eq!(
        refusal(PeriodChoice::Range {
            from: day(2025, 3, 2),
            to: day(2025, 3, 1)
        }),
        "reversed"
    );
    // Ten years are allowed, a day more is not.
    resolve(PeriodChoice::Range {
        from: day(2016, 1, 1),
        to: day(2025, 12, 31),
    });
    assert_eq!(
        refusal(PeriodChoice::Range {
            from: day(2016, 1, 1),
            to: day(2026, 1, 1)
        }),
        "too_long"
    );
    for quarter in [0, 5] {
        assert_eq!(
            refusal(PeriodChoice::Quarter {
                year: 2025,
                quarter
            }),
            "quarter"
        );
    }
    assert_eq!(
        refusal(PeriodChoice::SchoolHalf {
            school_year: 2025,
            half: 3
        }),
        "half"
    );
    assert_eq!(refusal(PeriodChoice::Year { year: 99999 }), "year");
    let e = PeriodChoice::Quarter {
        year: 2025,
        quarter: 5,
    }
    .resolve()
    .unwrap_err();
    assert_eq!(e.code(), "report_period_invalid");
    assert_eq!(e.field(), Some("period"));
}

fn a_refused_period_reports_nothing_and_changes_nothing(db: &mut TestStore) {
    let before = report(db);
    let bad = PeriodChoice::Range {
        from: day(2025, 3, 2),
        to: day(2025, 3, 1),
    };
    assert!(matches!(
        reports::report_on(&mut db.store(), &bad, today()),
        Err(Error::ReportPeriodInvalid { .. })
    ));
    assert_eq!(report(db), before);
    // Writable afterwards as before.
    db.execute("SELECT 1");
}
on_both_engines!(
    a_refused_period_reports_nothing_and_changes_nothing,
    from = sample
);

#[test]
fn the_choice_travels_as_json() {
    let choice: PeriodChoice =
        serde_json::from_str(r#"{"kind":"school_half","school_year":2025,"half":1}"#)
            .expect("JSON");
    assert_eq!(
        choice,
        PeriodChoice::SchoolHalf {
            school_year: 2025,
            half: 1
        }
    );
    let range = PeriodChoice::Range {
        from: day(2025, 1, 1),
        to: day(2025, 6, 30),
    };
    let json = serde_json::to_string(&range).expect("JSON");
    assert_eq!(
        json,
        r#"{"kind":"range","from":"2025-01-01","to":"2025-06-30"}"#
    );
}

fn today() -> chrono::NaiveDate {
    day(2026, 1, 15)
}

fn report(db: &mut TestStore) -> Report {
    reports::report_on(&mut db.store(), &PeriodChoice::Year { year: 2025 }, today())
        .expect("a report")
}

/// The small database: media, copies, loans and reservations in 2024,
/// 2025 and on both sides of 31 December 2025; organisations, a project,
/// an Arbeitskreis; an event with workshops in 2024 and 2025. One
/// borrower, one contact and one participant to erase.
fn sample() -> Db {
    let mut db = common::test_db();
    kiz::db::execute_batch_for_tests(
        &mut db,
        "
        INSERT INTO medium (id, kind_id, title, level_from, level_to, created_at, updated_at) VALUES
          (1, 1, 'Alpha Buch', 1, 3, '2020-01-01T10:00:00', '2020-01-01T10:00:00'),
          (2, 2, 'Beta Lehrwerk', NULL, NULL, '2020-01-01T10:00:00', '2020-01-01T10:00:00'),
          (3, 3, 'Gamma Spiel', 0, 0, '2020-01-01T10:00:00', '2020-01-01T10:00:00'),
          (4, 1, 'Delta Buch', NULL, NULL, '2020-01-01T10:00:00', '2020-01-01T10:00:00'),
          (5, 4, 'Epsilon Video', NULL, NULL, '2019-01-01T10:00:00', '2019-01-01T10:00:00');
        INSERT INTO medium_language (medium_id, code, role) VALUES
          (1, 'de', 'ziel'), (1, 'ar', 'hilfe'), (2, 'de', 'ziel'), (2, 'tr', 'ziel');
        INSERT INTO copy (id, medium_id, barcode, acquired_on, status, retired_on, created_at) VALUES
          (1, 1, 'C1', '2020-05-01', 'verfuegbar', NULL, '2020-05-01T10:00:00'),
          (2, 2, 'C2', '2024-06-01', 'verfuegbar', NULL, '2024-06-01T10:00:00'),
          (3, 3, 'C3', NULL, 'verfuegbar', NULL, '2025-03-01T10:00:00'),
          (4, 4, 'C4', '2021-01-01', 'ausgeschieden', '2025-12-31', '2021-01-01T10:00:00'),
          (5, 1, 'C5', '2023-01-01', 'verloren', '2024-05-05', '2023-01-01T10:00:00'),
          (6, 2, 'C6', '2025-12-31', 'verfuegbar', NULL, '2025-12-31T10:00:00'),
          (7, 3, 'C7', '2026-01-01', 'verfuegbar', NULL, '2026-01-01T10:00:00'),
          (8, 5, 'C8', '2019-01-01', 'verfuegbar', NULL, '2019-01-01T10:00:00');
        INSERT INTO borrower (id, kind, name, card_number, created_at, updated_at) VALUES
          (1, 'ehrenamtlich', 'Erika Muster', 'KI-A-000001', '2020-01-01T10:00:00', '2020-01-01T10:00:00'),
          (2, 'sonstige', 'Samir Beispiel', 'KI-A-000002', '2020-01-01T10:00:00', '2020-01-01T10:00:00');
        INSERT INTO loan (copy_id, borrower_id, borrower_kind, loaned_at, due_on, returned_at, outcome,
                          previous_loan_month) VALUES
          (1, 1, 'hauptamtlich', '2025-01-10T10:00:00', '2025-02-07', '2025-02-01T10:00:00', 'zurueckgegeben', '-'),
          (1, 1, 'ehrenamtlich', '2025-03-05T10:00:00', '2025-04-02', '2025-04-10T10:00:00', 'zurueckgegeben', '2024-06'),
          (2, NULL, 'organisation', '2025-03-20T10:00:00', '2025-04-17', '2025-04-17T16:00:00', 'zurueckgegeben', '2025-01'),
          (3, NULL, 'hauptamtlich', '2025-12-31T18:00:00', '2026-01-28', '2026-01-02T10:00:00', 'zurueckgegeben', '2025-01'),
          (2, NULL, 'hauptamtlich', '2026-01-01T09:00:00', '2026-01-29', NULL, NULL, '-'),
          (1, 2, 'sonstige', '2025-11-02T10:00:00', '2025-11-30', NULL, NULL, '2024-06'),
          (1, NULL, 'hauptamtlich', '2024-01-15T10:00:00', '2024-02-12', '2024-02-20T10:00:00', 'zurueckgegeben', NULL),
          (2, 2, 'ehrenamtlich', '2024-06-10T10:00:00', '2024-07-08', '2024-07-01T10:00:00', 'zurueckgegeben', '-'),
          (5, NULL, 'hauptamtlich', '2024-03-01T10:00:00', '2024-03-29', '2024-05-05T10:00:00', 'verloren', '2023-06'),
          (8, NULL, 'hauptamtlich', '2023-06-01T10:00:00', '2023-06-29', '2023-06-20T10:00:00', 'zurueckgegeben', '-');
        INSERT INTO loan_renewal (loan_id, renewed_at) VALUES
          (2, '2025-03-20T10:00:00'), (2, '2025-03-27T10:00:00'), (6, '2025-12-31T23:00:00'),
          (6, '2026-01-01T08:00:00'), (8, '2024-06-24T10:00:00');
        INSERT INTO reservation (medium_id, borrower_id, created_at, status, ready_on, closed_at) VALUES
          (1, NULL, '2025-02-01T10:00:00', 'abgeholt', '2025-02-20', '2025-02-22T10:00:00'),
          (2, NULL, '2025-05-01T10:00:00', 'abgeholt', '2025-05-15', '2025-05-16T10:00:00'),
          (3, 1, '2025-12-20T10:00:00', 'wartend', NULL, NULL),
          (1, NULL, '2024-03-01T10:00:00', 'storniert', NULL, '2024-03-05T10:00:00'),
          (2, NULL, '2024-12-25T10:00:00', 'abgeholt', '2025-01-20', '2025-01-21T10:00:00');

        INSERT INTO organisation (id, name, municipality, created_at, kind_id, archived_on) VALUES
          (1, 'Arabischer Kulturverein', 'Siegburg', '2020-01-01T10:00:00', 1, NULL),
          (2, 'Türkischer Elternverein', 'Troisdorf', '2025-06-01T10:00:00', 1, NULL),
          (3, 'Initiative ohne Ort', '', '2023-01-01T10:00:00', NULL, '2025-06-30'),
          (4, 'Bonner Gemeinde', 'Bonn', '2026-01-01T10:00:00', 1, NULL);
        INSERT INTO organisation_language (organisation_id, code) VALUES (1, 'ar'), (1, 'de'), (2, 'tr');
        INSERT INTO organisation_status_change (organisation_id, status, changed_on) VALUES
          (1, 'kontakt', '2020-01-01'), (1, 'aktiv', '2024-05-01'), (1, 'ruhend', '2025-09-01'),
          (1, 'aktiv', '2025-10-01'), (2, 'kontakt', '2025-06-01'), (2, 'aktiv', '2025-07-01'),
          (3, 'kontakt', '2023-01-01'), (4, 'kontakt', '2026-01-01');
        INSERT INTO project (id, title, starts_on, ends_on, status, created_at, updated_at) VALUES
          (1, 'Sprachcafé', '2024-09-01', '2025-02-28', 'abgeschlossen', '2024-08-01T10:00:00', '2024-08-01T10:00:00'),
          (2, 'Elternabende', '2025-12-31', NULL, 'laufend', '2025-12-01T10:00:00', '2025-12-01T10:00:00'),
          (3, 'Zukunft', '2026-01-01', NULL, 'geplant', '2025-12-01T10:00:00', '2025-12-01T10:00:00');
        INSERT INTO project_partner (project_id, organisation_id) VALUES (1, 2), (1, 1), (2, 2), (3, 4);
        INSERT INTO contact (id, name, created_at, updated_at) VALUES
          (1, 'Fatima Kontakt', '2020-01-01T10:00:00', '2020-01-01T10:00:00');
        INSERT INTO contact_role (contact_id, organisation_id) VALUES (1, 1);
        INSERT INTO working_group (id, name, created_at) VALUES (1, 'AK Sprache', '2020-01-01T10:00:00');
        INSERT INTO meeting (id, working_group_id, starts_at, created_at, updated_at) VALUES
          (1, 1, '2025-03-10T18:00:00', '2025-01-01T10:00:00', '2025-01-01T10:00:00'),
          (2, 1, '2024-10-10T18:00:00', '2024-01-01T10:00:00', '2024-01-01T10:00:00'),
          (3, 1, '2025-12-31T18:00:00', '2025-01-01T10:00:00', '2025-01-01T10:00:00'),
          (4, 1, '2026-01-01T18:00:00', '2025-01-01T10:00:00', '2025-01-01T10:00:00');
        INSERT INTO meeting_attendance (meeting_id, organisation_id, contact_id, persons) VALUES
          (1, 1, 1, 2), (1, 2, NULL, 1), (2, 1, 1, 1), (3, 1, NULL, 0), (3, 2, NULL, 3), (4, 1, NULL, 5);
        INSERT INTO meeting_attendee (meeting_id, organisation_id, contact_id, status) VALUES
          (1, 1, 1, 'anwesend'), (2, 1, 1, 'anwesend');

        INSERT INTO event (id, title, starts_on, ends_on, created_at, updated_at) VALUES
          (1, 'Ausbildungsbörse 2025', '2025-05-01', '2025-05-01', '2025-01-01T10:00:00', '2025-01-01T10:00:00'),
          (2, 'Ausbildungsbörse 2024', '2024-05-02', '2024-05-02', '2024-01-01T10:00:00', '2024-01-01T10:00:00');
        UPDATE event SET registration_closes_on = '2024-04-30' WHERE id = 2;
        INSERT INTO workshop (id, event_id, title, starts_at, ends_at, capacity, created_at, updated_at) VALUES
          (1, 1, 'Pflege', '2025-05-01T10:00:00', '2025-05-01T12:00:00', 10, '2025-01-01T10:00:00', '2025-01-01T10:00:00'),
          (2, 2, 'Handwerk', '2024-05-02T10:00:00', '2024-05-02T12:00:00', 10, '2024-01-01T10:00:00', '2024-01-01T10:00:00'),
          (3, 1, 'Später', '2026-01-10T10:00:00', '2026-01-10T12:00:00', 10, '2025-01-01T10:00:00', '2025-01-01T10:00:00');
        INSERT INTO workshop_host (workshop_id, organisation_id) VALUES (1, 1), (2, 2), (3, 2);
        INSERT INTO workshop_language (workshop_id, code) VALUES (1, 'de');
        INSERT INTO participant (id, name, birth_year, consent_on, consent_version, created_at, updated_at) VALUES
          (1, 'Amina A', 2008, '2024-04-01', '2026-1', '2024-04-01T10:00:00', '2024-04-01T10:00:00'),
          (2, 'Burak B', 2007, '2024-04-01', '2026-1', '2024-04-01T10:00:00', '2024-04-01T10:00:00'),
          (3, 'Chen C', NULL, '2025-04-01', '2026-1', '2025-04-01T10:00:00', '2025-04-01T10:00:00'),
          (4, 'Dana D', 2009, '2025-04-01', '2026-1', '2025-04-01T10:00:00', '2025-04-01T10:00:00');
        INSERT INTO participant_language (participant_id, code) VALUES (1, 'ar'), (1, 'de'), (2, 'tr');
        INSERT INTO registration (workshop_id, participant_id, status, registered_at, queued_at, walk_in,
                                  age_group, waitlisted_at, cancelled_at) VALUES
          (1, 1, 'teilgenommen', '2025-04-01T10:00:00', '2025-04-01T10:00:00', 0, '15–17', NULL, NULL),
          (1, 2, 'nicht_erschienen', '2025-04-01T10:00:00', '2025-04-01T10:00:00', 0, '18–20', NULL, NULL),
          (1, 3, 'teilgenommen', '2025-05-01T10:00:00', '2025-05-01T10:00:00', 1, '', NULL, NULL),
          (1, 4, 'warteliste', '2025-04-02T10:00:00', '2025-04-02T10:00:00', 0, '15–17', '2025-04-02T10:00:00', NULL),
          (2, 1, 'teilgenommen', '2024-04-01T10:00:00', '2024-04-01T10:00:00', 0, '15–17', NULL, NULL),
          (2, 2, 'abgesagt', '2024-04-01T10:00:00', '2024-04-01T10:00:00', 0, '15–17', '2024-04-01T10:00:00', '2024-05-03T10:00:00'),
          (3, 4, 'teilgenommen', '2025-12-01T10:00:00', '2025-12-01T10:00:00', 0, '15–17', NULL, NULL);
        ",
    )
    .expect("the sample rows");
    db
}

fn group<'a>(lines: &'a [Line], name: &str) -> &'a Compared<u32> {
    &lines
        .iter()
        .find(|l| l.group == name)
        .unwrap_or_else(|| panic!("no line {name:?} in {lines:?}"))
        .count
}

fn table(lines: &[Line]) -> Vec<(&str, u32, u32)> {
    lines
        .iter()
        .map(|l| (l.group.as_str(), l.count.now, l.count.before))
        .collect()
}

fn the_periods_of_the_report(db: &mut TestStore) {
    let r = report(db);
    assert_eq!(r.period, period((2025, 1, 1), (2025, 12, 31)));
    assert_eq!(r.previous, period((2024, 1, 1), (2024, 12, 31)));
}
on_both_engines!(the_periods_of_the_report, from = sample);

fn loans_in_the_period_and_a_year_before(db: &mut TestStore) {
    let m = report(db).mediathek;
    // The loan at 18:00 on 31 December counts, the one at 09:00 on
    // 1 January does not.
    assert_eq!(m.loans, c(5, 3));
    let months: Vec<&str> = m.loans_by_month.iter().map(|l| l.group.as_str()).collect();
    assert_eq!(months.len(), 12);
    assert_eq!(months[0], "2025-01");
    assert_eq!(months[11], "2025-12");
    assert_eq!(*group(&m.loans_by_month, "2025-01"), c(1, 1));
    assert_eq!(*group(&m.loans_by_month, "2025-02"), c(0, 0));
    assert_eq!(*group(&m.loans_by_month, "2025-03"), c(2, 1));
    assert_eq!(*group(&m.loans_by_month, "2025-06"), c(0, 1));
    assert_eq!(*group(&m.loans_by_month, "2025-11"), c(1, 0));
    assert_eq!(*group(&m.loans_by_month, "2025-12"), c(1, 0));
    // Every Mediengruppe, also without loans, in the list's order.
    assert_eq!(
        table(&m.loans_by_media_kind),
        [
            ("Buch", 3, 2),
            ("Lehrwerk", 1, 1),
            ("Spiel", 1, 0),
            ("Video", 0, 0),
            ("Audio", 0, 0),
            ("Medienkoffer", 0, 0),
            ("Sonstiges", 0, 0),
        ]
    );
    // A medium for A1–B1 counts for each of its levels.
    assert_eq!(
        table(&m.loans_by_level),
        [
            ("Alpha", 1, 0),
            ("A1", 3, 2),
            ("A2", 3, 2),
            ("B1", 3, 2),
            ("B2", 0, 0),
            ("C1", 0, 0),
            ("C2", 0, 0),
            ("", 1, 1),
        ]
    );
    // Target languages only (Arabic is a help language of medium 1).
    assert_eq!(
        table(&m.loans_by_language),
        [("de", 4, 3), ("tr", 1, 1), ("", 1, 0)]
    );
    assert_eq!(
        table(&m.loans_by_borrower_kind),
        [
            ("hauptamtlich", 2, 2),
            ("ehrenamtlich", 1, 1),
            ("organisation", 1, 0),
            ("sonstige", 1, 0),
        ]
    );
}
on_both_engines!(loans_in_the_period_and_a_year_before, from = sample);

fn stock_acquisitions_and_withdrawals(db: &mut TestStore) {
    let m = report(db).mediathek;
    // 31 Dec 2025: copies 1, 2, 3, 6 (acquired that day), 8; copy 4 went
    // that day, copy 7 came a day later. 31 Dec 2024: 1, 2, 4, 8.
    assert_eq!(m.stock, c(5, 4));
    assert_eq!(
        table(&m.stock_by_media_kind),
        [
            ("Buch", 1, 2),
            ("Lehrwerk", 2, 1),
            ("Spiel", 1, 0),
            ("Video", 1, 1),
            ("Audio", 0, 0),
            ("Medienkoffer", 0, 0),
            ("Sonstiges", 0, 0),
        ]
    );
    assert_eq!(
        table(&m.stock_by_level),
        [
            ("Alpha", 1, 0),
            ("A1", 1, 1),
            ("A2", 1, 1),
            ("B1", 1, 1),
            ("B2", 0, 0),
            ("C1", 0, 0),
            ("C2", 0, 0),
            ("", 3, 3),
        ]
    );
    assert_eq!(
        table(&m.stock_by_language),
        [("de", 3, 2), ("tr", 2, 1), ("", 2, 2)]
    );
    // Copy 3 without a day of acquisition counts from its entry.
    assert_eq!(m.acquired, c(2, 1));
    assert_eq!(m.withdrawn, c(1, 1));
}
on_both_engines!(stock_acquisitions_and_withdrawals, from = sample);

fn most_lent_and_never_lent_media(db: &mut TestStore) {
    let m = report(db).mediathek;
    let top: Vec<(&str, &str, u32, u32)> = m
        .most_lent
        .iter()
        .map(|t| {
            (
                t.title.as_str(),
                t.media_kind.as_str(),
                t.loans.now,
                t.loans.before,
            )
        })
        .collect();
    assert_eq!(
        top,
        [
            ("Alpha Buch", "Buch", 3, 2),
            ("Beta Lehrwerk", "Lehrwerk", 1, 1),
            ("Gamma Spiel", "Spiel", 1, 0),
        ]
    );
    // The video (lent in June 2023) was not lent in 2024–2025; the book
    // withdrawn on 31 Dec 2025 was not lent in 2023–2024 but is gone now.
    assert_eq!(*group(&m.never_lent_by_media_kind, "Video"), c(1, 0));
    assert_eq!(*group(&m.never_lent_by_media_kind, "Buch"), c(0, 1));
    assert_eq!(*group(&m.never_lent_by_media_kind, "Lehrwerk"), c(0, 0));
    assert_eq!(*group(&m.never_lent_by_media_kind, "Spiel"), c(0, 0));
}
on_both_engines!(most_lent_and_never_lent_media, from = sample);

/// More media lent as often as the 20th than places left: the first by
/// title as NOCASE orders it (then by number) fill them, whatever the
/// order they were entered or lent in.
fn ties_at_the_twentieth_place_go_by_title_then_number(db: &mut TestStore) {
    // 30 media lent once in 2025, entered in an order unlike their titles'
    // (Zeta 29, zeta 28, …), two of them with the same title; two more
    // media lent twice.
    let mut sql = String::new();
    let titles: Vec<String> = (0..30)
        .map(|i| match i {
            7 | 8 => "gleich".to_owned(),
            i if i % 2 == 0 => format!("Titel {:02}", 29 - i),
            i => format!("titel {:02}", 29 - i),
        })
        .collect();
    for (i, title) in titles.iter().enumerate() {
        let id = i + 1;
        sql.push_str(&format!(
            "INSERT INTO medium (id, kind_id, title, created_at, updated_at)
               VALUES ({id}, 1, '{title}', '2020-01-01T10:00:00', '2020-01-01T10:00:00');
             INSERT INTO copy (id, medium_id, barcode, status, created_at)
               VALUES ({id}, {id}, 'C{id}', 'verfuegbar', '2020-01-01T10:00:00');
             INSERT INTO loan (copy_id, borrower_kind, loaned_at, due_on, returned_at, outcome)
               VALUES ({id}, 'hauptamtlich', '2025-0{m}-10T10:00:00', '2025-0{m}-28',
                       '2025-0{m}-20T10:00:00', 'zurueckgegeben');",
            m = 1 + i % 9
        ));
    }
    for (id, title) in [(31, "Oft A"), (32, "Oft B")] {
        sql.push_str(&format!(
            "INSERT INTO medium (id, kind_id, title, created_at, updated_at)
               VALUES ({id}, 1, '{title}', '2020-01-01T10:00:00', '2020-01-01T10:00:00');
             INSERT INTO copy (id, medium_id, barcode, status, created_at)
               VALUES ({id}, {id}, 'C{id}', 'verfuegbar', '2020-01-01T10:00:00');
             INSERT INTO loan (copy_id, borrower_kind, loaned_at, due_on, returned_at, outcome) VALUES
               ({id}, 'hauptamtlich', '2025-02-10T10:00:00', '2025-02-28', '2025-02-20T10:00:00', 'zurueckgegeben'),
               ({id}, 'hauptamtlich', '2025-05-10T10:00:00', '2025-05-28', '2025-05-20T10:00:00', 'zurueckgegeben');"
        ));
    }
    db.execute(&sql);
    let top: Vec<(String, u32)> = report(db)
        .mediathek
        .most_lent
        .into_iter()
        .map(|t| (t.title, t.loans.now))
        .collect();
    // Counted independently: the twice lent first, then the once lent by
    // lower-case title and number.
    let mut once: Vec<(String, usize)> = titles
        .iter()
        .enumerate()
        .map(|(i, t)| (t.clone(), i + 1))
        .collect();
    once.sort_by(|a, b| {
        a.0.to_ascii_lowercase()
            .cmp(&b.0.to_ascii_lowercase())
            .then(a.1.cmp(&b.1))
    });
    let mut expected = vec![("Oft A".to_owned(), 2), ("Oft B".to_owned(), 2)];
    expected.extend(once.into_iter().take(18).map(|(t, _)| (t, 1)));
    assert_eq!(top, expected);
    assert_eq!(top[2].0, "gleich", "{top:?}");
    assert_eq!(top[4].0, "titel 00", "{top:?}");
}
on_both_engines!(ties_at_the_twentieth_place_go_by_title_then_number);

fn overdue_rate_and_long_waits(db: &mut TestStore) {
    let m = report(db).mediathek;
    // Due in 2025: four loans; one returned late, one still out after its
    // due day (on 15 Jan 2026). Returned on the due day is in time.
    assert_eq!(m.overdue.now.part, 2);
    assert_eq!(m.overdue.now.whole, 4);
    assert_eq!(m.overdue.now.percent, Some(50));
    // Due in 2024: three, two late (one of them lost).
    assert_eq!(m.overdue.before.part, 2);
    assert_eq!(m.overdue.before.whole, 3);
    assert_eq!(m.overdue.before.percent, Some(67));
    // 19 days till ready and 26 days still waiting count, 14 days do not;
    // the one made on 25 Dec 2024 waited 26 days.
    assert_eq!(m.reservations_waited_long, c(2, 1));
}
on_both_engines!(overdue_rate_and_long_waits, from = sample);

fn organisations_by_place_kind_and_language(db: &mut TestStore) {
    let o = report(db).organisations;
    // The archived one counts until it was archived; the one entered in
    // 2026 counts in neither year.
    assert_eq!(o.total, c(2, 2));
    let places: Vec<&str> = o.by_municipality.iter().map(|l| l.group.as_str()).collect();
    let mut expected: Vec<&str> = kiz::organisations::MUNICIPALITIES.to_vec();
    expected.push("");
    assert_eq!(places, expected);
    assert!(places.contains(&"Bonn"));
    assert_eq!(*group(&o.by_municipality, "Siegburg"), c(1, 1));
    assert_eq!(*group(&o.by_municipality, "Troisdorf"), c(1, 0));
    assert_eq!(*group(&o.by_municipality, "Bonn"), c(0, 0));
    assert_eq!(*group(&o.by_municipality, ""), c(0, 1));
    let others: u32 = o
        .by_municipality
        .iter()
        .filter(|l| !["Siegburg", "Troisdorf", ""].contains(&l.group.as_str()))
        .map(|l| l.count.now + l.count.before)
        .sum();
    assert_eq!(others, 0);
    assert_eq!(*group(&o.by_kind, "Verein"), c(2, 1));
    assert_eq!(*group(&o.by_kind, "Beratungsstelle"), c(0, 0));
    assert_eq!(*group(&o.by_kind, ""), c(0, 1));
    assert_eq!(o.by_kind.last().map(|l| l.group.as_str()), Some(""));
    assert_eq!(
        table(&o.by_language),
        [("ar", 1, 1), ("de", 1, 1), ("tr", 1, 0), ("", 0, 1)]
    );
    assert_eq!(o.new, c(1, 0));
}
on_both_engines!(organisations_by_place_kind_and_language, from = sample);

fn projects_and_arbeitskreis(db: &mut TestStore) {
    let o = report(db).organisations;
    assert_eq!(o.projects, c(2, 1));
    let projects: Vec<(&str, Vec<&str>)> = o
        .project_list
        .iter()
        .map(|p| {
            (
                p.title.as_str(),
                p.partners.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        projects,
        [
            (
                "Sprachcafé",
                vec!["Arabischer Kulturverein", "Türkischer Elternverein"]
            ),
            ("Elternabende", vec!["Türkischer Elternverein"]),
        ]
    );
    assert_eq!(table(&o.meetings_by_working_group), [("AK Sprache", 2, 1)]);
    let attendance: Vec<(&str, u32, u32, u32, u32)> = o
        .attendance
        .iter()
        .map(|a| {
            (
                a.name.as_str(),
                a.meetings.now,
                a.persons.now,
                a.meetings.before,
                a.persons.before,
            )
        })
        .collect();
    // An organisation excused with no one present did not attend.
    assert_eq!(
        attendance,
        [
            ("Arabischer Kulturverein", 1, 2, 1, 1),
            ("Türkischer Elternverein", 2, 4, 0, 0),
        ]
    );
}
on_both_engines!(projects_and_arbeitskreis, from = sample);

fn figures(
    registered: u32,
    present: u32,
    no_show: u32,
    walk_ins: u32,
    waitlisted: u32,
    cancelled: u32,
    rate: Option<u32>,
) -> Figures {
    Figures {
        registered,
        waitlisted,
        cancelled,
        present,
        no_show,
        walk_ins,
        attendance_rate: rate,
    }
}

fn workshops_registrations_and_attendance(db: &mut TestStore) {
    let e = report(db).events;
    assert_eq!(e.workshops, c(1, 1));
    assert_eq!(e.figures.now, figures(3, 2, 1, 1, 1, 0, Some(67)));
    assert_eq!(e.figures.before, figures(1, 1, 0, 0, 0, 1, Some(100)));
    let hosts: Vec<(&str, Figures, Figures)> = e
        .by_host
        .iter()
        .map(|l| (l.group.as_str(), l.figures.now, l.figures.before))
        .collect();
    assert_eq!(
        hosts,
        [
            (
                "Arabischer Kulturverein",
                figures(3, 2, 1, 1, 1, 0, Some(67)),
                Figures::default()
            ),
            (
                "Türkischer Elternverein",
                Figures::default(),
                figures(1, 1, 0, 0, 0, 1, Some(100))
            ),
        ]
    );
    let languages: Vec<(&str, Figures, Figures)> = e
        .by_language
        .iter()
        .map(|l| (l.group.as_str(), l.figures.now, l.figures.before))
        .collect();
    assert_eq!(
        languages,
        [
            (
                "ar",
                figures(1, 1, 0, 0, 0, 0, Some(100)),
                figures(1, 1, 0, 0, 0, 0, Some(100))
            ),
            (
                "de",
                figures(1, 1, 0, 0, 0, 0, Some(100)),
                figures(1, 1, 0, 0, 0, 0, Some(100))
            ),
            (
                "tr",
                figures(1, 0, 1, 0, 0, 0, Some(0)),
                figures(0, 0, 0, 0, 0, 1, None)
            ),
            ("", figures(1, 1, 0, 1, 1, 0, Some(100)), Figures::default()),
        ]
    );
}
on_both_engines!(workshops_registrations_and_attendance, from = sample);

fn renewals_and_active_and_new_borrowers(db: &mut TestStore) {
    let m = report(db).mediathek;
    // Renewed at 23:00 on 31 December counts, at 08:00 on 1 January not.
    assert_eq!(m.renewals, c(3, 1));
    assert_eq!(m.renewals_by_month.len(), 12);
    assert_eq!(*group(&m.renewals_by_month, "2025-03"), c(2, 0));
    assert_eq!(*group(&m.renewals_by_month, "2025-06"), c(0, 1));
    assert_eq!(*group(&m.renewals_by_month, "2025-12"), c(1, 0));
    // Active: the loans whose previous loan lies before the period (or
    // that are a first loan); a loan from before schema 11 (no month) is
    // not counted. New: first loans ever.
    assert_eq!(
        table(&m.active_borrowers_by_kind),
        [
            ("hauptamtlich", 1, 1),
            ("ehrenamtlich", 1, 1),
            ("organisation", 0, 0),
            ("sonstige", 1, 0),
        ]
    );
    assert_eq!(
        table(&m.new_borrowers_by_kind),
        [
            ("hauptamtlich", 1, 0),
            ("ehrenamtlich", 0, 1),
            ("organisation", 0, 0),
            ("sonstige", 0, 0),
        ]
    );
}
on_both_engines!(renewals_and_active_and_new_borrowers, from = sample);

fn active_borrowers_of_a_period_not_starting_on_the_first_count_from_the_first_of_its_month(
    db: &mut TestStore,
) {
    let r = reports::report_on(
        &mut db.store(),
        &PeriodChoice::Range {
            from: day(2025, 3, 10),
            to: day(2025, 11, 30),
        },
        today(),
    )
    .expect("a report");
    // The loan of 5 March (previous month 2024-06) counts its borrower,
    // although the period starts on 10 March, as do those of 20 March and
    // 2 November; a year before, the loan of 1 March 2024 counts for the
    // period from 10 March 2024.
    assert_eq!(
        table(&r.mediathek.active_borrowers_by_kind),
        [
            ("hauptamtlich", 0, 1),
            ("ehrenamtlich", 1, 1),
            ("organisation", 1, 0),
            ("sonstige", 1, 0),
        ]
    );
    assert_eq!(
        r.mediathek.loans.now, 2,
        "the loans themselves from 10 March"
    );
}
on_both_engines!(
    active_borrowers_of_a_period_not_starting_on_the_first_count_from_the_first_of_its_month,
    from = sample
);

fn new_contacts_cooperations_and_the_status_at_the_periods_end(db: &mut TestStore) {
    let o = report(db).organisations;
    assert_eq!(o.new_contacts, c(1, 0));
    // The Elternverein became active in 2025, the Kulturverein first in
    // 2024 (active again in 2025 is no new cooperation).
    assert_eq!(o.new_cooperations, c(1, 1));
    assert_eq!(
        table(&o.by_status),
        [("kontakt", 0, 1), ("aktiv", 2, 1), ("ruhend", 0, 0)]
    );
}
on_both_engines!(
    new_contacts_cooperations_and_the_status_at_the_periods_end,
    from = sample
);

fn age_groups_and_the_waitlist_at_the_close(db: &mut TestStore) {
    let e = report(db).events;
    let groups: Vec<(&str, Figures, Figures)> = e
        .by_age_group
        .iter()
        .map(|l| (l.group.as_str(), l.figures.now, l.figures.before))
        .collect();
    assert_eq!(
        groups,
        [
            ("unter 15", Figures::default(), Figures::default()),
            (
                "15–17",
                figures(1, 1, 0, 0, 1, 0, Some(100)),
                figures(1, 1, 0, 0, 0, 1, Some(100))
            ),
            (
                "18–20",
                figures(1, 0, 1, 0, 0, 0, Some(0)),
                Figures::default()
            ),
            ("21–26", Figures::default(), Figures::default()),
            ("27 und älter", Figures::default(), Figures::default()),
            ("", figures(1, 1, 0, 1, 0, 0, Some(100)), Figures::default()),
        ]
    );
    // 2025: still waiting when the workshop began (no day of closing).
    // 2024: cancelled after registration closed on 30 April.
    assert_eq!(e.waitlisted_at_close, c(1, 1));
}
on_both_engines!(age_groups_and_the_waitlist_at_the_close, from = sample);

fn erasure_and_retention_change_no_figure(db: &mut TestStore) {
    let before = report(db);
    // The figures that erasure could touch are there to be kept.
    assert!(before
        .mediathek
        .active_borrowers_by_kind
        .iter()
        .any(|l| l.count.now > 0));
    assert!(before.mediathek.renewals.now > 0);
    assert!(before.organisations.new_cooperations.now > 0);
    assert!(before.events.waitlisted_at_close.now > 0);
    assert!(before
        .events
        .by_age_group
        .iter()
        .any(|l| l.figures.now.registered > 0));
    let at_erasure = at_ten(2026, 1, 15);
    // The borrower with a waiting reservation and two returned loans, the
    // contact who came to meetings, a participant who came twice.
    privacy::erase_on(db, Person::Borrower(1), &[], "A. Becker", at_erasure)
        .expect("borrower erased");
    db.scrub();
    privacy::erase_on(db, Person::Contact(1), &[], "A. Becker", at_erasure)
        .expect("contact erased");
    db.scrub();
    privacy::erase_on(db, Person::Participant(1), &[], "A. Becker", at_erasure)
        .expect("participant erased");
    db.scrub();
    assert_eq!(db.count("borrower"), 1);
    assert_eq!(db.count("contact"), 0);
    assert_eq!(report(db), before);
    // A year later every returned loan has lost its borrower and every
    // participant is anonymised.
    let done = privacy::run_automatic_on(db, at_ten(2027, 1, 15)).expect("retention rules");
    db.scrub();
    assert!(done.iter().all(|(_, n)| *n > 0), "{done:?}");
    assert_eq!(report(db), before);
}
on_both_engines!(erasure_and_retention_change_no_figure, from = sample);

fn demo_data_keeps_its_figures_through_erasure(db: &mut TestStore) {
    let now = common::now();
    kiz::demo::load(db, now).expect("demo data");
    let choice = PeriodChoice::Year { year: 2026 };
    let first = reports::report_on(&mut db.store(), &choice, now.date()).expect("a report");
    assert!(first.mediathek.loans.now > 0);
    // Erased on request after the fair (erasing someone before a workshop
    // cancels their registration, which rightly changes its figures): a
    // borrower, a contact and a participant, the first of each that may be
    // erased then.
    let after_the_fair = now + chrono::Days::new(30);
    for (table, person) in [
        ("borrower", Person::Borrower as fn(i64) -> Person),
        ("contact", Person::Contact),
        ("participant", Person::Participant),
    ] {
        let erased = db
            .rows(&format!("SELECT id FROM {table} ORDER BY id"), &[])
            .iter()
            .map(|row| row.get::<i64>(0).expect("an id"))
            .any(|id| privacy::erase_on(db, person(id), &[], "A. Becker", after_the_fair).is_ok());
        assert!(erased, "a {table} was erased");
        db.scrub();
        assert_eq!(
            reports::report_on(&mut db.store(), &choice, now.date()).expect("a report"),
            first,
            "after erasing a {table}"
        );
    }
    // A year on, the retention rules anonymise every other participant of
    // the demo (its returned loans name no borrower already).
    let later = now + chrono::Days::new(365);
    let done = privacy::run_automatic_on(db, later).expect("retention rules");
    db.scrub();
    assert!(
        done.contains(&(privacy::Rule::Participant, 150)),
        "{done:?}"
    );
    assert_eq!(
        reports::report_on(&mut db.store(), &choice, now.date()).expect("a report"),
        first
    );
}
on_both_engines!(demo_data_keeps_its_figures_through_erasure);

fn the_report_travels_as_json_with_now_and_before(db: &mut TestStore) {
    let json = serde_json::to_value(report(db)).expect("JSON");
    assert_eq!(
        json["mediathek"]["loans"],
        serde_json::json!({"now": 5, "before": 3})
    );
    assert_eq!(
        json["period"],
        serde_json::json!({"first": "2025-01-01", "last": "2025-12-31"})
    );
    assert_eq!(
        json["mediathek"]["overdue"]["now"],
        serde_json::json!({"part": 2, "whole": 4, "percent": 50})
    );
}
on_both_engines!(
    the_report_travels_as_json_with_now_and_before,
    from = sample
);

/// Non-zero lines as a map, `now` or `before`.
fn nonzero(lines: &[Line], now: bool) -> BTreeMap<String, u32> {
    lines
        .iter()
        .map(|l| {
            (
                l.group.clone(),
                if now { l.count.now } else { l.count.before },
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// Figures as a tuple (registered, present, no-show, walk-ins, waiting,
/// cancelled), groups without any left out.
fn nonzero_figures(lines: &[FiguresLine], now: bool) -> BTreeMap<String, [u32; 6]> {
    lines
        .iter()
        .map(|l| {
            let f = if now { l.figures.now } else { l.figures.before };
            (
                l.group.clone(),
                [
                    f.registered,
                    f.present,
                    f.no_show,
                    f.walk_ins,
                    f.waitlisted,
                    f.cancelled,
                ],
            )
        })
        .filter(|(_, f)| f.iter().any(|n| *n > 0))
        .collect()
}

fn bump<K: Ord>(map: &mut BTreeMap<K, u32>, key: K) {
    *map.entry(key).or_insert(0) += 1;
}

fn text(row: &Stored, column: &str) -> String {
    row.text(column).unwrap_or_default().to_owned()
}

/// Every figure of `p`, counted here from the rows as stored (`SELECT *`),
/// with loops instead of the report's queries, and compared with the
/// report's column for `p` (`now` or `before`).
fn check_against_rows(db: &Db, r: &Report, now: bool, today: NaiveDate) {
    let p = if now { r.period } else { r.previous };
    let (first, last) = (p.first.to_string(), p.last.to_string());
    let after = (p.last + chrono::Days::new(1)).to_string();
    let within = |t: &str| t >= first.as_str() && t < after.as_str();
    let rows = |table: &str| common::stored(db, table);
    let by_id = |table: &str| -> BTreeMap<i64, Stored> {
        rows(table)
            .into_iter()
            .map(|row| (row.int("id").unwrap(), row))
            .collect()
    };
    let (copies, media, kinds) = (by_id("copy"), by_id("medium"), by_id("media_kind"));
    let mut ziel: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for l in rows("medium_language") {
        if l.text("role") == Some("ziel") {
            ziel.entry(l.int("medium_id").unwrap())
                .or_default()
                .push(text(&l, "code"));
        }
    }
    let kind_of = |medium: i64| text(&kinds[&media[&medium].int("kind_id").unwrap()], "name");
    let levels_of = |medium: i64| -> Vec<String> {
        let m = &media[&medium];
        let (from, to) = (m.int("level_from"), m.int("level_to"));
        let (Some(a), Some(b)) = (from.or(to), to.or(from)) else {
            return vec![String::new()];
        };
        let names = ["Alpha", "A1", "A2", "B1", "B2", "C1", "C2"];
        let found: Vec<String> = (a..=b)
            .filter_map(|n| names.get(usize::try_from(n).ok()?))
            .map(|n| (*n).to_owned())
            .collect();
        if found.is_empty() {
            vec![String::new()]
        } else {
            found
        }
    };
    let languages_of = |medium: i64| {
        ziel.get(&medium)
            .cloned()
            .unwrap_or_else(|| vec![String::new()])
    };
    let m = &r.mediathek;
    let col = |c: &Compared<u32>| if now { c.now } else { c.before };

    // Loans and renewals.
    let month_start = format!("{}-01", &first[..7]);
    let (mut total, mut by_month, mut by_kind, mut by_level, mut by_language) = (
        0,
        BTreeMap::new(),
        BTreeMap::new(),
        BTreeMap::new(),
        BTreeMap::new(),
    );
    let (mut by_borrower, mut active, mut new) =
        (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    let mut per_medium: BTreeMap<i64, u32> = BTreeMap::new();
    let loans = rows("loan");
    for l in &loans {
        let at = text(l, "loaned_at");
        let kind = text(l, "borrower_kind");
        let previous = l.text("previous_loan_month");
        if at >= month_start && at < after && previous.is_some_and(|m| m == "-" || m < &first[..7])
        {
            bump(&mut active, kind.clone());
        }
        if !within(&at) {
            continue;
        }
        total += 1;
        let medium = copies[&l.int("copy_id").unwrap()].int("medium_id").unwrap();
        bump(&mut by_month, at[..7].to_owned());
        bump(&mut by_kind, kind_of(medium));
        for level in levels_of(medium) {
            bump(&mut by_level, level);
        }
        for code in languages_of(medium) {
            bump(&mut by_language, code);
        }
        bump(&mut by_borrower, kind.clone());
        if previous == Some("-") {
            bump(&mut new, kind);
        }
        bump(&mut per_medium, medium);
    }
    assert_eq!(col(&m.loans), total);
    if now {
        assert_eq!(nonzero(&m.loans_by_month, true), by_month);
    }
    assert_eq!(nonzero(&m.loans_by_media_kind, now), by_kind);
    assert_eq!(nonzero(&m.loans_by_level, now), by_level);
    assert_eq!(nonzero(&m.loans_by_language, now), by_language);
    assert_eq!(nonzero(&m.loans_by_borrower_kind, now), by_borrower);
    assert_eq!(nonzero(&m.active_borrowers_by_kind, now), active);
    assert_eq!(nonzero(&m.new_borrowers_by_kind, now), new);
    let renewals: Vec<String> = rows("loan_renewal")
        .iter()
        .map(|n| text(n, "renewed_at"))
        .filter(|t| within(t))
        .collect();
    assert_eq!(col(&m.renewals), renewals.len() as u32);
    if now {
        let mut by_month = BTreeMap::new();
        for t in &renewals {
            bump(&mut by_month, t[..7].to_owned());
        }
        assert_eq!(nonzero(&m.renewals_by_month, true), by_month);
    }
    if now {
        let mut top: Vec<(u32, String, i64)> = per_medium
            .iter()
            .map(|(id, n)| (*n, text(&media[id], "title"), *id))
            .collect();
        top.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then_with(|| a.1.to_ascii_lowercase().cmp(&b.1.to_ascii_lowercase()))
                .then(a.2.cmp(&b.2))
        });
        let expected: Vec<(i64, u32)> = top.iter().take(20).map(|t| (t.2, t.0)).collect();
        let got: Vec<(i64, u32)> = m
            .most_lent
            .iter()
            .map(|t| (t.medium_id, t.loans.now))
            .collect();
        assert_eq!(got, expected, "most lent");
    }

    // Stock, acquisitions, withdrawals, never lent.
    let two_years_back = (p.last.checked_sub_months(chrono::Months::new(24)).unwrap()).to_string();
    let (mut stock, mut stock_kind, mut stock_level, mut stock_language) =
        (0, BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    let (mut acquired, mut withdrawn) = (0, 0);
    let mut long_in_stock = BTreeSet::new();
    for c in copies.values() {
        let got = c
            .text("acquired_on")
            .map_or_else(|| text(c, "created_at")[..10].to_owned(), str::to_owned);
        let gone = ["ausgeschieden", "verloren"].contains(&c.text("status").unwrap());
        let retired = c.text("retired_on");
        if got >= first && got <= last {
            acquired += 1;
        }
        if gone && retired.is_some_and(|d| d >= first.as_str() && d <= last.as_str()) {
            withdrawn += 1;
        }
        if got <= last && !(gone && retired.unwrap_or("") <= last.as_str()) {
            stock += 1;
            let medium = c.int("medium_id").unwrap();
            bump(&mut stock_kind, kind_of(medium));
            for level in levels_of(medium) {
                bump(&mut stock_level, level);
            }
            for code in languages_of(medium) {
                bump(&mut stock_language, code);
            }
            if got <= two_years_back {
                long_in_stock.insert(medium);
            }
        }
    }
    assert_eq!(col(&m.stock), stock);
    assert_eq!(nonzero(&m.stock_by_media_kind, now), stock_kind);
    assert_eq!(nonzero(&m.stock_by_level, now), stock_level);
    assert_eq!(nonzero(&m.stock_by_language, now), stock_language);
    assert_eq!(col(&m.acquired), acquired);
    assert_eq!(col(&m.withdrawn), withdrawn);
    let lent: BTreeSet<i64> = loans
        .iter()
        .filter(|l| {
            let at = text(l, "loaned_at");
            at >= two_years_back && at < after
        })
        .map(|l| copies[&l.int("copy_id").unwrap()].int("medium_id").unwrap())
        .collect();
    let mut never = BTreeMap::new();
    for medium in long_in_stock.difference(&lent) {
        bump(&mut never, kind_of(*medium));
    }
    assert_eq!(nonzero(&m.never_lent_by_media_kind, now), never);

    // Overdue and long waits.
    let (mut due, mut late) = (0, 0);
    for l in &loans {
        let due_on = text(l, "due_on");
        if due_on < first || due_on > last {
            continue;
        }
        due += 1;
        match l.text("returned_at") {
            Some(back) if back[..10] > *due_on => late += 1,
            None if due_on < today.to_string() => late += 1,
            _ => {}
        }
    }
    let overdue = if now { m.overdue.now } else { m.overdue.before };
    assert_eq!((overdue.part, overdue.whole), (late, due));
    let date = |t: &str| NaiveDate::parse_from_str(&t[..10], "%Y-%m-%d").unwrap();
    let waited = rows("reservation")
        .iter()
        .filter(|res| within(&text(res, "created_at")))
        .filter(|res| {
            let end = res
                .text("ready_on")
                .map(date)
                .or(res.text("closed_at").map(date))
                .unwrap_or(today);
            (end - date(res.text("created_at").unwrap())).num_days() > 14
        })
        .count();
    assert_eq!(col(&m.reservations_waited_long), waited as u32);

    // Organisations.
    let o = &r.organisations;
    let organisations = by_id("organisation");
    let org_kinds = by_id("organisation_kind");
    let in_directory: Vec<&Stored> = organisations
        .values()
        .filter(|o| {
            text(o, "created_at")[..10] <= *last
                && o.text("archived_on").is_none_or(|a| a > last.as_str())
        })
        .collect();
    assert_eq!(col(&o.total), in_directory.len() as u32);
    let (mut place, mut kind, mut language, mut status) = (
        BTreeMap::new(),
        BTreeMap::new(),
        BTreeMap::new(),
        BTreeMap::new(),
    );
    let org_languages = rows("organisation_language");
    let changes = rows("organisation_status_change");
    for org in &in_directory {
        let id = org.int("id").unwrap();
        bump(&mut place, text(org, "municipality"));
        bump(
            &mut kind,
            org.int("kind_id")
                .map_or(String::new(), |k| text(&org_kinds[&k], "name")),
        );
        let codes: Vec<String> = org_languages
            .iter()
            .filter(|l| l.int("organisation_id") == Some(id))
            .map(|l| text(l, "code"))
            .collect();
        if codes.is_empty() {
            bump(&mut language, String::new());
        }
        for code in codes {
            bump(&mut language, code);
        }
        let latest = changes
            .iter()
            .filter(|c| c.int("organisation_id") == Some(id) && text(c, "changed_on") <= last)
            .max_by_key(|c| (text(c, "changed_on"), c.int("id")));
        bump(
            &mut status,
            latest.map_or(String::new(), |c| text(c, "status")),
        );
    }
    assert_eq!(nonzero(&o.by_municipality, now), place);
    assert_eq!(nonzero(&o.by_kind, now), kind);
    assert_eq!(nonzero(&o.by_language, now), language);
    assert_eq!(nonzero(&o.by_status, now), status);
    let entered = organisations
        .values()
        .filter(|o| within(&text(o, "created_at")))
        .count() as u32;
    assert_eq!(col(&o.new), entered);
    assert_eq!(col(&o.new_contacts), entered);
    let mut first_active: BTreeMap<i64, String> = BTreeMap::new();
    for c in changes.iter().filter(|c| c.text("status") == Some("aktiv")) {
        let day = text(c, "changed_on");
        let entry = first_active
            .entry(c.int("organisation_id").unwrap())
            .or_insert_with(|| day.clone());
        if day < *entry {
            *entry = day;
        }
    }
    let cooperations = first_active
        .values()
        .filter(|d| d.as_str() >= first.as_str() && d.as_str() <= last.as_str())
        .count() as u32;
    assert_eq!(col(&o.new_cooperations), cooperations);
    let projects = rows("project")
        .iter()
        .filter(|pr| {
            let start = pr
                .text("starts_on")
                .map_or_else(|| text(pr, "created_at")[..10].to_owned(), str::to_owned);
            start <= last && pr.text("ends_on").is_none_or(|e| e >= first.as_str())
        })
        .count() as u32;
    assert_eq!(col(&o.projects), projects);
    let groups = by_id("working_group");
    let meetings = by_id("meeting");
    let mut per_group = BTreeMap::new();
    for meeting in meetings.values().filter(|m| within(&text(m, "starts_at"))) {
        bump(
            &mut per_group,
            text(&groups[&meeting.int("working_group_id").unwrap()], "name"),
        );
    }
    assert_eq!(nonzero(&o.meetings_by_working_group, now), per_group);
    let mut attendance: BTreeMap<i64, (u32, u32)> = BTreeMap::new();
    for a in rows("meeting_attendance") {
        let persons = a.int("persons").unwrap() as u32;
        if persons > 0 && within(&text(&meetings[&a.int("meeting_id").unwrap()], "starts_at")) {
            let e = attendance
                .entry(a.int("organisation_id").unwrap())
                .or_default();
            e.0 += 1;
            e.1 += persons;
        }
    }
    let reported: BTreeMap<i64, (u32, u32)> = o
        .attendance
        .iter()
        .map(|a| (a.organisation_id, (col(&a.meetings), col(&a.persons))))
        .filter(|(_, v)| v.0 > 0)
        .collect();
    assert_eq!(reported, attendance);

    // Events.
    let e = &r.events;
    let workshops: BTreeMap<i64, Stored> = by_id("workshop")
        .into_iter()
        .filter(|(_, w)| within(&text(w, "starts_at")))
        .collect();
    assert_eq!(col(&e.workshops), workshops.len() as u32);
    let events = by_id("event");
    let hosts = rows("workshop_host");
    let participant_languages = rows("participant_language");
    let mut total = [0u32; 6];
    let mut by_host: BTreeMap<String, [u32; 6]> = BTreeMap::new();
    let (mut by_language, mut by_age) = (by_host.clone(), by_host.clone());
    let mut waiting_at_close = 0;
    for reg in rows("registration") {
        let Some(w) = workshops.get(&reg.int("workshop_id").unwrap()) else {
            continue;
        };
        let walk_in = reg.int("walk_in") == Some(1);
        let add = |f: &mut [u32; 6]| match reg.text("status").unwrap() {
            "angemeldet" => f[0] += 1,
            "teilgenommen" => {
                f[0] += 1;
                f[1] += 1;
                f[3] += u32::from(walk_in);
            }
            "nicht_erschienen" => {
                f[0] += 1;
                f[2] += 1;
            }
            "warteliste" => f[4] += 1,
            _ => f[5] += 1,
        };
        add(&mut total);
        for h in hosts.iter().filter(|h| h.int("workshop_id") == w.int("id")) {
            add(by_host
                .entry(text(
                    &organisations[&h.int("organisation_id").unwrap()],
                    "name",
                ))
                .or_default());
        }
        let codes: Vec<String> = participant_languages
            .iter()
            .filter(|l| l.int("participant_id") == reg.int("participant_id"))
            .map(|l| text(l, "code"))
            .collect();
        if codes.is_empty() {
            add(by_language.entry(String::new()).or_default());
        }
        for code in codes {
            add(by_language.entry(code).or_default());
        }
        add(by_age.entry(text(&reg, "age_group")).or_default());
        let close = events[&w.int("event_id").unwrap()]
            .text("registration_closes_on")
            .map_or_else(
                || text(w, "starts_at"),
                |d| (date(d) + chrono::Days::new(1)).to_string(),
            );
        if let Some(on) = reg.text("waitlisted_at") {
            let left_before = |column: &str| {
                reg.text(column)
                    .is_some_and(|t| t >= on && t < close.as_str())
            };
            if on < close.as_str() && !left_before("moved_up_at") && !left_before("cancelled_at") {
                waiting_at_close += 1;
            }
        }
    }
    let f = if now { e.figures.now } else { e.figures.before };
    assert_eq!(
        [
            f.registered,
            f.present,
            f.no_show,
            f.walk_ins,
            f.waitlisted,
            f.cancelled
        ],
        total
    );
    let drop_empty = |m: BTreeMap<String, [u32; 6]>| -> BTreeMap<String, [u32; 6]> {
        m.into_iter()
            .filter(|(_, f)| f.iter().any(|n| *n > 0))
            .collect()
    };
    assert_eq!(nonzero_figures(&e.by_host, now), drop_empty(by_host));
    assert_eq!(
        nonzero_figures(&e.by_language, now),
        drop_empty(by_language)
    );
    assert_eq!(nonzero_figures(&e.by_age_group, now), drop_empty(by_age));
    assert_eq!(col(&e.waitlisted_at_close), waiting_at_close);
}

#[test]
fn the_demo_datas_figures_equal_counts_made_from_the_stored_rows() {
    let mut db = common::test_db();
    let now = common::now();
    kiz::demo::load(&mut db, now).expect("demo data");
    for choice in [
        PeriodChoice::Year { year: 2026 },
        PeriodChoice::Quarter {
            year: 2026,
            quarter: 4,
        },
        PeriodChoice::Range {
            from: day(2026, 10, 15),
            to: day(2026, 11, 30),
        },
    ] {
        let r = reports::report(&db, &choice, now.date()).expect("a report");
        check_against_rows(&db, &r, true, now.date());
        check_against_rows(&db, &r, false, now.date());
    }
    // The demo has something in every section.
    let r = reports::report(&db, &PeriodChoice::Year { year: 2026 }, now.date()).unwrap();
    assert!(r.mediathek.loans.now > 0 && r.mediathek.stock.now > 0);
    assert!(r
        .mediathek
        .active_borrowers_by_kind
        .iter()
        .any(|l| l.count.now > 0));
    assert!(r.organisations.total.now > 0 && r.events.workshops.now > 0);
    assert!(r
        .events
        .by_age_group
        .iter()
        .any(|l| l.figures.now.registered > 0));
}

#[test]
fn the_sample_figures_equal_counts_made_from_the_stored_rows() {
    let mut db = TestStore::File(sample());
    let r = report(&mut db);
    let db = db.as_file();
    check_against_rows(db, &r, true, today());
    check_against_rows(db, &r, false, today());
}

#[test]
fn a_database_file_is_counted_on_two_connections_with_the_same_figures() {
    // A file is counted with a second, read-only connection beside the
    // first; a database in memory on the one connection in turn. Both hold
    // the demo data: the figures must be the same, and those of the file
    // must equal the counts made from its stored rows.
    let now = common::now();
    let mut memory = common::test_db();
    kiz::demo::load(&mut memory, now).expect("demo data");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut file = Db::open(&dir.path().join("kiz.sqlite")).expect("a database file");
    kiz::demo::load(&mut file, now).expect("demo data");
    for choice in [
        PeriodChoice::Year { year: 2026 },
        PeriodChoice::Year { year: 2027 },
        PeriodChoice::SchoolHalf {
            school_year: 2026,
            half: 1,
        },
    ] {
        let from_file = reports::report(&file, &choice, now.date()).expect("the file's report");
        let in_memory = reports::report(&memory, &choice, now.date()).expect("the memory's report");
        assert_eq!(from_file, in_memory, "{choice:?}");
        check_against_rows(&file, &from_file, true, now.date());
        check_against_rows(&file, &from_file, false, now.date());
    }
}

/// The figures of the shared database are the file's: the sample moved
/// onto a server database gives the same report for a year, a quarter, a
/// school half-year and a range of days (the loans on both sides of New
/// Year, the statuses at a period's end, the waitlist at the close), and
/// the copy the server's figures are counted in, made from the file
/// itself, counts what the file counts in place.
#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn the_figures_are_the_same_on_the_shared_database() {
    use kiz::db::engine::Engine;
    use kiz::store::Store;
    let mut file = sample();
    let (mut server, _) = test_cluster::cluster().moved(&file, "kiz_t_reports_sample");
    for choice in [
        PeriodChoice::Year { year: 2025 },
        PeriodChoice::Year { year: 2024 },
        PeriodChoice::Quarter {
            year: 2025,
            quarter: 4,
        },
        PeriodChoice::SchoolHalf {
            school_year: 2025,
            half: 1,
        },
        PeriodChoice::Range {
            from: day(2025, 3, 15),
            to: day(2026, 1, 2),
        },
    ] {
        let on_file = reports::report(&file, &choice, today()).expect("on the file");
        let on_server = reports::report_on(&mut Store::Server(&mut server), &choice, today())
            .expect("on the server");
        assert_eq!(on_server, on_file, "{choice:?}");
        let copied = file
            .read_sql(|sql| reports::report_in(sql, &choice, today()))
            .expect("in a copy of the file");
        assert_eq!(copied, on_file, "{choice:?}");
        assert_eq!(
            reports::report_on(&mut Store::File(&mut file), &choice, today()).expect("file"),
            on_file
        );
    }
    assert!(
        reports::report(&file, &PeriodChoice::Year { year: 2025 }, today())
            .expect("a report")
            .mediathek
            .loans
            .now
            > 0,
        "the sample lends"
    );
    let refused = reports::report_on(
        &mut Store::Server(&mut server),
        &PeriodChoice::Quarter {
            year: 2025,
            quarter: 5,
        },
        today(),
    )
    .expect_err("no fifth quarter");
    assert_eq!(refused.code(), "report_period_invalid");
}
