//! The list of every error the core can produce is complete, and each
//! error says what it is about in a stable code, a field and typed
//! parameters (the texts in German and English live in `ui/i18n/` and are
//! checked against these examples in `src-tauri/tests/i18n.rs`).

use std::collections::{BTreeMap, BTreeSet};

use kiz::error::{examples, ErrorKind, Param};
use kiz::{Error, Record};
use strum::IntoEnumIterator;

#[test]
fn every_kind_of_error_has_an_example() {
    let shown: BTreeSet<ErrorKind> = examples().iter().map(Error::kind).collect();
    let missing: Vec<ErrorKind> = ErrorKind::iter().filter(|k| !shown.contains(k)).collect();
    assert!(
        missing.is_empty(),
        "kinds without an example in src/error/examples.rs (the texts of their codes \
         would go unchecked): {missing:?}"
    );
}

#[test]
fn every_kind_of_record_that_can_be_missing_has_an_example() {
    let shown: BTreeSet<Record> = examples()
        .iter()
        .filter_map(|e| match e {
            Error::NotFound { what } => Some(*what),
            _ => None,
        })
        .collect();
    assert_eq!(shown.len(), Record::iter().count(), "{shown:?}");
}

#[test]
fn codes_are_snake_case_and_distinct_per_kind() {
    let codes: Vec<&str> = ErrorKind::iter().map(ErrorKind::code).collect();
    let distinct: BTreeSet<&str> = codes.iter().copied().collect();
    assert_eq!(
        codes.len(),
        distinct.len(),
        "two kinds share a code: {codes:?}"
    );
    for code in codes {
        assert!(
            !code.is_empty() && code.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
            "{code}"
        );
    }
    assert_eq!(
        Error::Sqlite(rusqlite::Error::InvalidQuery).code(),
        "storage",
        "any other SQLite failure keeps the code the UI knows"
    );
}

#[test]
fn each_wording_of_an_error_has_exactly_one_example() {
    let mut seen: BTreeMap<(&str, String), usize> = BTreeMap::new();
    for error in examples() {
        if let Some(Param::Text(variant)) = error.params().get("variant") {
            *seen.entry((error.code(), variant.clone())).or_default() += 1;
        }
    }
    let wordings: Vec<String> = seen.keys().map(|(c, v)| format!("{c}_{v}")).collect();
    assert_eq!(
        wordings,
        [
            "changed_meanwhile_unknown_workstation",
            "copy_already_on_loan_none_on_shelf",
            "copy_already_on_loan_other_on_shelf",
            "copy_already_on_loan_own",
            "copy_already_on_loan_unknown_due",
            "copy_not_lendable_ausgeschieden",
            "copy_not_lendable_in_reparatur",
            "copy_not_lendable_verloren",
            "copy_on_loan_no_card",
            "copy_on_loan_status",
            "import_unreadable_date",
            "import_unreadable_kind",
            "import_unreadable_language",
            "import_unreadable_level",
            "import_unreadable_list",
            "import_unreadable_municipality",
            "import_unreadable_number",
            "invalid_numbering_pattern_characters",
            "invalid_numbering_pattern_full",
            "invalid_numbering_pattern_no_counter",
            "invalid_numbering_pattern_no_letter",
            "invalid_numbering_pattern_several_counters",
            "new_time_overlaps_registrations_one",
            "new_time_overlaps_registrations_several",
            "numbering_code_taken_borrower",
            "numbering_code_taken_copy",
            "numbering_code_taken_next_borrower",
            "numbering_code_taken_next_copy",
            "numbering_patterns_overlap_checkin",
            "numbering_patterns_overlap_copy",
            "outside_event_days_days",
            "outside_event_days_one_day",
            "report_period_invalid_half",
            "report_period_invalid_quarter",
            "report_period_invalid_reversed",
            "report_period_invalid_too_long",
            "report_period_invalid_year",
            "scan_code_clash_card_in_use",
            "scan_code_clash_card_pattern",
            "scan_code_clash_copy_in_use",
            "scan_code_clash_copy_pattern",
            "scan_code_clash_package_in_use",
        ],
        "the wordings the UI has texts for"
    );
    assert!(seen.values().all(|n| *n == 1), "{seen:?}");
}

#[test]
fn parameters_reach_the_ui_as_plain_json_values() {
    let json = |error: &Error| serde_json::to_value(error.params()).unwrap();
    let on_loan = Error::CopyAlreadyOnLoan {
        barcode: "KI-M-000007".into(),
        due_on: chrono::NaiveDate::from_ymd_opt(2026, 12, 10),
        to_this_borrower: false,
        on_shelf: Some("KI-M-000008".into()),
    };
    assert_eq!(
        json(&on_loan),
        serde_json::json!({
            "variant": "other_on_shelf",
            "barcode": "KI-M-000007",
            "due": "2026-12-10",
            "other": "KI-M-000008",
        }),
        "a date as yyyy-mm-dd, texts as strings"
    );
    assert_eq!(
        json(&Error::TooLong {
            field: "title",
            max: 300
        }),
        serde_json::json!({ "field": "title", "max": 300 }),
        "a field by its code, a number as a number"
    );
    assert_eq!(
        json(&Error::NotFound {
            what: Record::WorkingGroup
        }),
        serde_json::json!({ "what": "working_group" }),
        "a record kind by its code"
    );
    assert_eq!(
        json(&Error::PersonHasLoans {
            titles: vec!["A".into(), "B".into()]
        }),
        serde_json::json!({ "titles": ["A", "B"] })
    );
    assert_eq!(
        json(&Error::RoomTaken {
            room: "Saal".into(),
            workshop: "Pflege".into()
        }),
        serde_json::json!({ "room": "Saal", "workshop": "Pflege" }),
        "the refused room booking names the room and the other workshop"
    );
    assert_eq!(
        json(&Error::ReportMinCountInvalid { value: 0, max: 10 }),
        serde_json::json!({ "value": 0, "min": 1, "max": 10 }),
        "a refused minimum of the report names what was entered and the range"
    );
    assert_eq!(
        Error::ReportMinCountInvalid { value: 11, max: 10 }.field(),
        Some("report_min_count"),
        "the error belongs to the setting's field"
    );
}

#[test]
fn log_only_details_are_no_parameter() {
    for error in [
        Error::BackupFailed {
            reason: "integrity_check: row 3 missing".into(),
        },
        Error::DocumentFailed("font".into()),
        Error::Sqlite(rusqlite::Error::InvalidQuery),
        Error::Io(std::io::Error::other("disk")),
    ] {
        assert!(error.params().is_empty(), "{error:?}");
        assert!(
            !error.to_string().is_empty(),
            "the log still gets the details"
        );
    }
}

#[test]
fn failures_of_the_disk_the_file_and_the_server_stop_a_batch() {
    // Every kind about the database or the server (by its code) stops an
    // import as a whole; a new one that is forgotten in the list fails here.
    for kind in ErrorKind::iter() {
        let code = kind.code();
        if code.starts_with("server_") || code.starts_with("database_") || code == "storage" {
            assert!(kind.is_storage_failure(), "{code}");
        }
    }
    // Further storage failures, and the data of one row, which refuses
    // that row only.
    let expected = [
        (ErrorKind::FileOnly, true),
        (ErrorKind::StoredValueUnexpected, true),
        (ErrorKind::Postgres, true),
        (ErrorKind::DiskFull, true),
        (ErrorKind::Io, true),
        (ErrorKind::Required, false),
        (ErrorKind::DuplicateBarcode, false),
        (ErrorKind::ImportUnreadable, false),
        (ErrorKind::AlreadyRegistered, false),
        (ErrorKind::NotFound, false),
    ];
    for (kind, storage) in expected {
        assert_eq!(kind.is_storage_failure(), storage, "{kind:?}");
    }
}
