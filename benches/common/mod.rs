//! Shared by the benchmarks: a large generated catalogue, built through the
//! core's own functions so every rule and index applies. Each benchmark
//! uses a part of it.
#![allow(dead_code)]

use std::time::Duration;

use chrono::NaiveDate;
use kiz::catalogue::{self, Audience, CopyInput, Level, MediumInput};
use kiz::Db;

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

/// `media` generated media with one copy each, in memory.
pub fn large_catalogue(media: usize) -> Db {
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
    for i in 0..media {
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

/// Median and 95th percentile in milliseconds.
pub fn percentiles(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    (
        ms(times[times.len() / 2]),
        ms(times[(times.len() * 95 / 100).min(times.len() - 1)]),
    )
}
