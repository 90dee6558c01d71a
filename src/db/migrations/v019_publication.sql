-- Version 19: the public site (issue 24).
--
-- Each organisation decides whether it appears in the directory published
-- on the centre's portal, and with which fields: `published` is the
-- switch, `public_fields` the fields shown besides the name, a
-- comma-separated list of codes (municipality, languages, offerings,
-- website, email, phone). A field stays off until staff tick it, so
-- turning on `published` shows no more than the name.
--
-- The organisation's own description for the public, in German and in
-- the further languages of the portal where staff entered it.
ALTER TABLE organisation ADD COLUMN published INTEGER NOT NULL DEFAULT 0
    CHECK (published IN (0, 1));
ALTER TABLE organisation ADD COLUMN public_fields TEXT NOT NULL DEFAULT '';

CREATE TABLE organisation_public_text (
    organisation_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    language        TEXT NOT NULL CHECK (length(language) = 2),
    body            TEXT NOT NULL CHECK (length(trim(body)) > 0),
    PRIMARY KEY (organisation_id, language)
) STRICT, WITHOUT ROWID;
