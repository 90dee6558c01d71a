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
