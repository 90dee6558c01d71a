//! Shared fixtures of the core's integration tests.
#![allow(dead_code)]

use std::io::Write;
use std::process::Command;

use chrono::{NaiveDate, NaiveDateTime};
use kiz::db::engine::Engine;
use kiz::documents::fonts::FallbackFonts;
use kiz::documents::{Orientation, PrintSetup};
use kiz::events::{self, EventInput, ParticipantInput, WorkshopInput};
use kiz::lending::{self, CheckoutRequest, ReturnRequest};
use kiz::Db;

/// An in-memory database with every migration applied.
pub fn test_db() -> Db {
    Db::open_in_memory().expect("an in-memory database always opens")
}

/// A fixed moment, so no test depends on the wall clock.
pub fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 12)
        .and_then(|d| d.and_hms_opt(9, 30, 0))
        .expect("valid fixed date")
}

/// A day of the calendar.
pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// A day of November 2026, the month of [`now`], in which the events and
/// most loans of the tests take place.
pub fn november(d: u32) -> NaiveDate {
    day(2026, 11, d)
}

/// `h:min` on `date`.
pub fn at(date: NaiveDate, h: u32, min: u32) -> NaiveDateTime {
    date.and_hms_opt(h, min, 0).expect("valid time")
}

/// 10:00 on a day: the moment most tests act at.
pub fn at_ten(y: i32, m: u32, d: u32) -> NaiveDateTime {
    at(day(y, m, d), 10, 0)
}

/// When a helper acts: a moment, or a day, meaning 10:00 on it.
pub trait Moment {
    fn moment(self) -> NaiveDateTime;
}

impl Moment for NaiveDateTime {
    fn moment(self) -> NaiveDateTime {
        self
    }
}

impl Moment for NaiveDate {
    fn moment(self) -> NaiveDateTime {
        at(self, 10, 0)
    }
}

/// A consent to the shipped texts (version 2026-1), given on a day.
pub fn consent_given(y: i32, m: u32, d: u32) -> Option<kiz::people::Consent> {
    Some(kiz::people::Consent {
        given_on: NaiveDate::from_ymd_opt(y, m, d).expect("valid date"),
        text_version: "2026-1".into(),
    })
}

/// The id of the built-in Mediengruppe `code` (`buch`, `video`, …).
pub fn media_kind(db: &Db, code: &str) -> i64 {
    built_in_kind(kiz::catalogue::media_kinds(db), code)
}

/// [`media_kind`] on either engine.
pub fn media_kind_on(db: &mut impl Engine, code: &str) -> i64 {
    built_in_kind(db.read_sql(kiz::catalogue::media_kinds_in), code)
}

fn built_in_kind(kinds: kiz::Result<Vec<kiz::catalogue::MediaKind>>, code: &str) -> i64 {
    kinds
        .expect("Mediengruppen")
        .into_iter()
        .find(|k| k.code == code)
        .expect("built-in Mediengruppe")
        .id
}

/// A medium of the Mediengruppe `kind_code` with one copy; returns the
/// medium's id.
pub fn item(db: &mut impl Engine, kind_code: &str, title: &str, barcode: &str) -> i64 {
    let kind_id = media_kind_on(db, kind_code);
    let m = kiz::catalogue::create_medium(
        db,
        &kiz::catalogue::MediumInput {
            kind_id,
            title: title.into(),
            ..Default::default()
        },
        at(november(1), 10, 0),
    )
    .expect("medium");
    kiz::catalogue::add_copy(
        db,
        m.id,
        &kiz::catalogue::CopyInput {
            barcode: barcode.into(),
            ..Default::default()
        },
        at(november(1), 10, 0),
    )
    .expect("copy");
    m.id
}

/// A medium of the first Mediengruppe with one copy.
pub fn medium_with_copy(db: &mut impl Engine, title: &str, barcode: &str) {
    let when = at_ten(2025, 1, 1);
    let kind = db
        .read_sql(kiz::catalogue::media_kinds_in)
        .expect("Mediengruppen")[0]
        .id;
    let medium = kiz::catalogue::create_medium(
        db,
        &kiz::catalogue::MediumInput {
            kind_id: kind,
            title: title.into(),
            ..Default::default()
        },
        when,
    )
    .expect("medium");
    kiz::catalogue::add_copy(
        db,
        medium.id,
        &kiz::catalogue::CopyInput {
            barcode: barcode.into(),
            ..Default::default()
        },
        when,
    )
    .expect("copy");
}

/// Lends the copy `barcode` to `borrower_id`, without overriding any rule.
pub fn lend(
    db: &mut impl Engine,
    borrower_id: i64,
    barcode: &str,
    when: impl Moment,
) -> kiz::Result<lending::Loan> {
    checkout(db, borrower_id, barcode, None, when)
}

/// Lends the copy `barcode` to `borrower_id`, overriding a refusal (a
/// limit, a block, an overdue loan) for `reason`.
pub fn lend_overriding(
    db: &mut impl Engine,
    borrower_id: i64,
    barcode: &str,
    reason: &str,
    when: impl Moment,
) -> kiz::Result<lending::Loan> {
    checkout(db, borrower_id, barcode, Some(reason), when)
}

fn checkout(
    db: &mut impl Engine,
    borrower_id: i64,
    barcode: &str,
    override_reason: Option<&str>,
    when: impl Moment,
) -> kiz::Result<lending::Loan> {
    lend_until(db, borrower_id, barcode, override_reason, None, when)
}

/// Lends the copy `barcode` to `borrower_id`, due at `course_end` (or
/// after the loan period), overriding a refusal for `reason` if given.
pub fn lend_until(
    db: &mut impl Engine,
    borrower_id: i64,
    barcode: &str,
    override_reason: Option<&str>,
    course_end: Option<chrono::NaiveDate>,
    when: impl Moment,
) -> kiz::Result<lending::Loan> {
    lending::checkout(
        db,
        &CheckoutRequest {
            borrower_id,
            barcode: barcode.into(),
            override_reason: override_reason.map(str::to_owned),
            course_end,
        },
        when.moment(),
    )
}

/// Books the return of the copy `barcode`, with the kit's `missing` parts.
pub fn give_back(
    db: &mut impl Engine,
    barcode: &str,
    missing: &[&str],
    when: impl Moment,
) -> lending::ReturnReceipt {
    lending::checkin(
        db,
        &ReturnRequest {
            barcode: barcode.into(),
            missing_parts: missing.iter().map(|m| (*m).to_owned()).collect(),
        },
        when.moment(),
    )
    .expect("the copy is on loan")
}

/// How the tests ask the core to print at `moment`: no fallback fonts.
pub fn printing_at(moment: NaiveDateTime) -> kiz::documents::PrintContext {
    kiz::documents::PrintContext {
        now: moment,
        fallbacks: FallbackFonts::none(),
        language: None,
    }
}

/// How the tests print: portrait, the database's institution, printed on
/// the day of [`now`], no fallback fonts.
pub fn setup(db: &mut impl Engine, title: &str) -> PrintSetup {
    PrintSetup {
        title: title.into(),
        orientation: Orientation::Portrait,
        institution: db
            .read_sql(kiz::settings::institution_in)
            .expect("the institution"),
        printed_on: now().date(),
        fallbacks: FallbackFonts::none(),
    }
}

/// The Mehrsprachige Ausbildungsbörse 2026 on 20 November in the Kreishaus
/// Siegburg, rooms "Raum 1" and "Raum 2", registration until 18 November;
/// no workshops yet. Returns the event's id.
pub fn fair(db: &mut impl Engine) -> i64 {
    events::create_event(
        db,
        &EventInput {
            title: "Mehrsprachige Ausbildungsbörse 2026".into(),
            starts_on: Some(november(20)),
            venue: "Kreishaus Siegburg".into(),
            rooms: vec!["Raum 1".into(), "Raum 2".into()],
            registration_closes_on: Some(november(18)),
            ..EventInput::default()
        },
        now(),
    )
    .expect("the fair")
}

/// The Ausbildungsbörse for its documents: on 20 November in the Kreishaus
/// Siegburg, rooms "Raum A" and "Raum B", three workshops in German and
/// Turkish with one seat and a waitlist each: "Bewerbung schreiben" (Raum A,
/// 10:00–11:30), "Pflegeberufe kennenlernen" (Raum B, 10:00–11:00),
/// "Ausbildung im Handwerk" (Raum A, 12:00–13:00). Returns the event's id
/// and the workshops' ids in that order.
pub fn fair_with_three_workshops(db: &mut impl Engine) -> (i64, Vec<i64>) {
    let event = events::create_event(
        db,
        &EventInput {
            title: "Mehrsprachige Ausbildungsbörse 2026".into(),
            starts_on: Some(november(20)),
            venue: "Kreishaus Siegburg".into(),
            rooms: vec!["Raum A".into(), "Raum B".into()],
            ..EventInput::default()
        },
        now(),
    )
    .expect("the fair");
    let mut ids = Vec::new();
    for (title, room, from, to) in [
        ("Bewerbung schreiben", "Raum A", (10, 0), (11, 30)),
        ("Pflegeberufe kennenlernen", "Raum B", (10, 0), (11, 0)),
        ("Ausbildung im Handwerk", "Raum A", (12, 0), (13, 0)),
    ] {
        ids.push(
            events::create_workshop(
                db,
                event,
                &WorkshopInput {
                    title: title.into(),
                    room: room.into(),
                    starts_at: Some(at(november(20), from.0, from.1)),
                    ends_at: Some(at(november(20), to.0, to.1)),
                    capacity: 1,
                    waitlist: true,
                    languages: vec!["de".into(), "tr".into()],
                    ..WorkshopInput::default()
                },
                now(),
            )
            .expect("a workshop"),
        );
    }
    (event, ids)
}

/// A participant who speaks `languages` and consented on 1 November 2026
/// (text version 2026-1). Returns the participant's id.
pub fn person(db: &mut impl Engine, name: &str, languages: &[&str]) -> i64 {
    events::create_participant(
        db,
        &ParticipantInput {
            name: name.into(),
            languages: languages.iter().map(|l| (*l).to_owned()).collect(),
            consent: consent_given(2026, 11, 1),
            ..ParticipantInput::default()
        },
        now(),
    )
    .expect("a participant")
}

/// Runs a poppler tool on the PDF and returns its standard output.
pub fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> String {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(pdf).unwrap();
    let output = Command::new(tool)
        .args(args)
        .arg(file.path())
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| {
            panic!("{tool} is needed (poppler-utils; `cargo xtask test` installs it): {e}")
        });
    assert!(
        output.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Page `page` of the PDF as a PNG at `dpi`, in `dir`.
fn page_png(pdf: &[u8], page: usize, dpi: u32, dir: &std::path::Path) -> std::path::PathBuf {
    let file = dir.join("document.pdf");
    std::fs::write(&file, pdf).unwrap();
    let prefix = dir.join("page");
    let status = Command::new("pdftoppm")
        .args([
            "-r",
            &dpi.to_string(),
            "-png",
            "-f",
            &page.to_string(),
            "-l",
            &page.to_string(),
            "-singlefile",
        ])
        .arg(&file)
        .arg(&prefix)
        .status()
        .expect("pdftoppm (poppler-utils; cargo xtask test installs it)");
    assert!(status.success());
    prefix.with_extension("png")
}

/// What zbar prints for the codes of `symbology` (`code128`, `qrcode`) in
/// `png`, in its output `format` (`--raw`, `--xml`).
fn zbar(png: &std::path::Path, symbology: &str, format: &str) -> String {
    let output = Command::new("zbarimg")
        .args([
            "--quiet",
            format,
            "-Sdisable",
            &format!("-S{symbology}.enable"),
        ])
        .arg(png)
        .output()
        .expect("zbarimg (zbar-tools; cargo xtask test installs it)");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Renders page `page` of the PDF at `dpi` (300 for an office printer, 203
/// for a thermal receipt printer) and returns the Code 128 values zbar
/// reads on it, sorted.
pub fn code128_codes(pdf: &[u8], page: usize, dpi: u32) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let png = page_png(pdf, page, dpi, dir.path());
    let mut codes: Vec<String> = zbar(&png, "code128", "--raw")
        .lines()
        .map(str::to_owned)
        .collect();
    codes.sort();
    codes
}

/// The one QR code zbar reads on page 1 rendered at `dpi` (203: a thermal
/// receipt printer), or `None`; several codes fail the test. zbar prints a
/// code's lines as they are, so the count comes from its XML report.
pub fn zbar_qr_code(pdf: &[u8], dpi: u32) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let png = page_png(pdf, 1, dpi, dir.path());
    let found = zbar(&png, "qrcode", "--xml")
        .matches("<symbol type='QR-Code'")
        .count();
    assert!(found <= 1, "{found} QR codes on the page");
    let raw = zbar(&png, "qrcode", "--raw");
    (found == 1).then(|| raw.strip_suffix('\n').unwrap_or(&raw).to_owned())
}

/// Renders page 1 in grey at `dpi` and decodes every QR code on it.
pub fn qr_codes(pdf: &[u8], dpi: u32) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.pdf");
    std::fs::write(&input, pdf).unwrap();
    let out = dir.path().join("page");
    let status = Command::new("pdftoppm")
        .args([
            "-r",
            &dpi.to_string(),
            "-gray",
            "-singlefile",
            "-f",
            "1",
            "-l",
            "1",
        ])
        .arg(&input)
        .arg(&out)
        .status()
        .expect("pdftoppm (poppler-utils) is installed by `cargo xtask test`");
    assert!(status.success());
    let bytes = std::fs::read(dir.path().join("page.pgm")).unwrap();
    // A binary PGM: "P5", width, height, max value, one byte per pixel.
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..i]).into_owned());
    }
    let pixels = &bytes[i + 1..];
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| pixels[y * w + x]);
    img.detect_grids()
        .into_iter()
        .map(|g| g.decode().expect("a readable QR code").1)
        .collect()
}

/// Text extractors wrap right-to-left runs in invisible bidi controls and
/// place the space between a right-to-left and a left-to-right word by their
/// own rules; compare letters, in order, without either.
pub fn letters(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        .collect()
}

/// A stored row, as `SELECT *` gives it.
pub struct Stored(std::collections::BTreeMap<String, rusqlite::types::Value>);

impl Stored {
    /// A text column; `None` for NULL.
    pub fn text(&self, column: &str) -> Option<&str> {
        match self.0.get(column) {
            Some(rusqlite::types::Value::Text(t)) => Some(t),
            Some(rusqlite::types::Value::Null) => None,
            other => panic!("{column} is no text: {other:?}"),
        }
    }

    /// An integer column; `None` for NULL.
    pub fn int(&self, column: &str) -> Option<i64> {
        match self.0.get(column) {
            Some(rusqlite::types::Value::Integer(n)) => Some(*n),
            Some(rusqlite::types::Value::Null) => None,
            other => panic!("{column} is no integer: {other:?}"),
        }
    }
}

/// Every row of `table` as stored (`SELECT *`), to recount a figure from
/// the rows themselves.
pub fn stored(db: &Db, table: &str) -> Vec<Stored> {
    kiz::db::rows_for_tests(db, &format!("SELECT * FROM \"{table}\""))
        .expect("rows")
        .into_iter()
        .map(Stored)
        .collect()
}

/// A borrower of `kind` called `name`, registered on 5 January 2026.
pub fn borrower(db: &mut impl Engine, name: &str, kind: kiz::people::BorrowerKind) -> i64 {
    kiz::people::create_borrower(
        db,
        &kiz::people::BorrowerInput {
            name: name.into(),
            kind,
            ..kiz::people::BorrowerInput::default()
        },
        at_ten(2026, 1, 5),
    )
    .expect("a borrower")
    .id
}

/// A workbook as calamine reads it: each sheet's name and its rows of cells.
pub type Sheets = Vec<(String, Vec<Vec<calamine::Data>>)>;

/// Every sheet of an XLSX workbook, as calamine reads it.
pub fn sheets(bytes: &[u8]) -> Sheets {
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .expect("the export is a workbook calamine reads");
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).expect("a sheet");
            let rows = range.rows().map(<[calamine::Data]>::to_vec).collect();
            (name, rows)
        })
        .collect()
}
