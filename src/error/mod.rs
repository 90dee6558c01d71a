//! The one error type of the core.
//!
//! Each variant is either a rule the user can break (with a German message
//! that names no personal data beyond what the user already sees) or a
//! failure of the storage underneath. The shell turns it into
//! `{ code, message, field }`; the UI branches on `code` only.

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
    /// A copy on loan cannot be retired.
    #[error("copy is on loan")]
    CopyOnLoan,
    /// A copy set aside for a reservation cannot be retired.
    #[error("copy set aside for a reservation")]
    CopySetAside,
    /// A medium with copies cannot be deleted (retire the copies instead).
    #[error("medium has copies")]
    MediumHasCopies,
    /// A negative price.
    #[error("negative price")]
    InvalidPrice,
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
    /// A municipality not in the list.
    #[error("unknown municipality")]
    UnknownMunicipality,
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
    /// Any other SQLite failure.
    #[error(transparent)]
    #[strum_discriminants(strum(serialize = "storage"))]
    Sqlite(rusqlite::Error),
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
            Error::DuplicateBarcode { .. } | Error::BarcodeNotEncodable { .. } => Some("barcode"),
            Error::DuplicateCardNumber { .. } => Some("card_number"),
            Error::InvalidPrice => Some("price"),
            Error::OutOfRange { field, .. } => Some(field),
            Error::RoomTaken { .. } => Some("room"),
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
            Error::UnknownMunicipality => Some("municipality"),
            Error::UnknownOrganisationKind => Some("kind"),
            Error::UnknownOfferingKind => Some("offering_kind"),
            Error::NegativeMemberCount => Some("members"),
            Error::AllWeekdaysClosed => Some("closed_weekdays"),
            Error::ClosingPeriodInvalid { .. } => Some("closing_periods"),
            _ => None,
        }
    }

    /// The German message shown to staff.
    ///
    /// It names the file where a file is at fault (staff or IT need it to act)
    /// and never any personal data.
    pub fn message(&self) -> String {
        match self {
            Error::DatabaseTooNew { found, supported, path } => format!(
                "Die Datenbank {} stammt aus einer neueren Version von KIZ Desk \
                 (Datenbankversion {found}, dieses Programm kennt bis {supported}). \
                 Sie wurde nicht verändert. Bitte installieren Sie die neueste Version von KIZ Desk.",
                path.display()
            ),
            Error::MigrationFailed { version } => format!(
                "Die Datenbank konnte nicht auf Version {version} umgestellt werden, \
                 weil dabei Verweise zwischen Einträgen verloren gegangen wären. \
                 Sie wurde nicht verändert. Bitte wenden Sie sich an die IT."
            ),
            Error::NotADatabase { path } => format!(
                "Die Datei {} ist keine KIZ-Desk-Datenbank oder ist beschädigt. \
                 Sie wurde nicht verändert und nicht gelöscht. \
                 Bitte wenden Sie sich an die IT oder stellen Sie eine Sicherung wieder her.",
                path.display()
            ),
            Error::DatabaseCorrupt { path } => format!(
                "Die Datenbank {} ist beschädigt. Sie wurde nicht verändert und nicht gelöscht. \
                 Bitte wenden Sie sich an die IT oder stellen Sie eine Sicherung wieder her.",
                path.display()
            ),
            Error::DatabaseLocked { path } => format!(
                "Die Datenbank {} wird gerade von einem anderen Programm benutzt. \
                 Bitte schließen Sie das andere Programm und starten Sie KIZ Desk neu.",
                path.display()
            ),
            Error::DataFolderNotWritable { path } => format!(
                "In den Datenordner {} kann nicht geschrieben werden. \
                 Bitte prüfen Sie die Zugriffsrechte oder wählen Sie einen anderen Ordner.",
                path.display()
            ),
            Error::InstitutionNameEmpty => {
                "Bitte geben Sie den Namen der Einrichtung ein. Er steht auf jedem Ausdruck.".into()
            }
            Error::InvalidEmail { .. } => {
                "Bitte geben Sie eine gültige E-Mail-Adresse ein (z. B. name@beispiel.de).".into()
            }
            Error::InvalidPhone { .. } => {
                "Eine Telefonnummer darf nur Ziffern, Leerzeichen und + / - ( ) enthalten.".into()
            }
            Error::InvalidPostalCode { .. } => "Eine Postleitzahl hat fünf Ziffern.".into(),
            Error::TooLong { field, max } => format!(
                "Das Feld „{}“ ist zu lang (höchstens {} Zeichen).",
                field_label(field),
                thousands(*max)
            ),
            Error::UnknownLanguage(_) => "Diese Sprache wird nicht unterstützt.".into(),
            Error::DemoNeedsEmptyDatabase => {
                "Demodaten können nur in eine leere Datenbank geladen werden.".into()
            }
            Error::NotFound { what } => format!(
                "{} wurde nicht gefunden. Vielleicht wurde der Eintrag inzwischen geändert; \
                 bitte laden Sie die Liste neu.",
                match what {
                    Record::Medium => "Das Medium",
                    Record::Copy => "Das Exemplar",
                    Record::Borrower => "Die ausleihende Person",
                    Record::Organisation => "Die Organisation",
                    Record::Loan => "Die Ausleihe",
                    Record::Reservation => "Die Vormerkung",
                    Record::Reminder => "Die Mahnung",
                    Record::Offering => "Das Angebot",
                    Record::Contact => "Die Ansprechperson",
                    Record::Project => "Das Projekt",
                    Record::WorkingGroup => "Der Arbeitskreis",
                    Record::Meeting => "Das Treffen",
                    Record::ActionItem => "Die Aufgabe",
                    Record::Event => "Die Veranstaltung",
                    Record::Workshop => "Der Workshop",
                    Record::Participant => "Die teilnehmende Person",
                    Record::Registration => "Die Anmeldung",
                    Record::ConsentText => "Der Einwilligungstext",
                    Record::Database => "Die Datenbank",
                    Record::DamagedDatabase => "Die beschädigte Datenbank",
                    Record::RetentionRule => "Die Löschregel",
                    Record::SafetyCopy => "Die Sicherheitskopie",
                }
            ),
            Error::Required { .. } => "Bitte füllen Sie dieses Feld aus.".into(),
            Error::InvalidIsbn => "Diese ISBN/EAN ist ungültig: Länge oder Prüfziffer stimmt nicht. \
                 Bitte prüfen Sie die Eingabe (10 oder 13 Ziffern)."
                .into(),
            Error::YearOutOfRange => "Bitte geben Sie ein Jahr zwischen 1450 und 2200 ein.".into(),
            Error::LevelRangeReversed => {
                "Das Sprachniveau „bis“ darf nicht unter dem Niveau „von“ liegen.".into()
            }
            Error::UnknownLanguageCode { code, .. } => {
                format!("Die Sprache „{code}“ ist nicht in der Sprachenliste.")
            }
            Error::UnknownMediaKind => "Bitte wählen Sie eine Mediengruppe aus der Liste.".into(),
            Error::MediaKindExists => "Diese Mediengruppe gibt es schon.".into(),
            Error::DuplicateBarcode { barcode } => format!(
                "Die Inventarnummer {barcode} ist schon an einem anderen Exemplar vergeben."
            ),
            Error::DuplicateCardNumber { card_number } => format!(
                "Die Ausweisnummer {card_number} ist schon an eine andere Person vergeben."
            ),
            Error::CopyOnLoan => "Dieses Exemplar ist ausgeliehen und kann erst nach der Rückgabe \
                 ausgeschieden werden."
                .into(),
            Error::CopySetAside => "Dieses Exemplar liegt für eine Vormerkung bereit. Bitte die \
                 Vormerkung zuerst stornieren; dann geht es an die nächste Person oder ins Regal."
                .into(),
            Error::InvalidPrice => "Der Preis darf nicht negativ sein.".into(),
            Error::MediumHasCopies => "Ein Medium mit Exemplaren wird nicht gelöscht: Exemplare und \
                 ihre Ausleihgeschichte bleiben erhalten. Scheiden Sie die Exemplare stattdessen aus."
                .into(),
            Error::BarcodeNotEncodable { code } => format!(
                "„{code}“ kann nicht als Barcode gedruckt werden: erlaubt sind nur Buchstaben ohne \
                 Akzente, Ziffern und einfache Satzzeichen."
            ),
            Error::UnknownBarcode { barcode } => {
                format!("Die Inventarnummer „{barcode}“ ist unbekannt. Bitte prüfen Sie das Etikett.")
            }
            Error::UnknownCode { code } => format!(
                "„{code}“ ist weder eine Ausweisnummer noch eine Inventarnummer. \
                 Bitte scannen Sie noch einmal oder suchen Sie nach dem Namen."
            ),
            Error::CopyAlreadyOnLoan {
                barcode,
                due_on,
                to_this_borrower,
                on_shelf,
            } => match (due_on, to_this_borrower, on_shelf) {
                // The person at the desk has it: renew it, or book the
                // return before lending it again.
                (Some(due), true, _) => format!(
                    "Exemplar {barcode} ist bereits an diese Person ausgeliehen (fällig am {}). \
                     Zum Verlängern F4 drücken. Soll es neu ausgeliehen werden, bitte zuerst \
                     die Rückgabe buchen.",
                    german_date(*due)
                ),
                // Someone else has it: point to a copy that can go instead.
                (Some(due), false, Some(other)) => format!(
                    "Exemplar {barcode} ist ausgeliehen (fällig am {}). \
                     Im Regal steht Exemplar {other}.",
                    german_date(*due)
                ),
                (Some(due), false, None) => format!(
                    "Exemplar {barcode} ist ausgeliehen (fällig am {}). \
                     Kein anderes Exemplar steht im Regal.",
                    german_date(*due)
                ),
                (None, _, _) => format!("Exemplar {barcode} ist bereits ausgeliehen."),
            },
            Error::CopyReservedForOther { pickup_by } => format!(
                "Dieses Exemplar liegt für eine andere Person zur Abholung bereit (bis {}).",
                german_date(*pickup_by)
            ),
            Error::CopyNotLendable { status } => format!(
                "Dieses Exemplar ist „{}“ und kann nicht ausgeliehen werden.",
                match status.as_str() {
                    "in_reparatur" => "in Reparatur",
                    "verloren" => "verloren",
                    "ausgeschieden" => "ausgeschieden",
                    other => other,
                }
            ),
            Error::BorrowerBlocked { reason } => {
                format!("Die Ausleihe ist für diese Person gesperrt: {reason}")
            }
            Error::LoanLimitReached { limit } => format!(
                "Diese Person hat schon {limit} Medien ausgeliehen, so viele wie erlaubt. \
                 Bitte erst etwas zurückgeben lassen."
            ),
            Error::BorrowerHasOverdue { count } => format!(
                "Diese Person hat überfällige Medien ({count}). Ausleihen nur mit Begründung."
            ),
            Error::CopyNotOnLoan { barcode } => {
                format!("Das Exemplar {barcode} ist nicht ausgeliehen.")
            }
            Error::RenewalLimitReached { max } => format!(
                "Diese Ausleihe wurde schon {max}-mal verlängert, öfter geht es nicht. \
                 Bitte das Medium zurückgeben lassen."
            ),
            Error::RenewalTooLate { days_overdue } => format!(
                "Dieses Medium ist seit {days_overdue} Tagen überfällig und kann nicht mehr \
                 verlängert werden. Bitte zurückgeben lassen."
            ),
            Error::RenewalBlockedByReservation => {
                "Verlängerung nicht möglich: Jemand anderes hat dieses Medium vorgemerkt.".into()
            }
            Error::RenewalNotNeeded { due_on } => format!(
                "Die Leihfrist läuft ohnehin bis {}; eine Verlängerung heute brächte keinen Tag mehr.",
                german_date(*due_on)
            ),
            Error::MediumNotLendable => "Von diesem Medium gibt es kein ausleihbares Exemplar; \
                 eine Vormerkung ist nicht möglich."
                .into(),
            Error::AlreadyHasMedium => {
                "Diese Person hat dieses Medium gerade ausgeliehen; eine Vormerkung ist nicht nötig.".into()
            }
            Error::AlreadyReserved => "Diese Person hat dieses Medium schon vorgemerkt.".into(),
            Error::ReservationClosed => {
                "Diese Vormerkung ist schon abgeholt, storniert oder abgelaufen.".into()
            }
            Error::NoReminderDue => {
                "Für diese Person ist heute keine Mahnung fällig. Es wurde nichts erstellt.".into()
            }
            Error::LoanClosed => "Diese Ausleihe ist schon abgeschlossen.".into(),
            Error::OutOfRange { min, max, .. } => {
                format!("Bitte eine ganze Zahl von {min} bis {max} eingeben.")
            }
            Error::AllWeekdaysClosed => {
                "Mindestens ein Wochentag muss geöffnet sein, sonst gäbe es kein Rückgabedatum.".into()
            }
            Error::ClosingPeriodInvalid { first_day } => format!(
                "Die Schließzeit ab {} ist ungültig: Sie muss am oder nach dem ersten Tag enden \
                 und kürzer als ein halbes Jahr sein.",
                german_date(*first_day)
            ),
            Error::UnknownMunicipality => {
                "Bitte wählen Sie einen Ort aus der Liste (oder „anderer Ort“).".into()
            }
            Error::UnknownOrganisationKind => {
                "Bitte wählen Sie eine Art der Organisation aus der Liste.".into()
            }
            Error::UnknownOfferingKind => "Bitte wählen Sie eine Art des Angebots aus der Liste.".into(),
            Error::ListEntryExists => "Diesen Eintrag gibt es in der Liste schon.".into(),
            Error::NegativeMemberCount => "Die Mitgliederzahl darf nicht negativ sein.".into(),
            Error::OrganisationInUse => "Diese Organisation wird nicht gelöscht: Projekte, Ausleihende, \
                 Ansprechpersonen, Workshops oder der Arbeitskreis verweisen auf sie. Bitte archivieren Sie sie \
                 stattdessen; dann bleibt ihre Geschichte erhalten."
                .into(),
            Error::BorrowerLinkedElsewhere => "Diese ausleihende Person ist schon mit einer anderen \
                 Ansprechperson verknüpft."
                .into(),
            Error::DateRangeReversed { .. } => {
                "Das Ende darf nicht vor dem Beginn liegen.".into()
            }
            Error::NegativeAmount { .. } => "Der Betrag darf nicht negativ sein.".into(),
            Error::AlreadyMember => "Diese Organisation ist schon Mitglied im Arbeitskreis.".into(),
            Error::RoomTaken { room, workshop } => format!(
                "{room} ist zu dieser Zeit schon belegt: „{workshop}“. Bitte einen anderen Raum oder \
                 eine andere Zeit wählen."
            ),
            Error::FacilitatorTaken { person, workshop } => format!(
                "{person} leitet zu dieser Zeit schon „{workshop}“."
            ),
            Error::ConsentRequired => "Ohne Einwilligung (Datum und Textfassung) werden keine Daten \
                 gespeichert. Bitte die Einwilligung erfassen."
                .into(),
            Error::AlreadyRegistered => "Diese Person ist für diesen Workshop schon angemeldet.".into(),
            Error::RegistrationClosed => "Die Anmeldung für diese Veranstaltung ist geschlossen. \
                 Nur mit ausdrücklicher Entscheidung nachträglich anmelden."
                .into(),
            Error::OutsideEventDays { first, last } => {
                if first == last {
                    format!(
                        "Der Workshop muss am Tag der Veranstaltung liegen, am {}.",
                        german_date(*first)
                    )
                } else {
                    format!(
                        "Der Workshop muss an einem Tag der Veranstaltung liegen, vom {} bis {}.",
                        german_date(*first),
                        german_date(*last)
                    )
                }
            }
            Error::EventDaysExcludeWorkshop { workshop } => format!(
                "Der Workshop „{workshop}“ läge dann außerhalb der Veranstaltungstage. Bitte ihn \
                 zuerst verlegen."
            ),
            Error::NewTimeOverlapsRegistrations { people, workshop } => {
                let who = if *people == 1 {
                    "hätte eine angemeldete Person".to_owned()
                } else {
                    format!("hätten {people} angemeldete Personen")
                };
                format!(
                    "Zur neuen Zeit {who} zwei Workshops gleichzeitig (z. B. „{workshop}“). \
                     Bitte eine andere Zeit wählen oder die Anmeldungen zuerst klären."
                )
            }
            Error::SlotOverlaps { workshop } => format!(
                "Diese Person ist zur selben Zeit schon für „{workshop}“ angemeldet."
            ),
            Error::WorkshopFull => "Der Workshop ist voll und führt keine Warteliste.".into(),
            Error::NotOnWaitlist => "Diese Person steht nicht auf der Warteliste.".into(),
            Error::ParticipantAnonymised => "Diese Anmeldung gehört zu einer anonymisierten \
                 Person: Bestätigung und Absage sind nicht mehr möglich."
                .into(),
            Error::CapacityBelowRegistered { registered, capacity } => format!(
                "Es sind schon {registered} Personen angemeldet, mehr als die neue Zahl von {capacity} \
                 Plätzen. Bitte wählen Sie, wer auf die Warteliste geht."
            ),
            Error::UnknownRegistrationCode { code } => format!(
                "„{code}“ ist kein Code einer Anmeldebestätigung. Bitte noch einmal scannen oder \
                 nach dem Namen suchen."
            ),
            Error::RegistrationOtherWorkshop { workshop } => format!(
                "Diese Anmeldung gilt für einen anderen Workshop: „{workshop}“."
            ),
            Error::CapacityExceeded { capacity } => format!(
                "Alle {capacity} Plätze sind belegt. Die Person kann nur über die Kapazität hinaus \
                 aufgenommen werden, wenn Sie das ausdrücklich bestätigen."
            ),
            Error::EventHasRegistrations { registrations } => format!(
                "Die Veranstaltung wird nicht gelöscht: Es gibt {registrations} Anmeldungen. \
                 Bitte archivieren Sie sie; Anmeldungen und Zahlen bleiben erhalten."
            ),
            Error::WorkshopHasRegistrations { registrations } => format!(
                "Der Workshop wird nicht gelöscht: Es gibt {registrations} Anmeldungen. Bitte sagen \
                 Sie die Anmeldungen ab, damit die Personen benachrichtigt werden können."
            ),
            Error::PersonHasLoans { titles } => format!(
                "Diese Person hat noch Medien ausgeliehen: {}. Erst nach der Rückgabe kann sie \
                 gelöscht werden.",
                titles.join(", ")
            ),
            Error::FourEyesRequired => "Für das Löschen vieler Einträge sind zwei Namen nötig: \
                 Ihr Name und der Name einer zweiten Person, die die Löschung prüft."
                .into(),
            Error::ConsentVersionExists => "Diese Fassung gibt es in dieser Sprache schon. Eine neue \
                 Formulierung bekommt eine neue Fassungsnummer."
                .into(),
            Error::NobodyPresent => "Noch niemand ist als anwesend eingecheckt. \
                 Teilnahmebescheinigungen gibt es nur für Personen, die da waren."
                .into(),
            Error::NobodyRegistered => "Für diese Auswahl ist noch niemand angemeldet.".into(),
            Error::DiskFull => "Der Speicherplatz ist voll: Diese Änderung wurde nicht gespeichert. \
                 Alles bisher Gespeicherte ist erhalten und kann weiter gelesen werden. Bitte \
                 schaffen Sie Platz auf dem Laufwerk und versuchen Sie es dann noch einmal."
                .into(),
            Error::DatabaseReadOnly => "Die Datenbank kann zurzeit nicht beschrieben werden \
                 (schreibgeschützt). Es wurde nichts verändert; Lesen ist weiter möglich."
                .into(),
            Error::BackupFolderUnavailable { path } => format!(
                "Der Sicherungsordner {} ist nicht erreichbar, nicht beschreibbar oder voll. \
                 Es wurde keine Sicherung angelegt; die bisherigen Sicherungen bleiben erhalten.",
                path.display()
            ),
            Error::BackupFailed { .. } => "Die Sicherung hat die Prüfung nicht bestanden und wurde \
                 verworfen. Die bisherigen Sicherungen bleiben erhalten. Details stehen im Protokoll."
                .into(),
            Error::NotAKizDatabase { path } => format!(
                "{} ist keine Datenbank von KIZ Desk. Es wurde nichts wiederhergestellt.",
                path.display()
            ),
            Error::NoGoodBackup => "Es gibt keine Sicherung, die die Prüfung besteht. Bitte \
                 wenden Sie sich an die IT; die beschädigte Datei wurde nicht verändert."
                .into(),
            Error::DocumentFailed(_) => "Das Dokument konnte nicht erstellt werden. \
                 Es wurde nichts verändert. Details stehen im Protokoll."
                .into(),
            Error::Sqlite(_) => "Die Daten konnten nicht gespeichert oder gelesen werden. \
                 Es wurde nichts verändert. Details stehen im Protokoll."
                .into(),
            Error::Io(_) => "Eine Datei konnte nicht gelesen oder geschrieben werden. \
                 Details stehen im Protokoll."
                .into(),
        }
    }
}

/// The German label of a form field, as staff see it next to the input.
fn field_label(field: &str) -> &'static str {
    match field {
        "name" => "Name",
        "short_name" => "Kurzname",
        "department" => "Abteilung oder Zusatz",
        "street" => "Straße und Hausnummer",
        "postal_code" => "Postleitzahl",
        "city" => "Ort",
        "phone" => "Telefon",
        "email" => "E-Mail",
        "website" => "Website",
        "register_number" => "Registernummer",
        "rooms_description" => "Räume",
        "notes" | "note" => "Notizen",
        "title" => "Titel",
        "subtitle" => "Untertitel",
        "authors" => "Autorinnen und Autoren",
        "publisher" => "Verlag",
        "isbn" => "ISBN/EAN",
        "location" => "Standort",
        "description" => "Beschreibung",
        "topics" => "Themen",
        "kit_items" => "Inhalt des Medienkoffers",
        "barcode" => "Inventarnummer",
        "condition" => "Zustand",
        "card_number" => "Ausweisnummer",
        "blocked_reason" => "Grund der Sperre",
        "override_reason" => "Begründung",
        "missing_parts" => "Fehlende Teile",
        "closing_periods" => "Schließzeiten",
        "consent_version" | "version" => "Fassung",
        "body" => "Text der Einwilligung",
        "kind" => "Mediengruppe",
        "organisation_kind" => "Art der Organisation",
        "offering_kind" => "Art des Angebots",
        "filter_name" => "Name des Filters",
        "role" => "Rolle",
        "target_group" => "Zielgruppe",
        "schedule" => "Zeiten",
        "place" => "Ort",
        "staff" => "Zuständig",
        "second_staff" => "Zweite Person",
        "funding_source" => "Förderung",
        "outcomes" => "Ergebnisse",
        "partners" => "Partner",
        "agenda" => "Tagesordnung",
        "minutes" => "Protokoll",
        "decision" => "Beschluss",
        "action" => "Aufgabe",
        "owner" => "Zuständig",
        "venue" => "Veranstaltungsort",
        "rooms" | "room" => "Raum",
        "hosts" => "Veranstaltende",
        "age_group" => "Altersgruppe",
        "school" => "Schule",
        "guardian_name" => "Erziehungsberechtigte Person",
        "guardian_contact" => "Kontakt der Erziehungsberechtigten",
        _ => "Text",
    }
}

/// A count as Germans write it: 5.000.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// A date as German staff read it: 05.12.2026.
pub(crate) fn german_date(date: NaiveDate) -> String {
    date.format("%d.%m.%Y").to_string()
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
