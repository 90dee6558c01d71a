//! The one error type of the core.
//!
//! Each variant is either a rule the user can break (with a German message
//! that names no personal data beyond what the user already sees) or a
//! failure of the storage underneath. The shell turns it into
//! `{ code, message, field }`; the UI branches on `code` only.

use std::path::PathBuf;

/// Result of every fallible core function.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can refuse or break a core call.
#[derive(Debug, thiserror::Error)]
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
    #[error("{what} not found")]
    NotFound {
        /// What was looked for ("medium", "copy", "borrower", ...).
        what: &'static str,
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
    /// A PDF, XLSX or CSV file could not be produced.
    #[error("document not produced: {0}")]
    DocumentFailed(String),
    /// Any other SQLite failure.
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    /// Any other file-system failure.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

impl Error {
    /// Stable machine-readable code, in snake case, for the UI to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            Error::DatabaseTooNew { .. } => "database_too_new",
            Error::NotADatabase { .. } => "not_a_database",
            Error::DatabaseCorrupt { .. } => "database_corrupt",
            Error::DatabaseLocked { .. } => "database_locked",
            Error::DataFolderNotWritable { .. } => "data_folder_not_writable",
            Error::InstitutionNameEmpty => "institution_name_empty",
            Error::InvalidEmail { .. } => "invalid_email",
            Error::InvalidPhone { .. } => "invalid_phone",
            Error::InvalidPostalCode { .. } => "invalid_postal_code",
            Error::TooLong { .. } => "too_long",
            Error::UnknownLanguage(_) => "unknown_language",
            Error::DemoNeedsEmptyDatabase => "demo_needs_empty_database",
            Error::NotFound { .. } => "not_found",
            Error::Required { .. } => "required",
            Error::InvalidIsbn => "invalid_isbn",
            Error::YearOutOfRange => "year_out_of_range",
            Error::LevelRangeReversed => "level_range_reversed",
            Error::UnknownLanguageCode { .. } => "unknown_language_code",
            Error::UnknownMediaKind => "unknown_media_kind",
            Error::MediaKindExists => "media_kind_exists",
            Error::DuplicateBarcode { .. } => "duplicate_barcode",
            Error::DuplicateCardNumber { .. } => "duplicate_card_number",
            Error::CopyOnLoan => "copy_on_loan",
            Error::InvalidPrice => "invalid_price",
            Error::MediumHasCopies => "medium_has_copies",
            Error::BarcodeNotEncodable { .. } => "barcode_not_encodable",
            Error::DocumentFailed(_) => "document_failed",
            Error::Sqlite(_) => "storage",
            Error::Io(_) => "io",
        }
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
            Error::TooLong { max, .. } => format!("Höchstens {max} Zeichen."),
            Error::UnknownLanguage(_) => "Diese Sprache wird nicht unterstützt.".into(),
            Error::DemoNeedsEmptyDatabase => {
                "Demodaten können nur in eine leere Datenbank geladen werden.".into()
            }
            Error::NotFound { what } => format!(
                "{} wurde nicht gefunden. Vielleicht wurde der Eintrag inzwischen geändert; \
                 bitte laden Sie die Liste neu.",
                match *what {
                    "medium" => "Das Medium",
                    "copy" => "Das Exemplar",
                    "borrower" => "Die ausleihende Person",
                    "media_kind" => "Die Mediengruppe",
                    "organisation" => "Die Organisation",
                    _ => "Der Eintrag",
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
            Error::InvalidPrice => "Der Preis darf nicht negativ sein.".into(),
            Error::MediumHasCopies => "Ein Medium mit Exemplaren wird nicht gelöscht: Exemplare und \
                 ihre Ausleihgeschichte bleiben erhalten. Scheiden Sie die Exemplare stattdessen aus."
                .into(),
            Error::BarcodeNotEncodable { code } => format!(
                "„{code}“ kann nicht als Barcode gedruckt werden: erlaubt sind nur Buchstaben ohne \
                 Akzente, Ziffern und einfache Satzzeichen."
            ),
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
