//! The numbering patterns of Inventarnummern (copies) and Ausweisnummern
//! (borrowers' cards), set in Einstellungen: checked, previewed and stored.
//!
//! A pattern is fixed characters around one run of `#`, the counter
//! (`KI-M-######`). What a pattern may be, and why:
//!
//! - only `A`–`Z`, `0`–`9`, `-`, `.` and `/`: the characters of Code 39,
//!   which every barcode font and scanner carries (the labels are Code 128,
//!   which carries more, but a keyboard-wedge scanner set to another
//!   keyboard layout garbles most other signs). Lower case is taken as upper
//!   case, as the desk reads a typed code;
//! - exactly one run of 3 to 12 `#`: fewer runs out after 999 numbers,
//!   more does not fit a label;
//! - at least one letter, so that no number looks like an ISBN/EAN in the
//!   catalogue search, and card and copy numbers differ in their letters.
//!
//! A pattern is refused when it collides with something ("collides" as
//! decided for issue 19):
//!
//! 1. the Inventarnummer and the Ausweisnummer pattern could produce the
//!    same code: the desk's scan field tells a card from a copy only by
//!    looking the code up (card first, `lending::identify`), so such a copy
//!    could never be scanned again;
//! 2. a pattern could produce a workshop confirmation's check-in code
//!    (`KIZ-ANM-` and digits, `events::checkin`);
//! 3. a code in use fits the other kind's pattern: a copy's Inventarnummer
//!    that the card pattern could produce, or a card number that the copy
//!    pattern could produce (the counter would one day hand it out again);
//! 4. the next number is already in use (in either table, upper or lower
//!    case), or the counter is full (`KI-M-999999` was handed out).
//!
//! The same holds for a number typed or scanned by hand: a new copy's
//! label that the card pattern could produce or that is a card number, or
//! a card number that the copy pattern could produce or that is a copy's
//! label, is refused ([`check_scannable`], called by `add_copy` and by
//! `people` when a card number is set).
//!
//! Numbers of an earlier pattern stay valid: labels already printed are not
//! renumbered, and scanned labels of any other form are accepted as before.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::copies::next_number;
use crate::db::engine::{args, scalar, Engine, Sql};
use crate::settings::{put_setting_in, text_setting_in};
use crate::versions;
use crate::{limits, Db, Error, Record, Result};

/// The Inventarnummer pattern of a fresh database.
pub const DEFAULT_COPY_PATTERN: &str = "KI-M-######";
/// The Ausweisnummer pattern of a fresh database.
pub const DEFAULT_CARD_PATTERN: &str = "KI-A-######";

const COPY_KEY: &str = "copy_barcode_pattern";
const CARD_KEY: &str = "card_number_pattern";
const COPY_FIELD: &str = "copy_barcode_pattern";
const CARD_FIELD: &str = "card_number_pattern";
/// The fewest and the most `#` of a counter.
const COUNTER_WIDTH: (u32, u32) = (3, 12);
/// What a workshop confirmation's code starts with (`events::checkin`,
/// which this module may not use; a test compares the two).
const CHECKIN_PREFIX: &str = "KIZ-ANM-";

/// The two patterns, as stored and as staff edit them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct NumberingPatterns {
    /// Inventarnummern of new copies (`KI-M-######`).
    pub copy_barcode: String,
    /// Ausweisnummern of new borrowers (`KI-A-######`).
    pub card_number: String,
}

/// Checked patterns with the numbers they hand out next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NumberingPreview {
    /// The patterns as they are (or would be) stored: trimmed, upper case.
    pub patterns: NumberingPatterns,
    /// The next new copy's Inventarnummer.
    pub next_barcode: String,
    /// The next new borrower's Ausweisnummer.
    pub next_card_number: String,
    /// The version of the stored patterns (0 before the first save): what
    /// the form sends back when it saves, so that of two PCs saving the
    /// patterns they read, the second is refused (the shared database).
    pub version: i64,
}

/// The prefix of the settings keys of the patterns' version.
const VERSIONS: &str = "numbering";

/// The patterns in use (the defaults until staff set them).
///
/// # Errors
/// Only SQLite failures.
pub fn numbering_patterns(db: &Db) -> Result<NumberingPatterns> {
    numbering_patterns_in(db.conn())
}

/// The patterns in use with the numbers they hand out next, as the
/// settings page shows them (not checked again: they were when saved).
///
/// # Errors
/// Only SQLite failures.
pub fn numbering(db: &Db) -> Result<NumberingPreview> {
    numbering_in(db.conn())
}

/// [`numbering`] on either engine.
///
/// # Errors
/// A failure of the engine.
pub fn numbering_in(sql: &dyn Sql) -> Result<NumberingPreview> {
    let patterns = numbering_patterns_in(sql)?;
    Ok(NumberingPreview {
        next_barcode: next_number(sql, &patterns.copy_barcode, "copy", "barcode")?,
        next_card_number: next_number(sql, &patterns.card_number, "borrower", "card_number")?,
        patterns,
        version: versions::settings_saved(sql, VERSIONS)?.version,
    })
}

/// [`numbering_patterns`] inside a read, on either engine.
///
/// # Errors
/// A failure of the engine.
pub fn numbering_patterns_in(sql: &dyn Sql) -> Result<NumberingPatterns> {
    Ok(NumberingPatterns {
        copy_barcode: text_setting_in(sql, COPY_KEY)?
            .unwrap_or_else(|| DEFAULT_COPY_PATTERN.into()),
        card_number: text_setting_in(sql, CARD_KEY)?.unwrap_or_else(|| DEFAULT_CARD_PATTERN.into()),
    })
}

/// Checks two patterns as [`save_numbering_patterns`] would and says which
/// numbers they would hand out next; stores nothing.
///
/// # Errors
/// As [`save_numbering_patterns`].
pub fn preview_numbering_patterns(db: &Db, input: &NumberingPatterns) -> Result<NumberingPreview> {
    check(db.conn(), input)
}

/// [`preview_numbering_patterns`] inside a read, on either engine.
///
/// # Errors
/// As [`preview_numbering_patterns`].
pub fn preview_numbering_patterns_in(
    sql: &dyn Sql,
    input: &NumberingPatterns,
) -> Result<NumberingPreview> {
    check(sql, input)
}

/// Stores the numbering patterns after checking them (see the module
/// documentation), in one transaction.
///
/// # Errors
/// [`Error::Required`], [`Error::TooLong`],
/// [`Error::InvalidNumberingPattern`], [`Error::NumberingCounterWidth`],
/// [`Error::NumberingPatternsOverlap`], [`Error::NumberingCodeTaken`].
/// Nothing is stored when either pattern is refused.
pub fn save_numbering_patterns(
    store: &mut impl Engine,
    input: &NumberingPatterns,
) -> Result<NumberingPreview> {
    store.write_sql(|tx| store_patterns(tx, input))
}

/// [`save_numbering_patterns`] from the settings page: as saved on
/// workstation `by` at `now`, and only if nobody saved the patterns since
/// the form read `version` ([`NumberingPreview::version`]).
///
/// # Errors
/// As [`save_numbering_patterns`]; [`Error::ChangedMeanwhile`] (nothing
/// stored).
pub fn save_numbering_form(
    store: &mut impl Engine,
    input: &NumberingPatterns,
    version: i64,
    by: &str,
    now: NaiveDateTime,
) -> Result<NumberingPreview> {
    store.write_sql(|tx| {
        versions::claim_settings(tx, VERSIONS, Record::NumberingPatterns, version, by, now)?;
        store_patterns(tx, input)
    })
}

fn store_patterns(tx: &dyn Sql, input: &NumberingPatterns) -> Result<NumberingPreview> {
    // Checked after the claim: the preview carries the raised version.
    let preview = check(tx, input)?;
    put_setting_in(tx, COPY_KEY, &preview.patterns.copy_barcode)?;
    put_setting_in(tx, CARD_KEY, &preview.patterns.card_number)?;
    Ok(preview)
}

/// One position of the codes a pattern produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// A fixed character.
    Fixed(char),
    /// A digit of the counter.
    Digit,
}

/// A checked pattern, position by position.
struct Shape(Vec<Place>);

impl Shape {
    fn parse(pattern: &str, field: &'static str) -> Result<Shape> {
        if pattern.is_empty() {
            return Err(Error::Required { field });
        }
        limits::check(field, pattern, limits::CODE)?;
        let invalid = |problem| Error::InvalidNumberingPattern { field, problem };
        if !pattern
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "-./#".contains(c))
        {
            return Err(invalid("characters"));
        }
        let runs = pattern
            .split(|c| c != '#')
            .filter(|run| !run.is_empty())
            .collect::<Vec<_>>();
        let width = match runs.as_slice() {
            [] => return Err(invalid("no_counter")),
            [run] => run.len(),
            _ => return Err(invalid("several_counters")),
        };
        let (min, max) = COUNTER_WIDTH;
        if !(min as usize..=max as usize).contains(&width) {
            return Err(Error::NumberingCounterWidth { field, min, max });
        }
        if !pattern.chars().any(|c| c.is_ascii_uppercase()) {
            return Err(invalid("no_letter"));
        }
        Ok(Shape(
            pattern
                .chars()
                .map(|c| {
                    if c == '#' {
                        Place::Digit
                    } else {
                        Place::Fixed(c)
                    }
                })
                .collect(),
        ))
    }

    /// A code both shapes produce, if there is one: same length, and at
    /// every position the same character or a digit the other's counter
    /// can hold.
    fn overlap(&self, other: &Shape) -> Option<String> {
        if self.0.len() != other.0.len() {
            return None;
        }
        self.0
            .iter()
            .zip(&other.0)
            .map(|pair| meet(*pair.0, *pair.1))
            .collect()
    }

    /// A check-in code (`KIZ-ANM-` and one or more digits) this shape
    /// produces, if any.
    fn checkin_overlap(&self) -> Option<String> {
        if self.0.len() <= CHECKIN_PREFIX.len() {
            return None;
        }
        let prefix = CHECKIN_PREFIX.chars().map(Place::Fixed);
        let digits = std::iter::repeat_n(Place::Digit, self.0.len() - CHECKIN_PREFIX.len());
        self.overlap(&Shape(prefix.chain(digits).collect()))
    }

    /// Whether `code` is a number the pattern can produce: as long, a
    /// digit wherever the counter stands and the fixed characters
    /// elsewhere (in Rust, so that it reads the same on both engines).
    fn matches(&self, code: &str) -> bool {
        code.chars().count() == self.0.len()
            && code.chars().zip(&self.0).all(|(c, place)| match place {
                Place::Fixed(f) => c == *f,
                Place::Digit => c.is_ascii_digit(),
            })
    }
}

/// The character two positions can both hold.
fn meet(a: Place, b: Place) -> Option<char> {
    match (a, b) {
        (Place::Digit, Place::Digit) => Some('1'),
        (Place::Digit, Place::Fixed(c)) | (Place::Fixed(c), Place::Digit) => {
            c.is_ascii_digit().then_some(c)
        }
        (Place::Fixed(x), Place::Fixed(y)) => (x == y).then_some(x),
    }
}

/// The tables of the two kinds of number.
const COPY_CODES: (&str, &str, Record) = ("copy", "barcode", Record::Copy);
const CARD_CODES: (&str, &str, Record) = ("borrower", "card_number", Record::Borrower);

fn check(conn: &dyn Sql, input: &NumberingPatterns) -> Result<NumberingPreview> {
    let patterns = NumberingPatterns {
        copy_barcode: input.copy_barcode.trim().to_ascii_uppercase(),
        card_number: input.card_number.trim().to_ascii_uppercase(),
    };
    let copy = Shape::parse(&patterns.copy_barcode, COPY_FIELD)?;
    let card = Shape::parse(&patterns.card_number, CARD_FIELD)?;
    if let Some(example) = card.overlap(&copy) {
        return Err(Error::NumberingPatternsOverlap {
            field: CARD_FIELD,
            other: "copy",
            example,
        });
    }
    for (shape, field) in [(&copy, COPY_FIELD), (&card, CARD_FIELD)] {
        if let Some(example) = shape.checkin_overlap() {
            return Err(Error::NumberingPatternsOverlap {
                field,
                other: "checkin",
                example,
            });
        }
    }
    // A code in use that the other kind's pattern could produce.
    for (shape, field, (table, column, owner)) in [
        (&card, CARD_FIELD, COPY_CODES),
        (&copy, COPY_FIELD, CARD_CODES),
    ] {
        if let Some(code) = first_match(conn, table, column, shape)? {
            return Err(Error::NumberingCodeTaken {
                field,
                code,
                owner,
                next: false,
            });
        }
    }
    let next_barcode = next_free(conn, &patterns.copy_barcode, &copy, COPY_FIELD, COPY_CODES)?;
    let next_card_number = next_free(conn, &patterns.card_number, &card, CARD_FIELD, CARD_CODES)?;
    Ok(NumberingPreview {
        patterns,
        next_barcode,
        next_card_number,
        version: versions::settings_saved(conn, VERSIONS)?.version,
    })
}

/// The first code of a table (in code order) that the shape could produce
/// (any case, as SQLite's `upper()` folds: ASCII letters only). Matched
/// here rather than by `GLOB`, so both engines read the same: the codes
/// of the pattern's length are read once per check.
fn first_match(sql: &dyn Sql, table: &str, column: &str, shape: &Shape) -> Result<Option<String>> {
    let mut first: Option<String> = None;
    // Only codes of the pattern's length can fit (the preview asks at
    // every keystroke, on the server over the network).
    let length = i64::try_from(shape.0.len()).unwrap_or(i64::MAX);
    for r in sql.rows(
        &format!("SELECT {column} FROM {table} WHERE length({column}) = ?1"),
        args![length],
    )? {
        let code: String = r.get(0)?;
        if shape.matches(&code.to_ascii_uppercase()) && first.as_ref().is_none_or(|f| code < *f) {
            first = Some(code);
        }
    }
    Ok(first)
}

/// The pattern's next number, checked to fit the counter and to be in use
/// nowhere (neither table, any case).
fn next_free(
    conn: &dyn Sql,
    pattern: &str,
    shape: &Shape,
    field: &'static str,
    (table, column, _): (&str, &str, Record),
) -> Result<String> {
    let next = next_number(conn, pattern, table, column)?;
    if next.chars().count() != shape.0.len() {
        return Err(Error::InvalidNumberingPattern {
            field,
            problem: "full",
        });
    }
    for (table, column, owner) in [COPY_CODES, CARD_CODES] {
        let taken: bool = scalar(
            conn,
            &format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE upper({column}) = ?1)"),
            args![next.as_str()],
        )?;
        if taken {
            return Err(Error::NumberingCodeTaken {
                field,
                code: next,
                owner,
                next: true,
            });
        }
    }
    Ok(next)
}

/// Refuses a hand-entered code that the desk would take for the other kind
/// of number: a new copy's label that is a card number or that the card
/// pattern could produce, or a card number that is a copy's label or that
/// the copy pattern could produce. `own` is the kind of the new code
/// ([`Record::Copy`] or [`Record::Borrower`]).
///
/// # Errors
/// [`Error::ScanCodeClash`].
pub(crate) fn check_scannable(sql: &dyn Sql, code: &str, own: Record) -> Result<()> {
    let stored = numbering_patterns_in(sql)?;
    let (field, pattern, (table, column, other)) = match own {
        Record::Copy => ("barcode", stored.card_number, CARD_CODES),
        _ => ("card_number", stored.copy_barcode, COPY_CODES),
    };
    let upper = code.trim().to_uppercase();
    // A stored pattern from before these checks that no longer parses
    // produces nothing to compare with.
    let fits = Shape::parse(&pattern, field).is_ok_and(|shape| shape.matches(&upper));
    let in_use: bool = scalar(
        sql,
        &format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE upper({column}) = ?1)"),
        args![&upper],
    )?;
    if fits || in_use {
        return Err(Error::ScanCodeClash {
            field,
            code: code.trim().to_owned(),
            other,
            in_use,
        });
    }
    // A course package's card: the desk reads cards and copies first, so
    // the package would no longer be lent by its card.
    let package: bool = scalar(
        sql,
        "SELECT EXISTS (SELECT 1 FROM course_package WHERE code = ?1)",
        args![&upper],
    )?;
    if package {
        return Err(Error::ScanCodeClash {
            field,
            code: code.trim().to_owned(),
            other: Record::CoursePackage,
            in_use: true,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(pattern: &str) -> Shape {
        Shape::parse(pattern, COPY_FIELD).expect("a valid pattern")
    }

    #[test]
    fn patterns_overlap_only_where_every_position_can_hold_the_same_character() {
        assert_eq!(shape("KI-M-######").overlap(&shape("KI-A-######")), None);
        assert_eq!(
            shape("KI-######").overlap(&shape("KI-1#####")).as_deref(),
            Some("KI-111111"),
            "a fixed digit inside the other's counter"
        );
        assert_eq!(
            shape("KI-####").overlap(&shape("KI-#####")),
            None,
            "lengths differ"
        );
        assert_eq!(
            shape("A-###-B").overlap(&shape("A-####B")),
            None,
            "'-' is no digit"
        );
    }

    #[test]
    fn a_pattern_that_starts_like_a_checkin_code_overlaps_it() {
        assert!(shape("KIZ-ANM-####").checkin_overlap().is_some());
        assert!(shape("KIZ-INV-####").checkin_overlap().is_none());
        assert!(shape("KIZ-ANM-###X").checkin_overlap().is_none());
    }
}
