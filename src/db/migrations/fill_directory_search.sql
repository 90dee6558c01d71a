-- Not a schema step: run once after the steps when a file older than
-- schema version 4 was upgraded (see DIRECTORY_SEARCH_SINCE in
-- migrations.rs). Version 4 created the directory's search table empty;
-- this fills it for the organisations such a file already had.
--
-- The row is the one organisations::reindex writes, in SQL, so that a
-- migration does not call the directory's code: names (name, short name,
-- description) and places (municipality, city, street, then the places of
-- offerings), each folded as search::fold folds. Offerings, languages and
-- contacts stay empty, as they are in reindex for these organisations: their
-- tables came with version 4, so an older file has none.
--
-- Folding: search::fold lowercases, makes Turkish ı and İ an i and ß and ẞ
-- "ss". SQLite's lower() lowercases only ASCII letters, and the replace()
-- calls do the four special letters; every other capital is lowercased by
-- the search table's unicode61 tokenizer, which reads the text in words
-- the same either way (tests/upgrade_search.rs compares the words with
-- those of an organisation entered through the core).
INSERT INTO organisation_search (rowid, names, offerings, languages, places, contacts)
SELECT o.id,
       replace(replace(replace(replace(lower(
           o.name || ' ' || o.short_name || ' ' || o.description),
           'ı', 'i'), 'İ', 'i'), 'ẞ', 'ss'), 'ß', 'ss'),
       '',
       '',
       replace(replace(replace(replace(lower(
           o.municipality || ' ' || o.city || ' ' || o.street || ' '),
           'ı', 'i'), 'İ', 'i'), 'ẞ', 'ss'), 'ß', 'ss'),
       ''
FROM organisation AS o
WHERE o.id NOT IN (SELECT rowid FROM organisation_search);
