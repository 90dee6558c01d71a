//! The test page ("Testseite drucken" in Einstellungen): every script our
//! users' names come in, a long table over several pages and a signature
//! block, so staff can check their printer and fonts in one go.

use chrono::NaiveDate;

use super::fonts::FallbackFonts;
use super::{Align, Column, Orientation, Pdf, PrintSetup, Printout, Table};
use crate::settings::Institution;

/// Names as the communities write them: German, Turkish, Kurdish, French,
/// Russian, Ukrainian, Arabic (with and without vowel marks), mixed lines.
pub const SAMPLE_NAMES: &[(&str, &str)] = &[
    ("Jürgen Müller-Weiß", "Deutsch"),
    ("Änne Schäfer", "Deutsch"),
    ("Şükrü Yılmaz", "Türkisch"),
    ("İpek Güneş Çelik", "Türkisch"),
    ("Rêzan Xelîl", "Kurdisch"),
    ("Hêvî Şêxmûs", "Kurdisch"),
    ("Aïssatou Diallo", "Französisch"),
    ("François Lefèvre", "Französisch"),
    ("Наталья Иванова", "Russisch"),
    ("Олександр Коваленко", "Ukrainisch"),
    ("محمد الأحمد", "Arabisch"),
    ("فاطمة الزهراء", "Arabisch"),
    ("مُحَمَّد عَلِيّ", "Arabisch"),
    ("Amal أمل Haddad", "Arabisch und Deutsch"),
];

/// Rows in the long table: enough for three pages.
pub const SAMPLE_ROWS: usize = 120;

/// The test page.
pub fn sample_document(
    institution: &Institution,
    printed_on: NaiveDate,
    fallbacks: FallbackFonts,
) -> Pdf {
    let mut doc = Printout::new(PrintSetup {
        title: "KIZ Desk – Testseite".into(),
        orientation: Orientation::Portrait,
        institution: institution.clone(),
        printed_on,
        fallbacks,
    });
    doc.heading("Testseite", 1);
    doc.paragraph(
        "Diese Seite prüft Drucker und Schriften. Alle Namen unten müssen vollständig und richtig \
         zu sehen sein: deutsche Umlaute, türkische und kurdische Buchstaben, Französisch, \
         Kyrillisch und Arabisch (verbunden und von rechts nach links).",
    );
    doc.heading("Namen in allen Schriften", 2);
    let pairs: Vec<(&str, &str)> = SAMPLE_NAMES
        .iter()
        .map(|(name, lang)| (*lang, *name))
        .collect();
    doc.key_values(&pairs);
    doc.heading("Absatz von rechts nach links", 2);
    doc.paragraph(
        "مرحبا بكم في مكتبة المركز البلدي للاندماج. يمكنكم استعارة الكتب والألعاب لمدة أربعة أسابيع.",
    );
    doc.heading("Lange Tabelle", 2);
    doc.note(
        "Die Kopfzeile wiederholt sich auf jeder Seite; keine Zeile wird über zwei Seiten geteilt.",
    );
    let rows = (0..SAMPLE_ROWS)
        .map(|i| {
            let (name, language) = SAMPLE_NAMES[i % SAMPLE_NAMES.len()];
            vec![
                (i + 1).to_string(),
                name.to_owned(),
                language.to_owned(),
                [
                    "Siegburg",
                    "Troisdorf",
                    "Sankt Augustin",
                    "Königswinter",
                    "Bad Honnef",
                ][i % 5]
                    .to_owned(),
                String::new(),
            ]
        })
        .collect();
    doc.table(&Table {
        columns: vec![
            Column::new("Nr.", 0.6).align(Align::Right),
            Column::new("Name", 3.0),
            Column::new("Sprache", 2.0).ellipsis(),
            Column::new("Ort", 1.8),
            Column::new("Unterschrift", 2.4),
        ],
        rows,
        min_row_height: 0.0,
    });
    doc.signatures(&["Unterschrift Mitarbeiter/in", "Datum"]);
    doc.finish()
}
