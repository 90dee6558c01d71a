-- Schema version 6: privacy (DSGVO). Versioned consent texts per purpose
-- and language, the deletion log (no personal data in it), and the marks
-- that anonymisation leaves.
-- Frozen once released: never edit, add a new version instead.

-- The text a person agrees to, per purpose, version and language. A
-- person's consent stores the date and the version (the purpose follows
-- from where it is stored).
CREATE TABLE consent_text (
    id         INTEGER PRIMARY KEY,
    purpose    TEXT NOT NULL
               CHECK (purpose IN ('mediathek', 'organisationsverzeichnis', 'veranstaltungen', 'fotos')),
    version    TEXT NOT NULL CHECK (length(trim(version)) > 0),
    language   TEXT NOT NULL DEFAULT 'de',
    body       TEXT NOT NULL CHECK (length(trim(body)) > 0),
    created_at TEXT NOT NULL,
    UNIQUE (purpose, version, language)
) STRICT;

INSERT INTO consent_text (purpose, version, language, body, created_at) VALUES
('mediathek', '2026-1', 'de',
 'Ich bin einverstanden, dass das Kommunale Integrationszentrum meinen Namen, meine Kontaktdaten und meine Ausleihen speichert, solange ich Medien der Mediathek ausleihe. Nach der Rückgabe wird die Verbindung zwischen mir und dem Medium gelöscht, außer ich wünsche ausdrücklich, dass meine Ausleihen aufbewahrt werden. Ich kann diese Einwilligung jederzeit widerrufen.',
 '2026-01-01T00:00:00'),
('organisationsverzeichnis', '2026-1', 'de',
 'Ich bin einverstanden, dass das Kommunale Integrationszentrum meinen Namen, meine Kontaktdaten und meine Rolle in der Organisation im Verzeichnis der Migrantenorganisationen speichert und für die Zusammenarbeit nutzt, solange die Organisation aktiv ist. Ich kann diese Einwilligung jederzeit widerrufen.',
 '2026-01-01T00:00:00'),
('veranstaltungen', '2026-1', 'de',
 'Ich bin einverstanden, dass das Kommunale Integrationszentrum meine Angaben zur Anmeldung für Veranstaltungen speichert. 90 Tage nach der Veranstaltung werden Name und Kontaktdaten gelöscht; nur Altersgruppe, Sprachen und Teilnahme bleiben ohne Namen für die Statistik. Ich kann diese Einwilligung jederzeit widerrufen.',
 '2026-01-01T00:00:00'),
('fotos', '2026-1', 'de',
 'Ich bin einverstanden, dass auf Veranstaltungen Fotos gemacht werden, auf denen ich zu sehen bin, und dass das Kommunale Integrationszentrum sie für Berichte über die Veranstaltung verwendet. Ich kann diese Einwilligung jederzeit widerrufen.',
 '2026-01-01T00:00:00');

-- What was deleted or anonymised: kind and number of records, when, by
-- which rule or which staff (two names for a bulk deletion). Never the
-- person's data. Explicit erasures keep the internal record ids, so that
-- restoring an older backup can erase them again.
CREATE TABLE deletion_log (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    rule         TEXT NOT NULL,
    record_kind  TEXT NOT NULL,
    records      INTEGER NOT NULL CHECK (records >= 0),
    staff        TEXT NOT NULL DEFAULT '',
    second_staff TEXT NOT NULL DEFAULT '',
    record_ids   TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX deletion_log_by_time ON deletion_log (at);

-- Set when a participant's name and contact data were removed.
ALTER TABLE participant ADD COLUMN anonymised_on TEXT;

-- The day of a borrower's last checkout: inactivity is measured from it,
-- also after the loans no longer name the borrower.
ALTER TABLE borrower ADD COLUMN last_loan_on TEXT;
UPDATE borrower SET last_loan_on = (SELECT date(max(loaned_at)) FROM loan WHERE loan.borrower_id = borrower.id);
