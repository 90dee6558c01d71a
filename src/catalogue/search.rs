//! Searching the catalogue: the media list with its filters and paging.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::isbn::normalise_isbn;
use super::{Audience, Level};
use crate::{languages, search, Db, Result};

/// Filters and paging for the media list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct MediaQuery {
    /// What was typed: words matched as prefixes in title, authors, ISBN,
    /// Inventarnummern, topics and description, diacritics ignored.
    pub text: String,
    /// Only media of this Mediengruppe.
    pub kind_id: Option<i64>,
    /// Media whose level range includes this level.
    pub level: Option<Level>,
    /// Target or support language.
    pub language: Option<String>,
    /// Only media for this audience (or for everyone).
    pub audience: Option<Audience>,
    /// Only media with a copy on the shelf.
    pub available_only: bool,
    /// Page size (default 50, at most 1,000: [`crate::lists::page_size`]).
    pub limit: u32,
    /// Rows of the whole list skipped before this page (in a list of
    /// more hits, only when no `before` is named: the window then sends
    /// it for its "51–100" alone).
    pub offset: u32,
    /// In a list of more hits than are sorted (newest first, `more`):
    /// only media older than this one, the last row of the page before.
    /// The window pages on this way, so that a page further on reads only
    /// its own rows instead of skipping `offset` hits (on the server, page
    /// 100 of a common word read 5,000 hits first), and a page stays where
    /// it is when media are added meanwhile. Ignored where the hits are
    /// sorted by title: `offset` counts there.
    pub before: Option<i64>,
}

/// One line of the media list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MediumRow {
    /// The medium's number in the database.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Subtitle or volume.
    pub subtitle: String,
    /// Authors as printed.
    pub authors: String,
    /// The Mediengruppe's name.
    pub kind: String,
    /// "A1–B1", "Alpha", or "".
    pub levels: String,
    /// German names of the target and support languages.
    pub languages: Vec<String>,
    /// How many copies it has, retired ones left out.
    pub copies: i64,
    /// How many of them are on the shelf.
    pub available: i64,
}

/// A page of the media list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MediaPage {
    /// All matches, not only this page; with `more`, a lower bound.
    pub total: i64,
    /// The rows of this page.
    pub rows: Vec<MediumRow>,
    /// More than [`SORTED_HITS`] hits: `total` is that number, they were
    /// not counted further and come newest first (the window says "mehr
    /// als 1.000 … die neuesten zuerst" and asks for more words or filters).
    pub more: bool,
}

fn level_range(from: Option<Level>, to: Option<Level>) -> String {
    match (from, to) {
        (Some(a), Some(b)) if a == b => a.label().into(),
        (Some(a), Some(b)) => format!("{}–{}", a.label(), b.label()),
        (Some(a), None) => format!("{}–", a.label()),
        (None, Some(b)) => format!("–{}", b.label()),
        (None, None) => String::new(),
    }
}

/// What a typed text is looked up as before it is searched for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Code {
    /// A copy's Inventarnummer, exactly.
    Barcode,
    /// A medium's ISBN, normalised; the first medium (lowest id) with it.
    Isbn,
}

/// The medium whose copy has exactly this Inventarnummer, or (the first
/// of) those whose ISBN is this one: the rule, with each engine's lookup.
pub(crate) fn exact_code_match(
    text: &str,
    mut find: impl FnMut(Code, &str) -> Result<Option<i64>>,
) -> Result<Option<i64>> {
    if text.is_empty() || text.contains(char::is_whitespace) {
        return Ok(None);
    }
    if let Some(id) = find(Code::Barcode, text)? {
        return Ok(Some(id));
    }
    match normalise_isbn(text) {
        Ok(isbn) => find(Code::Isbn, &isbn),
        Err(_) => Ok(None),
    }
}

/// One line of the list from the columns both engines read: the levels as
/// ranks, the languages as "ziel:de,hilfe:ar" in any order.
#[allow(clippy::too_many_arguments)]
pub(crate) fn medium_row(
    id: i64,
    title: String,
    subtitle: String,
    authors: String,
    kind: String,
    level_from: Option<i64>,
    level_to: Option<i64>,
    languages: Option<String>,
    copies: i64,
    available: i64,
) -> MediumRow {
    // The target language first, then the support languages by code
    // (sorted here: an ORDER BY in the subquery costs a temporary table on
    // every row).
    let mut languages: Vec<(&str, &str)> = languages
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .filter_map(|pair| pair.split_once(':'))
        .collect();
    languages.sort_by(|a, b| b.0.cmp(a.0).then(a.1.cmp(b.1)));
    MediumRow {
        id,
        title,
        subtitle,
        authors,
        kind,
        levels: level_range(
            level_from.and_then(Level::from_rank),
            level_to.and_then(Level::from_rank),
        ),
        languages: languages
            .iter()
            .map(|(_, code)| languages::name(code).to_owned())
            .collect(),
        copies,
        available,
    }
}

/// The language filter as the search tables hold its code: letters and
/// digits, lower case; `None` when nothing of it is left.
pub(crate) fn language_code(query: &MediaQuery) -> Option<String> {
    query
        .language
        .as_deref()
        .map(|l| {
            l.chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase()
        })
        .filter(|code| !code.is_empty())
}

/// Up to this many hits, a search is counted and sorted by title. Beyond
/// it, the words and filters are too unspecific to read the list: the page
/// says "more than" this number, the newest media come first (the search
/// table gives them in that order, so a page costs the same whatever the
/// number of hits), and the window asks for more words or filters.
pub const SORTED_HITS: i64 = 1_000;

/// Ids as a JSON array of numbers, for `json_each`.
fn json_ids(ids: &[i64]) -> String {
    format!(
        "[{}]",
        ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
    )
}

/// The filter tokens (see `v007_search.sql` and `v008_search_pairs.sql`;
/// on the server `v017_search_facets.sql`) a query asks for: the filters
/// that leave few media (Mediengruppe, level, language), which narrow the
/// full-text query. A level and a language together are one token, whose
/// list holds only the media that have both. As the search rows hold
/// them, behind [`search::FILTER_MARK`], unquoted.
pub(crate) fn filter_tokens(query: &MediaQuery) -> Vec<String> {
    let token = |name: String| format!("{}{name}", search::FILTER_MARK);
    let mut tokens = Vec::new();
    if let Some(kind) = query.kind_id {
        tokens.push(token(format!("kind{kind}")));
    }
    match (query.level, language_code(query)) {
        (Some(level), Some(code)) => tokens.push(token(format!("lvl{}{code}", level.rank()))),
        (Some(level), None) => tokens.push(token(format!("lvl{}", level.rank()))),
        (None, Some(code)) => tokens.push(token(format!("lang{code}"))),
        (None, None) => {}
    }
    tokens
}

/// SQL conditions for the filters most media pass (audience, on the
/// shelf), on the medium whose id is the SQL expression `id`: checked on
/// the rows found, not intersected. Each is one seek, and "on the shelf"
/// reads only the index `copy_on_shelf`, so a search that asks for neither
/// never reads the medium rows of its hits. Text of constants only, no
/// parameters, in SQL that both engines read alike (the server's search
/// checks the same conditions).
pub(crate) fn broad_filters(query: &MediaQuery, id: &str) -> String {
    let mut sql = String::new();
    if let Some(audience) = query.audience {
        // A medium for everyone suits every audience.
        sql.push_str(&format!(
            " AND (SELECT a.audience FROM medium AS a WHERE a.id = {id}) IN ('{}', 'alle')",
            audience.code()
        ));
    }
    if query.available_only {
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM copy AS c WHERE c.medium_id = {id} AND c.status = 'verfuegbar')"
        ));
    }
    sql
}

/// Searches the catalogue. Typed words (as prefixes, diacritics ignored)
/// and the narrowing filters (see [`filter_tokens`]) are one full-text
/// query; audience and "on the shelf" are checked on the rows it finds
/// (or, without words and token filters, on the media, newest first). The hits are read once, newest
/// first, and only up to one more than [`SORTED_HITS`]: up to that number
/// they are counted and sorted by title, beyond it they stay newest first
/// and are not counted further; a page of them after a named row
/// ([`MediaQuery::before`]) reads on from that row. Only the page's rows
/// are read. Without
/// words or filters the whole catalogue is listed by title. A scanned or
/// typed Inventarnummer or ISBN finds its medium directly.
///
/// # Errors
/// Only SQLite failures.
pub fn search_media(db: &Db, query: &MediaQuery) -> Result<MediaPage> {
    let conn = db.conn();
    let limit = i64::from(crate::lists::page_size(query.limit));
    let offset = i64::from(query.offset);
    let exact = exact_code_match(query.text.trim(), |code, text| {
        let sql = match code {
            Code::Barcode => "SELECT medium_id FROM copy WHERE barcode = ?1",
            Code::Isbn => "SELECT id FROM medium WHERE isbn = ?1 ORDER BY id LIMIT 1",
        };
        Ok(conn.query_row(sql, [text], |r| r.get(0)).optional()?)
    })?;
    let typed = if exact.is_none() {
        search::prefix_query(&query.text)
    } else {
        None
    };
    // FTS5 takes a token of any characters in double quotes.
    let tokens: Vec<String> = filter_tokens(query)
        .iter()
        .map(|t| format!("\"{t}\""))
        .collect();
    let broad = broad_filters(query, "s.rowid");
    let narrow = tokens.join(" AND ");
    let matching = typed
        .into_iter()
        .chain(tokens.iter().cloned())
        .collect::<Vec<_>>()
        .join(" AND ");
    let collect = |sql: &str, args: &[&dyn rusqlite::ToSql]| -> Result<Vec<i64>> {
        let mut stmt = conn.prepare_cached(sql)?;
        let ids = stmt.query_map(args, |r| r.get(0))?;
        Ok(ids.collect::<rusqlite::Result<_>>()?)
    };
    let (total, ids, more): (i64, Vec<i64>, bool) = if let Some(id) = exact {
        // The scanned medium, if it passes the filters.
        let hit: bool = if narrow.is_empty() {
            conn.query_row(
                &format!(
                    "SELECT EXISTS (SELECT 1 FROM medium AS m WHERE m.id = ?1{})",
                    broad_filters(query, "m.id")
                ),
                [id],
                |r| r.get(0),
            )?
        } else {
            conn.query_row(
                &format!(
                    "SELECT EXISTS (SELECT 1 FROM medium_search AS s
                     WHERE s.medium_search MATCH ?2 AND s.rowid = ?1{broad})"
                ),
                params![id, narrow],
                |r| r.get(0),
            )?
        };
        let ids = if hit && offset == 0 { vec![id] } else { vec![] };
        (i64::from(hit), ids, false)
    } else if matching.is_empty() && broad.is_empty() {
        (
            conn.query_row("SELECT count(*) FROM medium", [], |r| r.get(0))?,
            collect(
                "SELECT id FROM medium ORDER BY title COLLATE NOCASE, id LIMIT ?1 OFFSET ?2",
                &[&limit, &offset],
            )?,
            false,
        )
    } else {
        // The hits in the order of their ids (`order` is "ASC" or "DESC"),
        // below `before` if given, from `offset` on, at most `limit`.
        let hits =
            |order: &str, before: Option<i64>, limit: i64, offset: i64| -> Result<Vec<i64>> {
                // Without a named row, below the largest id there can be
                // (ids count up from 1): one statement for both, with
                // FTS5's rowid bound in its plan.
                let below = before.unwrap_or(i64::MAX);
                if matching.is_empty() {
                    collect(
                        &format!(
                            "SELECT m.id FROM medium AS m WHERE m.id < ?3{}
                         ORDER BY m.id {order} LIMIT ?1 OFFSET ?2",
                            broad_filters(query, "m.id")
                        ),
                        &[&limit, &offset, &below],
                    )
                } else {
                    collect(
                        &format!(
                            "SELECT s.rowid FROM medium_search AS s
                         WHERE s.medium_search MATCH ?1 AND s.rowid < ?4{broad}
                         ORDER BY s.rowid {order} LIMIT ?2 OFFSET ?3"
                        ),
                        &[&matching, &limit, &offset, &below],
                    )
                }
            };
        // First, whether there are more hits than can be sorted: one pass
        // that stops after one more. It reads the full-text lists forwards,
        // which costs about half of reading them backwards (measured), and
        // gives the same hits whenever they are few enough to be sorted.
        // A count of every hit would cost more than the page.
        let first = hits("ASC", None, SORTED_HITS + 1, 0)?;
        if first.len() as i64 <= SORTED_HITS {
            let hits = json_ids(&first);
            let ids = collect(
                "SELECT m.id FROM json_each(?1) AS hit JOIN medium AS m ON m.id = hit.value
                 ORDER BY m.title COLLATE NOCASE, m.id LIMIT ?2 OFFSET ?3",
                &[&hits, &limit, &offset],
            )?;
            (first.len() as i64, ids, false)
        } else {
            // Too many to sort: the newest first, only as far as the page;
            // after the page before, if the window names its last row.
            let page = match query.before {
                Some(before) => hits("DESC", Some(before), limit, 0)?,
                None => hits("DESC", None, limit, offset)?,
            };
            (SORTED_HITS, page, true)
        }
    };
    // The page's rows in one statement, in the order of `ids`.
    let mut page = conn.prepare_cached(
        "SELECT m.id, m.title, m.subtitle, m.authors, k.name, m.level_from, m.level_to,
                (SELECT group_concat(role || ':' || code, ',') FROM medium_language
                    WHERE medium_id = m.id),
                (SELECT count(*) FROM copy c WHERE c.medium_id = m.id AND c.status <> 'ausgeschieden'),
                (SELECT count(*) FROM copy c WHERE c.medium_id = m.id AND c.status = 'verfuegbar')
         FROM json_each(?1) AS hit JOIN medium m ON m.id = hit.value
              JOIN media_kind k ON k.id = m.kind_id
         ORDER BY hit.key",
    )?;
    let rows = page
        .query_map([json_ids(&ids)], |r| {
            Ok(medium_row(
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(MediaPage { total, rows, more })
}
