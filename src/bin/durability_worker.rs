//! Test tooling, not part of the app: the child process of the durability
//! test (`tests/durability.rs`). It performs a stream of checkouts,
//! returns and registrations on the database it is given, each through
//! the same core function the desk uses, and prints one line per operation
//! once its transaction has committed. The test kills it with SIGKILL at a
//! random moment and then checks that every printed operation is stored.
//!
//! Usage: `durability-worker <database> <seed>`

use std::io::Write;

use chrono::{Duration, NaiveDate};
use kiz::events::{self, RegisterOptions};
use kiz::lending::{self, CheckoutRequest, ReturnRequest};
use kiz::Db;
use rusqlite::{Connection, OpenFlags};

/// A small deterministic generator (xorshift), so a run can be repeated.
struct Dice(u64);

impl Dice {
    fn next(&mut self, below: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % below.max(1) as u64) as usize
    }
}

fn pick<T: rusqlite::types::FromSql>(conn: &Connection, sql: &str, dice: &mut Dice) -> Option<T> {
    let mut stmt = conn.prepare_cached(sql).ok()?;
    let rows: Vec<T> = stmt
        .query_map([], |r| r.get(0))
        .ok()?
        .filter_map(Result::ok)
        .collect();
    if rows.is_empty() {
        return None;
    }
    let i = dice.next(rows.len());
    rows.into_iter().nth(i)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(seed)) = (args.next(), args.next()) else {
        eprintln!("usage: durability-worker <database> <seed>");
        std::process::exit(2);
    };
    let seed: u64 = seed.parse().unwrap_or(1);
    let path = std::path::PathBuf::from(path);
    let mut db = match Db::open(&path) {
        Ok(db) => db,
        Err(e) => {
            eprintln!("open: {e}");
            std::process::exit(1);
        }
    };
    // Candidates are looked up on a second, read-only connection; every
    // change goes through the core.
    let look = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("a read connection");
    let mut dice = Dice(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let start = NaiveDate::from_ymd_opt(2026, 11, 12)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("valid start");
    let mut out = std::io::stdout().lock();
    // The test kills at a random moment after this line, so the kill
    // always lands while operations run (not during start-up).
    let _ = writeln!(out, "ready");
    let _ = out.flush();
    for step in 0..100_000i64 {
        let now = start + Duration::seconds(step + (seed as i64 % 1000) * 100_000);
        match dice.next(3) {
            0 => {
                let borrower: Option<i64> = pick(
                    &look,
                    "SELECT id FROM borrower WHERE blocked_reason IS NULL",
                    &mut dice,
                );
                let barcode: Option<String> = pick(
                    &look,
                    "SELECT barcode FROM copy WHERE status = 'verfuegbar'",
                    &mut dice,
                );
                if let (Some(borrower_id), Some(barcode)) = (borrower, barcode) {
                    let request = CheckoutRequest {
                        borrower_id,
                        barcode,
                        override_reason: Some("Test".into()),
                        course_end: None,
                    };
                    if let Ok(loan) = lending::checkout(&mut db, &request, now) {
                        let _ = writeln!(out, "checkout {}", loan.id);
                    }
                }
            }
            1 => {
                let barcode: Option<String> = pick(
                    &look,
                    "SELECT c.barcode FROM loan AS l JOIN copy AS c ON c.id = l.copy_id WHERE l.returned_at IS NULL",
                    &mut dice,
                );
                if let Some(barcode) = barcode {
                    let request = ReturnRequest {
                        barcode,
                        missing_parts: Vec::new(),
                    };
                    if let Ok(receipt) = lending::checkin(&mut db, &request, now) {
                        let _ = writeln!(out, "return {}", receipt.loan.id);
                    }
                }
            }
            _ => {
                let workshop: Option<i64> = pick(&look, "SELECT id FROM workshop", &mut dice);
                let participant: Option<i64> = pick(&look, "SELECT id FROM participant", &mut dice);
                if let (Some(w), Some(p)) = (workshop, participant) {
                    let options = RegisterOptions {
                        after_closing: true,
                    };
                    if let Ok(r) = events::register(&mut db, w, p, &options, now) {
                        let _ = writeln!(out, "register {}", r.id);
                    }
                }
            }
        }
        let _ = out.flush();
    }
}
