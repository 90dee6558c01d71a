//! Folding text so that what people type, and how German readers expect
//! names in order, match what was written.
//!
//! The search tables use FTS5's `unicode61` tokenizer with
//! `remove_diacritics 2`, which makes `Muller` find `Müller` and `Sukru`
//! find `Şükrü`. Two letters are not diacritics to it and are folded here, on
//! both the stored text and the query: Turkish dotless `ı` and dotted `İ`
//! become `i`, and `ß` becomes `ss`.
//!
//! The same folding orders the window's lists ([`sort_key`], registered as
//! the SQL function `sort_key` on every connection by `db`): `Ärger` between
//! `Apfel` and `Azubi`, `Straße` as `Strasse`, as in a German dictionary
//! (DIN 5007, variant 1). Other scripts keep the order of their letters
//! (Cyrillic and Arabic after Latin), with case ignored.

/// Folds `text` for storing in and querying a search table.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'ı' | 'İ' => out.push('i'),
            'ß' | 'ẞ' => out.push_str("ss"),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// [`fold`] and then without diacritics (`Şahin` → `sahin`), for the
/// lists filtered in memory rather than through a search table: the same
/// matching as the search boxes, so staff need not type accents.
pub fn fold_plain(text: &str) -> String {
    use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};
    fold(text)
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .collect()
}

/// The key a list sorts a text by: [`fold_plain`] of the trimmed text, so
/// case and diacritics do not count (`ä` with `a`, `ß` as `ss`). Equal keys
/// (`Müller`, `Muller`) are left to the list's next order, its ids.
pub fn sort_key(text: &str) -> String {
    fold_plain(text.trim())
}

/// Words longer than this many bytes are neither stored in the server's
/// search nor looked for (PostgreSQL refuses a text search word of 2 KB or
/// more; nobody types one).
pub const LONGEST_WORD: usize = 2_000;

/// The words a full-text index holds for `text`: what SQLite's
/// `unicode61` tokenizer with `remove_diacritics 2` makes of the [`fold`]ed
/// text: runs of letters, digits and private-use characters, lower case;
/// Latin letters without their diacritics (the combining marks FTS5 counts
/// as diacritics are dropped inside a word), other scripts' letters as
/// they are; any other mark, such as Arabic harakat, or symbol ends a
/// word. The server's search has no FTS5: it stores these words
/// (`tests/search_words.rs` compares them with FTS5's own for texts of
/// every script the Mediathek holds).
pub fn index_words(text: &str) -> Vec<String> {
    words(text, Words::Stored)
}

/// The words typed into a search box, for both engines: as
/// [`index_words`], except that private-use characters end a word (typed
/// text never names a filter token), every combining mark is dropped
/// rather than ending the word (a name typed with harakat is looked for
/// as written without them, as names are stored), and words longer than
/// [`LONGEST_WORD`] are left out.
pub fn typed_words(typed: &str) -> Vec<String> {
    let mut words = words(typed, Words::Typed);
    words.retain(|w| w.len() <= LONGEST_WORD);
    words
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Words {
    Stored,
    Typed,
}

fn words(text: &str, kind: Words) -> Vec<String> {
    use unicode_normalization::char::is_combining_mark;
    let mut words = Vec::new();
    let mut word = String::new();
    for c in fold(text).chars() {
        if is_fts5_diacritic(c) || (kind == Words::Typed && is_combining_mark(c)) {
            // Part of the word, and removed.
            continue;
        }
        let part_of_word = (c.is_alphanumeric() && !is_combining_mark(c) && !is_letter_symbol(c))
            || (kind == Words::Stored && is_private_use(c));
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

/// The combining marks that FTS5 counts as diacritics (part of a word, and
/// removed): SQLite's `sqlite3Fts5UnicodeIsdiacritic`, a set between
/// U+0300 and U+0331. Other combining marks end a word there.
fn is_fts5_diacritic(c: char) -> bool {
    const FIRST: u32 = 0x0300;
    const LOW: u32 = 0x0802_9FDF;
    const HIGH: u32 = 0x0003_61F8;
    let code = u32::from(c);
    if !(FIRST..=0x0331).contains(&code) {
        return false;
    }
    let bit = code - FIRST;
    if bit < 32 {
        LOW & (1 << bit) != 0
    } else {
        HIGH & (1 << (bit - 32)) != 0
    }
}

/// Symbols that Unicode counts as alphabetic but that are no letters to
/// FTS5 (circled and squared Latin letters).
fn is_letter_symbol(c: char) -> bool {
    ('\u{24B6}'..='\u{24E9}').contains(&c) || ('\u{1F130}'..='\u{1F189}').contains(&c)
}

/// `c` without its diacritics when it is a Latin letter made of an ASCII
/// letter and marks (`ş` → `s`, `ó` → `o`); `ø`, `й`, `ё` or `έ` stay, as in
/// FTS5.
fn push_without_latin_diacritic(c: char, word: &mut String) {
    let mut parts = Vec::with_capacity(3);
    unicode_normalization::char::decompose_canonical(c, |p| parts.push(p));
    if parts.len() > 1 && parts[0].is_ascii_alphabetic() {
        word.extend(parts.into_iter().filter(|p| !is_fts5_diacritic(*p)));
    } else {
        word.push(c);
    }
}

/// Private use characters (the search tables' filter tokens begin with
/// one: `crate::search::FILTER_MARK`).
pub(crate) fn is_private_use(c: char) -> bool {
    ('\u{E000}'..='\u{F8FF}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_names_sort_as_in_a_dictionary() {
        let mut names = vec![
            "Zoe", "Özil", "Otto", "Ärger", "Apfel", "Azubi", "Strasse", "Straße", "Sud",
        ];
        names.sort_by_key(|n| (sort_key(n), *n));
        assert_eq!(
            names,
            ["Apfel", "Ärger", "Azubi", "Otto", "Özil", "Strasse", "Straße", "Sud", "Zoe"],
            "ä sorts with a, ö with o and ß as ss (DIN 5007-1)"
        );
    }

    #[test]
    fn other_scripts_sort_after_latin_without_case() {
        let mut names = vec!["ольга", "Фатима", "Ahmet", "محمد", "Борис"];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(names, ["Ahmet", "Борис", "ольга", "Фатима", "محمد"]);
    }
}
