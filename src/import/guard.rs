//! Checks a workbook passes before calamine reads it, for damaged or
//! hostile files that calamine 0.38 cannot refuse on its own.

use std::io::{BufReader, Cursor};

use quick_xml::events::Event;

/// The most cells one sheet may span, first to last. calamine keeps a
/// sheet as one dense block from its first cell to its last, so a file
/// with a cell in A1 and one in XFD1048576 would ask for 17 billion cells
/// of memory and end the process (no panic that could be caught). A list
/// of the centre's spans a few hundred thousand cells; a sheet of 100,000
/// rows by 200 columns still passes.
const MAX_CELLS: u64 = 20_000_000;

/// Whether every sheet of an XLSX file spans at most [`MAX_CELLS`] from its
/// first to its last cell. Files that are no XLSX (ODS, XLS, a broken ZIP)
/// pass: this check is for the one way calamine fails that way.
pub(super) fn xlsx_cells_fit(bytes: &[u8]) -> bool {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return true;
    };
    let sheets: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(std::borrow::Cow::into_owned))
        .filter(|n| n.starts_with("xl/worksheets/") && n.ends_with(".xml"))
        .collect();
    sheets.iter().all(|name| {
        let Ok(file) = zip.by_name(name) else {
            return true;
        };
        let mut reader = quick_xml::Reader::from_reader(BufReader::new(file));
        let mut buf = Vec::new();
        let mut span = Span::default();
        loop {
            match reader.read_event_into(&mut buf) {
                Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().into_inner() == "c" => {
                    for attribute in e.attributes().flatten() {
                        if attribute.key.into_inner() == "r" {
                            if let Some(cell) = cell_reference(attribute.value.as_bytes()) {
                                span.add(cell);
                            }
                        }
                    }
                }
                // A broken part is calamine's to refuse.
                Ok(Event::Eof) | Err(_) => break,
                Ok(_) => {}
            }
            buf.clear();
        }
        span.cells() <= MAX_CELLS
    })
}

/// The rectangle from the first cell seen to the last.
#[derive(Default)]
struct Span {
    /// Lowest and highest row and column, once a cell was seen.
    corners: Option<((u64, u64), (u64, u64))>,
}

impl Span {
    fn add(&mut self, (row, column): (u64, u64)) {
        self.corners = Some(match self.corners {
            None => ((row, column), (row, column)),
            Some(((r0, c0), (r1, c1))) => {
                ((r0.min(row), c0.min(column)), (r1.max(row), c1.max(column)))
            }
        });
    }

    fn cells(&self) -> u64 {
        self.corners.map_or(0, |((r0, c0), (r1, c1))| {
            (r1 - r0 + 1).saturating_mul(c1 - c0 + 1)
        })
    }
}

/// Row and column (from 1) of a reference like `B12`; `None` when it is
/// none. Letters and digits past what Excel allows still count (capped),
/// so an overlong reference cannot overflow here.
fn cell_reference(text: &[u8]) -> Option<(u64, u64)> {
    let letters = text.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let (column, row) = text.split_at(letters);
    if letters == 0 || row.is_empty() || !row.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let column = column.iter().fold(0u64, |n, b| {
        n.saturating_mul(26)
            .saturating_add(u64::from(b.to_ascii_uppercase() - b'A' + 1))
    });
    let row = row.iter().fold(0u64, |n, b| {
        n.saturating_mul(10).saturating_add(u64::from(b - b'0'))
    });
    Some((
        row.min(u64::from(u32::MAX)),
        column.min(u64::from(u32::MAX)),
    ))
}

#[cfg(test)]
mod tests {
    use super::cell_reference;

    #[test]
    fn cell_references_are_read_and_overlong_ones_capped() {
        assert_eq!(cell_reference(b"A1"), Some((1, 1)));
        assert_eq!(cell_reference(b"b12"), Some((12, 2)));
        assert_eq!(cell_reference(b"XFD1048576"), Some((1_048_576, 16_384)));
        assert_eq!(cell_reference(b"A"), None);
        assert_eq!(cell_reference(b"12"), None);
        assert_eq!(cell_reference(b"A1:B2"), None);
        let huge = cell_reference(b"ZZZZZZZZZZZZZZZZ99999999999999999999999").unwrap();
        assert_eq!(huge, (u64::from(u32::MAX), u64::from(u32::MAX)));
    }
}
