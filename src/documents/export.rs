//! Lists for Excel: XLSX (rust_xlsxwriter) and CSV as German Excel opens it
//! (UTF-8 with BOM, `;` between fields, `dd.mm.yyyy` dates, decimal comma).

use chrono::NaiveDate;
use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook};

use crate::{Error, Result};

/// One cell of an exported list.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text, written as text (never as a formula).
    Text(String),
    /// A number, written as a number.
    Number(f64),
    /// A date, written as a real Excel date shown `dd.mm.yyyy`.
    Date(NaiveDate),
    /// Nothing.
    Empty,
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Cell::Text(text.to_owned())
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Cell::Text(text)
    }
}

/// A list: a sheet name, column titles, rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// Worksheet name (at most 31 characters; longer names are shortened).
    pub name: String,
    /// Column titles.
    pub columns: Vec<String>,
    /// Rows of cells, one per column.
    pub rows: Vec<Vec<Cell>>,
}

fn xlsx_error(error: rust_xlsxwriter::XlsxError) -> Error {
    Error::DocumentFailed(error.to_string())
}

/// Excel's limit for a worksheet name, and characters it forbids there.
fn sheet_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| {
            if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') {
                '-'
            } else {
                c
            }
        })
        .take(31)
        .collect();
    if clean.trim().is_empty() {
        "Liste".into()
    } else {
        clean
    }
}

/// The sheet as an XLSX file: bold header row on a tint, frozen, with an
/// auto-filter; columns as wide as their content (within limits).
///
/// # Errors
/// [`Error::DocumentFailed`] if the workbook cannot be written.
pub fn xlsx(sheet: &Sheet) -> Result<Vec<u8>> {
    xlsx_book(std::slice::from_ref(sheet))
}

/// Several sheets in one workbook, in this order, each laid out as
/// [`xlsx`] lays out one. Names Excel would refuse as duplicates (after
/// shortening to 31 characters) get " (2)", " (3)", … at their end.
///
/// # Errors
/// [`Error::DocumentFailed`] if the workbook cannot be written.
pub fn xlsx_book(sheets: &[Sheet]) -> Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    let mut used: Vec<String> = Vec::new();
    for sheet in sheets {
        let mut name = sheet_name(&sheet.name);
        let mut n = 1;
        while used.iter().any(|u| u.to_lowercase() == name.to_lowercase()) {
            n += 1;
            let tail = format!(" ({n})");
            let stem: String = sheet_name(&sheet.name)
                .chars()
                .take(31 - tail.chars().count())
                .collect();
            name = format!("{stem}{tail}");
        }
        used.push(name.clone());
        write_sheet(&mut workbook, &name, sheet)?;
    }
    workbook.save_to_buffer().map_err(xlsx_error)
}

fn write_sheet(workbook: &mut Workbook, name: &str, sheet: &Sheet) -> Result<()> {
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDE7EF))
        .set_border_bottom(FormatBorder::Thin);
    let date = Format::new().set_num_format("dd.mm.yyyy");
    let ws = workbook.add_worksheet();
    ws.set_name(name).map_err(xlsx_error)?;
    let mut widths: Vec<usize> = sheet.columns.iter().map(|c| c.chars().count()).collect();
    for (col, title) in sheet.columns.iter().enumerate() {
        ws.write_string_with_format(0, col as u16, title, &header)
            .map_err(xlsx_error)?;
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (col, cell) in row.iter().enumerate() {
            let c = col as u16;
            let shown = match cell {
                Cell::Text(text) => {
                    ws.write_string(r, c, text).map_err(xlsx_error)?;
                    text.chars().count()
                }
                Cell::Number(n) => {
                    ws.write_number(r, c, *n).map_err(xlsx_error)?;
                    n.to_string().len()
                }
                Cell::Date(d) => {
                    ws.write_datetime_with_format(r, c, d, &date)
                        .map_err(xlsx_error)?;
                    10
                }
                Cell::Empty => 0,
            };
            if let Some(w) = widths.get_mut(col) {
                *w = (*w).max(shown);
            }
        }
    }
    for (col, width) in widths.iter().enumerate() {
        ws.set_column_width(col as u16, (*width as f64 + 2.0).clamp(6.0, 60.0))
            .map_err(xlsx_error)?;
    }
    ws.set_freeze_panes(1, 0).map_err(xlsx_error)?;
    if !sheet.columns.is_empty() {
        ws.autofilter(
            0,
            0,
            sheet.rows.len() as u32,
            sheet.columns.len() as u16 - 1,
        )
        .map_err(xlsx_error)?;
    }
    Ok(())
}

/// The sheet as CSV for German Excel: UTF-8 with BOM (so umlauts and
/// Arabic open correctly), `;` as separator, quoted where needed.
///
/// # Errors
/// [`Error::DocumentFailed`] if writing fails.
pub fn csv(sheet: &Sheet) -> Result<Vec<u8>> {
    let mut out = Vec::from(*b"\xEF\xBB\xBF");
    {
        let mut writer = ::csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(::csv::Terminator::CRLF)
            .from_writer(&mut out);
        let fail = |e: ::csv::Error| Error::DocumentFailed(e.to_string());
        writer.write_record(&sheet.columns).map_err(fail)?;
        for row in &sheet.rows {
            writer
                .write_record(row.iter().map(csv_field))
                .map_err(fail)?;
        }
        writer.flush()?;
    }
    Ok(out)
}

fn csv_field(cell: &Cell) -> String {
    match cell {
        Cell::Text(text) => defuse_formula(text),
        Cell::Number(n) => n.to_string().replace('.', ","),
        Cell::Date(d) => d.format("%d.%m.%Y").to_string(),
        Cell::Empty => String::new(),
    }
}

/// Excel runs a CSV field that starts like a formula ("=", "@", or "+"/"-"
/// followed by something other than a digit or space). Such text gets a
/// leading apostrophe so it stays text; phone numbers like "+49 2241" and
/// negative numbers are left alone.
fn defuse_formula(text: &str) -> String {
    let mut chars = text.chars();
    let dangerous = match chars.next() {
        Some('=' | '@') => true,
        Some('+' | '-') => chars
            .next()
            .is_some_and(|c| !c.is_ascii_digit() && c != ' ' && c != '('),
        _ => false,
    };
    if dangerous {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_excel_would_run_as_a_formula_stays_text() {
        assert_eq!(defuse_formula("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse_formula("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defuse_formula("-cmd|x"), "'-cmd|x");
        assert_eq!(
            defuse_formula("+49 2241 13-0"),
            "+49 2241 13-0",
            "phone numbers stay"
        );
        assert_eq!(defuse_formula("-12"), "-12");
        assert_eq!(defuse_formula("Şükrü"), "Şükrü");
    }

    #[test]
    fn sheet_names_obey_excel_rules() {
        assert_eq!(
            sheet_name("Teilnehmende: Workshop 1/2"),
            "Teilnehmende- Workshop 1-2"
        );
        assert_eq!(sheet_name(&"x".repeat(40)).chars().count(), 31);
        assert_eq!(sheet_name("  "), "Liste");
    }
}
