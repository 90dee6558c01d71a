//! Berichte on a large Mediathek: 100,000 media (one copy each), 2,000
//! borrowers and 1,000,000 historical loans from January 2020 on (the
//! generator spreads them over about four years), in a database file.
//! Prints median and 95th percentile of `reports::report` for the year
//! 2023 (against 2022), where the generated history is dense, and of the
//! Jahresbericht for that year as PDF (target: 2 s) and as XLSX, each
//! counted from the database (the report included).
//! Run with `cargo bench -p kiz --bench reports`.

mod common;

use std::time::Instant;

use chrono::NaiveDate;
use kiz::documents::fonts::FallbackFonts;
use kiz::documents::{render, DocumentRequest, PrintContext};
use kiz::reports::{self, PeriodChoice};
use kiz::{lending, Db};

const MEDIA: usize = 100_000;
const BORROWERS: usize = 2_000;
const HISTORY: u32 = 1_000_000;
const ROUNDS: usize = 20;

fn main() {
    let started = Instant::now();
    let mut memory = common::mediathek(MEDIA, MEDIA, BORROWERS);
    lending::generate_history_for_benchmarks(
        &mut memory,
        HISTORY,
        NaiveDate::from_ymd_opt(2020, 1, 1).expect("date"),
    )
    .expect("history");
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("kiz.sqlite");
    memory.vacuum_into(&path).expect("copy to file");
    drop(memory);
    println!(
        "reports benchmark: {MEDIA} media, {BORROWERS} borrowers, {HISTORY} past loans; built in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    let db = Db::open(&path).expect("open the file");
    let today = NaiveDate::from_ymd_opt(2026, 11, 12).expect("date");
    let choice = PeriodChoice::Year { year: 2023 };
    // Once unmeasured: the first run reads the pages from disk.
    let first = reports::report(&db, &choice, today).expect("report");
    let mut times = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let start = Instant::now();
        reports::report(&db, &choice, today).expect("report");
        times.push(start.elapsed());
    }
    let (median, p95) = common::percentiles(times);
    println!(
        "report, year 2023 against 2022 ({} and {} loans)   median {median:>8.1} ms   p95 {p95:>8.1} ms",
        first.mediathek.loans.now, first.mediathek.loans.before
    );
    let context = PrintContext {
        now: today.and_hms_opt(9, 30, 0).expect("time"),
        fallbacks: FallbackFonts::none(),
    };
    for xlsx in [false, true] {
        let request = DocumentRequest::AnnualReport { choice, xlsx };
        let mut times = Vec::with_capacity(ROUNDS);
        let mut size = 0;
        for _ in 0..ROUNDS {
            let start = Instant::now();
            size = render(&db, &request, &context)
                .expect("the Jahresbericht")
                .bytes
                .len();
            times.push(start.elapsed());
        }
        let (median, p95) = common::percentiles(times);
        let what = if xlsx { "XLSX" } else { "PDF" };
        println!(
            "Jahresbericht {what:<4} year 2023 ({size:>6} bytes)          median {median:>8.1} ms   p95 {p95:>8.1} ms"
        );
    }
}
