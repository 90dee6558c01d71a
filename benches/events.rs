//! Registration latency and the participant list of 500 names, on a
//! database file with the app's settings (WAL, synchronous = FULL).
//! Run with `cargo bench -p kiz --bench events` (or `cargo xtask bench`).

mod common;

use std::time::Instant;

use chrono::NaiveDate;
use kiz::documents::participants::{self, ListColumn};
use kiz::documents::{fonts::FallbackFonts, Orientation, PrintSetup};
use kiz::events::{self, EventInput, ParticipantInput, RegisterOptions, WorkshopInput};
use kiz::people::Consent;
use kiz::Db;

const NAMES: &[&str] = &[
    "Amal Haddad",
    "Şükrü Yılmaz",
    "محمد الأحمد",
    "Наталья Иванова",
    "Hêvî Şêxmûs",
    "Aïssatou Diallo",
    "Jürgen Müller",
    "فاطمة الزهراء",
];

fn main() {
    let day = NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
    let now = day.and_hms_opt(9, 0, 0).expect("time");
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut db = Db::open(&dir.path().join("kiz.sqlite")).expect("database");
    let event = events::create_event(
        &mut db,
        &EventInput {
            title: "Ausbildungsbörse".into(),
            starts_on: Some(day),
            ..EventInput::default()
        },
        now,
    )
    .expect("event");
    let workshops: Vec<i64> = (0..8)
        .map(|i| {
            events::create_workshop(
                &mut db,
                event,
                &WorkshopInput {
                    title: format!("Workshop {i}"),
                    room: format!("Raum {i}"),
                    starts_at: Some(now),
                    ends_at: Some(now + chrono::Duration::hours(1)),
                    capacity: 500,
                    waitlist: true,
                    ..WorkshopInput::default()
                },
                now,
            )
            .expect("workshop")
        })
        .collect();
    let mut times = Vec::new();
    // Every other registration without secure deletion, to show its cost.
    let mut plain = Vec::new();
    for i in 0..1000 {
        kiz::db::set_secure_delete_for_benchmarks(&db, i % 2 == 0).expect("secure_delete");
        let person = events::create_participant(
            &mut db,
            &ParticipantInput {
                name: format!("{} {i}", NAMES[i % NAMES.len()]),
                school: "Gesamtschule".into(),
                consent: Some(Consent {
                    given_on: day,
                    text_version: "2026-1".into(),
                }),
                ..ParticipantInput::default()
            },
            now,
        )
        .expect("participant");
        let workshop = workshops[i % 2];
        let start = Instant::now();
        events::register(&mut db, workshop, person, &RegisterOptions::default(), now)
            .expect("registration");
        if i % 2 == 0 {
            times.push(start.elapsed());
        } else {
            plain.push(start.elapsed());
        }
    }
    kiz::db::set_secure_delete_for_benchmarks(&db, true).expect("secure_delete");
    let (median, p95) = common::percentiles(times);
    println!("registration (one transaction, fsync)   median {median:>7.3} ms   p95 {p95:>7.3} ms");
    let (median, p95) = common::percentiles(plain);
    println!(
        "registration, secure_delete off          median {median:>7.3} ms   p95 {p95:>7.3} ms"
    );
    let info = events::workshop(&db, workshops[0]).expect("workshop");
    let mut list_times = Vec::new();
    let mut pages = 0;
    for _ in 0..10 {
        let start = Instant::now();
        let entries = events::participant_list(&db, workshops[0]).expect("list");
        let pdf = participants::participant_list(
            PrintSetup {
                title: "Teilnehmerliste".into(),
                orientation: Orientation::Portrait,
                institution: kiz::settings::institution(&db).expect("institution"),
                printed_on: day,
                fallbacks: FallbackFonts::none(),
            },
            &info,
            &entries,
            &ListColumn::DEFAULT,
            0,
        );
        list_times.push(start.elapsed());
        pages = pdf.pages;
    }
    let (median, p95) = common::percentiles(list_times);
    println!(
        "participant list, 500 names ({pages} pages)   median {median:>7.1} ms   p95 {p95:>7.1} ms"
    );
}
