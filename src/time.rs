//! How moments are stored: `2026-11-12T09:30:00` (local time, no zone, to
//! the second), one format for every table.

use chrono::NaiveDateTime;

/// The stored form of a moment.
pub(crate) const FORMAT: &str = "%Y-%m-%dT%H:%M:%S";

/// A moment as stored.
pub(crate) fn timestamp(moment: NaiveDateTime) -> String {
    moment.format(FORMAT).to_string()
}

/// A stored moment read back; a malformed one is a conversion error.
pub(crate) fn parse(text: &str) -> rusqlite::Result<NaiveDateTime> {
    NaiveDateTime::parse_from_str(text, FORMAT).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}
