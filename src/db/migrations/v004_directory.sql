-- Schema version 4: the directory of migrant organisations in full:
-- organisation details, languages, member counts, a dated timeline,
-- offerings, contacts with roles, cooperation projects and the
-- Arbeitskreis (working groups, meetings, attendance, decisions, actions).
-- Frozen once released: never edit, add a new version instead.

CREATE TABLE organisation_kind (
    id      INTEGER PRIMARY KEY,
    code    TEXT NOT NULL UNIQUE,
    name    TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1))
) STRICT;

INSERT INTO organisation_kind (code, name, builtin) VALUES
    ('verein', 'Verein', 1),
    ('gemeinschaft', 'Gemeinschaft', 1),
    ('initiative', 'Initiative', 1),
    ('religionsgemeinschaft', 'Moscheegemeinde/Religionsgemeinschaft', 1),
    ('beratungsstelle', 'Beratungsstelle', 1),
    ('sonstige', 'Sonstige', 1);

-- The v1 table grows; its description becomes the notes field.
ALTER TABLE organisation ADD COLUMN short_name TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN kind_id INTEGER REFERENCES organisation_kind (id);
ALTER TABLE organisation ADD COLUMN register_number TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN street TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN postal_code TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN city TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN has_rooms INTEGER NOT NULL DEFAULT 0 CHECK (has_rooms IN (0, 1));
ALTER TABLE organisation ADD COLUMN rooms_description TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN website TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN status TEXT NOT NULL DEFAULT 'kontakt'
    CHECK (status IN ('kontakt', 'aktiv', 'ruhend'));
ALTER TABLE organisation ADD COLUMN archived_on TEXT;
ALTER TABLE organisation ADD COLUMN updated_at TEXT;

CREATE INDEX organisation_by_municipality ON organisation (municipality);

-- Communities and languages of an organisation (ISO 639-1 codes).
CREATE TABLE organisation_language (
    organisation_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    code            TEXT NOT NULL,
    PRIMARY KEY (organisation_id, code)
) STRICT, WITHOUT ROWID;

CREATE INDEX organisation_language_by_code ON organisation_language (code, organisation_id);

-- Member counts as stated, so growth is visible.
CREATE TABLE member_count (
    organisation_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    stated_on       TEXT NOT NULL,
    members         INTEGER NOT NULL CHECK (members >= 0),
    PRIMARY KEY (organisation_id, stated_on)
) STRICT, WITHOUT ROWID;

-- The timeline: calls, visits, agreements.
CREATE TABLE organisation_note (
    id              INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    noted_on        TEXT NOT NULL,
    kind            TEXT NOT NULL DEFAULT 'notiz'
                    CHECK (kind IN ('anruf', 'besuch', 'vereinbarung', 'email', 'notiz')),
    text            TEXT NOT NULL CHECK (length(trim(text)) > 0),
    created_at      TEXT NOT NULL
) STRICT;

CREATE INDEX organisation_note_by_organisation ON organisation_note (organisation_id, noted_on);

CREATE TABLE offering_kind (
    id      INTEGER PRIMARY KEY,
    code    TEXT NOT NULL UNIQUE,
    name    TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1))
) STRICT;

INSERT INTO offering_kind (code, name, builtin) VALUES
    ('sprachunterricht', 'Sprachunterricht', 1),
    ('nachhilfe', 'Nachhilfe', 1),
    ('gespraechskreis', 'Gesprächskreis/Diskussionsrunde', 1),
    ('beratung_neu', 'Beratung neu Zugewanderter', 1),
    ('fluechtlingsberatung', 'Flüchtlingsberatung', 1),
    ('migrationsberatung', 'Migrationsberatung', 1),
    ('integrationsagentur', 'Integrationsagentur', 1),
    ('kultur', 'Kultur', 1),
    ('sport', 'Sport', 1),
    ('frauen', 'Frauenangebot', 1),
    ('jugend', 'Jugendangebot', 1),
    ('eltern', 'Elternangebot', 1),
    ('sonstiges', 'Sonstiges', 1);

CREATE TABLE offering (
    id              INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    kind_id         INTEGER NOT NULL REFERENCES offering_kind (id),
    title           TEXT NOT NULL DEFAULT '',
    target_group    TEXT NOT NULL DEFAULT '',
    schedule        TEXT NOT NULL DEFAULT '',
    place           TEXT NOT NULL DEFAULT '',
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;

CREATE INDEX offering_by_organisation ON offering (organisation_id);
CREATE INDEX offering_by_kind ON offering (kind_id, organisation_id);

-- Languages of an offering (for Sprachunterricht: the language taught).
CREATE TABLE offering_language (
    offering_id INTEGER NOT NULL REFERENCES offering (id) ON DELETE CASCADE,
    code        TEXT NOT NULL,
    PRIMARY KEY (offering_id, code)
) STRICT, WITHOUT ROWID;

-- Ansprechpersonen. A contact may be a Mediathek borrower (one record).
CREATE TABLE contact (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL CHECK (length(trim(name)) > 0),
    email           TEXT NOT NULL DEFAULT '',
    phone           TEXT NOT NULL DEFAULT '',
    note            TEXT NOT NULL DEFAULT '',
    borrower_id     INTEGER UNIQUE REFERENCES borrower (id),
    consent_on      TEXT,
    consent_version TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;

CREATE TABLE contact_language (
    contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    code       TEXT NOT NULL,
    PRIMARY KEY (contact_id, code)
) STRICT, WITHOUT ROWID;

-- A contact's role at an organisation (Vorsitz, Kontaktperson, ...).
CREATE TABLE contact_role (
    id              INTEGER PRIMARY KEY,
    contact_id      INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisation (id),
    role            TEXT NOT NULL DEFAULT '',
    started_on      TEXT,
    ended_on        TEXT,
    CHECK (started_on IS NULL OR ended_on IS NULL OR started_on <= ended_on)
) STRICT;

CREATE INDEX contact_role_by_organisation ON contact_role (organisation_id);
CREATE INDEX contact_role_by_contact ON contact_role (contact_id);

CREATE TABLE project (
    id             INTEGER PRIMARY KEY,
    title          TEXT NOT NULL CHECK (length(trim(title)) > 0),
    description    TEXT NOT NULL DEFAULT '',
    starts_on      TEXT,
    ends_on        TEXT,
    status         TEXT NOT NULL DEFAULT 'geplant'
                   CHECK (status IN ('geplant', 'laufend', 'abgeschlossen')),
    staff          TEXT NOT NULL DEFAULT '',
    funding_source TEXT NOT NULL DEFAULT '',
    funding_cents  INTEGER CHECK (funding_cents IS NULL OR funding_cents >= 0),
    outcomes       TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    CHECK (starts_on IS NULL OR ends_on IS NULL OR starts_on <= ends_on)
) STRICT;

CREATE TABLE project_partner (
    project_id      INTEGER NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisation (id),
    role            TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (project_id, organisation_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX project_partner_by_organisation ON project_partner (organisation_id);

-- The Arbeitskreis: working groups of member organisations and their meetings.
CREATE TABLE working_group (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE working_group_member (
    working_group_id INTEGER NOT NULL REFERENCES working_group (id) ON DELETE CASCADE,
    organisation_id  INTEGER NOT NULL REFERENCES organisation (id),
    joined_on        TEXT NOT NULL,
    left_on          TEXT,
    PRIMARY KEY (working_group_id, organisation_id, joined_on),
    CHECK (left_on IS NULL OR joined_on <= left_on)
) STRICT, WITHOUT ROWID;

CREATE INDEX working_group_member_by_organisation ON working_group_member (organisation_id);

CREATE TABLE meeting (
    id               INTEGER PRIMARY KEY,
    working_group_id INTEGER NOT NULL REFERENCES working_group (id) ON DELETE CASCADE,
    starts_at        TEXT NOT NULL,
    place            TEXT NOT NULL DEFAULT '',
    agenda           TEXT NOT NULL DEFAULT '',
    minutes          TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
) STRICT;

CREATE INDEX meeting_by_group ON meeting (working_group_id, starts_at);

-- Who came: per member organisation; the person is kept as a link that
-- the deletion of a contact sets to NULL, so "a person from X attended" stays.
CREATE TABLE meeting_attendance (
    meeting_id      INTEGER NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisation (id),
    contact_id      INTEGER REFERENCES contact (id) ON DELETE SET NULL,
    persons         INTEGER NOT NULL DEFAULT 1 CHECK (persons >= 0),
    PRIMARY KEY (meeting_id, organisation_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX meeting_attendance_by_organisation ON meeting_attendance (organisation_id);
CREATE INDEX meeting_attendance_by_contact ON meeting_attendance (contact_id);

CREATE TABLE meeting_decision (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
    text       TEXT NOT NULL CHECK (length(trim(text)) > 0)
) STRICT;

CREATE TABLE action_item (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
    text       TEXT NOT NULL CHECK (length(trim(text)) > 0),
    owner      TEXT NOT NULL DEFAULT '',
    due_on     TEXT,
    done_on    TEXT
) STRICT;

CREATE INDEX action_item_open ON action_item (due_on) WHERE done_on IS NULL;

-- Search over the directory: one row per organisation, same rowid, text
-- folded by the core. Filled for existing rows after this step (Rust).
CREATE VIRTUAL TABLE organisation_search USING fts5 (
    names, offerings, languages, places, contacts,
    tokenize = 'unicode61 remove_diacritics 2'
);
