-- Version 16: a note in an organisation's timeline gets what step 15 gave
-- the minutes (issue 22, point 3): two colleagues may correct the same note
-- on two PCs of the shared database, so it has a version number that a
-- correction raises in the same UPDATE that checks it, the workstation
-- that saved it last and the moment (NULL: never corrected since it was
-- added; the day shown as "geändert am" stays in changed_on). Only adds
-- columns with defaults: notes from before start at version 1, saved by an
-- unknown workstation (empty).
ALTER TABLE organisation_note ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE organisation_note ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation_note ADD COLUMN updated_at TEXT;
