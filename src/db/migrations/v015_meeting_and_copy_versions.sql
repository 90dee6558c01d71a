-- Version 15: the minutes of an Arbeitskreis meeting and the details of a
-- copy get what step 14 gave the directory's other forms (issue 22, point
-- 3): two colleagues may have the same meeting or copy open on two PCs of
-- the shared database, so each has a version number that a save raises in
-- the same UPDATE that checks it, and the workstation that saved it last;
-- a copy also the moment its details were last saved (NULL: never since
-- it was added). Only adds columns with defaults: rows from before start
-- at version 1, saved by an unknown workstation (empty).
ALTER TABLE meeting ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE meeting ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
ALTER TABLE copy ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE copy ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
ALTER TABLE copy ADD COLUMN updated_at TEXT;
