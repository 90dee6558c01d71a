-- Version 10: records that can be corrected (issue 19). One step for the
-- whole issue, in sections by area; each section only adds (new columns
-- with defaults, new tables), so a version-9 file keeps every row.

-- Copies: status, withdrawal, shelf.
-- Where a copy stands (Standort/Regal of this copy; the medium's `location`
-- stays the default shelf of all its copies), and why it was withdrawn
-- (ausgeschieden; the day is the existing `retired_on`).
ALTER TABLE copy ADD COLUMN shelf TEXT NOT NULL DEFAULT '';
ALTER TABLE copy ADD COLUMN retired_reason TEXT NOT NULL DEFAULT '';

-- Reminders and borrowers' postal addresses.

-- Loan slips and receipts.

-- Organisations: contacts, roles, offerings, timeline notes.

-- Arbeitskreis attendance and projects.

-- Lists.

