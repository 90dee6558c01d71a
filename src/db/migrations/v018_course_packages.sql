-- Version 18: the Mediathek for courses (issue 23).
--
-- A course package (Kurspaket) names the media a course needs, how many of
-- each, and the code printed on its package card; scanning the card at the
-- desk lends one copy of each part (as many as its quantity) in one step.
--
-- A loan set groups the loans lent together in that step, or the copies of
-- one medium lent as a class set (Klassensatz, "12 × Schritte plus Neu 2"):
-- the slip prints them under the set's name and the desk counts a class set
-- back copy by copy. A set holds no personal data: who borrowed stays on
-- the loans, where the privacy rules unlink it as before. Its name is the
-- package's name or the medium's title as it was at lending, so that a
-- renamed or deleted package leaves the history as it was.
CREATE TABLE course_package (
    -- AUTOINCREMENT: a deleted package's number (and so its card's code)
    -- is never given to a new one, whose card an old one would then lend.
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    code       TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 40),
    name       TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE course_package_part (
    package_id INTEGER NOT NULL REFERENCES course_package (id) ON DELETE CASCADE,
    medium_id  INTEGER NOT NULL REFERENCES medium (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL CHECK (position >= 0),
    quantity   INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 50),
    PRIMARY KEY (package_id, medium_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX course_package_part_by_medium ON course_package_part (medium_id);

CREATE TABLE loan_set (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('paket', 'klassensatz', 'material')),
    name       TEXT NOT NULL,
    package_id INTEGER REFERENCES course_package (id) ON DELETE SET NULL,
    lent_at    TEXT NOT NULL
) STRICT;

ALTER TABLE loan ADD COLUMN set_id INTEGER REFERENCES loan_set (id);
CREATE INDEX loan_by_set ON loan (set_id) WHERE set_id IS NOT NULL;

-- A loan may be due when the course ends rather than after the loan
-- period (point 4): the terms staff pick from ("Schulhalbjahr 1", ending
-- 31 January) are settings, as the closing periods are, and so is the
-- longest a course end may lie ahead for each Mediengruppe (no row: 180
-- days). A loan lent so keeps only its due date: reminders follow it.
CREATE TABLE course_term (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    ends_on TEXT NOT NULL
) STRICT;

CREATE TABLE course_end_limit (
    kind_id  INTEGER PRIMARY KEY REFERENCES media_kind (id) ON DELETE CASCADE,
    max_days INTEGER NOT NULL CHECK (max_days BETWEEN 1 AND 730)
) STRICT;

-- What a teacher teaches, as staff record it on the borrower's form
-- (point 2): the target language and the level. The desk's suggestions
-- use it before what the loans show. NULL: not recorded.
ALTER TABLE borrower ADD COLUMN teaching_language TEXT;
ALTER TABLE borrower ADD COLUMN teaching_level INTEGER
    CHECK (teaching_level IS NULL OR teaching_level BETWEEN 0 AND 6);

-- Media reserved for a workshop of the Ausbildungsbörse (point 5): how
-- many copies of which medium, for the workshop's day; lent to the host
-- organisation as a loan set of kind `material` (its number kept here)
-- and returned after it.
CREATE TABLE workshop_material (
    id          INTEGER PRIMARY KEY,
    workshop_id INTEGER NOT NULL REFERENCES workshop (id) ON DELETE CASCADE,
    medium_id   INTEGER NOT NULL REFERENCES medium (id) ON DELETE CASCADE,
    quantity    INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 200),
    set_id      INTEGER REFERENCES loan_set (id),
    created_at  TEXT NOT NULL,
    UNIQUE (workshop_id, medium_id)
) STRICT;
CREATE INDEX workshop_material_by_medium ON workshop_material (medium_id);
