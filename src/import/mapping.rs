//! Which column holds which field: the first guess from the headers the
//! centre's lists use, in German and English, that staff then correct.

use serde::{Deserialize, Serialize};

use crate::search::fold_plain;

/// What a file is imported as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// Media with their copies.
    Media,
    /// Borrowers (teachers, volunteers, organisations).
    Borrowers,
    /// Organisations with their contact person and offerings.
    Organisations,
    /// Participants of a workshop.
    Participants,
}

/// A field a column can be mapped to, with the headers that name it
/// (folded: lower case, no accents, punctuation as spaces).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Field {
    /// The field's code (`title`, `isbn`); the UI names it in its language.
    pub key: &'static str,
    /// Headers that name this field.
    #[serde(skip)]
    pub headers: &'static [&'static str],
}

const fn field(key: &'static str, headers: &'static [&'static str]) -> Field {
    Field { key, headers }
}

const EMAIL: Field = field("email", &["e mail", "email", "mail", "e mail adresse"]);
const PHONE: Field = field(
    "phone",
    &[
        "telefon",
        "tel",
        "telefonnummer",
        "handy",
        "mobil",
        "phone",
        "mobile",
    ],
);
const LANGUAGES: Field = field(
    "languages",
    &[
        "sprache",
        "sprachen",
        "sprache n",
        "language",
        "languages",
        "zielsprache",
    ],
);
const NAME: Field = field("name", &["name", "vollstandiger name", "full name"]);
const FIRST_NAME: Field = field("first_name", &["vorname", "first name", "given name"]);
const LAST_NAME: Field = field(
    "last_name",
    &[
        "nachname",
        "familienname",
        "last name",
        "surname",
        "family name",
    ],
);

const MEDIA: &[Field] = &[
    field("title", &["titel", "title", "buchtitel", "medium"]),
    field(
        "authors",
        &[
            "autor",
            "autoren",
            "autor in",
            "autorin",
            "verfasser",
            "author",
            "authors",
        ],
    ),
    field("subtitle", &["untertitel", "subtitle", "band"]),
    field("publisher", &["verlag", "publisher"]),
    field("isbn", &["isbn", "ean", "isbn ean", "isbn 13", "isbn 10"]),
    field("year", &["jahr", "erscheinungsjahr", "year", "published"]),
    field(
        "levels",
        &[
            "niveau",
            "sprachniveau",
            "level",
            "levels",
            "ger",
            "cefr",
            "stufe",
        ],
    ),
    LANGUAGES,
    field(
        "media_kind",
        &["mediengruppe", "medienart", "art", "typ", "kind", "type"],
    ),
    field(
        "barcode",
        &[
            "inventar nr",
            "inventarnummer",
            "inventar",
            "inv nr",
            "barcode",
            "signatur",
        ],
    ),
    field("price", &["preis", "price", "kosten", "einkaufspreis"]),
    field(
        "acquired_on",
        &[
            "anschaffung",
            "anschaffungsdatum",
            "gekauft am",
            "acquired",
            "angeschafft",
        ],
    ),
    field("shelf", &["standort", "regal", "shelf"]),
    field("condition", &["zustand", "condition"]),
    field("topics", &["thema", "themen", "schlagworte", "topics"]),
    field("description", &["beschreibung", "description", "inhalt"]),
];

const BORROWERS: &[Field] = &[
    NAME,
    FIRST_NAME,
    LAST_NAME,
    EMAIL,
    PHONE,
    field(
        "borrower_kind",
        &[
            "art",
            "status",
            "hauptamtlich ehrenamtlich",
            "kind",
            "tatigkeit",
        ],
    ),
    field(
        "card_number",
        &[
            "ausweis",
            "ausweisnummer",
            "ausweis nr",
            "card",
            "card number",
        ],
    ),
    field("organisation", &["verein", "organisation", "trager"]),
    field("place", &["ort", "wohnort", "city"]),
];

const ORGANISATIONS: &[Field] = &[
    field(
        "name",
        &[
            "verein",
            "organisation",
            "name",
            "migrantenorganisation",
            "name der organisation",
        ],
    ),
    field(
        "municipality",
        &[
            "ort",
            "kommune",
            "gemeinde",
            "stadt",
            "municipality",
            "city",
            "town",
        ],
    ),
    field(
        "street",
        &["strasse", "adresse", "anschrift", "street", "address"],
    ),
    field(
        "postal_code",
        &["plz", "postleitzahl", "postal code", "zip"],
    ),
    EMAIL,
    PHONE,
    field(
        "website",
        &["website", "webseite", "homepage", "internet", "url"],
    ),
    LANGUAGES,
    field(
        "contact",
        &[
            "ansprechperson",
            "ansprechpartner",
            "ansprechpartnerin",
            "ansprechpartner in",
            "kontakt",
            "contact",
        ],
    ),
    field("organisation_kind", &["art", "typ", "kind", "type"]),
    field("offerings", &["angebot", "angebote", "offerings", "offer"]),
];

const PARTICIPANTS: &[Field] = &[
    NAME,
    FIRST_NAME,
    LAST_NAME,
    field(
        "birth_year",
        &["geburtsjahr", "jahrgang", "birth year", "year of birth"],
    ),
    EMAIL,
    PHONE,
    field("school", &["schule", "school"]),
    LANGUAGES,
    field("age_group", &["altersgruppe", "alter", "age group", "age"]),
];

/// The fields a file of `target` can fill.
pub fn fields(target: Target) -> &'static [Field] {
    match target {
        Target::Media => MEDIA,
        Target::Borrowers => BORROWERS,
        Target::Organisations => ORGANISATIONS,
        Target::Participants => PARTICIPANTS,
    }
}

/// A header as the lists are compared: folded, every run of punctuation
/// and space one space (`Inventar-Nr.` → `inventar nr`).
pub(super) fn plain(header: &str) -> String {
    fold_plain(header)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// For each column, the key of the field its header names, if any; a field
/// goes to the first column that names it, never to two.
pub fn guess(target: Target, headers: &[String]) -> Vec<Option<&'static str>> {
    let mut taken: Vec<&'static str> = Vec::new();
    headers
        .iter()
        .map(|header| {
            let header = plain(header);
            let found = fields(target)
                .iter()
                .find(|f| !taken.contains(&f.key) && f.headers.contains(&header.as_str()))
                .map(|f| f.key);
            if let Some(key) = found {
                taken.push(key);
            }
            found
        })
        .collect()
}
