//! The catalogue's search rows on the shared database (`medium_search`,
//! see `v011_baseline.sql`): each medium's words, as the file's FTS5 table
//! holds them. Here, below the catalogue, because the move onto the server
//! makes them in its transaction; the catalogue's search reads them
//! (`crate::catalogue`'s `search_server`).

use postgres::GenericClient;

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
            let mut these = index_words(&text.join(" "));
            these.retain(|w| w.len() <= LONGEST_WORD);
            these.sort_unstable();
            these.dedup();
            media.push(row.get::<_, i64>(0));
            // One text per medium, its words apart by spaces (no word
            // holds one), split again on the server.
            words.push(these.join(" "));
        }
        client.execute(
            "INSERT INTO medium_search (medium_id, words)
             SELECT m.id, array_to_tsvector(array_remove(string_to_array(m.words, ' '), ''))
             FROM unnest($1::bigint[], $2::text[]) AS m (id, words)",
            &[&media, &words],
        )?;
    }
    Ok(())
}
