//! The printouts of data protection: the access report (Art. 15 DSGVO)
//! and the consent form to sign (German plus the person's language).

use super::german_date;
use super::{Column, Pdf, PrintSetup, Printout, Table};
use crate::privacy::{AccessReport, ConsentText, RetentionRules};

/// Only the day of a stored moment: "05.03.2026".
fn date_only(text: &str) -> String {
    day(text.get(..10).unwrap_or(text))
}

/// A stored moment or date as staff read it: "05.03.2026" (and the time
/// when there is one).
fn day(text: &str) -> String {
    let date = text
        .get(..10)
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    match (date, text.get(11..16)) {
        (Some(d), Some(time)) => format!("{}, {time}", german_date(d)),
        (Some(d), None) => german_date(d),
        _ => text.to_owned(),
    }
}

fn section(doc: &mut Printout, title: &str, columns: &[(&str, f32)], rows: Vec<Vec<String>>) {
    doc.heading(title, 2);
    if rows.is_empty() {
        doc.paragraph("Keine.");
        return;
    }
    doc.table(&Table {
        columns: columns.iter().map(|(t, w)| Column::new(*t, *w)).collect(),
        rows,
        min_row_height: 0.0,
    });
}

fn status(code: &str) -> &str {
    match code {
        "angemeldet" => "angemeldet",
        "warteliste" => "Warteliste",
        "abgesagt" => "abgesagt",
        "teilgenommen" => "teilgenommen",
        "nicht_erschienen" => "nicht erschienen",
        "wartend" => "wartet",
        "bereit" => "liegt bereit",
        "abgeholt" => "abgeholt",
        "storniert" => "storniert",
        "abgelaufen" => "abgelaufen",
        other => other,
    }
}

/// The access report: every record held about the person, in German.
pub fn access_report(
    setup: PrintSetup,
    r: &AccessReport,
    rules: &RetentionRules,
    backups: Option<&crate::backup::BackupSettings>,
) -> Pdf {
    let mut doc = Printout::new(setup);
    doc.heading("Auskunft über gespeicherte Daten (Art. 15 DSGVO)", 1);
    let mut intro = format!(
        "Stand: {}. Diese Auskunft nennt alle Daten, die das Kommunale Integrationszentrum in \
         KIZ Desk über {} speichert.",
        german_date(r.generated_at.date()),
        r.name
    );
    if !r.added_records.is_empty() {
        intro.push_str(
            " Einträge mit gleichem oder ähnlichem Namen sind nur aufgenommen, wo Mitarbeitende \
             sie als Einträge derselben Person bestätigt haben; sie sind unter „Zugeordnet nach \
             Namen“ genannt.",
        );
    }
    doc.paragraph(&intro);
    let mut pairs: Vec<(String, String)> = vec![("Gespeichert als".into(), r.records.join(", "))];
    if !r.added_records.is_empty() {
        pairs.push(("Zugeordnet nach Namen".into(), r.added_records.join(", ")));
    }
    pairs.extend(r.master_data.iter().cloned());
    let refs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    doc.heading("Stammdaten", 2);
    doc.key_values(&refs);
    section(
        &mut doc,
        "Einwilligungen",
        &[("Zweck", 50.0), ("Datum", 25.0), ("Fassung", 25.0)],
        r.consents
            .iter()
            .map(|(purpose, on, version)| vec![purpose.clone(), day(on), version.clone()])
            .collect(),
    );
    section(
        &mut doc,
        "Ausleihen",
        &[
            ("Titel", 38.0),
            ("Inv.-Nr.", 18.0),
            ("Ausleihe", 15.0),
            ("Fällig", 15.0),
            ("Zurück", 14.0),
        ],
        r.loans
            .iter()
            .map(|l| {
                vec![
                    l.title.clone(),
                    l.barcode.clone(),
                    date_only(&l.loaned_at),
                    date_only(&l.due_on),
                    l.returned_at
                        .as_deref()
                        .map_or_else(|| "offen".into(), date_only),
                ]
            })
            .collect(),
    );
    section(
        &mut doc,
        "Vormerkungen",
        &[("Titel", 50.0), ("Seit", 20.0), ("Stand", 20.0)],
        r.reservations
            .iter()
            .map(|(t, since, s)| vec![t.clone(), day(since), status(s).to_owned()])
            .collect(),
    );
    section(
        &mut doc,
        "Anmeldungen zu Veranstaltungen",
        &[
            ("Veranstaltung", 30.0),
            ("Workshop", 35.0),
            ("Zeit", 18.0),
            ("Stand", 17.0),
        ],
        r.registrations
            .iter()
            .map(|g| {
                vec![
                    g.event.clone(),
                    g.workshop.clone(),
                    day(&g.starts_at),
                    status(&g.status).to_owned(),
                ]
            })
            .collect(),
    );
    section(
        &mut doc,
        "Rollen in Organisationen",
        &[
            ("Organisation", 45.0),
            ("Rolle", 25.0),
            ("Von", 15.0),
            ("Bis", 15.0),
        ],
        r.roles
            .iter()
            .map(|x| {
                vec![
                    x.organisation.clone(),
                    x.role.clone(),
                    x.started_on.as_deref().map(day).unwrap_or_default(),
                    x.ended_on.as_deref().map(day).unwrap_or_default(),
                ]
            })
            .collect(),
    );
    // What only a contact of the directory can have.
    let contact = r.records.iter().any(|x| x.starts_with("Ansprechperson"));
    if contact {
        section(
            &mut doc,
            "Geleitete Workshops",
            &[("Veranstaltung", 40.0), ("Workshop", 40.0), ("Zeit", 20.0)],
            r.workshops_led
                .iter()
                .map(|g| vec![g.event.clone(), g.workshop.clone(), day(&g.starts_at)])
                .collect(),
        );
        section(
            &mut doc,
            "Teilnahme an Sitzungen des Arbeitskreises",
            &[("Arbeitskreis", 70.0), ("Datum", 30.0)],
            r.meetings
                .iter()
                .map(|(group, on)| vec![group.clone(), day(on)])
                .collect(),
        );
    }
    doc.heading("Notizen", 2);
    if r.notes.is_empty() {
        doc.paragraph("Keine.");
    }
    for note in &r.notes {
        doc.paragraph(note);
    }
    doc.heading("Zwecke und Speicherdauer", 2);
    let kept = if rules.loan_link_days == 0 {
        "sofort".to_owned()
    } else {
        format!("nach {} Tagen", rules.loan_link_days)
    };
    // Where the backups are: this PC's plan, or the server's, kept by IT.
    let backups = match backups {
        Some(plan) => format!(
            "Sicherungskopien enthalten auch später gelöschte Daten; sie werden nach dem \
             Sicherungsplan gelöscht, spätestens nach {}; Kopien vor einer Wiederherstellung \
             und beschädigte Dateien nach {}.",
            span(plan.retention.longest()),
            span(crate::backup::Span::Days(plan.safety_days)),
        ),
        None => "Die Daten liegen in einer gemeinsamen Datenbank auf einem Server, den die IT \
                 sichert. Sicherungskopien enthalten auch später gelöschte Daten; sie werden \
                 nach dem Sicherungsplan der IT gelöscht."
            .to_owned(),
    };
    doc.paragraph(&format!(
        "Mediathek: Nach der Rückgabe wird die Ausleihe {kept} von der Person getrennt, außer \
         die Person hat der Aufbewahrung zugestimmt oder es wurde ein Schaden oder Verlust \
         festgestellt. Wer {} Monate nichts ausgeliehen hat, wird zur Löschung vorgeschlagen. \
         Veranstaltungen: {} Tage nach der Veranstaltung werden Name und Kontaktdaten gelöscht; \
         Altersgruppe, Sprachen und Teilnahme bleiben ohne Namen für die Statistik. \
         Organisationsverzeichnis: Ansprechpersonen bleiben gespeichert, solange ihre \
         Organisation aktiv ist. {backups}",
        rules.inactive_borrower_months, rules.participant_days,
    ));
    doc.finish()
}

/// "7 Tagen", "4 Wochen", "1 Monat", as the end of "nach …".
fn span(span: crate::backup::Span) -> String {
    use crate::backup::Span;
    match span {
        Span::Days(1) => "1 Tag".into(),
        Span::Days(n) => format!("{n} Tagen"),
        Span::Weeks(1) => "1 Woche".into(),
        Span::Weeks(n) => format!("{n} Wochen"),
        Span::Months(1) => "1 Monat".into(),
        Span::Months(n) => format!("{n} Monaten"),
    }
}

/// The consent form: each chosen text in German and, where there is one,
/// in the person's language, with lines to sign.
pub fn consent_form(
    setup: PrintSetup,
    name: &str,
    texts: &[(ConsentText, Option<ConsentText>)],
) -> Pdf {
    let mut doc = Printout::new(setup);
    doc.heading(
        "Einwilligung in die Verarbeitung personenbezogener Daten",
        1,
    );
    doc.key_values(&[("Name", name)]);
    for (german, translation) in texts {
        doc.heading(
            &format!("{} (Fassung {})", german.purpose.title(), german.version),
            2,
        );
        match translation {
            // The German text always; the translation beside it, marked
            // while staff have not checked it.
            Some(t) => {
                let title = format!("{} (Übersetzung)", crate::languages::name(&t.language));
                doc.table(&Table {
                    columns: vec![
                        Column::new("Deutsch (maßgeblich)", 1.0),
                        Column::new(title, 1.0),
                    ],
                    rows: vec![vec![german.body.clone(), t.body.clone()]],
                    min_row_height: 0.0,
                });
                if t.unchecked() {
                    doc.note("Übersetzung – noch nicht geprüft. Maßgeblich ist der deutsche Text.");
                }
            }
            None => doc.paragraph(&german.body),
        }
        doc.paragraph("☐ Ja, ich bin einverstanden.    ☐ Nein.");
    }
    doc.space(10.0);
    doc.signatures(&[
        "Ort, Datum",
        "Unterschrift (bei Minderjährigen: Erziehungsberechtigte)",
    ]);
    doc.finish()
}
