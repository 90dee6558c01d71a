//! Desk latency on a large Mediathek: 100,000 media (one copy each), 2,000
//! borrowers, 1,000,000 historical loans and about 3,000 open ones (and
//! 2,000 organisations, for the window's timings), in a
//! database file with the app's settings (WAL, synchronous = FULL, so every
//! commit waits for the disk). Prints median and 95th percentile of
//! checkout, return and renewal, and of the overdue list. Then the same
//! database is moved onto the shared database (PostgreSQL, over the
//! loopback with TLS) when the throwaway cluster of `cargo xtask bench` is
//! there, and checkout, return and renewal are timed on it too (issue 22).
//! Run with `cargo bench -p kiz --bench lending` (or `cargo xtask bench`,
//! which also keeps the file and times scans in the real window on it).

mod common;

use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate, NaiveDateTime};
use kiz::db::engine::Engine;
use kiz::db::server::{transfer, Changes};
use kiz::lending::{self, CheckoutRequest, OverdueFilter, ReturnRequest};
use kiz::Db;

const MEDIA: usize = 100_000;
const BORROWERS: usize = 2_000;
const HISTORY: u32 = 1_000_000;
const OPEN: usize = 3_000;
const ROUNDS: usize = 300;

fn at(day: NaiveDate) -> NaiveDateTime {
    day.and_hms_opt(10, 0, 0).expect("valid time")
}

fn barcode(i: usize) -> String {
    format!("KI-M-{:06}", i + 1)
}

fn build(today: NaiveDate) -> Db {
    let mut db = common::mediathek(MEDIA, MEDIA, BORROWERS);
    let mut settings = lending::lending_settings(&db).expect("settings");
    for limit in &mut settings.limits {
        limit.max_items = 500;
    }
    lending::save_lending_settings(&mut db, &settings, "BUERO-1", at(today)).expect("limits");
    lending::generate_history_for_benchmarks(
        &mut db,
        HISTORY,
        NaiveDate::from_ymd_opt(2020, 1, 1).expect("date"),
    )
    .expect("history");
    // Open loans, a third of them overdue, on the last copies.
    for i in 0..OPEN {
        let lent = today - Days::new(if i % 3 == 0 { 60 } else { 5 });
        lending::checkout(
            &mut db,
            &CheckoutRequest {
                // Borrower 1 (KI-A-000001) keeps a clean record for the
                // window measurement in `cargo xtask bench`.
                borrower_id: (i % (BORROWERS - 1)) as i64 + 2,
                barcode: barcode(MEDIA - 1 - i),
                override_reason: Some("Benchmark".into()),
                course_end: None,
            },
            at(lent),
        )
        .expect("open loan");
    }
    organisations(&mut db, today);
    db
}

/// The directory of the kept file: 2,000 organisations (more than a
/// district has), named from a few dozen words in several languages, so
/// that opening Organisationen and searching it in the window work on a
/// full list (issue 21, points 5 and 6).
fn organisations(db: &mut Db, today: NaiveDate) {
    const FIRST: [&str; 10] = [
        "Afrikanischer",
        "Deutsch-Türkischer",
        "Kurdischer",
        "Arabischer",
        "Russischsprachiger",
        "Frankophoner",
        "Syrischer",
        "Eritreischer",
        "Internationaler",
        "Griechischer",
    ];
    const SECOND: [&str; 10] = [
        "Kulturverein",
        "Elternverein",
        "Frauenverein",
        "Sportverein",
        "Jugendtreff",
        "Bildungsverein",
        "Gemeindeverein",
        "Musikverein",
        "Freundeskreis",
        "Integrationsrat",
    ];
    let municipalities = kiz::organisations::MUNICIPALITIES;
    for i in 0..2_000 {
        let input = kiz::organisations::OrganisationInput {
            name: format!(
                "{} {} {}",
                FIRST[i % FIRST.len()],
                SECOND[i / FIRST.len() % SECOND.len()],
                i / (FIRST.len() * SECOND.len()) + 1
            ),
            municipality: municipalities[i % municipalities.len()].into(),
            ..Default::default()
        };
        kiz::organisations::create_organisation(db, &input, at(today)).expect("organisation");
    }
}

/// One desk round on a medium on the shelf: checkout, renewal ten days
/// later, return a day after; the time of each.
fn desk_round(
    store: &mut impl Engine,
    round: usize,
    today: NaiveDate,
) -> (Duration, Duration, Duration) {
    let code = barcode(round * 97 % (MEDIA - OPEN));
    let borrower_id = (round * 13 % BORROWERS) as i64 + 1;
    let start = Instant::now();
    lending::checkout(
        store,
        &CheckoutRequest {
            borrower_id,
            barcode: code.clone(),
            override_reason: Some("Benchmark".into()),
            course_end: None,
        },
        at(today),
    )
    .expect("checkout");
    let lend = start.elapsed();
    let start = Instant::now();
    lending::renew(store, &code, at(today + Days::new(10))).expect("renewal");
    let renew = start.elapsed();
    let start = Instant::now();
    lending::checkin(
        store,
        &ReturnRequest {
            barcode: code,
            missing_parts: vec![],
        },
        at(today + Days::new(11)),
    )
    .expect("return");
    (lend, renew, start.elapsed())
}

fn report(label: &str, times: Vec<Duration>) {
    let (median, p95) = common::percentiles(times);
    println!("{label:<40} median {median:>7.3} ms   p95 {p95:>7.3} ms");
}

fn main() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 12).expect("date");
    let started = Instant::now();
    let memory = build(today);
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("kiz.sqlite");
    memory.vacuum_into(&path).expect("copy to file");
    if let Some(keep) = std::env::var_os("KIZ_BENCH_DATABASE") {
        // `cargo xtask bench` opens this file in the app to time the window.
        let keep = std::path::PathBuf::from(keep);
        let _ = std::fs::remove_file(&keep);
        if let Some(folder) = keep.parent() {
            std::fs::create_dir_all(folder).expect("bench folder");
        }
        memory.vacuum_into(&keep).expect("keep a copy");
    }
    drop(memory);
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!(
        "lending benchmark: {MEDIA} media, {BORROWERS} borrowers, {HISTORY} past loans, {OPEN} open; \
         built in {:.0} s, file {:.0} MB",
        started.elapsed().as_secs_f64(),
        size as f64 / 1e6
    );
    let mut db = Db::open(&path).expect("open the file");
    let (mut lend, mut back, mut renew) = (Vec::new(), Vec::new(), Vec::new());
    // The same desk work without secure deletion, alternating round by
    // round, to show what overwriting deleted content costs (issue 15).
    let (mut lend_plain, mut back_plain, mut renew_plain) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..2 * ROUNDS {
        let secure = round % 2 == 0;
        kiz::db::set_secure_delete_for_benchmarks(&db, secure).expect("secure_delete");
        let (lend, back, renew) = if secure {
            (&mut lend, &mut back, &mut renew)
        } else {
            (&mut lend_plain, &mut back_plain, &mut renew_plain)
        };
        let (l, r, b) = desk_round(&mut db, round, today);
        lend.push(l);
        renew.push(r);
        back.push(b);
    }
    kiz::db::set_secure_delete_for_benchmarks(&db, true).expect("secure_delete");
    report("checkout (one transaction, fsync)", lend);
    report("return", back);
    report("renewal", renew);
    report("checkout, secure_delete off", lend_plain);
    report("return, secure_delete off", back_plain);
    report("renewal, secure_delete off", renew_plain);
    let mut list = Vec::new();
    let mut count = 0;
    for _ in 0..30 {
        let start = Instant::now();
        count = lending::overdue_loans(&db, today, &OverdueFilter::default())
            .expect("overdue")
            .len();
        list.push(start.elapsed());
    }
    report(&format!("overdue list ({count} loans)"), list);
    let mut panel = Vec::new();
    for i in 0..100 {
        let start = Instant::now();
        lending::borrower_at_desk(&db, (i * 17 % BORROWERS) as i64 + 1, today).expect("panel");
        panel.push(start.elapsed());
    }
    report("borrower panel", panel);
    let mut scan = Vec::new();
    for i in 0..300 {
        let start = Instant::now();
        lending::identify(&db, &barcode(i * 331 % MEDIA)).expect("scan");
        scan.push(start.elapsed());
    }
    report("scan lookup (identify)", scan);
    course_packages(&mut db, today);
    on_the_server(&db, today);
}

/// How many course packages the benchmark defines, of four parts each.
const PACKAGES: usize = 50;

/// A course package of four parts lent in one transaction (issue 23,
/// target ≤ 5 ms at p95), alone and as the desk's scan of its card (which
/// also recognises the code and reads the borrower's panel); the copies go
/// back after each round, untimed.
fn course_packages(db: &mut Db, today: NaiveDate) {
    use kiz::lending::{PackageCheckout, PackageInput, PartInput, WhenMissing};
    let mut ids = Vec::new();
    for p in 0..PACKAGES {
        let parts = (0..4)
            .map(|k| PartInput {
                // Media in the middle of the catalogue, none of them out.
                medium_id: (20_000 + p * 4 + k) as i64,
                quantity: 1,
            })
            .collect();
        let package = lending::save_package(
            db,
            None,
            &PackageInput {
                name: format!("Benchmark-Paket {p}"),
                note: String::new(),
                parts,
            },
            at(today),
        )
        .expect("a package");
        ids.push((package.id, package.code));
    }
    let give_back = |db: &mut Db, loans: &[kiz::lending::Loan]| {
        for loan in loans {
            lending::checkin(
                db,
                &ReturnRequest {
                    barcode: loan.barcode.clone(),
                    missing_parts: vec![],
                },
                at(today),
            )
            .expect("return");
        }
    };
    let (mut alone, mut scanned) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        let (id, code) = &ids[round % PACKAGES];
        let borrower_id = (round * 13 % BORROWERS) as i64 + 1;
        let start = Instant::now();
        let outcome = lending::lend_package(
            db,
            &PackageCheckout {
                borrower_id,
                package_id: *id,
                when_missing: WhenMissing::Ask,
                override_reason: Some("Benchmark".into()),
                course_end: None,
            },
            at(today),
        )
        .expect("lent");
        alone.push(start.elapsed());
        let lending::PackageOutcome::Lent { loans, .. } = outcome else {
            panic!("every part is on the shelf");
        };
        assert_eq!(loans.len(), 4);
        give_back(db, &loans);
        let start = Instant::now();
        let answer = lending::act(
            db,
            &lending::DeskRequest {
                code: code.clone(),
                mode: lending::DeskMode::Checkout,
                borrower_id: Some(1),
                course_end: None,
            },
            at(today),
        )
        .expect("scanned");
        scanned.push(start.elapsed());
        let lending::DeskOutcome::Package {
            done: Ok(lending::PackageOutcome::Lent { loans, .. }),
            ..
        } = answer
        else {
            panic!("the card lends the package: {answer:?}");
        };
        give_back(db, &loans);
    }
    report("course package of 4 parts (lend_package)", alone);
    report("course package card scanned at the desk", scanned);
}

/// The desk's rounds again on the shared database, after moving the file
/// onto it.
fn on_the_server(db: &Db, today: NaiveDate) {
    let Some(mut server) = common::bench_server() else {
        println!(
            "server: no PostgreSQL test cluster here (PGHOST, KIZ_TEST_SERVER_CA): \
             `cargo xtask bench` starts one; nothing measured on the server"
        );
        return;
    };
    let start = Instant::now();
    transfer(db, &mut server).expect("moved onto the server");
    println!(
        "server: the file ({HISTORY} past loans) moved onto the server in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    let (mut lend, mut back, mut renew) = (Vec::new(), Vec::new(), Vec::new());
    // Other media than the file's rounds took: each round starts on the shelf.
    for round in 2 * ROUNDS..3 * ROUNDS {
        let (l, r, b) = desk_round(&mut server, round, today);
        lend.push(l);
        renew.push(r);
        back.push(b);
    }
    report("server: checkout", lend);
    report("server: return", back);
    report("server: renewal", renew);

    // The live view: from the start of a checkout at one desk until
    // another connection is told that loans changed (the commit, the
    // trigger's notice, its delivery). Target: 500 ms.
    let password = std::env::var("PGPASSWORD").expect("the cluster's password");
    let mut office = Changes::listen(server.settings(), &password).expect("listens");
    let mut told = Vec::new();
    for round in 3 * ROUNDS..3 * ROUNDS + NOTICES {
        let code = barcode(round * 97 % (MEDIA - OPEN));
        let start = Instant::now();
        lending::checkout(
            &mut server,
            &CheckoutRequest {
                borrower_id: (round * 13 % BORROWERS) as i64 + 1,
                barcode: code.clone(),
                override_reason: Some("Benchmark".into()),
                course_end: None,
            },
            at(today),
        )
        .expect("checkout");
        until_told(&mut office, "loan");
        told.push(start.elapsed());
        lending::checkin(
            &mut server,
            &ReturnRequest {
                barcode: code,
                missing_parts: vec![],
            },
            at(today + Days::new(1)),
        )
        .expect("return");
        // The return's notice, so that the next round waits for its own.
        until_told(&mut office, "loan");
    }
    report("server: checkout to the notice elsewhere", told);
    four_desks_for_a_minute(&mut server, today, &password);
}

/// How long the four desks lend from one shelf on the server.
const FOUR_DESKS_FOR: Duration = Duration::from_secs(60);
/// The shelf the four desks share: copies no other round of this
/// benchmark takes (the rounds' codes stay below index 97,000 - 20; the
/// open loans are on the last 3,000).
const SHELF: usize = 20;

fn shelf_code(k: usize) -> String {
    barcode(MEDIA - OPEN - SHELF + k)
}

/// Issue 22's figure: four desks, each on its own connection, lend and
/// take back copies of one shelf of twenty for a minute, all at once (each
/// walks the shelf with its own stride and holds at most three copies).
/// Afterwards every checkout a desk was told of is a stored loan, no copy
/// has two open loans, and a copy is lent exactly when it has an open
/// loan. Prints the counts and the checkout's time under contention.
fn four_desks_for_a_minute(server: &mut kiz::db::server::Server, today: NaiveDate, password: &str) {
    let count = |server: &mut kiz::db::server::Server, sql: &str| -> i64 {
        server
            .read_sql(|q| kiz::db::engine::scalar(q, sql, &[]))
            .expect("counted")
    };
    let shelf_list = (0..SHELF)
        .map(|k| format!("'{}'", shelf_code(k)))
        .collect::<Vec<_>>()
        .join(", ");
    let loans_on_shelf = format!(
        "SELECT count(*) FROM loan AS l JOIN copy AS c ON c.id = l.copy_id \
         WHERE c.barcode IN ({shelf_list})"
    );
    let before = count(server, &loans_on_shelf);
    let settings = server.settings().clone();
    let start = std::sync::Arc::new(std::sync::Barrier::new(4));
    let desks: Vec<_> = (0..4_usize)
        .map(|desk| {
            let mut connection =
                kiz::db::server::Server::connect(&settings, password).expect("a desk connects");
            let start = std::sync::Arc::clone(&start);
            std::thread::spawn(move || {
                let borrower_id = desk as i64 + 1;
                let stride = [3, 7, 11, 13][desk];
                let (mut lent, mut returned, mut refused) = (0_i64, 0_i64, 0_i64);
                let mut times = Vec::new();
                let mut held: Vec<String> = Vec::new();
                start.wait();
                let began = Instant::now();
                let mut step = 0_usize;
                while began.elapsed() < FOUR_DESKS_FOR {
                    if held.len() == 3 {
                        let code = held.remove(0);
                        lending::checkin(
                            &mut connection,
                            &ReturnRequest {
                                barcode: code,
                                missing_parts: vec![],
                            },
                            at(today),
                        )
                        .expect("a copy this desk holds comes back");
                        returned += 1;
                    }
                    let code = shelf_code((step * stride + desk) % SHELF);
                    step += 1;
                    let asked = Instant::now();
                    match lending::checkout(
                        &mut connection,
                        &CheckoutRequest {
                            borrower_id,
                            barcode: code.clone(),
                            override_reason: Some("Benchmark".into()),
                            course_end: None,
                        },
                        at(today),
                    ) {
                        Ok(_) => {
                            times.push(asked.elapsed());
                            lent += 1;
                            held.push(code);
                        }
                        Err(kiz::Error::CopyAlreadyOnLoan { .. }) => refused += 1,
                        Err(other) => panic!("desk {desk}: {other}"),
                    }
                }
                for code in held {
                    lending::checkin(
                        &mut connection,
                        &ReturnRequest {
                            barcode: code,
                            missing_parts: vec![],
                        },
                        at(today),
                    )
                    .expect("the last copies come back");
                    returned += 1;
                }
                (lent, returned, refused, times)
            })
        })
        .collect();
    let (mut lent, mut returned, mut refused, mut times) = (0, 0, 0, Vec::new());
    for desk in desks {
        let (l, r, f, t) = desk.join().expect("a desk ran");
        lent += l;
        returned += r;
        refused += f;
        times.extend(t);
    }
    let stored = count(server, &loans_on_shelf) - before;
    let open = count(
        server,
        &format!(
            "SELECT count(*) FROM loan AS l JOIN copy AS c ON c.id = l.copy_id \
             WHERE c.barcode IN ({shelf_list}) AND l.returned_at IS NULL"
        ),
    );
    let lent_copies = count(
        server,
        &format!(
            "SELECT count(*) FROM copy WHERE barcode IN ({shelf_list}) AND status = 'ausgeliehen'"
        ),
    );
    let held_twice = count(
        server,
        &format!(
            "SELECT count(*) FROM (SELECT l.copy_id FROM loan AS l JOIN copy AS c ON c.id = l.copy_id \
             WHERE c.barcode IN ({shelf_list}) AND l.returned_at IS NULL \
             GROUP BY l.copy_id HAVING count(*) > 1) AS twice"
        ),
    );
    assert_eq!(stored, lent, "every checkout a desk was told of is stored");
    assert_eq!(
        (open, lent_copies, held_twice),
        (0, 0, 0),
        "all back, none twice"
    );
    assert_eq!(returned, lent);
    println!(
        "server: four desks on one shelf of {SHELF} for {} s: {lent} checkouts and {returned} \
         returns stored, {refused} refused as already lent; every loan stored once, no copy \
         lent twice, every copy back on the shelf",
        FOUR_DESKS_FOR.as_secs()
    );
    report("server: checkout with four desks at once", times);
}

/// How many checkouts time the notice to another connection.
const NOTICES: usize = 100;

fn until_told(office: &mut Changes, table: &str) {
    for _ in 0..30 {
        if office
            .wait(Duration::from_secs(1))
            .expect("listening")
            .contains(table)
        {
            return;
        }
    }
    panic!("no notice of {table} in half a minute");
}
