//! The languages the centre's material and people use: ISO 639-1 codes with
//! the German names staff read. One list for the Mediathek, the
//! organisation directory and the events.

use serde::Serialize;

use crate::{Error, Result};

/// ISO 639-1 code and German name, in the order of the pick lists (German
/// first, then the languages of the communities the centre serves).
pub const LANGUAGES: &[(&str, &str)] = &[
    ("de", "Deutsch"),
    ("ar", "Arabisch"),
    ("tr", "Türkisch"),
    ("ku", "Kurdisch"),
    ("ru", "Russisch"),
    ("uk", "Ukrainisch"),
    ("fa", "Persisch"),
    ("ps", "Paschtu"),
    ("ti", "Tigrinya"),
    ("so", "Somali"),
    ("fr", "Französisch"),
    ("en", "Englisch"),
    ("es", "Spanisch"),
    ("it", "Italienisch"),
    ("pl", "Polnisch"),
    ("ro", "Rumänisch"),
    ("bg", "Bulgarisch"),
    ("sq", "Albanisch"),
    ("sr", "Serbisch"),
    ("bs", "Bosnisch"),
    ("hr", "Kroatisch"),
    ("el", "Griechisch"),
    ("ur", "Urdu"),
    ("am", "Amharisch"),
];

/// A language for pick lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Language {
    /// ISO 639-1 code.
    pub code: &'static str,
    /// German name.
    pub name: &'static str,
}

/// Every language of the list.
pub fn all() -> Vec<Language> {
    LANGUAGES
        .iter()
        .map(|(code, name)| Language { code, name })
        .collect()
}

/// The German name of a code, or the code itself if unknown.
pub fn name(code: &str) -> &str {
    LANGUAGES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, n)| *n)
        .unwrap_or(code)
}

/// Checks and normalises a code (trimmed, lower case).
///
/// # Errors
/// [`Error::UnknownLanguageCode`] naming `field`.
pub fn check(code: &str, field: &'static str) -> Result<String> {
    let clean = code.trim().to_lowercase();
    if LANGUAGES.iter().any(|(c, _)| *c == clean) {
        Ok(clean)
    } else {
        Err(Error::UnknownLanguageCode {
            code: code.trim().to_owned(),
            field,
        })
    }
}
