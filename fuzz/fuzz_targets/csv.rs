//! The CSV path of the import: arbitrary bytes read as text (UTF-8 or
//! Windows-1252, any separator), every cell then through the cell readers.
//! Bytes that open like a workbook (ZIP or OLE) go to the `workbook` target
//! instead.

#![no_main]

use libfuzzer_sys::fuzz_target;

const OLE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fuzz_target!(|data: &[u8]| {
    if data.starts_with(b"PK\x03\x04") || data.starts_with(&OLE) {
        return;
    }
    if let Some(sheets) = kiz_fuzz::read_and_check(data) {
        assert_eq!(sheets.len(), 1, "a CSV file is one table");
        assert!(sheets[0].name.is_empty(), "a CSV table has no name");
        kiz_fuzz::check_cells(&sheets);
    }
});
