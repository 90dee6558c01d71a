//! Writing the workbook: one sheet per table, stored values turned into
//! typed cells (numbers, real Excel dates, yes/no, text that is never run
//! as a formula), a bold frozen header row with an auto-filter.

use chrono::{NaiveDate, NaiveDateTime};
use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook, Worksheet};

use super::lists;
use super::sheets::SHEETS;
use super::spec::{Kind, Sheet};
use super::LEVELS;
use crate::db::engine::{Sql, Value};
use crate::{Error, Result};

/// A cell of the workbook.
pub(super) enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Euros(f64),
    Bool(bool),
    Date(NaiveDate),
    Moment(NaiveDateTime),
}

/// The cell formats of the workbook.
pub(super) struct Formats {
    header: Format,
    date: Format,
    moment: Format,
    euros: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xDDE7EF))
                .set_border_bottom(FormatBorder::Thin),
            date: Format::new().set_num_format("dd.mm.yyyy"),
            moment: Format::new().set_num_format("dd.mm.yyyy hh:mm:ss"),
            euros: Format::new().set_num_format("#,##0.00"),
        }
    }
}

fn failed(error: rust_xlsxwriter::XlsxError) -> Error {
    Error::DocumentFailed(error.to_string())
}

/// The whole workbook: every table's sheet, then the lists, read inside
/// one read of either engine (one consistent state of the data).
pub(super) fn workbook(sql: &dyn Sql) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    let formats = Formats::new();
    for sheet in SHEETS {
        let headers: Vec<&str> = sheet.columns.iter().map(|c| c.header).collect();
        let mut out = SheetWriter::new(&mut book, sheet.name, &headers, &formats)?;
        write_rows(sql, sheet, &mut out)?;
        out.finish()?;
    }
    lists::write(sql, &mut book, &formats)?;
    book.save_to_buffer().map_err(failed)
}

fn write_rows(sql: &dyn Sql, sheet: &Sheet, out: &mut SheetWriter<'_>) -> Result<()> {
    for row in sql.rows(&sheet.select(sql.dialect()), &[])? {
        let mut cells = Vec::with_capacity(sheet.columns.len());
        for (i, column) in sheet.columns.iter().enumerate() {
            cells.push(cell(column.kind, row.get::<Value>(i)?));
        }
        out.row(&cells)?;
    }
    Ok(())
}

/// A stored value as the cell its column's kind asks for. A value the kind
/// does not expect (a date that does not read as one) is written as it is
/// stored rather than left out. Both engines give the same values (the
/// server keeps yes/no as numbers and dates as ISO text, as the file does).
fn cell(kind: Kind, value: Value) -> Cell {
    match (kind, value) {
        (_, Value::Null) => Cell::Empty,
        (Kind::Bool, Value::Integer(n)) => Cell::Bool(n != 0),
        (Kind::OptCents, Value::Integer(cents)) => Cell::Euros(cents as f64 / 100.0),
        (Kind::OptLevel, Value::Integer(rank)) => usize::try_from(rank)
            .ok()
            .and_then(|r| LEVELS.get(r))
            .map_or(Cell::Number(rank as f64), |level| {
                Cell::Text(level.label().to_owned())
            }),
        (Kind::Date | Kind::OptDate, Value::Text(stored)) => {
            NaiveDate::parse_from_str(&stored, "%Y-%m-%d").map_or(Cell::Text(stored), Cell::Date)
        }
        (Kind::Moment | Kind::OptMoment | Kind::Stamp, Value::Text(stored)) => {
            super::stored_moment(&stored).map_or(Cell::Text(stored), Cell::Moment)
        }
        (_, Value::Integer(n)) => Cell::Number(n as f64),
        (_, Value::Real(x)) => Cell::Number(x),
        (_, Value::Text(text)) => Cell::Text(text),
    }
}

/// Writes one sheet row by row and sizes its columns at the end.
pub(super) struct SheetWriter<'a> {
    ws: &'a mut Worksheet,
    formats: &'a Formats,
    widths: Vec<usize>,
    next_row: u32,
}

impl<'a> SheetWriter<'a> {
    /// A new sheet with its header row.
    pub fn new(
        book: &'a mut Workbook,
        name: &str,
        headers: &[&str],
        formats: &'a Formats,
    ) -> Result<SheetWriter<'a>> {
        let ws = book.add_worksheet();
        ws.set_name(name).map_err(failed)?;
        for (col, header) in headers.iter().enumerate() {
            ws.write_string_with_format(0, col as u16, *header, &formats.header)
                .map_err(failed)?;
        }
        Ok(SheetWriter {
            ws,
            formats,
            widths: headers.iter().map(|h| h.chars().count()).collect(),
            next_row: 1,
        })
    }

    /// Writes the next row.
    pub fn row(&mut self, cells: &[Cell]) -> Result<()> {
        let r = self.next_row;
        for (col, cell) in cells.iter().enumerate() {
            let c = col as u16;
            let f = self.formats;
            let shown = match cell {
                Cell::Empty => 0,
                Cell::Text(text) if text.is_empty() => 0,
                Cell::Text(text) => {
                    self.ws.write_string(r, c, text).map_err(failed)?;
                    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
                }
                Cell::Number(n) => {
                    self.ws.write_number(r, c, *n).map_err(failed)?;
                    n.to_string().len()
                }
                Cell::Euros(n) => {
                    self.ws
                        .write_number_with_format(r, c, *n, &f.euros)
                        .map_err(failed)?;
                    n.to_string().len() + 2
                }
                Cell::Bool(b) => {
                    self.ws.write_boolean(r, c, *b).map_err(failed)?;
                    6
                }
                Cell::Date(day) => {
                    self.ws
                        .write_datetime_with_format(r, c, day, &f.date)
                        .map_err(failed)?;
                    10
                }
                Cell::Moment(moment) => {
                    self.ws
                        .write_datetime_with_format(r, c, moment, &f.moment)
                        .map_err(failed)?;
                    19
                }
            };
            if let Some(width) = self.widths.get_mut(col) {
                *width = (*width).max(shown);
            }
        }
        self.next_row += 1;
        Ok(())
    }

    /// Column widths from the content (within limits), the header row
    /// frozen, an auto-filter over the table.
    pub fn finish(self) -> Result<()> {
        for (col, width) in self.widths.iter().enumerate() {
            self.ws
                .set_column_width(col as u16, (*width as f64 + 2.0).clamp(6.0, 60.0))
                .map_err(failed)?;
        }
        self.ws.set_freeze_panes(1, 0).map_err(failed)?;
        if !self.widths.is_empty() {
            self.ws
                .autofilter(0, 0, self.next_row - 1, self.widths.len() as u16 - 1)
                .map_err(failed)?;
        }
        Ok(())
    }
}
