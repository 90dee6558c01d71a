//! The Mediathek: media, kit contents, copies, borrowers, loans and their
//! renewals, reservations, reminders.

use super::super::spec::Kind::*;
use super::super::spec::{col, languages, Mode, Reindex, Sheet};
use super::{CREATED, UPDATED};
use crate::pick_lists::PickList as List;

pub(super) const MEDIA: Sheet = Sheet {
    name: "Medien",
    table: "medium",
    order: "t.id",
    columns: &[
        col("ID", "id", Id),
        col("Mediengruppe", "kind_id", PickList(List::Media)),
        col("Titel", "title", Text),
        col("Untertitel", "subtitle", Text),
        col("Autorinnen/Autoren", "authors", Text),
        col("Verlag", "publisher", Text),
        col("Jahr", "year", OptInt),
        col("ISBN", "isbn", OptText),
        col("Niveau von", "level_from", OptLevel),
        col("Niveau bis", "level_to", OptLevel),
        col("Zielgruppe", "audience", Text),
        languages("Zielsprache", "medium_language", "medium_id", Some("ziel")),
        languages(
            "Hilfssprachen",
            "medium_language",
            "medium_id",
            Some("hilfe"),
        ),
        col("Themen", "topics", Text),
        col("Standort", "location", Text),
        col("Beschreibung", "description", Text),
        col("Notizen", "notes", Text),
        CREATED,
        UPDATED,
    ],
    mode: Mode::Records,
    reindex: Some(Reindex::Media),
};

pub(super) const KIT: Sheet = Sheet {
    name: "Kofferinhalt",
    table: "kit_item",
    order: "t.medium_id, t.position",
    columns: &[
        col("Medium-ID", "medium_id", Ref("Medien")),
        col("Position", "position", Int),
        col("Teil", "name", Text),
        col("Anzahl", "quantity", Int),
    ],
    mode: Mode::Records,
    reindex: None,
};

pub(super) const COPIES: Sheet = Sheet {
    name: "Exemplare",
    table: "copy",
    order: "t.id",
    columns: &[
        col("ID", "id", Id),
        col("Medium-ID", "medium_id", Ref("Medien")),
        col("Inventarnummer", "barcode", Text),
        col("Zustand", "condition", Text),
        col("Erworben am", "acquired_on", OptDate),
        col("Preis (€)", "price_cents", OptCents),
        col("Status", "status", Text),
        col("Ausgeschieden am", "retired_on", OptDate),
        col("Fehlende Teile", "missing_parts", Text),
        col("Standort", "shelf", Text),
        col("Grund des Ausscheidens", "retired_reason", Text),
        CREATED,
    ],
    mode: Mode::Records,
    reindex: None,
};

pub(super) const BORROWERS: Sheet = Sheet {
    name: "Ausleihende",
    table: "borrower",
    order: "t.id",
    columns: &[
        col("ID", "id", Id),
        col("Art", "kind", Text),
        col("Name", "name", Text),
        col(
            "Organisation-ID",
            "organisation_id",
            OptRef("Organisationen"),
        ),
        col("E-Mail", "email", Text),
        col("Telefon", "phone", Text),
        col("Drucksprache", "print_language", Text),
        col("Ausweisnummer", "card_number", Text),
        col("Notiz", "note", Text),
        col("Gesperrt wegen", "blocked_reason", OptText),
        col("Einwilligung Verlauf am", "history_consent_on", OptDate),
        col(
            "Einwilligung Verlauf Fassung",
            "history_consent_version",
            OptText,
        ),
        col("Einwilligung E-Mail am", "email_consent_on", OptDate),
        col(
            "Einwilligung E-Mail Fassung",
            "email_consent_version",
            OptText,
        ),
        col("Letzte Ausleihe am", "last_loan_on", OptDate),
        col("Straße", "address_street", Text),
        col("Adresszusatz", "address_extra", Text),
        col("PLZ", "address_postal_code", Text),
        col("Ort", "address_town", Text),
        col("Land", "address_country", Text),
        // Empty for borrowers saved before version 18, and for anyone not
        // teaching.
        col("Unterrichtet Sprache", "teaching_language", OptText),
        col("Unterrichtet Niveau", "teaching_level", OptLevel),
        CREATED,
        UPDATED,
    ],
    mode: Mode::Records,
    reindex: Some(Reindex::Borrowers),
};

pub(super) const PACKAGES: Sheet = Sheet {
    name: "Kurspakete",
    table: "course_package",
    order: "t.id",
    columns: &[
        col("ID", "id", Id),
        col("Code", "code", Text),
        col("Name", "name", Text),
        col("Notiz", "note", Text),
        CREATED,
    ],
    mode: Mode::Records,
    reindex: None,
};

pub(super) const PACKAGE_PARTS: Sheet = Sheet {
    name: "Kurspaket-Teile",
    table: "course_package_part",
    order: "t.package_id, t.position",
    columns: &[
        col("Kurspaket-ID", "package_id", Ref("Kurspakete")),
        col("Medium-ID", "medium_id", Ref("Medien")),
        col("Position", "position", Int),
        col("Anzahl", "quantity", Int),
    ],
    mode: Mode::Records,
    reindex: None,
};

/// The loans lent together (a course package, a class set).
pub(super) const LOAN_SETS: Sheet = Sheet {
    name: "Ausleihgruppen",
    table: "loan_set",
    order: "t.id",
    columns: &[
        col("ID", "id", Id),
        col("Art", "kind", Text),
        col("Name", "name", Text),
        col("Kurspaket-ID", "package_id", OptRef("Kurspakete")),
        col("Ausgeliehen am", "lent_at", Moment),
    ],
    mode: Mode::Records,
    reindex: None,
};

pub(super) const LOANS: Sheet = Sheet {
    name: "Ausleihen",
    table: "loan",
    order: "t.id",
    columns: &[
        col("ID", "id", Id),
        col("Exemplar-ID", "copy_id", Ref("Exemplare")),
        col("Ausleihende-ID", "borrower_id", OptRef("Ausleihende")),
        col("Art der Ausleihenden", "borrower_kind", Text),
        col("Ausgeliehen am", "loaned_at", Moment),
        col("Fällig am", "due_on", Date),
        col("Verlängerungen", "renewals", Int),
        col("Verlängert am", "renewed_at", OptMoment),
        col("Zurück am", "returned_at", OptMoment),
        col("Ergebnis", "outcome", OptText),
        col("Ausnahme wegen", "override_reason", OptText),
        col("Fehlende Teile", "missing_parts", Text),
        // '-' for the borrower's first loan, else the month of their
        // previous loan; empty for loans made before version 11.
        col("Vorige Ausleihe im Monat", "previous_loan_month", OptText),
        // Empty for a loan lent on its own, and for loans before version 18.
        col("Ausleihgruppe-ID", "set_id", OptRef("Ausleihgruppen")),
    ],
    mode: Mode::Records,
    reindex: None,
};

pub(super) const RENEWALS: Sheet = Sheet {
    name: "Verlängerungen",
    table: "loan_renewal",
    order: "t.id",
    columns: &[
        col("ID", "id", Id),
        col("Ausleihe-ID", "loan_id", Ref("Ausleihen")),
        col("Verlängert am", "renewed_at", Moment),
    ],
    mode: Mode::Records,
    reindex: None,
};

pub(super) const RESERVATIONS: Sheet = Sheet {
    name: "Vormerkungen",
    table: "reservation",
    order: "t.id",
    columns: &[
        col("ID", "id", Id),
        col("Medium-ID", "medium_id", Ref("Medien")),
        col("Ausleihende-ID", "borrower_id", OptRef("Ausleihende")),
        col("Vorgemerkt am", "created_at", Moment),
        col("Status", "status", Text),
        col("Exemplar-ID", "copy_id", OptRef("Exemplare")),
        col("Bereitgelegt am", "ready_on", OptDate),
        col("Abholen bis", "pickup_by", OptDate),
        col("Abgeschlossen am", "closed_at", OptMoment),
    ],
    mode: Mode::Records,
    reindex: None,
};

pub(super) const REMINDERS: Sheet = Sheet {
    name: "Mahnungen",
    table: "reminder",
    order: "t.loan_id, t.level",
    columns: &[
        col("Ausleihe-ID", "loan_id", Ref("Ausleihen")),
        col("Stufe", "level", Int),
        col("Verschickt am", "sent_on", Date),
        // What the letter named, as it named it; empty in reminders sent
        // before version 10.
        col("Titel", "title", OptText),
        col("Inventarnummer", "barcode", OptText),
        col("Fällig am", "due_on", OptDate),
        col("Ausleihende-ID", "borrower_id", OptRef("Ausleihende")),
    ],
    mode: Mode::Records,
    reindex: None,
};
