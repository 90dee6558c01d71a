//! The one error type of the core.
//!
//! Each variant is either a rule the user can break or a failure of the
//! storage underneath. The core says *what* went wrong and holds no
//! sentences for the user:
//!
//! - [`Error::code`]: a stable snake-case code (`room_taken`), one per kind
//!   ([`ErrorKind`]);
//! - [`Error::field`]: the form field it belongs to, if any;
//! - [`Error::params`]: typed details by name ([`Param`]: the room, the due
//!   date, the maximum length, the [`Record`] not found), and for an error
//!   with several wordings the one that applies (`variant`).
//!
//! How an error travels to the screen: a command in the shell
//! (`src-tauri/src/commands/mod.rs`) turns it into `CommandError`, sent as
//! JSON `{ code, field, params }`; the UI (`ui/i18n/index.js`, `errorText`)
//! looks up `errors.<code>_<variant>` or `errors.<code>` in German or
//! English and fills in the parameters, each formatted as the language
//! writes it. The [`Display`](std::fmt::Display) text (thiserror) is
//! English developer text for the log only.
//!
//! [`examples`] lists one error of every kind and wording; the tests fail
//! when a kind has none (`tests/errors.rs`), or when a code lacks its
//! German or English text or a text names a parameter its error does not
//! have (`src-tauri/tests/i18n.rs`). A new variant therefore needs: its
//! code (derived from its name), its field and parameters, an example, and
//! a text in `ui/i18n/de.js` and `en.js`.
//!
//! Details that name no more than the user already sees are parameters;
//! what only the log needs (a backup's reason, SQLite's own message) is not.
//! Texts of printed documents are not errors: they live with the documents.
//!
//! This file is longer than the house's 600 lines: it is one enum, each
//! variant with its documentation and log text, and the `field` match
//! that must list every variant beside it. The parameters and the
//! examples, which can live apart, do (`params.rs`, `examples.rs`).

mod examples;
mod params;

use std::path::PathBuf;

use chrono::NaiveDate;

pub use examples::examples;
pub use params::{Param, ParamKind, Record};

/// Result of every fallible core function.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can refuse or break a core call.
#[derive(Debug, thiserror::Error, strum::EnumDiscriminants)]
#[strum_discriminants(
    name(ErrorKind),
    vis(pub),
    doc = "The kinds of [`Error`], one per variant without its details: \
           `ErrorKind::iter()` lists every error the core can produce, and \
           `code()` is each one's stable code.",
    derive(strum::EnumIter, strum::IntoStaticStr, Hash, PartialOrd, Ord),
    strum(serialize_all = "snake_case")
)]
pub enum Error {
    /// The file was written by a newer KIZ Desk; it is left untouched.
    #[error("database schema version {found} is newer than supported {supported}")]
    DatabaseTooNew {
        /// `user_version` found in the file.
        found: i64,
        /// Highest version this build knows.
        supported: i64,
        /// The file.
        path: PathBuf,
    },
    /// A schema step would have left references to missing rows; it was
    /// rolled back and the file is as it was.
    #[error("migration to schema version {version} failed its foreign key check")]
    MigrationFailed {
        /// The version the step leads to.
        version: i64,
    },
    /// The file exists but is not an SQLite database (or is encrypted).
    #[error("not a database: {path}")]
    NotADatabase {
        /// The file.
        path: PathBuf,
    },
    /// SQLite reports the file as damaged.
    #[error("database is corrupt: {path}")]
    DatabaseCorrupt {
        /// The file.
        path: PathBuf,
    },
    /// Another program holds a lock on the file longer than the busy timeout.
    #[error("database is locked: {path}")]
    DatabaseLocked {
        /// The file.
        path: PathBuf,
    },
    /// The folder cannot be created or the file cannot be opened for writing.
    #[error("data folder not writable: {path}")]
    DataFolderNotWritable {
        /// The folder or file.
        path: PathBuf,
    },
    /// The institution's name is empty.
    #[error("institution name is empty")]
    InstitutionNameEmpty,
    /// An e-mail address does not have the form `name@domain.tld`.
    #[error("invalid e-mail address in field {field}")]
    InvalidEmail {
        /// The form field.
        field: &'static str,
    },
    /// A phone number holds characters other than digits, spaces and `+ / - ( )`.
    #[error("invalid phone number in field {field}")]
    InvalidPhone {
        /// The form field.
        field: &'static str,
    },
    /// A German postal code is not five digits.
    #[error("invalid postal code in field {field}")]
    InvalidPostalCode {
        /// The form field.
        field: &'static str,
    },
    /// A text is longer than its field allows.
    #[error("field {field} longer than {max} characters")]
    TooLong {
        /// The form field.
        field: &'static str,
        /// Maximum number of characters.
        max: usize,
    },
    /// The UI language is not one the app ships.
    #[error("unknown UI language {0:?}")]
    UnknownLanguage(String),
    /// Demo data goes only into a database that holds no data of its own.
    #[error("demo data needs an empty database")]
    DemoNeedsEmptyDatabase,
    /// A record that the call names does not exist (any more).
    #[error("{what:?} not found")]
    NotFound {
        /// What kind of record was looked for.
        what: Record,
    },
    /// A form was filled from a version of the record that someone else
    /// saved over since (on the shared database): nothing of it is stored.
    #[error("{what:?} changed meanwhile by {by:?} at {at}")]
    ChangedMeanwhile {
        /// What kind of record.
        what: Record,
        /// When it was saved last.
        at: chrono::NaiveDateTime,
        /// The workstation that saved it; empty when not known.
        by: String,
    },
    /// A required text field is empty.
    #[error("required field {field} is empty")]
    Required {
        /// The form field.
        field: &'static str,
    },
    /// An ISBN or EAN whose check digit does not match, or of a wrong length.
    #[error("invalid ISBN/EAN")]
    InvalidIsbn,
    /// A year outside 1450 to 2200.
    #[error("year out of range")]
    YearOutOfRange,
    /// A level range whose end lies below its start (B1 to A2).
    #[error("level range reversed")]
    LevelRangeReversed,
    /// A language code that is not in the app's list.
    #[error("unknown language code {code:?} in field {field}")]
    UnknownLanguageCode {
        /// The code given.
        code: String,
        /// The form field.
        field: &'static str,
    },
    /// A Mediengruppe that does not exist.
    #[error("unknown media kind")]
    UnknownMediaKind,
    /// A Mediengruppe of that name exists already.
    #[error("media kind exists already")]
    MediaKindExists,
    /// The Inventarnummer is already on another copy.
    #[error("barcode already used")]
    DuplicateBarcode {
        /// The barcode.
        barcode: String,
    },
    /// The Ausweisnummer is already on another borrower's card.
    #[error("card number already used")]
    DuplicateCardNumber {
        /// The card number.
        card_number: String,
    },
    /// A directory filter of this name is saved already (perhaps by another
    /// PC since the list was read); saving again with "replace" replaces it.
    #[error("a saved filter has this name")]
    FilterNameTaken {
        /// The name as stored.
        name: String,
    },
    /// A copy on loan cannot be withdrawn (ausgeschieden) or have its
    /// status changed until it is returned.
    #[error("copy is on loan")]
    CopyOnLoan {
        /// The Ausweisnummer of the borrower who has it; `None` when the
        /// loan names nobody (hand-edited data).
        card_number: Option<String>,
        /// Whether staff tried to withdraw it (else another status change).
        withdrawing: bool,
    },
    /// A copy set aside for a reservation cannot be retired.
    #[error("copy set aside for a reservation")]
    CopySetAside,
    /// A medium with copies cannot be deleted (retire the copies instead).
    #[error("medium has copies")]
    MediumHasCopies,
    /// A negative price.
    #[error("negative price")]
    InvalidPrice,
    /// A day after today where only past days make sense (acquired,
    /// withdrawn).
    #[error("date in the future in {field}")]
    DateInFuture {
        /// The form field.
        field: &'static str,
    },
    /// A numbering pattern (Inventarnummer, Ausweisnummer) that cannot
    /// number labels: no or several `#` runs, characters a scanner may not
    /// carry, no letter, or all numbers of the counter used.
    #[error("invalid numbering pattern in {field}: {problem}")]
    InvalidNumberingPattern {
        /// The pattern's field.
        field: &'static str,
        /// What is wrong: `no_counter`, `several_counters`, `characters`,
        /// `no_letter`, `full`.
        problem: &'static str,
    },
    /// A hand-entered Inventarnummer or Ausweisnummer that the desk's scan
    /// would take for the other kind of number.
    #[error("code clashes with the other kind of number in {field}")]
    ScanCodeClash {
        /// `barcode` or `card_number`.
        field: &'static str,
        /// The code entered.
        code: String,
        /// The other kind: [`Record::Borrower`] (cards) or [`Record::Copy`].
        other: Record,
        /// Whether it is in use as the other kind (else it fits the other
        /// kind's pattern).
        in_use: bool,
    },
    /// A numbering pattern's counter (`#` run) that is too short or too
    /// long.
    #[error("numbering counter width out of range in {field}")]
    NumberingCounterWidth {
        /// The pattern's field.
        field: &'static str,
        /// The fewest `#`.
        min: u32,
        /// The most `#`.
        max: u32,
    },
    /// Two numbering patterns can produce the same code, so a scan could
    /// not tell a card from a copy (or from a workshop confirmation).
    #[error("numbering patterns overlap in {field}")]
    NumberingPatternsOverlap {
        /// The pattern's field.
        field: &'static str,
        /// What else could carry the code: `copy` (the card pattern meets
        /// the copy pattern) or `checkin` (a workshop confirmation).
        other: &'static str,
        /// A code both could produce.
        example: String,
    },
    /// A code already in use fits the pattern of the other kind of
    /// number, or is the pattern's next number.
    #[error("numbering pattern meets an existing code in {field}")]
    NumberingCodeTaken {
        /// The pattern's field.
        field: &'static str,
        /// The code in use.
        code: String,
        /// Whose code it is: a copy's or a borrower's.
        owner: Record,
        /// Whether it is the pattern's next number (else it fits the
        /// pattern of the other kind).
        next: bool,
    },
    /// A code with characters a Code 128 barcode cannot carry.
    #[error("barcode not encodable")]
    BarcodeNotEncodable {
        /// The code.
        code: String,
    },
    /// A scanned Inventarnummer that no copy carries.
    #[error("unknown barcode")]
    UnknownBarcode {
        /// What was scanned.
        barcode: String,
    },
    /// A list sort (`name:desc`) naming a column or list that does not exist.
    #[error("unknown sort key")]
    UnknownSortKey {
        /// The sort asked for.
        key: String,
    },
    /// A scanned code that is neither an Ausweisnummer nor an Inventarnummer.
    #[error("unknown code")]
    UnknownCode {
        /// What was scanned.
        code: String,
    },
    /// Checkout of a copy that is on loan.
    #[error("copy already on loan")]
    CopyAlreadyOnLoan {
        /// The scanned copy's Inventarnummer.
        barcode: String,
        /// Until when.
        due_on: Option<NaiveDate>,
        /// The borrower at the desk has it.
        to_this_borrower: bool,
        /// Another copy of the same medium on the shelf, to lend instead.
        on_shelf: Option<String>,
    },
    /// Checkout of a copy set aside for another borrower's reservation.
    #[error("copy reserved for someone else")]
    CopyReservedForOther {
        /// Until when it waits.
        pickup_by: NaiveDate,
    },
    /// Checkout of a copy in repair, lost or retired.
    #[error("copy not lendable: {status}")]
    CopyNotLendable {
        /// Its status code.
        status: String,
    },
    /// The borrower is blocked.
    #[error("borrower blocked")]
    BorrowerBlocked {
        /// The reason staff recorded.
        reason: String,
    },
    /// The borrower has as many items as the limit allows.
    #[error("loan limit reached")]
    LoanLimitReached {
        /// The limit.
        limit: u32,
    },
    /// The borrower has overdue items; staff may lend with a reason.
    #[error("borrower has overdue items")]
    BorrowerHasOverdue {
        /// How many.
        count: u32,
    },
    /// Return or renewal of a copy that is not on loan.
    #[error("copy not on loan")]
    CopyNotOnLoan {
        /// What was scanned.
        barcode: String,
    },
    /// The loan was renewed as often as the rule allows.
    #[error("renewal limit reached")]
    RenewalLimitReached {
        /// The maximum.
        max: u32,
    },
    /// The loan is overdue beyond the grace period.
    #[error("renewal too late")]
    RenewalTooLate {
        /// Days overdue.
        days_overdue: i64,
    },
    /// Someone else waits for the medium.
    #[error("renewal blocked by reservation")]
    RenewalBlockedByReservation,
    /// A renewal today would not move the due date.
    #[error("renewal not needed")]
    RenewalNotNeeded {
        /// The current due date.
        due_on: NaiveDate,
    },
    /// A reservation on a medium with no copy that could be lent.
    #[error("medium not lendable")]
    MediumNotLendable,
    /// A reservation by someone who has the medium on loan.
    #[error("borrower has the medium")]
    AlreadyHasMedium,
    /// A second reservation of one medium by one borrower.
    #[error("already reserved")]
    AlreadyReserved,
    /// The reservation was picked up, cancelled or expired already.
    #[error("reservation closed")]
    ReservationClosed,
    /// A class set asks for more copies than the shelf holds: nothing lent.
    #[error("{wanted} copies wanted, {on_shelf} on the shelf")]
    NotEnoughOnShelf {
        /// How many were asked for.
        wanted: u32,
        /// How many are on the shelf.
        on_shelf: u32,
    },
    /// A course end before tomorrow, or further ahead than the
    /// Mediengruppe allows: nothing lent.
    #[error("course end outside tomorrow..={latest}")]
    CourseEndOutOfRange {
        /// The Mediengruppe's name.
        kind: String,
        /// The latest course end allowed for it today.
        latest: NaiveDate,
    },
    /// Two terms of the same name in the lending settings.
    #[error("course term named twice")]
    CourseTermTwice {
        /// The name.
        name: String,
    },
    /// A workshop's material was lent already: it can no longer be changed
    /// or taken back (its copies come back at the desk).
    #[error("workshop material lent already")]
    MaterialLent,
    /// The folder chosen for the public site cannot take it: it is a
    /// file, or its parent folder does not exist.
    #[error("publish folder invalid")]
    PublishFolderInvalid {
        /// The folder as chosen.
        folder: String,
    },
    /// The folder chosen for the public site holds files but is not a
    /// site this app wrote: publishing would delete them.
    #[error("publish folder holds other files")]
    PublishFolderNotSite {
        /// The folder as chosen.
        folder: String,
    },
    /// A course package of that name exists already.
    #[error("course package name taken")]
    PackageNameTaken {
        /// The name.
        name: String,
    },
    /// A package card was scanned while no borrower is selected, or in a
    /// mode other than lending: a package is only lent as a whole (its
    /// copies come back one by one).
    #[error("package needs a borrower")]
    PackageNeedsBorrower,
    /// No loan of the borrower is due for a reminder.
    #[error("no reminder due")]
    NoReminderDue,
    /// The loan was closed already.
    #[error("loan closed")]
    LoanClosed,
    /// A number outside its allowed range.
    #[error("{field} outside {min}..={max}")]
    OutOfRange {
        /// The form field.
        field: &'static str,
        /// Smallest allowed.
        min: u32,
        /// Largest allowed.
        max: u32,
    },
    /// Every weekday marked closed.
    #[error("all weekdays closed")]
    AllWeekdaysClosed,
    /// A closing period that ends before it starts or lasts half a year or more.
    #[error("closing period invalid")]
    ClosingPeriodInvalid {
        /// Its first day.
        first_day: NaiveDate,
    },
    /// A report period that cannot be counted: a quarter not 1–4, a half
    /// not 1–2, a year outside 1900–2200, a range that ends before it
    /// starts or spans more than ten years.
    #[error("report period invalid: {problem}")]
    ReportPeriodInvalid {
        /// `quarter`, `half`, `year`, `reversed` or `too_long`.
        problem: &'static str,
    },
    /// A smallest count to print in reports outside 1–10 (1 prints every
    /// count as it is).
    #[error("report minimum count invalid: {value}")]
    ReportMinCountInvalid {
        /// What was entered.
        value: i64,
        /// The largest minimum allowed (the smallest is 1).
        max: u32,
    },
    /// A municipality not in the list.
    #[error("unknown municipality")]
    UnknownMunicipality,
    /// A format of slips and receipts the app does not print.
    #[error("unknown slip format")]
    UnknownSlipFormat,
    /// A kind of organisation that does not exist.
    #[error("unknown organisation kind")]
    UnknownOrganisationKind,
    /// A kind of offering that does not exist.
    #[error("unknown offering kind")]
    UnknownOfferingKind,
    /// An entry of that name exists already in an extendable list.
    #[error("list entry exists")]
    ListEntryExists,
    /// A member count below zero.
    #[error("negative member count")]
    NegativeMemberCount,
    /// An organisation that projects, borrowers, contacts or the Arbeitskreis
    /// refer to cannot be deleted.
    #[error("organisation in use")]
    OrganisationInUse,
    /// The borrower is already linked to another contact.
    #[error("borrower linked to another contact")]
    BorrowerLinkedElsewhere,
    /// An end date before the start date.
    #[error("date range reversed in {field}")]
    DateRangeReversed {
        /// The field of the end date.
        field: &'static str,
    },
    /// A negative amount of money.
    #[error("negative amount in {field}")]
    NegativeAmount {
        /// The form field.
        field: &'static str,
    },
    /// The organisation is a member of the working group already.
    #[error("already a member")]
    AlreadyMember,
    /// A person recorded at a meeting for an organisation at which the
    /// person has no role.
    #[error("contact has no role at the organisation")]
    ContactNotAtOrganisation,
    /// The room is booked for another workshop in an overlapping slot.
    #[error("room taken")]
    RoomTaken {
        /// The room.
        room: String,
        /// The other workshop.
        workshop: String,
    },
    /// The facilitator leads another workshop in an overlapping slot.
    #[error("facilitator taken")]
    FacilitatorTaken {
        /// The person.
        person: String,
        /// The other workshop.
        workshop: String,
    },
    /// A participant without consent is not stored.
    #[error("consent required")]
    ConsentRequired,
    /// The person is registered for the workshop already.
    #[error("already registered")]
    AlreadyRegistered,
    /// Registration for the event has closed.
    #[error("registration closed")]
    RegistrationClosed,
    /// A workshop lies outside the days of its event.
    #[error("workshop outside the event's days")]
    OutsideEventDays {
        /// The event's first day.
        first: chrono::NaiveDate,
        /// The event's last day.
        last: chrono::NaiveDate,
    },
    /// New event days would leave one of its workshops outside them.
    #[error("event days exclude a workshop")]
    EventDaysExcludeWorkshop {
        /// The workshop left outside.
        workshop: String,
    },
    /// A workshop's new time would give people registered for it a second
    /// workshop at the same time.
    #[error("new time overlaps registrations")]
    NewTimeOverlapsRegistrations {
        /// How many registered people would be double-booked.
        people: u32,
        /// The other workshop of one of them.
        workshop: String,
    },
    /// The person has another workshop at the same time.
    #[error("slot overlaps")]
    SlotOverlaps {
        /// The other workshop.
        workshop: String,
    },
    /// Full, and the workshop keeps no waitlist.
    #[error("workshop full")]
    WorkshopFull,
    /// Only someone on the waitlist can be moved up.
    #[error("not on waitlist")]
    NotOnWaitlist,
    /// A registration of an anonymised participant: no confirmation to
    /// print, no cancellation to make.
    #[error("participant anonymised")]
    ParticipantAnonymised,
    /// A capacity below the number registered needs a choice of who waits.
    #[error("capacity below registered")]
    CapacityBelowRegistered {
        /// Seats taken now.
        registered: u32,
        /// The new capacity.
        capacity: u32,
    },
    /// A scanned code that is no registration's check-in code.
    #[error("unknown registration code")]
    UnknownRegistrationCode {
        /// What was scanned.
        code: String,
    },
    /// A scanned confirmation belongs to another workshop.
    #[error("registration for another workshop")]
    RegistrationOtherWorkshop {
        /// The workshop the registration is for.
        workshop: String,
    },
    /// Every seat is taken; staff may decide to admit someone anyway.
    #[error("capacity exceeded")]
    CapacityExceeded {
        /// The workshop's seats.
        capacity: u32,
    },
    /// An event people registered for is archived, never deleted.
    #[error("event has registrations")]
    EventHasRegistrations {
        /// How many registrations.
        registrations: u32,
    },
    /// A workshop people registered for is not deleted.
    #[error("workshop has registrations")]
    WorkshopHasRegistrations {
        /// How many registrations.
        registrations: u32,
    },
    /// A borrower with items on loan is not erased.
    #[error("person has loans")]
    PersonHasLoans {
        /// The titles on loan.
        titles: Vec<String>,
    },
    /// A bulk deletion needs two different staff names.
    #[error("four eyes required")]
    FourEyesRequired,
    /// This version of the consent text exists in that language.
    #[error("consent version exists")]
    ConsentVersionExists,
    /// Certificates are printed only for people checked in.
    #[error("nobody present")]
    NobodyPresent,
    /// A list or badges of a workshop nobody registered for.
    #[error("nobody registered")]
    NobodyRegistered,
    /// A PDF, XLSX or CSV file could not be produced.
    #[error("document not produced: {0}")]
    DocumentFailed(String),
    /// A file chosen for import holds no rows at all.
    #[error("import file empty")]
    ImportFileEmpty,
    /// A file chosen for import is no table (a PDF or picture, a damaged
    /// workbook, a binary file).
    #[error("import file is no table")]
    ImportNotATable,
    /// A file chosen for import is larger than the import reads.
    #[error("import file larger than {max_mb} MB")]
    ImportFileTooLarge {
        /// The largest size read, in megabytes.
        max_mb: u32,
    },
    /// A cell of an imported row does not hold what its column was mapped
    /// to: no date, number, Sprachniveau, language, municipality or entry
    /// of the pick list.
    #[error("import: {value:?} is no {expected} for {field}")]
    ImportUnreadable {
        /// The field the column was mapped to.
        field: &'static str,
        /// What the cell holds.
        value: String,
        /// What was expected: `date`, `number`, `level`, `language`,
        /// `municipality`, `list`, `kind`.
        expected: &'static str,
    },
    /// A field without which no row can be stored is mapped to no column.
    #[error("import: no column for {field}")]
    ImportColumnMissing {
        /// The field.
        field: &'static str,
    },
    /// Staff cancelled the import; nothing of it was stored.
    #[error("import cancelled")]
    ImportCancelled,
    /// Reading a row failed in a way the import did not foresee (a bug);
    /// nothing of the import was stored.
    #[error("import failed at row {row}")]
    ImportRowFailed {
        /// The row, as the file counts it.
        row: usize,
    },
    /// The disk (or the database's size limit) is full: the write was not
    /// stored, everything stored before is intact.
    #[error("disk full")]
    DiskFull,
    /// The database file cannot be written (read-only medium or file).
    #[error("database read-only")]
    DatabaseReadOnly,
    /// The backup folder is missing, unreachable, not writable or full.
    #[error("backup folder unavailable: {path}")]
    BackupFolderUnavailable {
        /// The folder.
        path: PathBuf,
    },
    /// A backup copy did not pass its checks and was discarded.
    #[error("backup failed: {reason}")]
    BackupFailed {
        /// What failed (for the log).
        reason: String,
    },
    /// A file chosen for restore is no KIZ Desk database.
    #[error("not a KIZ Desk database: {path}")]
    NotAKizDatabase {
        /// The file.
        path: PathBuf,
    },
    /// No backup in the folder passes the checks.
    #[error("no good backup")]
    NoGoodBackup,
    /// A workbook of the full export goes only into a database that holds
    /// no records yet: it brings its own numbers, which would meet those
    /// already there.
    #[error("restoring an export needs an empty database")]
    RestoreNeedsEmptyDatabase,
    /// A workbook read back as a full export lacks one of its sheets.
    #[error("workbook has no sheet {sheet:?}")]
    WorkbookSheetMissing {
        /// The sheet's name.
        sheet: String,
    },
    /// A sheet of a workbook read back as a full export lacks a column
    /// in its header row.
    #[error("sheet {sheet:?} has no column {column:?}")]
    WorkbookColumnMissing {
        /// The sheet's name.
        sheet: String,
        /// The column's header.
        column: String,
    },
    /// A cell of a workbook read back as a full export is empty where a
    /// value is needed, or does not hold what its column holds (a date, a
    /// number, a language code, …).
    #[error("sheet {sheet:?} row {row} column {column:?}: value missing or unreadable")]
    WorkbookCellInvalid {
        /// The sheet's name.
        sheet: String,
        /// The row, as Excel counts it (the header is row 1).
        row: usize,
        /// The column's header.
        column: String,
    },
    /// A cell of a workbook read back as a full export names a number
    /// (an id) that the sheet it refers to does not have.
    #[error("sheet {sheet:?} row {row} column {column:?}: no such row in {target:?}")]
    WorkbookReferenceMissing {
        /// The sheet's name.
        sheet: String,
        /// The row, as Excel counts it.
        row: usize,
        /// The column's header.
        column: String,
        /// The sheet the column refers to.
        target: String,
    },
    /// A row of a workbook read back as a full export breaks a rule of the
    /// database: a number used twice, an end before its start, a value
    /// outside what the column allows.
    #[error("sheet {sheet:?} row {row} refused by the database")]
    WorkbookRowRefused {
        /// The sheet's name.
        sheet: String,
        /// The row, as Excel counts it.
        row: usize,
    },
    /// The shared database's server does not answer (wrong name or port,
    /// no network, the server is down).
    #[error("database server {server} not reachable")]
    ServerUnreachable {
        /// `host:port/database`.
        server: String,
    },
    /// The server turns a TLS connection down; KIZ Desk never connects
    /// without it.
    #[error("database server {server} offers no TLS")]
    ServerWithoutTls {
        /// `host:port/database`.
        server: String,
    },
    /// The server's certificate is not signed by the CA given (or one the
    /// system trusts), or names another server.
    #[error("certificate of database server {server} not trusted")]
    ServerCertificateNotTrusted {
        /// `host:port/database`.
        server: String,
    },
    /// The server refused the password (PostgreSQL says the same for a
    /// role that does not exist, so as not to tell who has an account).
    #[error("database server {server} refused the login of role {role}")]
    ServerLoginRefused {
        /// `host:port/database`.
        server: String,
        /// The login role.
        role: String,
    },
    /// The server does not let this role in at all, whatever the password:
    /// a role without the right to log in, or no line of the server's
    /// pg_hba.conf admits it from this PC. Something for IT, not a typo.
    #[error("database server {server} does not admit role {role}")]
    ServerLoginNotAllowed {
        /// `host:port/database`.
        server: String,
        /// The login role.
        role: String,
    },
    /// A write waited too long for another PC's write (or a row it
    /// holds); nothing of it was stored.
    #[error("database server {server} busy: the write waited too long")]
    ServerBusy {
        /// `host:port/database`.
        server: String,
    },
    /// The server has no database of that name.
    #[error("database {database} does not exist on {server}")]
    ServerDatabaseMissing {
        /// `host:port/database`.
        server: String,
        /// The database's name.
        database: String,
    },
    /// The server database was upgraded by a newer KIZ Desk; it is left
    /// untouched.
    #[error("server database {server} has schema version {found}, newer than {supported}")]
    ServerDatabaseTooNew {
        /// `host:port/database`.
        server: String,
        /// The version found on the server.
        found: i64,
        /// Highest version this build knows.
        supported: i64,
    },
    /// The server database already holds tables, so data is not moved
    /// onto it (and a database of another program is not set up).
    #[error("server database {server} is not empty")]
    ServerNotEmpty {
        /// `host:port/database`.
        server: String,
    },
    /// The port typed for the database server is no number from 1 to
    /// 65535.
    #[error("port {value:?} is not a port number")]
    ServerPortInvalid {
        /// What was typed.
        value: String,
    },
    /// This PC works on the shared database, and the step asked for is
    /// one of the file's own (its backups and their restore): refused
    /// rather than using the file, which would split the data.
    #[error("this step is for this PC's database file only")]
    FileOnly,
    /// IT's policy file is there but its `[database]` table cannot be
    /// read: the app does not guess where the shared database is.
    #[error("policy file {path} has no readable [database] table")]
    DatabasePolicyInvalid {
        /// The policy file.
        path: PathBuf,
    },
    /// The CA certificate file cannot be read or is no certificate (PEM
    /// or DER).
    #[error("CA certificate {path} unreadable")]
    CaFileUnreadable {
        /// The file.
        path: PathBuf,
    },
    /// A CA certificate typed as a relative path: relative to what would
    /// depend on where the app was started from.
    #[error("CA certificate {path} is not a full path")]
    CaFileNotAbsolute {
        /// What was typed.
        path: PathBuf,
    },
    /// After copying the data onto the server, a table differs from the
    /// file; nothing was kept on the server.
    #[error("table {table} differs after the transfer")]
    TransferMismatch {
        /// The table.
        table: String,
    },
    /// A stored value is not what the code reads it as (a NULL where none
    /// may be, text where a number belongs), or SQL was written with an
    /// unnumbered placeholder: a fault of the code or of hand-edited data.
    #[error("stored value in column {column} is not {expected}")]
    StoredValueUnexpected {
        /// The column of the result, from 0.
        column: usize,
        /// What the code expected (a Rust type's name).
        expected: &'static str,
    },
    /// Any other SQLite failure.
    #[error(transparent)]
    #[strum_discriminants(strum(serialize = "storage"))]
    Sqlite(rusqlite::Error),
    /// Any other failure of the database server, with the server's own
    /// message (for the log only).
    #[error("database server: {message}")]
    #[strum_discriminants(strum(serialize = "server_error"))]
    Postgres {
        /// The server's message and its causes.
        message: String,
        /// The server's SQLSTATE (`40P01` for a deadlock …), when it sent
        /// one: what decides whether a write is tried again.
        sqlstate: Option<String>,
        /// The constraint or index a violation names, when the server
        /// named one (`loan_one_open_per_copy`).
        constraint: Option<String>,
    },
    /// Any other file-system failure.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

impl ErrorKind {
    /// Stable machine-readable code, in snake case (the variant's name,
    /// `storage` for any other SQLite failure).
    pub fn code(self) -> &'static str {
        self.into()
    }

    /// Whether this error comes from the storage (the disk, the file, the
    /// server, the connection) rather than from the data of one request:
    /// a batch such as the import stops as a whole on it instead of
    /// refusing one row and going on.
    pub fn is_storage_failure(self) -> bool {
        matches!(
            self,
            ErrorKind::DatabaseTooNew
                | ErrorKind::MigrationFailed
                | ErrorKind::NotADatabase
                | ErrorKind::DatabaseCorrupt
                | ErrorKind::DatabaseLocked
                | ErrorKind::DataFolderNotWritable
                | ErrorKind::DiskFull
                | ErrorKind::DatabaseReadOnly
                | ErrorKind::NotAKizDatabase
                | ErrorKind::ServerUnreachable
                | ErrorKind::ServerWithoutTls
                | ErrorKind::ServerCertificateNotTrusted
                | ErrorKind::ServerLoginRefused
                | ErrorKind::ServerLoginNotAllowed
                | ErrorKind::ServerBusy
                | ErrorKind::ServerDatabaseMissing
                | ErrorKind::ServerDatabaseTooNew
                | ErrorKind::ServerNotEmpty
                | ErrorKind::ServerPortInvalid
                | ErrorKind::DatabasePolicyInvalid
                | ErrorKind::FileOnly
                | ErrorKind::TransferMismatch
                | ErrorKind::StoredValueUnexpected
                | ErrorKind::Sqlite
                | ErrorKind::Postgres
                | ErrorKind::Io
        )
    }
}

impl Error {
    /// Stable machine-readable code, in snake case, for the UI to branch on.
    pub fn code(&self) -> &'static str {
        self.kind().code()
    }

    /// Which kind of error this is.
    pub fn kind(&self) -> ErrorKind {
        self.into()
    }

    /// The form field this error belongs to, if it belongs to one.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Error::InstitutionNameEmpty => Some("name"),
            Error::InvalidEmail { field }
            | Error::InvalidPhone { field }
            | Error::InvalidPostalCode { field }
            | Error::TooLong { field, .. } => Some(field),
            Error::UnknownLanguage(_) => Some("ui_language"),
            Error::Required { field } | Error::UnknownLanguageCode { field, .. } => Some(field),
            Error::InvalidIsbn => Some("isbn"),
            Error::YearOutOfRange => Some("year"),
            Error::LevelRangeReversed => Some("level_to"),
            Error::UnknownMediaKind | Error::MediaKindExists => Some("kind"),
            Error::PackageNameTaken { .. } => Some("name"),
            Error::PublishFolderInvalid { .. } | Error::PublishFolderNotSite { .. } => {
                Some("publish_folder")
            }
            Error::NotEnoughOnShelf { .. } => Some("count"),
            Error::CourseEndOutOfRange { .. } => Some("course_end"),
            Error::CourseTermTwice { .. } => Some("course_terms"),
            Error::DuplicateBarcode { .. } | Error::BarcodeNotEncodable { .. } => Some("barcode"),
            Error::DuplicateCardNumber { .. } => Some("card_number"),
            Error::FilterNameTaken { .. } => Some("filter_name"),
            Error::InvalidPrice => Some("price"),
            Error::DateInFuture { field }
            | Error::InvalidNumberingPattern { field, .. }
            | Error::NumberingCounterWidth { field, .. }
            | Error::NumberingPatternsOverlap { field, .. }
            | Error::NumberingCodeTaken { field, .. }
            | Error::ScanCodeClash { field, .. } => Some(field),
            Error::OutOfRange { field, .. } => Some(field),
            Error::RoomTaken { .. } => Some("room"),
            Error::ServerPortInvalid { .. } => Some("server_port"),
            Error::CaFileUnreadable { .. } | Error::CaFileNotAbsolute { .. } => {
                Some("server_ca_file")
            }
            Error::ServerLoginNotAllowed { .. } => Some("server_role"),
            Error::ServerLoginRefused { .. } => Some("server_password"),
            Error::OutsideEventDays { .. } => Some("day"),
            Error::NewTimeOverlapsRegistrations { .. } => Some("starts_at"),
            Error::EventDaysExcludeWorkshop { .. } => Some("starts_on"),
            Error::FacilitatorTaken { .. } => Some("facilitators"),
            Error::ConsentRequired => Some("consent"),
            Error::FourEyesRequired => Some("second_staff"),
            Error::ConsentVersionExists => Some("version"),
            Error::CapacityBelowRegistered { .. } => Some("capacity"),
            Error::DateRangeReversed { field } | Error::NegativeAmount { field } => Some(field),
            Error::BorrowerLinkedElsewhere => Some("borrower"),
            Error::UnknownSortKey { .. } => Some("sort"),
            Error::UnknownMunicipality => Some("municipality"),
            Error::UnknownSlipFormat => Some("slip_format"),
            Error::UnknownOrganisationKind => Some("kind"),
            Error::UnknownOfferingKind => Some("offering_kind"),
            Error::NegativeMemberCount => Some("members"),
            Error::AllWeekdaysClosed => Some("closed_weekdays"),
            Error::ClosingPeriodInvalid { .. } => Some("closing_periods"),
            Error::ReportPeriodInvalid { .. } => Some("period"),
            Error::ReportMinCountInvalid { .. } => Some("report_min_count"),
            Error::ImportUnreadable { field, .. } | Error::ImportColumnMissing { field } => {
                Some(field)
            }
            _ => None,
        }
    }
}

impl From<postgres::Error> for Error {
    /// Keeps the server's message and its causes for the log (the error's
    /// own text is only "db error").
    fn from(e: postgres::Error) -> Self {
        let mut message = e.to_string();
        let mut cause = std::error::Error::source(&e);
        while let Some(inner) = cause {
            message.push_str(": ");
            message.push_str(&inner.to_string());
            cause = inner.source();
        }
        Error::Postgres {
            message,
            sqlstate: e.code().map(|c| c.code().to_owned()),
            constraint: e
                .as_db_error()
                .and_then(|db| db.constraint())
                .map(str::to_owned),
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DiskFull) => Error::DiskFull,
            Some(rusqlite::ErrorCode::ReadOnly) => Error::DatabaseReadOnly,
            _ => Error::Sqlite(e),
        }
    }
}
