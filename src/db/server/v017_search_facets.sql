-- Version 17 on the server: a medium's search row also holds its filter
-- tokens, the ones the file's FTS5 rows have held since its step 8 (the
-- view `medium_facets` in src/db/migrations/v008_search_pairs.sql): its
-- Mediengruppe, each level its range covers, each of its languages, and
-- each level with each language. The filter mark U+E000 before each one
-- keeps a typed word (a prefix of letters and digits, such as "kind") from
-- matching them. A search for "B1, Arabisch" then asks the GIN index for
-- one more entry and gets the intersection, instead of checking the
-- medium's levels and languages on every row a typed word found (up to
-- twenty times slower in the benchmark, issue 22). Audience and "im Regal"
-- stay conditions on the rows found, as on the file.
--
-- The tokens of a medium, read from the tables. The server adds them to
-- each search row itself, when the row is written (the trigger below), so
-- that the app writes only the words (kiz::db::server::reindex_media and
-- reindex_medium) and a PC still running the version before this step
-- (it learns of the newer database only when it connects again) writes
-- complete rows meanwhile.
CREATE FUNCTION kiz_medium_facets(medium BIGINT) RETURNS TSVECTOR
LANGUAGE sql STABLE AS $$
    SELECT array_to_tsvector(
        ARRAY[chr(57344) || 'kind' || m.kind_id]
        || coalesce((SELECT array_agg(chr(57344) || 'lvl' || n)
                     FROM generate_series(coalesce(m.level_from, 0), coalesce(m.level_to, 6)) AS n
                     WHERE m.level_from IS NOT NULL OR m.level_to IS NOT NULL), '{}')
        || coalesce((SELECT array_agg(chr(57344) || 'lvl' || n || lower(l.code))
                     FROM generate_series(coalesce(m.level_from, 0), coalesce(m.level_to, 6)) AS n,
                          medium_language AS l
                     WHERE l.medium_id = m.id
                       AND (m.level_from IS NOT NULL OR m.level_to IS NOT NULL)), '{}')
        || coalesce((SELECT array_agg(chr(57344) || 'lang' || lower(l.code))
                     FROM medium_language AS l WHERE l.medium_id = m.id), '{}'))
    FROM medium AS m WHERE m.id = medium
$$;

-- The title's sort key beside the words: a search that finds up to 1,000
-- media sorts them by title from the rows it has read already, instead of
-- reading each medium again (about 3 ms for 500 hits in the benchmark).
-- The same expression as the app's `Dialect::nocase_order` and the index
-- medium_by_title: A to Z folded, then byte order, as the file's
-- COLLATE NOCASE.
CREATE FUNCTION kiz_medium_title_key(medium BIGINT) RETURNS TEXT
LANGUAGE sql STABLE AS $$
    SELECT translate(m.title, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')
    FROM medium AS m WHERE m.id = medium
$$;

ALTER TABLE medium_search ADD COLUMN title_key TEXT COLLATE "C";

-- Every search row written from now on gets both; the rows there are get
-- them here.
CREATE FUNCTION kiz_medium_search_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.words := NEW.words || kiz_medium_facets(NEW.medium_id);
    NEW.title_key := kiz_medium_title_key(NEW.medium_id);
    RETURN NEW;
END
$$;
CREATE TRIGGER medium_search_row BEFORE INSERT ON medium_search
    FOR EACH ROW EXECUTE FUNCTION kiz_medium_search_row();

UPDATE medium_search
SET words = words || kiz_medium_facets(medium_id),
    title_key = kiz_medium_title_key(medium_id);

ALTER TABLE medium_search ALTER COLUMN title_key SET NOT NULL;

-- The number of media, kept by the server as rows come and go, for the
-- Medien page opened with nothing typed: it shows the whole catalogue's
-- count, and count(*) over 100,000 media reads them all (4 to 8 ms in the
-- benchmark, most of that page's time). One row; each statement that adds
-- or removes media adds their number in its own transaction (two PCs
-- adding media at once: the second waits for the first's commit). Named
-- with the search's tables: only the server has it, and a move does not
-- copy it (the move's own inserts keep it).
CREATE TABLE medium_search_total (
    only_row BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (only_row),
    media    BIGINT NOT NULL
);
INSERT INTO medium_search_total (media) SELECT count(*) FROM medium;

CREATE FUNCTION kiz_media_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE medium_search_total SET media = media + (SELECT count(*) FROM added);
    RETURN NULL;
END
$$;
CREATE FUNCTION kiz_media_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE medium_search_total SET media = media - (SELECT count(*) FROM removed);
    RETURN NULL;
END
$$;
CREATE FUNCTION kiz_media_emptied() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE medium_search_total SET media = 0;
    RETURN NULL;
END
$$;
CREATE TRIGGER medium_search_total_added AFTER INSERT ON medium
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION kiz_media_added();
CREATE TRIGGER medium_search_total_removed AFTER DELETE ON medium
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION kiz_media_removed();
CREATE TRIGGER medium_search_total_emptied AFTER TRUNCATE ON medium
    FOR EACH STATEMENT EXECUTE FUNCTION kiz_media_emptied();
-- The live view's notice, as on every table (v011_baseline.sql).
CREATE TRIGGER kiz_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON medium_search_total
    FOR EACH STATEMENT EXECUTE FUNCTION kiz_change_notice();
