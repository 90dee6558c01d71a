//! Searching the catalogue on the shared database (PostgreSQL): the same
//! list as [`super::search::search_media`] on the file, for the same query.
//!
//! The file's search is an FTS5 table whose filter tokens narrow the typed
//! words. The server has no FTS5: `medium_search` holds each medium's words
//! as `kiz::search::index_words` makes them (the words FTS5 makes of the
//! same text) and the filter tokens of the Mediengruppe, levels and
//! languages (as the file's rows do; here since step 17), a typed word is a prefix
//! of one of them (`'mul':*`), a filter its token, and GIN intersects them.
//! Shared with the file's search in `search.rs`: an Inventarnummer or ISBN
//! finds its medium directly, the filter tokens, the conditions for
//! audience and "on the shelf", a page's row. Written here again, in the
//! server's SQL: up to [`SORTED_HITS`] hits are counted and sorted by
//! title, more stay newest first.
//! `tests/search_engines.rs` keeps the two from drifting apart.

use postgres::types::ToSql;

use super::search::{broad_filters, exact_code_match, filter_tokens, medium_row, Code};
use super::{MediaPage, MediaQuery, SORTED_HITS};
use crate::db::engine::Dialect;
use crate::db::engine::{query_prepared, Statements};
use crate::db::server::Server;
use crate::{search, Result};

/// A text search query from typed words, each a prefix, and the filter
/// tokens, each whole; all of them needed. The words hold only letters,
/// digits and marks of words, the tokens the filter mark, letters and
/// digits, never a quote or a backslash, so quoting them is enough.
fn text_query(words: &[String], tokens: &[String]) -> String {
    words
        .iter()
        .map(|w| format!("'{w}':*"))
        .chain(tokens.iter().map(|t| format!("'{t}'")))
        .collect::<Vec<_>>()
        .join(" & ")
}

/// The search's reads, each statement prepared once per session.
struct Reader<'a, 't> {
    tx: &'a mut postgres::Transaction<'t>,
    statements: &'a mut Statements,
}

impl Reader<'_, '_> {
    fn rows(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<postgres::Row>> {
        query_prepared(self.tx, self.statements, sql, params)
    }

    fn ids(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<i64>> {
        Ok(self.rows(sql, params)?.iter().map(|r| r.get(0)).collect())
    }
}

/// Searches the catalogue on the server: the same page as
/// [`super::search::search_media`] gives for the same query and data.
///
/// # Errors
/// A failure of the server.
pub fn search_media(server: &mut Server, query: &MediaQuery) -> Result<MediaPage> {
    // One snapshot for the count and the page, as the file's reads see
    // one state of the file.
    server.read_with_statements(|tx, statements| {
        // The statements are prepared once per session, but planned for
        // each search's own words and filters: a plan made once for any
        // words (PostgreSQL's generic plan after five runs) cannot tell a
        // rare word from a common one, and chose scans up to twenty times
        // slower in the benchmark.
        tx.batch_execute("SET LOCAL plan_cache_mode = force_custom_plan")?;
        search_in(&mut Reader { tx, statements }, query)
    })
}

fn search_in(client: &mut Reader<'_, '_>, query: &MediaQuery) -> Result<MediaPage> {
    let limit = i64::from(crate::lists::page_size(query.limit));
    let offset = i64::from(query.offset);
    let exact = exact_code_match(query.text.trim(), |code, text| {
        let sql = match code {
            Code::Barcode => "SELECT medium_id FROM copy WHERE barcode = $1",
            Code::Isbn => "SELECT id FROM medium WHERE isbn = $1 ORDER BY id LIMIT 1",
        };
        Ok(client.rows(sql, &[&text])?.first().map(|r| r.get(0)))
    })?;
    let words = if exact.is_none() {
        search::typed_words(&query.text)
    } else {
        Vec::new()
    };
    let tokens = filter_tokens(query);
    let typed = text_query(&words, &tokens);
    let (total, page, more): (i64, Vec<i64>, bool) = if let Some(id) = exact {
        // The scanned medium, if it passes the filters.
        let sql = if tokens.is_empty() {
            format!(
                "SELECT EXISTS (SELECT 1 FROM medium AS m WHERE m.id = $1 AND $2::text IS NOT NULL{})",
                broad_filters(query, "m.id")
            )
        } else {
            format!(
                "SELECT EXISTS (SELECT 1 FROM medium_search AS s
                 WHERE s.medium_id = $1 AND s.words @@ $2::text::tsquery{})",
                broad_filters(query, "s.medium_id")
            )
        };
        let hit = client
            .rows(&sql, &[&id, &typed])?
            .first()
            .is_some_and(|r| r.get::<_, bool>(0));
        let page = if hit && offset == 0 { vec![id] } else { vec![] };
        (i64::from(hit), page, false)
    } else if typed.is_empty() && broad_filters(query, "m.id").is_empty() {
        // The count the server keeps (`v017_search_facets.sql`), read
        // rather than counted.
        let total: i64 = client
            .rows("SELECT media FROM medium_search_total", &[])?
            .first()
            .map_or(0, |r| r.get(0));
        let page = client.ids(
            &format!(
                "SELECT m.id FROM medium AS m ORDER BY {}, m.id LIMIT $1 OFFSET $2",
                Dialect::Postgres.nocase_order("m.title")
            ),
            &[&limit, &offset],
        )?;
        (total, page, false)
    } else {
        // Words or tokens read the search rows, which hold the title's
        // sort key too; without them, the media and their titles ($1 is
        // then unused).
        let (from, id, title, key, matching) = if typed.is_empty() {
            (
                "medium AS m",
                "m.id",
                "m.title",
                Dialect::Postgres.nocase_order("hit.title"),
                "$1::text IS NOT NULL",
            )
        } else {
            (
                "medium_search AS s",
                "s.medium_id",
                "s.title_key",
                Dialect::Postgres.byte_order("hit.title"),
                "s.words @@ $1::text::tsquery",
            )
        };
        let broad = broad_filters(query, id);
        // Up to one more hit than can be sorted, in any order (the server
        // stops there instead of ordering every hit: a single typed letter
        // finds a third of the catalogue), counted, and, if they can be,
        // the page of them sorted by title, in one statement.
        let first = client.rows(
            &format!(
                "WITH hit AS MATERIALIZED (
                     SELECT {id} AS id, {title} AS title FROM {from}
                     WHERE {matching}{broad} LIMIT $2)
                 SELECT n.hits,
                        CASE WHEN n.hits < $2 THEN ARRAY(
                            SELECT hit.id FROM hit ORDER BY {key}, hit.id
                            LIMIT $3 OFFSET $4) END
                 FROM (SELECT count(*) AS hits FROM hit) AS n"
            ),
            &[&typed, &(SORTED_HITS + 1), &limit, &offset],
        )?;
        let (count, page): (i64, Vec<i64>) = first.first().map_or((0, Vec::new()), |r| {
            (
                r.get(0),
                r.get::<_, Option<Vec<i64>>>(1).unwrap_or_default(),
            )
        });
        if count <= SORTED_HITS {
            (count, page, false)
        } else {
            // More: the newest first, as on the file; after the page
            // before, if the window names its last row (the index on the
            // ids reads backwards from there, instead of from the newest).
            // Without a named row, below the largest id there can be.
            let (below, skip) = query.before.map_or((i64::MAX, offset), |b| (b, 0));
            let newest = client.ids(
                &format!(
                    "SELECT {id} FROM {from} WHERE {matching}{broad} AND {id} < $4
                     ORDER BY {id} DESC LIMIT $2 OFFSET $3"
                ),
                &[&typed, &limit, &skip, &below],
            )?;
            (SORTED_HITS, newest, true)
        }
    };
    let rows = client
        .rows(
            "SELECT m.id, m.title, m.subtitle, m.authors, k.name, m.level_from, m.level_to,
                    (SELECT string_agg(l.role || ':' || l.code, ',') FROM medium_language AS l
                        WHERE l.medium_id = m.id),
                    (SELECT count(*) FROM copy AS c
                        WHERE c.medium_id = m.id AND c.status <> 'ausgeschieden'),
                    (SELECT count(*) FROM copy AS c
                        WHERE c.medium_id = m.id AND c.status = 'verfuegbar')
             FROM unnest($1::bigint[]) WITH ORDINALITY AS hit (id, n)
                  JOIN medium AS m ON m.id = hit.id
                  JOIN media_kind AS k ON k.id = m.kind_id
             ORDER BY hit.n",
            &[&page],
        )?
        .iter()
        .map(|r| {
            medium_row(
                r.get(0),
                r.get(1),
                r.get(2),
                r.get(3),
                r.get(4),
                r.get(5),
                r.get(6),
                r.get(7),
                r.get(8),
                r.get(9),
            )
        })
        .collect();
    Ok(MediaPage { total, rows, more })
}
