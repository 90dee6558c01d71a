//! Demo data: the three organisations of the source article.

mod common;
#[macro_use]
mod test_cluster;

use common::{now, test_db};
use kiz::catalogue::{CatalogueStore, MediaQuery};
use kiz::db::engine::{scalar, Engine};
use kiz::db::server::{Server, WRITE_LOCK};
use kiz::{demo, export, organisations, settings};
use test_cluster::cluster;
use test_cluster::TestStore;

fn demo_data_brings_the_three_organisations_of_the_article_and_the_institution(db: &mut TestStore) {
    assert!(db.read(|s| demo::is_empty_in(s)).unwrap());
    let summary = demo::load(db, now()).unwrap();
    assert!(
        summary.organisations >= 15,
        "the three of the article and a dozen more"
    );
    assert!(summary.media >= 55, "about 60 media: {}", summary.media);
    assert!(summary.borrowers >= 15, "about 15 borrowers");
    assert!(
        summary.copies > summary.media,
        "several copies of course books"
    );
    let all = kiz::catalogue::CatalogueStore::search_media(db, &Default::default()).unwrap();
    assert_eq!(all.total as usize, summary.media);
    for kind in db.read(|s| kiz::catalogue::media_kinds_in(s)).unwrap() {
        let page = kiz::catalogue::CatalogueStore::search_media(
            db,
            &kiz::catalogue::MediaQuery {
                kind_id: Some(kind.id),
                ..Default::default()
            },
        )
        .unwrap();
        assert!(
            page.total > 0,
            "every Mediengruppe has demo media: {}",
            kind.name
        );
    }
    let (count, _) = db
        .read(|s| kiz::people::search_borrowers_in(s, "", 0, 0))
        .unwrap();
    assert_eq!(count as usize, summary.borrowers);
    let overdue = db
        .read(|s| kiz::lending::overdue_loans_in(s, now().date(), &Default::default()))
        .unwrap();
    assert!(
        overdue.len() >= 2,
        "the overdue list has something to show: {}",
        overdue.len()
    );
    assert!(
        overdue.iter().any(|o| o.last_level == 1),
        "one loan had its first reminder"
    );
    let projects = db
        .read(|s| organisations::projects_in(s, &Default::default()))
        .unwrap();
    assert_eq!(projects.len(), 2, "two cooperation projects");
    let groups = db.read(|s| organisations::working_groups_in(s)).unwrap();
    let group = db
        .read(|s| organisations::working_group_in(s, groups[0].0, now().date()))
        .unwrap();
    let past = group
        .meetings
        .iter()
        .filter(|m| m.starts_at < now())
        .count();
    assert_eq!(past, 2, "two past meetings");
    assert!(
        group
            .next_meeting
            .as_ref()
            .is_some_and(|m| m.starts_at > now()),
        "and an upcoming one: {:?}",
        group.next_meeting
    );
    assert_eq!(group.open_actions.len(), 2);
    let reservations = db
        .read(|s| kiz::lending::reservations_in(s, &Default::default()))
        .unwrap();
    assert_eq!(reservations.len(), 1, "one reservation waits");
    let names: Vec<String> = db
        .read(|s| organisations::list_in(s))
        .unwrap()
        .into_iter()
        .map(|o| o.name)
        .collect();
    for expected in [
        "Kultur- und Bildungsverein Siegburg",
        "Marokkanischer Kulturverein Sankt Augustin",
        "Kurdische Gemeinschaft Rhein-Sieg/Bonn",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} missing from {names:?}"
        );
    }
    let institution = db.read(|s| settings::institution_in(s)).unwrap();
    assert_eq!(
        institution.name,
        "Kommunales Integrationszentrum Rhein-Sieg-Kreis"
    );
    assert_eq!(institution.city, "Siegburg");
    assert!(!db.read(|s| demo::is_empty_in(s)).unwrap());
}
on_both_engines!(demo_data_brings_the_three_organisations_of_the_article_and_the_institution);

fn a_database_with_only_borrowers_is_not_empty_and_gets_no_demo_data(db: &mut TestStore) {
    kiz::people::create_borrower(
        db,
        &kiz::people::BorrowerInput {
            name: "Echte Lehrkraft".into(),
            ..Default::default()
        },
        now(),
    )
    .unwrap();
    assert!(
        !db.read(|s| demo::is_empty_in(s)).unwrap(),
        "a real borrower is data"
    );
    assert_eq!(
        demo::load(db, now()).unwrap_err().code(),
        "demo_needs_empty_database"
    );
}
on_both_engines!(a_database_with_only_borrowers_is_not_empty_and_gets_no_demo_data);

fn demo_data_is_never_loaded_over_real_data(db: &mut TestStore) {
    demo::load(db, now()).unwrap();
    let before = db.read(|s| organisations::count_in(s)).unwrap();
    let err = demo::load(db, now()).expect_err("a second load would mix demo and real");
    assert_eq!(err.code(), "demo_needs_empty_database");
    assert_eq!(
        db.read(|s| organisations::count_in(s)).unwrap(),
        before,
        "nothing added twice"
    );
}
on_both_engines!(demo_data_is_never_loaded_over_real_data);

fn the_demo_ausbildungsboerse_has_eight_hosted_workshops_150_participants_and_waitlists(
    db: &mut TestStore,
) {
    use kiz::events;
    let summary = demo::load(db, now()).unwrap();
    assert_eq!(summary.participants, 150);
    let list = db.read(|s| events::events_in(s, false)).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].title, "Mehrsprachige Ausbildungsbörse 2026");
    assert_eq!(
        list[0].starts_on,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
        "the last Saturday of November"
    );
    let workshops = db.read(|s| events::workshops_in(s, list[0].id)).unwrap();
    assert_eq!(workshops.len(), 8);
    assert!(
        workshops.iter().all(|w| !w.hosts.is_empty()),
        "every workshop has a host"
    );
    assert!(workshops
        .iter()
        .any(|w| w.title == "Bewerbung schreiben – auf Deutsch und Arabisch"));
    let waiting: u32 = workshops.iter().map(|w| w.figures.waitlisted).sum();
    assert!(waiting > 0, "some on waitlists");
    assert!(
        workshops.iter().all(|w| w.figures.registered <= w.capacity),
        "the demo never overbooks"
    );
    assert_eq!(
        db.read(|s| events::event_in(s, list[0].id))
            .unwrap()
            .project_title
            .as_deref(),
        Some("Mehrsprachige Ausbildungsbörse"),
        "linked to the cooperation project"
    );
    let arabic = db
        .read(|s| events::find_participants_in(s, "محمد", 10))
        .unwrap();
    assert!(
        !arabic.is_empty() && arabic.iter().all(|p| p.name.contains("محمد")),
        "names in Arabic script, found by them: {arabic:?}"
    );
    assert_eq!(
        db.read(|s| events::figures_in(s, list[0].id))
            .unwrap()
            .total
            .attendance_rate,
        None,
        "before the fair nobody is checked in"
    );
}
on_both_engines!(
    the_demo_ausbildungsboerse_has_eight_hosted_workshops_150_participants_and_waitlists
);

fn demo_data_loaded_after_the_fair_records_attendance(db: &mut TestStore) {
    use kiz::events;
    let december = chrono::NaiveDate::from_ymd_opt(2026, 12, 10)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    demo::load(db, december).unwrap();
    let event = db.read(|s| events::events_in(s, false)).unwrap()[0].id;
    let totals = db.read(|s| events::figures_in(s, event)).unwrap().total;
    assert!(totals.present > 0 && totals.no_show > 0 && totals.walk_ins == 1);
    let rate = totals.attendance_rate.unwrap();
    assert!((70..=95).contains(&rate), "{rate}");
}
on_both_engines!(demo_data_loaded_after_the_fair_records_attendance);

/// Everything a store holds, as the full export writes it.
fn everything(store: &mut impl Engine) -> common::Sheets {
    common::sheets(
        &store
            .read_sql(export::workbook_in)
            .expect("the full export"),
    )
}

/// A shared database set up for training gets the same demo as a PC's
/// file: loaded after the fair (so check-in, the walk-in and the no-shows
/// run on the server too), it holds exactly what the file holds, its
/// search finds the same media, and a second load is refused there as well
/// and adds nothing.
#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn the_demo_loads_the_same_into_a_shared_database() {
    let december = chrono::NaiveDate::from_ymd_opt(2026, 12, 10)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    let mut file = test_db();
    let on_file = demo::load(&mut file, december).expect("the demo on the file");
    let cluster = cluster();
    let settings = cluster.fresh("kiz_t_demo_server");
    let mut server = Server::connect(&settings, &cluster.password).expect("connects");
    server.migrate().expect("the schema");
    assert!(server.read_sql(demo::is_empty_in).unwrap());
    let on_server = demo::load(&mut server, december).expect("the demo on the server");
    assert_eq!(on_server, on_file);
    assert!(on_server.participants > 0 && on_server.copies > on_server.media);
    let held = everything(&mut file);
    assert!(
        held.iter()
            .any(|(name, rows)| name == "Anmeldungen" && rows.len() > 150),
        "the export holds the fair's registrations: {:?}",
        held.iter().map(|(n, r)| (n, r.len())).collect::<Vec<_>>()
    );
    assert_eq!(everything(&mut server), held, "both hold the same");
    let mut found = 0;
    for text in ["", "deutsch", "turkce", "العربية", "spiel"] {
        let query = MediaQuery {
            text: text.into(),
            ..MediaQuery::default()
        };
        let page = server.search_media(&query).expect("searched");
        assert_eq!(page, file.search_media(&query).unwrap(), "{text}");
        found += page.total;
    }
    assert!(found > on_file.media as i64, "the searches find demo media");
    let refused = demo::load(&mut server, december).expect_err("not over data");
    assert_eq!(refused.code(), "demo_needs_empty_database");
    let media: i64 = server
        .read_sql(|sql| scalar(sql, "SELECT count(*) FROM medium", &[]))
        .unwrap();
    assert_eq!(media as usize, on_file.media, "nothing added twice");
}

/// Two PCs of a new shared database press "Demodaten laden" at the same
/// moment: the first write of the load claims the empty database, so one
/// loads the demo and the other is refused; nothing is there twice.
#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn two_pcs_loading_the_demo_at_once_fill_the_database_once() {
    let cluster = cluster();
    let settings = cluster.fresh("kiz_t_demo_race");
    Server::connect(&settings, &cluster.password)
        .expect("connects")
        .migrate()
        .expect("the schema");
    // A third connection holds the write lock until both PCs have found
    // the database empty and wait to write: the race, every time.
    let mut other = cluster.admin("kiz_t_demo_race");
    other
        .execute("SELECT pg_advisory_lock($1)", &[&WRITE_LOCK])
        .expect("the write lock");
    let answers: Vec<_> = std::thread::scope(|scope| {
        let loads: Vec<_> = (0..2)
            .map(|_| {
                let mut server = Server::connect(&settings, &cluster.password).expect("connects");
                scope.spawn(move || demo::load(&mut server, now()))
            })
            .collect();
        let waiting = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted";
        while other
            .query_one(waiting, &[])
            .expect("read")
            .get::<_, i64>(0)
            < 2
        {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        other
            .execute("SELECT pg_advisory_unlock($1)", &[&WRITE_LOCK])
            .expect("released");
        loads
            .into_iter()
            .map(|load| load.join().expect("no panic"))
            .collect()
    });
    let loaded: Vec<_> = answers.iter().filter_map(|a| a.as_ref().ok()).collect();
    let refused: Vec<_> = answers.iter().filter_map(|a| a.as_ref().err()).collect();
    assert_eq!((loaded.len(), refused.len()), (1, 1), "{answers:?}");
    assert_eq!(refused[0].code(), "demo_needs_empty_database");
    let on_file = demo::load(&mut test_db(), now()).expect("the demo on a file");
    assert_eq!(loaded[0], &on_file);
    assert_eq!(
        cluster.count("kiz_t_demo_race", "SELECT count(*) FROM medium") as usize,
        on_file.media,
        "every medium once"
    );
}

fn a_database_the_demo_is_being_loaded_into_is_not_empty(db: &mut TestStore) {
    // The first write of a load marks the database before its first record
    // is stored: a second PC asking then finds it taken.
    db.write_sql(|tx| {
        tx.run(
            "INSERT INTO app_setting (key, value) VALUES ('demo_loaded_at', '2026-12-10 09:00:00')",
            &[],
        )
    })
    .unwrap();
    assert!(!db.read(|s| demo::is_empty_in(s)).unwrap());
    let refused = demo::load(db, now()).unwrap_err();
    assert_eq!(refused.code(), "demo_needs_empty_database");
    let media: i64 = db
        .read_sql(|sql| scalar(sql, "SELECT count(*) FROM medium", &[]))
        .unwrap();
    assert_eq!(media, 0);
}
on_both_engines!(a_database_the_demo_is_being_loaded_into_is_not_empty);

#[test]
fn a_load_that_stops_before_its_first_record_can_be_tried_again() {
    // The institution's details cannot be written (a trigger stands in
    // for a server gone after the claim): the load fails, its claim is
    // taken back, and once the cause is gone the demo loads.
    let mut db = test_db();
    kiz::db::execute_batch_for_tests(
        &mut db,
        "CREATE TRIGGER no_institution BEFORE UPDATE ON institution
         BEGIN SELECT RAISE(ABORT, 'the institution is not written'); END;",
    )
    .unwrap();
    assert!(demo::load(&mut db, now()).is_err());
    assert!(demo::is_empty(&db).unwrap(), "the claim is taken back");
    kiz::db::execute_batch_for_tests(&mut db, "DROP TRIGGER no_institution").unwrap();
    let summary = demo::load(&mut db, now()).expect("loaded on the second try");
    assert!(summary.media > 0);
    assert!(!demo::is_empty(&db).unwrap());
}
