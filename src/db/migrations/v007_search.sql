-- Schema version 7: search that answers while staff type, on 100,000 media.
-- Frozen once released: never edit, add a new version instead.
--
-- The search tables get prefix indexes for one to eight letters, so a typed
-- "d", "deu" or "deutsch" reads one list instead of merging every word that
-- starts with it, and keep no word positions (`detail = none`): every query is
-- words as prefixes joined by AND, which needs only the rows, and lists
-- without positions merge several times faster. The media search also carries the filters that leave few media
-- as tokens in a column of its own (`facets`): Mediengruppe, each
-- Sprachniveau of the range, each language. Typed words and these filters
-- are then one full-text query. Audience and "on the shelf" are left to the
-- medium and copy tables: most media pass them, so checking them on the
-- rows found costs less than intersecting their long lists.

-- The filter tokens of a medium, from the tables; used by the core when it
-- rewrites a search row. Each token starts
-- with U+E000, a private-use character that the tokenizer keeps inside the
-- token and that typed text never contains, so a typed word never matches a
-- filter token and no column filter (which makes matching slower) is needed.
CREATE VIEW medium_facets AS
SELECT m.id AS medium_id,
       char(57344) || 'kind' || m.kind_id
       || CASE WHEN m.level_from IS NULL AND m.level_to IS NULL THEN ''
          ELSE (SELECT group_concat(' ' || char(57344) || 'lvl' || n, '')
                FROM (SELECT 0 AS n UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3
                      UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6)
                WHERE n BETWEEN coalesce(m.level_from, 0) AND coalesce(m.level_to, 6))
          END
       || coalesce((SELECT group_concat(' ' || char(57344) || 'lang' || l.code, '')
                    FROM medium_language AS l WHERE l.medium_id = m.id), '') AS facets
FROM medium AS m;

CREATE VIRTUAL TABLE medium_search_v7 USING fts5 (
    title, authors, codes, topics, description, facets,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3 4 5 6 7 8',
    detail = none
);
INSERT INTO medium_search_v7 (rowid, title, authors, codes, topics, description, facets)
SELECT s.rowid, s.title, s.authors, s.codes, s.topics, s.description, f.facets
FROM medium_search AS s JOIN medium_facets AS f ON f.medium_id = s.rowid;
DROP TABLE medium_search;
ALTER TABLE medium_search_v7 RENAME TO medium_search;

CREATE VIRTUAL TABLE borrower_search_v7 USING fts5 (
    name, card_number, email,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3 4 5 6 7 8',
    detail = none
);
INSERT INTO borrower_search_v7 (rowid, name, card_number, email)
SELECT rowid, name, card_number, email FROM borrower_search;
DROP TABLE borrower_search;
ALTER TABLE borrower_search_v7 RENAME TO borrower_search;

-- "On the shelf" is checked on every row a search finds: one seek in this
-- index answers it without reading the copy.
CREATE INDEX copy_on_shelf ON copy (medium_id) WHERE status = 'verfuegbar';
