//! Printouts and exports: one small layer that every loan slip, list and
//! letter goes through, so each of them prints every script correctly.
//!
//! - [`fonts`]: DejaVu Sans plus fallback fonts from the system.
//! - [`text`]: bidi ordering, shaping, measuring, wrapping.
//! - [`layout`]: pages with header and footer, headings, paragraphs,
//!   key–value blocks, tables, signature lines ([`Printout`]).
//! - [`export`]: XLSX and CSV for Excel.
//! - [`sample`]: the test page staff print to check printer and fonts.
//! - [`render_on`]: the one entry the shell calls: a [`DocumentRequest`]
//!   in, the file's bytes, name and warnings out, on either engine
//!   ([`render`] on the file, [`render_in`] inside a read on either).
//! - [`DocumentKind`]: every document's German title and file name (made
//!   valid on Windows by [`crate::file_names::file_name`]).

mod annual_report;
pub mod calendar;
mod chart;
pub mod directory;
pub mod export;
pub mod fonts;
pub mod labels;
pub mod layout;
mod names;
pub mod participants;
pub mod privacy;
pub mod programme;
mod render;
pub mod sample;
mod shown;
pub mod slips;
mod text;

pub use layout::{Align, Column, Orientation, Overflow, Paper, PrintSetup, Printout, Table};
pub use names::DocumentKind;
pub use render::{
    mailing_list, remind, render, render_in, render_on, DocumentRequest, EventDocument,
    ExportFormat, MeetingDocument, PrintContext, Reminder, Rendered, Scope,
};
pub use shown::ShownTable;
pub use text::Weight;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::Param;

/// A date as German staff read it on a printout: 05.12.2026.
pub(crate) fn german_date(date: NaiveDate) -> String {
    date.format("%d.%m.%Y").to_string()
}

/// A character that no available font can draw; it was printed as "�".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissingGlyph {
    /// The character.
    pub character: char,
    /// Where it stood (a column or field name), so staff can find it.
    pub field: String,
}

/// How many missing characters one notice names before it says "and n more".
const MISSING_NAMED: usize = 12;

/// Something staff are told about a finished document, as a code and
/// typed parameters like an [`Error`](crate::Error): the sentence in the
/// user's language comes from `ui/i18n/` (`errors.<code>_<variant>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// Stable snake-case code (`missing_glyphs`).
    pub code: &'static str,
    /// Typed details by name.
    pub params: BTreeMap<&'static str, Param>,
}

impl Notice {
    /// One notice for everything a document could not print: each
    /// character once (however often and in however many fields it stood),
    /// as `🥳 (U+1F973)`, at most [`MISSING_NAMED`] of them and the number
    /// of the others in `more`, and the fields where they stood. Variant
    /// `one` for a single character, `many`, or `many_more` when some are
    /// only counted. `None` when every character was printed.
    pub fn missing_glyphs(missing: &[MissingGlyph]) -> Option<Notice> {
        missing.first()?;
        let mut characters: Vec<char> = Vec::new();
        let mut fields: Vec<String> = Vec::new();
        for m in missing {
            if !characters.contains(&m.character) {
                characters.push(m.character);
            }
            if !fields.contains(&m.field) {
                fields.push(m.field.clone());
            }
        }
        let named: Vec<String> = characters
            .iter()
            .take(MISSING_NAMED)
            .map(|c| format!("{c} (U+{:04X})", *c as u32))
            .collect();
        let more = characters.len().saturating_sub(MISSING_NAMED);
        let variant = match (characters.len(), more) {
            (1, _) => "one",
            (_, 0) => "many",
            _ => "many_more",
        };
        let mut params = BTreeMap::from([
            ("variant", Param::Text(variant.into())),
            ("characters", Param::List(named)),
            ("fields", Param::List(fields)),
        ]);
        if more > 0 {
            params.insert("more", Param::Number(more as i64));
        }
        Some(Notice {
            code: "missing_glyphs",
            params,
        })
    }

    /// One notice of every wording, for the test that every notice has its
    /// texts in German and English.
    pub fn examples() -> Vec<Notice> {
        let glyph = |character, field: &str| MissingGlyph {
            character,
            field: field.into(),
        };
        let many: Vec<MissingGlyph> = ('\u{1F600}'..='\u{1F60E}')
            .map(|c| glyph(c, "Name"))
            .collect();
        [
            vec![glyph('\u{1F973}', "Name")],
            vec![glyph('\u{1F973}', "Name"), glyph('\u{674E}', "Name")],
            many,
        ]
        .iter()
        .filter_map(|missing| Notice::missing_glyphs(missing))
        .collect()
    }
}

/// A finished PDF.
#[derive(Debug, Clone)]
pub struct Pdf {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Number of pages.
    pub pages: usize,
    /// Characters printed as placeholders; empty when all went well.
    pub missing: Vec<MissingGlyph>,
}

impl Pdf {
    /// What staff are told after printing: at most one notice per
    /// document, naming every character no font has (see
    /// [`Notice::missing_glyphs`]).
    pub fn warnings(&self) -> Vec<Notice> {
        Notice::missing_glyphs(&self.missing).into_iter().collect()
    }
}
