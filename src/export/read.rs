//! Reading a workbook of the full export back: every sheet found by name,
//! every column by its header, every cell read as its column's kind, and
//! every id a row refers to found in the sheet it names, before anything
//! is stored.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::Cursor;

use calamine::{Data, Range, Reader, Sheets};
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use rusqlite::types::Value;

use super::lists;
use super::sheets::SHEETS;
use super::spec::{Kind, Sheet};
use super::LEVELS;
use crate::pick_lists::PickList;
use crate::time::timestamp;
use crate::{languages, Error, Result};

/// A cell read as its column's kind.
pub(super) enum Parsed {
    /// A value to store as it is.
    Value(Value),
    /// Language codes for the record's language table.
    Codes(BTreeSet<String>),
    /// An entry of an extendable list, by name.
    Entry(Option<String>),
}

/// A row with its number as Excel counts it.
pub(super) struct Row {
    pub number: usize,
    pub cells: Vec<Parsed>,
}

/// A sheet that mirrors a table, read back.
pub(super) struct Table {
    pub sheet: &'static Sheet,
    pub rows: Vec<Row>,
}

/// An entry of the "Auswahllisten" sheet.
pub(super) struct ListEntry {
    pub list: PickList,
    pub name: String,
    pub code: String,
}

/// Everything a workbook holds, read and checked.
pub(super) struct Contents {
    pub entries: Vec<ListEntry>,
    pub tables: Vec<Table>,
}

/// Reads and checks the whole workbook. `now` fills empty creation and
/// change moments.
pub(super) fn contents(bytes: &[u8], now: NaiveDateTime) -> Result<Contents> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|_| Error::ImportNotATable)?;
    let entries = list_entries(&range(&mut book, lists::SHEET)?)?;
    let mut tables = Vec::new();
    for sheet in SHEETS {
        let range = range(&mut book, sheet.name)?;
        tables.push(table(sheet, &range, now)?);
    }
    check_references(&tables)?;
    Ok(Contents { entries, tables })
}

fn range(book: &mut Sheets<Cursor<&[u8]>>, name: &str) -> Result<Range<Data>> {
    if !book.sheet_names().iter().any(|n| n == name) {
        return Err(Error::WorkbookSheetMissing { sheet: name.into() });
    }
    book.worksheet_range(name)
        .map_err(|_| Error::ImportNotATable)
}

/// Where each of `headers` is in row 1 of the sheet (the leftmost column
/// of a header that appears twice); other columns are left alone, so a
/// column staff added for their own notes does no harm.
fn positions(sheet: &str, range: &Range<Data>, headers: &[&str]) -> Result<Vec<u32>> {
    let width = range.end().map_or(0, |(_, col)| col + 1);
    let found: HashMap<String, u32> = (0..width)
        .rev()
        .filter_map(|col| match range.get_value((0, col)) {
            Some(Data::String(text)) => Some((text.trim().to_owned(), col)),
            _ => None,
        })
        .collect();
    headers
        .iter()
        .map(|header| {
            found
                .get(*header)
                .copied()
                .ok_or_else(|| Error::WorkbookColumnMissing {
                    sheet: sheet.into(),
                    column: (*header).into(),
                })
        })
        .collect()
}

/// The rows below the header that hold anything in the given columns, as
/// (number as Excel counts it, cells).
fn data_rows<'r>(range: &'r Range<Data>, columns: &[u32]) -> Vec<(usize, Vec<&'r Data>)> {
    let height = range.end().map_or(0, |(row, _)| row + 1);
    (1..height)
        .map(|row| {
            let cells = columns
                .iter()
                .map(|col| range.get_value((row, *col)).unwrap_or(&Data::Empty))
                .collect::<Vec<_>>();
            (row as usize + 1, cells)
        })
        .filter(|(_, cells)| cells.iter().any(|c| !blank(c)))
        .collect()
}

fn list_entries(range: &Range<Data>) -> Result<Vec<ListEntry>> {
    let columns = positions(lists::SHEET, range, &lists::HEADERS)?;
    let mut entries = Vec::new();
    for (number, cells) in data_rows(range, &columns) {
        let invalid = |col: usize| Error::WorkbookCellInvalid {
            sheet: lists::SHEET.into(),
            row: number,
            column: lists::HEADERS[col].into(),
        };
        let label = text(cells[0]).ok_or_else(|| invalid(0))?;
        let list = lists::LISTS
            .iter()
            .find(|(_, l)| *l == label.trim())
            .map(|(list, _)| *list)
            .ok_or_else(|| invalid(0))?;
        let name = text(cells[1])
            .filter(|n| !n.trim().is_empty())
            .ok_or_else(|| invalid(1))?;
        let code = text(cells[2]).ok_or_else(|| invalid(2))?;
        entries.push(ListEntry { list, name, code });
    }
    Ok(entries)
}

fn table(sheet: &'static Sheet, range: &Range<Data>, now: NaiveDateTime) -> Result<Table> {
    let headers: Vec<&str> = sheet.columns.iter().map(|c| c.header).collect();
    let columns = positions(sheet.name, range, &headers)?;
    let mut rows = Vec::new();
    for (number, cells) in data_rows(range, &columns) {
        let mut parsed = Vec::with_capacity(cells.len());
        for (column, data) in sheet.columns.iter().zip(cells) {
            let value =
                parse(column.kind, data, now).ok_or_else(|| Error::WorkbookCellInvalid {
                    sheet: sheet.name.into(),
                    row: number,
                    column: column.header.into(),
                })?;
            parsed.push(value);
        }
        rows.push(Row {
            number,
            cells: parsed,
        });
    }
    Ok(Table { sheet, rows })
}

/// Every row's own number once per sheet, and every number a row refers
/// to present in the sheet it names.
fn check_references(tables: &[Table]) -> Result<()> {
    let mut ids: HashMap<&str, HashSet<i64>> = HashMap::new();
    for table in tables {
        let Some(id_column) = table.sheet.id_column() else {
            continue;
        };
        let seen = ids.entry(table.sheet.name).or_default();
        for row in &table.rows {
            if let Parsed::Value(Value::Integer(id)) = row.cells[id_column] {
                if !seen.insert(id) {
                    return Err(Error::WorkbookRowRefused {
                        sheet: table.sheet.name.into(),
                        row: row.number,
                    });
                }
            }
        }
    }
    for table in tables {
        for row in &table.rows {
            for (column, cell) in table.sheet.columns.iter().zip(&row.cells) {
                let (Kind::Ref(target) | Kind::OptRef(target)) = column.kind else {
                    continue;
                };
                let Parsed::Value(Value::Integer(id)) = cell else {
                    continue;
                };
                if !ids.get(target).is_some_and(|set| set.contains(id)) {
                    return Err(Error::WorkbookReferenceMissing {
                        sheet: table.sheet.name.into(),
                        row: row.number,
                        column: column.header.into(),
                        target: target.into(),
                    });
                }
            }
        }
    }
    Ok(())
}

/// A cell read as `kind`; `None` when it does not hold one (or is empty
/// where a value is needed).
fn parse(kind: Kind, data: &Data, now: NaiveDateTime) -> Option<Parsed> {
    let value = |v: Value| Some(Parsed::Value(v));
    let empty = blank(data);
    match kind {
        Kind::Id | Kind::Ref(_) | Kind::Int => value(Value::Integer(integer(data)?)),
        Kind::OptRef(_) | Kind::OptInt if empty => value(Value::Null),
        Kind::OptRef(_) | Kind::OptInt => value(Value::Integer(integer(data)?)),
        Kind::Text => value(Value::Text(text(data)?)),
        Kind::OptText if empty => value(Value::Null),
        Kind::OptText => value(Value::Text(text(data)?)),
        Kind::Bool => value(Value::Integer(i64::from(boolean(data)?))),
        Kind::Date => value(Value::Text(day(data)?.to_string())),
        Kind::OptDate if empty => value(Value::Null),
        Kind::OptDate => value(Value::Text(day(data)?.to_string())),
        Kind::Moment => value(Value::Text(timestamp(moment(data)?))),
        Kind::Stamp if empty => value(Value::Text(timestamp(now))),
        Kind::Stamp => value(Value::Text(timestamp(moment(data)?))),
        Kind::OptMoment if empty => value(Value::Null),
        Kind::OptMoment => value(Value::Text(timestamp(moment(data)?))),
        Kind::OptCents if empty => value(Value::Null),
        Kind::OptCents => value(Value::Integer(cents(data)?)),
        Kind::OptLevel if empty => value(Value::Null),
        Kind::OptLevel => {
            let label = text(data)?;
            let rank = LEVELS
                .iter()
                .position(|l| l.label().eq_ignore_ascii_case(label.trim()))?;
            value(Value::Integer(rank as i64))
        }
        Kind::PickList(_) if empty => None,
        Kind::OptPickList(_) if empty => Some(Parsed::Entry(None)),
        Kind::PickList(_) | Kind::OptPickList(_) => Some(Parsed::Entry(Some(text(data)?))),
        Kind::Languages(_) => {
            let mut codes = BTreeSet::new();
            for code in text(data)?.split(',').filter(|c| !c.trim().is_empty()) {
                codes.insert(languages::check(code, "languages").ok()?);
            }
            Some(Parsed::Codes(codes))
        }
    }
}

/// An empty cell, or one holding the empty text.
fn blank(data: &Data) -> bool {
    match data {
        Data::Empty => true,
        Data::String(text) => text.is_empty(),
        _ => false,
    }
}

/// A whole number: an integer cell, a float without fraction, or digits.
fn integer(data: &Data) -> Option<i64> {
    match data {
        Data::Int(n) => Some(*n),
        Data::Float(x) if x.fract() == 0.0 && x.abs() < 9.0e15 => Some(*x as i64),
        Data::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

/// Text: a text cell as it is, a number as it reads, empty as "".
fn text(data: &Data) -> Option<String> {
    match data {
        Data::Empty => Some(String::new()),
        Data::String(text) => Some(text.clone()),
        Data::Int(n) => Some(n.to_string()),
        Data::Float(x) if x.fract() == 0.0 && x.abs() < 9.0e15 => Some((*x as i64).to_string()),
        Data::Float(x) => Some(x.to_string()),
        _ => None,
    }
}

fn boolean(data: &Data) -> Option<bool> {
    match data {
        Data::Bool(b) => Some(*b),
        Data::Int(n) if (0..=1).contains(n) => Some(*n == 1),
        Data::Float(x) if *x == 0.0 || *x == 1.0 => Some(*x == 1.0),
        Data::String(text) => match text.trim().to_lowercase().as_str() {
            "ja" | "wahr" | "true" | "1" => Some(true),
            "nein" | "falsch" | "false" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// Euros with up to two decimals (a number, or text with a decimal comma)
/// as cents.
fn cents(data: &Data) -> Option<i64> {
    let euros = match data {
        Data::Int(n) => *n as f64,
        Data::Float(x) => *x,
        Data::String(text) => text.trim().replace(',', ".").parse().ok()?,
        _ => return None,
    };
    let cents = (euros * 100.0).round();
    (euros.is_finite() && cents.abs() < 9.0e15).then_some(cents as i64)
}

fn day(data: &Data) -> Option<NaiveDate> {
    match data {
        Data::String(text) | Data::DateTimeIso(text) => {
            let text = text.trim();
            NaiveDate::parse_from_str(text.get(..10).unwrap_or(text), "%Y-%m-%d")
                .or_else(|_| NaiveDate::parse_from_str(text, "%d.%m.%Y"))
                .ok()
        }
        _ => moment(data).map(|m| m.date()),
    }
}

/// A moment to the second: an Excel date (rounded to the second: Excel
/// keeps milliseconds, and a float may land a hair before the second), ISO
/// or German text.
fn moment(data: &Data) -> Option<NaiveDateTime> {
    match data {
        Data::DateTime(d) if d.is_datetime() => {
            let (y, mo, da, h, mi, s, ms) = d.to_ymd_hms_milli();
            let exact = NaiveDate::from_ymd_opt(i32::from(y), u32::from(mo), u32::from(da))?
                .and_hms_milli_opt(u32::from(h), u32::from(mi), u32::from(s), u32::from(ms))?;
            Some(round_to_second(exact))
        }
        Data::Float(serial) => serial_moment(*serial),
        Data::Int(serial) => serial_moment(*serial as f64),
        Data::String(text) | Data::DateTimeIso(text) => {
            let text = text.trim();
            [
                "%Y-%m-%dT%H:%M:%S%.f",
                "%Y-%m-%d %H:%M:%S%.f",
                "%Y-%m-%dT%H:%M",
                "%d.%m.%Y %H:%M:%S",
                "%d.%m.%Y %H:%M",
            ]
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
            .map(round_to_second)
        }
        _ => None,
    }
}

fn round_to_second(moment: NaiveDateTime) -> NaiveDateTime {
    let up = moment.nanosecond() >= 500_000_000;
    let whole = moment.with_nanosecond(0).unwrap_or(moment);
    if up {
        whole + Duration::seconds(1)
    } else {
        whole
    }
}

/// An Excel serial number without a date format (days since 30 December
/// 1899, the time as the fraction), as a cell a user reformatted reads.
fn serial_moment(serial: f64) -> Option<NaiveDateTime> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let start = NaiveDate::from_ymd_opt(1899, 12, 30)?.and_time(NaiveTime::MIN);
    let millis = (serial * 86_400_000.0).round() as i64;
    Some(round_to_second(start + Duration::milliseconds(millis)))
}
