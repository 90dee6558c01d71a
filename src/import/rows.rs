//! From one row's cells to the input a form would send: each cell read by
//! [`super::values`] for the field its column was mapped to. A cell that
//! cannot be read refuses the row with [`Error::ImportUnreadable`] naming
//! the field; empty cells leave the field as a new form leaves it.

use std::collections::HashMap;

use crate::catalogue::{CopyInput, KitItem, MediumInput};
use crate::events::ParticipantInput;
use crate::organisations::OrganisationInput;
use crate::people::{BorrowerInput, BorrowerKind};
use crate::pick_lists::Entry;
use crate::search::fold_plain;
use crate::{Error, Result};

use super::values;

/// Which column each field was mapped to.
pub(super) struct Columns(HashMap<String, usize>);

impl Columns {
    /// From the wizard's list: for each column, the field it fills.
    pub(super) fn new(mapping: &[Option<String>]) -> Self {
        let mut map = HashMap::new();
        for (column, field) in mapping.iter().enumerate() {
            if let Some(field) = field {
                map.entry(field.clone()).or_insert(column);
            }
        }
        Columns(map)
    }

    pub(super) fn has(&self, field: &str) -> bool {
        self.0.contains_key(field)
    }

    /// The column a field was mapped to.
    pub(super) fn column(&self, field: &str) -> Option<usize> {
        self.0.get(field).copied()
    }
}

/// One row's cells with the mapping, read field by field.
pub(super) struct Cells<'a> {
    pub(super) columns: &'a Columns,
    pub(super) cells: &'a [String],
}

impl Cells<'_> {
    /// The trimmed text of the cell mapped to `field`; empty when none is.
    pub(super) fn text(&self, field: &str) -> String {
        self.columns
            .column(field)
            .and_then(|c| self.cells.get(c))
            .map(|t| t.trim().to_owned())
            .unwrap_or_default()
    }

    /// Whether the row gives `field` a value.
    pub(super) fn has(&self, field: &str) -> bool {
        !self.text(field).is_empty()
    }

    fn read<T>(
        &self,
        field: &'static str,
        expected: &'static str,
        read: impl Fn(&str) -> Option<T>,
    ) -> Result<Option<T>> {
        let cell = self.text(field);
        if cell.is_empty() {
            return Ok(None);
        }
        read(&cell).map(Some).ok_or(Error::ImportUnreadable {
            field,
            value: cell,
            expected,
        })
    }

    fn languages(&self, field: &'static str) -> Result<Vec<String>> {
        values::languages(&self.text(field))
            .map(|codes| codes.into_iter().map(str::to_owned).collect())
            .map_err(|word| Error::ImportUnreadable {
                field,
                value: word,
                expected: "language",
            })
    }

    fn entry(&self, field: &'static str, list: &[Entry]) -> Result<Option<i64>> {
        self.read(field, "list", |cell| {
            let typed = fold_plain(cell);
            list.iter()
                .find(|e| fold_plain(&e.name) == typed || e.code == typed)
                .map(|e| e.id)
        })
    }

    /// A person's name: "Name", or "Vorname" and "Nachname" joined.
    pub(super) fn person_name(&self) -> String {
        let name = self.text("name");
        if !name.is_empty() {
            return name;
        }
        [self.text("first_name"), self.text("last_name")]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn year(&self, field: &'static str) -> Result<Option<i32>> {
        self.read(field, "number", |cell| {
            values::number(cell)
                .filter(|n| n.fract() == 0.0 && n.abs() < 10_000.0)
                .map(|n| n as i32)
        })
    }
}

/// A media row: the medium and the copy the row stands for.
pub(super) fn medium(
    cells: &Cells<'_>,
    kinds: &[Entry],
    default_kind: Option<i64>,
) -> Result<(MediumInput, CopyInput)> {
    let (level_from, level_to) = match cells.read("levels", "level", values::levels)? {
        Some((from, to)) => (Some(from), Some(to)),
        None => (None, None),
    };
    // The first language named is the one learnt with it, the others
    // explain it ("Deutsch, Arabisch": German, with Arabic).
    let mut languages = cells.languages("languages")?;
    let target_language = (!languages.is_empty()).then(|| languages.remove(0));
    let kind_id = match cells.entry("media_kind", kinds)? {
        Some(id) => id,
        None => default_kind.unwrap_or_default(),
    };
    let price_cents = cells
        .read("price", "number", values::number)?
        .map(|euros| (euros * 100.0).round() as i64);
    let topics = cells
        .text("topics")
        .split([',', ';'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect();
    let medium = MediumInput {
        kind_id,
        title: cells.text("title"),
        subtitle: cells.text("subtitle"),
        authors: cells.text("authors"),
        publisher: cells.text("publisher"),
        year: cells.year("year")?,
        isbn: cells.text("isbn"),
        level_from,
        level_to,
        target_language,
        support_languages: languages,
        topics,
        location: cells.text("shelf"),
        description: cells.text("description"),
        kit_items: Vec::<KitItem>::new(),
        ..MediumInput::default()
    };
    let copy = CopyInput {
        barcode: cells.text("barcode"),
        condition: cells.text("condition"),
        acquired_on: cells.read("acquired_on", "date", values::date)?,
        price_cents,
        // The sheet's shelf is the medium's; the copy stands there.
        ..CopyInput::default()
    };
    Ok((medium, copy))
}

/// The fields of a medium a row sets, copied over an existing medium when
/// staff chose to update duplicates.
pub(super) fn merge_medium(existing: &mut MediumInput, row: &MediumInput, cells: &Cells<'_>) {
    let set = |field: &str| cells.has(field);
    if set("title") {
        existing.title.clone_from(&row.title);
    }
    if set("subtitle") {
        existing.subtitle.clone_from(&row.subtitle);
    }
    if set("authors") {
        existing.authors.clone_from(&row.authors);
    }
    if set("publisher") {
        existing.publisher.clone_from(&row.publisher);
    }
    if set("year") {
        existing.year = row.year;
    }
    if set("isbn") {
        existing.isbn.clone_from(&row.isbn);
    }
    if set("levels") {
        existing.level_from = row.level_from;
        existing.level_to = row.level_to;
    }
    if set("languages") {
        existing.target_language.clone_from(&row.target_language);
        existing
            .support_languages
            .clone_from(&row.support_languages);
    }
    if set("media_kind") {
        existing.kind_id = row.kind_id;
    }
    if set("topics") {
        existing.topics.clone_from(&row.topics);
    }
    if set("shelf") {
        existing.location.clone_from(&row.location);
    }
    if set("description") {
        existing.description.clone_from(&row.description);
    }
}

/// The kind of borrower a cell names ("hauptamtlich", "Ehrenamt",
/// "Verein").
fn borrower_kind(cell: &str) -> Option<BorrowerKind> {
    let folded = fold_plain(cell);
    let starts = |p: &str| folded.starts_with(p);
    Some(if starts("haupt") || starts("paid") || starts("staff") {
        BorrowerKind::Hauptamtlich
    } else if starts("ehren") || starts("volunt") {
        BorrowerKind::Ehrenamtlich
    } else if starts("organis") || starts("verein") || starts("trager") {
        BorrowerKind::Organisation
    } else if starts("sonst") || starts("other") {
        BorrowerKind::Sonstige
    } else {
        return None;
    })
}

/// A borrower row. `organisations` are the directory's names (folded) with
/// their ids, for the column "Verein".
pub(super) fn borrower(
    cells: &Cells<'_>,
    organisations: &HashMap<String, i64>,
) -> Result<BorrowerInput> {
    let kind = cells
        .read("borrower_kind", "kind", borrower_kind)?
        .unwrap_or_default();
    let organisation_id = cells.read("organisation", "list", |cell| {
        organisations.get(&fold_plain(cell)).copied()
    })?;
    // Borrowers have no address of their own: a place in the list is kept
    // in the note rather than lost.
    let place = cells.text("place");
    let note = if place.is_empty() {
        String::new()
    } else {
        format!("Ort: {place}")
    };
    Ok(BorrowerInput {
        kind,
        name: cells.person_name(),
        organisation_id,
        email: cells.text("email"),
        phone: cells.text("phone"),
        card_number: cells.text("card_number"),
        note,
        ..BorrowerInput::default()
    })
}

/// The fields of a borrower a row sets, over an existing borrower.
pub(super) fn merge_borrower(existing: &mut BorrowerInput, row: &BorrowerInput, cells: &Cells<'_>) {
    if cells.has("name") || cells.has("first_name") || cells.has("last_name") {
        existing.name.clone_from(&row.name);
    }
    if cells.has("borrower_kind") {
        existing.kind = row.kind;
    }
    if cells.has("organisation") {
        existing.organisation_id = row.organisation_id;
    }
    if cells.has("email") {
        existing.email.clone_from(&row.email);
    }
    if cells.has("phone") {
        existing.phone.clone_from(&row.phone);
    }
    if cells.has("place") && !existing.note.contains(&row.note) {
        existing.note = [existing.note.trim(), &row.note]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
    }
}

/// An organisation row: the organisation, its contact person's name and
/// its offerings (one title each, from a list in one cell).
pub(super) fn organisation(
    cells: &Cells<'_>,
    kinds: &[Entry],
) -> Result<(OrganisationInput, String, Vec<String>)> {
    let municipality = cells
        .read("municipality", "municipality", values::municipality)?
        .unwrap_or_default()
        .to_owned();
    let input = OrganisationInput {
        name: cells.text("name"),
        kind_id: cells.entry("organisation_kind", kinds)?,
        languages: cells.languages("languages")?,
        municipality,
        street: cells.text("street"),
        postal_code: cells.text("postal_code"),
        website: cells.text("website"),
        email: cells.text("email"),
        phone: cells.text("phone"),
        ..OrganisationInput::default()
    };
    let offerings = cells
        .text("offerings")
        .split([';', ',', '\n'])
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .map(str::to_owned)
        .collect();
    Ok((input, cells.text("contact"), offerings))
}

/// The fields of an organisation a row sets, over an existing one.
pub(super) fn merge_organisation(
    existing: &mut OrganisationInput,
    row: &OrganisationInput,
    cells: &Cells<'_>,
) {
    if cells.has("organisation_kind") {
        existing.kind_id = row.kind_id;
    }
    if cells.has("languages") {
        existing.languages.clone_from(&row.languages);
    }
    if cells.has("municipality") {
        existing.municipality.clone_from(&row.municipality);
    }
    for (field, target, value) in [
        ("street", &mut existing.street, &row.street),
        ("postal_code", &mut existing.postal_code, &row.postal_code),
        ("website", &mut existing.website, &row.website),
        ("email", &mut existing.email, &row.email),
        ("phone", &mut existing.phone, &row.phone),
    ] {
        if cells.has(field) {
            target.clone_from(value);
        }
    }
}

/// A participant row (the consent comes from the wizard: the paper forms
/// staff hold).
pub(super) fn participant(cells: &Cells<'_>) -> Result<ParticipantInput> {
    Ok(ParticipantInput {
        name: cells.person_name(),
        birth_year: cells.year("birth_year")?,
        age_group: cells.text("age_group"),
        school: cells.text("school"),
        languages: cells.languages("languages")?,
        email: cells.text("email"),
        phone: cells.text("phone"),
        ..ParticipantInput::default()
    })
}
