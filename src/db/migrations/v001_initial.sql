-- Schema version 1: the institution, app settings, and the first table of the
-- organisation directory (extended by later versions).
-- Frozen once released: never edit, add a new version instead.

CREATE TABLE institution (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    department  TEXT NOT NULL DEFAULT '',
    street      TEXT NOT NULL DEFAULT '',
    postal_code TEXT NOT NULL DEFAULT '',
    city        TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    email       TEXT NOT NULL DEFAULT '',
    website     TEXT NOT NULL DEFAULT ''
) STRICT;

INSERT INTO institution (id, name) VALUES (1, 'Kommunales Integrationszentrum Rhein-Sieg-Kreis');

CREATE TABLE app_setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT, WITHOUT ROWID;

INSERT INTO app_setting (key, value) VALUES ('ui_language', 'de');

CREATE TABLE organisation (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL CHECK (length(trim(name)) > 0),
    municipality TEXT NOT NULL DEFAULT '',
    description  TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL
) STRICT;

CREATE INDEX organisation_by_name ON organisation (name COLLATE NOCASE);
