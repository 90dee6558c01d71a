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
    events::update_participant(store, id, &corrected, ten, "BUERO-2").expect("corrected");
    assert_eq!(
        stored(store, "name", id).as_deref(),
        Some("Hêvî Ronahî Kaya")
    );
    assert_eq!(stored(store, "photo_consent_on", id), None);
    assert_eq!(languages(store), 1);
    assert!(matches!(
        events::update_participant(store, 999_999, &corrected, ten, "BUERO-2"),
        Err(Error::NotFound { .. })
    ));
    let nameless = ParticipantInput {
        name: "  ".into(),
        ..corrected
    };
    assert!(matches!(
        events::update_participant(store, id, &nameless, ten, "BUERO-2"),
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

/// The day of the fair, as the laptop at the entrance works it, on either
/// engine: check-in by the code on the confirmation (twice: the second
/// says since when), a code of another workshop and an unknown one, a
/// walk-in into a full workshop (refused, then allowed by staff), undoing a
/// check-in, the rest marked as not present; then everything the pages
/// and printouts read. Returns what each step and each read gave, for the
/// comparison of the two engines.
fn the_day_of_the_fair(store: &mut impl Engine, ids: Ids) -> Vec<String> {
    let mut told = Vec::new();
    let day = at(november(20), 9, 45);
    let zeynep = register(store, ids.bewerbung, ids.zeynep).expect("a seat");
    let omar = register(store, ids.bewerbung, ids.omar).expect("waiting");
    assert_eq!(omar.status, RegistrationStatus::Warteliste);
    let amira = register(store, ids.kfz, ids.amira).expect("the last seat");

    let first = events::check_in_by_code(store, ids.bewerbung, &zeynep.code, false, day)
        .expect("checked in");
    assert_eq!(first.registration.status, RegistrationStatus::Teilgenommen);
    assert_eq!(first.already_present_since, None);
    let again = events::check_in_by_code(
        store,
        ids.bewerbung,
        &zeynep.code.to_lowercase(),
        false,
        at(november(20), 9, 50),
    )
    .expect("again");
    assert_eq!(again.already_present_since, Some(day));
    let other = events::check_in_by_code(store, ids.kfz, &zeynep.code, false, day);
    assert!(
        matches!(&other, Err(Error::RegistrationOtherWorkshop { workshop }) if workshop == "Bewerbung schreiben"),
        "{other:?}"
    );
    let unknown = events::check_in_by_code(store, ids.kfz, "KIZ-ANM-999999", false, day);
    assert!(
        matches!(unknown, Err(Error::UnknownRegistrationCode { .. })),
        "{unknown:?}"
    );
    told.push(format!("{first:?} {again:?} {other:?} {unknown:?}"));

    let lena = Person::New(Box::new(ParticipantInput {
        name: "Lena Schulz".into(),
        languages: vec!["de".into()],
        consent: consent_given(2026, 11, 20),
        ..ParticipantInput::default()
    }));
    // What staff typed is checked before the question of a seat.
    let nameless = Person::New(Box::new(ParticipantInput {
        consent: consent_given(2026, 11, 20),
        ..ParticipantInput::default()
    }));
    let unnamed = events::walk_in(store, ids.kfz, &nameless, false, day);
    assert!(
        matches!(unnamed, Err(Error::Required { field: "name" })),
        "{unnamed:?}"
    );
    let full = events::walk_in(store, ids.kfz, &lena, false, day);
    assert!(
        matches!(full, Err(Error::CapacityExceeded { capacity: 1 })),
        "{full:?}"
    );
    assert_eq!(
        store_count(
            store,
            "SELECT count(*) FROM participant WHERE name = 'Lena Schulz'"
        ),
        0,
        "a refused walk-in stores nobody"
    );
    let walked = events::walk_in(store, ids.kfz, &lena, true, day).expect("let in by staff");
    assert!(walked.walk_in);
    assert_eq!(walked.status, RegistrationStatus::Teilgenommen);
    let undone = events::undo_check_in(store, first.registration.id).expect("undone");
    assert_eq!(undone.status, RegistrationStatus::Angemeldet);
    events::check_in(store, first.registration.id, false, at(november(20), 10, 0))
        .expect("in again");
    let no_shows = events::mark_no_shows(store, ids.kfz).expect("marked");
    assert_eq!(no_shows, 1, "Amira did not come");
    told.push(format!("{walked:?} {undone:?} {no_shows} {amira:?}"));

    // What the pages read.
    let event = store
        .read_sql(|sql| {
            scalar::<i64>(
                sql,
                "SELECT event_id FROM workshop WHERE id = ?1",
                &[Value::from(ids.bewerbung)],
            )
        })
        .expect("the event");
    let pages = store
        .read_sql(|sql| {
            let mut read = vec![
                format!("{:?}", events::events_in(sql, true)?),
                format!("{:?}", events::event_in(sql, event)?),
                format!("{:?}", events::workshops_in(sql, event)?),
                format!("{:?}", events::figures_in(sql, event)?),
                format!("{:?}", events::workshop_in(sql, ids.bewerbung)?),
                format!("{:?}", events::registrations_in(sql, ids.bewerbung)?),
                format!("{:?}", events::participant_in(sql, ids.zeynep)?),
                format!(
                    "{:?}",
                    events::participant_registrations_in(sql, ids.zeynep)?
                ),
                format!("{:?}", events::find_participants_in(sql, "kaya", 20)?),
                format!("{:?}", events::find_participants_in(sql, "", 3)?),
                format!("{:?}", events::event_list_in(sql, event)?),
                format!("{:?}", events::confirmation_in(sql, omar.id)?),
                format!("{:?}", events::facilitator_choices_in(sql)?),
            ];
            for sort in [
                "name:asc",
                "name:desc",
                "status:asc",
                "status:desc",
                "school:asc",
                "code:desc",
            ] {
                for workshop in [ids.bewerbung, ids.kfz] {
                    let page = events::registration_page_in(
                        sql,
                        workshop,
                        Some(sort),
                        kiz::lists::Paging {
                            offset: 0,
                            limit: 50,
                        },
                    )?;
                    read.push(format!("{sort} {page:?}"));
                }
            }
            Ok(read)
        })
        .expect("the pages read");
    let figures = store
        .read_sql(|sql| events::figures_in(sql, event))
        .expect("figures");
    assert!(figures.total.registered >= 2, "{figures:?}");
    told.extend(pages);
    told
}

#[test]
fn the_day_of_the_fair_goes_the_same_on_the_file() {
    let (mut file, ids) = file();
    let told = the_day_of_the_fair(&mut file, ids);
    // The readers on the file give what the file's own functions give.
    let page = events::registration_page(
        &file,
        ids.bewerbung,
        Some("status:asc"),
        kiz::lists::Paging {
            offset: 0,
            limit: 50,
        },
    )
    .expect("a page");
    assert!(told.contains(&format!("status:asc {page:?}")));
    assert_eq!(page.rows[0].participant_name, "Zeynep Kaya");
    assert_eq!(page.rows[1].participant_name, "Омар Сидиков");
}

/// The same day from the same data on the server: every answer and every
/// read the same, and the printouts of the day (participant lists as PDF
/// and CSV, the programme, a confirmation, the certificates, the name
/// badges) read the same from both.
#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn the_day_of_the_fair_goes_the_same_on_the_server() {
    use kiz::documents::participants::ListColumn;
    use kiz::documents::{render, render_in, DocumentRequest, EventDocument, Scope};

    let (mut file, ids) = file();
    let (mut server, _) = cluster().moved(&file, "kiz_t_events_fair_day");
    let on_file = the_day_of_the_fair(&mut file, ids);
    let on_server = the_day_of_the_fair(&mut server, ids);
    assert_eq!(on_server, on_file);

    let event = store_count(&mut file, "SELECT min(event_id) FROM workshop");
    let omar: i64 = store_count(
        &mut file,
        "SELECT min(r.id) FROM registration AS r JOIN participant AS p ON p.id = r.participant_id
         WHERE p.name = 'Омар Сидиков'",
    );
    let context = common::printing_at(at(november(20), 17, 0));
    let text = |bytes: &[u8]| common::poppler("pdftotext", &["-layout"], bytes);
    let columns = ListColumn::DEFAULT.to_vec();
    for document in [
        EventDocument::ParticipantList {
            scope: Scope::Workshop(ids.bewerbung),
            columns: columns.clone(),
            empty_rows: 2,
        },
        EventDocument::ParticipantList {
            scope: Scope::Event(event),
            columns: columns.clone(),
            empty_rows: 0,
        },
        EventDocument::ParticipantSheet {
            scope: Scope::Event(event),
            columns: columns.clone(),
            csv: true,
        },
        EventDocument::Programme { event_id: event },
        EventDocument::Confirmation {
            registration_id: omar,
        },
        EventDocument::Certificates {
            workshop_id: ids.bewerbung,
        },
        EventDocument::Badges {
            scope: Scope::Event(event),
            sheet: kiz::documents::labels::LabelSheet::ThreeByEight,
            start: 1,
        },
    ] {
        let request = DocumentRequest::Event(document);
        let from_file = render(&file, &request, &context).expect("printed from the file");
        let from_server = server
            .read_sql(|sql| render_in(sql, &request, &context))
            .expect("printed from the server");
        assert_eq!(from_file.file_name, from_server.file_name, "{request:?}");
        if from_file.file_name.ends_with(".csv") {
            assert_eq!(from_file.bytes, from_server.bytes);
            let csv = String::from_utf8_lossy(&from_file.bytes);
            assert!(
                csv.contains("Zeynep Kaya") && csv.contains("Lena Schulz"),
                "{csv}"
            );
        } else {
            let shown = text(&from_server.bytes);
            assert_eq!(text(&from_file.bytes), shown, "{request:?}");
            assert!(!shown.trim().is_empty());
        }
    }
}

/// The office prepares an evening on either engine: an event and its
/// workshop with the refusals (no title, a room taken, outside the
/// event's days, days that no longer hold a workshop), a change, the
/// capacity lowered and raised again (the waitlist moving up), deleting
/// refused while anyone registered, archiving, and deleting an empty
/// event. Returns every answer, for the comparison of the two engines.
fn preparing_an_evening(store: &mut impl Engine, ids: Ids) -> Vec<String> {
    let now = at(november(12), 14, 0);
    let day = november(27);
    let evening = |title: &str| events::EventInput {
        kind: events::EventKind::Informationsabend,
        title: title.into(),
        starts_on: Some(day),
        ends_on: Some(day),
        venue: "Kreishaus Siegburg".into(),
        rooms: vec!["Raum C".into()],
        ..events::EventInput::default()
    };
    let untitled = events::create_event(store, &evening("  "), now);
    assert!(
        matches!(untitled, Err(Error::Required { field: "title" })),
        "{untitled:?}"
    );
    let event =
        events::create_event(store, &evening("Infoabend Ausbildung"), now).expect("an event");
    let talk = |title: &str, from: u32, to: u32| WorkshopInput {
        title: title.into(),
        room: "Raum C".into(),
        starts_at: Some(at(day, from, 0)),
        ends_at: Some(at(day, to, 0)),
        capacity: 2,
        waitlist: true,
        languages: vec!["de".into(), "uk".into()],
        ..WorkshopInput::default()
    };
    let workshop = events::create_workshop(store, event, &talk("Duale Ausbildung", 17, 18), now)
        .expect("a workshop");
    let taken = events::create_workshop(store, event, &talk("Studium", 17, 19), now);
    assert!(matches!(taken, Err(Error::RoomTaken { .. })), "{taken:?}");
    let outside = events::create_workshop(
        store,
        event,
        &WorkshopInput {
            starts_at: Some(at(november(28), 17, 0)),
            ends_at: Some(at(november(28), 18, 0)),
            ..talk("Am Tag danach", 17, 18)
        },
        now,
    );
    assert!(
        matches!(outside, Err(Error::OutsideEventDays { .. })),
        "{outside:?}"
    );
    let moved = events::update_event(
        store,
        event,
        &events::EventInput {
            starts_on: Some(november(30)),
            ends_on: Some(november(30)),
            ..evening("Infoabend Ausbildung")
        },
        now,
        "BUERO-2",
    );
    assert!(
        matches!(&moved, Err(Error::EventDaysExcludeWorkshop { workshop }) if workshop == "Duale Ausbildung"),
        "{moved:?}"
    );
    events::update_workshop(
        store,
        workshop,
        &talk("Duale Ausbildung im Kreis", 17, 18),
        now,
        "BUERO-2",
    )
    .expect("changed");
    for person in [ids.zeynep, ids.omar, ids.amira] {
        register(store, workshop, person).expect("registered");
    }
    let too_few = events::set_capacity(store, workshop, 1, &[], now, None, "");
    assert!(
        matches!(
            too_few,
            Err(Error::CapacityBelowRegistered {
                registered: 2,
                capacity: 1
            })
        ),
        "{too_few:?}"
    );
    let seats = store
        .read_sql(|sql| events::registrations_in(sql, workshop))
        .expect("registrations");
    let lowered =
        events::set_capacity(store, workshop, 1, &[seats[1].id], now, None, "").expect("lowered");
    let raised = events::set_capacity(store, workshop, 3, &[], now, None, "").expect("raised");
    assert_eq!(raised.len(), 2, "both waiting move up: {raised:?}");
    // The seats changed on a page read before another PC saved the
    // workshop: refused naming that PC, the seats stay.
    let shown = store
        .read_sql(|sql| events::workshop_in(sql, workshop))
        .expect("the workshop")
        .saved
        .version;
    events::set_capacity(store, workshop, 4, &[], now, Some(shown), "BUERO-2")
        .expect("more seats from the page");
    match events::set_capacity(store, workshop, 2, &[], now, Some(shown), "THEKE-1") {
        Err(Error::ChangedMeanwhile { by, what, at }) => {
            assert_eq!(
                (by.as_str(), what, at),
                ("BUERO-2", kiz::Record::Workshop, now)
            );
        }
        other => panic!("seats changed meanwhile are not overwritten: {other:?}"),
    }
    let after = store
        .read_sql(|sql| events::workshop_in(sql, workshop))
        .expect("the workshop");
    assert_eq!(
        (after.capacity, after.saved.version),
        (4, shown + 1),
        "the refused change stored nothing"
    );
    let refused = (
        events::delete_workshop(store, workshop),
        events::delete_event(store, event),
    );
    assert!(
        matches!(
            refused.0,
            Err(Error::WorkshopHasRegistrations { registrations: 3 })
        ),
        "{refused:?}"
    );
    assert!(
        matches!(
            refused.1,
            Err(Error::EventHasRegistrations { registrations: 3 })
        ),
        "{refused:?}"
    );
    events::archive_event(store, event, true, november(28)).expect("archived");
    let current = store
        .read_sql(|sql| events::events_in(sql, false))
        .expect("events");
    assert!(current.iter().all(|e| e.id != event));
    let all = store
        .read_sql(|sql| events::events_in(sql, true))
        .expect("events");
    assert!(all.iter().any(|e| e.id == event && e.archived));
    events::archive_event(store, event, false, november(28)).expect("back");
    let empty = events::create_event(store, &evening("Entwurf"), now).expect("an event");
    let draft =
        events::create_workshop(store, empty, &talk("Entwurf", 19, 20), now).expect("a workshop");
    events::delete_workshop(store, draft).expect("deleted");
    events::delete_event(store, empty).expect("deleted");
    let gone = events::delete_event(store, empty);
    assert!(matches!(gone, Err(Error::NotFound { .. })), "{gone:?}");
    let read = store
        .read_sql(|sql| {
            Ok(format!(
                "{:?} {:?} {:?}",
                events::event_in(sql, event)?,
                events::workshop_in(sql, workshop)?,
                events::registrations_in(sql, workshop)?
            ))
        })
        .expect("read");
    vec![
        format!("{untitled:?} {event} {workshop} {taken:?} {outside:?} {moved:?}"),
        format!("{too_few:?} {lowered:?} {raised:?} {refused:?} {gone:?}"),
        format!("{current:?} {all:?}"),
        read,
    ]
}

#[test]
fn preparing_an_evening_goes_the_same_on_the_file() {
    let (mut file, ids) = file();
    let told = preparing_an_evening(&mut file, ids);
    assert_eq!(told.len(), 4);
}

#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn preparing_an_evening_goes_the_same_on_the_server() {
    let (mut file, ids) = file();
    let (mut server, _) = cluster().moved(&file, "kiz_t_events_evening");
    let on_file = preparing_an_evening(&mut file, ids);
    let on_server = preparing_an_evening(&mut server, ids);
    assert_eq!(on_server, on_file);
}

/// The forms of Veranstaltungen on two PCs, on either engine: the event,
/// a workshop and a participant are opened on both; the desk's save goes
/// through, the office's save from the same version is refused, naming
/// the desk and the time, and stores nothing; filled again, it saves. A
/// write that is not a form (no version) is not checked but moves the
/// version on.
fn forms_of_the_fair_on_two_pcs(store: &mut impl Engine, ids: Ids) {
    let nine = at(november(12), 9, 0);
    let ten = at(november(12), 10, 42);
    let event_id = store_count(store, "SELECT min(event_id) FROM workshop");
    let refused = |result: kiz::Result<()>, what: kiz::error::Record| match result {
        Err(Error::ChangedMeanwhile { what: w, at, by }) => {
            assert_eq!((w, at, by.as_str()), (what, nine, "THEKE"));
        }
        other => panic!("refused as changed meanwhile, not {other:?}"),
    };

    // The event.
    let event = store
        .read_sql(|sql| events::event_in(sql, event_id))
        .expect("the event");
    let form = |title: &str, version: i64| events::EventInput {
        kind: event.kind,
        title: title.into(),
        starts_on: Some(event.starts_on),
        ends_on: Some(event.ends_on),
        venue: event.venue.clone(),
        rooms: event.rooms.clone(),
        version: Some(version),
        ..events::EventInput::default()
    };
    let v = event.saved.version;
    events::update_event(
        store,
        event_id,
        &form("Börse 2026 (Theke)", v),
        nine,
        "THEKE",
    )
    .expect("the desk saves");
    refused(
        events::update_event(
            store,
            event_id,
            &form("Börse 2026 (Büro)", v),
            ten,
            "BUERO-2",
        ),
        kiz::error::Record::Event,
    );
    let now = store
        .read_sql(|sql| events::event_in(sql, event_id))
        .expect("the event");
    assert_eq!(
        now.title, "Börse 2026 (Theke)",
        "nothing of the office's stored"
    );
    assert_eq!((now.saved.version, now.saved.by.as_str()), (v + 1, "THEKE"));
    events::update_event(
        store,
        event_id,
        &form("Börse 2026", now.saved.version),
        ten,
        "BUERO-2",
    )
    .expect("the office saves after reloading");

    // A workshop.
    let workshop = store
        .read_sql(|sql| events::workshop_in(sql, ids.bewerbung))
        .expect("the workshop");
    let form = |room: &str, version: Option<i64>| WorkshopInput {
        title: workshop.title.clone(),
        room: room.into(),
        starts_at: Some(workshop.starts_at),
        ends_at: Some(workshop.ends_at),
        capacity: workshop.capacity,
        waitlist: workshop.waitlist,
        languages: workshop.languages.clone(),
        version,
        ..WorkshopInput::default()
    };
    let v = workshop.saved.version;
    events::update_workshop(
        store,
        ids.bewerbung,
        &form("Raum A", Some(v)),
        nine,
        "THEKE",
    )
    .expect("the desk saves");
    refused(
        events::update_workshop(
            store,
            ids.bewerbung,
            &form("Raum D", Some(v)),
            ten,
            "BUERO-2",
        ),
        kiz::error::Record::Workshop,
    );
    // An import-like write: not checked, but the version moves on.
    events::update_workshop(store, ids.bewerbung, &form("Raum A", None), ten, "")
        .expect("not checked");
    let now = store
        .read_sql(|sql| events::workshop_in(sql, ids.bewerbung))
        .expect("the workshop");
    assert_eq!((now.room.as_str(), now.saved.version), ("Raum A", v + 2));

    // A participant.
    let zeynep = store
        .read_sql(|sql| events::participant_in(sql, ids.zeynep))
        .expect("Zeynep");
    let form = |school: &str, version: i64| ParticipantInput {
        name: zeynep.name.clone(),
        languages: zeynep.languages.clone(),
        school: school.into(),
        consent: Some(zeynep.consent.clone()),
        version: Some(version),
        ..ParticipantInput::default()
    };
    let v = zeynep.saved.version;
    events::update_participant(
        store,
        ids.zeynep,
        &form("Gesamtschule Siegburg", v),
        nine,
        "THEKE",
    )
    .expect("the desk saves");
    refused(
        events::update_participant(store, ids.zeynep, &form("Realschule", v), ten, "BUERO-2"),
        kiz::error::Record::Participant,
    );
    let now = store
        .read_sql(|sql| events::participant_in(sql, ids.zeynep))
        .expect("Zeynep");
    assert_eq!(now.school, "Gesamtschule Siegburg");
    assert_eq!((now.saved.version, now.saved.by.as_str()), (v + 1, "THEKE"));
    let missing = events::update_participant(store, 999_999, &form("x", 1), ten, "BUERO-2");
    assert!(
        matches!(missing, Err(Error::NotFound { .. })),
        "{missing:?}"
    );
}

#[test]
fn forms_of_the_fair_on_two_pcs_go_the_same_on_the_file() {
    let (mut file, ids) = file();
    forms_of_the_fair_on_two_pcs(&mut file, ids);
}

#[test]
#[cfg_attr(windows, ignore = "the test cluster runs on Linux only")]
fn forms_of_the_fair_on_two_pcs_go_the_same_on_the_server() {
    let (file, ids) = file();
    let (mut server, _) = cluster().moved(&file, "kiz_t_events_forms");
    forms_of_the_fair_on_two_pcs(&mut server, ids);
}
