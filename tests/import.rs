//! Reading the centre's own lists: messy CSV and workbooks become sheets
//! with their header row, and cells are read the way the forms read them.

use chrono::NaiveDate;
use kiz::catalogue::Level;
use kiz::import::{self, values};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn a_windows_1252_csv_with_semicolons_a_title_block_and_empty_lines_is_read() {
    // As Excel on a German Windows saves "CSV (Trennzeichen-getrennt)".
    let text = "Mediathek Inventar;;;\r\nStand: Januar 2024;;;\r\n;;;\r\n\
                Titel;Verlag;ISBN;Anschaffung;;\r\n\
                Schritte plus Neu 1;Hueber;978-3-19-301081-0;1.2.2024;;\r\n\
                ;;;\r\n\
                \"Menschen A1\r\nKursbuch\";Hueber;;01.02.24;;\r\n\
                Gr\u{fc}\u{df}e aus K\u{f6}ln;\u{c7}elik;;45323;;\r\n";
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!unmappable, "the sample is Windows-1252 text");
    let sheets = import::read(&bytes).unwrap();
    assert_eq!(sheets.len(), 1);
    let sheet = &sheets[0];
    assert_eq!(sheet.header_row, 4, "found below the title block");
    assert_eq!(sheet.headers, ["Titel", "Verlag", "ISBN", "Anschaffung"]);
    let rows: Vec<(usize, Vec<&str>)> = sheet
        .rows
        .iter()
        .map(|r| (r.number, r.cells.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(
        rows,
        [
            (
                5,
                vec![
                    "Schritte plus Neu 1",
                    "Hueber",
                    "978-3-19-301081-0",
                    "1.2.2024"
                ]
            ),
            (7, vec!["Menschen A1\r\nKursbuch", "Hueber", "", "01.02.24"]),
            (9, vec!["Grüße aus Köln", "Çelik", "", "45323"]),
        ],
        "empty lines and trailing columns dropped, a quoted line break kept, \
         umlauts decoded; each row keeps its line number"
    );
}

#[test]
fn utf8_with_bom_and_commas_and_a_tab_separated_file_are_told_apart() {
    let comma =
        "\u{feff}Name,E-Mail,Ort\nAmal Haddad,amal@example.org,Siegburg\nНаталья Соколова,,Bonn\n";
    let sheet = &import::read(comma.as_bytes()).unwrap()[0];
    assert_eq!(sheet.headers, ["Name", "E-Mail", "Ort"], "the BOM is gone");
    assert_eq!(sheet.rows[1].cells, ["Наталья Соколова", "", "Bonn"]);

    let tabs = "Name\tSprache\nMehmet Yılmaz\tTürkisch, Kurdisch\n";
    let sheet = &import::read(tabs.as_bytes()).unwrap()[0];
    assert_eq!(sheet.headers, ["Name", "Sprache"]);
    assert_eq!(sheet.rows[0].cells, ["Mehmet Yılmaz", "Türkisch, Kurdisch"]);
}

/// Found by the `csv` fuzz target (fuzz/README.md): with lone CR line ends
/// every row was said to be on line 1, the header's line.
#[test]
fn lone_carriage_returns_end_lines_as_in_old_mac_files() {
    let sheet = &import::read(b"t\rn").unwrap()[0];
    assert_eq!((sheet.header_row, sheet.rows[0].number), (1, 2));

    let sheet =
        &import::read(b"Liste\r\rName;Ort\rAmal;Bonn\r\nLea;Hennef\n\rOla;\"Eitorf\rOst\"\rEnde;x")
            .unwrap()[0];
    assert_eq!(sheet.header_row, 3);
    let numbers: Vec<usize> = sheet.rows.iter().map(|r| r.number).collect();
    assert_eq!(numbers, [4, 5, 7, 9], "CR, CRLF, LF and LF CR end lines");
    assert_eq!(sheet.rows[2].cells, ["Ola", "Eitorf\rOst"]);
}

#[test]
fn a_workbook_gives_each_sheet_with_its_header_below_a_merged_title() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Bestand").unwrap();
    sheet
        .merge_range(0, 0, 0, 3, "Mediathek – Bestand 2024", &Format::new())
        .unwrap();
    for (col, header) in ["Titel", "Niveau", "Preis", "Anschaffung"]
        .iter()
        .enumerate()
    {
        sheet.write_string(2, col as u16, *header).unwrap();
    }
    sheet.write_string(3, 0, "Linie 1 A2").unwrap();
    sheet.write_string(3, 1, "A2").unwrap();
    sheet.write_number(3, 2, 24.5).unwrap();
    sheet
        .write_datetime_with_format(
            3,
            3,
            ExcelDateTime::from_ymd(2024, 2, 1).unwrap(),
            &Format::new().set_num_format("dd.mm.yyyy"),
        )
        .unwrap();
    sheet.write_string(4, 0, "Alpha plus").unwrap();
    sheet.write_number(4, 2, 2.125).unwrap();
    let other = workbook.add_worksheet().set_name("Leer").unwrap();
    other.write_string(0, 0, "").unwrap();
    let bytes = workbook.save_to_buffer().unwrap();

    let sheets = import::read(&bytes).unwrap();
    assert_eq!(sheets.len(), 1, "a sheet without a header is left out");
    let sheet = &sheets[0];
    assert_eq!(sheet.name, "Bestand");
    assert_eq!(sheet.header_row, 3, "as Excel numbers rows");
    assert_eq!(sheet.headers, ["Titel", "Niveau", "Preis", "Anschaffung"]);
    assert_eq!(sheet.rows[0].number, 4);
    assert_eq!(
        sheet.rows[0].cells,
        ["Linie 1 A2", "A2", "24,5", "2024-02-01"]
    );
    assert_eq!(sheet.rows[1].cells, ["Alpha plus", "", "2,125", ""]);
    // A workbook's number reads back as the number it is, not as 2,125
    // in thousands.
    assert_eq!(values::number(&sheet.rows[1].cells[2]), Some(2.125));
    assert_eq!(values::number(&sheet.rows[0].cells[2]), Some(24.5));
}

/// Found while writing the `workbook` fuzz target (fuzz/README.md) and
/// confirmed through it: a date-formatted cell holding a serial too large
/// for any date (a typo, a damaged file) panicked in the date conversion.
#[test]
fn a_date_cell_with_a_serial_too_large_for_a_date_stays_a_number() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "Titel").unwrap();
    sheet.write_string(0, 1, "Anschaffung").unwrap();
    let date = Format::new().set_num_format("dd.mm.yyyy");
    for (row, serial) in [1e300, -1e17, 45323.0].into_iter().enumerate() {
        sheet.write_string(row as u32 + 1, 0, "Heft").unwrap();
        sheet
            .write_number_with_format(row as u32 + 1, 1, serial, &date)
            .unwrap();
    }
    let bytes = workbook.save_to_buffer().unwrap();

    let sheet = &import::read(&bytes).unwrap()[0];
    let cells: Vec<&str> = sheet.rows.iter().map(|r| r.cells[1].as_str()).collect();
    assert_eq!(cells[0].parse::<f64>(), Ok(1e300));
    assert_eq!(cells[1], "-100000000000000000");
    assert_eq!(cells[2], "2024-02-01");
}

/// An ODS file around `content`, as LibreOffice packs one.
fn ods(content: &str) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file(
        "META-INF/manifest.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    zip.write_all(
        br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#,
    )
    .unwrap();
    zip.start_file("content.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

/// Found by the `workbook` fuzz target (fuzz/README.md): calamine waits
/// for the end of a table, or of a cell's comment, past the end of a
/// damaged ODS file and never returns. Such a file is refused instead; each
/// read runs in a thread so that a regression fails here rather than hangs.
#[test]
fn a_damaged_ods_file_that_ends_inside_a_table_is_refused_not_read_forever() {
    let head = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="Liste"><table:table-row><table:table-cell office:value-type="string"><text:p>Name</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Ort</text:p></table:table-cell></table:table-row>"#;
    let tail = "</table:table></office:spreadsheet></office:body></office:document-content>";
    let read = |content: String| {
        let (sent, received) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = sent.send(import::read(&ods(&content)).map_err(|e| e.code()));
        });
        received
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("the import returns")
    };

    let whole = read(format!("{head}{tail}")).unwrap();
    assert_eq!(whole[0].headers, ["Name", "Ort"], "a whole file is read");
    assert_eq!(
        read(head.to_owned()).unwrap_err(),
        "import_not_a_table",
        "the file ends inside the table"
    );
    let comment = r#"<table:table-row><table:table-cell office:value-type="string"><office:annotation><text:p>Notiz</text:p>"#;
    assert_eq!(
        read(format!("{head}{comment}")).unwrap_err(),
        "import_not_a_table",
        "the file ends inside a cell's comment"
    );
    assert_eq!(
        read(format!("{head}</table:tabel>{tail}")).unwrap_err(),
        "import_not_a_table",
        "an end tag that does not match its start"
    );
}

/// `xlsx` with its first sheet's XML changed by `change`.
fn with_sheet_xml(xlsx: &[u8], change: impl Fn(&str) -> String) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut from = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut to = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..from.len() {
        let mut file = from.by_index(i).unwrap();
        let name = file.name().unwrap().to_string();
        let mut content = String::new();
        file.read_to_string(&mut content).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let changed = change(&content);
            assert_ne!(changed, content, "the sheet is changed");
            content = changed;
        }
        to.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        to.write_all(content.as_bytes()).unwrap();
    }
    to.finish().unwrap().into_inner()
}

/// Found by the `workbook` fuzz target (fuzz/README.md): an overlong cell
/// reference (here the sheet's dimension, `AOOO…O1:B2`) overflows in
/// calamine's parser, which panics where overflow is checked (debug builds
/// and tests). The import catches calamine's panic and refuses the file.
#[test]
fn an_overlong_cell_reference_in_a_workbook_is_refused_without_a_panic() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (row, cells) in [["Titel", "Ort"], ["Heft", "Bonn"]].iter().enumerate() {
        for (col, text) in cells.iter().enumerate() {
            sheet.write_string(row as u32, col as u16, *text).unwrap();
        }
    }
    let bytes = with_sheet_xml(&workbook.save_to_buffer().unwrap(), |xml| {
        let overlong = format!(r#"<dimension ref="A{}1:B2"/>"#, "O".repeat(80));
        xml.replace(r#"<dimension ref="A1:B2"/>"#, &overlong)
    });
    match import::read(&bytes) {
        // Where calamine is built without overflow checks it reads on.
        Ok(sheets) => assert_eq!(sheets[0].headers, ["Titel", "Ort"]),
        Err(err) => assert_eq!(err.code(), "import_not_a_table"),
    }
}

#[test]
fn a_file_that_is_no_table_an_empty_one_and_one_too_large_are_refused() {
    let code = |bytes: &[u8]| import::read(bytes).unwrap_err().code();
    assert_eq!(
        code(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<<>>\x00\x01"),
        "import_not_a_table"
    );
    assert_eq!(
        code(b"PK\x03\x04 renamed, but no workbook inside"),
        "import_not_a_table"
    );
    assert_eq!(code(b""), "import_file_empty");
    assert_eq!(code(b" \r\n\r\n"), "import_file_empty");
    assert_eq!(code(b";;;\r\n;;\r\n"), "import_file_empty");

    let folder = tempfile::tempdir().unwrap();
    let big = folder.path().join("riesig.csv");
    let file = std::fs::File::create(&big).unwrap();
    // The issue's example: a file of 200 MB (sparse, so the test writes
    // nothing); then one just over the limit.
    file.set_len(200 * 1000 * 1000).unwrap();
    let err = import::read_path(&big).unwrap_err();
    assert_eq!(err.code(), "import_file_too_large");
    assert_eq!(
        err.params().get("max_mb"),
        Some(&kiz::error::Param::Number(100))
    );
    let file = std::fs::OpenOptions::new().write(true).open(&big).unwrap();
    file.set_len(u64::from(import::MAX_FILE_MB) * 1024 * 1024 + 1)
        .unwrap();
    assert_eq!(
        import::read_path(&big).unwrap_err().code(),
        "import_file_too_large"
    );
}

#[test]
fn dates_are_read_as_staff_and_excel_write_them() {
    for written in [
        "1.2.2024",
        "01.02.2024",
        "01.02.24",
        "2024-02-01",
        "2024-02-01 00:00",
        "45323",
    ] {
        assert_eq!(values::date(written), Some(ymd(2024, 2, 1)), "{written}");
    }
    assert_eq!(values::date("3.4.71"), Some(ymd(1971, 4, 3)));
    for not_a_date in ["", "31.2.2024", "morgen", "2024", "1.2.", "12"] {
        assert_eq!(values::date(not_a_date), None, "{not_a_date}");
    }
}

#[test]
fn numbers_are_read_with_german_and_english_separators() {
    for (written, value) in [
        ("12,5", 12.5),
        ("1.234,50", 1234.5),
        ("1.234", 1234.0),
        ("1,234.50", 1234.5),
        ("12.5", 12.5),
        ("24,90 €", 24.9),
        ("-3", -3.0),
        ("1.234.567", 1_234_567.0),
    ] {
        assert_eq!(values::number(written), Some(value), "{written}");
    }
    for not_a_number in ["", "zwölf", "1,2,3,4a", "€"] {
        assert_eq!(values::number(not_a_number), None, "{not_a_number}");
    }
}

#[test]
fn levels_are_read_as_single_levels_and_ranges_in_any_writing() {
    for (written, range) in [
        ("A1", (Level::A1, Level::A1)),
        ("b2", (Level::B2, Level::B2)),
        ("Alpha", (Level::Alpha, Level::Alpha)),
        ("Alphabetisierung", (Level::Alpha, Level::Alpha)),
        ("A1/A2", (Level::A1, Level::A2)),
        ("A1-A2", (Level::A1, Level::A2)),
        ("B1 – A2", (Level::A2, Level::B1)),
        ("A2 bis B1", (Level::A2, Level::B1)),
    ] {
        assert_eq!(values::levels(written), Some(range), "{written}");
    }
    assert_eq!(values::levels("D1"), None);
    assert_eq!(values::levels(""), None);
}

#[test]
fn languages_are_found_by_code_german_name_english_name_and_own_script() {
    for (written, code) in [
        ("ar", "ar"),
        ("Arabisch", "ar"),
        ("arabic", "ar"),
        ("العربية", "ar"),
        ("Türkçe", "tr"),
        ("TURKCE", "tr"),
        ("Русский", "ru"),
        ("Farsi", "fa"),
        ("Französisch", "fr"),
        ("francais", "fr"),
    ] {
        assert_eq!(values::language(written), Some(code), "{written}");
    }
    assert_eq!(values::language("Klingonisch"), None);
    assert_eq!(
        values::languages("Deutsch, Arabisch / tr und Kurdisch; de"),
        Ok(vec!["de", "ar", "tr", "ku"])
    );
    assert_eq!(
        values::languages("Deutsch, Elbisch"),
        Err("Elbisch".to_owned()),
        "the word that is no language is named"
    );
}

#[test]
fn municipalities_are_matched_with_small_typos_to_the_kreis_and_bonn() {
    for (written, name) in [
        ("Siegburg", "Siegburg"),
        ("siegburg ", "Siegburg"),
        ("Sankt Agustin", "Sankt Augustin"),
        ("St. Augustin", "Sankt Augustin"),
        ("Hennef", "Hennef (Sieg)"),
        ("Konigswinter", "Königswinter"),
        ("Neunkirchen Seelscheid", "Neunkirchen-Seelscheid"),
        ("Bon", "Bonn"),
    ] {
        assert_eq!(values::municipality(written), Some(name), "{written}");
    }
    for elsewhere in ["Köln", "Berlin", "", "anderer Ort"] {
        assert_eq!(values::municipality(elsewhere), None, "{elsewhere}");
    }
}

#[test]
fn columns_are_guessed_from_german_and_english_headers_each_field_once() {
    let headers = |list: &[&str]| list.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>();
    assert_eq!(
        import::guess(
            import::Target::Media,
            &headers(&[
                "Titel",
                "Verlag",
                "ISBN",
                "Niveau",
                "Sprache(n)",
                "Inventar-Nr.",
                "Bemerkung",
                "Preis (€)"
            ])
        ),
        [
            Some("title"),
            Some("publisher"),
            Some("isbn"),
            Some("levels"),
            Some("languages"),
            Some("barcode"),
            None,
            Some("price")
        ]
    );
    assert_eq!(
        import::guess(
            import::Target::Borrowers,
            &headers(&["Vorname", "Nachname", "E-Mail", "Telefon", "Ort", "Name"])
        ),
        [
            Some("first_name"),
            Some("last_name"),
            Some("email"),
            Some("phone"),
            Some("place"),
            Some("name")
        ]
    );
    assert_eq!(
        import::guess(
            import::Target::Organisations,
            &headers(&["Verein", "Ort", "Website", "Languages", "Verein"])
        ),
        [
            Some("name"),
            Some("municipality"),
            Some("website"),
            Some("languages"),
            None
        ],
        "the second column that names a field is left to staff"
    );
    assert_eq!(
        import::guess(
            import::Target::Participants,
            &headers(&["First name", "Last name", "Year of birth", "School"])
        ),
        [
            Some("first_name"),
            Some("last_name"),
            Some("birth_year"),
            Some("school")
        ]
    );
}

#[test]
fn a_workbook_spanning_the_whole_grid_with_two_cells_is_refused_before_it_is_read() {
    // One cell in A1 and one in the last cell Excel has: calamine would
    // ask for 17 billion cells of memory and end the process.
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "Titel").unwrap();
    sheet.write_string(1_048_575, 16_383, "weit weg").unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    assert_eq!(
        import::read(&bytes).unwrap_err().code(),
        "import_not_a_table"
    );
    // A real list of 2,000 rows by 30 columns is read.
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for column in 0..30u16 {
        sheet
            .write_string(0, column, format!("Spalte {column}"))
            .unwrap();
    }
    sheet.write_string(2_000, 29, "letzte Zelle").unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    let sheets = import::read(&bytes).unwrap();
    assert_eq!(sheets[0].headers.len(), 30);
}
