//! The catalogue's search rows on the shared database (`medium_search`,
//! see `v011_baseline.sql`): each medium's words, as the file's FTS5 table
//! holds them. The server adds the filter tokens and the title's sort key
//! to each row it is given (`v017_search_facets.sql`). Here, below the
//! catalogue, because the move onto the server makes them in its
//! transaction; the catalogue's search reads them (`crate::catalogue`'s
//! `search_server`).

use postgres::GenericClient;

use crate::db::engine::{args, Sql};
use crate::folding::{index_words, LONGEST_WORD};
use crate::Result;

/// Rewrites the search rows of the media `ids` (all media when `None`) from
/// the tables, in the caller's transaction: what the file's
/// `reindex_medium` does for FTS5.
///
/// # Errors
/// A failure of the server.
pub fn reindex_media(client: &mut impl GenericClient, ids: Option<&[i64]>) -> Result<()> {
    let rows = client.query(
        "SELECT m.id, m.title, m.subtitle, m.authors, coalesce(m.isbn, ''),
                coalesce((SELECT string_agg(c.barcode, ' ') FROM copy AS c
                          WHERE c.medium_id = m.id), ''),
                m.topics, m.description
         FROM medium AS m WHERE $1::bigint[] IS NULL OR m.id = ANY($1)",
        &[&ids],
    )?;
    client.execute(
        "DELETE FROM medium_search WHERE $1::bigint[] IS NULL OR medium_id = ANY($1)",
        &[&ids],
    )?;
    // A thousand media per statement: one round trip each, not one per
    // medium (a move of 100,000 media).
    for chunk in rows.chunks(1_000) {
        let mut media = Vec::with_capacity(chunk.len());
        let mut words = Vec::with_capacity(chunk.len());
        for row in chunk {
            let text: Vec<&str> = (1..8).map(|i| row.get::<_, &str>(i)).collect();
            media.push(row.get::<_, i64>(0));
            words.push(words_of(&text));
        }
        // The server adds the filter tokens and the title's sort key
        // (the trigger medium_search_row, v017_search_facets.sql).
        client.execute(
            "INSERT INTO medium_search (medium_id, words)
             SELECT m.id, array_to_tsvector(array_remove(string_to_array(m.words, ' '), ''))
             FROM unnest($1::bigint[], $2::text[]) AS m (id, words)",
            &[&media, &words],
        )?;
    }
    Ok(())
}

/// A medium's words as one text, apart by spaces (no word holds one), to
/// be split again on the server: its texts folded and cut into words, the
/// longest dropped as the file's index drops them, each once.
fn words_of(texts: &[&str]) -> String {
    let mut words = index_words(&texts.join(" "));
    words.retain(|w| w.len() <= LONGEST_WORD);
    words.sort_unstable();
    words.dedup();
    words.join(" ")
}

/// Rewrites the search row of one medium, in the caller's transaction
/// through [`Sql`]: what [`reindex_media`] does for many, for the app's
/// writes on the server (a medium saved, a copy added). No row for a
/// medium that does not exist.
///
/// # Errors
/// A failure of the server.
pub(crate) fn reindex_medium(sql: &dyn Sql, id: i64) -> Result<()> {
    sql.run("DELETE FROM medium_search WHERE medium_id = ?1", args![id])?;
    let Some(row) = sql.row(
        "SELECT m.title, m.subtitle, m.authors, coalesce(m.isbn, ''),
                coalesce((SELECT string_agg(c.barcode, ' ') FROM copy AS c
                          WHERE c.medium_id = m.id), ''),
                m.topics, m.description
         FROM medium AS m WHERE m.id = ?1",
        args![id],
    )?
    else {
        return Ok(());
    };
    let texts = (0..7)
        .map(|i| row.get::<String>(i))
        .collect::<Result<Vec<_>>>()?;
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    sql.run(
        "INSERT INTO medium_search (medium_id, words)
         VALUES (?1, array_to_tsvector(array_remove(string_to_array(?2, ' '), '')))",
        args![id, words_of(&texts)],
    )?;
    Ok(())
}
