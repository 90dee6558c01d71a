-- Version 19 on the server: the same columns and table as the file's step
-- 19 (src/db/migrations/v019_publication.sql says why).
ALTER TABLE organisation ADD COLUMN published BIGINT NOT NULL DEFAULT 0
    CHECK (published IN (0, 1));
ALTER TABLE organisation ADD COLUMN public_fields TEXT NOT NULL DEFAULT '';

CREATE TABLE organisation_public_text (
    organisation_id BIGINT NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    language        TEXT NOT NULL CHECK (length(language) = 2),
    body            TEXT NOT NULL CHECK (length(trim(body)) > 0),
    PRIMARY KEY (organisation_id, language)
);

-- The live view's notice, as on every table (v011_baseline.sql).
CREATE TRIGGER kiz_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organisation_public_text
    FOR EACH STATEMENT EXECUTE FUNCTION kiz_change_notice();
