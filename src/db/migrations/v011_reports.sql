-- Version 11: what the Berichte (issue 20) count and earlier versions did
-- not keep. Only adds (new columns with defaults, new tables, indexes), so
-- a version-10 file keeps every row. What came before this step is filled
-- in as far as the stored rows allow; docs/architecture.md, "Berichte",
-- says what stays partial.

-- Loans: the month of the borrower's previous loan, read from the
-- borrower at checkout: '-' for their first loan ever, else 'YYYY-MM'.
-- Kept when the loan stops naming its borrower, so active and new
-- borrowers can be counted after erasure. NULL for loans made before
-- version 11 (not known: most of them no longer name their borrower).
ALTER TABLE loan ADD COLUMN previous_loan_month TEXT
    CHECK (previous_loan_month IS NULL OR previous_loan_month = '-'
           OR previous_loan_month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]');

-- One row per renewal (the loan keeps only the last renewed_at). Loans
-- renewed before version 11 get one row for their last renewal.
CREATE TABLE loan_renewal (
    id         INTEGER PRIMARY KEY,
    loan_id    INTEGER NOT NULL REFERENCES loan (id),
    renewed_at TEXT NOT NULL
) STRICT;
CREATE INDEX loan_renewal_by_loan ON loan_renewal (loan_id);
CREATE INDEX loan_renewal_by_time ON loan_renewal (renewed_at);
INSERT INTO loan_renewal (loan_id, renewed_at)
SELECT id, renewed_at FROM loan WHERE renewed_at IS NOT NULL ORDER BY id;

-- Registrations: when the registration went onto the waitlist (NULL if it
-- never did). A change after the registration closed (re-registering,
-- moving back from a seat) leaves it as it was at the close, so the
-- waitlist at the close stays countable. Before version 11 the time of the
-- last registration stands in, for those waiting or moved up.
ALTER TABLE registration ADD COLUMN waitlisted_at TEXT;
UPDATE registration SET waitlisted_at = queued_at
WHERE status = 'warteliste' OR moved_up_at IS NOT NULL;

-- The participant's age group at the workshop, frozen at registration
-- (updated when staff correct the year of birth, kept by anonymisation):
-- the group staff entered, else the group of the age in the workshop's
-- year; '' when not known. For participants anonymised before version 11
-- the group they kept stands in.
ALTER TABLE registration ADD COLUMN age_group TEXT NOT NULL DEFAULT '';
UPDATE registration SET age_group = (
    SELECT CASE
        WHEN trim(p.age_group) NOT IN ('', 'unbekannt') THEN trim(p.age_group)
        WHEN p.birth_year IS NULL THEN ''
        WHEN CAST(substr(w.starts_at, 1, 4) AS INTEGER) - p.birth_year < 15 THEN 'unter 15'
        WHEN CAST(substr(w.starts_at, 1, 4) AS INTEGER) - p.birth_year <= 17 THEN '15–17'
        WHEN CAST(substr(w.starts_at, 1, 4) AS INTEGER) - p.birth_year <= 20 THEN '18–20'
        WHEN CAST(substr(w.starts_at, 1, 4) AS INTEGER) - p.birth_year <= 26 THEN '21–26'
        ELSE '27 und älter'
    END
    FROM participant AS p, workshop AS w
    WHERE p.id = registration.participant_id AND w.id = registration.workshop_id
);

-- An organisation's cooperation status over time: one row whenever it
-- changes (and one when the organisation is entered). Before version 11
-- only today's status is known: one row per organisation, on the day it
-- was entered.
CREATE TABLE organisation_status_change (
    id              INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    status          TEXT NOT NULL CHECK (status IN ('kontakt', 'aktiv', 'ruhend')),
    changed_on      TEXT NOT NULL
) STRICT;
CREATE INDEX organisation_status_change_by_organisation
    ON organisation_status_change (organisation_id, changed_on);
INSERT INTO organisation_status_change (organisation_id, status, changed_on)
SELECT id, status, substr(created_at, 1, 10) FROM organisation ORDER BY id;

-- The Berichte read the loans of a period in the order they were made,
-- with what they group by, from the index alone; and the loans due in a
-- period with their return (the overdue rate).
CREATE INDEX loan_by_time ON loan (loaned_at, copy_id, borrower_kind, previous_loan_month);
CREATE INDEX loan_by_due ON loan (due_on, returned_at);
