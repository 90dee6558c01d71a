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
-- A borrower's postal address, for a reminder sent by post (all optional;
-- an empty country means Germany).
ALTER TABLE borrower ADD COLUMN address_street TEXT NOT NULL DEFAULT '';
ALTER TABLE borrower ADD COLUMN address_extra TEXT NOT NULL DEFAULT '';
ALTER TABLE borrower ADD COLUMN address_postal_code TEXT NOT NULL DEFAULT '';
ALTER TABLE borrower ADD COLUMN address_town TEXT NOT NULL DEFAULT '';
ALTER TABLE borrower ADD COLUMN address_country TEXT NOT NULL DEFAULT '';
-- What a reminder letter said about each loan, so that a Zweitschrift says
-- the same after a renewal or a corrected title. NULL in reminders sent
-- before version 10 (the loan as it is now stands in for them). None of
-- these names a person.
ALTER TABLE reminder ADD COLUMN title TEXT;
ALTER TABLE reminder ADD COLUMN barcode TEXT;
ALTER TABLE reminder ADD COLUMN due_on TEXT;
-- To whom the letter went, as long as the loan names its borrower (the
-- retention rules unlink both together), erased with the borrower. NULL
-- before version 10 (the loan's borrower counts).
ALTER TABLE reminder ADD COLUMN borrower_id INTEGER REFERENCES borrower (id);
CREATE INDEX reminder_by_borrower ON reminder (borrower_id, sent_on);

-- Loan slips and receipts.
-- The paper slips and receipts are printed on (a4, a5, roll_80, roll_58):
-- A4 as before, until staff choose otherwise.
INSERT OR IGNORE INTO app_setting (key, value) VALUES ('slip_format', 'a4');

-- Organisations: contacts, roles, offerings, timeline notes.

-- A corrected timeline note keeps its date and shows when it was changed.
-- The text before the correction is not kept: a corrected note was wrong,
-- and a wrong text about people is not kept beside the right one.
ALTER TABLE organisation_note ADD COLUMN changed_on TEXT;

-- Arbeitskreis attendance and projects.
-- Who came to a meeting, person by person: members' contacts and guests
-- from any organisation, present or excused (no row: did not come). The
-- person is a link that the erasure of a contact sets to NULL, so the row
-- keeps its organisation and status but no name. `meeting_attendance`
-- stays the per-organisation summary, rewritten from these rows.
CREATE TABLE meeting_attendee (
    id              INTEGER PRIMARY KEY,
    meeting_id      INTEGER NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisation (id),
    contact_id      INTEGER REFERENCES contact (id) ON DELETE SET NULL,
    status          TEXT NOT NULL CHECK (status IN ('anwesend', 'entschuldigt')),
    UNIQUE (meeting_id, contact_id)
) STRICT;

CREATE INDEX meeting_attendee_by_contact ON meeting_attendee (contact_id);
CREATE INDEX meeting_attendee_by_organisation ON meeting_attendee (organisation_id);

-- A workshop can belong to a cooperation project (as an event can).
ALTER TABLE workshop ADD COLUMN project_id INTEGER REFERENCES project (id);

CREATE INDEX workshop_by_project ON workshop (project_id) WHERE project_id IS NOT NULL;

-- Lists.

