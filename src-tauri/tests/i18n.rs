//! Every text the window shows comes from `ui/i18n/`: each key the views ask
//! for with a literal `t('…')` exists in German and in English, and the two
//! dictionaries hold the same keys, the error texts included.
//!
//! Every error a command can send ([`CommandError::examples`]: each kind
//! the core can produce, each wording, and the shell's own) is rendered in
//! German and English by the UI's own `errorText` under Node, and checked:
//! each has its text in both languages, every placeholder is one of its
//! parameters, shown in the format its type needs, and filled; the English
//! text is no German one. So switching the UI to English shows no German
//! error text for any code.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use kiz::error::Param;
use kiz_desk_lib::commands::CommandError;
use serde_json::Value;

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
    let en = dictionary("en");
    assert!(de.len() > 300, "the dictionary was read: {}", de.len());
    let only_de: Vec<&String> = de.difference(&en).collect();
    let only_en: Vec<&String> = en.difference(&de).collect();
    assert!(
        only_de.is_empty() && only_en.is_empty(),
        "only German: {only_de:?}; only English: {only_en:?}"
    );
}

/// One example error as the window shows it in one language.
struct Shown {
    /// The key under `errors` of the text used; `None` if there is none.
    key: Option<String>,
    /// That text with its placeholders.
    template: String,
    /// The text filled in.
    text: String,
}

/// Every example error, with how German and English show it: rendered by
/// `ui/i18n/index.js`'s own `errorText` under Node, from a copy of the
/// dictionaries in a folder marked as ES modules.
fn rendered_examples() -> Vec<(CommandError, BTreeMap<String, Shown>)> {
    let examples = CommandError::examples();
    let folder = tempfile::tempdir().expect("a temporary folder");
    for file in ["de.js", "en.js", "index.js"] {
        std::fs::copy(ui_dir().join("i18n").join(file), folder.path().join(file))
            .expect("a dictionary copied");
    }
    let write = |name: &str, text: &str| std::fs::write(folder.path().join(name), text).unwrap();
    write("package.json", r#"{ "type": "module" }"#);
    write("render_errors.mjs", include_str!("i18n/render_errors.mjs"));
    write("examples.json", &serde_json::to_string(&examples).unwrap());
    let output = Command::new("node")
        .arg(folder.path().join("render_errors.mjs"))
        .arg(folder.path().join("examples.json"))
        .output()
        .expect("Node.js runs (`node` on the PATH; cargo xtask test installs it)");
    assert!(
        output.status.success(),
        "rendering the error texts failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let rendered: Vec<BTreeMap<String, Value>> =
        serde_json::from_slice(&output.stdout).expect("JSON from the script");
    assert_eq!(rendered.len(), examples.len(), "one rendering per example");
    examples
        .into_iter()
        .zip(rendered)
        .map(|(error, by_language)| {
            let shown = by_language
                .into_iter()
                .map(|(language, v)| {
                    let text = |name: &str| v[name].as_str().map(str::to_owned);
                    let shown = Shown {
                        key: text("key"),
                        template: text("template").unwrap_or_default(),
                        text: text("text").unwrap_or_default(),
                    };
                    (language, shown)
                })
                .collect();
            (error, shown)
        })
        .collect()
}

/// The placeholders of a text: `{name}` or `{name:format}`, as (name, format).
fn placeholders(text: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        rest = &rest[start + 1..];
        let Some(end) = rest.find('}') else { break };
        let inner = &rest[..end];
        let (name, format) = inner.split_once(':').unwrap_or((inner, ""));
        let word = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_alphanumeric() || c == '_');
        if word(name) && (format.is_empty() || word(format)) {
            found.push((name.to_owned(), format.to_owned()));
        }
        rest = &rest[end + 1..];
    }
    found
}

/// `code` or `code_variant`: which text an example stands for.
fn wording(error: &CommandError) -> String {
    match error.params.get("variant") {
        Some(Param::Text(variant)) => format!("{}_{variant}", error.code),
        _ => error.code.clone(),
    }
}

#[test]
fn every_error_has_its_text_in_german_and_english_with_its_parameters_filled_in() {
    let mut problems: Vec<String> = Vec::new();
    let dictionaries = [("de", dictionary("de")), ("en", dictionary("en"))];
    for (error, shown) in rendered_examples() {
        // A record or field the text names by its translated name must have
        // one: the UI would otherwise fall back to the bare code.
        for param in error.params.values() {
            let key = match param {
                Param::Record(record) => format!("records.{}", record.code()),
                Param::Field(field) => format!("fields.{field}"),
                _ => continue,
            };
            for (language, keys) in &dictionaries {
                if !keys.contains(&key) {
                    problems.push(format!(
                        "{}: {key} is missing in {language}.js",
                        wording(&error)
                    ));
                }
            }
        }
        let wording = wording(&error);
        for language in ["de", "en"] {
            let Some(s) = shown.get(language) else {
                problems.push(format!("{wording}: not rendered in {language}"));
                continue;
            };
            match &s.key {
                None => problems.push(format!("{wording}: no text in {language}.js")),
                Some(key) if *key != wording => problems.push(format!(
                    "{wording}: {language}.js has only the general text errors.{key}, \
                     not this wording's"
                )),
                Some(_) => {}
            }
            for (name, format) in placeholders(&s.template) {
                let Some(param) = error.params.get(&name) else {
                    problems.push(format!(
                        "{wording} ({language}): {{{name}}} is no parameter of this error"
                    ));
                    continue;
                };
                let kind = param.kind().name();
                let fits = match kind {
                    "date" | "moment" | "record" | "field" => format == kind,
                    "number" => format.is_empty() || format == "number",
                    _ => format.is_empty(),
                };
                if !fits {
                    let shown = if format.is_empty() {
                        name
                    } else {
                        format!("{name}:{format}")
                    };
                    problems.push(format!(
                        "{wording} ({language}): {{{shown}}} does not fit a {kind} \
                         (dates, moments, records and fields need :date, :moment, :record, :field)"
                    ));
                }
            }
            if !placeholders(&s.text).is_empty() {
                problems.push(format!("{wording} ({language}): unfilled: {}", s.text));
            }
        }
        let (Some(de), Some(en)) = (shown.get("de"), shown.get("en")) else {
            continue;
        };
        if en.template == de.template && !de.template.is_empty() {
            problems.push(format!("{wording}: the English text is the German one"));
        }
        if let Some(word) = german_in(&en.template) {
            problems.push(format!(
                "{wording}: the English text has German in it ({word}): {}",
                en.template
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A German letter, quotation mark or common word in a text, if any.
fn german_in(text: &str) -> Option<String> {
    if let Some(c) = text.chars().find(|c| "äöüÄÖÜß„".contains(*c)) {
        return Some(c.to_string());
    }
    const WORDS: &[&str] = &[
        "und", "nicht", "der", "die", "das", "ist", "wurde", "bitte", "Sie", "ein", "eine", "mit",
        "für", "oder", "noch", "schon", "kann", "werden",
    ];
    text.split(|c: char| !c.is_alphanumeric())
        .find(|w| WORDS.iter().any(|g| g.eq_ignore_ascii_case(w)))
        .map(str::to_owned)
}

#[test]
fn every_error_text_and_record_name_belongs_to_an_error_that_can_occur() {
    let rendered = rendered_examples();
    let used: BTreeSet<String> = rendered
        .iter()
        .flat_map(|(_, shown)| shown.values().filter_map(|s| s.key.clone()))
        .map(|key| format!("errors.{key}"))
        .chain(rendered.iter().flat_map(|(error, _)| {
            error.params.values().filter_map(|p| match p {
                Param::Record(record) => Some(format!("records.{}", record.code())),
                _ => None,
            })
        }))
        .collect();
    for language in ["de", "en"] {
        let unused: Vec<String> = dictionary(language)
            .into_iter()
            .filter(|k| k.starts_with("errors.") || k.starts_with("records."))
            .filter(|k| !used.contains(k))
            .collect();
        assert!(
            unused.is_empty(),
            "texts in {language}.js for no error the core or the shell can send: {unused:?}"
        );
    }
}

#[test]
fn numbers_dates_records_fields_and_rooms_read_as_each_language_writes_them() {
    let rendered = rendered_examples();
    let texts = |wording: &str, filter: &dyn Fn(&CommandError) -> bool| -> (String, String) {
        let (_, shown) = rendered
            .iter()
            .find(|(e, _)| self::wording(e) == wording && filter(e))
            .unwrap_or_else(|| panic!("an example of {wording}"));
        (shown["de"].text.clone(), shown["en"].text.clone())
    };
    let any = |_: &CommandError| true;
    let field = |name: &'static str| {
        move |e: &CommandError| e.params.get("field") == Some(&Param::Field(name))
    };
    assert_eq!(
        texts("too_long", &field("description")),
        (
            "Das Feld „Beschreibung“ ist zu lang (höchstens 5.000 Zeichen).".into(),
            "The field “Description” is too long (at most 5,000 characters).".into()
        ),
        "thousands grouped as each language does, the field by its label"
    );
    assert_eq!(
        texts("too_long", &field("name")).0,
        "Das Feld „Name“ ist zu lang (höchstens 200 Zeichen)."
    );
    assert_eq!(
        texts("changed_meanwhile", &any),
        (
            "Das Medium wurde inzwischen an einem anderen Arbeitsplatz gespeichert (BUERO-2, \
             03.12.2026, 10:42). Ihre Änderungen wurden nicht gespeichert, damit nichts \
             überschrieben wird: „Neu laden“ zeigt den gespeicherten Stand, danach können Sie \
             Ihre Änderungen erneut eintragen."
                .into(),
            "The item was saved on another workstation in the meantime (BUERO-2, 03.12.2026, \
             10:42). Your changes were not saved, so that nothing is overwritten: “Reload” shows \
             what is stored; then you can enter your changes again."
                .into()
        ),
        "a moment as dd.mm.yyyy, hh:mm, the workstation by its name"
    );
    assert_eq!(
        texts("room_taken", &any),
        (
            "Raum 1.01 ist zu dieser Zeit schon belegt: „Bewerbung schreiben“. Bitte einen \
             anderen Raum oder eine andere Zeit wählen."
                .into(),
            "Raum 1.01 is already booked at that time: “Bewerbung schreiben”. Please choose \
             another room or time."
                .into()
        ),
        "the refused room booking names the room and the other workshop in both languages"
    );
    assert_eq!(
        texts("copy_already_on_loan_own", &any),
        (
            "Exemplar KI-M-000007 ist bereits an diese Person ausgeliehen (fällig am 10.12.2026). \
             Zum Verlängern F4 drücken. Soll es neu ausgeliehen werden, bitte zuerst die \
             Rückgabe buchen."
                .into(),
            "Copy KI-M-000007 is already on loan to this person (due 10.12.2026). Press F4 to \
             renew it. To lend it anew, please book the return first."
                .into()
        ),
        "a date as dd.mm.yyyy"
    );
    assert_eq!(
        texts("out_of_range", &any).0,
        "Bitte eine ganze Zahl von 1900 bis 2100 eingeben.",
        "years are not grouped by thousands"
    );
    assert_eq!(
        texts("not_found", &|e| e.params.get("what")
            == Some(&Param::Record(kiz::Record::ConsentText))),
        (
            "Der Einwilligungstext wurde nicht gefunden. Vielleicht wurde der Eintrag \
             inzwischen geändert; bitte laden Sie die Liste neu."
                .into(),
            "The consent text was not found. Perhaps the entry was changed in the meantime; \
             please reload the list."
                .into()
        ),
        "the record by its name in each language"
    );
    assert_eq!(
        texts("person_has_loans", &any).1,
        "This person still has items on loan: Schritte plus 1, Memory Obst. They can be \
         deleted once the items are returned.",
        "a list joined by commas"
    );
}

/// The field names the core passes to `limits::check` as literals: in
/// `check("topics", …, limits::NAME)` and in tuples `("title", …,
/// limits::TITLE)`. (The institution's fields and the pick lists' pass
/// theirs through a variable; those are in the dictionaries too.)
fn fields_checked_for_length() -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut folders = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("../src")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("core source").flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            let source = std::fs::read_to_string(&path).unwrap_or_default();
            for (at, _) in source.match_indices("limits::") {
                let rest = &source[at + "limits::".len()..];
                if !rest.starts_with(|c: char| c.is_ascii_uppercase()) {
                    continue;
                }
                // Back to the parenthesis that opens the call or tuple.
                let mut depth = 0;
                let before: Vec<char> = source[..at].chars().collect();
                let mut i = before.len();
                while i > 0 {
                    i -= 1;
                    match before[i] {
                        ')' => depth += 1,
                        '(' if depth == 0 => break,
                        '(' => depth -= 1,
                        _ => {}
                    }
                }
                let opened: String = before[i + 1..].iter().collect();
                let opened = opened.trim_start();
                if let Some(literal) = opened.strip_prefix('"') {
                    if let Some(end) = literal.find('"') {
                        found.insert(literal[..end].to_owned());
                    }
                }
            }
        }
    }
    found
}

#[test]
fn every_field_whose_length_is_checked_has_a_label_in_german_and_english() {
    let fields = fields_checked_for_length();
    assert!(
        fields.len() > 40 && fields.contains("guardian_contact") && fields.contains("topics"),
        "the core's checks were read: {fields:?}"
    );
    for language in ["de", "en"] {
        let known = dictionary(language);
        let missing: Vec<&String> = fields
            .iter()
            .filter(|f| !known.contains(&format!("fields.{f}")))
            .collect();
        assert!(
            missing.is_empty(),
            "too_long would name these fields only as 'Text' in {language}.js: {missing:?}"
        );
    }
}
