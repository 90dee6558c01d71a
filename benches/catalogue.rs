//! Catalogue and borrower search on a large Mediathek: 100,000 generated
//! media, 150,000 copies and 5,000 borrowers, built through the core's own
//! functions and then written to a database file with the app's settings.
//! Prints the time to generate it, the file size, and the median and 95th
//! percentile per query, typed letter by letter, with and without filters.
//! The search indexes are tidied after generating, as the app does once a
//! day after its backup (`kiz::search::tidy_indexes`).
//!
//! Then the same media searches on the shared database (PostgreSQL), after
//! moving the file onto it (the time of the move is printed too): inside
//! the throwaway test cluster that `cargo xtask bench` starts, reached over
//! TLS on this machine. Without that cluster (`cargo bench` alone) this
//! part says so and measures nothing.
//! Run with `cargo bench -p kiz --bench catalogue` (or `cargo xtask bench`).

mod common;

use std::time::{Duration, Instant};

use kiz::catalogue::{self, CatalogueStore, Level, MediaQuery};
use kiz::db::server::transfer;
use kiz::{people, Db};

const MEDIA: usize = 100_000;
const COPIES: usize = 150_000;
const BORROWERS: usize = 5_000;

/// Runs `search` 3 times unmeasured (the app keeps its connection, so
/// only the first search after start finds the pages still on disk), then
/// 100 times; prints median, 95th percentile and hits.
fn measure(label: &str, mut search: impl FnMut() -> String) {
    let mut times: Vec<Duration> = Vec::new();
    let mut hits = String::new();
    for _ in 0..3 {
        search();
    }
    for _ in 0..100 {
        let start = Instant::now();
        hits = search();
        times.push(start.elapsed());
    }
    let (median, p95) = common::percentiles(times);
    println!("{label:<46} median {median:>7.2} ms   p95 {p95:>7.2} ms   {hits:>7} hits");
}

/// The media searches of [`main`], on either engine. `page_99_ends`: the
/// last medium of page 99 of "deu", where the window asks page 100 from.
fn media_searches(label: &str, page_99_ends: i64, search: &mut dyn FnMut(&MediaQuery) -> String) {
    let text = |t: &str| MediaQuery {
        text: t.into(),
        ..MediaQuery::default()
    };
    let filtered = |t: &str| MediaQuery {
        level: Some(Level::B1),
        language: Some("ar".into()),
        available_only: true,
        ..text(t)
    };
    let mut queries: Vec<(String, MediaQuery)> =
        vec![("first page, nothing typed".into(), MediaQuery::default())];
    for typed in [
        "d",
        "de",
        "deu",
        "deutsch",
        "muller",
        "deutsch allt",
        "sehir 4711",
        "KI-M-054321",
    ] {
        queries.push((format!("\"{typed}\""), text(typed)));
    }
    for typed in ["d", "de", "deu", "deutsch"] {
        queries.push((
            format!("\"{typed}\" + B1 + Arabic + available"),
            filtered(typed),
        ));
    }
    queries.push((
        "only available (no words)".into(),
        MediaQuery {
            available_only: true,
            ..MediaQuery::default()
        },
    ));
    queries.push(("B1 + Arabic + available (no words)".into(), filtered("")));
    // As the window asks for it: after the last row of the page before
    // (`MediaQuery::before`), with the offset it shows; and, for
    // comparison, by skipping 4,950 hits (how the window asked before).
    queries.push((
        "page 100 of \"deu\" after page 99".into(),
        MediaQuery {
            offset: 4950,
            before: Some(page_99_ends),
            ..text("deu")
        },
    ));
    queries.push((
        "page 100 of \"deu\" by offset (not asked)".into(),
        MediaQuery {
            offset: 4950,
            ..text("deu")
        },
    ));
    for (name, query) in queries {
        measure(&format!("{label}: {name}"), || search(&query));
    }
}

fn borrowers(db: &Db, label: &str, text: &str) {
    measure(label, || {
        let (total, _) = people::search_borrowers(db, text, 50, 0).expect("search");
        total.to_string()
    });
}

fn main() {
    // KIZ_BENCH_DB=<file>: generate into that file once and measure on it
    // again in later runs (for comparing query shapes without waiting for
    // the generator, and for the sqlite3 shell).
    let kept = std::env::var_os("KIZ_BENCH_DB").map(std::path::PathBuf::from);
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = kept
        .clone()
        .unwrap_or_else(|| dir.path().join("kiz-desk.sqlite"));
    let generated = if kept.as_ref().is_some_and(|p| p.exists()) {
        None
    } else {
        let start = Instant::now();
        let mut memory = common::mediathek(MEDIA, COPIES, BORROWERS);
        let seconds = start.elapsed().as_secs_f64();
        // As the app does once a day after its backup.
        let start = Instant::now();
        kiz::search::tidy_indexes(&mut memory).expect("tidy the search indexes");
        let tidied = start.elapsed().as_secs_f64();
        memory.vacuum_into(&path).expect("write the file");
        Some((seconds, tidied))
    };
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let db = Db::open(&path).expect("open the file");
    let generated = generated.map_or_else(
        || format!("reused {}", path.display()),
        |(s, t)| format!("generated in {s:.1} s, search indexes tidied in {t:.1} s"),
    );
    println!(
        "catalogue benchmark: {MEDIA} media, {COPIES} copies, {BORROWERS} borrowers; \
         {generated}; database file {:.0} MB",
        size as f64 / 1e6
    );
    let page_99_ends = catalogue::search_media(
        &db,
        &MediaQuery {
            text: "deu".into(),
            offset: 4900,
            ..MediaQuery::default()
        },
    )
    .expect("page 99")
    .rows
    .last()
    .expect("page 99 has rows")
    .id;
    media_searches("media", page_99_ends, &mut |query| {
        let page = catalogue::search_media(&db, query).expect("search");
        // Beyond the sorted number, the search says "more than".
        format!("{}{}", page.total, if page.more { "+" } else { "" })
    });
    borrowers(&db, "borrowers: nothing typed", "");
    for typed in [
        "a",
        "ay",
        "ays",
        "ayse yilmaz",
        "yilmaz",
        "KI-A-004711",
        "lehrkraft99",
    ] {
        borrowers(&db, &format!("borrowers: \"{typed}\""), typed);
    }
    match common::bench_server() {
        None => println!(
            "server: no PostgreSQL test cluster here (PGHOST, KIZ_TEST_SERVER_CA): \
             `cargo xtask bench` starts one; nothing measured on the server"
        ),
        Some(mut server) => {
            let start = Instant::now();
            let tables = transfer(&db, &mut server).expect("moved onto the server");
            println!(
                "server: the file moved onto the server (schema, {} tables copied and \
                 compared, search rows made) in {:.1} s",
                tables.len(),
                start.elapsed().as_secs_f64()
            );
            media_searches("server media", page_99_ends, &mut |query| {
                let page = server.search_media(query).expect("search");
                format!("{}{}", page.total, if page.more { "+" } else { "" })
            });
        }
    }
}
