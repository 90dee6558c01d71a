//! Every text the window shows comes from `ui/i18n/`: each key the views ask
//! for with a literal `t('…')` exists in German and in English, and the two
//! dictionaries hold the same keys (English may add translations of error
//! codes under `errors`, German keeps those in the core).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn ui_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui")
}

/// The dotted keys of every string in a dictionary file (`export default
/// { section: { key: '…' } }`), read with a small tokenizer of object
/// literals: keys are identifiers or numbers before `:`, values strings.
fn dictionary_keys(source: &str) -> BTreeSet<String> {
    let chars: Vec<char> = source.chars().collect();
    let mut keys = BTreeSet::new();
    let mut path: Vec<String> = Vec::new();
    let mut pending: Option<String> = None;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '\'' || c == '"' || c == '`' {
            i += 1;
            while i < chars.len() && chars[i] != c {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            if let Some(key) = pending.take() {
                let mut full = path.clone();
                full.push(key);
                keys.insert(full.join("."));
            }
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i + 1 < chars.len() && (chars[i + 1].is_alphanumeric() || chars[i + 1] == '_') {
                i += 1;
            }
            let word: String = chars[start..=i].iter().collect();
            let mut next = i + 1;
            while next < chars.len() && chars[next].is_whitespace() {
                next += 1;
            }
            if chars.get(next) == Some(&':') {
                pending = Some(word);
                i = next;
            }
        } else if c == '{' {
            // The outermost brace is the dictionary itself.
            if let Some(key) = pending.take() {
                path.push(key);
            } else {
                path.push(String::new());
            }
        } else if c == '}' {
            path.pop();
        }
        i += 1;
    }
    keys.into_iter()
        .map(|k| k.trim_start_matches('.').to_owned())
        .collect()
}

/// Every literal key in `t('…')` calls of the UI's modules.
fn used_keys() -> BTreeSet<(String, String)> {
    let mut used = BTreeSet::new();
    let mut folders = vec![ui_dir()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("ui folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                if !path.ends_with("i18n") {
                    folders.push(path);
                }
                continue;
            }
            if path.extension().and_then(|e| e.to_str()) != Some("js") {
                continue;
            }
            let source = std::fs::read_to_string(&path).expect("a UI module");
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            for (at, _) in source.match_indices("t('") {
                let before = source[..at].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                    continue;
                }
                let rest = &source[at + 3..];
                let Some(end) = rest.find('\'') else { continue };
                let key = &rest[..end];
                if key
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '.' || c == '_')
                {
                    used.insert((key.to_owned(), name.clone()));
                }
            }
        }
    }
    used
}

fn dictionary(language: &str) -> BTreeSet<String> {
    let path = ui_dir().join("i18n").join(format!("{language}.js"));
    dictionary_keys(&std::fs::read_to_string(&path).expect("a dictionary"))
}

#[test]
fn the_tokenizer_reads_nested_and_inline_sections() {
    let keys = dictionary_keys(
        "// comment: with a colon\nexport default {\n  a: { b: 'x: y', c: \"it's\" },\n  d: {\n    e: `z`,\n    1: 'Montag',\n  },\n  errors: {},\n};\n",
    );
    let expected: BTreeSet<String> = ["a.b", "a.c", "d.e", "d.1"]
        .into_iter()
        .map(String::from)
        .collect();
    assert_eq!(keys, expected);
}

#[test]
fn every_key_the_views_ask_for_exists_in_german_and_english() {
    let used = used_keys();
    assert!(used.len() > 300, "the views were read: {}", used.len());
    for language in ["de", "en"] {
        let known = dictionary(language);
        let missing: Vec<String> = used
            .iter()
            .filter(|(key, _)| !known.contains(key))
            .map(|(key, file)| format!("{key} ({file})"))
            .collect();
        assert!(
            missing.is_empty(),
            "keys missing in {language}.js: {missing:?}"
        );
    }
}

#[test]
fn german_and_english_hold_the_same_texts() {
    let de = dictionary("de");
    let en: BTreeSet<String> = dictionary("en")
        .into_iter()
        .filter(|k| !k.starts_with("errors."))
        .collect();
    assert!(de.len() > 300, "the dictionary was read: {}", de.len());
    let only_de: Vec<&String> = de.difference(&en).collect();
    let only_en: Vec<&String> = en.difference(&de).collect();
    assert!(
        only_de.is_empty() && only_en.is_empty(),
        "only German: {only_de:?}; only English: {only_en:?}"
    );
}
