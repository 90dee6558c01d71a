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
