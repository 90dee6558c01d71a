-- Version 17: nothing changes in the file. The server's search rows get
-- the filter tokens (Mediengruppe, levels, languages) that this file's
-- FTS5 rows have held since step 8, and the server keeps its number of
-- media (src/db/server/v017_search_facets.sql says why); the step has a
-- number here too because both engines count their schema in the same
-- versions.
SELECT 1;
