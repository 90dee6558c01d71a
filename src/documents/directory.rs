//! The directory's printouts and exports: the directory as a sheet (XLSX,
//! CSV) and as a printable booklet, a mailing list of contacts, the
//! Arbeitskreis invitation letters and the minutes of a meeting.

use chrono::NaiveDateTime;

use super::export::{Cell, Sheet};
use super::{Align, Column, Pdf, PrintSetup, Printout, Table};
use crate::organisations::{
    AttendanceStatus, Contact, ContactRole, Meeting, Organisation, Recipient,
};
use crate::{languages, organisations::CooperationStatus};

fn status(s: CooperationStatus) -> &'static str {
    match s {
        CooperationStatus::Kontakt => "Kontakt",
        CooperationStatus::Aktiv => "aktive Kooperation",
        CooperationStatus::Ruhend => "ruhend",
    }
}

fn language_names(codes: &[String]) -> String {
    codes
        .iter()
        .map(|c| languages::name(c).to_owned())
        .collect::<Vec<_>>()
        .join(", ")
}

fn address(o: &Organisation) -> String {
    let town = [o.postal_code.as_str(), o.city.as_str()]
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    [o.street.as_str(), town.as_str()]
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ")
}

fn offerings_text(o: &Organisation) -> String {
    o.offerings
        .iter()
        .filter(|f| f.active)
        .map(|f| {
            if f.title.is_empty() {
                f.kind.name.clone()
            } else {
                format!("{} ({})", f.title, f.kind.name)
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The directory as one sheet: a row per organisation.
pub fn directory_sheet(organisations: &[Organisation]) -> Sheet {
    Sheet {
        name: "Organisationen".into(),
        columns: [
            "Name",
            "Kurzname",
            "Art",
            "Ort",
            "Adresse",
            "Sprachen",
            "Angebote",
            "Status",
            "Mitglieder",
            "E-Mail",
            "Telefon",
            "Website",
        ]
        .iter()
        .map(|c| (*c).to_owned())
        .collect(),
        rows: organisations
            .iter()
            .map(|o| {
                vec![
                    Cell::from(o.name.as_str()),
                    Cell::from(o.short_name.as_str()),
                    Cell::from(o.kind.as_ref().map_or("", |k| k.name.as_str())),
                    Cell::from(o.municipality.as_str()),
                    Cell::Text(address(o)),
                    Cell::Text(language_names(&o.languages)),
                    Cell::Text(offerings_text(o)),
                    Cell::from(status(o.status)),
                    o.member_counts
                        .last()
                        .map_or(Cell::Text(String::new()), |c| {
                            Cell::Number(c.members as f64)
                        }),
                    Cell::from(o.email.as_str()),
                    Cell::from(o.phone.as_str()),
                    Cell::from(o.website.as_str()),
                ]
            })
            .collect(),
    }
}

/// A mailing list: one row per current contact of the organisations.
pub fn mailing_sheet(contacts: &[(ContactRole, Contact)]) -> Sheet {
    Sheet {
        name: "Verteiler".into(),
        columns: [
            "Organisation",
            "Name",
            "Rolle",
            "E-Mail",
            "Telefon",
            "Sprachen",
            "Einwilligung",
        ]
        .iter()
        .map(|c| (*c).to_owned())
        .collect(),
        rows: contacts
            .iter()
            .map(|(role, c)| {
                vec![
                    Cell::from(role.organisation_name.as_str()),
                    Cell::from(c.name.as_str()),
                    Cell::from(role.role.as_str()),
                    Cell::from(c.email.as_str()),
                    Cell::from(c.phone.as_str()),
                    Cell::Text(language_names(&c.languages)),
                    c.consent
                        .as_ref()
                        .map_or(Cell::Text(String::new()), |x| Cell::Date(x.given_on)),
                ]
            })
            .collect(),
    }
}

/// The column titles of German Outlook's contact fields that the import
/// wizard ("Importieren/Exportieren" > "Kommagetrennte Werte") maps by
/// name: first name, last name, e-mail address, company, job title.
pub const OUTLOOK_COLUMNS: [&str; 5] =
    ["Vorname", "Nachname", "E-Mail-Adresse", "Firma", "Position"];

/// A mailing list as contacts for Outlook's CSV import: one row per
/// address. The name is split at its last space (the last word is the
/// surname, a single word is a surname alone); the organisations and roles
/// of a person with several are joined with ", ".
pub fn outlook_sheet(recipients: &[Recipient]) -> Sheet {
    Sheet {
        name: "Verteiler".into(),
        columns: OUTLOOK_COLUMNS.iter().map(|c| (*c).to_owned()).collect(),
        rows: recipients
            .iter()
            .map(|r| {
                let (first, last) = split_name(&r.name);
                vec![
                    Cell::from(first),
                    Cell::from(last),
                    Cell::from(r.email.as_str()),
                    Cell::Text(r.organisations.join(", ")),
                    Cell::Text(r.roles.join(", ")),
                ]
            })
            .collect(),
    }
}

/// "Amira Osman" -> ("Amira", "Osman"); "Osman" -> ("", "Osman").
fn split_name(name: &str) -> (&str, &str) {
    let name = name.trim();
    match name.rsplit_once(char::is_whitespace) {
        Some((first, last)) => (first.trim_end(), last),
        None => ("", name),
    }
}

/// The directory as a printable booklet: one block per organisation.
pub fn directory_booklet(setup: PrintSetup, organisations: &[Organisation]) -> Pdf {
    let mut doc = Printout::new(setup);
    doc.heading("Verzeichnis der Migrantenorganisationen", 1);
    doc.note(&format!("{} Organisationen", organisations.len()));
    for o in organisations {
        doc.heading(&o.name, 2);
        let kind = o.kind.as_ref().map_or(String::new(), |k| k.name.clone());
        let languages = language_names(&o.languages);
        let address = address(o);
        let offerings = offerings_text(o);
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        for (label, value) in [
            ("Art", kind.as_str()),
            ("Ort", o.municipality.as_str()),
            ("Adresse", address.as_str()),
            ("Sprachen", languages.as_str()),
            ("Angebote", offerings.as_str()),
            ("E-Mail", o.email.as_str()),
            ("Telefon", o.phone.as_str()),
            ("Website", o.website.as_str()),
        ] {
            if !value.is_empty() {
                pairs.push((label, value));
            }
        }
        doc.key_values(&pairs);
    }
    doc.finish()
}

fn when(at: NaiveDateTime) -> String {
    at.format("%d.%m.%Y um %H:%M Uhr").to_string()
}

/// Invitation letters for a meeting: one page per member organisation,
/// addressed to its contact person when known.
pub fn invitations(
    setup: PrintSetup,
    meeting: &Meeting,
    addressees: &[(String, Option<String>)],
) -> Pdf {
    let mut doc = Printout::new(setup);
    for (i, (organisation, person)) in addressees.iter().enumerate() {
        if i > 0 {
            doc.new_page();
        }
        doc.paragraph(organisation);
        if let Some(person) = person {
            doc.paragraph(&format!("z. Hd. {person}"));
        }
        doc.space(8.0);
        doc.heading(&format!("Einladung: {}", meeting.working_group_name), 1);
        doc.paragraph(&match person {
            Some(person) => format!("Guten Tag {person},"),
            None => "Sehr geehrte Damen und Herren,".into(),
        });
        doc.paragraph(&format!(
            "wir laden Sie herzlich zum nächsten Treffen des {} ein.",
            meeting.working_group_name
        ));
        doc.key_values(&[
            ("Termin", &when(meeting.starts_at)),
            ("Ort", meeting.place.as_str()),
        ]);
        if !meeting.agenda.is_empty() {
            doc.heading("Tagesordnung", 2);
            for line in meeting.agenda.lines().filter(|l| !l.trim().is_empty()) {
                doc.paragraph(line.trim());
            }
        }
        doc.paragraph(
            "Bitte geben Sie uns kurz Bescheid, wer aus Ihrer Organisation teilnimmt. \
             Wir freuen uns auf Sie.",
        );
    }
    if addressees.is_empty() {
        doc.paragraph("Der Arbeitskreis hat noch keine Mitgliedsorganisationen.");
    }
    doc.finish()
}

/// Who came from an organisation and who sent apologies, by name
/// ("gelöschte Person" once erased); `None` when no person of it was
/// recorded (a meeting recorded per organisation only).
fn people_of(meeting: &Meeting, organisation_id: i64) -> Option<String> {
    let names = |status: AttendanceStatus| -> Vec<String> {
        meeting
            .people
            .iter()
            .filter(|p| p.organisation_id == organisation_id && p.status == status)
            .map(|p| {
                p.contact_name
                    .clone()
                    .unwrap_or_else(|| "gelöschte Person".into())
            })
            .collect()
    };
    let present = names(AttendanceStatus::Anwesend);
    let excused = names(AttendanceStatus::Entschuldigt);
    let mut parts = Vec::new();
    if !present.is_empty() {
        parts.push(present.join(", "));
    }
    if !excused.is_empty() {
        parts.push(format!("entschuldigt: {}", excused.join(", ")));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// The minutes' attendance table: the members on the meeting's day and
/// the organisations that came (as listed on the meeting), then the
/// guest organisations whose only entry is an apology.
fn attendance_rows(meeting: &Meeting) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = meeting
        .attendance
        .iter()
        .map(|a| {
            let mut people = people_of(meeting, a.organisation_id);
            if people.is_none() {
                people = a.contact_name.clone();
            }
            if let Some(u) = meeting
                .unnamed
                .iter()
                .find(|u| u.organisation_id == a.organisation_id)
            {
                let unnamed = format!("{} ohne Namen erfasst", persons(u.unnamed));
                people = Some(match people {
                    Some(named) => format!("{named}; {unnamed}"),
                    None => unnamed,
                });
            }
            vec![
                a.organisation_name.clone(),
                if a.present {
                    format!("ja ({})", a.persons)
                } else {
                    "nein".into()
                },
                people.unwrap_or_default(),
            ]
        })
        .collect();
    let mut listed: std::collections::BTreeSet<i64> = meeting
        .attendance
        .iter()
        .map(|a| a.organisation_id)
        .collect();
    for p in &meeting.people {
        if listed.insert(p.organisation_id) {
            rows.push(vec![
                p.organisation_name.clone(),
                "nein".into(),
                people_of(meeting, p.organisation_id).unwrap_or_default(),
            ]);
        }
    }
    rows
}

fn persons(count: u32) -> String {
    if count == 1 {
        "1 Person".into()
    } else {
        format!("{count} Personen")
    }
}

/// The minutes of a meeting: attendance, agenda, minutes, decisions and
/// action items.
pub fn minutes(setup: PrintSetup, meeting: &Meeting) -> Pdf {
    let mut doc = Printout::new(setup);
    doc.heading(&format!("Protokoll: {}", meeting.working_group_name), 1);
    doc.key_values(&[
        ("Termin", &when(meeting.starts_at)),
        ("Ort", meeting.place.as_str()),
    ]);
    doc.heading("Anwesenheit", 2);
    doc.table(&Table {
        columns: vec![
            Column::new("Organisation", 55.0),
            Column::new("anwesend", 15.0),
            Column::new("Person", 30.0),
        ],
        rows: attendance_rows(meeting),
        min_row_height: 0.0,
    });
    if !meeting.agenda.is_empty() {
        doc.heading("Tagesordnung", 2);
        doc.paragraph(&meeting.agenda);
    }
    if !meeting.minutes.is_empty() {
        doc.heading("Verlauf", 2);
        for paragraph in meeting.minutes.split("\n\n") {
            doc.paragraph(paragraph.trim());
        }
    }
    if !meeting.decisions.is_empty() {
        doc.heading("Beschlüsse", 2);
        for (i, (_, text)) in meeting.decisions.iter().enumerate() {
            doc.paragraph(&format!("{}. {text}", i + 1));
        }
    }
    if !meeting.actions.is_empty() {
        doc.heading("Aufgaben", 2);
        doc.table(&Table {
            columns: vec![
                Column::new("Aufgabe", 55.0),
                Column::new("Wer", 25.0),
                Column::new("Bis", 20.0).align(Align::Right),
            ],
            rows: meeting
                .actions
                .iter()
                .map(|a| {
                    vec![
                        a.text.clone(),
                        a.owner.clone(),
                        a.due_on
                            .map(|d| d.format("%d.%m.%Y").to_string())
                            .unwrap_or_default(),
                    ]
                })
                .collect(),
            min_row_height: 0.0,
        });
    }
    doc.finish()
}
