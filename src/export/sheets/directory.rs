//! The directory of organisations: organisations with member counts and
//! timeline, offerings, contacts and roles, projects, the Arbeitskreis.

use super::super::spec::Kind::*;
use super::super::spec::{col, languages, Mode, Reindex, Sheet};
use super::{CREATED, UPDATED};
use crate::pick_lists::PickList as List;

pub(super) const ORGANISATIONS: Sheet = Sheet {
    name: "Organisationen",
    table: "organisation",
    order: "t.id",
    columns: &[
        col("ID", "id", Id),
        col("Name", "name", Text),
        col("Kurzname", "short_name", Text),
        col("Art", "kind_id", OptPickList(List::Organisations)),
        col("Registernummer", "register_number", Text),
        col("Kommune", "municipality", Text),
        col("Straße", "street", Text),
        col("PLZ", "postal_code", Text),
        col("Ort", "city", Text),
        col("Eigene Räume", "has_rooms", Bool),
        col("Räume", "rooms_description", Text),
        col("Website", "website", Text),
        col("E-Mail", "email", Text),
        col("Telefon", "phone", Text),
        col("Status", "status", Text),
        languages("Sprachen", "organisation_language", "organisation_id", None),
        col("Notizen", "description", Text),
        col("Archiviert am", "archived_on", OptDate),
        CREATED,
        col("Geändert am", "updated_at", OptMoment),
        // Since version 19: shown on the public site, and with which fields.
        col("Veröffentlicht", "published", Bool),
        col("Öffentliche Felder", "public_fields", Text),
    ],
    mode: Mode::Records,
    reindex: Some(Reindex::Organisations),
};

/// The organisations' descriptions for the public site, per language
/// (since version 19).
pub(super) const PUBLIC_TEXTS: Sheet = Sheet {
    name: "Öffentliche Beschreibungen",
    table: "organisation_public_text",
    order: "t.organisation_id, t.language",
    columns: &[
        col("Organisation-ID", "organisation_id", Ref("Organisationen")),
        col("Sprache", "language", Text),
        col("Beschreibung", "body", Text),
    ],
    mode: Mode::Records,
    reindex: None,
};

pub(super) const MEMBERS: Sheet = Sheet {
    name: "Mitgliederzahlen",
    table: "member_count",
    order: "t.organisation_id, t.stated_on",
    columns: &[
        col("Organisation-ID", "organisation_id", Ref("Organisationen")),
        col("Stand am", "stated_on", Date),
        col("Mitglieder", "members", Int),
    ],
    mode: Mode::Records,
    reindex: None,
};

pub(super) const STATUS_CHANGES: Sheet = Sheet {
    name: "Statusverlauf",
    table: "organisation_status_change",
    order: "t.id",
    columns: &[
        col("ID", "id", Id),
        col("Organisation-ID", "organisation_id", Ref("Organisationen")),
        col("Status", "status", Text),
        col("Seit", "changed_on", Date),
    ],
    mode: Mode::Records,
    reindex: None,
};

pub(super) const NOTES: Sheet = Sheet {
    name: "Verlauf Organisationen",
    table: "organisation_note",
    order: "t.id",
    columns: &[
        col("ID", "id", Id),
        col("Organisation-ID", "organisation_id", Ref("Organisationen")),
        col("Datum", "noted_on", Date),
        col("Art", "kind", Text),
        col("Text", "text", Text),
        CREATED,
        col("Korrigiert am", "changed_on", OptDate),
    ],
    mode: Mode::Records,
    reindex: None,
};

pub(super) const OFFERINGS: Sheet = Sheet {
    name: "Angebote",
    table: "offering",
    order: "t.id",
    columns: &[
        col("ID", "id", Id),
        col("Organisation-ID", "organisation_id", Ref("Organisationen")),
        col("Art", "kind_id", PickList(List::Offerings)),
        col("Titel", "title", Text),
        col("Zielgruppe", "target_group", Text),
        col("Termine", "schedule", Text),
        col("Ort", "place", Text),
        col("Aktiv", "active", Bool),
        languages("Sprachen", "offering_language", "offering_id", None),
        CREATED,
        UPDATED,
    ],
    mode: Mode::Records,
    reindex: None,
};

pub(super) const CONTACTS: Sheet = Sheet {
    name: "Ansprechpersonen",
    table: "contact",
    order: "t.id",
    columns: &[
        col("ID", "id", Id),
        col("Name", "name", Text),
        col("E-Mail", "email", Text),
        col("Telefon", "phone", Text),
        col("Notiz", "note", Text),
        col("Ausleihende-ID", "borrower_id", OptRef("Ausleihende")),
        languages("Sprachen", "contact_language", "contact_id", None),
        col("Einwilligung am", "consent_on", OptDate),
        col("Einwilligung Fassung", "consent_version", OptText),
        CREATED,
        UPDATED,
        // Since version 19: agreed to be shown on the public site.
        col("Einwilligung Website am", "public_consent_on", OptDate),
        col(
            "Einwilligung Website Fassung",
            "public_consent_version",
            OptText,
        ),
    ],
    mode: Mode::Records,
    reindex: None,
};

pub(super) const ROLES: Sheet = Sheet {
    name: "Rollen",
    table: "contact_role",
    order: "t.id",
    columns: &[
        col("ID", "id", Id),
        col("Ansprechperson-ID", "contact_id", Ref("Ansprechpersonen")),
        col("Organisation-ID", "organisation_id", Ref("Organisationen")),
        col("Rolle", "role", Text),
        col("Seit", "started_on", OptDate),
        col("Bis", "ended_on", OptDate),
    ],
    mode: Mode::Records,
    reindex: None,
};

pub(super) const PROJECTS: Sheet = Sheet {
    name: "Projekte",
    table: "project",
    order: "t.id",
    columns: &[
        col("ID", "id", Id),
        col("Titel", "title", Text),
        col("Beschreibung", "description", Text),
        col("Beginn", "starts_on", OptDate),
        col("Ende", "ends_on", OptDate),
        col("Status", "status", Text),
        col("Zuständig", "staff", Text),
        col("Förderung durch", "funding_source", Text),
        col("Fördersumme (€)", "funding_cents", OptCents),
        col("Ergebnisse", "outcomes", Text),
        CREATED,
        UPDATED,
    ],
    mode: Mode::Records,
    reindex: None,
};

pub(super) const PARTNERS: Sheet = Sheet {
    name: "Projektpartner",
    table: "project_partner",
    order: "t.project_id, t.organisation_id",
    columns: &[
        col("Projekt-ID", "project_id", Ref("Projekte")),
        col("Organisation-ID", "organisation_id", Ref("Organisationen")),
        col("Rolle", "role", Text),
    ],
    mode: Mode::Records,
    reindex: None,
};

pub(super) const GROUPS: Sheet = Sheet {
    name: "Arbeitskreise",
    table: "working_group",
    order: "t.id",
    columns: &[
        col("ID", "id", Id),
        col("Name", "name", Text),
        col("Beschreibung", "description", Text),
        CREATED,
    ],
    mode: Mode::Records,
    reindex: None,
};

pub(super) const GROUP_MEMBERS: Sheet = Sheet {
    name: "Mitglieder Arbeitskreise",
    table: "working_group_member",
    order: "t.working_group_id, t.organisation_id, t.joined_on",
    columns: &[
        col("Arbeitskreis-ID", "working_group_id", Ref("Arbeitskreise")),
        col("Organisation-ID", "organisation_id", Ref("Organisationen")),
        col("Beigetreten am", "joined_on", Date),
        col("Ausgetreten am", "left_on", OptDate),
    ],
    mode: Mode::Records,
    reindex: None,
};

pub(super) const MEETINGS: Sheet = Sheet {
    name: "Treffen",
    table: "meeting",
    order: "t.id",
    columns: &[
        col("ID", "id", Id),
        col("Arbeitskreis-ID", "working_group_id", Ref("Arbeitskreise")),
        col("Beginn", "starts_at", Moment),
        col("Ort", "place", Text),
        col("Tagesordnung", "agenda", Text),
        col("Protokoll", "minutes", Text),
        CREATED,
        UPDATED,
    ],
    mode: Mode::Records,
    reindex: None,
};

pub(super) const ATTENDANCE: Sheet = Sheet {
    name: "Teilnahme Treffen",
    table: "meeting_attendance",
    order: "t.meeting_id, t.organisation_id",
    columns: &[
        col("Treffen-ID", "meeting_id", Ref("Treffen")),
        col("Organisation-ID", "organisation_id", Ref("Organisationen")),
        col(
            "Ansprechperson-ID",
            "contact_id",
            OptRef("Ansprechpersonen"),
        ),
        col("Personen", "persons", Int),
    ],
    mode: Mode::Records,
    reindex: None,
};

pub(super) const ATTENDEES: Sheet = Sheet {
    name: "Anwesenheit Personen",
    table: "meeting_attendee",
    order: "t.id",
    columns: &[
        col("ID", "id", Id),
        col("Treffen-ID", "meeting_id", Ref("Treffen")),
        col("Organisation-ID", "organisation_id", Ref("Organisationen")),
        col(
            "Ansprechperson-ID",
            "contact_id",
            OptRef("Ansprechpersonen"),
        ),
        col("Status", "status", Text),
    ],
    mode: Mode::Records,
    reindex: None,
};

pub(super) const DECISIONS: Sheet = Sheet {
    name: "Beschlüsse",
    table: "meeting_decision",
    order: "t.id",
    columns: &[
        col("ID", "id", Id),
        col("Treffen-ID", "meeting_id", Ref("Treffen")),
        col("Beschluss", "text", Text),
    ],
    mode: Mode::Records,
    reindex: None,
};

pub(super) const ACTIONS: Sheet = Sheet {
    name: "Aufgaben",
    table: "action_item",
    order: "t.id",
    columns: &[
        col("ID", "id", Id),
        col("Treffen-ID", "meeting_id", Ref("Treffen")),
        col("Aufgabe", "text", Text),
        col("Zuständig", "owner", Text),
        col("Fällig am", "due_on", OptDate),
        col("Erledigt am", "done_on", OptDate),
    ],
    mode: Mode::Records,
    reindex: None,
};
