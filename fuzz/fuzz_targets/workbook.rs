//! The workbook path of the import (calamine: XLSX, XLSB, XLS, ODS), three
//! ways, by how the input opens:
//! - a ZIP or OLE file (`PK\x03\x04`, `D0 CF 11 E0`): read as it is, from
//!   seeds such as a small XLSX written by rust_xlsxwriter;
//! - `ods\n`: the rest is the `content.xml` of an ODS file;
//! - anything else: XML parts split at NUL bytes (sheet, shared strings,
//!   styles, workbook) packed into an XLSX file, so the fuzzer changes the
//!   XML and not the ZIP structure around it (whose checksums would refuse
//!   nearly every change).
//!
//! Every sheet read is checked (see `kiz_fuzz::check_sheet`) and its cells
//! go through the cell readers. A panic inside calamine is caught by the
//! import and printed once per place (see `kiz_fuzz::let_calamine_panic`);
//! any other panic, a hang or running out of memory is a finding.

#![no_main]

use libfuzzer_sys::fuzz_target;

const OLE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fuzz_target!(|data: &[u8]| {
    kiz_fuzz::let_calamine_panic();
    let packed;
    let file: &[u8] = if data.starts_with(b"PK\x03\x04") || data.starts_with(&OLE) {
        data
    } else if let Some(content) = data.strip_prefix(b"ods\n") {
        packed = kiz_fuzz::ods(content);
        &packed
    } else {
        let parts: Vec<&[u8]> = data.split(|b| *b == 0).take(4).collect();
        packed = kiz_fuzz::xlsx(&parts);
        &packed
    };
    if let Some(sheets) = kiz_fuzz::read_and_check(file) {
        kiz_fuzz::check_cells(&sheets);
    }
});
