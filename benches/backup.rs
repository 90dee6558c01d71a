//! The desk during a backup, on the catalogue benchmark's Mediathek
//! (100,000 media, 150,000 copies, 5,000 borrowers, about 80 MB): the backup
//! reads the file through a connection of its own, so checkouts through the
//! app's connection go on while it copies. Prints the checkout latency
//! without a backup and during one (median, 95th percentile, longest), how
//! long the backup took (what a checkout waited for at worst when the
//! backup held the app's connection), and that the backup passed its
//! checks. `KIZ_BENCH_DB=<file>` reuses the catalogue benchmark's file
//! (it is copied first, never changed).
//! Run with `cargo bench -p kiz --bench backup` (or `cargo xtask bench`).

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveDateTime};
use kiz::backup::{self, Kind, Retention};
use kiz::lending::{self, CheckoutRequest, ReturnRequest};
use kiz::Db;

const MEDIA: usize = 100_000;
const COPIES: usize = 150_000;
const BORROWERS: usize = 5_000;

fn at() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 12)
        .and_then(|d| d.and_hms_opt(10, 0, 0))
        .expect("valid time")
}

/// One checkout and its return; returns the checkout's time.
fn checkout_and_return(db: &mut Db, round: usize) -> Duration {
    let barcode = format!("KI-M-{:06}", round * 97 % MEDIA + 1);
    let start = Instant::now();
    lending::checkout(
        db,
        &CheckoutRequest {
            borrower_id: (round % BORROWERS) as i64 + 1,
            barcode: barcode.clone(),
            override_reason: Some("Benchmark".into()),
            course_end: None,
        },
        at(),
    )
    .expect("checkout");
    let took = start.elapsed();
    lending::checkin(
        db,
        &ReturnRequest {
            barcode,
            missing_parts: vec![],
        },
        at(),
    )
    .expect("return");
    took
}

fn report(label: &str, mut times: Vec<Duration>) {
    let longest = times.iter().max().copied().unwrap_or_default();
    let n = times.len();
    let (median, p95) = common::percentiles(std::mem::take(&mut times));
    println!(
        "{label:<34} median {median:>7.2} ms   p95 {p95:>7.2} ms   longest {:>7.2} ms   ({n} checkouts)",
        longest.as_secs_f64() * 1000.0
    );
}

fn main() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("kiz-desk.sqlite");
    // KIZ_BENCH_DB=<file>: generate into that file once and reuse it (the
    // catalogue benchmark does the same); the measurement runs on a copy.
    let kept = std::env::var_os("KIZ_BENCH_DB").map(std::path::PathBuf::from);
    let source = kept
        .clone()
        .unwrap_or_else(|| dir.path().join("erzeugt.sqlite"));
    if kept.as_ref().is_some_and(|p| p.exists()) {
        println!("backup benchmark: reused {}", source.display());
    } else {
        let start = Instant::now();
        let mut memory = common::mediathek(MEDIA, COPIES, BORROWERS);
        // As the catalogue benchmark (and the app once a day) does, so
        // that it can reuse the file.
        kiz::search::tidy_indexes(&mut memory).expect("tidy the search indexes");
        if let Some(folder) = source.parent() {
            std::fs::create_dir_all(folder).expect("bench folder");
        }
        memory.vacuum_into(&source).expect("write the file");
        println!(
            "backup benchmark: generated {MEDIA} media, {COPIES} copies, {BORROWERS} borrowers in {:.0} s",
            start.elapsed().as_secs_f64()
        );
    }
    std::fs::copy(&source, &path).expect("copy the file");
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!("database file {:.0} MB", size as f64 / 1e6);
    let mut db = Db::open(&path).expect("open the file");

    let mut quiet = Vec::new();
    for round in 0..200 {
        quiet.push(checkout_and_return(&mut db, round));
    }
    report("checkout, no backup running", quiet);

    let folder = dir.path().join("Sicherungen");
    let running = Arc::new(AtomicBool::new(true));
    let flag = Arc::clone(&running);
    let source = path.clone();
    let copier = std::thread::spawn(move || {
        let start = Instant::now();
        let made = backup::backup_file(
            &source,
            &folder,
            Kind::Regular,
            at(),
            Retention::default(),
            &mut |_, _| {},
        );
        flag.store(false, Ordering::SeqCst);
        (made, start.elapsed())
    });
    let mut during = Vec::new();
    let mut round = 1000;
    while running.load(Ordering::SeqCst) {
        during.push(checkout_and_return(&mut db, round));
        round += 1;
    }
    let (made, took) = copier.join().expect("the backup thread");
    let made = made.expect("the backup is made and passes its checks");
    report("checkout during a backup", during);
    println!(
        "backup (copy, integrity and foreign key check): {:.2} s, {:.0} MB, verified",
        took.as_secs_f64(),
        made.size as f64 / 1e6
    );
}
