//! Shared fixtures of the core's integration tests.
#![allow(dead_code)]

use std::io::Write;
use std::process::Command;

use chrono::{NaiveDate, NaiveDateTime};
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

/// 10:00 on a day: the moment most tests act at.
pub fn at_ten(y: i32, m: u32, d: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|day| day.and_hms_opt(10, 0, 0))
        .expect("valid date")
}

/// A consent to the shipped texts (version 2026-1), given on a day.
pub fn consent_given(y: i32, m: u32, d: u32) -> Option<kiz::people::Consent> {
    Some(kiz::people::Consent {
        given_on: NaiveDate::from_ymd_opt(y, m, d).expect("valid date"),
        text_version: "2026-1".into(),
    })
}

/// A medium of the first Mediengruppe with one copy.
pub fn medium_with_copy(db: &mut Db, title: &str, barcode: &str) {
    let when = at_ten(2025, 1, 1);
    let kind = kiz::catalogue::media_kinds(db).expect("Mediengruppen")[0].id;
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

/// Text extractors wrap right-to-left runs in invisible bidi controls and
/// place the space between a right-to-left and a left-to-right word by their
/// own rules; compare letters, in order, without either.
pub fn letters(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        .collect()
}
