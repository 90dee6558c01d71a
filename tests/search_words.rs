//! The words the server's search stores and queries
//! (`kiz::search::index_words`) are the words SQLite's FTS5 makes of the
//! same text with the tokenizer the search tables use: checked against
//! FTS5 itself, so that the two engines cannot find different media for
//! the same typed words without this test failing.

use kiz::search::{fold, index_words, typed_words};
use rusqlite::Connection;

/// Texts of every script the Mediathek holds, and the cases where the
/// tokenizers could part: decomposed umlauts, harakat, Latin letters
/// without a decomposition, Cyrillic and Greek letters with marks, codes
/// with hyphens, the Turkish i, ligatures and numbers.
const SAMPLES: &[&str] = &[
    "Müller mu\u{308}ller MÜLLER",
    "Şükrü Yılmaz İstanbul ıspanak Çağ",
    "Bêrîvan Xwendin û nivîsandin",
    "مُحَمَّد محمد العربية للمبتدئين",
    "ёлка йод Алексей Ёжик",
    "øre łódź æble Straße STRASSE",
    "Ωμέγα ǅemal",
    "KI-M-0001 978-3-19-001234-5 ISBN:9783190012345",
    "A2.1 B1+ Lektion 12–14, S. 3/4",
    "ﬁsh ½ ² x\u{E000}kind3",
    "Français élève où Noël",
    "فارسی ی ک کوردی ڕێزمان",
    // Marks FTS5 does or does not count as diacritics, Latin letters on a
    // base that is no ASCII letter, letter symbols.
    "x\u{329}y x\u{332}y x\u{305}y ǿre ǽble Ⓐbc 🄰x",
];

fn fts5_words(conn: &Connection, text: &str) -> Vec<String> {
    conn.execute("DELETE FROM t", []).expect("emptied");
    conn.execute("INSERT INTO t (x) VALUES (?1)", [fold(text)])
        .expect("indexed");
    let mut stmt = conn
        .prepare("SELECT term FROM v ORDER BY term")
        .expect("the vocabulary");
    let words = stmt
        .query_map([], |r| r.get(0))
        .expect("read")
        .collect::<rusqlite::Result<Vec<String>>>()
        .expect("read");
    words
}

fn sorted(mut words: Vec<String>) -> Vec<String> {
    words.sort();
    words.dedup();
    words
}

#[test]
fn the_servers_words_are_the_words_fts5_makes_of_the_same_text() {
    let conn = Connection::open_in_memory().expect("a database");
    conn.execute_batch(
        "CREATE VIRTUAL TABLE t USING fts5 (x, tokenize = 'unicode61 remove_diacritics 2');
         CREATE VIRTUAL TABLE v USING fts5vocab (t, 'row');",
    )
    .expect("the same tokenizer as the search tables");
    for text in SAMPLES {
        let fts5 = fts5_words(&conn, text);
        assert!(!fts5.is_empty(), "{text:?}");
        assert_eq!(sorted(index_words(text)), fts5, "words of {text:?}");
    }
}

#[test]
fn typed_words_are_folded_like_the_stored_ones_and_never_name_a_filter() {
    assert_eq!(typed_words("Mül  deu"), ["mul", "deu"]);
    assert_eq!(typed_words("ŞÜKRÜ"), ["sukru"]);
    assert_eq!(typed_words("KI-M-0001"), ["ki", "m", "0001"]);
    assert_eq!(typed_words("\u{E000}langar"), ["langar"]);
    assert_eq!(typed_words("\" * ( ) "), Vec::<String>::new());
    assert_eq!(index_words("x\u{E000}kind3"), ["x\u{E000}kind3"]);
    // A name typed with harakat is looked for as written without them;
    // a mark alone is nothing to look for.
    assert_eq!(typed_words("مُحَمَّد"), ["محمد"]);
    assert_eq!(typed_words("\u{64B}"), Vec::<String>::new());
    assert_eq!(typed_words("mu\u{308}ller"), ["muller"]);
    // A word too long for the server's search is not looked for at all.
    assert_eq!(typed_words(&"a".repeat(2_001)), Vec::<String>::new());
}

#[test]
fn every_typed_word_is_one_token_to_fts5_so_the_file_never_sees_a_phrase() {
    let conn = Connection::open_in_memory().expect("a database");
    conn.execute_batch(
        "CREATE VIRTUAL TABLE t USING fts5 (x, tokenize = 'unicode61 remove_diacritics 2',
                                          detail = none);
         INSERT INTO t (x) VALUES ('muhammad محمد müller');",
    )
    .expect("a table like the search tables");
    for typed in ["مُحَمَّد", "mu\u{308}ller", "\u{64B}", "x\u{332}y", "KI-M-0001"] {
        if let Some(query) = kiz::search::prefix_query(typed) {
            conn.query_row("SELECT count(*) FROM t WHERE t MATCH ?1", [&query], |r| {
                r.get::<_, i64>(0)
            })
            .unwrap_or_else(|e| panic!("{typed:?} as {query:?}: {e}"));
        }
    }
}
