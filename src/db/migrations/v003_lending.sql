-- Schema version 3: lending at the desk. Loan rules and the opening
-- calendar, loans, reservations (Vormerkungen) and reminders (Mahnungen).
-- Frozen once released: never edit, add a new version instead.

-- Loan period and renewals per Mediengruppe and kind of borrower. A
-- Mediengruppe staff add later has no rows and uses the defaults in
-- app_setting (default_loan_days, default_max_renewals) until staff set it.
CREATE TABLE loan_rule (
    kind_id       INTEGER NOT NULL REFERENCES media_kind (id) ON DELETE CASCADE,
    borrower_kind TEXT NOT NULL
                  CHECK (borrower_kind IN ('hauptamtlich', 'ehrenamtlich', 'organisation', 'sonstige')),
    period_days   INTEGER NOT NULL CHECK (period_days BETWEEN 1 AND 365),
    max_renewals  INTEGER NOT NULL CHECK (max_renewals BETWEEN 0 AND 20),
    PRIMARY KEY (kind_id, borrower_kind)
) STRICT, WITHOUT ROWID;

INSERT INTO loan_rule (kind_id, borrower_kind, period_days, max_renewals)
SELECT k.id, b.kind,
       CASE k.code
           WHEN 'buch' THEN 28 WHEN 'lehrwerk' THEN 28 WHEN 'spiel' THEN 14
           WHEN 'video' THEN 7 WHEN 'audio' THEN 14 WHEN 'medienkoffer' THEN 42
           ELSE 28
       END,
       2
FROM media_kind AS k,
     (SELECT 'hauptamtlich' AS kind UNION ALL SELECT 'ehrenamtlich'
      UNION ALL SELECT 'organisation' UNION ALL SELECT 'sonstige') AS b;

-- How many items one borrower may have on loan at once.
CREATE TABLE loan_limit (
    borrower_kind TEXT PRIMARY KEY
                  CHECK (borrower_kind IN ('hauptamtlich', 'ehrenamtlich', 'organisation', 'sonstige')),
    max_items     INTEGER NOT NULL CHECK (max_items BETWEEN 1 AND 500)
) STRICT, WITHOUT ROWID;

INSERT INTO loan_limit (borrower_kind, max_items) VALUES
    ('hauptamtlich', 10), ('ehrenamtlich', 10), ('organisation', 10), ('sonstige', 10);

-- Days the Mediathek is closed (holidays, vacation), inclusive ranges.
CREATE TABLE closing_period (
    id        INTEGER PRIMARY KEY,
    first_day TEXT NOT NULL,
    last_day  TEXT NOT NULL,
    reason    TEXT NOT NULL DEFAULT '',
    CHECK (first_day <= last_day)
) STRICT;

INSERT INTO app_setting (key, value) VALUES
    ('closed_weekdays', '6,7'),
    ('default_loan_days', '28'),
    ('default_max_renewals', '2'),
    ('renewal_grace_days', '7'),
    ('pickup_days', '7'),
    ('reminder_days_1', '7'),
    ('reminder_days_2', '14'),
    ('reminder_days_3', '14'),
    ('auto_print_slip', '0');

-- Parts of a Medienkoffer found missing at the last return.
ALTER TABLE copy ADD COLUMN missing_parts TEXT NOT NULL DEFAULT '';

-- One row per loan, kept after return as the copy's history. borrower_id
-- may be removed by the privacy rules; borrower_kind stays for statistics.
CREATE TABLE loan (
    id              INTEGER PRIMARY KEY,
    copy_id         INTEGER NOT NULL REFERENCES copy (id),
    borrower_id     INTEGER REFERENCES borrower (id),
    borrower_kind   TEXT NOT NULL
                    CHECK (borrower_kind IN ('hauptamtlich', 'ehrenamtlich', 'organisation', 'sonstige')),
    loaned_at       TEXT NOT NULL,
    due_on          TEXT NOT NULL,
    renewals        INTEGER NOT NULL DEFAULT 0 CHECK (renewals >= 0),
    renewed_at      TEXT,
    returned_at     TEXT,
    outcome         TEXT CHECK (outcome IN ('zurueckgegeben', 'verloren')),
    override_reason TEXT,
    missing_parts   TEXT NOT NULL DEFAULT '',
    CHECK ((returned_at IS NULL) = (outcome IS NULL))
) STRICT;

-- The rule that matters most: a copy is never on two open loans.
CREATE UNIQUE INDEX loan_one_open_per_copy ON loan (copy_id) WHERE returned_at IS NULL;
CREATE INDEX loan_by_copy ON loan (copy_id, loaned_at);
CREATE INDEX loan_by_borrower ON loan (borrower_id);
CREATE INDEX loan_open_by_borrower ON loan (borrower_id, due_on) WHERE returned_at IS NULL;
CREATE INDEX loan_open_by_due ON loan (due_on) WHERE returned_at IS NULL;

-- Vormerkungen on a medium, served first come, first served. A reservation
-- is 'bereit' once a copy is set aside for it, until pickup_by.
CREATE TABLE reservation (
    id          INTEGER PRIMARY KEY,
    medium_id   INTEGER NOT NULL REFERENCES medium (id),
    borrower_id INTEGER REFERENCES borrower (id),
    created_at  TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'wartend'
                CHECK (status IN ('wartend', 'bereit', 'abgeholt', 'storniert', 'abgelaufen')),
    copy_id     INTEGER REFERENCES copy (id),
    ready_on    TEXT,
    pickup_by   TEXT,
    closed_at   TEXT,
    CHECK (status <> 'bereit' OR (copy_id IS NOT NULL AND pickup_by IS NOT NULL))
) STRICT;

CREATE UNIQUE INDEX reservation_one_active_per_person
    ON reservation (medium_id, borrower_id) WHERE status IN ('wartend', 'bereit');
CREATE UNIQUE INDEX reservation_one_per_copy ON reservation (copy_id) WHERE status = 'bereit';
CREATE INDEX reservation_queue
    ON reservation (medium_id, created_at, id) WHERE status = 'wartend';
CREATE INDEX reservation_by_borrower ON reservation (borrower_id);
CREATE INDEX reservation_ready ON reservation (pickup_by) WHERE status = 'bereit';

-- Reminders sent: one per loan and level, so none is sent twice.
CREATE TABLE reminder (
    loan_id INTEGER NOT NULL REFERENCES loan (id),
    level   INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
    sent_on TEXT NOT NULL,
    PRIMARY KEY (loan_id, level)
) STRICT, WITHOUT ROWID;
