//! Berichte on the database of issue 20: 100,000 media (one copy each),
//! 2,000 borrowers and 1,000,000 historical loans from January 2020 on (the
//! generator spreads them over about four years, every fifth renewed once),
//! and 150 events every ten days from January 2020 with six workshops each,
//! hosted by 20 organisations, and 16 registrations per workshop (four on
//! the waitlist, some moved up or cancelled, attendance ticked), in a
//! database file. Prints median and 95th percentile of `reports::report`
//! for the year 2023 (against 2022), where the generated history is dense,
//! and of the Jahresbericht for that year as PDF (target: 2 s) and as XLSX,
//! each counted from the database (the report included). Inside the test
//! cluster of `cargo xtask bench` also both on the shared database.
//! Run with `cargo bench -p kiz --bench reports`.

mod common;

use std::time::Instant;

use chrono::NaiveDate;
use kiz::db::engine::Engine;
use kiz::db::server::transfer;
use kiz::documents::fonts::FallbackFonts;
use kiz::documents::{render, render_on, DocumentRequest, PrintContext};
use kiz::events::{self, EventInput, Host, ParticipantInput, RegisterOptions, WorkshopInput};
use kiz::organisations::{self, CooperationStatus, OrganisationInput};
use kiz::people::Consent;
use kiz::reports::{self, PeriodChoice};
use kiz::store::Store;
use kiz::{lending, Db};

const MEDIA: usize = 100_000;
const BORROWERS: usize = 2_000;
const HISTORY: u32 = 1_000_000;
const EVENTS: usize = 150;
const WORKSHOPS_PER_EVENT: usize = 6;
const REGISTRATIONS_PER_WORKSHOP: usize = 16;
const ROUNDS: usize = 20;

/// 20 organisations, then the events with workshops and registrations.
fn add_events(db: &mut Db) {
    let first = NaiveDate::from_ymd_opt(2020, 1, 15).expect("date");
    let hosts: Vec<i64> = (0..20)
        .map(|i| {
            let entered = first.and_hms_opt(9, 0, 0).expect("time");
            organisations::create_organisation(
                db,
                &OrganisationInput {
                    name: format!("Verein {i}"),
                    municipality: organisations::MUNICIPALITIES[i % 20].into(),
                    status: if i % 3 == 0 {
                        CooperationStatus::Aktiv
                    } else {
                        CooperationStatus::Kontakt
                    },
                    ..OrganisationInput::default()
                },
                entered,
            )
            .expect("organisation")
            .id
        })
        .collect();
    let languages = ["ar", "tr", "uk", "fa", "de"];
    let mut person = 0usize;
    for e in 0..EVENTS {
        let day = first + chrono::Days::new(10 * e as u64);
        let opened = (day - chrono::Days::new(30))
            .and_hms_opt(9, 0, 0)
            .expect("time");
        let event = events::create_event(
            db,
            &EventInput {
                title: format!("Ausbildungsbörse {e}"),
                starts_on: Some(day),
                registration_closes_on: Some(day - chrono::Days::new(3)),
                ..EventInput::default()
            },
            opened,
        )
        .expect("event");
        for w in 0..WORKSHOPS_PER_EVENT {
            let starts = day.and_hms_opt(9 + w as u32, 0, 0).expect("time");
            let workshop = events::create_workshop(
                db,
                event,
                &WorkshopInput {
                    title: format!("Workshop {w}"),
                    room: format!("Raum {w}"),
                    starts_at: Some(starts),
                    ends_at: Some(starts + chrono::Duration::minutes(50)),
                    capacity: 12,
                    waitlist: true,
                    hosts: vec![Host {
                        organisation_id: hosts[(e + w) % hosts.len()],
                        role: String::new(),
                    }],
                    languages: vec![languages[w % languages.len()].into()],
                    ..WorkshopInput::default()
                },
                opened,
            )
            .expect("workshop");
            let mut registrations = Vec::new();
            for r in 0..REGISTRATIONS_PER_WORKSHOP {
                person += 1;
                let at = opened + chrono::Duration::hours(r as i64);
                let participant = events::create_participant(
                    db,
                    &ParticipantInput {
                        name: format!("Teilnehmende {person}"),
                        birth_year: Some(1995 + (person % 14) as i32),
                        languages: vec![languages[person % languages.len()].into()],
                        consent: Some(Consent {
                            given_on: at.date(),
                            text_version: "2026-1".into(),
                        }),
                        ..ParticipantInput::default()
                    },
                    at,
                )
                .expect("participant");
                let registration =
                    events::register(db, workshop, participant, &RegisterOptions::default(), at)
                        .expect("registration");
                registrations.push(registration.id);
            }
            // One cancels before the close (the first waiting moves up),
            // the others come or not.
            let before_close = (day - chrono::Days::new(5))
                .and_hms_opt(9, 0, 0)
                .expect("time");
            events::cancel(db, registrations[0], before_close).expect("cancel");
            for (i, id) in registrations.iter().enumerate().skip(1) {
                if i % 4 != 0 {
                    // Someone still waiting is not ticked.
                    let _ = events::check_in(db, *id, false, starts);
                }
            }
            events::mark_no_shows(db, workshop).expect("no-shows");
        }
    }
}

fn main() {
    // KIZ_BENCH_REPORTS_DB=<file>: generate into that file once and
    // measure on it again in later runs (for comparing query shapes without
    // waiting for the generator, for the sqlite3 shell, and for the window's
    // timing of the Berichte page that `cargo xtask bench` runs after it).
    // Its own variable: the other benchmarks' KIZ_BENCH_DB holds media
    // without a loan history.
    let kept = std::env::var_os("KIZ_BENCH_REPORTS_DB").map(std::path::PathBuf::from);
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = kept
        .clone()
        .unwrap_or_else(|| dir.path().join("kiz.sqlite"));
    if kept.as_ref().is_some_and(|p| p.exists()) {
        println!("reports benchmark: reused {}", path.display());
    } else {
        let started = Instant::now();
        let mut memory = common::mediathek(MEDIA, MEDIA, BORROWERS);
        lending::generate_history_for_benchmarks(
            &mut memory,
            HISTORY,
            NaiveDate::from_ymd_opt(2020, 1, 1).expect("date"),
        )
        .expect("history");
        add_events(&mut memory);
        memory.vacuum_into(&path).expect("copy to file");
        drop(memory);
        println!(
            "reports benchmark: {MEDIA} media, {BORROWERS} borrowers, {HISTORY} past loans, {EVENTS} events; built in {:.0} s",
            started.elapsed().as_secs_f64()
        );
    }
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
        "report, year 2023 against 2022 ({} and {} loans, {} and {} workshops)   median {median:>8.1} ms   p95 {p95:>8.1} ms",
        first.mediathek.loans.now,
        first.mediathek.loans.before,
        first.events.workshops.now,
        first.events.workshops.before
    );
    let context = PrintContext {
        now: today.and_hms_opt(9, 30, 0).expect("time"),
        fallbacks: FallbackFonts::none(),
        language: None,
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
    on_the_server(&db, &choice, today, &first, &context);
}

/// The same figures and the Jahresbericht on the shared database (the file
/// moved onto the test cluster of `cargo xtask bench`): counted in a copy
/// of the tables the reports read, made in one read of the server. Fewer
/// rounds: each copies a million loans.
fn on_the_server(
    db: &Db,
    choice: &PeriodChoice,
    today: NaiveDate,
    on_file: &reports::Report,
    context: &PrintContext,
) {
    const SERVER_ROUNDS: usize = 5;
    let Some(mut server) = common::bench_server() else {
        println!(
            "server: no PostgreSQL test cluster here (PGHOST, KIZ_TEST_SERVER_CA): \
             `cargo xtask bench` starts one; the reports not measured on the server"
        );
        return;
    };
    transfer(db, &mut server).expect("moved onto the server");
    // The copy alone, then the whole report (the copy and the counting).
    let mut times = Vec::with_capacity(SERVER_ROUNDS);
    for _ in 0..SERVER_ROUNDS {
        let start = Instant::now();
        server
            .read_sql(reports::snapshot_in)
            .expect("the tables copied");
        times.push(start.elapsed());
    }
    let (median, p95) = common::percentiles(times);
    println!(
        "server: the report's tables copied into memory (indexes built)      median {median:>8.1} ms   p95 {p95:>8.1} ms"
    );
    let mut times = Vec::with_capacity(SERVER_ROUNDS);
    for _ in 0..SERVER_ROUNDS {
        let start = Instant::now();
        let report = reports::report_on(&mut Store::Server(&mut server), choice, today)
            .expect("report on the server");
        times.push(start.elapsed());
        assert_eq!(&report, on_file, "the server counts what the file counts");
    }
    let (median, p95) = common::percentiles(times);
    println!(
        "server: report, year 2023 (tables copied into memory and counted)   median {median:>8.1} ms   p95 {p95:>8.1} ms"
    );
    let request = DocumentRequest::AnnualReport {
        choice: *choice,
        xlsx: false,
    };
    let mut times = Vec::with_capacity(SERVER_ROUNDS);
    for _ in 0..SERVER_ROUNDS {
        let start = Instant::now();
        render_on(&mut Store::Server(&mut server), &request, context).expect("the Jahresbericht");
        times.push(start.elapsed());
    }
    let (median, p95) = common::percentiles(times);
    println!(
        "server: Jahresbericht PDF year 2023                                  median {median:>8.1} ms   p95 {p95:>8.1} ms"
    );
}
