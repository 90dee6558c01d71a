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
    event_samples(&out).map_err(|e| std::io::Error::other(e.message()))?;
    Ok(())
}

/// The event printouts, from the demo Ausbildungsbörse.
fn event_samples(out: &std::path::Path) -> Result<(), kiz::Error> {
    use kiz::documents::participants::{self, ListColumn};
    use kiz::documents::{labels, programme, Orientation, PrintSetup};
    use kiz::events;
    let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 12)
        .and_then(|d| d.and_hms_opt(9, 30, 0))
        .expect("valid date");
    let mut db = kiz::Db::open_in_memory()?;
    kiz::demo::load(&mut db, now)?;
    let setup = |title: &str| -> Result<PrintSetup, kiz::Error> {
        Ok(PrintSetup {
            title: title.into(),
            orientation: Orientation::Portrait,
            institution: kiz::settings::institution(&db)?,
            printed_on: now.date(),
            fallbacks: FallbackFonts::system(),
        })
    };
    let event = events::events(&db, false)?[0].id;
    let info = events::event(&db, event)?;
    let workshops = events::workshops(&db, event)?;
    let mut files = Vec::new();
    let pdf = programme::programme(setup("Programm")?, &info, &workshops);
    files.push(("programm.pdf", pdf));
    let first = workshops[0].id;
    let w = events::workshop(&db, first)?;
    let entries = events::participant_list(&db, first)?;
    let pdf = participants::participant_list(setup("Teilnehmerliste")?, &w, &entries, &[], 3);
    files.push(("teilnehmerliste.pdf", pdf));
    let lists = events::event_list(&db, event)?;
    let pdf = participants::event_list(
        setup("Teilnehmerlisten")?,
        &lists,
        &[
            ListColumn::Nr,
            ListColumn::Name,
            ListColumn::Age,
            ListColumn::Signature,
        ],
        0,
    );
    files.push(("teilnehmerlisten_veranstaltung.pdf", pdf));
    let arabic = events::registrations(&db, first)?
        .into_iter()
        .find(|r| r.participant_name.starts_with('م'))
        .ok_or(kiz::Error::NotFound {
            what: "registration",
        })?;
    let c = events::confirmation(&db, arabic.id)?;
    files.push((
        "anmeldebestaetigung.pdf",
        programme::confirmation(setup("Anmeldebestätigung")?, &c)?,
    ));
    let names: Vec<String> = entries.iter().take(2).map(|e| e.name.clone()).collect();
    files.push((
        "teilnahmebescheinigung.pdf",
        programme::certificates(setup("Teilnahmebescheinigung")?, &w, &names),
    ));
    let badges: Vec<labels::Badge> = entries
        .iter()
        .map(|e| labels::Badge {
            name: e.name.clone(),
            line: w.title.clone(),
        })
        .collect();
    files.push((
        "namensschilder.pdf",
        labels::name_badges(
            &info.title,
            &badges,
            labels::LabelSheet::ThreeByEight,
            1,
            &kiz::settings::institution(&db)?,
            now.date(),
        )?,
    ));
    let teacher = kiz::people::search_borrowers(&db, "Şükrü", 1, 0)?.1[0].id;
    // As staff confirmed it: the participant of the same name is him.
    let teacher = kiz::privacy::Person::Borrower(teacher);
    let same: Vec<_> = kiz::privacy::access_report_candidates(&db, teacher)?
        .into_iter()
        .filter(|c| matches!(c.person, kiz::privacy::Person::Participant(_)))
        .map(|c| c.person)
        .collect();
    let report = kiz::privacy::access_report(&db, teacher, &same, now)?;
    let rules = kiz::privacy::retention_rules(&db)?;
    files.push((
        "auskunft.pdf",
        kiz::documents::privacy::access_report(setup("Auskunft")?, &report, &rules),
    ));
    let purpose = kiz::privacy::Purpose::Veranstaltungen;
    let version = kiz::privacy::current_version(&db, purpose)?;
    let german = kiz::privacy::consent_text(&db, purpose, &version, "de")?;
    files.push((
        "einwilligung.pdf",
        kiz::documents::privacy::consent_form(
            setup("Einwilligung")?,
            "Şükrü Yılmaz",
            &[(german, None)],
        ),
    ));
    for (name, pdf) in files {
        std::fs::write(out.join(name), &pdf.bytes)?;
        println!("{} ({} pages)", out.join(name).display(), pdf.pages);
        for missing in &pdf.missing {
            println!("warning: {}", missing.message());
        }
    }
    Ok(())
}
