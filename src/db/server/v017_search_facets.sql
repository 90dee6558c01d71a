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
-- The tokens of a medium, read from the tables: the app's writes append
-- them to the words in the same statement (kiz::db::server::reindex_media
-- and reindex_medium), and this step appends them to every row there is.
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

UPDATE medium_search SET words = words || kiz_medium_facets(medium_id);
