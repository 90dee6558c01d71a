//! What the fuzz targets check on everything the import gives back: the
//! invariants [`kiz::import::read`] and the cell readers promise, besides
//! not panicking.

use kiz::import::{self, mapping, values, Sheet, Target};
use kiz::Error;

/// Reads `bytes` and checks the sheets that come back, or that the error is
/// one the import names for a file it cannot take.
/// With `KIZ_FUZZ_SHOW` set, what was read is printed (to look at an input:
/// `KIZ_FUZZ_SHOW=1 cargo fuzz run workbook FILE`).
pub fn read_and_check(bytes: &[u8]) -> Option<Vec<Sheet>> {
    static SHOW: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    let result = import::read(bytes);
    if *SHOW.get_or_init(|| std::env::var_os("KIZ_FUZZ_SHOW").is_some()) {
        eprintln!("{result:#?}");
    }
    match result {
        Ok(sheets) => {
            assert!(!sheets.is_empty(), "Ok with no sheet");
            for sheet in &sheets {
                check_sheet(sheet);
            }
            Some(sheets)
        }
        Err(Error::ImportFileEmpty | Error::ImportNotATable) => None,
        Err(other) => panic!("unexpected error for a small file: {other:?}"),
    }
}

/// The shape every sheet has: a header found at a row counted from 1, no
/// trailing empty header, headers that are no numbers, data rows below the
/// header in file order, each as wide as the header and holding something,
/// every cell trimmed.
pub fn check_sheet(sheet: &Sheet) {
    assert!(sheet.header_row >= 1, "header_row {}", sheet.header_row);
    assert!(!sheet.headers.is_empty(), "a sheet without headers");
    assert!(
        sheet.headers.last().is_some_and(|h| !h.is_empty()),
        "trailing empty header: {:?}",
        sheet.headers
    );
    for header in &sheet.headers {
        assert_eq!(header, header.trim(), "header not trimmed");
        assert!(
            header.is_empty() || header.parse::<f64>().is_err(),
            "a number as header: {header:?}"
        );
    }
    let mut previous = sheet.header_row;
    for row in &sheet.rows {
        assert!(
            row.number > previous,
            "row {} after row {previous}",
            row.number
        );
        previous = row.number;
        assert_eq!(
            row.cells.len(),
            sheet.headers.len(),
            "row {} is not as wide as the header",
            row.number
        );
        assert!(
            row.cells.iter().any(|c| !c.is_empty()),
            "empty row {}",
            row.number
        );
        for cell in &row.cells {
            assert_eq!(cell, cell.trim(), "cell not trimmed");
        }
    }
    for target in [
        Target::Media,
        Target::Borrowers,
        Target::Organisations,
        Target::Participants,
    ] {
        let guessed = import::guess(target, &sheet.headers);
        assert_eq!(guessed.len(), sheet.headers.len());
        let keys: Vec<&str> = guessed.iter().flatten().copied().collect();
        for (i, key) in keys.iter().enumerate() {
            assert!(!keys[..i].contains(key), "{key} guessed twice");
            assert!(mapping::fields(target).iter().any(|f| f.key == *key));
        }
    }
}

/// Every cell through every cell reader, with what each promises.
pub fn check_cells(sheets: &[Sheet]) {
    for sheet in sheets {
        for cell in sheet
            .headers
            .iter()
            .chain(sheet.rows.iter().flat_map(|r| r.cells.iter()))
        {
            check_cell(cell);
        }
    }
}

/// One cell through [`values`]: no panic, a number is finite, a level range
/// is ordered, languages come once each.
pub fn check_cell(cell: &str) {
    let _ = values::date(cell);
    if let Some(n) = values::number(cell) {
        assert!(n.is_finite(), "number {n} from {cell:?}");
    }
    if let Some((low, high)) = values::levels(cell) {
        assert!(low <= high, "levels {low:?} > {high:?} from {cell:?}");
    }
    let _ = values::language(cell);
    if let Ok(codes) = values::languages(cell) {
        for (i, code) in codes.iter().enumerate() {
            assert!(!codes[..i].contains(code), "{code} twice from {cell:?}");
        }
    }
    let _ = values::municipality(cell);
}

/// The XLSX package around a worksheet: `parts` are, in this order,
/// `xl/worksheets/sheet1.xml`, `xl/sharedStrings.xml`, `xl/styles.xml` and
/// `xl/workbook.xml`; a part left out (or empty) is not in the file, except
/// the workbook, which then names the one sheet. Stored, not deflated, so
/// that the fuzzer's changes reach calamine's XML reading.
pub fn xlsx(parts: &[&[u8]]) -> Vec<u8> {
    const WORKBOOK: &[u8] = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Liste" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    const RELS: &[u8] = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    const WORKBOOK_RELS: &[u8] = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;
    const CONTENT_TYPES: &[u8] = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
    let part = |i: usize| parts.get(i).copied().filter(|p| !p.is_empty());
    let files: [(&str, Option<&[u8]>); 7] = [
        ("[Content_Types].xml", Some(CONTENT_TYPES)),
        ("_rels/.rels", Some(RELS)),
        ("xl/workbook.xml", Some(part(3).unwrap_or(WORKBOOK))),
        ("xl/_rels/workbook.xml.rels", Some(WORKBOOK_RELS)),
        ("xl/worksheets/sheet1.xml", part(0)),
        ("xl/sharedStrings.xml", part(1)),
        ("xl/styles.xml", part(2)),
    ];
    zip_of(&files)
}

/// The ODS package around `content` (`content.xml`).
pub fn ods(content: &[u8]) -> Vec<u8> {
    const MANIFEST: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip_of(&[
        (
            "mimetype",
            Some(&b"application/vnd.oasis.opendocument.spreadsheet"[..]),
        ),
        ("META-INF/manifest.xml", Some(MANIFEST)),
        ("content.xml", Some(content)),
    ])
}

fn zip_of(files: &[(&str, Option<&[u8]>)]) -> Vec<u8> {
    use std::io::Write;
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, content) in files {
        if let Some(content) = content {
            writer.start_file(*name, options).expect("zip entry");
            writer.write_all(content).expect("zip write");
        }
    }
    writer.finish().expect("zip end").into_inner()
}

/// Lets panics raised inside calamine unwind to the import, which catches
/// them and refuses the file (`src/import/read.rs`), instead of the abort
/// libFuzzer's hook makes of every panic; any other panic still aborts and
/// is a finding. Each place in calamine that panicked is printed once, so a
/// run's log lists them.
pub fn let_calamine_panic() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let fuzzer_hook = std::panic::take_hook();
        let seen = std::sync::Mutex::new(std::collections::BTreeSet::<String>::new());
        std::panic::set_hook(Box::new(move |info| {
            let place = info
                .location()
                .filter(|l| l.file().contains("/calamine-"))
                .map(|l| format!("{}:{}", l.file(), l.line()));
            match place {
                Some(place) => {
                    let mut seen = seen.lock().unwrap_or_else(|e| e.into_inner());
                    if seen.insert(place.clone()) {
                        eprintln!("calamine panic, caught by the import: {place}: {info}");
                    }
                }
                None => fuzzer_hook(info),
            }
        }));
    });
}
