-- Version 12 on the server: the same columns as the file's step 12
-- (src/db/migrations/v012_versions.sql says why).
ALTER TABLE medium ADD COLUMN version BIGINT NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE medium ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
ALTER TABLE borrower ADD COLUMN version BIGINT NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE borrower ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN version BIGINT NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE organisation ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
