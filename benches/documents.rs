//! Document generation figures: a slip-sized document, lists of 75 and 500
//! rows. Prints the median time over repeated runs and the file size.
//! Run with `cargo bench -p kiz --bench documents` (or `cargo xtask bench`).

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use kiz::documents::fonts::FallbackFonts;
use kiz::documents::sample::SAMPLE_NAMES;
use kiz::documents::{Align, Column, Orientation, Pdf, PrintSetup, Printout, Table};
use kiz::settings::Institution;

fn setup(title: &str) -> PrintSetup {
    PrintSetup {
        title: title.into(),
        orientation: Orientation::Portrait,
        institution: Institution {
            name: "Kommunales Integrationszentrum Rhein-Sieg-Kreis".into(),
            department: "Mediathek".into(),
            street: "Kaiser-Wilhelm-Platz 1".into(),
            postal_code: "53721".into(),
            city: "Siegburg".into(),
            ..Institution::default()
        },
        printed_on: NaiveDate::from_ymd_opt(2026, 11, 12).expect("valid date"),
        fallbacks: FallbackFonts::none(),
    }
}

fn slip() -> Pdf {
    let mut doc = Printout::new(setup("Ausleihbeleg"));
    doc.heading("Ausleihbeleg", 1);
    doc.key_values(&[
        ("Ausleihende", "Şükrü Yılmaz"),
        ("Ausweisnummer", "KI-A-000123"),
        ("Datum", "12.11.2026"),
    ]);
    doc.table(&Table {
        columns: vec![
            Column::new("Titel", 4.0),
            Column::new("Mediengruppe", 1.6),
            Column::new("Inventarnummer", 1.8),
            Column::new("Rückgabe bis", 1.4).align(Align::Right),
        ],
        rows: [
            "Schritte plus Neu A1.1",
            "Das Deutsch-Spiel",
            "كتاب تعليم اللغة الألمانية",
        ]
        .iter()
        .enumerate()
        .map(|(i, title)| {
            vec![
                title.to_string(),
                "Lehrwerk".into(),
                format!("KI-M-00012{i}"),
                "10.12.2026".into(),
            ]
        })
        .collect(),
        min_row_height: 0.0,
    });
    doc.paragraph("Bitte geben Sie die Medien bis zum angegebenen Datum zurück.");
    doc.signatures(&["Unterschrift Ausleihende", "Unterschrift Mitarbeiter/in"]);
    doc.finish()
}

fn list(rows: usize) -> Pdf {
    let mut doc = Printout::new(setup("Teilnehmerliste"));
    doc.heading("Teilnehmerliste", 1);
    doc.table(&Table {
        columns: vec![
            Column::new("Nr.", 0.6).align(Align::Right),
            Column::new("Name", 3.0),
            Column::new("Schule/Organisation", 2.4).ellipsis(),
            Column::new("Sprache(n)", 1.6),
            Column::new("Unterschrift", 2.4),
        ],
        rows: (0..rows)
            .map(|i| {
                let (name, language) = SAMPLE_NAMES[i % SAMPLE_NAMES.len()];
                vec![
                    (i + 1).to_string(),
                    name.into(),
                    "Gesamtschule Siegburg".into(),
                    language.into(),
                    String::new(),
                ]
            })
            .collect(),
        min_row_height: 22.0,
    });
    doc.finish()
}

fn measure(label: &str, runs: usize, make: impl Fn() -> Pdf) {
    let _warm_up = make();
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let pdf = make();
        times.push(start.elapsed());
        last = Some(pdf);
    }
    times.sort();
    let pdf = last.expect("at least one run");
    println!(
        "{label:<22} median {:>7.2} ms   max {:>7.2} ms   {:>3} pages   {:>7} bytes",
        times[times.len() / 2].as_secs_f64() * 1000.0,
        times[times.len() - 1].as_secs_f64() * 1000.0,
        pdf.pages,
        pdf.bytes.len()
    );
}

fn main() {
    println!("documents benchmark (release build, DejaVu Sans subset)");
    measure("slip (1 page)", 30, slip);
    measure("list, 75 rows", 20, || list(75));
    measure("list, 500 rows", 10, || list(500));
}
