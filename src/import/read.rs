//! From a file's bytes to sheets of text cells with their header row.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader};
use serde::Serialize;

use crate::{Error, Result};

/// The largest file the import reads, in megabytes.
pub const MAX_FILE_MB: u32 = 100;

/// How many rows from the top may hold a title block above the header.
const HEADER_SEARCH_ROWS: usize = 30;

/// One table of a file: a CSV file has one, a workbook one per sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sheet {
    /// The sheet's name in the workbook; empty for CSV.
    pub name: String,
    /// The row (counted from 1, as Excel shows it) that holds the column
    /// headers.
    pub header_row: usize,
    /// The column headers, trimmed.
    pub headers: Vec<String>,
    /// The rows below the header that hold anything.
    pub rows: Vec<ImportRow>,
}

/// A row of data with its number in the file, so messages can name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportRow {
    /// The row as Excel counts it, or the line where a CSV record starts.
    pub number: usize,
    /// The cells, trimmed; as many as the header has columns.
    pub cells: Vec<String>,
}

/// Reads the file at `path` (see [`read`]); a file larger than
/// [`MAX_FILE_MB`] is refused before it is read.
///
/// # Errors
/// [`Error::ImportFileTooLarge`], [`Error::Io`] when the file cannot be
/// read, and those of [`read`].
pub fn read_path(path: &Path) -> Result<Vec<Sheet>> {
    let size = std::fs::metadata(path)?.len();
    if size > u64::from(MAX_FILE_MB) * 1024 * 1024 {
        return Err(Error::ImportFileTooLarge {
            max_mb: MAX_FILE_MB,
        });
    }
    read(&std::fs::read(path)?)
}

/// The tables of a file: a workbook (XLSX, XLS, ODS, recognised by its
/// content, not its name) gives its sheets that hold a header, anything else
/// is read as CSV text.
///
/// # Errors
/// [`Error::ImportFileEmpty`] when there is no row at all,
/// [`Error::ImportNotATable`] for a file that is neither a readable workbook
/// nor text, [`Error::ImportFileTooLarge`].
pub fn read(bytes: &[u8]) -> Result<Vec<Sheet>> {
    if bytes.len() as u64 > u64::from(MAX_FILE_MB) * 1024 * 1024 {
        return Err(Error::ImportFileTooLarge {
            max_mb: MAX_FILE_MB,
        });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::ImportFileEmpty);
    }
    let workbook = bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&OLE_SIGNATURE);
    let sheets = if workbook {
        read_workbook(bytes)?
    } else {
        vec![read_csv(bytes)?]
    };
    let sheets: Vec<Sheet> = sheets
        .into_iter()
        .filter(|s| !s.headers.is_empty())
        .collect();
    if sheets.is_empty() {
        return Err(Error::ImportFileEmpty);
    }
    Ok(sheets)
}

/// The first bytes of an old binary Office file (XLS).
const OLE_SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fn read_workbook(bytes: &[u8]) -> Result<Vec<Sheet>> {
    if !ods_content_closed(bytes) || !super::guard::xlsx_cells_fit(bytes) {
        return Err(Error::ImportNotATable);
    }
    // calamine panics on some damaged files (in 0.38 an overlong cell
    // reference overflows in its parser, found by fuzzing): such a file is
    // no table, not a crash of the app.
    let ranges = super::catch(|| workbook_ranges(bytes)).unwrap_or(Err(Error::ImportNotATable))?;
    let mut sheets = Vec::new();
    for (name, range) in ranges {
        // Row numbers as Excel shows them: the range may start below row 1.
        let first_row = range.start().map_or(0, |(row, _)| row as usize);
        let rows: Vec<(usize, Vec<String>)> = range
            .rows()
            .enumerate()
            .map(|(i, row)| (first_row + i + 1, row.iter().map(cell_text).collect()))
            .collect();
        sheets.push(sheet(name, rows));
    }
    Ok(sheets)
}

/// Each sheet of a workbook with its cells, as calamine reads them.
fn workbook_ranges(bytes: &[u8]) -> Result<Vec<(String, calamine::Range<Data>)>> {
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|_| Error::ImportNotATable)?;
    workbook
        .sheet_names()
        .into_iter()
        .map(|name| {
            let range = workbook
                .worksheet_range(&name)
                .map_err(|_| Error::ImportNotATable)?;
            Ok((name, range))
        })
        .collect()
}

/// Whether the `content.xml` of an ODS file, if the file has one, closes
/// every element it opens, each with its own end tag. calamine 0.38 waits
/// for the end of a table (or of a cell's comment) past the end of the file
/// and never returns, so a damaged ODS file is refused before it is read.
fn ods_content_closed(bytes: &[u8]) -> bool {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return true;
    };
    let Ok(content) = zip.by_name("content.xml") else {
        return true;
    };
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    reader.config_mut().check_end_names = true;
    let mut buf = Vec::new();
    let mut depth = 0usize;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Start(_)) => depth += 1,
            Ok(quick_xml::events::Event::End(_)) => match depth.checked_sub(1) {
                Some(up) => depth = up,
                None => return false,
            },
            Ok(quick_xml::events::Event::Eof) => return depth == 0,
            Err(_) => return false,
            Ok(_) => {}
        }
        buf.clear();
    }
}

/// A workbook cell as text: numbers without a trailing `.0` and with a
/// decimal comma, dates as
/// `yyyy-mm-dd` (with the time when it has one).
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_owned(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        // With a decimal comma, as the forms read numbers: `2.125` would
        // read as two thousand one hundred and twenty-five.
        Data::Float(f) => f.to_string().replace('.', ","),
        Data::Bool(b) => if *b { "ja" } else { "nein" }.to_owned(),
        Data::DateTime(d) if d.is_datetime() => excel_moment(d.as_f64()),
        Data::DateTime(d) => d.as_f64().to_string(),
    }
}

/// An Excel date serial (days since 30 December 1899, the time as the
/// fraction) as `yyyy-mm-dd`, or `yyyy-mm-dd HH:MM` when it has a time; a
/// serial too large for a date stays the number.
fn excel_moment(serial: f64) -> String {
    let Some(start) = chrono::NaiveDate::from_ymd_opt(1899, 12, 30) else {
        return serial.to_string();
    };
    let minutes = (serial.fract() * 24.0 * 60.0).round() as i64;
    match chrono::Duration::try_days(serial.trunc() as i64)
        .and_then(|days| {
            start
                .and_time(chrono::NaiveTime::MIN)
                .checked_add_signed(days)
        })
        .and_then(|d| d.checked_add_signed(chrono::Duration::minutes(minutes)))
    {
        Some(moment) if minutes == 0 => moment.date().format("%Y-%m-%d").to_string(),
        Some(moment) => moment.format("%Y-%m-%d %H:%M").to_string(),
        None => serial.to_string(),
    }
}

/// CSV text: UTF-8 (a BOM is dropped) when the bytes are valid UTF-8,
/// otherwise Windows-1252, the encoding Excel writes on German Windows.
fn decode(bytes: &[u8]) -> Result<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    };
    // Text files hold no control characters but line breaks and tabs: a
    // PDF, a picture or a damaged workbook does.
    let binary = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        .count();
    if binary > 0 {
        return Err(Error::ImportNotATable);
    }
    Ok(text)
}

fn read_csv(bytes: &[u8]) -> Result<Sheet> {
    let text = decode(bytes)?;
    let separator = separator(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut lines = Lines::default();
    for record in reader.records() {
        // A quote left open swallows the rest of the file; the csv crate
        // reads on, so an error here is unreadable text.
        let record = record.map_err(|_| Error::ImportNotATable)?;
        let line = record
            .position()
            .map_or(0, |p| lines.at(&text, p.byte() as usize));
        rows.push((line, record.iter().map(|c| c.trim().to_owned()).collect()));
    }
    Ok(sheet(String::new(), rows))
}

/// Counts lines as the records come, front to back. The csv crate's own
/// line count lags behind after a CRLF line end (the record is said to
/// start at the `\n` of the line before), so the lines are counted here:
/// a line ends in `\n`, `\r\n` or a lone `\r` (old Mac files), as the csv
/// crate ends records.
#[derive(Default)]
struct Lines {
    /// Where counting stopped, and the line breaks before it.
    byte: usize,
    breaks: usize,
}

impl Lines {
    /// The line (from 1) of the record that starts at `byte`, at or after
    /// the last one asked for.
    fn at(&mut self, text: &str, byte: usize) -> usize {
        let rest = text.get(byte..).unwrap_or("");
        let start = byte + rest.len() - rest.trim_start_matches(['\r', '\n']).len();
        if start >= self.byte {
            self.breaks += text.get(self.byte..start).map_or(0, |part| {
                // Counting stops where a record starts, never inside a CRLF.
                part.matches('\n').count() + part.matches('\r').count()
                    - part.matches("\r\n").count()
            });
            self.byte = start;
        }
        self.breaks + 1
    }
}

/// The separator of CSV text: of `;`, `,` and tab, the one that splits the
/// most of the first lines into the same number (more than one) of fields.
fn separator(text: &str) -> u8 {
    let sample: String = text.lines().take(50).collect::<Vec<_>>().join("\n");
    let mut best = (0usize, 0usize, b';');
    for candidate in [b';', b',', b'\t'] {
        let mut counts = std::collections::BTreeMap::<usize, usize>::new();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(candidate)
            .from_reader(sample.as_bytes());
        for record in reader.records().map_while(std::result::Result::ok) {
            let cells: Vec<&str> = record.iter().collect();
            let filled = cells
                .iter()
                .rposition(|c| !c.trim().is_empty())
                .map_or(0, |p| p + 1);
            if filled > 1 {
                *counts.entry(filled).or_default() += 1;
            }
        }
        let (width, rows) = counts
            .iter()
            .max_by_key(|(width, rows)| (**rows, **width))
            .map_or((0, 0), |(w, r)| (*w, *r));
        if (rows, width) > (best.0, best.1) {
            best = (rows, width, candidate);
        }
    }
    best.2
}

/// A sheet from numbered rows of cells: empty rows and trailing empty
/// columns dropped, the header row found, the data rows cut to its width.
fn sheet(name: String, rows: Vec<(usize, Vec<String>)>) -> Sheet {
    let rows: Vec<(usize, Vec<String>)> = rows
        .into_iter()
        .map(|(number, mut cells)| {
            while cells.last().is_some_and(String::is_empty) {
                cells.pop();
            }
            (number, cells)
        })
        .filter(|(_, cells)| !cells.is_empty())
        .collect();
    let Some(header_at) = header_index(&rows) else {
        return Sheet {
            name,
            header_row: 0,
            headers: Vec::new(),
            rows: Vec::new(),
        };
    };
    let (header_row, headers) = rows[header_at].clone();
    let width = headers.len();
    let data = rows
        .into_iter()
        .skip(header_at + 1)
        .map(|(number, mut cells)| {
            cells.resize(width.max(cells.len()), String::new());
            cells.truncate(width);
            ImportRow { number, cells }
        })
        .filter(|row| row.cells.iter().any(|c| !c.is_empty()))
        .collect();
    Sheet {
        name,
        header_row,
        headers,
        rows: data,
    }
}

/// The header row: among the first rows, the first that fills at least two
/// cells and most of the widest row's cells with text (a title block above
/// it fills one cell, or a few).
fn header_index(rows: &[(usize, Vec<String>)]) -> Option<usize> {
    let top = &rows[..rows.len().min(HEADER_SEARCH_ROWS)];
    let filled = |cells: &[String]| cells.iter().filter(|c| !c.is_empty()).count();
    let widest = top.iter().map(|(_, cells)| filled(cells)).max()?;
    let needed = (widest * 6).div_ceil(10).max(2).min(widest);
    top.iter().position(|(_, cells)| {
        filled(cells) >= needed
            && cells
                .iter()
                .filter(|c| !c.is_empty())
                .all(|c| c.parse::<f64>().is_err())
    })
}
