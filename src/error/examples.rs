//! One error of every kind, and of every wording of a kind that has
//! several: what the tests render in German and English to prove that
//! every code the core can produce has its texts (`tests/errors.rs`,
//! `src-tauri/tests/i18n.rs`).

use std::path::PathBuf;

use chrono::NaiveDate;

use super::{Error, Record};

/// Every error the core can produce, each kind at least once and each
/// wording (the `variant` parameter) once, with realistic details.
///
/// `tests/errors.rs` fails when a kind of [`Error`] has no example here.
pub fn examples() -> Vec<Error> {
    let day = |m: u32, d: u32| NaiveDate::from_ymd_opt(2026, m, d).expect("a valid example day");
    let file = || PathBuf::from("C:\\Users\\kiz\\AppData\\Local\\KIZ Desk\\kiz-desk.sqlite");
    let folder = || PathBuf::from("\\\\server\\Sicherung\\KIZ");
    let copy_on_loan =
        |due_on, to_this_borrower, on_shelf: Option<&str>| Error::CopyAlreadyOnLoan {
            barcode: "KI-M-000007".into(),
            due_on,
            to_this_borrower,
            on_shelf: on_shelf.map(String::from),
        };
    let mut all = vec![
        Error::DatabaseTooNew {
            found: 999,
            supported: 17,
            path: file(),
        },
        Error::MigrationFailed { version: 12 },
        Error::NotADatabase { path: file() },
        Error::DatabaseCorrupt { path: file() },
        Error::DatabaseLocked { path: file() },
        Error::DataFolderNotWritable {
            path: PathBuf::from("D:\\KIZ"),
        },
        Error::InstitutionNameEmpty,
        Error::InvalidEmail { field: "email" },
        Error::InvalidPhone { field: "phone" },
        Error::InvalidPostalCode {
            field: "postal_code",
        },
        Error::TooLong {
            field: "description",
            max: 5_000,
        },
        Error::TooLong {
            field: "name",
            max: 200,
        },
        Error::UnknownLanguage("fr".into()),
        Error::DemoNeedsEmptyDatabase,
        Error::Required { field: "title" },
        Error::InvalidIsbn,
        Error::YearOutOfRange,
        Error::LevelRangeReversed,
        Error::UnknownLanguageCode {
            code: "xx".into(),
            field: "languages",
        },
        Error::UnknownMediaKind,
        Error::MediaKindExists,
        Error::DuplicateBarcode {
            barcode: "KI-M-000007".into(),
        },
        Error::DuplicateCardNumber {
            card_number: "4711".into(),
        },
        Error::FilterNameTaken {
            name: "Frauenangebote Troisdorf".into(),
        },
        Error::CopyOnLoan {
            card_number: Some("KI-A-000042".into()),
            withdrawing: true,
        },
        Error::CopyOnLoan {
            card_number: Some("KI-A-000042".into()),
            withdrawing: false,
        },
        Error::CopyOnLoan {
            card_number: None,
            withdrawing: true,
        },
        Error::CopySetAside,
        Error::MediumHasCopies,
        Error::InvalidPrice,
        Error::NumberingCounterWidth {
            field: "card_number_pattern",
            min: 3,
            max: 12,
        },
        Error::DateInFuture {
            field: "acquired_on",
        },
        Error::NumberingPatternsOverlap {
            field: "card_number_pattern",
            other: "copy",
            example: "KI-000001".into(),
        },
        Error::NumberingPatternsOverlap {
            field: "copy_barcode_pattern",
            other: "checkin",
            example: "KIZ-ANM-000001".into(),
        },
        Error::BarcodeNotEncodable {
            code: "KI-Ü-1".into(),
        },
        Error::UnknownBarcode {
            barcode: "KI-M-999999".into(),
        },
        Error::UnknownCode {
            code: "XYZ-1".into(),
        },
        Error::UnknownSortKey {
            key: "geburtstag:asc".into(),
        },
        copy_on_loan(Some(day(12, 10)), true, None),
        copy_on_loan(Some(day(12, 10)), false, Some("KI-M-000008")),
        copy_on_loan(Some(day(12, 10)), false, None),
        copy_on_loan(None, false, None),
        Error::CopyReservedForOther {
            pickup_by: day(11, 20),
        },
        Error::BorrowerBlocked {
            reason: "Ausweis verloren gemeldet".into(),
        },
        Error::LoanLimitReached { limit: 10 },
        Error::BorrowerHasOverdue { count: 2 },
        Error::CopyNotOnLoan {
            barcode: "KI-M-000007".into(),
        },
        Error::RenewalLimitReached { max: 2 },
        Error::RenewalTooLate { days_overdue: 15 },
        Error::RenewalBlockedByReservation,
        Error::RenewalNotNeeded {
            due_on: day(12, 10),
        },
        Error::MediumNotLendable,
        Error::AlreadyHasMedium,
        Error::AlreadyReserved,
        Error::PackageNameTaken {
            name: "Linie 1 A2".into(),
        },
        Error::PublishFolderInvalid {
            folder: "P:\\Portal\\kiz".into(),
        },
        Error::PublishFolderNotSite {
            folder: "P:\\Portal".into(),
        },
        Error::PackageNeedsBorrower,
        Error::MaterialLent,
        Error::CourseEndOutOfRange {
            kind: "Lehrwerk".into(),
            latest: day(5, 11),
        },
        Error::CourseTermTwice {
            name: "Schulhalbjahr 1".into(),
        },
        Error::NotEnoughOnShelf {
            wanted: 12,
            on_shelf: 9,
        },
        Error::ReservationClosed,
        Error::NoReminderDue,
        Error::LoanClosed,
        Error::OutOfRange {
            field: "year",
            min: 1900,
            max: 2100,
        },
        Error::AllWeekdaysClosed,
        Error::ClosingPeriodInvalid {
            first_day: day(12, 22),
        },
        Error::UnknownMunicipality,
        Error::UnknownSlipFormat,
        Error::UnknownOrganisationKind,
        Error::UnknownOfferingKind,
        Error::ListEntryExists,
        Error::NegativeMemberCount,
        Error::OrganisationInUse,
        Error::BorrowerLinkedElsewhere,
        Error::DateRangeReversed { field: "ends_on" },
        Error::NegativeAmount { field: "funding" },
        Error::AlreadyMember,
        Error::ContactNotAtOrganisation,
        Error::RoomTaken {
            room: "Raum 1.01".into(),
            workshop: "Bewerbung schreiben".into(),
        },
        Error::FacilitatorTaken {
            person: "Emre Kaya".into(),
            workshop: "Bewerbung schreiben".into(),
        },
        Error::ConsentRequired,
        Error::AlreadyRegistered,
        Error::RegistrationClosed,
        Error::OutsideEventDays {
            first: day(11, 20),
            last: day(11, 20),
        },
        Error::OutsideEventDays {
            first: day(11, 20),
            last: day(11, 21),
        },
        Error::EventDaysExcludeWorkshop {
            workshop: "Pflegeberufe".into(),
        },
        Error::NewTimeOverlapsRegistrations {
            people: 1,
            workshop: "Bewerbung".into(),
        },
        Error::NewTimeOverlapsRegistrations {
            people: 2,
            workshop: "Bewerbung".into(),
        },
        Error::SlotOverlaps {
            workshop: "Bewerbung schreiben".into(),
        },
        Error::WorkshopFull,
        Error::NotOnWaitlist,
        Error::ParticipantAnonymised,
        Error::CapacityBelowRegistered {
            registered: 12,
            capacity: 10,
        },
        Error::UnknownRegistrationCode {
            code: "A-123".into(),
        },
        Error::RegistrationOtherWorkshop {
            workshop: "Pflegeberufe".into(),
        },
        Error::CapacityExceeded { capacity: 20 },
        Error::EventHasRegistrations { registrations: 35 },
        Error::WorkshopHasRegistrations { registrations: 8 },
        Error::PersonHasLoans {
            titles: vec!["Schritte plus 1".into(), "Memory Obst".into()],
        },
        Error::FourEyesRequired,
        Error::ConsentVersionExists,
        Error::NobodyPresent,
        Error::NobodyRegistered,
        Error::DocumentFailed("font not found".into()),
        Error::ImportFileEmpty,
        Error::ImportNotATable,
        Error::ImportFileTooLarge { max_mb: 100 },
        Error::ImportUnreadable {
            field: "acquired_on",
            value: "31.02.2024".into(),
            expected: "date",
        },
        Error::ImportUnreadable {
            field: "price",
            value: "zwölf".into(),
            expected: "number",
        },
        Error::ImportUnreadable {
            field: "levels",
            value: "Anfänger".into(),
            expected: "level",
        },
        Error::ImportUnreadable {
            field: "languages",
            value: "Klingonisch".into(),
            expected: "language",
        },
        Error::ImportUnreadable {
            field: "municipality",
            value: "Köln".into(),
            expected: "municipality",
        },
        Error::ImportUnreadable {
            field: "media_kind",
            value: "Schallplatte".into(),
            expected: "list",
        },
        Error::ImportUnreadable {
            field: "kind",
            value: "Praktikantin".into(),
            expected: "kind",
        },
        Error::ImportColumnMissing { field: "title" },
        Error::ImportCancelled,
        Error::ImportRowFailed { row: 12 },
        Error::DiskFull,
        Error::DatabaseReadOnly,
        Error::BackupFolderUnavailable { path: folder() },
        Error::BackupFailed {
            reason: "integrity check failed".into(),
        },
        Error::NotAKizDatabase {
            path: PathBuf::from("D:\\Briefe.docx"),
        },
        Error::NoGoodBackup,
        Error::RestoreNeedsEmptyDatabase,
        Error::WorkbookSheetMissing {
            sheet: "Exemplare".into(),
        },
        Error::WorkbookColumnMissing {
            sheet: "Medien".into(),
            column: "Titel".into(),
        },
        Error::WorkbookCellInvalid {
            sheet: "Ausleihen".into(),
            row: 14,
            column: "Fällig am".into(),
        },
        Error::WorkbookReferenceMissing {
            sheet: "Exemplare".into(),
            row: 7,
            column: "Medium-ID".into(),
            target: "Medien".into(),
        },
        Error::WorkbookRowRefused {
            sheet: "Exemplare".into(),
            row: 9,
        },
        Error::ServerUnreachable {
            server: "db.rhein-sieg-kreis.de:5432/kiz".into(),
        },
        Error::ServerWithoutTls {
            server: "db.rhein-sieg-kreis.de:5432/kiz".into(),
        },
        Error::ServerCertificateNotTrusted {
            server: "db.rhein-sieg-kreis.de:5432/kiz".into(),
        },
        Error::ServerLoginRefused {
            server: "db.rhein-sieg-kreis.de:5432/kiz".into(),
            role: "kiz_desk".into(),
        },
        Error::ServerLoginNotAllowed {
            server: "db.rhein-sieg-kreis.de:5432/kiz".into(),
            role: "kiz_desk".into(),
        },
        Error::ServerDatabaseMissing {
            server: "db.rhein-sieg-kreis.de:5432/kiz".into(),
            database: "kiz".into(),
        },
        Error::ServerDatabaseTooNew {
            server: "db.rhein-sieg-kreis.de:5432/kiz".into(),
            found: 999,
            supported: 17,
        },
        Error::ServerNotEmpty {
            server: "db.rhein-sieg-kreis.de:5432/kiz".into(),
        },
        Error::FileOnly,
        Error::ServerBusy {
            server: "db.rhein-sieg-kreis.de:5432/kiz".into(),
        },
        Error::CaFileUnreadable {
            path: PathBuf::from("C:\\KIZ\\kreis-ca.pem"),
        },
        Error::CaFileNotAbsolute {
            path: PathBuf::from("kreis-ca.pem"),
        },
        Error::ServerPortInvalid {
            value: "54 32".into(),
        },
        Error::DatabasePolicyInvalid {
            path: PathBuf::from("C:\\Program Files\\KIZ Desk\\kiz-desk-policy.toml"),
        },
        Error::TransferMismatch {
            table: "loan".into(),
        },
        Error::StoredValueUnexpected {
            column: 2,
            expected: "i64",
        },
        Error::Sqlite(rusqlite::Error::InvalidQuery),
        Error::Postgres {
            message: "example".into(),
            sqlstate: Some("40P01".into()),
            constraint: None,
        },
        Error::Io(std::io::Error::other("example")),
    ];
    // A status the app sets, each with its wording, and one from
    // hand-edited data.
    for status in ["in_reparatur", "verloren", "ausgeschieden", "kaputt"] {
        all.push(Error::CopyNotLendable {
            status: status.into(),
        });
    }
    for problem in [
        "no_counter",
        "several_counters",
        "characters",
        "no_letter",
        "full",
    ] {
        all.push(Error::InvalidNumberingPattern {
            field: "copy_barcode_pattern",
            problem,
        });
    }
    for (owner, next) in [
        (Record::Copy, false),
        (Record::Borrower, false),
        (Record::Copy, true),
        (Record::Borrower, true),
    ] {
        all.push(Error::NumberingCodeTaken {
            field: "card_number_pattern",
            code: "KI-A-000007".into(),
            owner,
            next,
        });
    }
    for (other, in_use) in [
        (Record::Copy, true),
        (Record::Copy, false),
        (Record::Borrower, true),
        (Record::Borrower, false),
    ] {
        all.push(Error::ScanCodeClash {
            field: if other == Record::Copy {
                "card_number"
            } else {
                "barcode"
            },
            code: "KI-A-000009".into(),
            other,
            in_use,
        });
    }
    all.push(Error::ScanCodeClash {
        field: "barcode",
        code: "KP-0003".into(),
        other: Record::CoursePackage,
        in_use: true,
    });
    for problem in ["quarter", "half", "year", "reversed", "too_long"] {
        all.push(Error::ReportPeriodInvalid { problem });
    }
    all.push(Error::ReportMinCountInvalid { value: 0, max: 10 });
    let saved_at = day(12, 3)
        .and_hms_opt(10, 42, 0)
        .expect("a valid example time");
    all.push(Error::ChangedMeanwhile {
        what: Record::Medium,
        at: saved_at,
        by: "BUERO-2".into(),
    });
    all.push(Error::ChangedMeanwhile {
        what: Record::Borrower,
        at: saved_at,
        by: String::new(),
    });
    // Every kind of record that can be missing.
    for what in <Record as strum::IntoEnumIterator>::iter() {
        all.push(Error::NotFound { what });
    }
    all
}
