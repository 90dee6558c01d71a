//! Events, workshops, participants and registrations; the consent texts
//! and the deletion log.

use super::super::spec::Kind::*;
use super::super::spec::{col, languages, Mode, Sheet};
use super::{CREATED, UPDATED};

pub(super) const EVENTS: Sheet = Sheet {
    name: "Veranstaltungen",
    table: "event",
    order: "t.id",
    columns: &[
        col("ID", "id", Id),
        col("Art", "kind", Text),
        col("Titel", "title", Text),
        col("Erster Tag", "starts_on", Date),
        col("Letzter Tag", "ends_on", Date),
        col("Veranstaltungsort", "venue", Text),
        col("Räume", "rooms", Text),
        col("Anmeldung ab", "registration_opens_on", OptDate),
        col("Anmeldung bis", "registration_closes_on", OptDate),
        col("Beschreibung", "description", Text),
        col("Projekt-ID", "project_id", OptRef("Projekte")),
        col("Archiviert am", "archived_on", OptDate),
        CREATED,
        UPDATED,
    ],
    mode: Mode::Records,
    reindex: None,
};

pub(super) const WORKSHOPS: Sheet = Sheet {
    name: "Workshops",
    table: "workshop",
    order: "t.id",
    columns: &[
        col("ID", "id", Id),
        col("Veranstaltung-ID", "event_id", Ref("Veranstaltungen")),
        col("Titel", "title", Text),
        col("Beschreibung", "description", Text),
        col("Zielgruppe", "target_group", Text),
        col("Raum", "room", Text),
        col("Beginn", "starts_at", Moment),
        col("Ende", "ends_at", Moment),
        col("Plätze", "capacity", Int),
        col("Warteliste", "waitlist", Bool),
        languages("Sprachen", "workshop_language", "workshop_id", None),
        col("Projekt-ID", "project_id", OptRef("Projekte")),
        CREATED,
        UPDATED,
    ],
    mode: Mode::Records,
    reindex: None,
};

/// Media reserved for a workshop, and the loan set they were lent in.
pub(super) const MATERIAL: Sheet = Sheet {
    name: "Workshop-Material",
    table: "workshop_material",
    order: "t.id",
    columns: &[
        col("ID", "id", Id),
        col("Workshop-ID", "workshop_id", Ref("Workshops")),
        col("Medium-ID", "medium_id", Ref("Medien")),
        col("Anzahl", "quantity", Int),
        col("Ausleihgruppe-ID", "set_id", OptRef("Ausleihgruppen")),
        CREATED,
    ],
    mode: Mode::Records,
    reindex: None,
};

pub(super) const HOSTS: Sheet = Sheet {
    name: "Workshop-Träger",
    table: "workshop_host",
    order: "t.workshop_id, t.organisation_id",
    columns: &[
        col("Workshop-ID", "workshop_id", Ref("Workshops")),
        col("Organisation-ID", "organisation_id", Ref("Organisationen")),
        col("Rolle", "role", Text),
    ],
    mode: Mode::Records,
    reindex: None,
};

pub(super) const FACILITATORS: Sheet = Sheet {
    name: "Workshop-Leitung",
    table: "workshop_facilitator",
    order: "t.workshop_id, t.contact_id",
    columns: &[
        col("Workshop-ID", "workshop_id", Ref("Workshops")),
        col("Ansprechperson-ID", "contact_id", Ref("Ansprechpersonen")),
    ],
    mode: Mode::Records,
    reindex: None,
};

pub(super) const PARTICIPANTS: Sheet = Sheet {
    name: "Teilnehmende",
    table: "participant",
    order: "t.id",
    columns: &[
        col("ID", "id", Id),
        col("Name", "name", Text),
        col("Geburtsjahr", "birth_year", OptInt),
        col("Altersgruppe", "age_group", Text),
        col("Schule", "school", Text),
        col("E-Mail", "email", Text),
        col("Telefon", "phone", Text),
        col("Erziehungsberechtigte", "guardian_name", Text),
        col("Kontakt Erziehungsberechtigte", "guardian_contact", Text),
        languages("Sprachen", "participant_language", "participant_id", None),
        col("Einwilligung am", "consent_on", Date),
        col("Einwilligung Fassung", "consent_version", Text),
        col("Fotos erlaubt", "photo_consent", Bool),
        col("Fotos erlaubt am", "photo_consent_on", OptDate),
        col("Fotos erlaubt Fassung", "photo_consent_version", OptText),
        col("Anonymisiert am", "anonymised_on", OptDate),
        CREATED,
        UPDATED,
    ],
    mode: Mode::Records,
    reindex: None,
};

pub(super) const REGISTRATIONS: Sheet = Sheet {
    name: "Anmeldungen",
    table: "registration",
    order: "t.id",
    columns: &[
        col("ID", "id", Id),
        col("Workshop-ID", "workshop_id", Ref("Workshops")),
        col("Teilnehmende-ID", "participant_id", Ref("Teilnehmende")),
        col("Status", "status", Text),
        col("Angemeldet am", "registered_at", Moment),
        col("In der Reihe seit", "queued_at", Moment),
        col("Nachgerückt am", "moved_up_at", OptMoment),
        col("Abgesagt am", "cancelled_at", OptMoment),
        col("Eingecheckt am", "checked_in_at", OptMoment),
        col("Ohne Anmeldung gekommen", "walk_in", Bool),
        col("Ausnahme wegen", "override_reason", OptText),
        col("Auf der Warteliste seit", "waitlisted_at", OptMoment),
        col("Altersgruppe", "age_group", Text),
    ],
    mode: Mode::Records,
    reindex: None,
};

pub(super) const CONSENT_TEXTS: Sheet = Sheet {
    name: "Einwilligungstexte",
    table: "consent_text",
    order: "t.purpose, t.version, t.language",
    columns: &[
        col("Zweck", "purpose", Text),
        col("Fassung", "version", Text),
        col("Sprache", "language", Text),
        col("Text", "body", Text),
        col("Angelegt am", "created_at", Moment),
        col("Geprüft am", "checked_on", OptMoment),
        col("Geprüft von", "checked_by", Text),
    ],
    mode: Mode::Merge(
        "ON CONFLICT (purpose, version, language) DO UPDATE SET body = excluded.body, \
         created_at = excluded.created_at, checked_on = excluded.checked_on, \
         checked_by = excluded.checked_by",
    ),
    reindex: None,
};

pub(super) const DELETION_LOG: Sheet = Sheet {
    name: "Löschprotokoll",
    table: "deletion_log",
    order: "t.id",
    columns: &[
        col("Zeitpunkt", "at", Moment),
        col("Regel", "rule", Text),
        col("Art der Einträge", "record_kind", Text),
        col("Anzahl", "records", Int),
        col("Mitarbeiter/in", "staff", Text),
        col("Zweite Person", "second_staff", Text),
        col("Nummern", "record_ids", Text),
        col("Angelegt am (je Nummer)", "record_created", Text),
    ],
    mode: Mode::Append,
    reindex: None,
};
