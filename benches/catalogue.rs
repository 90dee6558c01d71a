//! Catalogue search on a large catalogue: 100,000 generated media with a
//! copy each, searched as staff type. Prints the median and the 95th
//! percentile per query. Run with `cargo bench -p kiz --bench catalogue`.

mod common;

use std::time::{Duration, Instant};

use kiz::catalogue::{self, Level, MediaQuery};
use kiz::Db;

const MEDIA: usize = 100_000;

fn measure(db: &Db, label: &str, query: &MediaQuery) {
    let mut times: Vec<Duration> = Vec::new();
    let mut total = 0;
    for _ in 0..30 {
        let start = Instant::now();
        let page = catalogue::search_media(db, query).expect("search");
        times.push(start.elapsed());
        total = page.total;
    }
    let (median, p95) = common::percentiles(times);
    println!("{label:<44} median {median:>7.2} ms   p95 {p95:>7.2} ms   {total:>6} hits");
}

fn main() {
    let start = Instant::now();
    let db = common::large_catalogue(MEDIA);
    println!(
        "catalogue benchmark: {MEDIA} media with one copy each, built in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    let text = |t: &str| MediaQuery {
        text: t.into(),
        ..MediaQuery::default()
    };
    measure(&db, "first page, no search", &MediaQuery::default());
    measure(&db, "one letter typed: \"d\"", &text("d"));
    measure(&db, "prefix \"deu\"", &text("deu"));
    measure(&db, "\"muller\" (finds Müller)", &text("muller"));
    measure(&db, "two words \"deutsch allt\"", &text("deutsch allt"));
    measure(&db, "rare: \"sehir 4711\"", &text("sehir 4711"));
    measure(&db, "Inventarnummer \"KI-M-054321\"", &text("KI-M-054321"));
    measure(
        &db,
        "\"deu\" + level B1 + Arabic + available",
        &MediaQuery {
            level: Some(Level::B1),
            language: Some("ar".into()),
            available_only: true,
            ..text("deu")
        },
    );
    measure(
        &db,
        "page 100 of \"deu\"",
        &MediaQuery {
            offset: 4950,
            ..text("deu")
        },
    );
}
