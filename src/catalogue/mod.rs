//! The Mediathek's catalogue: media (the works), their copies (the things on
//! the shelf, each with an Inventarnummer), Mediengruppen, and search.

mod copies;
mod isbn;
mod labels;
mod media;
mod search;
mod search_server;
mod series;
mod store;

mod numbering;

pub use copies::{
    add_copy, copy, copy_by_barcode, copy_by_barcode_in, next_barcode, next_barcode_in, update_copy,
};
pub(crate) use copies::{add_copy_in, copy_in, medium_summary, next_number};
pub use isbn::normalise_isbn;
pub use labels::{labels_for_copies, labels_for_copies_in, Label};
pub(crate) use media::reindex_medium;
pub use media::{
    add_media_kind, create_medium, delete_medium, media_kinds, media_kinds_in, medium, medium_in,
    update_medium,
};
pub(crate) use media::{create_medium_in, update_medium_in};
pub(crate) use numbering::check_scannable;
pub use numbering::{
    numbering, numbering_in, numbering_patterns, numbering_patterns_in, preview_numbering_patterns,
    preview_numbering_patterns_in, save_numbering_form, save_numbering_patterns, NumberingPatterns,
    NumberingPreview, DEFAULT_CARD_PATTERN, DEFAULT_COPY_PATTERN,
};
pub use search::{search_media, MediaPage, MediaQuery, MediumRow, SORTED_HITS};
pub use series::{next_in_series_in, series_of, NextInSeries};
pub use store::CatalogueStore;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A Sprachniveau of the Common European Framework, plus Alpha (literacy).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Literacy (Alphabetisierung).
    Alpha,
    /// GER A1.
    A1,
    /// GER A2.
    A2,
    /// GER B1.
    B1,
    /// GER B2.
    B2,
    /// GER C1.
    C1,
    /// GER C2.
    C2,
}

impl Level {
    /// Every level by rank, from Alpha to C2.
    pub const ALL: [Level; 7] = [
        Level::Alpha,
        Level::A1,
        Level::A2,
        Level::B1,
        Level::B2,
        Level::C1,
        Level::C2,
    ];

    pub(crate) fn rank(self) -> i64 {
        self as i64
    }

    pub(crate) fn from_rank(rank: i64) -> Option<Level> {
        usize::try_from(rank)
            .ok()
            .and_then(|r| Self::ALL.get(r))
            .copied()
    }

    /// As printed: "Alpha", "A1" … "C2".
    pub fn label(self) -> &'static str {
        ["Alpha", "A1", "A2", "B1", "B2", "C1", "C2"][self as usize]
    }
}

/// Zielgruppe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    /// Kinder.
    Kinder,
    /// Jugendliche.
    Jugendliche,
    /// Erwachsene.
    Erwachsene,
    /// Alle Altersgruppen.
    #[default]
    Alle,
}

impl Audience {
    fn code(self) -> &'static str {
        match self {
            Audience::Kinder => "kinder",
            Audience::Jugendliche => "jugendliche",
            Audience::Erwachsene => "erwachsene",
            Audience::Alle => "alle",
        }
    }

    fn from_code(code: &str) -> Audience {
        match code {
            "kinder" => Audience::Kinder,
            "jugendliche" => Audience::Jugendliche,
            "erwachsene" => Audience::Erwachsene,
            _ => Audience::Alle,
        }
    }
}

/// Where a copy is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CopyStatus {
    /// On the shelf.
    Verfuegbar,
    /// On loan.
    Ausgeliehen,
    /// Set aside for a reservation.
    Vorgemerkt,
    /// Being repaired: not lent, not set aside for reservations.
    InReparatur,
    /// Lost.
    Verloren,
    /// Withdrawn (ausgeschieden) with a reason and a day; kept for the loan
    /// history and the statistics.
    Ausgeschieden,
}

impl CopyStatus {
    /// The stored code (`in_reparatur`).
    pub fn code(self) -> &'static str {
        match self {
            CopyStatus::Verfuegbar => "verfuegbar",
            CopyStatus::Ausgeliehen => "ausgeliehen",
            CopyStatus::Vorgemerkt => "vorgemerkt",
            CopyStatus::InReparatur => "in_reparatur",
            CopyStatus::Verloren => "verloren",
            CopyStatus::Ausgeschieden => "ausgeschieden",
        }
    }

    pub(crate) fn from_code(code: &str) -> CopyStatus {
        match code {
            "ausgeliehen" => CopyStatus::Ausgeliehen,
            "vorgemerkt" => CopyStatus::Vorgemerkt,
            "in_reparatur" => CopyStatus::InReparatur,
            "verloren" => CopyStatus::Verloren,
            "ausgeschieden" => CopyStatus::Ausgeschieden,
            _ => CopyStatus::Verfuegbar,
        }
    }
}

/// A Mediengruppe.
pub type MediaKind = crate::pick_lists::Entry;

/// One line of a Medienkoffer's contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KitItem {
    /// What it is ("Bildkarten Obst").
    pub name: String,
    /// How many.
    pub quantity: i64,
}

/// What staff enter for a medium.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct MediumInput {
    /// Mediengruppe.
    pub kind_id: i64,
    /// Required.
    pub title: String,
    /// Subtitle or volume ("Kursbuch und Arbeitsbuch").
    pub subtitle: String,
    /// Authors as printed ("Niebisch, Daniela; Penning-Hiemstra, Sylvette").
    pub authors: String,
    /// Publisher ("Hueber").
    pub publisher: String,
    /// Year of publication (1450 to 2200).
    pub year: Option<i32>,
    /// ISBN-10, ISBN-13 or EAN with or without hyphens; stored as 13 digits.
    pub isbn: String,
    /// The lowest Sprachniveau it is for.
    pub level_from: Option<Level>,
    /// The highest Sprachniveau it is for; not below `level_from`.
    pub level_to: Option<Level>,
    /// Who it is for.
    pub audience: Audience,
    /// The language learnt with it (ISO 639-1).
    pub target_language: Option<String>,
    /// Languages of explanations, glossaries, instructions.
    pub support_languages: Vec<String>,
    /// Free tags.
    pub topics: Vec<String>,
    /// Shelf.
    pub location: String,
    /// What it is about, as shown and searched.
    pub description: String,
    /// Staff's notes.
    pub notes: String,
    /// Contents, for a Medienkoffer.
    pub kit_items: Vec<KitItem>,
    /// The version the form was filled from ([`Medium::saved`]); saving is
    /// refused when someone saved the medium since
    /// ([`crate::Error::ChangedMeanwhile`]). `None` (an import): no check.
    pub version: Option<i64>,
}

/// A medium with its copies.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Medium {
    /// Its number in the database.
    pub id: i64,
    /// Its Mediengruppe.
    pub kind: MediaKind,
    /// Title.
    pub title: String,
    /// Subtitle or volume.
    pub subtitle: String,
    /// Authors as printed.
    pub authors: String,
    /// Publisher.
    pub publisher: String,
    /// Year of publication.
    pub year: Option<i32>,
    /// 13 digits, or `None`.
    pub isbn: Option<String>,
    /// The lowest Sprachniveau it is for.
    pub level_from: Option<Level>,
    /// The highest Sprachniveau it is for.
    pub level_to: Option<Level>,
    /// Who it is for.
    pub audience: Audience,
    /// The language learnt with it (ISO 639-1).
    pub target_language: Option<String>,
    /// Languages of explanations, glossaries, instructions.
    pub support_languages: Vec<String>,
    /// Free tags.
    pub topics: Vec<String>,
    /// Shelf.
    pub location: String,
    /// What it is about.
    pub description: String,
    /// Staff's notes.
    pub notes: String,
    /// Contents, for a Medienkoffer.
    pub kit_items: Vec<KitItem>,
    /// Its copies, by Inventarnummer.
    pub copies: Vec<Copy>,
    /// Its version, and who saved it last when.
    pub saved: crate::versions::Saved,
}

/// One copy on the shelf.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Copy {
    /// Its number in the database.
    pub id: i64,
    /// The medium it is a copy of.
    pub medium_id: i64,
    /// The Inventarnummer.
    pub barcode: String,
    /// Its state as staff describe it ("gut", "Umschlag fehlt").
    pub condition: String,
    /// When the Mediathek got it.
    pub acquired_on: Option<NaiveDate>,
    /// What it cost, in cents.
    pub price_cents: Option<i64>,
    /// Where it is: on the shelf, on loan, set aside, ...
    pub status: CopyStatus,
    /// When it was retired (ausgeschieden).
    pub retired_on: Option<NaiveDate>,
    /// Parts of a Medienkoffer missing since the last return.
    pub missing_parts: String,
    /// Where this copy stands (Standort/Regal); empty: the medium's shelf.
    pub shelf: String,
    /// Why it was withdrawn (ausgeschieden); empty otherwise.
    pub retired_reason: String,
    /// The version of its details ([`update_copy`]), and who saved them
    /// last when.
    pub saved: crate::versions::Saved,
}

/// What staff enter for a new copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct CopyInput {
    /// A scanned or typed Inventarnummer; empty: the next free number.
    pub barcode: String,
    /// Its state as staff describe it.
    pub condition: String,
    /// When the Mediathek got it.
    pub acquired_on: Option<NaiveDate>,
    /// What it cost, in cents; not negative.
    pub price_cents: Option<i64>,
    /// Where this copy stands; empty: the medium's shelf.
    pub shelf: String,
}

/// What staff correct on a copy after adding it ([`update_copy`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct CopyEdit {
    /// Its state as staff describe it; may be empty.
    pub condition: String,
    /// What it cost, in cents; not negative; `None`: unknown.
    pub price_cents: Option<i64>,
    /// When the Mediathek got it; not after today.
    pub acquired_on: Option<NaiveDate>,
    /// Where this copy stands; empty: the medium's shelf.
    pub shelf: String,
    /// The version the form was filled from ([`Copy::saved`]); saving is
    /// refused when someone saved the details since. `None`: not checked.
    pub version: Option<i64>,
}
