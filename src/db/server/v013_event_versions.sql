-- Version 13 on the server: the same columns as the file's step 13
-- (src/db/migrations/v013_event_versions.sql says why).
ALTER TABLE event ADD COLUMN version BIGINT NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE event ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
ALTER TABLE workshop ADD COLUMN version BIGINT NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE workshop ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
ALTER TABLE participant ADD COLUMN version BIGINT NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE participant ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
