//! Shared fixtures of the core's integration tests.
#![allow(dead_code)]

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
