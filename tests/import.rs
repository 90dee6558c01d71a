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
    // The example: a file of 200 MB (sparse, so the test writes
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
