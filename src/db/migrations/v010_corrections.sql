-- Version 10: records that can be corrected (issue 19). One step for the
-- whole issue, in sections by area; each section only adds (new columns
-- with defaults, new tables), so a version-9 file keeps every row.

-- Copies: status, withdrawal, shelf.

-- Reminders and borrowers' postal addresses.

-- Loan slips and receipts.
-- The paper slips and receipts are printed on (a4, a5, roll_80, roll_58):
-- A4 as before, until staff choose otherwise.
INSERT OR IGNORE INTO app_setting (key, value) VALUES ('slip_format', 'a4');

-- Organisations: contacts, roles, offerings, timeline notes.

-- Arbeitskreis attendance and projects.

-- Lists.

