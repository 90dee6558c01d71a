-- Schema version 2: the Mediathek's catalogue (media, copies, kit contents)
-- and its borrowers, with full-text search tables kept in sync by the core
-- in the same transaction as every change.
-- Frozen once released: never edit, add a new version instead.

CREATE TABLE media_kind (
    id      INTEGER PRIMARY KEY,
    code    TEXT NOT NULL UNIQUE,
    name    TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1))
) STRICT;

INSERT INTO media_kind (code, name, builtin) VALUES
    ('buch', 'Buch', 1),
    ('lehrwerk', 'Lehrwerk', 1),
    ('spiel', 'Spiel', 1),
    ('video', 'Video', 1),
    ('audio', 'Audio', 1),
    ('medienkoffer', 'Medienkoffer', 1),
    ('sonstiges', 'Sonstiges', 1);

-- Levels are ranks: 0 Alpha, 1 A1, 2 A2, 3 B1, 4 B2, 5 C1, 6 C2.
CREATE TABLE medium (
    id          INTEGER PRIMARY KEY,
    kind_id     INTEGER NOT NULL REFERENCES media_kind (id),
    title       TEXT NOT NULL CHECK (length(trim(title)) > 0),
    subtitle    TEXT NOT NULL DEFAULT '',
    authors     TEXT NOT NULL DEFAULT '',
    publisher   TEXT NOT NULL DEFAULT '',
    year        INTEGER CHECK (year IS NULL OR year BETWEEN 1450 AND 2200),
    isbn        TEXT,
    level_from  INTEGER CHECK (level_from IS NULL OR level_from BETWEEN 0 AND 6),
    level_to    INTEGER CHECK (level_to IS NULL OR level_to BETWEEN 0 AND 6),
    audience    TEXT NOT NULL DEFAULT 'alle'
                CHECK (audience IN ('kinder', 'jugendliche', 'erwachsene', 'alle')),
    topics      TEXT NOT NULL DEFAULT '',
    location    TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    notes       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    CHECK (level_from IS NULL OR level_to IS NULL OR level_from <= level_to)
) STRICT;

CREATE INDEX medium_by_kind ON medium (kind_id);
CREATE INDEX medium_by_title ON medium (title COLLATE NOCASE, id);
CREATE INDEX medium_by_isbn ON medium (isbn) WHERE isbn IS NOT NULL;

-- The target language (what is learnt) and the support languages.
CREATE TABLE medium_language (
    medium_id INTEGER NOT NULL REFERENCES medium (id) ON DELETE CASCADE,
    code      TEXT NOT NULL,
    role      TEXT NOT NULL CHECK (role IN ('ziel', 'hilfe')),
    PRIMARY KEY (medium_id, code, role)
) STRICT, WITHOUT ROWID;

CREATE INDEX medium_language_by_code ON medium_language (code, medium_id);

-- What a Medienkoffer holds: the checklist for checkout and return.
CREATE TABLE kit_item (
    medium_id INTEGER NOT NULL REFERENCES medium (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    name      TEXT NOT NULL CHECK (length(trim(name)) > 0),
    quantity  INTEGER NOT NULL DEFAULT 1 CHECK (quantity > 0),
    PRIMARY KEY (medium_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE copy (
    id          INTEGER PRIMARY KEY,
    medium_id   INTEGER NOT NULL REFERENCES medium (id),
    barcode     TEXT NOT NULL UNIQUE CHECK (length(trim(barcode)) > 0),
    condition   TEXT NOT NULL DEFAULT '',
    acquired_on TEXT,
    price_cents INTEGER CHECK (price_cents IS NULL OR price_cents >= 0),
    status      TEXT NOT NULL DEFAULT 'verfuegbar'
                CHECK (status IN ('verfuegbar', 'ausgeliehen', 'vorgemerkt',
                                  'in_reparatur', 'verloren', 'ausgeschieden')),
    retired_on  TEXT,
    created_at  TEXT NOT NULL
) STRICT;

CREATE INDEX copy_by_medium ON copy (medium_id);

CREATE TABLE borrower (
    id                      INTEGER PRIMARY KEY,
    kind                    TEXT NOT NULL
                            CHECK (kind IN ('hauptamtlich', 'ehrenamtlich', 'organisation', 'sonstige')),
    name                    TEXT NOT NULL CHECK (length(trim(name)) > 0),
    organisation_id         INTEGER REFERENCES organisation (id),
    email                   TEXT NOT NULL DEFAULT '',
    phone                   TEXT NOT NULL DEFAULT '',
    print_language          TEXT NOT NULL DEFAULT 'de'
                            CHECK (print_language IN ('de', 'en', 'fr', 'ru', 'tr', 'ar')),
    card_number             TEXT NOT NULL UNIQUE CHECK (length(trim(card_number)) > 0),
    note                    TEXT NOT NULL DEFAULT '',
    blocked_reason          TEXT,
    history_consent_on      TEXT,
    history_consent_version TEXT,
    email_consent_on        TEXT,
    email_consent_version   TEXT,
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL
) STRICT;

-- Search: one row per medium / borrower, same rowid, text folded by the
-- core (lower case, ı → i, ß → ss); unicode61 drops the other diacritics.
CREATE VIRTUAL TABLE medium_search USING fts5 (
    title, authors, codes, topics, description,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE VIRTUAL TABLE borrower_search USING fts5 (
    name, card_number, email,
    tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO app_setting (key, value) VALUES
    ('copy_barcode_pattern', 'KI-M-######'),
    ('card_number_pattern', 'KI-A-######');
