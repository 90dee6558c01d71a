-- Version 13: the forms of Veranstaltungen get what step 12 gave media,
-- borrowers and organisations (issue 22, point 3): events, workshops and
-- participants are edited on several PCs of a shared database (the office
-- and the laptops at the fair), so each has a version number that a save
-- raises in the same UPDATE that checks it, and the workstation that saved
-- it last. Only adds columns with defaults: rows from before start at
-- version 1, saved by an unknown workstation (empty).
ALTER TABLE event ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE event ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
ALTER TABLE workshop ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE workshop ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
ALTER TABLE participant ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE participant ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
