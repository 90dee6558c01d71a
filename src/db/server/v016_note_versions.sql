-- Version 16 on the server: the same columns as the file's step 16
-- (src/db/migrations/v016_note_versions.sql says why).
ALTER TABLE organisation_note ADD COLUMN version BIGINT NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE organisation_note ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation_note ADD COLUMN updated_at TEXT;
