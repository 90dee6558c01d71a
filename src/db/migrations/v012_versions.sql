-- Version 12: a version number per record that staff edit in a form, and
-- the workstation that saved it last (issue 22, point 3: on a shared
-- database, a form that someone else saved meanwhile is not silently
-- overwritten). Saving a form raises the version in the same UPDATE that
-- checks it; `updated_by` names the PC (its computer name), because staff
-- have no logins: the app's identities stay as they were. Only adds
-- columns with defaults, so a version-11 file keeps every row; rows from
-- before this step start at version 1, saved by an unknown workstation
-- (empty).
ALTER TABLE medium ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE medium ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
ALTER TABLE borrower ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE borrower ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE organisation ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
