-- Version 15 on the server: the same columns as the file's step 15
-- (src/db/migrations/v015_meeting_and_copy_versions.sql says why).
ALTER TABLE meeting ADD COLUMN version BIGINT NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE meeting ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
ALTER TABLE copy ADD COLUMN version BIGINT NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE copy ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
ALTER TABLE copy ADD COLUMN updated_at TEXT;
