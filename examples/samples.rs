//! Writes the sample documents to a folder (default `target/samples`):
//! `cargo xtask samples` runs this and renders the pages to PNG.

use std::path::PathBuf;

use kiz::documents::fonts::FallbackFonts;
use kiz::documents::sample::sample_document;
use kiz::settings::Institution;

fn main() -> std::io::Result<()> {
    let out = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target/samples"));
    std::fs::create_dir_all(&out)?;
    let institution = Institution {
        name: "Kommunales Integrationszentrum Rhein-Sieg-Kreis".into(),
        department: "Mediathek".into(),
        street: "Kaiser-Wilhelm-Platz 1".into(),
        postal_code: "53721".into(),
        city: "Siegburg".into(),
        phone: "02241 13-0".into(),
        email: "integration@rhein-sieg-kreis.example".into(),
        website: String::new(),
    };
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 12).expect("valid date");
    let pdf = sample_document(&institution, date, FallbackFonts::system());
    let path = out.join("testseite.pdf");
    std::fs::write(&path, &pdf.bytes)?;
    println!(
        "{} ({} pages, {} bytes)",
        path.display(),
        pdf.pages,
        pdf.bytes.len()
    );
    for missing in &pdf.missing {
        println!("warning: {}", missing.message());
    }
    let labels: Vec<kiz::documents::labels::Label> = [
        ("KI-M-000001", "Schritte plus Neu 1 – Kursbuch"),
        ("KI-M-000002", "Das Bilderwörterbuch Deutsch–Arabisch"),
        ("KI-M-000003", "Медиенкоффер: Русские сказки"),
        ("KI-M-000004", "Türkçe Hikâyeler – Erzählungen für Kinder"),
        ("KI-M-000005", "قصص قصيرة – Kurzgeschichten"),
    ]
    .iter()
    .map(|(code, caption)| kiz::documents::labels::Label {
        code: (*code).into(),
        caption: (*caption).into(),
    })
    .collect();
    let sheet = kiz::documents::labels::label_sheet(
        &labels,
        kiz::documents::labels::LabelSheet::ThreeByEight,
        4,
        &institution,
        date,
    )
    .map_err(|e| std::io::Error::other(e.message()))?;
    std::fs::write(out.join("etiketten.pdf"), &sheet.bytes)?;
    let card =
        kiz::documents::labels::borrower_card("Şükrü Yılmaz", "KI-A-000001", &institution, date)
            .map_err(|e| std::io::Error::other(e.message()))?;
    std::fs::write(out.join("ausweis.pdf"), &card.bytes)?;
    println!(
        "{} and {} written",
        out.join("etiketten.pdf").display(),
        out.join("ausweis.pdf").display()
    );
    Ok(())
}
