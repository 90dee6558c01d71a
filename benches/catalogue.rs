//! Catalogue search on a large catalogue: 100,000 generated media with a
//! copy each, searched as staff type. Prints the median and the 95th
//! percentile per query. Run with `cargo bench -p kiz --bench catalogue`.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use kiz::catalogue::{self, Audience, CopyInput, Level, MediaQuery, MediumInput};
use kiz::Db;

const MEDIA: usize = 100_000;

const WORDS: &[&str] = &[
    "Deutsch",
    "Alltag",
    "Beruf",
    "Lesen",
    "Schreiben",
    "Grammatik",
    "Wortschatz",
    "Kinder",
    "Märchen",
    "Prüfung",
    "Hören",
    "Sprechen",
    "Pflege",
    "Handwerk",
    "Türkçe",
    "Şehir",
    "Русский",
    "Geschichten",
    "Übungen",
    "Küche",
    "Familie",
    "Arbeit",
    "Schule",
    "Wohnen",
];
const AUTHORS: &[&str] = &[
    "Müller", "Yılmaz", "Şahin", "Xelîl", "Ivanova", "Diallo", "Haddad", "Weiß", "Kowalski",
    "Nguyen",
];
const LANGS: &[&str] = &["ar", "tr", "ku", "ru", "uk", "fa", "fr", "en"];

fn build() -> Db {
    let mut db = Db::open_in_memory().expect("in-memory database");
    let kinds = catalogue::media_kinds(&db).expect("kinds");
    let now = NaiveDate::from_ymd_opt(2026, 11, 12)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("valid date");
    let levels = [
        Level::Alpha,
        Level::A1,
        Level::A2,
        Level::B1,
        Level::B2,
        Level::C1,
    ];
    for i in 0..MEDIA {
        let word = |k: usize| WORDS[(i / k + k) % WORDS.len()];
        let from = levels[i % levels.len()];
        let input = MediumInput {
            kind_id: kinds[i % kinds.len()].id,
            title: format!("{} {} {} {i}", word(1), word(7), word(31)),
            authors: format!(
                "{}, {}",
                AUTHORS[i % AUTHORS.len()],
                AUTHORS[(i / 10) % AUTHORS.len()]
            ),
            level_from: Some(from),
            level_to: Some(levels[(i % levels.len() + i % 2).min(levels.len() - 1)]),
            audience: [Audience::Alle, Audience::Kinder, Audience::Erwachsene][i % 3],
            target_language: Some("de".into()),
            support_languages: vec![LANGS[i % LANGS.len()].into()],
            topics: vec![word(3).into()],
            ..MediumInput::default()
        };
        let medium = catalogue::create_medium(&mut db, &input, now).expect("medium");
        catalogue::add_copy(&mut db, medium.id, &CopyInput::default(), now).expect("copy");
    }
    db
}

fn measure(db: &Db, label: &str, query: &MediaQuery) {
    let mut times: Vec<Duration> = Vec::new();
    let mut total = 0;
    for _ in 0..30 {
        let start = Instant::now();
        let page = catalogue::search_media(db, query).expect("search");
        times.push(start.elapsed());
        total = page.total;
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{label:<44} median {:>7.2} ms   p95 {:>7.2} ms   {total:>6} hits",
        ms(times[times.len() / 2]),
        ms(times[times.len() * 95 / 100]),
    );
}

fn main() {
    let start = Instant::now();
    let db = build();
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
