-- Schema version 5: events (the Ausbildungsbörse and others), their
-- workshops with hosts, facilitators and languages, participants and
-- registrations with waitlist.
-- Frozen once released: never edit, add a new version instead.

CREATE TABLE event (
    id                     INTEGER PRIMARY KEY,
    kind                   TEXT NOT NULL DEFAULT 'ausbildungsboerse'
                           CHECK (kind IN ('ausbildungsboerse', 'workshop_reihe', 'informationsabend', 'sonstige')),
    title                  TEXT NOT NULL CHECK (length(trim(title)) > 0),
    starts_on              TEXT NOT NULL,
    ends_on                TEXT NOT NULL,
    venue                  TEXT NOT NULL DEFAULT '',
    rooms                  TEXT NOT NULL DEFAULT '',
    registration_opens_on  TEXT,
    registration_closes_on TEXT,
    description            TEXT NOT NULL DEFAULT '',
    project_id             INTEGER REFERENCES project (id),
    archived_on            TEXT,
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL,
    CHECK (starts_on <= ends_on)
) STRICT;

CREATE TABLE workshop (
    id           INTEGER PRIMARY KEY,
    event_id     INTEGER NOT NULL REFERENCES event (id),
    title        TEXT NOT NULL CHECK (length(trim(title)) > 0),
    description  TEXT NOT NULL DEFAULT '',
    target_group TEXT NOT NULL DEFAULT '',
    room         TEXT NOT NULL DEFAULT '',
    starts_at    TEXT NOT NULL,
    ends_at      TEXT NOT NULL,
    capacity     INTEGER NOT NULL CHECK (capacity >= 0),
    waitlist     INTEGER NOT NULL DEFAULT 1 CHECK (waitlist IN (0, 1)),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    CHECK (starts_at < ends_at)
) STRICT;

CREATE INDEX workshop_by_event ON workshop (event_id, starts_at);
CREATE INDEX workshop_by_room ON workshop (room, starts_at);

CREATE TABLE workshop_host (
    workshop_id     INTEGER NOT NULL REFERENCES workshop (id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisation (id),
    role            TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (workshop_id, organisation_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX workshop_host_by_organisation ON workshop_host (organisation_id);

CREATE TABLE workshop_facilitator (
    workshop_id INTEGER NOT NULL REFERENCES workshop (id) ON DELETE CASCADE,
    contact_id  INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    PRIMARY KEY (workshop_id, contact_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX workshop_facilitator_by_contact ON workshop_facilitator (contact_id);

CREATE TABLE workshop_language (
    workshop_id INTEGER NOT NULL REFERENCES workshop (id) ON DELETE CASCADE,
    code        TEXT NOT NULL,
    PRIMARY KEY (workshop_id, code)
) STRICT, WITHOUT ROWID;

-- Participants give consent (date and text version) before anything is
-- stored; photo consent is separate.
CREATE TABLE participant (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL CHECK (length(trim(name)) > 0),
    birth_year       INTEGER CHECK (birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100),
    age_group        TEXT NOT NULL DEFAULT '',
    school           TEXT NOT NULL DEFAULT '',
    email            TEXT NOT NULL DEFAULT '',
    phone            TEXT NOT NULL DEFAULT '',
    guardian_name    TEXT NOT NULL DEFAULT '',
    guardian_contact TEXT NOT NULL DEFAULT '',
    consent_on       TEXT NOT NULL,
    consent_version  TEXT NOT NULL CHECK (length(trim(consent_version)) > 0),
    photo_consent    INTEGER NOT NULL DEFAULT 0 CHECK (photo_consent IN (0, 1)),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
) STRICT;

CREATE TABLE participant_language (
    participant_id INTEGER NOT NULL REFERENCES participant (id) ON DELETE CASCADE,
    code           TEXT NOT NULL,
    PRIMARY KEY (participant_id, code)
) STRICT, WITHOUT ROWID;

-- One row per participant and workshop; a cancelled registration is
-- reactivated when the person registers again. The waitlist is ordered by
-- queued_at, then id.
CREATE TABLE registration (
    id             INTEGER PRIMARY KEY,
    workshop_id    INTEGER NOT NULL REFERENCES workshop (id),
    participant_id INTEGER NOT NULL REFERENCES participant (id) ON DELETE CASCADE,
    status         TEXT NOT NULL
                   CHECK (status IN ('angemeldet', 'warteliste', 'abgesagt', 'teilgenommen', 'nicht_erschienen')),
    registered_at  TEXT NOT NULL,
    queued_at      TEXT NOT NULL,
    moved_up_at    TEXT,
    cancelled_at   TEXT,
    checked_in_at  TEXT,
    walk_in        INTEGER NOT NULL DEFAULT 0 CHECK (walk_in IN (0, 1)),
    override_reason TEXT,
    UNIQUE (workshop_id, participant_id)
) STRICT;

CREATE INDEX registration_queue ON registration (workshop_id, status, queued_at, id);
CREATE INDEX registration_by_participant ON registration (participant_id);
