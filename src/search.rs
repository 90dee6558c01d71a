//! Text folding and FTS5 queries shared by every search box.
//!
//! The folding itself (Turkish `ı`/`İ` to `i`, `ß` to `ss`, diacritics
//! left to FTS5's `remove_diacritics 2` or removed by `fold_plain`) lives in
//! [`crate::folding`], which the storage layer also uses to sort lists; it
//! is re-exported here for the search boxes.

pub use crate::folding::{fold, fold_plain};

/// How many characters must be inserted, deleted or replaced to turn `a`
/// into `b` (Levenshtein distance): how names with a typo are matched.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            current.push(
                (previous[j] + cost)
                    .min(previous[j + 1] + 1)
                    .min(current[j] + 1),
            );
        }
        previous = current;
    }
    previous[b.len()]
}

/// An FTS5 query from what the user typed: every word must occur, each as a
/// prefix (search as you type). Quotes keep FTS5 syntax characters from
/// being read as operators. `None` when nothing searchable was typed.
pub fn prefix_query(typed: &str) -> Option<String> {
    let terms: Vec<String> = fold(typed)
        .split(|c: char| !c.is_alphanumeric() || is_private_use(c))
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// The words a full-text index holds for `text`: what SQLite's
/// `unicode61` tokenizer with `remove_diacritics 2` makes of the [`fold`]ed
/// text (runs of letters, digits and private-use characters, lower case;
/// Latin letters without their diacritics, other scripts' letters as they
/// are; any other mark, such as Arabic harakat, ends a word). The server's
/// search has no FTS5: it stores and queries these words, so that both
/// engines find the same media for the same typed words
/// (`tests/search_words.rs` checks them against FTS5 itself).
pub fn index_words(text: &str) -> Vec<String> {
    words(text, true)
}

/// The words typed into a search box, as [`index_words`] but with
/// private-use characters as separators, as in [`prefix_query`]: typed text
/// never names a filter token.
pub fn typed_words(typed: &str) -> Vec<String> {
    words(typed, false)
}

fn words(text: &str, keep_private_use: bool) -> Vec<String> {
    use unicode_normalization::char::is_combining_mark;
    let mut words = Vec::new();
    let mut word = String::new();
    for c in fold(text).chars() {
        if is_latin_diacritic(c) {
            // Part of the word, and removed.
            continue;
        }
        let part_of_word = (c.is_alphanumeric() && !is_combining_mark(c))
            || (keep_private_use && is_private_use(c));
        if part_of_word {
            push_without_latin_diacritic(c, &mut word);
        } else if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// The combining marks that FTS5's diacritic removal treats as part of a
/// Latin letter: U+0300 to U+036F.
fn is_latin_diacritic(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

/// `c` without its diacritics when it is a Latin letter that has any
/// (`ş` → `s`, `ó` → `o`); `й`, `ё` or `έ` stay, as in FTS5.
fn push_without_latin_diacritic(c: char, word: &mut String) {
    let mut parts = Vec::with_capacity(3);
    unicode_normalization::char::decompose_canonical(c, |p| parts.push(p));
    let latin = |b: char| {
        b.is_ascii_alphabetic()
            || ('\u{00C0}'..='\u{024F}').contains(&b)
            || ('\u{1E00}'..='\u{1EFF}').contains(&b)
    };
    if parts.len() > 1 && latin(parts[0]) {
        word.extend(parts.into_iter().filter(|p| !is_latin_diacritic(*p)));
    } else {
        word.push(c);
    }
}

/// The first character of every filter token in a search table (see
/// `v007_search.sql`): private use, kept inside a token by the tokenizer and
/// removed from typed text, so a typed word never matches a filter.
pub(crate) const FILTER_MARK: char = '\u{E000}';

fn is_private_use(c: char) -> bool {
    ('\u{E000}'..='\u{F8FF}').contains(&c)
}

/// The full-text tables, each tidied by [`tidy_indexes`].
const SEARCH_TABLES: &[&str] = &["medium_search", "borrower_search", "organisation_search"];

/// Merges each search table's index into one segment (FTS5 `optimize`).
///
/// Every write adds a small segment to a full-text index, and SQLite merges
/// them only step by step, so after months of edits a search reads a word's
/// list from many pieces. Merged, the same search on 100,000 media costs a
/// fifth less (measured with callgrind: 11.7 million instructions for "d" +
/// B1 + Arabic + available before, 9.5 million after). The shell calls this
/// once a day, right after a successful daily backup; on 100,000 media it
/// takes about a second, on the few thousand of a real Mediathek a few
/// milliseconds. Nothing found changes.
///
/// # Errors
/// Only SQLite failures; the transaction then leaves the indexes as they
/// were.
pub fn tidy_indexes(db: &mut crate::Db) -> crate::Result<()> {
    db.write(|tx| {
        for table in SEARCH_TABLES {
            tx.execute(
                &format!("INSERT INTO {table} ({table}) VALUES ('optimize')"),
                [],
            )?;
        }
        Ok(())
    })
}

/// The number of segments in a search table's index, for tests of
/// [`tidy_indexes`]. Not for the app.
#[doc(hidden)]
pub fn segments_for_tests(db: &crate::Db, table: &str) -> crate::Result<i64> {
    Ok(db.conn().query_row(
        &format!("SELECT count(DISTINCT segid) FROM \"{table}_idx\""),
        [],
        |r| r.get(0),
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_inserted_deleted_and_replaced_characters() {
        assert_eq!(edit_distance("augustin", "augustin"), 0);
        assert_eq!(edit_distance("agustin", "augustin"), 1);
        assert_eq!(edit_distance("mohammed", "muhammad"), 2);
        assert_eq!(edit_distance("", "bonn"), 4);
        assert_eq!(edit_distance("şükrü", "sukru"), 3, "characters, not bytes");
    }

    #[test]
    fn turkish_and_german_letters_fold_to_what_people_type() {
        assert_eq!(fold("Yılmaz İpek Straße"), "yilmaz ipek strasse");
        assert_eq!(fold("ŞÜKRÜ"), "şükrü", "diacritics stay for FTS5 to remove");
    }

    #[test]
    fn typed_words_become_quoted_prefix_terms() {
        assert_eq!(
            prefix_query("Mül deu").as_deref(),
            Some("\"mül\"* \"deu\"*")
        );
        assert_eq!(
            prefix_query("KI-M-0001").as_deref(),
            Some("\"ki\"* \"m\"* \"0001\"*")
        );
        assert_eq!(
            prefix_query("\" * ( ) ").as_deref(),
            None,
            "syntax alone is no query"
        );
        assert_eq!(prefix_query("محمد").as_deref(), Some("\"محمد\"*"));
        assert_eq!(
            prefix_query("\u{E000}langar").as_deref(),
            Some("\"langar\"*"),
            "typed text never names a filter token"
        );
    }
}
