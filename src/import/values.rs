//! Reading a cell the way the forms read what staff type: each function
//! gives the value, or `None` when the cell does not hold one of its kind
//! (the dry run then names the row and column).

use chrono::{Days, NaiveDate};

use crate::catalogue::Level;
use crate::languages::LANGUAGES;
use crate::organisations::MUNICIPALITIES;
use crate::search::{edit_distance, fold_plain};

/// A date written `1.2.2024`, `01.02.24`, `2024-02-01` (also with a time
/// after it), or an Excel serial number from 10,000 up (`45323` is
/// 1 February 2024). Two-
/// digit years are 2000–2069 up to `69`, else 1970–1999.
pub fn date(cell: &str) -> Option<NaiveDate> {
    let cell = cell.trim();
    let day_part = cell.split([' ', 'T']).next().unwrap_or(cell);
    if let Ok(day) = NaiveDate::parse_from_str(day_part, "%Y-%m-%d") {
        return Some(day);
    }
    let parts: Vec<&str> = day_part.split('.').collect();
    if let [d, m, y] = parts.as_slice() {
        let (d, m): (u32, u32) = (d.parse().ok()?, m.parse().ok()?);
        let y: i32 = match y.len() {
            4 => y.parse().ok()?,
            2 => {
                let short: i32 = y.parse().ok()?;
                if short <= 69 {
                    2000 + short
                } else {
                    1900 + short
                }
            }
            _ => return None,
        };
        return NaiveDate::from_ymd_opt(y, m, d);
    }
    // Excel counts days from 30 December 1899. Serials below 10,000 (before
    // 1927) are left alone: a cell holding "2024" is a year, not a day in
    // 1905, and the lists hold no dates that old.
    let serial: f64 = cell.parse().ok()?;
    if !(10_000.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(Days::new(serial.trunc() as u64))
}

/// A number written the German way (`1.234,50`, `12,5`) or the English way
/// (`1,234.50`, `12.5`), with spaces or a `€` around it.
pub fn number(cell: &str) -> Option<f64> {
    let cleaned: String = cell
        .trim()
        .trim_end_matches('€')
        .trim_start_matches('€')
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect();
    if cleaned.is_empty() {
        return None;
    }
    let comma = cleaned.rfind(',');
    let dot = cleaned.rfind('.');
    let normal = match (comma, dot) {
        // Both: the later one is the decimal separator.
        (Some(c), Some(d)) if c > d => cleaned.replace('.', "").replace(',', "."),
        (Some(_), Some(_)) => cleaned.replace(',', ""),
        (Some(_), None) => {
            // `1,234,567` groups thousands; `12,5` is a decimal comma.
            if cleaned.matches(',').count() > 1 {
                cleaned.replace(',', "")
            } else {
                cleaned.replace(',', ".")
            }
        }
        (None, Some(_)) => {
            // `1.234` or `1.234.567` group thousands (German); `12.5` is a
            // decimal point.
            let groups: Vec<&str> = cleaned.trim_start_matches('-').split('.').collect();
            let grouped = groups.len() > 1
                && (1..=3).contains(&groups[0].len())
                && groups[1..].iter().all(|g| g.len() == 3);
            if grouped {
                cleaned.replace('.', "")
            } else {
                cleaned
            }
        }
        (None, None) => cleaned,
    };
    normal.parse().ok().filter(|n: &f64| n.is_finite())
}

/// A Sprachniveau or a range of them: `A1`, `a2`, `Alpha`,
/// `Alphabetisierung`, `A1/A2`, `A1-A2`, `A1 – B1`, `A2 bis B1`. The range
/// comes back ordered (lowest first).
pub fn levels(cell: &str) -> Option<(Level, Level)> {
    let folded = fold_plain(cell);
    let words: Vec<&str> = folded
        .split(|c: char| matches!(c, '/' | '-' | '–' | ',' | ';' | '+') || c.is_whitespace())
        .filter(|w| !w.is_empty() && !matches!(*w, "bis" | "to" | "und" | "and"))
        .collect();
    let found: Vec<Level> = words.iter().map(|w| level(w)).collect::<Option<_>>()?;
    let low = *found.iter().min()?;
    let high = *found.iter().max()?;
    Some((low, high))
}

fn level(word: &str) -> Option<Level> {
    Some(match word {
        "alpha" | "alphabetisierung" | "alfa" => Level::Alpha,
        "a1" => Level::A1,
        "a2" => Level::A2,
        "b1" => Level::B1,
        "b2" => Level::B2,
        "c1" => Level::C1,
        "c2" => Level::C2,
        _ => return None,
    })
}

/// Names of each language besides its German one: English, and as its
/// speakers write it.
const OTHER_NAMES: &[(&str, &[&str])] = &[
    ("de", &["german", "deutsch"]),
    ("ar", &["arabic", "العربية", "عربي"]),
    ("tr", &["turkish", "türkçe", "turkce"]),
    (
        "ku",
        &[
            "kurdish",
            "kurdî",
            "kurmancî",
            "kurmanci",
            "sorani",
            "کوردی",
        ],
    ),
    ("ru", &["russian", "русский"]),
    ("uk", &["ukrainian", "українська"]),
    ("fa", &["persian", "farsi", "dari", "فارسی"]),
    ("ps", &["pashto", "پښتو"]),
    ("ti", &["tigrinya", "ትግርኛ"]),
    ("so", &["somali", "soomaali"]),
    ("fr", &["french", "français"]),
    ("en", &["english"]),
    ("es", &["spanish", "español"]),
    ("it", &["italian", "italiano"]),
    ("pl", &["polish", "polski"]),
    ("ro", &["romanian", "română"]),
    ("bg", &["bulgarian", "български"]),
    ("sq", &["albanian", "shqip"]),
    ("sr", &["serbian", "srpski", "српски"]),
    ("bs", &["bosnian", "bosanski"]),
    ("hr", &["croatian", "hrvatski"]),
    ("el", &["greek", "ελληνικά"]),
    ("ur", &["urdu", "اردو"]),
    ("am", &["amharic", "አማርኛ"]),
];

/// The code of one language named by its ISO code (`ar`), its German name
/// (`Arabisch`), its English name or as its speakers write it (`العربية`,
/// `Türkçe`); case and accents do not matter.
pub fn language(cell: &str) -> Option<&'static str> {
    let folded = fold_plain(cell.trim());
    if folded.is_empty() {
        return None;
    }
    LANGUAGES
        .iter()
        .find(|(code, name)| folded == *code || folded == fold_plain(name))
        .map(|(code, _)| *code)
        .or_else(|| {
            OTHER_NAMES
                .iter()
                .find(|(_, names)| names.iter().any(|n| fold_plain(n) == folded))
                .map(|(code, _)| *code)
        })
}

/// Several languages in one cell (`Deutsch, Arabisch`, `de/tr`,
/// `Türkisch und Kurdisch`), each once. `Err` holds the first word that is
/// no language, so the dry run can name it.
pub fn languages(cell: &str) -> Result<Vec<&'static str>, String> {
    let mut codes = Vec::new();
    let spaced = cell.replace([',', ';', '/', '+', '|'], " , ");
    let parts = spaced
        .split(" , ")
        .flat_map(|p| p.split(" und ").flat_map(|q| q.split(" and ")))
        .map(str::trim)
        .filter(|p| !p.is_empty());
    for part in parts {
        let code = language(part).ok_or_else(|| part.to_owned())?;
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    Ok(codes)
}

/// One of the 19 municipalities of the Rhein-Sieg-Kreis or Bonn, as the
/// directory writes it, also from a spelling with a typo or two
/// (`Sankt Agustin`, `St. Augustin`, `Hennef`, `Konigswinter`). `None`
/// when no name is close enough or two are equally close.
pub fn municipality(cell: &str) -> Option<&'static str> {
    let typed = fold_plain(cell.trim())
        .replace("st.", "sankt")
        .replace("st ", "sankt ");
    if typed.is_empty() {
        return None;
    }
    let places = &MUNICIPALITIES[..MUNICIPALITIES.len() - 1];
    // "Hennef" for "Hennef (Sieg)": the name without its addition.
    let plain = |name: &str| fold_plain(name.split(" (").next().unwrap_or(name));
    if let Some(exact) = places
        .iter()
        .find(|name| fold_plain(name) == typed || plain(name) == typed)
    {
        return Some(exact);
    }
    let allowed = if typed.chars().count() <= 5 { 1 } else { 2 };
    let mut scored: Vec<(usize, &'static str)> = places
        .iter()
        .map(|name| (edit_distance(&typed, &plain(name)), *name))
        .filter(|(d, _)| *d <= allowed)
        .collect();
    scored.sort();
    match scored.as_slice() {
        [(best, name), (next, _), ..] if best < next => Some(name),
        [(_, name)] => Some(name),
        _ => None,
    }
}
