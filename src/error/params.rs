//! The typed details of an error, by name: what the UI fills into the
//! placeholders of its text for the error's code.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Serialize, Serializer};

use super::Error;

/// One detail of an error. It reaches the UI as JSON: a text as a string, a
/// number as a number, a date as `yyyy-mm-dd`, a record kind and a form
/// field as their codes, a list as an array of strings. The UI's text says
/// how it shows each (`{due:date}`, `{at:moment}`, `{what:record}`,
/// `{field:field}`, `{max:number}`; see `ui/i18n/index.js`).
#[derive(Debug, Clone, PartialEq, Eq, strum::EnumDiscriminants)]
#[strum_discriminants(
    name(ParamKind),
    vis(pub),
    derive(strum::IntoStaticStr, strum::EnumIter, Hash),
    strum(serialize_all = "snake_case")
)]
pub enum Param {
    /// A name, code or title as the user typed or scanned it.
    Text(String),
    /// A count, limit or version; shown as it is, or grouped by thousands
    /// where the text says `:number`.
    Number(i64),
    /// A day.
    Date(NaiveDate),
    /// A day and a time of day (to the minute).
    Moment(NaiveDateTime),
    /// A kind of record, shown by its translated name.
    Record(Record),
    /// A form field, shown by its translated label.
    Field(&'static str),
    /// Several texts (titles on loan).
    List(Vec<String>),
}

impl Param {
    /// Which of the kinds this is (`date`), for the test that checks each
    /// placeholder's format against its parameter.
    pub fn kind(&self) -> ParamKind {
        self.into()
    }
}

impl ParamKind {
    /// Its snake-case name (`record`).
    pub fn name(self) -> &'static str {
        self.into()
    }
}

impl Serialize for Param {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Param::Text(text) => serializer.serialize_str(text),
            Param::Number(n) => serializer.serialize_i64(*n),
            Param::Date(day) => serializer.collect_str(&day.format("%Y-%m-%d")),
            Param::Moment(at) => serializer.collect_str(&at.format("%Y-%m-%dT%H:%M")),
            Param::Record(record) => serializer.serialize_str(record.code()),
            Param::Field(field) => serializer.serialize_str(field),
            Param::List(items) => items.serialize(serializer),
        }
    }
}

/// The kinds of record a call can name and not find ([`Error::NotFound`]).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, strum::EnumIter, strum::IntoStaticStr,
)]
#[strum(serialize_all = "snake_case")]
pub enum Record {
    /// A task from an Arbeitskreis meeting.
    ActionItem,
    /// A borrower (Ausleihende(r)).
    Borrower,
    /// A version of a consent text.
    ConsentText,
    /// A contact person of an organisation.
    Contact,
    /// A copy (Exemplar) of a medium.
    Copy,
    /// A damaged database to recover from: there is none while the
    /// database opened without fault.
    DamagedDatabase,
    /// The database file (an app without one, e.g. in memory).
    Database,
    /// An event (Ausbildungsbörse and others).
    Event,
    /// The institution's details (Einstellungen → Einrichtung).
    Institution,
    /// The Mediathek's lending rules (Einstellungen → Ausleihe).
    LendingSettings,
    /// A loan.
    Loan,
    /// A medium of the catalogue.
    Medium,
    /// A meeting of the Arbeitskreis.
    Meeting,
    /// The patterns of Inventarnummern and Ausweisnummern
    /// (Einstellungen → Nummernkreise).
    NumberingPatterns,
    /// An offering of an organisation.
    Offering,
    /// An organisation.
    Organisation,
    /// A participant of workshops.
    Participant,
    /// A course package (Kurspaket).
    CoursePackage,
    /// A cooperation project.
    Project,
    /// A registration for a workshop.
    Registration,
    /// A reminder (Mahnung).
    Reminder,
    /// A reservation (Vormerkung).
    Reservation,
    /// A retention rule that staff run by hand (the automatic ones run alone).
    RetentionRule,
    /// The retention rules as a whole (Einstellungen → Datenschutz).
    RetentionRules,
    /// A safety copy or kept damaged file in the backup folder.
    SafetyCopy,
    /// A note in an organisation's timeline.
    TimelineNote,
    /// The Arbeitskreis or another working group.
    WorkingGroup,
    /// A workshop.
    Workshop,
    /// Media reserved for a workshop.
    WorkshopMaterial,
}

impl Record {
    /// Stable snake-case code of the kind (`working_group`).
    pub fn code(self) -> &'static str {
        self.into()
    }
}

impl Serialize for Record {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

fn text(value: impl ToString) -> Param {
    Param::Text(value.to_string())
}

fn number(value: impl TryInto<i64>) -> Param {
    Param::Number(value.try_into().unwrap_or(i64::MAX))
}

fn path(value: &std::path::Path) -> Param {
    Param::Text(value.display().to_string())
}

impl Error {
    /// The details the UI's text for [`Error::code`] names, by name: the
    /// room that is taken, the due date, the maximum length. An error with
    /// several wordings names the one that applies in `variant` (the UI
    /// looks up `errors.<code>_<variant>` first).
    ///
    /// Texts meant for the log only (`reason` of a failed backup, the
    /// cause of a failed document, SQLite's own message) are no parameter.
    pub fn params(&self) -> BTreeMap<&'static str, Param> {
        let list: Vec<(&'static str, Param)> = match self {
            Error::DatabaseTooNew {
                found,
                supported,
                path: file,
            } => vec![
                ("found", number(*found)),
                ("supported", number(*supported)),
                ("path", path(file)),
            ],
            Error::MigrationFailed { version } => vec![("version", number(*version))],
            Error::ImportFileTooLarge { max_mb } => vec![("max_mb", number(*max_mb))],
            Error::ImportUnreadable {
                field,
                value,
                expected,
            } => vec![
                ("variant", text(expected)),
                ("field", Param::Field(field)),
                ("value", text(value)),
            ],
            Error::ImportColumnMissing { field } => vec![("field", Param::Field(field))],
            Error::ImportRowFailed { row } => vec![("row", number(*row))],
            Error::NotADatabase { path: file }
            | Error::DatabaseCorrupt { path: file }
            | Error::DatabaseLocked { path: file }
            | Error::DataFolderNotWritable { path: file }
            | Error::BackupFolderUnavailable { path: file }
            | Error::NotAKizDatabase { path: file } => vec![("path", path(file))],
            Error::ServerUnreachable { server }
            | Error::ServerWithoutTls { server }
            | Error::ServerCertificateNotTrusted { server }
            | Error::ServerNotEmpty { server }
            | Error::ServerBusy { server } => vec![("server", text(server))],
            Error::ServerLoginRefused { server, role }
            | Error::ServerLoginNotAllowed { server, role } => {
                vec![("server", text(server)), ("role", text(role))]
            }
            Error::ServerDatabaseMissing { server, database } => {
                vec![("server", text(server)), ("database", text(database))]
            }
            Error::ServerDatabaseTooNew {
                server,
                found,
                supported,
            } => vec![
                ("server", text(server)),
                ("found", number(*found)),
                ("supported", number(*supported)),
            ],
            Error::CaFileUnreadable { path: file }
            | Error::CaFileNotAbsolute { path: file }
            | Error::DatabasePolicyInvalid { path: file } => vec![("path", path(file))],
            Error::ServerPortInvalid { value } => vec![("value", text(value))],
            Error::TransferMismatch { table } => vec![("table", text(table))],
            Error::TooLong { field, max } => {
                vec![("field", Param::Field(field)), ("max", number(*max))]
            }
            Error::NotFound { what } => vec![("what", Param::Record(*what))],
            Error::ChangedMeanwhile { what, at, by } => {
                let mut list = vec![("what", Param::Record(*what)), ("at", Param::Moment(*at))];
                if by.is_empty() {
                    list.push(("variant", text("unknown_workstation")));
                } else {
                    list.push(("by", text(by)));
                }
                list
            }
            Error::UnknownLanguageCode { code, .. }
            | Error::BarcodeNotEncodable { code }
            | Error::UnknownCode { code }
            | Error::UnknownRegistrationCode { code } => vec![("code", text(code))],
            Error::UnknownSortKey { key } => vec![("key", text(key))],
            Error::DuplicateBarcode { barcode }
            | Error::UnknownBarcode { barcode }
            | Error::CopyNotOnLoan { barcode } => vec![("barcode", text(barcode))],
            Error::DuplicateCardNumber { card_number } => {
                vec![("card_number", text(card_number))]
            }
            Error::FilterNameTaken { name } => vec![("name", text(name))],
            Error::CopyAlreadyOnLoan {
                barcode,
                due_on,
                to_this_borrower,
                on_shelf,
            } => {
                // The person at the desk has it (renew it), someone else has
                // it (another copy on the shelf, or none), or no due date.
                let variant = match (due_on, to_this_borrower, on_shelf) {
                    (None, _, _) => "unknown_due",
                    (Some(_), true, _) => "own",
                    (Some(_), false, Some(_)) => "other_on_shelf",
                    (Some(_), false, None) => "none_on_shelf",
                };
                let mut list = vec![("variant", text(variant)), ("barcode", text(barcode))];
                if let Some(due) = due_on {
                    list.push(("due", Param::Date(*due)));
                }
                if let (Some(other), false) = (on_shelf, to_this_borrower) {
                    list.push(("other", text(other)));
                }
                list
            }
            Error::CopyOnLoan {
                card_number,
                withdrawing,
            } => match (card_number, withdrawing) {
                (Some(card), true) => vec![("card_number", text(card))],
                (Some(card), false) => {
                    vec![("variant", text("status")), ("card_number", text(card))]
                }
                (None, _) => vec![("variant", text("no_card"))],
            },
            Error::DateInFuture { field } => vec![("field", Param::Field(field))],
            Error::InvalidNumberingPattern { problem, .. } => vec![("variant", text(problem))],
            Error::ReportPeriodInvalid { problem } => vec![("variant", text(problem))],
            Error::ReportMinCountInvalid { value, max } => vec![
                ("value", number(*value)),
                ("min", number(1)),
                ("max", number(i64::from(*max))),
            ],
            Error::NumberingCounterWidth { min, max, .. } => {
                vec![("min", number(*min)), ("max", number(*max))]
            }
            Error::NumberingPatternsOverlap { other, example, .. } => {
                vec![("variant", text(other)), ("example", text(example))]
            }
            Error::NumberingCodeTaken {
                code, owner, next, ..
            } => {
                let variant = match (owner, next) {
                    (Record::Copy, false) => "copy",
                    (_, false) => "borrower",
                    (Record::Copy, true) => "next_copy",
                    (_, true) => "next_borrower",
                };
                vec![("variant", text(variant)), ("code", text(code))]
            }
            Error::ScanCodeClash {
                code,
                other,
                in_use,
                ..
            } => {
                let variant = match (other, in_use) {
                    (Record::CoursePackage, _) => "package_in_use",
                    (Record::Copy, true) => "copy_in_use",
                    (Record::Copy, false) => "copy_pattern",
                    (_, true) => "card_in_use",
                    (_, false) => "card_pattern",
                };
                vec![("variant", text(variant)), ("code", text(code))]
            }
            Error::CopyReservedForOther { pickup_by } => {
                vec![("pickup_by", Param::Date(*pickup_by))]
            }
            Error::CopyNotLendable { status } => match status.as_str() {
                "in_reparatur" | "verloren" | "ausgeschieden" => vec![("variant", text(status))],
                // A status the app does not set (hand-edited data), shown as it is.
                _ => vec![("status", text(status))],
            },
            Error::BorrowerBlocked { reason } => vec![("reason", text(reason))],
            Error::LoanLimitReached { limit } => vec![("limit", number(*limit))],
            Error::PublishFolderInvalid { folder } | Error::PublishFolderNotSite { folder } => {
                vec![("folder", text(folder))]
            }
            Error::PackageNameTaken { name } | Error::CourseTermTwice { name } => {
                vec![("name", text(name))]
            }
            Error::CourseEndOutOfRange { kind, latest } => {
                vec![("kind", text(kind)), ("latest", Param::Date(*latest))]
            }
            Error::NotEnoughOnShelf { wanted, on_shelf } => {
                vec![("wanted", number(*wanted)), ("on_shelf", number(*on_shelf))]
            }
            Error::BorrowerHasOverdue { count } => vec![("count", number(*count))],
            Error::RenewalLimitReached { max } => vec![("max", number(*max))],
            Error::RenewalTooLate { days_overdue } => vec![("days", number(*days_overdue))],
            Error::RenewalNotNeeded { due_on } => vec![("due", Param::Date(*due_on))],
            Error::OutOfRange { min, max, .. } => {
                vec![("min", number(*min)), ("max", number(*max))]
            }
            Error::ClosingPeriodInvalid { first_day } => {
                vec![("first_day", Param::Date(*first_day))]
            }
            Error::RoomTaken { room, workshop } => {
                vec![("room", text(room)), ("workshop", text(workshop))]
            }
            Error::FacilitatorTaken { person, workshop } => {
                vec![("person", text(person)), ("workshop", text(workshop))]
            }
            Error::OutsideEventDays { first, last } => vec![
                (
                    "variant",
                    text(if first == last { "one_day" } else { "days" }),
                ),
                ("first", Param::Date(*first)),
                ("last", Param::Date(*last)),
            ],
            Error::EventDaysExcludeWorkshop { workshop }
            | Error::SlotOverlaps { workshop }
            | Error::RegistrationOtherWorkshop { workshop } => vec![("workshop", text(workshop))],
            Error::NewTimeOverlapsRegistrations { people, workshop } => vec![
                (
                    "variant",
                    text(if *people == 1 { "one" } else { "several" }),
                ),
                ("people", number(*people)),
                ("workshop", text(workshop)),
            ],
            Error::CapacityBelowRegistered {
                registered,
                capacity,
            } => vec![
                ("registered", number(*registered)),
                ("capacity", number(*capacity)),
            ],
            Error::CapacityExceeded { capacity } => vec![("capacity", number(*capacity))],
            Error::EventHasRegistrations { registrations }
            | Error::WorkshopHasRegistrations { registrations } => {
                vec![("registrations", number(*registrations))]
            }
            Error::PersonHasLoans { titles } => vec![("titles", Param::List(titles.clone()))],
            Error::WorkbookSheetMissing { sheet } => vec![("sheet", text(sheet))],
            Error::WorkbookColumnMissing { sheet, column } => {
                vec![("sheet", text(sheet)), ("column", text(column))]
            }
            Error::WorkbookCellInvalid { sheet, row, column } => vec![
                ("sheet", text(sheet)),
                ("row", number(*row)),
                ("column", text(column)),
            ],
            Error::WorkbookReferenceMissing {
                sheet,
                row,
                column,
                target,
            } => vec![
                ("sheet", text(sheet)),
                ("row", number(*row)),
                ("column", text(column)),
                ("target", text(target)),
            ],
            Error::WorkbookRowRefused { sheet, row } => {
                vec![("sheet", text(sheet)), ("row", number(*row))]
            }
            Error::InstitutionNameEmpty
            | Error::InvalidEmail { .. }
            | Error::InvalidPhone { .. }
            | Error::InvalidPostalCode { .. }
            | Error::UnknownLanguage(_)
            | Error::DemoNeedsEmptyDatabase
            | Error::FileOnly
            | Error::Required { .. }
            | Error::InvalidIsbn
            | Error::YearOutOfRange
            | Error::LevelRangeReversed
            | Error::UnknownMediaKind
            | Error::MediaKindExists
            | Error::CopySetAside
            | Error::MediumHasCopies
            | Error::InvalidPrice
            | Error::RenewalBlockedByReservation
            | Error::MediumNotLendable
            | Error::AlreadyHasMedium
            | Error::AlreadyReserved
            | Error::PackageNeedsBorrower
            | Error::MaterialLent
            | Error::ReservationClosed
            | Error::NoReminderDue
            | Error::LoanClosed
            | Error::AllWeekdaysClosed
            | Error::UnknownMunicipality
            | Error::UnknownSlipFormat
            | Error::UnknownOrganisationKind
            | Error::UnknownOfferingKind
            | Error::ListEntryExists
            | Error::NegativeMemberCount
            | Error::OrganisationInUse
            | Error::BorrowerLinkedElsewhere
            | Error::DateRangeReversed { .. }
            | Error::NegativeAmount { .. }
            | Error::AlreadyMember
            | Error::ContactNotAtOrganisation
            | Error::ConsentRequired
            | Error::AlreadyRegistered
            | Error::RegistrationClosed
            | Error::WorkshopFull
            | Error::NotOnWaitlist
            | Error::ParticipantAnonymised
            | Error::FourEyesRequired
            | Error::ConsentVersionExists
            | Error::NobodyPresent
            | Error::NobodyRegistered
            | Error::DocumentFailed(_)
            | Error::ImportFileEmpty
            | Error::ImportNotATable
            | Error::ImportCancelled
            | Error::DiskFull
            | Error::DatabaseReadOnly
            | Error::BackupFailed { .. }
            | Error::NoGoodBackup
            | Error::RestoreNeedsEmptyDatabase
            | Error::StoredValueUnexpected { .. }
            | Error::Sqlite(_)
            | Error::Postgres { .. }
            | Error::Io(_) => Vec::new(),
        };
        list.into_iter().collect()
    }
}
