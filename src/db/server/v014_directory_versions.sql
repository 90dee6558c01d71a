-- Version 14 on the server: the same columns as the file's step 14
-- (src/db/migrations/v014_directory_versions.sql says why).
ALTER TABLE offering ADD COLUMN version BIGINT NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE offering ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
ALTER TABLE contact ADD COLUMN version BIGINT NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE contact ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
ALTER TABLE project ADD COLUMN version BIGINT NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE project ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
