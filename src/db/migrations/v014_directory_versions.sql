-- Version 14: the forms of the directory get what steps 12 and 13 gave
-- media, borrowers, organisations and the Veranstaltungen (issue 22, point
-- 3): now that the directory works on the shared database, an offering,
-- a contact and a project are edited on several PCs, so each has a
-- version number that a save raises in the same UPDATE that checks it,
-- and the workstation that saved it last. Only adds columns with
-- defaults: rows from before start at version 1, saved by an unknown
-- workstation (empty).
ALTER TABLE offering ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE offering ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
ALTER TABLE contact ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE contact ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
ALTER TABLE project ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE project ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
