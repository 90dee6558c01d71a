//! A Mediathek inventory of 10,000 rows (one copy each, every third row a
//! further copy of the title before, by ISBN; Windows-1252 CSV with semicolons, dates
//! and prices the German way) read, checked in a dry run and imported into
//! a database file with the app's settings (WAL, synchronous = FULL).
//! Issue 17 asks for under 10 s for the import. Prints the figures; asserts
//! no time. Run with `cargo bench -p kiz --bench import` (or
//! `cargo xtask bench`).

use std::time::Instant;

use chrono::NaiveDate;
use kiz::import::{self, Options, Target};
use kiz::Db;

const ROWS: usize = 10_000;

const LEVELS: &[&str] = &["A1", "A1/A2", "A2-B1", "B1", "Alpha", "B2", "C1"];
const LANGUAGES: &[&str] = &[
    "Deutsch",
    "Deutsch, Arabisch",
    "Deutsch, Türkisch",
    "Französisch",
    "de/ru",
];

/// An ISBN-13 for title number `n`, with its check digit.
fn isbn(n: usize) -> String {
    let digits = format!("978{n:09}");
    let sum: u32 = digits
        .bytes()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    format!("{digits}{}", (10 - sum % 10) % 10)
}

fn inventory() -> Vec<u8> {
    let mut text = String::from(
        "Inventarliste Mediathek;;;;;;;;\r\nStand 2026;;;;;;;;\r\n\
         Titel;Autor;Verlag;ISBN;Jahr;Niveau;Sprache(n);Inventar-Nr.;Anschaffung;Preis\r\n",
    );
    for i in 0..ROWS {
        // Every third row is a further copy of the title before it.
        let title = i - usize::from(i % 3 == 2);
        text.push_str(&format!(
            "Lehrwerk Nummer {title} Kursbuch;Müller, Anna;Verlag {};{};{};{};{};INV-{i:06};{}.{}.2024;{},{:02} €\r\n",
            title % 40,
            isbn(title),
            2000 + title % 26,
            LEVELS[title % LEVELS.len()],
            LANGUAGES[title % LANGUAGES.len()],
            1 + i % 28,
            1 + i % 12,
            10 + i % 30,
            i % 100,
        ));
    }
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!unmappable, "the inventory is Windows-1252 text");
    bytes.into_owned()
}

fn main() {
    let now = NaiveDate::from_ymd_opt(2026, 11, 12)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("moment");
    let bytes = inventory();
    let started = Instant::now();
    let mut sheets = import::read(&bytes).expect("the inventory reads");
    let read = started.elapsed();
    let sheet = sheets.remove(0);
    assert_eq!(sheet.rows.len(), ROWS);
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut db = Db::open(&dir.path().join("kiz.sqlite")).expect("database");
    let options = Options {
        target: Target::Media,
        mapping: import::guess(Target::Media, &sheet.headers)
            .into_iter()
            .map(|f| f.map(str::to_owned))
            .collect(),
        media_kind_id: kiz::catalogue::media_kinds(&db)
            .expect("Mediengruppen")
            .first()
            .map(|k| k.id),
        ..Options::default()
    };
    let started = Instant::now();
    let check = import::check(&mut db, &sheet, &options, now).expect("dry run");
    let dry = started.elapsed();
    let started = Instant::now();
    let report = import::import(&mut db, &sheet, &options, now, &mut |_, _| true).expect("import");
    let stored = started.elapsed();
    assert_eq!(
        check.refused,
        0,
        "{:?}",
        check.rows.iter().find(|r| r.problem.is_some())
    );
    assert_eq!(report.created, ROWS, "every row a medium or a further copy");
    println!(
        "import: {ROWS} rows ({} KB CSV, {} media, {} copies): read {:.0} ms, dry run {:.2} s, import {:.2} s (issue 17: under 10 s)",
        bytes.len() / 1024,
        kiz::db::count_rows_for_tests(&db, "medium").expect("count"),
        kiz::db::count_rows_for_tests(&db, "copy").expect("count"),
        read.as_secs_f64() * 1000.0,
        dry.as_secs_f64(),
        stored.as_secs_f64(),
    );
}
