//! The site's own words in the portal's six languages, kept with the app's
//! translations in `ui/i18n/site/` (one JSON file per language, the same
//! keys in each; `tests/publish.rs` checks that).

use serde_json::{Map, Value};

/// The texts of one language's pages.
#[derive(Debug, Clone)]
pub struct SiteWords {
    map: Map<String, Value>,
}

const FILES: [(&str, &str); 6] = [
    ("de", include_str!("../../ui/i18n/site/de.json")),
    ("en", include_str!("../../ui/i18n/site/en.json")),
    ("fr", include_str!("../../ui/i18n/site/fr.json")),
    ("ru", include_str!("../../ui/i18n/site/ru.json")),
    ("tr", include_str!("../../ui/i18n/site/tr.json")),
    ("ar", include_str!("../../ui/i18n/site/ar.json")),
];

/// The words of `language` (one of [`super::SITE_LANGUAGES`]); German for
/// any other.
pub fn site_words(language: &str) -> SiteWords {
    let text = FILES
        .iter()
        .find(|(code, _)| *code == language)
        .unwrap_or(&FILES[0])
        .1;
    // The files are part of the program and checked by the tests; a
    // broken one leaves the words empty rather than stopping the app.
    let map = match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    };
    SiteWords { map }
}

impl SiteWords {
    /// The text under `key`, or the key itself when it is missing.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.map.get(key).and_then(Value::as_str).unwrap_or(key)
    }

    /// The text under `key` with `{name}` replaced by each value.
    pub fn with(&self, key: &str, values: &[(&str, &str)]) -> String {
        let mut text = self.get(key).to_owned();
        for (name, value) in values {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    /// `key` with `{count}` replaced by `n`, or the text under `keyOne`
    /// when `n` is 1 ("1 Organisation", not "1 Organisationen").
    pub fn count(&self, key: &str, n: usize) -> String {
        if n == 1 {
            if let Some(one) = self.map.get(&format!("{key}One")).and_then(Value::as_str) {
                return one.to_owned();
            }
        }
        self.with(key, &[("count", &n.to_string())])
    }

    /// The name of the language `code` in these words' language.
    pub fn language_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.map
            .get("languageNames")
            .and_then(|names| names.get(code))
            .and_then(Value::as_str)
            .unwrap_or(code)
    }

    /// Every key and text, for the checks that all languages have the same.
    pub fn keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = Vec::new();
        for (key, value) in &self.map {
            match value {
                Value::Object(inner) => {
                    keys.extend(inner.keys().map(|k| format!("{key}.{k}")));
                }
                _ => keys.push(key.clone()),
            }
        }
        keys.sort();
        keys
    }

    /// The words the page's script needs, as JSON.
    pub(super) fn script_words(&self) -> String {
        let keys = [
            "results",
            "resultsOne",
            "organisationsOne",
            "resultsShown",
            "noResults",
            "onShelf",
            "lent",
            "by",
            "level",
            "languages",
            "group",
            "audience",
            "audienceKinder",
            "audienceJugendliche",
            "audienceErwachsene",
            "audienceAlle",
            "organisations",
            "noOrganisations",
            "locale",
            "comma",
        ];
        let mut map = Map::new();
        for key in keys {
            map.insert(key.into(), Value::String(self.get(key).to_owned()));
        }
        if let Some(names) = self.map.get("languageNames") {
            map.insert("languageNames".into(), names.clone());
        }
        Value::Object(map).to_string()
    }
}
