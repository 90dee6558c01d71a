//! Shared by the benchmarks: a large generated catalogue, built through the
//! core's own functions so every rule and index applies. Each benchmark
//! uses a part of it.
#![allow(dead_code)]

use std::time::Duration;

use chrono::NaiveDate;
use kiz::catalogue::{self, Audience, CopyInput, Level, MediumInput};
use kiz::db::server::{Server, ServerSettings};
use kiz::people::{self, BorrowerInput, BorrowerKind};
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

const FIRST_NAMES: &[&str] = &[
    "Ayşe",
    "Şükrü",
    "Rêzan",
    "Hêvî",
    "Olena",
    "Natalja",
    "Aïssatou",
    "François",
    "Amal",
    "Mohammed",
    "Jürgen",
    "Änne",
    "Fatma",
    "Dmytro",
    "Mariam",
    "Yusuf",
    "Leyla",
    "Mamadou",
    "Sabine",
    "Tigist",
];
const FAMILY_NAMES: &[&str] = &[
    "Yılmaz",
    "Öztürk",
    "Xelîl",
    "Şêxmûs",
    "Kovalenko",
    "Ivanova",
    "Diallo",
    "Lefèvre",
    "Haddad",
    "Al-Ahmad",
    "Müller-Weiß",
    "Schäfer",
    "Demir",
    "Bondarenko",
    "Karimi",
    "Çelik",
    "Baraki",
    "Traoré",
    "Becker",
    "Tesfaye",
];

/// A generated Mediathek in memory: `media` media with `copies` copies
/// (one each, and a second for every other medium until the number is
/// reached) and `borrowers` borrowers with names of the communities served.
pub fn mediathek(media: usize, copies: usize, borrowers: usize) -> Db {
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
            support_languages: vec![LANGS[(i / 7) % LANGS.len()].into()],
            topics: vec![word(3).into()],
            ..MediumInput::default()
        };
        let medium = catalogue::create_medium(&mut db, &input, now).expect("medium");
        let second = i % 2 == 1 && i / 2 < copies.saturating_sub(media);
        for _ in 0..1 + usize::from(second) {
            catalogue::add_copy(&mut db, medium.id, &CopyInput::default(), now).expect("copy");
        }
    }
    let kinds = [
        BorrowerKind::Hauptamtlich,
        BorrowerKind::Ehrenamtlich,
        BorrowerKind::Organisation,
        BorrowerKind::Sonstige,
    ];
    for i in 0..borrowers {
        let first = FIRST_NAMES[i % FIRST_NAMES.len()];
        let family = FAMILY_NAMES[(i / FIRST_NAMES.len() + i) % FAMILY_NAMES.len()];
        people::create_borrower(
            &mut db,
            &BorrowerInput {
                name: format!("{first} {family}"),
                kind: kinds[i % kinds.len()],
                email: if i % 3 == 0 {
                    format!("lehrkraft{i}@example.org")
                } else {
                    String::new()
                },
                ..BorrowerInput::default()
            },
            now,
        )
        .expect("borrower");
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

/// The throwaway cluster of `cargo xtask bench` (as `pg_virtualenv`
/// describes it), with a new database `kiz_bench`; `None` outside it.
pub fn bench_server() -> Option<Server> {
    let var = |name: &str| std::env::var(name).ok();
    let (host, port, user, password, ca) = (
        var("PGHOST")?,
        var("PGPORT")?,
        var("PGUSER")?,
        var("PGPASSWORD")?,
        var("KIZ_TEST_SERVER_CA")?,
    );
    let port: u16 = port.parse().expect("PGPORT is a port");
    let mut admin = postgres::Config::new()
        .host(&host)
        .port(port)
        .user(&user)
        .password(&password)
        .dbname("postgres")
        .connect(postgres::NoTls)
        .expect("the test cluster accepts its superuser");
    admin
        .batch_execute("DROP DATABASE IF EXISTS kiz_bench WITH (FORCE)")
        .expect("dropped");
    admin
        .batch_execute("CREATE DATABASE kiz_bench")
        .expect("created");
    let settings = ServerSettings {
        host,
        port,
        database: "kiz_bench".into(),
        role: user,
        ca_file: Some(ca.into()),
    };
    Some(Server::connect(&settings, &password).expect("connects with TLS"))
}
