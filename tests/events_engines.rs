//! Registering for the Ausbildungsbörse on both engines: the seat or the
//! waitlist, the refusals, a cancellation that moves the first waiting up,
//! moving up by hand; written once above `kiz::db::engine`, run on the
//! file and on a server database moved from the same fixture, and the
//! race for the last seat with several PCs on the server.

mod common;
mod test_cluster;

use std::sync::{Arc, Barrier};

use common::{at, consent_given, fair_with_three_workshops, november, now, person, test_db};
use kiz::db::engine::{scalar, Engine, Value};
use kiz::db::server::Server;
use kiz::events::{
    self, ParticipantInput, Person, RegisterOptions, RegistrationStatus, WorkshopInput,
};
use kiz::privacy;
use kiz::{Db, Error};
use test_cluster::cluster;

/// What the fixture made, the same on both engines.
#[derive(Clone, Copy)]
struct Ids {
    /// "Bewerbung schreiben", 10:00–11:30, one seat and a waitlist.
    bewerbung: i64,
    /// "Pflegeberufe kennenlernen", 10:00–11:00 (overlaps Bewerbung).
    pflege: i64,
    /// "Ausbildung im Handwerk", 12:00–13:00, one seat and a waitlist.
    handwerk: i64,
    /// "Kfz-Mechatronik", 14:00–15:00, one seat, no waitlist.
    kfz: i64,
    zeynep: i64,
    omar: i64,
    amira: i64,
}

/// Desks racing for the last seat.
const DESKS: usize = 4;
/// Workshops of one seat without a waitlist for the race.
const RACES: usize = 5;

/// The Börse with its three workshops, one without a waitlist, the race
/// workshops, and three participants (plus one per desk for the race).
fn file() -> (Db, Ids) {
    let mut db = test_db();
    let (event, workshops) = fair_with_three_workshops(&mut db);
    let one_seat = |db: &mut Db, title: String, hour: u32| {
        events::create_workshop(
            db,
            event,
            &WorkshopInput {
                title,
                room: "Raum B".into(),
                starts_at: Some(at(november(20), hour, 0)),
                ends_at: Some(at(november(20), hour, 45)),
                capacity: 1,
                waitlist: false,
                languages: vec!["de".into(), "ar".into()],
                ..WorkshopInput::default()
            },
            now(),
        )
        .expect("a workshop")
    };
    let kfz = one_seat(&mut db, "Kfz-Mechatronik".into(), 14);
    for race in 0..RACES {
        one_seat(&mut db, format!("Rennen {race}"), 15 + race as u32);
    }
    let zeynep = person(&mut db, "Zeynep Kaya", &["tr", "de"]);
    let omar = person(&mut db, "Омар Сидиков", &["ru"]);
    let amira = person(&mut db, "أميرة حداد", &["ar"]);
    for desk in 0..DESKS {
        person(&mut db, &format!("Desk {desk}"), &["de"]);
    }
    let ids = Ids {
        bewerbung: workshops[0],
        pflege: workshops[1],
        handwerk: workshops[2],
        kfz,
        zeynep,
        omar,
        amira,
    };
    (db, ids)
}

fn register(
    store: &mut impl Engine,
    workshop: i64,
    participant: i64,
) -> kiz::Result<events::Registration> {
    events::register(
        store,
        workshop,
        participant,
        &RegisterOptions::default(),
        at(november(10), 9, 0),
    )
}

fn count(store: &mut impl Engine, text: &str, workshop: i64) -> i64 {
    store
        .read_sql(|sql| scalar(sql, text, &[Value::from(workshop)]))
        .expect("counted")
}

fn seats(store: &mut impl Engine, workshop: i64) -> i64 {
    count(
        store,
        "SELECT count(*) FROM registration WHERE workshop_id = ?1 AND status = 'angemeldet'",
        workshop,
    )
}

/// Seat, waitlist, the refusals, a cancellation and moving up by hand.
fn seats_and_the_waitlist(store: &mut impl Engine, ids: Ids) {
    let later = at(november(12), 16, 30);
    let zeynep = register(store, ids.bewerbung, ids.zeynep).expect("a seat");
    assert_eq!(zeynep.status, RegistrationStatus::Angemeldet);
    assert_eq!(zeynep.participant_name, "Zeynep Kaya");
    assert_eq!(zeynep.waitlist_position, None);
    let omar = register(store, ids.bewerbung, ids.omar).expect("waiting");
    assert_eq!(
        (omar.status, omar.waitlist_position),
        (RegistrationStatus::Warteliste, Some(1))
    );
    let amira = register(store, ids.bewerbung, ids.amira).expect("waiting");
    assert_eq!(amira.participant_name, "أميرة حداد");
    assert_eq!(amira.waitlist_position, Some(2));

    // Refused, and nothing stored.
    let all = "SELECT count(*) FROM registration WHERE workshop_id <> ?1";
    let before = count(store, all, ids.kfz);
    assert!(matches!(
        register(store, ids.bewerbung, ids.zeynep),
        Err(Error::AlreadyRegistered)
    ));
    assert!(matches!(
        register(store, ids.pflege, ids.zeynep),
        Err(Error::SlotOverlaps { workshop }) if workshop == "Bewerbung schreiben"
    ));
    assert!(matches!(
        register(store, ids.bewerbung, 999_999),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        register(store, 999_999, ids.zeynep),
        Err(Error::NotFound { .. })
    ));
    assert_eq!(count(store, all, ids.kfz), before);
    register(store, ids.kfz, ids.zeynep).expect("the only seat");
    assert!(matches!(
        register(store, ids.kfz, ids.omar),
        Err(Error::WorkshopFull)
    ));
    assert_eq!(
        count(
            store,
            "SELECT count(*) FROM registration WHERE workshop_id = ?1",
            ids.kfz
        ),
        1
    );

    // Zeynep cancels: Omar, first on the waitlist, gets her seat.
    let moved = events::cancel(store, zeynep.id, later).expect("cancelled");
    assert_eq!(
        moved
            .iter()
            .map(|m| (
                m.registration_id,
                m.participant_name.as_str(),
                m.workshop_title.as_str()
            ))
            .collect::<Vec<_>>(),
        [(omar.id, "Омар Сидиков", "Bewerbung schreiben")]
    );
    assert_eq!(seats(store, ids.bewerbung), 1);
    assert!(matches!(
        events::cancel(store, 999_999, later),
        Err(Error::NotFound { .. })
    ));

    // Staff move Amira up by hand, over the capacity; Omar is not waiting.
    let amira = events::move_up(store, amira.id, later).expect("moved up");
    assert_eq!(amira.status, RegistrationStatus::Angemeldet);
    assert!(amira.moved_up_at.is_some());
    assert_eq!(seats(store, ids.bewerbung), 2);
    assert!(matches!(
        events::move_up(store, omar.id, later),
        Err(Error::NotOnWaitlist)
    ));

    // Zeynep comes back: the workshop is full, so she waits.
    let again = register(store, ids.bewerbung, ids.zeynep).expect("waiting again");
    assert_eq!(again.id, zeynep.id, "the same registration");
    assert_eq!(
        (again.status, again.waitlist_position),
        (RegistrationStatus::Warteliste, Some(1))
    );
}

#[test]
fn seats_and_the_waitlist_go_the_same_on_the_file() {
    let (mut file, ids) = file();
    seats_and_the_waitlist(&mut file, ids);
}

#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn seats_and_the_waitlist_go_the_same_on_the_server() {
    let (file, ids) = file();
    let (mut server, _) = cluster().moved(&file, "kiz_t_events_waitlist");
    seats_and_the_waitlist(&mut server, ids);
}

fn people(store: &mut impl Engine) -> i64 {
    store
        .read_sql(|sql| scalar(sql, "SELECT count(*) FROM participant", &[]))
        .expect("counted")
}

/// A stored text of participant `id` (a column of `participant`).
fn stored(store: &mut impl Engine, column: &str, id: i64) -> Option<String> {
    store
        .read_sql(|sql| {
            scalar(
                sql,
                &format!("SELECT {column} FROM participant WHERE id = ?1"),
                &[Value::from(id)],
            )
        })
        .expect("read")
}

/// New people registered at the desk in one step (the person stored with
/// the registration, or not at all), and a participant corrected.
fn new_people_at_the_desk(store: &mut impl Engine, ids: Ids) {
    let ten = at(november(10), 10, 0);
    let before = people(store);
    let hevi = ParticipantInput {
        name: " Hêvî Ronahî ".into(),
        birth_year: Some(2008),
        languages: vec!["ku".into(), "de".into(), "ku".into()],
        consent: consent_given(2026, 11, 3),
        photo_consent: true,
        ..ParticipantInput::default()
    };
    let registered = events::register_person(
        store,
        ids.handwerk,
        &Person::New(Box::new(hevi.clone())),
        &RegisterOptions::default(),
        ten,
    )
    .expect("registered");
    assert_eq!(registered.status, RegistrationStatus::Angemeldet);
    assert_eq!(registered.participant_name, "Hêvî Ronahî");
    let id = registered.participant_id;
    assert_eq!(people(store), before + 1);
    assert_eq!(
        stored(store, "photo_consent_on", id).as_deref(),
        Some("2026-11-03"),
        "photo consent dated as the form's consent, not the day of entry"
    );
    assert!(stored(store, "photo_consent_version", id).is_some());
    let languages = |store: &mut _| {
        count(
            store,
            "SELECT count(*) FROM participant_language WHERE participant_id = ?1",
            id,
        )
    };
    assert_eq!(languages(store), 2);

    // Refused: without consent, and a full workshop without a waitlist;
    // the new person is not stored either time.
    let without_consent = ParticipantInput {
        consent: None,
        ..hevi.clone()
    };
    assert!(matches!(
        events::register_person(
            store,
            ids.kfz,
            &Person::New(Box::new(without_consent)),
            &RegisterOptions::default(),
            ten
        ),
        Err(Error::ConsentRequired)
    ));
    events::register_person(
        store,
        ids.kfz,
        &Person::Existing(id),
        &RegisterOptions::default(),
        ten,
    )
    .expect("the only seat");
    let latecomer = ParticipantInput {
        name: "Jean Dupont".into(),
        ..hevi.clone()
    };
    assert!(matches!(
        events::register_person(
            store,
            ids.kfz,
            &Person::New(Box::new(latecomer)),
            &RegisterOptions::default(),
            ten
        ),
        Err(Error::WorkshopFull)
    ));
    assert!(matches!(
        events::register_person(
            store,
            ids.kfz,
            &Person::Existing(999_999),
            &RegisterOptions::default(),
            ten
        ),
        Err(Error::NotFound { .. })
    ));
    assert_eq!(people(store), before + 1);

    // Corrected: the name, one language, the photo consent withdrawn.
    let corrected = ParticipantInput {
        name: "Hêvî Ronahî Kaya".into(),
        languages: vec!["ku".into()],
        photo_consent: false,
        ..hevi.clone()
    };
    events::update_participant(store, id, &corrected, ten).expect("corrected");
    assert_eq!(
        stored(store, "name", id).as_deref(),
        Some("Hêvî Ronahî Kaya")
    );
    assert_eq!(stored(store, "photo_consent_on", id), None);
    assert_eq!(languages(store), 1);
    assert!(matches!(
        events::update_participant(store, 999_999, &corrected, ten),
        Err(Error::NotFound { .. })
    ));
    let nameless = ParticipantInput {
        name: "  ".into(),
        ..corrected
    };
    assert!(matches!(
        events::update_participant(store, id, &nameless, ten),
        Err(Error::Required { field: "name" })
    ));
}

#[test]
fn new_people_at_the_desk_go_the_same_on_the_file() {
    let (mut file, ids) = file();
    new_people_at_the_desk(&mut file, ids);
}

#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn new_people_at_the_desk_go_the_same_on_the_server() {
    let (file, ids) = file();
    let (mut server, _) = cluster().moved(&file, "kiz_t_events_people");
    new_people_at_the_desk(&mut server, ids);
}

#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn desks_racing_for_the_last_seat_give_it_once() {
    let (file, _) = file();
    let (mut server, settings) = cluster().moved(&file, "kiz_t_events_race");
    let mut id_of = |sql: &str, name: String| -> i64 {
        server
            .read_sql(|q| scalar(q, sql, &[Value::from(name)]))
            .expect("an id")
    };
    let races: Vec<i64> = (0..RACES)
        .map(|race| {
            id_of(
                "SELECT id FROM workshop WHERE title = ?1",
                format!("Rennen {race}"),
            )
        })
        .collect();
    let desks: Vec<i64> = (0..DESKS)
        .map(|desk| {
            id_of(
                "SELECT id FROM participant WHERE name = ?1",
                format!("Desk {desk}"),
            )
        })
        .collect();
    // Connected before the threads start, and nothing in a thread panics:
    // a desk that failed would leave the others waiting at the barrier.
    let barrier = Arc::new(Barrier::new(DESKS));
    let threads: Vec<_> = desks
        .into_iter()
        .map(|participant| {
            let mut desk = Server::connect(&settings, &cluster().password).expect("connects");
            let (barrier, races) = (barrier.clone(), races.clone());
            std::thread::spawn(move || {
                let mut told = Vec::new();
                for workshop in races {
                    barrier.wait();
                    told.push(register(&mut desk, workshop, participant));
                }
                told
            })
        })
        .collect();
    let mut given = 0;
    for thread in threads {
        for told in thread.join().expect("a desk") {
            match told {
                Ok(r) => {
                    assert_eq!(r.status, RegistrationStatus::Angemeldet);
                    given += 1;
                }
                Err(Error::WorkshopFull) => {}
                Err(other) => panic!("unexpected: {other:?}"),
            }
        }
    }
    assert_eq!(given, RACES, "one seat per workshop, told to one desk");
    for workshop in races {
        assert_eq!(seats(&mut server, workshop), 1);
        assert_eq!(
            count(
                &mut server,
                "SELECT count(*) FROM registration WHERE workshop_id = ?1",
                workshop
            ),
            1,
            "the refused registrations stored nothing"
        );
    }
}

/// The retention rule for participants, on either engine: after the
/// event and the kept days (90 by default) a participant is anonymised
/// (name, contact and photo consent gone, the registration kept for the
/// figures), once, with one log line.
fn participants_after_the_event(store: &mut impl Engine, ids: Ids) {
    register(store, ids.bewerbung, ids.zeynep).expect("registered");
    let all = usize::try_from(people(store)).unwrap();
    let anonymised = |store: &mut _| {
        store_count(
            store,
            "SELECT count(*) FROM participant WHERE anonymised_on IS NOT NULL",
        )
    };
    // Everyone was entered on 12 November, the Börse is on 20 November.
    let early = privacy::run_automatic_on(store, at(common::day(2027, 2, 9), 8, 0)).expect("ran");
    assert_eq!(
        early,
        [
            (privacy::Rule::LoanLink, 0),
            (privacy::Rule::Participant, 0)
        ]
    );
    assert_eq!(anonymised(store), 0);
    let done = privacy::run_automatic_on(store, at(common::day(2027, 3, 1), 8, 0)).expect("ran");
    assert_eq!(
        done,
        [
            (privacy::Rule::LoanLink, 0),
            (privacy::Rule::Participant, all)
        ]
    );
    assert_eq!(anonymised(store), i64::try_from(all).unwrap());
    assert_eq!(
        stored(store, "name", ids.zeynep).as_deref(),
        Some("Anonymisiert")
    );
    assert_eq!(stored(store, "email", ids.zeynep).as_deref(), Some(""));
    assert_eq!(
        count(
            store,
            "SELECT count(*) FROM registration WHERE workshop_id = ?1",
            ids.bewerbung
        ),
        1,
        "the registration stays for the figures"
    );
    assert_eq!(
        store_count(
            store,
            "SELECT CAST(sum(records) AS BIGINT) FROM deletion_log WHERE rule = 'participant_after_event'"
        ),
        i64::try_from(all).unwrap()
    );
    let again = privacy::run_automatic_on(store, at(common::day(2027, 3, 2), 8, 0)).expect("ran");
    assert_eq!(
        again,
        [
            (privacy::Rule::LoanLink, 0),
            (privacy::Rule::Participant, 0)
        ]
    );
}

fn store_count(store: &mut impl Engine, text: &str) -> i64 {
    store
        .read_sql(|sql| scalar(sql, text, &[]))
        .expect("counted")
}

#[test]
fn participants_after_the_event_go_the_same_on_the_file() {
    let (mut file, ids) = file();
    participants_after_the_event(&mut file, ids);
}

#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn participants_after_the_event_go_the_same_on_the_server() {
    let (file, ids) = file();
    let (mut server, _) = cluster().moved(&file, "kiz_t_events_retention");
    participants_after_the_event(&mut server, ids);
}
