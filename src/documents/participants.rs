//! The Teilnehmerliste of a workshop: event, workshop, time, room and host
//! on top, then one row per participant sorted by name with the columns
//! staff choose (contact data only when asked for), empty rows for
//! walk-ins, a repeated header and "Seite x von y". Also as XLSX/CSV.

use serde::{Deserialize, Serialize};

use super::export::{Cell, Sheet};
use super::{Column, Orientation, Pdf, PrintSetup, Printout, Table};
use crate::events::{ListEntry, Workshop};

/// A column of the participant list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListColumn {
    /// The running number.
    Nr,
    /// The participant's name.
    Name,
    /// School.
    School,
    /// Languages.
    Languages,
    /// Age group.
    Age,
    /// How to reach the participant (or the guardian).
    Contact,
    /// An empty field to sign in.
    Signature,
}

impl ListColumn {
    /// The columns printed unless staff choose others: no contact data.
    pub const DEFAULT: [ListColumn; 6] = [
        ListColumn::Nr,
        ListColumn::Name,
        ListColumn::School,
        ListColumn::Languages,
        ListColumn::Age,
        ListColumn::Signature,
    ];

    fn title(self) -> &'static str {
        match self {
            ListColumn::Nr => "Nr.",
            ListColumn::Name => "Name",
            ListColumn::School => "Schule/Organisation",
            ListColumn::Languages => "Sprache(n)",
            ListColumn::Age => "Alter",
            ListColumn::Contact => "Kontakt",
            ListColumn::Signature => "Unterschrift",
        }
    }

    fn width(self) -> f32 {
        match self {
            ListColumn::Nr => 5.0,
            ListColumn::Name => 26.0,
            ListColumn::School => 20.0,
            ListColumn::Languages => 15.0,
            ListColumn::Age => 6.0,
            ListColumn::Contact => 20.0,
            ListColumn::Signature => 22.0,
        }
    }

    fn value(self, n: usize, entry: Option<&ListEntry>) -> String {
        let Some(e) = entry else {
            return if self == ListColumn::Nr {
                n.to_string()
            } else {
                String::new()
            };
        };
        match self {
            ListColumn::Nr => n.to_string(),
            ListColumn::Name => e.name.clone(),
            ListColumn::School => e.school.clone(),
            ListColumn::Languages => e.languages.join(", "),
            ListColumn::Age => e.age.clone(),
            ListColumn::Contact => e.contact.clone(),
            ListColumn::Signature => String::new(),
        }
    }
}

fn heading_lines(w: &Workshop) -> Vec<(&'static str, String)> {
    let mut lines = vec![
        ("Veranstaltung", w.event_title.clone()),
        (
            "Zeit",
            format!(
                "{}, {}–{} Uhr",
                w.starts_at.format("%d.%m.%Y"),
                w.starts_at.format("%H:%M"),
                w.ends_at.format("%H:%M")
            ),
        ),
    ];
    if !w.room.is_empty() {
        lines.push(("Raum", w.room.clone()));
    }
    if !w.hosts.is_empty() {
        let hosts: Vec<String> = w.hosts.iter().map(|(name, _)| name.clone()).collect();
        lines.push(("Durchgeführt von", hosts.join(", ")));
    }
    lines
}

fn chosen(columns: &[ListColumn]) -> &[ListColumn] {
    if columns.is_empty() {
        &ListColumn::DEFAULT[..]
    } else {
        columns
    }
}

fn setup_for(setup: PrintSetup, columns: &[ListColumn]) -> PrintSetup {
    PrintSetup {
        orientation: if columns.len() > 5 {
            Orientation::Landscape
        } else {
            setup.orientation
        },
        ..setup
    }
}

/// One workshop's heading and table.
fn section(
    doc: &mut Printout,
    workshop: &Workshop,
    entries: &[ListEntry],
    columns: &[ListColumn],
    empty_rows: usize,
) {
    doc.heading(&format!("Teilnehmerliste: {}", workshop.title), 1);
    let lines = heading_lines(workshop);
    let pairs: Vec<(&str, &str)> = lines.iter().map(|(k, v)| (*k, v.as_str())).collect();
    doc.key_values(&pairs);
    let signature = columns.contains(&ListColumn::Signature);
    doc.table(&Table {
        columns: columns
            .iter()
            .map(|c| Column::new(c.title(), c.width()))
            .collect(),
        rows: (0..entries.len() + empty_rows)
            .map(|i| {
                columns
                    .iter()
                    .map(|c| c.value(i + 1, entries.get(i)))
                    .collect()
            })
            .collect(),
        min_row_height: if signature { 22.0 } else { 0.0 },
    });
}

/// The participant list of one workshop as PDF (landscape with more than
/// five columns). `empty_rows` are added at the end for walk-ins.
pub fn participant_list(
    setup: PrintSetup,
    workshop: &Workshop,
    entries: &[ListEntry],
    columns: &[ListColumn],
    empty_rows: usize,
) -> Pdf {
    let columns = chosen(columns);
    let mut doc = Printout::new(setup_for(setup, columns));
    section(&mut doc, workshop, entries, columns, empty_rows);
    doc.finish()
}

/// The lists of a whole event, grouped by workshop: each workshop starts
/// on a new page, so every workshop leader gets their own sheets.
pub fn event_list(
    setup: PrintSetup,
    lists: &[(Workshop, Vec<ListEntry>)],
    columns: &[ListColumn],
    empty_rows: usize,
) -> Pdf {
    let columns = chosen(columns);
    let mut doc = Printout::new(setup_for(setup, columns));
    for (i, (workshop, entries)) in lists.iter().enumerate() {
        if i > 0 {
            doc.new_page();
        }
        section(&mut doc, workshop, entries, columns, empty_rows);
    }
    doc.finish()
}

/// The participant list as a sheet (XLSX/CSV) with the chosen columns; the
/// signature column is left out.
pub fn participant_sheet(
    workshop: &Workshop,
    entries: &[ListEntry],
    columns: &[ListColumn],
) -> Sheet {
    let columns = sheet_columns(columns);
    Sheet {
        name: workshop.title.clone(),
        columns: columns.iter().map(|c| c.title().to_owned()).collect(),
        rows: entries
            .iter()
            .enumerate()
            .map(|(i, e)| sheet_row(&columns, i + 1, e))
            .collect(),
    }
}

/// The participants of a whole event as one sheet: a "Workshop" and a
/// "Beginn" column first, then the chosen columns; numbered per workshop.
pub fn event_sheet(
    event_title: &str,
    lists: &[(Workshop, Vec<ListEntry>)],
    columns: &[ListColumn],
) -> Sheet {
    let columns = sheet_columns(columns);
    let mut titles = vec!["Workshop".to_owned(), "Beginn".to_owned()];
    titles.extend(columns.iter().map(|c| c.title().to_owned()));
    let mut rows = Vec::new();
    for (workshop, entries) in lists {
        for (i, e) in entries.iter().enumerate() {
            let mut row = vec![
                Cell::Text(workshop.title.clone()),
                Cell::Text(workshop.starts_at.format("%d.%m.%Y %H:%M").to_string()),
            ];
            row.extend(sheet_row(&columns, i + 1, e));
            rows.push(row);
        }
    }
    Sheet {
        name: event_title.to_owned(),
        columns: titles,
        rows,
    }
}

/// The chosen columns without the signature (a sheet is not signed).
fn sheet_columns(columns: &[ListColumn]) -> Vec<ListColumn> {
    chosen(columns)
        .iter()
        .copied()
        .filter(|c| *c != ListColumn::Signature)
        .collect()
}

fn sheet_row(columns: &[ListColumn], n: usize, e: &ListEntry) -> Vec<Cell> {
    columns
        .iter()
        .map(|c| match c {
            ListColumn::Nr => Cell::Number(n as f64),
            ListColumn::Age => e
                .age
                .parse::<f64>()
                .map_or_else(|_| Cell::Text(e.age.clone()), Cell::Number),
            other => Cell::Text(other.value(n, Some(e))),
        })
        .collect()
}
