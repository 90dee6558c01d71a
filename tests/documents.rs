//! The documents layer, checked from the PDF itself with poppler's
//! `pdftotext`, `pdfinfo` and `pdffonts` (installed by `cargo xtask test`),
//! and the exports read back with calamine and csv.

mod common;

use common::{day, letters, poppler};

use chrono::NaiveDate;
use kiz::documents::export::{self, Cell, Sheet};
use kiz::documents::fonts::FallbackFonts;
use kiz::documents::sample::{sample_document, SAMPLE_NAMES, SAMPLE_ROWS};
use kiz::documents::{Column, MissingGlyph, Notice, Orientation, Pdf, PrintSetup, Printout, Table};
use kiz::error::Param;
use kiz::settings::Institution;

fn institution() -> Institution {
    Institution {
        name: "Kommunales Integrationszentrum Rhein-Sieg-Kreis".into(),
        department: "Mediathek".into(),
        street: "Kaiser-Wilhelm-Platz 1".into(),
        postal_code: "53721".into(),
        city: "Siegburg".into(),
        ..Institution::default()
    }
}

fn pages_text(pdf: &Pdf, layout: bool) -> Vec<String> {
    let args: &[&str] = if layout { &["-layout"] } else { &[] };
    let text = poppler("pdftotext", args, &pdf.bytes);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

fn sample() -> Pdf {
    sample_document(&institution(), day(2026, 11, 12), FallbackFonts::none())
}

#[test]
#[cfg_attr(windows, ignore = "needs poppler's pdftotext, a Linux program")]
fn every_sample_name_copies_out_in_logical_order() {
    let pdf = sample();
    let text = letters(&poppler("pdftotext", &[], &pdf.bytes));
    let mut checked = 0;
    for (name, _) in SAMPLE_NAMES {
        assert!(
            text.contains(&letters(name)),
            "{name:?} must copy out as written"
        );
        checked += 1;
    }
    assert_eq!(
        checked,
        SAMPLE_NAMES.len(),
        "every script, Arabic with vowel marks too"
    );
    assert!(
        text.contains(&letters("مرحبا بكم في مكتبة المركز البلدي للاندماج")),
        "an Arabic paragraph with the لا ligature copies out in logical order"
    );
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs poppler's pdfinfo and pdftotext, Linux programs"
)]
fn every_page_has_the_header_and_a_correct_page_number() {
    let pdf = sample();
    let pages = pages_text(&pdf, false);
    let info = poppler("pdfinfo", &[], &pdf.bytes);
    let counted: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo names the page count");
    assert_eq!(counted, pdf.pages, "the reported page count is the file's");
    assert_eq!(pages.len(), pdf.pages);
    assert!(
        pdf.pages >= 3,
        "120 rows need several pages, got {}",
        pdf.pages
    );
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.contains("Kommunales Integrationszentrum Rhein-Sieg-Kreis"),
            "header on page {}",
            i + 1
        );
        assert!(
            page.contains("Kaiser-Wilhelm-Platz 1, 53721 Siegburg"),
            "address on page {}",
            i + 1
        );
        assert!(
            page.contains(&format!("Seite {} von {}", i + 1, pdf.pages)),
            "page number on page {}",
            i + 1
        );
        assert!(
            page.contains("Gedruckt am 12.11.2026"),
            "print date on page {}",
            i + 1
        );
    }
}

#[test]
#[cfg_attr(windows, ignore = "needs poppler's pdftotext, a Linux program")]
fn the_table_header_repeats_and_no_row_is_split_across_pages() {
    let pdf = sample();
    let pages = pages_text(&pdf, true);
    let mut seen = vec![0usize; SAMPLE_ROWS + 1];
    for (p, page) in pages.iter().enumerate() {
        let mut rows_here = 0;
        for line in page.lines().map(str::trim) {
            let Some((number, rest)) = line.split_once(' ') else {
                continue;
            };
            let Ok(n) = number.parse::<usize>() else {
                continue;
            };
            if !(1..=SAMPLE_ROWS).contains(&n) {
                continue;
            }
            // The name is on the same line as its number: the row is whole.
            let (name, _) = SAMPLE_NAMES[(n - 1) % SAMPLE_NAMES.len()];
            assert!(
                letters(rest).contains(&letters(name)),
                "row {n} keeps its name {name}: {line}"
            );
            seen[n] += 1;
            rows_here += 1;
        }
        if rows_here > 0 {
            let header = page
                .lines()
                .find(|l| l.trim_start().starts_with("Nr."))
                .unwrap_or_else(|| panic!("header row on page {}", p + 1));
            for title in ["Name", "Sprache", "Ort", "Unterschrift"] {
                assert!(
                    header.contains(title),
                    "{title} in the header on page {}",
                    p + 1
                );
            }
        }
    }
    assert!(
        seen[1..].iter().all(|&count| count == 1),
        "every row printed exactly once: {seen:?}"
    );
}

#[test]
#[cfg_attr(windows, ignore = "needs poppler's pdffonts, a Linux program")]
fn the_fonts_are_embedded_as_subsets_and_the_file_stays_small() {
    let pdf = sample();
    assert!(
        pdf.missing.is_empty(),
        "DejaVu covers every sample name: {:?}",
        pdf.missing
    );
    let fonts = poppler("pdffonts", &[], &pdf.bytes);
    let embedded: Vec<&str> = fonts.lines().skip(2).collect();
    assert_eq!(embedded.len(), 2, "regular and bold: {fonts}");
    for line in embedded {
        assert!(line.contains('+'), "subset font names carry a tag: {line}");
        assert!(line.contains(" yes "), "embedded: {line}");
    }
    assert!(
        pdf.bytes.len() < 200_000,
        "five pages stay small: {} bytes",
        pdf.bytes.len()
    );
}

fn slip(names: &[&str], fallbacks: FallbackFonts) -> Pdf {
    let mut doc = Printout::new(PrintSetup {
        title: "Leihschein".into(),
        orientation: Orientation::Portrait,
        institution: institution(),
        printed_on: day(2026, 11, 12),
        fallbacks,
    });
    doc.heading("Ausleihbeleg", 1);
    doc.table(&Table {
        columns: vec![Column::new("Name", 1.0)],
        rows: names.iter().map(|n| vec![n.to_string()]).collect(),
        min_row_height: 0.0,
    });
    doc.signatures(&["Unterschrift"]);
    doc.finish()
}

#[test]
fn a_one_page_slip_is_well_under_100_kilobytes() {
    let pdf = slip(
        &["Şükrü Yılmaz", "محمد الأحمد", "Наталья Иванова"],
        FallbackFonts::none(),
    );
    assert_eq!(pdf.pages, 1);
    assert!(
        pdf.bytes.len() < 100_000,
        "slip is {} bytes",
        pdf.bytes.len()
    );
}

#[test]
#[cfg_attr(windows, ignore = "needs poppler's pdftotext, a Linux program")]
fn a_character_dejavu_lacks_is_printed_as_a_placeholder_and_reported_with_its_field() {
    let pdf = slip(&["Li ⌒ Wei 李", "Anna Schmidt"], FallbackFonts::none());
    assert_eq!(pdf.pages, 1, "the slip is still produced");
    let chars: Vec<char> = pdf.missing.iter().map(|m| m.character).collect();
    assert_eq!(chars, vec!['⌒', '李'], "both reported, once each");
    assert!(
        pdf.missing.iter().all(|m| m.field == "Name"),
        "the column is named"
    );
    let notice = &pdf.warnings()[0];
    assert_eq!(
        (notice.params.get("characters"), notice.params.get("fields")),
        (
            Some(&Param::List(vec![
                "⌒ (U+2312)".into(),
                "李 (U+674E)".into()
            ])),
            Some(&Param::List(vec!["Name".into()]))
        ),
        "the notice names each character with its code point, and the field"
    );
    let text = poppler("pdftotext", &[], &pdf.bytes);
    assert!(
        text.contains("Li � Wei �"),
        "a visible placeholder, not an empty box: {text}"
    );
    assert!(text.contains("Anna Schmidt"));
}

#[test]
fn characters_no_font_has_give_one_warning_per_document_naming_each_once() {
    // An emoji in a name that stands in the heading, a key-value line and
    // twenty table rows: one warning, not one per character or per place.
    let name = "Ali 🥳👍🏽 Yılmaz 🥳";
    let mut doc = Printout::new(PrintSetup {
        title: "Leihschein".into(),
        orientation: Orientation::Portrait,
        institution: institution(),
        printed_on: day(2026, 11, 12),
        fallbacks: FallbackFonts::none(),
    });
    doc.heading(name, 1);
    doc.key_values(&[("Name", name)]);
    doc.table(&Table {
        columns: vec![Column::new("Name", 1.0), Column::new("Titel", 1.0)],
        rows: (0..20)
            .map(|_| vec![name.to_owned(), "李白 – Gedichte".to_owned()])
            .collect(),
        min_row_height: 0.0,
    });
    let pdf = doc.finish();
    let warnings = pdf.warnings();
    assert_eq!(warnings.len(), 1, "one notice per document: {warnings:?}");
    let notice = &warnings[0];
    assert_eq!(notice.code, "missing_glyphs");
    assert_eq!(
        notice.params.get("variant"),
        Some(&Param::Text("many".into()))
    );
    let Some(Param::List(characters)) = notice.params.get("characters") else {
        panic!("the characters are listed: {notice:?}");
    };
    assert_eq!(
        characters,
        &[
            "🥳 (U+1F973)",
            "👍 (U+1F44D)",
            "🏽 (U+1F3FD)",
            "李 (U+674E)",
            "白 (U+767D)"
        ],
        "each character no font has is named exactly once, with its code point"
    );
    assert_eq!(
        notice.params.get("fields"),
        Some(&Param::List(vec![
            "Überschrift".into(),
            "Name".into(),
            "Titel".into()
        ])),
        "the places on the page are named, each once"
    );
    assert_eq!(notice.params.get("more"), None, "none is only counted");
}

#[test]
fn more_than_twelve_missing_characters_are_named_up_to_twelve_and_counted() {
    let glyphs: Vec<MissingGlyph> = ('\u{1F600}'..='\u{1F60E}')
        .map(|character| MissingGlyph {
            character,
            field: "Name".into(),
        })
        .collect();
    let notice = Notice::missing_glyphs(&glyphs).expect("a notice");
    assert_eq!(
        notice.params.get("variant"),
        Some(&Param::Text("many_more".into()))
    );
    let Some(Param::List(characters)) = notice.params.get("characters") else {
        panic!("the characters are listed: {notice:?}");
    };
    assert_eq!(characters.len(), 12);
    assert_eq!(notice.params.get("more"), Some(&Param::Number(3)));
    assert_eq!(
        Notice::missing_glyphs(&[]),
        None,
        "no notice when all printed"
    );
}

#[test]
fn a_document_that_prints_every_character_gives_no_warning() {
    let pdf = slip(&["Şükrü Yılmaz", "محمد الأحمد"], FallbackFonts::none());
    assert!(pdf.warnings().is_empty(), "{:?}", pdf.warnings());
}

/// Every letter staff print, by script: what the bundled DejaVu Sans must
/// draw without any font of the machine (Windows or Linux).
const SCRIPTS_WE_PRINT: &[(&str, &str)] = &[
    ("Deutsch", "ÄÖÜäöüßẞ"),
    ("Türkisch", "ÇçĞğİıÖöŞşÜüÂâÎîÛû"),
    ("Kurdisch (Kurmancî)", "ÇçÊêÎîŞşÛû"),
    ("Französisch", "ÀÂÆÇÉÈÊËÎÏÔŒÙÛÜŸàâæçéèêëîïôœùûüÿ"),
    (
        "Polnisch, Rumänisch, Kroatisch, Albanisch",
        "ĄąĆćĘęŁłŃńŚśŹźŻżĂăȘșȚțČčĐđŠšŽžËë",
    ),
    (
        "Russisch",
        "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    ),
    ("Ukrainisch", "ҐґЄєІіЇї"),
    (
        "Arabisch",
        "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي ًٌٍَُِّْ ٠١٢٣٤٥٦٧٨٩ ،؛؟",
    ),
    ("Persisch, Dari", "پچژگکی۰۱۲۳۴۵۶۷۸۹\u{200C}"),
    ("Kurdisch (Soranî)", "ڕڵۆێەھ"),
    ("Zeichen", "„“‚‘–—…€§•°²"),
];

#[test]
fn the_fonts_embedded_compressed_come_out_as_the_dejavu_files_byte_for_byte() {
    use kiz::documents::fonts::{dejavu_bold, dejavu_regular};
    assert_eq!(dejavu_regular().bytes(), dejavu::sans::regular());
    assert_eq!(dejavu_bold().bytes(), dejavu::sans::bold());
    // Inflated once: a second call hands out the same bytes.
    assert!(std::ptr::eq(
        dejavu_regular().bytes(),
        dejavu_regular().bytes()
    ));
}

#[test]
fn every_letter_of_every_script_we_print_is_in_the_bundled_fonts() {
    use kiz::documents::fonts::{dejavu_bold, dejavu_regular};
    for face in [dejavu_regular(), dejavu_bold()] {
        for (script, letters) in SCRIPTS_WE_PRINT {
            let missing: String = letters
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '\u{200C}' && !face.covers(*c))
                .collect();
            assert!(
                missing.is_empty(),
                "{face:?} lacks {missing:?} of {script}: the bundled fonts must cover it"
            );
        }
    }
    // And set in a document with no fallback at all, shaped (Arabic joined,
    // lam-alef, harakat), in both weights: nothing is a placeholder.
    let mut doc = Printout::new(PrintSetup {
        title: "Schriften".into(),
        orientation: Orientation::Portrait,
        institution: institution(),
        printed_on: day(2026, 11, 12),
        fallbacks: FallbackFonts::none(),
    });
    for (script, letters) in SCRIPTS_WE_PRINT {
        doc.heading(letters, 2);
        doc.key_values(&[(*script, *letters)]);
    }
    let pdf = doc.finish();
    assert!(
        pdf.missing.is_empty(),
        "no character of a script we print needs a font of the machine: {:?}",
        pdf.missing
    );
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs poppler's pdftotext and pdffonts, Linux programs"
)]
fn a_fallback_font_that_has_the_character_is_used_instead_of_a_placeholder() {
    // DejaVu Sans Mono has U+2312, DejaVu Sans has not: an injected font list
    // makes the test independent of the machine's fonts.
    let dir = tempfile::tempdir().unwrap();
    let mono = dir.path().join("DejaVuSansMono.ttf");
    std::fs::write(&mono, dejavu::sans_mono::regular()).unwrap();
    let missing_font = dir.path().join("does-not-exist.ttf");
    let pdf = slip(
        &["Li ⌒ Wei"],
        FallbackFonts::from_paths([missing_font, mono]),
    );
    assert!(
        pdf.missing.is_empty(),
        "the fallback covers it: {:?}",
        pdf.missing
    );
    let fonts = poppler("pdffonts", &[], &pdf.bytes);
    assert!(
        fonts.contains("DejaVuSansMono"),
        "the fallback font is embedded: {fonts}"
    );
    let text = poppler("pdftotext", &[], &pdf.bytes);
    assert!(text.contains("Li ⌒ Wei"), "{text}");
}

#[test]
#[cfg_attr(windows, ignore = "needs poppler's pdftotext, a Linux program")]
fn long_cells_are_shortened_with_an_ellipsis_by_width() {
    let mut doc = Printout::new(PrintSetup {
        title: "t".into(),
        orientation: Orientation::Landscape,
        institution: institution(),
        printed_on: day(2026, 11, 12),
        fallbacks: FallbackFonts::none(),
    });
    let long =
        "Ausbildung im Handwerk – Infos für Eltern auf Türkisch und Kurdisch, mit Dolmetschung";
    doc.table(&Table {
        columns: vec![
            Column::new("Workshop", 1.0).ellipsis(),
            Column::new("Raum", 6.0),
        ],
        rows: vec![vec![long.into(), "A 1.04".into()]],
        min_row_height: 0.0,
    });
    let pdf = doc.finish();
    let text = poppler("pdftotext", &[], &pdf.bytes);
    assert!(!text.contains(long), "too long for the column");
    let shortened = text
        .lines()
        .find(|l| l.starts_with("Ausbildung"))
        .expect("the cell is printed");
    assert!(
        shortened.ends_with('…'),
        "ends with an ellipsis: {shortened}"
    );
}

fn participants() -> Sheet {
    Sheet {
        name: "Teilnehmende".into(),
        columns: vec![
            "Nr.".into(),
            "Name".into(),
            "Geburtsdatum".into(),
            "Bemerkung".into(),
        ],
        rows: vec![
            vec![
                Cell::Number(1.0),
                "Şükrü Yılmaz".into(),
                Cell::Date(NaiveDate::from_ymd_opt(2008, 3, 1).unwrap()),
                "=1+1".into(),
            ],
            vec![
                Cell::Number(2.0),
                "محمد الأحمد".into(),
                Cell::Empty,
                "Eltern; Türkisch \"und\" Kurdisch".into(),
            ],
        ],
    }
}

#[test]
fn xlsx_export_reads_back_with_the_same_values_and_types() {
    use calamine::{Data, Reader, Xlsx};
    let bytes = export::xlsx(&participants()).unwrap();
    let mut workbook: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let range = workbook.worksheet_range("Teilnehmende").unwrap();
    assert_eq!(range.get_value((0, 1)), Some(&Data::String("Name".into())));
    assert_eq!(
        range.get_value((1, 0)),
        Some(&Data::Float(1.0)),
        "numbers stay numbers"
    );
    assert_eq!(
        range.get_value((1, 1)),
        Some(&Data::String("Şükrü Yılmaz".into()))
    );
    assert_eq!(
        range.get_value((2, 1)),
        Some(&Data::String("محمد الأحمد".into()))
    );
    assert_eq!(
        range.get_value((1, 3)),
        Some(&Data::String("=1+1".into())),
        "text is never a formula"
    );
    match range.get_value((1, 2)) {
        Some(Data::DateTime(dt)) => {
            let serial = (NaiveDate::from_ymd_opt(2008, 3, 1).unwrap()
                - NaiveDate::from_ymd_opt(1899, 12, 30).unwrap())
            .num_days() as f64;
            assert_eq!(dt.as_f64(), serial, "a real Excel date (serial number)");
        }
        other => panic!("a date cell, got {other:?}"),
    }
}

#[test]
fn xlsx_export_has_a_frozen_header_row_and_an_auto_filter() {
    let bytes = export::xlsx(&participants()).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut sheet = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut sheet,
    )
    .unwrap();
    assert!(
        sheet.contains(r#"state="frozen""#) && sheet.contains(r#"ySplit="1""#),
        "header row frozen: {sheet}"
    );
    assert!(
        sheet.contains(r#"<autoFilter ref="A1:D3""#),
        "filter over header and rows: {sheet}"
    );
    assert!(sheet.contains("<col "), "column widths set");
}

#[test]
fn csv_export_is_utf8_with_bom_semicolons_and_german_dates() {
    let bytes = export::csv(&participants()).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "BOM for Excel");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&bytes[3..]);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header, ["Nr.", "Name", "Geburtsdatum", "Bemerkung"]);
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().unwrap();
    assert_eq!(&rows[0][1], "Şükrü Yılmaz");
    assert_eq!(&rows[0][2], "01.03.2008");
    assert_eq!(&rows[0][3], "'=1+1", "a formula is defused");
    assert_eq!(&rows[1][1], "محمد الأحمد");
    assert_eq!(
        &rows[1][3], "Eltern; Türkisch \"und\" Kurdisch",
        "quoting keeps separators and quotes"
    );
}
