-- Schema version 8: one filter token for each pair of Sprachniveau and
-- language. Frozen once released: never edit, add a new version instead.
--
-- Staff often filter by level and language together ("B1, Arabisch"). With a
-- token for each, the search intersected two long lists (a third of the
-- media lie in B1, an eighth have Arabic): on 100,000 media that cost more
-- than the rest of the search. A token for the pair lists only the media
-- that have both, so the same filter reads a list five to ten times shorter.
-- The single tokens stay for a filter by level or by language alone.
--
-- The pair token is the level token followed by the language code
-- (`lvl3ar`: B1 and Arabic). Filter tokens are always matched whole, never
-- as prefixes, so `lvl3` never finds `lvl3ar`.
DROP VIEW medium_facets;
CREATE VIEW medium_facets AS
SELECT m.id AS medium_id,
       char(57344) || 'kind' || m.kind_id
       || CASE WHEN m.level_from IS NULL AND m.level_to IS NULL THEN ''
          ELSE (SELECT group_concat(' ' || char(57344) || 'lvl' || n
                       || coalesce((SELECT group_concat(' ' || char(57344) || 'lvl' || n || l.code, '')
                                    FROM medium_language AS l WHERE l.medium_id = m.id), ''), '')
                FROM (SELECT 0 AS n UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3
                      UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6)
                WHERE n BETWEEN coalesce(m.level_from, 0) AND coalesce(m.level_to, 6))
          END
       || coalesce((SELECT group_concat(' ' || char(57344) || 'lang' || l.code, '')
                    FROM medium_language AS l WHERE l.medium_id = m.id), '') AS facets
FROM medium AS m;

-- The search rows are copied into a new table with the new tokens: one
-- bulk insert, faster than rewriting each row in place.
CREATE VIRTUAL TABLE medium_search_v8 USING fts5 (
    title, authors, codes, topics, description, facets,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3 4 5 6 7 8',
    detail = none
);
INSERT INTO medium_search_v8 (rowid, title, authors, codes, topics, description, facets)
SELECT s.rowid, s.title, s.authors, s.codes, s.topics, s.description, f.facets
FROM medium_search AS s JOIN medium_facets AS f ON f.medium_id = s.rowid;
DROP TABLE medium_search;
ALTER TABLE medium_search_v8 RENAME TO medium_search;

-- One segment instead of the many the bulk insert leaves (see
-- `search::tidy_indexes`, which does the same once a day).
INSERT INTO medium_search (medium_search) VALUES ('optimize');
