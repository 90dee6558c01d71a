-- Version 10: records that can be corrected (issue 19). One step for the
-- whole issue, in sections by area; each section only adds (new columns
-- with defaults, new tables), so a version-9 file keeps every row.

-- Copies: status, withdrawal, shelf.

-- Reminders and borrowers' postal addresses.

-- Loan slips and receipts.

-- Organisations: contacts, roles, offerings, timeline notes.

-- A corrected timeline note keeps its date and shows when it was changed.
-- The text before the correction is not kept: a corrected note was wrong,
-- and a wrong text about people is not kept beside the right one.
ALTER TABLE organisation_note ADD COLUMN changed_on TEXT;

-- Arbeitskreis attendance and projects.

-- Lists.

