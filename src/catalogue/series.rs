//! "Passt dazu" on a medium's page: the next level of the same series
//! (issue 23, point 2), e.g. "Schritte plus Neu 3" (A2) after "Schritte
//! plus Neu 1" (A1).
//!
//! The catalogue has no series field; course books name their series and
//! volume in the title ("Schritte plus Neu 1 – Kursbuch", "Linie 1 A2 –
//! Audio-CDs", "Netzwerk neu A2"). The series is the title's words before
//! its first volume number or level ("Schritte plus Neu", "Linie",
//! "Netzwerk neu"); a title without such a mark belongs to no series.
//! Fitting are media of the same series and target language whose level
//! range starts at the level after this medium's (its upper end).

use serde::Serialize;

use super::Level;
use crate::db::engine::{args, Sql};
use crate::Result;

/// A medium that continues another one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NextInSeries {
    /// The medium.
    pub medium_id: i64,
    /// Its title.
    pub title: String,
    /// Its level range.
    pub level_from: Option<Level>,
    /// The range's upper end.
    pub level_to: Option<Level>,
}

/// The series a title names, lower case (see the module's text), or
/// `None`.
pub fn series_of(title: &str) -> Option<String> {
    let mut words = Vec::new();
    for word in title.split_whitespace() {
        if is_volume_or_level(word) {
            let series = words.join(" ");
            let series = series.trim_end_matches(['–', '-', ':', ',']).trim();
            return (!series.is_empty()).then(|| series.to_lowercase());
        }
        words.push(word);
    }
    None
}

/// A volume number up to 20 ("1", "3."; "Die 100 wichtigsten Verben" is
/// no volume) or a level or range of levels as course books write them
/// ("A2", "A2–B1", "B1/B2", "A1.1", "B1+", "A1/1", "Alpha").
fn is_volume_or_level(word: &str) -> bool {
    let word = word.trim_matches(|c: char| matches!(c, ',' | ':' | '.' | '(' | ')'));
    if let Ok(volume) = word.parse::<u8>() {
        return (1..=20).contains(&volume);
    }
    let is_level = |part: &str| {
        // A level with its sub-level: "A1.1", "A1+" ("A1/1" is split below).
        let part = part.trim_end_matches('+');
        let part = part.split_once('.').map_or(part, |(level, _)| level);
        Level::ALL
            .iter()
            .any(|l| l.label().eq_ignore_ascii_case(part))
    };
    let mut parts = word.split(['–', '-', '/']).peekable();
    parts.peek().is_some_and(|first| is_level(first))
        && parts
            .all(|part| is_level(part) || part.parse::<u8>().is_ok_and(|n| (1..=9).contains(&n)))
}

/// The media of the same series and target language at the next level
/// (see the module's text), in the order they were catalogued.
///
/// # Errors
/// A failure of the engine.
pub fn next_in_series_in(sql: &dyn Sql, medium_id: i64) -> Result<Vec<NextInSeries>> {
    let Some(this) = sql.row(
        "SELECT m.title, coalesce(m.level_to, m.level_from),
                (SELECT ml.code FROM medium_language ml
                 WHERE ml.medium_id = m.id AND ml.role = 'ziel'
                 ORDER BY ml.code LIMIT 1)
         FROM medium m WHERE m.id = ?1",
        args![medium_id],
    )?
    else {
        return Ok(Vec::new());
    };
    let title: String = this.get(0)?;
    let (Some(series), Some(level), Some(language)) = (
        series_of(&title),
        this.get::<Option<i64>>(1)?,
        this.get::<Option<String>>(2)?,
    ) else {
        return Ok(Vec::new());
    };
    let rows = sql.rows(
        "SELECT m.id, m.title, m.level_from, m.level_to
         FROM medium m
         WHERE m.level_from = ?2 AND m.id <> ?1
           AND EXISTS (SELECT 1 FROM medium_language ml
                       WHERE ml.medium_id = m.id AND ml.role = 'ziel' AND ml.code = ?3)
         ORDER BY m.id",
        args![medium_id, level + 1, &language],
    )?;
    let mut next = Vec::new();
    for r in &rows {
        let title: String = r.get(1)?;
        if series_of(&title).as_deref() == Some(series.as_str()) {
            next.push(NextInSeries {
                medium_id: r.get(0)?,
                title,
                level_from: r.get::<Option<i64>>(2)?.and_then(Level::from_rank),
                level_to: r.get::<Option<i64>>(3)?.and_then(Level::from_rank),
            });
        }
    }
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::series_of;

    #[test]
    fn the_series_is_the_title_before_its_volume_or_level() {
        for (title, series) in [
            (
                "Schritte plus Neu 1 – Kursbuch und Arbeitsbuch",
                Some("schritte plus neu"),
            ),
            ("Linie 1 A2 – Audio-CDs", Some("linie")),
            (
                "Netzwerk neu A2 – Kurs- und Übungsbuch",
                Some("netzwerk neu"),
            ),
            (
                "Menschen im Beruf – Pflege B1/B2",
                Some("menschen im beruf – pflege"),
            ),
            ("DTZ-Prüfungstraining A2–B1", Some("dtz-prüfungstraining")),
            ("Wortschatz-Memo Alltag", None),
            ("A1 – Erste Wörter", None),
            ("Menschen A1.1 – Kursbuch", Some("menschen")),
            ("Sicher! B1+ – Arbeitsbuch", Some("sicher!")),
            ("Netzwerk neu A1/1", Some("netzwerk neu")),
            (
                "Die 100 wichtigsten Verben A1",
                Some("die 100 wichtigsten verben"),
            ),
            ("DTZ-Prüfungstraining", None),
        ] {
            assert_eq!(series_of(title).as_deref(), series, "{title}");
        }
    }
}
